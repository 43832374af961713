/*
 * Questions asked of a graph, answered as data (the CLI formats them).
 */
#ifndef ERGRAPH_QUERY_H
#define ERGRAPH_QUERY_H

#include <stddef.h>

#include "common.h"
#include "filter.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct erg_count {
    const char *name; /* borrowed from the graph */
    size_t count;
} erg_count;

/*
 * How many entities (or relationships) of each type `sel` holds (NULL: the
 * whole graph), most frequent first, then by name. *out is an array of *n
 * counts that the caller frees with erg_free(). Time complexity: O(n + t log t)
 * for n items of t types.
 */
erg_status erg_count_entity_types(erg_count **out, size_t *n, const erg_graph *g,
                                  const erg_selection *sel);
erg_status erg_count_relation_types(erg_count **out, size_t *n, const erg_graph *g,
                                    const erg_selection *sel);

#ifdef __cplusplus
}
#endif
#endif
