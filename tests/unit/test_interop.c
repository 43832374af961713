/* Unit tests of the exports and the CSV import (include/ergraph/export.h, import.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>

static const erg_export_format all_formats[] = {
    ERG_EXPORT_GRAPHML, ERG_EXPORT_GEXF,        ERG_EXPORT_CYTOSCAPE,
    ERG_EXPORT_JSON,    ERG_EXPORT_NEO4J_NODES, ERG_EXPORT_NEO4J_RELATIONSHIPS};
#define FORMAT_COUNT (sizeof(all_formats) / sizeof(all_formats[0]))

static erg_graph *load_text(const char *text)
{
    erg_diags *diags = erg_diags_new();
    erg_loader *l = erg_loader_new(NULL, diags);
    erg_graph *g = NULL;
    assert_int_equal(erg_loader_add_buffer(l, "test.json", text, strlen(text)), ERG_OK);
    erg_status rc = erg_loader_finish(l, &g);
    if (rc != ERG_OK && erg_diags_count(diags) > 0)
        fprintf(stderr, "%s\n", erg_diags_get(diags, 0)->message);
    assert_int_equal(rc, ERG_OK);
    erg_loader_free(l);
    erg_diags_free(diags);
    return g;
}

/* A chain of n entities, each tie quoted, in a JSON text to free(). */
static char *chain_json(size_t n)
{
    size_t cap = 200 + n * 400, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    len += (size_t)snprintf(s + len, cap - len,
                            "{\"format\": \"ergraph/1\", \"sources\": [{\"id\": \"s\"}], "
                            "\"entities\": [");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len,
                                "%s{\"id\": \"e%zu\", \"type\": \"person\", \"name\": \"Person "
                                "%zu\", \"aliases\": [\"P%zu\"], \"attrs\": {\"rank\": %zu}}",
                                i ? ", " : "", i, i, i, i);
    len += (size_t)snprintf(s + len, cap - len, "], \"relationships\": [");
    for (size_t i = 0; i + 1 < n; i++)
        len += (size_t)snprintf(s + len, cap - len,
                                "%s{\"from\": \"e%zu\", \"to\": \"e%zu\", \"type\": \"knows\", "
                                "\"start\": \"2003\", \"evidence\": [{\"source\": \"s\", "
                                "\"quote\": \"quote number %zu\"}]}",
                                i ? ", " : "", i, i + 1, i);
    snprintf(s + len, cap - len, "]}");
    return s;
}

typedef struct collected {
    char *data;
    size_t len, calls;
    size_t refuse_at; /* refuse the Nth call (1-based); 0: never */
} collected;

static int collect(void *ctx, const void *data, size_t len)
{
    collected *c = ctx;
    c->calls++;
    if (c->refuse_at != 0 && c->calls == c->refuse_at)
        return -1;
    c->data = realloc(c->data, c->len + len + 1);
    assert_non_null(c->data);
    memcpy(c->data + c->len, data, len);
    c->len += len;
    return 0;
}

static void test_interop__stream_in_pieces_equals_memory(void **state)
{
    (void)state;
    char *json = chain_json(3000);
    erg_graph *g = load_text(json);
    erg_diags *diags = erg_diags_new();
    for (size_t f = 0; f < FORMAT_COUNT; f++) {
        collected c = {NULL, 0, 0, 0};
        assert_int_equal(erg_export_stream(all_formats[f], g, NULL, NULL, collect, &c, diags),
                         ERG_OK);
        /* Streamed: the text came in several pieces, not one at the end. */
        assert_true(c.calls > 2);
        char *mem = NULL;
        size_t len = 0;
        assert_int_equal(erg_export_write(&mem, &len, all_formats[f], g, NULL, NULL, diags),
                         ERG_OK);
        assert_int_equal(len, c.len);
        assert_memory_equal(mem, c.data, len);
        assert_int_equal(mem[len], '\0');
        erg_free(mem);
        free(c.data);
    }
    erg_diags_free(diags);
    erg_graph_free(g);
    free(json);
}

static void test_interop__sink_refusal_is_eio(void **state)
{
    (void)state;
    char *json = chain_json(3000);
    erg_graph *g = load_text(json);
    erg_diags *diags = erg_diags_new();
    for (size_t f = 0; f < FORMAT_COUNT; f++) {
        collected c = {NULL, 0, 0, 2};
        assert_int_equal(erg_export_stream(all_formats[f], g, NULL, NULL, collect, &c, diags),
                         ERG_EIO);
        /* Nothing more was sent after the refusal. */
        assert_int_equal(c.calls, 2);
        free(c.data);
    }
    erg_diags_free(diags);
    erg_graph_free(g);
    free(json);
}

/* ---- A fault-injecting allocator ------------------------------------ */

static long alloc_countdown = -1; /* fail when it reaches 0; -1: never */

static void *failing_malloc(size_t n)
{
    if (alloc_countdown >= 0 && alloc_countdown-- == 0)
        return NULL;
    return malloc(n);
}

static void *failing_realloc(void *p, size_t n)
{
    if (alloc_countdown >= 0 && alloc_countdown-- == 0)
        return NULL;
    return realloc(p, n);
}

static const char small_graph[] =
    "{\"format\": \"ergraph/1\", \"title\": \"T\", \"sources\": [{\"id\": \"s\"}],"
    " \"entities\": [{\"id\": \"ru\", \"type\": \"country\", \"name\": \"Russia\"},"
    " {\"id\": \"a\", \"type\": \"agency\", \"name\": \"A\", \"country\": \"ru\","
    "  \"aliases\": [\"x;y\"], \"attrs\": {\"n\": 1, \"m\": \"t\"}},"
    " {\"id\": \"b\", \"type\": \"person\", \"name\": \"B\", \"attrs\": {\"n\": 2.5}}],"
    " \"relationships\": [{\"from\": \"a\", \"to\": \"b\", \"type\": \"knows\", \"weight\": 2,"
    "  \"start\": \"2003-02\", \"attrs\": {\"k\": true},"
    "  \"evidence\": [{\"source\": \"s\", \"quote\": \"q\", \"note\": \"n\"}]}]}";

static void test_interop__out_of_memory_everywhere(void **state)
{
    (void)state;
    erg_graph *g = load_text(small_graph);
    erg_export_options cluster = {NULL, true, 0, ERG_GEXF_1_3};
    erg_set_alloc_funcs(failing_malloc, failing_realloc, free);
    for (size_t f = 0; f < FORMAT_COUNT; f++) {
        bool succeeded = false;
        for (long n = 0; n < 200 && !succeeded; n++) {
            erg_diags *diags = erg_diags_new();
            if (diags == NULL)
                continue;
            char *out = NULL;
            size_t len = 0;
            alloc_countdown = n;
            erg_status rc = erg_export_write(&out, &len, all_formats[f], g, NULL,
                                             f == 2 ? &cluster : NULL, diags);
            alloc_countdown = -1;
            assert_true(rc == ERG_OK || rc == ERG_ENOMEM);
            if (rc == ERG_OK)
                succeeded = true;
            else
                assert_null(out);
            erg_free(out);
            erg_diags_free(diags);
        }
        assert_true(succeeded);
    }
    erg_set_alloc_funcs(NULL, NULL, NULL);
    erg_graph_free(g);
}

static void test_interop__csv_import_out_of_memory(void **state)
{
    (void)state;
    static const char e[] = "id,type,name,aliases,rank\nfsb,agency,FSB,A;B,1\nfbi,agency,FBI,,\n";
    static const char r[] = "from,to,type,source,quote\nfsb,fbi,knows,s1;s2,a;b\n";
    erg_csv_import_input ents = {"e.csv", e, sizeof(e) - 1}, rels = {"r.csv", r, sizeof(r) - 1};
    bool succeeded = false;
    erg_set_alloc_funcs(failing_malloc, failing_realloc, free);
    for (long n = 0; n < 2000 && !succeeded; n++) {
        erg_diags *diags = erg_diags_new();
        if (diags == NULL)
            continue;
        char *out = NULL;
        size_t len = 0;
        alloc_countdown = n;
        erg_status rc = erg_csv_import(&out, &len, &ents, &rels, NULL, NULL, diags);
        alloc_countdown = -1;
        assert_true(rc == ERG_OK || rc == ERG_ENOMEM);
        if (rc != ERG_OK)
            assert_null(out);
        succeeded = rc == ERG_OK;
        erg_free(out);
        erg_diags_free(diags);
    }
    erg_set_alloc_funcs(NULL, NULL, NULL);
    assert_true(succeeded);
}

/* ---- The json export's round trip ----------------------------------- */

static void test_interop__json_round_trip_draws_the_same_dot(void **state)
{
    (void)state;
    erg_graph *g = load_text(small_graph);
    erg_diags *diags = erg_diags_new();
    /* Keep b alone: a's country and a itself are left out. */
    erg_selection *sel = erg_selection_new(g, false);
    erg_selection_set_entity(sel, 0, true); /* ru */
    erg_selection_set_entity(sel, 2, true); /* b */
    char *dot1, *json, *dot2;
    size_t len1, json_len, len2;
    assert_int_equal(erg_dot_write(&dot1, &len1, g, sel, NULL, diags), ERG_OK);
    assert_int_equal(erg_export_write(&json, &json_len, ERG_EXPORT_JSON, g, sel, NULL, diags),
                     ERG_OK);
    erg_graph *again = load_text(json);
    assert_int_equal(erg_graph_entity_count(again), 2);
    assert_string_equal(erg_graph_title(again), "T");
    assert_int_equal(erg_dot_write(&dot2, &len2, again, NULL, NULL, diags), ERG_OK);
    assert_int_equal(len1, len2);
    assert_memory_equal(dot1, dot2, len1);
    erg_free(dot1);
    erg_free(dot2);
    erg_free(json);
    erg_graph_free(again);

    /* Keeping a without its country: a note says the country was left out. */
    erg_selection_set_entity(sel, 0, false);
    erg_selection_set_entity(sel, 1, true);
    erg_selection_set_rel(sel, 0, true);
    erg_diags_clear(diags);
    assert_int_equal(erg_export_write(&json, &json_len, ERG_EXPORT_JSON, g, sel, NULL, diags),
                     ERG_OK);
    assert_null(strstr(json, "\"country\""));
    assert_int_equal(erg_diags_count(diags), 1);
    assert_int_equal(erg_diags_get(diags, 0)->severity, ERG_NOTE);
    assert_string_equal(erg_diags_get(diags, 0)->message,
                        "1 entity is written without its country, which the filters leave out");
    /* The relationship keeps its generated id, which reloading would give
     * it too: nothing written. */
    assert_null(strstr(json, "\"#1\""));
    erg_free(json);
    erg_selection_free(sel);
    erg_diags_free(diags);
    erg_graph_free(g);
}

static void test_interop__json_keeps_generated_ids_that_move(void **state)
{
    (void)state;
    erg_graph *g = load_text(small_graph);
    /* Add nothing: a selection that keeps only the second of two ties. */
    static const char two[] =
        "{\"format\": \"ergraph/1\", \"entities\": [{\"id\": \"a\", \"type\": \"x\", \"name\": "
        "\"A\"}], \"relationships\": [{\"from\": \"a\", \"to\": \"a\", \"type\": \"one\"}, "
        "{\"from\": \"a\", \"to\": \"a\", \"type\": \"two\"}]}";
    erg_graph *g2 = load_text(two);
    erg_selection *sel = erg_selection_new(g2, true);
    erg_selection_set_rel(sel, 0, false);
    erg_diags *diags = erg_diags_new();
    char *json;
    size_t len;
    assert_int_equal(erg_export_write(&json, &len, ERG_EXPORT_JSON, g2, sel, NULL, diags), ERG_OK);
    assert_non_null(strstr(json, "{\"id\": \"#2\", \"from\": \"a\""));
    erg_graph *again = load_text(json);
    assert_string_equal(erg_rel_id(again, 0), "#2");
    erg_graph_free(again);
    erg_free(json);
    erg_diags_free(diags);
    erg_selection_free(sel);
    erg_graph_free(g2);
    erg_graph_free(g);
}

/* ---- Neo4j ----------------------------------------------------------- */

static void test_interop__neo4j_delimiter_avoids_what_elements_hold(void **state)
{
    (void)state;
    erg_graph *g = load_text(small_graph); /* an alias holds ';' */
    assert_int_equal(erg_export_neo4j_delimiter(g, NULL), '|');
    erg_graph_free(g);
    static const char every[] =
        "{\"format\": \"ergraph/1\", \"entities\": [{\"id\": \"a\", \"type\": \"x\", \"name\": "
        "\"A\", \"aliases\": [\";|^~`\"]}], \"relationships\": []}";
    g = load_text(every);
    assert_int_equal(erg_export_neo4j_delimiter(g, NULL), 0);
    erg_diags *diags = erg_diags_new();
    char *out = NULL;
    size_t len;
    assert_int_equal(erg_export_write(&out, &len, ERG_EXPORT_NEO4J_NODES, g, NULL, NULL, diags),
                     ERG_EDATA);
    assert_null(out);
    assert_int_equal(erg_diags_error_count(diags), 1);
    erg_diags_free(diags);
    erg_graph_free(g);
}

static void test_interop__neo4j_nodes_csv(void **state)
{
    (void)state;
    erg_graph *g = load_text(small_graph);
    erg_diags *diags = erg_diags_new();
    char *out;
    size_t len;
    assert_int_equal(erg_export_write(&out, &len, ERG_EXPORT_NEO4J_NODES, g, NULL, NULL, diags),
                     ERG_OK);
    assert_string_equal(out, "id:ID,:LABEL,type,name,aliases:string[],country,sources:string[],"
                             "attrs.n:double,attrs.m\n"
                             "ru,Entity|country,country,Russia,,,,,\n"
                             "a,Entity|agency,agency,A,x;y,ru,,1,t\n"
                             "b,Entity|person,person,B,,,,2.5,\n");
    erg_free(out);
    erg_diags_free(diags);
    erg_graph_free(g);
}

static void test_interop__format_names(void **state)
{
    (void)state;
    erg_export_format f;
    assert_true(erg_export_format_from_name(&f, "graphml"));
    assert_int_equal(f, ERG_EXPORT_GRAPHML);
    assert_true(erg_export_format_from_name(&f, "neo4j"));
    assert_int_equal(f, ERG_EXPORT_NEO4J_NODES);
    assert_false(erg_export_format_from_name(&f, "GraphML"));
    assert_false(erg_export_format_from_name(&f, "dot"));
}

/* ---- CSV import ------------------------------------------------------ */

static void expect_import_error(const char *e, const char *r, const char *want)
{
    erg_csv_import_input ents = {"e.csv", e, strlen(e)}, rels = {"r.csv", r, strlen(r)};
    erg_diags *diags = erg_diags_new();
    char *out = (char *)"not touched";
    size_t len = 99;
    assert_int_equal(erg_csv_import(&out, &len, &ents, &rels, NULL, NULL, diags), ERG_EDATA);
    assert_null(out);
    assert_int_equal(len, 0);
    assert_true(erg_diags_count(diags) >= 1);
    char *line = erg_diag_format(erg_diags_get(diags, 0));
    assert_string_equal(line, want);
    erg_free(line);
    erg_diags_free(diags);
}

static void test_interop__csv_import_errors_name_row_and_column(void **state)
{
    (void)state;
    const char *e = "id,type,name\nfsb,agency,FSB\n";
    expect_import_error(e, "from,to,type\nfsb,fbi,knows\n", "r.csv:2:2: unknown entity \"fbi\"");
    /* A quoted cell over two lines: the next record is on row 4. */
    expect_import_error(e, "from,to,type,label\nfsb,fsb,knows,\"a\nb\"\nfsb,x,knows,\n",
                        "r.csv:4:2: unknown entity \"x\"");
    expect_import_error("id,type,name\r\n\r\nfsb,agency,\r\n", "from,to,type\n",
                        "e.csv:3:3: empty name");
    expect_import_error(e, "from,to,type\nfsb,fsb,knows,x\n",
                        "r.csv:2:4: this row has 4 fields, the header 3");
}

static void test_interop__csv_import_result_loads(void **state)
{
    (void)state;
    static const char e[] = "id,type,name,aliases\nfsb,agency,FSB,\"A;;B; C\"\n";
    static const char r[] = "from,to,type,source,quote\nfsb,fsb,reviewed,s1,\"q, \"\"1\"\"\"\n";
    erg_csv_import_input ents = {"e.csv", e, sizeof(e) - 1}, rels = {"r.csv", r, sizeof(r) - 1};
    erg_diags *diags = erg_diags_new();
    char *out;
    size_t len;
    assert_int_equal(erg_csv_import(&out, &len, &ents, &rels, NULL, NULL, diags), ERG_OK);
    assert_int_equal(strlen(out), len);
    erg_graph *g = load_text(out);
    assert_int_equal(erg_entity_alias_count(g, 0), 2);
    assert_string_equal(erg_entity_alias(g, 0, 0), "A;B");
    assert_string_equal(erg_entity_alias(g, 0, 1), "C");
    assert_string_equal(erg_rel_evidence(g, 0, 0)->quote, "q, \"1\"");
    assert_string_equal(erg_graph_source(g, 0)->id, "s1");
    erg_graph_free(g);
    erg_free(out);
    erg_diags_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interop__stream_in_pieces_equals_memory),
        cmocka_unit_test(test_interop__sink_refusal_is_eio),
        cmocka_unit_test(test_interop__out_of_memory_everywhere),
        cmocka_unit_test(test_interop__csv_import_out_of_memory),
        cmocka_unit_test(test_interop__json_round_trip_draws_the_same_dot),
        cmocka_unit_test(test_interop__json_keeps_generated_ids_that_move),
        cmocka_unit_test(test_interop__neo4j_delimiter_avoids_what_elements_hold),
        cmocka_unit_test(test_interop__neo4j_nodes_csv),
        cmocka_unit_test(test_interop__format_names),
        cmocka_unit_test(test_interop__csv_import_errors_name_row_and_column),
        cmocka_unit_test(test_interop__csv_import_result_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
