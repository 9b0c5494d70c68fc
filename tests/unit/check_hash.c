/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for HASH digests, in process and through the helper. */
#include "sf_config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session/hash.h"

/* Known answers for "abc" (FIPS 180 and RFC 1321 test vectors). */
static const char *const abc[HASH_COUNT] = {
	[HASH_SHA256] = "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad",
	[HASH_SHA512] = "ddaf35a193617abacc417349ae204131"
	    "12e6fa4e89a97ea20a9eeee64b55d39a"
	    "2192992a274fc1a836ba3c23a3feebbd"
	    "454d4423643ce80e2a9ac94fa54ca49f",
	[HASH_SHA1] = "a9993e364706816aba3e25717850c26c9cd0d89d",
	[HASH_MD5] = "900150983cd24fb0d6963f7d28e17f72",
};

static int
abc_file(void)
{
	char path[] = "/tmp/check_hash.XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(write(fd, "abc", 3), 3);
	return fd;
}

START_TEST(test_names)
{
	ck_assert_str_eq(hash_name(HASH_SHA256), "SHA-256");
	ck_assert_int_eq(hash_lookup("sha-256"), HASH_SHA256);
	ck_assert_int_eq(hash_lookup("SHA-512"), HASH_SHA512);
	ck_assert_int_eq(hash_lookup("Sha-1"), HASH_SHA1);
	ck_assert_int_eq(hash_lookup("md5"), HASH_MD5);
	ck_assert_int_eq(hash_lookup("SHA256"), -1);
	ck_assert_int_eq(hash_lookup("CRC32"), -1);
	ck_assert_int_eq(hash_lookup(""), -1);
}
END_TEST

START_TEST(test_in_process)
{
	char hex[HASH_HEX_MAX], err[160];
	int fd = abc_file();

	ck_assert_msg(hash_file(-1, fd, (enum hash_algo)_i, hex, sizeof(hex),
	    err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(hex, abc[_i]);
	close(fd);
}
END_TEST

/* The helper, as the running user (the unit tests are not root): the
 * same answers over the socketpair, several requests on one helper. */
START_TEST(test_helper)
{
	char hex[HASH_HEX_MAX], err[160];
	int fd = abc_file(), h, i;

	h = hash_helper_start(getuid(), getgid());
	if (getuid() == 0) {
		/* privdrop refuses uid 0: the helper exits, the session gets
		 * an error, never a digest computed as root. */
		ck_assert_int_ge(h, 0);
		ck_assert_int_eq(hash_file(h, fd, HASH_SHA256, hex, sizeof(hex),
		    err, sizeof(err)), -1);
		close(h);
		close(fd);
		return;
	}
	ck_assert_int_ge(h, 0);
	for (i = 0; i < HASH_COUNT; i++) {
		ck_assert_msg(hash_file(h, fd, (enum hash_algo)i, hex,
		    sizeof(hex), err, sizeof(err)) == 0, "%s", err);
		ck_assert_str_eq(hex, abc[i]);
	}
	close(h);
	close(fd);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("hash");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_names);
	tcase_add_loop_test(tc, test_in_process, 0, HASH_COUNT);
	tcase_add_test(tc, test_helper);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
