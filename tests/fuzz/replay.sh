#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Replay every fuzz corpus through its target, built with the ordinary
# compiler (no libFuzzer): a regression test for every input the fuzzers
# ever kept or crashed on.  Exit status 0 when all pass, 1 otherwise.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
targets=${FUZZ_TARGETS:-"line parse path match config listing login wire"}

status=0
for t in $targets; do
	prog=$top_builddir/tests/fuzz/fuzz_$t
	corpus=$top_srcdir/tests/fuzz/corpus/$t
	if [ ! -x "$prog" ]; then
		echo "replay: $prog is not built (make check builds it)" >&2
		status=1
		continue
	fi
	if [ ! -d "$corpus" ]; then
		echo "replay: no corpus $corpus" >&2
		status=1
		continue
	fi
	if "$prog" "$corpus"; then
		echo "PASS: fuzz_$t"
	else
		echo "FAIL: fuzz_$t on $corpus (exit status $?)" >&2
		status=1
	fi
done
exit $status
