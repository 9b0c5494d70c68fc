/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TYPE A conversion between the local LF and the network's CRLF. */
#ifndef SF_COMMON_ASCII_H
#define SF_COMMON_ASCII_H

#include <stdbool.h>
#include <stddef.h>

/* Downloads: every LF becomes CRLF (as vsftpd).  out must hold 2*n bytes.
 * Returns the bytes written. */
size_t ascii_to_net(const char *in, size_t n, char *out);

/*
 * Uploads: CRLF becomes LF; a lone CR is kept.  A CR at the end of one
 * buffer is held in *pending_cr and resolved by the next call (or by
 * ascii_from_net_end at end of file).  out must hold n + 1 bytes.
 */
size_t ascii_from_net(const char *in, size_t n, char *out, bool *pending_cr);
size_t ascii_from_net_end(char *out, bool *pending_cr);

#endif
