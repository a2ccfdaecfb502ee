#include "num.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The length of the plain decimal at the start of s: [+-]digits[.digits] or [+-].digits.
 * strtod would also take "inf", "nan", hex and exponents, which no option or config means.
 */
static size_t plain_decimal(const char *s)
{
	const char *p = s;
	int digits = 0;

	if (*p == '+' || *p == '-')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.' && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	else if (*p == '.' && digits > 0)
		p++;
	return digits ? (size_t)(p - s) : 0;
}

int num_double_prefix(const char *s, double *out, const char **end, char *err, size_t errlen)
{
	char buf[128];
	size_t n = s ? plain_decimal(s) : 0;
	double v;

	if (n == 0 || n >= sizeof(buf)) {
		snprintf(err, errlen, "'%s' is not a number", s ? s : "");
		return -1;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	v = strtod(buf, NULL);
	if (errno == ERANGE || !isfinite(v)) {
		snprintf(err, errlen, "'%s' is out of range", s);
		return -1;
	}
	*out = v;
	*end = s + n;
	return 0;
}

int num_double(const char *s, double lo, double hi, double *out, char *err, size_t errlen)
{
	const char *e;
	double v;

	if (num_double_prefix(s, &v, &e, err, errlen) != 0)
		return -1;
	if (*e != '\0') {
		snprintf(err, errlen, "'%s' is not a number (junk after '%.*s')", s, (int)(e - s), s);
		return -1;
	}
	if (v < lo || v > hi) {
		snprintf(err, errlen, "'%s' is out of range (%g to %g)", s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int num_long(const char *s, long lo, long hi, long *out, char *err, size_t errlen)
{
	char *e;
	long v;
	const char *p = s ? s : "";

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p)) {
		snprintf(err, errlen, "'%s' is not a whole number", s ? s : "");
		return -1;
	}
	errno = 0;
	v = strtol(s, &e, 10);
	if (*e != '\0') {
		snprintf(err, errlen, "'%s' is not a whole number", s);
		return -1;
	}
	if (errno == ERANGE || v < lo || v > hi) {
		snprintf(err, errlen, "'%s' is out of range (%ld to %ld)", s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

int num_duration(const char *s, long lo, long hi, long *out, char *err, size_t errlen)
{
	static const struct { char unit; long seconds; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 }, { 'w', 604800 },
	};
	char buf[64];
	size_t n = s ? strlen(s) : 0;
	long mult = 1, v;

	if (n == 0 || n >= sizeof(buf)) {
		snprintf(err, errlen, "'%s' is not a duration", s ? s : "");
		return -1;
	}
	memcpy(buf, s, n + 1);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (buf[n - 1] == units[i].unit) {
			mult = units[i].seconds;
			buf[n - 1] = '\0';
			break;
		}
	}
	if (num_long(buf, 0, hi / mult, &v, err, errlen) != 0) {
		snprintf(err, errlen, "'%s' is not a duration (like 90s, 5m, 2h, 1d)", s);
		return -1;
	}
	v *= mult;
	if (v < lo || v > hi) {
		snprintf(err, errlen, "'%s' is out of range (%ld to %ld seconds)", s, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}
