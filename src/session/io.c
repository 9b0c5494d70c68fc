/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A byte stream over a socket: plain TCP now, TLS slides in underneath. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "session/io.h"

static ssize_t
io_plain_read(struct io *io, void *p, size_t n)
{
	ssize_t r;

	do
		r = recv(io->fd, p, n, 0);
	while (r < 0 && errno == EINTR);
	return r;
}

static ssize_t
io_plain_write(struct io *io, const void *p, size_t n)
{
	ssize_t r;

	/* MSG_NOSIGNAL: a vanished client must be an error, not SIGPIPE. */
	do
		r = send(io->fd, p, n, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	return r;
}

static bool
io_plain_pending(struct io *io)
{
	(void)io;
	return false;
}

static void
io_plain_close(struct io *io)
{
	if (io->fd >= 0)
		close(io->fd);
	io->fd = -1;
}

int
io_set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return 0;
}

void
io_plain_init(struct io *io, int fd)
{
	io->fd = fd;
	io->tls = NULL;
	io->read = io_plain_read;
	io->write = io_plain_write;
	io->pending = io_plain_pending;
	io->close = io_plain_close;
	if (fd >= 0)
		io_set_nonblock(fd);
}

void
io_close(struct io *io)
{
	if (io->close != NULL)
		io->close(io);
}

int
io_wait(int fd, short events, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	int r;

	do
		r = poll(&pfd, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	if (r == 0)
		return 0;
	return 1;
}
