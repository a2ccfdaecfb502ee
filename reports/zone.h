/*
 * zone — a time zone handle: local wall clock <-> epoch seconds, DST-correct.
 *
 * The C library reads the zone from the process-wide TZ; this module is the only code
 * that switches it.  Every call below switches TZ to its zone, does its work and puts
 * TZ back as it found it, under one lock, so threads may share handles and call these
 * at any time.  Between calls, TZ and the C library's local time are the process's own
 * (the user's zone, for code that means it); a localtime_r() elsewhere must not run
 * while another thread is inside a call here.
 */
#ifndef ZONE_H
#define ZONE_H

#include <stddef.h>
#include <time.h>

struct zone;

/*
 * Returns a handle for the zone name (an Olson name like "Europe/Berlin"; NULL, "" or
 * "UTC" for UTC); caller frees with zone_release().  NULL with "unknown time zone 'X'"
 * when name is not a zone file of the system's zoneinfo.
 */
struct zone *zone_open(const char *name, char *err, size_t errlen);
void zone_release(struct zone *z);

/* The name as given to zone_open ("" for NULL). */
const char *zone_name(const struct zone *z);

/*
 * Keeps TZ switched to z until zone_leave(z), so that a computation of many calls below
 * switches once instead of once per call.  The calling thread holds the module's lock
 * in between: other threads' zone calls wait.  Pairs nest.  0, or -1 with a message
 * when TZ cannot be set (out of memory).
 */
int zone_enter(const struct zone *z, char *err, size_t errlen);
void zone_leave(const struct zone *z);
/*
 * For a writer that names many times in one zone: zone_open() and zone_enter() together.
 * NULL when either fails (the writer then names times as epochs); else leave and release
 * with zone_close_entered().
 */
struct zone *zone_open_entered(const char *name);
void zone_close_entered(struct zone *z);

/* localtime_r(t) in z.  0, or -1. */
int zone_local(const struct zone *z, time_t t, struct tm *tm);

/*
 * The first instant at which the wall clock in z reads tm (year, month, day, hour,
 * minute, second; tm_isdst and tm_wday are ignored, hour 24 is the next midnight) or
 * later: a time in a spring-forward gap becomes the end of the gap, a time repeated by
 * a fall-back its first occurrence.  (time_t)-1 with errno when TZ cannot be set.
 */
time_t zone_mktime(const struct zone *z, const struct tm *tm);

/* The local day of t in z as a day number (days since 1970-01-01, see civil.h). */
long zone_day(const struct zone *z, time_t t);

/* The first instant of local day dn in z. */
time_t zone_midnight(const struct zone *z, long dn);

/* Formats t in z as "2026-10-25 02:30:00 CET" (ISO date and time, zone).  0, or -1 ("" in buf). */
int zone_format(const struct zone *z, time_t t, char *buf, size_t buflen);
/*
 * What the renderers show for an instant: t as zone_format() writes it, or "@EPOCH" when
 * z is NULL (the zone could not be opened) or t cannot be formatted.  Returns buf.
 */
const char *zone_when(const struct zone *z, time_t t, char *buf, size_t buflen);
/* The date part of zone_when(): "2026-10-25" (an "@EPOCH" cut to as many characters). */
const char *zone_date(const struct zone *z, time_t t, char *buf, size_t buflen);

#endif
