/*
 * The scorecard's measures file (scorecard_csv.h): any bytes as the CSV of external
 * measures, parsed with periods in a zone with DST, looked up and released.
 */
#include <stdlib.h>

#include "fuzz.h"
#include "nines.h"
#include "scorecard_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[NINES_ERRLEN] = "";
	struct sc_csv *t;

	if (size > SC_CSV_MAX_BYTES)
		return 0;
	t = sc_csv_parse((const char *)data, size, "fuzz.csv", "Europe/Berlin", err,
			 sizeof(err));
	if (t == NULL) {
		if (err[0] == '\0')
			abort();	/* a failure must say why */
		return 0;
	}
	for (size_t i = 0; i < t->nrows; i++)
		if (sc_csv_row(t, t->rows[i].t0, t->rows[i].t1) == NULL)
			abort();	/* every row is found by its own period */
	(void)sc_csv_column(t, "period");
	sc_csv_release(t);
	return 0;
}
