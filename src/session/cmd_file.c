/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Files: SIZE, MDTM, REST, RETR. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/listing.h"
#include "common/log.h"
#include "common/match.h"
#include "common/parse.h"
#include "common/path.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/data.h"
#include "session/hash.h"
#include "session/proctitle.h"
#include "session/session.h"
#include "session/xfer.h"

/*
 * A file argument: like cmd_path(), but "name/" names a directory, as it
 * would for open(2), and normalisation must not make it a file.
 */
static bool
cmd_file_path(struct session *s, const char *arg, char *out, size_t outsz,
    const char *fail)
{
	size_t n = strlen(arg);

	if (n > 0 && arg[n - 1] == '/') {
		ctrl_reply(s, 550, "%s", fail);
		return false;
	}
	return cmd_path(s, arg, out, outsz);
}

void
cmd_size(struct session *s, const char *arg)
{
	char vpath[LIM_PATH];
	struct stat st;

	if (!cmd_file_path(s, arg, vpath, sizeof(vpath),
	    "Could not get file size."))
		return;
	if (fs_stat(&s->fs, vpath, &st) < 0 || !S_ISREG(st.st_mode)) {
		ctrl_reply(s, 550, "Could not get file size.");
		return;
	}
	/* With real ASCII conversion the size on the wire is not the size
	 * on disk, and computing it means reading the file (a DoS lever):
	 * refuse, as proftpd does. */
	if (s->type == 'A' && s->opt->ascii_download_enable) {
		ctrl_reply(s, 550, "SIZE not allowed in ASCII mode.");
		return;
	}
	ctrl_reply(s, 213, "%lld", (long long)st.st_size);
}

void
cmd_mdtm(struct session *s, const char *arg)
{
	char vpath[LIM_PATH], stamp[32];
	struct timespec ts;
	const char *rest;
	struct stat st;

	/* "MDTM YYYYMMDDHHMMSS path" sets the time: a write. */
	if (parse_timeval(arg, &ts, &rest) == PARSE_OK && rest[0] == ' ' &&
	    rest[1] != '\0') {
		if (!s->opt->write_enable)
			ctrl_reply(s, 550, "Permission denied.");
		else
			cmd_mdtm_set(s, &ts, rest + 1);
		return;
	}
	if (!cmd_file_path(s, arg, vpath, sizeof(vpath),
	    "Could not get file modification time."))
		return;
	if (fs_stat(&s->fs, vpath, &st) < 0 || !S_ISREG(st.st_mode)) {
		ctrl_reply(s, 550, "Could not get file modification time.");
		return;
	}
	listing_mdtm(st.st_mtime, stamp, sizeof(stamp));
	ctrl_reply(s, 213, "%s", stamp);
}

void
cmd_rest(struct session *s, const char *arg)
{
	uint64_t off;

	if (parse_u64(arg, &off) != PARSE_OK || off > (uint64_t)INT64_MAX) {
		ctrl_reply(s, 501, "REST needs a number of bytes.");
		return;
	}
	s->rest = off;
	ctrl_reply(s, 350, "Restart position accepted (%" PRIu64 ").", off);
}

/* Open a file for download, applying every policy; -1 after a 550. */
static int
cmd_retr_open(struct session *s, const char *vpath, struct stat *st)
{
	const struct options *o = s->opt;
	int fd;

	if (!o->download_enable) {
		ctrl_reply(s, 550, "Permission denied.");
		return -1;
	}
	/* An allow-list: the file name (or the whole path) must match, and
	 * a match that ran out of budget counts as no match. */
	if (o->download_file != NULL &&
	    match_filter(o->download_file, path_basename(vpath)) != 1 &&
	    match_filter(o->download_file, vpath) != 1) {
		log_info("download of %s refused by download_file", vpath);
		ctrl_reply(s, 550, "Permission denied.");
		return -1;
	}
	/* O_NONBLOCK: opening a FIFO must not hang the session. */
	fd = fs_open(&s->fs, vpath, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		log_info("download of %s refused: %s", vpath, strerror(errno));
		ctrl_reply(s, 550, "Failed to open file.");
		return -1;
	}
	if (fstat(fd, st) < 0)
		st->st_mode = 0;
	if (!S_ISREG(st->st_mode) ||
	    (s->anon_privs && o->anon_world_readable_only &&
	    !(st->st_mode & S_IROTH))) {
		log_info("download of %s refused: %s", vpath,
		    S_ISREG(st->st_mode) ? "not world-readable "
		    "(anon_world_readable_only)" : "not a regular file");
		close(fd);
		ctrl_reply(s, 550, "Failed to open file.");
		return -1;
	}
	/* Regular files never block; sendfile wants blocking reads. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	/* A file being written in place (APPE, REST+STOR, atomic_uploads=NO)
	 * holds a write lock: do not hand out half of it. */
	if (o->lock_upload_files) {
		struct flock lk;

		memset(&lk, 0, sizeof(lk));
		lk.l_type = F_RDLCK;
		lk.l_whence = SEEK_SET;
		if (fcntl(fd, F_SETLK, &lk) < 0) {
			log_info("download of %s refused: being written",
			    vpath);
			close(fd);
			ctrl_reply(s, 451, "File is being written by another "
			    "session; try again later.");
			return -1;
		}
	}
	return fd;
}

void
cmd_hash(struct session *s, const char *arg)
{
	char vpath[LIM_PATH], hex[HASH_HEX_MAX], err[160];
	struct stat st;
	int fd;

	if (!s->opt->hash_enable) {
		ctrl_reply(s, 502, "HASH is not enabled (hash_enable=NO).");
		return;
	}
	/* A digest reveals content: the rules of downloads apply. */
	if (!cmd_file_path(s, arg, vpath, sizeof(vpath), "Failed to open file."))
		return;
	fd = cmd_retr_open(s, vpath, &st);
	if (fd < 0)
		return;
	if (hash_file(s->hash_fd, fd, (enum hash_algo)s->hash_algo, hex,
	    sizeof(hex), err, sizeof(err)) < 0) {
		close(fd);
		log_err("HASH %s: %s", vpath, err);
		ctrl_reply(s, 451, "Could not compute the hash.");
		return;
	}
	close(fd);
	ctrl_reply(s, 213, "%s 0-%lld %s %s",
	    hash_name((enum hash_algo)s->hash_algo), (long long)st.st_size, hex,
	    arg);
}

void
cmd_retr(struct session *s, const char *arg)
{
	char vpath[LIM_PATH];
	struct stat st;
	struct timespec t0;
	uint64_t off = s->rest, sent = 0;
	enum xfer_result res;
	bool ascii;
	int fd, dfd;

	s->rest = 0;
	if (s->data.mode == DATA_NONE) {
		ctrl_reply(s, 425, "Use PORT or PASV first.");
		return;
	}
	if (!cmd_file_path(s, arg, vpath, sizeof(vpath),
	    "Failed to open file.")) {
		data_reset(s);
		return;
	}
	fd = cmd_retr_open(s, vpath, &st);
	if (fd < 0) {
		/* vsftpd logs a refused download as a failed one. */
		audit_transfer(s, false, vpath, 0, 0, s->type == 'A', false,
		    "cannot open");
		data_reset(s);
		return;
	}
	dfd = data_connect(s);
	if (dfd < 0) {
		close(fd);
		return;
	}
	ascii = s->type == 'A' && s->opt->ascii_download_enable;
	ctrl_reply(s, 150, "Opening %s mode data connection for %s (%lld "
	    "bytes).", ascii ? "ASCII" : "BINARY", arg, (long long)st.st_size);
	if (data_secure(s, dfd) < 0) {
		close(fd);
		audit_transfer(s, false, vpath, 0, 0, s->type == 'A', false,
		    "TLS failed");
		return;
	}
	proctitle_set("%s: %s: RETR %s", s->peer_str, session_who(s), vpath);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	res = xfer_send_file(s, dfd, fd, off, ascii, &sent);
	proctitle_set("%s: %s: idle", s->peer_str, session_who(s));
	close(fd);
	log_info("RETR %s: %" PRIu64 " bytes from offset %" PRIu64 "%s",
	    vpath, sent, off, res == XFER_OK ? "" : " (incomplete)");
	audit_transfer(s, false, vpath, sent, xfer_elapsed(&t0),
	    s->type == 'A', res == XFER_OK, xfer_result_text(s, res));
	xfer_finish(s, dfd, res, false, "Transfer complete.");
}
