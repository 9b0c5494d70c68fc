#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what is missing, build, and serve a demo tree over anonymous FTP
# on 127.0.0.1:${PORT:-2121} through systemd-socket-activate (Ctrl-C stops).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
port=${PORT:-2121}

sh tests/deps.sh
[ -x configure ] && [ configure -nt configure.ac ] && [ configure -nt Makefile.am ] ||
	autoreconf -fi
mkdir -p build/default
cd build/default
[ -f Makefile ] || "$top/configure" --sysconfdir=/etc >configure.out
make -j"$(nproc)" >make.out 2>&1 || { cat make.out; exit 1; }

tree=$(sh "$top/tests/demo-tree.sh" /tmp/sockftpd-demo)
conf=/tmp/sockftpd-demo.conf
cat >"$conf" <<CONF
# sockftpd demo: anonymous, read-only, confined to the demo tree.
listen=NO
anonymous_enable=YES
no_anon_password=YES
anon_root=$tree
dirmessage_enable=YES
ftpd_banner=sockftpd demo
CONF
chmod 0644 "$conf"
echo "Serving $tree on ftp://127.0.0.1:$port/ (Ctrl-C stops)."
echo "Try: curl ftp://127.0.0.1:$port/pub/  or  lftp -p $port 127.0.0.1"
exec systemd-socket-activate --inetd -l "127.0.0.1:$port" -a \
	"$PWD/src/sockftpd" "$conf"
