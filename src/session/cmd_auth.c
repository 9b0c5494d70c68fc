/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Logging in and out: USER, PASS, QUIT, and the TLS verbs while TLS is off. */
#include "sf_config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/slots.h"
#include "common/monproto.h"
#include "monitor/login.h"
#include "monitor/monitor.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/proctitle.h"
#include "session/session.h"

/* Across sessions: the address has used up its failures. */
static void
cmd_login_fails_per_ip(struct session *s)
{
	const struct options *o = s->opt;

	if (s->fails_fd >= 0 && slots_fails_count(s->fails_fd, time(NULL),
	    o->login_fail_window) >= o->max_login_fails_per_ip) {
		log_info("closing: max_login_fails_per_ip reached");
		session_exit(s, EXIT_OK);
	}
}

/* One more refused login: close the connection after max_login_fails. */
static void
cmd_login_count(struct session *s)
{
	const struct options *o = s->opt;

	s->user_given = false;
	s->login_fails++;
	if (o->max_login_fails > 0 && s->login_fails >= o->max_login_fails) {
		log_info("closing after %u failed logins", s->login_fails);
		session_exit(s, EXIT_OK);
	}
	cmd_login_fails_per_ip(s);
}

/* A refused login: slow down, answer 530, and count it. */
static void
cmd_login_failed(struct session *s, const char *text)
{
	const struct options *o = s->opt;

	audit_login(s, false, NULL);
	if (s->fails_fd >= 0)
		slots_fails_record(s->fails_fd, time(NULL),
		    o->login_fail_window);
	if (o->delay_failed_login > 0)
		sleep((unsigned int)o->delay_failed_login);
	ctrl_reply(s, 530, "%s", text);
	cmd_login_count(s);
}

static void
cmd_login_anonymous(struct session *s, const char *pass)
{
	if (s->opt->delay_successful_login > 0)
		sleep((unsigned int)s->opt->delay_successful_login);
	s->logged_in = true;
	s->anon_privs = true;
	s->user_given = false;
	log_info("anonymous login");
	audit_user(s, "ftp");
	audit_login(s, true, pass);
	if (s->opt->session_support && s->mon_fd >= 0 &&
	    monitor_login(s->mon_fd) < 0)
		log_err("session_support: the monitor did not record the login");
	proctitle_set("%s: anonymous: idle", s->peer_str);
	cmd_dir_message(s, 230, s->cwd);
	ctrl_reply(s, 230, "Login successful.");
}

static void cmd_pass_split(struct session *s, const char *arg);

/* The TLS policy for a login (force_*_logins_ssl, allow_anon_ssl): the
 * 530 text of a refusal, or NULL. */
static const char *
cmd_tls_refusal(const struct session *s, bool anon)
{
	const struct options *o = s->opt;

	if (!o->ssl_enable && !o->implicit_ssl)
		return NULL;
	if (anon && s->ctrl_tls && !o->allow_anon_ssl)
		return "Anonymous sessions may not use encryption.";
	if (anon && !s->ctrl_tls && o->force_anon_logins_ssl)
		return "Anonymous sessions must use encryption.";
	if (!anon && !s->ctrl_tls && o->force_local_logins_ssl)
		return "Non-anonymous sessions must use encryption.";
	return NULL;
}

/*
 * USER in a split session (local_enable): the name is kept for PASS; a
 * user the user list refuses gets 530 at once, as in vsftpd (the
 * monitor checks the list again).
 */
static void
cmd_user_split(struct session *s, const char *arg)
{
	const struct options *o = s->opt;
	size_t n = strlen(arg);
	const char *text;

	audit_user(s, arg);
	s->user_given = false;
	if (!mon_user_ok(arg, n)) {
		/* Never log the name: users type passwords into it. */
		log_info("login refused: a user name sockftpd does not accept");
		cmd_login_failed(s, "Login incorrect.");
		return;
	}
	if (login_userlist_refuses(o, &s->lists, arg)) {
		if (o->userlist_log)
			log_info("login of %s refused by userlist_file", arg);
		cmd_login_failed(s, "Permission denied.");
		return;
	}
	if (login_is_anonymous(arg) && !o->anonymous_enable) {
		log_info("anonymous login refused: anonymous_enable=NO");
		cmd_login_failed(s, "Permission denied.");
		return;
	}
	if ((text = cmd_tls_refusal(s, login_is_anonymous(arg))) != NULL) {
		log_info("login refused: %s", text);
		cmd_login_failed(s, text);
		return;
	}
	s->user_given = true;
	s->user_anon = login_is_anonymous(arg);
	snprintf(s->user, sizeof(s->user), "%s", arg);
	if (s->user_anon && o->no_anon_password) {
		cmd_pass_split(s, "?");
		return;
	}
	ctrl_reply(s, 331, "Please specify the password.");
}

/*
 * PASS in a split session: the monitor decides.  On success it ends this
 * process and starts the logged-in one, which answers 230 -- so here
 * only failures come back.
 */
static void
cmd_pass_split(struct session *s, const char *arg)
{
	struct ctrl *c = &s->ctrl;
	enum mon_status st;
	size_t extra = c->raw_len - c->raw_off;
	uint32_t flags = 0;
	int relay_fd = -1;

	if (strlen(arg) > LIM_PASS) {
		log_info("login of %s refused: password longer than %d bytes",
		    s->user, LIM_PASS);
		cmd_login_failed(s, "Login incorrect.");
		return;
	}
	if (s->ctrl_tls) {
		/* The relay forwards unread bytes itself. */
		flags = MON_AUTH_TLS | (s->pbsz ? MON_AUTH_PBSZ : 0) |
		    (s->prot_p ? MON_AUTH_PROT_P : 0);
		extra = 0;
	}
	st = monitor_auth(s->mon_fd, s->user, arg, flags, c->raw + c->raw_off,
	    extra, &relay_fd);
	/* The password stays in no buffer of this process: not in the
	 * line, not in the raw bytes it was parsed from. */
	explicit_bzero(c->lr.line, sizeof(c->lr.line));
	explicit_bzero(c->raw, c->raw_off);
	explicit_bzero(c->raw + c->raw_len, sizeof(c->raw) - c->raw_len);
	if (st == MON_OK) {
		/* With TLS this process relays the control connection from
		 * now on; without, the monitor has ended it already. */
		if (relay_fd >= 0)
			session_relay(s, relay_fd);
		_exit(EXIT_OK);
	}
	audit_login(s, false, NULL);
	if (s->fails_fd >= 0)
		slots_fails_record(s->fails_fd, time(NULL),
		    s->opt->login_fail_window);
	/* The monitor waited delay_failed_login already. */
	ctrl_reply(s, 530, "%s", st == MON_DENIED ? "Permission denied." :
	    "Login incorrect.");
	if (st == MON_CLOSE) {
		log_info("closing after %u failed logins", s->login_fails + 1);
		session_exit(s, EXIT_OK);
	}
	cmd_login_count(s);
}

void
cmd_user(struct session *s, const char *arg)
{
	const char *text;

	if (s->logged_in) {
		ctrl_reply(s, 530, "Can't change from guest user.");
		return;
	}
	if (s->split) {
		cmd_user_split(s, arg);
		return;
	}
	audit_user(s, arg);
	if (login_userlist_refuses(s->opt, &s->lists, arg)) {
		if (s->opt->userlist_log)
			log_info("login refused by userlist_file");
		cmd_login_failed(s, "Permission denied.");
		return;
	}
	if (!login_is_anonymous(arg)) {
		/* Never log the name: users type passwords into it. */
		log_info("login refused: not an anonymous user name");
		cmd_login_failed(s, "This FTP server is anonymous only.");
		return;
	}
	if (!s->opt->anonymous_enable) {
		log_info("anonymous login refused: anonymous_enable=NO");
		cmd_login_failed(s, "Permission denied.");
		return;
	}
	if ((text = cmd_tls_refusal(s, true)) != NULL) {
		log_info("login refused: %s", text);
		cmd_login_failed(s, text);
		return;
	}
	s->user_given = true;
	s->user_anon = true;
	if (s->opt->no_anon_password) {
		cmd_login_anonymous(s, "?");
		return;
	}
	ctrl_reply(s, 331, "Please specify the password.");
}

void
cmd_pass(struct session *s, const char *arg)
{
	if (s->logged_in) {
		ctrl_reply(s, 230, "Already logged in.");
		return;
	}
	if (!s->user_given) {
		ctrl_reply(s, 503, "Login with USER first.");
		return;
	}
	if (s->split) {
		cmd_pass_split(s, arg);
		return;
	}
	/* Anonymous only: the password is an e-mail address by tradition,
	 * checked only against the e-mail lists. */
	if (login_email_refused(s->opt, &s->lists, arg)) {
		cmd_login_failed(s, "Login incorrect.");
		return;
	}
	cmd_login_anonymous(s, arg);
}

void
cmd_quit(struct session *s, const char *arg)
{
	(void)arg;
	ctrl_reply(s, 221, "Goodbye.");
	session_exit(s, EXIT_OK);
}

void
cmd_auth(struct session *s, const char *arg)
{
	const struct options *o = s->opt;

	if (!o->ssl_enable && !o->implicit_ssl) {
		ctrl_reply(s, 502, "AUTH unavailable: TLS is not enabled "
		    "(ssl_enable=NO).");
		return;
	}
	if (s->ctrl_tls) {
		ctrl_reply(s, 503, "Already using TLS.");
		return;
	}
	if (strcasecmp(arg, "TLS") != 0 && strcasecmp(arg, "SSL") != 0 &&
	    strcasecmp(arg, "TLS-C") != 0) {
		ctrl_reply(s, 504, "Unknown AUTH type.");
		return;
	}
	ctrl_reply(s, 234, "Proceed with negotiation.");
	session_start_tls(s);
}

void
cmd_pbsz(struct session *s, const char *arg)
{
	const struct options *o = s->opt;

	if (!o->ssl_enable && !o->implicit_ssl) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!s->ctrl_tls) {
		ctrl_reply(s, 503, "PBSZ needs a secure connection.");
		return;
	}
	if (arg[0] == '\0' || strspn(arg, "0123456789") != strlen(arg)) {
		ctrl_reply(s, 501, "PBSZ needs a number.");
		return;
	}
	/* Stream mode over TLS has no protection buffer: always 0. */
	s->pbsz = true;
	ctrl_reply(s, 200, "PBSZ set to 0.");
}

void
cmd_prot(struct session *s, const char *arg)
{
	const struct options *o = s->opt;

	if (!o->ssl_enable && !o->implicit_ssl) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!s->ctrl_tls) {
		ctrl_reply(s, 503, "PROT needs a secure connection.");
		return;
	}
	if (strcasecmp(arg, "P") == 0) {
		s->prot_p = true;
		ctrl_reply(s, 200, "PROT now Private.");
	} else if (strcasecmp(arg, "C") == 0) {
		s->prot_p = false;
		ctrl_reply(s, 200, "PROT now Clear.");
	} else if (strcasecmp(arg, "S") == 0 || strcasecmp(arg, "E") == 0) {
		ctrl_reply(s, 536, "PROT not supported.");
	} else {
		ctrl_reply(s, 504, "PROT not recognized.");
	}
}

void
cmd_ccc(struct session *s, const char *arg)
{
	(void)arg;
	/* Clear text after TLS would hand the session to anyone on path. */
	ctrl_reply(s, 534, "CCC not allowed.");
}
