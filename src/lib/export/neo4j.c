/*
 * The Neo4j export: the two CSV files that `neo4j-admin database import
 * full` reads, with its header syntax:
 *
 *   nodes:         id:ID,:LABEL,type,name,aliases:string[],country,
 *                  sources:string[],attrs.KEY[:long|double|boolean]...
 *   relationships: :START_ID,:END_ID,:TYPE,id,label,directed:boolean,start,
 *                  end,date,certainty,contested:boolean,contradicts:string[],
 *                  weight:double,sources:string[],quotes:string[],
 *                  notes:string[],certainties:string[],attributed_to:string[],
 *                  grades:string[],attrs.KEY...
 *
 * Fields follow RFC 4180. Every node has the labels Entity and its type;
 * every relationship has its type as :TYPE. Neo4j's relationships are all
 * directed: an undirected tie keeps from and to as written and says
 * directed=false. The evidence is three parallel arrays (the i-th quote is
 * from the i-th source; "" where there is none). A ':' or '%' in an
 * attribute key is percent-encoded in the header, whose syntax uses ':'.
 */
#include <string.h>

#include "util/alloc.h"
#include "export/export_impl.h"

static const char *neo4j_type(erg_attr_kind kind)
{
    switch (kind) {
    case ERG_ATTR_INTEGER:
        return ":long";
    case ERG_ATTR_REAL:
        return ":double";
    case ERG_ATTR_BOOL:
        return ":boolean";
    default:
        return "";
    }
}

static void put_attr_headers(erg_buf *b, const erg_attr_columns *c, erg_buf *scratch)
{
    for (size_t i = 0; i < c->count; i++) {
        scratch->len = 0;
        erg_buf_puts(scratch, "attrs.");
        for (const char *k = c->cols[i].key; *k != '\0'; k++) {
            if (*k == ':')
                erg_buf_puts(scratch, "%3A");
            else if (*k == '%')
                erg_buf_puts(scratch, "%25");
            else
                erg_buf_putc(scratch, *k);
        }
        erg_buf_puts(scratch, neo4j_type(c->cols[i].kind));
        erg_buf_putc(b, ',');
        erg_put_csv(b, scratch->data ? scratch->data : "", scratch->len);
    }
}

/* The attribute fields of element i, in the columns' order. */
static void put_attr_fields(erg_buf *b, const erg_graph *g, size_t i, bool rel,
                            const erg_attr_columns *c, const char **row)
{
    size_t n = rel ? erg_rel_attr_count(g, i) : erg_entity_attr_count(g, i);
    for (size_t k = 0; k < c->count; k++)
        row[k] = NULL;
    for (size_t k = 0; k < n; k++) {
        const erg_attr *a = rel ? erg_rel_attr(g, i, k) : erg_entity_attr(g, i, k);
        row[erg_attr_columns_find(c, a->key)] = a->text;
    }
    for (size_t k = 0; k < c->count; k++) {
        erg_buf_putc(b, ',');
        if (row[k] != NULL)
            erg_put_csv(b, row[k], strlen(row[k]));
    }
}

static void put_field(erg_buf *b, const char *s)
{
    erg_buf_putc(b, ',');
    if (s != NULL)
        erg_put_csv(b, s, strlen(s));
}

/* Which array of an entity or a tie. */
enum {
    ALIASES,
    ENTITY_SOURCES,
    CONTRADICTS,
    EV_SOURCES, /* the evidence's parallel arrays from here on */
    EV_QUOTES,
    EV_NOTES,
    EV_CERTAINTIES,
    EV_ATTRIBUTIONS,
    EV_GRADES,
    ARRAY_KINDS
};

static size_t array_count(const erg_graph *g, size_t i, int which)
{
    return which == ALIASES          ? erg_entity_alias_count(g, i)
           : which == ENTITY_SOURCES ? erg_entity_source_count(g, i)
           : which == CONTRADICTS    ? erg_rel_contradicts_count(g, i)
                                     : erg_rel_evidence_count(g, i);
}

static const char *array_item(const erg_graph *g, size_t i, int which, size_t k)
{
    static ERG_THREAD_LOCAL char grade[3];
    if (which == ALIASES)
        return erg_entity_alias(g, i, k);
    if (which == ENTITY_SOURCES)
        return erg_graph_source(g, erg_entity_source(g, i, k))->id;
    if (which == CONTRADICTS)
        return erg_rel_contradicts_id(g, i, k);
    const erg_evidence *ev = erg_rel_evidence(g, i, k);
    switch (which) {
    case EV_SOURCES:
        return erg_graph_source(g, ev->source)->id;
    case EV_QUOTES:
        return ev->quote;
    case EV_NOTES:
        return ev->note;
    case EV_CERTAINTIES:
        return erg_certainty_name(ev->certainty);
    case EV_ATTRIBUTIONS:
        return ev->attributed_to != ERG_NONE ? erg_entity_id(g, ev->attributed_to) : NULL;
    default:
        erg_evidence_grade(g, ev, grade);
        return grade[0] != '\0' ? grade : NULL;
    }
}

/* An array field: its elements joined by `delim`; empty when it has none
 * (or, for quotes and notes, when every element is absent). */
static void put_array(erg_buf *b, erg_buf *scratch, const erg_graph *g, const erg_selection *sel,
                      size_t i, int which, char delim)
{
    size_t n = array_count(g, i, which), written = 0;
    bool any = false;
    scratch->len = 0;
    for (size_t k = 0; k < n; k++) {
        if (which >= EV_SOURCES && !erg_selection_has_evidence(sel, i, k))
            continue;
        const char *s = array_item(g, i, which, k);
        if (written++ > 0)
            erg_buf_putc(scratch, delim);
        if (s != NULL) {
            erg_buf_puts(scratch, s);
            any = true;
        }
    }
    erg_buf_putc(b, ',');
    if (any && !scratch->failed)
        erg_put_csv(b, scratch->data, scratch->len);
    b->failed = b->failed || scratch->failed;
}

char erg_export_neo4j_delimiter(const erg_graph *g, const erg_selection *sel)
{
    static const char candidates[] = ";|^~`";
    bool seen[sizeof(candidates)] = {false};
    for (int which = 0; which < ARRAY_KINDS; which++) {
        bool rel = which >= CONTRADICTS;
        size_t n = rel ? erg_graph_relationship_count(g) : erg_graph_entity_count(g);
        for (size_t i = 0; i < n; i++) {
            if (rel ? !erg_x_has_rel(sel, i) : !erg_x_has_entity(sel, i))
                continue;
            for (size_t k = 0; k < array_count(g, i, which); k++) {
                const char *s = array_item(g, i, which, k);
                for (size_t c = 0; s != NULL && c < sizeof(candidates) - 1; c++)
                    seen[c] = seen[c] || strchr(s, candidates[c]) != NULL;
            }
        }
    }
    for (size_t c = 0; c < sizeof(candidates) - 1; c++) {
        if (!seen[c])
            return candidates[c];
    }
    return 0;
}

erg_status erg_export_neo4j(erg_xout *o, bool relationships, const erg_graph *g,
                            const erg_selection *sel, const erg_export_options *opts,
                            erg_diags *diags)
{
    erg_status rc = ERG_ENOMEM;
    erg_buf *b = &o->buf;
    erg_buf scratch = ERG_BUF_INIT;
    const char **row = NULL;
    erg_attr_columns cols;
    char delim =
        opts->array_delimiter != 0 ? opts->array_delimiter : erg_export_neo4j_delimiter(g, sel);
    if (delim == 0) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "every array delimiter Neo4j could use (; | ^ ~ `) occurs in some alias, "
                      "source id or quote");
        return ERG_EDATA;
    }
    if (erg_attr_columns_build(&cols, g, sel, relationships) != ERG_OK)
        return ERG_ENOMEM;
    row = erg_calloc(cols.count + 1, sizeof(*row));
    if (row == NULL)
        goto done;

    if (!relationships) {
        erg_buf_puts(b, "id:ID,:LABEL,type,name,aliases:string[],country,sources:string[]");
        put_attr_headers(b, &cols, &scratch);
        erg_buf_puts(b, "\n");
        for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
            if (!erg_x_has_entity(sel, e))
                continue;
            const char *id = erg_entity_id(g, e), *type = erg_entity_type(g, e);
            erg_put_csv(b, id, strlen(id));
            erg_buf_printf(b, ",Entity%c%s", delim, type); /* types need no quoting */
            put_field(b, type);
            put_field(b, erg_entity_name(g, e));
            put_array(b, &scratch, g, sel, e, ALIASES, delim);
            size_t c = erg_entity_country(g, e);
            put_field(b, c == ERG_NONE ? NULL : erg_entity_id(g, c));
            put_array(b, &scratch, g, sel, e, ENTITY_SOURCES, delim);
            put_attr_fields(b, g, e, false, &cols, row);
            erg_buf_puts(b, "\n");
            erg_xout_maybe_flush(o);
        }
    } else {
        erg_buf_puts(b, ":START_ID,:END_ID,:TYPE,id,label,directed:boolean,start,end,date,"
                        "certainty,contested:boolean,contradicts:string[],weight:double,"
                        "sources:string[],quotes:string[],notes:string[],certainties:string[],"
                        "attributed_to:string[],grades:string[]");
        put_attr_headers(b, &cols, &scratch);
        erg_buf_puts(b, "\n");
        for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
            if (!erg_x_has_rel(sel, r))
                continue;
            const char *from = erg_entity_id(g, erg_rel_from(g, r));
            erg_put_csv(b, from, strlen(from));
            put_field(b, erg_entity_id(g, erg_rel_to(g, r)));
            put_field(b, erg_rel_type(g, r));
            put_field(b, erg_rel_id(g, r));
            put_field(b, erg_rel_label(g, r));
            put_field(b, erg_rel_directed(g, r) ? "true" : "false");
            put_field(b, erg_rel_start(g, r));
            put_field(b, erg_rel_end(g, r));
            put_field(b, erg_rel_date(g, r));
            put_field(b, erg_certainty_name(erg_selection_rel_certainty(sel, g, r)));
            put_field(b, erg_rel_conflict_count(g, r) > 0 ? "true" : "false");
            put_array(b, &scratch, g, sel, r, CONTRADICTS, delim);
            erg_buf_putc(b, ',');
            double w;
            if (erg_rel_weight(g, r, &w))
                erg_put_double(b, w);
            put_array(b, &scratch, g, sel, r, EV_SOURCES, delim);
            put_array(b, &scratch, g, sel, r, EV_QUOTES, delim);
            put_array(b, &scratch, g, sel, r, EV_NOTES, delim);
            put_array(b, &scratch, g, sel, r, EV_CERTAINTIES, delim);
            put_array(b, &scratch, g, sel, r, EV_ATTRIBUTIONS, delim);
            put_array(b, &scratch, g, sel, r, EV_GRADES, delim);
            put_attr_fields(b, g, r, true, &cols, row);
            erg_buf_puts(b, "\n");
            erg_xout_maybe_flush(o);
        }
    }
    rc = scratch.failed ? ERG_ENOMEM : ERG_OK;
done:
    erg_free(row);
    erg_buf_release(&scratch);
    erg_attr_columns_release(&cols);
    return rc;
}
