/*
 * The walks that make a query cost what it touches (bidirectional shortest
 * paths, neighbourhoods, selection bitmaps) against brute force on random
 * graphs: plain breadth-first searches over every entity, written here with
 * the public getters only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>

static uint64_t rng = 42;

static uint32_t below(uint32_t n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)((rng >> 33) % n);
}

/* A random graph of n entities (types "person" or "group") and m ties,
 * some undirected, with parallel ties and self-loops. */
static erg_graph *random_graph(size_t n, size_t m)
{
    size_t cap = 256 + n * 64 + m * 96, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "{\"format\": \"ergraph/1\", \"entities\": [");
    for (size_t e = 0; e < n; e++)
        len += (size_t)snprintf(text + len, cap - len,
                                "%s{\"id\": \"e%zu\", \"type\": \"%s\", \"name\": \"E%zu\"}",
                                e ? "," : "", e, below(4) ? "person" : "group", e);
    len += (size_t)snprintf(text + len, cap - len, "], \"relationships\": [");
    for (size_t r = 0; r < m; r++)
        len += (size_t)snprintf(
            text + len, cap - len,
            "%s{\"from\": \"e%u\", \"to\": \"e%u\", \"type\": \"t\", \"directed\": %s}",
            r ? "," : "", below((uint32_t)n), below((uint32_t)n), below(3) ? "true" : "false");
    len += (size_t)snprintf(text + len, cap - len, "]}");
    assert_true(len < cap);
    erg_diags *diags = erg_diags_new();
    erg_loader *l = erg_loader_new(NULL, diags);
    erg_graph *g = NULL;
    assert_int_equal(erg_loader_add_buffer(l, "random.json", text, len), ERG_OK);
    assert_int_equal(erg_loader_finish(l, &g), ERG_OK);
    erg_loader_free(l);
    erg_diags_free(diags);
    free(text);
    return g;
}

/* Distances from `from` over the ties of `sel` (ignoring direction), or
 * SIZE_MAX where it does not reach: a plain BFS over the whole graph. */
static void distances(const erg_graph *g, const erg_selection *sel, size_t from, size_t *dist)
{
    size_t n = erg_graph_entity_count(g), head = 0, tail = 0;
    size_t *queue = malloc((n + 1) * sizeof(*queue));
    for (size_t e = 0; e < n; e++)
        dist[e] = SIZE_MAX;
    dist[from] = 0;
    queue[tail++] = from;
    while (head < tail) {
        size_t e = queue[head++];
        for (size_t i = 0; i < erg_entity_degree(g, e); i++) {
            size_t r = erg_entity_tie(g, e, i);
            if (!erg_selection_has_rel(sel, r))
                continue;
            size_t u = erg_rel_from(g, r) == e ? erg_rel_to(g, r) : erg_rel_from(g, r);
            if (erg_selection_has_entity(sel, u) && dist[u] == SIZE_MAX) {
                dist[u] = dist[e] + 1;
                queue[tail++] = u;
            }
        }
    }
    free(queue);
}

/* Checks --between A B (with a --type pre-selection or not) against the
 * brute-force answer: every kept entity v with d(a,v) + d(v,b) = d(a,b). */
static void check_between(const erg_graph *g, bool persons_only, size_t max_length)
{
    size_t n = erg_graph_entity_count(g);
    size_t *da = malloc(n * sizeof(size_t)), *db = malloc(n * sizeof(size_t));
    erg_diags *diags = erg_diags_new();
    erg_filter_spec base = {0};
    const char *person[] = {"person"};
    if (persons_only)
        base.types = (erg_strlist){person, 1};
    erg_selection *pre = NULL;
    assert_int_equal(erg_filter_apply(&pre, g, &base, diags), ERG_OK);
    for (int pair = 0; pair < 60; pair++) {
        size_t a = below((uint32_t)n), b = below((uint32_t)n);
        const char *between[2] = {erg_entity_id(g, a), erg_entity_id(g, b)};
        erg_filter_spec spec = base;
        spec.between[0] = between[0];
        spec.between[1] = between[1];
        spec.max_length = max_length;
        erg_selection *sel = NULL;
        erg_diags_clear(diags);
        assert_int_equal(erg_filter_apply(&sel, g, &spec, diags), ERG_OK);
        bool both = erg_selection_has_entity(pre, a) && erg_selection_has_entity(pre, b);
        if (both) {
            distances(g, pre, a, da);
            distances(g, pre, b, db);
        }
        size_t d = both ? da[b] : SIZE_MAX;
        if (max_length > 0 && d != SIZE_MAX && d > max_length)
            d = SIZE_MAX;
        size_t want = 0;
        for (size_t v = 0; v < n; v++) {
            bool on = d != SIZE_MAX && da[v] != SIZE_MAX && db[v] != SIZE_MAX && da[v] + db[v] == d;
            want += on;
            if (on != erg_selection_has_entity(sel, v))
                fail_msg("--between %s %s: entity %s %s (d = %zu)", between[0], between[1],
                         erg_entity_id(g, v), on ? "missing" : "extra", d);
        }
        assert_int_equal(erg_selection_entity_count(sel), want);

        /* The path query agrees on the length. */
        erg_path_set paths;
        assert_int_equal(erg_query_paths(&paths, g, pre, a, b, 1000), ERG_OK);
        if (both && da[b] != SIZE_MAX) {
            assert_int_equal(paths.length, da[b]);
            assert_true(paths.count > 0);
        } else {
            assert_int_equal(paths.count, 0);
        }
        erg_path_set_release(&paths);
        erg_selection_free(sel);
    }
    erg_selection_free(pre);
    erg_diags_free(diags);
    free(da);
    free(db);
}

static void test_walk__between_matches_brute_force(void **state)
{
    (void)state;
    size_t sizes[][2] = {{2, 1}, {10, 8}, {60, 50}, {60, 120}, {300, 320}, {300, 1500}};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        erg_graph *g = random_graph(sizes[i][0], sizes[i][1]);
        check_between(g, false, 0);
        check_between(g, true, 0);
        check_between(g, false, 2);
        erg_graph_free(g);
    }
}

static void test_walk__around_matches_brute_force(void **state)
{
    (void)state;
    erg_graph *g = random_graph(400, 700);
    size_t n = erg_graph_entity_count(g);
    size_t *dist = malloc(n * sizeof(size_t));
    erg_selection *all = erg_selection_new(g, true);
    erg_diags *diags = erg_diags_new();
    for (int k = 0; k < 30; k++) {
        size_t seed = below((uint32_t)n), depth = 1 + below(3);
        const char *name[1] = {erg_entity_id(g, seed)};
        erg_filter_spec spec = {0};
        spec.around = (erg_strlist){name, 1};
        spec.depth = depth;
        erg_selection *sel = NULL;
        assert_int_equal(erg_filter_apply(&sel, g, &spec, diags), ERG_OK);
        distances(g, all, seed, dist);
        for (size_t v = 0; v < n; v++)
            assert_int_equal(erg_selection_has_entity(sel, v), dist[v] <= depth);
        /* Induced: a tie is kept exactly when both its ends are. */
        for (size_t r = 0; r < erg_graph_relationship_count(g); r++)
            assert_int_equal(erg_selection_has_rel(sel, r),
                             erg_selection_has_entity(sel, erg_rel_from(g, r)) &&
                                 erg_selection_has_entity(sel, erg_rel_to(g, r)));
        erg_selection_free(sel);
    }
    erg_diags_free(diags);
    erg_selection_free(all);
    free(dist);
    erg_graph_free(g);
}

/* Visiting a selection with next_* gives exactly its members, in order,
 * across word boundaries and at both ends. */
static void test_walk__selection_visit_in_order(void **state)
{
    (void)state;
    erg_graph *g = random_graph(200, 130);
    size_t n = erg_graph_entity_count(g), m = erg_graph_relationship_count(g);
    erg_selection *sel = erg_selection_new(g, false);
    assert_int_equal(erg_selection_next_entity(sel, 0), ERG_NONE);
    size_t picks[] = {0, 1, 63, 64, 65, 127, 128, 199};
    for (size_t i = 0; i < sizeof(picks) / sizeof(picks[0]); i++)
        erg_selection_set_entity(sel, picks[i], true);
    erg_selection_set_entity(sel, 64, false);
    erg_selection_set_entity(sel, 64, true);
    size_t k = 0;
    for (size_t e = erg_selection_next_entity(sel, 0); e != ERG_NONE;
         e = erg_selection_next_entity(sel, e + 1))
        assert_int_equal(e, picks[k++]);
    assert_int_equal(k, sizeof(picks) / sizeof(picks[0]));
    assert_int_equal(erg_selection_entity_count(sel), k);
    assert_int_equal(erg_selection_next_entity(sel, n), ERG_NONE);
    erg_selection_free(sel);

    sel = erg_selection_new(g, true);
    k = 0;
    for (size_t r = erg_selection_next_rel(sel, 0); r != ERG_NONE;
         r = erg_selection_next_rel(sel, r + 1))
        assert_int_equal(r, k++);
    assert_int_equal(k, m);
    erg_selection_free(sel);
    erg_graph_free(g);
}

/* ---- every simple path ---- */

typedef struct brute_paths {
    const erg_graph *g;
    size_t target, max_length;
    size_t *stack;
    bool *on_path;
    char **found; /* each path as "e1 e2 e3" */
    size_t count;
} brute_paths;

static char *path_text(const erg_graph *g, const size_t *chain, size_t n)
{
    size_t cap = 16 * n + 1, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    text[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, "%s%s", i ? " " : "",
                                erg_entity_id(g, chain[i]));
    return text;
}

/* Depth-first over every tie of the whole graph, with no pruning. */
static void brute_from(brute_paths *b, size_t e, size_t depth)
{
    b->stack[depth] = e;
    if (e == b->target) {
        b->found = realloc(b->found, (b->count + 1) * sizeof(char *));
        assert_non_null(b->found);
        b->found[b->count++] = path_text(b->g, b->stack, depth + 1);
        return;
    }
    if (depth == b->max_length)
        return;
    b->on_path[e] = true;
    size_t seen_cap = erg_entity_degree(b->g, e) + 1, seen_n = 0;
    size_t *seen = malloc(seen_cap * sizeof(size_t));
    for (size_t i = 0; i < erg_entity_degree(b->g, e); i++) {
        size_t r = erg_entity_tie(b->g, e, i);
        size_t other = erg_rel_from(b->g, r) == e ? erg_rel_to(b->g, r) : erg_rel_from(b->g, r);
        bool again = b->on_path[other];
        for (size_t k = 0; k < seen_n && !again; k++)
            again = seen[k] == other;
        if (again)
            continue;
        seen[seen_n++] = other;
        brute_from(b, other, depth + 1);
    }
    free(seen);
    b->on_path[e] = false;
}

static int by_text(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void test_walk__all_paths_match_brute_force(void **state)
{
    (void)state;
    size_t sizes[][3] = {{2, 1, 3}, {10, 14, 5}, {30, 45, 5}, {60, 90, 4}};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        erg_graph *g = random_graph(sizes[i][0], sizes[i][1]);
        size_t n = erg_graph_entity_count(g), max_length = sizes[i][2];
        for (size_t pair = 0; pair < 12; pair++) {
            size_t a = below((uint32_t)n), b = below((uint32_t)n);
            if (a == b)
                continue;
            brute_paths bp = {g,
                              b,
                              max_length,
                              calloc(max_length + 1, sizeof(size_t)),
                              calloc(n, sizeof(bool)),
                              NULL,
                              0};
            brute_from(&bp, a, 0);
            erg_path_list got;
            erg_diags *diags = erg_diags_new();
            assert_int_equal(
                erg_query_all_paths(&got, g, NULL, a, b, max_length, SIZE_MAX, NULL, diags),
                ERG_OK);
            assert_int_equal(got.count, bp.count);
            assert_false(got.truncated);
            char **texts = calloc(got.count + 1, sizeof(char *));
            for (size_t p = 0; p < got.count; p++) {
                size_t len = got.offsets[p + 1] - got.offsets[p];
                texts[p] = path_text(g, got.entities + got.offsets[p], len);
                /* Shortest first. */
                if (p > 0)
                    assert_true(len >= got.offsets[p] - got.offsets[p - 1]);
            }
            if (got.count > 0) {
                qsort(texts, got.count, sizeof(char *), by_text);
                qsort(bp.found, bp.count, sizeof(char *), by_text);
            }
            for (size_t p = 0; p < got.count; p++) {
                assert_string_equal(texts[p], bp.found[p]);
                free(texts[p]);
                free(bp.found[p]);
            }
            /* At most max_paths, the shortest kept, and said to be cut. */
            if (got.count > 1) {
                erg_path_list few;
                assert_int_equal(
                    erg_query_all_paths(&few, g, NULL, a, b, max_length, 1, NULL, diags), ERG_OK);
                assert_int_equal(few.count, 1);
                assert_true(few.truncated);
                assert_int_equal(few.offsets[1], got.offsets[1]);
                erg_path_list_release(&few);
            }
            free(texts);
            free(bp.found);
            free(bp.stack);
            free(bp.on_path);
            erg_path_list_release(&got);
            erg_diags_free(diags);
        }
        erg_graph_free(g);
    }
}

/* A dense graph and a long limit: more paths than the budget allows is a
 * usage error that says what to lower, not a search without end; by the
 * parameters' own names, or by the caller's. */
static void test_walk__all_paths_budget(void **state)
{
    (void)state;
    erg_graph *g = random_graph(14, 200);
    erg_diags *diags = erg_diags_new();
    erg_path_list got;
    assert_int_equal(erg_query_all_paths(&got, g, NULL, 0, 1, 13, 10, NULL, diags), ERG_EUSAGE);
    assert_int_equal(got.count, 0);
    assert_string_equal(erg_diags_get(diags, 0)->message,
                        "all_paths: more than 5000000 steps without finishing; lower max_length "
                        "(now 13)");
    const char *names[ERG_FIELD_COUNT] = {0};
    names[ERG_FIELD_ALL_PATHS] = "-a";
    names[ERG_FIELD_MAX_LENGTH] = "-L";
    assert_int_equal(erg_query_all_paths(&got, g, NULL, 0, 1, 13, 10, names, diags), ERG_EUSAGE);
    assert_string_equal(erg_diags_get(diags, 1)->message,
                        "-a: more than 5000000 steps without finishing; lower -L (now 13)");
    erg_diags_free(diags);
    erg_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_walk__between_matches_brute_force),
        cmocka_unit_test(test_walk__around_matches_brute_force),
        cmocka_unit_test(test_walk__selection_visit_in_order),
        cmocka_unit_test(test_walk__all_paths_match_brute_force),
        cmocka_unit_test(test_walk__all_paths_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
