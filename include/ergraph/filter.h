/*
 * Selections: the part of a graph that a command draws or lists. A
 * selection holds a set of entities and a set of relationships; the
 * relationships kept always have both ends kept.
 */
#ifndef ERGRAPH_FILTER_H
#define ERGRAPH_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "diag.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct erg_selection erg_selection;

/* A selection of the whole graph (all = true) or of nothing. Caller frees
 * with erg_selection_free(); NULL when out of memory. */
ERG_API erg_selection *erg_selection_new(const erg_graph *g, bool all);
ERG_API void erg_selection_free(erg_selection *sel);

ERG_API bool erg_selection_has_entity(const erg_selection *sel, size_t e);
ERG_API bool erg_selection_has_rel(const erg_selection *sel, size_t r);
ERG_API void erg_selection_set_entity(erg_selection *sel, size_t e, bool keep);
ERG_API void erg_selection_set_rel(erg_selection *sel, size_t r, bool keep);
ERG_API size_t erg_selection_entity_count(const erg_selection *sel);
ERG_API size_t erg_selection_rel_count(const erg_selection *sel);

/*
 * The first entity (relationship) kept at or after e (r), or ERG_NONE, to
 * visit a selection in order:
 *     for (size_t e = erg_selection_next_entity(sel, 0); e != ERG_NONE;
 *          e = erg_selection_next_entity(sel, e + 1))
 * Time complexity: O(1 + items skipped / 64), so a visit of a small
 * selection of a huge graph costs little more than what it keeps.
 */
ERG_API size_t erg_selection_next_entity(const erg_selection *sel, size_t e);
ERG_API size_t erg_selection_next_rel(const erg_selection *sel, size_t r);

/* Which ties a walk may follow from an entity. */
typedef enum erg_direction {
    ERG_BOTH = 0, /* every tie, whatever its direction */
    ERG_OUT,      /* directed ties from the entity, and undirected ones */
    ERG_IN        /* directed ties to the entity, and undirected ones */
} erg_direction;

typedef struct erg_strlist {
    const char *const *items;
    size_t count;
} erg_strlist;

/*
 * What to keep. Zero-initialised, it keeps everything. Entities are named by
 * id, name or alias (see erg_graph_lookup).
 *
 * The filters apply in this order, each to what the previous ones kept:
 *  1. selections: types, exclude (entities); relations, sources,
 *     min_sources, since/until/dated_only (relationships);
 *  2. structure: around (several unite), between, connect, component;
 *  3. degree: min_degree, drop_isolated (degree counted once, in what is
 *     kept after step 2).
 * The result is the subgraph induced on the entities kept: every kept
 * relationship between two kept entities.
 */
typedef struct erg_filter_spec {
    erg_strlist types;     /* entity types to keep */
    erg_strlist exclude;   /* entities to drop */
    erg_strlist relations; /* relationship types to keep */
    erg_strlist sources;   /* keep relationships with evidence from these sources */
    size_t min_sources;    /* keep relationships with evidence from >= N distinct sources */
    const char *since;     /* partial dates: keep ties whose [start, end] meets the window */
    const char *until;
    bool dated_only; /* drop ties with neither start nor end */

    erg_strlist around;      /* k-hop neighbourhoods of these, united */
    size_t depth;            /* k; 0 means 1 */
    erg_direction direction; /* for around */
    const char *between[2];  /* entities on the shortest paths from one to the other */
    size_t max_length;       /* longest path for between/connect; 0: no limit (6 with all_paths) */
    bool all_paths;          /* between: every simple path up to max_length */
    erg_strlist connect;     /* union of the shortest paths between each pair */
    const char *component;   /* the connected component holding this entity */

    size_t min_degree;
    bool drop_isolated;
} erg_filter_spec;

/*
 * The selection that `spec` keeps of g, in *out (caller frees with
 * erg_selection_free()). An unknown or ambiguous name, an unknown type or
 * source, or a bad date is ERG_EUSAGE with a diagnostic that lists the
 * candidates. An empty result is not an error: a note in diags says which
 * filter emptied it. Time complexity: O(entities + relationships) for the
 * selections; the structural filters touch only what they reach.
 */
ERG_API erg_status erg_filter_apply(erg_selection **out, const erg_graph *g,
                                    const erg_filter_spec *spec, erg_diags *diags);

/*
 * The one entity `name` designates, in *out. ERG_EUSAGE with a diagnostic
 * when it names none ("did you mean") or several (listing them).
 */
ERG_API erg_status erg_graph_resolve(size_t *out, const erg_graph *g, const char *name,
                                     erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
