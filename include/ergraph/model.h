/*
 * The graph in memory: entities, relationships between them, the sources
 * that support the relationships, and their attributes.
 *
 * A graph is built by the loader (load.h) and read-only afterwards. Entities,
 * relationships and sources are numbered from 0 in the order they first
 * appear in the input; every getter below takes such an index and returns
 * borrowed data, valid until the graph is freed. Strings are UTF-8.
 */
#ifndef ERGRAPH_MODEL_H
#define ERGRAPH_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/* "No such index": an entity without a country, a name that matches nothing. */
#define ERG_NONE ((size_t)-1)

typedef struct erg_graph erg_graph;

typedef enum erg_attr_kind {
    ERG_ATTR_STRING,
    ERG_ATTR_INTEGER,
    ERG_ATTR_REAL,
    ERG_ATTR_BOOL
} erg_attr_kind;

/* One attribute; `text` is the value as written (a number in JSON's syntax,
 * "true" or "false" for a boolean). */
typedef struct erg_attr {
    const char *key;
    const char *text;
    erg_attr_kind kind;
} erg_attr;

typedef struct erg_source {
    const char *id;
    const char *title; /* each of these may be NULL */
    const char *publisher;
    const char *author;
    const char *date;
    const char *url;
    /* One letter of the Admiralty scale, "A" (completely reliable) to "F"
     * (cannot be judged); NULL when not given. */
    const char *reliability;
} erg_source;

/* How sure a piece of evidence is, strongest first. */
typedef enum erg_certainty {
    ERG_STATED = 0, /* the source says it in its own voice (the default) */
    ERG_REPORTED,   /* the source relays others: "officials said" */
    ERG_ALLEGED,    /* an accusation, not established */
    ERG_INFERRED    /* no sentence says it; the file's author reads it from the text */
} erg_certainty;
#define ERG_CERTAINTY_COUNT 4

typedef struct erg_evidence {
    size_t source;           /* index of the source */
    const char *quote;       /* may be NULL */
    const char *note;        /* may be NULL */
    erg_certainty certainty; /* ERG_STATED when not given */
    int credibility;         /* 1 (confirmed) to 6 (cannot be judged); 0 when not given */
    size_t attributed_to;    /* the entity whose claim it is, or ERG_NONE */
} erg_evidence;

/* "stated", "reported", "alleged" or "inferred". */
ERG_API const char *erg_certainty_name(erg_certainty certainty);
/* The certainty called `name`; false for any other word. */
ERG_API bool erg_certainty_from_name(const char *name, erg_certainty *out);

/*
 * The grade of a piece of evidence, its source's reliability and its own
 * credibility ("B2"), in out (at least 3 bytes); a missing half is written
 * "?" ("B?", "?2"), and "" when both are. Returns whether both are given.
 */
ERG_API bool erg_evidence_grade(const erg_graph *g, const erg_evidence *ev, char out[3]);

ERG_API void erg_graph_free(erg_graph *g);

/* The title and description; NULL when there is none. Several files with
 * different titles give their titles joined by "; ". */
ERG_API const char *erg_graph_title(const erg_graph *g);
/* How many different titles erg_graph_title() holds: 0 (none), 1, or more
 * when files with different titles were merged (joined by "; "). */
ERG_API size_t erg_graph_title_count(const erg_graph *g);
ERG_API const char *erg_graph_description(const erg_graph *g);

ERG_API size_t erg_graph_entity_count(const erg_graph *g);
ERG_API size_t erg_graph_relationship_count(const erg_graph *g);
ERG_API size_t erg_graph_source_count(const erg_graph *g);

/* The files the graph was loaded from, in the order given. */
ERG_API size_t erg_graph_file_count(const erg_graph *g);
ERG_API const char *erg_graph_file(const erg_graph *g, size_t i);

ERG_API const erg_source *erg_graph_source(const erg_graph *g, size_t s);
/* The source with this id, or ERG_NONE. Time complexity: O(1) expected. */
ERG_API size_t erg_graph_find_source(const erg_graph *g, const char *id);

/* Entities. */
ERG_API const char *erg_entity_id(const erg_graph *g, size_t e);
ERG_API const char *erg_entity_type(const erg_graph *g, size_t e);
ERG_API const char *erg_entity_name(const erg_graph *g, size_t e);
/* The entity of type country it belongs to, or ERG_NONE. */
ERG_API size_t erg_entity_country(const erg_graph *g, size_t e);
ERG_API size_t erg_entity_alias_count(const erg_graph *g, size_t e);
ERG_API const char *erg_entity_alias(const erg_graph *g, size_t e, size_t i);
ERG_API size_t erg_entity_attr_count(const erg_graph *g, size_t e);
ERG_API const erg_attr *erg_entity_attr(const erg_graph *g, size_t e, size_t i);
ERG_API size_t erg_entity_source_count(const erg_graph *g, size_t e);
ERG_API size_t erg_entity_source(const erg_graph *g, size_t e, size_t i);

/*
 * The relationships that touch entity e, outgoing and incoming, in
 * relationship order; a self-loop is listed once. Time complexity: O(1) per
 * call, so walking a node's ties is O(degree).
 */
ERG_API size_t erg_entity_degree(const erg_graph *g, size_t e);
ERG_API size_t erg_entity_tie(const erg_graph *g, size_t e, size_t i);

/* Relationships. */
ERG_API const char *erg_rel_id(const erg_graph *g, size_t r); /* generated "#N" when absent */
ERG_API const char *erg_rel_type(const erg_graph *g, size_t r);
/* The label as given, or NULL. */
ERG_API const char *erg_rel_label(const erg_graph *g, size_t r);
ERG_API size_t erg_rel_from(const erg_graph *g, size_t r);
ERG_API size_t erg_rel_to(const erg_graph *g, size_t r);
ERG_API bool erg_rel_directed(const erg_graph *g, size_t r);
ERG_API const char *erg_rel_start(const erg_graph *g, size_t r); /* NULL when not given */
ERG_API const char *erg_rel_end(const erg_graph *g, size_t r);
/* The date of a one-off fact (an arrest, a meeting), or NULL; a
 * relationship has either this or start/end, never both. */
ERG_API const char *erg_rel_date(const erg_graph *g, size_t r);
/* The strongest certainty among its evidence; ERG_INFERRED without evidence.
 * Time complexity: O(its evidence). */
ERG_API erg_certainty erg_rel_certainty(const erg_graph *g, size_t r);
/* The ids its "contradicts" names, as written (some may name no
 * relationship of the graph). */
ERG_API size_t erg_rel_contradicts_count(const erg_graph *g, size_t r);
ERG_API const char *erg_rel_contradicts_id(const erg_graph *g, size_t r, size_t i);
/* The relationships it is in conflict with, either way ("contradicts"
 * here or there), each once, in relationship order. Time complexity: O(1). */
ERG_API size_t erg_rel_conflict_count(const erg_graph *g, size_t r);
ERG_API size_t erg_rel_conflict(const erg_graph *g, size_t r, size_t i);
/* Whether a weight was given; stores it in *out if so. */
ERG_API bool erg_rel_weight(const erg_graph *g, size_t r, double *out);
ERG_API size_t erg_rel_attr_count(const erg_graph *g, size_t r);
ERG_API const erg_attr *erg_rel_attr(const erg_graph *g, size_t r, size_t i);
ERG_API size_t erg_rel_evidence_count(const erg_graph *g, size_t r);
ERG_API const erg_evidence *erg_rel_evidence(const erg_graph *g, size_t r, size_t i);
/* Index of the file (erg_graph_file) the relationship was read from. */
ERG_API size_t erg_rel_file(const erg_graph *g, size_t r);

/* The entity whose id is exactly `id`, or ERG_NONE. Time complexity: O(1). */
ERG_API size_t erg_graph_find_id(const erg_graph *g, const char *id);

/*
 * Entities that `name` designates: an exact id wins alone; otherwise every
 * entity whose id, name or an alias equals `name` ignoring case (ASCII,
 * Latin-1, Latin Extended-A, Greek and Cyrillic letters). Stores up to `max`
 * indices, in entity order, in out and returns how many match (0: none, more
 * than 1: ambiguous). Time complexity: O(1 + matches) expected.
 */
ERG_API size_t erg_graph_lookup(const erg_graph *g, const char *name, size_t *out, size_t max);

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
