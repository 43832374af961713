/*
 * Writing a graph, or a selection of it, as Graphviz DOT text: styled by
 * entity type, with a legend, numbered citations, parallel ties merged,
 * optional grouping, and tooltips, links and ids for SVG.
 */
#ifndef ERGRAPH_DOT_H
#define ERGRAPH_DOT_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "diag.h"
#include "filter.h"
#include "model.h"
#include "style.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What an edge label says about its sources. */
typedef enum erg_citations {
    ERG_CITE_NUMBERS = 0, /* "headed [2]" */
    ERG_CITE_NONE,        /* "headed" */
    ERG_CITE_FULL         /* the numbers, and each quote under the label, shortened */
} erg_citations;

/* Boxes drawn around groups of entities. */
typedef enum erg_cluster {
    ERG_CLUSTER_NONE = 0,
    ERG_CLUSTER_COUNTRY, /* people, agencies, organizations in their country's box */
    ERG_CLUSTER_TYPE     /* one box per entity type */
} erg_cluster;

/* Names and labels wrap at this many characters unless told otherwise. */
#define ERG_WRAP_DEFAULT 18
/* A quote under a label (ERG_CITE_FULL) is cut, with an ellipsis, past this
 * many characters. */
#define ERG_QUOTE_MAX 80

/*
 * A Graphviz attribute set on top of ergraph's own, as dot's -G, -N and -E
 * set them: `kind` 'G' (the graph), 'N' (every node) or 'E' (every edge).
 * The value goes to Graphviz as it is (cgraph quotes it in DOT).
 */
typedef struct erg_dot_attr {
    char kind;
    const char *name, *value;
} erg_dot_attr;

/*
 * NULL when `name` is a Graphviz attribute of that kind ('G', 'N' or 'E')
 * that a drawing may override; else a message in `buf` (and returned):
 * an unknown name, with the closest known one, or one that ergraph sets
 * itself for ids, links and positions.
 */
ERG_API const char *erg_dot_attr_problem(char kind, const char *name, char *buf, size_t size);

/*
 * How to draw. Zero-initialised, it gives the default diagram: a legend,
 * citation numbers, parallel ties merged, no grouping, names wrapped at
 * ERG_WRAP_DEFAULT characters, the default theme.
 */
typedef struct erg_dot_options {
    const char *title;       /* the diagram's label; NULL: the graph's title */
    bool no_legend;          /* leave out the legend and the sources block */
    erg_citations citations; /* see above */
    bool no_merge;           /* draw every relationship as its own edge */
    erg_cluster cluster;     /* see above */
    size_t wrap;             /* characters per line; 0: ERG_WRAP_DEFAULT */
    bool no_wrap;            /* never wrap names and labels */
    const erg_theme *theme;  /* NULL: the default styles */
    /* Graphviz attributes over the defaults, per-type styles and legend
     * (in order: a later one wins); see erg_dot_attr_problem(). */
    const erg_dot_attr *attrs;
    size_t nattrs;
} erg_dot_options;

/*
 * The DOT text of the entities and relationships in `sel` (NULL: all), in a
 * buffer the caller frees with erg_free(); *out_len is its length. Names are
 * drawn literally whatever they hold; the same input gives the same bytes.
 * `opts` may be NULL.
 *
 * Relationships of the same type, direction, label and dates between the
 * same two entities become one edge, its pen wider the more distinct
 * sources support it. Citation numbers: the sources cited by the edges
 * drawn are numbered from 1 in the order of the graph's sources (the order
 * they first appear in the files), so the same input and filters give the
 * same numbers; the sources block lists them in that order. A source URL
 * that is not http or https is not linked, with a warning.
 */
ERG_API erg_status erg_dot_write(char **out, size_t *out_len, const erg_graph *g,
                                 const erg_selection *sel, const erg_dot_options *opts,
                                 erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
