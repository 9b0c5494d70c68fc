#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what is missing, build with -Werror and run the whole test suite,
# once plainly and once under ASan+UBSan, then the session-driving
# integration tests once more with every session under valgrind memcheck.
# CI runs this (see .ci/run).
# Usage: sh tests/check.sh [--default | --sanitizers | --valgrind]
# (default: all three)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

case "${1:-}" in
"") flavours="default fuzz sanitizers valgrind" ;;
--default) flavours=default ;;
--sanitizers) flavours=sanitizers ;;
--valgrind) flavours="default valgrind" ;;
*) echo "usage: sh tests/check.sh [--default | --sanitizers |" \
	"--valgrind]" >&2; exit 1 ;;
esac

sh tests/deps.sh
[ -x configure ] && [ configure -nt configure.ac ] &&
	[ configure -nt Makefile.am ] || autoreconf -fi

total_pass=0
total_fail=0
total_skip=0
ok=true

# run_flavour NAME CONFIGURE-FLAGS...: build in build/NAME and run make check.
run_flavour() {
	name=$1
	shift
	mkdir -p "$top/build/$name"
	cd "$top/build/$name"
	[ -f Makefile ] || "$top/configure" --sysconfdir=/etc "$@" >configure.out
	if ! make -j"$(nproc)" >make.out 2>&1; then
		cat make.out
		total_fail=$((total_fail + 1))
		ok=false
		cd "$top"
		return
	fi
	status=0
	make -j"$(nproc)" check >check.out 2>&1 || status=$?
	grep -E '^(PASS|FAIL|XFAIL|XPASS|SKIP|ERROR):' check.out || true
	if [ "$status" != 0 ]; then
		# Show what failed, with the failing tests' logs.
		for trs in $(find . -name '*.trs'); do
			grep -qE '^:test-result: (FAIL|ERROR|XPASS)' "$trs" || continue
			echo "===== ${trs%.trs}.log"
			tail -n 80 "${trs%.trs}.log"
		done
		ok=false
	fi
	count() { sed -n "s/^# $1: *\\([0-9]*\\).*/\\1/p" check.out | tail -n 1; }
	pass=$(count PASS)
	f=$(count FAIL)
	e=$(count ERROR)
	x=$(count XPASS)
	fail=$((${f:-0} + ${e:-0} + ${x:-0}))
	skip=$(count SKIP)
	pass=${pass:-0}
	[ "$pass" -gt 0 ] || ok=false
	echo "$name: $pass passed, $fail failed, ${skip:-0} skipped"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + ${skip:-0}))
	cd "$top"
}

# Each fuzz target for a few seconds under libFuzzer (make fuzz-smoke).
run_fuzz_smoke() {
	out=$top/build/fuzz-smoke.out
	if make -C "$top/build/default" fuzz-smoke >"$out" 2>&1; then
		echo "PASS: fuzz-smoke"
		total_pass=$((total_pass + 1))
	else
		echo "FAIL: fuzz-smoke"
		tail -n 60 "$out"
		total_fail=$((total_fail + 1))
		ok=false
	fi
}

# The default build again, every session under memcheck.
run_valgrind() {
	out=$top/build/valgrind.out
	status=0
	sh "$top/tests/valgrind.sh" "$top/build/default" >"$out" 2>&1 ||
	    status=$?
	grep -E '^(FAIL|valgrind):' "$out" || true
	if [ "$status" != 0 ]; then
		tail -n 100 "$out"
		ok=false
	fi
	p=$(sed -n 's/^valgrind: \([0-9]*\) passed.*/\1/p' "$out")
	f=$(sed -n 's/^valgrind: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$out")
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-1}))
}

for f in $flavours; do
	case $f in
	default) run_flavour default --enable-werror ;;
	sanitizers) run_flavour sanitizers --enable-werror --enable-sanitizers ;;
	valgrind) command -v valgrind >/dev/null && run_valgrind ;;
	fuzz) run_fuzz_smoke ;;
	esac
done
echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"
$ok && [ "$total_fail" = 0 ]
