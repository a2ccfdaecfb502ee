#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "mailaddr.h"
#include "nines.h"
#include "num.h"
#include "readfile.h"
#include "zone.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MSGLEN 512
/* Merging or ignoring outages across more than a year is never what an SLA means. */
#define MAX_DURATION (366L * 86400)
#define ALWAYS "24x7"

/* One entry under calendars:, checked once and built again for each service's zone. */
struct calendef {
	const char *name;
	yaml_node_t *include, *exclude;
};

/* What defaults: sets for every service, and what a service may override. */
struct scope {
	struct config_service *svc;	/* NULL while reading defaults: */
	yaml_node_t *tz, *calendar, *name;	/* where they were given; NULL: not given */
	enum cal_window_kind window;
	long rolling_days;
	struct sla_policy policy;
	struct sla_credit_tier *credits;
	size_t ncredits;
	int has_credits;
	double min_coverage;		/* percent; 0 unless given */
	yaml_node_t *components, *rule;	/* a composite's, where given */
};

struct loader {
	const char *name;
	yaml_document_t *doc;
	char *err;
	size_t errlen;
	struct config *c;
	yaml_node_t *defaults, *calendars, *services;
	yaml_node_t *scorecard;		/* scorecard:, read after the services */
	struct calendef *cals;
	size_t ncals;
	struct scope def;
};

typedef int (*value_fn)(struct loader *l, yaml_node_t *v, void *target);

struct key {
	const char *name;
	value_fn fn;
};

static int vfail(struct loader *l, yaml_mark_t m, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static int fail(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int vfail(struct loader *l, yaml_mark_t m, const char *fmt, va_list ap)
{
	char msg[MSGLEN];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	snprintf(l->err, l->errlen, "%s:%zu:%zu: %s", l->name, m.line + 1, m.column + 1, msg);
	return -1;
}

static int fail(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(l, n->start_mark, fmt, ap);
	va_end(ap);
	return -1;
}

static yaml_node_t *node(struct loader *l, int index)
{
	return yaml_document_get_node(l->doc, index);
}

/* An empty value ("key:" with nothing after it), which stands for an empty list or mapping. */
static int is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(nulls); i++)
		if (strcmp((const char *)n->data.scalar.value, nulls[i]) == 0)
			return 1;
	return 0;
}

/* The text of a scalar that must be there; NULL with a message otherwise. */
static const char *scalar(struct loader *l, yaml_node_t *n, const char *what)
{
	const char *s;

	if (n->type != YAML_SCALAR_NODE) {
		fail(l, n, "%s must be a single value, not a %s", what,
		     n->type == YAML_MAPPING_NODE ? "mapping" : "list");
		return NULL;
	}
	s = (const char *)n->data.scalar.value;
	if (is_null(n) || *s == '\0') {
		fail(l, n, "%s has no value", what);
		return NULL;
	}
	if (strlen(s) != n->data.scalar.length) {
		fail(l, n, "%s contains a NUL byte", what);
		return NULL;
	}
	return s;
}

static int dup_scalar(struct loader *l, yaml_node_t *n, const char *what, char **out)
{
	const char *s = scalar(l, n, what);

	if (s == NULL)
		return -1;
	if ((*out = strdup(s)) == NULL)
		return fail(l, n, "out of memory");
	return 0;
}

typedef int (*pair_fn)(struct loader *l, const char *key, yaml_node_t *k, yaml_node_t *v,
		       void *ctx);

/* Calls fn for each key of a mapping, rejecting keys that are not plain values or repeat. */
static int each_pair(struct loader *l, yaml_node_t *map, const char *what, pair_fn fn, void *ctx)
{
	yaml_node_pair_t *p, *q;

	if (is_null(map))
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return fail(l, map, "%s must be a mapping (key: value)", what);
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(l, p->key);
		const char *key = scalar(l, k, "a key");

		if (key == NULL)
			return -1;
		for (q = map->data.mapping.pairs.start; q < p; q++)
			if (strcmp(key, (const char *)node(l, q->key)->data.scalar.value) == 0)
				return fail(l, k, "duplicate key '%s' in %s", key, what);
		if (fn(l, key, k, node(l, p->value), ctx) != 0)
			return -1;
	}
	return 0;
}

struct keyset {
	const char *what;
	const struct key *keys;
	size_t n;
	void *target;
};

static int key_dispatch(struct loader *l, const char *key, yaml_node_t *k, yaml_node_t *v,
			void *ctx)
{
	const struct keyset *ks = ctx;
	char names[256] = "";
	size_t used = 0;

	for (size_t i = 0; i < ks->n; i++)
		if (strcmp(key, ks->keys[i].name) == 0)
			return ks->keys[i].fn(l, v, ks->target);
	for (size_t i = 0; i < ks->n && used < sizeof(names); i++)
		used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
					 i == 0 ? "" : i + 1 == ks->n ? " or " : ", ",
					 ks->keys[i].name);
	/* Typos must not silently change an SLA, so every unknown key is an error. */
	return fail(l, k, "unknown key '%s' in %s (use %s)", key, ks->what, names);
}

static int walk_keys(struct loader *l, yaml_node_t *map, const char *what,
		     const struct key *keys, size_t n, void *target)
{
	struct keyset ks = { what, keys, n, target };

	return each_pair(l, map, what, key_dispatch, &ks);
}

typedef int (*item_fn)(struct loader *l, yaml_node_t *item, size_t i, void *ctx);

static int each_item(struct loader *l, yaml_node_t *seq, const char *what, item_fn fn, void *ctx)
{
	yaml_node_item_t *it;

	if (is_null(seq))
		return 0;
	if (seq->type != YAML_SEQUENCE_NODE)
		return fail(l, seq, "%s must be a list (- item)", what);
	for (it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++)
		if (fn(l, node(l, *it), (size_t)(it - seq->data.sequence.items.start), ctx) != 0)
			return -1;
	return 0;
}

static size_t count(const yaml_node_t *n)
{
	if (n->type == YAML_SEQUENCE_NODE)
		return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (n->type == YAML_MAPPING_NODE)
		return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
	return 0;
}

/* A number in [lo, hi]; lo_open excludes lo itself. */
static int number(struct loader *l, yaml_node_t *v, const char *what, double lo, double hi,
		  int lo_open, double *out)
{
	const char *s = scalar(l, v, what);
	char msg[NINES_ERRLEN];

	if (s == NULL)
		return -1;
	if (num_double(s, lo, hi, out, msg, sizeof(msg)) != 0)
		return fail(l, v, "bad %s: %s", what, msg);
	if (lo_open && *out <= lo)
		return fail(l, v, "bad %s: '%s' is out of range (above %g, up to %g)", what, s,
			    lo, hi);
	return 0;
}

/* ---- latency objectives: "p95 <= 200ms", "p99 < 1s", "99% < 500ms", "99.5% under 0.2s" ---- */

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int latency_threshold(const char *p, double *out, char *err, size_t errlen)
{
	static const struct { const char *unit; double seconds; } units[] = {
		{ "ms", 0.001 }, { "s", 1 },
	};
	const char *e;
	double v;

	if (num_double_prefix(p, &v, &e, err, errlen) != 0) {
		snprintf(err, errlen, "expected a threshold like 200ms or 0.5s at '%s'", p);
		return -1;
	}
	for (size_t i = 0; i < ARRAY_LEN(units); i++) {
		if (strcmp(e, units[i].unit) == 0) {
			if (v <= 0) {
				snprintf(err, errlen, "threshold '%s' must be above 0", p);
				return -1;
			}
			*out = v * units[i].seconds;
			return 0;
		}
	}
	snprintf(err, errlen, "threshold '%s' needs the unit ms or s", p);
	return -1;
}

/* Fills the latency part of o; -1 with a message (without the text itself) otherwise. */
static int latency_parse(const char *s, struct sla_objective *o, char *err, size_t errlen)
{
	static const struct {
		enum sla_latency_kind kind;
		const char *op;
	} ops[] = {
		/* "<=" before "<", so the longer operator wins. */
		{ SLA_LATENCY_PERCENTILE, "<=" }, { SLA_LATENCY_PERCENTILE, "<" },
		{ SLA_LATENCY_SHARE, "<" }, { SLA_LATENCY_SHARE, "under" },
	};
	enum sla_latency_kind kind = SLA_LATENCY_SHARE;
	const char *p = skip_space(s), *e;
	double q, thr;
	size_t i;

	if (*p == 'p') {
		kind = SLA_LATENCY_PERCENTILE;
		p++;
	}
	if (num_double_prefix(p, &q, &e, err, errlen) != 0 ||
	    (kind == SLA_LATENCY_SHARE && *e != '%')) {
		snprintf(err, errlen, "expected 'pNN <= X' or 'NN%% < X'");
		return -1;
	}
	if (q <= 0 || q > 100 || (kind == SLA_LATENCY_PERCENTILE && q >= 100)) {
		snprintf(err, errlen, "%s %g is out of range (above 0, %s 100)",
			 kind == SLA_LATENCY_SHARE ? "share" : "percentile", q,
			 kind == SLA_LATENCY_SHARE ? "up to" : "below");
		return -1;
	}
	p = skip_space(e + (kind == SLA_LATENCY_SHARE));
	for (i = 0; i < ARRAY_LEN(ops); i++)
		if (ops[i].kind == kind && strncmp(p, ops[i].op, strlen(ops[i].op)) == 0)
			break;
	if (i == ARRAY_LEN(ops) || p[strlen(ops[i].op)] == '=') {
		snprintf(err, errlen, "expected %s after the %s",
			 kind == SLA_LATENCY_SHARE ? "'<' or 'under'" : "'<=' or '<'",
			 kind == SLA_LATENCY_SHARE ? "share" : "percentile");
		return -1;
	}
	if (latency_threshold(skip_space(p + strlen(ops[i].op)), &thr, err, errlen) != 0)
		return -1;
	o->latency = kind;
	o->percentile = kind == SLA_LATENCY_PERCENTILE ? q : NAN;
	o->share_percent = kind == SLA_LATENCY_SHARE ? q : NAN;
	o->threshold_s = thr;
	return 0;
}

/* ---- policy ---- */

static int count_value(struct loader *l, yaml_node_t *v, size_t first, enum sla_count *out)
{
	static const struct { const char *name; enum sla_count count; } counts[] = {
		{ "excluded", SLA_EXCLUDED }, { "up", SLA_AS_UP }, { "down", SLA_AS_DOWN },
	};
	const char *s = scalar(l, v, "a policy value");

	if (s == NULL)
		return -1;
	for (size_t i = first; i < ARRAY_LEN(counts); i++) {
		if (strcmp(s, counts[i].name) == 0) {
			*out = counts[i].count;
			return 0;
		}
	}
	return fail(l, v, "unknown policy value '%s' (use %s)", s,
		    first == 0 ? "excluded, up or down" : "up or down");
}

static int duration(struct loader *l, yaml_node_t *v, const char *what, long *out)
{
	const char *s = scalar(l, v, what);
	char msg[NINES_ERRLEN];

	if (s == NULL)
		return -1;
	if (num_duration(s, 0, MAX_DURATION, out, msg, sizeof(msg)) != 0)
		return fail(l, v, "bad %s: %s", what, msg);
	return 0;
}

static int pol_maintenance(struct loader *l, yaml_node_t *v, void *t)
{
	return count_value(l, v, 0, &((struct sla_policy *)t)->maintenance);
}

static int pol_unmonitored(struct loader *l, yaml_node_t *v, void *t)
{
	return count_value(l, v, 0, &((struct sla_policy *)t)->unmonitored);
}

static int pol_warning(struct loader *l, yaml_node_t *v, void *t)
{
	return count_value(l, v, 1, &((struct sla_policy *)t)->warning);
}

static int pol_merge(struct loader *l, yaml_node_t *v, void *t)
{
	return duration(l, v, "merge_outages_within", &((struct sla_policy *)t)->merge_gap);
}

static int pol_ignore(struct loader *l, yaml_node_t *v, void *t)
{
	return duration(l, v, "ignore_outages_shorter_than",
			&((struct sla_policy *)t)->ignore_shorter);
}

static const struct key policy_keys[] = {
	{ "maintenance", pol_maintenance }, { "unmonitored", pol_unmonitored },
	{ "warning", pol_warning }, { "merge_outages_within", pol_merge },
	{ "ignore_outages_shorter_than", pol_ignore },
};

/* ---- credit tiers ---- */

struct tier {
	struct sla_credit_tier t;
	yaml_node_t *below, *credit;
};

static int tier_below(struct loader *l, yaml_node_t *v, void *t)
{
	((struct tier *)t)->below = v;
	return number(l, v, "below", 0, 100, 1, &((struct tier *)t)->t.below_percent);
}

static int tier_credit(struct loader *l, yaml_node_t *v, void *t)
{
	((struct tier *)t)->credit = v;
	return number(l, v, "credit", 0, 100, 0, &((struct tier *)t)->t.credit_percent);
}

static int tier_item(struct loader *l, yaml_node_t *item, size_t i, void *ctx)
{
	static const struct key keys[] = { { "below", tier_below }, { "credit", tier_credit } };
	struct tier *tiers = ctx;

	if (is_null(item) || item->type != YAML_MAPPING_NODE)
		return fail(l, item, "a credit tier must be a mapping { below: P, credit: C }");
	if (walk_keys(l, item, "a credit tier", keys, ARRAY_LEN(keys), &tiers[i]) != 0)
		return -1;
	if (tiers[i].below == NULL || tiers[i].credit == NULL)
		return fail(l, item, "a credit tier needs both below and credit");
	for (size_t j = 0; j < i; j++)
		if (tiers[j].t.below_percent == tiers[i].t.below_percent)
			return fail(l, tiers[i].below, "duplicate credit tier below %g (also at line %zu)",
				    tiers[i].t.below_percent, tiers[j].below->start_mark.line + 1);
	return 0;
}

static int by_below_desc(const void *a, const void *b)
{
	double x = ((const struct sla_credit_tier *)a)->below_percent;
	double y = ((const struct sla_credit_tier *)b)->below_percent;

	return (x < y) - (x > y);
}

static int scope_credits(struct loader *l, yaml_node_t *v, void *t)
{
	struct scope *sc = t;
	size_t n = count(v);
	struct tier *tiers = calloc(n ? n : 1, sizeof(*tiers));
	struct sla_credit_tier *out = calloc(n ? n : 1, sizeof(*out));

	if (tiers == NULL || out == NULL) {
		free(tiers);
		free(out);
		return fail(l, v, "out of memory");
	}
	if (each_item(l, v, "credits", tier_item, tiers) != 0) {
		free(tiers);
		free(out);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = tiers[i].t;
	free(tiers);
	qsort(out, n, sizeof(*out), by_below_desc);
	sc->credits = out;
	sc->ncredits = n;
	sc->has_credits = 1;
	return 0;
}

/* ---- calendars ---- */

static const struct calendef *find_calendar(const struct loader *l, const char *name)
{
	for (size_t i = 0; i < l->ncals; i++)
		if (strcmp(l->cals[i].name, name) == 0)
			return &l->cals[i];
	return NULL;
}

struct cal_build {
	struct cal *cal;
	int include;
};

static int cal_line(struct loader *l, yaml_node_t *item, size_t i, void *ctx)
{
	struct cal_build *b = ctx;
	const char *s = scalar(l, item, "a calendar line");
	char msg[NINES_ERRLEN];

	(void)i;
	if (s == NULL)
		return -1;
	if (cal_add(b->cal, s, b->include, msg, sizeof(msg)) != 0)
		return fail(l, item, "bad calendar line '%s': %s", s, msg);
	return 0;
}

/* Adds d's lines to cal; the lines carry no zone of their own: cal's zone applies. */
static int calendar_fill(struct loader *l, const struct calendef *d, struct cal *cal)
{
	struct cal_build inc = { cal, 1 }, exc = { cal, 0 };

	if (each_item(l, d->include, "include", cal_line, &inc) != 0)
		return -1;
	return d->exclude ? each_item(l, d->exclude, "exclude", cal_line, &exc) : 0;
}

static int cal_lines(struct loader *l, yaml_node_t *v, const char *what, yaml_node_t **out)
{
	if (!is_null(v) && v->type != YAML_SEQUENCE_NODE)
		return fail(l, v, "%s must be a list (- item)", what);
	*out = v;
	return 0;
}

static int cal_include(struct loader *l, yaml_node_t *v, void *t)
{
	return cal_lines(l, v, "include", &((struct calendef *)t)->include);
}

static int cal_exclude(struct loader *l, yaml_node_t *v, void *t)
{
	return cal_lines(l, v, "exclude", &((struct calendef *)t)->exclude);
}

static int calendar_entry(struct loader *l, const char *key, yaml_node_t *k, yaml_node_t *v,
			  void *ctx)
{
	static const struct key keys[] = { { "include", cal_include }, { "exclude", cal_exclude } };
	struct calendef *d = &l->cals[l->ncals];
	char msg[NINES_ERRLEN];
	struct cal *cal;
	int rc;

	(void)ctx;
	if (strcmp(key, ALWAYS) == 0)
		return fail(l, k, "calendar name '%s' is reserved (it means always)", key);
	d->name = key;
	if (walk_keys(l, v, "a calendar", keys, ARRAY_LEN(keys), d) != 0)
		return -1;
	/* Exclusions alone would leave no time in scope: every window would be empty. */
	if (d->include == NULL || count(d->include) == 0)
		return fail(l, k, "calendar '%s' includes no time (add include: lines)", key);
	l->ncals++;
	/* Checked here too, so a calendar no service uses cannot hide a mistake. */
	if ((cal = cal_new(NULL, msg, sizeof(msg))) == NULL)
		return fail(l, k, "%s", msg);
	rc = calendar_fill(l, d, cal);
	cal_release(cal);
	return rc;
}

static int load_calendars(struct loader *l)
{
	if (l->calendars == NULL)
		return 0;
	if ((l->cals = calloc(count(l->calendars) + 1, sizeof(*l->cals))) == NULL)
		return fail(l, l->calendars, "out of memory");
	return each_pair(l, l->calendars, "calendars", calendar_entry, NULL);
}

/* ---- settings shared by defaults: and services ---- */

static int scope_tz(struct loader *l, yaml_node_t *v, void *t)
{
	const char *s = scalar(l, v, "time_zone");
	char msg[NINES_ERRLEN];
	struct zone *z;

	if (s == NULL)
		return -1;
	if ((z = zone_open(s, msg, sizeof(msg))) == NULL)
		return fail(l, v, "%s", msg);
	zone_release(z);
	((struct scope *)t)->tz = v;
	return 0;
}

static int scope_window(struct loader *l, yaml_node_t *v, void *t)
{
	struct scope *sc = t;
	const char *s = scalar(l, v, "window");
	char msg[NINES_ERRLEN];

	if (s == NULL)
		return -1;
	if (cal_window_parse(s, &sc->window, &sc->rolling_days, msg, sizeof(msg)) != 0)
		return fail(l, v, "%s", msg);
	return 0;
}

static int scope_calendar(struct loader *l, yaml_node_t *v, void *t)
{
	const char *s = scalar(l, v, "calendar");

	if (s == NULL)
		return -1;
	if (strcmp(s, ALWAYS) != 0 && find_calendar(l, s) == NULL)
		return fail(l, v, "unknown calendar '%s' (define it under calendars:, or use %s)",
			    s, ALWAYS);
	((struct scope *)t)->calendar = v;
	return 0;
}

static int scope_policy(struct loader *l, yaml_node_t *v, void *t)
{
	return walk_keys(l, v, "policy", policy_keys, ARRAY_LEN(policy_keys),
			 &((struct scope *)t)->policy);
}

static int scope_min_coverage(struct loader *l, yaml_node_t *v, void *t)
{
	return number(l, v, "min_coverage", 0, 100, 0, &((struct scope *)t)->min_coverage);
}

static const struct key default_keys[] = {
	{ "time_zone", scope_tz }, { "window", scope_window }, { "calendar", scope_calendar },
	{ "policy", scope_policy }, { "credits", scope_credits },
	{ "min_coverage", scope_min_coverage },
};

/* ---- services ---- */

static int svc_name(struct loader *l, yaml_node_t *v, void *t)
{
	struct scope *sc = t;

	sc->name = v;
	return dup_scalar(l, v, "name", &sc->svc->name);
}

static int arch_dir(struct loader *l, yaml_node_t *v, void *t)
{
	return dup_scalar(l, v, "dir", &((struct config_archive *)t)->dir);
}

static int arch_host(struct loader *l, yaml_node_t *v, void *t)
{
	return dup_scalar(l, v, "host", &((struct config_archive *)t)->host);
}

static int arch_service(struct loader *l, yaml_node_t *v, void *t)
{
	return dup_scalar(l, v, "service", &((struct config_archive *)t)->service);
}

static int svc_archive(struct loader *l, yaml_node_t *v, void *t)
{
	static const struct key keys[] = {
		{ "dir", arch_dir }, { "host", arch_host }, { "service", arch_service },
	};
	struct config_archive *a = &((struct scope *)t)->svc->archive;

	if (v->type == YAML_SCALAR_NODE)
		return dup_scalar(l, v, "archive", &a->path);
	if (walk_keys(l, v, "archive", keys, ARRAY_LEN(keys), a) != 0)
		return -1;
	if (a->dir == NULL || a->host == NULL || a->service == NULL)
		return fail(l, v, "archive needs dir, host and service (or a file name)");
	return 0;
}

static int svc_availability(struct loader *l, yaml_node_t *v, void *t)
{
	struct config_service *svc = ((struct scope *)t)->svc;

	return number(l, v, "availability", 0, 100, 1, &svc->objective.target_percent);
}

static int svc_latency(struct loader *l, yaml_node_t *v, void *t)
{
	const char *s = scalar(l, v, "latency");
	char msg[NINES_ERRLEN];

	if (s == NULL)
		return -1;
	if (latency_parse(s, &((struct scope *)t)->svc->objective, msg, sizeof(msg)) != 0)
		return fail(l, v, "bad latency '%s': %s", s, msg);
	return 0;
}

/* ---- back-test terms ---- */

static int svc_bill(struct loader *l, yaml_node_t *v, void *t)
{
	return number(l, v, "bill", 0, 1e15, 0, &((struct scope *)t)->svc->bill);
}

static int reward_at(struct loader *l, yaml_node_t *v, void *t)
{
	return number(l, v, "at_or_above", 0, 100, 1, &((struct bt_reward *)t)->at_percent);
}

static int reward_bonus(struct loader *l, yaml_node_t *v, void *t)
{
	return number(l, v, "bonus", 0, 100, 0, &((struct bt_reward *)t)->bonus_percent);
}

static int reward_item(struct loader *l, yaml_node_t *item, size_t i, void *ctx)
{
	static const struct key keys[] = { { "at_or_above", reward_at }, { "bonus", reward_bonus } };
	struct bt_reward *r = &((struct bt_reward *)ctx)[i];

	r->at_percent = r->bonus_percent = NAN;
	if (is_null(item) || item->type != YAML_MAPPING_NODE)
		return fail(l, item, "a reward tier must be a mapping { at_or_above: P, bonus: B }");
	if (walk_keys(l, item, "a reward tier", keys, ARRAY_LEN(keys), r) != 0)
		return -1;
	if (isnan(r->at_percent) || isnan(r->bonus_percent))
		return fail(l, item, "a reward tier needs both at_or_above and bonus");
	return 0;
}

static int svc_rewards(struct loader *l, yaml_node_t *v, void *t)
{
	struct config_service *svc = ((struct scope *)t)->svc;
	size_t n = count(v);

	if ((svc->rewards = calloc(n ? n : 1, sizeof(*svc->rewards))) == NULL)
		return fail(l, v, "out of memory");
	svc->nrewards = n;
	return each_item(l, v, "rewards", reward_item, svc->rewards);
}

static int chronic_number(struct loader *l, yaml_node_t *v, const char *what, int *out)
{
	double d;

	if (number(l, v, what, 1, 1000, 0, &d) != 0)
		return -1;
	if (d != floor(d))
		return fail(l, v, "bad %s: must be a whole number", what);
	*out = (int)d;
	return 0;
}

static int chronic_missed(struct loader *l, yaml_node_t *v, void *t)
{
	return chronic_number(l, v, "missed", &((struct bt_chronic *)t)->missed);
}

static int chronic_of(struct loader *l, yaml_node_t *v, void *t)
{
	return chronic_number(l, v, "of", &((struct bt_chronic *)t)->of);
}

static int svc_chronic(struct loader *l, yaml_node_t *v, void *t)
{
	static const struct key keys[] = { { "missed", chronic_missed }, { "of", chronic_of } };
	struct bt_chronic *c = &((struct scope *)t)->svc->chronic;

	if (walk_keys(l, v, "chronic_breach", keys, ARRAY_LEN(keys), c) != 0)
		return -1;
	if (c->missed < 1 || c->of < c->missed)
		return fail(l, v, "chronic_breach needs missed and of, with 1 <= missed <= of");
	return 0;
}

static int alert_severity(struct loader *l, yaml_node_t *v, void *t)
{
	const char *s = scalar(l, v, "severity");

	if (s == NULL)
		return -1;
	if (strcmp(s, "page") != 0 && strcmp(s, "ticket") != 0)
		return fail(l, v, "unknown severity '%s' (use page or ticket)", s);
	((struct bt_alert_rule *)t)->severity = strcmp(s, "page") == 0 ? BT_PAGE : BT_TICKET;
	return 0;
}

static int alert_factor(struct loader *l, yaml_node_t *v, void *t)
{
	return number(l, v, "burn_rate", 0, 1e6, 1, &((struct bt_alert_rule *)t)->factor);
}

static int alert_long(struct loader *l, yaml_node_t *v, void *t)
{
	return duration(l, v, "long", &((struct bt_alert_rule *)t)->long_s);
}

static int alert_short(struct loader *l, yaml_node_t *v, void *t)
{
	return duration(l, v, "short", &((struct bt_alert_rule *)t)->short_s);
}

static int alert_item(struct loader *l, yaml_node_t *item, size_t i, void *ctx)
{
	static const struct key keys[] = {
		{ "severity", alert_severity }, { "burn_rate", alert_factor },
		{ "long", alert_long }, { "short", alert_short },
	};
	struct bt_alert_rule *a = &((struct bt_alert_rule *)ctx)[i];

	*a = (struct bt_alert_rule){ BT_PAGE, NAN, 0, 0 };
	if (is_null(item) || item->type != YAML_MAPPING_NODE)
		return fail(l, item, "an alert must be a mapping { severity: page, burn_rate: 14.4, "
			    "long: 1h, short: 5m }");
	if (walk_keys(l, item, "an alert", keys, ARRAY_LEN(keys), a) != 0)
		return -1;
	if (isnan(a->factor) || a->long_s <= 0 || a->short_s <= 0)
		return fail(l, item, "an alert needs burn_rate, long and short (above 0)");
	return 0;
}

static int svc_alerts(struct loader *l, yaml_node_t *v, void *t)
{
	struct config_service *svc = ((struct scope *)t)->svc;
	size_t n = count(v);

	if (v->type == YAML_SCALAR_NODE && strcmp((const char *)v->data.scalar.value, "off") == 0) {
		svc->alerts_off = 1;
		return 0;
	}
	if ((svc->alerts = calloc(n ? n : 1, sizeof(*svc->alerts))) == NULL)
		return fail(l, v, "out of memory");
	svc->nalerts = n;
	return each_item(l, v, "alerts", alert_item, svc->alerts);
}

static int strdup_or_fail(struct loader *l, yaml_node_t *at, const char *s, char **out);

/* A component: a service defined above this one (so composites can nest but never loop). */
static int component_item(struct loader *l, yaml_node_t *item, size_t i, void *ctx)
{
	struct config_service *svc = ctx;
	const char *name = scalar(l, item, "a component");
	const struct config_service *all = l->c->services;

	if (name == NULL)
		return -1;
	for (const struct config_service *o = all; o < svc; o++)
		if (strcmp(o->name, name) == 0) {
			for (size_t j = 0; j < i; j++)
				if (svc->components[j] == (size_t)(o - all))
					return fail(l, item, "component '%s' given twice", name);
			svc->components[i] = (size_t)(o - all);
			return strdup_or_fail(l, item, name, &svc->component_names[i]);
		}
	return fail(l, item, "unknown component '%s' (components are services defined above "
		    "the composite)", name);
}

static int svc_components(struct loader *l, yaml_node_t *v, void *t)
{
	struct scope *sc = t;
	struct config_service *svc = sc->svc;
	size_t n;

	if (is_null(v) || v->type != YAML_SEQUENCE_NODE || (n = count(v)) == 0)
		return fail(l, v, "components must be a list of service names");
	if ((svc->component_names = calloc(n, sizeof(*svc->component_names))) == NULL ||
	    (svc->components = calloc(n, sizeof(*svc->components))) == NULL)
		return fail(l, v, "out of memory");
	svc->ncomponents = n;
	sc->components = v;
	return each_item(l, v, "components", component_item, svc);
}

static int svc_rule(struct loader *l, yaml_node_t *v, void *t)
{
	if (scalar(l, v, "rule") == NULL)
		return -1;
	((struct scope *)t)->rule = v;
	return 0;
}

/* "all", "any" or "K of N" (N the number of components): how many must be up. */
static int composite_rule(struct loader *l, struct scope *sc)
{
	struct config_service *svc = sc->svc;
	const char *s = sc->rule ? (const char *)sc->rule->data.scalar.value : "all";
	long k, n;
	int used = 0;

	if (sc->rule != NULL && sc->components == NULL)
		return fail(l, sc->rule, "rule without components");
	if (strcmp(s, "all") == 0) {
		svc->rule_k = svc->ncomponents;
		return 0;
	}
	if (strcmp(s, "any") == 0) {
		svc->rule_k = 1;
		return 0;
	}
	if (sscanf(s, "%ld of %ld%n", &k, &n, &used) != 2 || s[used] != '\0' || k < 1 || k > n)
		return fail(l, sc->rule, "bad rule '%s' (all, any or \"K of N\", 1 <= K <= N)", s);
	if ((size_t)n != svc->ncomponents)
		return fail(l, sc->rule, "rule '%s' names %ld components, the service has %zu", s,
			    n, svc->ncomponents);
	svc->rule_k = (size_t)k;
	return 0;
}

static const struct key service_keys[] = {
	{ "name", svc_name }, { "archive", svc_archive }, { "availability", svc_availability },
	{ "components", svc_components }, { "rule", svc_rule },
	{ "latency", svc_latency }, { "calendar", scope_calendar }, { "time_zone", scope_tz },
	{ "window", scope_window }, { "policy", scope_policy }, { "credits", scope_credits },
	{ "min_coverage", scope_min_coverage },
	{ "bill", svc_bill }, { "rewards", svc_rewards }, { "chronic_breach", svc_chronic },
	{ "alerts", svc_alerts },
};

static void service_init(struct config_service *svc)
{
	static const struct sla_policy policy = SLA_POLICY_INIT;

	svc->objective.target_percent = NAN;
	svc->objective.latency = SLA_LATENCY_NONE;
	svc->objective.percentile = NAN;
	svc->objective.share_percent = NAN;
	svc->objective.threshold_s = NAN;
	svc->policy = policy;
	svc->window = CAL_MONTH;
	svc->bill = NAN;
}

static int has_objective(const struct config_service *svc)
{
	return !isnan(svc->objective.target_percent) || svc->objective.latency != SLA_LATENCY_NONE;
}

static int strdup_or_fail(struct loader *l, yaml_node_t *at, const char *s, char **out)
{
	if ((*out = strdup(s)) == NULL)
		return fail(l, at, "out of memory");
	return 0;
}

/*
 * The service's calendar, its lines read in the service's time zone.  Services of one
 * calendar and zone (most of a config) share it: built once per service, 1500 services of
 * a 1500-line calendar took 700 MB.
 */
static int service_calendar(struct loader *l, yaml_node_t *item, struct scope *sc)
{
	struct config_service *svc = sc->svc;
	const char *tz = sc->tz ? (const char *)sc->tz->data.scalar.value : "UTC";
	const char *name = sc->calendar ? (const char *)sc->calendar->data.scalar.value : ALWAYS;
	char msg[NINES_ERRLEN];
	struct cal *cal;

	if (strdup_or_fail(l, item, tz, &svc->tz) != 0 ||
	    strdup_or_fail(l, item, name, &svc->calendar_name) != 0)
		return -1;
	for (const struct config_service *o = l->c->services; o < svc; o++)
		if (strcmp(o->calendar_name, name) == 0 && strcmp(o->tz, tz) == 0) {
			svc->calendar = o->calendar;
			return 0;
		}
	if ((cal = cal_new(tz, msg, sizeof(msg))) == NULL)
		return fail(l, sc->tz ? sc->tz : item, "%s", msg);
	l->c->calendars[l->c->ncalendars++] = cal;	/* room for one per service */
	svc->calendar = cal;
	if (strcmp(name, ALWAYS) == 0)
		return 0;
	return calendar_fill(l, find_calendar(l, name), cal);
}

static int service_finish(struct loader *l, yaml_node_t *item, size_t i, struct scope *sc)
{
	struct config_service *svc = sc->svc;

	if (svc->name == NULL)
		return fail(l, item, "service has no name");
	for (size_t j = 0; j < i; j++)
		if (strcmp(l->c->services[j].name, svc->name) == 0)
			return fail(l, sc->name, "duplicate service name '%s' (first at line %d)",
				    svc->name, l->c->services[j].line);
	if (svc->ncomponents > 0 && (svc->archive.path != NULL || svc->archive.dir != NULL))
		return fail(l, sc->components, "service '%s' has an archive and components: "
			    "give one", svc->name);
	if (svc->ncomponents == 0 && svc->archive.path == NULL && svc->archive.dir == NULL)
		return fail(l, item, "service '%s' has no archive", svc->name);
	if (composite_rule(l, sc) != 0)
		return -1;
	if (svc->ncomponents > 0 && svc->objective.latency != SLA_LATENCY_NONE)
		return fail(l, sc->components, "service '%s': a latency objective needs an "
			    "archive (a composite has no latency of its own)", svc->name);
	if (!has_objective(svc))
		return fail(l, item, "service '%s' has no objective (give availability or latency)",
			    svc->name);
	svc->window = sc->window;
	svc->rolling_days = sc->rolling_days;
	svc->policy = sc->policy;
	svc->objective.credits = svc->credits;
	svc->objective.ncredits = svc->ncredits;
	svc->objective.min_coverage_percent = sc->min_coverage;
	return service_calendar(l, item, sc);
}

static int service_item(struct loader *l, yaml_node_t *item, size_t i, void *ctx)
{
	struct config_service *svc = &l->c->services[i];
	struct scope sc = l->def;
	int rc;

	(void)ctx;
	sc.svc = svc;
	sc.credits = NULL;
	sc.ncredits = 0;
	sc.has_credits = 0;
	sc.name = NULL;
	sc.components = NULL;
	sc.rule = NULL;
	service_init(svc);
	svc->line = (int)item->start_mark.line + 1;
	if (is_null(item) || item->type != YAML_MAPPING_NODE)
		return fail(l, item, "a service must be a mapping (name: ..., archive: ...)");
	rc = walk_keys(l, item, "a service", service_keys, ARRAY_LEN(service_keys), &sc);
	svc->credits = sc.credits;	/* owned by the config from here on, even on error */
	svc->ncredits = sc.ncredits;
	if (rc != 0)
		return -1;
	if (!sc.has_credits && l->def.ncredits > 0) {
		if ((svc->credits = calloc(l->def.ncredits, sizeof(*svc->credits))) == NULL)
			return fail(l, item, "out of memory");
		memcpy(svc->credits, l->def.credits, l->def.ncredits * sizeof(*svc->credits));
		svc->ncredits = l->def.ncredits;
	}
	return service_finish(l, item, i, &sc);
}

static int load_services(struct loader *l, yaml_node_t *root)
{
	size_t n;

	if (l->services == NULL)
		return fail(l, root, "no services defined (add services:)");
	if (!is_null(l->services) && l->services->type != YAML_SEQUENCE_NODE)
		return fail(l, l->services, "services must be a list (- name: ...)");
	if ((n = count(l->services)) == 0)
		return fail(l, l->services, "no services defined");
	if ((l->c->services = calloc(n, sizeof(*l->c->services))) == NULL ||
	    (l->c->calendars = calloc(n, sizeof(*l->c->calendars))) == NULL)
		return fail(l, l->services, "out of memory");
	l->c->nservices = n;
	return each_item(l, l->services, "services", service_item, NULL);
}

/* ---- mail: who gets the monthly mail (nines-mail-report) ---- */

static int mail_address(struct loader *l, yaml_node_t *v, const char *what, char **out)
{
	const char *s = scalar(l, v, what);
	char msg[NINES_ERRLEN];

	if (s == NULL)
		return -1;
	if (mailaddr_check(s, msg, sizeof(msg)) != 0)
		return fail(l, v, "bad %s: %s", what, msg);
	return strdup_or_fail(l, v, s, out);
}

static int mail_to_item(struct loader *l, yaml_node_t *item, size_t i, void *ctx)
{
	struct config_mail *m = ctx;

	(void)i;
	return mail_address(l, item, "mail recipient", &m->to[m->nto++]);
}

/* A list of addresses, or one address alone. */
static int mail_to(struct loader *l, yaml_node_t *v, void *t)
{
	struct config_mail *m = t;
	size_t n = v->type == YAML_SEQUENCE_NODE ? count(v) : 1;

	if ((m->to = calloc(n + 1, sizeof(*m->to))) == NULL)
		return fail(l, v, "out of memory");
	if (v->type != YAML_SEQUENCE_NODE)
		return mail_to_item(l, v, 0, m);
	if (n == 0)
		return fail(l, v, "mail: to: is an empty list");
	return each_item(l, v, "mail: to:", mail_to_item, m);
}

static int mail_from(struct loader *l, yaml_node_t *v, void *t)
{
	return mail_address(l, v, "mail sender", &((struct config_mail *)t)->from);
}

static int mail_subject(struct loader *l, yaml_node_t *v, void *t)
{
	struct config_mail *m = t;
	const char *s = scalar(l, v, "mail subject");
	char msg[NINES_ERRLEN];

	if (s == NULL)
		return -1;
	if (mailaddr_subject_check(s, msg, sizeof(msg)) != 0)
		return fail(l, v, "%s", msg);
	return strdup_or_fail(l, v, s, &m->subject);
}

static const struct key mail_keys[] = {
	{ "to", mail_to }, { "from", mail_from }, { "subject", mail_subject },
};

static int top_mail(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	return walk_keys(l, v, "mail", mail_keys, ARRAY_LEN(mail_keys), &l->c->mail);
}

/* ---- scorecard: perspectives of KPIs (scorecard.h) ---- */

/* One KPI while it is read: where each key was given, for the checks after the walk. */
struct kpidef {
	struct sc_kpi *k;
	yaml_node_t *name, *source, *csv, *service, *target, *green, *red, *polarity;
};

static int kpi_name(struct loader *l, yaml_node_t *v, void *t)
{
	((struct kpidef *)t)->name = v;
	return dup_scalar(l, v, "name", &((struct kpidef *)t)->k->name);
}

static int kpi_source(struct loader *l, yaml_node_t *v, void *t)
{
	struct kpidef *d = t;
	const char *s = scalar(l, v, "source");

	d->source = v;
	if (s == NULL)
		return -1;
	if (sc_measure_parse(s, &d->k->measure) != 0)
		return fail(l, v, "unknown measure '%s' (use availability, latency, slas_met, "
			    "outages, mttr, mtbf, credits, budget_left, coverage or "
			    "chronic_breach; csv: COLUMN for the measures file)", s);
	return 0;
}

static int kpi_csv(struct loader *l, yaml_node_t *v, void *t)
{
	struct kpidef *d = t;

	d->csv = v;
	d->k->measure = SC_CSV;
	return dup_scalar(l, v, "csv", &d->k->column);
}

static int kpi_service(struct loader *l, yaml_node_t *v, void *t)
{
	((struct kpidef *)t)->service = v;
	return dup_scalar(l, v, "service", &((struct kpidef *)t)->k->service);
}

static int kpi_target(struct loader *l, yaml_node_t *v, void *t)
{
	(void)l;
	((struct kpidef *)t)->target = v;
	return 0;
}

static int kpi_green(struct loader *l, yaml_node_t *v, void *t)
{
	(void)l;
	((struct kpidef *)t)->green = v;
	return 0;
}

static int kpi_red(struct loader *l, yaml_node_t *v, void *t)
{
	(void)l;
	((struct kpidef *)t)->red = v;
	return 0;
}

static int kpi_polarity(struct loader *l, yaml_node_t *v, void *t)
{
	struct kpidef *d = t;
	const char *s = scalar(l, v, "polarity");

	d->polarity = v;
	if (s == NULL)
		return -1;
	if (strcmp(s, "higher") == 0)
		d->k->polarity = SC_HIGHER;
	else if (strcmp(s, "lower") == 0)
		d->k->polarity = SC_LOWER;
	else
		return fail(l, v, "unknown polarity '%s' (use higher or lower: which is better)", s);
	return 0;
}

static int kpi_weight(struct loader *l, yaml_node_t *v, void *t)
{
	return number(l, v, "weight", 0, 1e6, 1, &((struct kpidef *)t)->k->weight);
}

static const struct key kpi_keys[] = {
	{ "name", kpi_name }, { "source", kpi_source }, { "csv", kpi_csv },
	{ "service", kpi_service }, { "target", kpi_target }, { "green", kpi_green },
	{ "red", kpi_red }, { "polarity", kpi_polarity }, { "weight", kpi_weight },
};

/* A threshold in the measure's unit: durations ("30m") for MTTR and MTBF. */
static int kpi_threshold(struct loader *l, const struct sc_kpi *k, yaml_node_t *v,
			 const char *what, double *out)
{
	long secs;

	if (k->measure == SC_MTTR || k->measure == SC_MTBF) {
		if (duration(l, v, what, &secs) != 0)
			return -1;
		*out = (double)secs;
		return 0;
	}
	return number(l, v, what, -1e15, 1e15, 0, out);
}

static const struct config_service *kpi_find_service(const struct loader *l, const char *name)
{
	for (size_t i = 0; i < l->c->nservices; i++)
		if (strcmp(l->c->services[i].name, name) == 0)
			return &l->c->services[i];
	return NULL;
}

/* Whether the services a KPI draws on have what its measure needs. */
static int kpi_check_services(struct loader *l, yaml_node_t *item, struct kpidef *d)
{
	const struct sc_kpi *k = d->k;
	const struct config_service *s = NULL;
	size_t chronic = 0, tiers = 0;

	if (k->service != NULL && (s = kpi_find_service(l, k->service)) == NULL)
		return fail(l, d->service, "KPI '%s': unknown service '%s'", k->name, k->service);
	if (k->measure == SC_LATENCY && (s == NULL || s->objective.latency == SLA_LATENCY_NONE))
		return fail(l, d->service ? d->service : d->source, "KPI '%s': latency needs a "
			    "service with a latency objective", k->name);
	for (size_t i = 0; i < l->c->nservices; i++) {
		const struct config_service *o = &l->c->services[i];

		if (s != NULL && o != s)
			continue;
		chronic += o->chronic.of > 0;
		tiers += o->ncredits > 0;
		if (k->measure == SC_CREDITS && s == NULL && o->ncredits > 0 && isnan(o->bill))
			return fail(l, d->source, "KPI '%s': credits over all services are summed "
				    "as money: service '%s' has credit tiers but no bill", k->name,
				    o->name);
	}
	if (k->measure == SC_CHRONIC && chronic == 0)
		return fail(l, d->source, "KPI '%s': no service %s a chronic_breach clause",
			    k->name, s ? "here has" : "has");
	if (k->measure == SC_CREDITS && tiers == 0)
		return fail(l, d->source, "KPI '%s': no service %s credit tiers", k->name,
			    s ? "here has" : "has");
	(void)item;
	return 0;
}

static int kpi_check_thresholds(struct loader *l, yaml_node_t *item, struct kpidef *d)
{
	struct sc_kpi *k = d->k;
	int higher = k->polarity == SC_HIGHER;

	if (d->target == NULL || d->red == NULL)
		return fail(l, item, "KPI '%s' needs a target and a red threshold", k->name);
	if (kpi_threshold(l, k, d->target, "target", &k->target) != 0 ||
	    kpi_threshold(l, k, d->red, "red", &k->red) != 0)
		return -1;
	k->green = k->target;
	if (d->green != NULL && kpi_threshold(l, k, d->green, "green", &k->green) != 0)
		return -1;
	if (higher ? !(k->red < k->green && k->green <= k->target) :
		     !(k->red > k->green && k->green >= k->target))
		return fail(l, d->green ? d->green : d->red, "KPI '%s': with polarity %s, red "
			    "(%g) must be %s green (%g), and green %s the target (%g)", k->name,
			    higher ? "higher" : "lower", k->red, higher ? "below" : "above",
			    k->green, higher ? "at most" : "at least", k->target);
	return 0;
}

static int kpi_item(struct loader *l, yaml_node_t *item, size_t i, void *ctx)
{
	struct sc_persp_def *p = ctx;
	struct kpidef d = { .k = &p->kpis[i] };
	struct sc_def *sd = l->c->scorecard;

	d.k->weight = 1;
	d.k->polarity = SC_HIGHER;
	d.k->line = (int)item->start_mark.line + 1;
	if (is_null(item) || item->type != YAML_MAPPING_NODE)
		return fail(l, item, "a KPI must be a mapping (name: ..., source: ..., target: ...)");
	if (walk_keys(l, item, "a KPI", kpi_keys, ARRAY_LEN(kpi_keys), &d) != 0)
		return -1;
	if (d.name == NULL)
		return fail(l, item, "KPI has no name");
	for (size_t q = 0; q < SC_NPERSP; q++)
		for (size_t j = 0; j < sd->persp[q].nkpis; j++) {
			const struct sc_kpi *o = &sd->persp[q].kpis[j];

			if (o != d.k && o->name != NULL && strcmp(o->name, d.k->name) == 0)
				return fail(l, d.name, "duplicate KPI name '%s' (first at line %d)",
					    o->name, o->line);
		}
	if ((d.source == NULL) == (d.csv == NULL))
		return fail(l, item, "KPI '%s' needs either source: (a measure of the report) or "
			    "csv: (a column of the measures file)", d.k->name);
	if (d.csv != NULL && d.service != NULL)
		return fail(l, d.service, "KPI '%s': service goes with source:, not csv:",
			    d.k->name);
	if (d.source != NULL && kpi_check_services(l, item, &d) != 0)
		return -1;
	return kpi_check_thresholds(l, item, &d);
}

static int persp_weight(struct loader *l, yaml_node_t *v, void *t)
{
	return number(l, v, "weight", 0, 1e6, 1, &((struct sc_persp_def *)t)->weight);
}

static int persp_kpis(struct loader *l, yaml_node_t *v, void *t)
{
	struct sc_persp_def *p = t;

	if (!is_null(v) && v->type != YAML_SEQUENCE_NODE)
		return fail(l, v, "kpis must be a list (- name: ...)");
	if ((p->nkpis = count(v)) == 0)
		return 0;
	if ((p->kpis = calloc(p->nkpis, sizeof(*p->kpis))) == NULL)
		return fail(l, v, "out of memory");
	return each_item(l, v, "kpis", kpi_item, p);
}

static const struct key persp_keys[] = { { "weight", persp_weight }, { "kpis", persp_kpis } };

static int persp_entry(struct loader *l, const char *key, yaml_node_t *k, yaml_node_t *v,
		       void *ctx)
{
	struct sc_def *sd = ctx;

	for (size_t p = 0; p < SC_NPERSP; p++)
		if (strcmp(key, sc_persp_name((enum sc_persp)p)) == 0) {
			return walk_keys(l, v, key, persp_keys, ARRAY_LEN(persp_keys),
					 &sd->persp[p]);
		}
	return fail(l, k, "unknown perspective '%s' (use customer, internal_process, "
		    "financial or learning_growth)", key);
}

static int card_perspectives(struct loader *l, yaml_node_t *v, void *t)
{
	return each_pair(l, v, "perspectives", persp_entry, t);
}

static int card_measures(struct loader *l, yaml_node_t *v, void *t)
{
	return dup_scalar(l, v, "measures", &((struct sc_def *)t)->measures);
}

static const struct key card_keys[] = {
	{ "measures", card_measures }, { "perspectives", card_perspectives },
};

/* After the services: KPIs name them. */
static int load_scorecard(struct loader *l)
{
	struct sc_def *sd;
	size_t n = 0, csv = 0;

	if ((sd = l->c->scorecard = calloc(1, sizeof(*sd))) == NULL)
		return fail(l, l->scorecard, "out of memory");
	for (size_t p = 0; p < SC_NPERSP; p++)
		sd->persp[p].weight = 1;
	if (walk_keys(l, l->scorecard, "scorecard", card_keys, ARRAY_LEN(card_keys), sd) != 0)
		return -1;
	for (size_t p = 0; p < SC_NPERSP; p++)
		for (size_t i = 0; i < sd->persp[p].nkpis; i++, n++)
			csv += sd->persp[p].kpis[i].measure == SC_CSV;
	if (n == 0)
		return fail(l, l->scorecard, "the scorecard has no KPIs (add perspectives: with kpis:)");
	if (csv > 0 && sd->measures == NULL)
		return fail(l, l->scorecard, "the scorecard has csv: KPIs but no measures: file");
	return 0;
}

/* ---- the file ---- */

static int top_title(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	return dup_scalar(l, v, "title", &l->c->title);
}

static int top_logo(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	return dup_scalar(l, v, "logo", &l->c->logo);
}

static int top_font(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	return dup_scalar(l, v, "font", &l->c->font);
}

static int top_rrdcached(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	return dup_scalar(l, v, "rrdcached", &l->c->rrdcached);
}

static int top_defaults(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	l->defaults = v;
	return 0;
}

static int top_calendars(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	l->calendars = v;
	return 0;
}

static int top_services(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	l->services = v;
	return 0;
}

static int top_scorecard(struct loader *l, yaml_node_t *v, void *t)
{
	(void)t;
	l->scorecard = v;
	return 0;
}

static const struct key top_keys[] = {
	{ "title", top_title }, { "logo", top_logo }, { "font", top_font },
	{ "rrdcached", top_rrdcached }, { "defaults", top_defaults },
	{ "calendars", top_calendars }, { "services", top_services },
	{ "mail", top_mail },
	{ "scorecard", top_scorecard },
};

/* Calendars first: defaults and services name them wherever they stand in the file. */
static int load_root(struct loader *l, yaml_node_t *root)
{
	if (walk_keys(l, root, "the file", top_keys, ARRAY_LEN(top_keys), NULL) != 0)
		return -1;
	if (l->c->title == NULL && strdup_or_fail(l, root, "SLA report", &l->c->title) != 0)
		return -1;
	if (load_calendars(l) != 0)
		return -1;
	if (l->defaults != NULL &&
	    walk_keys(l, l->defaults, "defaults", default_keys, ARRAY_LEN(default_keys),
		      &l->def) != 0)
		return -1;
	if (load_services(l, root) != 0)
		return -1;
	return l->scorecard != NULL && !is_null(l->scorecard) ? load_scorecard(l) : 0;
}

static struct config *load_document(struct loader *l)
{
	static const struct sla_policy policy = SLA_POLICY_INIT;
	yaml_node_t *root = yaml_document_get_root_node(l->doc);
	int rc;

	if ((l->c = calloc(1, sizeof(*l->c))) == NULL || (l->c->file = strdup(l->name)) == NULL) {
		free(l->c);
		snprintf(l->err, l->errlen, "%s: out of memory", l->name);
		return NULL;
	}
	l->def.window = CAL_MONTH;
	l->def.policy = policy;
	if (root == NULL) {
		snprintf(l->err, l->errlen, "%s:1:1: no services defined (the file is empty)",
			 l->name);
		rc = -1;
	} else {
		rc = load_root(l, root);
	}
	free(l->cals);
	free(l->def.credits);
	if (rc != 0) {
		config_release(l->c);
		return NULL;
	}
	return l->c;
}

/* libyaml's own message at its mark; reader errors only know a byte offset. */
static void syntax_error(struct loader *l, const yaml_parser_t *p, const char *buf, size_t len)
{
	yaml_mark_t m = p->problem_mark;
	char ctx[128] = "";

	if (p->error == YAML_MEMORY_ERROR) {
		snprintf(l->err, l->errlen, "%s: out of memory", l->name);
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		m.line = m.column = 0;
		for (size_t i = 0; i < p->problem_offset && i < len; i++, m.column++)
			if (buf[i] == '\n') {
				m.line++;
				m.column = (size_t)-1;
			}
	}
	if (p->context != NULL)
		snprintf(ctx, sizeof(ctx), " (%s at line %zu)", p->context,
			 p->context_mark.line + 1);
	snprintf(l->err, l->errlen, "%s:%zu:%zu: %s%s", l->name, m.line + 1, m.column + 1,
		 p->problem ? p->problem : "bad YAML", ctx);
}

/* A second document in the file is a mistake (a stray "---"), not something to ignore. */
static int single_document(struct loader *l, yaml_parser_t *p, const char *buf, size_t len)
{
	yaml_document_t next;
	yaml_node_t *root;
	int rc = 0;

	if (!yaml_parser_load(p, &next)) {
		syntax_error(l, p, buf, len);
		return -1;
	}
	if ((root = yaml_document_get_root_node(&next)) != NULL) {
		l->doc = &next;
		rc = fail(l, root, "only one YAML document is allowed");
	}
	yaml_document_delete(&next);
	return rc;
}

static struct config *load_buffer(const char *buf, size_t len, const char *name, char *err,
				  size_t errlen)
{
	struct loader l = { .name = name, .err = err, .errlen = errlen };
	yaml_parser_t p;
	yaml_document_t doc;
	struct config *c = NULL;

	if (!yaml_parser_initialize(&p)) {
		snprintf(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&p, &doc)) {
		syntax_error(&l, &p, buf, len);
		yaml_parser_delete(&p);
		return NULL;
	}
	if (single_document(&l, &p, buf, len) == 0) {
		l.doc = &doc;
		c = load_document(&l);
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	return c;
}

struct config *config_load_string(const char *text, const char *name, char *err, size_t errlen)
{
	return load_buffer(text, strlen(text), name, err, errlen);
}

struct config *config_load(const char *path, char *err, size_t errlen)
{
	size_t len;
	char *buf = readfile_regular(path, CONFIG_MAX_BYTES, &len, err, errlen);
	struct config *c;

	if (buf == NULL)
		return NULL;
	c = load_buffer(buf, len, path, err, errlen);
	free(buf);
	return c;
}

int config_latency(const char *spec, struct sla_objective *o, char *err, size_t errlen)
{
	char msg[NINES_ERRLEN];

	if (latency_parse(spec, o, msg, sizeof(msg)) != 0) {
		snprintf(err, errlen, "bad latency '%s': %s", spec, msg);
		return -1;
	}
	return 0;
}

/* ---- the command-line form ---- */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * The name the plugins were given, from the first n bytes of an archive's base name:
 * they percent-encode every byte outside [A-Za-z0-9_.-] (archive_name_encode()), so
 * "SNMP%20availability" was "SNMP availability".  A '%' not followed by two hex digits,
 * or one that would decode to NUL, stays as it is.  Returns a new string (free()).
 */
static char *name_decode(const char *s, size_t n)
{
	char *out = malloc(n + 1), *o = out;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		int hi = -1, lo = -1;

		if (s[i] == '%' && i + 2 < n) {
			hi = hex_digit(s[i + 1]);
			lo = hex_digit(s[i + 2]);
		}
		if (hi >= 0 && lo >= 0 && (hi | lo) != 0) {
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

static int single_service(struct config_service *svc, const char *rrd, double target,
			  const char *latency, const char *tz, char *err, size_t errlen)
{
	const char *base = strrchr(rrd, '/') ? strrchr(rrd, '/') + 1 : rrd;
	size_t n = strlen(base);
	char msg[NINES_ERRLEN];

	if (n > 4 && strcmp(base + n - 4, ".rrd") == 0)
		n -= 4;
	if (n == 0) {
		snprintf(err, errlen, "bad archive '%s': not a file name", rrd);
		return -1;
	}
	if (!isnan(target) && !(target > 0 && target <= 100)) {
		snprintf(err, errlen, "bad target %g: out of range (above 0, up to 100)", target);
		return -1;
	}
	svc->objective.target_percent = target;
	if (latency != NULL && latency_parse(latency, &svc->objective, msg, sizeof(msg)) != 0) {
		snprintf(err, errlen, "bad latency '%s': %s", latency, msg);
		return -1;
	}
	if (!has_objective(svc)) {
		snprintf(err, errlen, "no objective: give an availability target or a latency");
		return -1;
	}
	if ((svc->name = name_decode(base, n)) == NULL || (svc->archive.path = strdup(rrd)) == NULL ||
	    (svc->tz = strdup(tz && *tz ? tz : "UTC")) == NULL ||
	    (svc->calendar_name = strdup(ALWAYS)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return (svc->calendar = cal_new(svc->tz, err, errlen)) == NULL ? -1 : 0;
}

struct config *config_single(const char *rrd, double target_percent, const char *latency,
			     const char *tz, char *err, size_t errlen)
{
	struct config *c = calloc(1, sizeof(*c));

	if (c == NULL || (c->file = strdup("(command line)")) == NULL ||
	    (c->title = strdup("SLA report")) == NULL ||
	    (c->services = calloc(1, sizeof(*c->services))) == NULL ||
	    (c->calendars = calloc(1, sizeof(*c->calendars))) == NULL) {
		snprintf(err, errlen, "out of memory");
		config_release(c);
		return NULL;
	}
	c->nservices = 1;
	service_init(&c->services[0]);
	if (rrd == NULL || *rrd == '\0') {
		snprintf(err, errlen, "no archive given");
		config_release(c);
		return NULL;
	}
	if (single_service(&c->services[0], rrd, target_percent, latency, tz, err, errlen) != 0) {
		config_release(c);
		return NULL;
	}
	c->calendars[c->ncalendars++] = c->services[0].calendar;
	return c;
}

/* *field becomes a copy of v when v is not NULL.  0, or -1. */
static int replace(char **field, const char *v)
{
	char *d;

	if (v == NULL)
		return 0;
	if ((d = strdup(v)) == NULL)
		return -1;
	free(*field);
	*field = d;
	return 0;
}

int config_looks(struct config *c, const char *title, const char *logo, const char *font,
		 char *err, size_t errlen)
{
	if (replace(&c->title, title) != 0 || replace(&c->logo, logo) != 0 ||
	    replace(&c->font, font) != 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

void config_release(struct config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nservices; i++) {
		struct config_service *s = &c->services[i];

		free(s->name);
		free(s->archive.path);
		free(s->archive.dir);
		free(s->archive.host);
		free(s->archive.service);
		free(s->credits);
		free(s->rewards);
		free(s->alerts);
		free(s->calendar_name);
		free(s->tz);
		for (size_t j = 0; j < s->ncomponents; j++)
			free(s->component_names[j]);
		free(s->component_names);
		free(s->components);
	}
	for (size_t i = 0; i < c->ncalendars; i++)
		cal_release(c->calendars[i]);
	free(c->calendars);
	free(c->services);
	free(c->file);
	free(c->title);
	free(c->logo);
	free(c->font);
	free(c->rrdcached);
	for (size_t i = 0; i < c->mail.nto; i++)
		free(c->mail.to[i]);
	free(c->mail.to);
	free(c->mail.from);
	free(c->mail.subject);
	sc_def_release(c->scorecard);
	free(c);
}
