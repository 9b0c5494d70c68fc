/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Moving bytes over a data connection while watching the control one. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include "common/ascii.h"
#include "common/limits.h"
#include "common/log.h"
#include "common/upload.h"
#include "common/xmem.h"
#include "session/ctrl.h"
#include "session/session.h"
#include "session/tls.h"
#include "session/xfer.h"

/*
 * Wait until the data socket is ready for events (POLLOUT: takes more
 * bytes; POLLIN: has bytes or EOF), watching the control connection for
 * ABOR.  XFER_OK means "try again".
 */
static enum xfer_result
xfer_wait(struct session *s, int data_fd, short events)
{
	struct pollfd p[2];
	unsigned long t = s->opt->data_connection_timeout;
	int n, r;
	bool closed;

	for (;;) {
		p[0].fd = data_fd;
		p[0].events = events;
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
		/* For reads, a hang-up still has data (or EOF) to collect. */
		if (p[0].revents & events)
			return XFER_OK;
		if (p[0].revents & (POLLERR | POLLHUP))
			return events == POLLIN ? XFER_OK : XFER_PEER_GONE;
	}
}

/*
 * Rate limits (anon_max_rate) by pacing: after each chunk, wait until the
 * bytes so far are not ahead of the allowed rate, in poll() on the
 * control connection so that ABOR still works while throttled.
 */
struct xfer_pace {
	uint64_t rate;		/* bytes per second, 0: unlimited */
	uint64_t done;
	struct timespec t0;
};

static void
xfer_pace_init(const struct session *s, struct xfer_pace *p)
{
	p->rate = s->anon_privs ? s->opt->anon_max_rate :
	    s->opt->local_max_rate;
	p->done = 0;
	clock_gettime(CLOCK_MONOTONIC, &p->t0);
}

/* The most to move at once: trans_chunk_size, or a tenth of a second's
 * worth, so that the pace is smooth without tiny syscalls. */
static size_t
xfer_pace_chunk(const struct session *s, const struct xfer_pace *p,
    size_t max)
{
	uint64_t c;

	if (p->rate == 0)
		return max;
	c = s->opt->trans_chunk_size ? s->opt->trans_chunk_size : p->rate / 10;
	if (c < 4096)
		c = 4096;
	return c < max ? (size_t)c : max;
}

static enum xfer_result
xfer_pace(struct session *s, struct xfer_pace *p, uint64_t n)
{
	double due, now;
	int fd, ms;
	bool closed;

	p->done += n;
	if (p->rate == 0)
		return XFER_OK;
	for (;;) {
		due = (double)p->done / (double)p->rate;
		now = xfer_elapsed(&p->t0);
		if (now >= due)
			return XFER_OK;
		ms = (int)((due - now) * 1000.0) + 1;
		fd = ctrl_poll_fd(s);
		if (fd < 0) {
			struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

			nanosleep(&ts, NULL);
			continue;
		}
		if (io_wait(fd, POLLIN, ms) > 0) {
			if (ctrl_check_abort(s, &closed))
				return XFER_ABORTED;
			if (closed)
				return XFER_CTRL_GONE;
		}
	}
}

/* A cheap look for ABOR between writes that did not block. */
static enum xfer_result
xfer_peek_ctrl(struct session *s)
{
	int fd = ctrl_poll_fd(s);
	bool closed;

	if (fd < 0 || (!s->ctrl.io.pending(&s->ctrl.io) &&
	    io_wait(fd, POLLIN, 0) <= 0))
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
		short events = POLLOUT;

		if (s->data_tls != NULL)
			w = tls_write(s->data_tls, p + off, n - off, &events);
		else
			w = send(data_fd, p + off, n - off, MSG_NOSIGNAL);
		if (w > 0) {
			off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			res = xfer_wait(s, data_fd, events);
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
	struct xfer_pace pace;
	ssize_t n;

	*unsupported = false;
	xfer_pace_init(s, &pace);
	for (;;) {
		if (s->data_tls != NULL) {
			/* Kernel TLS only; ENOSYS falls back to copies. */
			n = tls_sendfile(s->data_tls, file_fd, off,
			    xfer_pace_chunk(s, &pace, LIM_SENDFILE_CHUNK));
			if (n > 0)
				off += n;
		} else {
			n = sendfile(data_fd, file_fd, &off,
			    xfer_pace_chunk(s, &pace, LIM_SENDFILE_CHUNK));
		}
		if (n > 0) {
			*sent += (uint64_t)n;
			res = xfer_peek_ctrl(s);
			if (res == XFER_OK)
				res = xfer_pace(s, &pace, (uint64_t)n);
			if (res != XFER_OK)
				return res;
			continue;
		}
		if (n == 0)
			return XFER_OK;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN) {
			res = xfer_wait(s, data_fd, POLLOUT);
			if (res != XFER_OK)
				return res;
			continue;
		}
		if ((errno == EINVAL || errno == ENOSYS) && *sent == 0) {
			if (errno == ENOSYS && s->data_tls != NULL)
				lseek(file_fd, (off_t)offset, SEEK_SET);
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

/* Write all of p to fd; -1 with errno on failure. */
static int
xfer_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copy n bytes waiting in a pipe into the file. */
static enum xfer_result
xfer_drain_pipe(struct session *s, int pipe_fd, int file_fd, size_t n)
{
	char buf[16384];
	ssize_t r;

	while (n > 0) {
		r = read(pipe_fd, buf, n < sizeof(buf) ? n : sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || xfer_write_all(file_fd, buf, (size_t)r) < 0) {
			s->xfer_errno = r <= 0 ? EIO : errno;
			return XFER_WRITE_ERROR;
		}
		n -= (size_t)r;
	}
	return XFER_OK;
}

/*
 * A binary upload without TLS or rate limit: splice() from the socket
 * through a pipe into the file, so that the bytes never enter this
 * process.  *unsupported when the first splice fails for want of
 * support (the caller then copies).
 */
static enum xfer_result
xfer_splice_in(struct session *s, int data_fd, int file_fd,
    uint64_t *received, bool *unsupported)
{
	enum xfer_result res = XFER_OK;
	int pp[2];
	ssize_t n, w;

	*unsupported = false;
	/* splice() cannot write to O_APPEND files (APPE). */
	if ((fcntl(file_fd, F_GETFL) & O_APPEND) || pipe2(pp, O_CLOEXEC) < 0) {
		*unsupported = true;
		return XFER_OK;
	}
	/* Bigger pipes, fewer calls; the default 64 KiB still works. */
	(void)fcntl(pp[1], F_SETPIPE_SZ, LIM_SPLICE_PIPE);
	for (;;) {
		n = splice(data_fd, NULL, pp[1], NULL, LIM_SPLICE_PIPE,
		    SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			res = xfer_wait(s, data_fd, POLLIN);
			if (res != XFER_OK)
				break;
			continue;
		}
		if (n < 0 && (errno == EINVAL || errno == ENOSYS) &&
		    *received == 0) {
			*unsupported = true;
			break;
		}
		if (n < 0) {
			res = XFER_PEER_GONE;
			break;
		}
		if (n == 0)
			break;
		*received += (uint64_t)n;
		while (n > 0) {
			w = splice(pp[0], NULL, file_fd, NULL, (size_t)n,
			    SPLICE_F_MOVE);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0 && (errno == EINVAL || errno == ENOSYS)) {
				/* A file system without splice: what is in
				 * the pipe goes by copy, and so does the
				 * rest of the upload. */
				res = xfer_drain_pipe(s, pp[0], file_fd,
				    (size_t)n);
				*unsupported = res == XFER_OK;
				n = 0;
				break;
			}
			if (w <= 0) {
				s->xfer_errno = w < 0 ? errno : EIO;
				res = XFER_WRITE_ERROR;
				break;
			}
			n -= w;
		}
		if (res != XFER_OK || *unsupported)
			break;
		res = xfer_peek_ctrl(s);
		if (res != XFER_OK)
			break;
	}
	close(pp[0]);
	close(pp[1]);
	return res;
}

enum xfer_result
xfer_recv_file(struct session *s, int data_fd, int file_fd, bool ascii,
    uint64_t *received)
{
	enum xfer_result res = XFER_OK;
	struct xfer_pace pace;
	bool pending_cr = false;
	char *in, *out = NULL, *w;
	ssize_t n;
	size_t m;

	*received = 0;
	xfer_pace_init(s, &pace);
	if (!ascii && s->data_tls == NULL && pace.rate == 0) {
		bool unsupported;

		res = xfer_splice_in(s, data_fd, file_fd, received,
		    &unsupported);
		if (!unsupported)
			return res;
	}
	in = xmalloc(LIM_XFER_BUF);
	if (ascii)
		out = xmalloc(LIM_XFER_BUF + 1);
	for (;;) {
		short events = POLLIN;

		if (s->data_tls != NULL)
			n = tls_read(s->data_tls, in, xfer_pace_chunk(s, &pace,
			    LIM_XFER_BUF), &events);
		else
			n = recv(data_fd, in, xfer_pace_chunk(s, &pace,
			    LIM_XFER_BUF), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			res = xfer_wait(s, data_fd, events);
			if (res != XFER_OK)
				break;
			continue;
		}
		/* The TCP connection ended without TLS close_notify: the end
		 * of the file, or a truncation by someone on the path. */
		if (n < 0 && errno == ENODATA && s->data_tls != NULL) {
			if (s->opt->strict_ssl_read_eof) {
				log_info("upload ended without TLS close_notify "
				    "(strict_ssl_read_eof)");
				res = XFER_PEER_GONE;
				break;
			}
			n = 0;
		}
		if (n < 0) {
			res = XFER_PEER_GONE;
			break;
		}
		if (n == 0) {
			m = ascii ? ascii_from_net_end(out, &pending_cr) : 0;
			if (m > 0 && xfer_write_all(file_fd, out, m) < 0) {
				s->xfer_errno = errno;
				res = XFER_WRITE_ERROR;
			}
			break;
		}
		*received += (uint64_t)n;
		w = in;
		m = (size_t)n;
		if (ascii) {
			m = ascii_from_net(in, (size_t)n, out, &pending_cr);
			w = out;
		}
		if (xfer_write_all(file_fd, w, m) < 0) {
			s->xfer_errno = errno;
			res = XFER_WRITE_ERROR;
			break;
		}
		res = xfer_peek_ctrl(s);
		if (res == XFER_OK)
			res = xfer_pace(s, &pace, (uint64_t)n);
		if (res != XFER_OK)
			break;
	}
	free(in);
	free(out);
	return res;
}

enum xfer_result
xfer_send_file(struct session *s, int data_fd, int file_fd, uint64_t offset,
    bool ascii, uint64_t *sent)
{
	enum xfer_result res = XFER_OK;
	struct xfer_pace pace;
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
	xfer_pace_init(s, &pace);
	for (;;) {
		n = read(file_fd, in, xfer_pace_chunk(s, &pace, LIM_XFER_BUF));
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
		if (res == XFER_OK)
			res = xfer_pace(s, &pace, (uint64_t)n);
		if (res != XFER_OK)
			break;
		*sent += (uint64_t)n;
	}
	free(in);
	free(out);
	return res;
}

double
xfer_elapsed(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

const char *
xfer_result_text(const struct session *s, enum xfer_result res)
{
	switch (res) {
	case XFER_OK:
		return "complete";
	case XFER_ABORTED:
		return "aborted by the client";
	case XFER_PEER_GONE:
		return "data connection broken";
	case XFER_LOCAL_ERROR:
		return "local read error";
	case XFER_WRITE_ERROR:
		return strerror(s->xfer_errno);
	case XFER_TIMEOUT:
		return "data connection stalled";
	case XFER_CTRL_GONE:
		return "the client vanished";
	}
	return "?";
}

void
xfer_finish(struct session *s, int data_fd, enum xfer_result res,
    bool upload, const char *ok_text)
{
	const char *net = upload ? "Failure reading network stream." :
	    "Failure writing network stream.";
	const char *text;
	int code;

	if (s->data_tls != NULL) {
		/* close_notify ends a download for sure; waiting for the
		 * client's is strict_ssl_write_shutdown. */
		tls_close(s->data_tls, !upload && res == XFER_OK &&
		    s->opt->strict_ssl_write_shutdown, 5000);
		s->data_tls = NULL;
	}
	if (data_fd >= 0)
		close(data_fd);
	switch (res) {
	case XFER_OK:
		ctrl_reply(s, 226, "%s", ok_text);
		break;
	case XFER_ABORTED:
		ctrl_reply(s, 426, "%s", net);
		ctrl_reply(s, 226, "ABOR successful.");
		break;
	case XFER_PEER_GONE:
		ctrl_reply(s, 426, "%s", net);
		break;
	case XFER_LOCAL_ERROR:
		ctrl_reply(s, 451, "Failure reading local file.");
		break;
	case XFER_WRITE_ERROR:
		text = upload_error_reply(s->xfer_errno, &code);
		ctrl_reply(s, code, "%s", text);
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
