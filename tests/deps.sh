#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install the Debian packages sockftpd needs to build and test, if missing.
set -eu

# Build: compiler, autotools, PAM, OpenSSL, Check.  Tests: a launcher
# (systemd-socket-activate, xinetd) and real clients.
pkgs="gcc make autoconf automake pkg-config libc6-dev libpam0g-dev \
libssl-dev check python3 systemd xinetd curl wget lftp procps iproute2"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

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
