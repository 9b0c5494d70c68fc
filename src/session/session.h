/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One FTP session: its state, start-up and command loop. */
#ifndef SF_SESSION_SESSION_H
#define SF_SESSION_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include "common/buf.h"
#include "common/limits.h"
#include "common/line.h"
#include "common/namelist.h"
#include "common/options.h"
#include "session/audit.h"
#include "session/data.h"
#include "session/fs.h"
#include "session/io.h"

struct userdb;

/* The buffers last (see struct session). */
struct ctrl {
	struct io io;
	size_t raw_off, raw_len;
	enum line_status held;		/* a line read during a transfer */
	bool eof;
	struct buf out;			/* reply being assembled */
	char raw[LIM_CTRL_READ];	/* bytes read, not yet parsed */
	struct line_reader lr;		/* its line buffer last */
};

/*
 * The small fields first, then the buffers: ctrl's read-ahead and line,
 * then cwd.  The struct starts a page (session_run maps it), so the small
 * fields and the start of both ctrl buffers share the first page and the
 * start of cwd is on the second: an idle session touches two of its
 * three pages.
 */
struct session {
	const struct options *opt;
	struct fs fs;
	struct data data;

	struct sockaddr_storage peer, local;	/* v4-mapped normalised */
	socklen_t peer_len, local_len;
	char peer_str[64];

	bool logged_in;
	bool user_given;		/* USER seen, PASS expected */
	bool user_anon;			/* that USER was anonymous */
	bool anon_privs;		/* anon_* permissions apply (anonymous,
					 * or a guest without
					 * virtual_use_local_privs) */
	bool split;			/* logins go through the monitor */
	char user[LIM_USER + 1];	/* USER's name, awaiting PASS */
	unsigned int login_fails;
	unsigned int prelogin_errors;
	time_t prelogin_deadline;

	char type;			/* 'A' or 'I' */
	uint64_t rest;			/* REST offset for the next transfer */
	bool epsv_all;
	unsigned int mlst_facts;
	struct buf visited;		/* dirs whose message was shown */
	unsigned long umask;		/* for files and dirs created */
	char *rnfr;			/* RNFR path awaiting RNTO, or NULL */
	int xfer_errno;			/* errno of a failed local write */
	int hash_algo;			/* enum hash_algo for HASH */
	int hash_fd;			/* hash helper, or -1: in process */
	struct audit audit;		/* transfer and protocol logs */
	int fails_fd;			/* max_login_fails_per_ip, or -1 */
	struct userdb *udb;		/* text_userdb_names, or NULL */
	char *banner;			/* banner_file contents, or NULL */
	struct login_lists lists;	/* user and e-mail lists */
	int mon_fd;			/* privileged monitor, or -1 */
	char *home;			/* start directory (virtual), for ~ */
	bool ctrl_tls;			/* the control connection is TLS (in
					 * this process or in the relay) */
	bool pbsz;			/* PBSZ seen */
	bool prot_p;			/* PROT P: data connections are TLS */
	unsigned char tls_token[16];	/* ties data TLS to this control */
	void *data_tls;			/* TLS of the data connection */
	bool chrooted;			/* by chroot(2), not openat2 alone */
	bool jailed;			/* the root is not the host's "/" */

	struct ctrl ctrl;
	char cwd[LIM_PATH];		/* virtual, absolute, clean */
};

/*
 * Serve one session on the connected control socket ctrl_fd with the
 * checked options o (as root: confine and drop privileges first).  Never
 * returns: exits with EXIT_OK after QUIT or a normal end.
 */
void session_run(const struct options *o, int ctrl_fd)
	__attribute__((noreturn));

/* Answer 421 on a control connection whose configuration was refused,
 * and exit with EXIT_CONFIG. */
void session_refuse(int ctrl_fd, const struct options *o)
	__attribute__((noreturn));

/* AUTH TLS (after the 234) and implicit_ssl: the TLS handshake on the
 * control connection; bytes the client sent before it are dropped.  A
 * failed handshake ends the session. */
void session_start_tls(struct session *s);

/* Pre-login, after a login over TLS: relay the control connection
 * between TLS and fd, the user's process, until either side ends. */
void session_relay(struct session *s, int fd) __attribute__((noreturn));

/* Who is logged in, for ps: "anonymous", or the user's name. */
const char *session_who(const struct session *s);

/* Read and answer commands until the session ends. */
void session_loop(struct session *s) __attribute__((noreturn));

/* A failure the session cannot survive: 421 to the client, the reason to
 * the log, exit with EXIT_RUNTIME. */
#define session_die(s, ...) session_die_f(s, __func__, __VA_ARGS__)
void session_die_f(struct session *s, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

/* End the session after a final reply already sent (QUIT, timeouts). */
void session_exit(struct session *s, int status) __attribute__((noreturn));

#endif
