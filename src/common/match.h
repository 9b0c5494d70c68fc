/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vsftpd's {pattern,...} filters: hide_file, deny_file, download_file. */
#ifndef SF_COMMON_MATCH_H
#define SF_COMMON_MATCH_H

#include <stdbool.h>

/*
 * A filter is "{p1,p2,...}" (vsftpd syntax; every comma separates) or a
 * single pattern, commas and unbalanced braces literal.  In a pattern,
 * '*' is any run of bytes ('/' included), '?' one byte, [...] a class
 * ([a-z], [!x] or [^x]); everything else is literal.
 *
 * match_filter returns 1 when name matches any pattern, 0 when none does,
 * -1 when the work budget ran out first: one budget of LIM_MATCH_ITERS
 * steps per call, shared by all the alternatives, tried in order.  Callers
 * treat -1 as a match for deny/hide (fail closed).  A NULL or empty filter
 * ("" or "{}") never matches; empty alternatives are ignored.
 */
int match_filter(const char *filter, const char *name);

/*
 * Does the filter match the virtual path vpath ("/a/b/c")?  True when it
 * matches any single component, or the whole path, or the path without its
 * leading '/': so a denied directory denies everything below it.  All
 * these tests share one budget.  An exhausted budget counts as a match
 * (right for deny/hide only).
 */
bool match_path(const char *filter, const char *vpath);

/* The same test with match_filter's 1 / 0 / -1 result, for allow lists
 * (download_file, upload_file), where -1 must count as no match. */
int match_path_result(const char *filter, const char *vpath);

#endif
