/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The session root: every client path is opened here and nowhere else. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef HAVE_LINUX_OPENAT2_H
#include <linux/openat2.h>
#endif

#include "common/limits.h"
#include "common/path.h"
#include "common/xmem.h"
#include "session/fs.h"

#if defined(HAVE_LINUX_OPENAT2_H) && defined(SYS_openat2)
static int
fs_openat2(int dirfd, const char *rel, int flags, mode_t mode)
{
	struct open_how how;

	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)flags;
	how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
}
#else
static int
fs_openat2(int dirfd, const char *rel, int flags, mode_t mode)
{
	(void)dirfd;
	(void)rel;
	(void)flags;
	(void)mode;
	errno = ENOSYS;
	return -1;
}
#endif

int
fs_init(struct fs *fs, const char *root, bool chrooted)
{
	int fd;

	fs->rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fs->rootfd < 0)
		return -1;
	fd = fs_openat2(fs->rootfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	fs->openat2_ok = fd >= 0;
	if (fd >= 0)
		close(fd);
	else if (errno != ENOSYS && errno != EPERM)
		return -1;
	/* Inside chroot the kernel already confines us; without it, the
	 * root is only as good as openat2. */
	if (!fs->openat2_ok && !chrooted) {
		close(fs->rootfd);
		fs->rootfd = -1;
		errno = ENOSYS;
		return -1;
	}
	return 0;
}

int
fs_open_mode(const struct fs *fs, const char *vpath, int flags, mode_t mode)
{
	const char *rel = path_relative(vpath);

	/* openat2 refuses flags that mean nothing with O_PATH. */
	flags |= O_CLOEXEC;
	if (!(flags & O_PATH))
		flags |= O_NOCTTY;
	if (fs->openat2_ok)
		return fs_openat2(fs->rootfd, rel, flags, mode);
	return openat(fs->rootfd, rel, flags, mode);
}

int
fs_open(const struct fs *fs, const char *vpath, int flags)
{
	return fs_open_mode(fs, vpath, flags, 0);
}

int
fs_open_parent(const struct fs *fs, const char *vpath, const char **base)
{
	char parent[LIM_PATH];
	size_t plen;

	if (strcmp(vpath, "/") == 0) {
		errno = EBUSY;
		return -1;
	}
	*base = path_basename(vpath);
	plen = (size_t)(*base - vpath);
	if (plen >= sizeof(parent)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(parent, vpath, plen);
	parent[plen > 1 ? plen - 1 : 1] = '\0';
	return fs_open(fs, parent, O_PATH | O_DIRECTORY);
}

int
fs_stat(const struct fs *fs, const char *vpath, struct stat *st)
{
	int fd = fs_open(fs, vpath, O_PATH), r, e;

	if (fd < 0)
		return -1;
	r = fstat(fd, st);
	e = errno;
	close(fd);
	errno = e;
	return r;
}

int
fs_lstat(const struct fs *fs, const char *vpath, struct stat *st)
{
	const char *base;
	int dfd, r, e;

	if (strcmp(vpath, "/") == 0)
		return fstat(fs->rootfd, st);
	dfd = fs_open_parent(fs, vpath, &base);
	if (dfd < 0)
		return -1;
	r = fstatat(dfd, base, st, AT_SYMLINK_NOFOLLOW);
	e = errno;
	close(dfd);
	errno = e;
	return r;
}

char *
fs_read_small(const struct fs *fs, const char *vpath, size_t max)
{
	struct stat st;
	char *p;
	size_t got = 0;
	ssize_t n;
	int fd, e;

	fd = fs_open(fs, vpath, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}
	p = xmalloc(max + 1);
	while (got < max) {
		n = read(fd, p + got, max - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	e = errno;
	close(fd);
	p[got] = '\0';
	errno = e;
	return p;
}
