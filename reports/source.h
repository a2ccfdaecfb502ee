/*
 * source — one service's history as a series, whatever it is made of: its archive, read
 * by reader.c, or for a composite its components' sources combined by composite.c (so
 * composites nest).  Reports and back-tests read every service through here.
 */
#ifndef SOURCE_H
#define SOURCE_H

#include <stddef.h>
#include <time.h>

#include "config.h"
#include "reader.h"
#include "series.h"

/*
 * Reads service svc of config c for [t0, t1), every FLUSH through the config's rrdcached
 * bounded by flush_deadline (reader_read_until()).  An archive without rows in the window
 * is an empty series (no data is a verdict, not an error).  READER_OK with a new series
 * (caller frees with series_release()), or another status with a message; a composite
 * takes the status and message of the first component that could not be read, its name
 * in front.
 */
enum reader_status source_read(const struct config *c, const struct config_service *svc,
			       time_t t0, time_t t1, double flush_deadline, struct series **out,
			       char *err, size_t errlen);

/*
 * The same, and for a composite also the series of its direct components, on the grid
 * they were read on (composite_combine()'s input), for attributing its down time
 * (attrib.h): *parts a new array of *nparts series (caller frees with
 * source_parts_release()); NULL and 0 for a service with an archive, or on failure.
 */
enum reader_status source_read_parts(const struct config *c, const struct config_service *svc,
				     time_t t0, time_t t1, double flush_deadline,
				     struct series **out, struct series ***parts, size_t *nparts,
				     char *err, size_t errlen);
void source_parts_release(struct series **parts, size_t n);

#endif
