#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what is missing, build with -Werror and run the whole test suite.
# Usage: sh tests/check.sh [--sanitizers]   (CI runs this; see .ci/run)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

flavour=default
flags="--enable-werror"
if [ "${1:-}" = "--sanitizers" ]; then
	flavour=sanitizers
	flags="--enable-werror --enable-sanitizers"
fi

sh tests/deps.sh
[ -x configure ] && [ configure -nt configure.ac ] && [ configure -nt Makefile.am ] ||
	autoreconf -fi
mkdir -p "build/$flavour"
cd "build/$flavour"
# shellcheck disable=SC2086
[ -f Makefile ] || "$top/configure" --sysconfdir=/etc $flags >configure.out
make -j"$(nproc)" >make.out 2>&1 || { cat make.out; exit 1; }

status=0
make -j"$(nproc)" check >check.out 2>&1 || status=$?
grep -E '^(PASS|FAIL|XFAIL|XPASS|SKIP|ERROR):' check.out || true
if [ "$status" != 0 ]; then
	# Show what failed, with the failing tests' logs.
	for log in $(grep -lE '^:test-result: (FAIL|ERROR|XPASS)' \
	    $(find . -name '*.trs') 2>/dev/null | sed 's/\.trs$/.log/'); do
		echo "===== $log"
		tail -n 60 "$log"
	done
fi
count() { sed -n "s/^# $1: *\\([0-9]*\\).*/\\1/p" check.out | tail -n 1; }
pass=$(count PASS); fail=$(count FAIL); err=$(count ERROR)
skip=$(count SKIP); xpass=$(count XPASS)
pass=${pass:-0}; fail=$((${fail:-0} + ${err:-0} + ${xpass:-0}))
echo "$flavour: $pass passed, $fail failed, ${skip:-0} skipped"
[ "$status" = 0 ] && [ "$fail" = 0 ] && [ "$pass" -gt 0 ]
