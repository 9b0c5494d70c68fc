/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command table and dispatcher, expanded from commands.def. */
#ifndef SF_SESSION_COMMANDS_H
#define SF_SESSION_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

struct session;

enum {
	C_PRE = 1 << 0,
	C_ARG = 1 << 1,
	C_WRITE = 1 << 2,
	C_NOIMP = 1 << 3,
};

typedef void cmd_handler(struct session *s, const char *arg);

/*
 * No pointers (the handler is called through a switch): a table of
 * pointers in a position-independent executable is rewritten by the
 * loader at every start, and its pages become private to the session.
 */
struct command {
	char verb[5];
	unsigned char flags;
	char feat[12];		/* the FEAT line, or "" */
};

extern const struct command commands[];
extern const unsigned int command_count;

/* Run one command line (already stripped of CRLF and Telnet). */
void commands_dispatch(struct session *s, char *line);
/* Is the verb usable in this session (cmds_allowed/cmds_denied, and the
 * options behind it)?  Used by FEAT and HELP. */
bool commands_permitted(const struct session *s, const char *verb);

/* Handlers (cmd_*.c). */
cmd_handler cmd_user, cmd_pass, cmd_quit, cmd_feat, cmd_auth, cmd_pbsz,
    cmd_prot, cmd_ccc,
    cmd_syst, cmd_opts, cmd_help, cmd_noop, cmd_pwd, cmd_cwd, cmd_cdup,
    cmd_type, cmd_mode, cmd_stru, cmd_pasv, cmd_epsv, cmd_port, cmd_eprt,
    cmd_list, cmd_nlst, cmd_mlsd, cmd_mlst, cmd_stat, cmd_size, cmd_mdtm,
    cmd_rest, cmd_retr, cmd_abor, cmd_allo, cmd_site, cmd_stor, cmd_appe,
    cmd_stou, cmd_dele, cmd_mkd, cmd_rmd, cmd_rnfr, cmd_rnto, cmd_mfmt,
    cmd_hash;

/* Shared helpers for handlers. */
/* Normalise a client path against cwd; 550 and false when it cannot be
 * used (too long, CR/LF, or denied by deny_file). */
bool cmd_path(struct session *s, const char *arg, char *out, size_t outsz);
/* Show message_file of vpath as "code-" lines (dirmessage_enable, once
 * per directory). */
void cmd_dir_message(struct session *s, int code, const char *vpath);
/* A path for a 257 reply: embedded quotes doubled (RFC 959 appendix II). */
void cmd_quote_path(const char *path, char *out, size_t outsz);
/* MDTM with a time argument: set the time of path (cmd_write.c). */
struct timespec;
void cmd_mdtm_set(struct session *s, const struct timespec *ts,
    const char *path);

#endif
