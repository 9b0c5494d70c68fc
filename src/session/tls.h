/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FTPS: OpenSSL, loaded only when TLS is configured. */
#ifndef SF_SESSION_TLS_H
#define SF_SESSION_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/options.h"
#include "session/io.h"

/* Length of the token that ties a session's data connections to its
 * control connection (the TLS session id context). */
#define TLS_TOKEN_LEN 16

/*
 * Load libssl (dlopen: sessions of configurations without TLS never
 * do) and build the server context from the options: certificate and
 * key (read now, before privileges are dropped), protocol versions,
 * ciphers, client certificates, DH/ECDH parameters, the ALPN and SNI
 * checks.  Once per process, before the fork of any session process, so
 * that they all share the session ticket keys.  0, or -1 with err.
 */
int tls_setup(const struct options *o, char *err, size_t errsz);

/*
 * A server handshake on the connected, non-blocking fd within
 * timeout_ms, with the session's token as the session id context: only
 * sessions established under the same token can be resumed; a data
 * connection (data) issues no session tickets.  Returns the
 * connection (an SSL *), or NULL with the reason in err.
 */
void *tls_accept(int fd, const unsigned char *token, bool data,
    int timeout_ms, char *err, size_t errsz);

/*
 * Read and write like recv/send on a non-blocking socket: bytes moved;
 * 0 from read when the peer sent close_notify; -1 with errno EAGAIN
 * (poll *events, POLLIN or POLLOUT, and retry), ENODATA (the TCP
 * connection ended without close_notify: a possible truncation), or
 * another errno for a broken connection.
 */
ssize_t tls_read(void *ssl, void *p, size_t n, short *events);
ssize_t tls_write(void *ssl, const void *p, size_t n, short *events);
bool tls_pending(void *ssl);
/* Did the handshake resume an earlier session? */
bool tls_resumed(void *ssl);
/* "TLSv1.3 TLS_AES_256_GCM_SHA384", for the log. */
void tls_describe(void *ssl, char *out, size_t outsz);
/*
 * Send close_notify; with wait_peer, also wait (timeout_ms) for the
 * peer's.  Then free the connection (the fd is the caller's).
 */
void tls_close(void *ssl, bool wait_peer, int timeout_ms);
/* sendfile() through kernel TLS when the connection has it: bytes sent,
 * or -1 with errno (ENOSYS: no kernel TLS here, use tls_write). */
ssize_t tls_sendfile(void *ssl, int file_fd, off_t off, size_t n);

/*
 * The control connection's session, serialised (for the process of a
 * split session that makes the data connections: with TLS 1.2 session
 * ids, OpenSSL's cache is per process).  Length, or -1 when it does not
 * fit or there is none.  Import adds it to this process's cache.
 */
#define TLS_SESSION_MAX 8192
int tls_session_export(void *ssl, unsigned char *buf, size_t bufsz);
void tls_session_import(const unsigned char *buf, size_t n);

/* The control connection as a struct io over TLS. */
void io_tls_init(struct io *io, int fd, void *ssl);

#endif
