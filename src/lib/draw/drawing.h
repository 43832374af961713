/*
 * Internal: what a diagram shows, worked out before any Graphviz call, so
 * that the DOT export, the render child and the HTML page draw the same
 * thing: the edges (parallel ties merged), the citation numbers, the
 * checked source links, the entity types and edge styles the legend lists,
 * and the clusters.
 */
#ifndef ERG_DRAWING_H
#define ERG_DRAWING_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "ergraph/dot.h"

/* The smallest text of any diagram, in points (tie labels, the sources
 * block, the legend's samples); the rest is larger. Paging (pdfpage.h)
 * scales a drawing down by no more than keeps it legible. */
#define ERG_DRAW_FONTSIZE_MIN 9

typedef struct erg_draw_edge {
    size_t from, to;     /* entities; an undirected edge keeps its first tie's ends */
    size_t first, count; /* its relationships: rels[first .. first + count) */
    size_t nsources;     /* distinct sources cited */
    bool directed, dated;
    erg_certainty certainty; /* of the evidence kept: the pen */
    bool contested;          /* its ties are in a contradiction */
} erg_draw_edge;

/* The colour of a contested tie and of its label. */
#define ERG_DRAW_CONTESTED_COLOR "#B03A2E"

/* Where the entities go with --cluster. */
typedef struct erg_draw_cluster {
    const char *label;   /* the country's name or the type; borrowed */
    const char *key;     /* the country's id or the type, for the cluster's id */
    size_t first, count; /* its entities: members[first .. first + count) */
} erg_draw_cluster;

typedef struct erg_drawing {
    const erg_graph *g;
    const erg_selection *sel;
    erg_dot_options opts; /* with wrap filled in */
    size_t nodes;         /* entities drawn */
    erg_draw_edge *edges;
    size_t nedges;
    size_t *rels;  /* relationship indices, grouped by edge */
    size_t *cite;  /* per source: its citation number from 1, 0 when not cited */
    size_t *cited; /* the cited sources, in number order */
    size_t ncited;
    char **urls;        /* per source: the checked, escaped URL, or NULL */
    const char **types; /* entity types drawn, in legend order; borrowed */
    size_t ntypes;
    bool has_directed, has_undirected, has_dated;
    bool pens[ERG_CERTAINTY_COUNT]; /* the certainties drawn, for the legend */
    bool has_contested;
    size_t max_sources; /* most distinct sources behind one edge */
    erg_draw_cluster *clusters;
    size_t nclusters;
    size_t *members;
    size_t *cluster_of;   /* per entity: its cluster, or ERG_NONE; NULL without clusters */
    char short_title[48]; /* "4 sources": see erg_drawing_title() */
    /*
     * Drawing aids, not ties: no filter, list, statistic or export sees
     * them. An "of" line from an entity to its country, when both are
     * drawn, --cluster country is off and no edge already joins them
     * (of[i].entity, of[i].country); and the entities left with no line at
     * all outside any cluster, packed beside the graph in a grid.
     */
    struct erg_draw_of {
        size_t entity, country;
    } * of;
    size_t nof;
    size_t *isolated; /* entities, in entity order */
    size_t nisolated;
} erg_drawing;

/* The colour of an "of" line and of its label. */
#define ERG_DRAW_OF_COLOR "#AAAAAA"

/*
 * Works out the diagram of `sel` (NULL: all). Warnings (a URL refused) go to
 * diags. Release with erg_drawing_release(). Time complexity: O(n + m + s +
 * e log e) for n entities, m relationships, s sources and e pieces of
 * evidence.
 */
erg_status erg_drawing_build(erg_drawing *out, const erg_graph *g, const erg_selection *sel,
                             const erg_dot_options *opts, erg_diags *diags);
void erg_drawing_release(erg_drawing *d);

bool erg_drawing_has_entity(const erg_drawing *d, size_t e);

/* The distinct citation numbers of an edge, ascending, written as "1,3"
 * into b; returns how many. */
size_t erg_drawing_put_cites(const erg_drawing *d, const erg_draw_edge *edge, erg_buf *b);

/* The edge's time as words ("12 Aug 2003", "2001 – 2002", "from 2003",
 * "until 1999") into b, or nothing when its ties carry no dates. */
void erg_drawing_put_period(const erg_drawing *d, const erg_draw_edge *edge, erg_buf *b);

/* A partial date as words: "2003", "Aug 2003", "12 Aug 2003". */
void erg_drawing_put_date(erg_buf *b, const char *date);

/* Whether the drawing keeps piece v of relationship r's evidence. */
bool erg_drawing_has_evidence(const erg_drawing *d, size_t r, size_t v);

/* The Graphviz style of a certainty's pen: NULL (solid) for stated,
 * "dashed" for reported and alleged, "dotted" for inferred. */
const char *erg_drawing_pen_style(erg_certainty c);

/* The legend's words for a certainty's pen. */
const char *erg_drawing_pen_legend(erg_certainty c);

/* A piece of evidence as words: "reported, said by Christopher Christie,
 * grade B2" (the parts that exist; "stated" alone when nothing more). */
void erg_drawing_put_weight(erg_buf *b, const erg_graph *g, const erg_evidence *ev);

/* What contradicts the edge's ties, and who says what: "contradicted by:
 * bought (Hemant Lakhani → Igla), reported by [1]". Nothing when none. */
void erg_drawing_put_conflicts(const erg_drawing *d, const erg_draw_edge *edge, erg_buf *b);

/* The label text of an edge as given (or the type with '_' as spaces). */
void erg_drawing_put_label(const erg_drawing *d, const erg_draw_edge *edge, erg_buf *b);

/* "[2] BBC News, 12 Aug 2003, 'Old enemies' unite in missile sting": the
 * source's number (when erg_drawing_numbered()), publisher, date in words
 * and title, the parts that exist, or its id. */
void erg_drawing_put_source(const erg_drawing *d, size_t source, erg_buf *b);

/* Whether ties carry citation numbers: citations are on and the drawing
 * cites more than one source (with one, the sources block says it all). */
bool erg_drawing_numbered(const erg_drawing *d);

/*
 * The drawing's title: --title's, else the graph's when its files have
 * one title (or one each, the same), else "N sources" for files with
 * different titles (N the graph's sources), else NULL. Valid while `d` is.
 */
const char *erg_drawing_title(const erg_drawing *d);

/*
 * A stable id for SVG, CSS and scripts: `prefix` then `id` with every
 * character but ASCII letters, digits and '-' written "_XX" (its bytes in
 * hex), so distinct ids stay distinct. "e-" entities, "r-" ties.
 */
void erg_drawing_put_id(erg_buf *b, const char *prefix, const char *id);

/*
 * An http or https URL made safe to hand to Graphviz (whose 2.42 writes it
 * into the SVG unescaped): bytes outside the URL syntax percent-encoded, a
 * stray '%' too, '&' written "&amp;". NULL for any other scheme, an empty
 * host, or out of memory (then *nomem). Caller frees with erg_free().
 */
char *erg_drawing_safe_url(const char *url, bool *nomem);

#endif
