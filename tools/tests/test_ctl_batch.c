// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * smtp25ctl -b: a batch with any bad line is refused before anything
 * runs, so these tests never reach the kernel (no socket is opened).
 */
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"

#include "ctl.h"

/* Run text as a batch file; returns the exit code, stderr in *out. */
static int run(const char *text, char *out, size_t outsz)
{
	char path[] = "/tmp/test_ctl_batch.XXXXXX";
	struct ctl c = { .json = false };
	FILE *err, *saved;
	int fd, rc;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	err = fmemopen(out, outsz, "w");
	assert_non_null(err);
	saved = stderr;
	stderr = err;
	rc = ctl_run_batch(&c, path);
	stderr = saved;
	fclose(err);
	unlink(path);
	assert_false(c.connected);
	assert_null(c.where);
	return rc;
}

static void test_bad_line_stops_everything(void **state)
{
	char out[1024] = "";

	(void)state;
	assert_int_equal(run("pool add a type relay\n"
			     "# comment\n"
			     "pool add b type bogus\n"
			     "pool add c type relay\n", out, sizeof(out)),
			 CTL_EXIT_USAGE);
	/* FILE:LINE of the bad line; line 1 did not run (no socket) */
	assert_has(out, ":3: pool add: unknown type 'bogus'");
	assert_has(out, "smtp25ctl: /tmp/test_ctl_batch.");
}

static void test_bad_value_is_refused(void **state)
{
	char out[1024] = "";

	(void)state;
	assert_int_equal(run("prefix add a 10.0.0.0/8\n"
			     "prefix add a 10.0.0.1/8\n", out, sizeof(out)),
			 CTL_EXIT_REFUSED);
	assert_has(out, ":2: host bits set");
}

static void test_quoting_errors(void **state)
{
	char out[1024] = "";

	(void)state;
	assert_int_equal(run("pool list\n\npool add a type relay comment \"x\n",
			     out, sizeof(out)), CTL_EXIT_USAGE);
	assert_has(out, ":3: unterminated double quote");
}

static void test_missing_file(void **state)
{
	struct ctl c = { .json = false };
	char out[512] = "";
	FILE *err, *saved;

	(void)state;
	err = fmemopen(out, sizeof(out), "w");
	saved = stderr;
	stderr = err;
	assert_int_equal(ctl_run_batch(&c, "/nonexistent/batch"),
			 CTL_EXIT_REFUSED);
	stderr = saved;
	fclose(err);
	assert_has(out, "/nonexistent/batch: No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_line_stops_everything),
		cmocka_unit_test(test_bad_value_is_refused),
		cmocka_unit_test(test_quoting_errors),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests_name("ctl_batch", tests, NULL, NULL);
}
