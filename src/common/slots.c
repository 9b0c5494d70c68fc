/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Limits shared by independent sessions with nothing resident: flock()ed
 * slot files for max_clients/max_per_ip, failure logs for throttling. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "common/slots.h"

/* Recent failures kept per address: more than any sane threshold. */
#define SLOTS_FAILS_MAX 256

int
slots_take(int dirfd, const char *key, unsigned long n)
{
	char name[256];
	unsigned long i;
	int fd;

	for (i = 0; i < n; i++) {
		if (snprintf(name, sizeof(name), "%s.%lu", key, i) >=
		    (int)sizeof(name)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = openat(dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW |
		    O_CLOEXEC | O_NOCTTY, 0600);
		if (fd < 0)
			return -1;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		close(fd);
		if (errno != EWOULDBLOCK)
			return -1;
	}
	errno = EBUSY;
	return -1;
}

int
slots_key(const char *prefix, const char *addr, char *out, size_t outsz)
{
	int w = snprintf(out, outsz, "%s%s", prefix, addr);

	if (w < 0 || (size_t)w >= outsz || strchr(addr, '/') != NULL)
		return -1;
	return 0;
}

int
slots_fails_open(int dirfd, const char *key)
{
	char name[256];

	if (snprintf(name, sizeof(name), "fails-%s", key) >=
	    (int)sizeof(name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return openat(dirfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
	    O_NOCTTY, 0600);
}

/* Read the recorded times (at most SLOTS_FAILS_MAX, newest last). */
static size_t
slots_fails_read(int fd, time_t *t)
{
	char buf[SLOTS_FAILS_MAX * 24], *p, *end;
	ssize_t n;
	size_t k = 0;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (p = buf; *p != '\0' && k < SLOTS_FAILS_MAX; p = end) {
		long long v = strtoll(p, &end, 10);

		if (end == p)
			break;
		t[k++] = (time_t)v;
		while (*end == '\n')
			end++;
	}
	return k;
}

unsigned long
slots_fails_count(int fd, time_t now, unsigned long window)
{
	time_t t[SLOTS_FAILS_MAX];
	unsigned long c = 0;
	size_t k, i;

	if (flock(fd, LOCK_SH) < 0)
		return 0;
	k = slots_fails_read(fd, t);
	flock(fd, LOCK_UN);
	for (i = 0; i < k; i++)
		if (t[i] <= now && (unsigned long)(now - t[i]) < window)
			c++;
	return c;
}

int
slots_fails_record(int fd, time_t now, unsigned long window)
{
	time_t t[SLOTS_FAILS_MAX + 1];
	char buf[(SLOTS_FAILS_MAX + 1) * 24];
	size_t k, i, len = 0, first;
	int r = 0;

	if (flock(fd, LOCK_EX) < 0)
		return -1;
	k = slots_fails_read(fd, t);
	t[k++] = now;
	/* Keep the newest SLOTS_FAILS_MAX that are still in the window. */
	first = k > SLOTS_FAILS_MAX ? k - SLOTS_FAILS_MAX : 0;
	for (i = first; i < k; i++) {
		if (t[i] > now || (unsigned long)(now - t[i]) >= window)
			continue;
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
		    "%" PRId64 "\n", (int64_t)t[i]);
	}
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, len, 0) != (ssize_t)len)
		r = -1;
	flock(fd, LOCK_UN);
	return r;
}
