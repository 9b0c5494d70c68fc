/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pure rules of uploads: temporary and unique names, modes, error replies. */
#include "sf_config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "common/upload.h"

bool
upload_is_temp_name(const char *name)
{
	return strncmp(name, UPLOAD_TEMP_PREFIX,
	    sizeof(UPLOAD_TEMP_PREFIX) - 1) == 0;
}

void
upload_temp_name(uint64_t r, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s%016" PRIx64, UPLOAD_TEMP_PREFIX, r);
}

int
upload_stou_name(const char *base, unsigned int n, char *out, size_t outsz)
{
	int w;

	if (n == 0)
		w = snprintf(out, outsz, "%s", base);
	else
		w = snprintf(out, outsz, "%s.%u", base, n);
	return w < 0 || (size_t)w >= outsz ? -1 : 0;
}

mode_t
upload_mode(unsigned long open_mode, unsigned long umask)
{
	return (mode_t)(open_mode & ~umask & 07777);
}

const char *
upload_error_reply(int e, int *code)
{
	switch (e) {
	case ENOSPC:
		*code = 452;
		return "Insufficient storage space; the upload was discarded.";
	case EDQUOT:
	case EFBIG:
		*code = 552;
		return "Exceeded storage allocation; the upload was discarded.";
	default:
		*code = 451;
		return "Local write error; the upload was discarded.";
	}
}
