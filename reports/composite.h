/*
 * composite — a business service's history from its components' histories: step by step,
 * up while at least k of the n components are up ("all" is n of n, "any" 1 of n), so
 * redundancy is credited exactly: two components down at different times are no outage of
 * "any".  Pure: series in, series out.
 *
 * Per row, with U components up, D down, M in scheduled downtime and X unmonitored:
 *   up           U >= k            (in WARNING when fewer than k are up without WARNING)
 *   down         U + X + M < k     (even the unknown and the maintained ones could not
 *                                   make it up)
 *   maintenance  otherwise, when U + X < k (only components in downtime stand between
 *                                   the service and up)
 *   unmonitored  otherwise         (an unknown component could have made it up)
 * so "any" is up when one known component is up and unknown only when none is up and one
 * is unknown; "all" is down when one component is down.  Rows whose components are wholly
 * in one state (nearly every per-step row) follow these rules exactly.  Within a row that
 * a component spends partly in several states, the order of those states inside the row
 * is unknown; the composite takes the worst order, the one that gives it the most down
 * time (then maintenance, then unmonitored): it is never credited with availability the
 * rows do not prove.
 */
#ifndef COMPOSITE_H
#define COMPOSITE_H

#include <stddef.h>
#include <time.h>

#include "series.h"
#include "sla.h"

/*
 * Combines parts[0..n) (n >= 1, 1 <= k <= n) over [t0, t1) into a new series at the
 * coarsest part's step, starting at t0 rounded down to it; a finer part's rows are
 * averaged into each row by the time they overlap it, and time outside a part's rows is
 * unmonitored for that part.  The result has avail, warn, downtime and cover (the share
 * of each row that was monitored), no rtt; archive_step is the coarsest part's
 * archive_step, so a result is coarse when a part was.  Returns the series (caller frees
 * with series_release()) or NULL with a message (bad arguments, out of memory).
 */
struct series *composite_combine(const struct series *const *parts, size_t n, size_t k,
				 time_t t0, time_t t1, char *err, size_t errlen);

/*
 * What a part (a component's series) holds over [lo, hi) (lo < hi), as shares of it that
 * add up to 1: its rows' sla_row_shares() averaged by how long each overlaps [lo, hi),
 * time outside its rows unmonitored.  How composite_combine() sees a component in a row.
 */
void composite_part_shares(const struct series *p, time_t lo, time_t hi,
			   struct sla_shares *out);

/*
 * The largest share T of a row in which at least m of the n parts are in a state, given
 * the share f[i] each part spends in it, in the worst arrangement inside the row: the
 * largest T in [0, 1] with sum(min(f[i], T)) >= m * T.  Exact for shares of 0 and 1.
 * Exposed for tests.
 */
double composite_worst_share(const double *f, size_t n, size_t m);

#endif
