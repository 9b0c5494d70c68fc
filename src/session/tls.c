/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FTPS: OpenSSL, loaded only when TLS is configured. */
#include "sf_config.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "session/tls.h"

/*
 * The OpenSSL calls we use, found with dlsym() once libssl is loaded
 * (libcrypto's come with it).  X(return type, name, parameters).
 */
#define TLS_CALLS(X) \
	X(const SSL_METHOD *, TLS_server_method, (void)) \
	X(SSL_CTX *, SSL_CTX_new, (const SSL_METHOD *)) \
	X(void, SSL_CTX_free, (SSL_CTX *)) \
	X(int, SSL_CTX_use_certificate_chain_file, (SSL_CTX *, const char *)) \
	X(int, SSL_CTX_use_PrivateKey_file, (SSL_CTX *, const char *, int)) \
	X(int, SSL_CTX_check_private_key, (const SSL_CTX *)) \
	X(long, SSL_CTX_ctrl, (SSL_CTX *, int, long, void *)) \
	X(long, SSL_CTX_callback_ctrl, (SSL_CTX *, int, void (*)(void))) \
	X(uint64_t, SSL_CTX_set_options, (SSL_CTX *, uint64_t)) \
	X(int, SSL_CTX_set_cipher_list, (SSL_CTX *, const char *)) \
	X(int, SSL_CTX_set_ciphersuites, (SSL_CTX *, const char *)) \
	X(void, SSL_CTX_set_alpn_select_cb, (SSL_CTX *, SSL_CTX_alpn_select_cb_func, void *)) \
	X(int, SSL_CTX_load_verify_locations, (SSL_CTX *, const char *, const char *)) \
	X(void, SSL_CTX_set_verify, (SSL_CTX *, int, SSL_verify_cb)) \
	X(int, SSL_CTX_set0_tmp_dh_pkey, (SSL_CTX *, EVP_PKEY *)) \
	X(SSL *, SSL_new, (SSL_CTX *)) \
	X(void, SSL_free, (SSL *)) \
	X(int, SSL_set_fd, (SSL *, int)) \
	X(int, SSL_set_num_tickets, (SSL *, size_t)) \
	X(int, SSL_set_session_id_context, (SSL *, const unsigned char *, unsigned int)) \
	X(int, SSL_accept, (SSL *)) \
	X(int, SSL_read, (SSL *, void *, int)) \
	X(int, SSL_write, (SSL *, const void *, int)) \
	X(int, SSL_get_error, (const SSL *, int)) \
	X(int, SSL_pending, (const SSL *)) \
	X(int, SSL_shutdown, (SSL *)) \
	X(int, SSL_session_reused, (const SSL *)) \
	X(const char *, SSL_get_servername, (const SSL *, const int)) \
	X(const char *, SSL_get_version, (const SSL *)) \
	X(const SSL_CIPHER *, SSL_get_current_cipher, (const SSL *)) \
	X(const char *, SSL_CIPHER_get_name, (const SSL_CIPHER *)) \
	X(BIO *, SSL_get_wbio, (const SSL *)) \
	X(ossl_ssize_t, SSL_sendfile, (SSL *, int, off_t, size_t, int)) \
	X(long, BIO_ctrl, (BIO *, int, long, void *)) \
	X(BIO *, BIO_new_file, (const char *, const char *)) \
	X(int, BIO_free, (BIO *)) \
	X(EVP_PKEY *, PEM_read_bio_Parameters, (BIO *, EVP_PKEY **)) \
	X(int, EVP_PKEY_get_bits, (const EVP_PKEY *)) \
	X(int, EVP_PKEY_get_utf8_string_param, (const EVP_PKEY *, const char *, char *, size_t, size_t *)) \
	X(void, EVP_PKEY_free, (EVP_PKEY *)) \
	X(SSL_SESSION *, SSL_get1_session, (SSL *)) \
	X(int, i2d_SSL_SESSION, (const SSL_SESSION *, unsigned char **)) \
	X(SSL_SESSION *, d2i_SSL_SESSION, (SSL_SESSION **, const unsigned char **, long)) \
	X(int, SSL_CTX_add_session, (SSL_CTX *, SSL_SESSION *)) \
	X(void, SSL_SESSION_free, (SSL_SESSION *)) \
	X(unsigned long, ERR_get_error, (void)) \
	X(void, ERR_error_string_n, (unsigned long, char *, size_t)) \
	X(void, ERR_clear_error, (void))

#define TLS_DECLARE(ret, name, args) static ret (*p_##name) args;
TLS_CALLS(TLS_DECLARE)
#undef TLS_DECLARE

static SSL_CTX *tls_ctx;
static const struct options *tls_opt;

/* The last OpenSSL error (or what), into err; the queue is emptied. */
static void
tls_error(const char *what, char *err, size_t errsz)
{
	unsigned long e = p_ERR_get_error();
	char msg[256] = "";

	if (e != 0)
		p_ERR_error_string_n(e, msg, sizeof(msg));
	snprintf(err, errsz, "%s%s%s", what, msg[0] ? ": " : "", msg);
	p_ERR_clear_error();
}

static int
tls_load(char *err, size_t errsz)
{
	void *lib = dlopen(LIBSSL_SONAME, RTLD_NOW | RTLD_LOCAL);
	bool ok = true;

	if (lib == NULL) {
		snprintf(err, errsz, "cannot load %s: %s", LIBSSL_SONAME,
		    dlerror());
		return -1;
	}
	/* dlsym returns object pointers; POSIX guarantees they convert to
	 * function pointers. */
#define TLS_LOOKUP(ret, name, args) \
	if ((*(void **)&p_##name = dlsym(lib, #name)) == NULL) { \
		snprintf(err, errsz, "%s lacks %s", LIBSSL_SONAME, #name); \
		ok = false; \
	}
	TLS_CALLS(TLS_LOOKUP)
#undef TLS_LOOKUP
	if (!ok) {
		dlclose(lib);
		return -1;
	}
	return 0;
}

/* ALPN: "ftp", or no ALPN at all; anything else is another protocol
 * talking to us (ALPACA), refused with a fatal alert. */
static int
tls_alpn(SSL *ssl, const unsigned char **out, unsigned char *outlen,
    const unsigned char *in, unsigned int inlen, void *arg)
{
	unsigned int i = 0;

	(void)ssl;
	(void)arg;
	while (i < inlen) {
		unsigned int len = in[i];

		if (len == 0 || i + 1 + len > inlen)
			break;
		if (len == 3 && memcmp(in + i + 1, "ftp", 3) == 0) {
			*out = in + i + 1;
			*outlen = 3;
			return SSL_TLSEXT_ERR_OK;
		}
		i += 1 + len;
	}
	log_info("TLS handshake refused: ALPN without \"ftp\"");
	return SSL_TLSEXT_ERR_ALERT_FATAL;
}

/* ssl_sni_hostname: the client must name this host. */
static int
tls_sni(SSL *ssl, int *alert, void *arg)
{
	const char *name = p_SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);

	(void)arg;
	if (name != NULL && strcasecmp(name, tls_opt->ssl_sni_hostname) == 0)
		return SSL_TLSEXT_ERR_OK;
	log_info("TLS handshake refused: SNI %s, not %s",
	    name != NULL ? name : "(none)", tls_opt->ssl_sni_hostname);
	*alert = SSL_AD_UNRECOGNIZED_NAME;
	return SSL_TLSEXT_ERR_ALERT_FATAL;
}

/* Client certificates without validate_cert: any is accepted. */
static int
tls_verify_any(int ok, X509_STORE_CTX *x)
{
	(void)ok;
	(void)x;
	return 1;
}

static int
tls_versions(SSL_CTX *ctx, const struct options *o, char *err, size_t errsz)
{
	static const struct {
		int version;
		uint64_t no;
	} v[] = {
		{ TLS1_VERSION, SSL_OP_NO_TLSv1 },
		{ TLS1_1_VERSION, SSL_OP_NO_TLSv1_1 },
		{ TLS1_2_VERSION, SSL_OP_NO_TLSv1_2 },
		{ TLS1_3_VERSION, SSL_OP_NO_TLSv1_3 },
	};
	static const char *const names[4] = { "ssl_tlsv1", "ssl_tlsv11",
	    "ssl_tlsv12", "ssl_tlsv13" };
	bool on[4] = { o->ssl_tlsv1, o->ssl_tlsv11, o->ssl_tlsv12,
	    o->ssl_tlsv13 };
	int lo = -1, hi = -1, i;
	uint64_t no = SSL_OP_NO_SSLv3;

	/*
	 * OpenSSL serves one range of versions: below a disabled one,
	 * nothing is reachable.  The range is the one that ends at the
	 * newest version switched on; older ones past a gap stay off (e.g.
	 * ssl_tlsv1=YES with ssl_tlsv11=NO), and the log says so.
	 */
	for (i = 3; i >= 0 && !on[i]; i--)
		;
	hi = i;
	for (lo = hi; lo > 0 && on[lo - 1]; lo--)
		;
	for (i = 0; hi >= 0 && i < lo; i++)
		if (on[i])
			log_warn("%s=YES has no effect: TLS versions form one "
			    "range, and %s=NO is between it and the newest",
			    names[i], names[lo - 1]);
	for (i = 0; i < 4; i++)
		if (i < lo || i > hi || hi < 0)
			no |= v[i].no;
	if (hi < 0) {
		snprintf(err, errsz, "every TLS version is disabled "
		    "(ssl_tlsv1, ssl_tlsv11, ssl_tlsv12, ssl_tlsv13)");
		return -1;
	}
	/* Explicit bounds override the system's openssl.cnf. */
	if (p_SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION,
	    v[lo].version, NULL) != 1 ||
	    p_SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_PROTO_VERSION,
	    v[hi].version, NULL) != 1) {
		tls_error("TLS versions", err, errsz);
		return -1;
	}
	p_SSL_CTX_set_options(ctx, no);
	return 0;
}

/* Read DH or EC parameters from a PEM file. */
static EVP_PKEY *
tls_params(const char *path, const char *what, char *err, size_t errsz)
{
	BIO *b = p_BIO_new_file(path, "r");
	EVP_PKEY *pk;

	if (b == NULL) {
		tls_error(what, err, errsz);
		return NULL;
	}
	pk = p_PEM_read_bio_Parameters(b, NULL);
	p_BIO_free(b);
	if (pk == NULL)
		tls_error(what, err, errsz);
	return pk;
}

static int
tls_dh_ecdh(SSL_CTX *ctx, const struct options *o, char *err, size_t errsz)
{
	char group[80], what[600];
	EVP_PKEY *pk;
	size_t len = 0;

	if (o->dh_param_file != NULL) {
		snprintf(what, sizeof(what), "dh_param_file %s",
		    o->dh_param_file);
		pk = tls_params(o->dh_param_file, what, err, errsz);
		if (pk == NULL)
			return -1;
		if (p_EVP_PKEY_get_bits(pk) < 2048) {
			snprintf(err, errsz, "%s: %d-bit DH parameters are too "
			    "weak (2048 at least)", what, p_EVP_PKEY_get_bits(pk));
			p_EVP_PKEY_free(pk);
			return -1;
		}
		if (p_SSL_CTX_set0_tmp_dh_pkey(ctx, pk) != 1) {
			p_EVP_PKEY_free(pk);
			tls_error(what, err, errsz);
			return -1;
		}
	} else {
		p_SSL_CTX_ctrl(ctx, SSL_CTRL_SET_DH_AUTO, 1, NULL);
	}
	if (o->ecdh_param_file != NULL) {
		snprintf(what, sizeof(what), "ecdh_param_file %s",
		    o->ecdh_param_file);
		pk = tls_params(o->ecdh_param_file, what, err, errsz);
		if (pk == NULL)
			return -1;
		if (p_EVP_PKEY_get_utf8_string_param(pk, "group", group,
		    sizeof(group), &len) != 1 ||
		    p_SSL_CTX_ctrl(ctx, SSL_CTRL_SET_GROUPS_LIST, 0,
		    group) != 1) {
			p_EVP_PKEY_free(pk);
			tls_error(what, err, errsz);
			return -1;
		}
		p_EVP_PKEY_free(pk);
	}
	return 0;
}

static int
tls_certs(SSL_CTX *ctx, const char *kind, const char *cert, const char *key,
    char *err, size_t errsz)
{
	char what[600];

	snprintf(what, sizeof(what), "%s_cert_file %s", kind, cert);
	if (p_SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		tls_error(what, err, errsz);
		return -1;
	}
	snprintf(what, sizeof(what), "%s %s", key ? (kind[0] == 'r' ?
	    "rsa_private_key_file" : "dsa_private_key_file") : "private key in",
	    key ? key : cert);
	if (p_SSL_CTX_use_PrivateKey_file(ctx, key ? key : cert,
	    SSL_FILETYPE_PEM) != 1 || p_SSL_CTX_check_private_key(ctx) != 1) {
		tls_error(what, err, errsz);
		return -1;
	}
	return 0;
}

int
tls_setup(const struct options *o, char *err, size_t errsz)
{
	SSL_CTX *ctx;
	int mode = SSL_VERIFY_NONE;

	if (tls_ctx != NULL)
		return 0;
	if (tls_load(err, errsz) < 0)
		return -1;
	tls_opt = o;
	ctx = p_SSL_CTX_new(p_TLS_server_method());
	if (ctx == NULL) {
		tls_error("SSL_CTX_new", err, errsz);
		return -1;
	}
	if (tls_versions(ctx, o, err, errsz) < 0)
		goto fail;
	/* Kernel TLS where the kernel has it (sendfile for PROT P); a
	 * truncated upload is told apart from a complete one by the caller
	 * (strict_ssl_read_eof), not hidden. */
	p_SSL_CTX_set_options(ctx, SSL_OP_ENABLE_KTLS |
	    SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
	if (o->ssl_ciphers != NULL &&
	    p_SSL_CTX_set_cipher_list(ctx, o->ssl_ciphers) != 1) {
		tls_error("ssl_ciphers", err, errsz);
		goto fail;
	}
	/* TLS 1.3: all three suites, AES-128-GCM first: as strong as the
	 * protocol asks, and the cheapest to encrypt bulk data with (the
	 * server's preference decides). */
	if (p_SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256:"
	    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256") != 1) {
		tls_error("TLS 1.3 cipher suites", err, errsz);
		goto fail;
	}
	if (o->rsa_cert_file != NULL && tls_certs(ctx, "rsa",
	    o->rsa_cert_file, o->rsa_private_key_file, err, errsz) < 0)
		goto fail;
	if (o->dsa_cert_file != NULL && tls_certs(ctx, "dsa",
	    o->dsa_cert_file, o->dsa_private_key_file, err, errsz) < 0)
		goto fail;
	if (o->rsa_cert_file == NULL && o->dsa_cert_file == NULL) {
		snprintf(err, errsz, "ssl_enable=YES needs rsa_cert_file");
		goto fail;
	}
	if (tls_dh_ecdh(ctx, o, err, errsz) < 0)
		goto fail;
	if (o->ca_certs_file != NULL &&
	    p_SSL_CTX_load_verify_locations(ctx, o->ca_certs_file,
	    NULL) != 1) {
		tls_error("ca_certs_file", err, errsz);
		goto fail;
	}
	if (o->ssl_request_cert || o->require_cert)
		mode = SSL_VERIFY_PEER;
	if (o->require_cert)
		mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
	p_SSL_CTX_set_verify(ctx, mode, o->validate_cert ? NULL :
	    tls_verify_any);
	p_SSL_CTX_set_alpn_select_cb(ctx, tls_alpn, NULL);
	if (o->ssl_sni_hostname != NULL) {
		p_SSL_CTX_callback_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB,
		    (void (*)(void))tls_sni);
	}
	tls_ctx = ctx;
	return 0;
fail:
	p_SSL_CTX_free(ctx);
	return -1;
}

/* Wait for events on fd until the deadline; false on timeout. */
static bool
tls_wait(int fd, short events, const struct timespec *deadline)
{
	struct pollfd pfd = { .fd = fd, .events = events };
	struct timespec now;
	long ms;
	int r;

	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (deadline->tv_sec - now.tv_sec) * 1000 +
		    (deadline->tv_nsec - now.tv_nsec) / 1000000;
		if (ms <= 0)
			return false;
		r = poll(&pfd, 1, (int)ms);
		if (r > 0)
			return true;
		if (r == 0)
			return false;
		if (errno != EINTR)
			return false;
	}
}

void *
tls_accept(int fd, const unsigned char *token, bool data, int timeout_ms,
    char *err, size_t errsz)
{
	struct timespec deadline;
	SSL *ssl;
	int r, e;

	ssl = p_SSL_new(tls_ctx);
	/*
	 * No TLS 1.3 tickets on data connections: clients resume the
	 * control connection's session, and a ticket the client never reads
	 * makes its close a reset, which can cut an upload's last bytes.
	 */
	if (ssl == NULL || p_SSL_set_fd(ssl, fd) != 1 ||
	    (data && p_SSL_set_num_tickets(ssl, 0) != 1) ||
	    p_SSL_set_session_id_context(ssl, token, TLS_TOKEN_LEN) != 1) {
		tls_error("TLS setup", err, errsz);
		if (ssl != NULL)
			p_SSL_free(ssl);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	for (;;) {
		r = p_SSL_accept(ssl);
		if (r == 1)
			return ssl;
		e = p_SSL_get_error(ssl, r);
		if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
			if (tls_wait(fd, e == SSL_ERROR_WANT_READ ? POLLIN :
			    POLLOUT, &deadline))
				continue;
			snprintf(err, errsz, "TLS handshake timed out");
			p_ERR_clear_error();
			break;
		}
		tls_error("TLS handshake failed", err, errsz);
		break;
	}
	p_SSL_free(ssl);
	return NULL;
}

static ssize_t
tls_result(SSL *ssl, int r, short *events)
{
	int e = p_SSL_get_error(ssl, r);

	switch (e) {
	case SSL_ERROR_WANT_READ:
		*events = POLLIN;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_WANT_WRITE:
		*events = POLLOUT;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	case SSL_ERROR_SYSCALL:
		if (errno == 0)
			errno = ENODATA;
		p_ERR_clear_error();
		return -1;
	default:
		/* OpenSSL 3 reports a TCP end without close_notify as an
		 * SSL error ("unexpected eof"). */
		if (ERR_GET_REASON(p_ERR_get_error()) ==
		    SSL_R_UNEXPECTED_EOF_WHILE_READING)
			errno = ENODATA;
		else
			errno = EPROTO;
		p_ERR_clear_error();
		return -1;
	}
}

ssize_t
tls_read(void *ssl, void *p, size_t n, short *events)
{
	int r;

	errno = 0;
	r = p_SSL_read(ssl, p, n > INT32_MAX ? INT32_MAX : (int)n);
	if (r > 0)
		return r;
	return tls_result(ssl, r, events);
}

ssize_t
tls_write(void *ssl, const void *p, size_t n, short *events)
{
	int r;

	if (n == 0)
		return 0;
	errno = 0;
	r = p_SSL_write(ssl, p, n > INT32_MAX ? INT32_MAX : (int)n);
	if (r > 0)
		return r;
	return tls_result(ssl, r, events);
}

bool
tls_pending(void *ssl)
{
	return p_SSL_pending(ssl) > 0;
}

bool
tls_resumed(void *ssl)
{
	return p_SSL_session_reused(ssl) == 1;
}

void
tls_describe(void *ssl, char *out, size_t outsz)
{
	const SSL_CIPHER *c = p_SSL_get_current_cipher(ssl);

	snprintf(out, outsz, "%s %s", p_SSL_get_version(ssl),
	    c != NULL ? p_SSL_CIPHER_get_name(c) : "?");
}

void
tls_close(void *ssl, bool wait_peer, int timeout_ms)
{
	struct timespec deadline;
	int r, e, fd = -1;
	BIO *b;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += timeout_ms / 1000;
	b = p_SSL_get_wbio(ssl);
	if (b != NULL)
		p_BIO_ctrl(b, BIO_C_GET_FD, 0, &fd);
	for (;;) {
		r = p_SSL_shutdown(ssl);
		if (r == 1 || (r == 0 && !wait_peer))
			break;
		if (r == 0)
			continue;
		e = p_SSL_get_error(ssl, r);
		if ((e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) ||
		    fd < 0 || !tls_wait(fd, e == SSL_ERROR_WANT_READ ?
		    POLLIN : POLLOUT, &deadline))
			break;
	}
	p_ERR_clear_error();
	p_SSL_free(ssl);
}

ssize_t
tls_sendfile(void *ssl, int file_fd, off_t off, size_t n)
{
	BIO *b = p_SSL_get_wbio(ssl);
	ossl_ssize_t r;

	if (b == NULL || p_BIO_ctrl(b, BIO_CTRL_GET_KTLS_SEND, 0, NULL) <= 0) {
		errno = ENOSYS;
		return -1;
	}
	r = p_SSL_sendfile(ssl, file_fd, off, n, 0);
	if (r < 0) {
		p_ERR_clear_error();
		if (errno == 0)
			errno = EIO;
	}
	return r;
}

int
tls_session_export(void *ssl, unsigned char *buf, size_t bufsz)
{
	SSL_SESSION *sess = p_SSL_get1_session(ssl);
	unsigned char *p = buf;
	int n;

	if (sess == NULL)
		return -1;
	n = p_i2d_SSL_SESSION(sess, NULL);
	if (n <= 0 || (size_t)n > bufsz)
		n = -1;
	else
		n = p_i2d_SSL_SESSION(sess, &p);
	p_SSL_SESSION_free(sess);
	p_ERR_clear_error();
	return n;
}

void
tls_session_import(const unsigned char *buf, size_t n)
{
	const unsigned char *p = buf;
	SSL_SESSION *sess;

	if (n == 0 || n > LONG_MAX)
		return;
	sess = p_d2i_SSL_SESSION(NULL, &p, (long)n);
	if (sess != NULL) {
		p_SSL_CTX_add_session(tls_ctx, sess);
		p_SSL_SESSION_free(sess);
	}
	p_ERR_clear_error();
}

/* --- the control connection as a struct io ------------------------------ */

static ssize_t
io_tls_read(struct io *io, void *p, size_t n)
{
	short ev;

	return tls_read(io->tls, p, n, &ev);
}

static ssize_t
io_tls_write(struct io *io, const void *p, size_t n)
{
	short ev;

	return tls_write(io->tls, p, n, &ev);
}

static bool
io_tls_pending(struct io *io)
{
	return tls_pending(io->tls);
}

static void
io_tls_close(struct io *io)
{
	if (io->tls != NULL)
		tls_close(io->tls, false, 1000);
	io->tls = NULL;
	if (io->fd >= 0)
		close(io->fd);
	io->fd = -1;
}

void
io_tls_init(struct io *io, int fd, void *ssl)
{
	io->fd = fd;
	io->tls = ssl;
	io->read = io_tls_read;
	io->write = io_tls_write;
	io->pending = io_tls_pending;
	io->close = io_tls_close;
}
