/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Directory listings over the session root: LIST, NLST, MLSD, MLST, STAT. */
#ifndef SF_SESSION_DIRLIST_H
#define SF_SESSION_DIRLIST_H

#include <stdbool.h>

#include "common/buf.h"
#include "session/xfer.h"

struct session;

enum dirlist_kind { DL_LIST, DL_NLST, DL_MLSD };

/* Where listing bytes go: flush() empties b (a data connection, or
 * continuation lines of a STAT reply). */
struct dirlist_sink {
	enum xfer_result (*flush)(struct session *s, void *ctx, struct buf *b);
	void *ctx;
};

/*
 * List vpath (a clean virtual path) in the given format.  flags are
 * parse_ls_args() flags; shown is the path as the client named it
 * (NLST prefixes names with it, as vsftpd).  glob, when not NULL, is a
 * pattern (match.h syntax) the names in vpath must match ("NLST *.txt").
 * A missing or denied path gives an empty listing (as vsftpd).  Returns
 * the sink's first failure.
 */
enum xfer_result dirlist_run(struct session *s, enum dirlist_kind kind,
    const char *vpath, unsigned int flags, const char *shown,
    const char *glob, struct dirlist_sink *sink);

/* Is vpath (or a component of it) matched by deny_file, or one of
 * sockftpd's temporary upload names? */
bool dirlist_denied(const struct session *s, const char *vpath);

/* The MLST fact line of one path ("facts; vpath", no CRLF) into out;
 * -1 with errno when it cannot be examined. */
int dirlist_mlst(struct session *s, const char *vpath, struct buf *out);

#endif
