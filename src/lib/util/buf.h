/*
 * Internal: a growable byte buffer. A failed allocation makes the buffer
 * "failed": later appends do nothing and erg_buf_detach() returns NULL, so
 * callers check once at the end instead of after every append.
 */
#ifndef ERG_BUF_H
#define ERG_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct erg_buf {
    char *data; /* always NUL-terminated when len > 0 */
    size_t len, cap;
    bool failed;
} erg_buf;

#define ERG_BUF_INIT                                                                               \
    {                                                                                              \
        NULL, 0, 0, false                                                                          \
    }

void erg_buf_put(erg_buf *b, const void *data, size_t len);
void erg_buf_puts(erg_buf *b, const char *s);
/* Inline: labels and escapes are written a character at a time. */
static inline void erg_buf_putc(erg_buf *b, char c)
{
    if (!b->failed && b->len + 1 < b->cap) {
        b->data[b->len++] = c;
        b->data[b->len] = '\0';
    } else {
        erg_buf_put(b, &c, 1);
    }
}
void erg_buf_printf(erg_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void erg_buf_vprintf(erg_buf *b, const char *fmt, va_list ap);
/* The contents as a NUL-terminated string the caller frees with erg_free();
 * NULL if any append failed. The buffer is empty afterwards. */
char *erg_buf_detach(erg_buf *b);
void erg_buf_release(erg_buf *b);

#endif
