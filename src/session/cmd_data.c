/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transfer parameters: TYPE, MODE, STRU, PASV, EPSV, PORT, EPRT, ABOR. */
#include "sf_config.h"

#include <arpa/inet.h>
#include <string.h>

#include "common/parse.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/data.h"
#include "session/session.h"

void
cmd_type(struct session *s, const char *arg)
{
	char t;

	switch (parse_type(arg, &t)) {
	case PARSE_OK:
		s->type = t;
		ctrl_reply(s, 200, "Switching to %s mode.",
		    t == 'A' ? "ASCII" : "Binary");
		break;
	case PARSE_UNSUPPORTED:
		ctrl_reply(s, 504, "TYPE not supported.");
		break;
	default:
		ctrl_reply(s, 500, "Unrecognised TYPE command.");
		break;
	}
}

void
cmd_mode(struct session *s, const char *arg)
{
	if (parse_mode(arg) == PARSE_OK)
		ctrl_reply(s, 200, "Mode set to S.");
	else
		ctrl_reply(s, 504, "Bad MODE command.");
}

void
cmd_stru(struct session *s, const char *arg)
{
	if (parse_stru(arg) == PARSE_OK)
		ctrl_reply(s, 200, "Structure set to F.");
	else
		ctrl_reply(s, 504, "Bad STRU command.");
}

/* PASV needs an IPv4 address to announce. */
static bool
cmd_pasv_addr(struct session *s, struct in_addr *a)
{
	if (s->opt->pasv_address != NULL)
		return inet_pton(AF_INET, s->opt->pasv_address, a) == 1;
	if (s->local.ss_family != AF_INET)
		return false;
	*a = ((struct sockaddr_in *)&s->local)->sin_addr;
	return true;
}

void
cmd_pasv(struct session *s, const char *arg)
{
	struct in_addr a;
	unsigned char *b = (unsigned char *)&a;
	int port;

	(void)arg;
	if (!s->opt->pasv_enable || s->epsv_all) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!cmd_pasv_addr(s, &a)) {
		ctrl_reply(s, 522, "PASV is IPv4 only; use EPSV.");
		return;
	}
	port = data_pasv(s);
	if (port < 0) {
		ctrl_reply(s, 425, "Could not open a passive port.");
		return;
	}
	ctrl_reply(s, 227, "Entering Passive Mode (%u,%u,%u,%u,%d,%d).",
	    b[0], b[1], b[2], b[3], port >> 8, port & 0xff);
}

void
cmd_epsv(struct session *s, const char *arg)
{
	int proto, port;

	if (!s->opt->pasv_enable) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (parse_epsv(arg, &proto) != PARSE_OK ||
	    (proto == 1 && s->local.ss_family != AF_INET) ||
	    (proto == 2 && s->local.ss_family != AF_INET6)) {
		ctrl_reply(s, 522, "Network protocol not supported, use (%d)",
		    s->local.ss_family == AF_INET6 ? 2 : 1);
		return;
	}
	if (proto == -1) {
		s->epsv_all = true;
		data_reset(s);
		ctrl_reply(s, 200, "EPSV ALL ok.");
		return;
	}
	port = data_pasv(s);
	if (port < 0) {
		ctrl_reply(s, 425, "Could not open a passive port.");
		return;
	}
	ctrl_reply(s, 229, "Entering Extended Passive Mode (|||%d|)", port);
}

void
cmd_port(struct session *s, const char *arg)
{
	struct sockaddr_storage a;
	struct sockaddr_in a4;

	if (!s->opt->port_enable || s->epsv_all) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (s->local.ss_family != AF_INET ||
	    parse_port(arg, &a4) != PARSE_OK) {
		data_reset(s);
		ctrl_reply(s, 500, "Illegal PORT command.");
		return;
	}
	memset(&a, 0, sizeof(a));
	memcpy(&a, &a4, sizeof(a4));
	if (!data_port(s, &a, sizeof(a4))) {
		ctrl_reply(s, 500, "Illegal PORT command.");
		return;
	}
	ctrl_reply(s, 200, "PORT command successful. Consider using PASV.");
}

void
cmd_eprt(struct session *s, const char *arg)
{
	struct sockaddr_storage a;
	socklen_t len;

	if (!s->opt->port_enable || s->epsv_all) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	switch (parse_eprt(arg, &a, &len)) {
	case PARSE_OK:
		break;
	case PARSE_PROTO:
		data_reset(s);
		ctrl_reply(s, 522, "Network protocol not supported, use (%d)",
		    s->local.ss_family == AF_INET6 ? 2 : 1);
		return;
	default:
		data_reset(s);
		ctrl_reply(s, 500, "Illegal EPRT command.");
		return;
	}
	addr_normalise(&a, &len);
	if (a.ss_family != s->local.ss_family) {
		data_reset(s);
		ctrl_reply(s, 522, "Network protocol not supported, use (%d)",
		    s->local.ss_family == AF_INET6 ? 2 : 1);
		return;
	}
	if (!data_port(s, &a, len)) {
		ctrl_reply(s, 500, "Illegal EPRT command.");
		return;
	}
	ctrl_reply(s, 200, "EPRT command successful. Consider using EPSV.");
}

void
cmd_abor(struct session *s, const char *arg)
{
	(void)arg;
	/* A transfer in progress handles ABOR itself (xfer.c); here there
	 * is at most a passive listener to drop. */
	data_reset(s);
	s->rest = 0;
	ctrl_reply(s, 225, "No transfer to ABOR.");
}
