/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ftpbench's TLS: OpenSSL helpers and the ftps mode (explicit FTPS RETR). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "ftpbench.h"

/* --- TLS (ftps mode) ------------------------------------------------------ */

static void tls_die(SSL *ssl, int r, const char *what)
    __attribute__((noreturn));

/*
 * Die with the reason an SSL call on ssl failed (it returned r), or, when
 * ssl is NULL, with the first error OpenSSL queued.
 */
static void
tls_die(SSL *ssl, int r, const char *what)
{
	int saved = errno;
	int se = ssl != NULL ? SSL_get_error(ssl, r) : SSL_ERROR_SSL;
	unsigned long e = ERR_get_error();
	char msg[256];

	if (e != 0)
		ERR_error_string_n(e, msg, sizeof(msg));
	else if (se == SSL_ERROR_SYSCALL)
		snprintf(msg, sizeof(msg), "%s",
		    saved != 0 ? strerror(saved) : "unexpected EOF");
	else
		snprintf(msg, sizeof(msg), "SSL_get_error() = %d", se);
	die("%s: %s", what, msg);
}

/*
 * One SSL_read: the bytes read, 0 once the peer sent its close_notify, -1
 * when it closed the connection without one; dies on any other failure.
 */
int
tls_read(SSL *ssl, void *buf, int len, const char *what)
{
	int r = SSL_read(ssl, buf, len);
	int se;

	if (r > 0)
		return r;
	se = SSL_get_error(ssl, r);
	if (se == SSL_ERROR_ZERO_RETURN)
		return 0;
	if (se == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) ==
	    SSL_R_UNEXPECTED_EOF_WHILE_READING) {
		ERR_clear_error();
		return -1;
	}
	tls_die(ssl, r, what);
}

void
tls_write_all(SSL *ssl, const char *p, size_t n)
{
	size_t w;
	int r;

	while (n > 0) {
		r = SSL_write_ex(ssl, p, n, &w);
		if (r != 1)
			tls_die(ssl, r, "SSL_write");
		p += w;
		n -= w;
	}
}

/*
 * A TLS client connection on fd, handshake done (blocking); it resumes
 * sess when that is not NULL.
 */
static SSL *
tls_connect(SSL_CTX *ctx, int fd, SSL_SESSION *sess, const char *what)
{
	SSL *ssl = SSL_new(ctx);
	int r;

	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 ||
	    (sess != NULL && SSL_set_session(ssl, sess) != 1))
		tls_die(NULL, 0, what);
	r = SSL_connect(ssl);
	if (r != 1)
		tls_die(ssl, r, what);
	return ssl;
}

/* --- ftps: one large download over explicit FTPS -------------------------- */

/*
 * The client's TLS: 1.3 only, no certificate check (the benchmark's is
 * self-signed), OpenSSL's default cipher suites in its default order, as
 * curl offers them, so that each server picks what it picked with curl.
 *
 * Read-ahead: without it OpenSSL reads each record with two read()s (the
 * 5-byte header, then the body), 131072 per GiB of 16 KiB records; with
 * it, one read() fills the default buffer (one record and change), 65536
 * per GiB.  A larger read-ahead buffer costs more than it saves, as
 * OpenSSL moves what is left in it to the front before each record; a
 * buffering BIO (BIO_f_buffer) saves syscalls but adds a copy of every
 * byte; SSL_MODE_RELEASE_BUFFERS frees the buffer whenever it runs empty.
 * None was cheaper than read-ahead alone (doc/performance.md).
 */
static SSL_CTX *
ftps_ctx(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL ||
	    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION) != 1 ||
	    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) != 1)
		tls_die(NULL, 0, "TLS context");
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_read_ahead(ctx, 1);
	return ctx;
}

/*
 * Explicit FTPS as curl --ssl-reqd does it, with the data connection
 * resuming the control connection's TLS session (require_ssl_reuse=YES in
 * both servers).  Timed as curl's time_total - time_pretransfer: from the
 * end of the data connection's handshake to the 226.
 */
int
mode_ftps(unsigned port, const char *path, long long size)
{
	double t0, t1, c0, c1;
	const char *proto, *cipher;
	long long got = 0;
	SSL_SESSION *sess;
	SSL_CTX *ctx;
	SSL *dssl;
	struct ctl c;
	char *buf;
	int d, r, notify;

	signal(SIGPIPE, SIG_IGN);
	buf = malloc(DATA_BUF);
	if (buf == NULL)
		die("out of memory");
	ctx = ftps_ctx();
	ctl_open(&c, port);
	ctl_expect(&c, 220, "banner");
	ctl_cmd(&c, "AUTH TLS");
	ctl_expect(&c, 234, "AUTH TLS");
	if (c.len != 0)
		die("AUTH TLS: bytes after the 234, before the handshake");
	c.ssl = tls_connect(ctx, c.fd, NULL, "control connection handshake");
	/*
	 * TLS 1.3 sends session tickets after the handshake: reading the
	 * replies to USER and PASS processes them, so the session taken
	 * after the 230 is one that the data connection can resume.
	 */
	login_userpass(&c);
	sess = SSL_get1_session(c.ssl);
	if (sess == NULL || SSL_SESSION_is_resumable(sess) != 1)
		die("no resumable TLS session after login (no ticket?)");
	ctl_cmd(&c, "PBSZ 0");
	ctl_expect(&c, 200, "PBSZ 0");
	ctl_cmd(&c, "PROT P");
	ctl_expect(&c, 200, "PROT P");
	ctl_cmd(&c, "TYPE I");
	ctl_expect(&c, 200, "TYPE I");
	d = data_open(&c);
	ctl_cmd(&c, "RETR %s", path);
	ctl_expect(&c, 1, "RETR");
	dssl = tls_connect(ctx, d, sess, "data connection handshake");
	if (SSL_session_reused(dssl) != 1)
		die("data connection: the TLS session was not resumed");
	c0 = cpu_self();
	t0 = now();
	while ((r = tls_read(dssl, buf, DATA_BUF, "RETR data")) > 0)
		got += r;
	notify = r == 0;
	/*
	 * Our close_notify in return: vsftpd's SSL_shutdown waits for it
	 * and sends the 226 only after that (or its data timeout).
	 */
	if (notify)
		(void)SSL_shutdown(dssl);
	close(d);
	ctl_expect(&c, 226, "RETR end");
	t1 = now();
	c1 = cpu_self();
	if (got != size)
		die("RETR %s: %lld bytes, expected %lld", path, got, size);
	/* Both are OpenSSL's static strings. */
	proto = SSL_get_version(dssl);
	cipher = SSL_get_cipher_name(dssl);
	SSL_free(dssl);
	quit(&c);
	SSL_SESSION_free(sess);
	SSL_CTX_free(ctx);
	free(buf);
	printf("bytes=%lld seconds=%.4f mbps=%.1f client_cpu_s=%.4f "
	    "client_cpu_total_s=%.4f protocol=%s cipher=%s "
	    "data_close_notify=%d openssl=%s\n", got, t1 - t0,
	    (double)got / 1e6 / (t1 - t0), c1 - c0, cpu_self(), proto, cipher,
	    notify, OpenSSL_version(OPENSSL_VERSION_STRING));
	return 0;
}
