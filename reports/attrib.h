/*
 * attrib — a composite's down time attributed to its direct components: for each of the
 * composite's listed outages, which components were down (and for how long) while the
 * composite was down, and each component's share of the composite's down time.  It ties
 * a customer's SLA (the composite) to the OLAs of the teams behind each component.  Pure:
 * the composite's series, its components' series and the engine's result in, seconds out.
 *
 * What is counted, per outage of the engine's result (after merge_outages_within and
 * ignore_outages_shorter_than, so exactly the outages listed):
 *   down         the composite's down-counted seconds inside the outage: its own down time
 *                plus what the policy counts as down (WARNING, maintenance, unmonitored),
 *                the seconds that spend the error budget; merged gaps are up, not counted;
 *   a component  of those seconds, the ones it was down in (WARNING counts as down when
 *                the composite's policy counts WARNING as down), in scheduled downtime, or
 *                unmonitored: a component without data or in downtime is listed as such,
 *                never as down;
 *   share        component down / down × 100.  Several components can be down at once
 *                (with "any" or "K of N" at least N - K + 1 are, in every second of the
 *                composite's own down time), so shares can add up to more than 100 %;
 *   no component down  the seconds of down in which no component was down: the composite
 *                was down only by policy (its maintenance, unmonitored or WARNING time
 *                counted as down).
 * A nested composite is one component here: its own attribution names its components.
 * Rows wholly in one state (nearly every per-step row) are attributed exactly.  In a row
 * a component spends partly in several states the order inside the row is unknown; its
 * down time is placed inside the composite's down time first, then its downtime, then its
 * unmonitored time, as composite_combine()'s worst arrangement places them.
 */
#ifndef ATTRIB_H
#define ATTRIB_H

#include <stddef.h>

#include "interval.h"
#include "series.h"
#include "sla.h"

/* One component's part of some composite down time, in seconds. */
struct attrib_part {
	double down, maint, unmon;
};

/* Composite down time (one outage, or several together) and every component's part in it. */
struct attrib_span {
	double down;			/* the composite's down-counted seconds */
	double no_component_down;	/* of which no component was down */
	struct attrib_part *parts;	/* one per component, in the config's order */
};

struct attrib {
	size_t nparts;
	struct attrib_span *outages;	/* one per outage of the result, in its order */
	size_t noutages;
	struct attrib_span total;	/* over every outage */
};

/*
 * Attributes the outages of r (sla_evaluate() of composite c over [r->t0, r->t1) with
 * scope and policy p) to parts[0..nparts), the series c was combined from.  Fills out;
 * caller frees with attrib_release().  0, or -1 with a message (bad arguments, out of
 * memory).
 */
int attrib_compute(const struct series *c, const struct series *const *parts, size_t nparts,
		   const struct sla_result *r, const struct ival_list *scope,
		   const struct sla_policy *p, struct attrib *out, char *err, size_t errlen);

/*
 * out = the totals of v[0..n) (each with nparts parts) added up: no outages, total only
 * (a back-test's windows summed over the history).  Caller frees with attrib_release().
 * 0, or -1 with a message.
 */
int attrib_sum(const struct attrib *v, size_t n, size_t nparts, struct attrib *out, char *err,
	       size_t errlen);

void attrib_release(struct attrib *a);

/* Part j's share of s's down time in percent (0..100); NAN when s has no down time. */
double attrib_share_percent(const struct attrib_span *s, size_t j);

/* Whether part j has any time in s (down, in downtime or unmonitored). */
int attrib_part_listed(const struct attrib_span *s, size_t j);

#endif
