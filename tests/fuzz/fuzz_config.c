/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Fuzz target for the config parser (config.c, options.c): any text, then
 * the -t fixed point: the dump parses again and dumps identically. */
#include "sf_config.h"

#include <stdio.h>
#include <string.h>

#include "common/config.h"
#include "common/limits.h"
#include "common/options.h"
#include "fuzz.h"

FUZZ_HARNESS_BEGIN

/* The dump of o, as a string the caller frees; *len receives its length. */
static char *
dump(const struct options *o, size_t *len)
{
	char *text = NULL;
	FILE *f;

	f = open_memstream(&text, len);
	FUZZ_CHECK(f != NULL);
	config_dump(o, f);
	FUZZ_CHECK(fclose(f) == 0);
	FUZZ_CHECK(text != NULL);
	return text;
}

/* An error message is one line of text. */
static void
check_msg(const char *err, size_t errsz)
{
	FUZZ_CHECK(memchr(err, '\0', errsz) != NULL);
	FUZZ_CHECK(err[0] != '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct options o, o2;
	char err[1024], err2[1024], *d1, *d2, *text;
	size_t len1, len2;
	int r, c1, c2;

	/* config_load_file refuses anything larger. */
	if (size > LIM_CONF_FILE)
		return 0;
	/* An exact-size copy with no terminating NUL: the parser is given a
	 * length and must not read past it. */
	text = malloc(size ? size : 1);
	FUZZ_CHECK(text != NULL);
	memcpy(text, data, size);

	opt_defaults(&o);
	memset(err, 0, sizeof(err));
	r = config_load_text(&o, "fuzz.conf", text, size, err, sizeof(err));
	free(text);
	FUZZ_CHECK(r == 0 || r == -1);
	if (r < 0) {
		check_msg(err, sizeof(err));
		opt_free(&o);
		return 0;
	}
	memset(err, 0, sizeof(err));
	c1 = config_check(&o, err, sizeof(err));
	FUZZ_CHECK(c1 == 0 || c1 == -1);
	if (c1 < 0)
		check_msg(err, sizeof(err));
	{
		char list[4096];

		config_unimplemented(&o, list, sizeof(list));
		FUZZ_CHECK(memchr(list, '\0', sizeof(list)) != NULL);
	}

	/* sockftpd -t -c a.conf > 1; sockftpd -t -c 1 > 2; cmp 1 2 */
	d1 = dump(&o, &len1);
	FUZZ_CHECK(strlen(d1) == len1);
	opt_defaults(&o2);
	memset(err2, 0, sizeof(err2));
	r = config_load_text(&o2, "dump.conf", d1, len1, err2, sizeof(err2));
	if (r != 0) {
		fprintf(stderr, "fuzz_config: the dump does not parse: %s\n",
		    err2);
		FUZZ_CHECK(!"the dump parses");
	}
	/* What -t accepted, -t on its output accepts too. */
	c2 = config_check(&o2, err2, sizeof(err2));
	if (c1 == 0 && c2 != 0) {
		fprintf(stderr, "fuzz_config: the dump fails the checks: %s\n",
		    err2);
		FUZZ_CHECK(!"the dump passes the checks");
	}
	d2 = dump(&o2, &len2);
	if (len1 != len2 || memcmp(d1, d2, len1) != 0) {
		size_t i;

		for (i = 0; i < len1 && i < len2 && d1[i] == d2[i]; i++)
			;
		fprintf(stderr, "fuzz_config: dumps differ at byte %zu\n", i);
		FUZZ_CHECK(!"the dump is a fixed point");
	}
	free(d1);
	free(d2);
	opt_free(&o);
	opt_free(&o2);
	return 0;
}

FUZZ_HARNESS_END
