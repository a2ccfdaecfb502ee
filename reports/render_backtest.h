/*
 * render_backtest — one writer per output format of a finished struct bt_report.  Times
 * are epoch seconds (with local twins in text and JSON), durations seconds, percentages
 * 0..100, plain decimals in the C locale.  JSON follows reports/sla-backtest.schema.json;
 * CSV has one header and a `record` column (window, summary, sweep, alert).  Each returns
 * 0, or -1 when writing failed.
 */
#ifndef RENDER_BACKTEST_H
#define RENDER_BACKTEST_H

#include <stdio.h>

#include "backtest_run.h"

#define RENDER_BACKTEST_SCHEMA "nines-sla-backtest/1"

int render_backtest_text(FILE *out, const struct bt_report *r);
int render_backtest_csv(FILE *out, const struct bt_report *r);
int render_backtest_json(FILE *out, const struct bt_report *r);
/* One self-contained page: attainment per window against the target, and the sweep. */
int render_backtest_html(FILE *out, const struct bt_report *r);
/* The same as an A4 PDF; the font and logo checked first with pdfw_prepare(). */
int render_backtest_pdf(FILE *out, const struct bt_report *r);

/* "maintenance=excluded unmonitored=excluded warning=up merge_within=0 ignore_shorter=0" */
void render_backtest_policy(const struct sla_policy *p, char *buf, size_t len);

#endif
