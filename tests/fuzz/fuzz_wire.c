/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the messages between sockftpd's processes (wire.c):
 * any bytes sent as seqpacket or datagram messages, with and without
 * passed fds, must come out of wire_recv whole or be refused, and no fd
 * may leak either way. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/wire.h"
#include "fuzz.h"

FUZZ_HARNESS_BEGIN

/*
 * Byte 0 picks the entry, modulo their number, so that the monitor's
 * request decoder can be added as entry 1 without changing what the
 * seeds of entry 0 mean (they start with 0).
 *
 * Entry 0, "recv": byte 1 holds flags (FL_*), then up to MAX_RECORDS
 * records, each
 *     n (2 bytes, big endian; the size wire_recv expects is n % MAX_N + 1)
 *     spec (1 byte: SPEC_*)
 *     len (2 bytes, big endian: the size of the message sent)
 *     payload (len bytes; when the input ends first, its bytes repeat)
 * Each record is sent on one end of a fresh socketpair, then received on
 * the other with wire_recv.  After the last, the sender is closed and
 * wire_recv must see the end.
 */
#define MAX_N		8192
#define MAX_RECORDS	16

#define FL_DGRAM	0x01	/* SOCK_DGRAM instead of SOCK_SEQPACKET */
#define FL_PASSCRED	0x02	/* SO_PASSCRED on the receiver: every
				 * message brings an SCM_CREDENTIALS too */

#define SPEC_NFDS	0x03	/* how many fds the message carries (0-3) */
#define SPEC_SPLIT	0x04	/* one SCM_RIGHTS header per fd */
#define SPEC_WIRE_SEND	0x08	/* sent by wire_send (at most one fd) */
#define SPEC_POOL_SHIFT	4	/* bits 4-5: the first fd of the pool */

/*
 * Fds to pass, open for the whole run: /dev/null, both ends of a pipe
 * and a socket.  POOL_RX stands for the receiving socket itself (a
 * socket that carries a copy of itself).
 */
enum { POOL_NULL, POOL_PIPE_R, POOL_PIPE_W, POOL_RX, POOL_N };

static int pool[POOL_N];

static void
pool_init(void)
{
	static bool done;
	int p[2];

	if (done)
		return;
	pool[POOL_NULL] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	FUZZ_CHECK(pool[POOL_NULL] >= 0);
	FUZZ_CHECK(pipe2(p, O_CLOEXEC) == 0);
	pool[POOL_PIPE_R] = p[0];
	pool[POOL_PIPE_W] = p[1];
	pool[POOL_RX] = -1;
	done = true;
}

/*
 * The set of open fds below FD_SCAN, in one system call: poll() marks a
 * closed fd POLLNVAL.  A leaked fd takes the lowest free number, so it
 * shows up here.
 */
#define FD_SCAN	256

struct fdset {
	bool open[FD_SCAN];
};

static void
fds_snapshot(struct fdset *s)
{
	struct pollfd p[FD_SCAN];
	int i;

	for (i = 0; i < FD_SCAN; i++) {
		p[i].fd = i;
		p[i].events = 0;
		p[i].revents = 0;
	}
	FUZZ_CHECK(poll(p, FD_SCAN, 0) >= 0);
	for (i = 0; i < FD_SCAN; i++)
		s->open[i] = !(p[i].revents & POLLNVAL);
}

static void
fds_same(const struct fdset *a, const struct fdset *b, const char *when)
{
	int i;

	for (i = 0; i < FD_SCAN; i++) {
		if (a->open[i] != b->open[i]) {
			fprintf(stderr, "fuzz_wire: fd %d %s %s\n", i,
			    b->open[i] ? "leaked" : "closed", when);
			FUZZ_CHECK(!"no fd leaked or closed");
		}
	}
}

static bool
same_file(int a, int b)
{
	struct stat sa, sb;

	FUZZ_CHECK(fstat(a, &sa) == 0);
	FUZZ_CHECK(fstat(b, &sb) == 0);
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* A cursor over the input. */
struct in {
	const uint8_t *p;
	size_t left;
};

static bool
take(struct in *in, size_t n, const uint8_t **out)
{
	if (in->left < n)
		return false;
	*out = in->p;
	in->p += n;
	in->left -= n;
	return true;
}

/* Send the message with nfds copies of pool fds (first, first + 1, ...)
 * by hand, so that any number and layout of SCM_RIGHTS can be built. */
static ssize_t
send_raw(int sock, const void *p, size_t len, unsigned int nfds,
    unsigned int first, bool split)
{
	union {
		struct cmsghdr h;
		char space[3 * CMSG_SPACE(sizeof(int))];
	} cm;
	struct iovec iov = { (void *)(size_t)p, len };
	struct msghdr msg;
	struct cmsghdr *c;
	unsigned int i;
	int fd;

	memset(&msg, 0, sizeof(msg));
	memset(&cm, 0, sizeof(cm));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (nfds > 0) {
		msg.msg_control = cm.space;
		msg.msg_controllen = split ? nfds * CMSG_SPACE(sizeof(int)) :
		    CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&msg);
		for (i = 0; i < nfds; i++) {
			fd = pool[(first + i) % POOL_N];
			if (split || i == 0) {
				if (i > 0)
					c = CMSG_NXTHDR(&msg, c);
				c->cmsg_level = SOL_SOCKET;
				c->cmsg_type = SCM_RIGHTS;
				c->cmsg_len = CMSG_LEN((split ? 1 : nfds) *
				    sizeof(int));
			}
			memcpy(CMSG_DATA(c) + (split ? 0 : i * sizeof(int)),
			    &fd, sizeof(int));
		}
	}
	return sendmsg(sock, &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
}

static void
fuzz_recv(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct fdset at_start, before, after;
	const uint8_t *flags, *h, *payload;
	unsigned int nfds, first, rec;
	size_t n, len, avail, i;
	uint8_t *msg, *buf;
	bool dgram, passcred, sent;
	int sv[2], one = 1, fd;
	ssize_t r;

	if (!take(&in, 1, &flags))
		return;
	dgram = (flags[0] & FL_DGRAM) != 0;
	passcred = (flags[0] & FL_PASSCRED) != 0;
	pool_init();
	fds_snapshot(&at_start);
	FUZZ_CHECK(socketpair(AF_UNIX, (dgram ? SOCK_DGRAM : SOCK_SEQPACKET) |
	    SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) == 0);
	if (passcred)
		FUZZ_CHECK(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one,
		    sizeof(one)) == 0);
	pool[POOL_RX] = sv[1];

	for (rec = 0; rec < MAX_RECORDS && take(&in, 5, &h); rec++) {
		n = (((size_t)h[0] << 8 | h[1]) % MAX_N) + 1;
		nfds = h[2] & SPEC_NFDS;
		first = (h[2] >> SPEC_POOL_SHIFT) % POOL_N;
		len = (size_t)h[3] << 8 | h[4];
		avail = len < in.left ? len : in.left;
		payload = in.p;
		take(&in, avail, &payload);
		/* Exact sizes, so that AddressSanitizer sees any overrun. */
		msg = malloc(len ? len : 1);
		buf = malloc(n);
		FUZZ_CHECK(msg != NULL && buf != NULL);
		for (i = 0; i < len; i++)
			msg[i] = avail ? payload[i % avail] : (uint8_t)i;

		fds_snapshot(&before);
		if ((h[2] & SPEC_WIRE_SEND) && nfds <= 1)
			sent = wire_send(sv[0], msg, len,
			    nfds ? pool[first] : -1) == 0;
		else
			sent = send_raw(sv[0], msg, len, nfds, first,
			    (h[2] & SPEC_SPLIT) != 0) == (ssize_t)len;
		if (!sent) {
			/* Too big for the socket buffer: nothing to read. */
			FUZZ_CHECK(errno == EMSGSIZE || errno == ENOBUFS ||
			    errno == EAGAIN || errno == ETOOMANYREFS);
			free(msg);
			free(buf);
			fds_snapshot(&after);
			fds_same(&before, &after, "by a failed send");
			continue;
		}

		fd = -2;
		errno = 0;
		r = wire_recv(sv[1], buf, n, &fd);

		/* The result is the size, the end, or a refusal. */
		FUZZ_CHECK(r == (ssize_t)n || r == 0 || r == -1);
		FUZZ_CHECK(fd >= -1);
		if (r != (ssize_t)n)
			FUZZ_CHECK(fd == -1);
		if (r == -1)
			FUZZ_CHECK(errno == EPROTO);
		/* Only a message of exactly n bytes is accepted, and it
		 * arrives whole. */
		if (r == (ssize_t)n) {
			FUZZ_CHECK(len == n);
			FUZZ_CHECK(memcmp(buf, msg, n) == 0);
		}
		/* "0" is an empty message (or the end): never data. */
		if (r == 0)
			FUZZ_CHECK(len == 0 && nfds == 0);
		/* At most one fd: a message with more breaks the protocol. */
		if (nfds > 1)
			FUZZ_CHECK(r == -1);
		/* A passed fd is the one sent, close-on-exec. */
		if (fd >= 0) {
			FUZZ_CHECK(nfds == 1);
			FUZZ_CHECK(same_file(fd, pool[first]));
			FUZZ_CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
			close(fd);
		}
		/* A well-formed message is never refused. */
		if (len == n && nfds <= 1 && !passcred)
			FUZZ_CHECK(r == (ssize_t)n && (fd >= 0) == (nfds == 1));

		fds_snapshot(&after);
		fds_same(&before, &after, "by wire_recv");
		free(msg);
		free(buf);
	}

	/*
	 * Every message was read: the end of a seqpacket stream is 0, a
	 * datagram socket has nothing (EAGAIN).  A blocking caller waits
	 * for the end; so does this, and says so when the end was not
	 * visible at once (it happened once in a million runs, in a run
	 * that could not be replayed).
	 */
	close(sv[0]);
	{
		struct pollfd pf = { sv[1], POLLIN, 0 };
		uint8_t c;
		int ready = 1;

		if (!dgram && poll(&pf, 1, 0) == 0) {
			ready = poll(&pf, 1, 5000);
			fprintf(stderr, "fuzz_wire: the end of the stream came "
			    "late (poll %d, revents %#x)\n", ready,
			    (unsigned int)pf.revents);
		}
		fd = -2;
		errno = 0;
		r = wire_recv(sv[1], &c, 1, &fd);
		if (dgram ? !(r == -1 && errno == EAGAIN) : r != 0)
			fprintf(stderr, "fuzz_wire: at the end: poll %d "
			    "(revents %#x), wire_recv %zd, errno %d (%s)\n",
			    ready, (unsigned int)pf.revents, r, errno,
			    strerror(errno));
		FUZZ_CHECK(fd == -1);
		if (dgram)
			FUZZ_CHECK(r == -1 && errno == EAGAIN);
		else
			FUZZ_CHECK(r == 0);
	}
	close(sv[1]);
	pool[POOL_RX] = -1;
	fds_snapshot(&after);
	fds_same(&at_start, &after, "by the whole input");
}

/* The entries of this target; byte 0 of the input picks one. */
static const struct {
	const char *name;
	void (*run)(const uint8_t *data, size_t size);
} entries[] = {
	{ "recv", fuzz_recv },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t e;

	if (size == 0)
		return 0;
	e = data[0] % (sizeof(entries) / sizeof(entries[0]));
	entries[e].run(data + 1, size - 1);
	return 0;
}

FUZZ_HARNESS_END
