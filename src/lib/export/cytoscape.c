/*
 * The Cytoscape.js export: {"data": {...}, "elements": {"nodes": [...],
 * "edges": [...]}}, what cy.json() gives and cytoscape({elements}) takes.
 * Every field is in each element's data: nodes have id, label (the name, for
 * styles' data(label)), type, aliases, country, sources, attrs; edges have
 * id, source, target, type, caption (the text to draw: the label, or the
 * type with spaces), label (only when given), directed, start, end,
 * weight, attrs, evidence [{source, quote, note}].
 *
 * Nodes and edges share one id space in Cytoscape.js: a relationship whose
 * id is also an entity's gets "rel:" before it.
 *
 * With cluster_country, every entity that is not itself a country sits in
 * its country's compound node (data.parent). A country that the filters
 * left out is still written as a parent, marked "outside_selection": true,
 * since the grouping is what was asked for. Countries come first, so that
 * every parent precedes its children.
 */
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "export/export_impl.h"

static void put_node(erg_buf *b, const erg_graph *g, size_t e, bool cluster, bool outside)
{
    erg_buf_puts(b, "    {\"data\": {\"id\": ");
    erg_put_json(b, erg_entity_id(g, e));
    erg_put_json_field(b, "label", erg_entity_name(g, e));
    erg_put_json_field(b, "type", erg_entity_type(g, e));
    erg_put_json_aliases(b, g, e);
    size_t c = erg_entity_country(g, e);
    if (c != ERG_NONE) {
        erg_put_json_field(b, "country", erg_entity_id(g, c));
        if (cluster && !outside && strcmp(erg_entity_type(g, e), "country") != 0)
            erg_put_json_field(b, "parent", erg_entity_id(g, c));
    }
    erg_put_json_attrs(b, g, e, false);
    erg_put_json_entity_sources(b, g, e);
    if (outside)
        erg_buf_puts(b, ", \"outside_selection\": true");
    erg_buf_puts(b, "}}");
}

static void put_edge(erg_buf *b, const erg_graph *g, const erg_selection *sel, size_t r)
{
    const char *id = erg_rel_id(g, r);
    erg_buf_puts(b, "    {\"data\": {\"id\": ");
    if (erg_graph_find_id(g, id) != ERG_NONE) {
        erg_buf puts_id = ERG_BUF_INIT;
        erg_buf_puts(&puts_id, "rel:");
        erg_buf_puts(&puts_id, id);
        erg_put_json(b, puts_id.failed ? "" : puts_id.data);
        b->failed = b->failed || puts_id.failed;
        erg_buf_release(&puts_id);
    } else {
        erg_put_json(b, id);
    }
    erg_put_json_field(b, "source", erg_entity_id(g, erg_rel_from(g, r)));
    erg_put_json_field(b, "target", erg_entity_id(g, erg_rel_to(g, r)));
    erg_put_json_field(b, "type", erg_rel_type(g, r));
    const char *label = erg_rel_label(g, r);
    erg_buf_puts(b, ", \"caption\": ");
    if (label != NULL) {
        erg_put_json(b, label);
    } else {
        /* The type with '_' shown as spaces, as the DOT draws it. */
        size_t at = b->len;
        erg_put_json(b, erg_rel_type(g, r));
        for (size_t i = at; i < b->len && !b->failed; i++) {
            if (b->data[i] == '_')
                b->data[i] = ' ';
        }
    }
    erg_put_json_field(b, "label", label);
    erg_buf_puts(b, erg_rel_directed(g, r) ? ", \"directed\": true" : ", \"directed\": false");
    erg_put_json_rel_rest(b, g, sel, r);
    /* For styling by certainty and contradiction in Cytoscape.js. */
    erg_put_json_field(b, "certainty", erg_certainty_name(erg_selection_rel_certainty(sel, g, r)));
    erg_buf_puts(b, erg_rel_conflict_count(g, r) > 0 ? ", \"contested\": true"
                                                     : ", \"contested\": false");
    erg_buf_puts(b, "}}");
}

erg_status erg_export_cytoscape(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                                const erg_export_options *opts, erg_diags *diags)
{
    (void)diags;
    erg_buf *b = &o->buf;
    size_t ne = erg_graph_entity_count(g);
    unsigned char *parent = NULL;
    bool cluster = opts->cluster_country;
    if (cluster) {
        /* The countries that some kept entity sits in. */
        parent = erg_calloc(ne + 1, 1);
        if (parent == NULL)
            return ERG_ENOMEM;
        for (size_t e = 0; e < ne; e++) {
            size_t c = erg_entity_country(g, e);
            if (erg_x_has_entity(sel, e) && c != ERG_NONE &&
                strcmp(erg_entity_type(g, e), "country") != 0)
                parent[c] = 1;
        }
    }

    const char *title = opts->title != NULL ? opts->title : erg_graph_title(g);
    erg_buf_puts(b, "{\n  \"data\": {\"format\": \"ergraph/1\"");
    erg_put_json_field(b, "title", title);
    erg_put_json_field(b, "description", erg_graph_description(g));
    erg_buf_puts(b, "},\n  \"elements\": {\n  \"nodes\": [");
    const char *sep = "\n";
    /* Two passes when clustering: parents first. */
    for (int pass = cluster ? 0 : 1; pass < 2; pass++) {
        for (size_t e = 0; e < ne; e++) {
            bool parent_here = parent != NULL && parent[e];
            if (pass == 0 ? !parent_here : parent_here || !erg_x_has_entity(sel, e))
                continue;
            erg_buf_puts(b, sep);
            put_node(b, g, e, cluster, !erg_x_has_entity(sel, e));
            sep = ",\n";
            erg_xout_maybe_flush(o);
        }
    }
    erg_buf_puts(b, *sep == ',' ? "\n  ],\n  \"edges\": [" : "],\n  \"edges\": [");
    sep = "\n";
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (!erg_x_has_rel(sel, r))
            continue;
        erg_buf_puts(b, sep);
        put_edge(b, g, sel, r);
        sep = ",\n";
        erg_xout_maybe_flush(o);
    }
    erg_buf_puts(b, *sep == ',' ? "\n  ]\n  }\n}\n" : "]\n  }\n}\n");
    erg_free(parent);
    return ERG_OK;
}
