/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sockftpd: command line, configuration, the control socket, then serve. */
#include "sf_config.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/config.h"
#include "common/limits.h"
#include "common/log.h"
#include "sandbox/sandbox.h"
#include "session/tls.h"
#include "session/proctitle.h"
#include "session/session.h"

#define DEFAULT_CONFIG SYSCONFDIR "/sockftpd.conf"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: sockftpd [FILE | -c FILE] [-oNAME=VALUE | -o NAME=VALUE]..."
	    " [-t]\n"
	    "       sockftpd --list-options | -V | -h\n"
	    "Serves one FTP session on the socket a launcher (xinetd, inetd,\n"
	    "systemd socket activation) passes on fd 0, or on fd 3 with\n"
	    "LISTEN_FDS.  -t checks the configuration and prints it.\n"
	    "Default configuration file: %s\n", DEFAULT_CONFIG);
}

/*
 * The control socket: fd 3 when systemd passed it (LISTEN_PID is us),
 * else fd 0.  Returns the fd, or -1 with a message in err.
 */
static int
main_find_socket(char *err, size_t errsz)
{
	const char *lf = getenv("LISTEN_FDS"), *lp = getenv("LISTEN_PID");
	int fd = 0, type = 0, acc = 0;
	socklen_t len = sizeof(type);
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	struct stat st;

	if (lf != NULL && lp != NULL && strtol(lp, NULL, 10) == getpid()) {
		if (strcmp(lf, "1") != 0) {
			snprintf(err, errsz, "LISTEN_FDS=%s: expected exactly "
			    "one connected socket (use Accept=yes)", lf);
			return -1;
		}
		fd = 3;
	}
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDNAMES");
	if (fstat(fd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		snprintf(err, errsz, "fd %d is not a socket: sockftpd serves "
		    "one connection handed over by xinetd, inetd or systemd "
		    "socket activation (Accept=yes); run 'sockftpd -t' to "
		    "check a configuration", fd);
		return -1;
	}
	len = sizeof(acc);
	if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) == 0 &&
	    acc) {
		snprintf(err, errsz, "fd %d is a listening socket: sockftpd "
		    "needs a connected one (systemd: Accept=yes; inetd: nowait)",
		    fd);
		return -1;
	}
	len = sizeof(type);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    type != SOCK_STREAM ||
	    getpeername(fd, (struct sockaddr *)&peer, &plen) < 0) {
		snprintf(err, errsz, "fd %d is not a connected TCP socket", fd);
		return -1;
	}
	return fd;
}

/*
 * Nothing but replies may reach the client: fd 1 and, when it is the
 * client socket (xinetd), fd 2 go to /dev/null; diagnostics then go to
 * syslog.  Returns whether stderr is usable for the log.
 */
static bool
main_fd_hygiene(int ctrl_fd)
{
	struct stat cs, es;
	bool err_ok;
	int null, fd;

	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (fstat(ctrl_fd, &cs) < 0)
		return false;
	err_ok = fstat(2, &es) == 0 &&
	    !(es.st_dev == cs.st_dev && es.st_ino == cs.st_ino);
	for (fd = 0; fd <= 2 && null >= 0; fd++) {
		struct stat fs;

		if (fd == ctrl_fd)
			continue;
		if (fd == 2 && err_ok)
			continue;
		if (fstat(fd, &fs) < 0 || fd == 1 ||
		    (fs.st_dev == cs.st_dev && fs.st_ino == cs.st_ino))
			dup2(null, fd);
	}
	if (null > 2)
		close(null);
	return err_ok;
}

static int
main_apply_arg(struct options *o, const char *arg, bool is_opt, char *err,
    size_t errsz)
{
	char name[128];
	const char *eq;

	if (!is_opt)
		return config_load_file(o, arg, err, errsz);
	eq = strchr(arg, '=');
	if (eq == NULL || (size_t)(eq - arg) >= sizeof(name)) {
		snprintf(err, errsz, "command line: -o%s: expected NAME=VALUE",
		    arg);
		return -1;
	}
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	if (opt_set(o, name, eq + 1, err, errsz) < 0) {
		char msg[512];

		snprintf(msg, sizeof(msg), "command line: -o%s: %s", arg, err);
		snprintf(err, errsz, "%s", msg);
		return -1;
	}
	opt_set_origin(o, name, "command line");
	return 0;
}

/* Does the session user named by option own the file? */
static bool
main_owned_by(const struct stat *st, const char *user)
{
	struct passwd *pw = user != NULL ? getpwnam(user) : NULL;

	return pw != NULL && pw->pw_uid == st->st_uid && pw->pw_uid != 0;
}

/*
 * Could a session process read the private key file: readable by group
 * or others, or owned by one of the users sessions run as?
 */
static bool
main_key_exposed(const struct options *o, const char *key)
{
	struct stat st;

	if (key == NULL || stat(key, &st) < 0)
		return false;
	return (st.st_mode & (S_IRGRP | S_IROTH)) != 0 ||
	    main_owned_by(&st, o->ftp_username) ||
	    main_owned_by(&st, o->nopriv_user) ||
	    (o->guest_enable && main_owned_by(&st, o->guest_username));
}

/*
 * -t: things that are not errors but that an administrator should hear
 * about, as comments after the configuration.
 */
static void
main_check_warnings(const struct options *o)
{
	char path[512];

	if ((o->local_enable || o->guest_enable) &&
	    o->pam_service_name != NULL &&
	    (size_t)snprintf(path, sizeof(path), "/etc/pam.d/%s",
	    o->pam_service_name) < sizeof(path) && access(path, F_OK) != 0)
		printf("# warning: pam_service_name=%s: %s does not exist, so "
		    "PAM uses its \"other\" policy\n", o->pam_service_name,
		    path);
	const char *keys[2] = {
		o->rsa_private_key_file ? o->rsa_private_key_file :
		    o->rsa_cert_file,
		o->dsa_private_key_file ? o->dsa_private_key_file :
		    o->dsa_cert_file,
	};
	size_t i;

	for (i = 0; i < 2 && (o->ssl_enable || o->implicit_ssl); i++)
		if (main_key_exposed(o, keys[i]))
			printf("# warning: the TLS private key %s can be read "
			    "by users other than root or by a session user\n",
			    keys[i]);
	if (o->local_enable && o->secure_chroot_dir != NULL &&
	    access(o->secure_chroot_dir, F_OK) != 0)
		printf("# warning: secure_chroot_dir=%s does not exist%s\n",
		    o->secure_chroot_dir, o->set[OPT_ID_secure_chroot_dir] ?
		    ": sessions with local_enable=YES will fail" :
		    " (sessions use " SF_EMPTY_DIR ")");
}

/*
 * Everything before the session, in a frame of its own that is gone when
 * the session starts: its buffers are not under every frame of the
 * session (stack pages touched once stay in the session's memory).
 * Returns an exit status, or -1 to serve the session on *fd.
 */
static int __attribute__((noinline))
main_prepare(struct options *o, int argc, char **argv, int *fd)
{
	char err[1024];
	bool check = false, have_file = false;
	int i, ctrl_fd = -1;

	proctitle_save(argc, argv);
	/* First pass: modes and syntax; the config is read in order later. */
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("sockftpd %s\n", PACKAGE_VERSION);
			return EXIT_OK;
		} else if (strcmp(a, "--list-options") == 0) {
			config_list_options(stdout);
			return EXIT_OK;
		} else if (strcmp(a, "-t") == 0) {
			check = true;
		} else if (strcmp(a, "-c") == 0 || strcmp(a, "-o") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "sockftpd: %s needs an argument\n",
				    a);
				usage(stderr);
				return EXIT_USAGE;
			}
			have_file |= a[1] == 'c';
			i++;
		} else if (strncmp(a, "-o", 2) == 0) {
			continue;
		} else if (a[0] == '-') {
			fprintf(stderr, "sockftpd: unknown flag %s\n", a);
			usage(stderr);
			return EXIT_USAGE;
		} else {
			have_file = true;
		}
	}

	if (!check) {
		ctrl_fd = main_find_socket(err, sizeof(err));
		if (ctrl_fd < 0) {
			fprintf(stderr, "sockftpd: %s\n", err);
			return EXIT_NOSOCKET;
		}
		log_init(main_fd_hygiene(ctrl_fd));
	}

	opt_defaults(o);
	if (!have_file && access(DEFAULT_CONFIG, F_OK) == 0 &&
	    config_load_file(o, DEFAULT_CONFIG, err, sizeof(err)) < 0)
		goto bad;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-t") == 0)
			continue;
		if (strcmp(a, "-c") == 0 || strcmp(a, "-o") == 0) {
			if (main_apply_arg(o, argv[i + 1], a[1] == 'o', err,
			    sizeof(err)) < 0)
				goto bad;
			i++;
		} else if (strncmp(a, "-o", 2) == 0) {
			if (main_apply_arg(o, a + 2, true, err,
			    sizeof(err)) < 0)
				goto bad;
		} else if (main_apply_arg(o, a, false, err, sizeof(err)) < 0) {
			goto bad;
		}
	}
	if (config_check(o, err, sizeof(err)) < 0)
		goto bad;
	if (o->connect_from_port_20 && o->ftp_data_port < 1024 &&
	    geteuid() != 0) {
		snprintf(err, sizeof(err), "connect_from_port_20=YES with "
		    "ftp_data_port=%lu needs root (run as root, or set "
		    "connect_from_port_20=NO)", o->ftp_data_port);
		goto bad;
	}
	if (o->session_support && geteuid() != 0) {
		snprintf(err, sizeof(err), "session_support=YES needs root to "
		    "write utmp and wtmp (run as root, or set "
		    "session_support=NO)");
		goto bad;
	}
	if (o->chown_uploads && geteuid() != 0) {
		snprintf(err, sizeof(err), "chown_uploads=YES needs root (run "
		    "as root, or set chown_uploads=NO)");
		goto bad;
	}
	if (check && (o->ssl_enable || o->implicit_ssl) &&
	    tls_setup(o, err, sizeof(err)) < 0) {
		char msg[sizeof(err)];
		size_t n;

		n = (size_t)snprintf(msg, sizeof(msg), "%s=YES: ",
		    o->ssl_enable ? "ssl_enable" : "implicit_ssl");
		memcpy(msg + n, err, strnlen(err, sizeof(msg) - n - 1));
		msg[n + strnlen(err, sizeof(msg) - n - 1)] = '\0';
		memcpy(err, msg, sizeof(err));
		goto bad;
	}
	if (check) {
		config_dump(o, stdout);
		if (o->seccomp_sandbox && !sandbox_seccomp_available())
			printf("# seccomp_sandbox: no effect: this sockftpd was "
			    "built without libseccomp\n");
		main_check_warnings(o);
		opt_free(o);
		return fflush(stdout) == 0 ? EXIT_OK : EXIT_RUNTIME;
	}
	*fd = ctrl_fd;
	return -1;

bad:
	if (check) {
		fprintf(stderr, "sockftpd: %s\n", err);
		opt_free(o);
		return EXIT_CONFIG;
	}
	log_err("configuration refused: %s", err);
	session_refuse(ctrl_fd, o);
}

int
main(int argc, char **argv)
{
	/* The options live as long as the session, in static storage. */
	static struct options o;
	int ctrl_fd = -1;
	int status;

	/* Blocks of a page or more (a configuration file's text, stdio's
	 * buffer for the time zone file) come from mmap and go back to the
	 * kernel when freed: from the heap they would leave their pages
	 * dirty for the whole session.  The C library's defaults are 128 KiB
	 * for both; a heap that grows by 128 KiB at a time would serve such
	 * blocks from its top instead. */
	mallopt(M_MMAP_THRESHOLD, 4096);
	mallopt(M_TOP_PAD, 0);
	status = main_prepare(&o, argc, argv, &ctrl_fd);

	if (status >= 0)
		return status;
	session_run(&o, ctrl_fd);
}
