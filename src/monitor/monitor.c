/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The privileged monitor: root-only operations the session asks for. */
#include "sf_config.h"

#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utmpx.h>

#include "common/log.h"
#include "common/monproto.h"
#include "common/wire.h"
#include "common/xmem.h"
#include "monitor/login.h"
#include "monitor/monitor.h"

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

/* Send a status and, when fd >= 0, the fd. */
static int
mon_send(int sock, uint32_t status, int fd)
{
	return wire_send(sock, &status, sizeof(status), fd);
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

/*
 * The permit table: which request each phase of a session may make.
 * The options narrow it further (monitor_conf: data_port_ok, chown_ok,
 * uwtmp_ok); a request outside both ends the session.
 */
enum mon_phase {
	PH_ANON,	/* anonymous-only session (no split) */
	PH_PRELOGIN,	/* split session, before login */
	PH_LOGGED_IN,	/* split session, the user's process */
};

static const struct {
	uint32_t req;
	unsigned int phases;
} mon_permits[] = {
	{ MON_AUTH, 1u << PH_PRELOGIN },
	{ MON_DATA_SOCKET, 1u << PH_ANON | 1u << PH_LOGGED_IN },
	{ MON_CHOWN, 1u << PH_ANON | 1u << PH_LOGGED_IN },
	{ MON_LOGIN, 1u << PH_ANON },
};

static bool
mon_permitted(enum mon_phase ph, uint32_t req, const struct monitor_conf *mc)
{
	size_t i;

	for (i = 0; i < sizeof(mon_permits) / sizeof(mon_permits[0]); i++) {
		if (mon_permits[i].req != req ||
		    !(mon_permits[i].phases & (1u << ph)))
			continue;
		switch (req) {
		case MON_DATA_SOCKET:
			return mc->data_port_ok;
		case MON_CHOWN:
			return mc->chown_ok;
		case MON_LOGIN:
			return mc->uwtmp_ok;
		default:
			return true;
		}
	}
	return false;
}

/*
 * Receive one request into m and check it.  Returns 1 for a request, 0
 * at the end of the stream, -1 for a malformed one (logged).
 */
static int
mon_recv(int sock, struct mon_msg *m, int *fd)
{
	const char *why;
	ssize_t n;

	n = wire_recv(sock, m, sizeof(*m), fd);
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof(*m)) {
		log_err("monitor: malformed request (%s); ending session",
		    n < 0 ? strerror(errno) : "short");
		return -1;
	}
	if (mon_msg_check(m, *fd >= 0, &why) < 0) {
		log_err("monitor: malformed request %#x (%s); ending session",
		    (unsigned int)m->req, why);
		return -1;
	}
	return 1;
}

static int
mon_wait(pid_t child)
{
	int status = 0;

	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : EXIT_RUNTIME;
}

/*
 * Serve the requests of a logged-in (or, without a split, the only)
 * session process until it ends; the permitted set is mc.  Returns the
 * child's exit status.  A request outside the set kills the child.
 */
static int
mon_serve(int sock, pid_t child, const struct monitor_conf *mc,
    enum mon_phase ph)
{
	struct mon_msg *m = xmalloc(sizeof(*m));
	int fd = -1, out, r, status;
	bool logged_in = false;

	for (;;) {
		r = mon_recv(sock, m, &fd);
		if (r == 0)
			break;
		if (r > 0 && (!mon_permitted(ph, m->req, mc) ||
		    (m->req == MON_LOGIN && logged_in))) {
			/* A confused or compromised session: stop it. */
			log_err("monitor request %#x not permitted; ending "
			    "session", (unsigned int)m->req);
			r = -1;
		}
		if (r < 0) {
			if (fd >= 0)
				close(fd);
			kill(child, SIGKILL);
			break;
		}
		switch (m->req) {
		case MON_DATA_SOCKET:
			out = mon_bind(mc);
			mon_send(sock, out >= 0 ? MON_OK : MON_FAIL, out);
			if (out >= 0)
				close(out);
			break;
		case MON_CHOWN:
			mon_send(sock, mon_chown(mc, fd) == 0 ? MON_OK :
			    MON_FAIL, -1);
			close(fd);
			break;
		case MON_LOGIN:
			mon_uwtmp(mc, child, true);
			logged_in = true;
			mon_send(sock, MON_OK, -1);
			break;
		}
	}
	free(m);
	close(sock);
	status = mon_wait(child);
	if (logged_in)
		mon_uwtmp(mc, child, false);
	return status;
}

/*
 * A socketpair and a fork: returns this process's end of the pair, with
 * *pid 0 in the child and the child's pid in the parent; -1 (with errno)
 * when either failed.
 */
static int
mon_fork(pid_t *pid)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	*pid = fork();
	if (*pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	close(sv[*pid == 0 ? 0 : 1]);
	return sv[*pid == 0 ? 1 : 0];
}

int
monitor_start(int ctrl_fd, const struct monitor_conf *mc)
{
	pid_t pid;
	int fd = mon_fork(&pid);

	if (fd < 0 || pid == 0)
		return fd;
	/* The client must see the connection close when the session ends. */
	close(ctrl_fd);
	xmem_set_oom_fd(-1);
	exit(mon_serve(fd, pid, mc, PH_ANON));
}

/*
 * The logged-in half of a split session: the PAM session, utmp, a new
 * session process that becomes the user, and its requests.
 */
static void __attribute__((noreturn))
mon_postlogin(const struct monitor_split *ms, struct login *l,
    const struct mon_msg *m, int relay_fd, pid_t relay)
{
	struct monitor_conf mc = ms->mc;
	struct monitor_handover h;
	int fd, status;
	size_t n;
	pid_t pid;

	mc.session_uid = l->uid;
	mc.chown_ok = mc.chown_ok && l->anon_privs;
	/* utmp holds 32 bytes of a name; longer ones are cut, as login(1)
	 * does. */
	n = strnlen(l->name, sizeof(mc.uwtmp_user) - 1);
	memcpy(mc.uwtmp_user, l->name, n);
	mc.uwtmp_user[n] = '\0';
	fd = mon_fork(&pid);
	if (fd < 0) {
		log_err("monitor: cannot start the user's process: %s",
		    strerror(errno));
		exit(EXIT_RUNTIME);
	}
	if (pid == 0) {
		h.extra = m->extra;
		h.extra_len = m->extra_len;
		h.pass = l->anon ? m->pass : "";
		h.flags = m->flags;
		h.relay_fd = relay_fd;
		ms->postlogin(ms->ctx, l, &h, fd);
	}
	close(ms->ctrl_fd);
	xmem_set_oom_fd(-1);
	if (relay_fd >= 0)
		close(relay_fd);
	if (mc.uwtmp_ok)
		mon_uwtmp(&mc, pid, true);
	status = mon_serve(fd, pid, &mc, PH_LOGGED_IN);
	/* The relay ends when the user's process has: it forwards the last
	 * replies, then closes the TLS connection. */
	if (relay > 0)
		mon_wait(relay);
	if (mc.uwtmp_ok)
		mon_uwtmp(&mc, pid, false);
	login_free(l);
	exit(status);
}

/*
 * A login over TLS: the pre-login process holds the TLS state of the
 * control connection, and becomes its relay to the user's process over
 * a socketpair (TLS parsing stays in that unprivileged, confined
 * process).
 */
static void __attribute__((noreturn))
mon_to_relay(const struct monitor_split *ms, struct login *l,
    const struct mon_msg *m, int sock, pid_t child)
{
	int sp[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0) {
		log_err("monitor: socketpair: %s", strerror(errno));
		kill(child, SIGKILL);
		exit(EXIT_RUNTIME);
	}
	mon_send(sock, MON_OK, sp[0]);
	close(sp[0]);
	close(sock);
	mon_postlogin(ms, l, m, sp[1], child);
}

/*
 * The pre-login half: authenticate what the pre-login process sends,
 * slowly when it is wrong, until one login succeeds or the process ends.
 */
static void __attribute__((noreturn))
mon_prelogin(const struct monitor_split *ms, int sock, pid_t child)
{
	const struct options *o = ms->opt;
	struct mon_msg *m = xmalloc(sizeof(*m));
	char user[LIM_USER + 1], pass[LIM_PASS + 1];
	struct login l;
	unsigned int fails = 0;
	bool closing = false;
	int fd = -1, r;
	uint32_t st;

	for (;;) {
		r = mon_recv(sock, m, &fd);
		if (r == 0)
			break;
		if (r < 0 || !mon_permitted(PH_PRELOGIN, m->req, &ms->mc) ||
		    closing) {
			if (r > 0)
				log_err("monitor request %#x not permitted "
				    "before login; ending session",
				    (unsigned int)m->req);
			if (fd >= 0)
				close(fd);
			kill(child, SIGKILL);
			break;
		}
		memcpy(user, m->user, m->user_len);
		user[m->user_len] = '\0';
		memcpy(pass, m->pass, m->pass_len);
		pass[m->pass_len] = '\0';
		st = login_decide(o, ms->lists, user, pass, ms->rhost, &l);
		explicit_bzero(pass, sizeof(pass));
		if (st == MON_OK && !ms->as_root && l.uid != geteuid()) {
			log_err("login of %s refused: becoming uid %ld needs "
			    "root (this session runs as uid %ld)", l.name,
			    (long)l.uid, (long)geteuid());
			login_free(&l);
			st = MON_FAIL;
		}
		if (st == MON_OK && login_open_session(&l,
		    o->session_support) < 0) {
			login_free(&l);
			st = MON_FAIL;
		}
		if (st == MON_OK) {
			/* An anonymous password is an e-mail address for the
			 * logs; a real one is wiped. */
			if (!l.anon)
				explicit_bzero(m->pass, sizeof(m->pass));
			if (m->flags & MON_AUTH_TLS)
				mon_to_relay(ms, &l, m, sock, child);
			/* The pre-login process has done its part; nothing
			 * it could still do may reach the client. */
			kill(child, SIGKILL);
			mon_wait(child);
			close(sock);
			mon_postlogin(ms, &l, m, -1, 0);
		}
		explicit_bzero(m->pass, sizeof(m->pass));
		fails++;
		if (st == MON_FAIL && o->delay_failed_login > 0)
			sleep((unsigned int)o->delay_failed_login);
		if (o->max_login_fails > 0 && fails >= o->max_login_fails) {
			st = MON_CLOSE;
			closing = true;
		}
		mon_send(sock, st, -1);
	}
	free(m);
	close(sock);
	exit(mon_wait(child));
}

int
monitor_split_start(const struct monitor_split *ms)
{
	pid_t pid;
	int fd = mon_fork(&pid);

	if (fd < 0 || pid == 0)
		return fd;
	mon_prelogin(ms, fd, pid);
}

/* Send a request (with fd when >= 0) and wait for the status and an
 * optional fd. */
static int
mon_call(int mon_fd, struct mon_msg *m, int fd, int *out)
{
	uint32_t status = MON_FAIL;

	*out = -1;
	if (wire_send(mon_fd, m, sizeof(*m), fd) < 0)
		return -1;
	if (wire_recv(mon_fd, &status, sizeof(status), out) !=
	    (ssize_t)sizeof(status) || status != MON_OK) {
		if (*out >= 0)
			close(*out);
		*out = -1;
		return status == MON_OK ? -1 : -(int)status;
	}
	return 0;
}

static int
mon_simple(int mon_fd, uint32_t req, int fd, int *out)
{
	struct mon_msg *m = xcalloc(1, sizeof(*m));
	int r;

	m->req = req;
	r = mon_call(mon_fd, m, fd, out);
	free(m);
	return r < 0 ? -1 : 0;
}

int
monitor_data_socket(int mon_fd)
{
	int fd = -1;

	if (mon_simple(mon_fd, MON_DATA_SOCKET, -1, &fd) < 0)
		return -1;
	return fd;
}

int
monitor_login(int mon_fd)
{
	int unused = -1;

	return mon_simple(mon_fd, MON_LOGIN, -1, &unused);
}

int
monitor_chown(int mon_fd, int fd)
{
	int unused = -1;

	if (mon_simple(mon_fd, MON_CHOWN, fd, &unused) < 0)
		return -1;
	if (unused >= 0)
		close(unused);
	return 0;
}

enum mon_status
monitor_auth(int mon_fd, const char *user, const char *pass, uint32_t flags,
    const char *extra, size_t extra_len, int *relay_fd)
{
	struct mon_msg *m = xcalloc(1, sizeof(*m));
	size_t ul = strlen(user), pl = strlen(pass);
	int unused = -1, r;

	*relay_fd = -1;
	if (ul > sizeof(m->user) || pl > sizeof(m->pass) ||
	    extra_len > sizeof(m->extra)) {
		free(m);
		return MON_FAIL;
	}
	m->req = MON_AUTH;
	m->flags = flags;
	m->user_len = (uint32_t)ul;
	memcpy(m->user, user, ul);
	m->pass_len = (uint32_t)pl;
	memcpy(m->pass, pass, pl);
	m->extra_len = (uint32_t)extra_len;
	memcpy(m->extra, extra, extra_len);
	r = mon_call(mon_fd, m, -1, &unused);
	explicit_bzero(m->pass, sizeof(m->pass));
	free(m);
	if (r == 0 && (flags & MON_AUTH_TLS) && unused >= 0) {
		*relay_fd = unused;
		return MON_OK;
	}
	if (unused >= 0)
		close(unused);
	if (r == 0)
		return MON_OK;
	if (r == -MON_DENIED || r == -MON_CLOSE)
		return (enum mon_status)-r;
	return MON_FAIL;
}
