/*
 * Threshold ranges and the number parsers: the input is one string, parsed as a range
 * (and a parsed range asked about a few values) and as each kind of number.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "nines.h"
#include "num.h"
#include "range.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const double probes[] = { -1e300, -1, 0, 0.5, 1, 10, 1e300 };
	char *s = malloc(size + 1), err[NINES_ERRLEN];
	struct range r = RANGE_INIT;
	const char *end;
	double d;
	long l;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (range_parse(s, &r, err, sizeof(err)) == 0) {
		if (!r.lo_inf && !r.hi_inf && r.lo > r.hi)
			abort();	/* lo > hi is an error */
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
			(void)range_alert(&r, probes[i]);
	}
	if (num_double(s, -1e308, 1e308, &d, err, sizeof(err)) == 0 && !isfinite(d))
		abort();	/* NaN and Inf are errors */
	if (num_long(s, -1000, 1000, &l, err, sizeof(err)) == 0 && (l < -1000 || l > 1000))
		abort();
	if (num_double_prefix(s, &d, &end, err, sizeof(err)) == 0 &&
	    (end < s || end > s + strlen(s) || !isfinite(d)))
		abort();
	if (num_duration(s, 0, 366L * 86400, &l, err, sizeof(err)) == 0 &&
	    (l < 0 || l > 366L * 86400))
		abort();
	free(s);
	return 0;
}
