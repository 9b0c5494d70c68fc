/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Limits shared by independent sessions with nothing resident: flock()ed
 * slot files for max_clients/max_per_ip, failure logs for throttling. */
#ifndef SF_COMMON_SLOTS_H
#define SF_COMMON_SLOTS_H

#include <time.h>

/*
 * Take one of n slots named key: files "key.0" .. "key.<n-1>" in the
 * directory dirfd, the first that flock(LOCK_EX | LOCK_NB) gets.  Returns
 * the locked fd, to be kept open for the whole session: the kernel drops
 * the lock when the last fd of it closes, so a crashed or killed session
 * frees its slot by itself.  -1 with errno EBUSY when every slot is
 * taken, other errno on failure.
 */
int slots_take(int dirfd, const char *key, unsigned long n);

/*
 * Failed logins of one client address, kept in the file "fails-<key>"
 * in dirfd (a line per failure: its time).  slots_fails_open returns an
 * fd that stays usable after confinement (a regular file, never a
 * directory fd); -1 with errno.
 */
int slots_fails_open(int dirfd, const char *key);
/* Failures within the last window seconds (0 on any error). */
unsigned long slots_fails_count(int fd, time_t now, unsigned long window);
/* Record a failure at now, dropping those older than window. */
int slots_fails_record(int fd, time_t now, unsigned long window);

/* A file-name-safe key for a numeric address (':' kept, '/' impossible);
 * -1 when it does not fit. */
int slots_key(const char *prefix, const char *addr, char *out, size_t outsz);

#endif
