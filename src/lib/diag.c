#include "ergraph/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "diag_impl.h"

struct erg_diags {
    erg_diag *items;
    size_t count, cap;
    size_t errors;
    size_t dropped;
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
    diags->dropped = 0;
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
    return diags->dropped;
}

const erg_diag *erg_diags_get(const erg_diags *diags, size_t i)
{
    return i < diags->count ? &diags->items[i] : NULL;
}

erg_status erg_diags_add(erg_diags *diags, erg_severity severity, const char *file, long line,
                         long column, const char *path, const char *fmt, ...)
{
    if (severity == ERG_ERROR)
        diags->errors++;
    if (diags->count >= ERG_DIAGS_MAX) {
        diags->dropped++;
        return ERG_OK;
    }
    if (ERG_GROW(diags->items, diags->cap, diags->count + 1) != ERG_OK)
        return ERG_ENOMEM;

    erg_diag d = {severity, NULL, line, column, NULL, NULL};
    erg_buf msg = ERG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    erg_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    d.message = erg_buf_detach(&msg);
    if (file != NULL)
        d.file = erg_strdup(file);
    if (path != NULL)
        d.path = erg_strdup(path);
    if (d.message == NULL || (file != NULL && d.file == NULL) || (path != NULL && d.path == NULL)) {
        diag_release(&d);
        return ERG_ENOMEM;
    }
    diags->items[diags->count++] = d;
    return ERG_OK;
}

char *erg_diag_format(const erg_diag *d)
{
    erg_buf b = ERG_BUF_INIT;
    if (d->file != NULL) {
        erg_buf_puts(&b, d->file);
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
    to->dropped += from->dropped;
    return ERG_OK;
}
