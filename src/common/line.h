/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The control-line parser: bytes in, commands out. */
#ifndef SF_COMMON_LINE_H
#define SF_COMMON_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/limits.h"

enum line_status {
	LINE_NONE,	/* need more bytes */
	LINE_OK,	/* a complete line in line[0..len) (no CR/LF) */
	LINE_TOO_LONG,	/* an over-long line was discarded up to its LF */
	LINE_NUL,	/* the line held a NUL byte and was discarded */
};

/*
 * Telnet (RFC 854) is handled as RFC 1123 4.1.2.12 asks: IAC IAC is a data
 * 0xFF; IAC with WILL/WONT/DO/DONT and its option byte, IAC SB ... IAC SE,
 * and every other IAC command (IP, DM, AO, ...) are removed.  A line ends
 * at LF, even inside a Telnet sequence (so an undoubled 0xFF cannot swallow
 * later commands); one CR directly before the LF is dropped (so bare LF
 * works too).
 */
/* The buffer last: a line touches only the pages it fills. */
struct line_reader {
	size_t len;
	bool discard;		/* inside an over-long line */
	bool nul;		/* the current line holds a NUL */
	unsigned char telnet;	/* Telnet parser state, or "line returned" */
	char line[LIM_CMD_LINE];
};

void line_init(struct line_reader *lr);

/*
 * Consume bytes from in[0..n) until a line is complete.  *used receives
 * how many bytes were consumed; feed the rest in the next call.  After
 * LINE_OK the line is NUL-terminated in lr->line with length lr->len and
 * stays valid until the next call.
 */
enum line_status line_feed(struct line_reader *lr, const char *in, size_t n,
    size_t *used);

#endif
