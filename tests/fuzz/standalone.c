/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A main() for the fuzz targets without libFuzzer: replay files once. */
#include "sf_config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/*
 * Usage: fuzz_TARGET [FILE | DIRECTORY]...
 * Each file, and each regular file directly inside each directory (in
 * name order, dot files skipped), is read whole and passed to
 * LLVMFuzzerTestOneInput once; with no argument, standard input is.  A
 * failed check aborts the process; an unreadable file is exit status 1.
 * This is how the corpora are replayed as a regression test with the
 * ordinary compiler (tests/fuzz/replay.sh).
 */

static int
run_stream(FILE *f, const char *name)
{
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	for (;;) {
		if (len == cap) {
			unsigned char *p;

			cap = cap ? cap * 2 : 4096;
			p = realloc(data, cap);
			if (p == NULL) {
				fprintf(stderr, "%s: out of memory\n", name);
				free(data);
				return -1;
			}
			data = p;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", name);
		free(data);
		return -1;
	}
	/* An exact-size copy, so that AddressSanitizer sees a read past the
	 * input's end as the fuzzer would. */
	{
		unsigned char *exact = malloc(len ? len : 1);

		if (exact == NULL) {
			free(data);
			return -1;
		}
		if (len)
			memcpy(exact, data, len);
		free(data);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	int r;

	if (f == NULL) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	r = run_stream(f, path);
	fclose(f);
	return r;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs the directory's regular files; returns how many, or -1. */
static long
run_dir(const char *dir)
{
	char **names = NULL, *path;
	size_t n = 0, cap = 0, i, len;
	struct dirent *de;
	struct stat st;
	long count = 0;
	DIR *d;

	d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **p;

			cap = cap ? cap * 2 : 64;
			p = realloc(names, cap * sizeof(*names));
			if (p == NULL)
				break;
			names = p;
		}
		names[n] = strdup(de->d_name);
		if (names[n] == NULL)
			break;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		len = strlen(dir) + strlen(names[i]) + 2;
		path = malloc(len);
		if (path == NULL) {
			count = -1;
			break;
		}
		snprintf(path, len, "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path) < 0)
				count = -1;
			else if (count >= 0)
				count++;
		}
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return count;
}

int
main(int argc, char **argv)
{
	struct stat st;
	long total = 0, r;
	int i, status = 0;

	if (argc < 2) {
		if (run_stream(stdin, "<stdin>") < 0)
			return 1;
		fprintf(stderr, "%s: 1 input, no check failed\n", argv[0]);
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			r = run_dir(argv[i]);
		} else {
			r = run_file(argv[i]) < 0 ? -1 : 1;
		}
		if (r < 0)
			status = 1;
		else
			total += r;
	}
	fprintf(stderr, "%s: %ld inputs, no check failed\n", argv[0], total);
	return status;
}
