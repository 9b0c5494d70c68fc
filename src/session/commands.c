/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command table and dispatcher, expanded from commands.def. */
#include "sf_config.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "common/limits.h"
#include "common/log.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/session.h"

/* The handler of C_NOIMP commands: they are answered 502 before it. */
static void
cmd_noimp(struct session *s, const char *arg)
{
	(void)arg;
	ctrl_reply(s, 502, "Command not implemented.");
}

enum {
#define CMD(v, h, f, ft) CMD_##v,
#include "session/commands.def"
#undef CMD
};

/* A verb or FEAT line too long for its field would lose its NUL. */
#define CMD(v, h, f, ft) \
	_Static_assert(sizeof(#v) <= sizeof(((struct command *)0)->verb) && \
	    sizeof(ft) <= sizeof(((struct command *)0)->feat), #v);
#include "session/commands.def"
#undef CMD

const struct command commands[] = {
#define CMD(v, h, f, ft) [CMD_##v] = { #v, f, ft },
#include "session/commands.def"
#undef CMD
};

const unsigned int command_count = sizeof(commands) / sizeof(commands[0]);

static const struct command *
commands_find(const char *verb)
{
	unsigned int i;

	for (i = 0; i < command_count; i++)
		if (strcasecmp(commands[i].verb, verb) == 0)
			return &commands[i];
	return NULL;
}

/* Is verb in a comma-separated list (cmds_allowed, cmds_denied)? */
static bool
commands_in_list(const char *list, const char *verb)
{
	size_t n = strlen(verb);
	const char *p = list;

	while (*p != '\0') {
		size_t m;

		while (*p == ',' || *p == ' ')
			p++;
		m = strcspn(p, ", ");
		if (m == n && strncasecmp(p, verb, n) == 0)
			return true;
		p += m;
	}
	return false;
}

bool
commands_permitted(const struct session *s, const char *verb)
{
	const struct options *o = s->opt;

	if (o->cmds_allowed != NULL && !commands_in_list(o->cmds_allowed, verb))
		return false;
	if (o->cmds_denied != NULL && commands_in_list(o->cmds_denied, verb))
		return false;
	return true;
}

/* HTTP verbs before login mean a browser or a cross-protocol attack
 * (ALPACA): end the session at once, as vsftpd 3.0.4 does. */
static bool
commands_is_http(const char *verb)
{
	static const char *const http[] = {
		"GET", "POST", "HEAD", "PUT", "OPTIONS", "CONNECT", "DELETE",
	};
	size_t i;

	for (i = 0; i < sizeof(http) / sizeof(http[0]); i++)
		if (strcmp(verb, http[i]) == 0)
			return true;
	return false;
}

static void
commands_prelogin_error(struct session *s)
{
	if (++s->prelogin_errors >= LIM_PRELOGIN_ERRORS) {
		log_info("too many commands before login");
		ctrl_reply(s, 421, "Too many commands before login.");
		session_exit(s, EXIT_OK);
	}
}

void
commands_dispatch(struct session *s, char *line)
{
	const struct command *c;
	char verb[8];
	const char *arg;
	size_t n = strcspn(line, " ");

	audit_command(s, line);
	arg = line[n] == ' ' ? line + n + 1 : "";
	if (n == 0 || n >= sizeof(verb)) {
		if (!s->logged_in) {
			ctrl_reply(s, 530, "Please login with USER and PASS.");
			commands_prelogin_error(s);
		} else {
			ctrl_reply(s, 500, "Unknown command.");
		}
		return;
	}
	memcpy(verb, line, n);
	verb[n] = '\0';
	for (n = 0; verb[n] != '\0'; n++)
		verb[n] = (char)toupper((unsigned char)verb[n]);
	c = commands_find(verb);
	if (!s->logged_in && (c == NULL || !(c->flags & C_PRE))) {
		if (commands_is_http(verb)) {
			log_warn("HTTP request on the FTP port; closing");
			ctrl_reply(s, 421, "This is an FTP server.");
			session_exit(s, EXIT_OK);
		}
		ctrl_reply(s, 530, "Please login with USER and PASS.");
		commands_prelogin_error(s);
		return;
	}
	if (c == NULL) {
		ctrl_reply(s, 500, "Unknown command.");
		return;
	}
	if (s->logged_in && !commands_permitted(s, c->verb)) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (c->flags & C_NOIMP) {
		ctrl_reply(s, 502, "%s not implemented.", c->verb);
		return;
	}
	if ((c->flags & C_WRITE) && !s->opt->write_enable) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if ((c->flags & C_ARG) && arg[0] == '\0') {
		ctrl_reply(s, 501, "%s needs an argument.", c->verb);
		if (!s->logged_in)
			commands_prelogin_error(s);
		return;
	}
	switch ((unsigned int)(c - commands)) {
#define CMD(v, h, f, ft) case CMD_##v: h(s, arg); break;
#include "session/commands.def"
#undef CMD
	default:
		log_bug("command %u outside the table",
		    (unsigned int)(c - commands));
	}
}
