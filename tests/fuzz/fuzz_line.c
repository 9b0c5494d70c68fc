/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the control-line reader (line.c): Telnet IAC, NUL,
 * CR/LF and over-long lines, fed in arbitrary pieces. */
#include "sf_config.h"

#include <string.h>

#include "common/line.h"
#include "fuzz.h"

FUZZ_HARNESS_BEGIN

/*
 * The reader's results become a transcript: "+line\n" per LINE_OK (a line
 * never holds LF), "L\n" per LINE_TOO_LONG, "Z\n" per LINE_NUL (as in
 * tests/unit/check_line.c).  The transcript must not depend on how the
 * bytes were cut into reads, and must equal the one of a reference model
 * written from the contract in line.h.
 */
struct script {
	char *p;
	size_t len, cap;
};

static void
script_add(struct script *t, const void *data, size_t n)
{
	if (t->len + n > t->cap) {
		size_t cap = t->cap ? t->cap : 256;

		while (cap < t->len + n)
			cap *= 2;
		t->p = realloc(t->p, cap);
		FUZZ_CHECK(t->p != NULL);
		t->cap = cap;
	}
	memcpy(t->p + t->len, data, n);
	t->len += n;
}

static void
record(struct script *t, enum line_status st, const struct line_reader *lr)
{
	switch (st) {
	case LINE_OK:
		FUZZ_CHECK(lr->len <= LIM_CMD_LINE - 1);
		FUZZ_CHECK(lr->line[lr->len] == '\0');
		FUZZ_CHECK(strlen(lr->line) == lr->len);	/* no NUL */
		FUZZ_CHECK(memchr(lr->line, '\n', lr->len) == NULL);
		script_add(t, "+", 1);
		script_add(t, lr->line, lr->len);
		script_add(t, "\n", 1);
		break;
	case LINE_TOO_LONG:
		script_add(t, "L\n", 2);
		break;
	case LINE_NUL:
		script_add(t, "Z\n", 2);
		break;
	default:
		FUZZ_CHECK(!"unexpected line_status");
	}
}

/* xorshift32: piece sizes that are a function of the input. */
static uint32_t
next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/*
 * Feed data in pieces: all at once (mode 0), byte by byte (1), or random
 * sizes up to 2^(mode-1) bytes (mode 2 to 13).  Each piece is its own
 * allocation so that AddressSanitizer sees a read past the bytes handed
 * over.
 */
static void
feed(const uint8_t *data, size_t size, unsigned int mode, uint32_t seed,
    struct script *t)
{
	struct line_reader lr;
	size_t off = 0, n, used, p;
	enum line_status st;
	char *piece;

	line_init(&lr);
	while (off < size) {
		if (mode == 0)
			n = size - off;
		else if (mode == 1)
			n = 1;
		else
			n = 1 + next_rand(&seed) % (1u << (mode - 1));
		if (n > size - off)
			n = size - off;
		piece = malloc(n);
		FUZZ_CHECK(piece != NULL);
		memcpy(piece, data + off, n);
		for (p = 0; p < n; p += used) {
			used = (size_t)-1;
			st = line_feed(&lr, piece + p, n - p, &used);
			FUZZ_CHECK(used <= n - p);
			if (st == LINE_NONE) {
				FUZZ_CHECK(used == n - p);
				break;
			}
			FUZZ_CHECK(used >= 1);
			/* A line ends at the LF it consumed last. */
			FUZZ_CHECK(piece[p + used - 1] == '\n');
			record(t, st, &lr);
		}
		free(piece);
		off += n;
	}
}

/* The reference: line.h's contract, byte by byte, with no length limit
 * while collecting (the limit is applied when the line ends). */
enum { R_DATA, R_IAC, R_OPT, R_SB, R_SB_IAC };

static void
reference(const uint8_t *data, size_t size, struct script *t)
{
	struct script d = { NULL, 0, 0 };
	unsigned int state = R_DATA;
	size_t i, len;
	uint8_t c;

	for (i = 0; i < size; i++) {
		c = data[i];
		if (c == '\n') {
			/* Every LF ends the line, whatever the Telnet state. */
			state = R_DATA;
			len = d.len;
			if (len > 0 && d.p[len - 1] == '\r')
				len--;
			if (len > LIM_CMD_LINE - 1)
				script_add(t, "L\n", 2);
			else if (len > 0 && memchr(d.p, '\0', len) != NULL)
				script_add(t, "Z\n", 2);
			else {
				script_add(t, "+", 1);
				if (len > 0)
					script_add(t, d.p, len);
				script_add(t, "\n", 1);
			}
			d.len = 0;
			continue;
		}
		switch (state) {
		case R_DATA:
			if (c == 255)
				state = R_IAC;
			else
				script_add(&d, &c, 1);
			break;
		case R_IAC:
			if (c == 255) {	/* IAC IAC: a data 0xFF */
				script_add(&d, &c, 1);
				state = R_DATA;
			} else if (c >= 251 && c <= 254) { /* WILL..DONT */
				state = R_OPT;
			} else if (c == 250) {	/* SB */
				state = R_SB;
			} else {		/* IP, DM, AO, NOP, SE, ... */
				state = R_DATA;
			}
			break;
		case R_OPT:
			state = R_DATA;
			break;
		case R_SB:
			if (c == 255)
				state = R_SB_IAC;
			break;
		case R_SB_IAC:
			state = c == 240 ? R_DATA : R_SB;
			break;
		}
	}
	free(d.p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script ref = { NULL, 0, 0 }, got = { NULL, 0, 0 };
	uint32_t seed = 2463534242u;
	unsigned int mode;
	size_t i;

	for (i = 0; i < size && i < 64; i++)
		seed = seed * 31 + data[i];
	if (seed == 0)
		seed = 1;

	/* All at once, byte by byte (small inputs: it is slow), and two
	 * random cuttings with pieces of up to 2^k bytes. */
	reference(data, size, &ref);
	for (mode = 0; mode < 4; mode++) {
		unsigned int how = mode < 2 ? mode : 2 + next_rand(&seed) % 12;

		if (how == 1 && size > 1024)
			continue;
		got.len = 0;
		feed(data, size, how, seed, &got);
		if (got.len != ref.len ||
		    (got.len > 0 && memcmp(got.p, ref.p, got.len) != 0)) {
			fprintf(stderr, "fuzz_line: mode %u: transcript "
			    "differs from the reference (%zu vs %zu bytes)\n",
			    how, got.len, ref.len);
			FUZZ_CHECK(!"transcript differs");
		}
	}
	free(ref.p);
	free(got.p);
	return 0;
}

FUZZ_HARNESS_END
