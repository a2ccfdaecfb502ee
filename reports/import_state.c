#include "import.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Nagios's service states (OK, WARNING, CRITICAL, UNKNOWN) and host states (UP, DOWN,
 * UNREACHABLE) as availability sees them: README "sla-report import" documents each. */
static const enum import_state service_map[4] = {
	IMPORT_UP, IMPORT_WARNING, IMPORT_DOWN, IMPORT_NONE,
};
static const enum import_state host_map[3] = { IMPORT_UP, IMPORT_DOWN, IMPORT_DOWN };

/* The state machine's whole world besides the objects. */
struct machine {
	const struct import_options *o;
	int running;		/* between a program start and a stop; 1 until the first stop */
};

static int push(struct import_object *obj, long long when, int state, int downtime)
{
	struct import_segment *last = obj->nsegs > 0 ? &obj->segs[obj->nsegs - 1] : NULL;

	if (last != NULL && last->state == state && last->downtime == downtime)
		return 0;
	if (last != NULL && last->start == when) {
		/* Several lines of one second: the last one holds from that second on. */
		last->state = (unsigned char)state;
		last->downtime = (unsigned char)downtime;
		if (obj->nsegs > 1 && last[-1].state == state && last[-1].downtime == downtime)
			obj->nsegs--;
		return 0;
	}
	if (obj->nsegs == obj->capsegs) {
		size_t n = obj->capsegs ? obj->capsegs * 2 : 16;
		struct import_segment *s = realloc(obj->segs, n * sizeof(*s));

		if (s == NULL)
			return -1;
		obj->segs = s;
		obj->capsegs = n;
	}
	obj->segs[obj->nsegs].start = when;
	obj->segs[obj->nsegs].state = (unsigned char)state;
	obj->segs[obj->nsegs].downtime = (unsigned char)downtime;
	obj->nsegs++;
	return 0;
}

/* What obj is in now: its last state unless the program is stopped, its or its host's downtime. */
static int settle(const struct machine *m, struct import_log *l, size_t i, long long when)
{
	struct import_object *obj = &l->objects[i];
	int state = m->running || m->o->assume_while_stopped ? obj->state : IMPORT_NONE;
	int downtime = obj->downtime || l->objects[obj->host_object].downtime;

	return push(obj, when, state, downtime);
}

static int settle_all(const struct machine *m, struct import_log *l, long long when, size_t host)
{
	for (size_t i = 0; i < l->nobjects; i++)
		if ((host == (size_t)-1 || l->objects[i].host_object == host) &&
		    (l->objects[i].nsegs > 0 || i == host) && settle(m, l, i, when) != 0)
			return -1;
	return 0;
}

static int step(struct machine *m, struct import_log *l, const struct import_event *e)
{
	/* Program lines name no object, and a log may have none at all. */
	struct import_object *obj = e->kind == NAGIOSLOG_PROGRAM_START ||
				    e->kind == NAGIOSLOG_PROGRAM_STOP ? NULL : &l->objects[e->object];

	switch (e->kind) {
	case NAGIOSLOG_SERVICE_STATE:
	case NAGIOSLOG_HOST_STATE:
		if (!e->hard && !m->o->soft_states) {
			l->soft_skipped++;
			return 0;
		}
		obj->state = e->kind == NAGIOSLOG_SERVICE_STATE ? service_map[e->state & 3]
				: host_map[e->state < 3 ? e->state : 2];
		obj->events++;
		return settle(m, l, e->object, e->when);
	case NAGIOSLOG_SERVICE_DOWNTIME:
		obj->downtime = e->downtime;
		obj->events++;
		return settle(m, l, e->object, e->when);
	case NAGIOSLOG_HOST_DOWNTIME:
		obj->downtime = e->downtime;
		obj->events++;
		return settle_all(m, l, e->when, e->object);
	case NAGIOSLOG_PROGRAM_START:
	case NAGIOSLOG_PROGRAM_STOP:
		m->running = e->kind == NAGIOSLOG_PROGRAM_START;
		return settle_all(m, l, e->when, (size_t)-1);
	default:
		return 0;
	}
}

int import_replay(struct import_log *l, const struct import_options *o)
{
	struct machine m = { o, 1 };

	for (size_t i = 0; i < l->nobjects; i++) {
		l->objects[i].nsegs = 0;
		l->objects[i].state = IMPORT_NONE;
		l->objects[i].downtime = 0;
		l->objects[i].events = 0;
	}
	for (size_t i = 0; i < l->nevents; i++)
		if (step(&m, l, &l->events[i]) != 0)
			return -1;
	return 0;
}

long long import_end(const struct import_log *l, const struct import_options *o)
{
	return o->until > 0 ? o->until : l->last_time;
}

double import_cover_value(long long prev, long long when, long step)
{
	if (prev < 0 || when - prev > 2 * step || when <= prev)
		return 0;
	return (double)(when - prev);
}

struct builder {
	struct import_update *u;
	size_t n, cap;
	long long prev;		/* the last update's time, -1 none */
	long step;
};

static int emit(struct builder *b, long long when, int state, int downtime)
{
	struct import_update *u;

	if (b->n == b->cap) {
		size_t n = b->cap ? b->cap * 2 : 256;
		struct import_update *p = realloc(b->u, n * sizeof(*p));

		if (p == NULL)
			return -1;
		b->u = p;
		b->cap = n;
	}
	u = &b->u[b->n++];
	u->when = when;
	u->avail = state == IMPORT_NONE ? NAN : state == IMPORT_DOWN ? 0 : 1;
	u->warn = state == IMPORT_NONE ? NAN : state == IMPORT_WARNING;
	u->downtime = state == IMPORT_NONE ? NAN : downtime;
	u->cover = import_cover_value(b->prev, when, b->step);
	b->prev = when;
	return 0;
}

/* One known stretch [a, e): closes what came before at a, then every 2 x step and at e. */
static int emit_known(struct builder *b, long long a, long long e, int state, int downtime)
{
	long long hb = 2 * (long long)b->step;

	if (b->prev != a && emit(b, a, IMPORT_NONE, 0) != 0)
		return -1;
	for (long long g = (a / hb + 1) * hb; g < e; g += hb)
		if (emit(b, g, state, downtime) != 0)
			return -1;
	return emit(b, e, state, downtime);
}

struct import_update *import_updates(const struct import_object *obj, long long since,
				     long long end, long step, size_t *n)
{
	struct builder b = { NULL, 0, 0, -1, step };
	/*
	 * The last state is carried to the end of the step that holds the end: librrd
	 * completes a row only when an update reaches its end, and the state did not stop
	 * when the log did.
	 */
	long long last = (end + step - 1) / step * step;

	for (size_t i = 0; i < obj->nsegs; i++) {
		long long a = obj->segs[i].start;
		long long e = i + 1 < obj->nsegs ? obj->segs[i + 1].start : last;

		if (a < since)
			a = since;
		if (e > last)
			e = last;
		if (a >= e || obj->segs[i].state == IMPORT_NONE)
			continue;
		if (emit_known(&b, a, e, obj->segs[i].state, obj->segs[i].downtime) != 0) {
			free(b.u);
			*n = 1;
			return NULL;
		}
	}
	*n = b.n;
	return b.u;
}
