/*
 * Exports: writing a graph, or a selection of it, for other tools (GraphML,
 * GEXF, Neo4j's bulk importer, Cytoscape.js, and ergraph/1 JSON itself).
 *
 * Every export keeps every field: entity type, name, aliases, country,
 * attributes and sources; relationship id, type, label, direction, dates,
 * weight, attributes and evidence (source and quote). The same input gives
 * the same bytes. Exports stream: the text goes to a sink in pieces of about
 * 64 KB as it is made, so their memory does not grow with the graph.
 */
#ifndef ERGRAPH_EXPORT_H
#define ERGRAPH_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "diag.h"
#include "filter.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum erg_export_format {
    ERG_EXPORT_GRAPHML,            /* GraphML with a typed <key> per field */
    ERG_EXPORT_GEXF,               /* GEXF (1.3 or 1.2draft), dates as edge start/end for
                                      Gephi's timeline */
    ERG_EXPORT_CYTOSCAPE,          /* Cytoscape.js elements JSON */
    ERG_EXPORT_JSON,               /* an ergraph/1 file of the selection */
    ERG_EXPORT_NEO4J_NODES,        /* neo4j-admin import: the nodes CSV */
    ERG_EXPORT_NEO4J_RELATIONSHIPS /* neo4j-admin import: the relationships CSV */
} erg_export_format;

/* The GEXF version written: 1.3 (Gephi 0.9+), or 1.2draft, which Gephi and
 * NetworkX (2.x and 3.x) read. */
typedef enum erg_gexf_version { ERG_GEXF_1_3, ERG_GEXF_1_2DRAFT } erg_gexf_version;

typedef struct erg_export_options {
    const char *title;    /* NULL: the graph's title */
    bool cluster_country; /* Cytoscape.js: each entity inside its country (compound node) */
    /* Neo4j: the character between array elements; 0 picks it with
     * erg_export_neo4j_delimiter(). */
    char array_delimiter;
    erg_gexf_version gexf_version; /* GEXF: the version (default 1.3) */
} erg_export_options;

/*
 * Receives the output in order, piece by piece. Returns 0 to go on; any
 * other value stops the export, which then returns ERG_EIO (the sink is
 * expected to have said why).
 */
typedef int (*erg_export_sink)(void *ctx, const void *data, size_t len);

/*
 * Writes the entities and relationships of `sel` (NULL: all) of g in
 * `format` to `sink`. `opts` may be NULL. A note in diags tells of what the
 * format cannot hold (an entity's country left out of the selection in the
 * json export). Returns ERG_OK, ERG_EIO (the sink refused), ERG_EUSAGE (an
 * unknown format), or ERG_ENOMEM. Time complexity: O(entities +
 * relationships + their fields); memory O(entities + attribute keys).
 */
ERG_API erg_status erg_export_stream(erg_export_format format, const erg_graph *g,
                                     const erg_selection *sel, const erg_export_options *opts,
                                     erg_export_sink sink, void *ctx, erg_diags *diags);

/* The same into memory: *out (caller frees with erg_free()) holds *out_len
 * bytes, NUL-terminated. */
ERG_API erg_status erg_export_write(char **out, size_t *out_len, erg_export_format format,
                                    const erg_graph *g, const erg_selection *sel,
                                    const erg_export_options *opts, erg_diags *diags);

/*
 * The format named `name` ("graphml", "gexf", "cytoscape", "json"; "neo4j"
 * gives the nodes file) in *out. False for any other name.
 */
ERG_API bool erg_export_format_from_name(erg_export_format *out, const char *name);

/*
 * The array delimiter for a Neo4j export of `sel`: ';' (Neo4j's default)
 * unless some array element (an alias, a quote, a source id) holds one,
 * then the first of | ^ ~ ` that none holds; 0 when every one of them
 * occurs. Neo4j has no way to escape the delimiter inside an element.
 */
ERG_API char erg_export_neo4j_delimiter(const erg_graph *g, const erg_selection *sel);

#ifdef __cplusplus
}
#endif
#endif
