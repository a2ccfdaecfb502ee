/* Threshold ranges: the Monitoring Plugins guideline table, inclusive endpoints, junk. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "range.h"

struct alert_case {
	const char *range;
	double value;
	bool alert;
};

static const struct alert_case alert_cases[] = {
	/* "10": alert when < 0 or > 10, endpoints inclusive */
	{ "10", -0.001, true }, { "10", 0, false }, { "10", 5, false }, { "10", 10, false },
	{ "10", 10.001, true },
	/* "10:": alert when < 10 */
	{ "10:", 9.999, true }, { "10:", 10, false }, { "10:", 1e9, false },
	/* "~:10": alert when > 10 */
	{ "~:10", -1e9, false }, { "~:10", 10, false }, { "~:10", 10.5, true },
	/* "10:20": alert outside */
	{ "10:20", 9.9, true }, { "10:20", 10, false }, { "10:20", 20, false }, { "10:20", 20.1, true },
	/* "@10:20": alert inside, inclusive */
	{ "@10:20", 9.9, false }, { "@10:20", 10, true }, { "@10:20", 15, true },
	{ "@10:20", 20, true }, { "@10:20", 20.1, false },
	/* decimals and negatives */
	{ "-5:-1", -5, false }, { "-5:-1", -0.5, true }, { "-5:-1", -5.5, true },
	{ "0.5:1.5", 0.49, true }, { "0.5:1.5", 1.5, false },
	{ "@~:0", -3, true }, { "@~:0", 0, true }, { "@~:0", 0.1, false },
	{ "@5", 0, true }, { "@5", 5, true }, { "@5", 6, false }, { "@5", -1, false },
	{ "~:", 1e12, false },
	{ "5:5", 5, false }, { "5:5", 5.0001, true },
};

static void test_alerts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(alert_cases) / sizeof(alert_cases[0]); i++) {
		const struct alert_case *c = &alert_cases[i];
		struct range r = RANGE_INIT;
		char err[256];

		if (range_parse(c->range, &r, err, sizeof(err)) != 0)
			fail_msg("'%s' rejected: %s", c->range, err);
		if (range_alert(&r, c->value) != c->alert)
			fail_msg("range '%s' value %g: expected alert=%d", c->range, c->value, c->alert);
		assert_string_equal(r.text, c->range);
	}
}

static void test_junk(void **state)
{
	static const struct { const char *in, *msg; } bad[] = {
		{ "", "empty" }, { "abc", "not a number" }, { "10x", "junk 'x'" },
		{ "1:12%", "junk '%'" }, { "20:10", "greater than end" }, { "10::20", "not a number" },
		{ "@", "not a number" }, { "~", "not a number" }, { "1e3", "junk 'e3'" },
		{ "0x10", "junk 'x10'" }, { "nan", "not a number" }, { "inf:", "junk before" },
		{ "10:20 ", "junk ' '" }, { " 10", "not a number" }, { "10,20", "junk ',20'" },
		{ "~:~", "not a number" }, { "@@10", "not a number" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct range r = RANGE_INIT;
		char err[256] = "";

		if (range_parse(bad[i].in, &r, err, sizeof(err)) == 0)
			fail_msg("'%s' accepted", bad[i].in);
		if (strstr(err, bad[i].msg) == NULL)
			fail_msg("'%s': message '%s' lacks '%s'", bad[i].in, err, bad[i].msg);
		assert_false(r.set);
	}
}

static void test_unset_never_alerts(void **state)
{
	struct range r = RANGE_INIT;

	(void)state;
	assert_false(range_alert(&r, -1e300));
	assert_false(range_alert(&r, 1e300));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alerts),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_unset_never_alerts),
	};
	return cmocka_run_group_tests_name("range", tests, NULL, NULL);
}
