#include "jsonw.h"

#include <math.h>

#include "cal.h"
#include "perf.h"
#include "render_fmt.h"

/*
 * JSON text is UTF-8: a byte that is not part of well-formed UTF-8 (a file name in another
 * encoding) is written as U+FFFD, the replacement character.
 */
static void str_raw(struct jw *w, const char *s)
{
	size_t n;

	fputc('"', w->f);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p += n ? n : 1) {
		n = render_utf8_len((const char *)p);
		if (n == 0)
			fputs("\\ufffd", w->f);
		else if (n > 1)
			fwrite(p, 1, n, w->f);
		else if (*p == '"' || *p == '\\')
			fprintf(w->f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", w->f);
		else if (*p == '\t')
			fputs("\\t", w->f);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(w->f, "\\u%04x", *p);
		else
			fputc(*p, w->f);
	}
	fputc('"', w->f);
}

/* Starts a member (key != NULL) or an array element. */
static void key_start(struct jw *w, const char *key)
{
	fprintf(w->f, "%s\n%*s", w->first ? "" : ",", 2 * w->depth, "");
	w->first = 0;
	if (key != NULL) {
		str_raw(w, key);
		fputs(": ", w->f);
	}
}

void jw_open(struct jw *w, const char *key, char c)
{
	if (w->depth > 0)
		key_start(w, key);
	fputc(c, w->f);
	w->depth++;
	w->first = 1;
}

void jw_close(struct jw *w, char c)
{
	w->depth--;
	if (!w->first)
		fprintf(w->f, "\n%*s", 2 * w->depth, "");
	fputc(c, w->f);
	w->first = 0;
}

void jw_str(struct jw *w, const char *key, const char *v)
{
	key_start(w, key);
	if (v == NULL)
		fputs("null", w->f);
	else
		str_raw(w, v);
}

void jw_num(struct jw *w, const char *key, double v, int decimals)
{
	char buf[64];

	key_start(w, key);
	if (!isfinite(v) || perf_number(buf, sizeof(buf), v, decimals) < 0)
		fputs("null", w->f);
	else
		fputs(buf, w->f);
}

void jw_int(struct jw *w, const char *key, long long v)
{
	key_start(w, key);
	fprintf(w->f, "%lld", v);
}

void jw_bool(struct jw *w, const char *key, int v)
{
	key_start(w, key);
	fputs(v == 1 ? "true" : v == 0 ? "false" : "null", w->f);
}

void jw_time(struct jw *w, const char *key, const char *local_key, time_t t,
		    const char *tz)
{
	char buf[64];

	jw_int(w, key, (long long)t);
	cal_format(t, tz, buf, sizeof(buf));
	jw_str(w, local_key, buf);
}
