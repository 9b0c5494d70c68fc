/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The session root: every client path is opened here and nowhere else. */
#ifndef SF_SESSION_FS_H
#define SF_SESSION_FS_H

#include <stdbool.h>
#include <sys/stat.h>

/*
 * Paths given to fs_* are clean virtual paths from path_normalise().  They
 * are resolved relative to a directory fd of the root with
 * openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), so "..", absolute
 * symlinks and /proc magic links can never leave the root, chroot or not.
 */
struct fs {
	int rootfd;
	bool openat2_ok;
};

/* Open root (an absolute host path, "/" after chroot).  Without chroot,
 * openat2 is required: returns -1 with errno ENOSYS when the kernel lacks
 * it.  Returns 0 or -1 with errno. */
int fs_init(struct fs *fs, const char *root, bool chrooted);
/* open(2) flags; O_CLOEXEC (and O_NOCTTY unless O_PATH) are added.  fd or
 * -1 with errno.  fs_open_mode gives the mode for O_CREAT. */
int fs_open(const struct fs *fs, const char *vpath, int flags);
int fs_open_mode(const struct fs *fs, const char *vpath, int flags,
    mode_t mode);
/*
 * The directory holding vpath (not "/"), as an O_PATH fd for the *at()
 * calls, with *base pointing to vpath's last component in vpath: one name,
 * so mkdirat/unlinkat/renameat on it never resolve a path.  -1 with errno.
 */
int fs_open_parent(const struct fs *fs, const char *vpath, const char **base);
/* stat following a final symlink, and not following it. */
int fs_stat(const struct fs *fs, const char *vpath, struct stat *st);
int fs_lstat(const struct fs *fs, const char *vpath, struct stat *st);
/* Read at most max bytes of a regular file into a new NUL-terminated
 * string (caller frees); NULL with errno on failure. */
char *fs_read_small(const struct fs *fs, const char *vpath, size_t max);

#endif
