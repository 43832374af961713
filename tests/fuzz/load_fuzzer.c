/*
 * The loader: any bytes give a graph or an error, never a crash, a hang, a
 * leak or an out-of-bounds read (ASan, UBSan).
 *
 * Each input is loaded as one file, then twice in one loader with --strict
 * (the same ids in two files exercise every merge rule). Besides not
 * crashing, the loader keeps these promises, checked here:
 *  - ERG_OK with a graph and no error, or an error status with no graph
 *    and at least one error diagnostic (never ERG_ENOMEM: nothing fails);
 *  - every diagnostic is valid UTF-8 without control characters, so that
 *    printing one cannot garble or drive a terminal, whatever the file held;
 *  - a loaded graph's strings are valid UTF-8 and its indices in range.
 */
#include <string.h>

#include <ergraph/ergraph.h>

#include "fuzz.h"

static void check_text(const char *s)
{
    if (s == NULL)
        return;
    size_t len = strlen(s);
    FUZZ_CHECK(fuzz_valid_utf8(s, len));
}

static void check_diags(const erg_diags *diags)
{
    for (size_t i = 0; i < erg_diags_count(diags); i++) {
        const erg_diag *d = erg_diags_get(diags, i);
        FUZZ_CHECK(d->message != NULL);
        char *line = erg_diag_format(d);
        FUZZ_CHECK(line != NULL);
        FUZZ_CHECK(fuzz_valid_utf8(line, strlen(line)));
        for (const unsigned char *p = (const unsigned char *)line; *p; p++)
            FUZZ_CHECK(*p >= 0x20 && *p != 0x7F);
        erg_free(line);
    }
}

static void check_graph(const erg_graph *g)
{
    size_t ne = erg_graph_entity_count(g), nr = erg_graph_relationship_count(g);
    size_t ns = erg_graph_source_count(g);
    check_text(erg_graph_title(g));
    for (size_t e = 0; e < ne; e++) {
        FUZZ_CHECK(erg_entity_id(g, e)[0] != '\0');
        FUZZ_CHECK(erg_entity_name(g, e)[0] != '\0');
        check_text(erg_entity_id(g, e));
        check_text(erg_entity_name(g, e));
        check_text(erg_entity_type(g, e));
        FUZZ_CHECK(erg_graph_find_id(g, erg_entity_id(g, e)) == e);
        size_t c = erg_entity_country(g, e);
        FUZZ_CHECK(c == ERG_NONE || c < ne);
        for (size_t i = 0; i < erg_entity_alias_count(g, e); i++)
            check_text(erg_entity_alias(g, e, i));
        for (size_t i = 0; i < erg_entity_attr_count(g, e); i++) {
            check_text(erg_entity_attr(g, e, i)->key);
            check_text(erg_entity_attr(g, e, i)->text);
        }
        for (size_t i = 0; i < erg_entity_degree(g, e); i++)
            FUZZ_CHECK(erg_entity_tie(g, e, i) < nr);
    }
    for (size_t r = 0; r < nr; r++) {
        FUZZ_CHECK(erg_rel_from(g, r) < ne && erg_rel_to(g, r) < ne);
        check_text(erg_rel_id(g, r));
        check_text(erg_rel_type(g, r));
        check_text(erg_rel_label(g, r));
        for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
            const erg_evidence *ev = erg_rel_evidence(g, r, i);
            FUZZ_CHECK(ev->source < ns);
            check_text(ev->quote);
            check_text(ev->note);
        }
    }
    for (size_t s = 0; s < ns; s++) {
        const erg_source *src = erg_graph_source(g, s);
        FUZZ_CHECK(erg_graph_find_source(g, src->id) == s);
        check_text(src->url);
        check_text(src->title);
    }
}

static void load(const uint8_t *data, size_t size, bool strict, int copies)
{
    static const char *const names[] = {"a.json", "b.json"};
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    erg_load_options opts = {.strict = strict};
    erg_loader *l = erg_loader_new(&opts, diags);
    FUZZ_CHECK(l != NULL);
    for (int i = 0; i < copies; i++) {
        erg_status rc = erg_loader_add_buffer(l, names[i], (const char *)data, size);
        FUZZ_CHECK(rc == ERG_OK || rc == ERG_EDATA);
    }
    erg_graph *g = NULL;
    erg_status rc = erg_loader_finish(l, &g);
    FUZZ_CHECK(rc == ERG_OK || rc == ERG_EDATA);
    FUZZ_CHECK((rc == ERG_OK) == (g != NULL));
    FUZZ_CHECK((rc == ERG_OK) == (erg_diags_error_count(diags) == 0));
    check_diags(diags);
    if (g != NULL)
        check_graph(g);
    erg_graph_free(g);
    erg_loader_free(l);
    erg_diags_free(diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load(data, size, false, 1);
    load(data, size, true, 2);
    return 0;
}
