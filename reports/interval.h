/*
 * ival — half-open intervals [start, end) in epoch seconds, and sorted lists of them:
 * the algebra the calendars, windows and the SLA engine share.
 */
#ifndef IVAL_H
#define IVAL_H

#include <stddef.h>
#include <time.h>

/* A half-open interval [start, end) in epoch seconds. */
struct ival {
	time_t start, end;
};

/* A sorted list of disjoint, non-adjacent intervals.  IVAL_LIST_INIT, ival_list_release(). */
struct ival_list {
	struct ival *v;
	size_t n, cap;
};
#define IVAL_LIST_INIT { NULL, 0, 0 }
void ival_list_release(struct ival_list *l);
/* Appends [start, end), merging with the last interval when they touch; input must be sorted. */
int ival_list_push(struct ival_list *l, time_t start, time_t end);
/* Appends [start, end) as an interval of its own, never merged (windows touch end to start). */
int ival_list_append(struct ival_list *l, time_t start, time_t end);
/* out = a ∩ b; out = a − b.  out must be a different list; it is overwritten. */
int ival_list_intersect(const struct ival_list *a, const struct ival_list *b,
			struct ival_list *out);
int ival_list_subtract(const struct ival_list *a, const struct ival_list *b,
		       struct ival_list *out);
/* Total seconds in l. */
long long ival_list_seconds(const struct ival_list *l);

#endif
