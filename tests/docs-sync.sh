#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every option that sockftpd accepts is documented in sockftpd.conf(5), and
# the manual documents no option that does not exist.
#
# The option list comes from the built binary ("$SOCKFTPD --list-options":
# name, type, default, status, description, tab-separated), so the test
# checks what the program really accepts.  In the OPTIONS section of
# doc/sockftpd.conf.5 each option is an entry:
#
#	.TP
#	.B name
#	Boolean; default: \fBYES\fR.
#	...
#
# and the paragraph must state the type and the default that the binary
# reports, and say "Not implemented yet" (plus "refuses to start" when the
# option is refused) or "No effect" as its status requires.  An alias entry
# starts with "Another spelling of" and names its canonical option.
#
# automake runs this with $SOCKFTPD and $top_srcdir set.  Exit status: 0
# when the manual and the program agree, 1 otherwise (every problem is
# named), 99 when the test itself cannot run.

top_srcdir=${top_srcdir:-.}
man5=$top_srcdir/doc/sockftpd.conf.5
def=$top_srcdir/src/common/options.def

if [ ! -r "$man5" ]; then
	echo "docs-sync: cannot read $man5"
	exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/docs-sync.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

if [ -n "$SOCKFTPD" ] && [ -x "$SOCKFTPD" ]; then
	if ! "$SOCKFTPD" --list-options >"$tmp/list" 2>"$tmp/err"; then
		echo "docs-sync: $SOCKFTPD --list-options failed:"
		cat "$tmp/err"
		exit 1
	fi
	full=1
else
	# Fallback, only for running this script by hand before the binary
	# is built: the names are taken from options.def with sed, and the
	# type, default and status checks are skipped.  Under "make check"
	# $SOCKFTPD is always the freshly built program and this branch is
	# never taken.
	echo "docs-sync: \$SOCKFTPD is not executable;" \
	    "falling back to the names in $def"
	if [ ! -r "$def" ]; then
		echo "docs-sync: cannot read $def"
		exit 99
	fi
	sed -n \
	    -e 's/^OPT_BOOL(\([a-z0-9_]*\),.*/\1/p' \
	    -e 's/^OPT_UINT(\([a-z0-9_]*\),.*/\1/p' \
	    -e 's/^OPT_MODE(\([a-z0-9_]*\),.*/\1/p' \
	    -e 's/^OPT_STR(\([a-z0-9_]*\),.*/\1/p' \
	    -e 's/^OPT_ALIAS(\([a-z0-9_]*\),.*/\1/p' \
	    "$def" | sed 's/$/	?	?	?	?/' >"$tmp/list"
	full=0
fi

if [ ! -s "$tmp/list" ]; then
	echo "docs-sync: the option list is empty"
	exit 1
fi

# Collect the OPTIONS section's entries as "name<TAB>paragraph" lines.
# An entry runs from ".TP" + ".B name" to the next .TP, .PP, .SS or .SH;
# roff comments are skipped, \- and \& are unescaped, lines are joined with
# single spaces.  A .TP in the section that is not followed by ".B name"
# is reported, so that an option cannot hide behind another macro.
awk '
function flush() {
	if (name != "")
		printf "%s\t%s\n", name, text
	name = ""
	text = ""
}
/^\.\\"/ { next }
/^\.SH/ {
	flush()
	insec = ($0 ~ /^\.SH +"?OPTIONS"? *$/)
	next
}
!insec { next }
/^\.(TP|PP|SS|LP|P)( |$)/ {
	flush()
	tag = ($0 ~ /^\.TP/)
	next
}
tag {
	tag = 0
	if ($0 ~ /^\.B [a-z0-9_]+ *$/) {
		name = $2
		next
	}
	printf "BADTAG\t%s\n", $0
	next
}
name != "" {
	line = $0
	gsub(/\\-/, "-", line)
	gsub(/\\&/, "", line)
	text = (text == "") ? line : text " " line
}
END { flush() }
' "$man5" >"$tmp/man"

status=0
fail() {
	echo "docs-sync: $*"
	status=1
}

if [ ! -s "$tmp/man" ]; then
	fail "no option entries found in the OPTIONS section of $man5"
fi

# The checks themselves: both files are read by one awk program, which
# prints one line per problem.
awk -F '\t' -v full="$full" '
function strip(s) {
	gsub(/\\f[BIRP]/, "", s)
	return s
}
function word(type) {
	if (type == "bool") return "Boolean"
	if (type == "number") return "Number"
	if (type == "octal") return "Octal"
	if (type == "string") return "String"
	return ""
}
FNR == NR {
	if (NF < 2 || $1 == "") {
		print "malformed line in --list-options output: " $0
		next
	}
	if ($1 in type)
		print "--list-options prints " $1 " twice"
	type[$1] = $2
	def[$1] = $3
	stat[$1] = $4
	order[++n] = $1
	next
}
$1 == "BADTAG" {
	print "sockftpd.conf.5: a .TP entry in OPTIONS starts with \"" $2 \
	    "\" instead of \".B name\""
	next
}
{
	if ($1 in doc)
		print "sockftpd.conf.5 documents " $1 " twice"
	doc[$1] = $2
	if (!($1 in type))
		print "sockftpd.conf.5 documents " $1 \
		    ", which is not an option (any more)"
}
END {
	for (i = 1; i <= n; i++) {
		o = order[i]
		if (!(o in doc)) {
			print "option " o " is not documented as \".B " o \
			    "\" in sockftpd.conf.5"
			continue
		}
		if (!full)
			continue
		t = doc[o]
		if (type[o] == "alias") {
			if (index(t, "Another spelling of") != 1 ||
			    index(strip(t), def[o]) == 0)
				print "sockftpd.conf.5: " o " must start with " \
				    "\"Another spelling of\" and name " def[o]
			continue
		}
		w = word(type[o])
		if (w == "")
			print "option " o " has an unknown type " type[o]
		else if (index(t, w) != 1)
			print "sockftpd.conf.5: " o " must start with \"" w \
			    "\" (its type is " type[o] ")"
		if (def[o] == "")
			want = "default: none"
		else
			want = "default: \\fB" def[o] "\\fR"
		if (index(t, want) == 0)
			print "sockftpd.conf.5: " o " must say \"" want \
			    "\" (the default of the program)"
		s = stat[o]
		ni = index(t, "Not implemented yet") > 0
		ne = index(t, "No effect") > 0
		if (s == "implemented" && (ni || ne))
			print "sockftpd.conf.5: " o " is implemented but " \
			    "its entry says it is not"
		if ((s == "listen-only" || s == "no-effect") && !ne)
			print "sockftpd.conf.5: " o " (" s ") must say " \
			    "\"No effect\""
		if (s == "not-implemented" && !ni)
			print "sockftpd.conf.5: " o " (" s ") must say " \
			    "\"Not implemented yet\""
		if (s == "not-implemented-refused" &&
		    (!ni || index(t, "refuses to start") == 0))
			print "sockftpd.conf.5: " o " (" s ") must say " \
			    "\"Not implemented yet\" and \"refuses to start\""
	}
}
' "$tmp/list" "$tmp/man" >"$tmp/problems"

if [ -s "$tmp/problems" ]; then
	sed 's/^/docs-sync: /' "$tmp/problems"
	status=1
fi

count=$(wc -l <"$tmp/list")
if [ "$status" -eq 0 ]; then
	echo "docs-sync: all $count options and aliases are documented"
fi
exit $status
