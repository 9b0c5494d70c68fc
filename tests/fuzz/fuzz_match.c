/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the {a,b} pattern matcher (match.c): results, the work
 * budget (CVE-2011-0762 class) and agreement with a reference matcher. */
#include "sf_config.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "common/limits.h"
#include "common/match.h"
#include "fuzz.h"

FUZZ_HARNESS_BEGIN

/*
 * Input: filter, NUL, name (no NUL: the whole input is the filter, and
 * the name is the filter itself).  The filter is at most a control line
 * (a client's LIST glob) and the name at most a virtual path.
 *
 * The reference is a plain dynamic-programming matcher written from
 * match.h: quadratic but exact, so it is run only on inputs small enough.
 * Whenever match.c gives 0 or 1 it must agree; it may give -1 (budget
 * exhausted) only when the pattern and name are large enough that the
 * budget could run out at all.
 */

/* Total cost of reference runs per input, in cells (name x pattern). */
#define REF_MAX_CELLS	(1u << 16)

/* CPU time one input may take in the matcher (all calls together): far
 * above what the budget allows, far below a hang.  FUZZ_MATCH_MAX_MS
 * overrides it (0 disables) for slow machines or sanitizer builds. */
#define MAX_MS_DEFAULT	2000

enum { E_STAR, E_ANY, E_LIT, E_CLASS };

struct elem {
	int kind;
	unsigned char c;
	const char *cls, *cls_end;	/* members, after '[', '!' or '^' */
	bool neg;
};

/* The class at p (p[0] == '['): fills e and returns its end, or NULL
 * when there is no closing ']' (then '[' is a literal). */
static const char *
ref_class(const char *p, const char *end, struct elem *e)
{
	const char *q = p + 1, *start;

	e->neg = false;
	if (q < end && (*q == '!' || *q == '^')) {
		e->neg = true;
		q++;
	}
	start = q;
	if (q < end && *q == ']')	/* first: a member */
		q++;
	while (q < end && *q != ']')
		q++;
	if (q >= end)
		return NULL;
	e->kind = E_CLASS;
	e->cls = start;
	e->cls_end = q;
	return q + 1;
}

static bool
ref_class_match(const struct elem *e, unsigned char c)
{
	const unsigned char *q = (const unsigned char *)e->cls;
	const unsigned char *end = (const unsigned char *)e->cls_end;
	bool hit = false;

	while (q < end) {
		/* "x-y" is a range unless the '-' is last. */
		if (end - q >= 3 && q[1] == '-') {
			hit |= c >= q[0] && c <= q[2];
			q += 3;
		} else {
			hit |= c == q[0];
			q++;
		}
	}
	return hit != e->neg;
}

static size_t
ref_compile(const char *p, const char *end, struct elem *out)
{
	size_t n = 0;
	const char *next;

	while (p < end) {
		struct elem *e = &out[n++];

		if (*p == '*') {
			e->kind = E_STAR;
			p++;
		} else if (*p == '[' && (next = ref_class(p, end, e)) != NULL) {
			p = next;
		} else {
			e->kind = *p == '?' ? E_ANY : E_LIT;
			e->c = (unsigned char)*p;
			p++;
		}
	}
	return n;
}

static bool
ref_elem(const struct elem *e, unsigned char c)
{
	switch (e->kind) {
	case E_ANY:
		return true;
	case E_LIT:
		return e->c == c;
	case E_CLASS:
		return ref_class_match(e, c);
	}
	return false;
}

/* Does the pattern [p, end) match name[0..n)?  dp[j]: the first j
 * elements match the bytes seen so far. */
static bool
ref_pattern(const char *p, const char *end, const char *name, size_t n)
{
	struct elem *el = malloc(((size_t)(end - p) + 1) * sizeof(*el));
	bool *dp, *nx, r;
	size_t m, i, j;

	FUZZ_CHECK(el != NULL);
	m = ref_compile(p, end, el);
	dp = calloc(m + 1, sizeof(*dp));
	nx = calloc(m + 1, sizeof(*nx));
	FUZZ_CHECK(dp != NULL && nx != NULL);
	dp[0] = true;
	for (j = 1; j <= m && el[j - 1].kind == E_STAR; j++)
		dp[j] = true;
	for (i = 0; i < n; i++) {
		nx[0] = false;
		for (j = 1; j <= m; j++) {
			if (el[j - 1].kind == E_STAR)
				nx[j] = nx[j - 1] || dp[j];
			else
				nx[j] = dp[j - 1] && ref_elem(&el[j - 1],
				    (unsigned char)name[i]);
		}
		memcpy(dp, nx, (m + 1) * sizeof(*dp));
	}
	r = dp[m];
	free(el);
	free(dp);
	free(nx);
	return r;
}

/*
 * The filter against name[0..n): 1 or 0 from the reference.  *cost grows
 * by an upper bound of the steps match.c may spend on it: seg_match
 * spends one step per element compared, at most (n + 1) per pattern byte.
 * The budget is one per call of the API, so the caller compares the sum
 * over every alternative and every name tried with LIM_MATCH_ITERS:
 * below it, the budget never runs out.
 */
static int
ref_filter(const char *filter, const char *name, size_t n, size_t *cost)
{
	size_t flen = strlen(filter);
	const char *p, *end, *comma;

	if (flen == 0)
		return 0;
	if (flen < 2 || filter[0] != '{' || filter[flen - 1] != '}') {
		*cost += (n + 1) * flen;
		return ref_pattern(filter, filter + flen, name, n);
	}
	end = filter + flen - 1;
	for (p = filter + 1; p <= end; p = comma + 1) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		if (comma == p)
			continue;
		*cost += (n + 1) * (size_t)(comma - p);
		if (ref_pattern(p, comma, name, n))
			return 1;
	}
	return 0;
}

/* The reference of match_path_result: any component, the whole path, or
 * the path without its leading '/', all on one budget. */
static int
ref_path(const char *filter, const char *vpath, size_t *cost)
{
	const char *s, *e;
	int r = 0;

	for (s = vpath; *s != '\0'; s = e) {
		while (*s == '/')
			s++;
		for (e = s; *e != '\0' && *e != '/'; e++)
			;
		if (e > s)
			r |= ref_filter(filter, s, (size_t)(e - s), cost);
	}
	r |= ref_filter(filter, vpath, strlen(vpath), cost);
	if (vpath[0] == '/')
		r |= ref_filter(filter, vpath + 1, strlen(vpath) - 1, cost);
	return r;
}

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
max_ms(void)
{
	static double limit = -1;
	const char *s;

	if (limit < 0) {
		s = getenv("FUZZ_MATCH_MAX_MS");
		limit = s != NULL ? strtod(s, NULL) : MAX_MS_DEFAULT;
	}
	return limit;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *filter, *name;
	const uint8_t *nul;
	size_t flen, nlen;
	double t0, spent;
	size_t cost;
	int r, rp, ref;

	nul = memchr(data, '\0', size);
	flen = nul != NULL ? (size_t)(nul - data) : size;
	nlen = nul != NULL ? size - flen - 1 : size;
	if (flen > LIM_CMD_LINE - 1)
		flen = LIM_CMD_LINE - 1;
	if (nlen > LIM_PATH - 1)
		nlen = LIM_PATH - 1;
	filter = malloc(flen + 1);
	name = malloc(nlen + 1);
	FUZZ_CHECK(filter != NULL && name != NULL);
	memcpy(filter, data, flen);
	filter[flen] = '\0';
	memcpy(name, nul != NULL ? nul + 1 : data, nlen);
	name[nlen] = '\0';
	/* A NUL inside the name ends it, as in a C string from readdir. */
	nlen = strlen(name);

	t0 = cpu_ms();
	r = match_filter(filter, name);
	rp = match_path_result(filter, name);
	spent = cpu_ms() - t0;
	FUZZ_CHECK(r == -1 || r == 0 || r == 1);
	FUZZ_CHECK(rp == -1 || rp == 0 || rp == 1);
	if (max_ms() > 0 && spent > max_ms()) {
		fprintf(stderr, "fuzz_match: %.0f ms of CPU in the matcher "
		    "(filter %zu bytes, name %zu bytes)\n", spent, flen, nlen);
		FUZZ_CHECK(!"the matcher ran too long");
	}

	/* Two reference runs for the name (alone, and each part of it as
	 * a path): at most about 3 x name x filter cells. */
	if ((nlen + 1) * (flen + 1) * 3 <= REF_MAX_CELLS) {
		cost = 0;
		ref = ref_filter(filter, name, nlen, &cost);
		if (r == -1)
			FUZZ_CHECK(cost > LIM_MATCH_ITERS);
		else
			FUZZ_CHECK(r == ref);
		FUZZ_CHECK(match_path(filter, name) == (rp != 0));
		cost = 0;
		ref = ref_path(filter, name, &cost);
		if (rp == -1)
			FUZZ_CHECK(cost > LIM_MATCH_ITERS);
		else
			FUZZ_CHECK(rp == ref);
	}
	free(filter);
	free(name);
	return 0;
}

FUZZ_HARNESS_END
