/*
 * The json export: the selection as an ergraph/1 file of its own, one
 * element a line. Loading it gives back the same entities and
 * relationships in the same order, so its DOT is the selection's DOT, byte
 * for byte:
 *  - the title is the one the DOT would show (the files' titles joined, or
 *    the option's);
 *  - entities and relationships keep their order;
 *  - a generated id "#N" is written whenever reloading would not generate
 *    the same one (the relationship moved up because some before it were
 *    left out), so every relationship keeps its id;
 *  - an entity's country is written only when the country is kept: the
 *    format cannot name an entity the file lacks, and keeping the country
 *    would draw it. A note counts the countries left out.
 *  - the whole graph keeps every source; a part keeps those it cites.
 */
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "export/export_impl.h"

static void put_source(erg_buf *b, const erg_source *s)
{
    erg_buf_puts(b, "    {\"id\": ");
    erg_put_json(b, s->id);
    erg_put_json_field(b, "title", s->title);
    erg_put_json_field(b, "publisher", s->publisher);
    erg_put_json_field(b, "author", s->author);
    erg_put_json_field(b, "date", s->date);
    erg_put_json_field(b, "url", s->url);
    erg_put_json_field(b, "reliability", s->reliability);
    erg_buf_putc(b, '}');
}

static void put_entity(erg_buf *b, const erg_graph *g, const erg_selection *sel, size_t e,
                       size_t *countries_dropped)
{
    erg_buf_puts(b, "    {\"id\": ");
    erg_put_json(b, erg_entity_id(g, e));
    erg_put_json_field(b, "type", erg_entity_type(g, e));
    erg_put_json_field(b, "name", erg_entity_name(g, e));
    erg_put_json_aliases(b, g, e);
    size_t c = erg_entity_country(g, e);
    if (c != ERG_NONE && erg_x_has_entity(sel, c))
        erg_put_json_field(b, "country", erg_entity_id(g, c));
    else if (c != ERG_NONE)
        (*countries_dropped)++;
    erg_put_json_attrs(b, g, e, false);
    erg_put_json_entity_sources(b, g, e);
    erg_buf_putc(b, '}');
}

/* `position` is the relationship's 1-based place in the file written. */
static void put_rel(erg_buf *b, const erg_graph *g, const erg_selection *sel, size_t r,
                    size_t position, size_t *attributions_dropped)
{
    const char *id = erg_rel_id(g, r);
    char generated[32];
    snprintf(generated, sizeof(generated), "#%zu", position);
    erg_buf_puts(b, "    {");
    if (strcmp(id, generated) != 0) {
        erg_buf_puts(b, "\"id\": ");
        erg_put_json(b, id);
        erg_buf_puts(b, ", ");
    }
    erg_buf_puts(b, "\"from\": ");
    erg_put_json(b, erg_entity_id(g, erg_rel_from(g, r)));
    erg_put_json_field(b, "to", erg_entity_id(g, erg_rel_to(g, r)));
    erg_put_json_field(b, "type", erg_rel_type(g, r));
    if (!erg_rel_directed(g, r))
        erg_buf_puts(b, ", \"directed\": false");
    erg_put_json_field(b, "label", erg_rel_label(g, r));
    erg_put_json_rel_rest(b, g, sel, r, attributions_dropped);
    erg_buf_putc(b, '}');
}

/* Which sources to write: all of them for the whole graph, else the ones
 * that the kept entities and relationships cite. */
static unsigned char *sources_kept(const erg_graph *g, const erg_selection *sel)
{
    size_t ns = erg_graph_source_count(g);
    unsigned char *keep = erg_calloc(ns + 1, 1);
    if (keep == NULL)
        return NULL;
    bool whole = sel == NULL || (erg_selection_entity_count(sel) == erg_graph_entity_count(g) &&
                                 erg_selection_rel_count(sel) == erg_graph_relationship_count(g));
    if (whole) {
        memset(keep, 1, ns);
        return keep;
    }
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (!erg_x_has_entity(sel, e))
            continue;
        for (size_t i = 0; i < erg_entity_source_count(g, e); i++)
            keep[erg_entity_source(g, e, i)] = 1;
    }
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (!erg_x_has_rel(sel, r))
            continue;
        for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
            if (erg_selection_has_evidence(sel, r, i))
                keep[erg_rel_evidence(g, r, i)->source] = 1;
        }
    }
    return keep;
}

erg_status erg_export_json(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                           const erg_export_options *opts, erg_diags *diags)
{
    erg_status rc = ERG_ENOMEM;
    erg_buf *b = &o->buf;
    size_t countries_dropped = 0, attributions_dropped = 0;
    unsigned char *keep = sources_kept(g, sel);
    if (keep == NULL)
        goto done;

    const char *title = opts->title != NULL ? opts->title : erg_graph_title(g);
    erg_buf_puts(b, "{\n  \"format\": \"ergraph/1\"");
    if (title != NULL) {
        erg_buf_puts(b, ",\n  \"title\": ");
        erg_put_json(b, title);
    }
    if (erg_graph_description(g) != NULL) {
        erg_buf_puts(b, ",\n  \"description\": ");
        erg_put_json(b, erg_graph_description(g));
    }
    erg_buf_puts(b, ",\n  \"sources\": [");
    const char *sep = "\n";
    for (size_t s = 0; s < erg_graph_source_count(g); s++) {
        if (!keep[s])
            continue;
        erg_buf_puts(b, sep);
        put_source(b, erg_graph_source(g, s));
        sep = ",\n";
        erg_xout_maybe_flush(o);
    }
    erg_buf_puts(b, *sep == ',' ? "\n  ],\n  \"entities\": [" : "],\n  \"entities\": [");
    sep = "\n";
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (!erg_x_has_entity(sel, e))
            continue;
        erg_buf_puts(b, sep);
        put_entity(b, g, sel, e, &countries_dropped);
        sep = ",\n";
        erg_xout_maybe_flush(o);
    }
    erg_buf_puts(b, *sep == ',' ? "\n  ],\n  \"relationships\": [" : "],\n  \"relationships\": [");
    sep = "\n";
    size_t position = 0;
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (!erg_x_has_rel(sel, r))
            continue;
        erg_buf_puts(b, sep);
        put_rel(b, g, sel, r, ++position, &attributions_dropped);
        sep = ",\n";
        erg_xout_maybe_flush(o);
    }
    erg_buf_puts(b, *sep == ',' ? "\n  ]\n}\n" : "]\n}\n");
    if (countries_dropped > 0 &&
        erg_diags_add(diags, ERG_NOTE, NULL, 0, 0, NULL,
                      "%zu %s without %s country, which the filters leave out", countries_dropped,
                      countries_dropped == 1 ? "entity is written" : "entities are written",
                      countries_dropped == 1 ? "its" : "their") != ERG_OK)
        goto done;
    if (attributions_dropped > 0 &&
        erg_diags_add(diags, ERG_NOTE, NULL, 0, 0, NULL,
                      "%zu %s written without %s attribution: the entity %s left out",
                      attributions_dropped,
                      attributions_dropped == 1 ? "piece of evidence is" : "pieces of evidence are",
                      attributions_dropped == 1 ? "its" : "their",
                      attributions_dropped == 1 ? "it names is" : "they name are") != ERG_OK)
        goto done;
    rc = ERG_OK;
done:
    erg_free(keep);
    return rc;
}
