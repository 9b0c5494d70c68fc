/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Virtual path normalisation: client paths become clean absolute paths. */
#include "sf_config.h"

#include <stdbool.h>
#include <string.h>

#include "common/path.h"

/*
 * The result is built in place as a stack of components.  A component
 * that does not fit is not an error yet: a later ".." may remove it
 * ("very/long/name/../.." is short once resolved).  Such components are
 * only counted in over; while over > 0 every push and pop goes to the
 * counter, so the written part stays exactly the bottom of the stack.
 */
struct pbuf {
	char *out;
	size_t size;
	size_t len;		/* strlen(out); 1 for "/" */
	size_t over;		/* components pushed but not written */
};

static void
pbuf_push(struct pbuf *b, const char *comp, size_t n)
{
	size_t need = n + (b->len > 1 ? 1 : 0);

	if (b->over > 0 || need >= b->size - b->len) {
		b->over++;
		return;
	}
	if (b->len > 1)
		b->out[b->len++] = '/';
	memcpy(b->out + b->len, comp, n);
	b->len += n;
	b->out[b->len] = '\0';
}

/* ".." at the root stays at the root: the virtual root is all the client
 * can ever see, whatever the real directory above it. */
static void
pbuf_pop(struct pbuf *b)
{
	if (b->over > 0) {
		b->over--;
		return;
	}
	while (b->len > 1 && b->out[b->len - 1] != '/')
		b->len--;
	if (b->len > 1)
		b->len--;
	b->out[b->len] = '\0';
}

static void
pbuf_walk(struct pbuf *b, const char *p)
{
	const char *e;
	size_t n;

	while (*p != '\0') {
		while (*p == '/')
			p++;
		for (e = p; *e != '\0' && *e != '/'; e++)
			;
		n = (size_t)(e - p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			pbuf_pop(b);
		else if (n > 0 && !(n == 1 && p[0] == '.'))
			pbuf_push(b, p, n);
		p = e;
	}
}

/* CR and LF would split a log line or a reply that quotes the path. */
static bool
has_crlf(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

int
path_normalise(const char *cwd, const char *arg, char *out, size_t outsz)
{
	struct pbuf b;

	if (outsz > 0)
		out[0] = '\0';
	if (outsz < 2 || has_crlf(arg) || has_crlf(cwd))
		return -1;
	b.out = out;
	b.size = outsz;
	b.len = 1;
	b.over = 0;
	out[0] = '/';
	out[1] = '\0';
	/* cwd is walked too rather than copied, so that even a cwd that is
	 * not clean cannot leave "..", "//" or a trailing '/' in the result. */
	if (arg[0] != '/')
		pbuf_walk(&b, cwd);
	pbuf_walk(&b, arg);
	if (b.over > 0) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

const char *
path_relative(const char *vpath)
{
	while (*vpath == '/')
		vpath++;
	return *vpath != '\0' ? vpath : ".";
}

const char *
path_basename(const char *vpath)
{
	const char *s = strrchr(vpath, '/');

	if (s == NULL || (s == vpath && s[1] == '\0'))
		return vpath;
	return s + 1;
}
