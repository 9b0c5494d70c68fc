#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run integration tests with every session process under valgrind memcheck;
# fail on any memcheck error or definitely lost block.
# Usage: sh tests/valgrind.sh BUILDDIR [TEST.py...]
# Without tests: the ones that drive sessions (not 010-cmdline, which
# mostly runs -t, nor 170-rates, whose timing valgrind's slowness breaks,
# nor 200-hostile, whose HASH helper once outlived its session under
# valgrind only: it runs plainly and under ASan instead; nor all of
# 250-tls, six minutes under valgrind: its local-user tests, which take
# the relay, resumption and data TLS paths, and the failed start; nor
# 220-local-users, three minutes under valgrind, whose monitor, PAM and
# privilege paths 240-virtual-users also takes), which fits CI's time;
# name them all to run everything.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build/default}" && pwd)
[ $# -gt 0 ] && shift
if [ $# -eq 0 ]; then
	set -- 020-ftplib-basic.py 030-retr.py 040-listing.py \
	    050-security.py 060-abor.py 100-uploads.py 110-filemgmt.py \
	    130-atomic.py 160-logs.py 180-limits.py 240-virtual-users.py \
	    250-tls.py:local 250-tls.py:missing_certificate
fi
logs=$(mktemp -d /tmp/sockftpd-valgrind.XXXXXX)
chmod 0777 "$logs"
wrap="$logs/sockftpd"
# Sessions drop to the ftp user: the wrapper and the logs must be usable
# by it.  --vgdb=no: no FIFOs in /tmp, which a chrooted session cannot
# remove.
cat >"$wrap" <<WRAP
#!/bin/sh
exec valgrind --quiet --vgdb=no --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite \
	--log-file=$logs/vg.%p.log $build/src/sockftpd "\$@" \
	-oseccomp_sandbox=NO
WRAP
chmod 0755 "$wrap"

fail=0
pass=0
for name in "$@"; do
	# FILE.py:WORD runs only the tests of FILE whose names contain WORD
	# (250-tls takes six minutes under valgrind; its local-user tests
	# take the relay, resumption and data TLS paths).
	filter=
	case $name in
	*:*) filter=${name#*:} ;;
	esac
	t=$top/tests/integration/${name%%:*}
	# valgrind 3.19 does not know openat2: an unprivileged session, which
	# needs it, refuses to start there.  Those tests are run without
	# valgrind by make check.
	if SOCKFTPD=$wrap FTPTEST_SLOW=10 FTPTEST_NO_UNPRIVILEGED=1 \
	    FTPTEST_NO_XINETD=1 \
	    top_srcdir=$top top_builddir=$build \
	    python3 "$t" $filter >"$logs/$name.out" 2>&1; then
		pass=$((pass + 1))
	else
		rc=$?
		[ "$rc" = 77 ] && continue
		echo "FAIL: $name (under valgrind)"
		tail -n 30 "$logs/$name.out"
		fail=$((fail + 1))
	fi
done
# --quiet prints nothing for a clean process: any "==PID==" line but the
# harmless notice about the missing openat2 is a finding.
reports=$(grep -l '^==[0-9]*==' "$logs"/vg.*.log 2>/dev/null)
if [ -n "$reports" ]; then
	for r in $reports; do
		echo "===== $r"
		head -n 60 "$r"
	done
	fail=$((fail + 1))
fi
n=$(ls "$logs"/vg.*.log 2>/dev/null | wc -l)
echo "valgrind: $n session processes checked"
echo "valgrind: $pass passed, $fail failed"
[ "$fail" = 0 ] && rm -rf "$logs"
[ "$fail" = 0 ]
