#include "util/buf.h"

#include <stdio.h>
#include <string.h>

#include "util/alloc.h"

static bool reserve(erg_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > (size_t)-1 - b->len - 1 ||
        erg_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1) != ERG_OK) {
        b->failed = true;
        return false;
    }
    return true;
}

void erg_buf_put(erg_buf *b, const void *data, size_t len)
{
    if ((b->failed || len >= b->cap - b->len) && !reserve(b, len))
        return;
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

void erg_buf_puts(erg_buf *b, const char *s)
{
    erg_buf_put(b, s, strlen(s));
}

void erg_buf_vprintf(erg_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void erg_buf_printf(erg_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    erg_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *erg_buf_detach(erg_buf *b)
{
    if (b->failed || !reserve(b, 0)) {
        erg_buf_release(b);
        return NULL;
    }
    char *s = b->data;
    s[b->len] = '\0';
    *b = (erg_buf)ERG_BUF_INIT;
    return s;
}

void erg_buf_release(erg_buf *b)
{
    erg_free(b->data);
    *b = (erg_buf)ERG_BUF_INIT;
}
