/* SPDX-License-Identifier: GPL-2.0-or-later */
/* getpwnam() that reads /etc/passwd itself when NSS would read it first. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/pwfile.h"

/* A line longer than this (none in a sane passwd) leaves it to NSS. */
#define PW_LINE 2048

typedef int pw_line_fn(char *line, void *arg);

/*
 * fn for each line of path, newline removed, read through a buffer on the
 * stack (nothing on the heap, no stdio).  Returns what a call of fn
 * returned to stop (nonzero), 0 at the end, -1 when the file cannot be
 * read or holds a line over PW_LINE - 1 bytes or a NUL.
 */
static int
pw_each_line(const char *path, pw_line_fn *fn, void *arg)
{
	char buf[PW_LINE];
	size_t have = 0;
	ssize_t n;
	int fd, r = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	for (;;) {
		char *nl, *start = buf;

		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -1;
			break;
		}
		if (memchr(buf + have, '\0', (size_t)n) != NULL) {
			r = -1;
			break;
		}
		have += (size_t)n;
		if (n == 0 && have > 0)
			buf[have++] = '\n';	/* a last line without one */
		while ((nl = memchr(start, '\n', have - (size_t)(start -
		    buf))) != NULL) {
			*nl = '\0';
			r = fn(start, arg);
			if (r != 0)
				goto out;
			start = nl + 1;
		}
		have -= (size_t)(start - buf);
		memmove(buf, start, have);
		if (n == 0)
			break;
		if (have == sizeof(buf) - 1) {
			r = -1;
			break;
		}
	}
out:
	close(fd);
	return r;
}

struct pw_nss {
	int lines;		/* passwd lines seen */
	bool files_first;	/* ... and the (first) one starts with files */
};

static const char *
pw_skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int
pw_nss_line(char *line, void *arg)
{
	struct pw_nss *st = arg;
	const char *p = pw_skip_blanks(line);

	if (strncmp(p, "passwd", 6) != 0)
		return 0;
	p = pw_skip_blanks(p + 6);
	if (*p != ':')
		return 0;
	st->lines++;
	p = pw_skip_blanks(p + 1);
	if (strncmp(p, "files", 5) != 0 ||
	    (p[5] != '\0' && p[5] != ' ' && p[5] != '\t' && p[5] != '#'))
		return 0;
	/* "files [NOTFOUND=...]" and the like change what its answer means. */
	p = pw_skip_blanks(p + 5);
	st->files_first = *p != '[';
	return 0;
}

struct pw_find {
	const char *name;
	struct passwd *out;
	char *buf;
	size_t bufsz;
};

/* A decimal id as nss_files takes it, below (uid_t)-1; -1 otherwise. */
static long long
pw_id(const char *s)
{
	unsigned long long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
		if (v >= UINT32_MAX)
			return -1;
	}
	return (long long)v;
}

/* 1: found (filled in), 0: another name, -1: leave it to NSS. */
static int
pw_find_line(char *line, void *arg)
{
	struct pw_find *f = arg;
	char *field[7], *p = line + (pw_skip_blanks(line) - line);
	size_t i, need = 0;
	long long uid, gid;
	char *o;

	if (*p == '\0' || *p == '#')
		return 0;
	/* Compat entries: what they mean is NSS's business. */
	if (*p == '+' || *p == '-')
		return -1;
	for (i = 0; i < 7; i++) {
		field[i] = p;
		p = strchr(p, ':');
		if (p == NULL)
			break;
		if (i < 6)
			*p++ = '\0';
	}
	if (i < 6 || strcmp(field[0], f->name) != 0)
		return strcmp(field[0], f->name) == 0 ? -1 : 0;
	if (i == 7 || p != NULL)
		return -1;		/* an eighth field */
	uid = pw_id(field[2]);
	gid = pw_id(field[3]);
	if (uid < 0 || gid < 0)
		return -1;
	for (i = 0; i < 7; i++)
		need += strlen(field[i]) + 1;
	if (need > f->bufsz)
		return -1;
	o = f->buf;
	for (i = 0; i < 7; i++) {
		size_t n = strlen(field[i]) + 1;

		memcpy(o, field[i], n);
		field[i] = o;
		o += n;
	}
	f->out->pw_name = field[0];
	f->out->pw_passwd = field[1];
	f->out->pw_uid = (uid_t)uid;
	f->out->pw_gid = (gid_t)gid;
	f->out->pw_gecos = field[4];
	f->out->pw_dir = field[5];
	f->out->pw_shell = field[6];
	return 1;
}

/* Does nsswitch send passwd lookups to files first, with no action? */
static bool
pw_files_first(const char *nsswitch)
{
	struct pw_nss nss = { 0, false };

	return pw_each_line(nsswitch, pw_nss_line, &nss) == 0 &&
	    nss.lines == 1 && nss.files_first;
}

static int
pw_passwd_lookup(const char *passwd, const char *name, struct passwd *out,
    char *buf, size_t bufsz)
{
	struct pw_find f = { name, out, buf, bufsz };

	if (name[0] == '\0' || strchr(name, ':') != NULL)
		return 0;
	return pw_each_line(passwd, pw_find_line, &f) == 1;
}

int
pw_files_lookup(const char *nsswitch, const char *passwd, const char *name,
    struct passwd *out, char *buf, size_t bufsz)
{
	return pw_files_first(nsswitch) &&
	    pw_passwd_lookup(passwd, name, out, buf, bufsz);
}

struct passwd *
pw_getnam(const char *name, struct pw_buf *b)
{
	/* nsswitch.conf is read once per process, as the C library does. */
	static int files_first = -1;

	if (files_first < 0)
		files_first = pw_files_first("/etc/nsswitch.conf");
	if (files_first && pw_passwd_lookup("/etc/passwd", name, &b->pw,
	    b->text, sizeof(b->text)))
		return &b->pw;
	return getpwnam(name);
}
