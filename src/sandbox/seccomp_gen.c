/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Build-time generator of the session's seccomp filter: libseccomp
 * compiles the allow-list below into a BPF program for the build
 * machine's architecture, which this prints as C (seccomp_filter.h).
 * sockftpd itself then neither links libseccomp nor builds the filter
 * at every start: it loads the program with one prctl().
 */
#include "sf_config.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

/*
 * What a session does after confinement: files in its root, sockets to
 * the client, the monitor and syslog, time, memory.  Everything else
 * fails with EPERM, so a path nobody thought of gets an error reply
 * rather than a dead session; the calls below that only an attacker
 * would want end the process at once.
 */
static const int sandbox_allowed[] = {
	SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
	SCMP_SYS(pread64), SCMP_SYS(pwrite64), SCMP_SYS(close),
	SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(statx),
	SCMP_SYS(lseek), SCMP_SYS(openat), SCMP_SYS(openat2),
	SCMP_SYS(getdents64), SCMP_SYS(mkdirat), SCMP_SYS(unlinkat),
	SCMP_SYS(renameat), SCMP_SYS(renameat2), SCMP_SYS(linkat),
	SCMP_SYS(readlinkat), SCMP_SYS(fchmod), SCMP_SYS(utimensat),
	SCMP_SYS(fsync), SCMP_SYS(fdatasync), SCMP_SYS(ftruncate),
	SCMP_SYS(fallocate), SCMP_SYS(sendfile), SCMP_SYS(splice),
	SCMP_SYS(pipe2), SCMP_SYS(flock),
	SCMP_SYS(fstatfs), SCMP_SYS(faccessat), SCMP_SYS(faccessat2),
	SCMP_SYS(bind), SCMP_SYS(listen), SCMP_SYS(accept),
	SCMP_SYS(accept4), SCMP_SYS(connect), SCMP_SYS(getsockname),
	SCMP_SYS(getpeername), SCMP_SYS(setsockopt), SCMP_SYS(getsockopt),
	SCMP_SYS(shutdown), SCMP_SYS(sendmsg), SCMP_SYS(recvmsg),
	SCMP_SYS(sendto), SCMP_SYS(recvfrom), SCMP_SYS(poll),
	SCMP_SYS(ppoll), SCMP_SYS(select), SCMP_SYS(pselect6),
	SCMP_SYS(fcntl), SCMP_SYS(dup), SCMP_SYS(dup2), SCMP_SYS(dup3),
	SCMP_SYS(ioctl), SCMP_SYS(clock_gettime), SCMP_SYS(clock_nanosleep),
	SCMP_SYS(nanosleep), SCMP_SYS(gettimeofday), SCMP_SYS(time),
	SCMP_SYS(getrandom), SCMP_SYS(brk), SCMP_SYS(mmap),
	SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise),
	SCMP_SYS(mprotect), SCMP_SYS(rt_sigaction),
	SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn), SCMP_SYS(exit),
	SCMP_SYS(exit_group), SCMP_SYS(getpid), SCMP_SYS(gettid),
	SCMP_SYS(getuid), SCMP_SYS(geteuid), SCMP_SYS(getgid),
	SCMP_SYS(getegid), SCMP_SYS(getresuid), SCMP_SYS(getresgid),
	SCMP_SYS(getgroups), SCMP_SYS(prctl), SCMP_SYS(uname),
	SCMP_SYS(futex), SCMP_SYS(restart_syscall), SCMP_SYS(setitimer),
	SCMP_SYS(getitimer), SCMP_SYS(alarm), SCMP_SYS(sched_yield),
	SCMP_SYS(tgkill), SCMP_SYS(getrlimit), SCMP_SYS(prlimit64),
	SCMP_SYS(umask), SCMP_SYS(getcwd), SCMP_SYS(sysinfo),
	SCMP_SYS(wait4), SCMP_SYS(rseq), SCMP_SYS(set_robust_list),
};

/* Never needed by a session; wanted by anyone who took one over. */
static const int sandbox_fatal[] = {
	SCMP_SYS(execve), SCMP_SYS(execveat), SCMP_SYS(ptrace),
	SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev),
	SCMP_SYS(clone), SCMP_SYS(clone3), SCMP_SYS(fork), SCMP_SYS(vfork),
	SCMP_SYS(setuid), SCMP_SYS(setgid), SCMP_SYS(setreuid),
	SCMP_SYS(setregid), SCMP_SYS(setresuid), SCMP_SYS(setresgid),
	SCMP_SYS(setgroups), SCMP_SYS(chroot), SCMP_SYS(mount),
	SCMP_SYS(umount2), SCMP_SYS(pivot_root), SCMP_SYS(unshare),
	SCMP_SYS(setns), SCMP_SYS(bpf), SCMP_SYS(init_module),
	SCMP_SYS(finit_module), SCMP_SYS(kexec_load), SCMP_SYS(keyctl),
	SCMP_SYS(add_key), SCMP_SYS(request_key), SCMP_SYS(userfaultfd),
	SCMP_SYS(perf_event_open),
};

int
main(void)
{
	static const int families[] = { AF_UNIX, AF_INET, AF_INET6 };
	unsigned char buf[65536];
	scmp_filter_ctx ctx;
	size_t i, len = 0;
	ssize_t n;
	int r = 0, fd;

	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (ctx == NULL) {
		fprintf(stderr, "seccomp_gen: seccomp_init failed\n");
		return 1;
	}
	for (i = 0; r == 0 && i < sizeof(sandbox_allowed) /
	    sizeof(sandbox_allowed[0]); i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, sandbox_allowed[i], 0);
	for (i = 0; r == 0 && i < sizeof(sandbox_fatal) /
	    sizeof(sandbox_fatal[0]); i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS,
		    sandbox_fatal[i], 0);
	/* Sockets: TCP for data connections, UNIX for syslog and NSS. */
	for (i = 0; r == 0 && i < sizeof(families) / sizeof(families[0]);
	    i++)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
		    SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)families[i]));
	fd = memfd_create("seccomp", 0);
	if (r == 0 && fd >= 0)
		r = seccomp_export_bpf(ctx, fd);
	seccomp_release(ctx);
	if (r != 0 || fd < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		fprintf(stderr, "seccomp_gen: %s\n",
		    strerror(r != 0 ? -r : errno));
		return 1;
	}
	while ((n = read(fd, buf + len, sizeof(buf) - len)) > 0)
		len += (size_t)n;
	if (n < 0 || len == 0 || len % 8 != 0 || len == sizeof(buf)) {
		fprintf(stderr, "seccomp_gen: unexpected filter size %zu\n",
		    len);
		return 1;
	}
	printf("/* Generated by seccomp_gen from the lists in seccomp_gen.c; "
	    "do not edit. */\n");
	printf("#define SANDBOX_FILTER_LEN %zu\n", len / 8);
	printf("static const struct sock_filter sandbox_filter[] = {\n");
	for (i = 0; i < len; i += 8) {
		unsigned int code = (unsigned int)(buf[i] | buf[i + 1] << 8);
		unsigned int k = (unsigned int)buf[i + 4] |
		    (unsigned int)buf[i + 5] << 8 |
		    (unsigned int)buf[i + 6] << 16 |
		    (unsigned int)buf[i + 7] << 24;

		printf("\t{ 0x%04x, %u, %u, 0x%08xU },\n", code, buf[i + 2],
		    buf[i + 3], k);
	}
	printf("};\n");
	return fflush(stdout) == 0 ? 0 : 1;
}
