/*
 * cal — service calendars: Nagios/Icinga timeperiod lines (timeperiod.h) read in the
 * SLA's own time zone (zone.h), DST-correct, as lists of in-scope intervals (interval.h).
 * The calendar's compliance windows are in window.h; report periods in period.h.
 */
#ifndef CAL_H
#define CAL_H

#include <stddef.h>
#include <time.h>

#include "interval.h"
#include "window.h"

struct cal;

/*
 * Returns a new, empty calendar in time zone tz (an Olson name like "Europe/Berlin";
 * NULL or "" for UTC); caller frees with cal_release().  NULL with a message when tz is
 * not a known zone.
 */
struct cal *cal_new(const char *tz, char *err, size_t errlen);
void cal_release(struct cal *c);

/*
 * Adds one timeperiod line (the forms tp_parse() reads, e.g. "monday-friday 08:00-18:00").
 * include = 1 adds the time to the calendar, 0 adds it to the exclusions (holidays).
 * As in Nagios, a dated/day-of-month entry overrides the weekday entry of that day.
 * Returns 0, or -1 with a message saying what is wrong at which character.
 */
int cal_add(struct cal *c, const char *line, int include, char *err, size_t errlen);

/* 1 when nothing was added: the calendar is 24x7. */
int cal_is_24x7(const struct cal *c);

/* The calendar's in-scope time within [t0, t1): included ranges minus exclusions. */
int cal_intervals(const struct cal *c, time_t t0, time_t t1, struct ival_list *out,
		  char *err, size_t errlen);

/*
 * Formats t as local time in the zone named tz: "2026-10-25 02:30:00 CET" style (ISO
 * date and time, zone), for callers that hold a zone's name rather than a zone_open()
 * handle (zone_format()).  0, or -1 ("" in buf).
 */
int cal_format(time_t t, const char *tz, char *buf, size_t buflen);

#endif
