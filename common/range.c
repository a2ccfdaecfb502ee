#include "range.h"

#include <stdio.h>
#include <string.h>

#include "num.h"

static int parse_end(const char *s, const char *whole, double *v, const char **end,
		     char *err, size_t errlen)
{
	if (num_double_prefix(s, v, end, err, errlen) != 0) {
		snprintf(err, errlen, "bad range '%s': '%s' is not a number", whole, s);
		return -1;
	}
	return 0;
}

int range_parse(const char *s, struct range *r, char *err, size_t errlen)
{
	struct range out = RANGE_INIT;
	const char *p = s, *colon, *end;

	if (s == NULL || *s == '\0') {
		snprintf(err, errlen, "bad range '': empty");
		return -1;
	}
	if (strlen(s) >= sizeof(out.text)) {
		snprintf(err, errlen, "bad range '%.20s...': too long", s);
		return -1;
	}
	if (*p == '@') {
		out.inside = true;
		p++;
	}
	colon = strchr(p, ':');
	if (colon == NULL) {			/* "10": 0..10 */
		if (parse_end(p, s, &out.hi, &end, err, errlen) != 0)
			return -1;
		out.lo = 0;
	} else {
		if (colon == p + 1 && *p == '~')
			out.lo_inf = true;
		else if (colon == p) {		/* ":10" is 0:10 in the guidelines */
			out.lo = 0;
		} else if (parse_end(p, s, &out.lo, &end, err, errlen) != 0 || end != colon) {
			snprintf(err, errlen, "bad range '%s': junk before ':'", s);
			return -1;
		}
		if (colon[1] == '\0') {
			out.hi_inf = true;
			end = colon + 1;
		} else if (parse_end(colon + 1, s, &out.hi, &end, err, errlen) != 0) {
			return -1;
		}
	}
	if (*end != '\0') {
		snprintf(err, errlen, "bad range '%s': junk '%s' after the number", s, end);
		return -1;
	}
	if (!out.lo_inf && !out.hi_inf && out.lo > out.hi) {
		snprintf(err, errlen, "bad range '%s': start is greater than end", s);
		return -1;
	}
	out.set = true;
	memcpy(out.text, s, strlen(s) + 1);
	*r = out;
	return 0;
}

bool range_alert(const struct range *r, double v)
{
	bool within;

	if (!r->set)
		return false;
	within = (r->lo_inf || v >= r->lo) && (r->hi_inf || v <= r->hi);
	return r->inside ? within : !within;
}
