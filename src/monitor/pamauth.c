/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PAM for the monitor: authenticate, account, credentials and session. */
#include "sf_config.h"

#include <dlfcn.h>
#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xmem.h"
#include "monitor/pamauth.h"

/* The libpam calls we use, found with dlsym() once libpam is loaded. */
struct pam_calls {
	int (*start)(const char *, const char *, const struct pam_conv *,
	    pam_handle_t **);
	int (*end)(pam_handle_t *, int);
	int (*set_item)(pam_handle_t *, int, const void *);
	int (*get_item)(const pam_handle_t *, int, const void **);
	int (*authenticate)(pam_handle_t *, int);
	int (*acct_mgmt)(pam_handle_t *, int);
	int (*setcred)(pam_handle_t *, int);
	int (*open_session)(pam_handle_t *, int);
	int (*close_session)(pam_handle_t *, int);
	const char *(*strerror)(pam_handle_t *, int);
};

static struct pam_calls pam;
static bool pam_loaded;

struct pamauth {
	pam_handle_t *h;
	int status;		/* of the last call, for pam_end */
	bool cred, session;
	const char *pass;	/* during pam_authenticate only */
	bool answered;
};

static void *
pamauth_sym(const char *name, bool *ok)
{
	/*
	 * The global scope, not the library handle: a preloaded wrapper
	 * (pam_wrapper in the tests) must be found before libpam itself.
	 */
	void *p = dlsym(RTLD_DEFAULT, name);

	if (p == NULL)
		*ok = false;
	return p;
}

static int
pamauth_load(char *err, size_t errsz)
{
	bool ok = true;

	if (pam_loaded)
		return 0;
	if (dlopen(LIBPAM_SONAME, RTLD_NOW | RTLD_GLOBAL) == NULL) {
		snprintf(err, errsz, "cannot load %s: %s", LIBPAM_SONAME,
		    dlerror());
		return -1;
	}
	/* dlsym returns object pointers; POSIX guarantees they convert to
	 * function pointers. */
	*(void **)&pam.start = pamauth_sym("pam_start", &ok);
	*(void **)&pam.end = pamauth_sym("pam_end", &ok);
	*(void **)&pam.set_item = pamauth_sym("pam_set_item", &ok);
	*(void **)&pam.get_item = pamauth_sym("pam_get_item", &ok);
	*(void **)&pam.authenticate = pamauth_sym("pam_authenticate", &ok);
	*(void **)&pam.acct_mgmt = pamauth_sym("pam_acct_mgmt", &ok);
	*(void **)&pam.setcred = pamauth_sym("pam_setcred", &ok);
	*(void **)&pam.open_session = pamauth_sym("pam_open_session", &ok);
	*(void **)&pam.close_session = pamauth_sym("pam_close_session", &ok);
	*(void **)&pam.strerror = pamauth_sym("pam_strerror", &ok);
	if (!ok) {
		snprintf(err, errsz, "%s lacks the PAM calls", LIBPAM_SONAME);
		return -1;
	}
	pam_loaded = true;
	return 0;
}

static void
pamauth_free_responses(struct pam_response *r, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (r[i].resp != NULL) {
			explicit_bzero(r[i].resp, strlen(r[i].resp));
			free(r[i].resp);
		}
	}
	free(r);
}

/*
 * The conversation: the password for the first prompt without echo,
 * nothing for informational messages, and a refusal of everything else
 * (a second password prompt, a prompt with echo: a new password or a
 * challenge an FTP client cannot answer).
 */
static int
pamauth_conv(int n, const struct pam_message **msg,
    struct pam_response **resp, void *data)
{
	struct pamauth *p = data;
	struct pam_response *r;
	int i;

	if (n <= 0 || n > PAM_MAX_NUM_MSG)
		return PAM_CONV_ERR;
	r = calloc((size_t)n, sizeof(*r));
	if (r == NULL)
		return PAM_BUF_ERR;
	for (i = 0; i < n; i++) {
		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
			if (p->pass == NULL || p->answered)
				goto refuse;
			r[i].resp = strdup(p->pass);
			if (r[i].resp == NULL)
				goto refuse;
			p->answered = true;
			break;
		case PAM_TEXT_INFO:
		case PAM_ERROR_MSG:
			break;
		default:
			goto refuse;
		}
	}
	*resp = r;
	return PAM_SUCCESS;
refuse:
	pamauth_free_responses(r, n);
	return PAM_CONV_ERR;
}

static int
pamauth_fail(struct pamauth *p, const char *what, char *err, size_t errsz)
{
	snprintf(err, errsz, "PAM %s: %s", what,
	    pam.strerror(p->h, p->status));
	return -1;
}

int
pamauth_login(const char *service, const char *user, const char *pass,
    const char *rhost, struct pamauth **out, char *user_out,
    size_t user_outsz, char *err, size_t errsz)
{
	struct pamauth *p;
	struct pam_conv conv;
	const void *item = NULL;

	*out = NULL;
	if (pamauth_load(err, errsz) < 0)
		return -1;
	p = xcalloc(1, sizeof(*p));
	conv.conv = pamauth_conv;
	conv.appdata_ptr = p;
	p->status = pam.start(service, user, &conv, &p->h);
	if (p->status != PAM_SUCCESS) {
		snprintf(err, errsz, "PAM start (service %s) failed", service);
		free(p);
		return -1;
	}
	/* The numeric address: no DNS, and what pam_access can match. */
	p->status = pam.set_item(p->h, PAM_RHOST, rhost);
	if (p->status == PAM_SUCCESS)
		p->status = pam.set_item(p->h, PAM_TTY, "ftp");
	if (p->status != PAM_SUCCESS) {
		pamauth_fail(p, "set_item", err, errsz);
		goto fail;
	}
	p->pass = pass;
	p->status = pam.authenticate(p->h, PAM_DISALLOW_NULL_AUTHTOK);
	p->pass = NULL;
	if (p->status != PAM_SUCCESS) {
		pamauth_fail(p, "authentication", err, errsz);
		goto fail;
	}
	p->status = pam.acct_mgmt(p->h, 0);
	if (p->status != PAM_SUCCESS) {
		pamauth_fail(p, "account", err, errsz);
		goto fail;
	}
	p->status = pam.get_item(p->h, PAM_USER, &item);
	if (p->status != PAM_SUCCESS || item == NULL ||
	    strlen(item) >= user_outsz) {
		snprintf(err, errsz, "PAM left no usable user name");
		goto fail;
	}
	memcpy(user_out, item, strlen(item) + 1);
	*out = p;
	return 0;
fail:
	pam.end(p->h, p->status);
	free(p);
	return -1;
}

int
pamauth_open(struct pamauth *p, bool session, char *err, size_t errsz)
{
	p->status = pam.setcred(p->h, PAM_ESTABLISH_CRED);
	if (p->status != PAM_SUCCESS)
		return pamauth_fail(p, "setcred", err, errsz);
	p->cred = true;
	if (!session)
		return 0;
	p->status = pam.open_session(p->h, 0);
	if (p->status != PAM_SUCCESS)
		return pamauth_fail(p, "open_session", err, errsz);
	p->session = true;
	return 0;
}

void
pamauth_end(struct pamauth *p)
{
	if (p == NULL)
		return;
	if (p->session)
		p->status = pam.close_session(p->h, 0);
	if (p->cred)
		p->status = pam.setcred(p->h, PAM_DELETE_CRED);
	pam.end(p->h, p->status);
	free(p);
}
