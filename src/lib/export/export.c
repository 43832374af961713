/*
 * The exports' common ground: the streaming buffer, the escapers of each
 * syntax, attribute columns, and the public entry points that pick a
 * writer.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "export/export_impl.h"
#include "util/text.h"

/* Large enough that the sink's cost (a write(2), say) is amortised, small
 * enough to stay in cache. */
#define FLUSH_AT ((size_t)64 * 1024)

static void flush(erg_xout *o)
{
    if (o->buf.len == 0 || o->buf.failed || o->refused)
        return;
    if (o->sink(o->ctx, o->buf.data, o->buf.len) != 0)
        o->refused = true;
    o->buf.len = 0;
}

void erg_xout_maybe_flush(erg_xout *o)
{
    if (o->buf.len >= FLUSH_AT)
        flush(o);
}

erg_status erg_xout_finish(erg_xout *o)
{
    flush(o);
    erg_status rc = o->buf.failed ? ERG_ENOMEM : o->refused ? ERG_EIO : ERG_OK;
    erg_buf_release(&o->buf);
    return rc;
}

void erg_put_xml(erg_buf *b, const char *s)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    while (*s != '\0') {
        /* The run of ASCII characters that need nothing. */
        size_t run = 0;
        for (unsigned char c; (c = (unsigned char)s[run]) >= 0x20 && c < 0x80 && c != '&' &&
                              c != '<' && c != '>' && c != '"';)
            run++;
        erg_buf_put(b, s, run);
        s += run;
        unsigned char c = (unsigned char)*s;
        if (c == '\0')
            break;
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = erg_utf8_decode(s, strnlen(s, 4), &cp);
            /* U+FFFE and U+FFFF are not XML characters. */
            if (n == 0 || cp == 0xFFFE || cp == 0xFFFF) {
                erg_buf_puts(b, replacement);
                s += n == 0 ? 1 : n;
            } else {
                erg_buf_put(b, s, n);
                s += n;
            }
            continue;
        }
        s++;
        switch (c) {
        case '&':
            erg_buf_puts(b, "&amp;");
            break;
        case '<':
            erg_buf_puts(b, "&lt;");
            break;
        case '>':
            erg_buf_puts(b, "&gt;");
            break;
        case '"':
            erg_buf_puts(b, "&quot;");
            break;
        case '\t':
            erg_buf_puts(b, "&#9;");
            break;
        case '\n':
            erg_buf_puts(b, "&#10;");
            break;
        case '\r':
            erg_buf_puts(b, "&#13;");
            break;
        default: /* a C0 control: XML 1.0 has no way to write it */
            erg_buf_puts(b, replacement);
        }
    }
}

void erg_put_json(erg_buf *b, const char *s)
{
    erg_text_put_json(b, s, strlen(s), false);
}

void erg_put_csv(erg_buf *b, const char *s, size_t len)
{
    bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        erg_buf_put(b, s, len);
        return;
    }
    erg_buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            erg_buf_putc(b, '"');
        erg_buf_putc(b, s[i]);
    }
    erg_buf_putc(b, '"');
}

void erg_put_double(erg_buf *b, double v)
{
    char text[ERG_NUMBER_MAX];
    erg_buf_put(b, text, erg_text_number(text, v));
}

bool erg_x_has_entity(const erg_selection *sel, size_t e)
{
    return sel == NULL || erg_selection_has_entity(sel, e);
}

bool erg_x_has_rel(const erg_selection *sel, size_t r)
{
    return sel == NULL || erg_selection_has_rel(sel, r);
}

static erg_attr_kind merge_kind(erg_attr_kind a, erg_attr_kind b)
{
    if (a == b)
        return a;
    if ((a == ERG_ATTR_INTEGER || a == ERG_ATTR_REAL) &&
        (b == ERG_ATTR_INTEGER || b == ERG_ATTR_REAL))
        return ERG_ATTR_REAL;
    return ERG_ATTR_STRING;
}

static erg_status add_attr(erg_attr_columns *c, const erg_attr *a)
{
    bool added;
    size_t len = strlen(a->key);
    erg_strmap_slot *slot = erg_strmap_insert(&c->index, a->key, len, (uint32_t)c->count, &added);
    if (slot == NULL)
        return ERG_ENOMEM;
    if (!added) {
        erg_attr_column *col = &c->cols[slot->value];
        col->kind = merge_kind(col->kind, a->kind);
        return ERG_OK;
    }
    if (ERG_GROW(c->cols, c->cap, c->count + 1) != ERG_OK)
        return ERG_ENOMEM;
    c->cols[c->count].key = a->key;
    c->cols[c->count].kind = a->kind;
    c->count++;
    return ERG_OK;
}

erg_status erg_attr_columns_build(erg_attr_columns *out, const erg_graph *g,
                                  const erg_selection *sel, bool relationships)
{
    memset(out, 0, sizeof(*out));
    size_t n = relationships ? erg_graph_relationship_count(g) : erg_graph_entity_count(g);
    for (size_t i = 0; i < n; i++) {
        if (relationships ? !erg_x_has_rel(sel, i) : !erg_x_has_entity(sel, i))
            continue;
        size_t count = relationships ? erg_rel_attr_count(g, i) : erg_entity_attr_count(g, i);
        for (size_t k = 0; k < count; k++) {
            const erg_attr *a = relationships ? erg_rel_attr(g, i, k) : erg_entity_attr(g, i, k);
            if (add_attr(out, a) != ERG_OK) {
                erg_attr_columns_release(out);
                return ERG_ENOMEM;
            }
        }
    }
    return ERG_OK;
}

size_t erg_attr_columns_find(const erg_attr_columns *c, const char *key)
{
    const erg_strmap_slot *slot = erg_strmap_find(&c->index, key, strlen(key));
    return slot == NULL ? (size_t)-1 : slot->value;
}

void erg_attr_columns_release(erg_attr_columns *c)
{
    erg_free(c->cols);
    erg_strmap_release(&c->index);
    memset(c, 0, sizeof(*c));
}

/* ---- Entry points --------------------------------------------------- */

static int buf_sink(void *ctx, const void *data, size_t len)
{
    erg_buf *b = ctx;
    erg_buf_put(b, data, len);
    return b->failed ? -1 : 0;
}

erg_status erg_export_stream(erg_export_format format, const erg_graph *g, const erg_selection *sel,
                             const erg_export_options *opts, erg_export_sink sink, void *ctx,
                             erg_diags *diags)
{
    static const erg_export_options defaults = {NULL, false, 0, ERG_GEXF_1_3};
    erg_xout o = {ERG_BUF_INIT, sink, ctx, false};
    erg_status rc;
    if (opts == NULL)
        opts = &defaults;
    switch (format) {
    case ERG_EXPORT_GRAPHML:
        rc = erg_export_graphml(&o, g, sel, opts, diags);
        break;
    case ERG_EXPORT_GEXF:
        rc = erg_export_gexf(&o, g, sel, opts, diags);
        break;
    case ERG_EXPORT_CYTOSCAPE:
        rc = erg_export_cytoscape(&o, g, sel, opts, diags);
        break;
    case ERG_EXPORT_JSON:
        rc = erg_export_json(&o, g, sel, opts, diags);
        break;
    case ERG_EXPORT_NEO4J_NODES:
    case ERG_EXPORT_NEO4J_RELATIONSHIPS:
        rc = erg_export_neo4j(&o, format == ERG_EXPORT_NEO4J_RELATIONSHIPS, g, sel, opts, diags);
        break;
    default:
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "unknown export format %d", (int)format);
        rc = ERG_EUSAGE;
    }
    erg_status end = erg_xout_finish(&o);
    return rc != ERG_OK ? rc : end;
}

erg_status erg_export_write(char **out, size_t *out_len, erg_export_format format,
                            const erg_graph *g, const erg_selection *sel,
                            const erg_export_options *opts, erg_diags *diags)
{
    erg_buf b = ERG_BUF_INIT;
    *out = NULL;
    *out_len = 0;
    erg_status rc = erg_export_stream(format, g, sel, opts, buf_sink, &b, diags);
    if (rc == ERG_OK) {
        size_t len = b.len;
        *out = erg_buf_detach(&b);
        if (*out == NULL)
            rc = ERG_ENOMEM;
        else
            *out_len = len;
    }
    /* A sink that failed only for want of memory. */
    if (rc == ERG_EIO && b.failed)
        rc = ERG_ENOMEM;
    erg_buf_release(&b);
    return rc;
}

bool erg_export_format_from_name(erg_export_format *out, const char *name)
{
    static const struct {
        const char *name;
        erg_export_format format;
    } names[] = {{"graphml", ERG_EXPORT_GRAPHML},
                 {"gexf", ERG_EXPORT_GEXF},
                 {"cytoscape", ERG_EXPORT_CYTOSCAPE},
                 {"json", ERG_EXPORT_JSON},
                 {"neo4j", ERG_EXPORT_NEO4J_NODES}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return true;
        }
    }
    return false;
}

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

erg_status erg_export_xml(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                          const erg_export_options *opts, const erg_xml_format *format)
{
    erg_status rc = ERG_ENOMEM;
    erg_buf scratch = ERG_BUF_INIT;
    erg_xml_export x = {&o->buf, &scratch, g, opts, {0}, {0}, sel, false};
    bool any_directed = false;
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (erg_x_has_rel(sel, r)) {
            if (erg_rel_directed(g, r)) {
                any_directed = true;
                break;
            }
            x.undirected = true;
        }
    }
    if (any_directed)
        x.undirected = false;
    if (erg_attr_columns_build(&x.ent_cols, g, sel, false) != ERG_OK)
        return ERG_ENOMEM;
    if (erg_attr_columns_build(&x.rel_cols, g, sel, true) != ERG_OK)
        goto done;
    format->head(&x, sel);
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (erg_x_has_entity(sel, e)) {
            format->entity(&x, e);
            erg_xout_maybe_flush(o);
        }
    }
    erg_buf_puts(x.b, format->between);
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (erg_x_has_rel(sel, r)) {
            format->relationship(&x, r);
            erg_xout_maybe_flush(o);
        }
    }
    erg_buf_puts(x.b, format->tail);
    rc = scratch.failed ? ERG_ENOMEM : ERG_OK;
done:
    erg_buf_release(&scratch);
    erg_attr_columns_release(&x.ent_cols);
    erg_attr_columns_release(&x.rel_cols);
    return rc;
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

void erg_put_attr_values(erg_buf *b, const erg_graph *g, size_t i, bool rel,
                         const erg_attr_columns *c, const char *prefix,
                         void (*put)(erg_buf *b, const char *id, const char *text))
{
    size_t n = rel ? erg_rel_attr_count(g, i) : erg_entity_attr_count(g, i);
    for (size_t k = 0; k < n; k++) {
        const erg_attr *a = rel ? erg_rel_attr(g, i, k) : erg_entity_attr(g, i, k);
        char id[32];
        snprintf(id, sizeof(id), "%s%zu", prefix, erg_attr_columns_find(c, a->key));
        put(b, id, a->text);
    }
}
