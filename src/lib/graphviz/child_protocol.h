/*
 * Internal: what erg_render() (render.c, the parent) and the child process
 * that runs Graphviz (graphviz/child.c) share.
 *
 * The child reports through a pipe as a stream of records: one type byte,
 * a uint64_t length in the machine's byte order (both ends are this
 * program), then the payload.
 */
#ifndef ERG_RENDER_CHILD_H
#define ERG_RENDER_CHILD_H

#include <stdbool.h>
#include <stddef.h>

#include "ergraph/diag.h"
#include "ergraph/dot.h"

enum {
    ERG_REC_PHASE = 'P',    /* "layout" or "render": what the child is doing now */
    ERG_REC_MESSAGES = 'M', /* Graphviz's message text, as erg_gv_add_messages() reads it */
    ERG_REC_FAILED = 'F',   /* the phase failed; its messages say why */
    ERG_REC_NOMEM = 'N',    /* the child ran out of memory building the graph */
    ERG_REC_DATA = 'D',     /* the rendered bytes */
    /* A paged PDF's (job->bare) ink, before its DATA: boxes of what is
     * drawn, 4 doubles each (x0, y0, x1, y1 in the PDF's points, y up),
     * for erg_pdf_paginate() to leave out the pages with none. */
    ERG_REC_INK = 'I'
};

typedef struct erg_render_job {
    const struct erg_drawing *drawing; /* what to draw, worked out by the parent */
    const char *format, *engine;       /* both checked already */
    bool bare; /* no margin nor pad: the pages that the PDF goes on have their own */
    /* erg_dot_write(): no layout, the DOT text of the graph, sent as DATA
     * records of at most ERG_DOT_CHUNK bytes each, in order, as agwrite()
     * makes it (the parent joins them). */
    bool dot_only;
} erg_render_job;

#define ERG_DOT_CHUNK ((size_t)1 << 20)

/*
 * erg_dot_write() in this process, without a child: the DOT writer itself,
 * for the tests and fuzzers that count its allocations or follow its code.
 * cgraph does not survive a failed allocation here (the reason for the
 * child).
 */
erg_status erg_gv_dot_write_here(char **out, size_t *out_len, const erg_graph *g,
                                 const erg_selection *sel, const erg_dot_options *opts,
                                 erg_diags *diags);

/*
 * The body of the child after fork(): builds the graph, lays it out and
 * renders it with a fresh Graphviz context, writes the records to fd, and
 * ends with _exit(). Never returns.
 */
_Noreturn void erg_gv_child_main(int fd, const erg_render_job *job);

/*
 * Adds one diagnostic per line of Graphviz's message text ("Error: ..." an
 * error, "Warning: ..." a warning, any other line like the one before),
 * shortened. Returns the number of errors, or -1 when out of memory.
 */
long erg_gv_add_messages(erg_diags *diags, const char *text, size_t len);

#endif
