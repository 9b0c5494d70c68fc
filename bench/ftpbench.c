/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ftpbench: the benchmark's FTP client, light enough not to be the limit. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ftpbench.h"

/*
 * Every mode talks to 127.0.0.1 only: the benchmark never leaves loopback.
 * Results go to stdout as one line of key=value pairs for bench.py; errors
 * go to stderr and make the exit status 1.
 */

#define MAX_SESSIONS 1000000L
#define MAX_CONC 4096L

static const char *progname = "ftpbench";

void
die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* User plus system CPU time of this process, in seconds. */
double
cpu_self(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long
arg_long(const char *s, long lo, long hi, const char *what)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		die("%s: expected a number from %ld to %ld, got '%s'", what,
		    lo, hi, s);
	return v;
}

static int
tcp_connect(unsigned port, bool nonblock)
{
	struct sockaddr_in sin;
	int fd, one = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC |
	    (nonblock ? SOCK_NONBLOCK : 0), 0);
	if (fd < 0)
		die("socket: %s", strerror(errno));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 &&
	    !(nonblock && errno == EINPROGRESS))
		die("connect to 127.0.0.1:%u: %s", port, strerror(errno));
	return fd;
}

/*
 * Close a connection that the server has already closed (we read its EOF)
 * with a reset instead of a FIN: the server's side then ends at once
 * instead of waiting in TIME_WAIT.  Tens of thousands of sessions would
 * otherwise fill the ephemeral port range with TIME_WAIT entries, and
 * every later bind() and connect() on the machine would search through
 * them: round 7 would not measure the same kernel as round 1.
 */
static void
close_rst(int fd)
{
	struct linger lg = { 1, 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("write: %s", w < 0 ? strerror(errno) : "short");
		p += w;
		n -= (size_t)w;
	}
}

/* --- the control connection ----------------------------------------------- */

/* Send one command line; commands are short, so one write suffices. */
void
ctl_cmd(struct ctl *c, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 2, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 2)
		die("command too long");
	line[n++] = '\r';
	line[n++] = '\n';
	if (c->ssl != NULL)
		tls_write_all(c->ssl, line, (size_t)n);
	else
		write_all(c->fd, line, (size_t)n);
}

/*
 * Take one complete reply out of the buffer if there is one: returns its
 * code and copies its last line into last (when not NULL), 0 when the
 * reply is not complete yet.  Continuation lines are skipped.
 */
static int
ctl_parse(struct ctl *c, char *last, size_t lastsz)
{
	char *nl;

	while ((nl = memchr(c->buf, '\n', c->len)) != NULL) {
		size_t ll = (size_t)(nl - c->buf) + 1;
		int code = 0;

		if (ll >= 5 && c->buf[0] >= '1' && c->buf[0] <= '5' &&
		    c->buf[1] >= '0' && c->buf[1] <= '9' &&
		    c->buf[2] >= '0' && c->buf[2] <= '9' && c->buf[3] == ' ')
			code = (c->buf[0] - '0') * 100 +
			    (c->buf[1] - '0') * 10 + (c->buf[2] - '0');
		if (code != 0 && last != NULL) {
			size_t k = ll < lastsz ? ll : lastsz - 1;

			memcpy(last, c->buf, k);
			last[k] = '\0';
		}
		memmove(c->buf, c->buf + ll, c->len - ll);
		c->len -= ll;
		if (code != 0)
			return code;
	}
	if (c->len == sizeof(c->buf))
		die("reply line longer than %d bytes", CTL_BUF);
	return 0;
}

/*
 * One read into the buffer: bytes read, 0 at EOF, -1 with errno.  Over
 * TLS, EOF is the server's close_notify or its close without one.
 */
static ssize_t
ctl_fill(struct ctl *c)
{
	ssize_t n;

	if (c->ssl != NULL) {
		int r = tls_read(c->ssl, c->buf + c->len,
		    (int)(sizeof(c->buf) - c->len), "control connection");

		if (r <= 0)
			return 0;
		c->len += (size_t)r;
		return r;
	}
	do
		n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		c->len += (size_t)n;
	return n;
}

/* Blocking: the next reply's code. */
static int
ctl_reply(struct ctl *c, char *last, size_t lastsz)
{
	int code;

	while ((code = ctl_parse(c, last, lastsz)) == 0) {
		ssize_t n = ctl_fill(c);

		if (n == 0)
			die("control connection closed by the server");
		if (n < 0)
			die("control connection: %s", strerror(errno));
	}
	return code;
}

/* Blocking: the next reply must have this code (or class, for 1..5). */
void
ctl_expect(struct ctl *c, int want, const char *what)
{
	char last[512];
	int code = ctl_reply(c, last, sizeof(last));

	if (code == want || (want < 10 && code / 100 == want))
		return;
	last[strcspn(last, "\r\n")] = '\0';
	die("%s: expected %d, got \"%s\"", what, want, last);
}

/* The port of a 229 reply "... (|||port|)", 0 if there is none. */
static unsigned
epsv_port(const char *line)
{
	const char *p = strstr(line, "(|||");
	char *end;
	long v;

	if (p == NULL)
		return 0;
	v = strtol(p + 4, &end, 10);
	if (end == p + 4 || *end != '|' || v < 1 || v > 65535)
		return 0;
	return (unsigned)v;
}

void
ctl_open(struct ctl *c, unsigned port)
{
	c->fd = tcp_connect(port, false);
	c->ssl = NULL;
	c->len = 0;
}

void
login_userpass(struct ctl *c)
{
	ctl_cmd(c, "USER anonymous");
	ctl_expect(c, 331, "USER");
	ctl_cmd(c, "PASS bench@example.org");
	ctl_expect(c, 230, "PASS");
}

static void
login(struct ctl *c)
{
	ctl_expect(c, 220, "banner");
	login_userpass(c);
}

/*
 * QUIT, 221, then the server closes.  Over TLS, our close_notify goes
 * first: a server may wait for it (the result does not matter).
 */
void
quit(struct ctl *c)
{
	ctl_cmd(c, "QUIT");
	ctl_expect(c, 221, "QUIT");
	if (c->ssl != NULL)
		(void)SSL_shutdown(c->ssl);
	while (ctl_fill(c) > 0)
		c->len = 0;
	close_rst(c->fd);
	SSL_free(c->ssl);
	c->ssl = NULL;
}

/* EPSV then a connected data socket. */
int
data_open(struct ctl *c)
{
	char last[512];
	unsigned port;
	int code;

	ctl_cmd(c, "EPSV");
	code = ctl_reply(c, last, sizeof(last));
	port = epsv_port(last);
	if (code != 229 || port == 0) {
		last[strcspn(last, "\r\n")] = '\0';
		die("EPSV: unexpected reply \"%s\"", last);
	}
	return tcp_connect(port, false);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile (nearest rank) of v[0..n-1], sorted in place. */
static double
quantile(double *v, size_t n, double q)
{
	size_t k;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	k = (size_t)ceil(q * (double)n);
	if (k > 0)
		k--;
	return v[k < n ? k : n - 1];
}

/* --- seq: sequential sessions ------------------------------------------- */

static int
mode_seq(unsigned port, long n)
{
	double *lat = calloc((size_t)n, sizeof(*lat));
	double t0, t1, c0, c1;
	struct ctl c;
	long i;

	if (lat == NULL)
		die("out of memory");
	c0 = cpu_self();
	t0 = now();
	for (i = 0; i < n; i++) {
		double s = now();

		ctl_open(&c, port);
		ctl_expect(&c, 220, "banner");
		lat[i] = now() - s;
		ctl_cmd(&c, "USER anonymous");
		ctl_expect(&c, 331, "USER");
		ctl_cmd(&c, "PASS bench@example.org");
		ctl_expect(&c, 230, "PASS");
		quit(&c);
	}
	t1 = now();
	c1 = cpu_self();
	printf("sessions=%ld seconds=%.4f rate=%.1f p50_us=%.0f p99_us=%.0f "
	    "client_cpu_us=%.1f\n", n, t1 - t0, (double)n / (t1 - t0),
	    quantile(lat, (size_t)n, 0.50) * 1e6,
	    quantile(lat, (size_t)n, 0.99) * 1e6, (c1 - c0) / (double)n * 1e6);
	free(lat);
	return 0;
}

/* --- conc: concurrent sessions with EPSV + LIST --------------------------- */

enum cstate { C_BANNER, C_USER, C_PASS, C_EPSV, C_LIST, C_LISTEND, C_QUIT,
	C_CLOSE };

struct csess;

struct cfd {
	struct csess *s;
	bool is_data;
};

struct csess {
	struct ctl c;
	int dfd;
	bool data_eof, got_226, busy;
	enum cstate st;
	double t0;
	struct cfd ev_ctl, ev_data;
};

struct conc {
	int ep;
	unsigned port;
	long started, done, errors, n;
	double *lat;
	char scratch[DATA_BUF];
};

static void
conc_add(struct conc *k, int fd, struct cfd *cf)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.ptr = cf;
	if (epoll_ctl(k->ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		die("epoll_ctl: %s", strerror(errno));
}

static void
conc_start(struct conc *k, struct csess *s)
{
	memset(&s->c, 0, offsetof(struct ctl, buf));
	s->c.fd = tcp_connect(k->port, true);
	s->dfd = -1;
	s->data_eof = s->got_226 = false;
	s->busy = true;
	s->st = C_BANNER;
	s->t0 = now();
	s->ev_ctl.s = s->ev_data.s = s;
	s->ev_ctl.is_data = false;
	s->ev_data.is_data = true;
	conc_add(k, s->c.fd, &s->ev_ctl);
	k->started++;
}

static void
conc_end(struct conc *k, struct csess *s, const char *err)
{
	if (s->dfd >= 0)
		close(s->dfd);
	if (err == NULL)
		close_rst(s->c.fd);
	else
		close(s->c.fd);
	s->dfd = -1;
	s->busy = false;
	if (err != NULL) {
		if (k->errors < 5)
			fprintf(stderr, "%s: session error: %s\n", progname,
			    err);
		k->errors++;
	} else {
		k->lat[k->done++] = now() - s->t0;
	}
	if (k->started < k->n)
		conc_start(k, s);
}

/* A complete reply arrived: advance.  Returns an error text or NULL. */
static const char *
conc_reply(struct conc *k, struct csess *s, int code, const char *last)
{
	unsigned dport;

	switch (s->st) {
	case C_BANNER:
		if (code != 220)
			return "banner";
		ctl_cmd(&s->c, "USER anonymous");
		s->st = C_USER;
		return NULL;
	case C_USER:
		if (code != 331)
			return "USER";
		ctl_cmd(&s->c, "PASS bench@example.org");
		s->st = C_PASS;
		return NULL;
	case C_PASS:
		if (code != 230)
			return "PASS";
		ctl_cmd(&s->c, "EPSV");
		s->st = C_EPSV;
		return NULL;
	case C_EPSV:
		dport = epsv_port(last);
		if (code != 229 || dport == 0)
			return "EPSV";
		s->dfd = tcp_connect(dport, true);
		conc_add(k, s->dfd, &s->ev_data);
		ctl_cmd(&s->c, "LIST");
		s->st = C_LIST;
		return NULL;
	case C_LIST:
		if (code / 100 != 1)
			return "LIST";
		s->st = C_LISTEND;
		return NULL;
	case C_LISTEND:
		if (code != 226)
			return "LIST end";
		s->got_226 = true;
		if (s->data_eof) {
			ctl_cmd(&s->c, "QUIT");
			s->st = C_QUIT;
		}
		return NULL;
	case C_QUIT:
		if (code != 221)
			return "QUIT";
		s->st = C_CLOSE;
		return NULL;
	case C_CLOSE:
		return "reply after 221";
	}
	return "bad state";
}

static void
conc_event(struct conc *k, struct cfd *cf)
{
	struct csess *s = cf->s;
	char last[512];
	ssize_t n;
	int code;

	if (cf->is_data) {
		n = read(s->dfd, k->scratch, sizeof(k->scratch));
		if (n > 0 || (n < 0 && errno == EAGAIN))
			return;
		if (n < 0) {
			conc_end(k, s, "data connection");
			return;
		}
		close_rst(s->dfd);
		s->dfd = -1;
		s->data_eof = true;
		if (s->got_226) {
			ctl_cmd(&s->c, "QUIT");
			s->st = C_QUIT;
		}
		return;
	}
	n = ctl_fill(&s->c);
	if (n < 0 && errno == EAGAIN)
		return;
	if (n <= 0) {
		conc_end(k, s, s->st == C_CLOSE && n == 0 ? NULL :
		    "control connection closed early");
		return;
	}
	while ((code = ctl_parse(&s->c, last, sizeof(last))) != 0) {
		const char *err = conc_reply(k, s, code, last);

		if (err != NULL) {
			conc_end(k, s, err);
			return;
		}
	}
}

static int
mode_conc(unsigned port, long nconc, long n)
{
	struct epoll_event evs[256];
	struct csess *ss;
	struct conc *k;
	double t0, t1, c0, c1;
	long i;

	if (nconc > n)
		nconc = n;
	ss = calloc((size_t)nconc, sizeof(*ss));
	k = calloc(1, sizeof(*k));
	if (ss == NULL || k == NULL)
		die("out of memory");
	k->lat = calloc((size_t)n, sizeof(*k->lat));
	if (k->lat == NULL)
		die("out of memory");
	k->port = port;
	k->n = n;
	k->ep = epoll_create1(EPOLL_CLOEXEC);
	if (k->ep < 0)
		die("epoll_create1: %s", strerror(errno));
	c0 = cpu_self();
	t0 = now();
	for (i = 0; i < nconc; i++)
		conc_start(k, &ss[i]);
	while (k->done + k->errors < n) {
		int m = epoll_wait(k->ep, evs, 256, 30000);

		if (m < 0 && errno == EINTR)
			continue;
		if (m < 0)
			die("epoll_wait: %s", strerror(errno));
		if (m == 0)
			die("conc: no progress for 30 s (%ld done, %ld errors)",
			    k->done, k->errors);
		for (i = 0; i < m; i++) {
			struct cfd *cf = evs[i].data.ptr;

			/* A session ended earlier in this batch. */
			if (!cf->s->busy || (cf->is_data && cf->s->dfd < 0))
				continue;
			conc_event(k, cf);
		}
	}
	t1 = now();
	c1 = cpu_self();
	printf("sessions=%ld concurrency=%ld seconds=%.4f rate=%.1f "
	    "p50_us=%.0f p99_us=%.0f errors=%ld client_cpu_us=%.1f\n",
	    k->done, nconc, t1 - t0, (double)k->done / (t1 - t0),
	    quantile(k->lat, (size_t)k->done, 0.50) * 1e6,
	    quantile(k->lat, (size_t)k->done, 0.99) * 1e6, k->errors,
	    (c1 - c0) / (double)n * 1e6);
	return k->errors == 0 ? 0 : 1;
}

/* --- small: many small files in one session ------------------------------- */

static int
mode_small(unsigned port, const char *dir, long n, long size)
{
	static char buf[DATA_BUF];
	double t0, t1, c0, c1;
	struct ctl c;
	long i;

	ctl_open(&c, port);
	login(&c);
	ctl_cmd(&c, "TYPE I");
	ctl_expect(&c, 200, "TYPE I");
	c0 = cpu_self();
	t0 = now();
	for (i = 0; i < n; i++) {
		int d = data_open(&c);
		long got = 0;
		ssize_t r;

		ctl_cmd(&c, "RETR %s/f%04ld", dir, i);
		ctl_expect(&c, 1, "RETR");
		while ((r = read(d, buf, sizeof(buf))) > 0)
			got += r;
		if (r < 0)
			die("RETR data: %s", strerror(errno));
		close_rst(d);
		ctl_expect(&c, 226, "RETR end");
		if (got != size)
			die("RETR %s/f%04ld: %ld bytes, expected %ld", dir, i,
			    got, size);
	}
	t1 = now();
	c1 = cpu_self();
	quit(&c);
	printf("files=%ld seconds=%.4f rate=%.1f client_cpu_us=%.1f\n", n,
	    t1 - t0, (double)n / (t1 - t0), (c1 - c0) / (double)n * 1e6);
	return 0;
}

/* --- retr / stor: one large transfer -------------------------------------- */

/*
 * RETR into nothing: recv with MSG_TRUNC discards TCP data in the kernel
 * without copying it out, so the client costs next to nothing.  Timed from
 * the command to the 226, which a server sends once everything is out.
 */
static int
mode_retr(unsigned port, const char *path, long long size)
{
	double t0, t1, c0, c1;
	long long got = 0;
	struct ctl c;
	ssize_t r;
	int d;

	ctl_open(&c, port);
	login(&c);
	ctl_cmd(&c, "TYPE I");
	ctl_expect(&c, 200, "TYPE I");
	d = data_open(&c);
	c0 = cpu_self();
	t0 = now();
	ctl_cmd(&c, "RETR %s", path);
	ctl_expect(&c, 1, "RETR");
	while ((r = recv(d, NULL, 1 << 24, MSG_TRUNC)) > 0)
		got += r;
	if (r < 0)
		die("RETR data: %s", strerror(errno));
	close_rst(d);
	ctl_expect(&c, 226, "RETR end");
	t1 = now();
	c1 = cpu_self();
	quit(&c);
	if (got != size)
		die("RETR %s: %lld bytes, expected %lld", path, got, size);
	printf("bytes=%lld seconds=%.4f mbps=%.1f client_cpu_s=%.4f\n", got,
	    t1 - t0, (double)got / 1e6 / (t1 - t0), c1 - c0);
	return 0;
}

/*
 * STOR from memory: sendfile from a file on tmpfs hands page references to
 * the socket, with no copy in the client.  Timed from the command to the
 * 226, which a server sends once the file is complete on disk.
 */
static int
mode_stor(unsigned port, const char *path, const char *src)
{
	double t0, t1, c0, c1;
	long long sent = 0;
	struct ctl c;
	struct stat st;
	int d, f;

	f = open(src, O_RDONLY | O_CLOEXEC);
	if (f < 0 || fstat(f, &st) < 0)
		die("%s: %s", src, strerror(errno));
	ctl_open(&c, port);
	login(&c);
	ctl_cmd(&c, "TYPE I");
	ctl_expect(&c, 200, "TYPE I");
	d = data_open(&c);
	c0 = cpu_self();
	t0 = now();
	ctl_cmd(&c, "STOR %s", path);
	ctl_expect(&c, 1, "STOR");
	while (sent < st.st_size) {
		ssize_t w = sendfile(d, f, NULL, 1 << 24);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			die("STOR data: %s", w < 0 ? strerror(errno) : "EOF");
		sent += w;
	}
	close(d);
	ctl_expect(&c, 226, "STOR end");
	t1 = now();
	c1 = cpu_self();
	quit(&c);
	close(f);
	printf("bytes=%lld seconds=%.4f mbps=%.1f client_cpu_s=%.4f\n", sent,
	    t1 - t0, (double)sent / 1e6 / (t1 - t0), c1 - c0);
	return 0;
}

/* --- idle: a logged-in session that waits --------------------------------- */

static int
mode_idle(unsigned port)
{
	struct ctl c;
	char b[64];

	ctl_open(&c, port);
	login(&c);
	printf("ready\n");
	fflush(stdout);
	while (read(0, b, sizeof(b)) > 0)
		;
	quit(&c);
	return 0;
}

/* --- banner: connect, read the 220, wait ---------------------------------- */

static int
mode_banner(unsigned port)
{
	struct ctl c;
	char b[64];

	ctl_open(&c, port);
	ctl_expect(&c, 220, "banner");
	printf("ready\n");
	fflush(stdout);
	while (read(0, b, sizeof(b)) > 0)
		;
	close(c.fd);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: ftpbench seq PORT N\n"
	    "       ftpbench conc PORT CONCURRENCY N\n"
	    "       ftpbench small PORT DIR N SIZE\n"
	    "       ftpbench retr PORT PATH SIZE\n"
	    "       ftpbench stor PORT PATH SOURCE-FILE\n"
	    "       ftpbench ftps PORT PATH SIZE\n"
	    "       ftpbench idle PORT\n"
	    "       ftpbench banner PORT\n"
	    "Talks to 127.0.0.1:PORT; prints key=value results.\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	unsigned port;

	if (argc < 3)
		usage();
	port = (unsigned)arg_long(argv[2], 1, 65535, "PORT");
	if (strcmp(argv[1], "seq") == 0 && argc == 4)
		return mode_seq(port, arg_long(argv[3], 1, MAX_SESSIONS, "N"));
	if (strcmp(argv[1], "conc") == 0 && argc == 5)
		return mode_conc(port,
		    arg_long(argv[3], 1, MAX_CONC, "CONCURRENCY"),
		    arg_long(argv[4], 1, MAX_SESSIONS, "N"));
	if (strcmp(argv[1], "small") == 0 && argc == 6)
		return mode_small(port, argv[3],
		    arg_long(argv[4], 1, 10000, "N"),
		    arg_long(argv[5], 0, DATA_BUF * 64L, "SIZE"));
	if (strcmp(argv[1], "retr") == 0 && argc == 5)
		return mode_retr(port, argv[3],
		    arg_long(argv[4], 0, 1L << 40, "SIZE"));
	if (strcmp(argv[1], "ftps") == 0 && argc == 5)
		return mode_ftps(port, argv[3],
		    arg_long(argv[4], 0, 1L << 40, "SIZE"));
	if (strcmp(argv[1], "stor") == 0 && argc == 5)
		return mode_stor(port, argv[3], argv[4]);
	if (strcmp(argv[1], "idle") == 0 && argc == 3)
		return mode_idle(port);
	if (strcmp(argv[1], "banner") == 0 && argc == 3)
		return mode_banner(port);
	usage();
}
