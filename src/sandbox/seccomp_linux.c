/* SPDX-License-Identifier: GPL-2.0-or-later */
/* seccomp_sandbox: the system calls a session process may make (Linux). */
#include "sf_config.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "sandbox/sandbox.h"

#ifdef HAVE_LIBSECCOMP
#include <seccomp.h>

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
sandbox_seccomp(char *err, size_t errsz)
{
	static const int families[] = { AF_UNIX, AF_INET, AF_INET6 };
	scmp_filter_ctx ctx;
	size_t i;
	int r = 0;

	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (ctx == NULL) {
		snprintf(err, errsz, "seccomp_init failed");
		return -1;
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
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	/* Building the filter took some 100 KiB of heap, now free: give it
	 * back, or every idle session would keep it dirty. */
	malloc_trim(0);
	if (r != 0) {
		snprintf(err, errsz, "seccomp: %s", strerror(-r));
		return -1;
	}
	return 0;
}

bool
sandbox_seccomp_available(void)
{
	return true;
}

#else

int
sandbox_seccomp(char *err, size_t errsz)
{
	snprintf(err, errsz, "built without libseccomp");
	return -1;
}

bool
sandbox_seccomp_available(void)
{
	return false;
}

#endif
