/*
 * mono — the one clock of every deadline, wait and timing in nines: seconds on
 * CLOCK_MONOTONIC, which neither NTP steps nor an operator's `date -s` move.  A check's -t,
 * the FLUSH deadline of a report, the archive's lock wait and the tests' timings all read
 * it, so they cannot disagree about how long something took.
 */
#ifndef MONO_H
#define MONO_H

/* Seconds since an arbitrary fixed point, with nanosecond resolution. */
double mono_now(void);

#endif
