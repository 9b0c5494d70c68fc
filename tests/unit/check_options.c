/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the option table, the config parser, -t and the checks. */
#include "sf_config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/config.h"

static char err[1024];

/* Every option accepts one good value and refuses one bad value. */
START_TEST(test_every_option)
{
	const struct opt_desc *d = &opt_table[_i];
	struct options o;
	char good[64], bad[64];

	opt_defaults(&o);
	switch (d->type) {
	case OPT_T_BOOL:
		snprintf(good, sizeof(good), "%s", d->def_num ? "no" : "Yes");
		snprintf(bad, sizeof(bad), "maybe");
		break;
	case OPT_T_UINT:
		snprintf(good, sizeof(good), "%lu", d->hi);
		snprintf(bad, sizeof(bad), "%lu", d->hi + 1);
		break;
	case OPT_T_MODE:
		snprintf(good, sizeof(good), "0750");
		snprintf(bad, sizeof(bad), "08");
		break;
	case OPT_T_STR:
		snprintf(good, sizeof(good), "/some/value");
		bad[0] = '\0';
		break;
	}
	ck_assert_msg(opt_set(&o, opt_name(d), good, err, sizeof(err)) == 0,
	    "%s=%s: %s", opt_name(d), good, err);
	ck_assert(o.set[_i]);
	if (d->type == OPT_T_BOOL)
		ck_assert(opt_bool(&o, d) == (d->def_num == 0));
	else if (d->type == OPT_T_UINT)
		ck_assert_uint_eq(opt_num(&o, d), d->hi);
	else if (d->type == OPT_T_MODE)
		ck_assert_uint_eq(opt_num(&o, d), 0750);
	else
		ck_assert_str_eq(opt_str(&o, d), "/some/value");
	if (bad[0] != '\0') {
		ck_assert_msg(opt_set(&o, opt_name(d), bad, err, sizeof(err)) < 0,
		    "%s=%s accepted", opt_name(d), bad);
		ck_assert_ptr_nonnull(strstr(err, opt_name(d)));
		ck_assert_int_eq(opt_set(&o, opt_name(d), "", err, sizeof(err)), -1);
		ck_assert_ptr_nonnull(strstr(err, "missing value"));
	} else {
		/* Strings: empty means unset. */
		ck_assert_int_eq(opt_set(&o, opt_name(d), "", err, sizeof(err)), 0);
		ck_assert_ptr_null(opt_str(&o, d));
	}
	opt_free(&o);
}
END_TEST

static const struct {
	const char *name, *value;
	int ok;
} values[] = {
	{ "anonymous_enable", "YES", 0 }, { "anonymous_enable", "true", 0 },
	{ "anonymous_enable", "1", 0 }, { "anonymous_enable", "No", 0 },
	{ "anonymous_enable", "FALSE", 0 }, { "anonymous_enable", "0", 0 },
	{ "anonymous_enable", "yes please", -1 },
	{ "anonymous_enable", "2", -1 },
	{ "idle_session_timeout", "12abc", -1 },
	{ "idle_session_timeout", "-1", -1 },
	{ "idle_session_timeout", "+5", -1 },
	{ "idle_session_timeout", "99999999999999999999", -1 },
	{ "pasv_max_port", "65536", -1 }, { "pasv_max_port", "65535", 0 },
	{ "local_umask", "022", 0 }, { "local_umask", "010000", -1 },
	{ "no_such_option", "1", -1 },
};

START_TEST(test_values)
{
	struct options o;

	opt_defaults(&o);
	ck_assert_msg(opt_set(&o, values[_i].name, values[_i].value, err,
	    sizeof(err)) == values[_i].ok, "%s=%s", values[_i].name,
	    values[_i].value);
	opt_free(&o);
}
END_TEST

/* The table's offsets lead to the right texts: each name is its id's,
 * string defaults are there or unset, docs are not empty. */
START_TEST(test_table_text)
{
	struct options o;
	size_t i;

	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_desc *d = &opt_table[i];

		ck_assert_ptr_eq(opt_lookup(opt_name(d)), d);
		ck_assert_uint_gt(strlen(opt_doc(d)), 10);
		if (d->type != OPT_T_STR)
			ck_assert_ptr_null(opt_def_str(d));
	}
	ck_assert_str_eq(opt_name(&opt_table[OPT_ID_ftp_username]),
	    "ftp_username");
	ck_assert_str_eq(opt_def_str(&opt_table[OPT_ID_ftp_username]), "ftp");
	ck_assert_str_eq(opt_def_str(&opt_table[OPT_ID_ssl_ciphers]),
	    "ECDHE-RSA-AES256-GCM-SHA384");
	ck_assert_ptr_null(opt_def_str(&opt_table[OPT_ID_anon_root]));
	ck_assert_ptr_null(opt_def_str(&opt_table[OPT_ID_banner_file]));
	opt_defaults(&o);
	ck_assert_str_eq(o.ftp_username, "ftp");
	ck_assert_str_eq(o.xferlog_file, "/var/log/xferlog");
	ck_assert_ptr_null(o.anon_root);
	ck_assert_ptr_null(o.banner_file);
	opt_free(&o);
}
END_TEST

START_TEST(test_octal_and_alias)
{
	struct options o;

	opt_defaults(&o);
	ck_assert_int_eq(opt_set(&o, "local_umask", "022", err, sizeof(err)),
	    0);
	ck_assert_uint_eq(o.local_umask, 022);
	/* vsftpd reads every number with a leading 0 as octal. */
	ck_assert_int_eq(opt_set(&o, "pasv_min_port", "040000", err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(o.pasv_min_port, 040000);
	ck_assert_int_eq(opt_set(&o, "ssl_tlsv1_2", "NO", err, sizeof(err)),
	    0);
	ck_assert(!o.ssl_tlsv12);
	ck_assert(o.set[OPT_ID_ssl_tlsv12]);
	opt_free(&o);
}
END_TEST

START_TEST(test_suggest)
{
	struct options o;

	opt_defaults(&o);
	ck_assert_int_eq(opt_set(&o, "anonymous_enabel", "YES", err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "did you mean \"anonymous_enable\""));
	ck_assert_str_eq(opt_suggest("listen_ipv7"), "listen_ipv6");
	ck_assert_ptr_null(opt_suggest("completely_unrelated_words_here"));
	opt_free(&o);
}
END_TEST

/*
 * opt_suggest: the closest known name, at most a third of the name's
 * length away (or 2), ASCII case ignored.  Each bound, both ways.
 */
static const struct {
	const char *name;
	const char *expect;	/* NULL: no suggestion */
} suggest_cases[] = {
	{ "anonymous_enabel", "anonymous_enable" },
	{ "xferlog_enabl", "xferlog_enable" },
	{ "max_client", "max_clients" },
	{ "chroot_local_usr", "chroot_local_user" },
	{ "pasv_minport", "pasv_min_port" },
	{ "local_root_", "local_root" },
	{ "_listen_", "listen" },
	/* Case is ignored in the distance, not in opt_lookup. */
	{ "LISTEN", "listen" },
	{ "Anon_Root", "anon_root" },
	{ "ANONYMOUS_ENABLE", "anonymous_enable" },
	/* 15 bytes: 6 edits are close enough; 16 bytes: 7 are not. */
	{ "anon_rootxxxxxx", "anon_root" },
	{ "anon_rootxxxxxxx", NULL },
	{ "xxanon_rootxxxx", "anon_root" },
	/* Short names: only 2 edits. */
	{ "pasv_min", NULL },
	{ "", NULL },
	{ "a", NULL },
	{ "completely_unrelated_words_here", NULL },
	/* 64 bytes and more are never measured. */
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	    NULL },
	{ "anonymous_enable_______________________________________________",
	    NULL },
};

START_TEST(test_suggest_table)
{
	const char *got = opt_suggest(suggest_cases[_i].name);
	const char *want = suggest_cases[_i].expect;

	if (want == NULL)
		ck_assert_msg(got == NULL, "\"%s\": \"%s\", want none",
		    suggest_cases[_i].name, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, want) == 0,
		    "\"%s\": \"%s\", want \"%s\"", suggest_cases[_i].name,
		    got ? got : "(none)", want);
}
END_TEST

/* Every known name suggests itself, even when a longer one contains it. */
START_TEST(test_suggest_self)
{
	size_t i;

	for (i = 0; i < OPT_COUNT; i++)
		ck_assert_str_eq(opt_suggest(opt_name(&opt_table[i])),
		    opt_name(&opt_table[i]));
}
END_TEST

START_TEST(test_text_syntax)
{
	static const char text[] =
	    "# comment\n"
	    "\n"
	    "   # indented comment\n"
	    "anonymous_enable=NO\r\n"
	    "local_enable = NO\n"
	    "  ftpd_banner=Hello there  \n"
	    "anonymous_enable=YES\n"
	    "anon_root=\n";
	struct options o;

	opt_defaults(&o);
	ck_assert_msg(config_load_text(&o, "t.conf", text, sizeof(text) - 1,
	    err, sizeof(err)) == 0, "%s", err);
	ck_assert(o.anonymous_enable);
	ck_assert(!o.local_enable);
	ck_assert_str_eq(o.ftpd_banner, "Hello there");
	ck_assert_ptr_null(o.anon_root);
	opt_free(&o);
}
END_TEST

static const struct {
	const char *text, *expect;
} bad_texts[] = {
	{ "a=b\n", "t.conf:1: unknown option \"a\"" },
	{ "\n\nanonymous_enable=perhaps\n", "t.conf:3: bad boolean" },
	{ "listen\n", "t.conf:1: missing '='" },
	{ "lisen=NO\n", "did you mean \"listen\"" },
	{ "idle_session_timeout=\n", "t.conf:1: missing value" },
	{ "accept_timeout=0\n", "out of range" },
	{ "max_login_fails=3x\n", "bad number \"3x\" for max_login_fails" },
};

START_TEST(test_text_errors)
{
	struct options o;

	opt_defaults(&o);
	ck_assert_int_eq(config_load_text(&o, "t.conf", bad_texts[_i].text,
	    strlen(bad_texts[_i].text), err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, bad_texts[_i].expect) != NULL,
	    "got \"%s\", want \"%s\"", err, bad_texts[_i].expect);
	opt_free(&o);
}
END_TEST

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(test_file_checks)
{
	char dir[] = "/tmp/check_options.XXXXXX", path[256];
	struct options o;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a.conf", dir);
	opt_defaults(&o);

	write_file(path, "anonymous_enable=YES\n", 0644);
	ck_assert_int_eq(config_load_file(&o, path, err, sizeof(err)), 0);
	write_file(path, "anonymous_enable=YES\n", 0666);
	ck_assert_int_eq(config_load_file(&o, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "writable by group or others"));
	ck_assert_int_eq(config_load_file(&o, dir, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a regular file"));
	unlink(path);
	ck_assert_int_eq(config_load_file(&o, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "cannot read config file"));
	rmdir(dir);
	opt_free(&o);
}
END_TEST

static const struct {
	const char *name, *value, *expect;
} refusals[] = {
	{ "log_format", "xml", "use vsftpd or json" },
	{ "tcp_wrappers", "YES", "tcp_wrappers" },
	{ "ssl_sslv3", "YES", "SSLv3" },
	{ "pasv_address", "ftp.example.org", "not a numeric IPv4" },
	{ "pasv_min_port", "6000", "above pasv_max_port" },
};

START_TEST(test_check_refusals)
{
	struct options o;

	opt_defaults(&o);
	ck_assert_int_eq(config_check(&o, err, sizeof(err)), 0);
	if (strcmp(refusals[_i].name, "pasv_min_port") == 0)
		opt_set(&o, "pasv_max_port", "5000", err, sizeof(err));
	ck_assert_int_eq(opt_set(&o, refusals[_i].name, refusals[_i].value, err,
	    sizeof(err)), 0);
	ck_assert_int_eq(config_check(&o, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, refusals[_i].expect) != NULL, "%s", err);
	opt_free(&o);
}
END_TEST

START_TEST(test_check_misc)
{
	struct options o;
	char todo[512];

	opt_defaults(&o);
	/* Switching a refused option off explicitly is fine. */
	opt_set(&o, "ssl_enable", "NO", err, sizeof(err));
	opt_set(&o, "tcp_wrappers", "0", err, sizeof(err));
	ck_assert_int_eq(config_check(&o, err, sizeof(err)), 0);
	opt_set(&o, "anonymous_enable", "NO", err, sizeof(err));
	ck_assert_int_eq(config_check(&o, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "both local and anonymous"));
	opt_free(&o);

	opt_defaults(&o);
	config_unimplemented(&o, todo, sizeof(todo));
	ck_assert_str_eq(todo, "");
	opt_set(&o, "pasv_addr_resolve", "YES", err, sizeof(err));
	opt_set(&o, "debug_ssl", "NO", err, sizeof(err));
	opt_set(&o, "better_stou", "YES", err, sizeof(err));
	config_unimplemented(&o, todo, sizeof(todo));
	/* debug_ssl=NO is the default: nothing is being ignored. */
	ck_assert_str_eq(todo, "better_stou, pasv_addr_resolve");
	opt_free(&o);
}
END_TEST

/* Cross-option problems name the file and line the option came from. */
START_TEST(test_check_origin)
{
	static const char text[] = "# x\nanonymous_enable=YES\n"
	    "pasv_address=ftp.example.org\n";
	static const char text2[] = "\nssl_enable=YES\ntcp_wrappers=YES\n";
	struct options o;

	opt_defaults(&o);
	ck_assert_int_eq(config_load_text(&o, "x.conf", text, sizeof(text) - 1,
	    err, sizeof(err)), 0);
	ck_assert_int_eq(config_check(&o, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "x.conf:3: pasv_address=") != NULL, "%s", err);
	opt_free(&o);
	opt_defaults(&o);
	ck_assert_int_eq(config_load_text(&o, "y.conf", text2,
	    sizeof(text2) - 1, err, sizeof(err)), 0);
	ck_assert_int_eq(config_check(&o, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "tcp_wrappers (y.conf:3)") != NULL, "%s",
	    err);
	opt_free(&o);
}
END_TEST

/* sockftpd -t output read back gives the same output. */
START_TEST(test_dump_fixed_point)
{
	static const char text[] = "ftpd_banner=Hi # not a comment\n"
	    "local_umask=022\nlisten=YES\nanon_root=/srv/ftp\n"
	    "ssl_tlsv1_3=NO\n";
	struct options a, b;
	char *out1, *out2;
	size_t n1, n2;
	FILE *f;

	opt_defaults(&a);
	ck_assert_int_eq(config_load_text(&a, "a", text, sizeof(text) - 1,
	    err, sizeof(err)), 0);
	f = open_memstream(&out1, &n1);
	config_dump(&a, f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(out1, "\nlocal_umask=022\n"));
	ck_assert_ptr_nonnull(strstr(out1, "\nssl_tlsv13=NO\n"));
	ck_assert_ptr_nonnull(strstr(out1, "# listen: no effect"));
	ck_assert_ptr_nonnull(strstr(out1, "# tcp_wrappers: not implemented"));
	opt_defaults(&b);
	ck_assert_msg(config_load_text(&b, "dump", out1, n1, err,
	    sizeof(err)) == 0, "%s", err);
	f = open_memstream(&out2, &n2);
	config_dump(&b, f);
	fclose(f);
	ck_assert_uint_eq(n1, n2);
	ck_assert_mem_eq(out1, out2, n1);
	free(out1);
	free(out2);
	opt_free(&a);
	opt_free(&b);
}
END_TEST

START_TEST(test_list_options)
{
	char *out;
	size_t n, lines = 0, i;
	FILE *f = open_memstream(&out, &n);

	config_list_options(f);
	fclose(f);
	for (i = 0; i < n; i++)
		lines += out[i] == '\n';
	ck_assert_uint_eq(lines, OPT_COUNT + opt_alias_count);
	ck_assert_ptr_nonnull(strstr(out, "ssl_tlsv1_2\talias\tssl_tlsv12"));
	ck_assert_ptr_nonnull(strstr(out, "anonymous_enable\tbool\tYES\t"
	    "implemented\t"));
	free(out);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_every_option, 0, OPT_COUNT);
	tcase_add_loop_test(tc, test_values, 0,
	    sizeof(values) / sizeof(values[0]));
	tcase_add_test(tc, test_table_text);
	tcase_add_test(tc, test_octal_and_alias);
	tcase_add_test(tc, test_suggest);
	tcase_add_loop_test(tc, test_suggest_table, 0,
	    sizeof(suggest_cases) / sizeof(suggest_cases[0]));
	tcase_add_test(tc, test_suggest_self);
	tcase_add_test(tc, test_text_syntax);
	tcase_add_loop_test(tc, test_text_errors, 0,
	    sizeof(bad_texts) / sizeof(bad_texts[0]));
	tcase_add_test(tc, test_file_checks);
	tcase_add_loop_test(tc, test_check_refusals, 0,
	    sizeof(refusals) / sizeof(refusals[0]));
	tcase_add_test(tc, test_check_misc);
	tcase_add_test(tc, test_check_origin);
	tcase_add_test(tc, test_dump_fixed_point);
	tcase_add_test(tc, test_list_options);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
