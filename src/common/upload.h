/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pure rules of uploads: temporary and unique names, modes, error replies. */
#ifndef SF_COMMON_UPLOAD_H
#define SF_COMMON_UPLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Names that start with this prefix are sockftpd's own temporary upload
 * files: never listed, never accessible to clients, never uploadable.
 */
#define UPLOAD_TEMP_PREFIX ".sockftpd-upload."

/*
 * How long, after an upload's data connection ended, a closing control
 * connection still counts as a vanished client (whose upload is then
 * discarded).  A killed client's kernel closes both within microseconds;
 * a client that waits for its 226 never closes it.
 */
#define UPLOAD_VANISH_MS 3

/* Is name (one path component) reserved for temporary uploads? */
bool upload_is_temp_name(const char *name);
/* The temporary name for random bits r: prefix + 16 hex digits. */
void upload_temp_name(uint64_t r, char *out, size_t outsz);
/*
 * STOU candidates: try 0 is base itself, try n > 0 is "base.n" (as
 * vsftpd: STOU.1, STOU.2, ...).  -1 when it does not fit outsz.
 */
int upload_stou_name(const char *base, unsigned int n, char *out,
    size_t outsz);
/* Mode of a new file or directory: open mode less the umask. */
mode_t upload_mode(unsigned long open_mode, unsigned long umask);
/*
 * The reply for a failed local write with errno e, as RFC 959 asks: 452
 * for a full file system, 552 for a quota or file size limit, 451
 * otherwise.  *code receives the code; the text is static.
 */
const char *upload_error_reply(int e, int *code);

#endif
