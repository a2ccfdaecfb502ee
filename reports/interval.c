#include "interval.h"

#include <errno.h>
#include <stdlib.h>

void ival_list_release(struct ival_list *l)
{
	if (l == NULL)
		return;
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int ival_list_append(struct ival_list *l, time_t start, time_t end)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct ival *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].start = start;
	l->v[l->n].end = end;
	l->n++;
	return 0;
}

int ival_list_push(struct ival_list *l, time_t start, time_t end)
{
	struct ival *last = l->n > 0 ? &l->v[l->n - 1] : NULL;

	if (end <= start)
		return 0;
	if (last != NULL && start < last->start) {
		errno = EINVAL;
		return -1;
	}
	if (last != NULL && start <= last->end) {
		if (end > last->end)
			last->end = end;
		return 0;
	}
	return ival_list_append(l, start, end);
}

int ival_list_intersect(const struct ival_list *a, const struct ival_list *b,
			struct ival_list *out)
{
	size_t i = 0, j = 0;

	out->n = 0;
	while (i < a->n && j < b->n) {
		time_t s = a->v[i].start > b->v[j].start ? a->v[i].start : b->v[j].start;
		time_t e = a->v[i].end < b->v[j].end ? a->v[i].end : b->v[j].end;

		if (s < e && ival_list_push(out, s, e) != 0)
			return -1;
		if (a->v[i].end < b->v[j].end)
			i++;
		else
			j++;
	}
	return 0;
}

int ival_list_subtract(const struct ival_list *a, const struct ival_list *b,
		       struct ival_list *out)
{
	size_t j = 0;

	out->n = 0;
	for (size_t i = 0; i < a->n; i++) {
		time_t s = a->v[i].start, e = a->v[i].end;

		while (j < b->n && b->v[j].end <= s)
			j++;
		for (size_t k = j; k < b->n && b->v[k].start < e; k++) {
			if (b->v[k].start > s && ival_list_push(out, s, b->v[k].start) != 0)
				return -1;
			if (b->v[k].end > s)
				s = b->v[k].end;
		}
		if (s < e && ival_list_push(out, s, e) != 0)
			return -1;
	}
	return 0;
}

long long ival_list_seconds(const struct ival_list *l)
{
	long long sum = 0;

	for (size_t i = 0; i < l->n; i++)
		sum += (long long)(l->v[i].end - l->v[i].start);
	return sum;
}
