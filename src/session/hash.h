/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HASH (draft-bryan-ftpext-hash): file digests through OpenSSL, loaded on
 * demand so that sessions that never hash never pay for it. */
#ifndef SF_SESSION_HASH_H
#define SF_SESSION_HASH_H

#include <stddef.h>
#include <sys/types.h>

enum hash_algo { HASH_SHA256, HASH_SHA512, HASH_SHA1, HASH_MD5, HASH_COUNT };

/* Longest digest in hex, NUL included. */
#define HASH_HEX_MAX (2 * 64 + 1)

/* The name on the wire ("SHA-256"). */
const char *hash_name(enum hash_algo a);
/* An algorithm by its wire name, any case; -1 when unknown. */
int hash_lookup(const char *name);

/*
 * Fork the hash helper, for a session that is about to chroot and could
 * then no longer load libcrypto: the helper becomes uid/gid (never root),
 * keeps the host's file system only to load the library, and hashes the
 * open files it is handed; it never sees a path.  Called as root, before
 * confinement (or unprivileged: then it stays that user).  Returns the
 * session's end of the socketpair, or -1.
 */
int hash_helper_start(uid_t uid, gid_t gid);

/*
 * Hash the open regular file fd from offset 0 into hex (lowercase).
 * helper_fd >= 0 asks the helper; -1 hashes in this process, loading
 * libcrypto the first time.  Returns 0, or -1 with a reason in err.
 */
int hash_file(int helper_fd, int fd, enum hash_algo a, char *hex,
    size_t hexsz, char *err, size_t errsz);

#endif
