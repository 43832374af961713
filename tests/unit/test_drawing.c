/* Unit tests of what a diagram shows: the legend against the types drawn,
 * citation numbers against the sources, merged edges against their
 * relationships, cluster membership, the legend leaving the layout alone,
 * links, themes and the size cap. The DOT text is read back with cgraph,
 * so the checks look at what Graphviz sees. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>
#include <graphviz/cgraph.h>

#include "draw/drawing.h"
#include "graphviz/graphviz_impl.h"

typedef struct loaded {
    erg_graph *g;
    erg_diags *diags;
} loaded;

static loaded load(const char *json)
{
    loaded r = {NULL, erg_diags_new()};
    erg_loader *l = erg_loader_new(NULL, r.diags);
    assert_non_null(l);
    erg_loader_add_buffer(l, "t.json", json, strlen(json));
    erg_status rc = erg_loader_finish(l, &r.g);
    erg_loader_free(l);
    for (size_t i = 0; rc != ERG_OK && i < erg_diags_count(r.diags); i++)
        print_error("%s\n", erg_diags_get(r.diags, i)->message);
    assert_int_equal(rc, ERG_OK);
    erg_diags_clear(r.diags);
    return r;
}

static void unload(loaded *r)
{
    erg_graph_free(r->g);
    erg_diags_free(r->diags);
}

/* The DOT text of g under `opts`, read back by cgraph. */
static Agraph_t *dot_of(loaded *r, const erg_selection *sel, const erg_dot_options *opts)
{
    char *dot = NULL;
    size_t len = 0;
    assert_int_equal(erg_dot_write(&dot, &len, r->g, sel, opts, r->diags), ERG_OK);
    Agraph_t *ag = agmemread(dot);
    assert_non_null(ag);
    erg_free(dot);
    return ag;
}

static const char *attr(void *obj, const char *name)
{
    const char *v = agget(obj, (char *)name);
    return v != NULL ? v : "";
}

static const char graph_json[] =
    "{\"format\": \"ergraph/1\",\n"
    " \"sources\": [{\"id\": \"s1\", \"publisher\": \"BBC News\", \"date\": \"2003-08-12\",\n"
    "               \"title\": \"'Old enemies' unite\", \"url\": "
    "\"https://bbc.example/a?b=1&c=2\"},\n"
    "              {\"id\": \"s2\", \"title\": \"Second\", \"url\": \"javascript:alert(1)\"},\n"
    "              {\"id\": \"s3\"}],\n"
    " \"entities\": [\n"
    "  {\"id\": \"ru\", \"type\": \"country\", \"name\": \"Russia\"},\n"
    "  {\"id\": \"us\", \"type\": \"country\", \"name\": \"United States\"},\n"
    "  {\"id\": \"putin\", \"type\": \"person\", \"name\": \"Vladimir Putin\", \"country\": "
    "\"ru\"},\n"
    "  {\"id\": \"fsb\", \"type\": \"agency\", \"name\": \"FSB\", \"country\": \"ru\"},\n"
    "  {\"id\": \"fbi\", \"type\": \"agency\", \"name\": \"FBI\", \"country\": \"us\"},\n"
    "  {\"id\": \"moscow\", \"type\": \"place\", \"name\": \"Moscow\", \"country\": \"ru\"},\n"
    "  {\"id\": \"x\", \"type\": \"spaceship\", \"name\": \"Odd one\"},\n"
    "  {\"id\": \"bbc\", \"type\": \"organization\", \"name\": \"BBC\"}\n"
    " ],\n"
    " \"relationships\": [\n"
    "  {\"id\": \"h1\", \"from\": \"putin\", \"to\": \"fsb\", \"type\": \"headed\",\n"
    "   \"evidence\": [{\"source\": \"s3\"}]},\n"
    "  {\"id\": \"c1\", \"from\": \"fsb\", \"to\": \"fbi\", \"type\": \"cooperated_with\",\n"
    "   \"directed\": false, \"evidence\": [{\"source\": \"s1\", \"quote\": \"teamed up\"}]},\n"
    "  {\"id\": \"c2\", \"from\": \"fbi\", \"to\": \"fsb\", \"type\": \"cooperated_with\",\n"
    "   \"directed\": false, \"evidence\": [{\"source\": \"s3\"}, {\"source\": \"s1\"}]},\n"
    "  {\"id\": \"c3\", \"from\": \"fsb\", \"to\": \"fbi\", \"type\": \"cooperated_with\",\n"
    "   \"directed\": false, \"evidence\": [{\"source\": \"s2\"}]},\n"
    "  {\"id\": \"c4\", \"from\": \"fsb\", \"to\": \"fbi\", \"type\": \"cooperated_with\",\n"
    "   \"label\": \"worked with\", \"directed\": false},\n"
    "  {\"id\": \"h2\", \"from\": \"fsb\", \"to\": \"putin\", \"type\": \"headed\"},\n"
    "  {\"id\": \"v1\", \"from\": \"putin\", \"to\": \"moscow\", \"type\": \"visited\",\n"
    "   \"start\": \"2003\", \"end\": \"2004\", \"evidence\": [{\"source\": \"s2\"}]},\n"
    "  {\"id\": \"r1\", \"from\": \"bbc\", \"to\": \"putin\", \"type\": \"reported_on\",\n"
    "   \"evidence\": [{\"source\": \"s2\"}]}\n"
    " ]}\n";

/* The label of the DOT's legend node (an HTML-like table), or "". */
static const char *legend_label(Agraph_t *ag)
{
    Agnode_t *n = agnode(ag, (char *)"legend", 0);
    return n != NULL ? attr(n, "label") : "";
}

#define SWATCH_END "FIXEDSIZE=\"TRUE\"></TD><TD ALIGN=\"LEFT\">"

/* The legend's entity types, in order, joined by spaces; each drawn with
 * the colours of the entities of that type, and its shape named unless it
 * is a plain box. */
static void legend_types(Agraph_t *ag, char *out, size_t size)
{
    out[0] = '\0';
    const char *label = legend_label(ag);
    for (const char *p = strstr(label, SWATCH_END); p != NULL; p = strstr(p, SWATCH_END)) {
        p += strlen(SWATCH_END);
        size_t n = strcspn(p, " <");
        char type[64];
        snprintf(type, sizeof(type), "%.*s", (int)n, p);
        snprintf(out + strlen(out), size - strlen(out), "%s%s", out[0] ? " " : "", type);
        const erg_node_style *st = erg_theme_style(NULL, type);
        char want[128];
        snprintf(want, sizeof(want), "BGCOLOR=\"%s\" COLOR=\"%s\"", st->fillcolor, st->color);
        assert_non_null(strstr(label, want));
        if (strcmp(st->shape, "box") != 0) {
            snprintf(want, sizeof(want), "%s (%s)", type, st->shape);
            assert_non_null(strstr(label, want));
        }
    }
}

/* The edges that draw ties: not the "of" lines or the invisible edges
 * that pack entities without ties. */
static size_t ties(Agraph_t *ag)
{
    size_t n = 0;
    for (Agnode_t *v = agfstnode(ag); v != NULL; v = agnxtnode(ag, v)) {
        for (Agedge_t *e = agfstout(ag, v); e != NULL; e = agnxtout(ag, e))
            n += strncmp(attr(e, "class"), "tie ", 4) == 0;
    }
    return n;
}

/* Whether the legend has a line sample whose words hold label_part. */
static bool has_edge_sample(Agraph_t *ag, const char *label_part)
{
    const char *label = legend_label(ag);
    for (const char *p = strstr(label, "<TR><TD ALIGN=\"RIGHT\">"); p != NULL;
         p = strstr(p + 1, "<TR><TD ALIGN=\"RIGHT\">")) {
        const char *words = strstr(p, "</TD><TD ALIGN=\"LEFT\">");
        const char *end = words != NULL ? strstr(words, "</TD></TR>") : NULL;
        assert_non_null(end);
        words += strlen("</TD><TD ALIGN=\"LEFT\">");
        char buf[256];
        snprintf(buf, sizeof(buf), "%.*s", (int)(end - words), words);
        if (strstr(buf, label_part) != NULL)
            return true;
    }
    return false;
}

static void test_drawing__legend_lists_types_drawn(void **state)
{
    (void)state;
    loaded r = load(graph_json);
    char types[256];
    Agraph_t *ag = dot_of(&r, NULL, NULL);
    legend_types(ag, types, sizeof(types));
    /* Known types in the palette's order, then the others. */
    assert_string_equal(types, "person agency country organization place spaceship");
    assert_true(has_edge_sample(ag, "directed"));
    assert_true(has_edge_sample(ag, "undirected"));
    assert_false(has_edge_sample(ag, "dated")); /* dates are words in the labels now */
    assert_true(has_edge_sample(ag, "supported by 3 sources"));
    agclose(ag);

    /* After a filter, only what is left. */
    const char *keep[] = {"person", "place"};
    erg_filter_spec spec = {0};
    spec.types.items = keep;
    spec.types.count = 2;
    erg_selection *sel = NULL;
    assert_int_equal(erg_filter_apply(&sel, r.g, &spec, r.diags), ERG_OK);
    ag = dot_of(&r, sel, NULL);
    legend_types(ag, types, sizeof(types));
    assert_string_equal(types, "person place");
    assert_false(has_edge_sample(ag, "dated"));
    assert_false(has_edge_sample(ag, "undirected"));
    assert_false(has_edge_sample(ag, "sources"));
    agclose(ag);
    erg_selection_free(sel);

    /* --no-legend: no legend; the sources block stays. */
    erg_dot_options none = {.no_legend = true};
    ag = dot_of(&r, NULL, &none);
    assert_null(agnode(ag, (char *)"legend", 0));
    assert_non_null(agnode(ag, (char *)"legend_sources", 0));
    agclose(ag);
    unload(&r);
}

/* The edge from entity `from` to `to` (ids) whose class names `type`. */
static Agedge_t *find_edge(Agraph_t *ag, loaded *r, const char *from, const char *to,
                           const char *label_start, size_t *count)
{
    char a[16], b[16];
    snprintf(a, sizeof(a), "n%zu", erg_graph_find_id(r->g, from) + 1);
    snprintf(b, sizeof(b), "n%zu", erg_graph_find_id(r->g, to) + 1);
    Agnode_t *t = agnode(ag, a, 0), *h = agnode(ag, b, 0);
    Agedge_t *found = NULL;
    *count = 0;
    if (t == NULL || h == NULL)
        return NULL;
    for (Agedge_t *e = agfstedge(ag, t); e != NULL; e = agnxtedge(ag, e, t)) {
        if (aghead(e) != h && agtail(e) != h)
            continue;
        if (strncmp(attr(e, "label"), label_start, strlen(label_start)) == 0) {
            (*count)++;
            if (found == NULL)
                found = e;
        }
    }
    return found;
}

/* The sources block's text: its table's rows, a line each, tags left out. */
static const char *sources_text(Agraph_t *ag, char *out, size_t size)
{
    Agnode_t *n = agnode(ag, (char *)"legend_sources", 0);
    const char *p = n != NULL ? attr(n, "label") : "";
    size_t k = 0;
    while (*p != '\0' && k + 1 < size) {
        if (strncmp(p, "</TR>", 5) == 0)
            out[k++] = '\n';
        if (*p == '<') {
            p = strchr(p, '>');
            assert_non_null(p);
            p++;
            continue;
        }
        out[k++] = *p++;
    }
    out[k] = '\0';
    return out;
}

static void test_drawing__citations_number_sources(void **state)
{
    (void)state;
    char buf[512];
    loaded r = load(graph_json);
    erg_dot_options unwrapped = {.no_wrap = true};
    Agraph_t *ag = dot_of(&r, NULL, &unwrapped);
    size_t n;
    /* All three sources are cited: numbered in the graph's order. */
    Agedge_t *e = find_edge(ag, &r, "putin", "fsb", "headed", &n);
    assert_non_null(e);
    assert_string_equal(attr(e, "label"), "headed [3]");
    e = find_edge(ag, &r, "fsb", "fbi", "cooperated with", &n);
    assert_string_equal(attr(e, "label"), "cooperated with [1,2,3]");
    assert_string_equal(sources_text(ag, buf, sizeof(buf)),
                        "Sources\n[1] BBC News, 12 Aug 2003, 'Old enemies' unite\n"
                        "[2] Second\n[3] s3\n");
    agclose(ag);

    /* Drop the ties that cite s2: the numbers close up, in the same order. */
    erg_selection *sel = erg_selection_new(r.g, true);
    const char *drop[] = {"c3", "v1", "r1"};
    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < erg_graph_relationship_count(r.g); i++) {
            if (strcmp(erg_rel_id(r.g, i), drop[k]) == 0)
                erg_selection_set_rel(sel, i, false);
        }
    }
    ag = dot_of(&r, sel, &unwrapped);
    e = find_edge(ag, &r, "putin", "fsb", "headed", &n);
    assert_string_equal(attr(e, "label"), "headed [2]");
    e = find_edge(ag, &r, "fsb", "fbi", "cooperated with", &n);
    assert_string_equal(attr(e, "label"), "cooperated with [1,2]");
    assert_string_equal(sources_text(ag, buf, sizeof(buf)),
                        "Sources\n[1] BBC News, 12 Aug 2003, 'Old enemies' unite\n[2] s3\n");
    agclose(ag);
    erg_selection_free(sel);

    /* One source cited (s1: c1 and c2's s1 evidence): no numbers on the
     * ties, nor in the block, which stays, titled "Source". */
    sel = erg_selection_new(r.g, true);
    for (size_t i = 0; i < erg_graph_relationship_count(r.g); i++) {
        const char *id = erg_rel_id(r.g, i);
        if (strcmp(id, "c1") != 0)
            erg_selection_set_rel(sel, i, false);
    }
    erg_dot_options full_one = {.no_wrap = true, .citations = ERG_CITE_FULL};
    ag = dot_of(&r, sel, &full_one);
    e = find_edge(ag, &r, "fsb", "fbi", "cooperated with", &n);
    assert_non_null(e);
    assert_string_equal(attr(e, "label"), "cooperated with\\n\xE2\x80\x9Cteamed up\xE2\x80\x9D");
    assert_string_equal(sources_text(ag, buf, sizeof(buf)),
                        "Source\nBBC News, 12 Aug 2003, 'Old enemies' unite\n");
    agclose(ag);
    erg_selection_free(sel);

    /* none: no numbers, no sources block; full: the quote under the label. */
    erg_dot_options none = {.no_wrap = true, .citations = ERG_CITE_NONE};
    ag = dot_of(&r, NULL, &none);
    e = find_edge(ag, &r, "fsb", "fbi", "cooperated with", &n);
    assert_string_equal(attr(e, "label"), "cooperated with");
    assert_null(agnode(ag, (char *)"legend_sources", 0));
    agclose(ag);
    erg_dot_options full = {.no_wrap = true, .citations = ERG_CITE_FULL};
    ag = dot_of(&r, NULL, &full);
    e = find_edge(ag, &r, "fsb", "fbi", "cooperated with", &n);
    assert_string_equal(attr(e, "label"),
                        "cooperated with [1,2,3]\\n\xE2\x80\x9Cteamed up\xE2\x80\x9D [1]");
    agclose(ag);
    unload(&r);
}

static void test_drawing__parallel_ties_merge(void **state)
{
    (void)state;
    loaded r = load(graph_json);
    erg_dot_options unwrapped = {.no_wrap = true, .no_legend = true};
    Agraph_t *ag = dot_of(&r, NULL, &unwrapped);
    size_t n;
    /* c1, c2 (the other way round, undirected) and c3 are one edge, by the
     * id of the first; c4 has its own label and stays apart. */
    Agedge_t *e = find_edge(ag, &r, "fsb", "fbi", "cooperated with", &n);
    assert_int_equal(n, 1);
    assert_string_equal(attr(e, "id"), "r-c1");
    assert_string_equal(attr(e, "dir"), "none");
    /* Three distinct sources: 1 + 0.75 per extra source. */
    assert_string_equal(attr(e, "penwidth"), "2.5");
    find_edge(ag, &r, "fsb", "fbi", "worked with", &n);
    assert_int_equal(n, 1);
    /* Directed ties the other way round are not the same fact. */
    find_edge(ag, &r, "putin", "fsb", "headed", &n);
    assert_int_equal(n, 2);
    /* The tooltip holds every quote of the merged ties with its source. */
    assert_non_null(strstr(attr(e, "tooltip"), "\xE2\x80\x9Cteamed up\xE2\x80\x9D \xE2\x80\x94 [1] "
                                               "BBC News"));
    agclose(ag);

    erg_dot_options each = {.no_wrap = true, .no_legend = true, .no_merge = true};
    ag = dot_of(&r, NULL, &each);
    find_edge(ag, &r, "fsb", "fbi", "cooperated with", &n);
    assert_int_equal(n, 3);
    assert_int_equal(ties(ag), erg_graph_relationship_count(r.g));
    agclose(ag);
    unload(&r);
}

/* The label of the cluster that holds entity `id`, or "" at the top. */
static const char *cluster_of(Agraph_t *ag, loaded *r, const char *id)
{
    char name[16];
    snprintf(name, sizeof(name), "n%zu", erg_graph_find_id(r->g, id) + 1);
    for (Agraph_t *s = agfstsubg(ag); s != NULL; s = agnxtsubg(s)) {
        if (strncmp(agnameof(s), "cluster_", 8) == 0 && agnode(s, name, 0) != NULL)
            return attr(s, "label");
    }
    assert_non_null(agnode(ag, name, 0));
    return "";
}

static void test_drawing__clusters(void **state)
{
    (void)state;
    loaded r = load(graph_json);
    erg_dot_options by_country = {.cluster = ERG_CLUSTER_COUNTRY, .no_legend = true};
    Agraph_t *ag = dot_of(&r, NULL, &by_country);
    assert_string_equal(cluster_of(ag, &r, "putin"), "Russia");
    assert_string_equal(cluster_of(ag, &r, "fsb"), "Russia");
    assert_string_equal(cluster_of(ag, &r, "ru"), "Russia");
    assert_string_equal(cluster_of(ag, &r, "fbi"), "United States");
    assert_string_equal(cluster_of(ag, &r, "us"), "United States");
    /* A place, an organization without a country, an odd type: outside. */
    assert_string_equal(cluster_of(ag, &r, "moscow"), "");
    assert_string_equal(cluster_of(ag, &r, "bbc"), "");
    assert_string_equal(cluster_of(ag, &r, "x"), "");
    Agraph_t *ru = agsubg(ag, (char *)"cluster_1", 0);
    assert_non_null(ru);
    assert_string_equal(attr(ru, "id"), "c-ru");
    /* Its three entities, and the labels (as small nodes) of the two ties
     * inside it. */
    size_t entities = 0, labels = 0;
    for (Agnode_t *n = agfstnode(ru); n != NULL; n = agnxtnode(ru, n)) {
        entities += strncmp(attr(n, "class"), "entity ", 7) == 0;
        labels += strcmp(attr(n, "class"), "tielabel") == 0;
    }
    assert_int_equal(entities, 3);
    assert_int_equal(labels, agnnodes(ru) - 3);
    assert_true(labels >= 1);
    agclose(ag);

    erg_dot_options by_type = {.cluster = ERG_CLUSTER_TYPE, .no_legend = true};
    ag = dot_of(&r, NULL, &by_type);
    for (size_t e = 0; e < erg_graph_entity_count(r.g); e++)
        assert_string_equal(cluster_of(ag, &r, erg_entity_id(r.g, e)), erg_entity_type(r.g, e));
    agclose(ag);
    unload(&r);
}

/* The positions of the entities' nodes ("nI") in a DOT text with positions. */
static size_t positions(const char *dot, double *xy, size_t max)
{
    Agraph_t *ag = agmemread(dot);
    assert_non_null(ag);
    size_t n = 0;
    for (Agnode_t *v = agfstnode(ag); v != NULL && n < max; v = agnxtnode(ag, v)) {
        if (agnameof(v)[0] != 'n')
            continue;
        assert_int_equal(sscanf(attr(v, "pos"), "%lf,%lf", &xy[2 * n], &xy[2 * n + 1]), 2);
        n++;
    }
    agclose(ag);
    return n;
}

/* With every engine, the legend and sources block move no node: the
 * positions with and without them differ by one translation. */
static void test_drawing__legend_keeps_layout(void **state)
{
    (void)state;
    loaded r = load(graph_json);
    const char *engines[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi"};
    for (size_t k = 0; k < sizeof(engines) / sizeof(engines[0]); k++) {
        erg_render_options ro = {.format = "dot", .engine = engines[k]};
        /* Without citations, so that the labels are the same either way. */
        erg_dot_options with = {.citations = ERG_CITE_NONE};
        erg_dot_options without = {.no_legend = true, .citations = ERG_CITE_NONE};
        char *a = NULL, *b = NULL;
        size_t alen, blen;
        assert_int_equal(erg_render(&a, &alen, NULL, r.g, NULL, &with, &ro, r.diags), ERG_OK);
        assert_int_equal(erg_render(&b, &blen, NULL, r.g, NULL, &without, &ro, r.diags), ERG_OK);
        assert_non_null(strstr(a, "legend_t1"));
        assert_null(strstr(b, "legend_t1"));
        double pa[64], pb[64];
        size_t na = positions(a, pa, 32), nb = positions(b, pb, 32);
        assert_int_equal(na, erg_graph_entity_count(r.g));
        assert_int_equal(na, nb);
        double dx = pa[0] - pb[0], dy = pa[1] - pb[1];
        for (size_t i = 0; i < na; i++) {
            if (fabs(pa[2 * i] - pb[2 * i] - dx) > 0.05 ||
                fabs(pa[2 * i + 1] - pb[2 * i + 1] - dy) > 0.05)
                fail_msg("%s: node %zu moved with the legend", engines[k], i);
        }
        erg_free(a);
        erg_free(b);
    }
    unload(&r);
}

static void test_drawing__links_checked(void **state)
{
    (void)state;
    bool nomem;
    char *u = erg_drawing_safe_url("https://a.example/x?q=1&r=\"<2>\" ü%zz%41", &nomem);
    assert_string_equal(u, "https://a.example/x?q=1&amp;r=%22%3C2%3E%22%20%C3%BC%25zz%41");
    erg_free(u);
    u = erg_drawing_safe_url("HTTP://A.example", &nomem);
    assert_string_equal(u, "HTTP://A.example");
    erg_free(u);
    const char *refused[] = {"javascript:alert(1)", "JAVASCRIPT:x",      "data:text/html,x",
                             "ftp://a.example",     "http:///path",      "https://",
                             "//a.example",         " http://a.example", "file:///etc/passwd"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        assert_null(erg_drawing_safe_url(refused[i], &nomem));

    /* In the DOT: the https link on its ties, the javascript: one nowhere,
     * with a warning naming the source. */
    loaded r = load(graph_json);
    char *dot = NULL;
    size_t len = 0;
    assert_int_equal(erg_dot_write(&dot, &len, r.g, NULL, NULL, r.diags), ERG_OK);
    assert_non_null(strstr(dot, "URL=\"https://bbc.example/a?b=1&amp;c=2\""));
    assert_null(strstr(dot, "javascript"));
    bool warned = false;
    for (size_t i = 0; i < erg_diags_count(r.diags); i++) {
        const erg_diag *d = erg_diags_get(r.diags, i);
        warned = warned || (d->severity == ERG_WARNING && strstr(d->message, "\"s2\"") &&
                            strstr(d->message, "not linked"));
    }
    assert_true(warned);
    erg_free(dot);
    unload(&r);
}

static void test_drawing__theme(void **state)
{
    (void)state;
    erg_diags *diags = erg_diags_new();
    erg_theme *t = NULL;
    const char good[] = "# house style\n"
                        "font = DejaVu Serif\n"
                        "edge-color = #112233   # dark\n"
                        "[person]\n"
                        "shape = box\n"
                        "fill = #FFEEDD\n"
                        "[spaceship]\n"
                        "shape = star\n"
                        "[*]\n"
                        "style = filled,dotted\n";
    assert_int_equal(erg_theme_parse(&t, "house.theme", good, strlen(good), diags), ERG_OK);
    assert_string_equal(erg_theme_font(t), "DejaVu Serif");
    assert_string_equal(erg_theme_edge_color(t), "#112233");
    const erg_node_style *p = erg_theme_style(t, "person");
    assert_string_equal(p->shape, "box");
    assert_string_equal(p->fillcolor, "#FFEEDD");
    assert_string_equal(p->color, erg_style_for_type("person")->color);
    assert_string_equal(p->fontname, "DejaVu Serif");
    assert_string_equal(erg_theme_style(t, "spaceship")->shape, "star");
    assert_string_equal(erg_theme_style(t, "unknown")->style, "filled,dotted");
    assert_string_equal(erg_theme_style(t, "agency")->shape, "box");
    erg_theme_free(t);

    const char bad[] = "font = Evil\"Font\n"
                       "[person]\n"
                       "shape = record\n"
                       "fill = red\n"
                       "colour = #000000\n"
                       "[Bad Type]\n"
                       "just words\n";
    assert_int_equal(erg_theme_parse(&t, "bad.theme", bad, strlen(bad), diags), ERG_EDATA);
    assert_null(t);
    assert_int_equal(erg_diags_error_count(diags), 6);
    const long where[][2] = {{1, 8}, {3, 9}, {4, 8}, {5, 1}, {6, 1}, {7, 1}};
    for (size_t i = 0; i < 6; i++) {
        const erg_diag *d = erg_diags_get(diags, i);
        assert_string_equal(d->file, "bad.theme");
        assert_int_equal(d->line, where[i][0]);
        assert_int_equal(d->column, where[i][1]);
    }
    erg_diags_free(diags);
}

static void test_drawing__size_cap(void **state)
{
    (void)state;
    size_t cn, ce;
    assert_true(erg_render_size_ok("dot", 120, 360, 0, &cn, &ce));
    assert_int_equal(cn, 120);
    assert_int_equal(ce, 360);
    assert_false(erg_render_size_ok("dot", 121, 10, 0, NULL, NULL));
    assert_false(erg_render_size_ok("dot", 10, 361, 0, NULL, NULL));
    assert_true(erg_render_size_ok("dot", 900, 3000, 1000, &cn, &ce));
    assert_int_equal(ce, 3000);
    assert_true(erg_render_size_ok("sfdp", 3000, 9000, 0, NULL, NULL));
    assert_false(erg_render_size_ok("sfdp", 3001, 10, 0, NULL, NULL));
    assert_false(erg_render_size_ok("neato", 1001, 10, 0, NULL, NULL));

    /* The library refuses before forking anything. */
    loaded r = load(graph_json);
    erg_render_options tiny = {.format = "svg", .engine = "dot", .max_nodes = 3};
    char *out = (char *)1;
    size_t len;
    assert_int_equal(erg_render(&out, &len, NULL, r.g, NULL, NULL, &tiny, r.diags), ERG_EUSAGE);
    assert_null(out);
    assert_non_null(strstr(erg_diags_get(r.diags, 0)->message, "8 nodes and 8 edges"));
    unload(&r);
}

/* A big graph's cgraph memory is freed all at once (graphviz_mem.c): the
 * DOT is the same as through cgraph's own memory. */
static void test_drawing__whole_heap_same_dot(void **state)
{
    (void)state;
    char *json = malloc(1 << 20);
    assert_non_null(json);
    size_t n = (size_t)snprintf(json, 1 << 20,
                                "{\"format\": \"ergraph/1\", \"sources\": [{\"id\": \"s\", "
                                "\"url\": \"https://example.org/a\"}], \"entities\": [");
    for (int e = 0; e < 60; e++)
        n += (size_t)snprintf(json + n, (1 << 20) - n,
                              "%s{\"id\": \"e%d\", \"type\": \"person\", \"name\": \"P %d\"}",
                              e ? "," : "", e, e);
    n += (size_t)snprintf(json + n, (1 << 20) - n, "], \"relationships\": [");
    for (int r = 0; r < 600; r++)
        n += (size_t)snprintf(json + n, (1 << 20) - n,
                              "%s{\"from\": \"e%d\", \"to\": \"e%d\", \"type\": \"met_with\", "
                              "\"evidence\": [{\"source\": \"s\", \"quote\": \"q%d\"}]}",
                              r ? "," : "", r % 60, (r * 7 + 1) % 60, r);
    snprintf(json + n, (1 << 20) - n, "]}");
    loaded r = load(json);
    char *text[2] = {NULL, NULL};
    size_t len[2];
    size_t saved = erg_gv_heap_min_edges;
    for (int i = 0; i < 2; i++) {
        erg_gv_heap_min_edges = i == 0 ? 0 : SIZE_MAX;
        assert_int_equal(erg_dot_write(&text[i], &len[i], r.g, NULL, NULL, r.diags), ERG_OK);
    }
    erg_gv_heap_min_edges = saved;
    assert_true(len[0] > 10000);
    assert_int_equal(len[0], len[1]);
    assert_memory_equal(text[0], text[1], len[0]);
    erg_free(text[0]);
    erg_free(text[1]);
    unload(&r);
    free(json);
}

/* The edge drawn from `from` to `to` in a DOT graph, by entity ids. */
static Agedge_t *edge_between(Agraph_t *ag, const char *from, const char *to, const char *type)
{
    char want_class[64];
    snprintf(want_class, sizeof(want_class), "tie %s", type);
    for (Agnode_t *n = agfstnode(ag); n != NULL; n = agnxtnode(ag, n)) {
        for (Agedge_t *e = agfstout(ag, n); e != NULL; e = agnxtout(ag, e)) {
            char fid[64], tid[64];
            snprintf(fid, sizeof(fid), "e-%s", from);
            snprintf(tid, sizeof(tid), "e-%s", to);
            if (strcmp(attr(agtail(e), "id"), fid) == 0 &&
                strcmp(attr(aghead(e), "id"), tid) == 0 &&
                strcmp(attr(e, "class"), want_class) == 0)
                return e;
        }
    }
    return NULL;
}

static size_t legend_samples(Agraph_t *ag)
{
    size_t n = 0;
    const char *label = legend_label(ag);
    for (const char *p = strstr(label, "<TR><TD ALIGN=\"RIGHT\">"); p != NULL;
         p = strstr(p + 1, "<TR><TD ALIGN=\"RIGHT\">"))
        n++;
    return n;
}

/* Pens, marks and dates on the example of the evidence model, and a
 * legend of exactly the pens in use. */
static void test_drawing__pens_marks_and_dates(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof(path), "%s/graphs/examples/evidence.json", ERG_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[65536];
    size_t len = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[len] = '\0';
    loaded r = load(text);
    Agraph_t *ag = dot_of(&r, NULL, NULL);
    Agedge_t *headed = edge_between(ag, "vladimir-putin", "fsb", "headed");
    Agedge_t *coop = edge_between(ag, "fsb", "fbi", "cooperated_with");
    Agedge_t *arrest = edge_between(ag, "fbi", "hemant-lakhani", "arrested");
    Agedge_t *offered = edge_between(ag, "hemant-lakhani", "igla", "offered_for_sale");
    Agedge_t *bought = edge_between(ag, "hemant-lakhani", "igla", "bought");
    Agedge_t *made = edge_between(ag, "igla", "russia", "made_in");
    assert_true(headed && coop && arrest && offered && bought && made);
    assert_string_equal(attr(headed, "style"), "");
    assert_string_equal(attr(coop, "style"), "dashed");
    assert_string_equal(attr(offered, "style"), "dashed");
    assert_string_equal(attr(made, "style"), "dotted");
    assert_string_equal(attr(headed, "label"), "headed until 1999\\n[1]");
    assert_string_equal(attr(arrest, "label"), "arrested 12 Aug\\n2003 [1]");
    assert_non_null(strstr(attr(offered, "label"), "(alleged,\\ncontested)"));
    assert_string_equal(attr(offered, "color"), "#B03A2E");
    assert_string_equal(attr(bought, "color"), "#B03A2E");
    assert_string_equal(attr(coop, "color"), "#555555");
    /* Tooltips: how sure each quote is, and what contradicts the tie. */
    const char *tip = attr(offered, "tooltip");
    assert_non_null(strstr(tip, "(alleged, said by Christopher Christie, grade C3)"));
    assert_non_null(strstr(tip, "contradicted by:\\nbought (Hemant Lakhani"));
    assert_non_null(strstr(tip, "says BBC News (reported, grade B4)"));
    assert_true(has_edge_sample(ag, "stated"));
    assert_true(has_edge_sample(ag, "reported"));
    assert_true(has_edge_sample(ag, "alleged"));
    assert_true(has_edge_sample(ag, "inferred"));
    assert_true(has_edge_sample(ag, "contested"));
    agclose(ag);

    /* Stated evidence only: no pen but the plain line, no mark. */
    const char *stated[] = {"stated"};
    erg_filter_spec spec = {0};
    spec.certainties.items = stated;
    spec.certainties.count = 1;
    erg_selection *sel = NULL;
    assert_int_equal(erg_filter_apply(&sel, r.g, &spec, r.diags), ERG_OK);
    ag = dot_of(&r, sel, NULL);
    assert_false(has_edge_sample(ag, "stated"));
    assert_false(has_edge_sample(ag, "reported"));
    assert_false(has_edge_sample(ag, "contested"));
    /* directed, and the light "of" line of an entity to its country */
    assert_true(has_edge_sample(ag, "of: "));
    assert_int_equal(legend_samples(ag), 2);
    agclose(ag);
    erg_selection_free(sel);

    /* Reported evidence only: the bought tie is drawn without the
     * offered one, and still marked, for the contradiction is the graph's. */
    stated[0] = "reported";
    assert_int_equal(erg_filter_apply(&sel, r.g, &spec, r.diags), ERG_OK);
    ag = dot_of(&r, sel, NULL);
    assert_null(edge_between(ag, "hemant-lakhani", "igla", "offered_for_sale"));
    bought = edge_between(ag, "hemant-lakhani", "igla", "bought");
    assert_non_null(bought);
    assert_string_equal(attr(bought, "color"), "#B03A2E");
    assert_true(has_edge_sample(ag, "reported"));
    assert_true(has_edge_sample(ag, "contested"));
    assert_false(has_edge_sample(ag, "stated"));
    assert_false(has_edge_sample(ag, "alleged"));
    assert_true(has_edge_sample(ag, "of: "));
    /* directed, undirected, reported, contested, of */
    assert_int_equal(legend_samples(ag), 5);
    agclose(ag);
    erg_selection_free(sel);
    unload(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drawing__legend_lists_types_drawn),
        cmocka_unit_test(test_drawing__pens_marks_and_dates),
        cmocka_unit_test(test_drawing__citations_number_sources),
        cmocka_unit_test(test_drawing__parallel_ties_merge),
        cmocka_unit_test(test_drawing__clusters),
        cmocka_unit_test(test_drawing__legend_keeps_layout),
        cmocka_unit_test(test_drawing__links_checked),
        cmocka_unit_test(test_drawing__theme),
        cmocka_unit_test(test_drawing__size_cap),
        cmocka_unit_test(test_drawing__whole_heap_same_dot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
