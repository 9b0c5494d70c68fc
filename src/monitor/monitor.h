/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The privileged monitor: root-only operations the session asks for. */
#ifndef SF_MONITOR_MONITOR_H
#define SF_MONITOR_MONITOR_H

#include <sys/socket.h>

/*
 * Fork the monitor.  The child (the session, about to drop privileges)
 * gets the session end of a socketpair as the return value; the parent
 * stays root, closes ctrl_fd, serves requests and exits with the
 * session's status when it ends, so it never returns.  The monitor binds
 * only (local address, port): values it was given here, before any byte
 * from the client was read; requests carry nothing it would trust.
 * Returns -1 (with errno) when the fork failed, in the caller.
 */
int monitor_start(int ctrl_fd, const struct sockaddr_storage *local,
    socklen_t len, unsigned int port);

/* Ask for a TCP socket bound to (local address, ftp_data_port); -1 on
 * failure. */
int monitor_data_socket(int mon_fd);

#endif
