/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control connection's TLS, relayed for the logged-in process. */
#include "sf_config.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "session/session.h"
#include "session/tls.h"

/*
 * After a login over TLS the pre-login process keeps the TLS state of
 * the control connection (OpenSSL cannot hand a live connection to
 * another process) and becomes a relay: TLS records from the client
 * become plain bytes on a socketpair to the user's process, and back.
 * It stays as it was: nopriv_user, in the empty directory, under
 * seccomp.
 */

/* Write all of p to the plain side; false when it is gone. */
static bool
relay_to_user(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
				return false;
			continue;
		}
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Write all of p to the client over TLS; false when it is gone. */
static bool
relay_to_client(struct io *io, const char *p, size_t n)
{
	short ev = POLLOUT;
	ssize_t w;

	while (n > 0) {
		w = tls_write(io->tls, p, n, &ev);
		if (w < 0 && errno == EAGAIN) {
			struct pollfd pfd = { .fd = io->fd, .events = ev };

			if (poll(&pfd, 1, 300 * 1000) <= 0)
				return false;
			continue;
		}
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

void
session_relay(struct session *s, int fd)
{
	struct ctrl *c = &s->ctrl;
	struct pollfd pfd[2];
	char buf[LIM_CTRL_READ];
	bool client_open = true;
	short ev = POLLIN;
	ssize_t n;

	/* First the control connection's TLS session, for data connections
	 * that resume it by session id: a length and the bytes. */
	{
		unsigned char sess[4 + TLS_SESSION_MAX];
		int len = tls_session_export(c->io.tls, sess + 4,
		    TLS_SESSION_MAX);
		uint32_t l = len > 0 ? (uint32_t)len : 0;

		memcpy(sess, &l, 4);
		if (!relay_to_user(fd, (const char *)sess, 4 + l))
			session_exit(s, EXIT_OK);
	}
	/* Commands the client pipelined after PASS go next. */
	if (c->raw_off < c->raw_len &&
	    !relay_to_user(fd, c->raw + c->raw_off, c->raw_len - c->raw_off))
		session_exit(s, EXIT_OK);
	c->raw_off = c->raw_len = 0;
	for (;;) {
		pfd[0].fd = client_open ? c->io.fd : -1;
		pfd[0].events = ev;
		pfd[1].fd = fd;
		pfd[1].events = POLLIN;
		pfd[0].revents = pfd[1].revents = 0;
		/* Decrypted bytes already waiting: serve them first, and look
		 * at the other side without blocking. */
		if (poll(pfd, 2, client_open && tls_pending(c->io.tls) ? 0 :
		    -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (client_open && (tls_pending(c->io.tls) ||
		    (pfd[0].revents & (POLLIN | POLLOUT | POLLHUP | POLLERR)))) {
			n = tls_read(c->io.tls, buf, sizeof(buf), &ev);
			if (n > 0 && !relay_to_user(fd, buf, (size_t)n))
				break;
			if (n == 0 || (n < 0 && errno != EAGAIN)) {
				/* The client is gone: so is the session. */
				client_open = false;
				shutdown(fd, SHUT_WR);
			}
			if (n >= 0)
				ev = POLLIN;
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(fd, buf, sizeof(buf), 0);
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0)
				break;
			if (client_open &&
			    !relay_to_client(&c->io, buf, (size_t)n))
				break;
		}
	}
	close(fd);
	/* close_notify to the client; the user's process logs the end. */
	io_close(&c->io);
	exit(EXIT_OK);
}
