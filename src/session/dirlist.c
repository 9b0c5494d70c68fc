/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Directory listings over the session root: LIST, NLST, MLSD, MLST, STAT. */
#include "sf_config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/listing.h"
#include "common/log.h"
#include "common/match.h"
#include "common/parse.h"
#include "common/path.h"
#include "common/upload.h"
#include "common/userdb.h"
#include "common/xmem.h"
#include "session/dirlist.h"
#include "session/session.h"

/* Flush to the sink once this much is buffered. */
#define DIRLIST_CHUNK (64 * 1024)

struct dirlist {
	struct session *s;
	enum dirlist_kind kind;
	unsigned int flags;
	struct dirlist_sink *sink;
	struct buf out;
	struct list_fmt fmt;
	size_t entries;
	const char *glob;	/* top-level names must match, or NULL */
};

bool
dirlist_denied(const struct session *s, const char *vpath)
{
	/* sockftpd's own temporary uploads are nobody's to touch. */
	if (upload_is_temp_name(path_basename(vpath)))
		return true;
	return s->opt->deny_file != NULL &&
	    match_path(s->opt->deny_file, vpath) != 0;
}

static bool
dirlist_hidden(const struct dirlist *dl, const char *name, const char *vpath)
{
	const struct options *o = dl->s->opt;

	/* Names that cannot travel in a CRLF-framed line are never shown. */
	if (strpbrk(name, "\r\n") != NULL)
		return true;
	/* MLSD has no -a: it shows what LIST without -a shows. */
	if (name[0] == '.' && !(dl->flags & LSF_ALL) && !o->force_dot_files)
		return true;
	if (o->hide_file != NULL && match_path(o->hide_file, vpath) != 0)
		return true;
	return dirlist_denied(dl->s, vpath);
}

static enum xfer_result
dirlist_flush(struct dirlist *dl, bool force)
{
	if (dl->out.len == 0 || (!force && dl->out.len < DIRLIST_CHUNK))
		return XFER_OK;
	return dl->sink->flush(dl->s, dl->sink->ctx, &dl->out);
}

static void
dirlist_names(struct session *s, struct list_entry *e)
{
	e->owner = e->group = NULL;
	if (s->udb == NULL || s->opt->hide_ids)
		return;
	e->owner = userdb_user(s->udb, (unsigned long)e->st.st_uid);
	e->group = userdb_group(s->udb, (unsigned long)e->st.st_gid);
}

/* The perm fact for a read-only session. */
static const char *
dirlist_perm(const struct session *s, const struct stat *st)
{
	mode_t m = st->st_mode;
	bool r, x;

	if (st->st_uid == geteuid()) {
		r = m & S_IRUSR;
		x = m & S_IXUSR;
	} else if (st->st_gid == getegid()) {
		r = m & S_IRGRP;
		x = m & S_IXGRP;
	} else {
		r = m & S_IROTH;
		x = m & S_IXOTH;
	}
	if (S_ISDIR(m))
		return x ? (r ? "el" : "e") : "";
	if (!s->opt->download_enable ||
	    (s->anon_privs && s->opt->anon_world_readable_only &&
	    !(m & S_IROTH)))
		return "";
	return r ? "r" : "";
}

/* Format one entry; dirfd/name locate it for symlink targets. */
static int
dirlist_entry(struct dirlist *dl, int dirfd, const char *name,
    const char *vpath, const struct stat *lst, const char *shown, int cdir)
{
	struct session *s = dl->s;
	struct list_entry e;
	char target[LIM_PATH];
	ssize_t n;

	memset(&e, 0, sizeof(e));
	e.name = name;
	e.st = *lst;
	dirlist_names(s, &e);
	switch (dl->kind) {
	case DL_NLST:
		if (shown != NULL && shown[0] != '\0')
			return buf_printf(&dl->out, "%s%s%s\r\n", shown,
			    shown[strlen(shown) - 1] == '/' ? "" : "/", name);
		return buf_printf(&dl->out, "%s\r\n", name);
	case DL_LIST:
		if (S_ISLNK(lst->st_mode) && dirfd >= 0) {
			n = readlinkat(dirfd, name, target, sizeof(target) - 1);
			if (n >= 0) {
				target[n] = '\0';
				if (strpbrk(target, "\r\n") == NULL)
					e.link_target = target;
			}
		}
		return listing_ls_line(&dl->out, &e, &dl->fmt);
	case DL_MLSD:
		/* Facts describe what a link points to, resolved inside the
		 * root; a dangling or escaping link keeps its own facts. */
		if (S_ISLNK(lst->st_mode))
			fs_stat(&s->fs, vpath, &e.st);
		dirlist_names(s, &e);
		return listing_mlsx_line(&dl->out, &e, s->mlst_facts, cdir,
		    dirlist_perm(s, &e.st), s->opt->hide_ids);
	}
	return 0;
}

static int
dirlist_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static enum xfer_result dirlist_dir(struct dirlist *dl, const char *vpath,
    const char *shown, unsigned int depth);

static enum xfer_result
dirlist_dir(struct dirlist *dl, const char *vpath, const char *shown,
    unsigned int depth)
{
	struct session *s = dl->s;
	char **names = NULL, child[LIM_PATH];
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	enum xfer_result res = XFER_OK;
	struct stat st;
	DIR *d;
	int fd;

	fd = fs_open(&s->fs, vpath, O_RDONLY | O_DIRECTORY);
	if (fd < 0 || (d = fdopendir(fd)) == NULL) {
		if (fd >= 0)
			close(fd);
		return XFER_OK;
	}
	if (dl->kind == DL_MLSD && fstat(fd, &st) == 0)
		dirlist_entry(dl, -1, ".", vpath, &st, NULL, 1);
	while ((de = readdir(d)) != NULL) {
		bool dots = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;

		if (dots && (dl->kind != DL_LIST || !(dl->flags & LSF_ALL)))
			continue;
		if (dl->entries >= LIM_LIST_ENTRIES)
			break;
		if (path_normalise(vpath, de->d_name, child, sizeof(child)) < 0)
			continue;
		if (!dots && dirlist_hidden(dl, de->d_name, child))
			continue;
		/* A budget overrun is no match: never list more than asked. */
		if (depth == 0 && dl->glob != NULL &&
		    match_filter(dl->glob, de->d_name) != 1)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(de->d_name);
		dl->entries++;
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), dirlist_cmp);
	for (i = 0; i < n && res == XFER_OK; i++) {
		if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (path_normalise(vpath, names[i], child, sizeof(child)) < 0)
			continue;
		if (dirlist_entry(dl, dirfd(d), names[i], child, &st, shown,
		    0) < 0) {
			log_warn("listing of %s truncated: too large", vpath);
			break;
		}
		res = dirlist_flush(dl, false);
	}
	closedir(d);
	/* ls -R: each subdirectory after the entries, "path:" first. */
	if (res == XFER_OK && (dl->flags & LSF_RECURSE) &&
	    dl->kind == DL_LIST && depth < LIM_LIST_DEPTH) {
		for (i = 0; i < n && res == XFER_OK; i++) {
			if (strcmp(names[i], ".") == 0 ||
			    strcmp(names[i], "..") == 0 ||
			    path_normalise(vpath, names[i], child,
			    sizeof(child)) < 0 ||
			    fs_lstat(&s->fs, child, &st) < 0 ||
			    !S_ISDIR(st.st_mode))
				continue;
			if (buf_printf(&dl->out, "\r\n%s:\r\n", child) < 0)
				break;
			res = dirlist_dir(dl, child, NULL, depth + 1);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return res;
}

enum xfer_result
dirlist_run(struct session *s, enum dirlist_kind kind, const char *vpath,
    unsigned int flags, const char *shown, const char *glob,
    struct dirlist_sink *sink)
{
	struct dirlist dl;
	enum xfer_result res = XFER_OK;
	struct stat st, lst;

	memset(&dl, 0, sizeof(dl));
	dl.s = s;
	dl.kind = kind;
	dl.flags = flags;
	if (!s->opt->ls_recurse_enable)
		dl.flags &= ~(unsigned int)LSF_RECURSE;
	dl.sink = sink;
	dl.glob = glob;
	buf_init(&dl.out, 4 * DIRLIST_CHUNK);
	dl.fmt.now = time(NULL);
	dl.fmt.use_localtime = s->opt->use_localtime;
	dl.fmt.hide_ids = s->opt->hide_ids;

	if (!dirlist_denied(s, vpath) && fs_lstat(&s->fs, vpath, &lst) == 0) {
		bool isdir = S_ISDIR(lst.st_mode) || (S_ISLNK(lst.st_mode) &&
		    !(dl.flags & LSF_DIR) && fs_stat(&s->fs, vpath, &st) == 0 &&
		    S_ISDIR(st.st_mode));

		if (isdir && !(dl.flags & LSF_DIR && kind == DL_LIST))
			res = dirlist_dir(&dl, vpath, shown, 0);
		else if (kind != DL_MLSD)
			dirlist_entry(&dl, -1, kind == DL_NLST && shown ?
			    shown : path_basename(vpath), vpath, &lst, NULL, 0);
	}
	if (res == XFER_OK)
		res = dirlist_flush(&dl, true);
	buf_free(&dl.out);
	return res;
}

int
dirlist_mlst(struct session *s, const char *vpath, struct buf *out)
{
	struct list_entry e;
	struct stat st;

	if (dirlist_denied(s, vpath) || fs_stat(&s->fs, vpath, &st) < 0)
		return -1;
	memset(&e, 0, sizeof(e));
	e.name = vpath;
	e.st = st;
	dirlist_names(s, &e);
	if (listing_mlsx_line(out, &e, s->mlst_facts, 0,
	    dirlist_perm(s, &st), s->opt->hide_ids) < 0)
		return -1;
	/* listing_mlsx_line ends the line with CRLF; the caller frames it. */
	if (out->len >= 2)
		out->len -= 2;
	out->p[out->len] = '\0';
	return 0;
}
