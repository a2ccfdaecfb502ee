#include "scorecard_build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "scorecard_csv.h"
#include "scorecard_measures.h"
#include "window.h"
#include "zone.h"

/* The first day of the month holding day dn, as a day number. */
static int month_first(long dn)
{
	return date_month_start(dn, 0) == dn;
}

int sc_previous_period(const char *tz, time_t t0, time_t t1, time_t *p0, time_t *p1,
		       char *err, size_t errlen)
{
	struct zone *z = zone_open(tz, err, errlen);
	long d0, d1;
	int months = 0;

	if (z == NULL)
		return -1;
	*p1 = t0;
	*p0 = t0 - (t1 - t0);
	d0 = zone_day(z, t0);
	d1 = zone_day(z, t1);
	if (zone_midnight(z, d0) == t0 && zone_midnight(z, d1) == t1 && d1 > d0) {
		*p0 = zone_midnight(z, d0 - (d1 - d0));
		if (month_first(d0) && month_first(d1)) {
			while (date_month_start(d0, months) < d1)
				months++;
			*p0 = zone_midnight(z, date_month_start(d0, -months));
		}
	}
	zone_release(z);
	return 0;
}

static int has_measure(const struct sc_def *d, enum sc_measure m)
{
	for (size_t p = 0; p < SC_NPERSP; p++)
		for (size_t i = 0; i < d->persp[p].nkpis; i++)
			if (d->persp[p].kpis[i].measure == m)
				return 1;
	return 0;
}

/*
 * The start of the report the chronic clauses need: for each service with a clause of N
 * windows, the start of the N-th last whole window that ends at or before `end`.
 */
static int chronic_start(const struct config *c, time_t end, time_t *start, char *err,
			 size_t errlen)
{
	*start = end;
	for (size_t i = 0; i < c->nservices; i++) {
		const struct config_service *s = &c->services[i];
		long back = (s->chronic.of + 1) * cal_window_max_days(s->window, s->rolling_days) + 2;
		struct ival *w = NULL;
		size_t n = 0;

		if (s->chronic.of == 0)
			continue;
		if (cal_windows(s->window, s->rolling_days, s->tz, end - back * 86400, end, 0,
				&w, &n, NULL, err, errlen) != 0)
			return -1;
		if (n > 0) {
			size_t first = n > (size_t)s->chronic.of ? n - (size_t)s->chronic.of : 0;

			if (w[first].start < *start)
				*start = w[first].start;
		}
		free(w);
	}
	return 0;
}

/* Every KPI's value in one period; r its report, ch the chronic one, t the file. */
static void fill(struct sc_card *card, int prev, const struct report *r,
		 const struct report *ch, const struct sc_csv *t)
{
	time_t t0 = prev ? card->prev_t0 : card->t0, t1 = prev ? card->prev_t1 : card->t1;

	for (size_t p = 0; p < SC_NPERSP; p++)
		for (size_t i = 0; i < card->persp[p].def->nkpis; i++) {
			struct sc_kpi_result *kr = &card->persp[p].kpis[i];
			struct sc_value *v = prev ? &kr->prev : &kr->cur;

			if (kr->kpi->measure == SC_CSV)
				sc_measure_csv(kr->kpi, t, t0, t1, v);
			else
				sc_measure_engine(kr->kpi, r, ch, t1, v);
		}
}

/* The measures file, with every column a KPI names.  NULL when none is needed. */
static int load_measures(const struct sc_def *d, const char *tz, struct sc_csv **out,
			 const char *cfgname, char *err, size_t errlen)
{
	*out = NULL;
	if (d->measures == NULL)
		return 0;
	if ((*out = sc_csv_load(d->measures, tz, err, errlen)) == NULL)
		return -1;
	for (size_t p = 0; p < SC_NPERSP; p++)
		for (size_t i = 0; i < d->persp[p].nkpis; i++) {
			const struct sc_kpi *k = &d->persp[p].kpis[i];

			if (k->measure == SC_CSV && sc_csv_column(*out, k->column) < 0) {
				snprintf(err, errlen, "%s: no column '%s' (KPI '%s' at %s:%d)",
					 d->measures, k->column, k->name, cfgname, k->line);
				return -1;
			}
		}
	return 0;
}

int sc_build(struct sc_card *card, const struct config *c, const char *tz, time_t t0,
	     time_t t1, time_t now, const struct report *cur, int nthreads, char *err,
	     size_t errlen)
{
	struct report own, prev, ch;
	int have_own = 0, have_prev = 0, have_ch = 0, rc = -1;
	struct sc_csv *t = NULL;
	const char **clauses = NULL;
	time_t ch0;

	if (sc_card_init(card, c->scorecard) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	card->title = c->title;
	card->font = c->font;
	card->logo = c->logo;
	card->tz = tz;
	card->generated_at = now;
	card->t0 = t0;
	card->t1 = t1;
	if (sc_previous_period(tz, t0, t1, &card->prev_t0, &card->prev_t1, err, errlen) != 0 ||
	    load_measures(c->scorecard, tz, &t, c->file, err, errlen) != 0)
		goto out;
	if (cur == NULL) {
		if (report_build(&own, c, tz, t0, t1, now, NULL, nthreads, err, errlen) != 0)
			goto out;
		have_own = 1;
		cur = &own;
	}
	if (report_build(&prev, c, tz, card->prev_t0, card->prev_t1, now, NULL, nthreads, err,
			 errlen) != 0)
		goto out;
	have_prev = 1;
	/*
	 * One report reaches back far enough for the clauses of both periods; it reads only
	 * the services that have a clause.
	 */
	if (has_measure(c->scorecard, SC_CHRONIC)) {
		struct report_filter f = { 0 };

		if ((clauses = calloc(c->nservices + 1, sizeof(*clauses))) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < c->nservices; i++)
			if (c->services[i].chronic.of > 0)
				clauses[f.nservices++] = c->services[i].name;
		f.services = clauses;
		if (chronic_start(c, card->prev_t1, &ch0, err, errlen) != 0 ||
		    report_build(&ch, c, tz, ch0, t1, now, &f, nthreads, err, errlen) != 0)
			goto out;
		have_ch = 1;
	}
	fill(card, 0, cur, have_ch ? &ch : NULL, t);
	fill(card, 1, &prev, have_ch ? &ch : NULL, t);
	sc_card_score(card);
	rc = 0;
out:
	if (have_own)
		report_release(&own);
	if (have_prev)
		report_release(&prev);
	if (have_ch)
		report_release(&ch);
	sc_csv_release(t);
	free(clauses);
	if (rc != 0)
		sc_card_release(card);
	return rc;
}
