/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Becoming the session user inside its root, checked step by step. */
#ifndef SF_MONITOR_PRIVDROP_H
#define SF_MONITOR_PRIVDROP_H

#include <stddef.h>
#include <sys/types.h>

/*
 * chroot(root) and chdir("/") (root may be NULL: no chroot), then
 * supplementary groups = { gid }, real/effective/saved gid and uid, and
 * verify the result with getresuid/getresgid/getgroups and a setuid(0)
 * that must fail.  Returns 0, or -1 with the failed step in err.
 */
int privdrop_become(const char *root, uid_t uid, gid_t gid, char *err,
    size_t errsz);

/* The same with the supplementary groups groups[0..ngroups) (a local
 * user's, from getgrouplist); getgroups must give back exactly them. */
int privdrop_become_groups(const char *root, uid_t uid, gid_t gid,
    const gid_t *groups, int ngroups, char *err, size_t errsz);

#endif
