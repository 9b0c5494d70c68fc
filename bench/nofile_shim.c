/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nofile_shim: lets vsftpd's RLIMIT_NOFILE limit pass under valgrind. */
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * vsftpd's pre-login process sets RLIMIT_NOFILE to 0; valgrind refuses any
 * change of that limit (it keeps descriptors of its own above it), and
 * vsftpd then dies with "500 OOPS: setrlimit NOFILE".  Preloaded only for
 * the start-up instruction count (bench.py, --startup): a change of
 * RLIMIT_NOFILE succeeds without effect; every other limit is set.  Every
 * server, sockftpd and the ceiling included, is counted with it preloaded,
 * so its own cost (loading one more small library) is the same for all.
 */

static int
shim_prlimit(int resource, const struct rlimit *rl)
{
	if (resource == RLIMIT_NOFILE)
		return 0;
	return (int)syscall(SYS_prlimit64, 0, resource, rl, NULL);
}

int
setrlimit(__rlimit_resource_t resource, const struct rlimit *rl)
{
	return shim_prlimit((int)resource, rl);
}

int
setrlimit64(__rlimit_resource_t resource, const struct rlimit64 *rl)
{
	return shim_prlimit((int)resource, (const struct rlimit *)rl);
}
