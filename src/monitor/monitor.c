/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The privileged monitor: root-only operations the session asks for. */
#include "sf_config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <utmpx.h>
#include <unistd.h>

#include "common/log.h"
#include "common/wire.h"
#include "monitor/monitor.h"

/*
 * The whole protocol: a fixed-size request (4 bytes), optionally with an
 * fd, answered with one status byte and, for MON_DATA_SOCKET, an fd.
 */
enum mon_request {
	MON_DATA_SOCKET = 0x44534f4b,	/* "DSOK" */
	MON_CHOWN = 0x43484f57,		/* "CHOW" */
	MON_LOGIN = 0x4c4f474e,		/* "LOGN" */
};

/* utmp and wtmp records of the session, as login(1) writes them; the
 * line is "ftp<pid>", which also tells sessions apart in utmp. */
static void
mon_uwtmp(const struct monitor_conf *mc, pid_t pid, bool login)
{
	struct utmpx ut;
	struct timeval tv;
	char id[8];

	memset(&ut, 0, sizeof(ut));
	ut.ut_type = login ? USER_PROCESS : DEAD_PROCESS;
	ut.ut_pid = pid;
	snprintf(ut.ut_line, sizeof(ut.ut_line), "ftp%ld", (long)pid);
	snprintf(id, sizeof(id), "%04lx", (unsigned long)pid & 0xffff);
	memcpy(ut.ut_id, id, sizeof(ut.ut_id));
	if (login) {
		snprintf(ut.ut_user, sizeof(ut.ut_user), "%s", mc->uwtmp_user);
		snprintf(ut.ut_host, sizeof(ut.ut_host), "%s", mc->uwtmp_host);
	}
	gettimeofday(&tv, NULL);
	ut.ut_tv.tv_sec = (int32_t)tv.tv_sec;
	ut.ut_tv.tv_usec = (int32_t)tv.tv_usec;
	setutxent();
	if (pututxline(&ut) == NULL)
		log_err("writing utmp: %s", strerror(errno));
	endutxent();
	updwtmpx(_PATH_WTMP, &ut);
}

/* Send a status byte and, when fd >= 0, the fd. */
static int
mon_send(int sock, char status, int fd)
{
	return wire_send(sock, &status, 1, fd);
}

static int
mon_bind(const struct monitor_conf *mc)
{
	struct sockaddr_storage a = mc->local;
	int fd, one = 1;

	if (a.ss_family == AF_INET6)
		((struct sockaddr_in6 *)&a)->sin6_port =
		    htons((uint16_t)mc->data_port);
	else
		((struct sockaddr_in *)&a)->sin_port =
		    htons((uint16_t)mc->data_port);
	fd = socket(a.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* Several sessions connect from port 20 at once: only the 4-tuple
	 * has to be unique. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&a, mc->local_len) < 0) {
		log_err("bind data port %u: %s", mc->data_port,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Re-check the file a session wants to give away, then do it. */
static int
mon_chown(const struct monitor_conf *mc, int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != mc->session_uid || st.st_nlink > 1) {
		log_err("chown of an upload refused: not a single-link "
		    "regular file of the session user");
		return -1;
	}
	if (fchown(fd, mc->chown_uid, mc->chown_gid) < 0 ||
	    fchmod(fd, mc->chown_mode) < 0) {
		log_err("chown_uploads: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void __attribute__((noreturn))
mon_loop(int sock, pid_t child, const struct monitor_conf *mc)
{
	uint32_t req;
	ssize_t n;
	int status = 0, fd, out;
	bool logged_in = false;

	for (;;) {
		n = wire_recv(sock, &req, sizeof(req), &fd);
		if (n != (ssize_t)sizeof(req)) {
			if (fd >= 0)
				close(fd);
			break;
		}
		if (req == MON_DATA_SOCKET && mc->data_port_ok && fd < 0) {
			out = mon_bind(mc);
			mon_send(sock, out >= 0 ? 0 : 1, out);
			if (out >= 0)
				close(out);
			continue;
		}
		if (req == MON_CHOWN && mc->chown_ok && fd >= 0) {
			mon_send(sock, mon_chown(mc, fd) == 0 ? 0 : 1, -1);
			close(fd);
			continue;
		}
		if (req == MON_LOGIN && mc->uwtmp_ok && !logged_in && fd < 0) {
			mon_uwtmp(mc, child, true);
			logged_in = true;
			mon_send(sock, 0, -1);
			continue;
		}
		/* Out of the permitted set: a confused or compromised
		 * session.  Stop it. */
		log_err("monitor request %#x not permitted; ending session",
		    (unsigned int)req);
		if (fd >= 0)
			close(fd);
		kill(child, SIGKILL);
		break;
	}
	close(sock);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (logged_in)
		mon_uwtmp(mc, child, false);
	exit(WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_RUNTIME);
}

int
monitor_start(int ctrl_fd, const struct monitor_conf *mc)
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
	mon_loop(sv[0], pid, mc);
}

/* Send a request (with fd when >= 0) and wait for the status byte and an
 * optional fd. */
static int
mon_call(int mon_fd, uint32_t req, int fd, int *out)
{
	char status = 1;

	*out = -1;
	if (wire_send(mon_fd, &req, sizeof(req), fd) < 0)
		return -1;
	if (wire_recv(mon_fd, &status, 1, out) != 1 || status != 0) {
		if (*out >= 0)
			close(*out);
		*out = -1;
		return -1;
	}
	return 0;
}

int
monitor_data_socket(int mon_fd)
{
	int fd = -1;

	if (mon_call(mon_fd, MON_DATA_SOCKET, -1, &fd) < 0)
		return -1;
	return fd;
}

int
monitor_login(int mon_fd)
{
	int unused = -1;

	return mon_call(mon_fd, MON_LOGIN, -1, &unused);
}

int
monitor_chown(int mon_fd, int fd)
{
	int unused = -1;

	if (mon_call(mon_fd, MON_CHOWN, fd, &unused) < 0)
		return -1;
	if (unused >= 0)
		close(unused);
	return 0;
}
