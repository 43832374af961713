/* Internal: breadth-first walks over a graph or a selection of it. */
#ifndef ERG_WALK_H
#define ERG_WALK_H

#include <stdint.h>

#include "ergraph/filter.h"
#include "model/graph_impl.h"
#include "util/intmap.h"

typedef struct erg_walk {
    const erg_graph *g;
    const erg_selection *sel; /* NULL: the whole graph */
    erg_direction dir;
    uint64_t *steps; /* when not NULL, erg_walk_between() adds the ties it
                      * looks at (a measure of its work) */
} erg_walk;

/*
 * The entity reached from e across relationship r, or ERG_NIL when the walk
 * may not cross r from e (r outside the selection, or against its direction).
 * Undirected ties are crossed either way whatever the direction.
 */
uint32_t erg_walk_across(const erg_walk *w, uint32_t e, uint32_t r);

/*
 * Breadth-first from `seeds` up to `max_depth` steps. Every entity reached
 * gets its distance in *dist; *order (when not NULL) lists them in the order
 * reached, *count of them, in a buffer the caller frees with erg_free(). With
 * `target` other than ERG_NIL, stops once the level that reaches it is done.
 * Time complexity: O(entities reached + their ties), independent of the size
 * of the graph.
 */
erg_status erg_walk_bfs(const erg_walk *w, const uint32_t *seeds, size_t seed_count,
                        uint32_t max_depth, uint32_t target, erg_intmap *dist, uint32_t **order,
                        size_t *count);

/*
 * The entities on every shortest path from a to b (ignoring direction), at
 * most max_length steps long. *length is the paths' length, or ERG_NIL when
 * no such path exists; *to_b then maps every entity on them to its distance
 * to b. Bidirectional: each round grows the side whose frontier has fewer
 * ties to follow, and the two meet in the middle, so linking two ordinary
 * entities of a huge graph touches their neighbourhoods, not the graph.
 * Time complexity: O(entities reached + their ties) on both sides.
 */
erg_status erg_walk_between(const erg_walk *w, uint32_t a, uint32_t b, uint32_t max_length,
                            erg_intmap *to_b, uint32_t *length);

#endif
