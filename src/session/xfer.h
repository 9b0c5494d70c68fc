/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving bytes over a data connection while watching the control one. */
#ifndef SF_SESSION_XFER_H
#define SF_SESSION_XFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct session;

enum xfer_result {
	XFER_OK,
	XFER_ABORTED,		/* the client sent ABOR */
	XFER_PEER_GONE,		/* the data connection broke */
	XFER_LOCAL_ERROR,	/* reading the local file failed */
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
/* Send a memory buffer (listings). */
enum xfer_result xfer_send_buf(struct session *s, int data_fd,
    const char *p, size_t n);
/*
 * Finish a transfer command: close the data connection and send the
 * final reply for res (226 with ok_text, or 426/451, or for ABOR 426 then
 * 226; a timeout or a lost control connection ends the session).
 */
void xfer_finish(struct session *s, int data_fd, enum xfer_result res,
    const char *ok_text);

#endif
