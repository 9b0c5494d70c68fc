/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ftpbench: what its plain-FTP part and its TLS part (ftps mode) share. */
#ifndef FTPBENCH_H
#define FTPBENCH_H

#include <stddef.h>

/*
 * OpenSSL's types: a control connection may run over TLS, and quit()
 * ends that TLS session itself.
 */
#include <openssl/ssl.h>

#define CTL_BUF 8192
#define DATA_BUF (256 * 1024)

/* A control connection: its socket, its TLS if any, unparsed reply bytes. */
struct ctl {
	int fd;
	SSL *ssl;		/* after AUTH TLS (ftps mode), else NULL */
	size_t len;
	char buf[CTL_BUF];
};

/* "ftpbench: " and the message to stderr, then exit status 1. */
void die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
/* The monotonic clock, in seconds. */
double now(void);
/* User plus system CPU time of this process, in seconds. */
double cpu_self(void);

/* --- ftpbench.c: the control connection; each dies on any failure --------- */

/* Connect to 127.0.0.1:port (blocking), in plain text, nothing read yet. */
void ctl_open(struct ctl *c, unsigned port);
/* Send one command line (CRLF added), over TLS once c->ssl is set. */
void ctl_cmd(struct ctl *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The next reply must have this code (or class, for 1..5); what names it. */
void ctl_expect(struct ctl *c, int want, const char *what);
/* USER anonymous, PASS: expects 331 then 230. */
void login_userpass(struct ctl *c);
/* QUIT, 221, the server's close; frees c->ssl and closes c->fd. */
void quit(struct ctl *c);
/* EPSV, then a blocking plain TCP socket connected to the port it gave. */
int data_open(struct ctl *c);

/* --- ftpbench_tls.c: TLS (ftps mode) -------------------------------------- */

/*
 * One SSL_read: the bytes read, 0 once the peer sent its close_notify, -1
 * when it closed the connection without one; dies on any other failure.
 */
int tls_read(SSL *ssl, void *buf, int len, const char *what);
/* Write all n bytes or die. */
void tls_write_all(SSL *ssl, const char *p, size_t n);
/* The ftps mode: one RETR of size bytes over explicit FTPS; exit status. */
int mode_ftps(unsigned port, const char *path, long long size);

#endif
