/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the transfer-log line formats. */
#include "sf_config.h"

#include <check.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "common/logfmt.h"

/* 2026-11-21 16:37:09 UTC */
#define T 1795279029

static struct logfmt_session ss = {
	.pid = 4242, .peer = "127.0.0.1", .user = "ftp",
	.id = "00000000deadbeef", .use_localtime = false,
};

static const char *
line(int (*fmt)(struct buf *, const struct logfmt_session *,
    const struct logfmt_rec *, time_t), const struct logfmt_rec *r,
    struct buf *b)
{
	buf_reset(b);
	ck_assert_int_eq(fmt(b, &ss, r, T), 0);
	return buf_cstr(b);
}

START_TEST(test_date)
{
	char d[64];

	logfmt_date(d, sizeof(d), T, false);
	ck_assert_str_eq(d, "Sat Nov 21 16:37:09 2026");
	logfmt_date(d, sizeof(d), 0, false);
	ck_assert_str_eq(d, "Thu Jan  1 00:00:00 1970");
}
END_TEST

START_TEST(test_vsftpd_lines)
{
	struct buf b;
	struct logfmt_rec r;

	buf_init(&b, 4096);
	memset(&r, 0, sizeof(r));
	r.ev = LE_CONNECT;
	ck_assert_str_eq(line(logfmt_vsftpd, &r, &b), "Sat Nov 21 16:37:09 "
	    "2026 [pid 4242] CONNECT: Client \"127.0.0.1\"\n");
	r.ev = LE_LOGIN;
	r.ok = true;
	r.arg = "me@example.org";
	ck_assert_str_eq(line(logfmt_vsftpd, &r, &b), "Sat Nov 21 16:37:09 "
	    "2026 [pid 4242] [ftp] OK LOGIN: Client \"127.0.0.1\", anon "
	    "password \"me@example.org\"\n");
	r.ev = LE_DOWNLOAD;
	r.arg = "/pub/x";
	r.bytes = 1048576;
	r.seconds = 0.5;
	ck_assert_str_eq(line(logfmt_vsftpd, &r, &b), "Sat Nov 21 16:37:09 "
	    "2026 [pid 4242] [ftp] OK DOWNLOAD: Client \"127.0.0.1\", "
	    "\"/pub/x\", 1048576 bytes, 2048.00Kbyte/sec\n");
	r.ev = LE_UPLOAD;
	r.ok = false;
	ck_assert_ptr_nonnull(strstr(line(logfmt_vsftpd, &r, &b),
	    "] [ftp] FAIL UPLOAD: Client \"127.0.0.1\", \"/pub/x\""));
	r.ev = LE_RENAME;
	r.ok = true;
	r.arg = "/a /b";
	ck_assert_ptr_nonnull(strstr(line(logfmt_vsftpd, &r, &b),
	    "OK RENAME: Client \"127.0.0.1\", \"/a /b\"\n"));
	r.ev = LE_COMMAND;
	r.arg = "PASS <password>";
	ck_assert_ptr_nonnull(strstr(line(logfmt_vsftpd, &r, &b),
	    "[ftp] FTP command: Client \"127.0.0.1\", \"PASS <password>\""));
	buf_free(&b);
}
END_TEST

/* fail2ban's vsftpd filter, after the date. */
START_TEST(test_fail2ban)
{
	struct logfmt_session s2 = ss;
	struct logfmt_rec r;
	regmatch_t m[2];
	regex_t re;
	struct buf b;

	ck_assert_int_eq(regcomp(&re, "^ \\[pid [0-9]+\\] \\[[^]]+\\] FAIL "
	    "LOGIN: Client \"([^\"]+)\"($|,)", REG_EXTENDED), 0);
	buf_init(&b, 4096);
	memset(&r, 0, sizeof(r));
	r.ev = LE_LOGIN;
	s2.user = "root";
	ck_assert_int_eq(logfmt_vsftpd(&b, &s2, &r, T), 0);
	b.p[--b.len] = '\0';
	ck_assert_int_eq(regexec(&re, b.p + 24, 2, m, 0), 0);
	ck_assert_int_eq(m[1].rm_eo - m[1].rm_so, 9);
	ck_assert_int_eq(strncmp(b.p + 24 + m[1].rm_so, "127.0.0.1", 9), 0);
	/* A user name with ']' cannot break the brackets. */
	buf_reset(&b);
	s2.user = "a]b";
	ck_assert_int_eq(logfmt_vsftpd(&b, &s2, &r, T), 0);
	ck_assert_ptr_nonnull(strstr(b.p, "[a?b] FAIL LOGIN"));
	regfree(&re);
	buf_free(&b);
}
END_TEST

START_TEST(test_escapes)
{
	struct logfmt_rec r;
	struct buf b;
	size_t i;

	buf_init(&b, 4096);
	memset(&r, 0, sizeof(r));
	r.ev = LE_DELETE;
	r.ok = true;
	r.arg = "/a\nFAKE\x01\"\\";
	line(logfmt_vsftpd, &r, &b);
	ck_assert_ptr_nonnull(strstr(b.p, "\"/a\\x0aFAKE\\x01\\\"\\\\\""));
	for (i = 0; i + 1 < b.len; i++)
		ck_assert((unsigned char)b.p[i] >= 0x20);
	buf_free(&b);
}
END_TEST

START_TEST(test_xferlog)
{
	struct logfmt_rec r;
	struct buf b;

	buf_init(&b, 4096);
	memset(&r, 0, sizeof(r));
	r.ev = LE_DOWNLOAD;
	r.ok = true;
	r.arg = "/pub/random-1m.bin";
	r.bytes = 1048699;
	r.seconds = 1.2;
	r.anonymous = true;
	r.xfer_user = "acc@example.org";
	ck_assert_str_eq(line(logfmt_xferlog, &r, &b), "Sat Nov 21 16:37:09 "
	    "2026 1 127.0.0.1 1048699 /pub/random-1m.bin b _ o a "
	    "acc@example.org ftp 0 * c\n");
	r.ev = LE_UPLOAD;
	r.ok = false;
	r.ascii = true;
	r.arg = "/up/a b\tc\x01";
	r.xfer_user = NULL;
	ck_assert_str_eq(line(logfmt_xferlog, &r, &b), "Sat Nov 21 16:37:09 "
	    "2026 1 127.0.0.1 1048699 /up/a_b_c_ a _ i a * ftp 0 * i\n");
	buf_free(&b);
}
END_TEST

/* Is s valid UTF-8 without raw control bytes (what JSON needs)? */
static bool
json_text_ok(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;

	while (i < n) {
		if (s[i] < 0x20)
			return false;
		len = s[i] < 0x80 ? 1 : s[i] >= 0xf0 ? 4 : s[i] >= 0xe0 ? 3 :
		    s[i] >= 0xc2 ? 2 : 0;
		if (len == 0 || i + len > n)
			return false;
		for (k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

START_TEST(test_json)
{
	struct logfmt_rec r;
	struct buf b;

	buf_init(&b, 4096);
	memset(&r, 0, sizeof(r));
	r.ev = LE_DOWNLOAD;
	r.ok = false;
	r.reason = "aborted by the client";
	r.arg = "/pub/gr\xc3\xbc\xc3\x9f" "e \xff\xfe\x01\"x";
	r.bytes = 10;
	r.seconds = 0.25;
	ck_assert_int_eq(logfmt_json(&b, &ss, &r, T, 123456789), 0);
	ck_assert_str_eq(b.p, "{\"time\":\"2026-11-21T16:37:09.123456Z\","
	    "\"session\":\"00000000deadbeef\",\"pid\":4242,\"peer\":"
	    "\"127.0.0.1\",\"event\":\"transfer\",\"user\":\"ftp\","
	    "\"direction\":\"download\",\"path\":\"/pub/gr\xc3\xbc\xc3\x9f"
	    "e \\u00ff\\u00fe\\u0001\\\"x\",\"bytes\":10,\"seconds\":0.250000,"
	    "\"result\":\"aborted by the client\"}\n");
	ck_assert(json_text_ok((unsigned char *)b.p, b.len - 1));
	buf_reset(&b);
	r.ev = LE_COMMAND;
	r.arg = "RETR x";
	r.code = 226;
	ck_assert_int_eq(logfmt_json(&b, &ss, &r, T, 0), 0);
	ck_assert_ptr_nonnull(strstr(b.p, "\"event\":\"command\",\"user\":\"ftp\","
	    "\"command\":\"RETR x\",\"code\":226}\n"));
	/* Overlong and surrogate encodings are not UTF-8. */
	buf_reset(&b);
	r.arg = "\xc0\xaf\xed\xa0\x80";
	ck_assert_int_eq(logfmt_json(&b, &ss, &r, T, 0), 0);
	ck_assert_ptr_nonnull(strstr(b.p, "\\u00c0\\u00af\\u00ed\\u00a0\\u0080"));
	buf_free(&b);
}
END_TEST

START_TEST(test_full)
{
	struct logfmt_rec r;
	struct buf b;

	buf_init(&b, 40);
	memset(&r, 0, sizeof(r));
	r.ev = LE_DOWNLOAD;
	r.arg = "/a/very/long/path/that/does/not/fit";
	ck_assert_int_eq(logfmt_vsftpd(&b, &ss, &r, T), -1);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(logfmt_xferlog(&b, &ss, &r, T), -1);
	ck_assert_int_eq(logfmt_json(&b, &ss, &r, T, 0), -1);
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("logfmt");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_date);
	tcase_add_test(tc, test_vsftpd_lines);
	tcase_add_test(tc, test_fail2ban);
	tcase_add_test(tc, test_escapes);
	tcase_add_test(tc, test_xferlog);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_full);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
