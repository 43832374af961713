/*
 * Questions asked of a graph, answered as data (the CLI formats them).
 */
#ifndef ERGRAPH_QUERY_H
#define ERGRAPH_QUERY_H

#include <stdbool.h>
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
ERG_API erg_status erg_count_entity_types(erg_count **out, size_t *n, const erg_graph *g,
                                          const erg_selection *sel);
ERG_API erg_status erg_count_relation_types(erg_count **out, size_t *n, const erg_graph *g,
                                            const erg_selection *sel);

/* An entity and how many steps away it is. */
typedef struct erg_neighbor {
    size_t entity;
    size_t distance;
} erg_neighbor;

/*
 * The entities within `depth` steps of `entity` (itself first, at 0) over
 * `sel` (NULL: all), ordered by distance, then name, then id. *out is an
 * array of *n that the caller frees with erg_free(). Time complexity:
 * O(k log k + the ties of the k entities reached).
 */
ERG_API erg_status erg_query_neighbors(erg_neighbor **out, size_t *n, const erg_graph *g,
                                       const erg_selection *sel, size_t entity, size_t depth,
                                       erg_direction dir);

/* Shortest paths, all of the same length. */
typedef struct erg_path_set {
    size_t count;     /* paths found (at most the maximum asked for) */
    size_t length;    /* steps in each */
    size_t *entities; /* path i is entities[i * (length + 1) .. + length] */
    bool truncated;   /* there are more than `count` */
} erg_path_set;

/*
 * Every shortest path from a to b, ignoring direction, up to `max_paths`
 * of them, in a deterministic order. count 0 when none links them. Release
 * with erg_path_set_release(). Time complexity: O(what the two walks from a
 * and b touch + the paths written).
 */
ERG_API erg_status erg_query_paths(erg_path_set *out, const erg_graph *g, const erg_selection *sel,
                                   size_t a, size_t b, size_t max_paths);
ERG_API void erg_path_set_release(erg_path_set *paths);

/* Paths of any lengths: path i is entities[offsets[i] .. offsets[i + 1]). */
typedef struct erg_path_list {
    size_t count;
    size_t *offsets; /* count + 1 of them */
    size_t *entities;
    bool truncated; /* there are more than `count` */
} erg_path_list;

/* How many steps erg_query_all_paths() may take before it gives up. */
#define ERG_ALL_PATHS_BUDGET 5000000u

/*
 * Every simple path from a to b of at most `max_length` steps (directions
 * ignored; parallel ties count once), shortest first, then in the order a
 * depth-first walk over ties in name order finds them; up to `max_paths`.
 * ERG_EUSAGE with a diagnostic when the search takes more than
 * ERG_ALL_PATHS_BUDGET steps (the count of simple paths grows exponentially
 * with the length); it names all_paths and max_length as `field_names`
 * says, as erg_filter_spec's field_names does (NULL: "all_paths",
 * "max_length"). Release with erg_path_list_release(). Time complexity:
 * O(the steps of the search, pruned by each entity's distance to b).
 */
ERG_API erg_status erg_query_all_paths(erg_path_list *out, const erg_graph *g,
                                       const erg_selection *sel, size_t a, size_t b,
                                       size_t max_length, size_t max_paths,
                                       const char *const *field_names, erg_diags *diags);
ERG_API void erg_path_list_release(erg_path_list *paths);

/*
 * The relationships of `sel` (NULL: all) between u and v, in either
 * direction, in relationship order: up to `max` in out, and returns how many
 * there are. Time complexity: O(degree of u).
 */
ERG_API size_t erg_query_ties_between(const erg_graph *g, const erg_selection *sel, size_t u,
                                      size_t v, size_t *out, size_t max);

typedef struct erg_ranked {
    size_t entity;
    double score;
} erg_ranked;

typedef struct erg_stats {
    size_t entities, relationships;
    size_t linked_pairs; /* distinct pairs of entities with a tie, self-loops aside */
    double density;      /* linked_pairs / (n (n - 1) / 2); 0 below two entities */
    size_t component_count;
    size_t *component_sizes; /* largest first */
    erg_ranked *by_degree;   /* top entities by number of ties */
    size_t by_degree_count;
    erg_ranked *by_betweenness; /* top by betweenness centrality, NULL when skipped */
    size_t by_betweenness_count;
    bool betweenness_skipped; /* over ERG_BETWEENNESS_MAX entities */
    size_t *articulation;     /* entities whose removal splits a component, in entity order */
    size_t articulation_count;
} erg_stats;

#define ERG_BETWEENNESS_MAX 20000

/*
 * Statistics of `sel` (NULL: all), with the `top` first entities by degree
 * and by betweenness. Betweenness is Brandes' algorithm on the undirected
 * simple graph (parallel ties and directions ignored, self-loops dropped),
 * unnormalised: O(n m) time, so skipped past ERG_BETWEENNESS_MAX entities.
 * Components and articulation points (Tarjan): O(n + m). Ties in score are
 * broken by name then id. Release with erg_stats_release().
 */
ERG_API erg_status erg_query_stats(erg_stats *out, const erg_graph *g, const erg_selection *sel,
                                   size_t top);
/*
 * Progress of the betweenness walk, the one part of the statistics that
 * takes long (O(n m)): called before the first of `total` breadth-first
 * walks (done 0) and then every so often, at most a thousand times.
 */
typedef void (*erg_stats_progress)(size_t done, size_t total, void *arg);

/* erg_query_stats() with a progress callback (NULL: none). */
ERG_API erg_status erg_query_stats_progress(erg_stats *out, const erg_graph *g,
                                            const erg_selection *sel, size_t top,
                                            erg_stats_progress progress, void *arg);
ERG_API void erg_stats_release(erg_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
