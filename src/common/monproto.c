/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The monitor's request format, and the checks on it (pure, fuzzed). */
#include "sf_config.h"

#include <string.h>

#include "common/monproto.h"

bool
mon_user_ok(const char *user, size_t len)
{
	size_t i;

	if (len == 0 || len > LIM_USER || user[0] == '-')
		return false;
	if ((len == 1 && user[0] == '.') ||
	    (len == 2 && user[0] == '.' && user[1] == '.'))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)user[i];

		if (c <= 0x20 || c >= 0x7f || c == '/' || c == '\\' ||
		    c == ':')
			return false;
	}
	return true;
}

/* Are the n bytes at p all zero? */
static bool
mon_zero(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != '\0')
			return false;
	return true;
}

int
mon_msg_check(const struct mon_msg *m, bool has_fd, const char **why)
{
	bool takes_fd = m->req == MON_CHOWN;

	*why = NULL;
	if (m->req != MON_DATA_SOCKET && m->req != MON_CHOWN &&
	    m->req != MON_LOGIN && m->req != MON_AUTH)
		*why = "unknown request";
	else if (has_fd != takes_fd)
		*why = has_fd ? "unexpected fd" : "missing fd";
	else if (m->user_len > sizeof(m->user) ||
	    m->pass_len > sizeof(m->pass) ||
	    m->extra_len > sizeof(m->extra))
		*why = "length out of range";
	else if (m->req != MON_AUTH && (m->user_len != 0 ||
	    m->pass_len != 0 || m->extra_len != 0 || m->flags != 0))
		*why = "arguments to a request that takes none";
	else if (m->flags & ~(uint32_t)MON_AUTH_FLAGS_ALL)
		*why = "unknown flags";
	else if ((m->flags & (MON_AUTH_PBSZ | MON_AUTH_PROT_P)) &&
	    !(m->flags & MON_AUTH_TLS))
		*why = "PBSZ or PROT without TLS";
	else if ((m->flags & MON_AUTH_TLS) && m->extra_len != 0)
		*why = "unread bytes with TLS (the relay forwards them)";
	else if (m->req == MON_AUTH && !mon_user_ok(m->user, m->user_len))
		*why = "bad user name";
	else if (m->req == MON_AUTH &&
	    memchr(m->pass, '\0', m->pass_len) != NULL)
		*why = "NUL byte in password";
	else if (!mon_zero(m->user + m->user_len,
	    sizeof(m->user) - m->user_len) ||
	    !mon_zero(m->pass + m->pass_len, sizeof(m->pass) - m->pass_len) ||
	    !mon_zero(m->extra + m->extra_len,
	    sizeof(m->extra) - m->extra_len))
		*why = "bytes beyond a field's length";
	return *why == NULL ? 0 : -1;
}
