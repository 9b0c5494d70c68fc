/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control-line parser: bytes in, commands out. */
#include "sf_config.h"

#include "common/line.h"

/* Telnet command bytes (RFC 854). */
#define TN_SE	240
#define TN_SB	250
#define TN_WILL	251
#define TN_WONT	252
#define TN_DO	253
#define TN_DONT	254
#define TN_IAC	255

/*
 * States of lr->telnet.  LS_DONE is the data state right after a line was
 * handed out: the line must stay readable until the next call, so the
 * buffer is only cleared when that call starts.
 */
enum {
	LS_DATA,	/* ordinary bytes */
	LS_IAC,		/* after IAC */
	LS_OPT,		/* after IAC WILL/WONT/DO/DONT: the option byte */
	LS_SB,		/* inside IAC SB ... */
	LS_SB_IAC,	/* after IAC inside a subnegotiation */
	LS_DONE,	/* a line was returned by the previous call */
};

static void
line_reset(struct line_reader *lr)
{
	lr->len = 0;
	lr->line[0] = '\0';
	lr->discard = false;
	lr->nul = false;
}

void
line_init(struct line_reader *lr)
{
	line_reset(lr);
	lr->telnet = LS_DATA;
}

/*
 * Run one byte through the Telnet layer.  Returns true when c is a data
 * byte for the line (possibly the 0xFF of an IAC IAC pair).
 */
static bool
line_telnet(struct line_reader *lr, unsigned char c)
{
	/*
	 * A line always ends at LF, whatever Telnet state it is in: clients
	 * that do not double 0xFF (a Latin-1 "y with diaeresis" in a name)
	 * would otherwise start a subnegotiation that swallows every later
	 * command until an IAC SE that never comes.
	 */
	if (c == '\n' && lr->telnet != LS_DATA && lr->telnet != LS_DONE) {
		lr->telnet = LS_DATA;
		return true;
	}
	switch (lr->telnet) {
	case LS_DATA:
		if (c == TN_IAC) {
			lr->telnet = LS_IAC;
			return false;
		}
		return true;
	case LS_IAC:
		if (c == TN_IAC) {
			lr->telnet = LS_DATA;
			return true;
		}
		if (c == TN_WILL || c == TN_WONT || c == TN_DO ||
		    c == TN_DONT)
			lr->telnet = LS_OPT;
		else if (c == TN_SB)
			lr->telnet = LS_SB;
		else
			lr->telnet = LS_DATA;	/* IP, DM, AO, NOP, ... */
		return false;
	case LS_OPT:
		/* We never negotiate; RFC 1123 lets a server ignore these. */
		lr->telnet = LS_DATA;
		return false;
	case LS_SB:
		if (c == TN_IAC)
			lr->telnet = LS_SB_IAC;
		return false;
	case LS_SB_IAC:
		/* IAC IAC inside SB is an escaped data byte of the option. */
		lr->telnet = (c == TN_SE) ? LS_DATA : LS_SB;
		return false;
	default:
		lr->telnet = LS_DATA;
		return true;
	}
}

enum line_status
line_feed(struct line_reader *lr, const char *in, size_t n, size_t *used)
{
	size_t i;
	unsigned char c;

	if (lr->telnet == LS_DONE) {
		line_reset(lr);
		lr->telnet = LS_DATA;
	}

	for (i = 0; i < n; i++) {
		c = (unsigned char)in[i];
		if (!line_telnet(lr, c))
			continue;
		if (c != '\n') {
			if (lr->discard)
				continue;
			if (c == '\0')
				lr->nul = true;
			/*
			 * The last slot, meant for the terminating NUL, may
			 * hold a CR for a moment: a line of exactly
			 * LIM_CMD_LINE - 1 bytes still ends in CRLF, and that
			 * CR is dropped before the NUL goes in.
			 */
			if (lr->len < sizeof(lr->line) - 1 ||
			    (lr->len == sizeof(lr->line) - 1 && c == '\r'))
				lr->line[lr->len++] = (char)c;
			else
				lr->discard = true;
			continue;
		}

		*used = i + 1;
		if (lr->discard) {
			/* Reported once, at its end, and never split. */
			line_reset(lr);
			return LINE_TOO_LONG;
		}
		if (lr->nul) {
			/*
			 * A NUL would cut the command short in every C string
			 * function downstream.
			 */
			line_reset(lr);
			return LINE_NUL;
		}
		if (lr->len > 0 && lr->line[lr->len - 1] == '\r')
			lr->len--;
		lr->line[lr->len] = '\0';
		lr->telnet = LS_DONE;
		return LINE_OK;
	}
	*used = n;
	return LINE_NONE;
}
