#include "source.h"
#include "composite.h"
#include "nines.h"
#include "report.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static enum reader_status read_archive(const struct config *c, const struct config_service *svc,
				       time_t t0, time_t t1, double deadline, struct series **out,
				       char *err, size_t errlen)
{
	char path[PATH_MAX];

	enum reader_status st;

	if (report_archive_path(&svc->archive, path, sizeof(path), err, errlen) != 0)
		return READER_MISSING;
	st = reader_read_until(path, t0, t1, c->rrdcached, deadline, out, err, errlen);
	/*
	 * An archive that keeps no rows of the period has no data for it, which is a verdict
	 * (no data), not a failure to read: the engine sees a series without rows.
	 */
	if (st != READER_NO_DATA)
		return st;
	if ((*out = series_new(t0, 60, 0, 0, 0, 0, 0)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return READER_UNREADABLE;
	}
	(*out)->archive_step = 60;
	return READER_OK;
}

/* keep: NULL to release the components' series, else where to hand them over. */
static enum reader_status read_composite(const struct config *c,
					 const struct config_service *svc, time_t t0, time_t t1,
					 double deadline, struct series **out,
					 struct series ***keep, char *err, size_t errlen)
{
	struct series **parts = calloc(svc->ncomponents, sizeof(*parts));
	enum reader_status st = READER_OK;
	char why[NINES_ERRLEN];
	size_t n = 0;

	if (parts == NULL) {
		snprintf(err, errlen, "out of memory");
		return READER_UNREADABLE;
	}
	for (; n < svc->ncomponents && st == READER_OK; n++) {
		const struct config_service *part = &c->services[svc->components[n]];
		struct series *s = NULL;

		st = source_read(c, part, t0, t1, deadline, &s, why, sizeof(why));
		if (st != READER_OK)
			snprintf(err, errlen, "component '%s': %s", part->name, why);
		parts[n] = s;
	}
	if (st == READER_OK &&
	    (*out = composite_combine((const struct series *const *)parts, n, svc->rule_k, t0,
				      t1, err, errlen)) == NULL)
		st = READER_UNREADABLE;
	if (st == READER_OK && keep != NULL) {
		*keep = parts;
		return st;
	}
	source_parts_release(parts, n);
	return st;
}

void source_parts_release(struct series **parts, size_t n)
{
	for (size_t i = 0; parts != NULL && i < n; i++)
		series_release(parts[i]);
	free(parts);
}

enum reader_status source_read_parts(const struct config *c, const struct config_service *svc,
				     time_t t0, time_t t1, double flush_deadline,
				     struct series **out, struct series ***parts, size_t *nparts,
				     char *err, size_t errlen)
{
	enum reader_status st;

	*out = NULL;
	if (parts != NULL) {
		*parts = NULL;
		*nparts = 0;
	}
	if (svc->ncomponents == 0)
		return read_archive(c, svc, t0, t1, flush_deadline, out, err, errlen);
	st = read_composite(c, svc, t0, t1, flush_deadline, out, parts, err, errlen);
	if (st == READER_OK && parts != NULL)
		*nparts = svc->ncomponents;
	return st;
}

enum reader_status source_read(const struct config *c, const struct config_service *svc,
			       time_t t0, time_t t1, double flush_deadline, struct series **out,
			       char *err, size_t errlen)
{
	return source_read_parts(c, svc, t0, t1, flush_deadline, out, NULL, NULL, err, errlen);
}
