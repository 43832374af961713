/*
 * The streaming buffer every export writes into, flushed to the sink in
 * chunks.
 */
#include "export/export_impl.h"

/* Large enough that the sink's cost (a write(2), say) is amortised, small
 * enough to stay in cache. */
#define FLUSH_AT ((size_t)64 * 1024)

static void flush(erg_xout *o)
{
    if (o->buf.len == 0 || o->buf.failed || o->refused)
        return;
    if (o->sink(o->ctx, o->buf.data, o->buf.len) != 0)
        o->refused = true;
    o->buf.len = 0;
}

void erg_xout_maybe_flush(erg_xout *o)
{
    if (o->buf.len >= FLUSH_AT)
        flush(o);
}

erg_status erg_xout_finish(erg_xout *o)
{
    flush(o);
    erg_status rc = o->buf.failed ? ERG_ENOMEM : o->refused ? ERG_EIO : ERG_OK;
    erg_buf_release(&o->buf);
    return rc;
}
