#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Create a small demo tree for anonymous FTP in DIR (default /tmp/sockftpd-demo).
set -eu
dir=${1:-/tmp/sockftpd-demo}
mkdir -p "$dir/pub/docs"
printf 'Welcome to the sockftpd demo.\nFiles are in /pub.\n' >"$dir/.message"
printf 'Hello from sockftpd.\n' >"$dir/pub/hello.txt"
printf 'Line one\nLine two\n' >"$dir/pub/docs/readme.txt"
printf 'A file with spaces in its name.\n' >"$dir/pub/name with spaces.txt"
printf 'UTF-8 works.\n' >"$dir/pub/grüße.txt"
head -c 1048576 /dev/urandom >"$dir/pub/random-1m.bin"
find "$dir" -type d -exec chmod 0755 {} +
find "$dir" -type f -exec chmod 0644 {} +
echo "$dir"
