/*
 * Allocation failure: every allocation of the load, filter and DOT paths
 * is made to fail in turn, on a real file of graphs/, after jansson's
 * test_chaos.c. The hook counts allocations and fails the Nth one only;
 * for each N the run must end with ERG_ENOMEM from the step that met the
 * failure (never another status, never a crash), and once everything is
 * freed no block may be left (counted here, and checked again by
 * LeakSanitizer in the ASan build). N runs from 1 until a run meets no
 * failure, so every allocation of these paths is covered.
 */
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <execinfo.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>

#include "graphviz/child_protocol.h"
#include "load/loader_impl.h"

/* Atomic: a load may allocate on two threads. */
static atomic_size_t calls; /* allocations so far in this run */
static size_t fail_at;      /* the one to fail; 0: none */
static atomic_bool failed;  /* it was reached */
static atomic_long live;    /* blocks allocated and not freed */

/* With ERG_ALLOC_TRACE set, the stack of every failed allocation goes to
 * stderr: what to read when a check below fails (build with -g). */
static void fail_now(void)
{
    failed = true;
    if (getenv("ERG_ALLOC_TRACE") != NULL) {
        void *frames[24];
        fprintf(stderr, "-- allocation %zu fails:\n", fail_at);
        backtrace_symbols_fd(frames, backtrace(frames, 24), 2);
    }
}

static void *failing_malloc(size_t size)
{
    if (atomic_fetch_add(&calls, 1) + 1 == fail_at) {
        fail_now();
        return NULL;
    }
    void *p = malloc(size);
    if (p != NULL)
        live++;
    return p;
}

static void *failing_realloc(void *ptr, size_t size)
{
    if (atomic_fetch_add(&calls, 1) + 1 == fail_at) {
        fail_now();
        return NULL;
    }
    void *p = realloc(ptr, size);
    if (p != NULL && ptr == NULL)
        live++;
    return p;
}

static void counting_free(void *ptr)
{
    if (ptr != NULL)
        live--;
    free(ptr);
}

/* One step of a run: a status, and whether the failure happened in it. */
typedef struct step {
    const char *name;
    erg_status rc;
} step;

/* The status a step must return: ERG_ENOMEM when the injected failure
 * happened during it, `normal` otherwise. */
static void check_step(const char *what, erg_status rc, erg_status normal, bool failed_before,
                       size_t n)
{
    erg_status want = failed && !failed_before ? ERG_ENOMEM : normal;
    if (rc != want)
        fail_msg("allocation %zu failing: %s returned \"%s\", expected \"%s\"", n, what,
                 erg_status_str(rc), erg_status_str(want));
}

static const char *const bbc = ERG_SOURCE_DIR "/graphs/bbc-2003-08-12-old-enemies-unite.json";
static const char *const ap = ERG_SOURCE_DIR "/graphs/ap-2004-09-14-israel-helping-russia.json";

/* Filters by `spec`, then writes the selection's DOT: false when a step
 * met the failure (and said so as it should). */
static bool filter_and_draw(const erg_graph *g, const erg_filter_spec *spec, const char *what,
                            size_t n, erg_diags *diags)
{
    erg_selection *sel = NULL;
    char *dot = NULL;
    size_t len = 0;
    char what_step[64];
    bool before = failed;
    erg_status rc = erg_filter_apply(&sel, g, spec, diags);
    snprintf(what_step, sizeof(what_step), "filtering %s", what);
    check_step(what_step, rc, ERG_OK, before, n);
    if (rc == ERG_OK) {
        before = failed;
        rc = erg_gv_dot_write_here(&dot, &len, g, sel, NULL, diags);
        snprintf(what_step, sizeof(what_step), "writing DOT of %s", what);
        check_step(what_step, rc, ERG_OK, before, n);
    }
    erg_free(dot);
    erg_selection_free(sel);
    return rc == ERG_OK;
}

/*
 * Loads both files, applies two filters and writes the DOT of each
 * selection. Stops at the first step that fails; returns true when it ran
 * to the end.
 */
static bool run_pipeline(size_t n)
{
    erg_diags *diags = erg_diags_new();
    erg_graph *g = NULL;
    erg_selection *sel = NULL;
    bool done = false;
    if (diags == NULL) {
        assert_true(failed);
        goto done;
    }
    const char *files[] = {bbc, ap};
    bool before = failed;
    erg_status rc = erg_graph_load_files(&g, files, 2, NULL, diags);
    check_step("loading", rc, ERG_OK, before, n);
    if (rc != ERG_OK)
        goto done;

    static const char *const around[] = {"FSB"}, *const types[] = {"person", "agency"};
    erg_filter_spec spec;
    memset(&spec, 0, sizeof(spec));
    spec.around = (erg_strlist){around, 1};
    spec.depth = 2;
    spec.types = (erg_strlist){types, 2};
    spec.since = "2003";
    spec.drop_isolated = true;
    if (!filter_and_draw(g, &spec, "--around", n, diags))
        goto done;

    memset(&spec, 0, sizeof(spec));
    spec.between[0] = "Hemant Lakhani";
    spec.between[1] = "FBI";
    spec.all_paths = true;
    if (!filter_and_draw(g, &spec, "--between --all-paths", n, diags))
        goto done;

    /* The error paths allocate too: an unknown name and its suggestion. */
    memset(&spec, 0, sizeof(spec));
    static const char *const unknown[] = {"Lakhan"};
    spec.around = (erg_strlist){unknown, 1};
    before = failed;
    rc = erg_filter_apply(&sel, g, &spec, diags);
    check_step("filtering an unknown name", rc, ERG_EUSAGE, before, n);
    if (rc != ERG_EUSAGE)
        goto done;
    done = true;
done:
    erg_selection_free(sel);
    erg_graph_free(g);
    erg_diags_free(diags);
    return done;
}

/* A loader and its diagnostics; false when one could not be made, which
 * only the injected failure may cause (the caller frees what was made). */
static bool new_loader(erg_diags **diags, erg_loader **l)
{
    if ((*diags = erg_diags_new()) == NULL || (*l = erg_loader_new(NULL, *diags)) == NULL) {
        assert_true(failed);
        return false;
    }
    return true;
}

/* An invalid file: its diagnostics are allocated on the way. */
static bool run_invalid(size_t n)
{
    static const char text[] =
        "{\"format\": \"ergraph/1\", \"sources\": [{\"id\": \"s\"}],\n"
        " \"entities\": [{\"id\": \"a\", \"type\": \"person\", \"name\": \"A\", \"x\": 1},\n"
        "  {\"id\": \"a\", \"type\": \"Person\", \"name\": \"\"}],\n"
        " \"relationships\": [{\"from\": \"a\", \"to\": \"b\", \"type\": \"knows\",\n"
        "   \"start\": \"2003-02-30\", \"evidence\": [{\"source\": \"t\"}]}]}\n";
    erg_diags *diags = NULL;
    erg_loader *l = NULL;
    erg_graph *g = NULL;
    bool done = false;
    if (!new_loader(&diags, &l))
        goto done;
    /* Adding and finishing are one step: an add may go on after a failure
     * (a position left out of a message), and finishing must then say so. */
    bool before = failed;
    erg_status rc = erg_loader_add_buffer(l, "bad.json", text, sizeof(text) - 1);
    if (rc == ERG_ENOMEM) {
        assert_true(failed && !before);
        goto done;
    }
    assert_int_equal(rc, ERG_EDATA);
    rc = erg_loader_finish(l, &g);
    check_step("loading an invalid file", rc, ERG_EDATA, before, n);
    assert_null(g);
    done = rc == ERG_EDATA && !failed;
done:
    erg_loader_free(l);
    erg_graph_free(g);
    erg_diags_free(diags);
    return done || !failed;
}

/*
 * A file big enough for both threads when they are asked for whatever the
 * size: the relationships read on two, the name index built on the
 * second. Which allocation is the Nth then depends on how the threads
 * interleave; every run must still end in ERG_ENOMEM with nothing left.
 */
static char two_threads_text[64 << 10];

static bool run_two_threads(size_t n)
{
    erg_diags *diags = NULL;
    erg_loader *l = NULL;
    erg_graph *g = NULL;
    bool done = false;
    if (!new_loader(&diags, &l))
        goto done;
    erg_loader_set_split_min(l, 0);
    bool before = failed;
    erg_status rc =
        erg_loader_add_buffer(l, "two.json", two_threads_text, strlen(two_threads_text));
    if (rc == ERG_OK)
        rc = erg_loader_finish(l, &g);
    check_step("loading on two threads", rc, ERG_OK, before, n);
    if (rc == ERG_OK) {
        assert_int_equal(erg_loader_split_count(l), 1);
        assert_int_equal(erg_graph_relationship_count(g), 300);
    }
    done = rc == ERG_OK;
done:
    erg_loader_free(l);
    erg_graph_free(g);
    erg_diags_free(diags);
    return done;
}

/* Issue 14, item 10: out of memory, `import csv` said "unknown entity" of
 * every id it could not store. A failure gives ERG_ENOMEM and no error
 * besides. */
static char import_ents[16384], import_rels[32768];

static bool run_import(size_t n)
{
    const char *ents = import_ents, *rels = import_rels;
    erg_diags *diags = erg_diags_new();
    if (diags == NULL) {
        check_step("a diagnostics list", ERG_ENOMEM, ERG_OK, false, n);
        return false;
    }
    erg_csv_import_input e = {"e.csv", ents, strlen(ents)};
    erg_csv_import_input r = {"r.csv", rels, strlen(rels)};
    char *out = NULL;
    size_t len = 0;
    erg_status rc = erg_csv_import(&out, &len, &e, &r, NULL, NULL, diags);
    check_step("importing CSV", rc, ERG_OK, false, n);
    if (erg_diags_error_count(diags) != 0)
        fail_msg("allocation %zu failing: the import said \"%s\"", n,
                 erg_diags_get(diags, 0)->message);
    bool done = rc == ERG_OK;
    erg_free(out);
    erg_diags_free(diags);
    return done;
}

/* Fails allocation 1, 2, ... of `run` until a run meets no failure. */
static void fail_each(bool (*run)(size_t), const char *what)
{
    erg_set_alloc_funcs(failing_malloc, failing_realloc, counting_free);
    size_t total = 0;
    for (size_t n = 1;; n++) {
        calls = 0;
        fail_at = n;
        failed = false;
        live = 0;
        bool completed = run(n);
        if (live != 0)
            fail_msg("allocation %zu failing (%s): %ld blocks leaked", n, what, live);
        if (!failed) {
            assert_true(completed);
            total = calls;
            break;
        }
    }
    erg_set_alloc_funcs(NULL, NULL, NULL);
    print_message("%s: each of %zu allocations failed in turn\n", what, total);
    /* A pipeline that allocates nothing would pass vacuously. */
    assert_true(total > 100);
}

static void test_alloc_failure__load_filter_dot(void **state)
{
    (void)state;
    fail_each(run_pipeline, "load, filter, DOT of graphs/");
}

static void test_alloc_failure__invalid_file(void **state)
{
    (void)state;
    fail_each(run_invalid, "load of an invalid file");
}

static void test_alloc_failure__two_threads(void **state)
{
    (void)state;
    char *t = two_threads_text;
    size_t cap = sizeof(two_threads_text), n = 0;
    n += (size_t)snprintf(t + n, cap - n,
                          "{\"format\": \"ergraph/1\", \"sources\": [{\"id\": \"s\"}], "
                          "\"entities\": [");
    for (int e = 0; e < 40; e++)
        n += (size_t)snprintf(t + n, cap - n,
                              "%s{\"id\": \"e%d\", \"type\": \"person\", \"name\": "
                              "\"Person %d\", \"aliases\": [\"P%d\"]}",
                              e ? ", " : "", e, e, e);
    n += (size_t)snprintf(t + n, cap - n, "], \"relationships\": [");
    for (int r = 0; r < 300; r++)
        n += (size_t)snprintf(t + n, cap - n,
                              "%s{\"from\": \"e%d\", \"to\": \"e%d\", \"type\": "
                              "\"met_with\", \"start\": \"%d\", \"evidence\": [{\"source\": "
                              "\"s\", \"quote\": \"quote number %d\"}]}",
                              r ? ",\n" : "", r % 40, (r * 7 + 3) % 40, 1990 + r % 30, r);
    assert_true(n + 3 < cap);
    snprintf(t + n, cap - n, "]}");
    fail_each(run_two_threads, "load on two threads");
}

static void test_alloc_failure__import_csv(void **state)
{
    (void)state;
    /* Enough rows for the id maps to grow several times. */
    size_t n = 0, cap = sizeof(import_ents);
    n += (size_t)snprintf(import_ents, cap, "id,type,name,aliases\n");
    for (int e = 0; e < 300; e++)
        n += (size_t)snprintf(import_ents + n, cap - n, "e%d,person,Person %d,P%d;;x\n", e, e, e);
    assert_true(n + 1 < cap);
    n = 0, cap = sizeof(import_rels);
    n += (size_t)snprintf(import_rels, cap, "from,to,type,source,quote,certainty\n");
    for (int r = 0; r < 600; r++)
        n += (size_t)snprintf(import_rels + n, cap - n, "e%d,e%d,met,s%d,\"q %d\",%s\n", r % 300,
                              (r * 7 + 3) % 300, r % 5, r, r % 2 ? "stated" : "");
    assert_true(n + 1 < cap);
    fail_each(run_import, "import csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_failure__import_csv),
        cmocka_unit_test(test_alloc_failure__load_filter_dot),
        cmocka_unit_test(test_alloc_failure__invalid_file),
        cmocka_unit_test(test_alloc_failure__two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
