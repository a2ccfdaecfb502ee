/* mailaddr: what may reach the mail tool's command line, and the config's mail: section. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "mailaddr.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void test_address(void **state)
{
	static const struct { const char *in; int ok; const char *why; } cases[] = {
		{ "sla@example.org", 1, NULL },
		{ "a.b_c+d-e@mail.example-1.org", 1, NULL },
		{ "root@localhost", 1, NULL },
		{ "9@x.io", 1, NULL },
		{ "-oQ/tmp@example.org", 0, "start with a letter or digit" },
		{ "-f@example.org", 0, "start with a letter or digit" },
		{ ".a@example.org", 0, "start with a letter or digit" },
		{ "+mbox@example.org", 0, "start with a letter or digit" },
		{ "|sh@example.org", 0, "start with a letter or digit" },
		{ "/etc/passwd", 0, "start with a letter or digit" },
		{ "a@example.org\nBcc: e@x.org", 0, "the domain may hold only" },
		{ "a@example.org\r\n", 0, "the domain may hold only" },
		{ "a@example.org, b@example.org", 0, "the domain may hold only" },
		{ "a b@example.org", 0, "before the @ only" },
		{ "a\"b@example.org", 0, "before the @ only" },
		{ "a/b@example.org", 0, "before the @ only" },
		{ "a$(id)@example.org", 0, "before the @ only" },
		{ "A <a@example.org>", 0, "before the @ only" },
		{ "a@b@example.org", 0, "the domain may hold only" },
		{ "a.@example.org", 0, "'.' at the end" },
		{ "a..b@example.org", 0, "two in a row" },
		{ "a@", 0, "nothing after the @" },
		{ "a@example..org", 0, "two in a row" },
		{ "a@.example.org", 0, "an empty label" },
		{ "a@example.org.", 0, "an empty label" },
		{ "a@-example.org", 0, "starts with '-'" },
		{ "a@example-.org", 0, "ends with '-'" },
		{ "a@exa_mple.org", 0, "the domain may hold only" },
		{ "a@[127.0.0.1]", 0, "the domain may hold only" },
		{ "sla", 0, "no @domain" },
		{ "", 0, "empty" },
		{ "caf\xc3\xa9@example.org", 0, "before the @ only" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char err[256] = "";
		int rc = mailaddr_check(cases[i].in, err, sizeof(err));

		if ((rc == 0) != cases[i].ok)
			fail_msg("case %zu: rc %d (%s)", i, rc, err);
		if (!cases[i].ok && strstr(err, "is not a mail address") == NULL)
			fail_msg("case %zu: %s", i, err);
		if (!cases[i].ok && strstr(err, cases[i].why) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].why);
		/* The message shows the value with its newline escaped, never raw. */
		assert_null(strchr(err, '\n'));
	}
}

static void test_address_lengths(void **state)
{
	char addr[400], err[256];

	(void)state;
	memset(addr, 'a', 64);
	strcpy(addr + 64, "@example.org");
	assert_int_equal(mailaddr_check(addr, err, sizeof(err)), 0);
	memset(addr, 'a', 65);
	strcpy(addr + 65, "@example.org");
	assert_int_equal(mailaddr_check(addr, err, sizeof(err)), -1);
	strcpy(addr, "a@");
	memset(addr + 2, 'b', 63);
	strcpy(addr + 65, ".org");
	assert_int_equal(mailaddr_check(addr, err, sizeof(err)), 0);
	strcpy(addr, "a@");
	memset(addr + 2, 'b', 64);
	strcpy(addr + 66, ".org");
	assert_int_equal(mailaddr_check(addr, err, sizeof(err)), -1);
	/* 255 characters in all, every label short enough. */
	strcpy(addr, "a@");
	for (size_t n = 2; n < 255; n += 2)
		memcpy(addr + n, "b.", 2);
	addr[255] = '\0';
	addr[254] = 'c';
	assert_int_equal(mailaddr_check(addr, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "longer than 254"));
}

static void test_subject(void **state)
{
	static const struct { const char *in; int ok; } cases[] = {
		{ "Monthly SLA", 1 }, { "SLA \xe2\x80\x94 caf\xc3\xa9", 1 }, { "-s x", 1 },
		{ "SLA\nBcc: evil@example.net", 0 }, { "SLA\r", 0 }, { "a\tb", 0 },
		{ "\x1b[31m", 0 }, { "\xc2\x9b" "1m", 0 }, { "caf\xe9", 0 }, { "", 0 },
	};
	char long_subject[MAILADDR_SUBJECT_MAX + 2], err[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		if ((mailaddr_subject_check(cases[i].in, err, sizeof(err)) == 0) != cases[i].ok)
			fail_msg("case %zu: %s", i, err);
	memset(long_subject, 'x', MAILADDR_SUBJECT_MAX);
	long_subject[MAILADDR_SUBJECT_MAX] = '\0';
	assert_int_equal(mailaddr_subject_check(long_subject, err, sizeof(err)), 0);
	strcat(long_subject, "x");
	assert_int_equal(mailaddr_subject_check(long_subject, err, sizeof(err)), -1);
}

static void test_split(void **state)
{
	static const struct { const char *in; int n; const char *first, *last; } cases[] = {
		{ "a@example.org", 1, "a@example.org", "a@example.org" },
		{ "a@example.org, b@example.org", 2, "a@example.org", "b@example.org" },
		{ " a@example.org\tb@example.org c@example.org,", 3, "a@example.org", "c@example.org" },
		{ "a@example.org,,b@example.org", 2, "a@example.org", "b@example.org" },
		{ "", -1, NULL, NULL }, { " , ", -1, NULL, NULL },
		{ "a@example.org, -oQ@example.org", -1, NULL, NULL },
		{ "a@example.org\nBcc: b@example.org", -1, NULL, NULL },
		{ "a@example.org b@example.org c@example.org d@example.org", -1, NULL, NULL },
	};
	char buf[256], err[256];
	const char *out[3];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int n = mailaddr_split(cases[i].in, buf, sizeof(buf), out, 3, err, sizeof(err));

		if (n != cases[i].n)
			fail_msg("case %zu: %d addresses, want %d (%s)", i, n, cases[i].n, err);
		if (n > 0) {
			assert_string_equal(out[0], cases[i].first);
			assert_string_equal(out[n - 1], cases[i].last);
		}
	}
}

/* The mail: section of a config: every value checked, errors at file:line:column. */
static void test_config_mail(void **state)
{
	static const char svc[] =
		"services:\n  - name: a\n    archive: /x/a.rrd\n    availability: 99\n";
	static const struct { const char *mail, *err; size_t nto; const char *from, *subject; } cases[] = {
		{ "", NULL, 0, NULL, NULL },
		{ "mail:\n  to: a@example.org\n", NULL, 1, NULL, NULL },
		{ "mail:\n  to: [a@example.org, b@example.org]\n  from: n@example.org\n"
		  "  subject: Monthly\n", NULL, 2, "n@example.org", "Monthly" },
		{ "mail:\n  to:\n    - a@example.org\n    - b@example.org\n    - c@example.org\n",
		  NULL, 3, NULL, NULL },
		{ "mail:\n  to: []\n", "t.yml:2:7: mail: to: is an empty list", 0, NULL, NULL },
		{ "mail:\n  to: [a@example.org, -x@example.org]\n",
		  "t.yml:2:23: bad mail recipient: '-x@example.org' is not a mail address", 0, NULL, NULL },
		{ "mail:\n  to: \"a@example.org\\nBcc: e@example.org\"\n",
		  "t.yml:2:7: bad mail recipient: 'a@example.org\\nBcc: e@example.org'", 0, NULL, NULL },
		{ "mail:\n  to: a@example.org\n  from: \"N <n@example.org>\"\n",
		  "t.yml:3:9: bad mail sender", 0, NULL, NULL },
		{ "mail:\n  to: a@example.org\n  subject: \"x\\ny\"\n",
		  "t.yml:3:12: bad mail subject 'x\\ny'", 0, NULL, NULL },
		{ "mail:\n  to: { a: b }\n", "t.yml:2:7: mail recipient must be a single value", 0,
		  NULL, NULL },
		{ "mail:\n  cc: a@example.org\n",
		  "t.yml:2:3: unknown key 'cc' in mail (use to, from or subject)", 0, NULL, NULL },
		{ "mail: a@example.org\n", "t.yml:1:7: mail must be a mapping", 0, NULL, NULL },
	};
	char text[1024], err[512];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct config *c;

		snprintf(text, sizeof(text), "%s%s", cases[i].mail, svc);
		err[0] = '\0';
		c = config_load_string(text, "t.yml", err, sizeof(err));
		if (cases[i].err != NULL) {
			if (c != NULL || strstr(err, cases[i].err) != err)
				fail_msg("case %zu: '%s', want '%s'", i, err, cases[i].err);
			continue;
		}
		if (c == NULL)
			fail_msg("case %zu: %s", i, err);
		assert_int_equal(c->mail.nto, cases[i].nto);
		if (cases[i].nto > 0)
			assert_string_equal(c->mail.to[0], "a@example.org");
		if (cases[i].from != NULL)
			assert_string_equal(c->mail.from, cases[i].from);
		else
			assert_null(c->mail.from);
		if (cases[i].subject != NULL)
			assert_string_equal(c->mail.subject, cases[i].subject);
		else
			assert_null(c->mail.subject);
		config_release(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_address_lengths),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_config_mail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
