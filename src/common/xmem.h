/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation wrappers that end the process on failure. */
#ifndef SF_COMMON_XMEM_H
#define SF_COMMON_XMEM_H

#include <stddef.h>

/* Each returns memory the caller owns, or logs and exits (status 4) when
 * the allocation fails; they never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
