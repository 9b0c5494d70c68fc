/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Bounded, growable byte buffers (vsftpd mystr, curl dynbuf). */
#ifndef SF_COMMON_BUF_H
#define SF_COMMON_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * A buffer never holds more than max bytes; the contents are always
 * NUL-terminated (the NUL is not counted in len), so buf_cstr() is safe
 * for text.  The buffer owns p; buf_free() releases it.
 */
struct buf {
	char *p;
	size_t len;
	size_t cap;
	size_t max;
};

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/* Append; return 0, or -1 (buffer unchanged) when max would be exceeded. */
int buf_add(struct buf *b, const void *data, size_t n);
int buf_addc(struct buf *b, char c);
int buf_adds(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Drop the first n bytes. */
void buf_consume(struct buf *b, size_t n);
const char *buf_cstr(const struct buf *b);

#endif
