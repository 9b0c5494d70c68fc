/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for virtual path normalisation (path.c): any cwd, any
 * argument, any buffer size. */
#include "sf_config.h"

#include <stdbool.h>
#include <string.h>

#include "common/limits.h"
#include "common/path.h"
#include "fuzz.h"

FUZZ_HARNESS_BEGIN

/*
 * Input: one byte that picks the output buffer size, then cwd and arg
 * separated by the first NUL (no NUL: cwd is "/" and the rest is arg).
 * The result is checked against the contract in path.h and against a
 * reference that resolves the components on an unbounded stack.
 */

/* Reference: the clean path, or NULL when arg or cwd holds CR or LF.
 * The caller frees it. */
static char *
reference(const char *cwd, const char *arg)
{
	const char *parts[2] = { cwd, arg }, *p, *e;
	/* At most one '/' per byte of input, plus "/" and the NUL. */
	size_t cap = 2 * (strlen(cwd) + strlen(arg)) + 2, len = 0, k;
	char *out;

	if (strpbrk(cwd, "\r\n") != NULL || strpbrk(arg, "\r\n") != NULL)
		return NULL;
	out = malloc(cap);
	FUZZ_CHECK(out != NULL);
	for (k = arg[0] == '/' ? 1 : 0; k < 2; k++) {
		for (p = parts[k]; *p != '\0'; p = e) {
			while (*p == '/')
				p++;
			for (e = p; *e != '\0' && *e != '/'; e++)
				;
			if (e - p == 0 || (e - p == 1 && p[0] == '.'))
				continue;
			if (e - p == 2 && p[0] == '.' && p[1] == '.') {
				while (len > 0 && out[len - 1] != '/')
					len--;
				if (len > 0)
					len--;	/* the '/' itself */
				continue;
			}
			out[len++] = '/';
			memcpy(out + len, p, (size_t)(e - p));
			len += (size_t)(e - p);
		}
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	return out;
}

static void
check_clean(const char *out, size_t outsz)
{
	size_t len = strlen(out);
	const char *p, *e;

	FUZZ_CHECK(len < outsz);
	FUZZ_CHECK(out[0] == '/');
	FUZZ_CHECK(strstr(out, "//") == NULL);
	FUZZ_CHECK(strstr(out, "/./") == NULL);
	FUZZ_CHECK(strstr(out, "/../") == NULL);
	FUZZ_CHECK(strpbrk(out, "\r\n") == NULL);
	if (len > 1)
		FUZZ_CHECK(out[len - 1] != '/');
	/* No component is "." or "..", the last one included. */
	for (p = out + 1; *p != '\0'; p = *e ? e + 1 : e) {
		e = strchr(p, '/');
		if (e == NULL)
			e = p + strlen(p);
		FUZZ_CHECK(!(e - p == 1 && p[0] == '.'));
		FUZZ_CHECK(!(e - p == 2 && p[0] == '.' && p[1] == '.'));
	}
	/* The helpers on a clean path. */
	FUZZ_CHECK(path_relative(out)[0] != '/');
	if (len > 1)
		FUZZ_CHECK(strchr(path_basename(out), '/') == NULL);
	else
		FUZZ_CHECK(strcmp(path_basename(out), "/") == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *out, *again, *ref;
	const char *cwd, *arg;
	const uint8_t *nul;
	size_t outsz;
	int r;

	if (size < 1)
		return 0;
	/* Small sizes exercise the overflow path; 0 means LIM_PATH. */
	outsz = data[0] == 0 ? LIM_PATH : data[0];
	data++;
	size--;
	in = malloc(size + 2);
	FUZZ_CHECK(in != NULL);
	memcpy(in, data, size);
	in[size] = '\0';
	in[size + 1] = '\0';
	nul = memchr(data, '\0', size);
	if (nul != NULL) {
		cwd = in;
		arg = in + (nul - data) + 1;
	} else {
		cwd = "/";
		arg = in;
	}

	/* Exactly outsz bytes, so that AddressSanitizer sees any overrun. */
	out = malloc(outsz);
	FUZZ_CHECK(out != NULL);
	memset(out, 'x', outsz);
	r = path_normalise(cwd, arg, out, outsz);
	ref = reference(cwd, arg);
	FUZZ_CHECK(r == 0 || r == -1);
	if (ref == NULL) {
		FUZZ_CHECK(r == -1);
	} else if (strlen(ref) < outsz) {
		/* It fits: it must succeed, whatever the detours. */
		FUZZ_CHECK(r == 0);
		FUZZ_CHECK(strcmp(out, ref) == 0);
	} else {
		FUZZ_CHECK(r == -1);
	}
	if (r == 0) {
		check_clean(out, outsz);
		/* Normalising a clean path changes nothing. */
		again = malloc(outsz);
		FUZZ_CHECK(again != NULL);
		FUZZ_CHECK(path_normalise("/", out, again, outsz) == 0);
		FUZZ_CHECK(strcmp(again, out) == 0);
		/* As a cwd with an empty argument, it is itself. */
		FUZZ_CHECK(path_normalise(out, "", again, outsz) == 0);
		FUZZ_CHECK(strcmp(again, out) == 0);
		/* An absolute argument does not depend on the cwd. */
		if (arg[0] == '/') {
			FUZZ_CHECK(path_normalise("/x/y", arg, again,
			    outsz) == 0);
			FUZZ_CHECK(strcmp(again, out) == 0);
		}
		free(again);
	} else {
		/* A failure leaves an empty string, never a half path. */
		FUZZ_CHECK(outsz == 0 || out[0] == '\0');
	}
	free(ref);
	free(out);
	free(in);
	return 0;
}

FUZZ_HARNESS_END
