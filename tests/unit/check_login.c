/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the pure parts of logins: the monitor's request checks,
 * name lists, and where a user's session is rooted. */
#include "sf_config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/homedir.h"
#include "common/monproto.h"
#include "common/namelist.h"
#include "common/options.h"

static struct mon_msg m;

static void
auth(const char *user, const char *pass)
{
	memset(&m, 0, sizeof(m));
	m.req = MON_AUTH;
	m.user_len = (uint32_t)strlen(user);
	memcpy(m.user, user, m.user_len);
	m.pass_len = (uint32_t)strlen(pass);
	memcpy(m.pass, pass, m.pass_len);
}

START_TEST(test_user_names)
{
	static const char *good[] = { "alice", "a", "bob.smith", "x_y-z",
	    "john@example.org", "0" };
	static const char *bad[] = { "", ".", "..", "-rf", "a/b", "a\\b",
	    "a:b", "a b", "tab\there", "\x7f", "caf\xc3\xa9" };
	char longname[LIM_USER + 2];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(mon_user_ok(good[i], strlen(good[i])), "%s",
		    good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!mon_user_ok(bad[i], strlen(bad[i])), "%s",
		    bad[i]);
	memset(longname, 'a', sizeof(longname));
	ck_assert(mon_user_ok(longname, LIM_USER));
	ck_assert(!mon_user_ok(longname, LIM_USER + 1));
	/* A NUL inside the counted length is not a name. */
	ck_assert(!mon_user_ok("ab\0c", 4));
}
END_TEST

START_TEST(test_msg_check)
{
	const char *why;

	auth("alice", "secret");
	ck_assert_int_eq(mon_msg_check(&m, false, &why), 0);
	ck_assert_int_eq(mon_msg_check(&m, true, &why), -1);
	ck_assert_str_eq(why, "unexpected fd");
	auth("../etc", "x");
	ck_assert_int_eq(mon_msg_check(&m, false, &why), -1);
	ck_assert_str_eq(why, "bad user name");
	auth("alice", "x");
	m.pass[1] = 'y';		/* beyond pass_len */
	ck_assert_int_eq(mon_msg_check(&m, false, &why), -1);
	auth("alice", "x");
	m.pass_len = sizeof(m.pass) + 1;
	ck_assert_int_eq(mon_msg_check(&m, false, &why), -1);
	ck_assert_str_eq(why, "length out of range");
	auth("alice", "x");
	m.extra_len = 5;
	memcpy(m.extra, "PWD\r\n", 5);
	ck_assert_int_eq(mon_msg_check(&m, false, &why), 0);
	auth("alice", "x");
	m.pass[0] = '\0';
	ck_assert_int_eq(mon_msg_check(&m, false, &why), -1);
	ck_assert_str_eq(why, "NUL byte in password");
	memset(&m, 0, sizeof(m));
	m.req = MON_CHOWN;
	ck_assert_int_eq(mon_msg_check(&m, true, &why), 0);
	ck_assert_int_eq(mon_msg_check(&m, false, &why), -1);
	ck_assert_str_eq(why, "missing fd");
	m.user_len = 1;
	m.user[0] = 'a';
	ck_assert_int_eq(mon_msg_check(&m, true, &why), -1);
	memset(&m, 0, sizeof(m));
	m.req = MON_DATA_SOCKET;
	ck_assert_int_eq(mon_msg_check(&m, false, &why), 0);
	m.req = 0x12345678;
	ck_assert_int_eq(mon_msg_check(&m, false, &why), -1);
	ck_assert_str_eq(why, "unknown request");
}
END_TEST

START_TEST(test_namelist)
{
	static const char text[] = "# comment\nroot\n  bin \r\n\nalice\r\n"
	    "#bob\nlast";

	ck_assert(namelist_has(text, strlen(text), "root"));
	ck_assert(namelist_has(text, strlen(text), "bin"));
	ck_assert(namelist_has(text, strlen(text), "alice"));
	ck_assert(namelist_has(text, strlen(text), "last"));
	ck_assert(!namelist_has(text, strlen(text), "bob"));
	ck_assert(!namelist_has(text, strlen(text), "#bob"));
	ck_assert(!namelist_has(text, strlen(text), "Root"));
	ck_assert(!namelist_has(text, strlen(text), "roo"));
	ck_assert(!namelist_has(text, strlen(text), "alice\r"));
	ck_assert(!namelist_has(text, strlen(text), ""));
	ck_assert(!namelist_has("", 0, "root"));
	/* Only the counted bytes: "rootx" cut after "root". */
	ck_assert(namelist_has("rootx", 4, "root"));
}
END_TEST

START_TEST(test_login_lists)
{
	char path[] = "/tmp/check_login.XXXXXX";
	struct login_lists ll;
	struct options o;
	char err[256];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "alice\nspam@example.org\n", 23), 23);
	close(fd);
	opt_defaults(&o);
	ck_assert_int_eq(opt_set(&o, "userlist_enable", "YES", err,
	    sizeof(err)), 0);
	ck_assert_int_eq(opt_set(&o, "userlist_file", path, err, sizeof(err)),
	    0);
	ck_assert_int_eq(opt_set(&o, "deny_email_enable", "YES", err,
	    sizeof(err)), 0);
	ck_assert_int_eq(opt_set(&o, "banned_email_file", path, err,
	    sizeof(err)), 0);
	login_lists_load(&o, &ll);
	/* userlist_deny=YES (default): listed users are refused. */
	ck_assert(login_userlist_refuses(&o, &ll, "alice"));
	ck_assert(!login_userlist_refuses(&o, &ll, "bob"));
	o.userlist_deny = false;
	ck_assert(!login_userlist_refuses(&o, &ll, "alice"));
	ck_assert(login_userlist_refuses(&o, &ll, "bob"));
	ck_assert(login_email_refused(&o, &ll, "spam@example.org"));
	ck_assert(!login_email_refused(&o, &ll, "me@example.org"));
	login_lists_free(&ll);
	/* A list that cannot be read: a missing deny list refuses nobody,
	 * a missing allow list everybody; e-mail lists fail closed. */
	unlink(path);
	login_lists_load(&o, &ll);
	ck_assert(login_userlist_refuses(&o, &ll, "bob"));
	o.userlist_deny = true;
	ck_assert(!login_userlist_refuses(&o, &ll, "bob"));
	ck_assert(login_email_refused(&o, &ll, "me@example.org"));
	login_lists_free(&ll);
	opt_free(&o);
}
END_TEST

START_TEST(test_subst)
{
	char out[32];

	ck_assert_int_eq(homedir_subst("/srv/$USER/x/$USER", "$USER", "bob",
	    out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/srv/bob/x/bob");
	ck_assert_int_eq(homedir_subst("/srv/$USER", NULL, "bob", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "/srv/$USER");
	ck_assert_int_eq(homedir_subst("/srv/$USER", "", "bob", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "/srv/$USER");
	ck_assert_int_eq(homedir_subst("/$U$U$U", "$U", "0123456789", out,
	    sizeof(out)), 0);
	ck_assert_str_eq(out, "/012345678901234567890123456789");
	ck_assert_int_eq(homedir_subst("/$U$U$U$U", "$U", "0123456789", out,
	    sizeof(out)), -1);
}
END_TEST

static char root[256], start[256], err[256];

static int
plan(const char *home, const char *local_root, bool chroot, bool pw_chroot)
{
	return homedir_plan(home, local_root, "$USER", "bob", chroot,
	    pw_chroot, root, start, sizeof(root), err, sizeof(err));
}

START_TEST(test_plan)
{
	ck_assert_int_eq(plan("/home/bob", NULL, false, false), 0);
	ck_assert_str_eq(root, "/");
	ck_assert_str_eq(start, "/home/bob");
	ck_assert_int_eq(plan("/home/bob/", NULL, true, false), 0);
	ck_assert_str_eq(root, "/home/bob");
	ck_assert_str_eq(start, "/");
	ck_assert_int_eq(plan("/home/bob", "/srv/ftp/$USER", true, false), 0);
	ck_assert_str_eq(root, "/srv/ftp/bob");
	ck_assert_str_eq(start, "/");
	ck_assert_int_eq(plan("/home/bob", "/srv/ftp/$USER", false, false), 0);
	ck_assert_str_eq(root, "/");
	ck_assert_str_eq(start, "/srv/ftp/bob");
	/* passwd_chroot_enable: the jail is what comes before "/./". */
	ck_assert_int_eq(plan("/jail/./home/bob", NULL, true, true), 0);
	ck_assert_str_eq(root, "/jail");
	ck_assert_str_eq(start, "/home/bob");
	ck_assert_int_eq(plan("/jail/./", NULL, true, true), 0);
	ck_assert_str_eq(root, "/jail");
	ck_assert_str_eq(start, "/");
	/* Without the option, "/./" is just a path; not chrooted, it is
	 * the directory it names. */
	ck_assert_int_eq(plan("/jail/./home/bob", NULL, true, false), 0);
	ck_assert_str_eq(root, "/jail/./home/bob");
	ck_assert_int_eq(plan("/jail/./home/./bob", NULL, false, true), 0);
	ck_assert_str_eq(root, "/");
	ck_assert_str_eq(start, "/jail/home/bob");
	ck_assert_int_eq(plan("/virt/$USER", NULL, true, false), 0);
	ck_assert_str_eq(root, "/virt/bob");
	ck_assert_int_eq(plan("relative", NULL, true, false), -1);
	ck_assert_ptr_nonnull(strstr(err, "not an absolute path"));
	ck_assert_int_eq(plan("/home/bob", "srv", false, false), -1);
	ck_assert_ptr_nonnull(strstr(err, "local_root"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("login");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_user_names);
	tcase_add_test(tc, test_msg_check);
	tcase_add_test(tc, test_namelist);
	tcase_add_test(tc, test_login_lists);
	tcase_add_test(tc, test_subst);
	tcase_add_test(tc, test_plan);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
