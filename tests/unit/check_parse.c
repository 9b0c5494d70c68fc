/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the untrusted-argument parsers in parse.c. */
#include "sf_config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/parse.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* --- PORT ---------------------------------------------------------------- */

static const struct {
	const char *arg;
	enum parse_result res;
	const char *addr;
	unsigned int port;
} port_cases[] = {
	{ "192,168,0,1,4,1", PARSE_OK, "192.168.0.1", 1025 },
	{ "10,0,0,1,0,21", PARSE_OK, "10.0.0.1", 21 },
	{ " 10,0,0,1,0,21 ", PARSE_OK, "10.0.0.1", 21 },
	{ "\t127,0,0,1,255,255\t", PARSE_OK, "127.0.0.1", 65535 },
	{ "0,0,0,0,0,0", PARSE_OK, "0.0.0.0", 0 },
	{ "255,255,255,255,255,255", PARSE_OK, "255.255.255.255", 65535 },
	{ "001,002,003,004,000,021", PARSE_OK, "1.2.3.4", 21 },
	{ "256,0,0,1,4,1", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,256,4,1", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,256,1", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5,256", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5,1000", PARSE_SYNTAX, NULL, 0 },
	{ "99999999999999999999999,0,0,1,4,1", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5,6,7", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5,6,", PARSE_SYNTAX, NULL, 0 },
	{ ",1,2,3,4,5,6", PARSE_SYNTAX, NULL, 0 },
	{ "1,,3,4,5,6", PARSE_SYNTAX, NULL, 0 },
	{ "1, 2,3,4,5,6", PARSE_SYNTAX, NULL, 0 },
	{ "1 ,2,3,4,5,6", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5,+6", PARSE_SYNTAX, NULL, 0 },
	{ "-1,2,3,4,5,6", PARSE_SYNTAX, NULL, 0 },
	{ "0x1,2,3,4,5,6", PARSE_SYNTAX, NULL, 0 },
	{ "1.2.3.4.5.6", PARSE_SYNTAX, NULL, 0 },
	{ "a,b,c,d,e,f", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5,6x", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5,6\r\n", PARSE_SYNTAX, NULL, 0 },
	{ "1,2,3,4,5,6 7", PARSE_SYNTAX, NULL, 0 },
	{ "", PARSE_SYNTAX, NULL, 0 },
	{ "   ", PARSE_SYNTAX, NULL, 0 },
};

START_TEST(test_port)
{
	struct sockaddr_in sin;
	char buf[INET_ADDRSTRLEN];
	enum parse_result r;

	memset(&sin, 0xa5, sizeof(sin));
	r = parse_port(port_cases[_i].arg, &sin);
	ck_assert_msg(r == port_cases[_i].res, "PORT \"%s\": %d, want %d",
	    port_cases[_i].arg, r, port_cases[_i].res);
	if (r != PARSE_OK)
		return;
	ck_assert_int_eq(sin.sin_family, AF_INET);
	ck_assert_ptr_nonnull(inet_ntop(AF_INET, &sin.sin_addr, buf,
	    sizeof(buf)));
	ck_assert_str_eq(buf, port_cases[_i].addr);
	ck_assert_uint_eq(ntohs(sin.sin_port), port_cases[_i].port);
}
END_TEST

/* Every field value 0..255 is accepted in every position, 256 in none. */
START_TEST(test_port_ranges)
{
	struct sockaddr_in sin;
	char arg[64];
	int f, v, n;

	for (f = 0; f < 6; f++) {
		for (v = 0; v <= 256; v++) {
			n = snprintf(arg, sizeof(arg), "%d,%d,%d,%d,%d,%d",
			    f == 0 ? v : 1, f == 1 ? v : 2, f == 2 ? v : 3,
			    f == 3 ? v : 4, f == 4 ? v : 5, f == 5 ? v : 6);
			ck_assert(n > 0 && (size_t)n < sizeof(arg));
			ck_assert_int_eq(parse_port(arg, &sin),
			    v <= 255 ? PARSE_OK : PARSE_SYNTAX);
		}
	}
}
END_TEST

/* --- EPRT ---------------------------------------------------------------- */

static const struct {
	const char *arg;
	enum parse_result res;
	int family;
	const char *addr;
	unsigned int port;
} eprt_cases[] = {
	{ "|1|132.235.1.2|6275|", PARSE_OK, AF_INET, "132.235.1.2", 6275 },
	{ "|2|1080::8:800:200C:417A|5282|", PARSE_OK, AF_INET6,
	    "1080::8:800:200c:417a", 5282 },
	{ "|2|::1|65535|", PARSE_OK, AF_INET6, "::1", 65535 },
	{ "|1|10.0.0.1|1|", PARSE_OK, AF_INET, "10.0.0.1", 1 },
	{ "!1!10.0.0.1!1024!", PARSE_OK, AF_INET, "10.0.0.1", 1024 },
	{ "~2~fe80::1~2000~", PARSE_OK, AF_INET6, "fe80::1", 2000 },
	{ "\"1\"10.0.0.1\"2000\"", PARSE_OK, AF_INET, "10.0.0.1", 2000 },
	{ "X1X10.0.0.1X2000X", PARSE_OK, AF_INET, "10.0.0.1", 2000 },
	/* A digit as delimiter: fields must stop at it, not run on. */
	{ "5152.3.4.6510005", PARSE_OK, AF_INET, "2.3.4.6", 1000 },
	{ "|1|10.0.0.1|01000|", PARSE_OK, AF_INET, "10.0.0.1", 1000 },
	/* IPv4-mapped stays IPv6: the caller decides what it means. */
	{ "|2|::ffff:10.0.0.1|2000|", PARSE_OK, AF_INET6,
	    "::ffff:10.0.0.1", 2000 },
	{ "|3|10.0.0.1|1000|", PARSE_PROTO, 0, NULL, 0 },
	{ "|0|10.0.0.1|1000|", PARSE_PROTO, 0, NULL, 0 },
	{ "|3|anything at all|x|", PARSE_PROTO, 0, NULL, 0 },
	{ "|99999999999999999999999|x|1|", PARSE_PROTO, 0, NULL, 0 },
	{ "|1|10.0.0.1|0|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|65536|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|99999999999999999999|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|-1|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|+100|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1| 100|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|100 |", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1||", PARSE_SYNTAX, 0, NULL, 0 },
	{ "||10.0.0.1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|a|10.0.0.1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "| 1|10.0.0.1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1||1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|::1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|2|10.0.0.1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|256.0.0.1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1.5|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|010.0.0.1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1| 10.0.0.1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|2|fe80::1%eth0|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|2|1:2:3:4:5:6:7:8:9|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|2|0000:0000:0000:0000:0000:ffff:255.255.255.255:0|1000|",
	    PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|1000", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|1000||", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|1000| ", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1|1000|\r\n", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|1|10.0.0.1!1000!", PARSE_SYNTAX, 0, NULL, 0 },
	{ " |1|10.0.0.1|1000|", PARSE_SYNTAX, 0, NULL, 0 },
	{ " 1 10.0.0.1 1000 ", PARSE_SYNTAX, 0, NULL, 0 },
	{ "\x7f" "1\x7f" "10.0.0.1\x7f" "1000\x7f", PARSE_SYNTAX, 0, NULL, 0 },
	{ "\xa6" "1\xa6" "10.0.0.1\xa6" "1000\xa6", PARSE_SYNTAX, 0, NULL, 0 },
	{ "\t1\t10.0.0.1\t1000\t", PARSE_SYNTAX, 0, NULL, 0 },
	{ "|", PARSE_SYNTAX, 0, NULL, 0 },
	{ "||||", PARSE_SYNTAX, 0, NULL, 0 },
	{ "", PARSE_SYNTAX, 0, NULL, 0 },
};

START_TEST(test_eprt)
{
	struct sockaddr_storage ss;
	char buf[INET6_ADDRSTRLEN];
	socklen_t len = 0;
	enum parse_result r;

	memset(&ss, 0xa5, sizeof(ss));
	r = parse_eprt(eprt_cases[_i].arg, &ss, &len);
	ck_assert_msg(r == eprt_cases[_i].res, "EPRT \"%s\": %d, want %d",
	    eprt_cases[_i].arg, r, eprt_cases[_i].res);
	if (r != PARSE_OK)
		return;
	ck_assert_int_eq(ss.ss_family, eprt_cases[_i].family);
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in sin;

		ck_assert_uint_eq(len, sizeof(sin));
		memcpy(&sin, &ss, sizeof(sin));
		ck_assert_ptr_nonnull(inet_ntop(AF_INET, &sin.sin_addr, buf,
		    sizeof(buf)));
		ck_assert_uint_eq(ntohs(sin.sin_port), eprt_cases[_i].port);
	} else {
		struct sockaddr_in6 sin6;

		ck_assert_uint_eq(len, sizeof(sin6));
		memcpy(&sin6, &ss, sizeof(sin6));
		ck_assert_ptr_nonnull(inet_ntop(AF_INET6, &sin6.sin6_addr, buf,
		    sizeof(buf)));
		ck_assert_uint_eq(ntohs(sin6.sin6_port), eprt_cases[_i].port);
		ck_assert_uint_eq(sin6.sin6_scope_id, 0);
		ck_assert_uint_eq(sin6.sin6_flowinfo, 0);
	}
	ck_assert_str_eq(buf, eprt_cases[_i].addr);
}
END_TEST

/* Every delimiter RFC 2428 allows (33..126) works, and no byte outside
 * that range does.  A delimiter that occurs inside a field ("1", ".",
 * the digits of the address or port) must split it and fail. */
START_TEST(test_eprt_delimiters)
{
	struct sockaddr_storage ss;
	enum parse_result want;
	socklen_t len;
	char arg[64];
	int d, n;

	for (d = 1; d < 256; d++) {
		n = snprintf(arg, sizeof(arg), "%c1%c10.0.0.9%c4321%c", d, d,
		    d, d);
		ck_assert(n > 0 && (size_t)n < sizeof(arg));
		if (d >= 33 && d <= 126 && strchr("10.9432", d) == NULL)
			want = PARSE_OK;
		else
			want = PARSE_SYNTAX;
		ck_assert_msg(parse_eprt(arg, &ss, &len) == want,
		    "delimiter %d", d);
	}
}
END_TEST

/* --- EPSV ---------------------------------------------------------------- */

static const struct {
	const char *arg;
	enum parse_result res;
	int proto;
} epsv_cases[] = {
	{ "", PARSE_OK, 0 },
	{ "1", PARSE_OK, 1 },
	{ "2", PARSE_OK, 2 },
	{ "ALL", PARSE_OK, -1 },
	{ "all", PARSE_OK, -1 },
	{ "aLl", PARSE_OK, -1 },
	{ "01", PARSE_OK, 1 },
	{ "0", PARSE_PROTO, 0 },
	{ "3", PARSE_PROTO, 0 },
	{ "65536", PARSE_PROTO, 0 },
	{ "99999999999999999999999999", PARSE_PROTO, 0 },
	{ "AL", PARSE_SYNTAX, 0 },
	{ "ALLX", PARSE_SYNTAX, 0 },
	{ "ALL ", PARSE_SYNTAX, 0 },
	{ " 1", PARSE_SYNTAX, 0 },
	{ "1 ", PARSE_SYNTAX, 0 },
	{ "-1", PARSE_SYNTAX, 0 },
	{ "+1", PARSE_SYNTAX, 0 },
	{ "1x", PARSE_SYNTAX, 0 },
	{ "x", PARSE_SYNTAX, 0 },
	{ "\r\n", PARSE_SYNTAX, 0 },
};

START_TEST(test_epsv)
{
	enum parse_result r;
	int proto = 42;

	r = parse_epsv(epsv_cases[_i].arg, &proto);
	ck_assert_msg(r == epsv_cases[_i].res, "EPSV \"%s\": %d, want %d",
	    epsv_cases[_i].arg, r, epsv_cases[_i].res);
	if (r == PARSE_OK)
		ck_assert_int_eq(proto, epsv_cases[_i].proto);
	else
		ck_assert_int_eq(proto, 42);
}
END_TEST

/* --- REST (u64) ---------------------------------------------------------- */

static const struct {
	const char *arg;
	enum parse_result res;
	uint64_t val;
} u64_cases[] = {
	{ "0", PARSE_OK, 0 },
	{ "1", PARSE_OK, 1 },
	{ "4294967295", PARSE_OK, 4294967295ULL },
	{ "4294967296", PARSE_OK, 4294967296ULL },
	{ "5368709120", PARSE_OK, 5368709120ULL },
	{ "9223372036854775808", PARSE_OK, 9223372036854775808ULL },
	{ "18446744073709551615", PARSE_OK, UINT64_MAX },
	{ "000000000000000000000000000042", PARSE_OK, 42 },
	{ "18446744073709551616", PARSE_SYNTAX, 0 },
	{ "18446744073709551620", PARSE_SYNTAX, 0 },
	{ "99999999999999999999", PARSE_SYNTAX, 0 },
	{ "184467440737095516150", PARSE_SYNTAX, 0 },
	{ "", PARSE_SYNTAX, 0 },
	{ "-1", PARSE_SYNTAX, 0 },
	{ "+1", PARSE_SYNTAX, 0 },
	{ " 1", PARSE_SYNTAX, 0 },
	{ "1 ", PARSE_SYNTAX, 0 },
	{ "1a", PARSE_SYNTAX, 0 },
	{ "0x10", PARSE_SYNTAX, 0 },
	{ "1e3", PARSE_SYNTAX, 0 },
	{ "1.5", PARSE_SYNTAX, 0 },
	{ "12\r\n", PARSE_SYNTAX, 0 },
};

START_TEST(test_u64)
{
	enum parse_result r;
	uint64_t v = 7;

	r = parse_u64(u64_cases[_i].arg, &v);
	ck_assert_msg(r == u64_cases[_i].res, "REST \"%s\": %d, want %d",
	    u64_cases[_i].arg, r, u64_cases[_i].res);
	if (r == PARSE_OK)
		ck_assert_msg(v == u64_cases[_i].val, "REST \"%s\"",
		    u64_cases[_i].arg);
}
END_TEST

/* A line-sized number: linear work, no overflow, exact verdict. */
START_TEST(test_u64_long)
{
	char arg[4096];
	uint64_t v;

	memset(arg, '0', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	arg[sizeof(arg) - 2] = '7';
	ck_assert_int_eq(parse_u64(arg, &v), PARSE_OK);
	ck_assert(v == 7);
	memset(arg, '9', sizeof(arg) - 1);
	ck_assert_int_eq(parse_u64(arg, &v), PARSE_SYNTAX);
}
END_TEST

/* --- TYPE, MODE, STRU ---------------------------------------------------- */

static const struct {
	const char *arg;
	enum parse_result res;
	char type;
} type_cases[] = {
	{ "A", PARSE_OK, 'A' },
	{ "a", PARSE_OK, 'A' },
	{ "A N", PARSE_OK, 'A' },
	{ "a n", PARSE_OK, 'A' },
	{ "I", PARSE_OK, 'I' },
	{ "i", PARSE_OK, 'I' },
	{ "L 8", PARSE_OK, 'I' },
	{ "l 8", PARSE_OK, 'I' },
	{ "L 08", PARSE_OK, 'I' },
	{ "A T", PARSE_UNSUPPORTED, 0 },
	{ "A C", PARSE_UNSUPPORTED, 0 },
	{ "a c", PARSE_UNSUPPORTED, 0 },
	{ "E", PARSE_UNSUPPORTED, 0 },
	{ "E N", PARSE_UNSUPPORTED, 0 },
	{ "e t", PARSE_UNSUPPORTED, 0 },
	{ "L 7", PARSE_UNSUPPORTED, 0 },
	{ "L 16", PARSE_UNSUPPORTED, 0 },
	{ "L 36", PARSE_UNSUPPORTED, 0 },
	{ "L 99999999999999999999999", PARSE_UNSUPPORTED, 0 },
	{ "", PARSE_SYNTAX, 0 },
	{ "X", PARSE_SYNTAX, 0 },
	{ " A", PARSE_SYNTAX, 0 },
	{ "A ", PARSE_SYNTAX, 0 },
	{ "AN", PARSE_SYNTAX, 0 },
	{ "A  N", PARSE_SYNTAX, 0 },
	{ "A N ", PARSE_SYNTAX, 0 },
	{ "A\tN", PARSE_SYNTAX, 0 },
	{ "A X", PARSE_SYNTAX, 0 },
	{ "A NN", PARSE_SYNTAX, 0 },
	{ "E X", PARSE_SYNTAX, 0 },
	{ "I N", PARSE_SYNTAX, 0 },
	{ "II", PARSE_SYNTAX, 0 },
	{ "I ", PARSE_SYNTAX, 0 },
	{ "L", PARSE_SYNTAX, 0 },
	{ "L ", PARSE_SYNTAX, 0 },
	{ "L8", PARSE_SYNTAX, 0 },
	{ "L  8", PARSE_SYNTAX, 0 },
	{ "L 8 ", PARSE_SYNTAX, 0 },
	{ "L 0", PARSE_SYNTAX, 0 },
	{ "L -8", PARSE_SYNTAX, 0 },
	{ "L x", PARSE_SYNTAX, 0 },
	{ "L 8x", PARSE_SYNTAX, 0 },
	{ "I\r\n", PARSE_SYNTAX, 0 },
	{ "BINARY", PARSE_SYNTAX, 0 },
};

START_TEST(test_type)
{
	enum parse_result r;
	char t = '?';

	r = parse_type(type_cases[_i].arg, &t);
	ck_assert_msg(r == type_cases[_i].res, "TYPE \"%s\": %d, want %d",
	    type_cases[_i].arg, r, type_cases[_i].res);
	if (r == PARSE_OK)
		ck_assert_int_eq(t, type_cases[_i].type);
	else
		ck_assert_int_eq(t, '?');
}
END_TEST

static const struct {
	const char *arg;
	enum parse_result mode, stru;
} letter_cases[] = {
	{ "S", PARSE_OK, PARSE_SYNTAX },
	{ "s", PARSE_OK, PARSE_SYNTAX },
	{ "F", PARSE_SYNTAX, PARSE_OK },
	{ "f", PARSE_SYNTAX, PARSE_OK },
	{ "B", PARSE_UNSUPPORTED, PARSE_SYNTAX },
	{ "C", PARSE_UNSUPPORTED, PARSE_SYNTAX },
	{ "c", PARSE_UNSUPPORTED, PARSE_SYNTAX },
	{ "Z", PARSE_UNSUPPORTED, PARSE_SYNTAX },
	{ "R", PARSE_SYNTAX, PARSE_UNSUPPORTED },
	{ "P", PARSE_SYNTAX, PARSE_UNSUPPORTED },
	{ "p", PARSE_SYNTAX, PARSE_UNSUPPORTED },
	{ "", PARSE_SYNTAX, PARSE_SYNTAX },
	{ "X", PARSE_SYNTAX, PARSE_SYNTAX },
	{ "SS", PARSE_SYNTAX, PARSE_SYNTAX },
	{ "FF", PARSE_SYNTAX, PARSE_SYNTAX },
	{ "S ", PARSE_SYNTAX, PARSE_SYNTAX },
	{ " F", PARSE_SYNTAX, PARSE_SYNTAX },
	{ "F\r", PARSE_SYNTAX, PARSE_SYNTAX },
	{ "\xd3", PARSE_SYNTAX, PARSE_SYNTAX },
};

START_TEST(test_mode_stru)
{
	ck_assert_msg(parse_mode(letter_cases[_i].arg) ==
	    letter_cases[_i].mode, "MODE \"%s\"", letter_cases[_i].arg);
	ck_assert_msg(parse_stru(letter_cases[_i].arg) ==
	    letter_cases[_i].stru, "STRU \"%s\"", letter_cases[_i].arg);
}
END_TEST

/* --- time-val (MDTM, MFMT) ----------------------------------------------- */

static const struct {
	const char *arg;
	enum parse_result res;
	long long sec;
	long nsec;
	size_t rest;		/* offset of *rest in arg */
} tv_cases[] = {
	{ "19700101000000", PARSE_OK, 0, 0, 14 },
	{ "20200101000000", PARSE_OK, 1577836800LL, 0, 14 },
	{ "19691231235959", PARSE_OK, -1, 0, 14 },
	{ "20240229120000", PARSE_OK, 1709208000LL, 0, 14 },
	{ "20000229000000", PARSE_OK, 951782400LL, 0, 14 },
	{ "20230430000000", PARSE_OK, 1682812800LL, 0, 14 },
	{ "21000228000000", PARSE_OK, 4107456000LL, 0, 14 },
	{ "19000301000000", PARSE_OK, -2203891200LL, 0, 14 },
	{ "20380119031408", PARSE_OK, 2147483648LL, 0, 14 },
	{ "10000101000000", PARSE_OK, -30610224000LL, 0, 14 },
	{ "99991231235959", PARSE_OK, 253402300799LL, 0, 14 },
	/* A leap second is allowed and lands on the next minute. */
	{ "20231231235960", PARSE_OK, 1704067200LL, 0, 14 },
	{ "20200101000000.5", PARSE_OK, 1577836800LL, 500000000, 16 },
	{ "20200101000000.000000001", PARSE_OK, 1577836800LL, 1, 24 },
	{ "20200101000000.123456789", PARSE_OK, 1577836800LL, 123456789, 24 },
	{ "20200101000000.1234567899999", PARSE_OK, 1577836800LL, 123456789,
	    28 },
	{ "20200101000000.0", PARSE_OK, 1577836800LL, 0, 16 },
	{ "20200101000000 /pub/file", PARSE_OK, 1577836800LL, 0, 14 },
	{ "20200101000000.25 file name", PARSE_OK, 1577836800LL, 250000000,
	    17 },
	{ "20200101000000  two blanks", PARSE_OK, 1577836800LL, 0, 14 },
	{ "20230229000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "21000229000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "19000229000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20240230000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20231301000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20230001000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20239901000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20230100000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20230132000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20230431000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20230631000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20231231240000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20231231236000", PARSE_SYNTAX, 0, 0, 0 },
	{ "20231231235961", PARSE_SYNTAX, 0, 0, 0 },
	{ "20231231999999", PARSE_SYNTAX, 0, 0, 0 },
	{ "09991231235959", PARSE_SYNTAX, 0, 0, 0 },
	{ "00000101000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "2020010100000", PARSE_SYNTAX, 0, 0, 0 },
	{ "202001010000001", PARSE_SYNTAX, 0, 0, 0 },
	{ "20200101000000.", PARSE_SYNTAX, 0, 0, 0 },
	{ "20200101000000. file", PARSE_SYNTAX, 0, 0, 0 },
	{ "20200101000000.x", PARSE_SYNTAX, 0, 0, 0 },
	{ "20200101000000.5x", PARSE_SYNTAX, 0, 0, 0 },
	{ "20200101000000x", PARSE_SYNTAX, 0, 0, 0 },
	{ "20200101000000\tfile", PARSE_SYNTAX, 0, 0, 0 },
	{ "20200101000000\r\n", PARSE_SYNTAX, 0, 0, 0 },
	{ "2020-01-01 00:00:00", PARSE_SYNTAX, 0, 0, 0 },
	{ "+0200101000000", PARSE_SYNTAX, 0, 0, 0 },
	{ " 20200101000000", PARSE_SYNTAX, 0, 0, 0 },
	{ "2020010100000a", PARSE_SYNTAX, 0, 0, 0 },
	{ "", PARSE_SYNTAX, 0, 0, 0 },
	{ "file", PARSE_SYNTAX, 0, 0, 0 },
};

START_TEST(test_timeval)
{
	const char *arg = tv_cases[_i].arg, *rest = NULL;
	struct timespec ts;
	enum parse_result r;

	r = parse_timeval(arg, &ts, &rest);
	ck_assert_msg(r == tv_cases[_i].res, "time-val \"%s\": %d, want %d",
	    arg, r, tv_cases[_i].res);
	if (r != PARSE_OK)
		return;
	ck_assert_msg((long long)ts.tv_sec == tv_cases[_i].sec,
	    "time-val \"%s\": %lld, want %lld", arg, (long long)ts.tv_sec,
	    tv_cases[_i].sec);
	ck_assert_int_eq(ts.tv_nsec, tv_cases[_i].nsec);
	ck_assert_ptr_eq(rest, arg + tv_cases[_i].rest);
}
END_TEST

/* Is every day of year y checked, or only the edges of its months?  Whole
 * years around the three century rules (1900, 2000, 2100) and 1970. */
static bool
tv_full_year(int y)
{
	return (y >= 1896 && y <= 1904) || (y >= 1968 && y <= 1972) ||
	    (y >= 1996 && y <= 2004) || (y >= 2096 && y <= 2104);
}

/* Cross-check the calendar arithmetic against glibc's timegm, over every
 * year RFC 3659 allows: the first and last day of each month, February
 * and December every year, and one day past each month's end refused. */
START_TEST(test_timeval_timegm)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	struct timespec ts;
	const char *rest;
	struct tm tm;
	char arg[32];
	int y, m, d, last, n;

	for (y = 1000; y <= 9999; y++) {
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		for (m = 1; m <= 12; m++) {
			if (!tv_full_year(y) && m != 2 && m != 12 &&
			    y % 97 != 0)
				continue;
			last = mdays[m - 1] + (m == 2 && leap);
			for (d = 1; d <= last + 1; d++) {
				if (!tv_full_year(y) && d > 1 && d < last)
					continue;
				n = snprintf(arg, sizeof(arg),
				    "%04d%02d%02d%02d%02d%02d", y, m, d,
				    d % 24, d % 60, (d * 7) % 61);
				ck_assert(n == 14);
				if (d > last) {
					ck_assert_int_eq(parse_timeval(arg,
					    &ts, &rest), PARSE_SYNTAX);
					continue;
				}
				memset(&tm, 0, sizeof(tm));
				tm.tm_year = y - 1900;
				tm.tm_mon = m - 1;
				tm.tm_mday = d;
				tm.tm_hour = d % 24;
				tm.tm_min = d % 60;
				tm.tm_sec = (d * 7) % 61;
				ck_assert_int_eq(parse_timeval(arg, &ts,
				    &rest), PARSE_OK);
				ck_assert_msg(ts.tv_sec == timegm(&tm),
				    "time-val %s", arg);
			}
		}
	}
}
END_TEST

/* --- OPTS ---------------------------------------------------------------- */

static const struct {
	const char *arg;
	size_t namesz;
	enum parse_result res;
	const char *name;
	const char *rest;
} opts_cases[] = {
	{ "UTF8 ON", 16, PARSE_OK, "UTF8", "ON" },
	{ "utf8 on", 16, PARSE_OK, "UTF8", "on" },
	{ "Utf8 On", 16, PARSE_OK, "UTF8", "On" },
	{ "MLST type;size;modify;", 16, PARSE_OK, "MLST",
	    "type;size;modify;" },
	{ "UTF8", 16, PARSE_OK, "UTF8", "" },
	{ "UTF8 ", 16, PARSE_OK, "UTF8", "" },
	{ "UTF8  ON", 16, PARSE_OK, "UTF8", " ON" },
	{ "UTF8 ON OFF", 16, PARSE_OK, "UTF8", "ON OFF" },
	{ "MODE Z LEVEL 5", 16, PARSE_OK, "MODE", "Z LEVEL 5" },
	{ "ABCDEFG x", 8, PARSE_OK, "ABCDEFG", "x" },
	{ "ABCDEFGH x", 8, PARSE_SYNTAX, NULL, NULL },
	{ "VERYLONGOPTIONNAME", 8, PARSE_SYNTAX, NULL, NULL },
	{ "A", 2, PARSE_OK, "A", "" },
	{ "A", 1, PARSE_SYNTAX, NULL, NULL },
	{ "A", 0, PARSE_SYNTAX, NULL, NULL },
	{ "", 16, PARSE_SYNTAX, NULL, NULL },
	{ " ", 16, PARSE_SYNTAX, NULL, NULL },
	{ " UTF8", 16, PARSE_SYNTAX, NULL, NULL },
	{ "UTF8\r", 16, PARSE_SYNTAX, NULL, NULL },
	{ "UTF8\tON", 16, PARSE_SYNTAX, NULL, NULL },
	{ "UT\x01" "F8", 16, PARSE_SYNTAX, NULL, NULL },
	{ "\xc3\xa9t\xc3\xa9", 16, PARSE_SYNTAX, NULL, NULL },
};

START_TEST(test_opts)
{
	const char *rest = NULL;
	char name[16];
	enum parse_result r;

	ck_assert_uint_le(opts_cases[_i].namesz, sizeof(name));
	r = parse_opts(opts_cases[_i].arg, name, opts_cases[_i].namesz,
	    &rest);
	ck_assert_msg(r == opts_cases[_i].res, "OPTS \"%s\": %d, want %d",
	    opts_cases[_i].arg, r, opts_cases[_i].res);
	if (r != PARSE_OK)
		return;
	ck_assert_str_eq(name, opts_cases[_i].name);
	ck_assert_str_eq(rest, opts_cases[_i].rest);
}
END_TEST

/* --- LIST / NLST / STAT arguments ---------------------------------------- */

static const struct {
	const char *arg;
	unsigned int flags;
	const char *path;
} ls_cases[] = {
	{ "", 0, "" },
	{ "pub", 0, "pub" },
	{ "/pub/dir", 0, "/pub/dir" },
	{ "-l", LSF_LONG, "" },
	{ "-a", LSF_ALL, "" },
	{ "-R", LSF_RECURSE, "" },
	{ "-d", LSF_DIR, "" },
	{ "-la", LSF_LONG | LSF_ALL, "" },
	{ "-alRd", LSF_ALL | LSF_LONG | LSF_RECURSE | LSF_DIR, "" },
	{ "-1", 0, "" },
	{ "-F", 0, "" },
	{ "-aF1", LSF_ALL, "" },
	{ "-la /pub", LSF_LONG | LSF_ALL, "/pub" },
	{ "-l -a pub", LSF_LONG | LSF_ALL, "pub" },
	{ "-l  pub", LSF_LONG, "pub" },
	{ "-l ", LSF_LONG, "" },
	{ "-l pub -a", LSF_LONG, "pub -a" },
	{ "pub -l", 0, "pub -l" },
	{ "-x", 0, "" },
	{ "-lx", LSF_LONG, "" },
	{ "-la -x", LSF_LONG | LSF_ALL, "" },
	{ "-la -x -l pub", LSF_LONG | LSF_ALL, "pub" },
	/* Letters we do not honour are ignored, as vsftpd (gFTP "-aL"). */
	{ "-r", 0, "" },
	{ "-L", 0, "" },
	{ "-aL", LSF_ALL, "" },
	{ "-A", LSF_ALL, "" },
	{ "-lt pub", LSF_LONG, "pub" },
	{ "-aZ", LSF_ALL, "" },
	{ "-wZ", 0, "" },
	{ "-", 0, "-" },
	{ "- pub", 0, "- pub" },
	{ "--", 0, "" },
	{ "-- ", 0, "" },
	{ "-- -la", 0, "-la" },
	{ "-l -- -a", LSF_LONG, "-a" },
	{ "-l -- -- x", LSF_LONG, "-- x" },
	{ "---", 0, "" },
	{ "--color", LSF_LONG, "" },
	{ "--recursive pub", 0, "pub" },
	{ " -l", 0, " -l" },
	{ " pub", 0, " pub" },
	{ "-l\tpub", LSF_LONG, "" },
	{ "-l\r\n", LSF_LONG, "" },
	{ "../../etc", 0, "../../etc" },
	{ "-l ../../etc", LSF_LONG, "../../etc" },
};

START_TEST(test_ls_args)
{
	const char *arg = ls_cases[_i].arg, *path = NULL;
	unsigned int flags = 0;

	parse_ls_args(arg, &flags, &path);
	ck_assert_msg(flags == ls_cases[_i].flags, "ls \"%s\": flags %#x",
	    arg, flags);
	ck_assert_str_eq(path, ls_cases[_i].path);
	/* The path is a suffix of the argument, never a copy. */
	ck_assert(path >= arg && path <= arg + strlen(arg));
}
END_TEST

/* Flags are or-ed into what the caller already has. */
START_TEST(test_ls_args_or)
{
	unsigned int flags = LSF_ALL;
	const char *path;

	parse_ls_args("-l", &flags, &path);
	ck_assert_uint_eq(flags, LSF_ALL | LSF_LONG);
	parse_ls_args("-- -x", &flags, &path);
	ck_assert_uint_eq(flags, LSF_ALL | LSF_LONG);
	ck_assert_str_eq(path, "-x");
}
END_TEST

static Suite *
parse_suite(void)
{
	Suite *s = suite_create("parse");
	TCase *tc;

	tc = tcase_create("port");
	tcase_add_loop_test(tc, test_port, 0, NELEM(port_cases));
	tcase_add_test(tc, test_port_ranges);
	suite_add_tcase(s, tc);

	tc = tcase_create("eprt");
	tcase_add_loop_test(tc, test_eprt, 0, NELEM(eprt_cases));
	tcase_add_test(tc, test_eprt_delimiters);
	suite_add_tcase(s, tc);

	tc = tcase_create("epsv");
	tcase_add_loop_test(tc, test_epsv, 0, NELEM(epsv_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("u64");
	tcase_add_loop_test(tc, test_u64, 0, NELEM(u64_cases));
	tcase_add_test(tc, test_u64_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("type_mode_stru");
	tcase_add_loop_test(tc, test_type, 0, NELEM(type_cases));
	tcase_add_loop_test(tc, test_mode_stru, 0, NELEM(letter_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("timeval");
	tcase_add_loop_test(tc, test_timeval, 0, NELEM(tv_cases));
	tcase_add_test(tc, test_timeval_timegm);
	/* About 50 000 timegm calls: room for slow sanitizer builds. */
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("opts");
	tcase_add_loop_test(tc, test_opts, 0, NELEM(opts_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("ls_args");
	tcase_add_loop_test(tc, test_ls_args, 0, NELEM(ls_cases));
	tcase_add_test(tc, test_ls_args_or);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(parse_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
