/*
 * perf — performance data as the Monitoring Plugins guidelines and PNP4Nagios read it:
 *   'label'=value[UOM];[warn];[crit];[min];[max]
 * plain decimals in the C locale (never "1e+06"), U for unknown.
 */
#ifndef PERF_H
#define PERF_H

#include <stddef.h>

#include "range.h"

/*
 * Formats v with at most decimals digits after the point, trailing zeros dropped, no
 * exponent, "U" for NAN/Inf.  Returns the length, or -1 when it does not fit.
 */
int perf_number(char *buf, size_t len, double v, int decimals);

/*
 * Appends one item (with a separating space when buf is not empty).  warn/crit may be
 * NULL or unset; min/max NAN are left empty.  Labels with spaces, '=' or quotes are
 * quoted, quotes doubled.  Returns 0, or -1 (buf unchanged) when it does not fit.
 */
int perf_append(char *buf, size_t len, const char *label, double value, const char *uom,
		const struct range *warn, const struct range *crit, double min, double max);

#endif
