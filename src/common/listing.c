/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LIST, NLST, MLSD, MLST and STAT lines from struct stat: pure formatting. */
#include "sf_config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/listing.h"

/*
 * Half of a Julian year (182.625 days).  Clients that parse `ls -l` output
 * only need the boundary to be stable; this is the value documented for
 * our listings.
 */
#define SIX_MONTHS	((uintmax_t)15778800)

/* strftime("%b") would follow LC_TIME; clients parse English names. */
static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* Spelled exactly as FEAT advertises them, in the order we emit them. */
static const struct {
	const char *name;
	unsigned int bit;
} mlsx_facts[] = {
	{ "type", MLSX_TYPE },
	{ "size", MLSX_SIZE },
	{ "modify", MLSX_MODIFY },
	{ "perm", MLSX_PERM },
	{ "unique", MLSX_UNIQUE },
	{ "UNIX.mode", MLSX_UNIX_MODE },
	{ "UNIX.uid", MLSX_UNIX_UID },
	{ "UNIX.gid", MLSX_UNIX_GID },
};

#define MLSX_NFACTS	(sizeof(mlsx_facts) / sizeof(mlsx_facts[0]))

/*
 * Break t into fields.  A time_t whose year does not fit an int (only a
 * corrupt or hostile file system yields one) is shown as the epoch rather
 * than failing the whole listing.
 */
static void
listing_tm(time_t t, bool local, struct tm *tm)
{
	struct tm *r;

	r = local ? localtime_r(&t, tm) : gmtime_r(&t, tm);
	if (r == NULL) {
		memset(tm, 0, sizeof(*tm));
		tm->tm_year = 70;
		tm->tm_mday = 1;
	}
}

/* Bounds mon so that a broken libc cannot index outside the table. */
static const char *
month_name(int mon)
{
	if (mon < 0 || mon > 11)
		return "???";
	return month_names[mon];
}

/*
 * Within six months of now in either direction.  The differences are taken
 * in uintmax_t because time_t values from disk may be anywhere in range and
 * a signed subtraction could overflow.
 */
static bool
listing_recent(time_t mtime, time_t now)
{
	uintmax_t d;

	if (mtime >= now)
		d = (uintmax_t)mtime - (uintmax_t)now;
	else
		d = (uintmax_t)now - (uintmax_t)mtime;
	return d <= SIX_MONTHS;
}

static void
listing_mode(mode_t m, char s[11])
{
	if (S_ISDIR(m))
		s[0] = 'd';
	else if (S_ISLNK(m))
		s[0] = 'l';
	else if (S_ISCHR(m))
		s[0] = 'c';
	else if (S_ISBLK(m))
		s[0] = 'b';
	else if (S_ISFIFO(m))
		s[0] = 'p';
	else if (S_ISSOCK(m))
		s[0] = 's';
	else
		s[0] = '-';
	s[1] = (m & S_IRUSR) ? 'r' : '-';
	s[2] = (m & S_IWUSR) ? 'w' : '-';
	s[3] = (m & S_IXUSR) ? 'x' : '-';
	s[4] = (m & S_IRGRP) ? 'r' : '-';
	s[5] = (m & S_IWGRP) ? 'w' : '-';
	s[6] = (m & S_IXGRP) ? 'x' : '-';
	s[7] = (m & S_IROTH) ? 'r' : '-';
	s[8] = (m & S_IWOTH) ? 'w' : '-';
	s[9] = (m & S_IXOTH) ? 'x' : '-';
	/* Lower case when the execute bit is also set, as ls(1) does. */
	if (m & S_ISUID)
		s[3] = (m & S_IXUSR) ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = (m & S_IXGRP) ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = (m & S_IXOTH) ? 't' : 'T';
	s[10] = '\0';
}

int
listing_ls_line(struct buf *out, const struct list_entry *e,
    const struct list_fmt *f)
{
	char mode[11], owner[24], group[24], date[32];
	const char *o, *g;
	struct tm tm;
	int r;

	listing_mode(e->st.st_mode, mode);

	if (f->hide_ids) {
		o = g = "ftp";
	} else {
		o = e->owner;
		if (o == NULL) {
			r = snprintf(owner, sizeof(owner), "%ju",
			    (uintmax_t)e->st.st_uid);
			if (r < 0 || (size_t)r >= sizeof(owner))
				return -1;
			o = owner;
		}
		g = e->group;
		if (g == NULL) {
			r = snprintf(group, sizeof(group), "%ju",
			    (uintmax_t)e->st.st_gid);
			if (r < 0 || (size_t)r >= sizeof(group))
				return -1;
			g = group;
		}
	}

	listing_tm(e->st.st_mtime, f->use_localtime, &tm);
	if (listing_recent(e->st.st_mtime, f->now))
		r = snprintf(date, sizeof(date), "%s %02d %02d:%02d",
		    month_name(tm.tm_mon), tm.tm_mday, tm.tm_hour, tm.tm_min);
	else
		r = snprintf(date, sizeof(date), "%s %02d %5jd",
		    month_name(tm.tm_mon), tm.tm_mday,
		    (intmax_t)tm.tm_year + 1900);
	if (r < 0 || (size_t)r >= sizeof(date))
		return -1;

	/* One append, so that a full buffer is left exactly as it was. */
	return buf_printf(out, "%s %4ju %-8s %-8s %8jd %s %s%s%s\r\n",
	    mode, (uintmax_t)e->st.st_nlink, o, g, (intmax_t)e->st.st_size,
	    date, e->name,
	    (S_ISLNK(e->st.st_mode) && e->link_target != NULL) ? " -> " : "",
	    (S_ISLNK(e->st.st_mode) && e->link_target != NULL) ?
	    e->link_target : "");
}

void
listing_mlst_feat(struct buf *out, unsigned int mask)
{
	size_t i;

	for (i = 0; i < MLSX_NFACTS; i++)
		(void)buf_printf(out, "%s%s;", mlsx_facts[i].name,
		    (mask & mlsx_facts[i].bit) ? "*" : "");
}

unsigned int
listing_mlst_opts(const char *arg, struct buf *out)
{
	const char *p, *end;
	unsigned int mask = 0;
	size_t i, n;

	if (arg == NULL)
		return 0;
	/*
	 * RFC 3659 7.9: every fact name is followed by ';', but a client that
	 * leaves off the last one is understood too.  Names we do not support
	 * are dropped silently; the reply names what the client will get, in
	 * the order it asked, each fact once.
	 */
	for (p = arg; *p != '\0'; p = (*end == ';') ? end + 1 : end) {
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		for (i = 0; i < MLSX_NFACTS; i++) {
			if (strlen(mlsx_facts[i].name) == n &&
			    strncasecmp(mlsx_facts[i].name, p, n) == 0)
				break;
		}
		if (i == MLSX_NFACTS || (mask & mlsx_facts[i].bit))
			continue;
		mask |= mlsx_facts[i].bit;
		(void)buf_printf(out, "%s;", mlsx_facts[i].name);
	}
	return mask;
}

/* Append one "fact=value;" to a fixed array; -1 when it does not fit. */
static int
fact_add(char *dst, size_t dstsz, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fact_add(char *dst, size_t dstsz, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(dst + *len, dstsz - *len, fmt, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= dstsz - *len)
		return -1;
	*len += (size_t)r;
	return 0;
}

/* Four-digit years only: the RFC 3659 time-val has no room for more. */
static void
listing_utc14(time_t t, char *out, size_t outsz)
{
	struct tm tm;
	intmax_t year;
	int r;

	listing_tm(t, false, &tm);
	year = (intmax_t)tm.tm_year + 1900;
	if (year < 0) {
		r = snprintf(out, outsz, "00000101000000");
	} else if (year > 9999) {
		r = snprintf(out, outsz, "99991231235959");
	} else {
		r = snprintf(out, outsz, "%04jd%02d%02d%02d%02d%02d",
		    year, tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min, tm.tm_sec);
	}
	if ((r < 0 || (size_t)r >= outsz) && outsz > 0)
		out[0] = '\0';
}

int
listing_mlsx_line(struct buf *out, const struct list_entry *e,
    unsigned int mask, int cdir_pdir, const char *perm, bool hide_ids)
{
	char facts[512], when[16];
	const char *type;
	bool isdir = S_ISDIR(e->st.st_mode);
	size_t len = 0;

	facts[0] = '\0';
	if (cdir_pdir == 1)
		type = "cdir";
	else if (cdir_pdir == 2)
		type = "pdir";
	else
		type = isdir ? "dir" : "file";

	if ((mask & MLSX_TYPE) &&
	    fact_add(facts, sizeof(facts), &len, "type=%s;", type) < 0)
		return -1;
	/* A directory's st_size says nothing a client could use. */
	if ((mask & MLSX_SIZE) && !isdir && cdir_pdir == 0 &&
	    fact_add(facts, sizeof(facts), &len, "size=%jd;",
	    (intmax_t)e->st.st_size) < 0)
		return -1;
	if (mask & MLSX_MODIFY) {
		listing_utc14(e->st.st_mtime, when, sizeof(when));
		if (fact_add(facts, sizeof(facts), &len, "modify=%s;",
		    when) < 0)
			return -1;
	}
	if ((mask & MLSX_PERM) && perm != NULL &&
	    fact_add(facts, sizeof(facts), &len, "perm=%s;", perm) < 0)
		return -1;
	if ((mask & MLSX_UNIQUE) &&
	    fact_add(facts, sizeof(facts), &len, "unique=%jxU%jx;",
	    (uintmax_t)e->st.st_dev, (uintmax_t)e->st.st_ino) < 0)
		return -1;
	if ((mask & MLSX_UNIX_MODE) &&
	    fact_add(facts, sizeof(facts), &len, "UNIX.mode=0%03o;",
	    (unsigned int)(e->st.st_mode & 07777)) < 0)
		return -1;
	if ((mask & MLSX_UNIX_UID) && !hide_ids &&
	    fact_add(facts, sizeof(facts), &len, "UNIX.uid=%ju;",
	    (uintmax_t)e->st.st_uid) < 0)
		return -1;
	if ((mask & MLSX_UNIX_GID) && !hide_ids &&
	    fact_add(facts, sizeof(facts), &len, "UNIX.gid=%ju;",
	    (uintmax_t)e->st.st_gid) < 0)
		return -1;

	/* RFC 3659 7.2: exactly one space between the facts and the name. */
	return buf_printf(out, "%s %s\r\n", facts, e->name);
}

void
listing_mdtm(time_t t, char *out, size_t outsz)
{
	listing_utc14(t, out, outsz);
}
