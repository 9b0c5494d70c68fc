/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Virtual path normalisation: every client path becomes an absolute,
 * clean path inside the session root. */
#ifndef SF_COMMON_PATH_H
#define SF_COMMON_PATH_H

#include <stddef.h>

/*
 * Resolve arg against the virtual cwd (an absolute clean path) into out:
 * an absolute path with no "", "." or ".." components and no trailing '/'
 * (except "/" itself).  ".." at the root stays at the root.  An empty arg
 * means cwd.  Returns 0, or -1 when the result does not fit outsz or arg
 * contains a byte that is never valid in a name (NUL cannot occur; CR and
 * LF are refused).
 */
int path_normalise(const char *cwd, const char *arg, char *out, size_t outsz);

/* The path relative to the root for openat2 ("/" -> ".", "/a/b" -> "a/b"). */
const char *path_relative(const char *vpath);

/* The last component of a clean virtual path ("/" -> "/"). */
const char *path_basename(const char *vpath);

#endif
