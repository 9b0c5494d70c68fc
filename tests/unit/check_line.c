/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for line.c: Telnet stripping, line ends, limits, pipelining. */
#include "sf_config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/line.h"

#define MAXLINE		(LIM_CMD_LINE - 1)

/*
 * The reader's results are written as a transcript: "+text\n" for a line
 * (a line never holds LF, so this is unambiguous), "L\n" for LINE_TOO_LONG,
 * "Z\n" for LINE_NUL, and a final "." when the last call asked for more
 * bytes.  Two ways of feeding the same bytes must give the same
 * transcript.
 */
static void
record(struct buf *t, enum line_status st, const struct line_reader *lr)
{
	switch (st) {
	case LINE_OK:
		ck_assert_uint_le(lr->len, MAXLINE);
		ck_assert_int_eq(lr->line[lr->len], '\0');
		ck_assert_ptr_null(memchr(lr->line, '\n', lr->len));
		ck_assert_int_eq(buf_addc(t, '+'), 0);
		ck_assert_int_eq(buf_add(t, lr->line, lr->len), 0);
		ck_assert_int_eq(buf_addc(t, '\n'), 0);
		break;
	case LINE_TOO_LONG:
		ck_assert_int_eq(buf_adds(t, "L\n"), 0);
		break;
	case LINE_NUL:
		ck_assert_int_eq(buf_adds(t, "Z\n"), 0);
		break;
	case LINE_NONE:
		ck_abort_msg("LINE_NONE recorded");
		break;
	}
}

/*
 * Feed in[0..n) in pieces of step bytes, or when step is 0 as two pieces
 * cut at cut.  Each piece is a separate allocation so that AddressSanitizer
 * sees any read past the bytes handed over.
 */
static void
feed_steps(const char *in, size_t n, size_t step, size_t cut,
    struct buf *t)
{
	struct line_reader lr;
	enum line_status st = LINE_NONE;
	size_t off, end, p, len, used;
	char *piece;

	line_init(&lr);
	buf_reset(t);
	for (off = 0; off < n; off = end) {
		if (step > 0)
			end = off + step < n ? off + step : n;
		else
			end = off < cut ? cut : n;
		len = end - off;
		piece = malloc(len);
		ck_assert_ptr_nonnull(piece);
		memcpy(piece, in + off, len);
		for (p = 0; p < len; p += used) {
			used = (size_t)-1;
			st = line_feed(&lr, piece + p, len - p, &used);
			/* Plain tests: each passing ck_assert costs a write. */
			if (used < 1 || used > len - p ||
			    (st == LINE_NONE && used != len - p))
				ck_abort_msg("used %zu of %zu, status %d",
				    used, len - p, (int)st);
			if (st != LINE_NONE)
				record(t, st, &lr);
		}
		free(piece);
	}
	if (st == LINE_NONE && n > 0)
		ck_assert_int_eq(buf_addc(t, '.'), 0);
}

/* Check's failure messages are bounded; show the ends of long lines. */
#define SHOW(s)	(strlen(s) > 100 ? 100 : (int)strlen(s)), \
	(strlen(s) > 100 ? (s) + strlen(s) - 100 : (s))

static bool
same(const struct buf *t, const char *want, size_t wantlen)
{
	return t->len == wantlen &&
	    (wantlen == 0 || memcmp(t->p, want, wantlen) == 0);
}

/*
 * The same transcript whether in comes whole, byte by byte, or in two
 * pieces cut anywhere.  Long inputs are cut near both ends (where the
 * limit is crossed) and at spaced points in between, to keep the run short.
 */
static void
check_all_ways(const char *what, const char *in, size_t n, const char *want,
    size_t wantlen, bool every_split)
{
	struct buf t;
	size_t cut;

	buf_init(&t, 1 << 24);
	feed_steps(in, n, 0, n, &t);
	ck_assert_msg(same(&t, want, wantlen), "%s, whole: got [%.*s] want [%.*s]",
	    what, SHOW(buf_cstr(&t)), SHOW(want));
	feed_steps(in, n, 1, 0, &t);
	ck_assert_msg(same(&t, want, wantlen),
	    "%s, byte by byte: got [%.*s] want [%.*s]", what,
	    SHOW(buf_cstr(&t)), SHOW(want));
	for (cut = 1; every_split && cut < n; cut++) {
		if (n > 64 && cut > 16 && cut + 24 < n && cut % (n / 64) != 0)
			continue;
		feed_steps(in, n, 0, cut, &t);
		ck_assert_msg(same(&t, want, wantlen),
		    "%s, cut at %zu: got [%.*s] want [%.*s]", what, cut,
		    SHOW(buf_cstr(&t)), SHOW(want));
	}
	buf_free(&t);
}

/* Literals may hold NUL bytes, so each carries its length. */
#define S(x)	x, sizeof(x) - 1

static const struct {
	const char *what;
	const char *in;
	size_t n;
	const char *want;
	size_t wantlen;
} cases[] = {
	{ "CRLF", S("NOOP\r\n"), S("+NOOP\n") },
	{ "bare LF", S("NOOP\n"), S("+NOOP\n") },
	{ "empty line", S("\r\n"), S("+\n") },
	{ "empty bare LF", S("\n"), S("+\n") },
	{ "unfinished", S("NOOP\r"), S(".") },
	{ "nothing", S(""), S("") },
	{ "pipelined", S("USER a\r\nPASS b\nNOOP\r\n"),
	    S("+USER a\n+PASS b\n+NOOP\n") },
	{ "pipelined, last unfinished", S("NOOP\r\nSTAT"), S("+NOOP\n.") },
	{ "CR inside kept", S("NO\rOP\r\n"), S("+NO\rOP\n") },
	{ "only one CR dropped", S("NOOP\r\r\n"), S("+NOOP\r\n") },
	{ "lone CR", S("\r\r\n"), S("+\r\n") },
	{ "CR at start", S("\rNOOP\n"), S("+\rNOOP\n") },
	{ "NUL", S("NO\0OP\r\n"), S("Z\n") },
	{ "NUL alone", S("\0\n"), S("Z\n") },
	{ "NUL after CR", S("NOOP\r\0\r\n"), S("Z\n") },
	{ "NUL then a good line", S("A\0\r\nNOOP\r\n"), S("Z\n+NOOP\n") },
	{ "NUL pending", S("A\0B"), S(".") },
	{ "IAC IAC is 0xFF", S("STOR a\xff\xff" "b\r\n"),
	    S("+STOR a\xff" "b\n") },
	{ "two escaped 0xFF", S("\xff\xff\xff\xff\r\n"), S("+\xff\xff\n") },
	{ "IAC IP IAC DM ABOR", S("\xff\xf4\xff\xf2" "ABOR\r\n"),
	    S("+ABOR\n") },
	{ "IAC WILL opt", S("\xff\xfb\x01NOOP\r\n"), S("+NOOP\n") },
	{ "IAC WONT opt", S("\xff\xfc\x01NOOP\r\n"), S("+NOOP\n") },
	{ "IAC DO opt", S("\xff\xfd\x03NOOP\r\n"), S("+NOOP\n") },
	{ "IAC DONT opt", S("\xff\xfe\x03NOOP\r\n"), S("+NOOP\n") },
	{ "option byte is IAC", S("\xff\xfd\xffNOOP\r\n"), S("+NOOP\n") },
	{ "LF ends IAC DO early", S("\xff\xfd\nNOOP\r\n"), S("+\n+NOOP\n") },
	{ "option byte is CR", S("NOOP\xff\xfb\r\r\n"), S("+NOOP\n") },
	{ "option byte is NUL", S("\xff\xfe\0NOOP\r\n"), S("+NOOP\n") },
	{ "subnegotiation", S("\xff\xfa\x18\x01\xff\xf0NOOP\r\n"),
	    S("+NOOP\n") },
	{ "SB with IAC IAC", S("\xff\xfa\x18\xff\xff\x01\xff\xf0NOOP\r\n"),
	    S("+NOOP\n") },
	{ "LF ends SB early", S("\xff\xfa\x18\r\n\0\xff\xf0NOOP\r\n"),
	    S("+\nZ\n") },
	{ "SB with other IAC cmd", S("\xff\xfa\x18\xff\xf1x\xff\xf0NOOP\n"),
	    S("+NOOP\n") },
	{ "empty SB", S("NO\xff\xfa\xff\xf0OP\r\n"), S("+NOOP\n") },
	{ "SB unfinished ends at LF", S("\xff\xfa\x18NOOP\r\n"), S("+\n") },
	{ "raw 0xFF 0xFA in a name", S("CWD \xff\xfa" "x\r\nNOOP\r\n"),
	    S("+CWD \n+NOOP\n") },
	{ "IAC SE outside SB", S("\xff\xf0NOOP\r\n"), S("+NOOP\n") },
	{ "IAC NOP mid-word", S("NO\xff\xf1OP\r\n"), S("+NOOP\n") },
	{ "IAC between CR and LF", S("NOOP\r\xff\xf1\n"), S("+NOOP\n") },
	{ "IAC LF still ends", S("NOOP\xff\n\r\n"), S("+NOOP\n+\n") },
	{ "IAC letter removed", S("NO\xff" "OOP\r\n"), S("+NOOP\n") },
	{ "IAC at the very end", S("NOOP\r\n\xff"), S("+NOOP\n.") },
	{ "IAC around lines", S("\xff\xf4\r\n\xff\xf2\xff\xff\n"),
	    S("+\n+\xff\n") },
	{ "non-UTF-8 data kept", S("CWD \x80\xfe\xc3(\r\n"),
	    S("+CWD \x80\xfe\xc3(\n") },
};

START_TEST(test_table)
{
	check_all_ways(cases[_i].what, cases[_i].in, cases[_i].n,
	    cases[_i].want, cases[_i].wantlen, true);
}
END_TEST

/*
 * IAC followed by any byte but SB, WILL, WONT, DO, DONT, IAC or LF: both
 * bytes are removed, wherever the feed is cut.  (IAC LF ends the line:
 * see the table.)
 */
START_TEST(test_other_commands)
{
	char in[16], want[16], what[16];
	unsigned int c;

	for (c = 0; c < 256; c++) {
		if (c == 0xfa || (c >= 0xfb && c <= 0xff) || c == '\n')
			continue;
		memcpy(in, "NO\xff?OP\r\n", 8);
		in[3] = (char)c;
		memcpy(want, "+NOOP\n", 7);
		ck_assert_int_gt(snprintf(what, sizeof(what), "IAC %#x", c), 0);
		check_all_ways(what, in, 8, want, 6, true);
	}
}
END_TEST

/* Build "X" * len + tail, and the transcript of that line. */
static char *
long_line(size_t len, const char *tail, size_t taillen, size_t *n)
{
	char *p = malloc(len + taillen);

	ck_assert_ptr_nonnull(p);
	memset(p, 'X', len);
	memcpy(p + len, tail, taillen);
	*n = len + taillen;
	return p;
}

static char *
want_line(size_t len, const char *tail, size_t taillen, size_t *n)
{
	char *p = malloc(len + taillen + 3);

	ck_assert_ptr_nonnull(p);
	p[0] = '+';
	memset(p + 1, 'X', len);
	memcpy(p + 1 + len, tail, taillen);
	p[1 + len + taillen] = '\n';
	p[2 + len + taillen] = '\0';
	*n = len + taillen + 2;
	return p;
}

static const struct {
	const char *what;
	size_t len;		/* 'X' bytes */
	const char *tail;	/* then these */
	size_t taillen;
	bool ok;		/* a line of len 'X' + kept, else too long */
	const char *kept;	/* tail bytes kept in the line */
	size_t keptlen;
} limit_cases[] = {
	{ "at the limit, CRLF", MAXLINE, S("\r\n"), true, S("") },
	{ "at the limit, LF", MAXLINE, S("\n"), true, S("") },
	{ "one over, CRLF", MAXLINE + 1, S("\r\n"), false, S("") },
	{ "one over, LF", MAXLINE + 1, S("\n"), false, S("") },
	{ "kept CR at the limit", MAXLINE - 1, S("\r\r\n"), true, S("\r") },
	{ "kept CR one over", MAXLINE, S("\r\r\n"), false, S("") },
	{ "CR then data over", MAXLINE, S("\rX\r\n"), false, S("") },
	{ "Telnet bytes do not count", MAXLINE - 1, S("\xff\xf1Y\xff\xf1\r\n"),
	    true, S("Y") },
	{ "IAC IAC counts once", MAXLINE - 1, S("\xff\xff\r\n"), true,
	    S("\xff") },
	{ "IAC IAC one over", MAXLINE, S("\xff\xff\r\n"), false, S("") },
	{ "NUL in a long line", MAXLINE + 10, S("\0\r\n"), false, S("") },
	{ "much too long", 100 * 1024, S("\r\n"), false, S("") },
};

START_TEST(test_limits)
{
	const char *tail = limit_cases[_i].tail;
	size_t taillen = limit_cases[_i].taillen;
	char *in, *want, *in2, *want2;
	size_t n, wantlen, n2, wantlen2;

	in = long_line(limit_cases[_i].len, tail, taillen, &n);
	if (limit_cases[_i].ok) {
		want = want_line(limit_cases[_i].len, limit_cases[_i].kept,
		    limit_cases[_i].keptlen, &wantlen);
	} else {
		want = strdup("L\n");
		ck_assert_ptr_nonnull(want);
		wantlen = 2;
	}
	check_all_ways(limit_cases[_i].what, in, n, want, wantlen, true);

	/* The next line is whole and alone: nothing was split off. */
	in2 = malloc(n + 6);
	want2 = malloc(wantlen + 7);
	ck_assert_ptr_nonnull(in2);
	ck_assert_ptr_nonnull(want2);
	memcpy(in2, in, n);
	memcpy(in2 + n, "NOOP\r\n", 6);
	memcpy(want2, want, wantlen);
	memcpy(want2 + wantlen, "+NOOP\n", 7);
	n2 = n + 6;
	wantlen2 = wantlen + 6;
	check_all_ways("and then NOOP", in2, n2, want2, wantlen2, false);
	free(in);
	free(want);
	free(in2);
	free(want2);
}
END_TEST

/* 4095 data bytes sent as 8190 wire bytes of IAC IAC still fit. */
START_TEST(test_limit_all_iac)
{
	size_t n = 2 * MAXLINE + 2, i;
	char *in = malloc(n);
	struct line_reader lr;
	size_t used;

	ck_assert_ptr_nonnull(in);
	memset(in, 0xff, 2 * MAXLINE);
	memcpy(in + 2 * MAXLINE, "\r\n", 2);
	line_init(&lr);
	ck_assert_int_eq(line_feed(&lr, in, n, &used), LINE_OK);
	ck_assert_uint_eq(used, n);
	ck_assert_uint_eq(lr.len, MAXLINE);
	for (i = 0; i < MAXLINE; i++)
		ck_assert_int_eq((unsigned char)lr.line[i], 0xff);
	free(in);
}
END_TEST

/* A line that never ends is held in bounded memory and reported once. */
START_TEST(test_endless)
{
	struct line_reader lr;
	char chunk[LIM_CTRL_READ];
	size_t used;
	int i;

	memset(chunk, 'A', sizeof(chunk));
	line_init(&lr);
	for (i = 0; i < 1000; i++) {
		ck_assert_int_eq(line_feed(&lr, chunk, sizeof(chunk), &used),
		    LINE_NONE);
		ck_assert_uint_eq(used, sizeof(chunk));
	}
	ck_assert_int_eq(line_feed(&lr, "\nNOOP\n", 6, &used), LINE_TOO_LONG);
	ck_assert_uint_eq(used, 1);
	ck_assert_int_eq(line_feed(&lr, "NOOP\n", 5, &used), LINE_OK);
	ck_assert_str_eq(lr.line, "NOOP");
}
END_TEST

START_TEST(test_pipelined_5000)
{
	const size_t count = 5000;
	struct line_reader lr;
	char *in = malloc(count * 6);
	size_t i, off = 0, used, seen = 0;
	enum line_status st;

	ck_assert_ptr_nonnull(in);
	for (i = 0; i < count; i++)
		memcpy(in + 6 * i, "NOOP\r\n", 6);
	line_init(&lr);
	while (off < count * 6) {
		st = line_feed(&lr, in + off, count * 6 - off, &used);
		ck_assert_int_eq(st, LINE_OK);
		ck_assert_uint_eq(used, 6);
		ck_assert_uint_eq(lr.len, 4);
		ck_assert_str_eq(lr.line, "NOOP");
		off += used;
		seen++;
	}
	ck_assert_uint_eq(seen, count);
	free(in);
}
END_TEST

/* *used tells exactly where the next command starts. */
START_TEST(test_used)
{
	static const char in[] = "USER anonymous\r\nPASS x\nQUIT";
	struct line_reader lr;
	size_t used;

	line_init(&lr);
	ck_assert_int_eq(line_feed(&lr, in, 0, &used), LINE_NONE);
	ck_assert_uint_eq(used, 0);
	ck_assert_int_eq(line_feed(&lr, in, sizeof(in) - 1, &used), LINE_OK);
	ck_assert_uint_eq(used, 16);
	ck_assert_str_eq(lr.line, "USER anonymous");
	ck_assert_int_eq(line_feed(&lr, in + 16, sizeof(in) - 17, &used),
	    LINE_OK);
	ck_assert_uint_eq(used, 7);
	ck_assert_str_eq(lr.line, "PASS x");
	ck_assert_int_eq(line_feed(&lr, in + 23, 4, &used), LINE_NONE);
	ck_assert_uint_eq(used, 4);
	ck_assert_int_eq(line_feed(&lr, "\r\n", 2, &used), LINE_OK);
	ck_assert_str_eq(lr.line, "QUIT");
}
END_TEST

/* The returned line stays put until the next call, even a call with n 0. */
START_TEST(test_line_lifetime)
{
	struct line_reader lr;
	size_t used;

	line_init(&lr);
	ck_assert_int_eq(line_feed(&lr, "CWD a\r\nNO", 9, &used), LINE_OK);
	ck_assert_uint_eq(used, 7);
	ck_assert_str_eq(lr.line, "CWD a");
	ck_assert_uint_eq(lr.len, 5);
	ck_assert_int_eq(line_feed(&lr, "", 0, &used), LINE_NONE);
	ck_assert_int_eq(line_feed(&lr, "OP\r\n", 4, &used), LINE_OK);
	ck_assert_str_eq(lr.line, "OP");
}
END_TEST

static Suite *
line_suite(void)
{
	Suite *s = suite_create("line");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, test_other_commands);
	tcase_add_test(tc, test_used);
	tcase_add_test(tc, test_line_lifetime);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_limits, 0,
	    (int)(sizeof(limit_cases) / sizeof(limit_cases[0])));
	tcase_add_test(tc, test_limit_all_iac);
	tcase_add_test(tc, test_endless);
	tcase_add_test(tc, test_pipelined_5000);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(line_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
