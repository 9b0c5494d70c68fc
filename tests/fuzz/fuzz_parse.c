/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the command argument parsers (parse.c, and OPTS MLST
 * in listing.c): the first byte picks the parser, the rest is the
 * argument as the control-line reader hands it over. */
#include "sf_config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include "common/buf.h"
#include "common/limits.h"
#include "common/listing.h"
#include "common/parse.h"
#include "fuzz.h"

FUZZ_HARNESS_BEGIN

/*
 * Each parser's result is checked against its contract in parse.h: a
 * small reference decides accept or refuse from the documented grammar,
 * and accepted values are formatted back and parsed again.
 */

static char
up(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static int
is_dig(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits in [s, e) as a number, or -1 when empty, not all digits or
 * above max. */
static long long
ref_dec(const char *s, const char *e, long long max)
{
	long long v = 0;

	if (s >= e)
		return -1;
	for (; s < e; s++) {
		if (!is_dig(*s))
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			v = max + 1;	/* stays above max: no overflow */
	}
	return v > max ? -1 : v;
}

static void
check_port(const char *arg)
{
	struct sockaddr_in sin, again;
	enum parse_result r;
	long long f[6];
	const char *p = arg, *e;
	char text[64];
	int i, ok = 1;
	uint8_t *a;

	/* Reference: blanks, six comma-separated 0..255, blanks. */
	while (*p == ' ' || *p == '\t')
		p++;
	for (i = 0; i < 6 && ok; i++) {
		if (i > 0 && *p++ != ',') {
			ok = 0;
			break;
		}
		for (e = p; is_dig(*e); e++)
			;
		f[i] = ref_dec(p, e, 255);
		if (f[i] < 0)
			ok = 0;
		p = e;
	}
	if (ok) {
		while (*p == ' ' || *p == '\t')
			p++;
		ok = *p == '\0';
	}

	r = parse_port(arg, &sin);
	FUZZ_CHECK(r == PARSE_OK || r == PARSE_SYNTAX);
	FUZZ_CHECK((r == PARSE_OK) == ok);
	if (r != PARSE_OK)
		return;
	FUZZ_CHECK(sin.sin_family == AF_INET);
	a = (uint8_t *)&sin.sin_addr;
	for (i = 0; i < 4; i++)
		FUZZ_CHECK(a[i] == f[i]);
	FUZZ_CHECK(ntohs(sin.sin_port) == f[4] * 256 + f[5]);
	snprintf(text, sizeof(text), "%u,%u,%u,%u,%u,%u", a[0], a[1], a[2],
	    a[3], ntohs(sin.sin_port) >> 8, ntohs(sin.sin_port) & 0xff);
	FUZZ_CHECK(parse_port(text, &again) == PARSE_OK);
	FUZZ_CHECK(memcmp(&sin, &again, sizeof(sin)) == 0);
}

static void
check_eprt(const char *arg)
{
	struct sockaddr_storage ss, again;
	char text[INET6_ADDRSTRLEN + 32], addr[INET6_ADDRSTRLEN];
	enum parse_result r;
	socklen_t len = 0, len2 = 0;
	unsigned int port;

	r = parse_eprt(arg, &ss, &len);
	FUZZ_CHECK(r == PARSE_OK || r == PARSE_SYNTAX || r == PARSE_PROTO);
	if (r != PARSE_OK)
		return;
	/* RFC 2428: d<net-prt>d<net-addr>d<tcp-port>d, d in 33..126. */
	FUZZ_CHECK(arg[0] >= 33 && arg[0] <= 126);
	FUZZ_CHECK(arg[strlen(arg) - 1] == arg[0]);
	if (ss.ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)&ss;

		FUZZ_CHECK(len == sizeof(struct sockaddr_in));
		FUZZ_CHECK(arg[1] == '1' || arg[1] == '0');
		port = ntohs(sin->sin_port);
		FUZZ_CHECK(inet_ntop(AF_INET, &sin->sin_addr, addr,
		    sizeof(addr)) != NULL);
		snprintf(text, sizeof(text), "|1|%s|%u|", addr, port);
	} else {
		const struct sockaddr_in6 *sin6 = (const void *)&ss;

		FUZZ_CHECK(ss.ss_family == AF_INET6);
		FUZZ_CHECK(len == sizeof(struct sockaddr_in6));
		port = ntohs(sin6->sin6_port);
		FUZZ_CHECK(inet_ntop(AF_INET6, &sin6->sin6_addr, addr,
		    sizeof(addr)) != NULL);
		snprintf(text, sizeof(text), "|2|%s|%u|", addr, port);
	}
	FUZZ_CHECK(port >= 1 && port <= 65535);
	FUZZ_CHECK(parse_eprt(text, &again, &len2) == PARSE_OK);
	FUZZ_CHECK(len2 == len);
	FUZZ_CHECK(memcmp(&ss, &again, len) == 0);
}

static void
check_epsv(const char *arg)
{
	enum parse_result r, want;
	const char *e;
	long long v;
	int proto = 99, want_proto = 99;

	for (e = arg; is_dig(*e); e++)
		;
	if (arg[0] == '\0') {
		want = PARSE_OK;
		want_proto = 0;
	} else if (up(arg[0]) == 'A' && up(arg[1]) == 'L' &&
	    up(arg[2]) == 'L' && arg[3] == '\0') {
		want = PARSE_OK;
		want_proto = -1;
	} else if (*e != '\0') {
		want = PARSE_SYNTAX;
	} else {
		v = ref_dec(arg, e, 1000);
		want = (v == 1 || v == 2) ? PARSE_OK : PARSE_PROTO;
		want_proto = (int)v;
	}
	r = parse_epsv(arg, &proto);
	FUZZ_CHECK(r == want);
	if (r == PARSE_OK)
		FUZZ_CHECK(proto == want_proto);
}

static void
check_u64(const char *arg)
{
	const char *p = arg, *digits;
	enum parse_result r;
	char text[32];
	uint64_t v = 12345;
	size_t n;
	int ok = 1;

	for (p = arg; *p != '\0'; p++)
		if (!is_dig(*p))
			ok = 0;
	if (arg[0] == '\0')
		ok = 0;
	digits = arg;
	while (digits[0] == '0' && digits[1] != '\0')
		digits++;
	n = strlen(digits);
	if (ok && (n > 20 || (n == 20 &&
	    strcmp(digits, "18446744073709551615") > 0)))
		ok = 0;

	r = parse_u64(arg, &v);
	FUZZ_CHECK(r == PARSE_OK || r == PARSE_SYNTAX);
	FUZZ_CHECK((r == PARSE_OK) == ok);
	if (r != PARSE_OK)
		return;
	snprintf(text, sizeof(text), "%" PRIu64, v);
	FUZZ_CHECK(strcmp(text, digits) == 0);
}

static void
check_type(const char *arg)
{
	enum parse_result r;
	char type = '?', want_type = '?';
	const char *e;
	int ok = 0;

	if (up(arg[0]) == 'A' && (arg[1] == '\0' ||
	    (arg[1] == ' ' && up(arg[2]) == 'N' && arg[3] == '\0'))) {
		ok = 1;
		want_type = 'A';
	} else if (up(arg[0]) == 'I' && arg[1] == '\0') {
		ok = 1;
		want_type = 'I';
	} else if (up(arg[0]) == 'L' && arg[1] == ' ') {
		for (e = arg + 2; is_dig(*e); e++)
			;
		ok = *e == '\0' && ref_dec(arg + 2, e, 1000) == 8;
		want_type = 'I';
	}
	r = parse_type(arg, &type);
	FUZZ_CHECK(r == PARSE_OK || r == PARSE_SYNTAX ||
	    r == PARSE_UNSUPPORTED);
	FUZZ_CHECK((r == PARSE_OK) == ok);
	if (r == PARSE_OK)
		FUZZ_CHECK(type == want_type);
	/* Whatever is refused as unsupported starts with a known code. */
	if (r == PARSE_UNSUPPORTED)
		FUZZ_CHECK(strchr("AEL", up(arg[0])) != NULL);
}

static void
check_letter(const char *arg, enum parse_result r, char ok,
    const char *known)
{
	enum parse_result want;

	if (arg[0] == '\0' || arg[1] != '\0')
		want = PARSE_SYNTAX;
	else if (up(arg[0]) == ok)
		want = PARSE_OK;
	else if (strchr(known, up(arg[0])) != NULL)
		want = PARSE_UNSUPPORTED;
	else
		want = PARSE_SYNTAX;
	FUZZ_CHECK(r == want);
}

static int
ref_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static void
check_timeval(const char *arg)
{
	static const int mdays[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	struct timespec ts = { 0, 0 };
	const char *rest = NULL, *p = arg;
	enum parse_result r;
	char text[32], want[16];
	long f[6];
	int i, ok = 1;

	/* Reference: 14 digits with ranges, optional .digits, then NUL or
	 * a blank. */
	for (i = 0; i < 14 && ok; i++)
		if (!is_dig(arg[i]))
			ok = 0;
	if (ok) {
		f[0] = ref_dec(arg, arg + 4, 9999);
		for (i = 1; i < 6; i++)
			f[i] = ref_dec(arg + 2 + 2 * i, arg + 4 + 2 * i, 99);
		ok = f[0] >= 1000 && f[1] >= 1 && f[1] <= 12 && f[2] >= 1 &&
		    f[2] <= mdays[f[1] - 1] + (f[1] == 2 && ref_leap(f[0])) &&
		    f[3] <= 23 && f[4] <= 59 && f[5] <= 60;
		p = arg + 14;
		if (ok && *p == '.') {
			p++;
			ok = is_dig(*p);
			while (is_dig(*p))
				p++;
		}
		if (ok)
			ok = *p == '\0' || *p == ' ';
	}

	r = parse_timeval(arg, &ts, &rest);
	FUZZ_CHECK(r == PARSE_OK || r == PARSE_SYNTAX);
	FUZZ_CHECK((r == PARSE_OK) == ok);
	if (r != PARSE_OK)
		return;
	FUZZ_CHECK(rest == p);
	FUZZ_CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000L);
	/* MDTM formats what MFMT parsed: the same 14 digits, but for a leap
	 * second, which is the first second of the next minute. */
	memcpy(want, arg, 14);
	want[14] = '\0';
	if (f[5] == 60) {
		want[12] = '5';
		want[13] = '9';
		ts.tv_sec--;
	}
	listing_mdtm(ts.tv_sec, text, sizeof(text));
	FUZZ_CHECK(strcmp(text, want) == 0);
}

static void
check_opts(const char *arg, size_t namesz)
{
	char *name = malloc(namesz ? namesz : 1);
	const char *rest = NULL;
	enum parse_result r;
	size_t i, n;

	FUZZ_CHECK(name != NULL);
	r = parse_opts(arg, name, namesz, &rest);
	FUZZ_CHECK(r == PARSE_OK || r == PARSE_SYNTAX);
	if (r == PARSE_OK) {
		n = strlen(name);
		FUZZ_CHECK(n > 0 && n < namesz);
		for (i = 0; i < n; i++) {
			FUZZ_CHECK(name[i] == up(arg[i]));
			FUZZ_CHECK(name[i] >= 33 && name[i] <= 126);
			FUZZ_CHECK(!(name[i] >= 'a' && name[i] <= 'z'));
		}
		FUZZ_CHECK(arg[n] == '\0' || arg[n] == ' ');
		FUZZ_CHECK(rest == arg + n + (arg[n] == ' '));
	}
	free(name);
}

static void
check_ls(const char *arg, unsigned int start)
{
	unsigned int flags = start;
	const char *path = NULL;

	parse_ls_args(arg, &flags, &path);
	FUZZ_CHECK(path >= arg && path <= arg + strlen(arg));
	FUZZ_CHECK((flags & start) == start);
	FUZZ_CHECK(((flags & ~start) & ~(unsigned int)(LSF_ALL |
	    LSF_RECURSE | LSF_DIR | LSF_LONG)) == 0);
	/* Everything before the path is flag words, "--" and blanks. */
	if (path > arg)
		FUZZ_CHECK(arg[0] == '-');
	/* A name is never cut: the path starts a word. */
	if (path > arg && *path != '\0')
		FUZZ_CHECK(path[-1] == ' ' || path[-1] == '-');
}

static void
check_mlst_opts(const char *arg)
{
	struct buf a, b;
	unsigned int mask, again;

	buf_init(&a, 4096);
	buf_init(&b, 4096);
	mask = listing_mlst_opts(arg, &a);
	FUZZ_CHECK((mask & ~(unsigned int)MLSX_ALL) == 0);
	/* The accepted list, sent back, selects the same facts. */
	again = listing_mlst_opts(buf_cstr(&a), &b);
	FUZZ_CHECK(again == mask);
	FUZZ_CHECK(a.len == b.len && memcmp(buf_cstr(&a), buf_cstr(&b),
	    a.len) == 0);
	FUZZ_CHECK(a.len == 0 || buf_cstr(&a)[a.len - 1] == ';');
	buf_free(&a);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int which, extra = 0;
	char *arg;

	if (size < 1)
		return 0;
	which = data[0];
	data++;
	size--;
	/* OPTS and ls flags take a second parameter byte. */
	if ((which % 11 == 8 || which % 11 == 9) && size > 0) {
		extra = data[0];
		data++;
		size--;
	}
	/* The control-line reader never hands over more than this. */
	if (size > LIM_CMD_LINE - 1)
		size = LIM_CMD_LINE - 1;
	arg = malloc(size + 1);
	FUZZ_CHECK(arg != NULL);
	memcpy(arg, data, size);
	arg[size] = '\0';

	switch (which % 11) {
	case 0:
		check_port(arg);
		break;
	case 1:
		check_eprt(arg);
		break;
	case 2:
		check_epsv(arg);
		break;
	case 3:
		check_u64(arg);
		break;
	case 4:
		check_type(arg);
		break;
	case 5:
		check_letter(arg, parse_mode(arg), 'S', "BCZ");
		break;
	case 6:
		check_letter(arg, parse_stru(arg), 'F', "RP");
		break;
	case 7:
		check_timeval(arg);
		break;
	case 8:
		check_opts(arg, extra % 40);
		break;
	case 9:
		check_ls(arg, extra & 0x0f);
		break;
	case 10:
		check_mlst_opts(arg);
		break;
	}
	free(arg);
	return 0;
}

FUZZ_HARNESS_END
