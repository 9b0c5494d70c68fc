/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers for untrusted command arguments: typed values with ranges. */
#ifndef SF_COMMON_PARSE_H
#define SF_COMMON_PARSE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

enum parse_result {
	PARSE_OK = 0,
	PARSE_SYNTAX = -1,	/* malformed argument (501) */
	PARSE_PROTO = -2,	/* EPRT/EPSV: unknown address family (522) */
	PARSE_UNSUPPORTED = -3,	/* valid but not supported (504) */
};

/* PORT h1,h2,h3,h4,p1,p2: every field 0..255, exactly six, digits only
 * (surrounding blanks allowed).  Fills an AF_INET address. */
enum parse_result parse_port(const char *arg, struct sockaddr_in *out);

/*
 * EPRT <d>proto<d>addr<d>port<d> (RFC 2428): d is any byte in 33..126;
 * proto 1 (IPv4, dotted quad) or 2 (IPv6, inet_pton syntax); port 1..65535.
 * An unknown proto number gives PARSE_PROTO.  *len receives the sockaddr
 * length.
 */
enum parse_result parse_eprt(const char *arg, struct sockaddr_storage *out,
    socklen_t *len);

/* EPSV argument: "" (-> 0), "1", "2", or "ALL" (any case, -> -1).
 * Other numbers: PARSE_PROTO. */
enum parse_result parse_epsv(const char *arg, int *proto);

/* Decimal unsigned 64-bit number (REST), digits only, no overflow. */
enum parse_result parse_u64(const char *arg, uint64_t *out);

/*
 * TYPE: "A", "A N", "I", "L 8" (any case, single blanks) -> 'A' or 'I'.
 * "A T", "A C", "E", "L 7" and other byte sizes: PARSE_UNSUPPORTED.
 * Anything else: PARSE_SYNTAX.
 */
enum parse_result parse_type(const char *arg, char *type);

/* MODE S and STRU F are OK; MODE B, C, Z and STRU R, P are
 * PARSE_UNSUPPORTED; anything else (any case, one letter) PARSE_SYNTAX. */
enum parse_result parse_mode(const char *arg);
enum parse_result parse_stru(const char *arg);

/*
 * A time-val of RFC 3659: YYYYMMDDHHMMSS[.sss...], UTC, with range checks
 * (year 1000..9999, month 1..12, day valid for the month incl. leap years,
 * hour 0..23, minute 0..59, second 0..60).  *rest points after the
 * time-val (to the blank before a path in "MDTM time path", or to the
 * NUL); any other byte there is PARSE_SYNTAX.  Digits past nanoseconds
 * are dropped.
 */
enum parse_result parse_timeval(const char *arg, struct timespec *out,
    const char **rest);

/*
 * OPTS argument: the option name (first word, upper-cased into name,
 * at most namesz-1 bytes) and the rest after one blank (or "").
 */
enum parse_result parse_opts(const char *arg, char *name, size_t namesz,
    const char **rest);

/*
 * LIST/NLST/STAT arguments: leading words starting with '-' are ls flags
 * (as vsftpd).  Only a (and A), l, R, d are honoured; other letters are
 * ignored.  "--" ends the flags, so "LIST -- -la" (or "LIST ./-la")
 * names a file called "-la".  A lone "-" is a name.  *path points to the
 * path part (may be ""); flags are or-ed into *flags.
 */
enum {
	LSF_ALL = 1 << 0,	/* -a */
	LSF_RECURSE = 1 << 1,	/* -R */
	LSF_DIR = 1 << 2,	/* -d */
	LSF_LONG = 1 << 3,	/* -l */
};
void parse_ls_args(const char *arg, unsigned int *flags, const char **path);

#endif
