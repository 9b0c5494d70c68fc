/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a user's session is rooted and starts (pure, unit-tested). */
#include "sf_config.h"

#include <stdio.h>
#include <string.h>

#include "common/homedir.h"

int
homedir_subst(const char *tmpl, const char *token, const char *value,
    char *out, size_t outsz)
{
	size_t tlen = token != NULL ? strlen(token) : 0;
	size_t vlen = strlen(value), n = 0;
	const char *p = tmpl;

	while (*p != '\0') {
		if (tlen > 0 && strncmp(p, token, tlen) == 0) {
			if (n + vlen >= outsz)
				return -1;
			memcpy(out + n, value, vlen);
			n += vlen;
			p += tlen;
			continue;
		}
		if (n + 1 >= outsz)
			return -1;
		out[n++] = *p++;
	}
	if (n >= outsz)
		return -1;
	out[n] = '\0';
	return 0;
}

/* Copy s into out (at most sz), dropping trailing slashes but keeping a
 * lone "/".  -1 when it does not fit. */
static int
homedir_copy(const char *s, size_t len, char *out, size_t sz)
{
	while (len > 1 && s[len - 1] == '/')
		len--;
	if (len == 0) {
		s = "/";
		len = 1;
	}
	if (len >= sz)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 0;
}

int
homedir_plan(const char *home, const char *local_root, const char *token,
    const char *name, bool chroot, bool passwd_chroot, char *root,
    char *start, size_t sz, char *err, size_t errsz)
{
	char base[4096];
	char *dot;

	if (homedir_subst(local_root != NULL ? local_root : home, token, name,
	    base, sizeof(base)) < 0) {
		snprintf(err, errsz, "directory too long after user_sub_token");
		return -1;
	}
	if (base[0] != '/') {
		snprintf(err, errsz, "%s %s is not an absolute path",
		    local_root != NULL ? "local_root" : "home directory", base);
		return -1;
	}
	if (!chroot) {
		/* "/a/./b" is the directory /a/b: say so in PWD. */
		while ((dot = strstr(base, "/./")) != NULL)
			memmove(dot, dot + 2, strlen(dot + 2) + 1);
		if (homedir_copy("/", 1, root, sz) < 0 ||
		    homedir_copy(base, strlen(base), start, sz) < 0)
			goto long_path;
		return 0;
	}
	dot = passwd_chroot && local_root == NULL ? strstr(base, "/./") : NULL;
	if (dot != NULL) {
		if (homedir_copy(base, (size_t)(dot - base), root, sz) < 0 ||
		    homedir_copy(dot + 2, strlen(dot + 2), start, sz) < 0)
			goto long_path;
		return 0;
	}
	if (homedir_copy(base, strlen(base), root, sz) < 0 ||
	    homedir_copy("/", 1, start, sz) < 0)
		goto long_path;
	return 0;
long_path:
	snprintf(err, errsz, "directory path too long");
	return -1;
}
