/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for listing.c: ls -l lines, MLSx facts, OPTS MLST and MDTM. */
#include "sf_config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/buf.h"
#include "common/listing.h"

/* Sat Nov 21 16:37:00 UTC 2026. */
#define NOW		((time_t)1795279020)
/* Thu Jan  2 03:04:05 UTC 2020. */
#define T2020		((time_t)1577934245)
#define SIX_MONTHS	((time_t)15778800)

struct ls_case {
	const char *what;
	mode_t mode;
	unsigned long nlink;
	unsigned int uid, gid;
	long long size;
	time_t mtime;
	const char *name;
	const char *target;
	const char *owner, *group;
	bool hide_ids;
	const char *expect;
};

static const struct ls_case ls_cases[] = {
	{ "directory, now", S_IFDIR | 0755, 2, 0, 0, 4096, NOW, "pub",
	    NULL, NULL, NULL, false,
	    "drwxr-xr-x    2 0        0            4096 Nov 21 16:37 pub\r\n" },
	{ "five GiB, old", S_IFREG | 0644, 1, 1000, 1000, 5368709120LL, T2020,
	    "big", NULL, NULL, NULL, false,
	    "-rw-r--r--    1 1000     1000     5368709120 Jan 02  2020 big"
	    "\r\n" },
	{ "largest off_t", S_IFREG | 0600, 1, 1, 1, INT64_MAX, T2020, "huge",
	    NULL, NULL, NULL, false,
	    "-rw-------    1 1        1        9223372036854775807 "
	    "Jan 02  2020 huge\r\n" },
	{ "empty file", S_IFREG | 0644, 1, 0, 0, 0, NOW, "e", NULL, NULL,
	    NULL, false,
	    "-rw-r--r--    1 0        0               0 Nov 21 16:37 e\r\n" },
	{ "exactly six months old", S_IFREG | 0644, 1, 0, 0, 1,
	    NOW - SIX_MONTHS, "a", NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               1 May 23 01:37 a\r\n" },
	{ "one second older", S_IFREG | 0644, 1, 0, 0, 1,
	    NOW - SIX_MONTHS - 1, "a", NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               1 May 23  2026 a\r\n" },
	{ "a minute in the future", S_IFREG | 0644, 1, 0, 0, 1, NOW + 60,
	    "a", NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               1 Nov 21 16:38 a\r\n" },
	{ "six months ahead", S_IFREG | 0644, 1, 0, 0, 1, NOW + SIX_MONTHS,
	    "a", NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               1 May 23 07:37 a\r\n" },
	{ "one second further ahead", S_IFREG | 0644, 1, 0, 0, 1,
	    NOW + SIX_MONTHS + 1, "a", NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               1 May 23  2027 a\r\n" },
	{ "before the epoch", S_IFREG | 0644, 1, 0, 0, 1, -1, "a", NULL,
	    NULL, NULL, false,
	    "-rw-r--r--    1 0        0               1 Dec 31  1969 a\r\n" },
	{ "five-digit year", S_IFREG | 0644, 1, 0, 0, 1, 253402300800LL, "a",
	    NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               1 Jan 01 10000 a\r\n" },
	{ "day zero-padded", S_IFREG | 0644, 1, 0, 0, 1, 1772701620, "a",
	    NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               1 Mar 05  2026 a\r\n" },
	{ "symlink", S_IFLNK | 0777, 1, 0, 0, 7, NOW, "ln", "/etc/x y",
	    NULL, NULL, false,
	    "lrwxrwxrwx    1 0        0               7 Nov 21 16:37 "
	    "ln -> /etc/x y\r\n" },
	{ "symlink, target unknown", S_IFLNK | 0777, 1, 0, 0, 7, NOW, "ln",
	    NULL, NULL, NULL, false,
	    "lrwxrwxrwx    1 0        0               7 Nov 21 16:37 ln\r\n" },
	{ "target ignored on a file", S_IFREG | 0644, 1, 0, 0, 7, NOW, "f",
	    "t", NULL, NULL, false,
	    "-rw-r--r--    1 0        0               7 Nov 21 16:37 f\r\n" },
	{ "char device", S_IFCHR | 0666, 1, 0, 0, 0, NOW, "null", NULL, NULL,
	    NULL, false,
	    "crw-rw-rw-    1 0        0               0 Nov 21 16:37 null"
	    "\r\n" },
	{ "block device", S_IFBLK | 0660, 1, 0, 6, 0, NOW, "sda", NULL, NULL,
	    NULL, false,
	    "brw-rw----    1 0        6               0 Nov 21 16:37 sda\r\n" },
	{ "fifo", S_IFIFO | 0644, 1, 0, 0, 0, NOW, "p", NULL, NULL, NULL,
	    false,
	    "prw-r--r--    1 0        0               0 Nov 21 16:37 p\r\n" },
	{ "socket", S_IFSOCK | 0755, 1, 0, 0, 0, NOW, "s", NULL, NULL, NULL,
	    false,
	    "srwxr-xr-x    1 0        0               0 Nov 21 16:37 s\r\n" },
	{ "setuid with x", S_IFREG | 04755, 1, 0, 0, 0, NOW, "a", NULL, NULL,
	    NULL, false,
	    "-rwsr-xr-x    1 0        0               0 Nov 21 16:37 a\r\n" },
	{ "setuid without x", S_IFREG | 04644, 1, 0, 0, 0, NOW, "a", NULL,
	    NULL, NULL, false,
	    "-rwSr--r--    1 0        0               0 Nov 21 16:37 a\r\n" },
	{ "setgid with x", S_IFDIR | 02775, 1, 0, 0, 0, NOW, "a", NULL, NULL,
	    NULL, false,
	    "drwxrwsr-x    1 0        0               0 Nov 21 16:37 a\r\n" },
	{ "setgid without x", S_IFREG | 02644, 1, 0, 0, 0, NOW, "a", NULL,
	    NULL, NULL, false,
	    "-rw-r-Sr--    1 0        0               0 Nov 21 16:37 a\r\n" },
	{ "sticky with x", S_IFDIR | 01777, 1, 0, 0, 0, NOW, "tmp", NULL,
	    NULL, NULL, false,
	    "drwxrwxrwt    1 0        0               0 Nov 21 16:37 tmp\r\n" },
	{ "sticky without x", S_IFDIR | 01770, 1, 0, 0, 0, NOW, "a", NULL,
	    NULL, NULL, false,
	    "drwxrwx--T    1 0        0               0 Nov 21 16:37 a\r\n" },
	{ "all special bits, no x", S_IFREG | 07000, 1, 0, 0, 0, NOW, "a",
	    NULL, NULL, NULL, false,
	    "---S--S--T    1 0        0               0 Nov 21 16:37 a\r\n" },
	{ "names", S_IFREG | 0644, 1, 1000, 100, 10, NOW, "a", NULL, "alice",
	    "users", false,
	    "-rw-r--r--    1 alice    users          10 Nov 21 16:37 a\r\n" },
	{ "long names not cut", S_IFREG | 0644, 1, 1000, 100, 10, NOW, "a",
	    NULL, "averylongusername", "agroupnamebeyond", false,
	    "-rw-r--r--    1 averylongusername agroupnamebeyond       10 "
	    "Nov 21 16:37 a\r\n" },
	{ "hide_ids", S_IFREG | 0644, 1, 1000, 100, 10, NOW, "a", NULL,
	    "alice", "users", true,
	    "-rw-r--r--    1 ftp      ftp            10 Nov 21 16:37 a\r\n" },
	{ "hide_ids, numeric", S_IFREG | 0644, 1, 1000, 100, 10, NOW, "a",
	    NULL, NULL, NULL, true,
	    "-rw-r--r--    1 ftp      ftp            10 Nov 21 16:37 a\r\n" },
	{ "wide nlink and ids", S_IFDIR | 0755, 123456, 4294967294U,
	    4294967294U, 4096, NOW, "d", NULL, NULL, NULL, false,
	    "drwxr-xr-x 123456 4294967294 4294967294     4096 "
	    "Nov 21 16:37 d\r\n" },
	{ "name with spaces", S_IFREG | 0644, 1, 0, 0, 3, NOW,
	    " two  spaces ", NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               3 Nov 21 16:37 "
	    " two  spaces \r\n" },
	{ "name not UTF-8", S_IFREG | 0644, 1, 0, 0, 3, NOW,
	    "\xff\xfe\x80l\xe9gal", NULL, NULL, NULL, false,
	    "-rw-r--r--    1 0        0               3 Nov 21 16:37 "
	    "\xff\xfe\x80l\xe9gal\r\n" },
};

static void
ls_entry(const struct ls_case *c, struct list_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->name = c->name;
	e->link_target = c->target;
	e->owner = c->owner;
	e->group = c->group;
	e->st.st_mode = c->mode;
	e->st.st_nlink = c->nlink;
	e->st.st_uid = c->uid;
	e->st.st_gid = c->gid;
	e->st.st_size = c->size;
	e->st.st_mtime = c->mtime;
}

START_TEST(test_ls_table)
{
	const struct ls_case *c = &ls_cases[_i];
	struct list_fmt f = { NOW, false, c->hide_ids };
	struct list_entry e;
	struct buf b;

	ls_entry(c, &e);
	buf_init(&b, 65536);
	ck_assert_msg(listing_ls_line(&b, &e, &f) == 0, "%s", c->what);
	ck_assert_msg(strcmp(buf_cstr(&b), c->expect) == 0,
	    "%s: got [%s] want [%s]", c->what, buf_cstr(&b), c->expect);
	buf_free(&b);
}
END_TEST

/* Lines are appended: what is already in the buffer stays. */
START_TEST(test_ls_appends)
{
	struct list_fmt f = { NOW, false, false };
	struct list_entry e;
	struct buf b;

	ls_entry(&ls_cases[0], &e);
	buf_init(&b, 65536);
	ck_assert_int_eq(buf_adds(&b, "x"), 0);
	ck_assert_int_eq(listing_ls_line(&b, &e, &f), 0);
	ck_assert_int_eq(listing_ls_line(&b, &e, &f), 0);
	ck_assert_str_eq(buf_cstr(&b), "x"
	    "drwxr-xr-x    2 0        0            4096 Nov 21 16:37 pub\r\n"
	    "drwxr-xr-x    2 0        0            4096 Nov 21 16:37 pub\r\n");
	buf_free(&b);
}
END_TEST

/* A full buffer fails the whole line and keeps what it had. */
START_TEST(test_ls_full)
{
	struct list_fmt f = { NOW, false, false };
	struct list_entry e;
	struct buf b;
	size_t linelen = strlen(ls_cases[0].expect);

	ls_entry(&ls_cases[0], &e);
	buf_init(&b, 2 + linelen - 1);
	ck_assert_int_eq(buf_adds(&b, "ab"), 0);
	ck_assert_int_eq(listing_ls_line(&b, &e, &f), -1);
	ck_assert_str_eq(buf_cstr(&b), "ab");
	buf_free(&b);

	buf_init(&b, 2 + linelen);
	ck_assert_int_eq(buf_adds(&b, "ab"), 0);
	ck_assert_int_eq(listing_ls_line(&b, &e, &f), 0);
	ck_assert_uint_eq(b.len, 2 + linelen);
	buf_free(&b);
}
END_TEST

/* use_localtime follows TZ; the forked test may change its environment. */
START_TEST(test_ls_localtime)
{
	struct list_fmt f = { NOW, true, false };
	struct list_entry e;
	struct buf b;

	ck_assert_int_eq(setenv("TZ", "EST5", 1), 0);
	tzset();
	ls_entry(&ls_cases[0], &e);
	buf_init(&b, 65536);
	ck_assert_int_eq(listing_ls_line(&b, &e, &f), 0);
	ck_assert_str_eq(buf_cstr(&b),
	    "drwxr-xr-x    2 0        0            4096 Nov 21 11:37 pub\r\n");
	buf_reset(&b);
	/* Local midnight crossing moves the day, and the year with it. */
	e.st.st_mtime = 1577836800 + 3600;	/* 2020-01-01 01:00 UTC */
	ck_assert_int_eq(listing_ls_line(&b, &e, &f), 0);
	ck_assert_str_eq(buf_cstr(&b),
	    "drwxr-xr-x    2 0        0            4096 Dec 31  2019 pub\r\n");
	buf_reset(&b);
	f.use_localtime = false;
	ck_assert_int_eq(listing_ls_line(&b, &e, &f), 0);
	ck_assert_str_eq(buf_cstr(&b),
	    "drwxr-xr-x    2 0        0            4096 Jan 01  2020 pub\r\n");
	buf_free(&b);
}
END_TEST

/* English month names whatever the locale asks for. */
START_TEST(test_ls_months)
{
	static const char *const mon[12] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};
	struct list_fmt f = { NOW, false, false };
	struct list_entry e;
	struct buf b;
	char want[128];
	int m, r;

	ls_entry(&ls_cases[0], &e);
	buf_init(&b, 65536);
	for (m = 0; m < 12; m++) {
		struct tm tm;

		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 99;
		tm.tm_mon = m;
		tm.tm_mday = 15;
		e.st.st_mtime = timegm(&tm);
		buf_reset(&b);
		ck_assert_int_eq(listing_ls_line(&b, &e, &f), 0);
		r = snprintf(want, sizeof(want), "drwxr-xr-x    2 0        "
		    "0            4096 %s 15  1999 pub\r\n", mon[m]);
		ck_assert(r > 0 && (size_t)r < sizeof(want));
		ck_assert_str_eq(buf_cstr(&b), want);
	}
	buf_free(&b);
}
END_TEST

/* The per-fact text for the MLSx entry used by the mask tests. */
static const char *const fact_file[] = {
	"type=file;", "size=5368709120;", "modify=20200102030405;",
	"perm=adfrw;", "unique=803U1a2b;", "UNIX.mode=0644;",
	"UNIX.uid=1000;", "UNIX.gid=100;",
};

static void
mlsx_entry(struct list_entry *e, mode_t mode)
{
	memset(e, 0, sizeof(*e));
	e->name = "big file";
	e->st.st_mode = mode;
	e->st.st_size = 5368709120LL;
	e->st.st_mtime = T2020;
	e->st.st_dev = 0x803;
	e->st.st_ino = 0x1a2b;
	e->st.st_uid = 1000;
	e->st.st_gid = 100;
	e->st.st_nlink = 1;
}

/*
 * Every one of the 256 masks, for a file, a directory, cdir and pdir, with
 * and without hide_ids: the line is the selected facts in FEAT order.
 */
START_TEST(test_mlsx_masks)
{
	unsigned int mask = (unsigned int)_i;
	struct list_entry e;
	struct buf b, want;
	int kind, hide;
	size_t i;

	buf_init(&b, 65536);
	buf_init(&want, 65536);
	for (kind = 0; kind < 4; kind++) {
		for (hide = 0; hide < 2; hide++) {
			bool dir = kind != 0;

			mlsx_entry(&e, dir ? S_IFDIR | 0644 : S_IFREG | 0644);
			buf_reset(&b);
			buf_reset(&want);
			for (i = 0; i < 8; i++) {
				if (!(mask & (1U << i)))
					continue;
				if (i == 0 && kind != 0)
					ck_assert_int_eq(buf_adds(&want,
					    kind == 1 ? "type=dir;" :
					    kind == 2 ? "type=cdir;" :
					    "type=pdir;"), 0);
				else if (i == 1 && dir)
					continue;
				else if (i >= 6 && hide)
					continue;
				else
					ck_assert_int_eq(buf_adds(&want,
					    fact_file[i]), 0);
			}
			ck_assert_int_eq(buf_adds(&want, " big file\r\n"), 0);
			ck_assert_int_eq(listing_mlsx_line(&b, &e, mask,
			    kind == 0 ? 0 : kind - 1, "adfrw", hide != 0), 0);
			ck_assert_msg(strcmp(buf_cstr(&b),
			    buf_cstr(&want)) == 0,
			    "mask %#x kind %d hide %d: got [%s] want [%s]",
			    mask, kind, hide, buf_cstr(&b), buf_cstr(&want));
		}
	}
	buf_free(&b);
	buf_free(&want);
}
END_TEST

struct mlsx_case {
	const char *what;
	mode_t mode;
	long long size;
	time_t mtime;
	unsigned int mask;
	int cdir_pdir;
	const char *perm;
	const char *name;
	const char *expect;
};

static const struct mlsx_case mlsx_cases[] = {
	{ "full file", S_IFREG | 0644, 5368709120LL, T2020, MLSX_ALL, 0,
	    "adfrw", "big",
	    "type=file;size=5368709120;modify=20200102030405;perm=adfrw;"
	    "unique=803U1a2b;UNIX.mode=0644;UNIX.uid=1000;UNIX.gid=100;"
	    " big\r\n" },
	{ "no facts", S_IFREG | 0644, 1, T2020, 0, 0, "r", "f", " f\r\n" },
	{ "perm not given", S_IFREG | 0644, 1, T2020, MLSX_TYPE | MLSX_PERM,
	    0, NULL, "f", "type=file; f\r\n" },
	{ "empty perm", S_IFREG | 0644, 1, T2020, MLSX_PERM, 0, "", "f",
	    "perm=; f\r\n" },
	{ "setuid mode", S_IFREG | 04755, 0, T2020, MLSX_UNIX_MODE, 0, "",
	    "f", "UNIX.mode=04755; f\r\n" },
	{ "all special bits", S_IFDIR | 07777, 0, T2020, MLSX_UNIX_MODE, 0,
	    "", "d", "UNIX.mode=07777; d\r\n" },
	{ "mode zero", S_IFREG, 0, T2020, MLSX_UNIX_MODE, 0, "", "f",
	    "UNIX.mode=0000; f\r\n" },
	{ "mode 044", S_IFREG | 044, 0, T2020, MLSX_UNIX_MODE, 0, "", "f",
	    "UNIX.mode=0044; f\r\n" },
	{ "size zero", S_IFREG | 0644, 0, T2020, MLSX_SIZE, 0, "", "f",
	    "size=0; f\r\n" },
	{ "largest size", S_IFREG | 0644, INT64_MAX, T2020, MLSX_SIZE, 0, "",
	    "f", "size=9223372036854775807; f\r\n" },
	{ "cdir has no size", S_IFREG | 0644, 5, T2020,
	    MLSX_TYPE | MLSX_SIZE, 1, "", ".", "type=cdir; .\r\n" },
	{ "special file is a file", S_IFIFO | 0644, 0, T2020, MLSX_TYPE, 0,
	    "", "p", "type=file; p\r\n" },
	{ "modify is UTC", S_IFREG | 0644, 0, NOW, MLSX_MODIFY, 0, "", "f",
	    "modify=20261121163700; f\r\n" },
	{ "modify before 1970", S_IFREG | 0644, 0, -1, MLSX_MODIFY, 0, "",
	    "f", "modify=19691231235959; f\r\n" },
	{ "modify past 9999", S_IFREG | 0644, 0, 253402300800LL, MLSX_MODIFY,
	    0, "", "f", "modify=99991231235959; f\r\n" },
	{ "name with spaces", S_IFREG | 0644, 1, T2020, MLSX_TYPE, 0, "",
	    " a  b ", "type=file;  a  b \r\n" },
	{ "name with ; and =", S_IFREG | 0644, 1, T2020, MLSX_TYPE, 0, "",
	    "x;y=z; w", "type=file; x;y=z; w\r\n" },
	{ "name not UTF-8", S_IFREG | 0644, 1, T2020, MLSX_TYPE, 0, "",
	    "\xff\x80\xc3(", "type=file; \xff\x80\xc3(\r\n" },
};

START_TEST(test_mlsx_table)
{
	const struct mlsx_case *c = &mlsx_cases[_i];
	struct list_entry e;
	struct buf b;

	mlsx_entry(&e, c->mode);
	e.name = c->name;
	e.st.st_size = c->size;
	e.st.st_mtime = c->mtime;
	buf_init(&b, 65536);
	ck_assert_msg(listing_mlsx_line(&b, &e, c->mask, c->cdir_pdir,
	    c->perm, false) == 0, "%s", c->what);
	ck_assert_msg(strcmp(buf_cstr(&b), c->expect) == 0,
	    "%s: got [%s] want [%s]", c->what, buf_cstr(&b), c->expect);
	buf_free(&b);
}
END_TEST

START_TEST(test_mlsx_full)
{
	struct list_entry e;
	struct buf b;
	const char *want = "type=file;size=5368709120;modify=20200102030405;"
	    "perm=adfrw;unique=803U1a2b;UNIX.mode=0644;UNIX.uid=1000;"
	    "UNIX.gid=100; big file\r\n";

	mlsx_entry(&e, S_IFREG | 0644);
	buf_init(&b, 2 + strlen(want) - 1);
	ck_assert_int_eq(buf_adds(&b, "ab"), 0);
	ck_assert_int_eq(listing_mlsx_line(&b, &e, MLSX_ALL, 0, "adfrw",
	    false), -1);
	ck_assert_str_eq(buf_cstr(&b), "ab");
	buf_free(&b);
	buf_init(&b, 2 + strlen(want));
	ck_assert_int_eq(buf_adds(&b, "ab"), 0);
	ck_assert_int_eq(listing_mlsx_line(&b, &e, MLSX_ALL, 0, "adfrw",
	    false), 0);
	ck_assert_str_eq(buf_cstr(&b) + 2, want);
	buf_free(&b);
}
END_TEST

/* unique= must tell two files apart and stay the same for one file. */
START_TEST(test_mlsx_unique)
{
	struct list_entry e;
	struct buf a, b;

	buf_init(&a, 4096);
	buf_init(&b, 4096);
	mlsx_entry(&e, S_IFREG | 0644);
	e.st.st_dev = 1;
	e.st.st_ino = 0x11;
	ck_assert_int_eq(listing_mlsx_line(&a, &e, MLSX_UNIQUE, 0, "", false),
	    0);
	e.st.st_dev = 0x11;
	e.st.st_ino = 1;
	ck_assert_int_eq(listing_mlsx_line(&b, &e, MLSX_UNIQUE, 0, "", false),
	    0);
	ck_assert_str_ne(buf_cstr(&a), buf_cstr(&b));
	buf_reset(&b);
	e.st.st_dev = 1;
	e.st.st_ino = 0x11;
	e.st.st_mtime = 0;
	e.st.st_size = 99;
	ck_assert_int_eq(listing_mlsx_line(&b, &e, MLSX_UNIQUE, 0, "", false),
	    0);
	ck_assert_str_eq(buf_cstr(&a), buf_cstr(&b));
	buf_free(&a);
	buf_free(&b);
}
END_TEST

static const struct {
	unsigned int mask;
	const char *expect;
} feat_cases[] = {
	{ MLSX_ALL, "type*;size*;modify*;perm*;unique*;UNIX.mode*;UNIX.uid*;"
	    "UNIX.gid*;" },
	{ 0, "type;size;modify;perm;unique;UNIX.mode;UNIX.uid;UNIX.gid;" },
	{ MLSX_TYPE | MLSX_SIZE | MLSX_MODIFY | MLSX_PERM,
	    "type*;size*;modify*;perm*;unique;UNIX.mode;UNIX.uid;UNIX.gid;" },
	{ MLSX_UNIX_GID, "type;size;modify;perm;unique;UNIX.mode;UNIX.uid;"
	    "UNIX.gid*;" },
};

START_TEST(test_mlst_feat)
{
	struct buf b;

	buf_init(&b, 4096);
	listing_mlst_feat(&b, feat_cases[_i].mask);
	ck_assert_str_eq(buf_cstr(&b), feat_cases[_i].expect);
	buf_free(&b);
}
END_TEST

static const struct {
	const char *arg;
	unsigned int mask;
	const char *reply;
} opts_cases[] = {
	{ "type;size;", MLSX_TYPE | MLSX_SIZE, "type;size;" },
	{ "TYPE;Size;", MLSX_TYPE | MLSX_SIZE, "type;size;" },
	{ "size;type;modify;", MLSX_TYPE | MLSX_SIZE | MLSX_MODIFY,
	    "size;type;modify;" },
	{ "", 0, "" },
	{ ";", 0, "" },
	{ ";;type;;", MLSX_TYPE, "type;" },
	{ "type", MLSX_TYPE, "type;" },
	{ "type;size", MLSX_TYPE | MLSX_SIZE, "type;size;" },
	{ "type;type;TYPE;", MLSX_TYPE, "type;" },
	{ "type;bogus;size;", MLSX_TYPE | MLSX_SIZE, "type;size;" },
	{ "media-type;charset;lang;create;", 0, "" },
	{ "typ;types;ty pe;", 0, "" },
	{ "unix.MODE;Unix.Uid;UNIX.GID;",
	    MLSX_UNIX_MODE | MLSX_UNIX_UID | MLSX_UNIX_GID,
	    "UNIX.mode;UNIX.uid;UNIX.gid;" },
	{ "UNIX.owner;UNIX.group;", 0, "" },
	{ "unique;perm;", MLSX_UNIQUE | MLSX_PERM, "unique;perm;" },
	{ "type;size;modify;perm;unique;UNIX.mode;UNIX.uid;UNIX.gid;",
	    MLSX_ALL,
	    "type;size;modify;perm;unique;UNIX.mode;UNIX.uid;UNIX.gid;" },
	{ "type*;size;", MLSX_SIZE, "size;" },
};

START_TEST(test_mlst_opts)
{
	struct buf b;

	buf_init(&b, 4096);
	ck_assert_uint_eq(listing_mlst_opts(opts_cases[_i].arg, &b),
	    opts_cases[_i].mask);
	ck_assert_str_eq(buf_cstr(&b), opts_cases[_i].reply);
	buf_free(&b);
}
END_TEST

START_TEST(test_mlst_opts_null)
{
	struct buf b;

	buf_init(&b, 4096);
	ck_assert_uint_eq(listing_mlst_opts(NULL, &b), 0);
	ck_assert_str_eq(buf_cstr(&b), "");
	buf_free(&b);
}
END_TEST

static const struct {
	time_t t;
	const char *expect;
} mdtm_cases[] = {
	{ 0, "19700101000000" },
	{ T2020, "20200102030405" },
	{ NOW, "20261121163700" },
	{ 951782400, "20000229000000" },
	{ -1, "19691231235959" },
	{ 253402300799LL, "99991231235959" },
	{ 253402300800LL, "99991231235959" },
	{ -62167219201LL, "00000101000000" },
};

START_TEST(test_mdtm)
{
	char out[15];

	memset(out, 'x', sizeof(out));
	listing_mdtm(mdtm_cases[_i].t, out, sizeof(out));
	ck_assert_str_eq(out, mdtm_cases[_i].expect);
}
END_TEST

/* Too small an array gets an empty string, never an overflow. */
START_TEST(test_mdtm_short)
{
	char *out = malloc(10);

	ck_assert_ptr_nonnull(out);
	listing_mdtm(T2020, out, 10);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

static Suite *
listing_suite(void)
{
	Suite *s = suite_create("listing");
	TCase *tc;

	tc = tcase_create("ls");
	tcase_add_loop_test(tc, test_ls_table, 0,
	    (int)(sizeof(ls_cases) / sizeof(ls_cases[0])));
	tcase_add_test(tc, test_ls_appends);
	tcase_add_test(tc, test_ls_full);
	tcase_add_test(tc, test_ls_localtime);
	tcase_add_test(tc, test_ls_months);
	suite_add_tcase(s, tc);

	tc = tcase_create("mlsx");
	tcase_add_loop_test(tc, test_mlsx_masks, 0, MLSX_ALL + 1);
	tcase_add_loop_test(tc, test_mlsx_table, 0,
	    (int)(sizeof(mlsx_cases) / sizeof(mlsx_cases[0])));
	tcase_add_test(tc, test_mlsx_full);
	tcase_add_test(tc, test_mlsx_unique);
	suite_add_tcase(s, tc);

	tc = tcase_create("feat_opts");
	tcase_add_loop_test(tc, test_mlst_feat, 0,
	    (int)(sizeof(feat_cases) / sizeof(feat_cases[0])));
	tcase_add_loop_test(tc, test_mlst_opts, 0,
	    (int)(sizeof(opts_cases) / sizeof(opts_cases[0])));
	tcase_add_test(tc, test_mlst_opts_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("mdtm");
	tcase_add_loop_test(tc, test_mdtm, 0,
	    (int)(sizeof(mdtm_cases) / sizeof(mdtm_cases[0])));
	tcase_add_test(tc, test_mdtm_short);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(listing_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
