/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Name list files: userlist_file, chroot_list_file, the e-mail lists. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/namelist.h"
#include "common/options.h"
#include "common/xmem.h"

static bool
namelist_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

bool
namelist_has(const char *text, size_t len, const char *name)
{
	size_t nlen = strlen(name), i = 0;

	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;
		size_t a = i, b = end;

		while (a < b && namelist_blank(text[a]))
			a++;
		while (b > a && namelist_blank(text[b - 1]))
			b--;
		if (b - a == nlen && nlen > 0 && text[a] != '#' &&
		    memcmp(text + a, name, nlen) == 0)
			return true;
		i = end + 1;
	}
	return false;
}

char *
namelist_read(const char *path, size_t *len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	char *p;
	int fd, e = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		e = errno;
	else if (!S_ISREG(st.st_mode))
		e = EINVAL;
	else if (st.st_size > LIM_LIST_FILE)
		e = EFBIG;
	if (e != 0) {
		close(fd);
		errno = e;
		return NULL;
	}
	p = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		n = read(fd, p + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	p[got] = '\0';
	*len = got;
	return p;
}

int
namelist_file_has(const char *path, const char *name)
{
	size_t len = 0;
	char *text = namelist_read(path, &len);
	bool has;

	if (text == NULL)
		return -1;
	has = namelist_has(text, len, name);
	free(text);
	return has ? 1 : 0;
}

static void
namelist_load(struct namelist *l, bool wanted, const char *path)
{
	memset(l, 0, sizeof(*l));
	if (!wanted)
		return;
	if (path == NULL) {
		l->err = ENOENT;
		return;
	}
	l->text = namelist_read(path, &l->len);
	if (l->text == NULL)
		l->err = errno;
}

void
login_lists_load(const struct options *o, struct login_lists *ll)
{
	namelist_load(&ll->user, o->userlist_enable, o->userlist_file);
	namelist_load(&ll->banned, o->deny_email_enable, o->banned_email_file);
	namelist_load(&ll->emails, o->secure_email_list_enable,
	    o->email_password_file);
}

void
login_lists_free(struct login_lists *ll)
{
	free(ll->user.text);
	free(ll->banned.text);
	free(ll->emails.text);
	memset(ll, 0, sizeof(*ll));
}

bool
login_userlist_refuses(const struct options *o, const struct login_lists *ll,
    const char *user)
{
	bool has;

	if (!o->userlist_enable)
		return false;
	if (ll->user.text == NULL) {
		if (ll->user.err == ENOENT && o->userlist_deny)
			return false;
		log_err("userlist_file %s: %s; refusing the login",
		    o->userlist_file ? o->userlist_file : "(unset)",
		    strerror(ll->user.err));
		return true;
	}
	has = namelist_has(ll->user.text, ll->user.len, user);
	return o->userlist_deny ? has : !has;
}

bool
login_email_refused(const struct options *o, const struct login_lists *ll,
    const char *pass)
{
	if (o->deny_email_enable) {
		if (ll->banned.text == NULL) {
			log_err("banned_email_file %s: %s; refusing the login",
			    o->banned_email_file ? o->banned_email_file :
			    "(unset)", strerror(ll->banned.err));
			return true;
		}
		if (namelist_has(ll->banned.text, ll->banned.len, pass)) {
			log_info("anonymous password in banned_email_file");
			return true;
		}
	}
	if (o->secure_email_list_enable) {
		if (ll->emails.text == NULL) {
			log_err("email_password_file %s: %s; refusing the "
			    "login", o->email_password_file ?
			    o->email_password_file : "(unset)",
			    strerror(ll->emails.err));
			return true;
		}
		if (!namelist_has(ll->emails.text, ll->emails.len, pass)) {
			log_info("anonymous password not in "
			    "email_password_file");
			return true;
		}
	}
	return false;
}
