#include "composite.h"
#include "sla.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Shares within this of 0 or 1 are 0 or 1 (they are sums of products of librrd's rates). */
#define SHARE_EPS 1e-9

double composite_worst_share(const double *f, size_t n, size_t m)
{
	double lo = 0, hi = 1, ones = 0;
	int whole = 1;

	if (m == 0)
		return 1;
	for (size_t i = 0; i < n; i++) {
		if (f[i] > 1 - SHARE_EPS)
			ones++;
		else if (f[i] > SHARE_EPS)
			whole = 0;
	}
	if (whole)
		return ones >= (double)m ? 1 : 0;
	/* g(T) = sum(min(f, T)) - m T is concave with g(0) = 0: bisect for its last root. */
	for (int it = 0; it < 60; it++) {
		double t = (lo + hi) / 2, sum = 0;

		for (size_t i = 0; i < n; i++)
			sum += fmin(fmax(f[i], 0), t);
		if (sum >= (double)m * t - 1e-15)
			lo = t;
		else
			hi = t;
	}
	return lo;
}

void composite_part_shares(const struct series *p, time_t lo, time_t hi, struct sla_shares *out)
{
	time_t ps = p->start, pe = p->start + (time_t)p->n * p->step;
	double span = (double)(hi - lo), covered = 0;

	memset(out, 0, sizeof(*out));
	if (hi > ps && lo < pe) {
		size_t i = lo > ps ? (size_t)((lo - ps) / p->step) : 0;

		for (; i < p->n; i++) {
			time_t rs = ps + (time_t)i * p->step, re = rs + p->step;
			double w = (double)((re < hi ? re : hi) - (rs > lo ? rs : lo));
			struct sla_shares sh;

			if (rs >= hi)
				break;
			if (w <= 0)
				continue;
			sla_row_shares(p, i, &sh);
			out->ok += w * sh.ok;
			out->warn += w * sh.warn;
			out->down += w * sh.down;
			out->maint += w * sh.maint;
			out->unmon += w * sh.unmon;
			covered += w;
		}
	}
	out->ok /= span;
	out->warn /= span;
	out->down /= span;
	out->maint /= span;
	out->unmon = (out->unmon + span - covered) / span;
}

/* Writes one row of the result from the composite's shares. */
static void put_row(struct series *s, size_t i, double ok, double warn, double maint,
		    double unmon)
{
	double known = 1 - unmon, rest = known - maint;

	s->cover[i] = known;
	if (known <= SHARE_EPS) {
		s->avail[i] = s->warn[i] = s->downtime[i] = NAN;
		return;
	}
	s->downtime[i] = maint / known;
	if (rest <= SHARE_EPS) {
		s->avail[i] = 1;
		s->warn[i] = 0;
		return;
	}
	s->avail[i] = (ok + warn) / rest;
	s->warn[i] = warn / rest;
}

/* One row: the worst arrangement of the parts' shares inside it (composite.h). */
static void combine_row(struct series *s, size_t i, const struct series *const *parts,
			size_t n, size_t k, double *f, struct sla_shares *sh)
{
	time_t lo = s->start + (time_t)i * s->step;
	size_t m = n - k + 1;
	double down, dm, notup, notok;

	for (size_t p = 0; p < n; p++)
		composite_part_shares(parts[p], lo, lo + s->step, &sh[p]);
	for (size_t p = 0; p < n; p++) {
		f[p] = sh[p].down;
		f[n + p] = sh[p].down + sh[p].maint;
		f[2 * n + p] = sh[p].down + sh[p].maint + sh[p].unmon;
		f[3 * n + p] = 1 - sh[p].ok;
	}
	down = composite_worst_share(f, n, m);
	dm = fmax(down, composite_worst_share(f + n, n, m));
	notup = fmax(dm, composite_worst_share(f + 2 * n, n, m));
	notok = fmax(notup, composite_worst_share(f + 3 * n, n, m));
	put_row(s, i, 1 - notok, notok - notup, dm - down, notup - dm);
}

struct series *composite_combine(const struct series *const *parts, size_t n, size_t k,
				 time_t t0, time_t t1, char *err, size_t errlen)
{
	long step = 0, archive_step = 0;
	struct series *s;
	struct sla_shares *sh;
	double *f;
	time_t start;
	size_t rows;

	if (parts == NULL || n == 0 || k < 1 || k > n || t1 <= t0) {
		snprintf(err, errlen, "cannot combine components: bad arguments");
		return NULL;
	}
	for (size_t p = 0; p < n; p++) {
		if (parts[p] == NULL || parts[p]->step <= 0) {
			snprintf(err, errlen, "cannot combine components: a component has no rows");
			return NULL;
		}
		step = parts[p]->step > step ? parts[p]->step : step;
		archive_step = parts[p]->archive_step > archive_step ? parts[p]->archive_step
								      : archive_step;
	}
	start = t0 - (t0 % step + step) % step;
	rows = (size_t)((t1 - start + step - 1) / step);
	s = series_new(start, step, rows, 0, 1, 1, 1);
	f = malloc(4 * n * sizeof(*f));		/* four states' shares of every part */
	sh = malloc(n * sizeof(*sh));
	if (s == NULL || f == NULL || sh == NULL) {
		series_release(s);
		free(f);
		free(sh);
		snprintf(err, errlen, "cannot combine components: out of memory");
		return NULL;
	}
	s->archive_step = archive_step;
	for (size_t i = 0; i < rows; i++)
		combine_row(s, i, parts, n, k, f, sh);
	free(f);
	free(sh);
	return s;
}
