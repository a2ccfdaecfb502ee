/*
 * scorecard — the balanced scorecard as plain structs and its arithmetic: KPIs in four
 * perspectives, each value scored 0..10 between its red threshold and its target,
 * coloured red/amber/green, weighted into perspective and card scores, and compared with
 * the previous period.  Pure: no I/O.  Where the values come from is
 * scorecard_measures.h (the engine's figures) and scorecard_csv.h (external measures).
 */
#ifndef SCORECARD_H
#define SCORECARD_H

#include <stddef.h>
#include <time.h>

enum sc_persp { SC_CUSTOMER, SC_INTERNAL, SC_FINANCIAL, SC_LEARNING, SC_NPERSP };
/* The config keys and JSON names: "customer", "internal_process", "financial", "learning_growth". */
const char *sc_persp_name(enum sc_persp p);
/* For people: "Customer", "Internal process", "Financial", "Learning & growth". */
const char *sc_persp_title(enum sc_persp p);

enum sc_polarity { SC_HIGHER, SC_LOWER };	/* which way is better */

/* Where a KPI's value comes from: a figure of the report engine, or the measures file. */
enum sc_measure {
	SC_AVAILABILITY,	/* % of the period, of a service or time-weighted over all */
	SC_LATENCY,		/* a service's latency figure: percentile in ms or share in % */
	SC_SLAS_MET,		/* % of services judged that met (one service: of its windows) */
	SC_OUTAGES,		/* count */
	SC_MTTR,		/* seconds: down / outages; 0 without outages */
	SC_MTBF,		/* seconds: up / outages; the up time without outages */
	SC_CREDITS,		/* credits owed: % of a window's bill, or money with bill: */
	SC_BUDGET_LEFT,		/* % of the period's error budget not spent (may be < 0) */
	SC_COVERAGE,		/* % of in-scope time with data */
	SC_CHRONIC,		/* services in chronic breach at the period's end */
	SC_CSV,			/* a column of the measures file */
	SC_NMEASURES
};
/* "availability", "latency", "slas_met", ... as in the config; "csv" for SC_CSV. */
const char *sc_measure_name(enum sc_measure m);
/* 0 and the measure, or -1 when s names none (SC_CSV is not named this way). */
int sc_measure_parse(const char *s, enum sc_measure *m);

struct sc_kpi {
	char *name;
	enum sc_measure measure;
	char *service;		/* engine measures: one service (or composite); NULL: all */
	char *column;		/* SC_CSV: the column of the measures file */
	/*
	 * Score 0 at red, 10 at target, linear between, clamped; green at or better than
	 * green, red at or worse than red, amber between.  Better is higher or lower by
	 * polarity: red < green <= target (higher) or red > green >= target (lower).
	 */
	double target, green, red;
	enum sc_polarity polarity;
	double weight;		/* > 0 */
	int line;		/* where the config defines it */
};

struct sc_persp_def {
	double weight;		/* > 0; default 1 */
	struct sc_kpi *kpis;
	size_t nkpis;
};

struct sc_def {
	struct sc_persp_def persp[SC_NPERSP];
	char *measures;		/* the CSV file of external measures; NULL: none */
};
void sc_def_release(struct sc_def *d);

enum sc_colour { SC_NO_COLOUR, SC_RED, SC_AMBER, SC_GREEN };
const char *sc_colour_name(enum sc_colour c);	/* "none", "red", "amber", "green" */

enum sc_trend { SC_NO_TREND, SC_BETTER, SC_SAME, SC_WORSE };
const char *sc_trend_name(enum sc_trend t);	/* "none", "better", "same", "worse" */

/* 10 × (v − red) / (target − red), clamped to 0..10; NAN when v is NAN. */
double sc_score(const struct sc_kpi *k, double v);
/* v against green and red (SC_NO_COLOUR when v is NAN). */
enum sc_colour sc_colour_of(const struct sc_kpi *k, double v);
/* cur against prev the way polarity says is better; SC_NO_TREND when either is NAN. */
enum sc_trend sc_trend_of(enum sc_polarity p, double cur, double prev);

#define SC_TRACELEN 384

/* One KPI's value in one period and where it came from. */
struct sc_value {
	double value;		/* NAN: no value (no data, no row in the file) */
	double score;		/* sc_score */
	enum sc_colour colour;
	char trace[SC_TRACELEN];	/* "shop: availability 99.62 % of 99.9 % target" */
	char service[128];	/* the service it came from ("" all services or the file) */
	char field[48];		/* the report field ("availability_percent") or the file's column */
};

struct sc_kpi_result {
	const struct sc_kpi *kpi;
	struct sc_value cur, prev;
	enum sc_trend trend;
};

struct sc_persp_result {
	const struct sc_persp_def *def;
	struct sc_kpi_result *kpis;	/* def->nkpis of them */
	/* Σ weight × score / Σ weight over the KPIs with a value; NAN when none has one. */
	double score, prev_score;
	double weight_used;		/* Σ weight of the KPIs with a value this period */
	size_t nmissing;		/* KPIs without a value this period */
	enum sc_trend trend;
};

struct sc_card {
	const char *title, *tz;		/* the config's title; the zone periods are shown in */
	const char *font, *logo;	/* the PDF's font family and cover logo; NULL: none */
	time_t generated_at;
	time_t t0, t1;			/* the period */
	time_t prev_t0, prev_t1;	/* the previous period the trend compares with */
	struct sc_persp_result persp[SC_NPERSP];
	/* Σ W × perspective score / Σ W over the perspectives with a score; NAN when none. */
	double score, prev_score;
	enum sc_trend trend;
};

/*
 * Allocates the KPI results of def into c (values NAN).  0, or -1 (out of memory).
 * Caller frees with sc_card_release().
 */
int sc_card_init(struct sc_card *c, const struct sc_def *def);
void sc_card_release(struct sc_card *c);
/*
 * From the values of every KPI (cur and prev) in c: each KPI's score, colour and trend,
 * then the perspectives' and the card's weighted scores and trends.  A KPI without a
 * value is left out of the weighting (its weight does not count), as is a perspective
 * without any score.
 */
void sc_card_score(struct sc_card *c);

#endif
