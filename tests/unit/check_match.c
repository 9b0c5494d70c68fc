/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the hide/deny/download filters in match.c. */
#include "sf_config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/limits.h"
#include "common/match.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* --- match_filter -------------------------------------------------------- */

static const struct {
	const char *filter;
	const char *name;
	int expect;
} filter_cases[] = {
	/* No filter never matches, whatever the name. */
	{ NULL, "a", 0 },
	{ NULL, "", 0 },
	{ "", "", 0 },
	{ "", "a", 0 },
	{ "{}", "", 0 },
	{ "{}", "{}", 0 },
	{ "{,}", "", 0 },
	{ "{,}", ",", 0 },
	/* The vsftpd manual's example. */
	{ "{*.mp3,*.mov,.private}", "song.mp3", 1 },
	{ "{*.mp3,*.mov,.private}", "film.mov", 1 },
	{ "{*.mp3,*.mov,.private}", ".private", 1 },
	{ "{*.mp3,*.mov,.private}", ".mp3", 1 },
	{ "{*.mp3,*.mov,.private}", "x.mp4", 0 },
	{ "{*.mp3,*.mov,.private}", "song.mp3.txt", 0 },
	{ "{*.mp3,*.mov,.private}", ".private2", 0 },
	{ "{*.mp3,*.mov,.private}", "a.private", 0 },
	{ "{*.mp3,*.mov,.private}", "SONG.MP3", 0 },
	{ "{*.mp3,*.mov,.private}", "", 0 },
	/* A single pattern without braces; a comma is then literal. */
	{ "*.iso", "debian.iso", 1 },
	{ "*.iso", "debian.iso.sig", 0 },
	{ "a,b", "a", 0 },
	{ "a,b", "a,b", 1 },
	/* Unbalanced braces are literal text. */
	{ "{a,b", "{a,b", 1 },
	{ "{a,b", "a", 0 },
	{ "a,b}", "a,b}", 1 },
	{ "{", "{", 1 },
	{ "}", "}", 1 },
	/* Empty alternatives are ignored, not "match the empty name". */
	{ "{a,,b}", "", 0 },
	{ "{a,,b}", "b", 1 },
	{ "{,a}", "a", 1 },
	{ "{a,}", "a", 1 },
	/* Literals. */
	{ "abc", "abc", 1 },
	{ "abc", "abcd", 0 },
	{ "abc", "ab", 0 },
	{ "abc", "xabc", 0 },
	{ "abc", "ABC", 0 },
	{ "\\*", "\\x", 1 },
	{ "\\*", "*", 0 },
	{ "a b", "a b", 1 },
	/* Star. */
	{ "*", "", 1 },
	{ "*", "anything", 1 },
	{ "**", "", 1 },
	{ "*a", "bba", 1 },
	{ "*a", "ab", 0 },
	{ "a*", "abc", 1 },
	{ "a*", "ba", 0 },
	{ "a*b", "ab", 1 },
	{ "a**b", "ab", 1 },
	{ "a*b", "a", 0 },
	{ "ab*ba", "aba", 0 },
	{ "ab*ba", "abba", 1 },
	{ "a*b*c", "aXXbYYc", 1 },
	{ "a*b*c", "abc", 1 },
	{ "a*b*c", "acb", 0 },
	{ "a*b*c", "abcb", 0 },
	{ "*ab*ab*", "xabyab", 1 },
	{ "*ab*ab*", "xaby", 0 },
	{ "*ab*ab*", "abab", 1 },
	{ "*aba*", "xabax", 1 },
	{ "*aaa*", "aaxaaxaaa", 1 },
	{ "*.tar.*", "x.tar.gz", 1 },
	{ "*.tar.*", "x.tar", 0 },
	{ "*/*", "a/b", 1 },
	{ "*/*", "ab", 0 },
	{ "a*", "a/b/c", 1 },
	/* Question mark. */
	{ "?", "a", 1 },
	{ "?", "", 0 },
	{ "?", "ab", 0 },
	{ "a?c", "abc", 1 },
	{ "a?c", "ac", 0 },
	{ "??*", "ab", 1 },
	{ "??*", "a", 0 },
	{ "*?", "", 0 },
	{ "*?x?*", "x", 0 },
	{ "*?x?*", "axb", 1 },
	{ "?", "/", 1 },
	/* Classes. */
	{ "[abc]", "b", 1 },
	{ "[abc]", "d", 0 },
	{ "[abc]", "", 0 },
	{ "[abc]", "ab", 0 },
	{ "[a-z]x", "qx", 1 },
	{ "[a-z]x", "Qx", 0 },
	{ "[a-cx-z]", "y", 1 },
	{ "[a-cx-z]", "m", 0 },
	{ "[!a-z]", "Q", 1 },
	{ "[!a-z]", "q", 0 },
	{ "[^a-z]", "Q", 1 },
	{ "[^a-z]", "q", 0 },
	{ "[]a]", "]", 1 },
	{ "[]a]", "a", 1 },
	{ "[!]a]", "]", 0 },
	{ "[!]a]", "b", 1 },
	{ "[-a]", "-", 1 },
	{ "[a-]", "-", 1 },
	{ "[a-]", "b", 0 },
	{ "[z-a]", "m", 0 },
	{ "[*]", "*", 1 },
	{ "[*]", "x", 0 },
	{ "[?]", "?", 1 },
	{ "[?]", "a", 0 },
	{ "[[]", "[", 1 },
	{ "*[0-9].log", "app7.log", 1 },
	{ "*[0-9].log", "app.log", 0 },
	{ "[\xc0-\xff]*", "\xe9t\xe9", 1 },
	{ "[\xc0-\xff]*", "et\xe9", 0 },
	{ "[!\x01-\x7f]", "\x80", 1 },
	/* An unterminated class is literal text. */
	{ "[abc", "[abc", 1 },
	{ "[abc", "a", 0 },
	{ "[", "[", 1 },
	{ "[!", "[!", 1 },
	{ "[]", "[]", 1 },
	{ "a[", "a[", 1 },
	/* A star inside a class is not a wildcard. */
	{ "a[*]b*", "a*bcd", 1 },
	{ "a[*]b*", "axbcd", 0 },
	/* Alternatives mixing everything. */
	{ "{*.[ch],Makefile,?.o}", "parse.c", 1 },
	{ "{*.[ch],Makefile,?.o}", "a.o", 1 },
	{ "{*.[ch],Makefile,?.o}", "ab.o", 0 },
	{ "{*.[ch],Makefile,?.o}", "Makefile", 1 },
	{ "{*.[ch],Makefile,?.o}", "makefile", 0 },
	/* Bytes the client may smuggle in names stay ordinary bytes. */
	{ "*secret*", "a\rsecret\n", 1 },
	{ "{secret}", "secret\r", 0 },
};

START_TEST(test_filter)
{
	int r = match_filter(filter_cases[_i].filter, filter_cases[_i].name);

	ck_assert_msg(r == filter_cases[_i].expect,
	    "filter \"%s\" name \"%s\": %d, want %d",
	    filter_cases[_i].filter ? filter_cases[_i].filter : "(null)",
	    filter_cases[_i].name, r, filter_cases[_i].expect);
}
END_TEST

/* --- the budget (CVE-2011-0762) ------------------------------------------ */

/* A name of n times c, which the test frees. */
static char *
repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* CPU seconds of this process (each test runs in its own, CK_FORK): the
 * work done, whatever else the machine is running. */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Long names of 'a' against patterns that would backtrack exponentially or
 * quadratically in a naive matcher.  The expected answer is either the
 * right one, found within budget, or -1: never a wrong 0 or 1.
 */
#define BIG (2 * LIM_MATCH_ITERS)

static const struct {
	const char *filter;
	size_t len;
	int expect;
} budget_cases[] = {
	/* BIG: a name long enough to exhaust the budget. */
	/* The classic: settled by the anchored last segment, 1 step. */
	{ "*a*a*a*a*a*a*b", 5000, 0 },
	{ "*a*a*a*a*a*a*a", 5000, 1 },
	{ "*a*a*a*a*a*a*b*", BIG, -1 },
	{ "*a*a*a*a*a*a*b*", 100, 0 },
	{ "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b*", BIG, -1 },
	{ "*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*x", 4095, 0 },
	{ "*aaaaaaaaaaaaaaaaaaaaaaab*", BIG, -1 },
	{ "*[!a]*", BIG, -1 },
	{ "*[!a]*", 200, 0 },
	{ "*b*", LIM_MATCH_ITERS, 0 },
	{ "*b*", LIM_MATCH_ITERS + 1, -1 },
	/* One budget for the whole filter, spent in order: a match found
	 * before it runs out wins, an alternative after it answers -1. */
	{ "{*a*a*a*a*a*a*b*,x}", BIG, -1 },
	{ "{*a*a*a*a*a*a*b*,*a}", BIG, -1 },
	{ "{*a,*a*a*a*a*a*a*b*}", BIG, 1 },
	{ "{*b*,a*}", BIG, -1 },
	{ "{a*,*b*}", BIG, 1 },
	/* Names of ordinary length are answered exactly. */
	{ "{*a*a*a*a*a*a*b*,*a}", 5000, 1 },
	{ "{*a*a*a*a*a*a*b*,*b*,*c*,*d*,a*}", 5000, 1 },
	{ "{*a*a*a*a*a*a*b*,*b*,*c*,*d*}", LIM_PATH - 1, 0 },
	/* Anchored ends cost their width, not the name's length. */
	{ "*.mp3", 4095, 0 },
	{ "a*", 4095, 1 },
	{ "a*a", 4095, 1 },
	{ "*", 4095, 1 },
};

START_TEST(test_budget)
{
	char *name = repeat('a', budget_cases[_i].len);
	int r = match_filter(budget_cases[_i].filter, name);

	ck_assert_msg(r == budget_cases[_i].expect, "\"%s\" on %zu bytes: "
	    "%d, want %d", budget_cases[_i].filter, budget_cases[_i].len, r,
	    budget_cases[_i].expect);
	free(name);
}
END_TEST

/* "{ALT,ALT,...}": k alternatives, then last (may be NULL); freed by the
 * caller. */
static char *
alternatives(const char *alt, size_t k, const char *last)
{
	size_t len = strlen(alt), llen = last ? strlen(last) + 1 : 0, i;
	char *f = malloc(k * (len + 1) + llen + 2), *p = f;

	ck_assert_ptr_nonnull(f);
	*p++ = '{';
	for (i = 0; i < k; i++) {
		memcpy(p, alt, len);
		p += len;
		*p++ = ',';
	}
	if (last != NULL) {
		memcpy(p, last, llen - 1);
		p += llen - 1;
	} else if (k > 0) {
		p--;
	}
	*p++ = '}';
	*p = '\0';
	return f;
}

/*
 * CVE-2011-0762 class: the budget is one per call, not one per
 * alternative, so a filter of many alternatives cannot multiply the work.
 * Each "*b*" below costs a whole scan of a LIM_PATH name and stays within
 * budget alone; a hundred of them exhaust the one budget.
 */
START_TEST(test_budget_alternatives)
{
	char *name = repeat('a', LIM_PATH - 1), *f;

	f = alternatives("*b*", 4, NULL);
	ck_assert_int_eq(match_filter(f, name), 0);
	free(f);
	f = alternatives("*b*", 100, NULL);
	ck_assert_int_eq(match_filter(f, name), -1);
	free(f);
	/* The budget is spent in order: a cheap match after it is too late,
	 * one before it settles the answer. */
	f = alternatives("*b*", 100, "*a");
	ck_assert_int_eq(match_filter(f, name), -1);
	ck_assert_int_eq(match_filter(f, "xa"), 1);
	ck_assert(match_path(f, name));
	ck_assert_int_eq(match_path_result(f, name), -1);
	free(f);
	f = alternatives("*a", 1, NULL);
	ck_assert_int_eq(match_filter(f, name), 1);
	free(f);
	/* A thousand alternatives, as a config line can hold. */
	f = alternatives("*a*a*b*", 1000, NULL);
	ck_assert_int_eq(match_filter(f, name), -1);
	ck_assert_int_eq(match_path_result(f, name), -1);
	ck_assert_int_eq(match_filter(f, "aab"), 1);
	ck_assert_int_eq(match_filter(f, "aaa"), 0);
	free(f);
	free(name);
}
END_TEST

/* vsftpd-style filters behave as they always did, on short names and on
 * the longest paths, in every place a filter is used. */
START_TEST(test_budget_ordinary)
{
	static const char *const filters[] = {
		"{*.mp3,*.exe}",
		"{*.mp3,*.mov,.private}",
		"{*secret*,*private*,*.bak,core}",
		"{*.[ch],Makefile,?.o,*~}",
	};
	char *path = repeat('d', LIM_PATH - 1);
	size_t i, k;

	/* A LIM_PATH path of 8-byte components "/ddddddd". */
	for (k = 0; k < LIM_PATH - 1; k += 8)
		path[k] = '/';
	for (i = 0; i < NELEM(filters); i++) {
		ck_assert_int_eq(match_filter(filters[i], path), 0);
		ck_assert_int_eq(match_path_result(filters[i], path), 0);
	}
	ck_assert_int_eq(match_filter("{*.mp3,*.exe}", "song.mp3"), 1);
	ck_assert_int_eq(match_filter("{*.mp3,*.exe}", "setup.exe"), 1);
	ck_assert_int_eq(match_filter("{*.mp3,*.exe}", "song.ogg"), 0);
	memcpy(path + LIM_PATH - 5, ".exe", 4);
	ck_assert_int_eq(match_filter("{*.mp3,*.exe}", path), 1);
	ck_assert_int_eq(match_path_result("{*.mp3,*.exe}", path), 1);
	memcpy(path + LIM_PATH - 5, "ddd~", 4);
	ck_assert_int_eq(match_path_result(filters[3], path), 1);
	/* A component in the middle of the longest path, found exactly. */
	memcpy(path + 2049, "secret!", 7);
	ck_assert_int_eq(match_path_result(filters[2], path), 1);
	ck_assert_int_eq(match_path_result(filters[1], path), 0);
	free(path);
}
END_TEST

/* A long name that does match a pattern at its end: the suffix check is
 * cheap, so a 4 KiB name is still matched exactly. */
START_TEST(test_budget_long_match)
{
	char *name = repeat('x', 4095);

	memcpy(name + 4091, ".mp3", 4);
	ck_assert_int_eq(match_filter("{*.mp3}", name), 1);
	ck_assert_int_eq(match_filter("x*x.mp3", name), 1);
	ck_assert_int_eq(match_filter("x*y.mp3", name), 0);
	free(name);
}
END_TEST

/* The point of the budget: the worst patterns stay fast.  Thousands of
 * calls must take well under the test timeout even under sanitizers. */
START_TEST(test_budget_time)
{
	static const char *const pats[] = {
		"*a*a*a*a*a*a*b*",
		"*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b*",
		"*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*b*",
		"{*a*b*,*a*c*,*a*d*,*a*e*,*a*f*,*a*g*,*a*h*,*a*i*}",
	};
	char *name = repeat('a', 4095);
	double t0 = now();
	size_t i, k;

	for (k = 0; k < 2000; k++)
		for (i = 0; i < NELEM(pats); i++)
			ck_assert_int_ne(match_filter(pats[i], name), 1);
	ck_assert_msg(now() - t0 < 2.0, "pathological patterns took %.2f s",
	    now() - t0);
	free(name);
}
END_TEST

/* A filter of 500 alternatives, each a full scan of the name: with a
 * budget per alternative, 200 calls were 800 million steps (seconds);
 * with one per call they are at most 200 x LIM_MATCH_ITERS. */
START_TEST(test_budget_time_alternatives)
{
	char *name = repeat('a', LIM_PATH - 1);
	char *f = alternatives("*a*a*b*", 500, NULL);
	double t0 = now();
	size_t k;

	for (k = 0; k < 200; k++)
		ck_assert_int_eq(match_path_result(f, name), -1);
	ck_assert_msg(now() - t0 < 1.0, "500 alternatives took %.2f s",
	    now() - t0);
	free(f);
	free(name);
}
END_TEST

/* --- match_path ---------------------------------------------------------- */

static const struct {
	const char *filter;
	const char *vpath;
	int expect;		/* match_path_result */
} path_cases[] = {
	{ NULL, "/a", 0 },
	{ "", "/a", 0 },
	{ "{}", "/a", 0 },
	/* Any component: a denied directory denies what is below it. */
	{ "{secret}", "/pub/secret/file", 1 },
	{ "{secret}", "/secret", 1 },
	{ "{secret}", "/pub/secrets", 0 },
	{ "{secret}", "/pub/mysecret/x", 0 },
	{ "{.git}", "/repo/.git/config", 1 },
	{ "{*.mp3}", "/a/b.mp3", 1 },
	{ "{*.mp3}", "/a.mp3/b", 1 },
	{ "{*.mp3}", "/a/b.mp4", 0 },
	{ "{a}", "/b/c", 0 },
	/* The whole path, with its '/'. */
	{ "/pub/x", "/pub/x", 1 },
	{ "/pub/x", "/pub/xy", 0 },
	{ "/pub/*", "/pub/x/y", 1 },
	{ "/pub/*", "/pubx", 0 },
	/* The path without its leading '/'. */
	{ "pub/private*", "/pub/private/x", 1 },
	{ "pub/private*", "/pub/privat", 0 },
	{ "pub/x", "/pub/x", 1 },
	{ "pub/x", "/a/pub/x", 0 },
	{ "*", "/", 1 },
	{ "/", "/", 1 },
	{ "?", "/", 1 },
	{ "{x}", "/", 0 },
	/* A match in a short component wins over a long, costly path. */
	{ "{*q*}", "/q/aaaa", 1 },
};

START_TEST(test_path)
{
	const char *f = path_cases[_i].filter, *p = path_cases[_i].vpath;
	int r = match_path_result(f, p);

	ck_assert_msg(r == path_cases[_i].expect,
	    "filter \"%s\" path \"%s\": %d, want %d", f ? f : "(null)", p, r,
	    path_cases[_i].expect);
	ck_assert(match_path(f, p) == (r != 0));
}
END_TEST

/* Budget exhaustion on a long path: -1 from match_path_result, so an
 * allow list can refuse; true from match_path, so deny/hide fail closed. */
START_TEST(test_path_budget)
{
	size_t lim = LIM_MATCH_ITERS;
	char *path = repeat('a', 3 * lim);

	path[0] = '/';
	ck_assert_int_eq(match_path_result("{*b*}", path), -1);
	ck_assert(match_path("{*b*}", path));
	/* The components and the whole path share one budget: "*b*" finds
	 * the 'b' early in the second component, but "*c*" and "*b*" on the
	 * first component spend it all before. */
	path[lim / 2] = '/';
	path[lim] = '/';
	ck_assert_int_eq(match_path_result("{*b*}", path), -1);
	path[lim / 2 + 10] = 'b';
	ck_assert_int_eq(match_path_result("{*b*}", path), 1);
	ck_assert_int_eq(match_path_result("{*c*,*b*}", path), -1);
	free(path);

	path = repeat('a', 600);
	path[0] = '/';
	path[300] = '/';
	ck_assert_int_eq(match_path_result("{*b*}", path), 0);
	ck_assert(!match_path("{*b*}", path));
	free(path);
}
END_TEST

static Suite *
match_suite(void)
{
	Suite *s = suite_create("match");
	TCase *tc;

	tc = tcase_create("filter");
	tcase_add_loop_test(tc, test_filter, 0, NELEM(filter_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("budget");
	/* The time tests bound CPU seconds themselves; on a loaded machine
	 * (or under sanitizers at low priority) the wall clock is longer. */
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_budget, 0, NELEM(budget_cases));
	tcase_add_test(tc, test_budget_alternatives);
	tcase_add_test(tc, test_budget_ordinary);
	tcase_add_test(tc, test_budget_long_match);
	tcase_add_test(tc, test_budget_time);
	tcase_add_test(tc, test_budget_time_alternatives);
	suite_add_tcase(s, tc);

	tc = tcase_create("path");
	tcase_add_loop_test(tc, test_path, 0, NELEM(path_cases));
	tcase_add_test(tc, test_path_budget);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(match_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
