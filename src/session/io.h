/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A byte stream over a socket: plain TCP now, TLS slides in underneath. */
#ifndef SF_SESSION_IO_H
#define SF_SESSION_IO_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * The fd is non-blocking.  read/write return bytes moved, 0 at end of
 * stream (read), or -1 with errno (EAGAIN: poll io->fd and retry).
 * pending() is true when bytes are buffered above the fd (TLS records),
 * so a caller must not poll before reading them.
 */
struct io {
	int fd;
	void *tls;		/* the TLS connection, or NULL */
	ssize_t (*read)(struct io *io, void *p, size_t n);
	ssize_t (*write)(struct io *io, const void *p, size_t n);
	bool (*pending)(struct io *io);
	void (*close)(struct io *io);
};

/* A plain TCP stream on fd (made non-blocking); io does not own fd until
 * io_close(). */
void io_plain_init(struct io *io, int fd);
void io_close(struct io *io);
/* Make fd non-blocking; -1 on failure. */
int io_set_nonblock(int fd);
/*
 * Wait until fd is readable (events POLLIN) or writable (POLLOUT), at most
 * timeout_ms (-1: forever).  Returns 1 ready, 0 timeout, -1 error.
 */
int io_wait(int fd, short events, int timeout_ms);

#endif
