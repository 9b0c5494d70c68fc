/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Data connections: passive listeners, active connects, peer checks. */
#ifndef SF_SESSION_DATA_H
#define SF_SESSION_DATA_H

#include <stdbool.h>
#include <sys/socket.h>

struct session;

enum data_mode { DATA_NONE, DATA_PASV, DATA_PORT };

struct data {
	enum data_mode mode;
	int listen_fd;			/* DATA_PASV */
	struct sockaddr_storage port;	/* DATA_PORT target */
	socklen_t port_len;
};

void data_init(struct data *d);
/* Forget PASV/PORT state, closing a passive listener. */
void data_reset(struct session *s);

/* Map an IPv4-mapped IPv6 address to AF_INET in place. */
void addr_normalise(struct sockaddr_storage *a, socklen_t *len);
bool addr_same_host(const struct sockaddr_storage *a,
    const struct sockaddr_storage *b);
/* Numeric host of a, into out. */
void addr_host(const struct sockaddr_storage *a, char *out, size_t outsz);

/*
 * Open a passive listener on the control connection's local address in
 * the pasv_min_port..pasv_max_port range.  Returns the port, or -1 with
 * the reason logged.
 */
int data_pasv(struct session *s);
/*
 * Accept an active target (already parsed).  Refused (false) unless it is
 * the client's own address and a port >= 1024, or port_promiscuous.
 */
bool data_port(struct session *s, const struct sockaddr_storage *a,
    socklen_t len);
/*
 * Establish the data connection for a transfer: accept on the passive
 * listener (dropping connections from other hosts unless
 * pasv_promiscuous, until accept_timeout) or connect to the PORT target
 * (connect_timeout).  Returns a non-blocking fd, or -1 after replying
 * 425 (and 226 when the client sent ABOR while we waited; a client that
 * closed the control connection ends the session).  The PASV/PORT state
 * is consumed either way.
 */
int data_connect(struct session *s);
/*
 * After the 150 reply: with PROT P, the TLS handshake on the data
 * connection, which must resume this control connection's session when
 * require_ssl_reuse=YES.  0 (s->data_tls set, or plain), or -1 after
 * replying 522 and closing fd.
 */
int data_secure(struct session *s, int fd);

#endif
