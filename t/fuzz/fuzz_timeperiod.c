/*
 * The timeperiod parser and the calendar: each input line is added to a calendar (the
 * first byte says include or exclude), and a parsed calendar is expanded over a month
 * that holds a DST change, so that what the parser accepts is also what the calendar can use.
 */
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "fuzz.h"
#include "nines.h"
#include "timeperiod.h"

/* 2026-10-01 .. 2026-11-01 UTC: Europe/Berlin leaves summer time on 10-25. */
#define T0 ((time_t)1790812800)
#define T1 ((time_t)1793491200)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *line, *save = NULL, err[NINES_ERRLEN];
	struct cal *c;
	struct ival_list l = IVAL_LIST_INIT;
	struct tp_entry e;
	int include = size > 0 && (data[0] & 1), ok = 1;

	if (size > 4096 || (text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if ((c = cal_new("Europe/Berlin", err, sizeof(err))) == NULL)
		abort();
	for (line = strtok_r(size > 0 ? text + 1 : text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		int a = tp_parse(line, include, &e, err, sizeof(err));
		int b = cal_add(c, line, include, err, sizeof(err));

		if (a != b)
			abort();	/* the calendar takes exactly what the parser takes */
		ok &= b == 0;
	}
	if (ok && cal_intervals(c, T0, T1, &l, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < l.n; i++)
			if (l.v[i].start < T0 || l.v[i].end > T1 || l.v[i].start >= l.v[i].end ||
			    (i > 0 && l.v[i].start <= l.v[i - 1].end))
				abort();	/* sorted, disjoint, inside the window */
	}
	ival_list_release(&l);
	cal_release(c);
	free(text);
	return 0;
}
