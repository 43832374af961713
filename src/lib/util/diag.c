#include "ergraph/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag_impl.h"
#include "util/text.h"

struct erg_diags {
    erg_diag *items;
    size_t count, cap;
    size_t errors;
    size_t dropped[3]; /* by severity */
};

erg_diags *erg_diags_new(void)
{
    return erg_calloc(1, sizeof(erg_diags));
}

static void diag_release(erg_diag *d)
{
    erg_free((void *)d->file);
    erg_free((void *)d->path);
    erg_free((void *)d->message);
}

void erg_diags_clear(erg_diags *diags)
{
    for (size_t i = 0; i < diags->count; i++)
        diag_release(&diags->items[i]);
    diags->count = 0;
    diags->errors = 0;
    memset(diags->dropped, 0, sizeof(diags->dropped));
}

void erg_diags_free(erg_diags *diags)
{
    if (diags == NULL)
        return;
    erg_diags_clear(diags);
    erg_free(diags->items);
    erg_free(diags);
}

size_t erg_diags_count(const erg_diags *diags)
{
    return diags->count;
}

size_t erg_diags_error_count(const erg_diags *diags)
{
    return diags->errors;
}

size_t erg_diags_dropped(const erg_diags *diags)
{
    return diags->dropped[ERG_NOTE] + diags->dropped[ERG_WARNING] + diags->dropped[ERG_ERROR];
}

size_t erg_diags_dropped_of(const erg_diags *diags, erg_severity severity)
{
    return (unsigned)severity < 3 ? diags->dropped[severity] : 0;
}

/* The index of the diagnostic to give up for one of `severity` in a full
 * list: the last note, else the last warning when an error comes; or
 * count when the newcomer is the one to drop. */
static size_t victim(const erg_diags *diags, erg_severity severity)
{
    for (erg_severity s = ERG_NOTE; s < severity; s++) {
        for (size_t i = diags->count; i-- > 0;) {
            if (diags->items[i].severity == s)
                return i;
        }
    }
    return diags->count;
}

bool erg_diags_would_keep(const erg_diags *diags, erg_severity severity)
{
    return diags->count < ERG_DIAGS_MAX || victim(diags, severity) < diags->count;
}

void erg_diags_truncate(erg_diags *diags, size_t count)
{
    while (diags->count > count) {
        erg_diag *d = &diags->items[--diags->count];
        if (d->severity == ERG_ERROR)
            diags->errors--;
        diag_release(d);
    }
}

const erg_diag *erg_diags_get(const erg_diags *diags, size_t i)
{
    return i < diags->count ? &diags->items[i] : NULL;
}

/*
 * Appends s with what could drive or garble a terminal escaped: C0 and C1
 * controls and DEL as \xNN or \uNNNN, a byte of ill-formed UTF-8 as \xNN.
 * Messages quote the input (a name, a key, a value) and are printed as
 * they are; a file could otherwise colour, move or clear the user's
 * terminal (found by the loader's fuzzer).
 */
static void put_printable(erg_buf *b, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = erg_utf8_decode(s + i, len - i, &cp);
            if (n > 0) {
                /* U+0080..U+009F: CSI and friends. */
                if (cp < 0xA0)
                    erg_buf_printf(b, "\\u%04x", (unsigned)cp);
                else
                    erg_buf_put(b, s + i, n);
                i += n - 1;
                continue;
            }
            erg_buf_printf(b, "\\x%02x", c);
        } else if (c < 0x20 || c == 0x7F) {
            erg_buf_printf(b, "\\x%02x", c);
        } else {
            erg_buf_putc(b, (char)c);
        }
    }
}

void erg_diags_add_dropped(erg_diags *diags, erg_severity severity, size_t n)
{
    unsigned s = (unsigned)severity < 3 ? (unsigned)severity : ERG_ERROR;
    diags->dropped[s] += n;
    if (s == ERG_ERROR)
        diags->errors += n;
}

erg_status erg_diags_add(erg_diags *diags, erg_severity severity, const char *file, long line,
                         long column, const char *path, const char *fmt, ...)
{
    if (severity == ERG_ERROR)
        diags->errors++;
    size_t out = diags->count;
    if (diags->count >= ERG_DIAGS_MAX) {
        /* Errors are never hidden behind warnings: a note goes first, then
         * a warning, to make room for something more severe. */
        out = victim(diags, severity);
        if (out == diags->count) {
            diags->dropped[(unsigned)severity < 3 ? severity : ERG_ERROR]++;
            return ERG_OK;
        }
    }
    if (out == diags->count && ERG_GROW(diags->items, diags->cap, diags->count + 1) != ERG_OK)
        return ERG_ENOMEM;

    erg_diag d = {severity, NULL, line, column, NULL, NULL};
    erg_buf raw = ERG_BUF_INIT, msg = ERG_BUF_INIT, where = ERG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    erg_buf_vprintf(&raw, fmt, ap);
    va_end(ap);
    bool formatted = !raw.failed;
    if (formatted)
        put_printable(&msg, raw.len > 0 ? raw.data : "");
    erg_buf_release(&raw);
    d.message = formatted ? erg_buf_detach(&msg) : NULL;
    erg_buf_release(&msg);
    if (file != NULL)
        d.file = erg_strdup(file);
    if (path != NULL) {
        put_printable(&where, path);
        d.path = erg_buf_detach(&where);
    }
    if (d.message == NULL || (file != NULL && d.file == NULL) || (path != NULL && d.path == NULL)) {
        diag_release(&d);
        return ERG_ENOMEM;
    }
    if (out < diags->count) {
        erg_diag *gone = &diags->items[out];
        diags->dropped[gone->severity]++;
        diag_release(gone);
        memmove(gone, gone + 1, (diags->count - out - 1) * sizeof(*gone));
        diags->count--;
    }
    diags->items[diags->count++] = d;
    return ERG_OK;
}

char *erg_diag_format(const erg_diag *d)
{
    erg_buf b = ERG_BUF_INIT;
    if (d->file != NULL) {
        put_printable(&b, d->file); /* a file name may hold any byte */
        if (d->line > 0)
            erg_buf_printf(&b, ":%ld:%ld", d->line, d->column);
        erg_buf_puts(&b, ": ");
    }
    if (d->path != NULL) {
        erg_buf_puts(&b, d->path);
        erg_buf_puts(&b, ": ");
    }
    if (d->severity == ERG_WARNING)
        erg_buf_puts(&b, "warning: ");
    else if (d->severity == ERG_NOTE)
        erg_buf_puts(&b, "note: ");
    erg_buf_puts(&b, d->message);
    return erg_buf_detach(&b);
}

erg_status erg_diags_append(erg_diags *to, const erg_diags *from)
{
    size_t kept_errors = 0;
    for (size_t i = 0; i < from->count; i++) {
        const erg_diag *d = &from->items[i];
        kept_errors += d->severity == ERG_ERROR;
        if (erg_diags_add(to, d->severity, d->file, d->line, d->column, d->path, "%s",
                          d->message) != ERG_OK)
            return ERG_ENOMEM;
    }
    to->errors += from->errors - kept_errors;
    for (size_t s = 0; s < 3; s++)
        to->dropped[s] += from->dropped[s];
    return ERG_OK;
}
