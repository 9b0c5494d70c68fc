/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving bytes over a data connection while watching the control one. */
#ifndef SF_SESSION_XFER_H
#define SF_SESSION_XFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct session;

enum xfer_result {
	XFER_OK,
	XFER_ABORTED,		/* the client sent ABOR */
	XFER_PEER_GONE,		/* the data connection broke */
	XFER_LOCAL_ERROR,	/* reading the local file failed */
	XFER_WRITE_ERROR,	/* writing the local file failed (s->xfer_errno) */
	XFER_TIMEOUT,		/* no progress for data_connection_timeout */
	XFER_CTRL_GONE,		/* the control connection closed */
};

/*
 * Send file_fd from offset to the data connection: sendfile() for binary
 * when use_sendfile, else read/write with LF->CRLF when ascii.  *sent
 * receives the bytes that reached the socket.
 */
enum xfer_result xfer_send_file(struct session *s, int data_fd, int file_fd,
    uint64_t offset, bool ascii, uint64_t *sent);
/*
 * Receive the data connection into file_fd until the client closes it,
 * converting CRLF to LF when ascii.  *received counts the bytes that came
 * from the network.  A failed write gives XFER_WRITE_ERROR with s->xfer_errno.
 */
enum xfer_result xfer_recv_file(struct session *s, int data_fd, int file_fd,
    bool ascii, uint64_t *received);
/* Send a memory buffer (listings). */
enum xfer_result xfer_send_buf(struct session *s, int data_fd,
    const char *p, size_t n);
/* Seconds since start (CLOCK_MONOTONIC), for logs and rates. */
double xfer_elapsed(const struct timespec *start);
/* What went wrong, for log lines ("aborted by the client", ...). */
const char *xfer_result_text(const struct session *s, enum xfer_result res);
/*
 * Finish a transfer command: close the data connection and send the
 * final reply for res (226 with ok_text, or 426/451/452/552, or for ABOR
 * 426 then 226; a timeout or a lost control connection ends the
 * session).  upload selects the texts for the receiving direction.
 */
void xfer_finish(struct session *s, int data_fd, enum xfer_result res,
    bool upload, const char *ok_text);

#endif
