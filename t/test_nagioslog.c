/* nagioslog: every kind of line the import uses, and every way a line can be unusable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "nagioslog.h"

struct line_case {
	const char *line;
	enum nagioslog_error error;
	enum nagioslog_kind kind;
	long long when;
	const char *host, *service;	/* NULL: none expected */
	int state, hard, initial, downtime;
};

static const struct line_case cases[] = {
	{ "[1700000100] SERVICE ALERT: core1;ping;CRITICAL;HARD;3;PING CRITICAL - down",
	  NAGIOSLOG_VALID, NAGIOSLOG_SERVICE_STATE, 1700000100, "core1", "ping", 2, 1, 0, 0 },
	{ "[1700000100] SERVICE ALERT: core1;disk /;WARNING;SOFT;1;a;b;c",
	  NAGIOSLOG_VALID, NAGIOSLOG_SERVICE_STATE, 1700000100, "core1", "disk /", 1, 0, 0, 0 },
	{ "[946684800] SERVICE ALERT: h;s;UNKNOWN;HARD",
	  NAGIOSLOG_VALID, NAGIOSLOG_SERVICE_STATE, 946684800, "h", "s", 3, 1, 0, 0 },
	{ "[1700000000] INITIAL SERVICE STATE: core1;ping;OK;HARD;1;PING OK",
	  NAGIOSLOG_VALID, NAGIOSLOG_SERVICE_STATE, 1700000000, "core1", "ping", 0, 1, 1, 0 },
	{ "[1700000000] CURRENT SERVICE STATE: core1;ping;OK;SOFT;1;PING OK",
	  NAGIOSLOG_VALID, NAGIOSLOG_SERVICE_STATE, 1700000000, "core1", "ping", 0, 0, 1, 0 },
	{ "[1700000000] HOST ALERT: core1;DOWN;HARD;3;down",
	  NAGIOSLOG_VALID, NAGIOSLOG_HOST_STATE, 1700000000, "core1", NULL, 1, 1, 0, 0 },
	{ "[1700000000] CURRENT HOST STATE: core1;UNREACHABLE;HARD;1;x",
	  NAGIOSLOG_VALID, NAGIOSLOG_HOST_STATE, 1700000000, "core1", NULL, 2, 1, 1, 0 },
	{ "[1700000000] INITIAL HOST STATE: core1;UP;HARD;1;",
	  NAGIOSLOG_VALID, NAGIOSLOG_HOST_STATE, 1700000000, "core1", NULL, 0, 1, 1, 0 },
	{ "[1700000005] SERVICE DOWNTIME ALERT: core1;ping;STARTED; Service has entered a period",
	  NAGIOSLOG_VALID, NAGIOSLOG_SERVICE_DOWNTIME, 1700000005, "core1", "ping", 0, 0, 0, 1 },
	{ "[1700000005] SERVICE DOWNTIME ALERT: core1;ping;CANCELLED; Scheduled downtime cancelled",
	  NAGIOSLOG_VALID, NAGIOSLOG_SERVICE_DOWNTIME, 1700000005, "core1", "ping", 0, 0, 0, 0 },
	{ "[1700000005] HOST DOWNTIME ALERT: core1;STOPPED; Host has exited",
	  NAGIOSLOG_VALID, NAGIOSLOG_HOST_DOWNTIME, 1700000005, "core1", NULL, 0, 0, 0, 0 },
	{ "[1700000005] HOST DOWNTIME ALERT: core1;STARTED",
	  NAGIOSLOG_VALID, NAGIOSLOG_HOST_DOWNTIME, 1700000005, "core1", NULL, 0, 0, 0, 1 },
	{ "[1700000007] Nagios 4.4.6 starting... (PID=1234)",
	  NAGIOSLOG_VALID, NAGIOSLOG_PROGRAM_START, 1700000007, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000007] Caught SIGHUP, restarting...",
	  NAGIOSLOG_VALID, NAGIOSLOG_PROGRAM_START, 1700000007, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000007] Caught SIGTERM, shutting down...",
	  NAGIOSLOG_VALID, NAGIOSLOG_PROGRAM_STOP, 1700000007, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000007] Bailing out due to errors encountered while trying to initialize",
	  NAGIOSLOG_VALID, NAGIOSLOG_PROGRAM_STOP, 1700000007, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000007] SERVICE NOTIFICATION: admin;core1;ping;CRITICAL;notify;x",
	  NAGIOSLOG_VALID, NAGIOSLOG_IGNORED, 1700000007, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000007] LOG ROTATION: DAILY", NAGIOSLOG_VALID, NAGIOSLOG_IGNORED, 1700000007, NULL, NULL, 0, 0, 0, 0 },
	/* unusable */
	{ "", NAGIOSLOG_ENOTIME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "SERVICE ALERT: h;s;OK;HARD;1;x", NAGIOSLOG_ENOTIME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[17000x] SERVICE ALERT: h;s;OK;HARD;1;x", NAGIOSLOG_ENOTIME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[] SERVICE ALERT: h;s;OK;HARD;1;x", NAGIOSLOG_ENOTIME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000000]SERVICE ALERT: h;s;OK", NAGIOSLOG_ENOTIME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[946684799] SERVICE ALERT: h;s;OK;HARD;1;x", NAGIOSLOG_ERANGE, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[0] LOG VERSION: 2.0", NAGIOSLOG_ERANGE, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[99999999999999999999] x", NAGIOSLOG_ENOTIME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[17000", NAGIOSLOG_ENOTIME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: core1;ping;CRIT", NAGIOSLOG_EFIELDS, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: core1;ping;CRITICAL", NAGIOSLOG_EFIELDS, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: core1;ping;CRITICAL;", NAGIOSLOG_EFIELDS, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: core1;ping;CRITICAL;HA", NAGIOSLOG_ETYPE, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: core1;ping;DOWN;HARD;1;x", NAGIOSLOG_ESTATE, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: core1;ping;ok;HARD;1;x", NAGIOSLOG_ESTATE, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] HOST ALERT: core1;CRITICAL;HARD;1;x", NAGIOSLOG_ESTATE, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: ;ping;OK;HARD;1;x", NAGIOSLOG_ENAME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: core1;;OK;HARD;1;x", NAGIOSLOG_ENAME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE ALERT: ", NAGIOSLOG_EFIELDS, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] HOST DOWNTIME ALERT: core1;BEGUN; x", NAGIOSLOG_EDOWNTIME, 0, 0, NULL, NULL, 0, 0, 0, 0 },
	{ "[1700000001] SERVICE DOWNTIME ALERT: core1;ping", NAGIOSLOG_EFIELDS, 0, 0, NULL, NULL, 0, 0, 0, 0 },
};

static void expect_name(const char *want, const char *got, size_t gotlen, const char *line)
{
	if (want == NULL)
		return;
	if (got == NULL || strlen(want) != gotlen || memcmp(want, got, gotlen) != 0)
		fail_msg("'%s': expected name '%s', got '%.*s'", line, want, (int)gotlen,
			 got ? got : "");
}

static void test_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct line_case *c = &cases[i];
		struct nagioslog_event ev;
		enum nagioslog_error e = nagioslog_parse(c->line, strlen(c->line), &ev);

		if (e != c->error)
			fail_msg("'%s': expected '%s', got '%s'", c->line,
				 nagioslog_strerror(c->error), nagioslog_strerror(e));
		if (e != NAGIOSLOG_VALID)
			continue;
		if (ev.kind != c->kind || ev.when != c->when || ev.state != c->state ||
		    ev.hard != c->hard || ev.initial != c->initial || ev.downtime != c->downtime)
			fail_msg("'%s': kind %d when %lld state %d hard %d initial %d downtime %d",
				 c->line, ev.kind, ev.when, ev.state, ev.hard, ev.initial,
				 ev.downtime);
		expect_name(c->host, ev.host, ev.hostlen, c->line);
		expect_name(c->service, ev.service, ev.servicelen, c->line);
		if (c->host != NULL && c->service == NULL && ev.service != NULL)
			fail_msg("'%s': a host event with a service", c->line);
	}
}

/* The parser reads only len bytes: a line cut anywhere never reads past its end. */
static void test_every_prefix(void **state)
{
	static const char line[] = "[1700000100] SERVICE DOWNTIME ALERT: core1;ping;STARTED; x";

	(void)state;
	for (size_t n = 0; n <= sizeof(line) - 1; n++) {
		char buf[sizeof(line)];
		struct nagioslog_event ev;

		memcpy(buf, line, n);	/* no terminator: a read past n would be garbage */
		memset(buf + n, 'X', sizeof(buf) - n);
		(void)nagioslog_parse(buf, n, &ev);
	}
	assert_string_equal(nagioslog_strerror(NAGIOSLOG_EFIELDS), "missing fields");
}

/*
 * A NUL byte inside a host or service name makes the line unusable: names are C strings
 * from the parser on (the importer's object table compared "x" with "x\0y" past the end
 * of "x").  A NUL in the free text after the names is harmless.
 */
static void test_nul_in_name(void **state)
{
	static const struct {
		const char *line;
		size_t len;
		enum nagioslog_error want;
	} c[] = {
#define L(s, e) { s, sizeof(s) - 1, e }
		L("[1700000001] SERVICE ALERT: co\0re1;ping;OK;HARD;1;x", NAGIOSLOG_ENAME),
		L("[1700000001] SERVICE ALERT: core1;pi\0ng;OK;HARD;1;x", NAGIOSLOG_ENAME),
		L("[1700000001] HOST ALERT: \0;DOWN;HARD;1;x", NAGIOSLOG_ENAME),
		L("[1700000001] SERVICE ALERT: core1;ping;OK;HARD;1;x\0y", NAGIOSLOG_VALID),
#undef L
	};

	(void)state;
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct nagioslog_event ev;
		enum nagioslog_error e = nagioslog_parse(c[i].line, c[i].len, &ev);

		if (e != c[i].want)
			fail_msg("case %zu: expected '%s', got '%s'", i,
				 nagioslog_strerror(c[i].want), nagioslog_strerror(e));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_nul_in_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
