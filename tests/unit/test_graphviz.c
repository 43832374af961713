/* Unit tests of the Graphviz module: DOT export, engine choice, rendering
 * in a child process, and the time limit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>
#include <graphviz/cgraph.h>

#include "graphviz/graphviz_impl.h"
#include "util/buf.h"

typedef struct loaded {
    erg_graph *g;
    erg_diags *diags;
} loaded;

static loaded load(const char *json)
{
    loaded r = {NULL, erg_diags_new()};
    assert_non_null(r.diags);
    erg_loader *l = erg_loader_new(NULL, r.diags);
    assert_non_null(l);
    erg_loader_add_buffer(l, "t.json", json, strlen(json));
    erg_status rc = erg_loader_finish(l, &r.g);
    erg_loader_free(l);
    if (rc != ERG_OK) {
        for (size_t i = 0; i < erg_diags_count(r.diags); i++)
            print_error("%s\n", erg_diags_get(r.diags, i)->message);
    }
    assert_int_equal(rc, ERG_OK);
    erg_diags_clear(r.diags);
    return r;
}

static void unload(loaded *r)
{
    erg_graph_free(r->g);
    erg_diags_free(r->diags);
}

static bool has_message(const erg_diags *diags, erg_severity sev, const char *part)
{
    for (size_t i = 0; i < erg_diags_count(diags); i++) {
        const erg_diag *d = erg_diags_get(diags, i);
        if (d->severity == sev && strstr(d->message, part) != NULL)
            return true;
    }
    return false;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Each name, as JSON, and the label attribute Graphviz must hold for it to
 * draw the name literally. */
static const struct {
    const char *json;
    const char *label;
} hostile[] = {
    {"\\\\N \\\\G \\\\E \\\\T \\\\H \\\\L", "\\\\N \\\\G \\\\E \\\\T \\\\H \\\\L"},
    {"a\\\\\\\\b", "a\\\\\\\\b"},
    {"say \\\"hi\\\"", "say \"hi\""},
    {"x\\\\\\\"y", "x\\\\\"y"},
    {"<b>bold</b> <i>", "<b>bold</b> <i>"},
    {"&amp; & &#65; &euro;", "&amp;amp; &amp; &amp;#65; &amp;euro;"},
    {"line1\\nline2", "line1\\nline2"},
    {"cr\\r\\nlf\\rx", "cr\\nlf\\nx"},
    {"{x|y} <port> [z]", "{x|y} <port> [z]"},
    {"Ünïcödé ФСБ 中文 🚀", "Ünïcödé ФСБ 中文 🚀"},
    {"end\\\\", "end\\\\"},
    {"tab\\there", "tab\there"},
    {"\\u0001ctl\\u001f", "ctl"},
    {"\\\\n \\\\l \\\\r", "\\\\n \\\\l \\\\r"},
    {"node", "node"},
};

static char *hostile_json(void)
{
    erg_buf b = ERG_BUF_INIT;
    erg_buf_puts(&b,
                 "{\"format\": \"ergraph/1\", \"title\": \"T \\\\N & \\\"q\\\"\", \"entities\": [");
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++)
        erg_buf_printf(&b, "%s{\"id\": \"e%zu\", \"type\": \"person\", \"name\": \"%s\"}",
                       i ? ", " : "", i, hostile[i].json);
    erg_buf_puts(&b, "], \"relationships\": [");
    erg_buf_puts(&b, "{\"from\": \"e0\", \"to\": \"e1\", \"type\": \"x\", \"label\": "
                     "\"\\\\E \\\"<&>\\\" end\\\\\"},");
    erg_buf_puts(&b, "{\"from\": \"e1\", \"to\": \"e2\", \"type\": \"member_of\"}]}");
    char *s = erg_buf_detach(&b);
    assert_non_null(s);
    return s;
}

/* The DOT text reads back with cgraph into the very attribute values that
 * make Graphviz draw every name literally. */
static void test_graphviz__labels_round_trip(void **state)
{
    (void)state;
    char *json = hostile_json();
    loaded r = load(json);
    char *dot = NULL;
    size_t len = 0;
    /* Unwrapped, so that each label is the name itself. */
    erg_dot_options plain = {.no_legend = true, .no_wrap = true};
    assert_int_equal(erg_dot_write(&dot, &len, r.g, NULL, &plain, r.diags), ERG_OK);
    assert_int_equal(erg_diags_count(r.diags), 0);
    assert_int_equal(strlen(dot), len);

    Agraph_t *ag = agmemread(dot);
    assert_non_null(ag);
    size_t count = sizeof(hostile) / sizeof(hostile[0]);
    assert_int_equal(agnnodes(ag), count);
    for (size_t i = 0; i < count; i++) {
        char name[16];
        snprintf(name, sizeof(name), "n%zu", i + 1);
        Agnode_t *n = agnode(ag, name, 0);
        assert_non_null(n);
        assert_string_equal(agget(n, "label"), hostile[i].label);
    }
    Agnode_t *n1 = agnode(ag, "n1", 0), *n2 = agnode(ag, "n2", 0), *n3 = agnode(ag, "n3", 0);
    Agedge_t *e = agedge(ag, n1, n2, NULL, 0);
    assert_non_null(e);
    assert_string_equal(agget(e, "label"), "\\\\E \"<&amp;>\" end\\\\");
    e = agedge(ag, n2, n3, NULL, 0);
    assert_non_null(e);
    assert_string_equal(agget(e, "label"), "member of");
    assert_string_equal(agget(ag, "label"), "T \\\\N &amp; \"q\"");
    assert_string_equal(agget(ag, "labelloc"), "t");
    agclose(ag);
    erg_free(dot);
    unload(&r);
    erg_free(json);
}

static const char small[] =
    "{\"format\": \"ergraph/1\", \"title\": \"Igla sting\",\n"
    " \"entities\": [\n"
    "  {\"id\": \"putin\", \"type\": \"person\", \"name\": \"Vladimir Putin\"},\n"
    "  {\"id\": \"fsb\", \"type\": \"agency\", \"name\": \"Federal Security Service\"},\n"
    "  {\"id\": \"fbi\", \"type\": \"agency\", \"name\": \"FBI\"},\n"
    "  {\"id\": \"ru\", \"type\": \"country\", \"name\": \"Russia\"},\n"
    "  {\"id\": \"x\", \"type\": \"spaceship\", \"name\": \"Odd <one> & out\"}\n"
    " ],\n"
    " \"relationships\": [\n"
    "  {\"from\": \"putin\", \"to\": \"fsb\", \"type\": \"headed\"},\n"
    "  {\"from\": \"fsb\", \"to\": \"fbi\", \"type\": \"cooperated_with\", \"directed\": false},\n"
    "  {\"from\": \"fsb\", \"to\": \"fbi\", \"type\": \"cooperated_with\", \"directed\": false},\n"
    "  {\"from\": \"fsb\", \"to\": \"ru\", \"type\": \"based_in\"},\n"
    "  {\"from\": \"x\", \"to\": \"x\", \"type\": \"loops\"}\n"
    " ]}\n";

static size_t count_substr(const char *s, const char *part)
{
    size_t n = 0;
    for (const char *p = strstr(s, part); p != NULL; p = strstr(p + 1, part))
        n++;
    return n;
}

static void test_graphviz__dot_structure(void **state)
{
    (void)state;
    loaded r = load(small);
    char *dot = NULL;
    size_t len = 0;
    erg_dot_options unmerged = {.no_merge = true, .no_legend = true};
    assert_int_equal(erg_dot_write(&dot, &len, r.g, NULL, &unmerged, r.diags), ERG_OK);
    /* The default label is declared, so the file renders as the program does. */
    assert_non_null(strstr(dot, "label=\"\\N\""));
    assert_non_null(strstr(dot, "label=\"Igla sting\""));
    /* Parallel ties kept with no_merge, undirected ones without arrowheads. */
    assert_int_equal(count_substr(dot, "n2 -> n3"), 2);
    assert_int_equal(count_substr(dot, "dir=none"), 2);
    assert_int_equal(count_substr(dot, "n5 -> n5"), 1);
    assert_non_null(strstr(dot, "label=\"cooperated with\""));
    /* Styles by type; the unknown type gets the neutral one. */
    const erg_node_style *person = erg_style_for_type("person");
    assert_non_null(strstr(dot, person->fillcolor));
    assert_string_equal(erg_style_for_type("spaceship")->type, "");
    assert_ptr_equal(erg_style_for_type(NULL), erg_style_for_type("spaceship"));
    erg_free(dot);

    /* A title given by the caller wins over the graph's. */
    erg_dot_options opts = {.title = "Other \"title\""};
    assert_int_equal(erg_dot_write(&dot, &len, r.g, NULL, &opts, r.diags), ERG_OK);
    assert_non_null(strstr(dot, "label=\"Other \\\"title\\\"\""));
    assert_null(strstr(dot, "Igla sting"));
    erg_free(dot);
    unload(&r);
}

static void test_graphviz__styles_distinct(void **state)
{
    (void)state;
    const char *types[] = {"person", "agency", "country", "organization", "group",
                           "place",  "weapon", "event",   "other"};
    size_t n = sizeof(types) / sizeof(types[0]);
    for (size_t i = 0; i < n; i++) {
        const erg_node_style *a = erg_style_for_type(types[i]);
        assert_int_equal(strlen(a->fillcolor), 7);
        assert_int_equal(strlen(a->color), 7);
        for (size_t j = i + 1; j < n; j++) {
            const erg_node_style *b = erg_style_for_type(types[j]);
            /* Never told apart by colour alone. */
            bool same_shape = strcmp(a->shape, b->shape) == 0 && strcmp(a->style, b->style) == 0;
            assert_false(same_shape);
            assert_true(strcmp(a->fillcolor, b->fillcolor) != 0);
        }
    }
}

static void test_graphviz__selection(void **state)
{
    (void)state;
    loaded r = load(small);
    erg_selection *sel = erg_selection_new(r.g, false);
    assert_non_null(sel);
    erg_selection_set_entity(sel, 1, true); /* fsb */
    erg_selection_set_entity(sel, 2, true); /* fbi */
    erg_selection_set_rel(sel, 2, true);
    char *dot = NULL;
    size_t len = 0;
    assert_int_equal(erg_dot_write(&dot, &len, r.g, sel, NULL, r.diags), ERG_OK);
    assert_null(strstr(dot, "Putin"));
    /* Nodes are numbered among what is kept: fsb is n1, fbi n2. */
    assert_null(strstr(dot, "n3"));
    assert_int_equal(count_substr(dot, "n1 -> n2"), 1);
    erg_free(dot);
    erg_selection_free(sel);
    unload(&r);
}

static void test_graphviz__deterministic(void **state)
{
    (void)state;
    char *json = hostile_json();
    loaded r = load(json);
    char *a = NULL, *b = NULL, *svg = NULL;
    size_t alen = 0, blen = 0, slen = 0;
    assert_int_equal(erg_dot_write(&a, &alen, r.g, NULL, NULL, r.diags), ERG_OK);
    /* A render in between must not change what the next export writes. */
    erg_render_options ro = {.format = "svg", .engine = "dot", .timeout = 0};
    assert_int_equal(erg_render(&svg, &slen, NULL, r.g, NULL, NULL, &ro, r.diags), ERG_OK);
    assert_int_equal(erg_dot_write(&b, &blen, r.g, NULL, NULL, r.diags), ERG_OK);
    assert_int_equal(alen, blen);
    assert_memory_equal(a, b, alen);
    char *svg2 = NULL;
    assert_int_equal(erg_render(&svg2, &blen, NULL, r.g, NULL, NULL, &ro, r.diags), ERG_OK);
    assert_int_equal(slen, blen);
    assert_memory_equal(svg, svg2, slen);
    erg_free(svg2);
    erg_free(a);
    erg_free(b);
    erg_free(svg);
    unload(&r);
    erg_free(json);
}

static void test_graphviz__choose_engine(void **state)
{
    (void)state;
    const char *why = NULL;
    assert_string_equal(erg_render_choose_engine(50, 80, &why), "dot");
    assert_non_null(why);
    assert_string_equal(erg_render_choose_engine(120, 300, NULL), "dot");
    assert_string_equal(erg_render_choose_engine(121, 10, &why), "sfdp");
    assert_non_null(strstr(why, "sfdp"));
    assert_string_equal(erg_render_choose_engine(20, 301, NULL), "sfdp");
    assert_true(erg_render_format_known("png"));
    assert_false(erg_render_format_known("PNG"));
    assert_false(erg_render_format_known("json"));
    assert_false(erg_render_format_known(NULL));
    assert_true(erg_render_engine_known("twopi"));
    assert_false(erg_render_engine_known("osage"));
}

static void test_graphviz__unknown_names(void **state)
{
    (void)state;
    loaded r = load(small);
    char *out = (char *)1;
    size_t len = 1;
    erg_render_options bad_format = {.format = "gif", .engine = NULL, .timeout = 0};
    assert_int_equal(erg_render(&out, &len, NULL, r.g, NULL, NULL, &bad_format, r.diags),
                     ERG_EUSAGE);
    assert_null(out);
    assert_true(has_message(r.diags, ERG_ERROR, "\"gif\""));
    erg_render_options bad_engine = {.format = "svg", .engine = "osage", .timeout = 0};
    assert_int_equal(erg_render(&out, &len, NULL, r.g, NULL, NULL, &bad_engine, r.diags),
                     ERG_EUSAGE);
    assert_true(has_message(r.diags, ERG_ERROR, "\"osage\""));
    unload(&r);
}

static void test_graphviz__render_formats(void **state)
{
    (void)state;
    loaded r = load(small);
    char *out = NULL;
    size_t len = 0;
    const char *engine = NULL;
    double t0 = now();
    assert_int_equal(erg_render(&out, &len, &engine, r.g, NULL, NULL, NULL, r.diags), ERG_OK);
    print_message("svg of 5 nodes: %.3f s\n", now() - t0);
    assert_string_equal(engine, "dot");
    assert_int_equal(strlen(out), len);
    assert_non_null(strstr(out, "<svg"));
    assert_non_null(strstr(out, ">Vladimir Putin</text>"));
    assert_non_null(strstr(out, ">Odd &lt;one&gt; &amp; out</text>"));
    assert_non_null(strstr(out, ">cooperated with</text>"));
    erg_free(out);

    erg_render_options png = {.format = "png", .engine = "neato", .timeout = 0};
    assert_int_equal(erg_render(&out, &len, &engine, r.g, NULL, NULL, &png, r.diags), ERG_OK);
    assert_string_equal(engine, "neato");
    assert_true(len > 8);
    assert_memory_equal(out, "\x89PNG\r\n\x1a\n", 8);
    erg_free(out);

    erg_render_options pdf = {.format = "pdf", .engine = "sfdp", .timeout = 0};
    assert_int_equal(erg_render(&out, &len, NULL, r.g, NULL, NULL, &pdf, r.diags), ERG_OK);
    assert_memory_equal(out, "%PDF", 4);
    erg_free(out);

    erg_render_options dot = {.format = "dot", .engine = "circo", .timeout = 0};
    assert_int_equal(erg_render(&out, &len, NULL, r.g, NULL, NULL, &dot, r.diags), ERG_OK);
    assert_non_null(strstr(out, "pos=\""));
    erg_free(out);
    assert_int_equal(erg_diags_error_count(r.diags), 0);
    unload(&r);
}

/* What the caller had buffered on stdout is written once, and the child's
 * stdout never reaches the caller's. */
static void test_graphviz__stdout_untouched(void **state)
{
    (void)state;
    loaded r = load(small);
    char path[] = "/tmp/erg_gv_stdout_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    fputs("marker", stdout); /* buffered: a regular file is fully buffered */
    char *out = NULL;
    size_t len = 0;
    erg_status rc = erg_render(&out, &len, NULL, r.g, NULL, NULL, NULL, r.diags);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    assert_int_equal(rc, ERG_OK);
    char buf[64] = {0};
    assert_int_equal(pread(fd, buf, sizeof(buf) - 1, 0), 6);
    assert_string_equal(buf, "marker");
    close(fd);
    unlink(path);
    erg_free(out);
    unload(&r);
}

/* A dense random graph that dot cannot lay out in time. */
static char *dense_json(size_t nodes, size_t edges)
{
    erg_buf b = ERG_BUF_INIT;
    erg_buf_puts(&b, "{\"format\": \"ergraph/1\", \"entities\": [");
    for (size_t i = 0; i < nodes; i++)
        erg_buf_printf(&b, "%s{\"id\": \"e%zu\", \"type\": \"person\", \"name\": \"Person %zu\"}",
                       i ? "," : "", i, i);
    erg_buf_puts(&b, "], \"relationships\": [");
    uint32_t x = 12345;
    for (size_t i = 0; i < edges; i++) {
        x = x * 1103515245u + 12345u;
        size_t from = (x >> 8) % nodes;
        x = x * 1103515245u + 12345u;
        size_t to = (x >> 8) % nodes;
        erg_buf_printf(&b, "%s{\"from\": \"e%zu\", \"to\": \"e%zu\", \"type\": \"knows\"}",
                       i ? "," : "", from, to);
    }
    erg_buf_puts(&b, "]}");
    char *s = erg_buf_detach(&b);
    assert_non_null(s);
    return s;
}

static void test_graphviz__timeout(void **state)
{
    (void)state;
    char *json = dense_json(300, 1500);
    loaded r = load(json);
    char *out = NULL;
    size_t len = 0;
    erg_render_options opts = {.format = "svg", .engine = "dot", .timeout = 0.5, .max_nodes = 500};
    double t0 = now();
    erg_status rc = erg_render(&out, &len, NULL, r.g, NULL, NULL, &opts, r.diags);
    double took = now() - t0;
    print_message("timeout of 0.5 s returned after %.3f s\n", took);
    assert_int_equal(rc, ERG_ETIMEOUT);
    assert_null(out);
    assert_true(took < 1.5);
    assert_true(has_message(r.diags, ERG_ERROR, "layout with dot did not finish in 0.5 s"));
    assert_true(has_message(r.diags, ERG_ERROR, "300 nodes, 1500 edges"));

    /* By size, the same graph gets sfdp and finishes. */
    const char *engine = NULL;
    erg_diags_clear(r.diags);
    erg_render_options by_size = {.format = "svg", .engine = NULL, .timeout = 20};
    t0 = now();
    assert_int_equal(erg_render(&out, &len, &engine, r.g, NULL, NULL, &by_size, r.diags), ERG_OK);
    print_message("sfdp of 300 nodes / 1500 edges: %.3f s\n", now() - t0);
    assert_string_equal(engine, "sfdp");
    erg_free(out);
    unload(&r);
    erg_free(json);
}

/* A child that dies of a signal is reported as a crash, not a hang: here
 * the CPU limit it inherits ends it with SIGXCPU in a layout dot cannot
 * finish. The parent's own CPU time is counted separately, and stays far
 * below its limit. */
static void test_graphviz__child_crash(void **state)
{
    (void)state;
    char *json = dense_json(300, 1500);
    loaded r = load(json);
    struct rlimit saved, lim;
    struct rusage self;
    assert_int_equal(getrlimit(RLIMIT_CPU, &saved), 0);
    assert_int_equal(getrusage(RUSAGE_SELF, &self), 0);
    lim = saved;
    lim.rlim_cur = (rlim_t)self.ru_utime.tv_sec + (rlim_t)self.ru_stime.tv_sec + 3;
    if (saved.rlim_max != RLIM_INFINITY && lim.rlim_cur > saved.rlim_max)
        skip();
    assert_int_equal(setrlimit(RLIMIT_CPU, &lim), 0);
    char *out = NULL;
    size_t len = 0;
    erg_render_options opts = {.format = "svg", .engine = "dot", .timeout = 60, .max_nodes = 500};
    double t0 = now();
    erg_status rc = erg_render(&out, &len, NULL, r.g, NULL, NULL, &opts, r.diags);
    setrlimit(RLIMIT_CPU, &saved);
    print_message("crash reported after %.3f s\n", now() - t0);
    assert_int_equal(rc, ERG_EGRAPHVIZ);
    assert_null(out);
    assert_true(has_message(r.diags, ERG_ERROR, "Graphviz crashed (signal"));
    assert_true(has_message(r.diags, ERG_ERROR, "while laying out with dot"));
    unload(&r);
    erg_free(json);
}

/* Graphviz errors come back as diagnostics, shortened. GVBINDIR pointed at
 * an empty folder makes every layout engine "not recognized". */
static void test_graphviz__graphviz_error(void **state)
{
    (void)state;
    loaded r = load(small);
    char dir[] = "/tmp/erg_gv_empty_XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *old = getenv("GVBINDIR");
    char *saved = old != NULL ? strdup(old) : NULL;
    setenv("GVBINDIR", dir, 1);
    char *out = NULL;
    size_t len = 0;
    erg_status rc = erg_render(&out, &len, NULL, r.g, NULL, NULL, NULL, r.diags);
    if (saved != NULL)
        setenv("GVBINDIR", saved, 1);
    else
        unsetenv("GVBINDIR");
    free(saved);
    rmdir(dir);
    for (size_t i = 0; i < erg_diags_count(r.diags); i++)
        print_message("diag: %s\n", erg_diags_get(r.diags, i)->message);
    assert_int_equal(rc, ERG_EGRAPHVIZ);
    assert_null(out);
    assert_true(erg_diags_error_count(r.diags) > 0);
    for (size_t i = 0; i < erg_diags_count(r.diags); i++)
        assert_null(strstr(erg_diags_get(r.diags, i)->message, "Use one of"));
    unload(&r);
}

/* The filter's output for `text`, fed in pieces of `piece` bytes (0: whole). */
static char *long_ids(const char *text, size_t piece)
{
    erg_gv_long_ids f = ERG_GV_LONG_IDS_INIT;
    erg_buf out = ERG_BUF_INIT;
    size_t len = strlen(text);
    for (size_t at = 0; at < len;) {
        size_t n = piece == 0 || len - at < piece ? len - at : piece;
        erg_gv_long_ids_put(&f, &out, text + at, n);
        at += n;
    }
    erg_gv_long_ids_end(&f, &out);
    char *s = erg_buf_detach(&out);
    assert_non_null(s);
    return s;
}

static char *repeat(const char *head, const char *unit, size_t times, const char *tail)
{
    erg_buf b = ERG_BUF_INIT;
    erg_buf_puts(&b, head);
    for (size_t i = 0; i < times; i++)
        erg_buf_puts(&b, unit);
    erg_buf_puts(&b, tail);
    char *s = erg_buf_detach(&b);
    assert_non_null(s);
    return s;
}

/*
 * Issue 14, item 6: Graphviz 2.42 rejects a token of over 16 KB. The
 * filter leaves DOT with short IDs as it is, quotes long unquoted ones,
 * breaks long quoted ones, whatever the pieces it is fed in; cgraph reads
 * the result back into the same values. And erg_dot_write() of a name of
 * 20,000 letters reads back.
 */
static void test_graphviz__long_ids(void **state)
{
    (void)state;
    char *json = hostile_json();
    loaded r = load(json);
    char *dot = NULL;
    size_t len = 0;
    assert_int_equal(erg_dot_write(&dot, &len, r.g, NULL, NULL, r.diags), ERG_OK);
    for (size_t piece = 0; piece < 8; piece++) {
        char *same = long_ids(dot, piece);
        assert_string_equal(same, dot);
        erg_free(same);
    }
    erg_free(dot);
    unload(&r);
    erg_free(json);

    const size_t n = 20000;
    char *bare = repeat("", "A", n, ""), *cyr = repeat("", "\xd0\x96", n, "");
    char *num = repeat("-", "1", n, ""), *quoted = repeat("", "Q", n, "\\\"x");
    erg_buf text = ERG_BUF_INIT;
    erg_buf_printf(&text,
                   "digraph g {\n\ta [label=%s, tooltip=\"%s\", x=%s, y=%s,\n"
                   "\t\tz=<<b>%s</b>>];\n\ta -> b;\n\tc -> d [k=-1.5];\n}\n",
                   bare, quoted, num, cyr, bare);
    assert_false(text.failed);
    char *whole = long_ids(text.data, 0);
    for (size_t piece = 1; piece < 8; piece++) {
        char *again = long_ids(text.data, piece);
        assert_string_equal(again, whole);
        erg_free(again);
    }
    /* No run between backslashes, quotes or line ends longer than a piece
     * (but the HTML string, which is not ours to break), and the values
     * read back as they were. */
    const char *html = strstr(whole, "<<b>");
    assert_non_null(html);
    size_t run = 0;
    for (const char *p = whole; p < html; p++) {
        run = *p == '\\' || *p == '"' || *p == '\n' ? 0 : run + 1;
        assert_true(run <= ERG_GV_ID_PIECE + 2);
    }
    Agraph_t *ag = agmemread(whole);
    assert_non_null(ag);
    Agnode_t *a = agnode(ag, "a", 0);
    assert_non_null(a);
    assert_string_equal(agget(a, "label"), bare);
    char *want = repeat("", "Q", n, "\"x");
    assert_string_equal(agget(a, "tooltip"), want);
    assert_string_equal(agget(a, "x"), num);
    assert_string_equal(agget(a, "y"), cyr);
    assert_non_null(agedge(ag, a, agnode(ag, "b", 0), NULL, 0));
    Agedge_t *cd = agedge(ag, agnode(ag, "c", 0), agnode(ag, "d", 0), NULL, 0);
    assert_non_null(cd);
    assert_string_equal(agget(cd, "k"), "-1.5");
    agclose(ag);
    erg_free(want);
    erg_free(whole);
    erg_buf_release(&text);

    /* The whole way: a name of 20,000 letters written as DOT reads back. */
    erg_buf j = ERG_BUF_INIT;
    erg_buf_printf(&j,
                   "{\"format\": \"ergraph/1\", \"entities\": [{\"id\": \"a\", \"type\": "
                   "\"person\", \"name\": \"%s\"}], \"relationships\": []}",
                   bare);
    assert_false(j.failed);
    r = load(j.data);
    erg_dot_options plain = {.no_legend = true, .no_wrap = true};
    assert_int_equal(erg_dot_write(&dot, &len, r.g, NULL, &plain, r.diags), ERG_OK);
    ag = agmemread(dot);
    assert_non_null(ag);
    a = agnode(ag, "n1", 0);
    assert_non_null(a);
    assert_string_equal(agget(a, "label"), bare);
    agclose(ag);
    erg_free(dot);
    unload(&r);
    erg_buf_release(&j);
    erg_free(bare);
    erg_free(cyr);
    erg_free(num);
    erg_free(quoted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_graphviz__labels_round_trip),
        cmocka_unit_test(test_graphviz__long_ids),
        cmocka_unit_test(test_graphviz__dot_structure),
        cmocka_unit_test(test_graphviz__styles_distinct),
        cmocka_unit_test(test_graphviz__selection),
        cmocka_unit_test(test_graphviz__deterministic),
        cmocka_unit_test(test_graphviz__choose_engine),
        cmocka_unit_test(test_graphviz__unknown_names),
        cmocka_unit_test(test_graphviz__render_formats),
        cmocka_unit_test(test_graphviz__stdout_untouched),
        cmocka_unit_test(test_graphviz__timeout),
        cmocka_unit_test(test_graphviz__child_crash),
        cmocka_unit_test(test_graphviz__graphviz_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
