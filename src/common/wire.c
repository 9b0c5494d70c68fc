/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-size messages with an optional fd between sockftpd's processes. */
#include "sf_config.h"

#include <errno.h>
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

ssize_t
wire_recv(int sock, void *p, size_t n, int *fd)
{
	struct iovec iov = { p, n };
	union wire_cmsg cm;
	struct msghdr msg;
	struct cmsghdr *c;
	ssize_t r;

	*fd = -1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cm.space;
	msg.msg_controllen = sizeof(cm.space);
	do
		r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	for (c = r >= 0 ? CMSG_FIRSTHDR(&msg) : NULL; c != NULL;
	    c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET &&
		    c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)) && *fd < 0)
			memcpy(fd, CMSG_DATA(c), sizeof(int));
	}
	if (r > 0 && ((size_t)r != n || (msg.msg_flags & MSG_TRUNC))) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		errno = EPROTO;
		return -1;
	}
	return r;
}
