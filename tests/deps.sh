#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian packages sockftpd needs to build and test, if missing.
set -eu

# Build: compiler, autotools, PAM, OpenSSL, Check.  Tests: a launcher
# (systemd-socket-activate, xinetd) and real clients.
pkgs="gcc make autoconf automake pkg-config libc6-dev libpam0g-dev \
libssl-dev check python3 systemd xinetd curl wget lftp tnftp inetutils-ftp \
procps iproute2 passwd valgrind clang libclang-rt-14-dev libseccomp-dev \
libpam-wrapper libpam-pwdfile openssl"

# Anonymous sessions run as ftp_username, "ftp" by default; Debian's FTP
# server packages create that system user, and so do we when it is missing.
ensure_ftp_user() {
	getent passwd ftp >/dev/null && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "deps.sh: no user 'ftp' (root-only tests will skip)" >&2
		return 0
	fi
	echo "deps.sh: creating the system user 'ftp' (home /srv/ftp)"
	mkdir -p /srv/ftp
	useradd --system --user-group --home-dir /srv/ftp \
	    --shell /usr/sbin/nologin --comment "ftp daemon" ftp
}

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	ensure_ftp_user
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages:$missing" >&2
	echo "deps.sh: run as root, or: apt-get install$missing" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
ensure_ftp_user
