/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Directories and listings: PWD, CWD, CDUP, LIST, NLST, MLSD, MLST. */
#include "sf_config.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/parse.h"
#include "common/path.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/data.h"
#include "session/dirlist.h"
#include "session/session.h"

/*
 * "~" and "~/..." are the login directory, always; "~user/..." is that
 * user's home with tilde_user_enable in a session that sees the host's
 * "/" (as vsftpd: a chroot has no /etc/passwd to trust).  Anything else
 * stays literal.  false when the result does not fit.
 */
static bool
cmd_tilde(struct session *s, const char *arg, char *out, size_t outsz)
{
	size_t n = strcspn(arg + 1, "/");
	const char *base = NULL;
	char name[LIM_USER + 1];
	struct passwd *pw;

	if (n == 0) {
		base = s->home != NULL ? s->home : "/";
	} else if (s->opt->tilde_user_enable && !s->jailed &&
	    n < sizeof(name)) {
		memcpy(name, arg + 1, n);
		name[n] = '\0';
		pw = getpwnam(name);
		if (pw != NULL && pw->pw_dir[0] == '/')
			base = pw->pw_dir;
		endpwent();
	}
	if (base == NULL)
		return (size_t)snprintf(out, outsz, "%s", arg) < outsz;
	return (size_t)snprintf(out, outsz, "%s%s", base, arg + 1 + n) <
	    outsz;
}

bool
cmd_path(struct session *s, const char *arg, char *out, size_t outsz)
{
	char tilde[LIM_PATH];

	if (arg[0] == '~') {
		if (!cmd_tilde(s, arg, tilde, sizeof(tilde))) {
			ctrl_reply(s, 550, "Invalid path.");
			return false;
		}
		arg = tilde;
	}
	if (path_normalise(s->cwd, arg, out, outsz) < 0) {
		ctrl_reply(s, 550, "Invalid path.");
		return false;
	}
	if (dirlist_denied(s, out)) {
		log_info("access to %s refused (deny_file, or a temporary "
		    "upload)", out);
		ctrl_reply(s, 550, "Permission denied.");
		return false;
	}
	return true;
}

void
cmd_dir_message(struct session *s, int code, const char *vpath)
{
	char file[LIM_PATH];
	char *text;
	size_t len;

	if (!s->opt->dirmessage_enable || s->opt->message_file == NULL)
		return;
	/* Once per directory and session, as vsftpd. */
	len = strlen(vpath) + 1;
	for (size_t off = 0; off < s->visited.len;
	    off += strlen(s->visited.p + off) + 1)
		if (strcmp(s->visited.p + off, vpath) == 0)
			return;
	buf_add(&s->visited, vpath, len);
	if (path_normalise(vpath, s->opt->message_file, file,
	    sizeof(file)) < 0 || dirlist_denied(s, file))
		return;
	text = fs_read_small(&s->fs, file, LIM_MESSAGE_FILE);
	if (text == NULL)
		return;
	len = strlen(text);
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = '\0';
	if (len > 0)
		ctrl_reply_begin(s, code, "%s", text);
	free(text);
}

void
cmd_quote_path(const char *path, char *out, size_t outsz)
{
	size_t i, n = 0;

	for (i = 0; path[i] != '\0' && n + 2 < outsz; i++) {
		if (path[i] == '"')
			out[n++] = '"';
		out[n++] = path[i];
	}
	out[n] = '\0';
}

void
cmd_pwd(struct session *s, const char *arg)
{
	char quoted[2 * LIM_PATH];

	(void)arg;
	cmd_quote_path(s->cwd, quoted, sizeof(quoted));
	ctrl_reply(s, 257, "\"%s\" is the current directory", quoted);
}

static void
cmd_chdir(struct session *s, const char *arg)
{
	char vpath[LIM_PATH];
	struct stat st;
	int fd;

	if (!cmd_path(s, arg, vpath, sizeof(vpath)))
		return;
	/* Entering needs search permission, not read permission (a 0733
	 * drop box is entered but not listed): looking up "." inside the
	 * directory checks exactly that, as chdir(2) would. */
	fd = fs_open(&s->fs, vpath, O_PATH | O_DIRECTORY);
	if (fd >= 0) {
		int in = openat(fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

		close(fd);
		fd = in;
	}
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		ctrl_reply(s, 550, "Failed to change directory.");
		return;
	}
	close(fd);
	memcpy(s->cwd, vpath, strlen(vpath) + 1);
	cmd_dir_message(s, 250, s->cwd);
	ctrl_reply(s, 250, "Directory successfully changed.");
}

void
cmd_cwd(struct session *s, const char *arg)
{
	cmd_chdir(s, arg[0] != '\0' ? arg : "/");
}

void
cmd_cdup(struct session *s, const char *arg)
{
	(void)arg;
	cmd_chdir(s, "..");
}

struct cmd_data_sink {
	int fd;
};

static enum xfer_result
cmd_data_flush(struct session *s, void *ctx, struct buf *b)
{
	struct cmd_data_sink *d = ctx;
	enum xfer_result r = xfer_send_buf(s, d->fd, b->p, b->len);

	buf_reset(b);
	return r;
}

/*
 * "LIST *.txt", "NLST pub/a*": when the last component of the argument
 * holds a wildcard and no such name exists, list its directory filtered
 * by it.  On return *glob points into arg (or is NULL) and dir holds the
 * directory part as the client wrote it.
 */
static void
cmd_split_glob(struct session *s, const char *arg, char *dir, size_t dirsz,
    const char **glob)
{
	const char *slash = strrchr(arg, '/');
	const char *base = slash ? slash + 1 : arg;
	char vpath[LIM_PATH];
	struct stat st;
	size_t n;

	*glob = NULL;
	/* A client's glob is one pattern of at most a name's length: the
	 * matcher's budget is per {a,b,...} alternative, and thousands of
	 * alternatives against every entry would be a CPU lever. */
	if (strpbrk(base, "*?[") == NULL || strchr(base, '{') != NULL ||
	    strlen(base) > 255 ||
	    (path_normalise(s->cwd, arg, vpath, sizeof(vpath)) == 0 &&
	    fs_lstat(&s->fs, vpath, &st) == 0))
		return;
	n = slash ? (size_t)(slash - arg) + (slash == arg) : 0;
	if (n >= dirsz)
		return;
	memcpy(dir, arg, n);
	dir[n] = '\0';
	*glob = base;
}

/* The common shape of LIST, NLST and MLSD: checks, 150, data, 226. */
static void
cmd_listing(struct session *s, enum dirlist_kind kind, const char *arg)
{
	struct cmd_data_sink ds;
	struct dirlist_sink sink = { cmd_data_flush, &ds };
	char vpath[LIM_PATH], dir[LIM_PATH];
	const char *path = arg, *glob = NULL;
	unsigned int flags = 0;
	struct stat st;
	enum xfer_result res;

	if (!s->opt->dirlist_enable) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (s->data.mode == DATA_NONE) {
		ctrl_reply(s, 425, "Use PORT or PASV first.");
		return;
	}
	if (kind != DL_MLSD) {
		parse_ls_args(arg, &flags, &path);
		cmd_split_glob(s, path, dir, sizeof(dir), &glob);
		if (glob != NULL)
			path = dir;
	}
	if (!cmd_path(s, path, vpath, sizeof(vpath))) {
		data_reset(s);
		return;
	}
	if (kind == DL_MLSD && (fs_stat(&s->fs, vpath, &st) < 0 ||
	    !S_ISDIR(st.st_mode))) {
		data_reset(s);
		ctrl_reply(s, 550, "Not a directory.");
		return;
	}
	ds.fd = data_connect(s);
	if (ds.fd < 0)
		return;
	ctrl_reply(s, 150, "Here comes the directory listing.");
	if (data_secure(s, ds.fd) < 0)
		return;
	res = dirlist_run(s, kind, vpath, flags,
	    kind == DL_NLST && path[0] != '\0' ? path : NULL, glob, &sink);
	s->rest = 0;
	xfer_finish(s, ds.fd, res, false, "Directory send OK.");
}

void
cmd_list(struct session *s, const char *arg)
{
	cmd_listing(s, DL_LIST, arg);
}

void
cmd_nlst(struct session *s, const char *arg)
{
	cmd_listing(s, DL_NLST, arg);
}

void
cmd_mlsd(struct session *s, const char *arg)
{
	cmd_listing(s, DL_MLSD, arg);
}

void
cmd_mlst(struct session *s, const char *arg)
{
	char vpath[LIM_PATH];
	struct buf b;

	if (!s->opt->dirlist_enable) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!cmd_path(s, arg, vpath, sizeof(vpath)))
		return;
	buf_init(&b, LIM_PATH + 1024);
	if (dirlist_mlst(s, vpath, &b) < 0) {
		buf_free(&b);
		ctrl_reply(s, 550, "No such file or directory.");
		return;
	}
	ctrl_reply_begin(s, 250, "Listing %s", vpath);
	ctrl_reply_line(s, " %s", buf_cstr(&b));
	ctrl_reply_end(s, 250, "End");
	buf_free(&b);
}
