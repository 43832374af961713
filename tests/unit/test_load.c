/* Unit tests of the loader and the model it builds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>
#include <jansson.h>

static const char two_agencies[] =
    "{\"format\": \"ergraph/1\", \"title\": \"Sting\",\n"
    " \"sources\": [{\"id\": \"bbc\", \"publisher\": \"BBC News\", \"date\": \"2003-08\"}],\n"
    " \"entities\": [\n"
    "  {\"id\": \"russia\", \"type\": \"country\", \"name\": \"Russia\"},\n"
    "  {\"id\": \"fsb\", \"type\": \"agency\", \"name\": \"Federal Security Service\",\n"
    "   \"aliases\": [\"FSB\", \"ФСБ\"], \"country\": \"russia\",\n"
    "   \"attrs\": {\"founded\": 1995, \"budget\": 2.5, \"secret\": true, \"motto\": \"x\"}},\n"
    "  {\"id\": \"fbi\", \"type\": \"agency\", \"name\": \"FBI\"}\n"
    " ],\n"
    " \"relationships\": [\n"
    "  {\"from\": \"fsb\", \"to\": \"fbi\", \"type\": \"cooperated_with\", \"directed\": false,\n"
    "   \"evidence\": [{\"source\": \"bbc\", \"quote\": \"teamed up\"}]},\n"
    "  {\"id\": \"loop\", \"from\": \"fsb\", \"to\": \"fsb\", \"type\": \"reorganised\", "
    "\"weight\": 2},\n"
    "  {\"from\": \"fsb\", \"to\": \"russia\", \"type\": \"based_in\", \"start\": \"1995\"}\n"
    " ]}\n";

typedef struct loaded {
    erg_graph *g;
    erg_diags *diags;
    erg_status rc;
} loaded;

static loaded load2(const char *a, const char *b)
{
    loaded r = {NULL, erg_diags_new(), ERG_OK};
    erg_loader *l = erg_loader_new(NULL, r.diags);
    assert_non_null(l);
    erg_loader_add_buffer(l, "a.json", a, strlen(a));
    if (b != NULL)
        erg_loader_add_buffer(l, "b.json", b, strlen(b));
    r.rc = erg_loader_finish(l, &r.g);
    erg_loader_free(l);
    return r;
}

static void unload(loaded *r)
{
    erg_graph_free(r->g);
    erg_diags_free(r->diags);
}

static void test_load__counts_and_fields(void **state)
{
    (void)state;
    loaded r = load2(two_agencies, NULL);
    assert_int_equal(r.rc, ERG_OK);
    assert_int_equal(erg_diags_count(r.diags), 0);
    erg_graph *g = r.g;
    assert_int_equal(erg_graph_entity_count(g), 3);
    assert_int_equal(erg_graph_relationship_count(g), 3);
    assert_int_equal(erg_graph_source_count(g), 1);
    assert_string_equal(erg_graph_title(g), "Sting");
    size_t fsb = erg_graph_find_id(g, "fsb");
    assert_int_equal(fsb, 1);
    assert_string_equal(erg_entity_name(g, fsb), "Federal Security Service");
    assert_int_equal(erg_entity_country(g, fsb), 0);
    assert_int_equal(erg_entity_country(g, 2), ERG_NONE);
    assert_int_equal(erg_entity_alias_count(g, fsb), 2);
    assert_string_equal(erg_entity_alias(g, fsb, 1), "ФСБ");
    assert_int_equal(erg_entity_attr_count(g, fsb), 4);
    assert_string_equal(erg_entity_attr(g, fsb, 0)->text, "1995");
    assert_int_equal(erg_entity_attr(g, fsb, 0)->kind, ERG_ATTR_INTEGER);
    assert_string_equal(erg_entity_attr(g, fsb, 1)->text, "2.5");
    assert_int_equal(erg_entity_attr(g, fsb, 1)->kind, ERG_ATTR_REAL);
    assert_string_equal(erg_entity_attr(g, fsb, 2)->text, "true");
    assert_int_equal(erg_entity_attr(g, fsb, 3)->kind, ERG_ATTR_STRING);
    assert_string_equal(erg_rel_id(g, 0), "#1");
    assert_string_equal(erg_rel_id(g, 1), "loop");
    assert_false(erg_rel_directed(g, 0));
    assert_true(erg_rel_directed(g, 1));
    double w = 0;
    assert_true(erg_rel_weight(g, 1, &w));
    assert_true(w == 2.0);
    assert_false(erg_rel_weight(g, 0, NULL));
    assert_string_equal(erg_rel_start(g, 2), "1995");
    assert_null(erg_rel_end(g, 2));
    assert_int_equal(erg_rel_evidence_count(g, 0), 1);
    assert_int_equal(erg_rel_evidence(g, 0, 0)->source, 0);
    assert_string_equal(erg_rel_evidence(g, 0, 0)->quote, "teamed up");
    assert_string_equal(erg_graph_source(g, 0)->publisher, "BBC News");
    unload(&r);
}

static void test_load__adjacency_lists_self_loop_once(void **state)
{
    (void)state;
    loaded r = load2(two_agencies, NULL);
    erg_graph *g = r.g;
    size_t fsb = erg_graph_find_id(g, "fsb");
    assert_int_equal(erg_entity_degree(g, fsb), 3);
    assert_int_equal(erg_entity_tie(g, fsb, 0), 0);
    assert_int_equal(erg_entity_tie(g, fsb, 1), 1);
    assert_int_equal(erg_entity_tie(g, fsb, 2), 2);
    assert_int_equal(erg_entity_degree(g, erg_graph_find_id(g, "fbi")), 1);
    assert_int_equal(erg_entity_degree(g, erg_graph_find_id(g, "russia")), 1);
    unload(&r);
}

static void test_load__lookup_by_id_name_alias_any_case(void **state)
{
    (void)state;
    loaded r = load2(two_agencies, NULL);
    erg_graph *g = r.g;
    size_t out[4];
    const char *names[] = {"fsb", "FSB", "Fsb", "federal security SERVICE", "фсб"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        assert_int_equal(erg_graph_lookup(g, names[i], out, 4), 1);
        assert_int_equal(out[0], 1);
    }
    assert_int_equal(erg_graph_lookup(g, "KGB", out, 4), 0);
    assert_int_equal(erg_graph_lookup(g, "", out, 4), 0);
    unload(&r);
}

static void test_load__lookup_ambiguous_lists_all(void **state)
{
    (void)state;
    const char *text =
        "{\"format\": \"ergraph/1\", \"entities\": ["
        "{\"id\": \"a\", \"type\": \"person\", \"name\": \"Smith\"},"
        "{\"id\": \"b\", \"type\": \"person\", \"name\": \"John\", \"aliases\": [\"SMITH\"]},"
        "{\"id\": \"smith\", \"type\": \"person\", \"name\": \"Other\"}],"
        "\"relationships\": []}";
    loaded r = load2(text, NULL);
    assert_int_equal(r.rc, ERG_OK);
    size_t out[4];
    /* An exact id wins alone. */
    assert_int_equal(erg_graph_lookup(r.g, "smith", out, 4), 1);
    assert_int_equal(out[0], 2);
    /* Otherwise every entity whose id, name or alias folds the same. */
    assert_int_equal(erg_graph_lookup(r.g, "Smith", out, 4), 3);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 1);
    assert_int_equal(out[2], 2);
    assert_int_equal(erg_graph_lookup(r.g, "Smith", out, 1), 3);
    unload(&r);
}

static void test_load__merge_unites_aliases_and_sources(void **state)
{
    (void)state;
    const char *b =
        "{\"format\": \"ergraph/1\", \"title\": \"Other\",\n"
        " \"sources\": [{\"id\": \"bbc\", \"title\": \"Old enemies\"}],\n"
        " \"entities\": [\n"
        "  {\"id\": \"fsb\", \"type\": \"agency\", \"name\": \"Federal Security Service\",\n"
        "   \"aliases\": [\"FSB\", \"Federalnaya Sluzhba Bezopasnosti\"]},\n"
        "  {\"id\": \"mi5\", \"type\": \"agency\", \"name\": \"MI5\"}],\n"
        " \"relationships\": [{\"from\": \"mi5\", \"to\": \"fsb\", \"type\": \"liaison_to\"}]}\n";
    loaded r = load2(two_agencies, b);
    assert_int_equal(r.rc, ERG_OK);
    erg_graph *g = r.g;
    assert_int_equal(erg_graph_entity_count(g), 4);
    assert_int_equal(erg_graph_relationship_count(g), 4);
    assert_int_equal(erg_graph_file_count(g), 2);
    assert_string_equal(erg_graph_title(g), "Sting; Other");
    size_t fsb = erg_graph_find_id(g, "fsb");
    assert_int_equal(erg_entity_alias_count(g, fsb), 3);
    assert_string_equal(erg_entity_alias(g, fsb, 2), "Federalnaya Sluzhba Bezopasnosti");
    /* The country given in one file only is kept. */
    assert_int_equal(erg_entity_country(g, fsb), 0);
    assert_int_equal(erg_graph_source_count(g), 1);
    assert_string_equal(erg_graph_source(g, 0)->title, "Old enemies");
    assert_string_equal(erg_graph_source(g, 0)->publisher, "BBC News");
    assert_int_equal(erg_rel_file(g, 3), 1);
    assert_int_equal(erg_entity_degree(g, fsb), 4);
    unload(&r);
}

static void test_load__relationship_may_precede_entities(void **state)
{
    (void)state;
    const char *text = "{\"relationships\": [{\"from\": \"a\", \"to\": \"b\", \"type\": \"met\"}],"
                       " \"entities\": [{\"id\": \"a\", \"type\": \"person\", \"name\": \"A\"},"
                       "{\"id\": \"b\", \"type\": \"person\", \"name\": \"B\"}],"
                       " \"format\": \"ergraph/1\"}";
    loaded r = load2(text, NULL);
    assert_int_equal(r.rc, ERG_OK);
    assert_int_equal(erg_rel_from(r.g, 0), 0);
    assert_int_equal(erg_rel_to(r.g, 0), 1);
    unload(&r);
}

static void expect_error(const char *text, long line, long column, const char *path,
                         const char *message)
{
    loaded r = load2(text, NULL);
    assert_int_equal(r.rc, ERG_EDATA);
    assert_null(r.g);
    assert_true(erg_diags_error_count(r.diags) >= 1);
    const erg_diag *d = erg_diags_get(r.diags, 0);
    assert_int_equal(d->severity, ERG_ERROR);
    assert_string_equal(d->file, "a.json");
    assert_int_equal(d->line, line);
    assert_int_equal(d->column, column);
    if (path == NULL)
        assert_null(d->path);
    else
        assert_string_equal(d->path, path);
    assert_string_equal(d->message, message);
    unload(&r);
}

static void test_load__error_positions(void **state)
{
    (void)state;
    expect_error(
        "{\"format\": \"ergraph/1\", \"entities\": [\n"
        "  {\"id\": \"a\", \"type\": \"person\", \"name\": \"Ünïcode\", \"country\": 7}],\n"
        " \"relationships\": []}",
        2, 63, "$.entities[0].country", "\"country\" must be a string, found a number");
    expect_error("{\"format\": \"ergraph/1\", \"entities\": [],\n"
                 " \"relationships\": [{\"from\": \"x\",\n   \"to\": \"y\", \"type\": \"met\"}]}",
                 2, 29, "$.relationships[0].from", "unknown entity \"x\"");
    expect_error(
        "{\"format\": \"ergraph/1\", \"entities\": [{\"id\": \"a\", \"type\": \"person\",\n"
        "\"name\": \"A\", \"attrs\": {\"odd key\": null}}], \"relationships\": []}",
        2, 35, "$.entities[0].attrs[\"odd key\"]",
        "attribute \"odd key\" must be a string, number or boolean, found null");
}

static void test_load__error_in_second_file_names_both_files(void **state)
{
    (void)state;
    const char *b = "{\"format\": \"ergraph/1\", \"entities\": [\n"
                    "  {\"id\": \"fbi\", \"type\": \"agency\", \"name\": \"Federal Bureau\"}],\n"
                    " \"relationships\": []}";
    loaded r = load2(two_agencies, b);
    assert_int_equal(r.rc, ERG_EDATA);
    const erg_diag *d = erg_diags_get(r.diags, 0);
    assert_string_equal(d->file, "b.json");
    assert_int_equal(d->line, 2);
    assert_string_equal(d->path, "$.entities[0].name");
    assert_string_equal(d->message, "entity \"fbi\" has name \"Federal Bureau\" here but \"FBI\" "
                                    "at a.json:8:43; merged files must agree");
    unload(&r);
}

/* A program that uses jansson itself: values it made before ergraph's
 * first load (with jansson's allocator then) and during it are freed after,
 * and parse as they did (ASan sees a free by the wrong allocator). */
static int host_allocs;
static void *host_malloc(size_t n)
{
    host_allocs++;
    return malloc(n);
}

static void test_load__host_program_jansson_values_survive(void **state)
{
    (void)state;
    json_t *before = json_pack("{s:[i,s]}", "k", 1, "two");
    assert_non_null(before);
    loaded r = load2(two_agencies, NULL);
    assert_int_equal(r.rc, ERG_OK);
    json_t *after = json_loads("{\"x\": [1, 2, {\"y\": \"z\"}]}", 0, NULL);
    assert_non_null(after);
    assert_string_equal(json_string_value(json_array_get(json_object_get(before, "k"), 1)), "two");
    json_decref(before);
    json_decref(after);
    unload(&r);

    /* The host installs its own allocator: ergraph's loads go on, and
     * the host's values are made by the host's allocator. */
    json_malloc_t old_malloc;
    json_free_t old_free;
    json_get_alloc_funcs(&old_malloc, &old_free);
    json_set_alloc_funcs(host_malloc, free);
    r = load2(two_agencies, NULL);
    assert_int_equal(r.rc, ERG_OK);
    assert_int_equal(erg_graph_entity_count(r.g), 3);
    int made = host_allocs;
    json_t *mine = json_loads("[\"host\"]", 0, NULL);
    assert_true(host_allocs > made);
    json_decref(mine);
    unload(&r);
    json_set_alloc_funcs(old_malloc, old_free);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load__counts_and_fields),
        cmocka_unit_test(test_load__adjacency_lists_self_loop_once),
        cmocka_unit_test(test_load__lookup_by_id_name_alias_any_case),
        cmocka_unit_test(test_load__lookup_ambiguous_lists_all),
        cmocka_unit_test(test_load__merge_unites_aliases_and_sources),
        cmocka_unit_test(test_load__relationship_may_precede_entities),
        cmocka_unit_test(test_load__error_positions),
        cmocka_unit_test(test_load__error_in_second_file_names_both_files),
        cmocka_unit_test(test_load__host_program_jansson_values_survive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
