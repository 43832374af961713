/*
 * Internal: the layout of erg_graph, shared by the modules that build and
 * walk it. Strings that are compared (ids, types, names, dates, labels) are
 * interned, so equal strings are equal pointers.
 */
#ifndef ERG_GRAPH_IMPL_H
#define ERG_GRAPH_IMPL_H

#include <pthread.h>
#include <stdint.h>

#include "util/arena.h"
#include "ergraph/model.h"
#include "util/strmap.h"

#define ERG_NIL UINT32_MAX

typedef struct erg_entity_rec {
    const char *id, *type, *name;
    const char *country_id; /* as written; NULL when absent */
    uint32_t country;       /* resolved index or ERG_NIL */
    uint32_t file;          /* first definition, for messages */
    uint32_t elem;          /* its index in the file's "entities" */
    uint64_t offset;        /* byte offset of that definition in its file */
    uint32_t alias_start, alias_count;
    uint32_t attr_start, attr_count;
    uint32_t source_start, source_count;
} erg_entity_rec;

typedef struct erg_rel_rec {
    const char *id; /* NULL until generated */
    const char *type, *label;
    const char *start, *end; /* with is_date, start holds the "date" (end is NULL) */
    uint32_t from, to;       /* ERG_NIL until resolved: the id waits in g->pending */
    double weight;
    uint32_t ev_start, ev_count;
    uint32_t attr_start, attr_count;
    uint32_t file;
    uint32_t elem; /* index in the file's "relationships" */
    uint8_t directed, has_weight;
    uint8_t is_date;     /* a one-off fact: start is its "date" */
    uint8_t contradicts; /* names ids in "contradicts" (in g->contra) */
    uint64_t offset;
} erg_rel_rec;

typedef struct erg_source_rec {
    erg_source s;
    uint32_t file;
    uint32_t elem;
    uint64_t offset;
} erg_source_rec;

/* A piece of evidence: the public record alone (a source or attribution
 * read before its id waits in g->pending). */
typedef struct erg_evidence_rec {
    erg_evidence e;
} erg_evidence_rec;

/* An id that a relationship's "contradicts" names; g->contra is in
 * relationship order. */
typedef struct erg_contra {
    const char *id;
    uint32_t rel;   /* the relationship that names it */
    uint32_t index; /* its position in the array, for messages */
} erg_contra;

/* A reference read before the id it names, resolved once every file is in. */
typedef enum { ERG_REF_FROM, ERG_REF_TO, ERG_REF_ATTRIBUTED, ERG_REF_SOURCE } erg_ref_kind;
typedef struct erg_pending_ref {
    const char *id;
    uint32_t at; /* the relationship (FROM, TO) or the piece of evidence */
    uint32_t kind;
} erg_pending_ref;

/* An entity's alias, attribute or source before they are grouped by entity. */
typedef struct erg_owned {
    uint32_t owner;
    uint32_t file;
    uint32_t elem;   /* index of the owning element in its file */
    uint32_t index;  /* position in the element's array, for messages */
    uint32_t ref;    /* resolved index (entity sources) */
    uint64_t offset; /* of the owning element */
    const char *str;
    erg_attr attr;
} erg_owned;

struct erg_graph {
    erg_arena arena;
    erg_strmap interned;
    /* A helper's graph, merged into another later: each interned string has
     * room just before it for its counterpart there (erg_forwarded). */
    bool forwarding;

    const char *title, *description;
    size_t title_count; /* the different titles joined into `title` */
    char **files;
    size_t file_count;

    erg_entity_rec *ents;
    size_t ent_count, ent_cap;
    erg_rel_rec *rels;
    size_t rel_count, rel_cap;
    erg_source_rec *srcs;
    size_t src_count, src_cap;
    erg_evidence_rec *evidence;
    size_t ev_count, ev_cap;
    erg_attr *rel_attrs;
    size_t rel_attr_count, rel_attr_cap;
    erg_contra *contra;
    size_t contra_count, contra_cap;
    erg_pending_ref *pending;
    size_t pending_count, pending_cap;
    /* Conflicts, both ways, in CSR form (NULL when there are none): those
     * of r are conf[conf_start[r] .. conf_start[r+1]). */
    uint32_t *conf_start, *conf;

    /* Grouped by entity when the graph is finished. */
    const char **aliases;
    erg_attr *ent_attrs;
    uint32_t *ent_sources;

    /* Pending until finished. */
    erg_owned *pend_aliases, *pend_attrs, *pend_sources;
    size_t pend_alias_count, pend_alias_cap, pend_attr_count, pend_attr_cap, pend_source_count,
        pend_source_cap;

    erg_strmap ent_by_id, rel_by_id, src_by_id;

    /* Adjacency in CSR form: ties of e are adj[adj_start[e] .. adj_start[e+1]). */
    uint32_t *adj_start, *adj;

    /* Folded id, name or alias -> head of a chain of entity indices. */
    erg_strmap names;
    /* Pairs: entity, index of the next pair. Each name's pairs form a
     * circle in entity order; the names map holds its last pair, so that
     * appending costs O(1) however many entities share the name. */
    uint32_t *name_chain;
    size_t name_chain_count, name_chain_cap;

    /* A graph read in place from a corpus (index/): the arrays above are
     * its mapping's, and erg_graph_free() calls this instead of freeing
     * them. */
    void (*release)(erg_graph *g);
    void *mapping;
    size_t mapping_len;
};

erg_graph *erg_graph_new(void);
/* The interned copy of s[0..len); NULL when out of memory. */
const char *erg_graph_intern(erg_graph *g, const char *s, size_t len);
/* A copy of s[0..len) in the graph's arena, not interned. */
const char *erg_graph_copy(erg_graph *g, const char *s, size_t len);

/* Interns every interned string of `from` (a forwarding graph) in `to`, and
 * notes each one's counterpart for erg_forwarded(). Time complexity:
 * O(distinct strings). */
erg_status erg_graph_forward_interned(erg_graph *from, erg_graph *to);

/* The counterpart of p, a string interned in a forwarding graph, after
 * erg_graph_forward_interned(); NULL for NULL. */
static inline const char *erg_forwarded(const char *p)
{
    return p != NULL ? ((const char *const *)(const void *)p)[-1] : NULL;
}

/* Groups pending aliases, attributes and sources by entity (each list
 * already free of repeats). */
erg_status erg_graph_group(erg_graph *g);

/*
 * Building the name index (ids, names and aliases, folded), on a thread of
 * its own when asked and one can be had, while the caller goes on with
 * anything that neither changes the entities nor reads the index, nor
 * allocates from the graph's arena (the job has an arena of its own).
 */
typedef struct erg_names_job {
    erg_graph *g;
    erg_arena arena;
    erg_status rc;
    pthread_t thread;
    bool running, finished;
} erg_names_job;

void erg_graph_names_start(erg_names_job *job, erg_graph *g, bool threaded);
/* Waits for the index (if not done already); its status. */
erg_status erg_graph_names_finish(erg_names_job *job);

/* erg_graph_lookup() that tells "no match" from "out of memory": *nomem is
 * set, and 0 returned, when the folded name could not be made. */
size_t erg_graph_lookup_checked(const erg_graph *g, const char *name, size_t *out, size_t max,
                                bool *nomem);
/* Builds adjacency; every relationship's ends must be resolved. */
erg_status erg_graph_link(erg_graph *g);

/*
 * The title a figure or a saved selection of the graph goes by: the
 * graph's title when its files had one (or the same one each), "N sources"
 * (N its sources, in `buf`) when they had different titles, NULL when none.
 */
#define ERG_SHORT_TITLE_SIZE 48
const char *erg_graph_short_title(const erg_graph *g, char buf[ERG_SHORT_TITLE_SIZE]);

#endif
