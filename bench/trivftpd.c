/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trivftpd: the benchmark's ceiling, the least an inetd FTP responder does. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Started by an inetd-style launcher with the connection on fd 0, in the
 * directory given as argv[1].  No login, no confinement, no checks: it
 * answers USER 331, PASS 230, EPSV with a listening socket, LIST with one
 * line, RETR with a plain sendfile loop, STOR with a splice loop (socket to
 * pipe to file), QUIT 221 and anything else 200.  What it costs is what
 * the launcher, the kernel and loopback cost: the ceiling for a real
 * server.  Only for the benchmark: it serves any path to anyone.
 */

#define LINE_MAX_TRIV 1024
#define CHUNK (1 << 20)

static void
out(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
out(const char *fmt, ...)
{
	char b[256];
	va_list ap;
	size_t off = 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(b))
		_exit(1);
	while (off < (size_t)n) {
		ssize_t w = write(0, b + off, (size_t)n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(1);
		off += (size_t)w;
	}
}

/* A listening socket on the control connection's address, port 0. */
static int
epsv(unsigned *port)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd, one = 1;

	if (getsockname(0, (struct sockaddr *)&sin, &len) < 0 ||
	    sin.sin_family != AF_INET)
		return -1;
	sin.sin_port = 0;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* As real servers do: a port in TIME_WAIT can be taken again. */
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	len = sizeof(sin);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    listen(fd, 1) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(sin.sin_port);
	return fd;
}

static int
data_accept(int *lfd)
{
	int d;

	if (*lfd < 0)
		return -1;
	d = accept4(*lfd, NULL, NULL, SOCK_CLOEXEC);
	close(*lfd);
	*lfd = -1;
	return d;
}

static void
do_list(int *lfd)
{
	static const char line[] =
	    "-rw-r--r--    1 0        0            4096 Jan 01 00:00 f\r\n";
	int d;

	out("150 Here comes the listing.\r\n");
	d = data_accept(lfd);
	if (d < 0 || write(d, line, sizeof(line) - 1) < 0) {
		out("425 No data connection.\r\n");
	} else {
		close(d);
		out("226 Done.\r\n");
	}
}

static void
do_retr(int *lfd, const char *path)
{
	struct stat st;
	off_t off = 0;
	int f, d;

	f = open(path, O_RDONLY | O_CLOEXEC);
	if (f < 0 || fstat(f, &st) < 0) {
		out("550 %s.\r\n", strerror(errno));
		if (f >= 0)
			close(f);
		return;
	}
	out("150 Opening BINARY mode data connection.\r\n");
	d = data_accept(lfd);
	while (d >= 0 && off < st.st_size) {
		ssize_t n = sendfile(d, f, &off, (size_t)(st.st_size - off));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
	}
	close(f);
	if (d >= 0)
		close(d);
	if (off == st.st_size)
		out("226 Transfer complete.\r\n");
	else
		out("426 Transfer failed.\r\n");
}

/* Move n bytes from the pipe to the file. */
static int
drain(int pr, int f, ssize_t n)
{
	while (n > 0) {
		ssize_t w = splice(pr, NULL, f, NULL, (size_t)n, SPLICE_F_MOVE);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		n -= w;
	}
	return 0;
}

static void
do_stor(int *lfd, const char *path)
{
	int f, d, p[2], ok = 0;

	f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f < 0) {
		out("553 %s.\r\n", strerror(errno));
		return;
	}
	out("150 Ok to send data.\r\n");
	d = data_accept(lfd);
	if (d >= 0 && pipe2(p, O_CLOEXEC) == 0) {
		fcntl(p[1], F_SETPIPE_SZ, CHUNK);
		for (;;) {
			ssize_t n = splice(d, NULL, p[1], NULL, CHUNK,
			    SPLICE_F_MOVE | SPLICE_F_MORE);

			if (n < 0 && errno == EINTR)
				continue;
			if (n == 0)
				ok = 1;
			if (n <= 0 || drain(p[0], f, n) < 0)
				break;
		}
		close(p[0]);
		close(p[1]);
	}
	if (d >= 0)
		close(d);
	if (close(f) < 0)
		ok = 0;
	out(ok ? "226 Transfer complete.\r\n" : "426 Transfer failed.\r\n");
}

static void
command(char *line, int *lfd)
{
	char *arg = strchr(line, ' ');
	unsigned port;

	if (arg != NULL)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	if (strcmp(line, "USER") == 0) {
		out("331 Please specify the password.\r\n");
	} else if (strcmp(line, "PASS") == 0) {
		out("230 Login successful.\r\n");
	} else if (strcmp(line, "EPSV") == 0) {
		if (*lfd >= 0)
			close(*lfd);
		*lfd = epsv(&port);
		if (*lfd < 0)
			out("425 %s.\r\n", strerror(errno));
		else
			out("229 Entering Extended Passive Mode (|||%u|)\r\n",
			    port);
	} else if (strcmp(line, "LIST") == 0) {
		do_list(lfd);
	} else if (strcmp(line, "RETR") == 0) {
		do_retr(lfd, arg);
	} else if (strcmp(line, "STOR") == 0) {
		do_stor(lfd, arg);
	} else if (strcmp(line, "QUIT") == 0) {
		out("221 Goodbye.\r\n");
		exit(0);
	} else {
		out("200 Ok.\r\n");
	}
}

int
main(int argc, char **argv)
{
	char buf[LINE_MAX_TRIV];
	size_t len = 0;
	int lfd = -1, one = 1;

	if (argc > 1 && chdir(argv[1]) < 0)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	setsockopt(0, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	out("220 trivftpd ready.\r\n");
	for (;;) {
		char *nl;
		ssize_t n;

		while ((nl = memchr(buf, '\n', len)) != NULL) {
			size_t ll = (size_t)(nl - buf) + 1;

			*nl = '\0';
			if (nl > buf && nl[-1] == '\r')
				nl[-1] = '\0';
			command(buf, &lfd);
			memmove(buf, buf + ll, len - ll);
			len -= ll;
		}
		if (len == sizeof(buf))
			return 1;
		n = read(0, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		len += (size_t)n;
	}
}
