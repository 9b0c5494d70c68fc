/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsftpd.conf-style files: load, check, and dump as a config file (-t). */
#ifndef SF_COMMON_CONFIG_H
#define SF_COMMON_CONFIG_H

#include <stdio.h>

#include "common/options.h"

/*
 * Load path into o (later lines and files override earlier ones).  The
 * file must be a regular file of at most LIM_CONF_FILE bytes, owned by root
 * or the running user and not writable by group or others.  Returns 0, or
 * -1 with "FILE:LINE: message" in err.
 */
int config_load_file(struct options *o, const char *path, char *err,
    size_t errsz);
/* Parse config text already in memory; name is used in messages. */
int config_load_text(struct options *o, const char *name, const char *text,
    size_t len, char *err, size_t errsz);
/*
 * Cross-option checks and refusals of options not implemented yet.
 * Returns 0, or -1 with the first problem in err.
 */
int config_check(const struct options *o, char *err, size_t errsz);
/* Comma-separated names of TODO options in use, into out ("" if none). */
void config_unimplemented(const struct options *o, char *out, size_t outsz);
/* The effective configuration as a config file, with notes as comments;
 * reading the output back yields the same output. */
void config_dump(const struct options *o, FILE *f);
/* One line per option: name, type, default, status, doc (tab-separated). */
void config_list_options(FILE *f);

#endif
