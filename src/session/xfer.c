/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving bytes over a data connection while watching the control one. */
#include "sf_config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "common/ascii.h"
#include "common/limits.h"
#include "common/log.h"
#include "common/xmem.h"
#include "session/ctrl.h"
#include "session/session.h"
#include "session/xfer.h"

/*
 * Wait until the data socket takes more bytes, watching the control
 * connection for ABOR.  XFER_OK means "write again".
 */
static enum xfer_result
xfer_wait(struct session *s, int data_fd)
{
	struct pollfd p[2];
	unsigned long t = s->opt->data_connection_timeout;
	int n, r;
	bool closed;

	for (;;) {
		p[0].fd = data_fd;
		p[0].events = POLLOUT;
		p[1].fd = ctrl_poll_fd(s);
		p[1].events = POLLIN;
		n = p[1].fd >= 0 ? 2 : 1;
		r = poll(p, (nfds_t)n, t > 0 ? (int)(t * 1000) : -1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return XFER_PEER_GONE;
		if (r == 0)
			return XFER_TIMEOUT;
		if (n == 2 && p[1].revents != 0) {
			if (ctrl_check_abort(s, &closed))
				return XFER_ABORTED;
			if (closed)
				return XFER_CTRL_GONE;
		}
		if (p[0].revents & (POLLERR | POLLHUP))
			return XFER_PEER_GONE;
		if (p[0].revents & POLLOUT)
			return XFER_OK;
	}
}

/* A cheap look for ABOR between writes that did not block. */
static enum xfer_result
xfer_peek_ctrl(struct session *s)
{
	int fd = ctrl_poll_fd(s);
	bool closed;

	if (fd < 0 || io_wait(fd, POLLIN, 0) <= 0)
		return XFER_OK;
	if (ctrl_check_abort(s, &closed))
		return XFER_ABORTED;
	return closed ? XFER_CTRL_GONE : XFER_OK;
}

enum xfer_result
xfer_send_buf(struct session *s, int data_fd, const char *p, size_t n)
{
	enum xfer_result res;
	size_t off = 0;
	ssize_t w;

	while (off < n) {
		w = send(data_fd, p + off, n - off, MSG_NOSIGNAL);
		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			res = xfer_wait(s, data_fd);
			if (res != XFER_OK)
				return res;
			continue;
		}
		return XFER_PEER_GONE;
	}
	return xfer_peek_ctrl(s);
}

static enum xfer_result
xfer_sendfile(struct session *s, int data_fd, int file_fd, uint64_t offset,
    uint64_t *sent, bool *unsupported)
{
	off_t off = (off_t)offset;
	enum xfer_result res;
	ssize_t n;

	*unsupported = false;
	for (;;) {
		n = sendfile(data_fd, file_fd, &off, LIM_SENDFILE_CHUNK);
		if (n > 0) {
			*sent += (uint64_t)n;
			res = xfer_peek_ctrl(s);
			if (res != XFER_OK)
				return res;
			continue;
		}
		if (n == 0)
			return XFER_OK;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			res = xfer_wait(s, data_fd);
			if (res != XFER_OK)
				return res;
			continue;
		}
		if ((errno == EINVAL || errno == ENOSYS) && *sent == 0) {
			*unsupported = true;
			return XFER_OK;
		}
		if (errno == EIO) {
			log_err("reading file: %s", strerror(errno));
			return XFER_LOCAL_ERROR;
		}
		return XFER_PEER_GONE;
	}
}

enum xfer_result
xfer_send_file(struct session *s, int data_fd, int file_fd, uint64_t offset,
    bool ascii, uint64_t *sent)
{
	enum xfer_result res = XFER_OK;
	char *in, *out;
	ssize_t n;
	bool unsupported = false;

	*sent = 0;
	if (!ascii && s->opt->use_sendfile) {
		res = xfer_sendfile(s, data_fd, file_fd, offset, sent,
		    &unsupported);
		if (!unsupported)
			return res;
	}
	if (lseek(file_fd, (off_t)offset, SEEK_SET) < 0 && offset > 0) {
		log_err("seek to %llu: %s", (unsigned long long)offset,
		    strerror(errno));
		return XFER_LOCAL_ERROR;
	}
	in = xmalloc(LIM_XFER_BUF);
	out = ascii ? xmalloc(2 * LIM_XFER_BUF) : NULL;
	for (;;) {
		n = read(file_fd, in, LIM_XFER_BUF);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_err("reading file: %s", strerror(errno));
			res = XFER_LOCAL_ERROR;
			break;
		}
		if (n == 0)
			break;
		if (ascii) {
			size_t m = ascii_to_net(in, (size_t)n, out);

			res = xfer_send_buf(s, data_fd, out, m);
		} else {
			res = xfer_send_buf(s, data_fd, in, (size_t)n);
		}
		if (res != XFER_OK)
			break;
		*sent += (uint64_t)n;
	}
	free(in);
	free(out);
	return res;
}

void
xfer_finish(struct session *s, int data_fd, enum xfer_result res,
    const char *ok_text)
{
	if (data_fd >= 0)
		close(data_fd);
	switch (res) {
	case XFER_OK:
		ctrl_reply(s, 226, "%s", ok_text);
		break;
	case XFER_ABORTED:
		ctrl_reply(s, 426, "Failure writing network stream.");
		ctrl_reply(s, 226, "ABOR successful.");
		break;
	case XFER_PEER_GONE:
		ctrl_reply(s, 426, "Failure writing network stream.");
		break;
	case XFER_LOCAL_ERROR:
		ctrl_reply(s, 451, "Failure reading local file.");
		break;
	case XFER_TIMEOUT:
		log_info("data connection stalled for %lu seconds",
		    s->opt->data_connection_timeout);
		ctrl_reply(s, 421, "Data timeout. Reconnect. Sorry.");
		session_exit(s, EXIT_OK);
	case XFER_CTRL_GONE:
		log_info("client closed the control connection during a "
		    "transfer");
		session_exit(s, EXIT_OK);
	}
}
