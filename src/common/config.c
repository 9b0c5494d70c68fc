/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsftpd.conf-style files: load, check, and dump as a config file (-t). */
#include "sf_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/config.h"
#include "common/limits.h"
#include "common/xmem.h"

static const char *const config_status_note[] = {
	[OS_IMPL] = NULL,
	[OS_LISTEN] = "no effect: only for a listening daemon; the launcher "
	    "listens for sockftpd",
	[OS_NOEFFECT] = "no effect",
	[OS_TODO] = "not implemented yet: ignored, with a warning in the log",
	[OS_REFUSE] = "not implemented yet: switching it on refuses to start",
};

static const char *const config_type_name[] = {
	[OPT_T_BOOL] = "bool", [OPT_T_UINT] = "number",
	[OPT_T_MODE] = "octal", [OPT_T_STR] = "string",
};

static const char *const config_status_name[] = {
	[OS_IMPL] = "implemented", [OS_LISTEN] = "listen-only",
	[OS_NOEFFECT] = "no-effect", [OS_TODO] = "not-implemented",
	[OS_REFUSE] = "not-implemented-refused",
};

static int
config_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int
config_load_text(struct options *o, const char *name, const char *text,
    size_t len, char *err, size_t errsz)
{
	const char *p = text, *end = text + len;
	unsigned int lineno = 0;
	char line[1024], msg[512];

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *s, *e, *eq;

		lineno++;
		if (n >= sizeof(line)) {
			snprintf(err, errsz, "%s:%u: line too long (over %zu "
			    "bytes)", name, lineno, sizeof(line) - 1);
			return -1;
		}
		if (memchr(p, '\0', n) != NULL) {
			snprintf(err, errsz, "%s:%u: NUL byte in line", name,
			    lineno);
			return -1;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (nl != NULL);

		/* Leading and trailing white space, and white space around
		 * '=', are dropped (as Red Hat's vsftpd does). */
		s = line;
		while (config_is_space(*s))
			s++;
		e = s + strlen(s);
		while (e > s && config_is_space(e[-1]))
			*--e = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (eq == NULL) {
			const char *hint = opt_lookup(s) ? NULL : opt_suggest(s);

			snprintf(err, errsz, "%s:%u: missing '=' after \"%s\"%s%s%s",
			    name, lineno, s, hint ? " (did you mean \"" : "",
			    hint ? hint : "", hint ? "\"?)" : "");
			return -1;
		}
		e = eq;
		while (e > s && config_is_space(e[-1]))
			e--;
		*e = '\0';
		eq++;
		while (config_is_space(*eq))
			eq++;
		if (opt_set(o, s, eq, msg, sizeof(msg)) < 0) {
			snprintf(err, errsz, "%s:%u: %s", name, lineno, msg);
			return -1;
		}
		snprintf(msg, sizeof(msg), "%s:%u", name, lineno);
		opt_set_origin(o, s, msg);
	}
	return 0;
}

int
config_load_file(struct options *o, const char *path, char *err,
    size_t errsz)
{
	struct stat st;
	char *text;
	ssize_t n;
	size_t got = 0;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(err, errsz, "%s: cannot read config file: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "%s: config file is not a regular file",
		    path);
		close(fd);
		return -1;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		snprintf(err, errsz, "%s: config file must be owned by root "
		    "or by uid %ld (owner is uid %ld)", path, (long)geteuid(),
		    (long)st.st_uid);
		close(fd);
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errsz, "%s: config file is writable by group "
		    "or others (mode %04o)", path,
		    (unsigned int)(st.st_mode & 07777));
		close(fd);
		return -1;
	}
	if (st.st_size > LIM_CONF_FILE) {
		snprintf(err, errsz, "%s: config file is larger than %d bytes",
		    path, LIM_CONF_FILE);
		close(fd);
		return -1;
	}
	text = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		n = read(fd, text + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	r = config_load_text(o, path, text, got, err, errsz);
	free(text);
	return r;
}

int
config_check(const struct options *o, char *err, size_t errsz)
{
	struct in_addr a;
	char refused[1024] = "", at[600];
	size_t i, n = 0;

	if (o->ssl_sslv2 || o->ssl_sslv3) {
		enum opt_id id = o->ssl_sslv2 ? OPT_ID_ssl_sslv2 :
		    OPT_ID_ssl_sslv3;

		snprintf(err, errsz, "%s%s=YES: SSLv2 and SSLv3 are broken "
		    "and not supported", opt_origin(o, id, at, sizeof(at)),
		    opt_name(&opt_table[id]));
		return -1;
	}
	if (!o->anonymous_enable && !o->local_enable) {
		snprintf(err, errsz, "both local and anonymous access are "
		    "disabled (anonymous_enable=NO, local_enable=NO)");
		return -1;
	}
	if (o->pasv_max_port != 0 && o->pasv_min_port > o->pasv_max_port) {
		snprintf(err, errsz, "%spasv_min_port=%lu is above "
		    "pasv_max_port=%lu", opt_origin(o, OPT_ID_pasv_min_port, at,
		    sizeof(at)), o->pasv_min_port, o->pasv_max_port);
		return -1;
	}
	if (o->log_format != NULL && strcmp(o->log_format, "vsftpd") != 0 &&
	    strcmp(o->log_format, "json") != 0) {
		snprintf(err, errsz, "%slog_format=%s: use vsftpd or json",
		    opt_origin(o, OPT_ID_log_format, at, sizeof(at)),
		    o->log_format);
		return -1;
	}
	/* Names are never resolved (pasv_addr_resolve is not implemented),
	 * so a host name here could only fail later, at PASV. */
	if (o->pasv_address != NULL &&
	    inet_pton(AF_INET, o->pasv_address, &a) != 1) {
		snprintf(err, errsz, "%spasv_address=%s is not a numeric IPv4 "
		    "address", opt_origin(o, OPT_ID_pasv_address, at,
		    sizeof(at)), o->pasv_address);
		return -1;
	}
	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_desc *d = &opt_table[i];
		int w;

		if (d->status != OS_REFUSE || !opt_in_use(o, d))
			continue;
		w = snprintf(refused + n, sizeof(refused) - n, "%s%s%s%s%s",
		    n ? ", " : "", opt_name(d), o->origin[i] ? " (" : "",
		    o->origin[i] ? o->origin[i] : "", o->origin[i] ? ")" : "");
		if (w > 0 && (size_t)w < sizeof(refused) - n)
			n += (size_t)w;
	}
	if (n > 0) {
		snprintf(err, errsz, "not implemented yet, and ignoring it "
		    "would weaken security or lose data: %s", refused);
		return -1;
	}
	return 0;
}

void
config_unimplemented(const struct options *o, char *out, size_t outsz)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_desc *d = &opt_table[i];
		int w;

		if (d->status != OS_TODO || !opt_in_use(o, d))
			continue;
		w = snprintf(out + n, outsz - n, "%s%s", n ? ", " : "",
		    opt_name(d));
		if (w < 0 || (size_t)w >= outsz - n)
			break;
		n += (size_t)w;
	}
}

void
config_dump(const struct options *o, FILE *f)
{
	char val[LIM_PATH + 16];
	size_t i;

	fprintf(f, "# sockftpd %s: effective configuration\n",
	    PACKAGE_VERSION);
	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_desc *d = &opt_table[i];
		const char *note = config_status_note[d->status];

		opt_format(o, d, val, sizeof(val));
		if (note != NULL && d->status == OS_NOEFFECT)
			fprintf(f, "# %s: no effect: %s\n", opt_name(d), opt_doc(d));
		else if (note != NULL)
			fprintf(f, "# %s: %s\n", opt_name(d), note);
		fprintf(f, "%s=%s\n", opt_name(d), val);
	}
}

void
config_list_options(FILE *f)
{
	char val[256];
	struct options o;
	size_t i;

	opt_defaults(&o);
	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_desc *d = &opt_table[i];

		opt_format(&o, d, val, sizeof(val));
		fprintf(f, "%s\t%s\t%s\t%s\t%s\n", opt_name(d),
		    config_type_name[d->type], val,
		    config_status_name[d->status], opt_doc(d));
	}
	for (i = 0; i < opt_alias_count; i++)
		fprintf(f, "%s\talias\t%s\t%s\tanother spelling of %s\n",
		    opt_aliases[i].alias, opt_name(&opt_table[opt_aliases[i].id]),
		    config_status_name[opt_table[opt_aliases[i].id].status],
		    opt_name(&opt_table[opt_aliases[i].id]));
	opt_free(&o);
}
