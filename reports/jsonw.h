/*
 * jsonw — the small pretty-printing JSON writer the JSON renderers share: two-space
 * indent, one member per line, numbers as plain decimals (NAN and infinities as null).
 * key NULL writes an array element instead of a member.
 */
#ifndef JSONW_H
#define JSONW_H

#include <stdio.h>
#include <time.h>

struct jw {
	FILE *f;
	int depth;
	int first;
};

void jw_open(struct jw *w, const char *key, char c);	/* c is '{' or '[' */
void jw_close(struct jw *w, char c);
void jw_str(struct jw *w, const char *key, const char *v);	/* NULL: null */
void jw_num(struct jw *w, const char *key, double v, int decimals);
void jw_int(struct jw *w, const char *key, long long v);
void jw_bool(struct jw *w, const char *key, int v);	/* 1 true, 0 false, else null */
/* Epoch seconds under key and the local time in tz under local_key. */
void jw_time(struct jw *w, const char *key, const char *local_key, time_t t, const char *tz);

#endif
