#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fail when src/ uses a function the house style bans (curl's checksrc).
set -u
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/src
bad=$(grep -nE '\<(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|strtok|tmpnam|mktemp)[[:space:]]*\(' \
	$(find "$src" -name '*.[ch]'))
if [ -n "$bad" ]; then
	echo "banned functions used:"
	echo "$bad"
	exit 1
fi
echo "no banned functions in $(find "$src" -name '*.[ch]' | wc -l) files"
