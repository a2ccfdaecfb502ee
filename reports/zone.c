#include "zone.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"

#define ZONEINFO  "/usr/share/zoneinfo"
#define TZ_MAXLEN 200
#define DAY_SECS  86400LL

struct zone {
	char name[TZ_MAXLEN + 1];
};

/*
 * The switch state, guarded by lock: depth counts the zone_enter() calls of the thread
 * that holds it (the lock is recursive, so the calls below nest inside zone_enter()).
 * While switched, TZ holds `current` and `saved` what it held before (was_set: TZ existed).
 */
static pthread_mutex_t lock;
static pthread_once_t lock_once = PTHREAD_ONCE_INIT;
static int depth;
static int switched;
static char current[TZ_MAXLEN + 1];
static char *saved;
static int was_set;
static char known[TZ_MAXLEN + 1];	/* the last zone name found good: cal_format opens often */

static void lock_init(void)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&lock, &a);
	pthread_mutexattr_destroy(&a);
}

static void lock_take(void)
{
	pthread_once(&lock_once, lock_init);
	pthread_mutex_lock(&lock);
}

static int is_utc(const char *name)
{
	return name == NULL || *name == '\0' || strcmp(name, "UTC") == 0;
}

/* The value TZ gets for z. */
static const char *tz_value(const struct zone *z)
{
	return is_utc(z->name) ? "UTC" : z->name;
}

/* Puts TZ back as it was before the first switch.  Lock held. */
static void restore(void)
{
	if (!switched)
		return;
	if (was_set)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	free(saved);
	saved = NULL;
	switched = 0;
	tzset();
}

/* Switches TZ to z unless it is there already.  Lock held. */
static int switch_to(const struct zone *z)
{
	const char *want = tz_value(z), *old;

	if (switched && strcmp(current, want) == 0)
		return 0;
	if (!switched) {
		old = getenv("TZ");
		was_set = old != NULL;
		if (old != NULL && (saved = strdup(old)) == NULL)
			return -1;
		switched = 1;
	}
	memcpy(current, want, strlen(want) + 1);	/* zone_check() bounded it */
	if (setenv("TZ", want, 1) != 0) {
		current[0] = '\0';	/* unknown: the next switch sets it again */
		return -1;
	}
	tzset();
	return 0;
}

/* Takes the lock with TZ in z, for one call; zone_done() ends it. */
static int zone_use(const struct zone *z)
{
	lock_take();
	if (switch_to(z) == 0)
		return 0;
	if (depth == 0)
		restore();
	pthread_mutex_unlock(&lock);
	return -1;
}

static void zone_done(void)
{
	if (depth == 0)
		restore();
	pthread_mutex_unlock(&lock);
}

/* A zone is a TZif file under ZONEINFO; glibc would silently use UTC for anything else. */
static int zone_check(const char *name)
{
	char path[sizeof(ZONEINFO) + TZ_MAXLEN + 1], magic[4];
	FILE *f;
	int ok = 0;

	if (is_utc(name) || strcmp(name, known) == 0)
		return 0;
	if (strlen(name) <= TZ_MAXLEN && name[0] != '/' && strstr(name, "..") == NULL &&
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/")
	    == strlen(name)) {
		snprintf(path, sizeof(path), "%s/%s", ZONEINFO, name);
		if ((f = fopen(path, "rb")) != NULL) {
			ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
			fclose(f);
		}
	}
	if (!ok)
		return -1;
	memcpy(known, name, strlen(name) + 1);
	return 0;
}

struct zone *zone_open(const char *name, char *err, size_t errlen)
{
	struct zone *z;
	int rc;

	lock_take();
	rc = zone_check(name);
	pthread_mutex_unlock(&lock);
	if (rc != 0) {
		snprintf(err, errlen, "unknown time zone '%s'", name);
		return NULL;
	}
	if ((z = calloc(1, sizeof(*z))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (name != NULL)
		memcpy(z->name, name, strlen(name) + 1);	/* zone_check() bounded it */
	return z;
}

void zone_release(struct zone *z)
{
	free(z);
}

const char *zone_name(const struct zone *z)
{
	return z->name;
}

struct zone *zone_open_entered(const char *name)
{
	char err[256];
	struct zone *z = zone_open(name, err, sizeof(err));

	if (z != NULL && zone_enter(z, err, sizeof(err)) != 0) {
		zone_release(z);
		return NULL;
	}
	return z;
}

void zone_close_entered(struct zone *z)
{
	if (z != NULL)
		zone_leave(z);
	zone_release(z);
}

int zone_enter(const struct zone *z, char *err, size_t errlen)
{
	if (zone_use(z) != 0) {
		snprintf(err, errlen, "cannot set time zone '%s': %s", z->name, strerror(errno));
		return -1;
	}
	depth++;
	return 0;
}

void zone_leave(const struct zone *z)
{
	(void)z;
	depth--;
	zone_done();
}

int zone_local(const struct zone *z, time_t t, struct tm *tm)
{
	int rc;

	if (zone_use(z) != 0)
		return -1;
	rc = localtime_r(&t, tm) != NULL ? 0 : -1;
	zone_done();
	return rc;
}

/* ---- local wall clock <-> epoch, with TZ switched ---- */

static long long utc_offset(time_t t)
{
	struct tm tm;

	return localtime_r(&t, &tm) != NULL ? tm.tm_gmtoff : 0;
}

/*
 * The first instant at which the wall clock reads `wall` (local seconds since
 * 1970-01-01 00:00 local) or later.  mktime() gives the guess; its choice inside a
 * spring-forward gap or a fall-back overlap is unspecified, so the offset change near
 * the guess is located and the rule applied explicitly: a time in a gap becomes the
 * end of the gap, a repeated time its first occurrence.
 */
static time_t wall_to_epoch(long long wall)
{
	long dn = civil_floor_div(wall, DAY_SECS);
	long secs = (long)(wall - dn * DAY_SECS);
	struct tm tm = { 0 };
	time_t guess, lo, hi, mid;
	long long off_lo, off_hi;
	int y, m, d;

	civil_date(dn, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = (int)(secs / 3600);
	tm.tm_min = (int)(secs / 60 % 60);
	tm.tm_sec = (int)(secs % 60);
	tm.tm_isdst = -1;
	guess = mktime(&tm);
	if (guess == (time_t)-1)
		guess = (time_t)wall;
	lo = guess - DAY_SECS / 2;
	hi = guess + DAY_SECS / 2;
	off_lo = utc_offset(lo);
	off_hi = utc_offset(hi);
	if (off_lo == off_hi)
		return (time_t)(wall - off_lo);
	while (hi - lo > 1) {		/* hi ends as the first second of the new offset */
		mid = lo + (hi - lo) / 2;
		if (utc_offset(mid) == off_lo)
			lo = mid;
		else
			hi = mid;
	}
	off_hi = utc_offset(hi);
	if (wall - off_lo < hi)
		return (time_t)(wall - off_lo);
	if (wall - off_hi >= hi)
		return (time_t)(wall - off_hi);
	return hi;
}

time_t zone_mktime(const struct zone *z, const struct tm *tm)
{
	long long wall = civil_days(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday) * DAY_SECS +
			 tm->tm_hour * 3600LL + tm->tm_min * 60LL + tm->tm_sec;
	time_t t;

	if (zone_use(z) != 0)
		return (time_t)-1;
	t = wall_to_epoch(wall);
	zone_done();
	return t;
}

long zone_day(const struct zone *z, time_t t)
{
	struct tm tm;

	if (zone_local(z, t, &tm) != 0)
		return civil_floor_div(t, DAY_SECS);
	return civil_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

time_t zone_midnight(const struct zone *z, long dn)
{
	struct tm tm = { 0 };
	int y, m, d;

	civil_date(dn, &y, &m, &d);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return zone_mktime(z, &tm);
}

int zone_format(const struct zone *z, time_t t, char *buf, size_t buflen)
{
	struct tm tm;
	size_t n = 0;

	if (buflen > 0)
		buf[0] = '\0';
	if (zone_use(z) != 0)
		return -1;
	if (localtime_r(&t, &tm) != NULL)
		n = strftime(buf, buflen, "%Y-%m-%d %H:%M:%S %Z", &tm);
	zone_done();
	if (n == 0) {
		if (buflen > 0)
			buf[0] = '\0';
		return -1;
	}
	return 0;
}

const char *zone_when(const struct zone *z, time_t t, char *buf, size_t buflen)
{
	if (z == NULL || zone_format(z, t, buf, buflen) != 0)
		snprintf(buf, buflen, "@%lld", (long long)t);
	return buf;
}

const char *zone_date(const struct zone *z, time_t t, char *buf, size_t buflen)
{
	char full[64];

	snprintf(buf, buflen, "%.10s", zone_when(z, t, full, sizeof(full)));
	return buf;
}
