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

/*
 * Evidence: the evidence filters (certainties, min_grade, sources) keep
 * some pieces of a relationship's evidence and not others; pens, citations,
 * tooltips, cards and exports use the pieces kept. Whether piece i of
 * relationship r is kept: true for every piece of a selection made without
 * evidence filters, and for a NULL selection (the whole graph). O(1).
 */
ERG_API bool erg_selection_has_evidence(const erg_selection *sel, size_t r, size_t i);
ERG_API void erg_selection_set_evidence(erg_selection *sel, size_t r, size_t i, bool keep);
/* How many pieces of r's evidence `sel` (NULL: all) keeps. O(its evidence). */
ERG_API size_t erg_selection_evidence_count(const erg_selection *sel, const erg_graph *g, size_t r);
/* The strongest certainty among the pieces of r's evidence that `sel`
 * (NULL: all) keeps; ERG_INFERRED when it keeps none. O(its evidence). */
ERG_API erg_certainty erg_selection_rel_certainty(const erg_selection *sel, const erg_graph *g,
                                                  size_t r);

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

/* Ties in a contradiction ("contradicts", either way), or not. */
typedef enum erg_contest {
    ERG_CONTEST_ANY = 0, /* both */
    ERG_CONTESTED,       /* only ties in a contradiction, whether or not its partner is kept */
    ERG_UNCONTESTED      /* only ties in none */
} erg_contest;

/*
 * The fields of erg_filter_spec, to name them in messages. Each new field
 * comes before ERG_FIELD_COUNT.
 */
typedef enum erg_filter_field {
    ERG_FIELD_TYPES = 0,
    ERG_FIELD_EXCLUDE,
    ERG_FIELD_RELATIONS,
    ERG_FIELD_SOURCES,
    ERG_FIELD_CERTAINTIES,
    ERG_FIELD_MIN_GRADE,
    ERG_FIELD_MIN_SOURCES,
    ERG_FIELD_CONTEST,
    ERG_FIELD_SINCE,
    ERG_FIELD_UNTIL,
    ERG_FIELD_DATED_ONLY,
    ERG_FIELD_AROUND,
    ERG_FIELD_DEPTH,
    ERG_FIELD_DIRECTION,
    ERG_FIELD_BETWEEN,
    ERG_FIELD_MAX_LENGTH,
    ERG_FIELD_ALL_PATHS,
    ERG_FIELD_CONNECT,
    ERG_FIELD_COMPONENT,
    ERG_FIELD_MIN_DEGREE,
    ERG_FIELD_DROP_ISOLATED,
    ERG_FIELD_KEEP_ISOLATED,
    ERG_FIELD_COUNT
} erg_filter_field;

/* The field's own name, as in erg_filter_spec ("types", "min_degree",
 * "all_paths", ...); NULL for a value out of range. */
ERG_API const char *erg_filter_field_name(erg_filter_field f);

/*
 * What to keep. Zero-initialised, it keeps everything. Entities are named by
 * id, name or alias (see erg_graph_lookup).
 *
 * The filters apply in this order, each to what the previous ones kept:
 *  0. evidence: certainties, min_grade and sources keep the pieces of
 *     evidence that pass all three; a relationship with none left is
 *     dropped. A relationship without evidence counts as one piece,
 *     inferred, with no source (so it passes only a certainty filter that
 *     names "inferred");
 *  1. selections: types, exclude (entities); relations, min_sources
 *     (distinct sources of the evidence kept), contested,
 *     since/until/dated_only (relationships);
 *     then, when a filter of relationships of step 0 or 1 is given
 *     (relations, sources, certainties, min_grade, min_sources, contest,
 *     since, until, dated_only) and keep_isolated is not set, an entity
 *     that had a tie among the entities kept and has none left is dropped,
 *     unless a structural filter names it; an entity that had no tie stays
 *     (drop_isolated drops it);
 *  2. structure: around (several unite), between, connect, component;
 *  3. degree: min_degree, drop_isolated (degree counted once, in what is
 *     kept after step 2).
 * The result is the subgraph induced on the entities kept: every kept
 * relationship between two kept entities.
 */
typedef struct erg_filter_spec {
    erg_strlist types;       /* entity types to keep */
    erg_strlist exclude;     /* entities to drop */
    erg_strlist relations;   /* relationship types to keep */
    erg_strlist sources;     /* keep the evidence from these sources */
    erg_strlist certainties; /* keep the evidence of these certainties ("stated", ...) */
    /* "B2": keep the evidence from sources of reliability B or better
     * (A, B) with credibility 2 or better (1, 2); a piece without both
     * halves of a grade does not pass. NULL: no such filter. */
    const char *min_grade;
    size_t min_sources;  /* keep relationships with evidence from >= N distinct sources */
    erg_contest contest; /* see above */
    /*
     * Partial dates: keep ties whose known span meets the window [since,
     * until]. A "date" is a point (2003-03: that month); start..end a period;
     * a period with only a start is known up to the date of the latest dated
     * source among the tie's evidence (in the graph, whatever the other
     * filters keep), and open when none is dated; with only an end, up to
     * its end. A partial date ends at the end of its period. Undated ties
     * are kept unless dated_only.
     */
    const char *since;
    const char *until;
    bool dated_only; /* drop ties with no date, start or end */

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
    /* Keep the entities whose ties the relationship filters all drop. */
    bool keep_isolated;

    /*
     * The names that messages give the fields, indexed by erg_filter_field
     * (ERG_FIELD_COUNT of them): a command line gives its options'
     * ("--type"), so that its users read what they typed. NULL, or a NULL
     * entry: the fields' own names ("types: no entity has the type ...").
     */
    const char *const *field_names;
} erg_filter_spec;

/*
 * The selection that `spec` keeps of g, in *out (caller frees with
 * erg_selection_free()). An unknown or ambiguous name, an unknown type or
 * source, or a bad date is ERG_EUSAGE with a diagnostic that lists the
 * candidates. An empty result is not an error: a note in diags says which
 * filter emptied it. Messages name the fields as spec->field_names says. Time complexity:
 * O(entities + relationships) for the selections; the structural filters touch only what they
 * reach.
 */
ERG_API erg_status erg_filter_apply(erg_selection **out, const erg_graph *g,
                                    const erg_filter_spec *spec, erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
