/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LIST, NLST, MLSD, MLST and STAT lines from struct stat: pure formatting. */
#ifndef SF_COMMON_LISTING_H
#define SF_COMMON_LISTING_H

#include <stdbool.h>
#include <sys/stat.h>
#include <time.h>

#include "common/buf.h"

struct list_entry {
	const char *name;	/* bytes as on disk; never NULL */
	struct stat st;		/* lstat() of the entry */
	const char *link_target;/* symlink target, or NULL */
	const char *owner;	/* user name, or NULL for numeric st_uid */
	const char *group;	/* group name, or NULL for numeric st_gid */
};

struct list_fmt {
	time_t now;		/* for the six-month rule */
	bool use_localtime;	/* else UTC */
	bool hide_ids;		/* owner and group shown as "ftp" */
};

/*
 * One `ls -l` line in vsftpd's layout, CRLF-terminated, appended to out:
 * "drwxr-xr-x    2 0        0            4096 Jan 02  2020 name", mode
 * string with setuid/setgid/sticky letters, nlink right-aligned in 4,
 * owner and group left-aligned in 8, size right-aligned in 8 (wider when
 * needed), date "Mon DD HH:MM" when within six months of now (either
 * way), else "Mon DD  YYYY" (day zero-padded, English month names), then
 * the name, and " -> target" for symlinks.  Returns 0, -1 if out is full.
 */
int listing_ls_line(struct buf *out, const struct list_entry *e,
    const struct list_fmt *f);

/* MLST facts (RFC 3659 7.5), selectable with OPTS MLST. */
enum {
	MLSX_TYPE = 1 << 0,
	MLSX_SIZE = 1 << 1,
	MLSX_MODIFY = 1 << 2,
	MLSX_PERM = 1 << 3,
	MLSX_UNIQUE = 1 << 4,
	MLSX_UNIX_MODE = 1 << 5,
	MLSX_UNIX_UID = 1 << 6,
	MLSX_UNIX_GID = 1 << 7,
	MLSX_ALL = (1 << 8) - 1,
};

/* The FEAT line body: "type*;size*;modify*;perm*;unique*;UNIX.mode*;..."
 * with '*' after each fact enabled in mask. */
void listing_mlst_feat(struct buf *out, unsigned int mask);

/*
 * Parse an OPTS MLST argument ("type;size;" any case) into a mask of the
 * facts we know (unknown ones are ignored, as RFC 3659 requires); writes
 * the accepted list ("type;size;") to out for the 200 reply.
 */
unsigned int listing_mlst_opts(const char *arg, struct buf *out);

/*
 * One MLSx entry: "fact=value;...; name\r\n" appended to out.  cdir_pdir:
 * 0 normal, 1 "cdir" (the listed dir itself), 2 "pdir".  perm is the perm
 * fact's value (computed by the caller from access rights).  Symlinks are
 * described by what they point to (the caller passes stat, not lstat,
 * data for them), so type= is file or dir.  UNIX.uid/gid are omitted
 * when hide_ids.  modify= is always UTC.  Returns 0, -1 if out is full.
 */
int listing_mlsx_line(struct buf *out, const struct list_entry *e,
    unsigned int mask, int cdir_pdir, const char *perm, bool hide_ids);

/* MDTM reply value: YYYYMMDDHHMMSS in UTC, into out (>= 15 bytes). */
void listing_mdtm(time_t t, char *out, size_t outsz);

#endif
