/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for virtual path normalisation in path.c. */
#include "sf_config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common/limits.h"
#include "common/path.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* --- path_normalise ------------------------------------------------------ */

static const struct {
	const char *cwd;
	const char *arg;
	const char *expect;	/* NULL: refused */
} norm_cases[] = {
	{ "/", "", "/" },
	{ "/pub", "", "/pub" },
	{ "/pub/dir", "", "/pub/dir" },
	{ "/", "a", "/a" },
	{ "/pub", "a", "/pub/a" },
	{ "/pub", "a/b/c", "/pub/a/b/c" },
	{ "/pub", "/etc", "/etc" },
	{ "/pub", "/", "/" },
	/* Traversal clamps at the virtual root. */
	{ "/", "..", "/" },
	{ "/", "../../etc/passwd", "/etc/passwd" },
	{ "/pub", "../../etc/passwd", "/etc/passwd" },
	{ "/pub/a/b", "../../../../../../../../etc/passwd", "/etc/passwd" },
	{ "/", "/../..", "/" },
	{ "/pub", "/../..", "/" },
	{ "/", "/../../etc", "/etc" },
	{ "/pub/x", "a/./../../b", "/pub/b" },
	{ "/", "a/./../../b", "/b" },
	{ "/a/b/c", "../../..", "/" },
	{ "/a/b/c", "../../../..", "/" },
	{ "/a/b/c", "../x/../y", "/a/b/y" },
	{ "/", "a/b/../../..", "/" },
	{ "/", "a/b/../../../c", "/c" },
	{ "/pub", "../pub2/./x/..", "/pub2" },
	{ "/pub", "x/../../..", "/" },
	/* Empty and "." components vanish, as does a trailing '/'. */
	{ "/", "//etc", "/etc" },
	{ "/", "///", "/" },
	{ "/pub", "//", "/" },
	{ "/", "a//b///c/", "/a/b/c" },
	{ "/", "/a/b/c/", "/a/b/c" },
	{ "/", ".", "/" },
	{ "/", "./", "/" },
	{ "/pub", ".", "/pub" },
	{ "/pub", "./.", "/pub" },
	{ "/pub", "././a/./", "/pub/a" },
	{ "/a", "..", "/" },
	{ "/a/b", "..", "/a" },
	{ "/a/b", "../", "/a" },
	/* Names that merely look special are ordinary names. */
	{ "/a/b", "...", "/a/b/..." },
	{ "/", "..a", "/..a" },
	{ "/", "a..", "/a.." },
	{ "/", ".a", "/.a" },
	{ "/", "../..../x", "/..../x" },
	{ "/", "~root", "/~root" },
	{ "/", "~", "/~" },
	{ "/", "a\\..\\b", "/a\\..\\b" },
	{ "/", "-la", "/-la" },
	{ "/", " ", "/ " },
	{ "/", " /..", "/" },
	{ "/", "a b/c d", "/a b/c d" },
	{ "/", "\xc3\xa9t\xc3\xa9", "/\xc3\xa9t\xc3\xa9" },
	{ "/", "*", "/*" },
	/* CR and LF are refused anywhere. */
	{ "/", "a\rb", NULL },
	{ "/", "a\nb", NULL },
	{ "/", "\r", NULL },
	{ "/", "\n", NULL },
	{ "/", "file\r\n", NULL },
	{ "/", "../\n/etc", NULL },
	{ "/pub", "/x\r", NULL },
	{ "/a\n", "x", NULL },
	/* A cwd that is not clean is cleaned, never trusted. */
	{ "//a//b/", "", "/a/b" },
	{ "/a/../..", "x", "/x" },
	{ "", "x", "/x" },
	{ "a", "b", "/a/b" },
};

START_TEST(test_normalise)
{
	char out[LIM_PATH];
	int r;

	memset(out, 'Z', sizeof(out));
	r = path_normalise(norm_cases[_i].cwd, norm_cases[_i].arg, out,
	    sizeof(out));
	if (norm_cases[_i].expect == NULL) {
		ck_assert_msg(r == -1, "cwd \"%s\" arg \"%s\": accepted as "
		    "\"%s\"", norm_cases[_i].cwd, norm_cases[_i].arg, out);
		ck_assert_int_eq(out[0], '\0');
		return;
	}
	ck_assert_msg(r == 0, "cwd \"%s\" arg \"%s\": refused",
	    norm_cases[_i].cwd, norm_cases[_i].arg);
	ck_assert_str_eq(out, norm_cases[_i].expect);
}
END_TEST

/* Idempotence: a normalised path resolves to itself from any cwd, and
 * "." or "" from it gives it back. */
START_TEST(test_normalise_fixed_point)
{
	char once[LIM_PATH], twice[LIM_PATH];

	if (norm_cases[_i].expect == NULL)
		return;
	ck_assert_int_eq(path_normalise(norm_cases[_i].cwd,
	    norm_cases[_i].arg, once, sizeof(once)), 0);
	ck_assert_int_eq(path_normalise("/elsewhere", once, twice,
	    sizeof(twice)), 0);
	ck_assert_str_eq(once, twice);
	ck_assert_int_eq(path_normalise(once, ".", twice, sizeof(twice)), 0);
	ck_assert_str_eq(once, twice);
	ck_assert_int_eq(path_normalise(once, "", twice, sizeof(twice)), 0);
	ck_assert_str_eq(once, twice);
}
END_TEST

/* Output sizes at and around the exact fit. */
static const struct {
	const char *cwd;
	const char *arg;
	size_t outsz;
	const char *expect;
} size_cases[] = {
	{ "/", "", 0, NULL },
	{ "/", "", 1, NULL },
	{ "/", "", 2, "/" },
	{ "/", "..", 2, "/" },
	{ "/", "a", 2, NULL },
	{ "/", "a", 3, "/a" },
	{ "/", "a/b", 4, NULL },
	{ "/", "a/b", 5, "/a/b" },
	{ "/abc", "", 4, NULL },
	{ "/abc", "", 5, "/abc" },
	{ "/abc", "d", 6, NULL },
	{ "/abc", "d", 7, "/abc/d" },
	/* Too long on the way, short once resolved: fine. */
	{ "/", "averyveryverylongname/../b", 3, "/b" },
	{ "/averyveryverylongname", "../b", 3, "/b" },
	{ "/", "x/averyveryverylongname/../..", 2, "/" },
	{ "/", "x/averyveryverylongname/../../y", 3, "/y" },
	{ "/", "x/averyveryverylongname/y/../..", 3, "/x" },
	{ "/", "x/averyveryverylongname/y/..", 3, NULL },
	{ "/", "ab/averyveryverylongname/../..", 3, "/" },
};

START_TEST(test_normalise_size)
{
	char out[64];
	int r;

	ck_assert_uint_le(size_cases[_i].outsz, sizeof(out));
	memset(out, 'Z', sizeof(out));
	r = path_normalise(size_cases[_i].cwd, size_cases[_i].arg, out,
	    size_cases[_i].outsz);
	if (size_cases[_i].expect == NULL) {
		ck_assert_int_eq(r, -1);
		if (size_cases[_i].outsz > 0)
			ck_assert_int_eq(out[0], '\0');
	} else {
		ck_assert_int_eq(r, 0);
		ck_assert_str_eq(out, size_cases[_i].expect);
	}
	/* Nothing is written past outsz. */
	ck_assert_int_eq(out[size_cases[_i].outsz], 'Z');
}
END_TEST

/* Paths around LIM_PATH, the size every caller uses. */
START_TEST(test_normalise_long)
{
	char *arg = malloc(3 * LIM_PATH);
	char out[LIM_PATH];
	size_t i;

	ck_assert_ptr_nonnull(arg);

	/* "/" + LIM_PATH - 2 bytes: exactly fits with its NUL. */
	memset(arg, 'x', LIM_PATH - 2);
	arg[LIM_PATH - 2] = '\0';
	ck_assert_int_eq(path_normalise("/", arg, out, sizeof(out)), 0);
	ck_assert_uint_eq(strlen(out), LIM_PATH - 1);
	memset(arg, 'x', LIM_PATH - 1);
	arg[LIM_PATH - 1] = '\0';
	ck_assert_int_eq(path_normalise("/", arg, out, sizeof(out)), -1);

	/* Many short components: "a/a/a/..." over the limit. */
	for (i = 0; i + 1 < 3 * LIM_PATH; i += 2) {
		arg[i] = 'a';
		arg[i + 1] = '/';
	}
	arg[3 * LIM_PATH - 1] = '\0';
	ck_assert_int_eq(path_normalise("/", arg, out, sizeof(out)), -1);

	/* Thousands of ".." cost nothing and stay at the root. */
	for (i = 0; i + 3 < 3 * LIM_PATH; i += 3)
		memcpy(arg + i, "../", 3);
	arg[i] = '\0';
	ck_assert_int_eq(path_normalise("/pub", arg, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "/");

	free(arg);
}
END_TEST

/* --- path_relative, path_basename ---------------------------------------- */

static const struct {
	const char *vpath;
	const char *rel;
	const char *base;
} name_cases[] = {
	{ "/", ".", "/" },
	{ "/a", "a", "a" },
	{ "/a/b", "a/b", "b" },
	{ "/pub/dir/file.txt", "pub/dir/file.txt", "file.txt" },
	{ "/-la", "-la", "-la" },
	{ "/..a/b..", "..a/b..", "b.." },
	{ "/ ", " ", " " },
	/* Not clean, but never absolute for openat2 either. */
	{ "//etc", "etc", "etc" },
	{ "a", "a", "a" },
	{ "", ".", "" },
};

START_TEST(test_relative)
{
	const char *v = name_cases[_i].vpath;
	const char *r = path_relative(v);

	ck_assert_str_eq(r, name_cases[_i].rel);
	ck_assert_int_ne(r[0], '/');
	/* A pointer into vpath, or the static ".". */
	if (strcmp(r, ".") != 0)
		ck_assert(r >= v && r < v + strlen(v));
}
END_TEST

START_TEST(test_basename)
{
	const char *v = name_cases[_i].vpath;
	const char *b = path_basename(v);

	ck_assert_str_eq(b, name_cases[_i].base);
	ck_assert(b >= v && b <= v + strlen(v));
}
END_TEST

static Suite *
path_suite(void)
{
	Suite *s = suite_create("path");
	TCase *tc;

	tc = tcase_create("normalise");
	tcase_add_loop_test(tc, test_normalise, 0, NELEM(norm_cases));
	tcase_add_loop_test(tc, test_normalise_fixed_point, 0,
	    NELEM(norm_cases));
	tcase_add_loop_test(tc, test_normalise_size, 0, NELEM(size_cases));
	tcase_add_test(tc, test_normalise_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_loop_test(tc, test_relative, 0, NELEM(name_cases));
	tcase_add_loop_test(tc, test_basename, 0, NELEM(name_cases));
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(path_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
