/*
 * Everything that touches Graphviz: building a cgraph graph from a
 * selection, writing it as DOT, and the child process's side of a render
 * (render.c is the parent's). No other file includes a Graphviz header.
 *
 * Graphviz keeps its error state in globals, prints through a process-wide
 * hook, cannot be interrupted, and leaves a context broken after some
 * failures (see the project's Graphviz notes). Hence: errors are captured
 * with agseterrf() around every call; formats and engines are checked
 * before Graphviz sees them (render.c); layout and rendering run in a
 * forked child with a fresh context, which the parent can kill.
 *
 * Not thread-safe: Graphviz is not.
 */
#include "ergraph/export.h"
#include "ergraph/style.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "alloc.h"
#include "buf.h"
#include "dotlabel.h"
#include "drawing.h"
#include "labels.h"
#include "render_child.h"
#include "strmap.h"

/* ---- Capturing Graphviz's messages ---------------------------------- */

/*
 * Graphviz hands the callback each message in pieces ("Error", ": ", the
 * text with its newline), so the pieces are gathered here and split into
 * lines afterwards. Static because the hook takes no context argument.
 */
static erg_buf gv_messages = ERG_BUF_INIT;

static int collect_message(char *piece)
{
    erg_buf_puts(&gv_messages, piece);
    return 0;
}

typedef struct capture {
    agusererrf prev_fn;
    agerrlevel_t prev_level;
} capture;

static void capture_begin(capture *c)
{
    erg_buf_release(&gv_messages);
    c->prev_fn = agseterrf(collect_message);
    /* Warnings too: the caller shows them as warnings. */
    c->prev_level = agseterr(AGWARN);
    agreseterrors();
}

static void capture_end(const capture *c)
{
    agseterrf(c->prev_fn);
    agseterr(c->prev_level);
    agreseterrors();
}

/* ---- Object ids in creation order ------------------------------------ */

/*
 * cgraph's own id discipline names an object by the address of its interned
 * name, and keeps subgraphs ordered by id: the order of clusters and legend
 * rows in the DOT (and in the layout) then followed the heap, and changed
 * from run to run. This one numbers names in the order they are first seen,
 * even ids as cgraph expects of named objects, odd ones for anonymous ones.
 */
typedef struct seq_ids {
    Agraph_t *g;
    erg_strmap index; /* name -> position in names */
    char **names;     /* cgraph's own reference-counted strings, which it
                       * asks about (is it HTML?) when it writes a name */
    size_t count, cap;
    IDTYPE anonymous;
} seq_ids;

static void *seq_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    seq_ids *s = erg_calloc(1, sizeof(*s));
    if (s != NULL) {
        s->g = g;
        s->anonymous = 1;
    }
    return s;
}

/*
 * Out of memory, an object still gets an id, an anonymous one: declined,
 * cgraph 2.42 would give it one itself and keep its name in an internal map
 * that agclose() never frees. The caller sees the failure (erg_alloc_failures)
 * and throws the graph away.
 */
static _Thread_local IDTYPE anonymous_fallback = 1;

static long seq_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    seq_ids *s = state;
    (void)objtype;
    if (s == NULL) { /* seq_open() ran out of memory */
        *id = anonymous_fallback;
        anonymous_fallback += 2;
        return 1;
    }
    if (str == NULL) {
        *id = s->anonymous;
        s->anonymous += 2;
        return 1;
    }
    size_t len = strlen(str);
    const erg_strmap_slot *slot = erg_strmap_find(&s->index, str, len);
    if (slot != NULL) {
        *id = 2 * ((IDTYPE)slot->value + 1);
        return 1;
    }
    if (!createflag) {
        *id = 0; /* as cgraph's own: no object has it */
        return 1;
    }
    char *copy = agstrdup(s->g, str);
    bool added;
    if (copy == NULL || ERG_GROW(s->names, s->cap, s->count + 1) != ERG_OK ||
        erg_strmap_insert(&s->index, copy, len, (uint32_t)s->count, &added) == NULL) {
        agstrfree(s->g, copy);
        *id = s->anonymous; /* see anonymous_fallback */
        s->anonymous += 2;
        return 1;
    }
    s->names[s->count++] = copy;
    *id = 2 * (IDTYPE)s->count;
    return 1;
}

static long seq_alloc(void *state, int objtype, IDTYPE request)
{
    (void)state, (void)objtype, (void)request;
    return 0; /* ids are never requested by number */
}

static void seq_free(void *state, int objtype, IDTYPE id)
{
    (void)state, (void)objtype, (void)id; /* names live until the graph closes */
}

static char *seq_print(void *state, int objtype, IDTYPE id)
{
    seq_ids *s = state;
    (void)objtype;
    if (s == NULL || id % 2 != 0 || id == 0 || id / 2 > s->count)
        return NULL;
    return s->names[id / 2 - 1];
}

static void seq_close(void *state)
{
    seq_ids *s = state;
    if (s == NULL)
        return;
    /* The names go with the graph's string table, closed after this. */
    erg_free(s->names);
    erg_strmap_release(&s->index);
    erg_free(s);
}

static void seq_register(void *state, int objtype, void *obj)
{
    (void)state, (void)objtype, (void)obj;
}

static Agiddisc_t seq_id_disc = {seq_open,  seq_map,   seq_alloc,   seq_free,
                                 seq_print, seq_close, seq_register};

/* Reading DOT from memory, like agmemread(), but with the ids above. */
typedef struct mem_reader {
    const char *text;
    size_t len, at;
} mem_reader;

static int mem_read(void *chan, char *buf, int bufsize)
{
    mem_reader *r = chan;
    if (r->at >= r->len || bufsize <= 0)
        return 0;
    /* One line at a time, as cgraph's own readers give it. */
    size_t n = 0;
    while (r->at < r->len && n + 1 < (size_t)bufsize) {
        char c = r->text[r->at++];
        buf[n++] = c;
        if (c == '\n')
            break;
    }
    buf[n] = '\0';
    return (int)n;
}

static Agiodisc_t mem_io = {mem_read, NULL, NULL};
static Agdisc_t seq_disc = {&AgMemDisc, &seq_id_disc, &mem_io};

static Agraph_t *open_graph(const char *name, Agdisc_t *disc)
{
    return agopen((char *)name, Agdirected, disc != NULL ? disc : &seq_disc);
}

static Agraph_t *read_graph(const char *text)
{
    mem_reader r = {text, strlen(text), 0};
    return agread(&r, &seq_disc);
}

/* ---- Building the graph --------------------------------------------- */

/* Graphviz's prototypes take char * for strings it only copies. */
static Agsym_t *declare(Agraph_t *ag, int kind, const char *name, const char *value)
{
    return agattr(ag, kind, (char *)name, (char *)value);
}

/* Every attribute set below is declared first (declare_defaults), so this
 * never declares one with an empty default by accident. */
static bool set(void *obj, const char *name, const char *value)
{
    return agsafeset(obj, (char *)name, (char *)value, (char *)"") == 0;
}

/* Sets `name` to b's text, or "" when b is empty. */
static bool set_buf(void *obj, const char *name, const erg_buf *b)
{
    return !b->failed && set(obj, name, b->len > 0 ? b->data : "");
}

#define FONTSIZE_NODE "11"
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
#define FONTSIZE_EDGE STRINGIFY(ERG_DRAW_FONTSIZE_MIN)
#define FONTSIZE_CLUSTER "12"
#define FONTSIZE_TITLE "16"
#define SOURCES_WRAP 90

/*
 * The defaults of a readable diagram of a few dozen nodes. Declared with
 * agattr() before any object gets a value: a value set on an object for an
 * undeclared attribute declares its default as "", which for "label" would
 * blank every other node (see the notes), and declaring everything up front
 * makes agwrite()'s output the same whether or not a GVC_t exists.
 */
static bool declare_defaults(Agraph_t *ag, const erg_drawing *d, const char *title)
{
    const erg_theme *theme = d->opts.theme;
    const char *font = erg_theme_font(theme), *edge_color = erg_theme_edge_color(theme);
    erg_buf b = ERG_BUF_INIT;
    bool ok = true;
    /* Graph. Left to right: news graphs are shallow and wide (a few heads,
     * many ties), and horizontal ranks leave room for long names. */
    ok = ok && declare(ag, AGRAPH, "fontname", font);
    ok = ok && declare(ag, AGRAPH, "rankdir", "LR");
    /* One ranking for the whole graph: without it dot 2.42 fails ("trouble
     * in init_rank") on some graphs with clusters (--cluster type on the
     * merged graphs/) and ignores rank=same inside a cluster (the legend). */
    ok = ok && declare(ag, AGRAPH, "newrank", "true");
    ok = ok && declare(ag, AGRAPH, "nodesep", "0.3");
    ok = ok && declare(ag, AGRAPH, "ranksep", "0.6");
    ok = ok && declare(ag, AGRAPH, "pad", "0.2");
    /* For neato, fdp and sfdp (dot ignores it): names must not overlap.
     * "splines" is left to each engine: dot curves its edges anyway, and
     * splines=true after overlap removal made neato and sfdp route edges
     * around every node, 0.8 s at 100 edges, 13 s at 300, over 30 s at
     * 400 (splines=curved was worse); their default straight lines cost
     * 0.1 s there. */
    ok = ok && declare(ag, AGRAPH, "overlap", "false");
    /* Force-directed layouts place edge labels at the midpoint without
     * making room for them: longer edges (len for neato and fdp, K for fdp
     * and sfdp) and a margin around nodes keep most labels clear. */
    ok = ok && declare(ag, AGRAPH, "sep", "+6");
    ok = ok && declare(ag, AGRAPH, "K", "0.8");
    ok = ok && declare(ag, AGRAPH, "outputorder", "edgesfirst");
    if (ok && title != NULL && title[0] != '\0') {
        erg_buf wrapped = ERG_BUF_INIT;
        erg_dot_wrap(&wrapped, title, 90);
        ok = !wrapped.failed;
        if (ok)
            erg_dot_put_label(&b, wrapped.data, false);
        erg_buf_release(&wrapped);
        ok = ok && !b.failed && declare(ag, AGRAPH, "label", b.len > 0 ? b.data : "");
        ok = ok && declare(ag, AGRAPH, "labelloc", "t");
        ok = ok && declare(ag, AGRAPH, "fontsize", FONTSIZE_TITLE);
    }
    /* Clusters and legend rows: empty defaults are not written out. */
    const char *graph_attrs[] = {"label",     "id",        "class", "style",   "color",
                                 "fontcolor", "labeljust", "rank",  "fontsize"};
    for (size_t i = 0; ok && i < sizeof(graph_attrs) / sizeof(graph_attrs[0]); i++) {
        if (agattr(ag, AGRAPH, (char *)graph_attrs[i], NULL) == NULL)
            ok = declare(ag, AGRAPH, graph_attrs[i], "") != NULL;
    }
    /* Nodes. */
    ok = ok && declare(ag, AGNODE, "label", "\\N");
    ok = ok && declare(ag, AGNODE, "fontname", font);
    ok = ok && declare(ag, AGNODE, "fontsize", FONTSIZE_NODE);
    ok = ok && declare(ag, AGNODE, "margin", "0.12,0.04");
    ok = ok && declare(ag, AGNODE, "height", "0.4");
    ok = ok && declare(ag, AGNODE, "width", "0.75");
    ok = ok && declare(ag, AGNODE, "shape", "box");
    ok = ok && declare(ag, AGNODE, "style", "filled");
    ok = ok && declare(ag, AGNODE, "fillcolor", "#FFFFFF");
    ok = ok && declare(ag, AGNODE, "color", "#999999");
    ok = ok && declare(ag, AGNODE, "fontcolor", "#000000");
    const char *empty_node[] = {"id", "class", "tooltip"};
    for (size_t i = 0; ok && i < sizeof(empty_node) / sizeof(empty_node[0]); i++)
        ok = declare(ag, AGNODE, empty_node[i], "") != NULL;
    /* Edges: a dark grey, lighter than the node text, so names stand out. */
    ok = ok && declare(ag, AGEDGE, "label", "");
    ok = ok && declare(ag, AGEDGE, "dir", "forward");
    ok = ok && declare(ag, AGEDGE, "fontname", font);
    ok = ok && declare(ag, AGEDGE, "fontsize", FONTSIZE_EDGE);
    ok = ok && declare(ag, AGEDGE, "color", edge_color);
    ok = ok &&
         declare(ag, AGEDGE, "fontcolor", strcmp(edge_color, "#555555") ? edge_color : "#333333");
    ok = ok && declare(ag, AGEDGE, "arrowsize", "0.7");
    ok = ok && declare(ag, AGEDGE, "len", "1.6");
    ok = ok && declare(ag, AGEDGE, "penwidth", "1");
    ok = ok && declare(ag, AGEDGE, "weight", "1");
    const char *empty_edge[] = {"style", "id", "class", "tooltip", "labeltooltip", "URL"};
    for (size_t i = 0; ok && i < sizeof(empty_edge) / sizeof(empty_edge[0]); i++)
        ok = declare(ag, AGEDGE, empty_edge[i], "") != NULL;
    erg_buf_release(&b);
    return ok;
}

static bool set_style(Agnode_t *n, const erg_node_style *st)
{
    return set(n, "shape", st->shape) && set(n, "style", st->style) &&
           set(n, "fillcolor", st->fillcolor) && set(n, "color", st->color) &&
           set(n, "fontname", st->fontname) && set(n, "fontcolor", st->fontcolor);
}

static bool add_nodes(Agraph_t *ag, const erg_drawing *d, Agnode_t **nodes)
{
    const erg_graph *g = d->g;
    Agraph_t **subs = NULL;
    erg_buf b = ERG_BUF_INIT;
    bool ok = false;
    if (d->nclusters > 0 && (subs = erg_calloc(d->nclusters, sizeof(*subs))) == NULL)
        goto done;
    for (size_t c = 0; c < d->nclusters; c++) {
        char name[40];
        snprintf(name, sizeof(name), "cluster_%zu", c + 1);
        if ((subs[c] = agsubg(ag, name, 1)) == NULL)
            goto done;
        b.len = 0;
        erg_label_wrapped(&b, d, d->clusters[c].label, d->opts.wrap * 2);
        if (!set_buf(subs[c], "label", &b))
            goto done;
        b.len = 0;
        erg_drawing_put_id(&b, d->opts.cluster == ERG_CLUSTER_TYPE ? "t-" : "c-",
                           d->clusters[c].key);
        if (!set_buf(subs[c], "id", &b) || !set(subs[c], "class", "cluster") ||
            !set(subs[c], "style", "rounded") || !set(subs[c], "color", "#888888") ||
            !set(subs[c], "fontsize", FONTSIZE_CLUSTER) || !set(subs[c], "labeljust", "l"))
            goto done;
    }
    /* Numbered among the entities kept, not the whole graph, so that the
     * DOT depends only on what is drawn (as on main since the exporters). */
    size_t kept = 0;
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (!erg_drawing_has_entity(d, e))
            continue;
        char name[32];
        snprintf(name, sizeof(name), "n%zu", ++kept);
        Agraph_t *parent = d->cluster_of[e] != ERG_NONE ? subs[d->cluster_of[e]] : ag;
        Agnode_t *n = agnode(parent, name, 1);
        if (n == NULL)
            goto done;
        nodes[e] = n;
        b.len = 0;
        erg_label_wrapped(&b, d, erg_entity_name(g, e), d->opts.wrap);
        if (!set_buf(n, "label", &b) ||
            !set_style(n, erg_theme_style(d->opts.theme, erg_entity_type(g, e))))
            goto done;
        b.len = 0;
        erg_drawing_put_id(&b, "e-", erg_entity_id(g, e));
        if (!set_buf(n, "id", &b))
            goto done;
        b.len = 0;
        erg_buf_printf(&b, "entity %s", erg_entity_type(g, e));
        if (!set_buf(n, "class", &b))
            goto done;
        b.len = 0;
        erg_label_entity_tooltip(&b, g, d->sel, e);
        if (!set_buf(n, "tooltip", &b))
            goto done;
    }
    ok = true;
done:
    erg_free(subs);
    erg_buf_release(&b);
    return ok;
}

static bool add_edges(Agraph_t *ag, const erg_drawing *d, Agnode_t **nodes)
{
    const erg_graph *g = d->g;
    erg_buf b = ERG_BUF_INIT, raw = ERG_BUF_INIT;
    bool ok = false;
    for (size_t i = 0; i < d->nedges; i++) {
        const erg_draw_edge *edge = &d->edges[i];
        Agnode_t *t = nodes[edge->from], *h = nodes[edge->to];
        if (t == NULL || h == NULL)
            continue; /* a selection keeps both ends; this is only a guard */
        /* No name: in a non-strict graph every call makes a new edge. */
        Agedge_t *e = agedge(ag, t, h, NULL, 1);
        if (e == NULL)
            goto done;
        raw.len = 0;
        erg_label_edge(&raw, d, edge);
        b.len = 0;
        if (!raw.failed && raw.len > 0)
            erg_dot_put_label(&b, raw.data, false);
        if (!set_buf(e, "label", &b))
            goto done;
        if (!edge->directed && !set(e, "dir", "none"))
            goto done;
        if (edge->dated && !set(e, "style", "dashed"))
            goto done;
        if (edge->nsources > 1) {
            char pen[16];
            double w = 1.0 + 0.75 * (double)(edge->nsources - 1);
            snprintf(pen, sizeof(pen), "%.2g", w > 4.0 ? 4.0 : w);
            if (!set(e, "penwidth", pen))
                goto done;
        }
        b.len = 0;
        erg_drawing_put_id(&b, "r-", erg_rel_id(g, d->rels[edge->first]));
        if (!set_buf(e, "id", &b))
            goto done;
        b.len = 0;
        erg_buf_printf(&b, "tie %s", erg_rel_type(g, d->rels[edge->first]));
        if (!set_buf(e, "class", &b))
            goto done;
        b.len = 0;
        erg_label_edge_tooltip(&b, d, edge);
        if (!set_buf(e, "tooltip", &b) || !set_buf(e, "labeltooltip", &b))
            goto done;
        const char *url = erg_label_edge_url(d, edge);
        if (url != NULL && !set(e, "URL", url))
            goto done;
    }
    ok = true;
done:
    erg_buf_release(&b);
    erg_buf_release(&raw);
    return ok;
}

/* ---- The legend and the sources block -------------------------------- */

/* Entity types per row of the legend. */
#define LEGEND_ROW 4

static Agnode_t *legend_node(Agraph_t *parent, const char *name, const char *label)
{
    Agnode_t *n = agnode(parent, (char *)name, 1);
    if (n == NULL || !set(n, "label", label) || !set(n, "class", "legend"))
        return NULL;
    return n;
}

/* A row of the legend: a rank=same subgraph, chained below the row before
 * it by an invisible edge so that rows stack in a top-to-bottom layout. */
static Agraph_t *legend_row(Agraph_t *legend, size_t row)
{
    char name[32];
    snprintf(name, sizeof(name), "legend_row%zu", row);
    Agraph_t *r = agsubg(legend, name, 1);
    if (r == NULL || !set(r, "rank", "same"))
        return NULL;
    return r;
}

/* An invisible edge from *prev to `next` (then *prev = next): between the
 * first nodes of two rows it stacks them, heavy so that the rows start in
 * one column; between two nodes of a row it keeps their order. */
static bool chain(Agraph_t *ag, Agnode_t **prev, Agnode_t *next)
{
    if (*prev != NULL) {
        Agedge_t *e = agedge(ag, *prev, next, NULL, 1);
        if (e == NULL || !set(e, "style", "invis") || !set(e, "weight", "100"))
            return false;
    }
    *prev = next;
    return true;
}

/* A sample of an edge style: two dots and the edge between them. */
static bool edge_sample(Agraph_t *ag, Agraph_t *legend, size_t *row, Agnode_t **prev,
                        const char *label, const char *dir, const char *style, const char *pen)
{
    char a[32], b[32];
    Agraph_t *r = legend_row(legend, (*row)++);
    snprintf(a, sizeof(a), "legend_e%zua", *row);
    snprintf(b, sizeof(b), "legend_e%zub", *row);
    Agnode_t *na = r ? legend_node(r, a, "") : NULL, *nb = r ? legend_node(r, b, "") : NULL;
    if (na == NULL || nb == NULL)
        return false;
    for (int i = 0; i < 2; i++) {
        Agnode_t *n = i ? nb : na;
        if (!set(n, "shape", "point") || !set(n, "width", "0.06") || !set(n, "height", "0.06") ||
            !set(n, "color", "#555555") || !set(n, "fillcolor", "#555555"))
            return false;
    }
    Agedge_t *e = agedge(ag, na, nb, NULL, 1);
    return e != NULL && set(e, "label", label) && set(e, "dir", dir) &&
           (style == NULL || set(e, "style", style)) && (pen == NULL || set(e, "penwidth", pen)) &&
           set(e, "class", "legend") && chain(ag, prev, na);
}

/* The sources block: "[N] publisher, date, title" a line each (wrapped
 * lines indented), left-justified. */
static bool sources_block(Agraph_t *ag, const erg_drawing *d)
{
    erg_buf b = ERG_BUF_INIT, line = ERG_BUF_INIT, wrapped = ERG_BUF_INIT;
    erg_buf_puts(&b, "Sources\\l");
    for (size_t i = 0; i < d->ncited; i++) {
        line.len = 0;
        wrapped.len = 0;
        erg_drawing_put_source(d, d->cited[i], &line);
        if (line.failed)
            break;
        erg_dot_wrap(&wrapped, line.data, SOURCES_WRAP);
        if (wrapped.failed)
            break;
        /* Each line of the entry, left-justified; continuations indented. */
        char *p = wrapped.data;
        for (bool first = true;; first = false) {
            char *nl = strchr(p, '\n');
            if (nl != NULL)
                *nl = '\0';
            if (!first)
                erg_buf_puts(&b, "      ");
            erg_dot_put_label(&b, p, false);
            erg_buf_puts(&b, "\\l");
            if (nl == NULL)
                break;
            p = nl + 1;
        }
    }
    bool ok = !line.failed && !wrapped.failed && !b.failed;
    Agnode_t *n = ok ? legend_node(ag, "legend_sources", b.data) : NULL;
    ok = n != NULL && set(n, "shape", "plaintext") && set(n, "style", "") &&
         set(n, "fontsize", FONTSIZE_EDGE) && set(n, "id", "sources");
    erg_buf_release(&b);
    erg_buf_release(&line);
    erg_buf_release(&wrapped);
    return ok;
}

/*
 * The legend (a box with a sample of every entity type drawn and of every
 * edge style in use) and the sources block, in `ag`, made of nodes named
 * "legend_*" that touch nothing else. Laid out top to bottom (render lays
 * them out on their own; see place_annex()).
 */
static bool add_annex(Agraph_t *ag, const erg_drawing *d)
{
    Agnode_t *prev = NULL, *left = NULL;
    erg_buf b = ERG_BUF_INIT;
    bool legend = !d->opts.no_legend;
    bool sources = d->opts.citations != ERG_CITE_NONE && d->ncited > 0;
    bool ok = false;
    if (d->nodes == 0 || (!legend && !sources))
        return true;
    if (legend) {
        Agraph_t *box = agsubg(ag, (char *)"cluster_legend", 1);
        if (box == NULL || !set(box, "label", "Legend") || !set(box, "id", "legend") ||
            !set(box, "class", "legend") || !set(box, "style", "rounded") ||
            !set(box, "color", "#888888") || !set(box, "fontsize", FONTSIZE_CLUSTER) ||
            !set(box, "labeljust", "l"))
            goto done;
        size_t row = 0;
        Agraph_t *r = NULL;
        for (size_t i = 0; i < d->ntypes; i++) {
            char name[32];
            if (i % LEGEND_ROW == 0 && (r = legend_row(box, row++)) == NULL)
                goto done;
            snprintf(name, sizeof(name), "legend_t%zu", i + 1);
            b.len = 0;
            erg_dot_put_label(&b, d->types[i], false);
            Agnode_t *n = b.failed ? NULL : legend_node(r, name, b.data);
            if (n == NULL || !set_style(n, erg_theme_style(d->opts.theme, d->types[i])) ||
                !chain(ag, i % LEGEND_ROW == 0 ? &prev : &left, n))
                goto done;
            if (i % LEGEND_ROW == 0)
                left = n;
            b.len = 0;
            erg_buf_printf(&b, "legend legend-%s", d->types[i]);
            if (!set_buf(n, "class", &b))
                goto done;
        }
        if (d->has_directed && !edge_sample(ag, box, &row, &prev, "directed: from \xE2\x86\x92 to",
                                            "forward", NULL, NULL))
            goto done;
        if (d->has_undirected &&
            !edge_sample(ag, box, &row, &prev, "undirected", "none", NULL, NULL))
            goto done;
        if (d->has_dated && !edge_sample(ag, box, &row, &prev, "dated: period under the label",
                                         "none", "dashed", NULL))
            goto done;
        if (d->max_sources > 1) {
            char label[64], pen[16];
            double w = 1.0 + 0.75 * (double)(d->max_sources - 1);
            snprintf(label, sizeof(label), "supported by %zu sources", d->max_sources);
            snprintf(pen, sizeof(pen), "%.2g", w > 4.0 ? 4.0 : w);
            if (!edge_sample(ag, box, &row, &prev, label, "none", NULL, pen))
                goto done;
        }
    }
    if (sources && !sources_block(ag, d))
        goto done;
    ok = true;
done:
    erg_buf_release(&b);
    return ok;
}

/*
 * A cgraph digraph of the drawing: node "nI" for the I-th entity drawn
 * (names made here, never from user text), undirected ties without arrowheads, the
 * clusters, and with `annex` the legend and sources block. Returns
 * ERG_ENOMEM when Graphviz or the library runs out. Time complexity:
 * O(entities + relationships + evidence).
 */
static erg_status build_graph(Agraph_t **out, const erg_drawing *d, const char *title, bool annex,
                              Agdisc_t *disc)
{
    erg_status rc = ERG_ENOMEM;
    Agnode_t **nodes = NULL;
    size_t ne = erg_graph_entity_count(d->g);
    *out = NULL;

    Agraph_t *ag = open_graph("ergraph", disc);
    if (ag == NULL || !declare_defaults(ag, d, title))
        goto done;
    nodes = erg_calloc(ne ? ne : 1, sizeof(*nodes));
    if (nodes == NULL || !add_nodes(ag, d, nodes) || !add_edges(ag, d, nodes))
        goto done;
    if (annex && !add_annex(ag, d))
        goto done;
    *out = ag;
    ag = NULL;
    rc = ERG_OK;
done:
    if (ag != NULL)
        agclose(ag);
    erg_free(nodes);
    return rc;
}

static const char *drawing_title(const erg_drawing *d)
{
    return d->opts.title != NULL ? d->opts.title : erg_graph_title(d->g);
}

/* ---- DOT export ----------------------------------------------------- */

/* agwrite() writes through the graph's I/O discipline: this one appends to
 * an erg_buf, so the text is in the library's memory with no copy. */
static int buf_putstr(void *chan, const char *str)
{
    erg_buf *b = chan;
    erg_buf_puts(b, str);
    return b->failed ? EOF : 0;
}

static int buf_flush(void *chan)
{
    (void)chan;
    return 0;
}

static int no_read(void *chan, char *buf, int bufsize)
{
    (void)chan, (void)buf, (void)bufsize;
    return 0;
}

static Agiodisc_t buf_io = {no_read, buf_putstr, buf_flush};

erg_status erg_dot_write(char **out, size_t *out_len, const erg_graph *g, const erg_selection *sel,
                         const erg_dot_options *opts, erg_diags *diags)
{
    erg_status rc = ERG_ENOMEM;
    erg_buf text = ERG_BUF_INIT;
    Agdisc_t disc = {&AgMemDisc, &seq_id_disc, &buf_io};
    Agraph_t *ag = NULL;
    erg_drawing d;
    capture cap;
    size_t failures = erg_alloc_failures();
    *out = NULL;
    *out_len = 0;

    capture_begin(&cap);
    rc = erg_drawing_build(&d, g, sel, opts, diags);
    if (rc != ERG_OK)
        goto done;
    rc = build_graph(&ag, &d, drawing_title(&d), true, &disc);
    erg_drawing_release(&d);
    if (rc != ERG_OK)
        goto done;
    if (agwrite(ag, &text) != 0 || text.failed) {
        rc = ERG_ENOMEM;
        goto done;
    }
    if (agerrors() > 0) {
        rc = ERG_EGRAPHVIZ;
        goto done;
    }
    size_t len = text.len;
    char *data = erg_buf_detach(&text);
    if (data == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    *out = data;
    *out_len = len;
    rc = ERG_OK;
done:
    if (ag != NULL)
        agclose(ag);
    capture_end(&cap);
    /* Graphviz does not warn while building and writing; if it ever does,
     * say so, and report an error that came without text. */
    long errors =
        erg_gv_add_messages(diags, gv_messages.data ? gv_messages.data : "", gv_messages.len);
    erg_buf_release(&gv_messages);
    if (rc == ERG_OK && errors < 0)
        rc = ERG_ENOMEM;
    /* cgraph goes on without what its id discipline could not make (the
     * object is then missing): any failure on the way is out of memory. */
    if (erg_alloc_failures() != failures)
        rc = ERG_ENOMEM;
    if (rc == ERG_EGRAPHVIZ && errors == 0)
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "Graphviz could not write the graph");
    if (rc != ERG_OK) {
        erg_free(*out);
        *out = NULL;
        *out_len = 0;
    }
    erg_buf_release(&text);
    return rc;
}

/* ---- Rendering in a child process ----------------------------------- */

/*
 * The child's graphs. It ends with _exit() once the image is sent, freeing
 * nothing (see below why the layouts are never freed); held here, they are
 * what a leak checker sees as still in use at that point, not as lost.
 */
static Agraph_t *child_graphs[3];

static bool write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static bool send_record(int fd, char type, const void *data, size_t len)
{
    char head[1 + sizeof(uint64_t)];
    uint64_t n = len;
    head[0] = type;
    memcpy(head + 1, &n, sizeof(n));
    return write_all(fd, head, sizeof(head)) && (len == 0 || write_all(fd, data, len));
}

/* Sends and forgets the messages gathered so far. */
static bool send_messages(int fd)
{
    bool ok = true;
    if (gv_messages.len > 0)
        ok = send_record(fd, ERG_REC_MESSAGES, gv_messages.data, gv_messages.len);
    erg_buf_release(&gv_messages);
    return ok;
}

static bool copy_shifted(void *to, void *from, const char *name, double dx, double dy)
{
    const char *v = agget(from, (char *)name);
    if (v == NULL || v[0] == '\0')
        return true;
    erg_buf b = ERG_BUF_INIT;
    erg_dot_shift_coords(&b, v, dx, dy);
    bool ok = set_buf(to, name, &b);
    erg_buf_release(&b);
    return ok;
}

static bool copy_attr(void *to, void *from, const char *name)
{
    const char *v = agget(from, (char *)name);
    return v == NULL || set(to, name, v);
}

/* The corners of a "x1,y1,x2,y2" bounding box. */
static bool read_bb(void *obj, double bb[4])
{
    const char *v = agget(obj, (char *)"bb");
    return v != NULL && sscanf(v, "%lf,%lf,%lf,%lf", &bb[0], &bb[1], &bb[2], &bb[3]) == 4;
}

/* Space between the graph, the legend and the sources block, in points. */
#define ANNEX_GAP 24.0

/*
 * Puts the legend and sources block under a graph already laid out, so
 * that they never move a node of it, whatever the engine: they are laid
 * out on their own (dot, top to bottom), then added to `ag` at fixed
 * positions, the legend below the graph's bounding box and the sources
 * block below the legend, both left-aligned with the graph, for the
 * "nop2" engine (neato -n2: keep every position and spline) to render.
 * `lg` is the annex laid out alone; the objects of both have the same
 * names.
 */
static bool place_annex(Agraph_t *ag, Agraph_t *lg, const erg_drawing *d)
{
    double main_bb[4], box_bb[4];
    if (!read_bb(ag, main_bb) || !add_annex(ag, d))
        return false;
    double top = main_bb[1] - ANNEX_GAP; /* where the next part begins, going down */
    Agraph_t *box = agsubg(lg, (char *)"cluster_legend", 0);
    double dx = 0, dy = 0;
    if (box != NULL) {
        Agraph_t *to = agsubg(ag, (char *)"cluster_legend", 0);
        if (to == NULL || !read_bb(box, box_bb))
            return false;
        dx = main_bb[0] - box_bb[0];
        dy = top - box_bb[3];
        if (!copy_shifted(to, box, "bb", dx, dy) || !copy_shifted(to, box, "lp", dx, dy))
            return false;
        top = box_bb[1] + dy - ANNEX_GAP / 2;
    }
    for (Agnode_t *n = agfstnode(lg); n != NULL; n = agnxtnode(lg, n)) {
        Agnode_t *m = agnode(ag, agnameof(n), 0);
        if (m == NULL || !copy_attr(m, n, "width") || !copy_attr(m, n, "height"))
            return false;
        if (strcmp(agnameof(n), "legend_sources") == 0) {
            /* Its top left corner at the graph's left edge, under the legend. */
            double w = 72.0 * strtod(agget(n, (char *)"width"), NULL);
            double h = 72.0 * strtod(agget(n, (char *)"height"), NULL);
            char pos[64];
            snprintf(pos, sizeof(pos), "%.2f,%.2f", main_bb[0] + w / 2, top - h / 2);
            if (!set(m, "pos", pos))
                return false;
        } else if (!copy_shifted(m, n, "pos", dx, dy)) {
            return false;
        }
        for (Agedge_t *e = agfstout(lg, n); e != NULL; e = agnxtout(lg, e)) {
            Agnode_t *h = agnode(ag, agnameof(aghead(e)), 0);
            Agedge_t *f = h != NULL ? agedge(ag, m, h, NULL, 0) : NULL;
            if (f == NULL || !copy_shifted(f, e, "pos", dx, dy) ||
                !copy_shifted(f, e, "lp", dx, dy))
                return false;
        }
    }
    return true;
}

/* Runs Graphviz's "dot" output on a laid-out graph: it attaches the
 * positions as attributes (pos, bb, lp), and gives them as text. */
static bool positions(GVC_t *gvc, Agraph_t *ag, char **text)
{
    unsigned int len = 0;
    *text = NULL;
    int rc = gvRenderData(gvc, ag, "dot", text, &len);
    if (rc != 0 || agerrors() > 0 || *text == NULL) {
        if (*text != NULL)
            gvFreeRenderData(*text);
        *text = NULL;
        return false;
    }
    return true;
}

/* The title as the root graph's label, declared now that the annex (whose
 * subgraphs would inherit a root default) is in place. */
static bool set_title(Agraph_t *ag, const erg_drawing *d)
{
    const char *title = drawing_title(d);
    if (title == NULL || title[0] == '\0')
        return true;
    erg_buf wrapped = ERG_BUF_INIT, b = ERG_BUF_INIT;
    erg_dot_wrap(&wrapped, title, 90);
    if (!wrapped.failed)
        erg_dot_put_label(&b, wrapped.data, false);
    bool ok = !wrapped.failed && set_buf(ag, "label", &b) && set(ag, "labelloc", "t") &&
              set(ag, "fontsize", FONTSIZE_TITLE);
    erg_buf_release(&wrapped);
    erg_buf_release(&b);
    return ok;
}

/*
 * The child: lays out and renders, reports, and ends with _exit() so that
 * nothing of the parent's (stdio buffers, atexit handlers) runs twice.
 * Nothing is freed but the render data: the process is about to end.
 *
 * With a legend or sources block, the graph is laid out alone first (the
 * engine asked for), then the annex beside it (place_annex()), and the
 * whole rendered with positions fixed.
 */
void erg_gv_child_main(int fd, const erg_render_job *job)
{
    int status = 1;
    char *data = NULL, *text = NULL;
    unsigned int len = 0;
    capture cap;
    const erg_drawing *d = job->drawing;

    /* The parent's handlers (a CLI removing its temporary file on SIGINT)
     * are not the child's business; a Ctrl-C should simply end it. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
#ifdef __linux__
    /* A parent ended by a signal (SIGTERM to the CLI removes its output and
     * dies) must not leave a layout running for minutes: end with it. */
    pid_t parent = getppid();
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(1);
#endif
    /* gvRender() and some error paths write to stdout: keep that out of the
     * caller's output, which may be the very image being written. */
    int null_fd = open("/dev/null", O_WRONLY);
    if (null_fd < 0 || dup2(null_fd, STDOUT_FILENO) < 0)
        goto done;
    close(null_fd);

    capture_begin(&cap);
    bool annex = d->nodes > 0 &&
                 (!d->opts.no_legend || (d->opts.citations != ERG_CITE_NONE && d->ncited > 0));
    /* The context first: it declares the prototype's default attributes
     * before the graph exists (the notes, "Declaring attributes"). */
    GVC_t *gvc = gvContext();
    Agraph_t *ag = NULL, *lg = NULL;
    if (gvc == NULL ||
        build_graph(&child_graphs[0], d, annex ? NULL : drawing_title(d), false, NULL) != ERG_OK) {
        status = send_record(fd, ERG_REC_NOMEM, NULL, 0) ? 0 : 1;
        goto done;
    }
    ag = child_graphs[0];
    if (!send_record(fd, ERG_REC_PHASE, "layout", 6))
        goto done;
    /* Invalid input is seen only through agerrors(): gvLayout() may still
     * return 0. */
    int rc = gvLayout(gvc, ag, job->engine);
    bool failed = rc != 0 || agerrors() > 0;
    if (!failed && annex) {
        failed = !positions(gvc, ag, &text);
        /* Left as it is, not freed: gvFreeLayout() after dot laid out
         * clusters frees a block twice in 2.42 (seen with --cluster
         * country), and this process ends after the render anyway. */
        ag = NULL;
        lg = child_graphs[1] = open_graph("legend", NULL);
        failed = failed || lg == NULL || !declare_defaults(lg, d, NULL) ||
                 !set(lg, "rankdir", "TB") || !set(lg, "nodesep", "0.25") ||
                 !set(lg, "ranksep", "0.15") || !add_annex(lg, d);
        failed = failed || gvLayout(gvc, lg, "dot") != 0 || agerrors() > 0;
        char *ignored = NULL;
        failed = failed || !positions(gvc, lg, &ignored);
        if (ignored != NULL)
            gvFreeRenderData(ignored);
        failed = failed || (ag = child_graphs[2] = read_graph(text)) == NULL ||
                 !place_annex(ag, lg, d) ||
                 !set_title(ag, d);
        failed = failed || gvLayout(gvc, ag, "nop2") != 0 || agerrors() > 0;
    }
    if (!send_messages(fd))
        goto done;
    if (failed) {
        status = send_record(fd, ERG_REC_FAILED, NULL, 0) ? 0 : 1;
        goto done;
    }
    if (!send_record(fd, ERG_REC_PHASE, "render", 6))
        goto done;
    /* Read when rendering, not when laying out. cairo's PDF adds a margin
     * of half an inch to the pad: room that a page has already. */
    if (job->bare && (!set(ag, "margin", "0") || !set(ag, "pad", "0"))) {
        status = send_record(fd, ERG_REC_NOMEM, NULL, 0) ? 0 : 1;
        goto done;
    }
    rc = gvRenderData(gvc, ag, job->format, &data, &len);
    failed = rc != 0 || agerrors() > 0;
    if (!send_messages(fd))
        goto done;
    /* On failure *length is left as it was: never trust it then. */
    if (failed ? !send_record(fd, ERG_REC_FAILED, NULL, 0)
               : !send_record(fd, ERG_REC_DATA, data, len))
        goto done;
    status = 0;
done:
    /* gvRenderData leaves a block to free even when it fails. */
    if (data != NULL)
        gvFreeRenderData(data);
    if (text != NULL)
        gvFreeRenderData(text);
    _exit(status);
}
