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

static const char graded[] =
    "{\"format\": \"ergraph/1\",\n"
    " \"sources\": [{\"id\": \"bbc\", \"reliability\": \"B\"}, {\"id\": \"wire\"}],\n"
    " \"entities\": [\n"
    "  {\"id\": \"fbi\", \"type\": \"agency\", \"name\": \"FBI\"},\n"
    "  {\"id\": \"lakhani\", \"type\": \"person\", \"name\": \"Hemant Lakhani\"},\n"
    "  {\"id\": \"igla\", \"type\": \"weapon\", \"name\": \"Igla\"}\n"
    " ],\n"
    " \"relationships\": [\n"
    "  {\"id\": \"arrest\", \"from\": \"fbi\", \"to\": \"lakhani\", \"type\": \"arrested\",\n"
    "   \"date\": \"2003-08-12\", \"evidence\": [{\"source\": \"bbc\", \"credibility\": 2}]},\n"
    "  {\"id\": \"offered\", \"from\": \"lakhani\", \"to\": \"igla\", \"type\": \"offered\",\n"
    "   \"evidence\": [{\"source\": \"wire\", \"certainty\": \"alleged\",\n"
    "                  \"attributed_to\": \"fbi\"},\n"
    "                 {\"source\": \"bbc\", \"certainty\": \"reported\", \"credibility\": 6}]},\n"
    "  {\"id\": \"bought\", \"from\": \"lakhani\", \"to\": \"igla\", \"type\": \"bought\",\n"
    "   \"contradicts\": [\"offered\", \"elsewhere\"]},\n"
    "  {\"from\": \"igla\", \"to\": \"fbi\", \"type\": \"seized_by\", \"contradicts\": "
    "[\"bought\"],\n"
    "   \"evidence\": [{\"source\": \"wire\", \"certainty\": \"inferred\"}]}\n"
    " ]}\n";

static void test_load__evidence_model_fields(void **state)
{
    (void)state;
    loaded r = load2(graded, NULL);
    assert_int_equal(r.rc, ERG_OK);
    /* "elsewhere" is in no file: a note, not a warning, for one file. */
    assert_int_equal(erg_diags_count(r.diags), 1);
    assert_int_equal(erg_diags_get(r.diags, 0)->severity, ERG_NOTE);
    assert_string_equal(erg_diags_get(r.diags, 0)->path, "$.relationships[2].contradicts[1]");
    erg_graph *g = r.g;
    assert_string_equal(erg_graph_source(g, 0)->reliability, "B");
    assert_null(erg_graph_source(g, 1)->reliability);
    /* Dates and defaults. */
    assert_string_equal(erg_rel_date(g, 0), "2003-08-12");
    assert_null(erg_rel_start(g, 0));
    assert_null(erg_rel_date(g, 1));
    const erg_evidence *ev = erg_rel_evidence(g, 0, 0);
    assert_int_equal(ev->certainty, ERG_STATED);
    assert_int_equal(ev->credibility, 2);
    assert_int_equal(ev->attributed_to, ERG_NONE);
    char grade[3];
    assert_true(erg_evidence_grade(g, ev, grade));
    assert_string_equal(grade, "B2");
    /* Each field of the second tie's evidence, and its certainty, the
     * strongest of the two. */
    ev = erg_rel_evidence(g, 1, 0);
    assert_int_equal(ev->certainty, ERG_ALLEGED);
    assert_int_equal(ev->credibility, 0);
    assert_int_equal(ev->attributed_to, erg_graph_find_id(g, "fbi"));
    assert_false(erg_evidence_grade(g, ev, grade));
    assert_string_equal(grade, "");
    ev = erg_rel_evidence(g, 1, 1);
    assert_int_equal(ev->certainty, ERG_REPORTED);
    assert_true(erg_evidence_grade(g, ev, grade));
    assert_string_equal(grade, "B6");
    ev = erg_rel_evidence(g, 3, 0);
    assert_false(erg_evidence_grade(g, ev, grade)); /* an unrated source, no credibility */
    assert_string_equal(grade, "");
    assert_int_equal(erg_rel_certainty(g, 1), ERG_REPORTED);
    assert_int_equal(erg_rel_certainty(g, 0), ERG_STATED);
    assert_int_equal(erg_rel_certainty(g, 2), ERG_INFERRED); /* no evidence */
    assert_int_equal(erg_rel_certainty(g, 3), ERG_INFERRED);
    /* Contradictions: as written, and resolved both ways. */
    assert_int_equal(erg_rel_contradicts_count(g, 2), 2);
    assert_string_equal(erg_rel_contradicts_id(g, 2, 1), "elsewhere");
    assert_int_equal(erg_rel_conflict_count(g, 0), 0);
    assert_int_equal(erg_rel_conflict_count(g, 1), 1);
    assert_int_equal(erg_rel_conflict(g, 1, 0), 2);
    assert_int_equal(erg_rel_conflict_count(g, 2), 2);
    assert_int_equal(erg_rel_conflict(g, 2, 0), 1);
    assert_int_equal(erg_rel_conflict(g, 2, 1), 3);
    assert_int_equal(erg_rel_conflict_count(g, 3), 1);
    assert_int_equal(erg_rel_conflict(g, 3, 0), 2);
    unload(&r);
}

static void test_load__certainty_names(void **state)
{
    (void)state;
    const char *names[] = {"stated", "reported", "alleged", "inferred"};
    for (size_t i = 0; i < 4; i++) {
        erg_certainty c = ERG_INFERRED;
        assert_true(erg_certainty_from_name(names[i], &c));
        assert_int_equal(c, (erg_certainty)i);
        assert_string_equal(erg_certainty_name(c), names[i]);
    }
    erg_certainty c = ERG_ALLEGED;
    assert_false(erg_certainty_from_name("Stated", &c));
    assert_false(erg_certainty_from_name("", &c));
    assert_int_equal(c, ERG_ALLEGED);
}

/* A contradiction named from both sides is one conflict; one whose partner
 * is in the other file resolves when both are loaded; one unresolved after
 * a merge is a warning. */
static void test_load__contradictions_across_files(void **state)
{
    (void)state;
    const char *a =
        "{\"format\": \"ergraph/1\", \"entities\": [{\"id\": \"x\", \"type\": \"person\", "
        "\"name\": \"X\"}, {\"id\": \"y\", \"type\": \"person\", \"name\": \"Y\"}],\n"
        " \"relationships\": [{\"id\": \"a1\", \"from\": \"x\", \"to\": \"y\", \"type\": \"met\", "
        "\"contradicts\": [\"b1\", \"b1\"]}]}";
    const char *b =
        "{\"format\": \"ergraph/1\", \"entities\": [{\"id\": \"x\", \"type\": \"person\", "
        "\"name\": \"X\"}, {\"id\": \"y\", \"type\": \"person\", \"name\": \"Y\"}],\n"
        " \"relationships\": [{\"id\": \"b1\", \"from\": \"y\", \"to\": \"x\", \"type\": "
        "\"avoided\", "
        "\"contradicts\": [\"a1\", \"gone\"]}]}";
    loaded alone = load2(a, NULL);
    assert_int_equal(alone.rc, ERG_OK);
    assert_int_equal(erg_diags_count(alone.diags), 2);
    assert_int_equal(erg_diags_get(alone.diags, 0)->severity, ERG_NOTE);
    assert_int_equal(erg_rel_conflict_count(alone.g, 0), 0);
    unload(&alone);
    loaded both = load2(a, b);
    assert_int_equal(both.rc, ERG_OK);
    assert_int_equal(erg_diags_count(both.diags), 1);
    const erg_diag *d = erg_diags_get(both.diags, 0);
    assert_int_equal(d->severity, ERG_WARNING);
    assert_string_equal(d->file, "b.json");
    assert_string_equal(d->path, "$.relationships[0].contradicts[1]");
    assert_int_equal(erg_rel_conflict_count(both.g, 0), 1);
    assert_int_equal(erg_rel_conflict(both.g, 0, 0), 1);
    assert_int_equal(erg_rel_conflict_count(both.g, 1), 1);
    assert_int_equal(erg_rel_conflict(both.g, 1, 0), 0);
    unload(&both);
    /* --strict raises the warning, not the note. */
    erg_diags *diags = erg_diags_new();
    erg_load_options strict = {true, 0, NULL, NULL};
    erg_loader *l = erg_loader_new(&strict, diags);
    erg_loader_add_buffer(l, "a.json", a, strlen(a));
    erg_graph *g = NULL;
    assert_int_equal(erg_loader_finish(l, &g), ERG_OK);
    erg_graph_free(g);
    erg_loader_free(l);
    l = erg_loader_new(&strict, diags);
    erg_loader_add_buffer(l, "a.json", a, strlen(a));
    erg_loader_add_buffer(l, "b.json", b, strlen(b));
    assert_int_equal(erg_loader_finish(l, &g), ERG_EDATA);
    assert_null(g);
    erg_loader_free(l);
    erg_diags_free(diags);
}

/* Every bad value of a new field, each at its place with the values
 * allowed. */
static void test_load__evidence_model_errors(void **state)
{
    (void)state;
    static const struct {
        const char *rel, *path, *message;
    } cases[] = {
        {"\"evidence\": [{\"source\": \"s\", \"certainty\": \"maybe\"}]",
         "$.relationships[0].evidence[0].certainty",
         "\"certainty\" must be one of \"stated\", \"reported\", \"alleged\", \"inferred\", found "
         "\"maybe\""},
        {"\"evidence\": [{\"source\": \"s\", \"credibility\": 0}]",
         "$.relationships[0].evidence[0].credibility", "found 0"},
        {"\"evidence\": [{\"source\": \"s\", \"credibility\": 2.5}]",
         "$.relationships[0].evidence[0].credibility", "found 2.5"},
        {"\"evidence\": [{\"source\": \"s\", \"credibility\": true}]",
         "$.relationships[0].evidence[0].credibility", "found a boolean"},
        {"\"evidence\": [{\"source\": \"s\", \"attributed_to\": \"nobody\"}]",
         "$.relationships[0].evidence[0].attributed_to", "unknown entity \"nobody\""},
        {"\"evidence\": [{\"source\": \"s\", \"attributed_to\": 3}]",
         "$.relationships[0].evidence[0].attributed_to", "must be a string, found a number"},
        {"\"date\": \"2003\", \"end\": \"2004\"", "$.relationships[0].date",
         "\"date\" (a one-off fact) cannot go with \"end\" (a period)"},
        {"\"date\": \"03-08\"", "$.relationships[0].date", "is not a valid date"},
        {"\"contradicts\": [\"\"]", "$.relationships[0].contradicts[0]", "found an empty string"},
        {"\"contradicts\": {}", "$.relationships[0].contradicts",
         "must be an array, found an object"},
        {"\"contradicts\": [\"#1\"]", "$.relationships[0].contradicts[0]",
         "\"#1\" is a name the loader gives by position"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char text[1024];
        snprintf(text, sizeof(text),
                 "{\"format\": \"ergraph/1\", \"sources\": [{\"id\": \"s\"}], \"entities\": "
                 "[{\"id\": \"x\", \"type\": \"person\", \"name\": \"X\"}],\n\"relationships\": "
                 "[{\"from\": \"x\", \"to\": \"x\", \"type\": \"met\", %s}]}",
                 cases[i].rel);
        loaded r = load2(text, NULL);
        assert_int_equal(r.rc, ERG_EDATA);
        assert_int_equal(erg_diags_error_count(r.diags), 1);
        const erg_diag *d = erg_diags_get(r.diags, 0);
        assert_int_equal(d->line, 2);
        assert_string_equal(d->path, cases[i].path);
        if (strstr(d->message, cases[i].message) == NULL)
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, d->message, cases[i].message);
        unload(&r);
    }
    static const char *const bad_reliability[] = {"\"G\"", "\"AB\"", "\"\"", "1", "null"};
    for (size_t i = 0; i < 5; i++) {
        char text[512];
        snprintf(text, sizeof(text),
                 "{\"format\": \"ergraph/1\", \"sources\": [{\"id\": \"s\",\n \"reliability\": "
                 "%s}], \"entities\": [], \"relationships\": []}",
                 bad_reliability[i]);
        loaded r = load2(text, NULL);
        assert_int_equal(r.rc, ERG_EDATA);
        const erg_diag *d = erg_diags_get(r.diags, 0);
        assert_int_equal(d->line, 2);
        assert_int_equal(d->column, 17);
        assert_string_equal(d->path, "$.sources[0].reliability");
        assert_non_null(strstr(d->message, "\"A\", \"B\", \"C\", \"D\", \"E\", \"F\""));
        unload(&r);
    }
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
        cmocka_unit_test(test_load__evidence_model_fields),
        cmocka_unit_test(test_load__certainty_names),
        cmocka_unit_test(test_load__contradictions_across_files),
        cmocka_unit_test(test_load__evidence_model_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
