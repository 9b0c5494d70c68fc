/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-size messages with an optional fd between sockftpd's processes. */
#include "sf_config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/wire.h"

union wire_cmsg {
	struct cmsghdr h;
	char space[CMSG_SPACE(sizeof(int))];
};

int
wire_send(int sock, const void *p, size_t n, int fd)
{
	struct iovec iov = { (void *)(size_t)p, n };
	union wire_cmsg cm;
	struct msghdr msg;
	ssize_t r;

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (fd >= 0) {
		memset(&cm, 0, sizeof(cm));
		msg.msg_control = cm.space;
		msg.msg_controllen = sizeof(cm.space);
		cm.h.cmsg_level = SOL_SOCKET;
		cm.h.cmsg_type = SCM_RIGHTS;
		cm.h.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&cm.h), &fd, sizeof(int));
	}
	do
		r = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r != (ssize_t)n)
		return -1;
	return 0;
}

/*
 * Every fd that arrived is taken out of the message, even when the
 * message is refused: the kernel has already installed them in this
 * process (the monitor runs as root), and one left unseen would stay open
 * for good.  A peer may send several fds in one SCM_RIGHTS header or in
 * several; the buffer holds two, and the kernel closes those that do not
 * fit, saying so with MSG_CTRUNC.
 */
ssize_t
wire_recv(int sock, void *p, size_t n, int *fd)
{
	struct iovec iov = { p, n };
	union wire_cmsg cm;
	struct msghdr msg;
	struct cmsghdr *c;
	const char *end;
	size_t len, i;
	bool bad;
	ssize_t r;
	int got;

	*fd = -1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cm.space;
	msg.msg_controllen = sizeof(cm.space);
	do
		r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	bad = (size_t)r != n || (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC));
	end = (const char *)msg.msg_control + msg.msg_controllen;
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
		    c->cmsg_len < CMSG_LEN(0))
			continue;
		len = c->cmsg_len;
		if (len > (size_t)(end - (const char *)c))
			len = (size_t)(end - (const char *)c);
		for (i = 0; i < (len - CMSG_LEN(0)) / sizeof(int); i++) {
			memcpy(&got, CMSG_DATA(c) + i * sizeof(int),
			    sizeof(int));
			if (*fd < 0) {
				*fd = got;
			} else {
				close(got);
				bad = true;
			}
		}
	}
	/* The end of the stream, or an empty message, which reads the
	 * same; with an fd or truncated control data it is refused. */
	if (r == 0 && *fd < 0 && !(msg.msg_flags & MSG_CTRUNC))
		return 0;
	if (bad || r == 0) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		errno = EPROTO;
		return -1;
	}
	return r;
}
