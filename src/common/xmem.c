/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Allocation wrappers that end the process on failure. */
#include "sf_config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#ifdef SF_SANITIZERS
#include <sanitizer/lsan_interface.h>
#endif

#include "common/log.h"
#include "common/xmem.h"

#define XMEM_OOM_REPLY	"421 Service not available: out of memory.\r\n"

/* The client to tell, and the process allowed to tell it: a process
 * forked later (the monitor, a helper) inherits the number, not the
 * connection.  One pair per process, as there is one client. */
static int oom_fd = -1;
static pid_t oom_pid = -1;

void
xmem_set_oom_fd(int fd)
{
	oom_fd = fd;
	oom_pid = getpid();
}

/* Allocation has just failed, so nothing here allocates: a constant
 * written with write(2).  The control socket is non-blocking; if it is
 * full the client misses the reply but still sees the connection close. */
static void
xmem_tell_client(void)
{
	const char *p = XMEM_OOM_REPLY;
	size_t left = sizeof(XMEM_OOM_REPLY) - 1;
	int fd = oom_fd;
	ssize_t n;

	oom_fd = -1;
	if (fd < 0 || getpid() != oom_pid)
		return;
	while (left > 0) {
		n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		left -= (size_t)n;
	}
}

static void
xmem_fail(size_t n)
{
	xmem_tell_client();
	log_die(EXIT_RUNTIME, "out of memory allocating %zu bytes", n);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		xmem_fail(n);
	return p;
}

void *
xmap_zero(size_t n)
{
	void *p = mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		xmem_fail(n);
#ifdef SF_SANITIZERS
	/* Heap blocks that only this mapping points to are not leaks. */
	__lsan_register_root_region(p, n ? n : 1);
#endif
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		xmem_fail(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		xmem_fail(n);
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}
