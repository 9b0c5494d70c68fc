/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Logging in and out: USER, PASS, QUIT, and the TLS verbs while TLS is off. */
#include "sf_config.h"

#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/slots.h"
#include "monitor/monitor.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/proctitle.h"
#include "session/session.h"

static bool
cmd_is_anonymous(const char *user)
{
	return strcasecmp(user, "anonymous") == 0 ||
	    strcasecmp(user, "ftp") == 0;
}

/* A refused login: slow down, answer 530, and close the connection after
 * max_login_fails of them. */
static void
cmd_login_failed(struct session *s, const char *text)
{
	const struct options *o = s->opt;
	time_t now = time(NULL);

	audit_login(s, false, NULL);
	if (s->fails_fd >= 0)
		slots_fails_record(s->fails_fd, now, o->login_fail_window);
	if (o->delay_failed_login > 0)
		sleep((unsigned int)o->delay_failed_login);
	ctrl_reply(s, 530, "%s", text);
	s->user_given = false;
	s->login_fails++;
	if (o->max_login_fails > 0 && s->login_fails >= o->max_login_fails) {
		log_info("closing after %u failed logins", s->login_fails);
		session_exit(s, EXIT_OK);
	}
	/* Across sessions: the address has used up its failures. */
	if (s->fails_fd >= 0 && slots_fails_count(s->fails_fd, now,
	    o->login_fail_window) >= o->max_login_fails_per_ip) {
		log_info("closing: max_login_fails_per_ip reached");
		session_exit(s, EXIT_OK);
	}
}

static void
cmd_login_anonymous(struct session *s, const char *pass)
{
	if (s->opt->delay_successful_login > 0)
		sleep((unsigned int)s->opt->delay_successful_login);
	s->logged_in = true;
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

void
cmd_user(struct session *s, const char *arg)
{
	if (s->logged_in) {
		ctrl_reply(s, 530, "Can't change from guest user.");
		return;
	}
	audit_user(s, arg);
	if (!cmd_is_anonymous(arg)) {
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
	/* The only users a session can have today are anonymous, and any
	 * password (an e-mail address by tradition) is accepted. */
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
	(void)arg;
	ctrl_reply(s, 502, "AUTH unavailable: TLS is not enabled (ssl_enable=NO).");
}

void
cmd_pbsz_prot(struct session *s, const char *arg)
{
	(void)arg;
	ctrl_reply(s, 550, "Permission denied.");
}
