/* SPDX-License-Identifier: GPL-2.0-or-later */
/* HASH (draft-bryan-ftpext-hash): file digests through OpenSSL, loaded on
 * demand so that sessions that never hash never pay for it. */
#include "sf_config.h"

#include <dlfcn.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/limits.h"
#include "common/log.h"
#include "common/wire.h"
#include "common/xmem.h"
#include "monitor/privdrop.h"
#include "sandbox/sandbox.h"
#include "session/hash.h"

static const struct {
	const char *wire;	/* the name in FEAT, OPTS and replies */
	const char *evp;	/* OpenSSL's name */
} hash_algos[HASH_COUNT] = {
	[HASH_SHA256] = { "SHA-256", "SHA256" },
	[HASH_SHA512] = { "SHA-512", "SHA512" },
	[HASH_SHA1] = { "SHA-1", "SHA1" },
	[HASH_MD5] = { "MD5", "MD5" },
};

/* The EVP calls we use, found with dlsym() in libcrypto. */
struct hash_evp {
	const EVP_MD *(*get_digestbyname)(const char *);
	EVP_MD_CTX *(*ctx_new)(void);
	int (*init)(EVP_MD_CTX *, const EVP_MD *, ENGINE *);
	int (*update)(EVP_MD_CTX *, const void *, size_t);
	int (*final)(EVP_MD_CTX *, unsigned char *, unsigned int *);
	void (*ctx_free)(EVP_MD_CTX *);
};

/* One per process by nature: the library is loaded at most once. */
static struct hash_evp hash_lib;
static bool hash_loaded;

/* Helper protocol: a request with the file's fd, a fixed-size reply. */
struct hash_request {
	uint32_t algo;
};

struct hash_reply {
	int32_t status;
	char hex[HASH_HEX_MAX];
	char err[128];
};

const char *
hash_name(enum hash_algo a)
{
	return hash_algos[a].wire;
}

int
hash_lookup(const char *name)
{
	int i;

	for (i = 0; i < HASH_COUNT; i++)
		if (strcasecmp(name, hash_algos[i].wire) == 0)
			return i;
	return -1;
}

static void *
hash_sym(void *lib, const char *name, bool *ok)
{
	void *p = dlsym(lib, name);

	if (p == NULL)
		*ok = false;
	return p;
}

static int
hash_load(char *err, size_t errsz)
{
	bool ok = true;
	void *lib;

	if (hash_loaded)
		return 0;
	lib = dlopen(LIBCRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL) {
		snprintf(err, errsz, "cannot load %s: %s", LIBCRYPTO_SONAME,
		    dlerror());
		return -1;
	}
	/* dlsym returns object pointers; POSIX guarantees they convert to
	 * function pointers. */
	*(void **)&hash_lib.get_digestbyname = hash_sym(lib,
	    "EVP_get_digestbyname", &ok);
	*(void **)&hash_lib.ctx_new = hash_sym(lib, "EVP_MD_CTX_new", &ok);
	*(void **)&hash_lib.init = hash_sym(lib, "EVP_DigestInit_ex", &ok);
	*(void **)&hash_lib.update = hash_sym(lib, "EVP_DigestUpdate", &ok);
	*(void **)&hash_lib.final = hash_sym(lib, "EVP_DigestFinal_ex", &ok);
	*(void **)&hash_lib.ctx_free = hash_sym(lib, "EVP_MD_CTX_free", &ok);
	if (!ok) {
		snprintf(err, errsz, "%s lacks the EVP digest calls",
		    LIBCRYPTO_SONAME);
		dlclose(lib);
		return -1;
	}
	hash_loaded = true;
	return 0;
}

/* Digest fd from offset 0 in this process. */
static int
hash_compute(int fd, enum hash_algo a, char *hex, size_t hexsz, char *err,
    size_t errsz)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	const EVP_MD *type;
	EVP_MD_CTX *ctx;
	char *buf;
	off_t off = 0;
	ssize_t n;
	int r = -1;

	if ((unsigned int)a >= HASH_COUNT || hash_load(err, errsz) < 0)
		return -1;
	type = hash_lib.get_digestbyname(hash_algos[a].evp);
	ctx = type != NULL ? hash_lib.ctx_new() : NULL;
	if (ctx == NULL || hash_lib.init(ctx, type, NULL) != 1) {
		snprintf(err, errsz, "OpenSSL has no %s", hash_algos[a].wire);
		if (ctx != NULL)
			hash_lib.ctx_free(ctx);
		return -1;
	}
	buf = xmalloc(LIM_XFER_BUF);
	for (;;) {
		n = pread(fd, buf, LIM_XFER_BUF, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errsz, "reading: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if (hash_lib.update(ctx, buf, (size_t)n) != 1) {
			snprintf(err, errsz, "digest update failed");
			goto out;
		}
		off += n;
	}
	if (hash_lib.final(ctx, md, &mdlen) != 1 || 2 * mdlen + 1 > hexsz) {
		snprintf(err, errsz, "digest final failed");
		goto out;
	}
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	r = 0;
out:
	free(buf);
	hash_lib.ctx_free(ctx);
	return r;
}

static void __attribute__((noreturn))
hash_helper_loop(int sock)
{
	struct hash_request rq;
	struct hash_reply rp;
	int fd;

	while (wire_recv(sock, &rq, sizeof(rq), &fd) == (ssize_t)sizeof(rq)) {
		memset(&rp, 0, sizeof(rp));
		rp.status = -1;
		if (fd < 0)
			snprintf(rp.err, sizeof(rp.err), "no file");
		else if (hash_compute(fd, (enum hash_algo)rq.algo, rp.hex,
		    sizeof(rp.hex), rp.err, sizeof(rp.err)) == 0)
			rp.status = 0;
		if (fd >= 0)
			close(fd);
		if (wire_send(sock, &rp, sizeof(rp), -1) < 0)
			break;
	}
	_exit(EXIT_OK);
}

int
hash_helper_start(uid_t uid, gid_t gid)
{
	char err[256];
	int sv[2];
	pid_t pid, parent = getpid();

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid > 0) {
		close(sv[1]);
		return sv[0];
	}
	/* The helper keeps nothing of the session but its socket (and
	 * stderr when that is the log): not the client's connection. */
	close(sv[0]);
	close_range(0, 1, 0);
	if (!log_to_stderr())
		close(2);
	if (sv[1] > 3)
		close_range(3, (unsigned int)sv[1] - 1, 0);
	close_range((unsigned int)sv[1] + 1, ~0U, 0);
	/* Started as root (the normal case), become the session user;
	 * started unprivileged, it already is that user. */
	if ((geteuid() == 0 &&
	    privdrop_become(NULL, uid, gid, err, sizeof(err)) < 0) ||
	    sandbox_apply(0, err, sizeof(err)) < 0) {
		log_err("hash helper: %s", err);
		_exit(EXIT_RUNTIME);
	}
	/* Never outlive the session, even if the end of its socket did not
	 * arrive.  Set after the change of user, which clears it. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0 ||
	    getppid() != parent)
		_exit(EXIT_OK);
	hash_helper_loop(sv[1]);
}

int
hash_file(int helper_fd, int fd, enum hash_algo a, char *hex, size_t hexsz,
    char *err, size_t errsz)
{
	struct hash_request rq = { (uint32_t)a };
	struct hash_reply rp;
	int junk;

	if (helper_fd < 0)
		return hash_compute(fd, a, hex, hexsz, err, errsz);
	if (wire_send(helper_fd, &rq, sizeof(rq), fd) < 0 ||
	    wire_recv(helper_fd, &rp, sizeof(rp), &junk) !=
	    (ssize_t)sizeof(rp)) {
		if (junk >= 0)
			close(junk);
		snprintf(err, errsz, "the hash helper is gone");
		return -1;
	}
	if (junk >= 0)
		close(junk);
	rp.hex[sizeof(rp.hex) - 1] = '\0';
	rp.err[sizeof(rp.err) - 1] = '\0';
	if (rp.status != 0) {
		snprintf(err, errsz, "%s", rp.err);
		return -1;
	}
	snprintf(hex, hexsz, "%s", rp.hex);
	return 0;
}
