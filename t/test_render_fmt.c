/* render_fmt: UTF-8 well-formedness and the escaping of text output, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "render_fmt.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_utf8_len(void **state)
{
	static const struct { const char *s; size_t want; } cases[] = {
		{ "a", 1 }, { "\x7f", 1 }, { "\xc3\xa9", 2 }, { "\xe2\x82\xac", 3 },
		{ "\xf0\x9f\x98\x80", 4 }, { "\xf4\x8f\xbf\xbf", 4 },	/* U+10FFFF */
		{ "\xff", 0 }, { "\x80", 0 }, { "\xc0\xaf", 0 },	/* overlong '/' */
		{ "\xc1\xbf", 0 }, { "\xe0\x80\xaf", 0 }, { "\xf0\x80\x80\xaf", 0 },
		{ "\xed\xa0\x80", 0 },				/* surrogate U+D800 */
		{ "\xf4\x90\x80\x80", 0 }, { "\xf5\x80\x80\x80", 0 },	/* above U+10FFFF */
		{ "\xc3", 0 }, { "\xe2\x82", 0 }, { "\xc3x", 0 },	/* cut short */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		if (render_utf8_len(cases[i].s) != cases[i].want)
			fail_msg("case %zu: %zu, want %zu", i, render_utf8_len(cases[i].s),
				 cases[i].want);
}

static void test_text_clean(void **state)
{
	static const struct { const char *s; size_t len; const char *want; } cases[] = {
		{ "core1 ping", 64, "core1 ping" },
		{ "a\nb", 64, "a\\nb" },
		{ "\r\t\\", 64, "\\r\\t\\\\" },
		{ "\x1b[31mred\a", 64, "\\x1b[31mred\\x07" },
		{ "del\x7f", 64, "del\\x7f" },
		{ "csi\xc2\x9b" "2J", 64, "csi\\xc2\\x9b2J" },		/* C1 control U+009B */
		{ "caf\xc3\xa9 \xe2\x82\xac", 64, "caf\xc3\xa9 \xe2\x82\xac" },
		{ "bad\xff\xfe", 64, "bad\\xff\\xfe" },
		{ "abcdef", 7, "abcdef" },				/* fits exactly */
		{ "abcdefg", 7, "abc..." },
		{ "a\nbcdef", 8, "a\\nb..." },
		{ "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 9, "\xe2\x82\xac..." },
		{ "", 1, "" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		memset(buf, 'Z', sizeof(buf));
		render_text_clean(cases[i].s, buf, cases[i].len);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("case %zu: '%s', want '%s'", i, buf, cases[i].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_text_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
