/* num — the one checked number parser every option and config value goes through. */
#ifndef NUM_H
#define NUM_H

#include <stddef.h>

/*
 * Parses all of s as a decimal number within [lo, hi].  Leading/trailing junk, an
 * empty string, NaN/Inf, hex and out-of-range values are errors: "1:12%" is not 1.
 * Returns 0, or -1 with a message in err naming the text.
 */
int num_double(const char *s, double lo, double hi, double *out, char *err, size_t errlen);
int num_long(const char *s, long lo, long hi, long *out, char *err, size_t errlen);

/*
 * Like num_double, but parses only the number at the start of s and returns where it
 * ended in *end (for range syntax and unit suffixes).  Still rejects NaN/Inf/hex.
 */
int num_double_prefix(const char *s, double *out, const char **end, char *err, size_t errlen);

/*
 * A duration: a whole number with an optional unit s, m, h, d or w ("90", "90s", "5m",
 * "2h", "1d"), in seconds, within [lo, hi].
 */
int num_duration(const char *s, long lo, long hi, long *out, char *err, size_t errlen);

#endif
