/*
 * The loader on two threads against the loader on one (split.h): for any
 * bytes, the same status, the same diagnostics in the same order and the
 * same graph. The second thread is asked for on every input (split_min 0),
 * so it seeks the relationships past the entities, picks a boundary and
 * hands its work over on whatever the top level holds: keys in any order,
 * escapes in keys, brackets in strings, text that breaks anywhere.
 */
#include <string.h>

#include <ergraph/ergraph.h>

#include "buf.h"
#include "fuzz.h"
#include "loader_impl.h"

static void put(erg_buf *b, const char *label, const char *s)
{
    erg_buf_printf(b, " %s=%s", label, s != NULL ? s : "-");
}

static void dump_graph(erg_buf *b, const erg_graph *g)
{
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        erg_buf_printf(b, "entity %zu", e);
        put(b, "id", erg_entity_id(g, e));
        put(b, "type", erg_entity_type(g, e));
        put(b, "name", erg_entity_name(g, e));
        erg_buf_printf(b, " country=%zu aliases=%zu degree=%zu\n", erg_entity_country(g, e),
                       erg_entity_alias_count(g, e), erg_entity_degree(g, e));
    }
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        erg_buf_printf(b, "tie %zu %zu->%zu", r, erg_rel_from(g, r), erg_rel_to(g, r));
        put(b, "id", erg_rel_id(g, r));
        put(b, "type", erg_rel_type(g, r));
        put(b, "label", erg_rel_label(g, r));
        put(b, "start", erg_rel_start(g, r));
        put(b, "end", erg_rel_end(g, r));
        for (size_t i = 0; i < erg_rel_attr_count(g, r); i++) {
            put(b, "attr", erg_rel_attr(g, r, i)->key);
            put(b, "=", erg_rel_attr(g, r, i)->text);
        }
        for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
            const erg_evidence *ev = erg_rel_evidence(g, r, i);
            erg_buf_printf(b, " ev(%zu", ev->source);
            put(b, "quote", ev->quote);
            put(b, "note", ev->note);
            erg_buf_putc(b, ')');
        }
        erg_buf_putc(b, '\n');
    }
    for (size_t s = 0; s < erg_graph_source_count(g); s++)
        erg_buf_printf(b, "source %zu %s\n", s, erg_graph_source(g, s)->id);
}

/* The load's status, diagnostics and graph as text. */
static char *load(const uint8_t *data, size_t size, bool two_threads)
{
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    erg_load_options opts = {.threads = two_threads ? 0 : 1};
    erg_loader *l = erg_loader_new(&opts, diags);
    FUZZ_CHECK(l != NULL);
    if (two_threads)
        erg_loader_set_split_min(l, 0);
    erg_loader_add_buffer(l, "a.json", (const char *)data, size);
    erg_graph *g = NULL;
    erg_status rc = erg_loader_finish(l, &g);
    FUZZ_CHECK(rc == ERG_OK || rc == ERG_EDATA);
    erg_loader_free(l);
    erg_buf b = ERG_BUF_INIT;
    erg_buf_printf(&b, "status %d\n", (int)rc);
    for (size_t i = 0; i < erg_diags_count(diags); i++) {
        char *line = erg_diag_format(erg_diags_get(diags, i));
        FUZZ_CHECK(line != NULL);
        erg_buf_printf(&b, "%s\n", line);
        erg_free(line);
    }
    if (g != NULL)
        dump_graph(&b, g);
    erg_graph_free(g);
    erg_diags_free(diags);
    FUZZ_CHECK(!b.failed);
    return erg_buf_detach(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *one = load(data, size, false), *two = load(data, size, true);
    if (strcmp(one, two) != 0) {
        fprintf(stderr, "--- one thread\n%s\n--- two threads\n%s\n", one, two);
        FUZZ_CHECK(!"one and two threads differ");
    }
    erg_free(one);
    erg_free(two);
    return 0;
}
