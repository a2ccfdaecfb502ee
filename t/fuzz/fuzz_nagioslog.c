/*
 * Nagios/Icinga log lines and the import's state machine: the input is a log; every line
 * is parsed on its own (names must lie inside the line), then the whole log is read,
 * ordered, replayed with each option and turned into archive updates, which must be in
 * strictly increasing time with cover never above the heartbeat.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "import.h"
#include "nagioslog.h"

#define STEP 60

static void check_line(const char *p, size_t n)
{
	struct nagioslog_event ev;

	if (nagioslog_parse(p, n, &ev) != NAGIOSLOG_VALID)
		return;
	if (ev.host != NULL && (ev.host < p || ev.host + ev.hostlen > p + n))
		abort();
	if (ev.service != NULL && (ev.service < p || ev.service + ev.servicelen > p + n))
		abort();
	if (ev.rest < p || ev.rest + ev.restlen > p + n)
		abort();
}

static void check_updates(const struct import_log *l, const struct import_options *o)
{
	for (size_t i = 0; i < l->nobjects; i++) {
		size_t n;
		struct import_update *u = import_updates(&l->objects[i], o->since,
							 import_end(l, o), STEP, &n);

		for (size_t k = 0; u != NULL && k < n; k++)
			if ((k > 0 && u[k].when <= u[k - 1].when) || u[k].cover < 0 ||
			    u[k].cover > 2 * STEP || (k == 0 && u[k].cover != 0))
				abort();
		free(u);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct import_log l;
	long long max = 0;
	size_t start = 0;
	uint32_t line = 0;

	memset(&l, 0, sizeof(l));
	l.max_time = NAGIOSLOG_MIN_TIME + 2 * 86400;	/* two days of timeline at most */
	for (size_t i = 0; i <= size; i++) {
		if (i < size && s[i] != '\n')
			continue;
		check_line(s + start, i - start);
		if (import_line(&l, s + start, i - start, 0, ++line, &max) != 0)
			goto out;
		start = i + 1;
	}
	if (import_order(&l) != 0)
		goto out;
	for (int opt = 0; opt < 4; opt++) {
		struct import_options o = { opt & 1, opt >> 1, 0, 0 };

		if (import_replay(&l, &o) != 0)
			break;
		check_updates(&l, &o);
	}
out:
	import_log_release(&l);
	return 0;
}
