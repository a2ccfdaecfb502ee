/*
 * snmpx_walk against a real snmpd on 127.0.0.1 serving a known table through
 * t/pp_table.pl: GETNEXT (v1) and GETBULK (v2c, v3) return exactly the rows in order;
 * the row and time bounds, a callback that stops, empty and missing subtrees, silence.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fixture_snmpd.h"
#include "mono.h"
#include "rrdcached.h"
#include "snmpx.h"

#define ENT "1.3.6.1.4.1.99999"
#define ROWS 50

static struct fx_snmpd agent;
static char tmpdir[64];

/* What a walk handed to the callback. */
struct seen {
	size_t n, stop_after;
	struct snmpx_value v[ROWS + 10];
};

static int collect(void *ctx, const struct snmpx_value *v)
{
	struct seen *s = ctx;

	if (s->n < sizeof(s->v) / sizeof(s->v[0]))
		s->v[s->n] = *v;
	s->n++;
	return s->stop_after > 0 && s->n >= s->stop_after;
}

/*
 * The table: ENT.1.i = INTEGER 7*i for i = 1..50, ENT.2.j = "b<j>" for j = 1..3,
 * ENT.4.1 after an empty ENT.3, so every walk has neighbours on both sides.
 */
static int write_data(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fprintf(f, "# test table\n");
	for (int i = 1; i <= ROWS; i++)
		fprintf(f, "." ENT ".1.%d integer %d\n", i, 7 * i);
	for (int j = 1; j <= 3; j++)
		fprintf(f, "." ENT ".2.%d string b%d\n", j, j);
	fprintf(f, "." ENT ".4.1 integer 4\n");
	return fclose(f);
}

static int setup(void **state)
{
	char data[128], conf[1024];

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nines-walk.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(data, sizeof(data), "%s/table", tmpdir);
	if (write_data(data) != 0)
		return -1;
	conf[0] = '\0';
	if (fx_snmpd_table(conf, sizeof(conf), "." ENT, data) != 0)
		return -1;
	return fx_snmpd_start(&agent, conf);
}

static int teardown(void **state)
{
	(void)state;
	fx_snmpd_stop(&agent);
	fx_rmtree(tmpdir);
	return 0;
}

static struct snmpx_session *open_v(int version, int port, double timeout)
{
	struct snmpx_target t = SNMPX_TARGET_INIT;
	struct snmpx_session *s;
	enum snmpx_status st;
	char err[256];

	t.host = "127.0.0.1";
	t.port = port;
	t.version = version;
	t.timeout = timeout;
	t.retries = 0;
	t.key_cache = "";
	if (version == 3) {
		t.secname = "alice";
		t.seclevel = SNMPX_AUTHPRIV;
		strcpy(t.authpass, "authpass123");
		strcpy(t.privpass, "privpass123");
	}
	s = snmpx_open(&t, &st, err, sizeof(err));
	if (s == NULL)
		fail_msg("open v%d: %s", version, err);
	return s;
}

static struct snmpx_oid oid(const char *text)
{
	struct snmpx_oid o;
	char err[256];

	assert_int_equal(snmpx_oid_parse(text, &o, err, sizeof(err)), 0);
	return o;
}

/* Every version returns ENT.1.1 .. ENT.1.50 in order with 7*i, and nothing else. */
static void test_rows_in_order(void **state)
{
	static const int versions[] = { 1, 2, 3 };
	static struct seen s;
	struct snmpx_oid root = oid(ENT ".1");
	char err[256];

	(void)state;
	for (size_t k = 0; k < sizeof(versions) / sizeof(versions[0]); k++) {
		struct snmpx_session *sess = open_v(versions[k], agent.port, 5);

		memset(&s, 0, sizeof(s));
		/* max_rows = exactly the table: complete, not cut. */
		if (snmpx_walk(sess, &root, collect, &s, ROWS, 5, err, sizeof(err)) != SNMPX_OK)
			fail_msg("v%d: %s", versions[k], err);
		snmpx_close(sess);
		assert_int_equal(s.n, ROWS);
		for (int i = 1; i <= ROWS; i++) {
			const struct snmpx_value *v = &s.v[i - 1];

			assert_int_equal(v->name.len, root.len + 1);
			assert_true(snmpx_oid_under(&v->name, &root));
			assert_int_equal(v->name.v[root.len], (uint32_t)i);
			assert_int_equal(v->type, SNMPX_T_INTEGER);
			assert_int_equal(v->i, 7 * i);
		}
	}
}

/* One row over the bound: SNMPX_ERROR with a message, and no more rows than allowed. */
static void test_row_bound(void **state)
{
	static const int versions[] = { 1, 2 };
	static const size_t bounds[] = { 1, 25, 26, 49 };
	static struct seen s;
	struct snmpx_oid root = oid(ENT ".1");
	char err[256], want[64];

	(void)state;
	for (size_t k = 0; k < 2; k++) {
		struct snmpx_session *sess = open_v(versions[k], agent.port, 5);

		for (size_t b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++) {
			memset(&s, 0, sizeof(s));
			err[0] = '\0';
			assert_int_equal(snmpx_walk(sess, &root, collect, &s, bounds[b], 5, err, sizeof(err)),
					 SNMPX_ERROR);
			snprintf(want, sizeof(want), "walk stopped after %zu rows", bounds[b]);
			assert_string_equal(err, want);
			assert_int_equal(s.n, bounds[b]);
			assert_int_equal(s.v[s.n - 1].i, 7 * (int64_t)bounds[b]);
		}
		snmpx_close(sess);
	}
}

/* The time bound: a GETNEXT walk of 50 rows takes 50 requests, far over 1 µs. */
static void test_time_bound(void **state)
{
	static struct seen s;
	struct snmpx_oid root = oid(ENT ".1");
	struct snmpx_session *sess = open_v(1, agent.port, 5);
	char err[256];

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(snmpx_walk(sess, &root, collect, &s, 1000, 0.000001, err, sizeof(err)),
			 SNMPX_ERROR);
	assert_non_null(strstr(err, "walk stopped after"));
	assert_true(s.n >= 1 && s.n < ROWS);
	snmpx_close(sess);
}

/* Returning non-zero from fn stops the walk there, and that is success. */
static void test_callback_stops(void **state)
{
	static const size_t stops[] = { 1, 3, 26, 50 };
	static struct seen s;
	struct snmpx_oid root = oid(ENT ".1");
	char err[256];

	(void)state;
	for (int version = 1; version <= 2; version++) {
		struct snmpx_session *sess = open_v(version, agent.port, 5);

		for (size_t k = 0; k < sizeof(stops) / sizeof(stops[0]); k++) {
			memset(&s, 0, sizeof(s));
			s.stop_after = stops[k];
			assert_int_equal(snmpx_walk(sess, &root, collect, &s, 1000, 5, err, sizeof(err)),
					 SNMPX_OK);
			assert_int_equal(s.n, stops[k]);
			assert_int_equal(s.v[s.n - 1].i, 7 * (int64_t)stops[k]);
		}
		snmpx_close(sess);
	}
}

/*
 * No calls, and OK: an empty subtree between two full ones, one nothing implements, one
 * past the end of the agent's MIB (v1 noSuchName, v2c endOfMibView); strings come through.
 */
static void test_empty_and_missing(void **state)
{
	static const char *const roots[] = { ENT ".3", "1.3.6.1.4.1.88888", "1.3.6.1.4.1.99999.1.0",
					     "2.99", ENT ".1.51" };
	static struct seen s;
	char err[256];

	(void)state;
	for (int version = 1; version <= 2; version++) {
		struct snmpx_session *sess = open_v(version, agent.port, 5);
		struct snmpx_oid b = oid(ENT ".2");

		for (size_t k = 0; k < sizeof(roots) / sizeof(roots[0]); k++) {
			struct snmpx_oid root = oid(roots[k]);

			memset(&s, 0, sizeof(s));
			if (snmpx_walk(sess, &root, collect, &s, 1000, 5, err, sizeof(err)) != SNMPX_OK)
				fail_msg("v%d %s: %s", version, roots[k], err);
			if (s.n != 0)
				fail_msg("v%d %s: %zu rows", version, roots[k], s.n);
		}
		memset(&s, 0, sizeof(s));
		assert_int_equal(snmpx_walk(sess, &b, collect, &s, 1000, 5, err, sizeof(err)), SNMPX_OK);
		assert_int_equal(s.n, 3);
		assert_int_equal(s.v[2].type, SNMPX_T_OCTETS);
		assert_string_equal((const char *)s.v[2].str, "b3");
		snmpx_close(sess);
	}
}

/* Rewrites the table, with every answer delayed by delay seconds (0: none). */
static void set_delay(double delay)
{
	char data[128], tmp[160];
	FILE *f;

	snprintf(data, sizeof(data), "%s/table", tmpdir);
	snprintf(tmp, sizeof(tmp), "%s/table.new", tmpdir);
	assert_int_equal(write_data(tmp), 0);
	if (delay > 0) {
		assert_non_null(f = fopen(tmp, "a"));
		fprintf(f, "delay %.3f\n", delay);
		assert_int_equal(fclose(f), 0);
	}
	assert_int_equal(rename(tmp, data), 0);
}

/*
 * -t bounds the whole check, not each request: with 1 s and an agent that takes 0.4 s
 * per answer, the first two GETs answer, the third gets the 0.2 s that are left and
 * times out, the fourth is not sent.  (Each request given the whole -t would make all
 * four answer, 1.6 s.)
 */
static void test_deadline_spans_requests(void **state)
{
	struct snmpx_oid o = oid(ENT ".1.1");
	struct snmpx_value v;
	enum snmpx_status st[4];
	struct snmpx_session *sess;
	double t0, took;
	char err[256];

	(void)state;
	set_delay(0.4);
	sess = open_v(2, agent.port, 1.0);
	t0 = mono_now();
	for (int i = 0; i < 4; i++)
		st[i] = snmpx_get(sess, &o, 1, &v, NULL, err, sizeof(err));
	took = mono_now() - t0;
	snmpx_close(sess);
	set_delay(0);
	assert_int_equal(st[0], SNMPX_OK);
	assert_int_equal(st[1], SNMPX_OK);
	assert_int_equal(st[2], SNMPX_TIMEOUT);
	assert_int_equal(st[3], SNMPX_TIMEOUT);
	assert_non_null(strstr(err, "no time left"));
	if (took > 1.3)
		fail_msg("four GETs took %.2f s under a 1 s timeout", took);
	/* the agent is still busy with the third GET: let it finish before the next test */
	usleep(500 * 1000);
}

/* Nothing listens: the walk reports the silence, within the session timeout. */
static void test_no_answer(void **state)
{
	static struct seen s;
	struct snmpx_oid root = oid(ENT ".1");
	struct snmpx_session *sess = open_v(2, fx_free_port(), 0.3);
	char err[256];

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(snmpx_walk(sess, &root, collect, &s, 1000, 5, err, sizeof(err)), SNMPX_TIMEOUT);
	assert_int_equal(s.n, 0);
	snmpx_close(sess);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_in_order),
		cmocka_unit_test(test_row_bound),
		cmocka_unit_test(test_time_bound),
		cmocka_unit_test(test_callback_stops),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_no_answer),
		cmocka_unit_test(test_deadline_spans_requests),
	};
	return cmocka_run_group_tests_name("snmpx_walk", tests, setup, teardown);
}
