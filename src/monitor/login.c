/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The monitor's login decision: who a USER/PASS pair becomes, and where. */
#include "sf_config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/config.h"
#include "common/homedir.h"
#include "common/log.h"
#include "common/pwfile.h"
#include "common/namelist.h"
#include "monitor/login.h"
#include "monitor/pamauth.h"

bool
login_is_anonymous(const char *user)
{
	return strcasecmp(user, "anonymous") == 0 ||
	    strcasecmp(user, "ftp") == 0;
}

/* Is shell one of /etc/shells? */
static bool
login_shell_ok(const char *shell)
{
	const char *s;
	bool ok = false;

	setusershell();
	while ((s = getusershell()) != NULL) {
		if (strcmp(s, shell) == 0) {
			ok = true;
			break;
		}
	}
	endusershell();
	return ok;
}

/*
 * What the monitor was told before the login (its permits) and what
 * was set up for the whole session cannot change per user: a per-user
 * file that sets them gets a log line, and the session's values.
 */
static void
login_keep_session_wide(const struct options *o, struct options *u,
    const char *path)
{
	static const enum opt_id fixed[] = {
		OPT_ID_connect_from_port_20, OPT_ID_ftp_data_port,
		OPT_ID_chown_uploads, OPT_ID_chown_username,
		OPT_ID_chown_upload_mode, OPT_ID_session_support,
		/* The TLS context is built once, before any login. */
		OPT_ID_ssl_enable, OPT_ID_implicit_ssl, OPT_ID_ssl_tlsv1,
		OPT_ID_ssl_tlsv11, OPT_ID_ssl_tlsv12, OPT_ID_ssl_tlsv13,
		OPT_ID_rsa_cert_file, OPT_ID_rsa_private_key_file,
		OPT_ID_dsa_cert_file, OPT_ID_dsa_private_key_file,
		OPT_ID_ca_certs_file, OPT_ID_ssl_ciphers,
		OPT_ID_ssl_sni_hostname, OPT_ID_dh_param_file,
		OPT_ID_ecdh_param_file, OPT_ID_ssl_request_cert,
		OPT_ID_require_cert, OPT_ID_validate_cert,
	};
	const struct opt_desc *d;
	char a[LIM_PATH + 16], b[LIM_PATH + 16];
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		d = &opt_table[fixed[i]];
		opt_format(o, d, a, sizeof(a));
		opt_format(u, d, b, sizeof(b));
		if (strcmp(a, b) == 0)
			continue;
		log_warn("%s: %s has no effect in a per-user file (the "
		    "session's %s applies)", path, opt_name(d), a);
		opt_set(u, opt_name(d), a, b, sizeof(b));
	}
}

/* user_config_dir/<name>, on top of the session's options.  A missing
 * file is no per-user configuration; any other problem refuses. */
static int
login_user_config(const struct options *o, const char *name,
    struct options *out)
{
	char path[LIM_PATH], err[1024];
	struct stat st;

	opt_copy(out, o);
	if (o->user_config_dir == NULL)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", o->user_config_dir,
	    name) >= sizeof(path)) {
		log_err("user_config_dir: path for %s too long", name);
		return -1;
	}
	if (lstat(path, &st) < 0 && errno == ENOENT)
		return 0;
	if (config_load_file(out, path, err, sizeof(err)) < 0 ||
	    config_check(out, err, sizeof(err)) < 0) {
		log_err("login of %s refused: per-user config: %s", name, err);
		return -1;
	}
	login_keep_session_wide(o, out, path);
	return 0;
}

static int
login_account(struct login *l, const struct options *o, const char *home)
{
	struct pw_buf pwb;
	struct passwd *pw = pw_getnam(l->account, &pwb);
	char err[256];
	bool chroot;
	int n;

	if (pw == NULL) {
		log_err("login of %s refused: no system account %s", l->name,
		    l->account);
		return -1;
	}
	if (pw->pw_uid == 0) {
		log_err("login of %s refused: sessions never run as root",
		    l->name);
		return -1;
	}
	if (!l->anon && !l->guest && o->check_shell &&
	    !login_shell_ok(pw->pw_shell)) {
		log_info("login of %s refused: shell %s not in /etc/shells "
		    "(check_shell)", l->name, pw->pw_shell);
		return -1;
	}
	l->uid = pw->pw_uid;
	l->gid = pw->pw_gid;
	n = LIM_GROUPS;
	if (getgrouplist(pw->pw_name, pw->pw_gid, l->groups, &n) < 0) {
		log_err("login of %s refused: more than %d groups", l->name,
		    LIM_GROUPS);
		return -1;
	}
	l->ngroups = n;
	if (l->anon) {
		l->chroot = true;
		if (homedir_plan(o->anon_root ? o->anon_root : pw->pw_dir,
		    NULL, NULL, l->name, true, false, l->root, l->start,
		    sizeof(l->root), err, sizeof(err)) < 0)
			goto bad_dir;
		return 0;
	}
	if (l->guest && !o->virtual_use_local_privs) {
		chroot = true;
	} else {
		chroot = o->chroot_local_user;
		if (o->chroot_list_enable) {
			int has = namelist_file_has(o->chroot_list_file,
			    l->name);

			if (has < 0 && errno != ENOENT) {
				log_err("login of %s refused: chroot_list_file "
				    "%s: %s", l->name, o->chroot_list_file,
				    strerror(errno));
				return -1;
			}
			if (has == 1)
				chroot = !chroot;
		}
	}
	l->chroot = chroot;
	if (homedir_plan(home != NULL ? home : pw->pw_dir, o->local_root,
	    o->user_sub_token, l->name, chroot, o->passwd_chroot_enable,
	    l->root, l->start, sizeof(l->root), err, sizeof(err)) < 0)
		goto bad_dir;
	return 0;
bad_dir:
	log_err("login of %s refused: %s", l->name, err);
	return -1;
}

enum mon_status
login_decide(const struct options *o, const struct login_lists *ll,
    const char *user, const char *pass, const char *rhost, struct login *l)
{
	char name[LIM_USER + 1], err[512];

	memset(l, 0, sizeof(*l));
	if (login_userlist_refuses(o, ll, user)) {
		if (o->userlist_log)
			log_info("login of %s refused by userlist_file", user);
		return MON_DENIED;
	}
	if (login_is_anonymous(user) && o->anonymous_enable) {
		if (!o->no_anon_password && login_email_refused(o, ll, pass))
			return MON_FAIL;
		l->anon = l->anon_privs = true;
		snprintf(l->name, sizeof(l->name), "%s", "ftp");
		snprintf(l->account, sizeof(l->account), "%s",
		    o->ftp_username);
		opt_copy(&l->opt, o);
		if (login_account(l, o, NULL) < 0) {
			login_free(l);
			return MON_FAIL;
		}
		return MON_OK;
	}
	if (!o->local_enable) {
		log_info("login refused: local_enable=NO");
		return MON_FAIL;
	}
	if (pamauth_login(o->pam_service_name, user, pass, rhost, &l->pam,
	    name, sizeof(name), err, sizeof(err)) < 0) {
		log_info("login of %s failed: %s", user, err);
		return MON_FAIL;
	}
	if (!mon_user_ok(name, strlen(name))) {
		log_err("login of %s refused: PAM changed the user name to "
		    "one sockftpd does not accept", user);
		login_free(l);
		return MON_FAIL;
	}
	memcpy(l->name, name, strlen(name) + 1);
	l->guest = o->guest_enable;
	l->anon_privs = l->guest && !o->virtual_use_local_privs;
	snprintf(l->account, sizeof(l->account), "%s",
	    l->guest ? o->guest_username : l->name);
	if (login_user_config(o, l->name, &l->opt) < 0) {
		login_free(l);
		return MON_FAIL;
	}
	if (login_account(l, &l->opt, NULL) < 0) {
		login_free(l);
		return MON_FAIL;
	}
	return MON_OK;
}

int
login_open_session(struct login *l, bool session_support)
{
	char err[256];

	if (l->pam == NULL)
		return 0;
	if (pamauth_open(l->pam, session_support, err, sizeof(err)) < 0) {
		log_err("login of %s refused: %s", l->name, err);
		return -1;
	}
	return 0;
}

void
login_free(struct login *l)
{
	pamauth_end(l->pam);
	l->pam = NULL;
	opt_free(&l->opt);
}
