/*
 * Pieces of JSON that several exports write the same way: fields,
 * attributes, a relationship's evidence, an entity's aliases and sources.
 */
#include <stdio.h>

#include "export/export_impl.h"

void erg_put_json_field(erg_buf *b, const char *key, const char *value)
{
    if (value == NULL)
        return;
    erg_buf_printf(b, ", \"%s\": ", key);
    erg_put_json(b, value);
}

void erg_put_json_attrs(erg_buf *b, const erg_graph *g, size_t i, bool rel)
{
    size_t n = rel ? erg_rel_attr_count(g, i) : erg_entity_attr_count(g, i);
    if (n == 0)
        return;
    erg_buf_puts(b, ", \"attrs\": {");
    for (size_t k = 0; k < n; k++) {
        const erg_attr *a = rel ? erg_rel_attr(g, i, k) : erg_entity_attr(g, i, k);
        if (k > 0)
            erg_buf_puts(b, ", ");
        erg_put_json(b, a->key);
        erg_buf_puts(b, ": ");
        if (a->kind == ERG_ATTR_STRING)
            erg_put_json(b, a->text);
        else
            erg_buf_puts(b, a->text); /* a number or boolean as written */
    }
    erg_buf_putc(b, '}');
}

void erg_put_json_rel_rest(erg_buf *b, const erg_graph *g, const erg_selection *sel, size_t r)
{
    erg_put_json_field(b, "start", erg_rel_start(g, r));
    erg_put_json_field(b, "end", erg_rel_end(g, r));
    erg_put_json_field(b, "date", erg_rel_date(g, r));
    size_t nc = erg_rel_contradicts_count(g, r);
    for (size_t i = 0; i < nc; i++) {
        erg_buf_puts(b, i > 0 ? ", " : ", \"contradicts\": [");
        erg_put_json(b, erg_rel_contradicts_id(g, r, i));
    }
    if (nc > 0)
        erg_buf_putc(b, ']');
    double w;
    if (erg_rel_weight(g, r, &w)) {
        erg_buf_puts(b, ", \"weight\": ");
        erg_put_double(b, w);
    }
    erg_put_json_attrs(b, g, r, true);
    size_t n = erg_rel_evidence_count(g, r), written = 0;
    for (size_t i = 0; i < n; i++) {
        if (!erg_selection_has_evidence(sel, r, i))
            continue;
        const erg_evidence *ev = erg_rel_evidence(g, r, i);
        erg_buf_puts(b, written++ > 0 ? ", {\"source\": " : ", \"evidence\": [{\"source\": ");
        erg_put_json(b, erg_graph_source(g, ev->source)->id);
        erg_put_json_field(b, "quote", ev->quote);
        erg_put_json_field(b, "note", ev->note);
        if (ev->certainty != ERG_STATED)
            erg_put_json_field(b, "certainty", erg_certainty_name(ev->certainty));
        if (ev->attributed_to != ERG_NONE)
            erg_put_json_field(b, "attributed_to", erg_entity_id(g, ev->attributed_to));
        if (ev->credibility != 0)
            erg_buf_printf(b, ", \"credibility\": %d", ev->credibility);
        erg_buf_putc(b, '}');
    }
    if (written > 0)
        erg_buf_putc(b, ']');
}

/* `, "key": [...]` of the n texts item(g, e, i); nothing when n is 0. */
static void put_json_list(erg_buf *b, const char *key, const erg_graph *g, size_t e, size_t n,
                          const char *(*item)(const erg_graph *, size_t, size_t))
{
    if (n == 0)
        return;
    erg_buf_printf(b, ", \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            erg_buf_puts(b, ", ");
        erg_put_json(b, item(g, e, i));
    }
    erg_buf_putc(b, ']');
}

static const char *entity_source_id(const erg_graph *g, size_t e, size_t i)
{
    return erg_graph_source(g, erg_entity_source(g, e, i))->id;
}

void erg_put_json_aliases(erg_buf *b, const erg_graph *g, size_t e)
{
    put_json_list(b, "aliases", g, e, erg_entity_alias_count(g, e), erg_entity_alias);
}

void erg_put_json_entity_sources(erg_buf *b, const erg_graph *g, size_t e)
{
    put_json_list(b, "sources", g, e, erg_entity_source_count(g, e), entity_source_id);
}
