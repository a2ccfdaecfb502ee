/*
 * rrdhead — the numbers of an RRD header that librrd divides and multiplies by, checked
 * before it does.  A damaged or hostile file (an RRA of 0 or 2^62 steps per row, a step
 * of 2^62 s) makes librrd's fetch divide by zero or overflow; checked here, it is an
 * error of its own service instead of a SIGFPE that ends the whole report.  Pure: no I/O.
 */
#ifndef RRDHEAD_H
#define RRDHEAD_H

#include <stddef.h>

/*
 * No time span of a sane archive comes near 2^40 s (34,800 years): steps, rows and whole
 * RRAs beyond it are damage, and every sum of times stays far from overflowing then.
 */
#define RRDHEAD_MAX_SECONDS (1LL << 40)

struct rrdhead_rra {
	int average;				/* consolidation function AVERAGE */
	unsigned long rows, pdp_per_row, cur_row;
};

/* What rrd_info says of a file, as far as reading needs it, and the file's size. */
struct rrdhead {
	unsigned long pdp_step, header_size, nds;
	long long last_update;
	const struct rrdhead_rra *rra;
	unsigned long nrra;
	unsigned long long file_size;
};

/*
 * 0 when every number is in range: step, rows and rows × step per RRA at least 1 and
 * within RRDHEAD_MAX_SECONDS, the current row inside its RRA, at least one data source
 * and one RRA, the last update in [0, RRDHEAD_MAX_SECONDS], and the header plus every
 * RRA's rows inside the file.  -1 with a message naming the first bad field otherwise.
 */
int rrdhead_check(const struct rrdhead *h, char *err, size_t errlen);

#endif
