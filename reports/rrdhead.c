#include "rrdhead.h"

#include <stdio.h>

/* librrd stores every value as a double. */
#define VALUE_BYTES 8ULL

static int bad(char *err, size_t errlen, const char *field, unsigned long long v,
	       const char *why)
{
	snprintf(err, errlen, "damaged header: %s is %llu (%s)", field, v, why);
	return -1;
}

static int check_rra(const struct rrdhead *h, unsigned long i, unsigned long long *bytes,
		     char *err, size_t errlen)
{
	const struct rrdhead_rra *r = &h->rra[i];
	const unsigned long long max = (unsigned long long)RRDHEAD_MAX_SECONDS;
	unsigned long long row, size;
	char name[64];

	snprintf(name, sizeof(name), "rra[%lu].pdp_per_row", i);
	if (r->pdp_per_row == 0 || r->pdp_per_row > max / h->pdp_step)
		return bad(err, errlen, name, r->pdp_per_row,
			   "a row must be 1 s to 2^40 s long");
	row = (unsigned long long)r->pdp_per_row * h->pdp_step;
	snprintf(name, sizeof(name), "rra[%lu].rows", i);
	if (r->rows == 0 || r->rows > max / row)
		return bad(err, errlen, name, r->rows, "an archive must span 1 s to 2^40 s");
	snprintf(name, sizeof(name), "rra[%lu].cur_row", i);
	if (r->cur_row >= r->rows)
		return bad(err, errlen, name, r->cur_row, "past the archive's last row");
	/* rows < 2^40 and nds < 2^20 (checked first): no overflow in the product. */
	size = (unsigned long long)r->rows * h->nds * VALUE_BYTES;
	/* *bytes <= file_size < 2^63 before, size < 2^63: the sum cannot overflow. */
	*bytes += size;
	if (*bytes > h->file_size) {
		snprintf(err, errlen, "damaged header: its RRAs need more than the %llu bytes "
			 "of the file", h->file_size);
		return -1;
	}
	return 0;
}

int rrdhead_check(const struct rrdhead *h, char *err, size_t errlen)
{
	const unsigned long long max = (unsigned long long)RRDHEAD_MAX_SECONDS;
	unsigned long long bytes = h->header_size;

	if (h->pdp_step == 0 || h->pdp_step > max)
		return bad(err, errlen, "step", h->pdp_step, "must be 1 s to 2^40 s");
	if (h->nds == 0 || h->nds >= 1UL << 20)
		return bad(err, errlen, "the number of data sources", h->nds,
			   "must be 1 to 2^20 - 1");
	if (h->nrra == 0 || h->nrra >= 1UL << 20)
		return bad(err, errlen, "the number of RRAs", h->nrra, "must be 1 to 2^20 - 1");
	if (h->last_update < 0 || h->last_update > RRDHEAD_MAX_SECONDS)
		return bad(err, errlen, "last_update", (unsigned long long)h->last_update,
			   "must be 0 to 2^40");
	if (h->file_size >= 1ULL << 63)
		return bad(err, errlen, "the file size", h->file_size, "must be below 2^63");
	if (h->header_size > h->file_size)
		return bad(err, errlen, "header_size", h->header_size, "larger than the file");
	for (unsigned long i = 0; i < h->nrra; i++)
		if (check_rra(h, i, &bytes, err, errlen) != 0)
			return -1;
	return 0;
}
