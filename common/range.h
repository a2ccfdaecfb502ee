/*
 * range — Monitoring Plugins threshold ranges, endpoints inclusive:
 *   "10"     alert when v < 0 or v > 10
 *   "10:"    alert when v < 10
 *   "~:10"   alert when v > 10
 *   "10:20"  alert when v < 10 or v > 20
 *   "@10:20" alert when 10 <= v <= 20
 */
#ifndef RANGE_H
#define RANGE_H

#include <stdbool.h>
#include <stddef.h>

struct range {
	double lo, hi;
	bool lo_inf, hi_inf;	/* the endpoint is unbounded */
	bool inside;		/* '@': alert inside the range instead of outside */
	bool set;		/* false: no threshold given, never alerts */
	char text[48];		/* as given, for perfdata */
};
#define RANGE_INIT { 0, 0, false, false, false, false, "" }

/* Parses s into r.  Junk, an empty range or lo > hi are errors: -1 with a message. */
int range_parse(const char *s, struct range *r, char *err, size_t errlen);

/* true when v should raise an alert under r (never for an unset range). */
bool range_alert(const struct range *r, double v);

#endif
