/* Filters and queries on small graphs whose answers are worked out by hand
 * (tests/data/small.json and diamond.json; see the comments there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>

static erg_graph *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/data/%s", ERG_SOURCE_DIR, name);
    const char *paths[] = {path};
    erg_diags *diags = erg_diags_new();
    erg_graph *g = NULL;
    assert_int_equal(erg_graph_load_files(&g, paths, 1, NULL, diags), ERG_OK);
    erg_diags_free(diags);
    return g;
}

static int setup(void **state)
{
    *state = load("small.json");
    return 0;
}

static int teardown(void **state)
{
    erg_graph_free(*state);
    return 0;
}

/* The kept entities' ids, in entity order, joined by spaces; then " |" and
 * the kept relationships' ids. */
static void expect(const erg_graph *g, const erg_filter_spec *spec, const char *want)
{
    erg_diags *diags = erg_diags_new();
    erg_selection *sel = NULL;
    assert_int_equal(erg_filter_apply(&sel, g, spec, diags), ERG_OK);
    char got[512] = "";
    size_t len = 0;
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (erg_selection_has_entity(sel, e))
            len += (size_t)snprintf(got + len, sizeof(got) - len, "%s ", erg_entity_id(g, e));
    }
    len += (size_t)snprintf(got + len, sizeof(got) - len, "|");
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (erg_selection_has_rel(sel, r)) {
            assert_true(erg_selection_has_entity(sel, erg_rel_from(g, r)));
            assert_true(erg_selection_has_entity(sel, erg_rel_to(g, r)));
            len += (size_t)snprintf(got + len, sizeof(got) - len, " %s", erg_rel_id(g, r));
        }
    }
    assert_string_equal(got, want);
    erg_selection_free(sel);
    erg_diags_free(diags);
}

#define LIST(...)                                                                                  \
    {                                                                                              \
        (const char *const[]){__VA_ARGS__},                                                        \
            sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *)                      \
    }

static void test_filter__nothing_keeps_all(void **state)
{
    erg_filter_spec spec = {0};
    expect(*state, &spec, "a b c d e f g | ab bc cd ac dd bc2 ef");
}

static void test_filter__types_and_relations(void **state)
{
    erg_filter_spec spec = {0};
    spec.types = (erg_strlist)LIST("person");
    expect(*state, &spec, "a b | ab");
    spec.types = (erg_strlist)LIST("person", "agency");
    spec.relations = (erg_strlist)LIST("knows");
    expect(*state, &spec, "a b c d | ab bc cd");
}

static void test_filter__exclude_by_name_any_case(void **state)
{
    erg_filter_spec spec = {0};
    spec.exclude = (erg_strlist)LIST("CENTRAL bureau", "kalashnikov's");
    expect(*state, &spec, "a b d e f | ab dd ef");
}

static void test_filter__sources(void **state)
{
    erg_filter_spec spec = {0};
    spec.sources = (erg_strlist)LIST("s2");
    /* e and f lose their one tie and go; g had none and stays. */
    expect(*state, &spec, "a b c d g | ab cd");
    spec.keep_isolated = true;
    expect(*state, &spec, "a b c d e f g | ab cd");
    spec.keep_isolated = false;
    spec.sources = (erg_strlist){NULL, 0};
    spec.min_sources = 2; /* ac cites s1 twice: one distinct source */
    expect(*state, &spec, "a b g | ab");
    spec.drop_isolated = true;
    expect(*state, &spec, "a b | ab");
}

static void test_filter__relationship_filters_drop_what_they_leave_alone(void **state)
{
    erg_filter_spec spec = {0};
    spec.relations = (erg_strlist)LIST("met");
    expect(*state, &spec, "a c e f g | ac ef");
    /* A name given to a structural filter stays, tie or not. */
    spec.relations = (erg_strlist)LIST("reviewed");
    spec.around = (erg_strlist)LIST("Anna", "d");
    expect(*state, &spec, "a d | dd");
    spec.around = (erg_strlist){NULL, 0};
    spec.component = "b";
    expect(*state, &spec, "b |");
    spec.component = NULL;
    spec.between[0] = "a";
    spec.between[1] = "e";
    expect(*state, &spec, "|");
    spec.between[0] = spec.between[1] = NULL;
    /* --exclude (or --type) leaves a without a tie: that is not the
     * relationship filters' doing, and a stays; d loses its self-loop. */
    spec.relations = (erg_strlist)LIST("met");
    spec.exclude = (erg_strlist)LIST("b", "c");
    expect(*state, &spec, "a e f g | ef");
    spec.exclude = (erg_strlist){NULL, 0};
    spec.relations = (erg_strlist){NULL, 0};
    spec.relations = (erg_strlist)LIST("met");
    spec.since = "2000";
    spec.dated_only = true;
    spec.exclude = (erg_strlist)LIST("g");
    erg_diags *diags = erg_diags_new();
    erg_selection *sel = NULL;
    assert_int_equal(erg_filter_apply(&sel, *state, &spec, diags), ERG_OK);
    assert_int_equal(erg_selection_entity_count(sel), 0);
    assert_string_equal(erg_diags_get(diags, 0)->message,
                        "nothing is left after the relationship filters (keep_isolated keeps "
                        "the entities)");
    erg_selection_free(sel);
    erg_diags_free(diags);
}

static void test_filter__dates_as_intervals(void **state)
{
    erg_filter_spec spec = {0};
    spec.since = "2003";
    expect(*state, &spec, "b c d e f g | bc cd dd bc2 ef"); /* a lost its ties */
    spec.since = "2002-12";                                 /* ab held through 2002 */
    expect(*state, &spec, "a b c d e f g | ab bc cd dd bc2 ef");
    spec.since = NULL;
    spec.until = "2000";
    expect(*state, &spec, "a b c d e f g | cd ac dd bc2 ef");
    spec.until = NULL;
    spec.dated_only = true;
    expect(*state, &spec, "a b c g | ab bc ac");
}

static void test_filter__around_depth_and_direction(void **state)
{
    erg_filter_spec spec = {0};
    spec.around = (erg_strlist)LIST("a");
    expect(*state, &spec, "a b c | ab bc ac bc2");
    spec.depth = 2;
    expect(*state, &spec, "a b c d | ab bc cd ac dd bc2");
    spec.depth = 1;
    spec.direction = ERG_IN; /* only the undirected tie leads anywhere */
    expect(*state, &spec, "a c | ac");
    spec.direction = ERG_OUT;
    spec.around = (erg_strlist)LIST("d", "e"); /* several unite; the self-loop stays */
    expect(*state, &spec, "d e f | dd ef");
}

static void test_filter__between_and_connect(void **state)
{
    erg_filter_spec spec = {0};
    spec.between[0] = "a";
    spec.between[1] = "Directorate";
    expect(*state, &spec, "a c d | cd ac dd");
    spec.max_length = 1; /* too short: nothing */
    expect(*state, &spec, "|");
    spec.max_length = 0;
    spec.between[1] = "e"; /* another component */
    expect(*state, &spec, "|");
    spec.between[0] = spec.between[1] = NULL;
    spec.connect = (erg_strlist)LIST("b", "d", "f");
    expect(*state, &spec, "b c d | bc cd dd bc2");
}

static void test_filter__all_paths(void **state)
{
    erg_filter_spec spec = {0};
    spec.between[0] = "a";
    spec.between[1] = "c";
    spec.all_paths = true;
    spec.max_length = 2; /* a-c and a-b-c */
    expect(*state, &spec, "a b c | ab bc ac bc2");
    spec.max_length = 1;
    expect(*state, &spec, "a c | ac");
}

static void test_filter__component_and_degree(void **state)
{
    erg_filter_spec spec = {0};
    spec.component = "Fez";
    expect(*state, &spec, "e f | ef");
    spec.component = NULL;
    spec.min_degree = 3;
    expect(*state, &spec, "b c | bc bc2");
    spec.min_degree = 0;
    spec.drop_isolated = true;
    expect(*state, &spec, "a b c d e f | ab bc cd ac dd bc2 ef");
}

static void test_filter__order_selection_then_structure(void **state)
{
    /* Without relation "met", a reaches c only through b. */
    erg_filter_spec spec = {0};
    spec.relations = (erg_strlist)LIST("knows");
    spec.around = (erg_strlist)LIST("a");
    expect(*state, &spec, "a b | ab");
}

static void expect_usage(const erg_graph *g, const erg_filter_spec *spec, const char *message)
{
    erg_diags *diags = erg_diags_new();
    erg_selection *sel = NULL;
    assert_int_equal(erg_filter_apply(&sel, g, spec, diags), ERG_EUSAGE);
    assert_null(sel);
    assert_string_equal(erg_diags_get(diags, 0)->message, message);
    erg_diags_free(diags);
}

static void test_filter__bad_names_are_usage_errors(void **state)
{
    erg_filter_spec spec = {0};
    spec.around = (erg_strlist)LIST("Bors");
    expect_usage(*state, &spec, "no entity is called \"Bors\" (did you mean \"Boris\"?)");
    spec.around = (erg_strlist){NULL, 0};
    spec.types = (erg_strlist)LIST("persn");
    expect_usage(*state, &spec,
                 "types: no entity has the type \"persn\" (did you mean \"person\"?); the graph "
                 "has: person agency place weapon");
    /* Nothing close: no guess. */
    spec.types = (erg_strlist)LIST("vehicle");
    expect_usage(*state, &spec,
                 "types: no entity has the type \"vehicle\"; the graph has: person agency place "
                 "weapon");
    spec.types = (erg_strlist){NULL, 0};
    spec.relations = (erg_strlist)LIST("payd");
    expect_usage(*state, &spec,
                 "relations: no relationship has the type \"payd\" (did you mean \"paid\"?); the "
                 "graph has: knows met reviewed paid");
    spec.relations = (erg_strlist){NULL, 0};
    spec.since = "2003-13";
    expect_usage(*state, &spec,
                 "since: \"2003-13\" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)");
}

/* The messages that filtering by `spec` writes, one a line. */
static void messages_of(const erg_graph *g, const erg_filter_spec *spec, char *out, size_t cap)
{
    erg_diags *diags = erg_diags_new();
    erg_selection *sel = NULL;
    erg_filter_apply(&sel, g, spec, diags);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < erg_diags_count(diags); i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "\n" : "",
                                erg_diags_get(diags, i)->message);
    assert_true(len < cap);
    erg_selection_free(sel);
    erg_diags_free(diags);
}

/* A library user has no command line: the messages name the spec's fields
 * (never an option such as "--type"), unless field_names gives other names;
 * a NULL entry there falls back to the field's own name. */
static void test_filter__messages_name_fields(void **state)
{
    for (int f = 0; f < ERG_FIELD_COUNT; f++) {
        const char *name = erg_filter_field_name((erg_filter_field)f);
        assert_non_null(name);
        assert_null(strchr(name, '-'));
        for (int k = 0; k < f; k++)
            assert_string_not_equal(name, erg_filter_field_name((erg_filter_field)k));
    }
    assert_string_equal(erg_filter_field_name(ERG_FIELD_MIN_DEGREE), "min_degree");
    assert_null(erg_filter_field_name(ERG_FIELD_COUNT));

    static char names[ERG_FIELD_COUNT][32];
    const char *table[ERG_FIELD_COUNT];
    for (int f = 0; f < ERG_FIELD_COUNT; f++) {
        snprintf(names[f], sizeof(names[f]), "<%s>", erg_filter_field_name((erg_filter_field)f));
        table[f] = names[f];
    }
    table[ERG_FIELD_EXCLUDE] = NULL;

    struct {
        erg_filter_spec spec;
        const char *own;   /* without field_names */
        const char *named; /* with table */
    } cases[13];
    memset(cases, 0, sizeof(cases));
    size_t n = 0;
    cases[n].spec.types = (erg_strlist)LIST("vehicle");
    cases[n].own = "types: no entity has the type \"vehicle\"; the graph has: person agency "
                   "place weapon";
    cases[n++].named = "<types>: no entity has the type \"vehicle\"; the graph has: person "
                       "agency place weapon";
    cases[n].spec.relations = (erg_strlist)LIST("payd");
    cases[n].own = "relations: no relationship has the type \"payd\" (did you mean \"paid\"?); "
                   "the graph has: knows met reviewed paid";
    cases[n++].named = "<relations>: no relationship has the type \"payd\" (did you mean "
                       "\"paid\"?); the graph has: knows met reviewed paid";
    cases[n].spec.sources = (erg_strlist)LIST("s3");
    cases[n].own = "sources: no source has the id \"s3\"; the sources are: s1 s2";
    cases[n++].named = "<sources>: no source has the id \"s3\"; the sources are: s1 s2";
    cases[n].spec.certainties = (erg_strlist)LIST("rumoured");
    cases[n].own = "certainties: \"rumoured\" is not a certainty; use stated, reported, alleged "
                   "or inferred";
    cases[n++].named = "<certainties>: \"rumoured\" is not a certainty; use stated, reported, "
                       "alleged or inferred";
    cases[n].spec.min_grade = "G2";
    cases[n].own = "min_grade: \"G2\" is not a grade; give a source reliability A-F and an "
                   "information credibility 1-6, as B2";
    cases[n++].named = "<min_grade>: \"G2\" is not a grade; give a source reliability A-F and an "
                       "information credibility 1-6, as B2";
    cases[n].spec.until = "2003-13";
    cases[n].own = "until: \"2003-13\" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)";
    cases[n++].named = "<until>: \"2003-13\" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)";
    cases[n].spec.exclude = (erg_strlist)LIST("a");
    cases[n].spec.around = (erg_strlist)LIST("a");
    cases[n].own = "around: \"a\" is not among the entities that the other filters keep\n"
                   "nothing is left after the structural filters (around, between, connect, "
                   "component)";
    cases[n++].named = "<around>: \"a\" is not among the entities that the other filters keep\n"
                       "nothing is left after the structural filters (<around>, <between>, "
                       "<connect>, <component>)";
    cases[n].spec.between[0] = "a";
    cases[n].spec.between[1] = "e";
    cases[n].own = "between: no path links \"a\" and \"e\"";
    cases[n++].named = "<between>: no path links \"a\" and \"e\"";
    cases[n].spec.connect = (erg_strlist)LIST("a", "e");
    cases[n].own = "connect: no path links \"a\" and \"e\"";
    cases[n++].named = "<connect>: no path links \"a\" and \"e\"";
    cases[n].spec.types = (erg_strlist)LIST("person");
    cases[n].spec.exclude = (erg_strlist)LIST("a", "b");
    cases[n].own = "nothing is left after types and exclude";
    cases[n++].named = "nothing is left after <types> and exclude"; /* NULL in the table */
    cases[n].spec.relations = (erg_strlist)LIST("met");
    cases[n].spec.since = "2000";
    cases[n].spec.dated_only = true;
    cases[n].spec.exclude = (erg_strlist)LIST("g");
    cases[n].own = "nothing is left after the relationship filters (keep_isolated keeps the "
                   "entities)";
    cases[n++].named = "nothing is left after the relationship filters (<keep_isolated> keeps the "
                       "entities)";
    cases[n].spec.min_degree = 5;
    cases[n].own = "nothing is left after min_degree";
    cases[n++].named = "nothing is left after <min_degree>";
    cases[n].spec.types = (erg_strlist)LIST("weapon");
    cases[n].spec.drop_isolated = true;
    cases[n].own = "nothing is left after drop_isolated";
    cases[n++].named = "nothing is left after <drop_isolated>";
    assert_int_equal(n, sizeof(cases) / sizeof(cases[0]));

    char got[1024];
    for (size_t i = 0; i < n; i++) {
        messages_of(*state, &cases[i].spec, got, sizeof(got));
        assert_string_equal(got, cases[i].own);
        assert_null(strstr(got, "--"));
        cases[i].spec.field_names = table;
        messages_of(*state, &cases[i].spec, got, sizeof(got));
        assert_string_equal(got, cases[i].named);
    }
}

static void test_filter__ambiguous_name_lists_candidates(void **state)
{
    (void)state;
    erg_graph *g = load("diamond.json");
    erg_diags *diags = erg_diags_new();
    size_t e;
    assert_int_equal(erg_graph_resolve(&e, g, "xavier", diags), ERG_OK);
    assert_int_equal(e, 1);
    erg_diags_free(diags);
    erg_graph_free(g);
}

static void test_query__neighbors_by_distance_then_name(void **state)
{
    erg_graph *g = *state;
    erg_neighbor *list;
    size_t n;
    assert_int_equal(erg_query_neighbors(&list, &n, g, NULL, 0, 2, ERG_BOTH), ERG_OK);
    assert_int_equal(n, 4);
    const char *ids[] = {"a", "b", "c", "d"};
    const size_t dist[] = {0, 1, 1, 2};
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(erg_entity_id(g, list[i].entity), ids[i]);
        assert_int_equal(list[i].distance, dist[i]);
    }
    erg_free(list);
}

static void test_query__all_shortest_paths_in_name_order(void **state)
{
    (void)state;
    erg_graph *g = load("diamond.json");
    erg_path_set p;
    assert_int_equal(erg_query_paths(&p, g, NULL, 0, 3, 10), ERG_OK);
    assert_int_equal(p.count, 3);
    assert_int_equal(p.length, 2);
    assert_false(p.truncated);
    const char *middles[] = {"far", "w", "x"};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(erg_entity_id(g, p.entities[i * 3]), "s");
        assert_string_equal(erg_entity_id(g, p.entities[i * 3 + 1]), middles[i]);
        assert_string_equal(erg_entity_id(g, p.entities[i * 3 + 2]), "t");
    }
    erg_path_set_release(&p);
    assert_int_equal(erg_query_paths(&p, g, NULL, 0, 3, 2), ERG_OK);
    assert_int_equal(p.count, 2);
    assert_true(p.truncated);
    erg_path_set_release(&p);
    erg_graph_free(g);
}

static void test_query__parallel_ties_do_not_multiply_paths(void **state)
{
    erg_graph *g = *state;
    erg_path_set p;
    assert_int_equal(erg_query_paths(&p, g, NULL, 1, 3, 10), ERG_OK); /* b to d */
    assert_int_equal(p.count, 1);
    assert_int_equal(p.length, 2);
    size_t ties[4];
    assert_int_equal(erg_query_ties_between(g, NULL, 1, 2, ties, 4), 2);
    erg_path_set_release(&p);
    assert_int_equal(erg_query_paths(&p, g, NULL, 0, 4, 10), ERG_OK); /* a to e: none */
    assert_int_equal(p.count, 0);
    erg_path_set_release(&p);
}

static void test_query__stats(void **state)
{
    erg_graph *g = *state;
    erg_stats st;
    assert_int_equal(erg_query_stats(&st, g, NULL, 3), ERG_OK);
    assert_int_equal(st.entities, 7);
    assert_int_equal(st.relationships, 7);
    assert_int_equal(st.linked_pairs, 5); /* a-b a-c b-c c-d e-f */
    assert_true(st.density > 5.0 / 21 - 1e-9 && st.density < 5.0 / 21 + 1e-9);
    assert_int_equal(st.component_count, 3);
    assert_int_equal(st.component_sizes[0], 4);
    assert_int_equal(st.component_sizes[1], 2);
    assert_int_equal(st.component_sizes[2], 1);
    assert_int_equal(st.by_degree_count, 3);
    assert_string_equal(erg_entity_id(g, st.by_degree[0].entity), "c"); /* 4 ties */
    assert_string_equal(erg_entity_id(g, st.by_degree[1].entity), "b"); /* 3 */
    assert_string_equal(erg_entity_id(g, st.by_degree[2].entity), "a"); /* 2, before d by name */
    assert_string_equal(erg_entity_id(g, st.by_betweenness[0].entity), "c");
    assert_true(st.by_betweenness[0].score == 2.0); /* a-d and b-d go through c */
    assert_true(st.by_betweenness[1].score == 0.0);
    assert_int_equal(st.articulation_count, 1);
    assert_string_equal(erg_entity_id(g, st.articulation[0]), "c");
    erg_stats_release(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_filter__nothing_keeps_all),
        cmocka_unit_test(test_filter__types_and_relations),
        cmocka_unit_test(test_filter__exclude_by_name_any_case),
        cmocka_unit_test(test_filter__sources),
        cmocka_unit_test(test_filter__relationship_filters_drop_what_they_leave_alone),
        cmocka_unit_test(test_filter__dates_as_intervals),
        cmocka_unit_test(test_filter__around_depth_and_direction),
        cmocka_unit_test(test_filter__between_and_connect),
        cmocka_unit_test(test_filter__all_paths),
        cmocka_unit_test(test_filter__component_and_degree),
        cmocka_unit_test(test_filter__order_selection_then_structure),
        cmocka_unit_test(test_filter__bad_names_are_usage_errors),
        cmocka_unit_test(test_filter__messages_name_fields),
        cmocka_unit_test(test_filter__ambiguous_name_lists_candidates),
        cmocka_unit_test(test_query__neighbors_by_distance_then_name),
        cmocka_unit_test(test_query__all_shortest_paths_in_name_order),
        cmocka_unit_test(test_query__parallel_ties_do_not_multiply_paths),
        cmocka_unit_test(test_query__stats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
