/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for ascii.c: TYPE A LF <-> CRLF conversion across buffers. */
#include "sf_config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/ascii.h"

/* Literals may hold NUL bytes, so each carries its length. */
#define S(x)	{ x, sizeof(x) - 1 }

struct bytes {
	const char *p;
	size_t n;
};

static const struct {
	struct bytes in, out;
} to_net_cases[] = {
	{ S(""), S("") },
	{ S("abc"), S("abc") },
	{ S("\n"), S("\r\n") },
	{ S("a\nb\n"), S("a\r\nb\r\n") },
	{ S("\n\n\n"), S("\r\n\r\n\r\n") },
	/* As vsftpd: a CR already there is not looked at. */
	{ S("a\r\nb"), S("a\r\r\nb") },
	{ S("\r"), S("\r") },
	{ S("\0\n\xff\n\x80"), S("\0\r\n\xff\r\n\x80") },
};

/*
 * Output arrays are exactly as large as the header asks, so that
 * AddressSanitizer catches a single byte written too many.
 */
START_TEST(test_to_net)
{
	const struct bytes *in = &to_net_cases[_i].in;
	const struct bytes *want = &to_net_cases[_i].out;
	char *out = malloc(in->n > 0 ? 2 * in->n : 1);
	size_t n;

	ck_assert_ptr_nonnull(out);
	n = ascii_to_net(in->p, in->n, out);
	ck_assert_uint_eq(n, want->n);
	ck_assert_mem_eq(out, want->p, n);
	free(out);
}
END_TEST

START_TEST(test_to_net_worst)
{
	char in[64], *out = malloc(2 * sizeof(in));
	size_t i;

	ck_assert_ptr_nonnull(out);
	memset(in, '\n', sizeof(in));
	ck_assert_uint_eq(ascii_to_net(in, sizeof(in), out), 2 * sizeof(in));
	for (i = 0; i < sizeof(in); i++) {
		ck_assert_int_eq(out[2 * i], '\r');
		ck_assert_int_eq(out[2 * i + 1], '\n');
	}
	free(out);
}
END_TEST

/* Whole-file results: the input as one buffer, then end of file. */
static const struct {
	struct bytes in, out;
} from_net_cases[] = {
	{ S(""), S("") },
	{ S("abc"), S("abc") },
	{ S("a\r\nb\r\n"), S("a\nb\n") },
	{ S("\n"), S("\n") },
	{ S("a\nb"), S("a\nb") },
	{ S("a\rb"), S("a\rb") },
	{ S("\r"), S("\r") },
	{ S("a\r"), S("a\r") },
	{ S("\r\r"), S("\r\r") },
	{ S("\r\r\n"), S("\r\n") },
	{ S("\r\r\r\n\r"), S("\r\r\n\r") },
	{ S("\n\r"), S("\n\r") },
	{ S("\r\n\r\n"), S("\n\n") },
	{ S("\r\0\n"), S("\r\0\n") },
	{ S("x\r\xff\r\n\x80"), S("x\r\xff\n\x80") },
};

/*
 * Convert in as pieces cut at cut1 and cut2 (cut1 <= cut2), then end of
 * file, into a fresh array; each call's output array is exactly the size
 * the header asks for.
 */
static size_t
from_net_pieces(const struct bytes *in, size_t cut1, size_t cut2,
    char *res)
{
	size_t bounds[4] = { 0, cut1, cut2, in->n };
	bool pending = false;
	size_t k, len, total = 0;
	char *out;

	for (k = 0; k < 3; k++) {
		len = bounds[k + 1] - bounds[k];
		out = malloc(len + 1);
		ck_assert_ptr_nonnull(out);
		len = ascii_from_net(in->p + bounds[k], len, out, &pending);
		memcpy(res + total, out, len);
		total += len;
		free(out);
	}
	out = malloc(1);
	ck_assert_ptr_nonnull(out);
	len = ascii_from_net_end(out, &pending);
	ck_assert(!pending);
	memcpy(res + total, out, len);
	total += len;
	free(out);
	return total;
}

START_TEST(test_from_net)
{
	const struct bytes *in = &from_net_cases[_i].in;
	const struct bytes *want = &from_net_cases[_i].out;
	char res[64];
	size_t n;

	n = from_net_pieces(in, in->n, in->n, res);
	ck_assert_uint_eq(n, want->n);
	ck_assert_mem_eq(res, want->p, n);
}
END_TEST

/* Every way of cutting the input into three buffers gives the same file. */
START_TEST(test_from_net_splits)
{
	const struct bytes *in = &from_net_cases[_i].in;
	const struct bytes *want = &from_net_cases[_i].out;
	char res[64];
	size_t a, b, n;

	for (a = 0; a <= in->n; a++) {
		for (b = a; b <= in->n; b++) {
			n = from_net_pieces(in, a, b, res);
			ck_assert_msg(n == want->n &&
			    memcmp(res, want->p, n) == 0,
			    "case %d cut at %zu and %zu", _i, a, b);
		}
	}
}
END_TEST

/* A CR at the end of one buffer is held, not guessed at. */
START_TEST(test_from_net_pending)
{
	char out[8];
	bool pending = false;

	ck_assert_uint_eq(ascii_from_net("ab\r", 3, out, &pending), 2);
	ck_assert_mem_eq(out, "ab", 2);
	ck_assert(pending);
	/* An empty read does not resolve it. */
	ck_assert_uint_eq(ascii_from_net("", 0, out, &pending), 0);
	ck_assert(pending);
	ck_assert_uint_eq(ascii_from_net("\ncd", 3, out, &pending), 3);
	ck_assert_mem_eq(out, "\ncd", 3);
	ck_assert(!pending);

	ck_assert_uint_eq(ascii_from_net("\r", 1, out, &pending), 0);
	ck_assert(pending);
	ck_assert_uint_eq(ascii_from_net("x\r", 2, out, &pending), 2);
	ck_assert_mem_eq(out, "\rx", 2);
	ck_assert(pending);
	ck_assert_uint_eq(ascii_from_net("\r", 1, out, &pending), 1);
	ck_assert_mem_eq(out, "\r", 1);
	ck_assert(pending);
	ck_assert_uint_eq(ascii_from_net_end(out, &pending), 1);
	ck_assert_int_eq(out[0], '\r');
	ck_assert(!pending);
	ck_assert_uint_eq(ascii_from_net_end(out, &pending), 0);
}
END_TEST

/* The n + 1 bound is reached: a held CR plus n bytes of plain data. */
START_TEST(test_from_net_worst)
{
	char *out = malloc(4);
	bool pending = true;

	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(ascii_from_net("abc", 3, out, &pending), 4);
	ck_assert_mem_eq(out, "\rabc", 4);
	ck_assert(!pending);
	free(out);
}
END_TEST

/* A file without CR survives a download and an upload unchanged. */
START_TEST(test_round_trip)
{
	char in[512], net[1024], back[1025];
	bool pending = false;
	size_t i, n, m;

	srandom(42);
	for (i = 0; i < sizeof(in); i++) {
		do
			in[i] = (char)(random() & 0xff);
		while (in[i] == '\r');
		if (i % 7 == 0)
			in[i] = '\n';
	}
	n = ascii_to_net(in, sizeof(in), net);
	m = ascii_from_net(net, n, back, &pending);
	m += ascii_from_net_end(back + m, &pending);
	ck_assert_uint_eq(m, sizeof(in));
	ck_assert_mem_eq(back, in, m);
}
END_TEST

static Suite *
ascii_suite(void)
{
	Suite *s = suite_create("ascii");
	TCase *tc;

	tc = tcase_create("to_net");
	tcase_add_loop_test(tc, test_to_net, 0,
	    (int)(sizeof(to_net_cases) / sizeof(to_net_cases[0])));
	tcase_add_test(tc, test_to_net_worst);
	suite_add_tcase(s, tc);

	tc = tcase_create("from_net");
	tcase_add_loop_test(tc, test_from_net, 0,
	    (int)(sizeof(from_net_cases) / sizeof(from_net_cases[0])));
	tcase_add_loop_test(tc, test_from_net_splits, 0,
	    (int)(sizeof(from_net_cases) / sizeof(from_net_cases[0])));
	tcase_add_test(tc, test_from_net_pending);
	tcase_add_test(tc, test_from_net_worst);
	tcase_add_test(tc, test_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ascii_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
