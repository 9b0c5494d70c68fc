/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One FTP session: its state, start-up and command loop. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/config.h"
#include "common/limits.h"
#include "common/listing.h"
#include "common/log.h"
#include "common/pwfile.h"
#include "common/slots.h"
#include "common/userdb.h"
#include "common/xmem.h"
#include "monitor/login.h"
#include "monitor/monitor.h"
#include "monitor/privdrop.h"
#include "sandbox/sandbox.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/hash.h"
#include "session/proctitle.h"
#include "session/session.h"
#include "session/tls.h"

void
session_exit(struct session *s, int status)
{
	audit_disconnect(s);
	io_close(&s->ctrl.io);
	exit(status);
}

void
session_die_f(struct session *s, const char *func, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_msg(LOG_ERR, func, "%s", msg);
	ctrl_reply(s, 421, "Service not available, closing control "
	    "connection.");
	session_exit(s, EXIT_RUNTIME);
}

/* Read a host file (banner_file) before confinement. */
static char *
session_read_host_file(struct session *s, const char *path, size_t max)
{
	char *p = xmalloc(max + 1);
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		session_die(s, "banner_file %s: %s", path, strerror(errno));
	while (got < max) {
		n = read(fd, p + got, max - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	while (got > 0 && (p[got - 1] == '\n' || p[got - 1] == '\r'))
		got--;
	p[got] = '\0';
	return p;
}

static void
session_addresses(struct session *s, int fd)
{
	s->peer_len = sizeof(s->peer);
	s->local_len = sizeof(s->local);
	if (getpeername(fd, (struct sockaddr *)&s->peer, &s->peer_len) < 0 ||
	    getsockname(fd, (struct sockaddr *)&s->local, &s->local_len) < 0) {
		log_err("control socket has no peer: %s", strerror(errno));
		exit(EXIT_NOSOCKET);
	}
	addr_normalise(&s->peer, &s->peer_len);
	addr_normalise(&s->local, &s->local_len);
	addr_host(&s->peer, s->peer_str, sizeof(s->peer_str));
}

/* Refuse the connection before the greeting: 421 with vsftpd's text. */
static void __attribute__((noreturn))
session_turn_away(struct session *s, const char *why, const char *text)
{
	log_info("connection refused: %s", why);
	ctrl_reply(s, 421, "%s", text);
	session_exit(s, EXIT_OK);
}

/*
 * max_clients, max_per_ip and max_login_fails_per_ip, kept with nothing
 * resident: flock()ed slot files and failure logs in limits_dir (see
 * slots.h).  Only regular-file fds stay open; the directory fd is closed
 * before confinement, since a directory fd outside a chroot is a way out.
 */
static void
session_limits(struct session *s)
{
	const struct options *o = s->opt;
	char key[128];
	int dfd, all = -1, ip = -1;

	if (o->max_clients == 0 && o->max_per_ip == 0 &&
	    o->max_login_fails_per_ip == 0)
		return;
	dfd = open(o->limits_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 && errno == ENOENT && geteuid() == 0 &&
	    mkdir(o->limits_dir, 0755) == 0)
		dfd = open(o->limits_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		session_die(s, "limits_dir %s: %s", o->limits_dir,
		    strerror(errno));
	/* A connection that is turned away gives back the slots it took
	 * before it answers: until its process is gone, they would count
	 * against the next client. */
	if (o->max_clients > 0 &&
	    (all = slots_take(dfd, "all", o->max_clients)) < 0) {
		if (errno != EBUSY)
			session_die(s, "max_clients slot in %s: %s",
			    o->limits_dir, strerror(errno));
		session_turn_away(s, "max_clients reached",
		    "There are too many connected users, please try later.");
	}
	if (slots_key("ip-", s->peer_str, key, sizeof(key)) < 0)
		session_die(s, "no slot name for %s", s->peer_str);
	if (o->max_per_ip > 0 &&
	    (ip = slots_take(dfd, key, o->max_per_ip)) < 0) {
		if (errno != EBUSY)
			session_die(s, "max_per_ip slot in %s: %s",
			    o->limits_dir, strerror(errno));
		if (all >= 0)
			close(all);
		session_turn_away(s, "max_per_ip reached", "There are too "
		    "many connections from your internet address.");
	}
	if (o->max_login_fails_per_ip > 0) {
		s->fails_fd = slots_fails_open(dfd, s->peer_str);
		if (s->fails_fd < 0)
			session_die(s, "failure log in %s: %s", o->limits_dir,
			    strerror(errno));
		if (slots_fails_count(s->fails_fd, time(NULL),
		    o->login_fail_window) >= o->max_login_fails_per_ip) {
			if (all >= 0)
				close(all);
			if (ip >= 0)
				close(ip);
			session_turn_away(s, "max_login_fails_per_ip reached",
			    "Too many failed logins from your address; try "
			    "again later.");
		}
	}
	/* The slots stay held, by these fds, for the session's life. */
	close(dfd);
}

/* Does any upload of this session get chowned (chown_uploads)? */
static bool
session_chowns(const struct options *o)
{
	/* Anonymous uploads, and those of guests with anonymous
	 * privileges: the monitor checks which, per login. */
	return o->chown_uploads && o->write_enable && o->anon_upload_enable;
}

/*
 * Fork the root monitor when this session needs a privileged operation
 * (connect_from_port_20, chown_uploads), telling it exactly what it may
 * do.  Without either, no process keeps root.
 */
/* Fill the monitor's permits from the options (the caller adds what is
 * specific to a session: session_uid, the utmp user). */
static void
session_monitor_conf(struct session *s, struct monitor_conf *mc)
{
	const struct options *o = s->opt;
	struct pw_buf pwb;
	struct passwd *pw;

	memset(mc, 0, sizeof(*mc));
	mc->data_port_ok = o->connect_from_port_20;
	mc->local = s->local;
	mc->local_len = s->local_len;
	mc->data_port = (unsigned int)o->ftp_data_port;
	mc->chown_ok = session_chowns(o);
	if (mc->chown_ok) {
		pw = pw_getnam(o->chown_username, &pwb);
		if (pw == NULL)
			session_die(s, "chown_username %s: no such user",
			    o->chown_username);
		mc->chown_uid = pw->pw_uid;
		mc->chown_gid = pw->pw_gid;
		mc->chown_mode = (mode_t)o->chown_upload_mode;
	}
	mc->uwtmp_ok = o->session_support;
	snprintf(mc->uwtmp_user, sizeof(mc->uwtmp_user), "%s",
	    o->ftp_username);
	snprintf(mc->uwtmp_host, sizeof(mc->uwtmp_host), "%s", s->peer_str);
}

/*
 * Fork the root monitor when this session needs a privileged operation
 * (connect_from_port_20, chown_uploads, session_support), telling it
 * exactly what it may do.  Without any, no process keeps root.
 */
static void
session_monitor(struct session *s, uid_t session_uid)
{
	struct monitor_conf mc;

	session_monitor_conf(s, &mc);
	mc.session_uid = session_uid;
	if (!mc.data_port_ok && !mc.chown_ok && !mc.uwtmp_ok)
		return;
	s->mon_fd = monitor_start(s->ctrl.io.fd, &mc);
	if (s->mon_fd < 0)
		session_die(s, "cannot start the monitor: %s", strerror(errno));
}

/*
 * The last step of confinement: limits, then (seccomp_sandbox) the
 * system call allow-list.  Sanitizer builds (test only) skip seccomp:
 * their runtime makes calls a session never does.
 */
static void
session_sandbox(struct session *s, const struct options *o)
{
	char err[256];

	if (sandbox_apply(o->address_space_limit, err, sizeof(err)) < 0)
		session_die(s, "%s", err);
#ifndef SF_SANITIZERS
	if (o->seccomp_sandbox && sandbox_seccomp_available() &&
	    sandbox_seccomp(err, sizeof(err)) < 0)
		session_die(s, "%s", err);
#endif
}

/*
 * The pre-login process's root: secure_chroot_dir, which must be a
 * directory owned by root that nobody else can write.  vsftpd's default
 * (/usr/share/empty) is missing on Debian: then SF_EMPTY_DIR, made here.
 */
static const char *
session_empty_dir(struct session *s)
{
	const char *dir = s->opt->secure_chroot_dir;
	struct stat st;

	if (dir == NULL || (stat(dir, &st) < 0 && errno == ENOENT &&
	    !s->opt->set[OPT_ID_secure_chroot_dir])) {
		dir = SF_EMPTY_DIR;
		(void)mkdir(SF_RUN_DIR, 0755);
		(void)mkdir(dir, 0555);
	}
	if (stat(dir, &st) < 0)
		session_die(s, "secure_chroot_dir %s: %s", dir,
		    strerror(errno));
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)))
		session_die(s, "secure_chroot_dir %s must be a directory owned "
		    "by root and writable by nobody else", dir);
	return dir;
}

/* The relay's first message: the control connection's TLS session (see
 * relay.c), for this process's session cache. */
static void
session_relay_preamble(struct session *s, int fd)
{
	unsigned char *buf = xmalloc(TLS_SESSION_MAX);
	uint32_t len = 0;
	size_t got = 0, want = sizeof(len);
	ssize_t n;

	while (got < want) {
		if (io_wait(fd, POLLIN, LIM_TLS_HANDSHAKE_SECONDS * 1000) <= 0)
			session_die(s, "no TLS session from the relay");
		n = read(fd, got < sizeof(len) ? (unsigned char *)&len + got :
		    buf + (got - sizeof(len)), want - got);
		if (n <= 0) {
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			session_die(s, "the relay ended before the login");
		}
		got += (size_t)n;
		if (got == sizeof(len) && want == sizeof(len)) {
			if (len > TLS_SESSION_MAX)
				session_die(s, "the relay sent a malformed "
				    "TLS session");
			want += len;
		}
	}
	tls_session_import(buf, len);
	free(buf);
}

/* A logged-in session's first steps: become the user in the root the
 * monitor decided, then greet with 230 and serve. */
static void __attribute__((noreturn))
session_postlogin(void *ctx, struct login *l,
    const struct monitor_handover *h, int mon_fd)
{
	struct session *s = ctx;
	const struct options *o = &l->opt;
	/* A session rooted at the host's "/" needs no openat2 to stay in
	 * it (valgrind, for one, lacks openat2). */
	bool host_root = strcmp(l->root, "/") == 0;
	char err[256];
	struct stat st;

	s->opt = o;
	s->mon_fd = mon_fd;
	if (h->relay_fd >= 0) {
		/* TLS stays in the pre-login process, which relays it: this
		 * process talks to the relay, never to the client's socket. */
		close(s->ctrl.io.fd);
		io_plain_init(&s->ctrl.io, h->relay_fd);
		s->ctrl_tls = true;
		s->pbsz = (h->flags & MON_AUTH_PBSZ) != 0;
		s->prot_p = (h->flags & MON_AUTH_PROT_P) != 0;
	} else if (h->extra_len > 0 && h->extra_len <= sizeof(s->ctrl.raw)) {
		memcpy(s->ctrl.raw, h->extra, h->extra_len);
		s->ctrl.raw_off = 0;
		s->ctrl.raw_len = h->extra_len;
	}
	xmem_set_oom_fd(s->ctrl.io.fd);
	log_set_tag(s->peer_str);
	if (geteuid() == 0) {
#ifndef SF_SANITIZERS
		if (o->hash_enable && commands_permitted(s, "HASH")) {
			s->hash_fd = hash_helper_start(l->uid, l->gid);
			if (s->hash_fd < 0)
				session_die(s, "cannot start the hash helper: %s",
				    strerror(errno));
		}
		if (privdrop_become_groups(l->chroot ? l->root : NULL, l->uid,
		    l->gid, l->groups, l->ngroups, err, sizeof(err)) < 0)
			session_die(s, "login of %s: %s", l->name, err);
		s->chrooted = l->chroot;
		if (fs_init(&s->fs, l->chroot ? "/" : l->root,
		    l->chroot || host_root) < 0)
			session_die(s, "login of %s: root %s: %s", l->name,
			    l->root, strerror(errno));
#else
		/* Test builds only: LeakSanitizer needs /proc, so the root is
		 * enforced by openat2 alone. */
		if (privdrop_become_groups(NULL, l->uid, l->gid, l->groups,
		    l->ngroups, err, sizeof(err)) < 0)
			session_die(s, "login of %s: %s", l->name, err);
		if (fs_init(&s->fs, l->root, host_root) < 0)
			session_die(s, "login of %s: root %s: %s", l->name,
			    l->root, strerror(errno));
#endif
	} else if (fs_init(&s->fs, l->root, host_root) < 0) {
		session_die(s, "login of %s: root %s: %s", l->name, l->root,
		    strerror(errno));
	}
	s->jailed = !host_root;
	/* The relay's first message, parsed by OpenSSL: only now, without
	 * privileges (the pre-login process, which sends it, parsed the
	 * client's input). */
	if (h->relay_fd >= 0)
		session_relay_preamble(s, h->relay_fd);
	session_sandbox(s, o);
	umask(0);
	if (fs_stat(&s->fs, l->start, &st) < 0 || !S_ISDIR(st.st_mode)) {
		log_err("login of %s: cannot change to %s%s: %s", l->name,
		    l->chroot ? l->root : "", l->start,
		    S_ISDIR(st.st_mode) ? strerror(errno) : "not a directory");
		ctrl_reply(s, 421, "Service not available: cannot change to "
		    "the home directory.");
		session_exit(s, EXIT_RUNTIME);
	}
	snprintf(s->cwd, sizeof(s->cwd), "%s", l->start);
	s->home = xstrdup(l->start);
	s->logged_in = true;
	s->user_anon = l->anon;
	s->anon_privs = l->anon_privs;
	s->umask = l->anon_privs ? o->anon_umask : o->local_umask;
	if (o->delay_successful_login > 0)
		sleep((unsigned int)o->delay_successful_login);
	audit_user(s, l->name);
	audit_login(s, true, l->anon ? h->pass : NULL);
	if (l->anon) {
		log_info("anonymous login");
		proctitle_set("%s: anonymous: idle", s->peer_str);
	} else {
		log_info("login of %s%s (uid %ld)", l->name,
		    l->guest ? " (guest)" : "", (long)l->uid);
		proctitle_set("%s: %s: idle", s->peer_str, l->name);
	}
	cmd_dir_message(s, 230, s->cwd);
	ctrl_reply(s, 230, "Login successful.");
	session_loop(s);
}

/*
 * local_enable: split the session.  This process becomes the monitor
 * (root when started as root); the child returns from here as the
 * pre-login process, confined to an empty directory as nopriv_user, and
 * sends USER/PASS to the monitor, which starts a new process for every
 * login (session_postlogin).
 */
static void
session_split(struct session *s)
{
	const struct options *o = s->opt;
	static struct monitor_split ms;
	struct pw_buf pwb;
	struct passwd *pw;
	char err[256];
	const char *empty = NULL;
	uid_t uid = 0;
	gid_t gid = 0;
	bool as_root = geteuid() == 0;

	memset(&ms, 0, sizeof(ms));
	session_monitor_conf(s, &ms.mc);
	ms.opt = o;
	ms.lists = &s->lists;
	snprintf(ms.rhost, sizeof(ms.rhost), "%s", s->peer_str);
	ms.as_root = as_root;
	ms.ctrl_fd = s->ctrl.io.fd;
	ms.postlogin = session_postlogin;
	ms.ctx = s;
	if (as_root) {
		pw = pw_getnam(o->nopriv_user, &pwb);
		if (pw == NULL)
			session_die(s, "nopriv_user %s: no such user",
			    o->nopriv_user);
		if (pw->pw_uid == 0)
			session_die(s, "nopriv_user %s is root", o->nopriv_user);
		uid = pw->pw_uid;
		gid = pw->pw_gid;
		endpwent();
		empty = session_empty_dir(s);
	}
	s->mon_fd = monitor_split_start(&ms);
	if (s->mon_fd < 0)
		session_die(s, "cannot start the monitor: %s", strerror(errno));
	s->split = true;
	xmem_set_oom_fd(s->ctrl.io.fd);
	if (as_root) {
#ifdef SF_SANITIZERS
		/* Test builds: LeakSanitizer needs /proc at exit. */
		empty = NULL;
#endif
		if (privdrop_become(empty, uid, gid, err, sizeof(err)) < 0)
			session_die(s, "pre-login: %s", err);
		s->chrooted = empty != NULL;
	}
	s->jailed = true;
	session_sandbox(s, o);
}

/*
 * Everything that needs the host's file system or root happens here,
 * before the first byte from the client is read: time zone, user names,
 * banner, the monitor; then chroot and the drop to ftp_username.
 */
static void
session_confine(struct session *s)
{
	const struct options *o = s->opt;
	struct pw_buf pwb;
	struct passwd *pw;
	char err[256], *root;
	bool as_root = geteuid() == 0;
	uid_t uid = 0;
	gid_t gid = 0;

	/* Always, even with GMT listings: syslog() reads the time zone on
	 * its first use, and after confinement that file would come from
	 * the session's root. */
	tzset();
	session_limits(s);
	{
		const char *path = NULL;

		if (audit_open(s, &path) < 0)
			session_die(s, "cannot open log file %s: %s",
			    path ? path : "(none)", strerror(errno));
	}
	if (o->ssl_enable || o->implicit_ssl) {
		char terr[512];

		/* Certificates and keys are read now, as root. */
		if (tls_setup(o, terr, sizeof(terr)) < 0)
			session_die(s, "TLS: %s", terr);
	}
	if (o->text_userdb_names && !o->hide_ids) {
		s->udb = userdb_new();
		userdb_load_system(s->udb);
	}
	if (o->banner_file != NULL)
		s->banner = session_read_host_file(s, o->banner_file,
		    LIM_BANNER_FILE);
	login_lists_load(o, &s->lists);
	if (o->local_enable) {
		session_split(s);
		return;
	}
	pw = pw_getnam(o->ftp_username, &pwb);
	if (pw == NULL && (as_root || o->anon_root == NULL))
		session_die(s, "ftp_username %s: no such user", o->ftp_username);
	root = xstrdup(o->anon_root ? o->anon_root : pw->pw_dir);
	if (pw != NULL) {
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	endpwent();

	if (as_root) {
		session_monitor(s, uid);
#ifndef SF_SANITIZERS
		/* After chroot libcrypto could no longer be loaded: a helper
		 * outside it hashes for this session, when HASH is offered. */
		if (o->hash_enable && commands_permitted(s, "HASH")) {
			s->hash_fd = hash_helper_start(uid, gid);
			if (s->hash_fd < 0)
				session_die(s, "cannot start the hash helper: %s",
				    strerror(errno));
		}
#endif
#ifndef SF_SANITIZERS
		if (privdrop_become(root, uid, gid, err, sizeof(err)) < 0)
			session_die(s, "%s", err);
		s->chrooted = true;
		if (fs_init(&s->fs, "/", true) < 0)
			session_die(s, "anon_root %s: %s", root, strerror(errno));
#else
		/* Test builds only: LeakSanitizer needs /proc, so the root is
		 * enforced by openat2 alone, as for an unprivileged start. */
		if (fs_init(&s->fs, root, false) < 0)
			session_die(s, "anon_root %s: %s", root, strerror(errno));
		if (privdrop_become(NULL, uid, gid, err, sizeof(err)) < 0)
			session_die(s, "%s", err);
#endif
	} else if (fs_init(&s->fs, root, false) < 0) {
		if (errno == ENOSYS)
			session_die(s, "without root, confinement needs "
			    "openat2() (Linux 5.6 or later)");
		session_die(s, "anon_root %s: %s", root, strerror(errno));
	}
	s->jailed = true;
	session_sandbox(s, o);
	/* Modes of created files come from file_open_mode and the session's
	 * umask (anon_umask) alone, not from the launcher's umask. */
	umask(0);
	free(root);
}

void
session_start_tls(struct session *s)
{
	struct ctrl *c = &s->ctrl;
	char err[512], desc[96];
	void *ssl;

	/* Whatever came with or after AUTH in clear text is not a command
	 * (the STARTTLS injection class, CVE-2011-1575). */
	if (c->raw_off < c->raw_len)
		log_info("dropping %zu bytes sent before the TLS handshake",
		    c->raw_len - c->raw_off);
	c->raw_off = c->raw_len = 0;
	ssl = tls_accept(c->io.fd, s->tls_token, false,
	    LIM_TLS_HANDSHAKE_SECONDS * 1000, err, sizeof(err));
	if (ssl == NULL) {
		log_info("control connection: %s", err);
		session_exit(s, EXIT_OK);
	}
	io_tls_init(&c->io, c->io.fd, ssl);
	/* A plain-text 421 would break the TLS stream: no last words. */
	xmem_set_oom_fd(-1);
	s->ctrl_tls = true;
	s->pbsz = s->prot_p = false;
	tls_describe(ssl, desc, sizeof(desc));
	log_info("control connection: %s", desc);
}

static void
session_greet(struct session *s)
{
	if (s->banner != NULL && s->banner[0] != '\0')
		ctrl_reply(s, 220, "%s", s->banner);
	else if (s->opt->ftpd_banner != NULL)
		ctrl_reply(s, 220, "%s", s->opt->ftpd_banner);
	else
		ctrl_reply(s, 220, "(sockftpd %s)", PACKAGE_VERSION);
}

/* s must be zeroed already. */
static void
session_init(struct session *s, const struct options *o, int ctrl_fd)
{
	int one = 1;

	/* sendfile() to a vanished client raises SIGPIPE, and a write past
	 * RLIMIT_FSIZE raises SIGXFSZ; an error return (EPIPE, EFBIG) is
	 * what every write path here handles. */
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	s->opt = o;
	s->mon_fd = -1;
	s->hash_fd = -1;
	s->fails_fd = -1;
	s->audit.vsftpd_fd = -1;
	s->audit.xferlog_fd = -1;
	s->type = 'A';
	s->umask = o->anon_umask;
	s->mlst_facts = MLSX_ALL;
	memcpy(s->cwd, "/", 2);
	data_init(&s->data);
	buf_init(&s->visited, 64 * 1024);
	s->prelogin_deadline = time(NULL) + LIM_PRELOGIN_SECONDS;
	if (getrandom(s->tls_token, sizeof(s->tls_token), 0) !=
	    (ssize_t)sizeof(s->tls_token))
		log_err("getrandom: %s: TLS data connections of different "
		    "sessions cannot be told apart", strerror(errno));
	/* Urgent data (Telnet Synch before ABOR, Python's MSG_OOB) stays in
	 * the stream, where the line reader drops the Telnet bytes. */
	setsockopt(ctrl_fd, SOL_SOCKET, SO_OOBINLINE, &one, sizeof(one));
	/* Replies are complete messages: do not hold the second of two
	 * (426 then 226) for a delayed ACK. */
	setsockopt(ctrl_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	ctrl_init(s, ctrl_fd);
}

void
session_refuse(int ctrl_fd, const struct options *o)
{
	struct session s;

	/* Out of memory: the client hears 421 before the exit. */
	xmem_set_oom_fd(ctrl_fd);
	memset(&s, 0, sizeof(s));
	session_init(&s, o, ctrl_fd);
	ctrl_reply(&s, 421, "Service not available: configuration error "
	    "(details in the server log).");
	session_exit(&s, EXIT_CONFIG);
}

/* In a frame of its own: the buffer is not under the session's frames. */
static void __attribute__((noinline))
session_warn_unimplemented(const struct options *o)
{
	char todo[1024];

	config_unimplemented(o, todo, sizeof(todo));
	if (todo[0] != '\0')
		log_warn("options not implemented yet, ignored: %s", todo);
}

void
session_run(const struct options *o, int ctrl_fd)
{
	/* One session per process, in a mapping of its own: zero-filled,
	 * starting a page (see struct session), and the pages of its
	 * buffers stay untouched (and out of the session's dirty memory)
	 * until a command reaches them.  calloc() would clear it all. */
	struct session *s;

	/* Out of memory: the client hears 421 before the exit. */
	xmem_set_oom_fd(ctrl_fd);
	s = xmap_zero(sizeof(*s));

	session_init(s, o, ctrl_fd);
	session_addresses(s, ctrl_fd);
	log_set_tag(s->peer_str);
	session_warn_unimplemented(o);
	/* Before the split, so that every process of the session has it. */
	if (o->setproctitle_enable) {
		proctitle_enable();
		proctitle_set("%s: connected", s->peer_str);
	}
	session_confine(s);
	audit_connect(s);
	if (o->implicit_ssl)
		session_start_tls(s);
	session_greet(s);
	session_loop(s);
}

const char *
session_who(const struct session *s)
{
	return s->user_anon ? "anonymous" : s->audit.user;
}

void
session_loop(struct session *s)
{
	for (;;) {
		switch (ctrl_read_line(s)) {
		case LINE_OK:
			commands_dispatch(s, s->ctrl.lr.line);
			break;
		case LINE_TOO_LONG:
			ctrl_reply(s, 500, "Input line too long.");
			break;
		case LINE_NUL:
			ctrl_reply(s, 500, "Input line contains a NUL byte.");
			break;
		case LINE_NONE:
			break;
		}
	}
}
