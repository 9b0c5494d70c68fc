/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Every hard limit of sockftpd in one place (vsftpd's defs.h). */
#ifndef SF_COMMON_LIMITS_H
#define SF_COMMON_LIMITS_H

/* A control line holds at most LIM_CMD_LINE - 1 bytes, CRLF and Telnet
 * bytes not counted.  Longer lines are discarded up to the next LF and
 * answered 500: never split into two commands. */
#define LIM_CMD_LINE		4096
/* Raw control bytes read ahead of the line parser (a longer line takes
 * several reads). */
#define LIM_CTRL_READ		2048
/* A virtual path after normalisation, NUL included. */
#define LIM_PATH		4096
/* One reply, all lines. */
#define LIM_REPLY		16384
/* Commands that fail before login before the session is closed. */
#define LIM_PRELOGIN_ERRORS	100
/* Seconds a TLS handshake on the control connection may take. */
#define LIM_TLS_HANDSHAKE_SECONDS 30
/* Seconds a client has to log in (pre-login time budget). */
#define LIM_PRELOGIN_SECONDS	60
/* Config, banner, message and user list files. */
#define LIM_CONF_FILE		100000
#define LIM_BANNER_FILE		100000
#define LIM_MESSAGE_FILE	16384
/* Steps of the pattern matcher per call, over all alternatives and names
 * (CVE-2011-0762 class): match_path's three passes over a whole LIM_PATH
 * path for five "*word*" alternatives; well under a millisecond. */
#define LIM_MATCH_ITERS		(16 * LIM_PATH)
/* LIST -R: depth of recursion and entries per listing. */
#define LIM_LIST_DEPTH		16
#define LIM_LIST_ENTRIES	1000000
/* A login name (USER argument the monitor accepts), without the NUL. */
#define LIM_USER		64
/* A password, as passed to PAM, without the NUL. */
#define LIM_PASS		256
/* Supplementary groups of a local user. */
#define LIM_GROUPS		256
/* User list, chroot list and e-mail list files (userlist_file, ...). */
#define LIM_LIST_FILE		1000000
/* Cached passwd/group entries for text_userdb_names. */
#define LIM_USERDB_ENTRIES	65536
/* Transfer buffer for read/write copies (ASCII, no sendfile). */
#define LIM_XFER_BUF		(256 * 1024)
/* Pipe size (and largest chunk) for splice() uploads. */
#define LIM_SPLICE_PIPE		(1024 * 1024)
/* Largest sendfile() chunk per call. */
#define LIM_SENDFILE_CHUNK	(4 * 1024 * 1024)
/* Unsigned option values (vsftpd stores them in an unsigned int). */
#define LIM_OPT_UINT_MAX	4294967295UL

/* Run-time state: the default limits_dir, and the empty directory the
 * pre-login process is confined to when secure_chroot_dir is missing. */
#define SF_RUN_DIR		"/run/sockftpd"
#define SF_EMPTY_DIR		SF_RUN_DIR "/empty"

#endif
