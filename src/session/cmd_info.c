/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Information commands: SYST, FEAT, OPTS, HELP, NOOP, STAT, SITE, ALLO. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/listing.h"
#include "common/log.h"
#include "common/parse.h"
#include "common/path.h"
#include "session/commands.h"
#include "session/ctrl.h"
#include "session/dirlist.h"
#include "session/hash.h"
#include "session/session.h"

void
cmd_syst(struct session *s, const char *arg)
{
	(void)arg;
	ctrl_reply(s, 215, "UNIX Type: L8");
}

void
cmd_noop(struct session *s, const char *arg)
{
	(void)arg;
	ctrl_reply(s, 200, "NOOP ok.");
}

void
cmd_allo(struct session *s, const char *arg)
{
	(void)arg;
	ctrl_reply(s, 202, "ALLO command ignored.");
}

/* Does this configuration offer what a FEAT line announces? */
static bool
cmd_feat_offered(const struct session *s, const struct command *c)
{
	const struct options *o = s->opt;

	if (!commands_permitted(s, c->verb))
		return false;
	if ((strcmp(c->verb, "PASV") == 0 || strcmp(c->verb, "EPSV") == 0) &&
	    !o->pasv_enable)
		return false;
	if (strcmp(c->verb, "EPRT") == 0 && !o->port_enable)
		return false;
	if (strcmp(c->verb, "HASH") == 0 && !o->hash_enable)
		return false;
	if ((strcmp(c->verb, "AUTH") == 0 || strcmp(c->verb, "PBSZ") == 0 ||
	    strcmp(c->verb, "PROT") == 0) && !o->ssl_enable && !o->implicit_ssl)
		return false;
	if (strcmp(c->verb, "MFMT") == 0 && (!o->write_enable ||
	    !o->mdtm_write || (s->anon_privs && !o->anon_other_write_enable)))
		return false;
	return true;
}

static int
cmd_feat_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "SHA-256*;SHA-512;SHA-1;MD5": the selected algorithm starred. */
static const char *
cmd_hash_feat(const struct session *s, struct buf *b)
{
	int i;

	buf_init(b, 128);
	for (i = 0; i < HASH_COUNT; i++)
		buf_printf(b, "%s%s%s", i ? ";" : "",
		    hash_name((enum hash_algo)i), i == s->hash_algo ? "*" : "");
	return buf_cstr(b);
}

void
cmd_feat(struct session *s, const char *arg)
{
	const char *lines[64];
	struct buf mlst;
	size_t n = 0, i;

	(void)arg;
	for (i = 0; i < command_count && n < 63; i++) {
		if (commands[i].feat[0] == '\0' ||
		    !cmd_feat_offered(s, &commands[i]))
			continue;
		lines[n++] = commands[i].feat;
		/* AUTH SSL is the older name of AUTH TLS (RFC 4217). */
		if (strcmp(commands[i].feat, "AUTH TLS") == 0)
			lines[n++] = "AUTH SSL";
	}
	qsort(lines, n, sizeof(lines[0]), cmd_feat_cmp);
	ctrl_reply_begin(s, 211, "Features:");
	for (i = 0; i < n; i++) {
		if (strcmp(lines[i], "HASH") == 0) {
			ctrl_reply_line(s, " HASH %s", cmd_hash_feat(s, &mlst));
			buf_free(&mlst);
			continue;
		}
		if (strcmp(lines[i], "MLST") == 0) {
			buf_init(&mlst, 256);
			listing_mlst_feat(&mlst, s->mlst_facts);
			ctrl_reply_line(s, " MLST %s", buf_cstr(&mlst));
			buf_free(&mlst);
			continue;
		}
		ctrl_reply_line(s, " %s", lines[i]);
	}
	ctrl_reply_end(s, 211, "End");
}

void
cmd_opts(struct session *s, const char *arg)
{
	char name[16];
	const char *rest;
	struct buf b;

	if (parse_opts(arg, name, sizeof(name), &rest) != PARSE_OK) {
		ctrl_reply(s, 501, "Option not understood.");
		return;
	}
	if (strcmp(name, "UTF8") == 0) {
		/* Names are bytes on disk and on the wire alike: there is
		 * nothing to switch, in either direction. */
		if (strcasecmp(rest, "ON") == 0 || rest[0] == '\0')
			ctrl_reply(s, 200, "Always in UTF8 mode.");
		else
			ctrl_reply(s, 501, "Option not understood.");
		return;
	}
	if (strcmp(name, "HASH") == 0 && s->opt->hash_enable) {
		int a = rest[0] != '\0' ? hash_lookup(rest) : s->hash_algo;

		if (a < 0) {
			ctrl_reply(s, 501, "Unknown algorithm.");
			return;
		}
		s->hash_algo = a;
		ctrl_reply(s, 200, "%s", hash_name((enum hash_algo)a));
		return;
	}
	if (strcmp(name, "MLST") == 0) {
		buf_init(&b, 256);
		s->mlst_facts = listing_mlst_opts(rest, &b);
		ctrl_reply(s, 200, "MLST OPTS %s", buf_cstr(&b));
		buf_free(&b);
		return;
	}
	ctrl_reply(s, 501, "Option not understood.");
}

void
cmd_help(struct session *s, const char *arg)
{
	char line[128];
	size_t len = 0, i;

	(void)arg;
	ctrl_reply_begin(s, 214, "The following commands are recognized.");
	line[0] = '\0';
	for (i = 0; i < command_count; i++) {
		int w = snprintf(line + len, sizeof(line) - len, " %-4s",
		    commands[i].verb);

		if (w > 0 && (size_t)w < sizeof(line) - len)
			len += (size_t)w;
		if ((i + 1) % 14 == 0) {
			ctrl_reply_line(s, "%s", line);
			len = 0;
			line[0] = '\0';
		}
	}
	if (len > 0)
		ctrl_reply_line(s, "%s", line);
	ctrl_reply_end(s, 214, "Help OK.");
}

static enum xfer_result
cmd_stat_flush(struct session *s, void *ctx, struct buf *b)
{
	size_t off = 0;

	(void)ctx;
	/* Each CRLF-terminated listing line becomes one reply line. */
	while (off < b->len) {
		char *nl = memchr(b->p + off, '\n', b->len - off);
		size_t n = nl ? (size_t)(nl - (b->p + off)) : b->len - off;
		size_t m = n;

		if (m > 0 && b->p[off + m - 1] == '\r')
			m--;
		ctrl_reply_raw(s, b->p + off, m);
		off += n + (nl != NULL);
	}
	buf_reset(b);
	return XFER_OK;
}

static void
cmd_stat_server(struct session *s)
{
	const struct options *o = s->opt;

	ctrl_reply_begin(s, 211, "FTP server status:");
	ctrl_reply_line(s, "     Connected to %s", s->peer_str);
	ctrl_reply_line(s, "     Logged in as %s", o->ftp_username);
	ctrl_reply_line(s, "     TYPE: %s", s->type == 'A' ? "ASCII" :
	    "BINARY");
	ctrl_reply_line(s, "     No session bandwidth limit");
	if (o->idle_session_timeout > 0)
		ctrl_reply_line(s, "     Session timeout in seconds is %lu",
		    o->idle_session_timeout);
	ctrl_reply_line(s, "     Control connection is plain text");
	ctrl_reply_line(s, "     Data connections will be plain text");
	ctrl_reply_line(s, "     sockftpd %s", PACKAGE_VERSION);
	ctrl_reply_end(s, 211, "End of status");
}

void
cmd_stat(struct session *s, const char *arg)
{
	struct dirlist_sink sink = { cmd_stat_flush, NULL };
	char vpath[LIM_PATH];
	const char *path;
	unsigned int flags = 0;

	if (arg[0] == '\0') {
		cmd_stat_server(s);
		return;
	}
	if (!s->opt->dirlist_enable) {
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	parse_ls_args(arg, &flags, &path);
	if (!cmd_path(s, path, vpath, sizeof(vpath)))
		return;
	ctrl_reply_begin(s, 213, "Status follows:");
	dirlist_run(s, DL_LIST, vpath, flags, NULL, NULL, &sink);
	ctrl_reply_end(s, 213, "End of status");
}

/* An octal mode of 1 to 4 digits, at most 07777, into *mode; false if
 * arg is not one.  *end gets what follows it. */
static bool
cmd_octal(const char *arg, unsigned long *mode, const char **end)
{
	size_t n = strspn(arg, "01234567");

	if (n == 0 || n > 4 || (arg[n] != '\0' && arg[n] != ' '))
		return false;
	*mode = strtoul(arg, NULL, 8);
	*end = arg + n;
	return true;
}

/*
 * SITE CHMOD mode path, for local users: regular files and directories
 * only, never through a symlink, and without set-id bits (a mode a user
 * could only abuse, never need, over FTP).
 */
static void
cmd_site_chmod(struct session *s, const char *arg)
{
	char vpath[LIM_PATH];
	unsigned long mode;
	const char *rest;
	struct stat st;
	int fd;

	if (!cmd_octal(arg, &mode, &rest) || rest[0] != ' ' ||
	    rest[1] == '\0') {
		ctrl_reply(s, 501, "SITE CHMOD needs 2 arguments: an octal "
		    "mode and a file.");
		return;
	}
	if (mode & (S_ISUID | S_ISGID)) {
		log_info("SITE CHMOD %04lo refused: set-id bits", mode);
		ctrl_reply(s, 550, "Permission denied.");
		return;
	}
	if (!cmd_path(s, rest + 1, vpath, sizeof(vpath)))
		return;
	fd = fs_open(&s->fs, vpath, O_PATH | O_NOFOLLOW);
	if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		close(fd);
		fd = -1;
		errno = EPERM;
	}
	if (fd >= 0) {
		close(fd);
		fd = fs_open(&s->fs, vpath, O_RDONLY | O_NOFOLLOW |
		    O_NONBLOCK);
	}
	if (fd < 0 || fchmod(fd, (mode_t)mode) < 0) {
		log_info("SITE CHMOD %04lo %s failed: %s", mode, vpath,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		ctrl_reply(s, 550, "SITE CHMOD command failed.");
		return;
	}
	close(fd);
	log_info("SITE CHMOD %04lo %s", mode, vpath);
	ctrl_reply(s, 200, "SITE CHMOD command ok.");
}

/* SITE UMASK mode, for local users: the umask of what they create. */
static void
cmd_site_umask(struct session *s, const char *arg)
{
	unsigned long mode;
	const char *rest;

	if (!cmd_octal(arg, &mode, &rest) || rest[0] != '\0' ||
	    mode > 0777) {
		ctrl_reply(s, 501, "SITE UMASK needs an octal mask.");
		return;
	}
	s->umask = mode;
	ctrl_reply(s, 200, "UMASK set to 0%03lo", mode);
}

void
cmd_site(struct session *s, const char *arg)
{
	char name[16];
	const char *rest;

	if (parse_opts(arg, name, sizeof(name), &rest) != PARSE_OK) {
		ctrl_reply(s, 500, "Unknown SITE command.");
		return;
	}
	if (strcmp(name, "HELP") == 0) {
		ctrl_reply(s, 214, "HELP");
		return;
	}
	if (strcmp(name, "UMASK") == 0 && rest[0] == '\0') {
		ctrl_reply(s, 200, "Your current UMASK is 0%03lo", s->umask);
		return;
	}
	if (strcmp(name, "CHMOD") == 0 || strcmp(name, "UMASK") == 0) {
		/* Anonymous users (and guests with their privileges) neither
		 * change modes, as in vsftpd, nor their umask, which would
		 * open a drop box to reading. */
		if (s->anon_privs || (name[0] == 'C' &&
		    (!s->opt->chmod_enable || !s->opt->write_enable))) {
			ctrl_reply(s, 550, "Permission denied.");
			return;
		}
		if (name[0] == 'C')
			cmd_site_chmod(s, rest);
		else
			cmd_site_umask(s, rest);
		return;
	}
	ctrl_reply(s, 500, "Unknown SITE command.");
}
