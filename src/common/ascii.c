/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TYPE A conversion between the local LF and the network's CRLF. */
#include "sf_config.h"

#include "common/ascii.h"

size_t
ascii_to_net(const char *in, size_t n, char *out)
{
	size_t i, o = 0;

	/*
	 * A CR already in front of the LF is not looked at: a file that holds
	 * CRLF goes out as CR CR LF, byte for byte what vsftpd sends, so that
	 * mirrors made with either server compare equal.
	 */
	for (i = 0; i < n; i++) {
		if (in[i] == '\n')
			out[o++] = '\r';
		out[o++] = in[i];
	}
	return o;
}

size_t
ascii_from_net(const char *in, size_t n, char *out, bool *pending_cr)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (*pending_cr) {
			*pending_cr = false;
			if (in[i] == '\n') {
				out[o++] = '\n';
				continue;
			}
			/* Not part of a CRLF pair: the CR is file data. */
			out[o++] = '\r';
		}
		if (in[i] == '\r')
			*pending_cr = true;
		else
			out[o++] = in[i];
	}
	return o;
}

size_t
ascii_from_net_end(char *out, bool *pending_cr)
{
	if (!*pending_cr)
		return 0;
	*pending_cr = false;
	out[0] = '\r';
	return 1;
}
