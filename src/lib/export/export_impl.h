/*
 * Internal: what the exporters share. Each writes into an erg_xout, whose
 * buffer is handed to the sink whenever it passes a threshold, so an export
 * holds at most one piece of its text at a time.
 */
#ifndef ERG_EXPORT_IMPL_H
#define ERG_EXPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/date.h"
#include "ergraph/export.h"
#include "util/strmap.h"

typedef struct erg_xout {
    erg_buf buf;
    erg_export_sink sink;
    void *ctx;
    bool refused; /* the sink returned non-zero */
} erg_xout;

/* Hands the buffer to the sink once it holds enough to be worth it. */
void erg_xout_maybe_flush(erg_xout *o);
/* Hands over what is left; ERG_OK, ERG_EIO (refused) or ERG_ENOMEM. */
erg_status erg_xout_finish(erg_xout *o);

/* Escapers: each appends s with what its syntax needs. */
/* XML character data or attribute value: & < > " escaped; CR, LF and tab
 * as character references (attribute values would lose them otherwise);
 * characters XML 1.0 cannot hold (C0 controls, U+FFFE, U+FFFF) and
 * ill-formed UTF-8 as U+FFFD. */
void erg_put_xml(erg_buf *b, const char *s);
/* A JSON string, quotes included. */
void erg_put_json(erg_buf *b, const char *s);
/* A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF,
 * or leading or trailing space. */
void erg_put_csv(erg_buf *b, const char *s, size_t len);

/* A double as the shortest text that reads back as the same value. */
void erg_put_double(erg_buf *b, double v);
/* ', "key": "value"' in JSON; nothing when value is NULL. */
void erg_put_json_field(erg_buf *b, const char *key, const char *value);
/* ', "attrs": {...}' of an entity (rel false) or relationship; nothing if none. */
void erg_put_json_attrs(erg_buf *b, const erg_graph *g, size_t i, bool rel);
/*
 * A relationship's start, end, date, contradicts, weight, attrs and the
 * evidence that `sel` keeps (with its certainty when not stated,
 * attributed_to and credibility) as JSON fields.
 */
void erg_put_json_rel_rest(erg_buf *b, const erg_graph *g, const erg_selection *sel, size_t r);

/* Whether the selection keeps entity e / relationship r (sel NULL: all). */
/* ", \"aliases\": [...]" of entity e, nothing when it has none. */
void erg_put_json_aliases(erg_buf *b, const erg_graph *g, size_t e);
/* ", \"sources\": [...]" of entity e's source ids, nothing when none. */
void erg_put_json_entity_sources(erg_buf *b, const erg_graph *g, size_t e);

bool erg_x_has_entity(const erg_selection *sel, size_t e);
bool erg_x_has_rel(const erg_selection *sel, size_t r);

/*
 * The attribute keys of the kept entities (or relationships), in the order
 * they first appear, each with the kind all its values share: integers and
 * reals together are real, any other mix is a string.
 */
typedef struct erg_attr_column {
    const char *key;
    erg_attr_kind kind;
} erg_attr_column;

typedef struct erg_attr_columns {
    erg_attr_column *cols;
    size_t count, cap;
    erg_strmap index; /* key -> position in cols */
} erg_attr_columns;

erg_status erg_attr_columns_build(erg_attr_columns *out, const erg_graph *g,
                                  const erg_selection *sel, bool relationships);
/* The column of `key`, or (size_t)-1. */
size_t erg_attr_columns_find(const erg_attr_columns *c, const char *key);
void erg_attr_columns_release(erg_attr_columns *c);

/* The writers, one per format (export_*.c). */
/* Each attribute of entity or relationship i, as put(b, ID, text) where
 * ID is `prefix` and its column's number. */
void erg_put_attr_values(erg_buf *b, const erg_graph *g, size_t i, bool rel,
                         const erg_attr_columns *c, const char *prefix,
                         void (*put)(erg_buf *b, const char *id, const char *text));

/*
 * The walk the XML exporters share (GraphML, GEXF): the attribute columns
 * of the entities and relationships kept, the text before the nodes, each
 * entity kept, the text between nodes and edges, each relationship kept,
 * the text after; the output flushed as it grows.
 */
typedef struct erg_xml_export {
    erg_buf *b, *scratch; /* the output; a buffer for values made on the way */
    const erg_graph *g;
    const erg_export_options *opts;
    erg_attr_columns ent_cols, rel_cols;
    const erg_selection *sel; /* which evidence to write */
    /* Every tie kept is undirected (and there is one): the graph's default
     * edge kind is then undirected, else directed with each undirected tie
     * marked. */
    bool undirected;
} erg_xml_export;

typedef struct erg_xml_format {
    void (*head)(erg_xml_export *x, const erg_selection *sel);
    void (*entity)(erg_xml_export *x, size_t e);
    const char *between;
    void (*relationship)(erg_xml_export *x, size_t r);
    const char *tail;
} erg_xml_format;

erg_status erg_export_xml(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                          const erg_export_options *opts, const erg_xml_format *format);

erg_status erg_export_graphml(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                              const erg_export_options *opts, erg_diags *diags);
erg_status erg_export_gexf(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                           const erg_export_options *opts, erg_diags *diags);
erg_status erg_export_cytoscape(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                                const erg_export_options *opts, erg_diags *diags);
erg_status erg_export_json(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                           const erg_export_options *opts, erg_diags *diags);
erg_status erg_export_neo4j(erg_xout *o, bool relationships, const erg_graph *g,
                            const erg_selection *sel, const erg_export_options *opts,
                            erg_diags *diags);

#endif
