/*
 * The RRD header checks: the input is read as a header's numbers (step, header size, data
 * sources, last update, file size, then RRAs of four numbers each).  When the check passes,
 * the arithmetic the reader and librrd then do with them must not overflow; UBSan aborts
 * when it does.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "nines.h"
#include "rrdhead.h"

#define MAX_RRA 16

static unsigned long long take(const uint8_t **p, size_t *left)
{
	unsigned long long v = 0;
	size_t n = *left < sizeof(v) ? *left : sizeof(v);

	memcpy(&v, *p, n);
	*p += n;
	*left -= n;
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rrdhead_rra rra[MAX_RRA];
	struct rrdhead h;
	char err[NINES_ERRLEN];
	const uint8_t *p = data;
	size_t left = size;

	h.pdp_step = (unsigned long)take(&p, &left);
	h.header_size = (unsigned long)take(&p, &left);
	h.nds = (unsigned long)take(&p, &left);
	h.last_update = (long long)take(&p, &left);
	h.file_size = take(&p, &left);
	h.nrra = 0;
	while (left > 0 && h.nrra < MAX_RRA) {
		struct rrdhead_rra *r = &rra[h.nrra++];

		r->average = (int)(take(&p, &left) & 1);
		r->rows = (unsigned long)take(&p, &left);
		r->pdp_per_row = (unsigned long)take(&p, &left);
		r->cur_row = (unsigned long)take(&p, &left);
	}
	h.rra = rra;
	if (rrdhead_check(&h, err, sizeof(err)) != 0) {
		if (strncmp(err, "damaged header: ", 16) != 0)
			abort();
		return 0;
	}
	/* What reader.c and librrd's fetch compute from a header that passed, signed. */
	for (unsigned long i = 0; i < h.nrra; i++) {
		long long row = (long long)(h.pdp_step * rra[i].pdp_per_row);
		long long end = h.last_update - h.last_update % row;
		long long oldest = end - (long long)rra[i].rows * row;
		unsigned long long bytes = (unsigned long long)rra[i].rows * h.nds * 8;

		if (row <= 0 || oldest > end || bytes > h.file_size)
			abort();
	}
	return 0;
}
