/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every fuzz target shares: the libFuzzer entry point and a check
 * that aborts (so libFuzzer and the replay runner both see a crash). */
#ifndef SF_TESTS_FUZZ_H
#define SF_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Run one input through the target; returns 0 (libFuzzer's contract).
 * A broken invariant aborts the process. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Unlike assert(), never compiled out by NDEBUG: these checks are the
 * point of the program.
 */
#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, \
		    __LINE__, __func__, #cond); \
		abort(); \
	} \
} while (0)

/*
 * The harness and reference code of a target (everything between these
 * two lines) is not instrumented for coverage: libFuzzer is then guided by
 * the code under test alone, the cov: figures count only that code, and
 * the models do not take most of the time (clang 13 and later).
 */
#if defined(__clang__) && __clang_major__ >= 13
#define FUZZ_PRAGMA(x) _Pragma(#x)
#define FUZZ_HARNESS_BEGIN FUZZ_PRAGMA(clang attribute push \
	(__attribute__((no_sanitize("coverage"))), apply_to = function))
#define FUZZ_HARNESS_END FUZZ_PRAGMA(clang attribute pop)
#else
#define FUZZ_HARNESS_BEGIN
#define FUZZ_HARNESS_END
#endif

#endif
