/*
 * The GraphML export. Each field of the format has its own typed <key>:
 * readers that know GraphML (NetworkX, igraph, Gephi, yEd) then give every
 * field its name and type without a mapping step. GraphML has no list type,
 * so the lists (aliases, an entity's sources, a tie's evidence) are JSON
 * arrays in a string, which keeps every element whatever it holds.
 *
 * Names: GraphML's ids (node ids, key ids) and key names (attr.name) are
 * XML name tokens, which an entity id or an attribute key need not be. They
 * are written as name tokens: ASCII letters, digits, '-' and '_' stay, any
 * other byte (a space, '#', '.', each byte of a non-ASCII character) becomes
 * '.' and its two hex digits ("al qaeda" -> "al.20qaeda"); the ids
 * themselves are in the `id` keys of nodes and edges. Edges have no GraphML
 * id (it is optional): a relationship's id is its `id` key alone, which
 * NetworkX and igraph then give as the edge's "id".
 *
 * Direction: edgedefault is "undirected" when every tie is, else
 * "directed". GraphML's own per-edge `directed` attribute is rejected by
 * NetworkX in a directed graph, so a graph with both kinds is directed and
 * a boolean `directed` key says which ties are not.
 */
#include <stdio.h>
#include <string.h>

#include "export/export_impl.h"

static const char *graphml_type(erg_attr_kind kind)
{
    switch (kind) {
    case ERG_ATTR_INTEGER:
        return "long";
    case ERG_ATTR_REAL:
        return "double";
    case ERG_ATTR_BOOL:
        return "boolean";
    default:
        return "string";
    }
}

/* s as an XML name token (see above). */
static void put_name_token(erg_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_') {
            erg_buf_putc(b, (char)c);
        } else {
            erg_buf_putc(b, '.');
            erg_buf_putc(b, hex[c >> 4]);
            erg_buf_putc(b, hex[c & 15]);
        }
    }
}

static void put_key(erg_buf *b, const char *id, const char *domain, const char *name,
                    const char *type)
{
    erg_buf_printf(b, "  <key id=\"%s\" for=\"%s\" attr.name=\"", id, domain);
    put_name_token(b, name);
    erg_buf_printf(b, "\" attr.type=\"%s\"/>\n", type);
}

static void put_attr_keys(erg_buf *b, const erg_attr_columns *c, const char *domain,
                          const char *prefix)
{
    for (size_t i = 0; i < c->count; i++) {
        char id[32];
        snprintf(id, sizeof(id), "%s%zu", prefix, i);
        erg_buf_printf(b, "  <key id=\"%s\" for=\"%s\" attr.name=\"attrs.", id, domain);
        put_name_token(b, c->cols[i].key);
        erg_buf_printf(b, "\" attr.type=\"%s\"/>\n", graphml_type(c->cols[i].kind));
    }
}

/* <data key="KEY">text</data>; nothing for NULL. */
static void put_data(erg_buf *b, const char *indent, const char *key, const char *text)
{
    if (text == NULL)
        return;
    erg_buf_printf(b, "%s<data key=\"%s\">", indent, key);
    erg_put_xml(b, text);
    erg_buf_puts(b, "</data>\n");
}

/* An attribute's value inside a node or an edge. */
static void put_attr_datum(erg_buf *b, const char *key, const char *text)
{
    put_data(b, "      ", key, text);
}

/* A JSON array of strings, in a scratch buffer. */
static const char *json_list(erg_buf *scratch, const erg_graph *g, size_t e, bool sources)
{
    size_t n = sources ? erg_entity_source_count(g, e) : erg_entity_alias_count(g, e);
    if (n == 0)
        return NULL;
    scratch->len = 0;
    erg_buf_putc(scratch, '[');
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            erg_buf_puts(scratch, ", ");
        erg_put_json(scratch, sources ? erg_graph_source(g, erg_entity_source(g, e, i))->id
                                      : erg_entity_alias(g, e, i));
    }
    erg_buf_putc(scratch, ']');
    return scratch->failed ? "" : scratch->data;
}

static const char *json_evidence(erg_buf *scratch, const erg_graph *g, const erg_selection *sel,
                                 size_t r)
{
    size_t n = erg_rel_evidence_count(g, r), written = 0;
    if (erg_selection_evidence_count(sel, g, r) == 0)
        return NULL;
    scratch->len = 0;
    erg_buf_putc(scratch, '[');
    for (size_t i = 0; i < n; i++) {
        if (!erg_selection_has_evidence(sel, r, i))
            continue;
        const erg_evidence *ev = erg_rel_evidence(g, r, i);
        erg_buf_puts(scratch, written++ > 0 ? ", {\"source\": " : "{\"source\": ");
        erg_put_json(scratch, erg_graph_source(g, ev->source)->id);
        if (ev->quote != NULL) {
            erg_buf_puts(scratch, ", \"quote\": ");
            erg_put_json(scratch, ev->quote);
        }
        if (ev->note != NULL) {
            erg_buf_puts(scratch, ", \"note\": ");
            erg_put_json(scratch, ev->note);
        }
        erg_buf_printf(scratch, ", \"certainty\": \"%s\"", erg_certainty_name(ev->certainty));
        if (ev->attributed_to != ERG_NONE) {
            erg_buf_puts(scratch, ", \"attributed_to\": ");
            erg_put_json(scratch, erg_entity_id(g, ev->attributed_to));
        }
        if (ev->credibility != 0)
            erg_buf_printf(scratch, ", \"credibility\": %d", ev->credibility);
        erg_buf_putc(scratch, '}');
    }
    erg_buf_putc(scratch, ']');
    return scratch->failed ? "" : scratch->data;
}

static const char *json_sources(erg_buf *scratch, const erg_graph *g)
{
    static const char *const fields[] = {"title", "publisher", "author",
                                         "date",  "url",       "reliability"};
    scratch->len = 0;
    erg_buf_putc(scratch, '[');
    for (size_t s = 0; s < erg_graph_source_count(g); s++) {
        const erg_source *src = erg_graph_source(g, s);
        const char *values[] = {src->title, src->publisher, src->author,
                                src->date,  src->url,       src->reliability};
        erg_buf_puts(scratch, s > 0 ? ", {\"id\": " : "{\"id\": ");
        erg_put_json(scratch, src->id);
        for (size_t f = 0; f < 6; f++) {
            if (values[f] != NULL) {
                erg_buf_printf(scratch, ", \"%s\": ", fields[f]);
                erg_put_json(scratch, values[f]);
            }
        }
        erg_buf_putc(scratch, '}');
    }
    erg_buf_putc(scratch, ']');
    return scratch->failed ? "" : scratch->data;
}

/* The fields' keys, by domain (graph, node, edge); each domain's attribute
 * keys (attrs.KEY) follow its fields. */
static const struct {
    const char *id, *domain, *name, *type;
} keys[] = {
    {"g_title", "graph", "title", "string"},
    {"g_description", "graph", "description", "string"},
    {"g_sources", "graph", "sources", "string"},
    {"n_id", "node", "id", "string"},
    {"n_type", "node", "type", "string"},
    {"n_name", "node", "name", "string"},
    {"n_aliases", "node", "aliases", "string"},
    {"n_country", "node", "country", "string"},
    {"n_sources", "node", "sources", "string"},
    {"e_id", "edge", "id", "string"},
    {"e_type", "edge", "type", "string"},
    {"e_label", "edge", "label", "string"},
    {"e_directed", "edge", "directed", "boolean"},
    {"e_start", "edge", "start", "string"},
    {"e_end", "edge", "end", "string"},
    {"e_date", "edge", "date", "string"},
    {"e_certainty", "edge", "certainty", "string"},
    {"e_contested", "edge", "contested", "boolean"},
    {"e_contradicts", "edge", "contradicts", "string"},
    {"e_weight", "edge", "weight", "double"},
    {"e_evidence", "edge", "evidence", "string"},
};

static void graphml_head(erg_xml_export *x, const erg_selection *sel)
{
    (void)sel;
    erg_buf *b = x->b;
    erg_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                    "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                    "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        put_key(b, keys[i].id, keys[i].domain, keys[i].name, keys[i].type);
        /* The attributes follow the fields of their domain. */
        if (i + 1 == sizeof(keys) / sizeof(keys[0]) ||
            strcmp(keys[i].domain, keys[i + 1].domain) != 0) {
            if (strcmp(keys[i].domain, "node") == 0)
                put_attr_keys(b, &x->ent_cols, "node", "n_attr");
            else if (strcmp(keys[i].domain, "edge") == 0)
                put_attr_keys(b, &x->rel_cols, "edge", "e_attr");
        }
    }

    const erg_graph *g = x->g;
    erg_buf_printf(b, "  <graph id=\"ergraph\" edgedefault=\"%s\">\n",
                   x->undirected ? "undirected" : "directed");
    const char *title = x->opts->title != NULL ? x->opts->title : erg_graph_title(g);
    put_data(b, "    ", "g_title", title);
    put_data(b, "    ", "g_description", erg_graph_description(g));
    if (erg_graph_source_count(g) > 0)
        put_data(b, "    ", "g_sources", json_sources(x->scratch, g));
}

static void graphml_node(erg_xml_export *x, size_t e)
{
    erg_buf *b = x->b;
    const erg_graph *g = x->g;
    erg_buf_puts(b, "    <node id=\"");
    put_name_token(b, erg_entity_id(g, e));
    erg_buf_puts(b, "\">\n");
    put_data(b, "      ", "n_id", erg_entity_id(g, e));
    put_data(b, "      ", "n_type", erg_entity_type(g, e));
    put_data(b, "      ", "n_name", erg_entity_name(g, e));
    put_data(b, "      ", "n_aliases", json_list(x->scratch, g, e, false));
    size_t c = erg_entity_country(g, e);
    put_data(b, "      ", "n_country", c == ERG_NONE ? NULL : erg_entity_id(g, c));
    put_data(b, "      ", "n_sources", json_list(x->scratch, g, e, true));
    erg_put_attr_values(b, g, e, false, &x->ent_cols, "n_attr", put_attr_datum);
    erg_buf_puts(b, "    </node>\n");
}

static void graphml_edge(erg_xml_export *x, size_t r)
{
    erg_buf *b = x->b;
    const erg_graph *g = x->g;
    erg_buf_puts(b, "    <edge source=\"");
    put_name_token(b, erg_entity_id(g, erg_rel_from(g, r)));
    erg_buf_puts(b, "\" target=\"");
    put_name_token(b, erg_entity_id(g, erg_rel_to(g, r)));
    erg_buf_puts(b, "\">\n");
    put_data(b, "      ", "e_id", erg_rel_id(g, r));
    put_data(b, "      ", "e_type", erg_rel_type(g, r));
    put_data(b, "      ", "e_label", erg_rel_label(g, r));
    put_data(b, "      ", "e_directed", erg_rel_directed(g, r) ? "true" : "false");
    put_data(b, "      ", "e_start", erg_rel_start(g, r));
    put_data(b, "      ", "e_end", erg_rel_end(g, r));
    put_data(b, "      ", "e_date", erg_rel_date(g, r));
    put_data(b, "      ", "e_certainty",
             erg_certainty_name(erg_selection_rel_certainty(x->sel, g, r)));
    put_data(b, "      ", "e_contested", erg_rel_conflict_count(g, r) > 0 ? "true" : "false");
    size_t nc = erg_rel_contradicts_count(g, r);
    if (nc > 0) {
        x->scratch->len = 0;
        for (size_t i = 0; i < nc; i++) {
            erg_buf_puts(x->scratch, i > 0 ? ", " : "[");
            erg_put_json(x->scratch, erg_rel_contradicts_id(g, r, i));
        }
        erg_buf_putc(x->scratch, ']');
        put_data(b, "      ", "e_contradicts", x->scratch->failed ? "" : x->scratch->data);
    }
    double w;
    if (erg_rel_weight(g, r, &w)) {
        erg_buf_puts(b, "      <data key=\"e_weight\">");
        erg_put_double(b, w);
        erg_buf_puts(b, "</data>\n");
    }
    put_data(b, "      ", "e_evidence", json_evidence(x->scratch, g, x->sel, r));
    erg_put_attr_values(b, g, r, true, &x->rel_cols, "e_attr", put_attr_datum);
    erg_buf_puts(b, "    </edge>\n");
}

static const erg_xml_format graphml = {graphml_head, graphml_node, "", graphml_edge,
                                       "  </graph>\n</graphml>\n"};

erg_status erg_export_graphml(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                              const erg_export_options *opts, erg_diags *diags)
{
    (void)diags;
    return erg_export_xml(o, g, sel, opts, &graphml);
}
