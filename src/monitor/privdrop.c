/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Becoming the session user inside its root, checked step by step. */
#include "sf_config.h"

#include <errno.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/limits.h"
#include "monitor/privdrop.h"

/* Is every gid of have[0..nhave) in want[0..nwant), and the reverse? */
static bool
privdrop_same_groups(const gid_t *have, int nhave, const gid_t *want,
    int nwant)
{
	int i, j;

	for (i = 0; i < nhave; i++) {
		for (j = 0; j < nwant && want[j] != have[i]; j++)
			;
		if (j == nwant)
			return false;
	}
	for (j = 0; j < nwant; j++) {
		for (i = 0; i < nhave && have[i] != want[j]; i++)
			;
		if (i == nhave)
			return false;
	}
	return true;
}

int
privdrop_become(const char *root, uid_t uid, gid_t gid, char *err,
    size_t errsz)
{
	return privdrop_become_groups(root, uid, gid, &gid, 1, err, errsz);
}

int
privdrop_become_groups(const char *root, uid_t uid, gid_t gid,
    const gid_t *want, int nwant, char *err, size_t errsz)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, groups[LIM_GROUPS + 1];
	int n;

	if (uid == 0) {
		snprintf(err, errsz, "refusing to serve as root");
		return -1;
	}
	if (root != NULL && (chroot(root) < 0 || chdir("/") < 0)) {
		snprintf(err, errsz, "chroot %s: %s", root, strerror(errno));
		return -1;
	}
	/* Every call is checked: an ignored failure here is a root shell
	 * (CVE-2023-40303). */
	if (nwant < 1 || nwant > LIM_GROUPS ||
	    setgroups((size_t)nwant, want) < 0) {
		snprintf(err, errsz, "setgroups: %s", strerror(errno));
		return -1;
	}
	if (setresgid(gid, gid, gid) < 0) {
		snprintf(err, errsz, "setresgid %ld: %s", (long)gid,
		    strerror(errno));
		return -1;
	}
	if (setresuid(uid, uid, uid) < 0) {
		snprintf(err, errsz, "setresuid %ld: %s", (long)uid,
		    strerror(errno));
		return -1;
	}
	if (getresuid(&ru, &eu, &su) < 0 || ru != uid || eu != uid ||
	    su != uid || getresgid(&rg, &eg, &sg) < 0 || rg != gid ||
	    eg != gid || sg != gid) {
		snprintf(err, errsz, "credentials not as requested after drop");
		return -1;
	}
	n = getgroups(LIM_GROUPS + 1, groups);
	if (n < 0 || !privdrop_same_groups(groups, n, want, nwant)) {
		snprintf(err, errsz, "supplementary groups not dropped");
		return -1;
	}
	if (setuid(0) == 0 || seteuid(0) == 0) {
		snprintf(err, errsz, "root could be regained after drop");
		return -1;
	}
	return 0;
}
