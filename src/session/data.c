/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Data connections: passive listeners, active connects, peer checks. */
#include "sf_config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "monitor/monitor.h"
#include "session/ctrl.h"
#include "session/data.h"
#include "session/io.h"
#include "session/session.h"
#include "session/tls.h"

void
data_init(struct data *d)
{
	d->mode = DATA_NONE;
	d->listen_fd = -1;
	d->port_len = 0;
}

void
data_reset(struct session *s)
{
	if (s->data.listen_fd >= 0)
		close(s->data.listen_fd);
	data_init(&s->data);
}

void
addr_normalise(struct sockaddr_storage *a, socklen_t *len)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)a;
	struct sockaddr_in a4;

	if (a->ss_family != AF_INET6 || !IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr))
		return;
	memset(&a4, 0, sizeof(a4));
	a4.sin_family = AF_INET;
	a4.sin_port = a6->sin6_port;
	memcpy(&a4.sin_addr, &a6->sin6_addr.s6_addr[12], 4);
	memset(a, 0, sizeof(*a));
	memcpy(a, &a4, sizeof(a4));
	*len = sizeof(a4);
}

bool
addr_same_host(const struct sockaddr_storage *a,
    const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		    ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		    &((const struct sockaddr_in6 *)b)->sin6_addr, 16) == 0;
	return false;
}

void
addr_host(const struct sockaddr_storage *a, char *out, size_t outsz)
{
	const void *p = a->ss_family == AF_INET6 ?
	    (const void *)&((const struct sockaddr_in6 *)a)->sin6_addr :
	    (const void *)&((const struct sockaddr_in *)a)->sin_addr;

	if (inet_ntop(a->ss_family, p, out, (socklen_t)outsz) == NULL)
		snprintf(out, outsz, "?");
}

static void
addr_set_port(struct sockaddr_storage *a, unsigned int port)
{
	if (a->ss_family == AF_INET6)
		((struct sockaddr_in6 *)a)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)a)->sin_port = htons((uint16_t)port);
}

static unsigned int
addr_port(const struct sockaddr_storage *a)
{
	if (a->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)a)->sin6_port);
	return ntohs(((const struct sockaddr_in *)a)->sin_port);
}

static int
data_bind_listen(struct session *s, unsigned int port)
{
	struct sockaddr_storage a = s->local;
	int fd, one = 1;

	fd = socket(a.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	addr_set_port(&a, port);
	if (bind(fd, (struct sockaddr *)&a, s->local_len) < 0 ||
	    listen(fd, 4) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

int
data_pasv(struct session *s)
{
	const struct options *o = s->opt;
	unsigned int lo = (unsigned int)o->pasv_min_port;
	unsigned int hi = (unsigned int)o->pasv_max_port;
	struct sockaddr_storage a;
	socklen_t alen = sizeof(a);
	unsigned int span, start, i, r = 0;
	int fd = -1;

	data_reset(s);
	if (lo == 0 && hi == 0) {
		fd = data_bind_listen(s, 0);
	} else {
		if (lo < 1024)
			lo = 1024;
		if (hi == 0)
			hi = 65535;
		if (lo > hi) {
			log_err("empty passive port range %u-%u", lo, hi);
			return -1;
		}
		span = hi - lo + 1;
		if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
			r = (unsigned int)time(NULL) ^ (unsigned int)getpid();
		start = r % span;
		/* Random tries first (ports are hard to guess), then one pass
		 * over the range so that a nearly full range still works. */
		for (i = 0; i < o->bind_retries && fd < 0; i++) {
			if (getrandom(&r, sizeof(r), GRND_NONBLOCK) != sizeof(r))
				r = start + i;
			fd = data_bind_listen(s, lo + r % span);
		}
		for (i = 0; i < span && fd < 0; i++)
			fd = data_bind_listen(s, lo + (start + i) % span);
	}
	if (fd < 0) {
		log_err("no passive port could be opened in %u-%u: %s", lo, hi,
		    strerror(errno));
		return -1;
	}
	if (getsockname(fd, (struct sockaddr *)&a, &alen) < 0) {
		close(fd);
		return -1;
	}
	s->data.mode = DATA_PASV;
	s->data.listen_fd = fd;
	return (int)addr_port(&a);
}

bool
data_port(struct session *s, const struct sockaddr_storage *a,
    socklen_t len)
{
	char host[64];

	data_reset(s);
	if (!s->opt->port_promiscuous &&
	    (!addr_same_host(a, &s->peer) || addr_port(a) < 1024)) {
		addr_host(a, host, sizeof(host));
		log_warn("active data connection to %s port %u refused: "
		    "not the client or a privileged port", host, addr_port(a));
		return false;
	}
	s->data.mode = DATA_PORT;
	memcpy(&s->data.port, a, len);
	s->data.port_len = len;
	return true;
}

static int
data_remaining_ms(const struct timespec *deadline)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms;
}

/*
 * Wait for the passive listener, watching the control connection: a
 * client that left or sent ABOR must not keep the session waiting for
 * accept_timeout.  1: listener ready; 0: timeout; -1: ABOR (*aborted).
 */
static int
data_accept_wait(struct session *s, const struct timespec *deadline,
    bool *aborted)
{
	struct pollfd p[2];
	bool closed;
	int r, n;

	for (;;) {
		p[0].fd = s->data.listen_fd;
		p[0].events = POLLIN;
		p[1].fd = ctrl_poll_fd(s);
		p[1].events = POLLIN;
		n = p[1].fd >= 0 ? 2 : 1;
		r = poll(p, (nfds_t)n, data_remaining_ms(deadline));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		if (n == 2 && p[1].revents != 0) {
			if (ctrl_check_abort(s, &closed)) {
				*aborted = true;
				return -1;
			}
			if (closed) {
				log_info("client left while a data connection "
				    "was awaited");
				session_exit(s, EXIT_OK);
			}
		}
		if (p[0].revents != 0)
			return 1;
	}
}

static int
data_accept(struct session *s, bool *aborted)
{
	struct sockaddr_storage peer;
	struct timespec deadline;
	char host[64];
	socklen_t len;
	int fd, r;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += (time_t)s->opt->accept_timeout;
	for (;;) {
		r = data_accept_wait(s, &deadline, aborted);
		if (r < 0)
			return -1;
		if (r == 0) {
			log_info("no data connection within accept_timeout");
			return -1;
		}
		len = sizeof(peer);
		fd = accept4(s->data.listen_fd, (struct sockaddr *)&peer, &len,
		    SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0) {
			if (errno == EAGAIN || errno == EINTR ||
			    errno == ECONNABORTED)
				continue;
			log_err("accept: %s", strerror(errno));
			return -1;
		}
		addr_normalise(&peer, &len);
		if (s->opt->pasv_promiscuous || addr_same_host(&peer, &s->peer))
			return fd;
		/* The pizza-thief race: drop the intruder and keep waiting
		 * for the real client until the deadline. */
		addr_host(&peer, host, sizeof(host));
		log_warn("passive data connection from %s dropped: not the "
		    "client", host);
		close(fd);
	}
}

static int
data_active(struct session *s)
{
	struct sockaddr_storage src = s->local;
	int fd, err = 0, one = 1, r;
	socklen_t elen = sizeof(err);

	if (s->opt->connect_from_port_20 && s->mon_fd >= 0) {
		fd = monitor_data_socket(s->mon_fd);
	} else {
		fd = socket(src.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0) {
			addr_set_port(&src, s->opt->connect_from_port_20 ?
			    (unsigned int)s->opt->ftp_data_port : 0);
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
			    sizeof(one));
			if (bind(fd, (struct sockaddr *)&src, s->local_len) < 0) {
				log_err("bind data source: %s", strerror(errno));
				close(fd);
				fd = -1;
			}
		}
	}
	if (fd < 0)
		return -1;
	io_set_nonblock(fd);
	r = connect(fd, (struct sockaddr *)&s->data.port, s->data.port_len);
	if (r < 0 && errno != EINPROGRESS) {
		log_info("data connect: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (r < 0) {
		if (io_wait(fd, POLLOUT,
		    (int)s->opt->connect_timeout * 1000) <= 0 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0 ||
		    err != 0) {
			log_info("data connect failed: %s",
			    err ? strerror(err) : "timeout");
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* Must this session's data connections be TLS (force_*_data_ssl)? */
static bool
data_tls_required(const struct session *s)
{
	const struct options *o = s->opt;

	if (!o->ssl_enable && !o->implicit_ssl)
		return false;
	return s->user_anon ? o->force_anon_data_ssl : o->force_local_data_ssl;
}

int
data_secure(struct session *s, int fd)
{
	char err[512], desc[96];
	void *ssl;
	int ms;

	if (!s->prot_p)
		return 0;
	ms = s->opt->data_connection_timeout > 0 ?
	    (int)s->opt->data_connection_timeout * 1000 : 300 * 1000;
	ssl = tls_accept(fd, s->tls_token, true, ms, err, sizeof(err));
	if (ssl == NULL) {
		log_info("data connection: %s", err);
		close(fd);
		ctrl_reply(s, 522, "SSL connection failed.");
		return -1;
	}
	if (s->opt->require_ssl_reuse && !tls_resumed(ssl)) {
		log_info("data connection refused: it did not resume this "
		    "control connection's TLS session (require_ssl_reuse)");
		tls_close(ssl, false, 1000);
		close(fd);
		ctrl_reply(s, 522, "SSL connection failed: session reuse "
		    "required");
		return -1;
	}
	if (s->opt->debug_ssl) {
		tls_describe(ssl, desc, sizeof(desc));
		log_info("data connection: %s%s", desc,
		    tls_resumed(ssl) ? ", resumed" : "");
	}
	s->data_tls = ssl;
	return 0;
}

int
data_connect(struct session *s)
{
	bool aborted = false;
	int fd = -1;

	if (data_tls_required(s) && !s->prot_p) {
		data_reset(s);
		ctrl_reply(s, 522, "Data connections must be encrypted.");
		return -1;
	}
	if (s->data.mode == DATA_PASV)
		fd = data_accept(s, &aborted);
	else if (s->data.mode == DATA_PORT)
		fd = data_active(s);
	data_reset(s);
	if (fd < 0) {
		ctrl_reply(s, 425, "Failed to establish connection.");
		if (aborted)
			ctrl_reply(s, 226, "ABOR successful.");
	}
	return fd;
}
