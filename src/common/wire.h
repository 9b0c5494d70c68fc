/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fixed-size messages with an optional fd between sockftpd's processes. */
#ifndef SF_COMMON_WIRE_H
#define SF_COMMON_WIRE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Messages travel over SOCK_SEQPACKET socketpairs, one message per call,
 * so a message is never split or merged.  wire_send sends n bytes and,
 * when fd >= 0, a copy of fd (SCM_RIGHTS); 0 or -1 with errno.
 */
int wire_send(int sock, const void *p, size_t n, int fd);
/*
 * Receive one message of exactly n bytes; *fd gets a passed fd (close-on-
 * exec) or -1.  Returns n, 0 at end of stream (an empty message without
 * an fd reads the same), or -1: an error, or EPROTO for a message of
 * another size, with more than one fd or with truncated control data (a
 * peer that does not follow the protocol).  The fds of a refused message
 * are closed.
 */
ssize_t wire_recv(int sock, void *p, size_t n, int *fd);

#endif
