/* Interval list algebra: push and merge, intersection and difference, table-driven. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "interval.h"

#define MAXIV 4

struct ivs {
	size_t n;
	struct ival v[MAXIV];
};


static void make_list(const struct ivs *s, struct ival_list *l)
{
	for (size_t i = 0; i < s->n; i++)
		assert_int_equal(ival_list_push(l, s->v[i].start, s->v[i].end), 0);
}

static void check_list(const char *what, size_t k, const struct ival_list *l, const struct ivs *want)
{
	if (l->n != want->n)
		fail_msg("case %zu %s: %zu intervals, expected %zu", k, what, l->n, want->n);
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].start != want->v[i].start || l->v[i].end != want->v[i].end)
			fail_msg("case %zu %s: interval %zu is [%lld, %lld), expected [%lld, %lld)", k,
				 what, i, (long long)l->v[i].start, (long long)l->v[i].end,
				 (long long)want->v[i].start, (long long)want->v[i].end);
}

static void test_list_push(void **state)
{
	struct ival_list l = IVAL_LIST_INIT;

	(void)state;
	assert_int_equal(ival_list_push(&l, 0, 10), 0);
	assert_int_equal(ival_list_push(&l, 10, 20), 0);	/* touching: merged */
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].end, 20);
	assert_int_equal(ival_list_push(&l, 5, 8), 0);		/* inside the last one */
	assert_int_equal(ival_list_push(&l, 15, 25), 0);	/* overlapping: extended */
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].end, 25);
	assert_int_equal(ival_list_push(&l, 30, 30), 0);	/* empty: ignored */
	assert_int_equal(ival_list_push(&l, 30, 40), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(ival_list_push(&l, 1, 2), -1);		/* unsorted */
	for (time_t t = 100; t < 10100; t += 10)		/* grows past its first buffer */
		assert_int_equal(ival_list_push(&l, t, t + 5), 0);
	assert_int_equal(l.n, 1002);
	/* 25 + 10 + 1000 * 5 */
	assert_int_equal(ival_list_seconds(&l), 5035);
	ival_list_release(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
	ival_list_release(&l);
	ival_list_release(NULL);
}

static void test_list_algebra(void **state)
{
	static const struct {
		struct ivs a, b, and, minus;
	} cases[] = {
		{ { 2, { { 0, 10 }, { 20, 30 } } }, { 1, { { 5, 25 } } },
		  { 2, { { 5, 10 }, { 20, 25 } } }, { 2, { { 0, 5 }, { 25, 30 } } } },
		{ { 1, { { 0, 100 } } }, { 2, { { 10, 20 }, { 30, 40 } } },
		  { 2, { { 10, 20 }, { 30, 40 } } }, { 3, { { 0, 10 }, { 20, 30 }, { 40, 100 } } } },
		{ { 0, { { 0, 0 } } }, { 1, { { 0, 10 } } }, { 0, { { 0, 0 } } }, { 0, { { 0, 0 } } } },
		{ { 1, { { 0, 10 } } }, { 0, { { 0, 0 } } }, { 0, { { 0, 0 } } }, { 1, { { 0, 10 } } } },
		{ { 1, { { 0, 10 } } }, { 1, { { 10, 20 } } }, { 0, { { 0, 0 } } },
		  { 1, { { 0, 10 } } } },
		{ { 2, { { 0, 10 }, { 15, 20 } } }, { 1, { { 0, 20 } } },
		  { 2, { { 0, 10 }, { 15, 20 } } }, { 0, { { 0, 0 } } } },
		{ { 1, { { 5, 6 } } }, { 3, { { 0, 1 }, { 2, 3 }, { 4, 7 } } },
		  { 1, { { 5, 6 } } }, { 0, { { 0, 0 } } } },
		{ { 3, { { 0, 10 }, { 12, 14 }, { 16, 30 } } }, { 2, { { 8, 13 }, { 17, 18 } } },
		  { 3, { { 8, 10 }, { 12, 13 }, { 17, 18 } } },
		  { 4, { { 0, 8 }, { 13, 14 }, { 16, 17 }, { 18, 30 } } } },
		{ { 1, { { -50, -10 } } }, { 1, { { -20, 5 } } }, { 1, { { -20, -10 } } },
		  { 1, { { -50, -20 } } } },
	};

	(void)state;
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct ival_list a = IVAL_LIST_INIT, b = IVAL_LIST_INIT, out = IVAL_LIST_INIT;

		make_list(&cases[k].a, &a);
		make_list(&cases[k].b, &b);
		assert_int_equal(ival_list_push(&out, 1000, 2000), 0);	/* overwritten */
		assert_int_equal(ival_list_intersect(&a, &b, &out), 0);
		check_list("intersect", k, &out, &cases[k].and);
		assert_int_equal(ival_list_push(&out, 1000, 2000), 0);
		assert_int_equal(ival_list_subtract(&a, &b, &out), 0);
		check_list("subtract", k, &out, &cases[k].minus);
		ival_list_release(&a);
		ival_list_release(&b);
		ival_list_release(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_push),
		cmocka_unit_test(test_list_algebra),
	};
	return cmocka_run_group_tests_name("interval", tests, NULL, NULL);
}
