/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers for untrusted command arguments: typed values with ranges. */
#include "sf_config.h"

#include <arpa/inet.h>
#include <string.h>

#include "common/parse.h"

/*
 * Character classes are spelled out rather than taken from <ctype.h>: the
 * bytes come from the network, may be negative as char, and must not
 * depend on the locale.
 */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char
to_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static const char *
skip_digits(const char *p)
{
	while (is_digit(*p))
		p++;
	return p;
}

static const char *
skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* Results of dec(): digits but a value above the maximum is told apart from
 * "not a number" because EPSV and TYPE L answer them differently. */
enum { DEC_OK = 0, DEC_SYNTAX = -1, DEC_RANGE = -2 };

/*
 * The decimal number in [s, end): at least one digit, nothing but digits,
 * at most max.  The range is checked before each multiplication, so no
 * input can overflow however many digits it has.  The end is explicit
 * because EPRT may use a digit as its delimiter.
 */
static int
dec(const char *s, const char *end, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	bool over = false;

	if (s >= end)
		return DEC_SYNTAX;
	for (; s < end; s++) {
		uint64_t d;

		if (!is_digit(*s))
			return DEC_SYNTAX;
		d = (uint64_t)(*s - '0');
		if (over || d > max || v > (max - d) / 10)
			over = true;
		else
			v = v * 10 + d;
	}
	if (over)
		return DEC_RANGE;
	*out = v;
	return DEC_OK;
}

enum parse_result
parse_port(const char *arg, struct sockaddr_in *out)
{
	struct sockaddr_in sin;
	unsigned char f[6];
	const char *p, *e;
	uint64_t v;
	size_t i;

	p = skip_blanks(arg);
	for (i = 0; i < sizeof(f); i++) {
		if (i > 0) {
			if (*p != ',')
				return PARSE_SYNTAX;
			p++;
		}
		e = skip_digits(p);
		if (dec(p, e, 255, &v) != DEC_OK)
			return PARSE_SYNTAX;
		f[i] = (unsigned char)v;
		p = e;
	}
	if (*skip_blanks(p) != '\0')
		return PARSE_SYNTAX;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	memcpy(&sin.sin_addr, f, 4);
	sin.sin_port = htons((uint16_t)(f[4] << 8 | f[5]));
	*out = sin;
	return PARSE_OK;
}

enum parse_result
parse_eprt(const char *arg, struct sockaddr_storage *out, socklen_t *len)
{
	/* Large enough for any IPv6 text form inet_pton accepts; anything
	 * longer cannot be an address. */
	char addr[INET6_ADDRSTRLEN];
	const char *field[3], *fend[3], *p;
	unsigned char d;
	uint64_t proto, port;
	size_t i, n;

	d = (unsigned char)arg[0];
	if (d < 33 || d > 126)
		return PARSE_SYNTAX;
	p = arg + 1;
	for (i = 0; i < 3; i++) {
		field[i] = p;
		fend[i] = strchr(p, d);
		if (fend[i] == NULL)
			return PARSE_SYNTAX;
		p = fend[i] + 1;
	}
	if (*p != '\0')
		return PARSE_SYNTAX;

	/* RFC 2428 wants 522 for a protocol we do not know, so the number
	 * is judged before the address it governs. */
	switch (dec(field[0], fend[0], UINT64_MAX, &proto)) {
	case DEC_OK:
		if (proto == 1 || proto == 2)
			break;
		return PARSE_PROTO;
	case DEC_RANGE:
		return PARSE_PROTO;
	default:
		return PARSE_SYNTAX;
	}

	n = (size_t)(fend[1] - field[1]);
	if (n == 0 || n >= sizeof(addr))
		return PARSE_SYNTAX;
	memcpy(addr, field[1], n);
	addr[n] = '\0';

	if (dec(field[2], fend[2], 65535, &port) != DEC_OK || port == 0)
		return PARSE_SYNTAX;

	memset(out, 0, sizeof(*out));
	if (proto == 1) {
		struct sockaddr_in sin;

		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		/* glibc and musl take only a strict dotted quad here: no
		 * leading zeros (octal to inet_aton), no short forms. */
		if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1)
			return PARSE_SYNTAX;
		sin.sin_port = htons((uint16_t)port);
		memcpy(out, &sin, sizeof(sin));
		*len = (socklen_t)sizeof(sin);
	} else {
		struct sockaddr_in6 sin6;

		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, addr, &sin6.sin6_addr) != 1)
			return PARSE_SYNTAX;
		sin6.sin6_port = htons((uint16_t)port);
		memcpy(out, &sin6, sizeof(sin6));
		*len = (socklen_t)sizeof(sin6);
	}
	return PARSE_OK;
}

enum parse_result
parse_epsv(const char *arg, int *proto)
{
	const char *e;
	uint64_t v;

	if (arg[0] == '\0') {
		*proto = 0;
		return PARSE_OK;
	}
	if (to_upper(arg[0]) == 'A' && to_upper(arg[1]) == 'L' &&
	    to_upper(arg[2]) == 'L' && arg[3] == '\0') {
		*proto = -1;
		return PARSE_OK;
	}
	e = skip_digits(arg);
	if (*e != '\0')
		return PARSE_SYNTAX;
	switch (dec(arg, e, UINT64_MAX, &v)) {
	case DEC_OK:
		if (v == 1 || v == 2) {
			*proto = (int)v;
			return PARSE_OK;
		}
		return PARSE_PROTO;
	case DEC_RANGE:
		return PARSE_PROTO;
	default:
		return PARSE_SYNTAX;
	}
}

enum parse_result
parse_u64(const char *arg, uint64_t *out)
{
	const char *e = skip_digits(arg);

	if (*e != '\0' || dec(arg, e, UINT64_MAX, out) != DEC_OK)
		return PARSE_SYNTAX;
	return PARSE_OK;
}

enum parse_result
parse_type(const char *arg, char *type)
{
	const char *e;
	uint64_t size;
	char form;

	switch (to_upper(arg[0])) {
	case 'A':
	case 'E':
		/* RFC 959: A and E take an optional format code after one SP;
		 * only the default, non-print, is supported. */
		if (arg[1] == '\0')
			form = 'N';
		else if (arg[1] == ' ' && arg[2] != '\0' && arg[3] == '\0')
			form = to_upper(arg[2]);
		else
			return PARSE_SYNTAX;
		if (form != 'N' && form != 'T' && form != 'C')
			return PARSE_SYNTAX;
		if (to_upper(arg[0]) == 'E' || form != 'N')
			return PARSE_UNSUPPORTED;
		*type = 'A';
		return PARSE_OK;
	case 'I':
		if (arg[1] != '\0')
			return PARSE_SYNTAX;
		*type = 'I';
		return PARSE_OK;
	case 'L':
		if (arg[1] != ' ')
			return PARSE_SYNTAX;
		e = skip_digits(arg + 2);
		if (*e != '\0')
			return PARSE_SYNTAX;
		switch (dec(arg + 2, e, UINT64_MAX, &size)) {
		case DEC_OK:
			break;
		case DEC_RANGE:
			return PARSE_UNSUPPORTED;
		default:
			return PARSE_SYNTAX;
		}
		if (size == 0)
			return PARSE_SYNTAX;
		if (size != 8)
			return PARSE_UNSUPPORTED;
		*type = 'I';
		return PARSE_OK;
	default:
		return PARSE_SYNTAX;
	}
}

/* A one-letter argument: ok, unsupported (known to RFC 959 or a common
 * extension), or anything else. */
static enum parse_result
parse_letter(const char *arg, char ok, const char *known)
{
	char c = to_upper(arg[0]);

	if (c == '\0' || arg[1] != '\0')
		return PARSE_SYNTAX;
	if (c == ok)
		return PARSE_OK;
	if (strchr(known, c) != NULL)
		return PARSE_UNSUPPORTED;
	return PARSE_SYNTAX;
}

enum parse_result
parse_mode(const char *arg)
{
	/* Z is the deflate mode of draft-preston-ftpext-deflate, which
	 * clients probe; 504 tells them it is understood but not offered. */
	return parse_letter(arg, 'S', "BCZ");
}

enum parse_result
parse_stru(const char *arg)
{
	return parse_letter(arg, 'F', "RP");
}

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 0000-01-01 to y-01-01 in the proleptic Gregorian calendar
 * (year 0 is a leap year there), for y >= 0. */
static int64_t
days_before_year(int64_t y)
{
	return 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
}

enum parse_result
parse_timeval(const char *arg, struct timespec *out, const char **rest)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	static const int before[12] = {
		0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
	};
	static const int width[6] = { 4, 2, 2, 2, 2, 2 };
	int64_t v[6], days, secs;
	const char *p = arg;
	long nsec = 0;
	int i, j, used;

	for (i = 0; i < 6; i++) {
		v[i] = 0;
		for (j = 0; j < width[i]; j++, p++) {
			if (!is_digit(*p))
				return PARSE_SYNTAX;
			v[i] = v[i] * 10 + (*p - '0');
		}
	}
	/* RFC 3659 section 2.3 gives the year range 1000..9999 and allows
	 * second 60 for a leap second. */
	if (v[0] < 1000 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[3] > 23 || v[4] > 59 || v[5] > 60)
		return PARSE_SYNTAX;
	if (v[2] > mdays[v[1] - 1] + (v[1] == 2 && is_leap(v[0])))
		return PARSE_SYNTAX;

	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return PARSE_SYNTAX;
		/* Digits beyond nanoseconds are valid but cannot be kept. */
		for (used = 0; is_digit(*p); p++) {
			if (used < 9) {
				nsec = nsec * 10 + (*p - '0');
				used++;
			}
		}
		for (; used < 9; used++)
			nsec *= 10;
	}
	if (*p != '\0' && *p != ' ')
		return PARSE_SYNTAX;

	days = days_before_year(v[0]) - days_before_year(1970) +
	    before[v[1] - 1] + (v[1] > 2 && is_leap(v[0])) + v[2] - 1;
	secs = ((days * 24 + v[3]) * 60 + v[4]) * 60 + v[5];
	/* A 32-bit time_t cannot hold every year RFC 3659 allows. */
	if ((int64_t)(time_t)secs != secs)
		return PARSE_SYNTAX;

	out->tv_sec = (time_t)secs;
	out->tv_nsec = nsec;
	*rest = p;
	return PARSE_OK;
}

enum parse_result
parse_opts(const char *arg, char *name, size_t namesz, const char **rest)
{
	size_t i;

	if (namesz > 0)
		name[0] = '\0';
	for (i = 0; arg[i] != '\0' && arg[i] != ' '; i++) {
		unsigned char c = (unsigned char)arg[i];

		/* A truncated name could turn "UTF8X" into "UTF8": refuse
		 * rather than cut.  Control bytes never name an option. */
		if (c < 33 || c > 126 || i + 1 >= namesz)
			return PARSE_SYNTAX;
		name[i] = to_upper((char)c);
	}
	if (i == 0)
		return PARSE_SYNTAX;
	name[i] = '\0';
	*rest = arg[i] == ' ' ? arg + i + 1 : arg + i;
	return PARSE_OK;
}

/* The flags of one word "-xyz" in [p, end); false for a lone "-", which
 * is a name.  Letters we do not honour are ignored, as vsftpd does: no
 * shell and no ls ever see them, and clients send all sorts. */
static bool
ls_word(const char *p, const char *end, unsigned int *flags)
{
	unsigned int f = 0;

	if (end - p < 2)
		return false;
	for (p++; p < end; p++) {
		switch (*p) {
		case 'a':
		case 'A':
			f |= LSF_ALL;
			break;
		case 'l':
			f |= LSF_LONG;
			break;
		case 'R':
			f |= LSF_RECURSE;
			break;
		case 'd':
			f |= LSF_DIR;
			break;
		default:
			break;
		}
	}
	*flags = f;
	return true;
}

void
parse_ls_args(const char *arg, unsigned int *flags, const char **path)
{
	const char *p = arg, *e;
	unsigned int f;

	/* Blanks are skipped only after a flag word: a path given alone is
	 * kept byte for byte, leading blanks included. */
	while (*p == '-') {
		e = p;
		while (*e != '\0' && *e != ' ')
			e++;
		if (e - p == 2 && p[1] == '-') {
			p = e;
			while (*p == ' ')
				p++;
			break;
		}
		if (!ls_word(p, e, &f))
			break;
		*flags |= f;
		p = e;
		while (*p == ' ')
			p++;
	}
	*path = p;
}
