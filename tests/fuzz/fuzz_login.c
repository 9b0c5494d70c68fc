/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for what the root monitor reads from the pre-login
 * process: the request check (monproto.c), and the name lists and home
 * directory plans (namelist.c, homedir.c) a login goes through. */
#include "sf_config.h"

#include <stdbool.h>
#include <string.h>

#include "common/homedir.h"
#include "common/monproto.h"
#include "common/namelist.h"
#include "fuzz.h"

FUZZ_HARNESS_BEGIN

/* The user-name rule, written out independently of mon_user_ok. */
static bool
reference_user_ok(const char *u, size_t n)
{
	size_t i;

	if (n < 1 || n > LIM_USER || u[0] == '-' ||
	    (n == 1 && u[0] == '.') || (n == 2 && u[0] == '.' && u[1] == '.'))
		return false;
	for (i = 0; i < n; i++)
		if (!(u[i] > ' ' && u[i] < 0x7f) || strchr("/\\:", u[i]))
			return false;
	return true;
}

/*
 * Input: byte 0 says whether an fd came with the request; the rest is
 * the message as received (shorter inputs are zero-padded, as a short
 * read never reaches the check: wire_recv refuses it).  Then the same
 * bytes are used as a name list, a name, and a home directory.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mon_msg m;
	char name[LIM_USER + 1], root[256], start[256], err[256];
	const char *why = NULL;
	size_t n, k;
	int r;

	if (size < 1)
		return 0;
	memset(&m, 0, sizeof(m));
	n = size - 1 < sizeof(m) ? size - 1 : sizeof(m);
	memcpy(&m, data + 1, n);
	r = mon_msg_check(&m, data[0] & 1, &why);
	FUZZ_CHECK((r == 0) == (why == NULL));
	if (r == 0) {
		FUZZ_CHECK(m.req == MON_AUTH || m.req == MON_CHOWN ||
		    m.req == MON_DATA_SOCKET || m.req == MON_LOGIN);
		FUZZ_CHECK(m.user_len <= sizeof(m.user));
		FUZZ_CHECK(m.pass_len <= sizeof(m.pass));
		FUZZ_CHECK(m.extra_len <= sizeof(m.extra));
		FUZZ_CHECK(((data[0] & 1) != 0) == (m.req == MON_CHOWN));
		if (m.req == MON_AUTH)
			FUZZ_CHECK(reference_user_ok(m.user, m.user_len));
		else
			FUZZ_CHECK(m.user_len == 0 && m.pass_len == 0 &&
			    m.extra_len == 0);
	}
	/* mon_user_ok against the reference on raw bytes. */
	k = size - 1 < LIM_USER + 8 ? size - 1 : LIM_USER + 8;
	FUZZ_CHECK(mon_user_ok((const char *)data + 1, k) ==
	    reference_user_ok((const char *)data + 1, k));
	/* The first line of the input, as a name, must be found in the
	 * input as a list when it is a plain name. */
	for (k = 0; k + 1 < size && k < LIM_USER && data[k + 1] != '\n';
	    k++)
		name[k] = (char)data[k + 1];
	name[k] = '\0';
	if (memchr(name, '\0', k) == NULL && reference_user_ok(name, k) &&
	    name[0] != '#' && (k + 1 == size || data[k + 1] == '\n'))
		FUZZ_CHECK(namelist_has((const char *)data + 1, size - 1,
		    name));
	else
		(void)namelist_has((const char *)data + 1, size - 1, name);
	/* A home directory plan: results fit, are absolute, and the root
	 * of a session that is not chrooted is "/". */
	if (name[0] != '\0') {
		if (homedir_plan(name, NULL, "$U", "bob", data[0] & 2,
		    data[0] & 4, root, start, sizeof(root), err,
		    sizeof(err)) == 0) {
			FUZZ_CHECK(root[0] == '/' && start[0] == '/');
			FUZZ_CHECK(strlen(root) < sizeof(root));
			if (!(data[0] & 2))
				FUZZ_CHECK(strcmp(root, "/") == 0 &&
				    strstr(start, "/./") == NULL);
		} else {
			FUZZ_CHECK(err[0] != '\0');
		}
	}
	return 0;
}

FUZZ_HARNESS_END
