/*
 * For tests: everything a loaded graph holds, as text in its own order, so
 * that two loads can be compared byte for byte (test_streaming.c, the split
 * fuzzer). Included by the file that uses it.
 */
#ifndef ERG_TESTS_GRAPH_DUMP_H
#define ERG_TESTS_GRAPH_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <ergraph/ergraph.h>

#include "util/buf.h"

static void put_str(erg_buf *b, const char *label, const char *s)
{
    erg_buf_printf(b, " %s=%s", label, s ? s : "(null)");
}

static void put_attrs(erg_buf *b, size_t n,
                      const erg_attr *(*get)(const erg_graph *, size_t, size_t), const erg_graph *g,
                      size_t owner)
{
    for (size_t i = 0; i < n; i++) {
        const erg_attr *a = get(g, owner, i);
        erg_buf_printf(b, " attr(%s=%s/%d)", a->key, a->text, (int)a->kind);
    }
}

/* Everything a graph holds, as text, in its own order. */
static void dump_graph(erg_buf *b, const erg_graph *g)
{
    put_str(b, "title", erg_graph_title(g));
    erg_buf_putc(b, '\n');
    for (size_t s = 0; s < erg_graph_source_count(g); s++) {
        const erg_source *src = erg_graph_source(g, s);
        erg_buf_printf(b, "source %zu", s);
        put_str(b, "id", src->id);
        put_str(b, "title", src->title);
        put_str(b, "date", src->date);
        put_str(b, "url", src->url);
        put_str(b, "reliability", src->reliability);
        erg_buf_putc(b, '\n');
    }
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        erg_buf_printf(b, "entity %zu country=%zd degree=%zu", e, (ssize_t)erg_entity_country(g, e),
                       erg_entity_degree(g, e));
        put_str(b, "id", erg_entity_id(g, e));
        put_str(b, "type", erg_entity_type(g, e));
        put_str(b, "name", erg_entity_name(g, e));
        for (size_t i = 0; i < erg_entity_alias_count(g, e); i++)
            put_str(b, "alias", erg_entity_alias(g, e, i));
        for (size_t i = 0; i < erg_entity_source_count(g, e); i++)
            erg_buf_printf(b, " src=%zu", erg_entity_source(g, e, i));
        put_attrs(b, erg_entity_attr_count(g, e), erg_entity_attr, g, e);
        for (size_t i = 0; i < erg_entity_degree(g, e); i++)
            erg_buf_printf(b, " tie=%zu", erg_entity_tie(g, e, i));
        erg_buf_putc(b, '\n');
    }
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        double w = 0;
        bool has_w = erg_rel_weight(g, r, &w);
        erg_buf_printf(b, "rel %zu %zu->%zu directed=%d file=%zu weight=%s%.17g", r,
                       erg_rel_from(g, r), erg_rel_to(g, r), erg_rel_directed(g, r),
                       erg_rel_file(g, r), has_w ? "" : "none", w);
        put_str(b, "id", erg_rel_id(g, r));
        put_str(b, "type", erg_rel_type(g, r));
        put_str(b, "label", erg_rel_label(g, r));
        put_str(b, "start", erg_rel_start(g, r));
        put_str(b, "end", erg_rel_end(g, r));
        put_str(b, "date", erg_rel_date(g, r));
        for (size_t i = 0; i < erg_rel_contradicts_count(g, r); i++)
            put_str(b, "contradicts", erg_rel_contradicts_id(g, r, i));
        for (size_t i = 0; i < erg_rel_conflict_count(g, r); i++)
            erg_buf_printf(b, " conflict=%zu", erg_rel_conflict(g, r, i));
        put_attrs(b, erg_rel_attr_count(g, r), erg_rel_attr, g, r);
        for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
            const erg_evidence *ev = erg_rel_evidence(g, r, i);
            erg_buf_printf(b, " ev(%zu", ev->source);
            put_str(b, "quote", ev->quote);
            put_str(b, "note", ev->note);
            erg_buf_printf(b, " certainty=%d credibility=%d by=%zd", (int)ev->certainty,
                           ev->credibility, (ssize_t)ev->attributed_to);
            erg_buf_putc(b, ')');
        }
        erg_buf_putc(b, '\n');
    }
}

/* A load's outcome as text: its status, its diagnostics in order and the
 * graph it made (then freed, with the diagnostics). NULL when out of
 * memory. */
static char *dump_load(erg_status rc, erg_graph *g, erg_diags *diags)
{
    erg_buf b = ERG_BUF_INIT;
    erg_buf_printf(&b, "status %d, %zu errors, %zu dropped\n", (int)rc,
                   erg_diags_error_count(diags), erg_diags_dropped(diags));
    for (size_t i = 0; i < erg_diags_count(diags); i++) {
        char *line = erg_diag_format(erg_diags_get(diags, i));
        erg_buf_printf(&b, "%s\n", line != NULL ? line : "(out of memory)");
        erg_free(line);
    }
    if (g != NULL)
        dump_graph(&b, g);
    erg_graph_free(g);
    erg_diags_free(diags);
    if (b.failed) {
        erg_buf_release(&b);
        return NULL;
    }
    return erg_buf_detach(&b);
}

#endif
