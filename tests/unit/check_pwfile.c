/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the /etc/passwd lookup that stands in for NSS. */
#include "sf_config.h"

#include <check.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/pwfile.h"

static char dir[] = "/tmp/check_pwfile.XXXXXX";
static char nss_path[64], pw_path[64];

static void
put(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static void
files(const char *nss, const char *pw)
{
	put(nss_path, nss, strlen(nss));
	put(pw_path, pw, strlen(pw));
}

static int
look(const char *name, struct passwd *out)
{
	static char buf[1024];

	memset(out, 0, sizeof(*out));
	return pw_files_lookup(nss_path, pw_path, name, out, buf, sizeof(buf));
}

static const char debian_nss[] =
    "# /etc/nsswitch.conf\n"
    "\n"
    "passwd:         files systemd\n"
    "group:          files systemd\n"
    "hosts:          files dns\n";

static const char passwd[] =
    "root:x:0:0:root:/root:/bin/bash\n"
    "# a comment\n"
    "\n"
    "  ftp:x:102:65534:ftp daemon,,,:/srv/ftp:/usr/sbin/nologin\n"
    "alice:x:1000:1000:Alice:/home/alice:\n"
    "alice:x:1001:1001:Second:/home/alice2:/bin/sh\n"
    "last:x:7:8::/var/last:/bin/false";

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(nss_path, sizeof(nss_path), "%s/nsswitch.conf", dir);
	snprintf(pw_path, sizeof(pw_path), "%s/passwd", dir);
}

static void
teardown(void)
{
	unlink(nss_path);
	unlink(pw_path);
	rmdir(dir);
	memcpy(dir + sizeof(dir) - 7, "XXXXXX", 6);
}

START_TEST(test_found)
{
	struct passwd pw;

	files(debian_nss, passwd);
	ck_assert_int_eq(look("ftp", &pw), 1);
	ck_assert_str_eq(pw.pw_name, "ftp");
	ck_assert_str_eq(pw.pw_passwd, "x");
	ck_assert_uint_eq(pw.pw_uid, 102);
	ck_assert_uint_eq(pw.pw_gid, 65534);
	ck_assert_str_eq(pw.pw_gecos, "ftp daemon,,,");
	ck_assert_str_eq(pw.pw_dir, "/srv/ftp");
	ck_assert_str_eq(pw.pw_shell, "/usr/sbin/nologin");
	/* The first entry of a name wins, as in nss_files. */
	ck_assert_int_eq(look("alice", &pw), 1);
	ck_assert_uint_eq(pw.pw_uid, 1000);
	ck_assert_str_eq(pw.pw_shell, "");
	/* A last line without a newline. */
	ck_assert_int_eq(look("last", &pw), 1);
	ck_assert_uint_eq(pw.pw_gid, 8);
	ck_assert_str_eq(pw.pw_dir, "/var/last");
	ck_assert_int_eq(look("root", &pw), 1);
	ck_assert_uint_eq(pw.pw_uid, 0);
}
END_TEST

/* Everything NSS must decide: 0, so that getpwnam() answers. */
static const struct {
	const char *nss, *pw, *name;
} nss_cases[] = {
	{ "passwd: files\n", "a:x:1:1::/:/bin/sh\n", "b" },	/* no entry */
	{ "passwd: files\n", "a:x:1:1::/:/bin/sh\n", "" },
	{ "passwd: files\n", "a:x:1:1::/:/bin/sh\n", "a:x" },
	{ "passwd: systemd files\n", "a:x:1:1::/:/bin/sh\n", "a" },
	{ "passwd: ldap files\n", "a:x:1:1::/:/bin/sh\n", "a" },
	{ "passwd: compat\n", "a:x:1:1::/:/bin/sh\n", "a" },
	{ "passwd: filesx\n", "a:x:1:1::/:/bin/sh\n", "a" },
	{ "passwd: files [SUCCESS=continue] ldap\n", "a:x:1:1::/:/bin/sh\n",
	    "a" },
	{ "group: files\n", "a:x:1:1::/:/bin/sh\n", "a" },	/* no passwd */
	{ "passwd: files\npasswd: ldap\n", "a:x:1:1::/:/bin/sh\n", "a" },
	{ "passwd: files\n", "+a:x:1:1::/:/bin/sh\na:x:1:1::/:/bin/sh\n",
	    "a" },
	{ "passwd: files\n", "-b\na:x:1:1::/:/bin/sh\n", "a" },
	{ "passwd: files\n", "a:x:1:1::/\n", "a" },		/* 6 fields */
	{ "passwd: files\n", "a:x:1:1::/:/bin/sh:8\n", "a" },	/* 8 */
	{ "passwd: files\n", "a:x:-1:1::/:/bin/sh\n", "a" },
	{ "passwd: files\n", "a:x::1::/:/bin/sh\n", "a" },
	{ "passwd: files\n", "a:x:1:1x::/:/bin/sh\n", "a" },
	{ "passwd: files\n", "a:x:4294967295:1::/:/bin/sh\n", "a" },
	{ "passwd: files\n", "a\n", "a" },
};

START_TEST(test_left_to_nss)
{
	struct passwd pw;

	files(nss_cases[_i].nss, nss_cases[_i].pw);
	ck_assert_msg(look(nss_cases[_i].name, &pw) == 0, "case %d", _i);
}
END_TEST

START_TEST(test_nss_spellings)
{
	struct passwd pw;

	files("  passwd :\tfiles\n", "a:x:1:1::/:/bin/sh\n");
	ck_assert_int_eq(look("a", &pw), 1);
	files("passwd: files # then nothing\n", "a:x:1:1::/:/bin/sh\n");
	ck_assert_int_eq(look("a", &pw), 1);
	files("#passwd: ldap\npasswd: files\n", "a:x:1:1::/:/bin/sh\n");
	ck_assert_int_eq(look("a", &pw), 1);
	files("passwd_x: ldap\npasswd: files\n", "a:x:1:1::/:/bin/sh\n");
	ck_assert_int_eq(look("a", &pw), 1);
}
END_TEST

START_TEST(test_unreadable)
{
	struct passwd pw;
	char big[4096];

	/* No nsswitch.conf, no passwd. */
	ck_assert_int_eq(look("a", &pw), 0);
	put(nss_path, "passwd: files\n", 14);
	ck_assert_int_eq(look("a", &pw), 0);
	/* A NUL in the file, a line too long for the buffer. */
	put(pw_path, "a:x:1:1:\0:/:/bin/sh\n", 20);
	ck_assert_int_eq(look("a", &pw), 0);
	memset(big, 'g', sizeof(big));
	memcpy(big, "b:x:1:1:", 8);
	big[sizeof(big) - 1] = '\n';
	put(pw_path, big, sizeof(big));
	ck_assert_int_eq(look("b", &pw), 0);
}
END_TEST

/* Entries longer than the caller's buffer are NSS's too. */
START_TEST(test_small_buffer)
{
	struct passwd pw;
	char buf[8];

	files("passwd: files\n", "alice:x:1:1:Alice:/home/alice:/bin/sh\n");
	ck_assert_int_eq(pw_files_lookup(nss_path, pw_path, "alice", &pw, buf,
	    sizeof(buf)), 0);
}
END_TEST

/* Across the read buffer's boundary: many lines before the entry. */
START_TEST(test_long_file)
{
	struct passwd pw;
	size_t size = 400000, n = 0;
	char *text = malloc(size);
	int i, w;

	ck_assert_ptr_nonnull(text);
	for (i = 0; i < 4000; i++) {
		w = snprintf(text + n, size - n,
		    "user%d:x:%d:%d:User %d:/home/user%d:/bin/sh\n", i,
		    1000 + i, 1000 + i, i, i);
		ck_assert(w > 0 && (size_t)w < size - n);
		n += (size_t)w;
	}
	files("passwd: files\n", text);
	ck_assert_int_eq(look("user3999", &pw), 1);
	ck_assert_uint_eq(pw.pw_uid, 4999);
	ck_assert_str_eq(pw.pw_dir, "/home/user3999");
	ck_assert_int_eq(look("user0", &pw), 1);
	ck_assert_int_eq(look("user4000", &pw), 0);
	free(text);
}
END_TEST

/* The real system: pw_getnam agrees with getpwnam for root. */
START_TEST(test_system)
{
	struct pw_buf b;
	struct passwd *p = pw_getnam("root", &b);
	uid_t uid;
	char dir_copy[256];

	ck_assert_ptr_nonnull(p);
	uid = p->pw_uid;
	snprintf(dir_copy, sizeof(dir_copy), "%s", p->pw_dir);
	p = getpwnam("root");
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(uid, p->pw_uid);
	ck_assert_str_eq(dir_copy, p->pw_dir);
	ck_assert_ptr_null(pw_getnam("no-such-user-check-pwfile", &b));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("pwfile");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_found);
	tcase_add_loop_test(tc, test_left_to_nss, 0,
	    (int)(sizeof(nss_cases) / sizeof(nss_cases[0])));
	tcase_add_test(tc, test_nss_spellings);
	tcase_add_test(tc, test_unreadable);
	tcase_add_test(tc, test_small_buffer);
	tcase_add_test(tc, test_long_file);
	tcase_add_test(tc, test_system);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
