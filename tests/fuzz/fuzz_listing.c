/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the LIST and MLSx line formatters (listing.c): any
 * struct stat, hostile names, full buffers. */
#include "sf_config.h"

#include <stdbool.h>
#include <string.h>

#include "common/buf.h"
#include "common/listing.h"
#include "common/parse.h"
#include "fuzz.h"

FUZZ_HARNESS_BEGIN

/*
 * Input: a fixed header (the stat fields, the format flags, the buffer
 * limit), then name, link target, owner and group separated by NUL bytes
 * (missing ones are NULL, except the name, which is then "").  Missing
 * header bytes read as zero.
 */
struct reader {
	const uint8_t *p;
	size_t left;
};

static uint64_t
take(struct reader *r, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		v = v << 8;
		if (r->left > 0) {
			v |= *r->p++;
			r->left--;
		}
	}
	return v;
}

/* The next NUL-terminated string (copied; the caller frees it), or NULL
 * when the input is used up. */
static char *
take_str(struct reader *r)
{
	const uint8_t *nul;
	size_t n;
	char *s;

	if (r->left == 0)
		return NULL;
	nul = memchr(r->p, '\0', r->left);
	n = nul != NULL ? (size_t)(nul - r->p) : r->left;
	s = malloc(n + 1);
	FUZZ_CHECK(s != NULL);
	memcpy(s, r->p, n);
	s[n] = '\0';
	r->p += n;
	r->left -= n;
	if (nul != NULL) {
		r->p++;
		r->left--;
	}
	return s;
}

static bool
has_crlf(const char *s)
{
	return s != NULL && strpbrk(s, "\r\n") != NULL;
}

static size_t
count_byte(const char *s, size_t n, char c)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/*
 * Run fmt with an unlimited buffer, then with one of max bytes already
 * holding pre bytes: it must succeed exactly when the line fits, append
 * the same line, and leave a full buffer as it was.  Returns the line
 * (from the unlimited run; the caller frees it).
 */
static char *
format_both(int (*fmt)(struct buf *, const void *), const void *arg,
    size_t max, size_t pre, size_t *len)
{
	struct buf big, small;
	char *line, *before;
	int r;

	buf_init(&big, (size_t)1 << 30);
	r = fmt(&big, arg);
	FUZZ_CHECK(r == 0);
	FUZZ_CHECK(big.len == strlen(buf_cstr(&big)));

	if (pre > max)
		pre = max;
	buf_init(&small, max);
	before = malloc(pre + 1);
	FUZZ_CHECK(before != NULL);
	memset(before, '#', pre);
	before[pre] = '\0';
	FUZZ_CHECK(buf_add(&small, before, pre) == 0);
	r = fmt(&small, arg);
	if (pre + big.len <= max) {
		FUZZ_CHECK(r == 0);
		FUZZ_CHECK(small.len == pre + big.len);
		FUZZ_CHECK(memcmp(buf_cstr(&small) + pre, buf_cstr(&big),
		    big.len) == 0);
	} else {
		FUZZ_CHECK(r == -1);
		FUZZ_CHECK(small.len == pre);
		FUZZ_CHECK(memcmp(buf_cstr(&small), before, pre) == 0);
	}
	free(before);
	buf_free(&small);
	*len = big.len;
	line = malloc(big.len + 1);
	FUZZ_CHECK(line != NULL);
	memcpy(line, buf_cstr(&big), big.len + 1);
	buf_free(&big);
	return line;
}

struct ls_args {
	const struct list_entry *e;
	const struct list_fmt *f;
};

static int
fmt_ls(struct buf *b, const void *arg)
{
	const struct ls_args *a = arg;

	return listing_ls_line(b, a->e, a->f);
}

struct mlsx_args {
	const struct list_entry *e;
	unsigned int mask;
	int cdir_pdir;
	const char *perm;
	bool hide_ids;
};

static int
fmt_mlsx(struct buf *b, const void *arg)
{
	const struct mlsx_args *a = arg;

	return listing_mlsx_line(b, a->e, a->mask, a->cdir_pdir, a->perm,
	    a->hide_ids);
}

/* "line\r\n" with exactly one CR and one LF, when nothing shown holds
 * one; then the tail before CRLF is checked by the caller. */
static void
check_crlf(const char *line, size_t len, bool clean)
{
	FUZZ_CHECK(len >= 2);
	FUZZ_CHECK(line[len - 2] == '\r' && line[len - 1] == '\n');
	if (clean) {
		FUZZ_CHECK(count_byte(line, len, '\r') == 1);
		FUZZ_CHECK(count_byte(line, len, '\n') == 1);
	}
}

/* Years 1000 to 9999 in seconds since the epoch (UTC). */
#define T_YEAR_1000	(-30610224000LL)
#define T_YEAR_10000	(253402300800LL)

static void
check_facts(const char *facts, size_t n, const struct mlsx_args *a)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} known[] = {
		{ "type", MLSX_TYPE }, { "size", MLSX_SIZE },
		{ "modify", MLSX_MODIFY }, { "perm", MLSX_PERM },
		{ "unique", MLSX_UNIQUE }, { "UNIX.mode", MLSX_UNIX_MODE },
		{ "UNIX.uid", MLSX_UNIX_UID }, { "UNIX.gid", MLSX_UNIX_GID },
	};
	const char *p = facts, *end = facts + n, *semi, *eq;
	size_t i, last = 0;
	unsigned int seen = 0;

	while (p < end) {
		semi = memchr(p, ';', (size_t)(end - p));
		FUZZ_CHECK(semi != NULL);	/* each fact ends with ';' */
		eq = memchr(p, '=', (size_t)(semi - p));
		FUZZ_CHECK(eq != NULL && eq > p);
		for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strlen(known[i].name) == (size_t)(eq - p) &&
			    memcmp(known[i].name, p, (size_t)(eq - p)) == 0)
				break;
		FUZZ_CHECK(i < sizeof(known) / sizeof(known[0]));
		/* Only facts asked for, once each, in the FEAT order. */
		FUZZ_CHECK(a->mask & known[i].bit);
		FUZZ_CHECK(!(seen & known[i].bit));
		FUZZ_CHECK(seen == 0 || i > last);
		seen |= known[i].bit;
		last = i;
		if (known[i].bit == MLSX_MODIFY) {
			struct timespec ts;
			const char *rest;
			char when[32];
			time_t t = a->e->st.st_mtime;
			enum parse_result r;

			FUZZ_CHECK(semi - eq - 1 == 14);
			memcpy(when, eq + 1, 14);
			when[14] = '\0';
			/* MFMT reads back what MLSD shows, in RFC 3659's
			 * year range. */
			r = parse_timeval(when, &ts, &rest);
			if ((long long)t >= T_YEAR_1000 &&
			    (long long)t < T_YEAR_10000) {
				FUZZ_CHECK(r == PARSE_OK);
				FUZZ_CHECK(ts.tv_sec == t);
			}
		}
		if (known[i].bit == MLSX_TYPE) {
			const char *want = a->cdir_pdir == 1 ? "cdir" :
			    a->cdir_pdir == 2 ? "pdir" :
			    S_ISDIR(a->e->st.st_mode) ? "dir" : "file";

			FUZZ_CHECK((size_t)(semi - eq - 1) == strlen(want));
			FUZZ_CHECK(memcmp(eq + 1, want, strlen(want)) == 0);
		}
		if (known[i].bit & (MLSX_UNIX_UID | MLSX_UNIX_GID))
			FUZZ_CHECK(!a->hide_ids);
		p = semi + 1;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const perms[] = { "", "r", "e", "el", "adfrw",
	    "acdeflmp", NULL };
	struct reader rd = { data, size };
	struct list_entry e;
	struct list_fmt f;
	struct ls_args la;
	struct mlsx_args ma;
	char *name, *target, *owner, *group, *line, *tail;
	size_t len, max, pre, nlen, tlen;
	unsigned int flags;
	bool clean;
	struct buf feat;

	memset(&e, 0, sizeof(e));
	memset(&f, 0, sizeof(f));
	e.st.st_mode = (mode_t)take(&rd, 4);
	e.st.st_nlink = (nlink_t)take(&rd, 8);
	e.st.st_uid = (uid_t)take(&rd, 4);
	e.st.st_gid = (gid_t)take(&rd, 4);
	e.st.st_size = (off_t)take(&rd, 8);
	e.st.st_mtime = (time_t)take(&rd, 8);
	e.st.st_dev = (dev_t)take(&rd, 8);
	e.st.st_ino = (ino_t)take(&rd, 8);
	f.now = (time_t)take(&rd, 8);
	flags = (unsigned int)take(&rd, 2);
	max = (size_t)take(&rd, 2);
	pre = (size_t)take(&rd, 1);
	name = take_str(&rd);
	target = take_str(&rd);
	owner = take_str(&rd);
	group = take_str(&rd);
	if (name == NULL) {
		name = malloc(1);
		FUZZ_CHECK(name != NULL);
		name[0] = '\0';
	}
	e.name = name;
	e.link_target = target;
	e.owner = owner;
	e.group = group;
	f.use_localtime = flags & 1;
	f.hide_ids = (flags >> 1) & 1;
	nlen = strlen(name);

	/* ls -l: the name last, after " -> target" for a symlink. */
	la.e = &e;
	la.f = &f;
	line = format_both(fmt_ls, &la, max, pre, &len);
	clean = !has_crlf(name) && !has_crlf(target) &&
	    (f.hide_ids || (!has_crlf(owner) && !has_crlf(group)));
	check_crlf(line, len, clean);
	FUZZ_CHECK(memchr("-dlcbps", line[0], 7) != NULL);
	tail = line + len - 2;
	if (S_ISLNK(e.st.st_mode) && target != NULL) {
		tlen = strlen(target);
		FUZZ_CHECK((size_t)(tail - line) >= tlen + 4);
		FUZZ_CHECK(memcmp(tail - tlen, target, tlen) == 0);
		FUZZ_CHECK(memcmp(tail - tlen - 4, " -> ", 4) == 0);
		tail -= tlen + 4;
	}
	FUZZ_CHECK((size_t)(tail - line) >= nlen + 1);
	FUZZ_CHECK(memcmp(tail - nlen, name, nlen) == 0);
	FUZZ_CHECK(tail[-(long)nlen - 1] == ' ');
	free(line);

	/* MLSx: "facts; name\r\n", exactly one space before the name. */
	ma.e = &e;
	ma.mask = (flags >> 2) & MLSX_ALL;
	ma.cdir_pdir = (flags >> 10) % 3;
	ma.perm = perms[(flags >> 12) % 7];
	ma.hide_ids = f.hide_ids;
	line = format_both(fmt_mlsx, &ma, max, pre, &len);
	check_crlf(line, len, !has_crlf(name));
	FUZZ_CHECK(len >= nlen + 3);
	FUZZ_CHECK(memcmp(line + len - 2 - nlen, name, nlen) == 0);
	FUZZ_CHECK(line[len - 3 - nlen] == ' ');
	/* The facts hold no space, CR or LF: the first space ends them. */
	FUZZ_CHECK(strcspn(line, " \r\n") == len - 3 - nlen);
	check_facts(line, len - 3 - nlen, &ma);
	free(line);

	/* The FEAT line names every fact, starred as the mask says. */
	buf_init(&feat, 4096);
	listing_mlst_feat(&feat, ma.mask);
	FUZZ_CHECK(count_byte(buf_cstr(&feat), feat.len, ';') == 8);
	FUZZ_CHECK(count_byte(buf_cstr(&feat), feat.len, '*') ==
	    (size_t)__builtin_popcount(ma.mask));
	buf_free(&feat);

	free(name);
	free(target);
	free(owner);
	free(group);
	return 0;
}

FUZZ_HARNESS_END
