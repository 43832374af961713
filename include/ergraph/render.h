/*
 * Laying a graph out and rendering it through Graphviz (SVG, PNG, PDF, or
 * DOT with positions). The layout runs in a child process, so that a layout
 * that runs too long can be stopped and a Graphviz crash cannot take the
 * caller with it.
 */
#ifndef ERGRAPH_RENDER_H
#define ERGRAPH_RENDER_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "diag.h"
#include "dot.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ERG_LAYOUT_TIMEOUT_DEFAULT 60.0

typedef struct erg_render_options {
    const char *format; /* "svg" (NULL), "png", "pdf", "dot", "html" or "view" */
    const char *engine; /* "dot", "neato", "fdp", "sfdp", "circo", "twopi"; NULL: by size */
    double timeout;     /* seconds the layout may take; <= 0: ERG_LAYOUT_TIMEOUT_DEFAULT */
    size_t max_nodes;   /* refuse to lay out more nodes; 0: the engine's cap (below) */
    const char *page;   /* PDF only: "a4", "a4-landscape", "a3", "a3-landscape", "letter" or
                         * "letter-landscape" (see erg_render()); NULL or "none": one page
                         * the drawing's size */
    double min_text;    /* with a page: the smallest text, in points, that one page may
                         * shrink the drawing's to; <= 0: ERG_PAGE_MIN_TEXT */
    /* Called while the layout and rendering run, at their start and about
     * five times a second (NULL: never), with the engine, the seconds
     * since the start and the time limit; for a line of progress. */
    void (*progress)(void *arg, const char *engine, double elapsed, double limit);
    void *progress_arg;
    double dpi; /* PNG only: pixels per inch (Graphviz's dpi); 0: Graphviz's 96.
                 * ERG_EUSAGE with another format or outside
                 * ERG_DPI_MIN..ERG_DPI_MAX */
} erg_render_options;

#define ERG_DPI_MIN 36
#define ERG_DPI_MAX 1200

/* The smallest text size, in points, that paging keeps a PDF's text at. */
#define ERG_PAGE_MIN_TEXT 6.0

ERG_API bool erg_render_format_known(const char *format);
/* Whether `page` names a paper size ("none" included). */
ERG_API bool erg_render_page_known(const char *page);
ERG_API bool erg_render_engine_known(const char *engine);

/*
 * Whether a graph of this size may be laid out with `engine`: at most
 * `max_nodes` nodes (0: the engine's own cap, where its layout passes 10 s
 * on a 2-core machine: dot 120, circo 60, neato 1000, fdp 2400, twopi and
 * sfdp 3000) and an edge cap in the same proportion (3 per node). The caps
 * in force go to *cap_nodes and
 * *cap_edges (either may be NULL). Time complexity: O(1).
 */
ERG_API bool erg_render_size_ok(const char *engine, size_t nodes, size_t edges, size_t max_nodes,
                                size_t *cap_nodes, size_t *cap_edges);

/*
 * The engine to use for a graph of this size when none is named: "dot" while
 * its layout stays quick, "sfdp" past that. *why is a short explanation
 * (static). Time complexity: O(1).
 */
ERG_API const char *erg_render_choose_engine(size_t nodes, size_t edges, const char **why);

/*
 * The rendered bytes (for "html", a page holding the SVG, its data and
 * the script that makes it interactive, see the README's "-T html"; for "view", JSON: the
 * selection's entities, ties, quotes and sources as the page has them, and
 * the layout's coordinates without legend or sources block, see the
 * README's `ergraph serve`), in a buffer the caller frees with erg_free()
 * (with a NUL after the last byte, not counted in *out_len). Graphviz's warnings become warnings in
 * `diags`, its errors (and a crash of the child process) an ERG_EGRAPHVIZ with a diagnostic.
 * ERG_EUSAGE for an unknown format or engine, checked before anything runs, and for a graph over
 * the size cap (erg_render_size_ok()); ERG_ETIMEOUT when the layout and rendering ran past the time
 * limit (the child is killed); ERG_EINTR when the child was ended by SIGINT, SIGTERM or SIGHUP;
 * ERG_EIO when the child cannot be started; ERG_ENOMEM. When `engine_used` is not NULL it receives
 * the engine's name (static), chosen by size if none was named.
 *
 * With a page size, a PDF is put on pages of that paper, each with a margin
 * of a quarter inch: on one page, scaled down to fit, when its smallest text
 * stays at min_text points or more; else on as few pages as keep it there,
 * a poster in rows and columns (with trim marks, and each page labelled
 * "A1", "A2", ... down and across) of the whole drawing at one scale, never
 * enlarged, with the title left-justified so that it is on the first page.
 * A note says how, when it takes several pages, and how small the text of
 * one page would have been.
 * ERG_EUSAGE for a page size with another format.
 *
 * Forks: the caller's stdio buffers are flushed first; the child's standard
 * output goes to /dev/null. Not for threaded programs.
 */
ERG_API erg_status erg_render(char **out, size_t *out_len, const char **engine_used,
                              const erg_graph *g, const erg_selection *sel,
                              const erg_dot_options *dot_opts, const erg_render_options *opts,
                              erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
