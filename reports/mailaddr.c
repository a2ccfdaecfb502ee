#include "mailaddr.h"

#include <stdio.h>
#include <string.h>

#include "render_fmt.h"

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Why the domain d is not dot-separated labels of letters, digits and inner '-'; NULL: fine. */
static const char *domain_problem(const char *d)
{
	size_t label = 0;

	if (*d == '\0')
		return "nothing after the @";
	for (const char *p = d; ; p++) {
		if (*p == '.' || *p == '\0') {
			if (label == 0)
				return "an empty label in the domain";
			if (p[-1] == '-')
				return "a domain label ends with '-'";
			if (label > 63)
				return "a domain label longer than 63 characters";
			if (*p == '\0')
				return NULL;
			label = 0;
			continue;
		}
		if (*p == '-' && label == 0)
			return "a domain label starts with '-'";
		if (!is_alnum(*p) && *p != '-')
			return "the domain may hold only letters, digits, '-' and '.'";
		label++;
	}
}

static const char *address_problem(const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (n == 0)
		return "it is empty";
	if (n > MAILADDR_MAX)
		return "longer than 254 characters";
	if (!is_alnum(s[0]))
		return "it must start with a letter or digit";
	if (at == NULL)
		return "no @domain";
	if ((size_t)(at - s) > MAILADDR_LOCAL_MAX)
		return "the part before the @ is longer than 64 characters";
	for (const char *p = s; p < at; p++)
		if (!is_alnum(*p) && strchr("._+-", *p) == NULL)
			return "before the @ only letters, digits and . _ + - are allowed";
	if (at[-1] == '.' || strstr(s, "..") != NULL)
		return "a '.' at the end of the name or two in a row";
	return domain_problem(at + 1);
}

int mailaddr_check(const char *s, char *err, size_t errlen)
{
	const char *why = address_problem(s);
	char shown[128];

	if (why == NULL)
		return 0;
	snprintf(err, errlen, "'%s' is not a mail address: %s",
		 render_text_clean(s, shown, sizeof(shown)), why);
	return -1;
}

int mailaddr_subject_check(const char *s, char *err, size_t errlen)
{
	const unsigned char *p = (const unsigned char *)s;
	char shown[128];
	size_t n;

	if (*s == '\0' || strlen(s) > MAILADDR_SUBJECT_MAX) {
		snprintf(err, errlen, "a mail subject has 1 to %d bytes", MAILADDR_SUBJECT_MAX);
		return -1;
	}
	for (; *p != '\0'; p += n) {
		n = render_utf8_len((const char *)p);
		if (n == 0 || p[0] < 0x20 || p[0] == 0x7f || (n == 2 && p[0] == 0xc2 && p[1] < 0xa0)) {
			snprintf(err, errlen, "bad mail subject '%s': control characters and bytes "
				 "that are not UTF-8 are not allowed",
				 render_text_clean(s, shown, sizeof(shown)));
			return -1;
		}
	}
	return 0;
}

int mailaddr_split(const char *list, char *buf, size_t buflen, const char **out, size_t max,
		   char *err, size_t errlen)
{
	size_t n = 0, len = strlen(list);
	char *p, *save = NULL;

	if (len >= buflen) {
		snprintf(err, errlen, "the list of mail recipients is too long (%zu bytes)", len);
		return -1;
	}
	memcpy(buf, list, len + 1);
	for (p = strtok_r(buf, ", \t", &save); p != NULL; p = strtok_r(NULL, ", \t", &save)) {
		if (n == max) {
			snprintf(err, errlen, "more than %zu mail recipients", max);
			return -1;
		}
		if (mailaddr_check(p, err, errlen) != 0)
			return -1;
		out[n++] = p;
	}
	if (n == 0) {
		snprintf(err, errlen, "no mail recipient in '%s'", list);
		return -1;
	}
	return (int)n;
}
