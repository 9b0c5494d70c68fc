/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsftpd's {pattern,pattern} filters, with one work budget per call. */
#include "sf_config.h"

#include <string.h>

#include "common/limits.h"
#include "common/match.h"

/*
 * How it stays cheap (CVE-2011-0762): a pattern is cut at its stars into
 * segments of fixed width, since ?, [...] and literals each take exactly
 * one byte.  The first segment must match at the start of the name, the
 * last at its end, and each middle one is placed at its leftmost
 * occurrence after the previous one: a later placement could only leave
 * less room for the rest, so no backtracking is ever needed.  The work is
 * then at most (name length x segment width).  One budget of
 * LIM_MATCH_ITERS element comparisons per call of the API, shared by every
 * alternative and, for match_path_result, by every name tried, bounds it
 * regardless: a filter of many alternatives cannot multiply the work.
 */

/* Past the ']' that closes the class opened at p, or NULL when there is
 * none (then '[' is an ordinary byte).  A ']' right after '[', "[!" or
 * "[^" is a member, as in fnmatch. */
static const char *
class_end(const char *p, const char *end)
{
	const char *q = p + 1;

	if (q < end && (*q == '!' || *q == '^'))
		q++;
	if (q < end && *q == ']')
		q++;
	while (q < end && *q != ']')
		q++;
	return q < end ? q + 1 : NULL;
}

/* Past the single-byte element (literal, '?' or class) at p. */
static const char *
elem_next(const char *p, const char *end)
{
	const char *q;

	if (*p == '[' && (q = class_end(p, end)) != NULL)
		return q;
	return p + 1;
}

static bool
class_match(const char *p, const char *next, unsigned char c)
{
	const unsigned char *q = (const unsigned char *)p + 1;
	const unsigned char *last = (const unsigned char *)next - 1;
	bool neg = false, hit = false;

	if (*q == '!' || *q == '^') {
		neg = true;
		q++;
	}
	/* A '-' first or last in the class is a member, not a range. */
	while (q < last) {
		if (q + 2 < last && q[1] == '-') {
			if (c >= q[0] && c <= q[2])
				hit = true;
			q += 3;
		} else {
			if (c == q[0])
				hit = true;
			q++;
		}
	}
	return hit != neg;
}

static bool
elem_match(const char *p, const char *next, unsigned char c)
{
	if (next - p > 1)
		return class_match(p, next, c);
	return *p == '?' || (unsigned char)*p == c;
}

/* The end of the segment starting at p: the next '*' outside a class. */
static const char *
seg_end(const char *p, const char *end)
{
	while (p < end && *p != '*')
		p = elem_next(p, end);
	return p;
}

/* How many bytes the segment [p, end) matches. */
static size_t
seg_width(const char *p, const char *end)
{
	size_t w = 0;

	for (; p < end; p = elem_next(p, end))
		w++;
	return w;
}

/* Does the segment [p, end) match the bytes at s (which has at least
 * seg_width bytes)?  -1 when the budget runs out first. */
static int
seg_match(const char *p, const char *end, const char *s, unsigned int *left)
{
	const char *next;

	for (; p < end; p = next, s++) {
		if (*left == 0)
			return -1;
		(*left)--;
		next = elem_next(p, end);
		if (!elem_match(p, next, (unsigned char)*s))
			return 0;
	}
	return 1;
}

/* Match the pattern [p, end) against the n bytes at name. */
static int
pattern_match(const char *p, const char *end, const char *name, size_t n,
    unsigned int *left)
{
	const char *first_end, *last, *q, *qe;
	size_t w_first, w_last, w, pos, lim, i;
	int r = 0;

	first_end = seg_end(p, end);
	w_first = seg_width(p, first_end);
	if (first_end == end) {
		if (w_first != n)
			return 0;
		return seg_match(p, first_end, name, left);
	}

	/* The last segment is whatever follows the last star. */
	last = first_end;
	for (q = first_end; q < end; q = elem_next(q, end))
		if (*q == '*')
			last = q + 1;
	w_last = seg_width(last, end);
	if (w_first > n || w_last > n - w_first)
		return 0;
	if ((r = seg_match(p, first_end, name, left)) != 1)
		return r;
	if ((r = seg_match(last, end, name + n - w_last, left)) != 1)
		return r;

	/* Middle segments go between, each at its leftmost place. */
	pos = w_first;
	lim = n - w_last;
	q = first_end;
	for (;;) {
		while (q < last && *q == '*')
			q++;
		if (q >= last)
			return 1;
		qe = seg_end(q, last);
		w = seg_width(q, qe);
		for (i = pos, r = 0; i + w <= lim; i++)
			if ((r = seg_match(q, qe, name + i, left)) != 0)
				break;
		if (r != 1)
			return r;
		pos = i + w;
		q = qe;
	}
}

/*
 * The alternatives are tried in order on the caller's budget.  A match
 * found before it runs out wins over an exhausted budget, since the answer
 * is then known.  Once it is spent the answer is -1 and the rest of the
 * filter is not even scanned, so a long filter stays cheap.
 */
static int
filter_match(const char *filter, const char *name, size_t n,
    unsigned int *left)
{
	const char *p, *end, *comma;
	size_t flen;
	int r, res = 0;

	if (filter == NULL || name == NULL)
		return 0;
	flen = strlen(filter);
	if (flen == 0)
		return 0;
	if (*left == 0)
		return -1;
	if (flen < 2 || filter[0] != '{' || filter[flen - 1] != '}')
		return pattern_match(filter, filter + flen, name, n, left);
	/* As in vsftpd, a comma always separates alternatives, even inside
	 * a class; an empty alternative never matches. */
	end = filter + flen - 1;
	for (p = filter + 1; p <= end; p = comma + 1) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		if (comma == p)
			continue;
		if (*left == 0)
			return -1;
		r = pattern_match(p, comma, name, n, left);
		if (r == 1)
			return 1;
		if (r < 0)
			res = -1;
	}
	return res;
}

int
match_filter(const char *filter, const char *name)
{
	unsigned int left = LIM_MATCH_ITERS;

	if (name == NULL)
		return 0;
	return filter_match(filter, name, strlen(name), &left);
}

static void
merge(int *res, int r)
{
	if (r == 1 || (r < 0 && *res == 0))
		*res = r;
}

int
match_path_result(const char *filter, const char *vpath)
{
	unsigned int left = LIM_MATCH_ITERS;
	const char *s, *e;
	size_t len;
	int res = 0;

	if (filter == NULL || filter[0] == '\0' || vpath == NULL)
		return 0;
	/* Components first: they are short and cheap, and one match settles
	 * the answer.  All the names tried share the one budget. */
	for (s = vpath; *s != '\0'; s = e) {
		while (*s == '/')
			s++;
		for (e = s; *e != '\0' && *e != '/'; e++)
			;
		if (e > s) {
			merge(&res, filter_match(filter, s, (size_t)(e - s),
			    &left));
			if (res == 1)
				return 1;
		}
	}
	len = strlen(vpath);
	merge(&res, filter_match(filter, vpath, len, &left));
	if (res != 1 && vpath[0] == '/')
		merge(&res, filter_match(filter, vpath + 1, len - 1,
		    &left));
	return res;
}

bool
match_path(const char *filter, const char *vpath)
{
	return match_path_result(filter, vpath) != 0;
}
