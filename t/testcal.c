#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testcal.h"

struct cal *tcal_new(const char *tz, const char *const *incl, const char *const *excl)
{
	char err[256];
	struct cal *c = cal_new(tz, err, sizeof(err));

	if (c == NULL)
		fail_msg("cal_new('%s'): %s", tz, err);
	for (size_t i = 0; incl != NULL && i < TCAL_MAXLINES && incl[i] != NULL; i++)
		if (cal_add(c, incl[i], 1, err, sizeof(err)) != 0)
			fail_msg("'%s' rejected: %s", incl[i], err);
	for (size_t i = 0; excl != NULL && i < TCAL_MAXLINES && excl[i] != NULL; i++)
		if (cal_add(c, excl[i], 0, err, sizeof(err)) != 0)
			fail_msg("exclusion '%s' rejected: %s", excl[i], err);
	return c;
}

long long tcal_seconds(struct cal *c, time_t t0, time_t t1, struct ival_list *out)
{
	char err[256];

	if (cal_intervals(c, t0, t1, out, err, sizeof(err)) != 0)
		fail_msg("cal_intervals: %s", err);
	for (size_t i = 0; i < out->n; i++) {
		assert_true(out->v[i].start < out->v[i].end);
		assert_true(out->v[i].start >= t0 && out->v[i].end <= t1);
		if (i > 0)
			assert_true(out->v[i].start > out->v[i - 1].end);
	}
	return ival_list_seconds(out);
}
