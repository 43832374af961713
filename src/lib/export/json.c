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
 *  - an entity's country is written only when the country is in the file:
 *    the format cannot name an entity the file lacks, and adding the
 *    country would draw it. A note counts the countries left out.
 *  - what the kept evidence and contradictions refer to is written too,
 *    though the filters leave it out, so that the file loses no meaning:
 *    the entity a quote is attributed to (without its ties), and the other
 *    side of each contradiction (the tie with all its evidence, its ends,
 *    and the entities its quotes are attributed to). Loading the file
 *    draws them; the same filters on it give the selection again. A note
 *    counts them.
 *  - the whole graph keeps every source; a part keeps those it cites.
 */
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "model/graph_impl.h"
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

/* What the file holds: 1 for what the selection keeps, 2 for what its
 * evidence refers to (EXTRA), 0 for the rest. */
enum { LEFT_OUT, KEPT, EXTRA };
typedef struct saved {
    unsigned char *ent, *rel, *src;
    size_t extra_ents, extra_rels;
} saved;

static void put_entity(erg_buf *b, const erg_graph *g, const saved *in, size_t e,
                       size_t *countries_dropped)
{
    erg_buf_puts(b, "    {\"id\": ");
    erg_put_json(b, erg_entity_id(g, e));
    erg_put_json_field(b, "type", erg_entity_type(g, e));
    erg_put_json_field(b, "name", erg_entity_name(g, e));
    erg_put_json_aliases(b, g, e);
    size_t c = erg_entity_country(g, e);
    if (c != ERG_NONE && in->ent[c] != LEFT_OUT)
        erg_put_json_field(b, "country", erg_entity_id(g, c));
    else if (c != ERG_NONE)
        (*countries_dropped)++;
    erg_put_json_attrs(b, g, e, false);
    erg_put_json_entity_sources(b, g, e);
    erg_buf_putc(b, '}');
}

/* `position` is the relationship's 1-based place in the file written. */
static void put_rel(erg_buf *b, const erg_graph *g, const erg_selection *sel, size_t r,
                    size_t position)
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
    erg_put_json_rel_rest(b, g, sel, r);
    erg_buf_putc(b, '}');
}

static void add_extra_entity(saved *in, size_t e)
{
    if (e != ERG_NONE && in->ent[e] == LEFT_OUT) {
        in->ent[e] = EXTRA;
        in->extra_ents++;
    }
}

/* What to write: everything for the whole graph; else what the selection
 * keeps, what that refers to (see the top of this file) and the sources
 * they all cite. Time complexity: O(entities + relationships + evidence). */
static erg_status saved_build(saved *in, const erg_graph *g, const erg_selection *sel)
{
    size_t ne = erg_graph_entity_count(g), nr = erg_graph_relationship_count(g),
           ns = erg_graph_source_count(g);
    in->ent = erg_calloc(ne + 1, 1);
    in->rel = erg_calloc(nr + 1, 1);
    in->src = erg_calloc(ns + 1, 1);
    in->extra_ents = in->extra_rels = 0;
    if (in->ent == NULL || in->rel == NULL || in->src == NULL)
        return ERG_ENOMEM;
    bool whole = sel == NULL ||
                 (erg_selection_entity_count(sel) == ne && erg_selection_rel_count(sel) == nr);
    if (whole) {
        memset(in->ent, KEPT, ne);
        memset(in->rel, KEPT, nr);
        memset(in->src, 1, ns);
        return ERG_OK;
    }
    for (size_t e = 0; e < ne; e++)
        in->ent[e] = erg_selection_has_entity(sel, e) ? KEPT : LEFT_OUT;
    for (size_t r = 0; r < nr; r++)
        in->rel[r] = erg_selection_has_rel(sel, r) ? KEPT : LEFT_OUT;
    for (size_t r = 0; r < nr; r++) {
        if (in->rel[r] != KEPT)
            continue;
        for (size_t i = 0; i < erg_rel_conflict_count(g, r); i++) {
            size_t other = erg_rel_conflict(g, r, i);
            if (in->rel[other] == LEFT_OUT) {
                in->rel[other] = EXTRA;
                in->extra_rels++;
            }
        }
    }
    for (size_t r = 0; r < nr; r++) {
        if (in->rel[r] == LEFT_OUT)
            continue;
        if (in->rel[r] == EXTRA) {
            add_extra_entity(in, erg_rel_from(g, r));
            add_extra_entity(in, erg_rel_to(g, r));
        }
        for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
            if (in->rel[r] == KEPT && !erg_selection_has_evidence(sel, r, i))
                continue;
            const erg_evidence *ev = erg_rel_evidence(g, r, i);
            in->src[ev->source] = 1;
            add_extra_entity(in, ev->attributed_to);
        }
    }
    for (size_t e = 0; e < ne; e++) {
        if (in->ent[e] == LEFT_OUT)
            continue;
        for (size_t i = 0; i < erg_entity_source_count(g, e); i++)
            in->src[erg_entity_source(g, e, i)] = 1;
    }
    return ERG_OK;
}

erg_status erg_export_json(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                           const erg_export_options *opts, erg_diags *diags)
{
    erg_status rc = ERG_ENOMEM;
    erg_buf *b = &o->buf;
    size_t countries_dropped = 0;
    saved in;
    if (saved_build(&in, g, sel) != ERG_OK)
        goto done;

    /* Files with different titles are saved under the short title that a
     * drawing of them has ("4 sources"), so the saved file draws the same. */
    char short_title[ERG_SHORT_TITLE_SIZE];
    const char *title = opts->title != NULL ? opts->title : erg_graph_short_title(g, short_title);
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
        if (!in.src[s])
            continue;
        erg_buf_puts(b, sep);
        put_source(b, erg_graph_source(g, s));
        sep = ",\n";
        erg_xout_maybe_flush(o);
    }
    erg_buf_puts(b, *sep == ',' ? "\n  ],\n  \"entities\": [" : "],\n  \"entities\": [");
    sep = "\n";
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (in.ent[e] == LEFT_OUT)
            continue;
        erg_buf_puts(b, sep);
        put_entity(b, g, &in, e, &countries_dropped);
        sep = ",\n";
        erg_xout_maybe_flush(o);
    }
    erg_buf_puts(b, *sep == ',' ? "\n  ],\n  \"relationships\": [" : "],\n  \"relationships\": [");
    sep = "\n";
    size_t position = 0;
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (in.rel[r] == LEFT_OUT)
            continue;
        erg_buf_puts(b, sep);
        /* The other side of a contradiction is written with all its evidence. */
        put_rel(b, g, in.rel[r] == KEPT ? sel : NULL, r, ++position);
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
    if (in.extra_rels + in.extra_ents > 0) {
        char rels[48] = "", ents[48] = "";
        if (in.extra_rels > 0)
            snprintf(rels, sizeof(rels), "%zu %s%s", in.extra_rels,
                     in.extra_rels == 1 ? "relationship" : "relationships",
                     in.extra_ents > 0 ? " and " : "");
        if (in.extra_ents > 0)
            snprintf(ents, sizeof(ents), "%zu %s", in.extra_ents,
                     in.extra_ents == 1 ? "entity" : "entities");
        if (erg_diags_add(diags, ERG_NOTE, NULL, 0, 0, NULL,
                          "%s%s that the filters leave out %s written too, for what the kept "
                          "evidence refers to (the other side of a contradiction, the entity a "
                          "quote is attributed to); the same filters on the file give this "
                          "selection again",
                          rels, ents, in.extra_rels + in.extra_ents == 1 ? "is" : "are") != ERG_OK)
            goto done;
    }
    rc = ERG_OK;
done:
    erg_free(in.ent);
    erg_free(in.rel);
    erg_free(in.src);
    return rc;
}
