/*
 * Writing a graph, or a selection of it, as Graphviz DOT text.
 */
#ifndef ERGRAPH_EXPORT_H
#define ERGRAPH_EXPORT_H

#include <stddef.h>

#include "common.h"
#include "diag.h"
#include "filter.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct erg_dot_options {
    const char *title; /* the diagram's label; NULL: the graph's title */
} erg_dot_options;

/*
 * The DOT text of the entities and relationships in `sel` (NULL: all), in a
 * buffer the caller frees with erg_free(); *out_len is its length. Names are
 * drawn literally whatever they hold; the same input gives the same bytes.
 * `opts` may be NULL.
 */
erg_status erg_dot_write(char **out, size_t *out_len, const erg_graph *g, const erg_selection *sel,
                         const erg_dot_options *opts, erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
