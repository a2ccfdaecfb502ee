/* trd — reading archives back in tests, with librrd itself. */
#ifndef TESTRRD_H
#define TESTRRD_H

#include <time.h>

/* The AVERAGE value of ds in the per-check (60-s) row ending at t; fails the test if absent. */
double trd_fetched(const char *path, time_t t, const char *ds);

/* got equals want within 1e-9, or both are NaN. */
void trd_assert_value(double got, double want);

#endif
