/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The privileged monitor: root-only operations the session asks for. */
#include "sf_config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "monitor/monitor.h"

/* The whole protocol: one fixed-size request, answered with one status
 * byte and, on success, an fd. */
enum mon_request {
	MON_DATA_SOCKET = 0x44534f4b,	/* "DSOK" */
};

static int
mon_send_fd(int sock, int fd)
{
	char status = fd >= 0 ? 0 : 1;
	struct iovec iov = { &status, 1 };
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} cm;
	struct msghdr msg;

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
	return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

static int
mon_bind(const struct sockaddr_storage *local, socklen_t len,
    unsigned int port)
{
	struct sockaddr_storage a = *local;
	int fd, one = 1;

	if (a.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&a)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)&a)->sin_port = htons((uint16_t)port);
	fd = socket(a.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* Several sessions connect from port 20 at once: only the 4-tuple
	 * has to be unique. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&a, len) < 0) {
		log_err("bind data port %u: %s", port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void __attribute__((noreturn))
mon_loop(int sock, pid_t child, const struct sockaddr_storage *local,
    socklen_t len, unsigned int port)
{
	uint32_t req;
	ssize_t n;
	int status = 0, fd;

	for (;;) {
		n = recv(sock, &req, sizeof(req), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(req))
			break;
		if (req != MON_DATA_SOCKET) {
			/* A confused or compromised session: stop it. */
			log_err("unknown monitor request %#x; ending session",
			    (unsigned int)req);
			kill(child, SIGKILL);
			break;
		}
		fd = mon_bind(local, len, port);
		mon_send_fd(sock, fd);
		if (fd >= 0)
			close(fd);
	}
	close(sock);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_RUNTIME);
}

int
monitor_start(int ctrl_fd, const struct sockaddr_storage *local,
    socklen_t len, unsigned int port)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		return sv[1];
	}
	close(sv[1]);
	/* The client must see the connection close when the session ends. */
	close(ctrl_fd);
	if (ctrl_fd != 1)
		close(1);
	mon_loop(sv[0], pid, local, len, port);
}

int
monitor_data_socket(int mon_fd)
{
	uint32_t req = MON_DATA_SOCKET;
	char status;
	struct iovec iov = { &status, 1 };
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} cm;
	struct msghdr msg;
	struct cmsghdr *c;
	int fd = -1;

	if (send(mon_fd, &req, sizeof(req), MSG_NOSIGNAL) != sizeof(req))
		return -1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cm.space;
	msg.msg_controllen = sizeof(cm.space);
	if (recvmsg(mon_fd, &msg, MSG_CMSG_CLOEXEC) != 1 || status != 0)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (c == NULL || c->cmsg_level != SOL_SOCKET ||
	    c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}
