/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Commands that change the file system: uploads, deletes, renames, times. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/listing.h"
#include "common/log.h"
#include "common/match.h"
#include "common/parse.h"
#include "common/path.h"
#include "common/upload.h"
#include "common/xmem.h"
#include "monitor/monitor.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/data.h"
#include "session/proctitle.h"
#include "session/session.h"
#include "session/xfer.h"

enum write_kind { W_UPLOAD, W_MKDIR, W_OTHER };

/*
 * May this session do a write of this kind?  write_enable is the master
 * switch (the dispatcher already answered 550 without it); anonymous
 * sessions need the anon_* option for each kind.
 */
static bool
cmd_may_write(const struct session *s, enum write_kind k)
{
	const struct options *o = s->opt;

	if (!o->write_enable)
		return false;
	if (!s->anon_privs)
		return true;
	switch (k) {
	case W_UPLOAD:
		return o->anon_upload_enable;
	case W_MKDIR:
		return o->anon_mkdir_write_enable;
	case W_OTHER:
		return o->anon_other_write_enable;
	}
	return false;
}

/*
 * The path of something about to be created: cmd_path() rules, plus
 * upload_file (an allow-list: the name or the whole path must match; a
 * match that ran out of budget counts as none).  553 when refused.
 */
static bool
cmd_create_path(struct session *s, const char *arg, char *out, size_t outsz)
{
	const char *f = s->opt->upload_file;

	if (!cmd_path(s, arg, out, outsz))
		return false;
	if (strcmp(out, "/") == 0 || (f != NULL &&
	    match_filter(f, path_basename(out)) != 1 &&
	    match_filter(f, out) != 1)) {
		log_info("creating %s refused by upload_file", out);
		ctrl_reply(s, 553, "Could not create file.");
		return false;
	}
	return true;
}

static uint64_t
cmd_random64(void)
{
	uint64_t r;

	if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
		r = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
		    (uint64_t)clock();
	return r;
}

enum up_kind { UP_STOR, UP_APPE, UP_STOU };

/* One upload in progress. */
struct upload {
	enum up_kind kind;
	char vpath[LIM_PATH];	/* final name */
	char shown[LIM_PATH];	/* STOU: the name as the client wrote it */
	const char *base;	/* its last component, in vpath */
	int dirfd;		/* its directory (O_PATH) */
	char tmp[64];		/* hidden temporary name; "" when in place */
	int fd;
	bool in_place;
	bool noreplace;		/* must not replace an existing file */
};

/* Create the hidden temporary file next to the target. */
static int
cmd_upload_temp(struct session *s, struct upload *u, mode_t mode)
{
	int i;

	for (i = 0; i < 8; i++) {
		upload_temp_name(cmd_random64(), u->tmp, sizeof(u->tmp));
		u->fd = openat(u->dirfd, u->tmp, O_WRONLY | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, mode);
		if (u->fd >= 0 || errno != EEXIST)
			break;
	}
	if (u->fd < 0) {
		log_info("upload of %s: cannot create a temporary file: %s",
		    u->vpath, strerror(errno));
		u->tmp[0] = '\0';
		ctrl_reply(s, 553, "Could not create file.");
		return -1;
	}
	return 0;
}

/* Open the target itself (APPE, REST+STOR, atomic_uploads=NO). */
static int
cmd_upload_in_place(struct session *s, struct upload *u, mode_t mode,
    uint64_t off)
{
	int flags = O_WRONLY | O_CREAT | O_NONBLOCK;
	struct flock lk;

	if (u->kind == UP_APPE)
		flags |= O_APPEND;
	else if (u->kind == UP_STOR && off == 0)
		flags |= O_TRUNC;
	/* Without the right to overwrite, only a new file may be made:
	 * O_EXCL closes the race with a concurrent creator. */
	if (u->noreplace)
		flags |= O_EXCL;
	u->fd = fs_open_mode(&s->fs, u->vpath, flags, mode);
	if (u->fd < 0) {
		log_info("upload of %s: %s", u->vpath, strerror(errno));
		ctrl_reply(s, 553, "Could not create file.");
		return -1;
	}
	fcntl(u->fd, F_SETFL, fcntl(u->fd, F_GETFL) & ~O_NONBLOCK);
	if (s->opt->lock_upload_files) {
		memset(&lk, 0, sizeof(lk));
		lk.l_type = F_WRLCK;
		lk.l_whence = SEEK_SET;
		if (fcntl(u->fd, F_SETLK, &lk) < 0) {
			log_info("upload of %s: locked by another session",
			    u->vpath);
			ctrl_reply(s, 451, "File is being written by another "
			    "session; try again later.");
			return -1;
		}
	}
	if (off > 0 && lseek(u->fd, (off_t)off, SEEK_SET) < 0) {
		ctrl_reply(s, 451, "Cannot seek to the restart position.");
		return -1;
	}
	return 0;
}

/* Put the finished temporary file in place; 0 or -1 with errno. */
static int
cmd_upload_commit(struct upload *u)
{
	if (!u->noreplace)
		return renameat(u->dirfd, u->tmp, u->dirfd, u->base);
	if (renameat2(u->dirfd, u->tmp, u->dirfd, u->base,
	    RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* A file system without RENAME_NOREPLACE: link(2) also fails when
	 * the name exists, atomically. */
	if (linkat(u->dirfd, u->tmp, u->dirfd, u->base, 0) < 0)
		return -1;
	unlinkat(u->dirfd, u->tmp, 0);
	return 0;
}

/*
 * The STOU name: the first free one of arg, arg.1, arg.2, ... (a bare
 * STOU starts at STOU.1, as vsftpd).  u->vpath gets the path and
 * u->shown the name as the client wrote it, for "150 FILE: name".
 */
static bool
cmd_stou_name(struct session *s, struct upload *u, const char *arg)
{
	const char *base = arg[0] != '\0' ? arg : "STOU";
	struct stat st;
	unsigned int i;

	for (i = arg[0] != '\0' ? 0 : 1; i < 1000; i++) {
		if (upload_stou_name(base, i, u->shown, sizeof(u->shown)) < 0 ||
		    path_normalise(s->cwd, u->shown, u->vpath,
		    sizeof(u->vpath)) < 0)
			break;
		if (fs_lstat(&s->fs, u->vpath, &st) < 0 && errno == ENOENT)
			return true;
	}
	ctrl_reply(s, 553, "Could not create file.");
	return false;
}

static void
cmd_upload(struct session *s, const char *arg, enum up_kind kind)
{
	const struct options *o = s->opt;
	struct upload u;
	struct stat st;
	struct timespec t0;
	uint64_t off = s->rest, got = 0;
	enum xfer_result res;
	bool exists, ascii, conflict = false;
	mode_t mode;
	int dfd;

	s->rest = 0;
	memset(&u, 0, sizeof(u));
	u.kind = kind;
	u.dirfd = u.fd = -1;
	if (s->data.mode == DATA_NONE) {
		ctrl_reply(s, 425, "Use PORT or PASV first.");
		return;
	}
	/* APPE changes an existing file, or may: an "other" write, refused
	 * outright without it as vsftpd does. */
	if (!cmd_may_write(s, W_UPLOAD) ||
	    (kind == UP_APPE && !cmd_may_write(s, W_OTHER))) {
		data_reset(s);
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!cmd_create_path(s, kind == UP_STOU && arg[0] == '\0' ? "STOU" :
	    arg, u.vpath, sizeof(u.vpath)) ||
	    (kind == UP_STOU && !cmd_stou_name(s, &u, arg)))
		goto out;
	exists = fs_lstat(&s->fs, u.vpath, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		ctrl_reply(s, 553, "Could not create file.");
		goto out;
	}
	/* Overwriting, appending to or resuming an existing file is an
	 * "other" write: anonymous users need anon_other_write_enable. */
	u.noreplace = kind == UP_STOU || !cmd_may_write(s, W_OTHER);
	if (u.noreplace && (exists || off > 0)) {
		log_info("upload of %s refused: it exists and may not be "
		    "replaced", u.vpath);
		ctrl_reply(s, 553, "Could not create file.");
		goto out;
	}
	u.in_place = kind == UP_APPE || off > 0 || !o->atomic_uploads;
	u.dirfd = fs_open_parent(&s->fs, u.vpath, &u.base);
	if (u.dirfd < 0) {
		ctrl_reply(s, 553, "Could not create file.");
		goto out;
	}
	mode = upload_mode(o->file_open_mode, s->umask);
	if ((u.in_place ? cmd_upload_in_place(s, &u, mode, off) :
	    cmd_upload_temp(s, &u, mode)) < 0)
		goto out;
	dfd = data_connect(s);
	if (dfd < 0)
		goto discard;
	if (kind == UP_STOU)
		ctrl_reply(s, 150, "FILE: %s", u.shown);
	else
		ctrl_reply(s, 150, "Ok to send data.");
	if (data_secure(s, dfd) < 0)
		goto discard;
	ascii = s->type == 'A' && o->ascii_upload_enable;
	proctitle_set("%s: %s: %s %s", s->peer_str, session_who(s),
	    kind == UP_APPE ?
	    "APPE" : kind == UP_STOU ? "STOU" : "STOR", u.vpath);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	res = xfer_recv_file(s, dfd, u.fd, ascii, &got);
	proctitle_set("%s: %s: idle", s->peer_str, session_who(s));

	if (res == XFER_OK && !u.in_place && fsync(u.fd) < 0) {
		s->xfer_errno = errno;
		res = XFER_WRITE_ERROR;
	}
	/* In stream mode the end of the data is the end of the file, but a
	 * client that was killed closes its control connection too, a few
	 * microseconds before or after the data one: such an upload was
	 * never confirmed, and must not replace anything. */
	if (res == XFER_OK && !u.in_place &&
	    ctrl_peer_gone(s, UPLOAD_VANISH_MS))
		res = XFER_CTRL_GONE;
	if (res == XFER_OK && s->mon_fd >= 0 && o->chown_uploads &&
	    s->anon_privs && (!u.in_place || !exists) &&
	    monitor_chown(s->mon_fd, u.fd) < 0) {
		s->xfer_errno = EPERM;
		res = XFER_WRITE_ERROR;
	}
	if (res == XFER_OK && !u.in_place && cmd_upload_commit(&u) < 0) {
		if (errno == EEXIST) {
			conflict = true;
		} else {
			s->xfer_errno = errno;
			res = XFER_WRITE_ERROR;
		}
	}
	if (res == XFER_OK && !conflict) {
		u.tmp[0] = '\0';
		log_info("%s %s: %" PRIu64 " bytes received, stored",
		    kind == UP_APPE ? "APPE" : kind == UP_STOU ? "STOU" :
		    "STOR", u.vpath, got);
	} else {
		log_info("upload of %s failed after %" PRIu64 " bytes received "
		    "(%s): %s", u.vpath, got, conflict ? "created meanwhile" :
		    xfer_result_text(s, res), u.in_place ?
		    (o->delete_failed_uploads ? "partial file deleted" :
		    "partial file kept") : exists ? "previous file kept" :
		    "nothing stored");
		if (u.in_place && o->delete_failed_uploads)
			unlinkat(u.dirfd, u.base, 0);
	}
	if (u.tmp[0] != '\0')
		unlinkat(u.dirfd, u.tmp, 0);
	u.tmp[0] = '\0';
	close(u.fd);
	close(u.dirfd);
	audit_transfer(s, true, u.vpath, got, xfer_elapsed(&t0),
	    s->type == 'A', res == XFER_OK && !conflict, conflict ?
	    "name taken meanwhile" : xfer_result_text(s, res));
	if (conflict) {
		close(dfd);
		ctrl_reply(s, 553, "Could not create file: the name was taken "
		    "meanwhile.");
		return;
	}
	xfer_finish(s, dfd, res, true, "Transfer complete.");
	return;

discard:
	if (u.tmp[0] != '\0')
		unlinkat(u.dirfd, u.tmp, 0);
out:
	if (u.vpath[0] != '\0')
		audit_transfer(s, true, u.vpath, 0, 0, s->type == 'A', false,
		    "refused");
	data_reset(s);
	if (u.fd >= 0)
		close(u.fd);
	if (u.dirfd >= 0)
		close(u.dirfd);
}

void
cmd_stor(struct session *s, const char *arg)
{
	cmd_upload(s, arg, UP_STOR);
}

void
cmd_appe(struct session *s, const char *arg)
{
	cmd_upload(s, arg, UP_APPE);
}

void
cmd_stou(struct session *s, const char *arg)
{
	cmd_upload(s, arg, UP_STOU);
}

/* Open the directory of a path for a name operation; 550 with fail. */
static int
cmd_parent(struct session *s, const char *vpath, const char **base,
    const char *fail)
{
	int dfd = fs_open_parent(&s->fs, vpath, base);

	if (dfd < 0)
		ctrl_reply(s, 550, "%s", fail);
	return dfd;
}

/*
 * DELE and RMD: one name removed from its directory with unlinkat(flags)
 * (a directory is never DELEted).  Replies 250 ok, or 550 fail.
 */
static void
cmd_remove(struct session *s, const char *arg, int flags,
    enum logfmt_event ev, const char *ok, const char *fail)
{
	const char *verb = flags & AT_REMOVEDIR ? "RMD" : "DELE";
	char vpath[LIM_PATH];
	const char *base;
	struct stat st;
	int dfd;

	if (!cmd_may_write(s, W_OTHER)) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!cmd_path(s, arg, vpath, sizeof(vpath)))
		return;
	if (!(flags & AT_REMOVEDIR) && (fs_lstat(&s->fs, vpath, &st) < 0 ||
	    S_ISDIR(st.st_mode))) {
		ctrl_reply(s, 550, "%s", fail);
		return;
	}
	dfd = cmd_parent(s, vpath, &base, fail);
	if (dfd < 0)
		return;
	if (unlinkat(dfd, base, flags) < 0) {
		log_info("%s %s: %s", verb, vpath, strerror(errno));
		audit_op(s, ev, false, vpath);
		ctrl_reply(s, 550, "%s", fail);
	} else {
		log_info("%s %s", verb, vpath);
		audit_op(s, ev, true, vpath);
		ctrl_reply(s, 250, "%s", ok);
	}
	close(dfd);
}

void
cmd_dele(struct session *s, const char *arg)
{
	cmd_remove(s, arg, 0, LE_DELETE, "Delete operation successful.",
	    "Delete operation failed.");
}

void
cmd_mkd(struct session *s, const char *arg)
{
	static const char fail[] = "Create directory operation failed.";
	char vpath[LIM_PATH], quoted[2 * LIM_PATH];
	const char *base;
	int dfd;

	if (!cmd_may_write(s, W_MKDIR)) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!cmd_path(s, arg, vpath, sizeof(vpath)))
		return;
	dfd = cmd_parent(s, vpath, &base, fail);
	if (dfd < 0)
		return;
	if (mkdirat(dfd, base, upload_mode(0777, s->umask)) < 0) {
		log_info("MKD %s: %s", vpath, strerror(errno));
		audit_op(s, LE_MKDIR, false, vpath);
		ctrl_reply(s, 550, fail);
	} else {
		log_info("MKD %s", vpath);
		audit_op(s, LE_MKDIR, true, vpath);
		cmd_quote_path(vpath, quoted, sizeof(quoted));
		ctrl_reply(s, 257, "\"%s\" created", quoted);
	}
	close(dfd);
}

void
cmd_rmd(struct session *s, const char *arg)
{
	cmd_remove(s, arg, AT_REMOVEDIR, LE_RMDIR,
	    "Remove directory operation successful.",
	    "Remove directory operation failed.");
}

void
cmd_rnfr(struct session *s, const char *arg)
{
	char vpath[LIM_PATH];
	struct stat st;

	free(s->rnfr);
	s->rnfr = NULL;
	if (!cmd_may_write(s, W_OTHER)) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!cmd_path(s, arg, vpath, sizeof(vpath)))
		return;
	if (strcmp(vpath, "/") == 0 || fs_lstat(&s->fs, vpath, &st) < 0) {
		ctrl_reply(s, 550, "RNFR command failed.");
		return;
	}
	s->rnfr = xstrdup(vpath);
	ctrl_reply(s, 350, "Ready for RNTO.");
}

void
cmd_rnto(struct session *s, const char *arg)
{
	static const char fail[] = "Rename failed.";
	char to[LIM_PATH], both[2 * LIM_PATH + 2], *from = s->rnfr;
	const char *b1, *b2;
	int d1 = -1, d2 = -1;
	bool ok;

	s->rnfr = NULL;
	if (from == NULL) {
		ctrl_reply(s, 503, "RNFR required first.");
		return;
	}
	if (!cmd_may_write(s, W_OTHER)) {
		ctrl_reply(s, 550, "Permission denied.");
		goto out;
	}
	if (!cmd_create_path(s, arg, to, sizeof(to)))
		goto out;
	d1 = cmd_parent(s, from, &b1, fail);
	if (d1 < 0)
		goto out;
	d2 = cmd_parent(s, to, &b2, fail);
	if (d2 < 0)
		goto out;
	ok = renameat(d1, b1, d2, b2) == 0;
	if (!ok)
		log_info("RNTO %s -> %s: %s", from, to, strerror(errno));
	else
		log_info("rename %s -> %s", from, to);
	/* vsftpd's RENAME line names both paths in one field. */
	snprintf(both, sizeof(both), "%s %s", from, to);
	audit_op(s, LE_RENAME, ok, both);
	if (ok)
		ctrl_reply(s, 250, "Rename successful.");
	else
		ctrl_reply(s, 550, fail);
out:
	if (d1 >= 0)
		close(d1);
	if (d2 >= 0)
		close(d2);
	free(from);
}

/*
 * Set a file's modification time (MDTM with a time, MFMT).  Replies 550
 * itself when refused; returns whether the time was set.
 */
static bool
cmd_set_mtime(struct session *s, const struct timespec *ts, const char *arg)
{
	static const char fail[] = "Could not set file modification time.";
	struct timespec times[2];
	char vpath[LIM_PATH];
	struct stat st;
	int fd;

	if (!s->opt->mdtm_write || !cmd_may_write(s, W_OTHER)) {
		ctrl_reply(s, 550, "Permission denied.");
		return false;
	}
	if (!cmd_path(s, arg, vpath, sizeof(vpath)))
		return false;
	/* futimens on an fd opened through the root: never a path that
	 * could be swapped for a symlink out of it. */
	fd = fs_open(&s->fs, vpath, O_RDONLY | O_NONBLOCK);
	if (fd < 0 && errno == EACCES)
		fd = fs_open(&s->fs, vpath, O_WRONLY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		ctrl_reply(s, 550, fail);
		return false;
	}
	times[0].tv_sec = 0;
	times[0].tv_nsec = UTIME_OMIT;
	times[1] = *ts;
	if (futimens(fd, times) < 0) {
		log_info("setting the time of %s: %s", vpath, strerror(errno));
		close(fd);
		ctrl_reply(s, 550, fail);
		return false;
	}
	close(fd);
	return true;
}

void
cmd_mdtm_set(struct session *s, const struct timespec *ts, const char *path)
{
	if (cmd_set_mtime(s, ts, path))
		ctrl_reply(s, 213, "File modification time set.");
}

void
cmd_mfmt(struct session *s, const char *arg)
{
	struct timespec ts;
	const char *rest;
	char stamp[32];

	if (parse_timeval(arg, &ts, &rest) != PARSE_OK || rest[0] != ' ' ||
	    rest[1] == '\0') {
		ctrl_reply(s, 501, "MFMT needs a time (YYYYMMDDHHMMSS) and a "
		    "path.");
		return;
	}
	if (!cmd_set_mtime(s, &ts, rest + 1))
		return;
	listing_mdtm(ts.tv_sec, stamp, sizeof(stamp));
	ctrl_reply(s, 213, "Modify=%s; %s", stamp, rest + 1);
}
