/*
 * The Graphviz module (see graphviz_impl.h for its files): this one builds
 * a cgraph graph from a selection and writes it as DOT.
 *
 * Graphviz keeps its error state in globals, prints through a process-wide
 * hook, cannot be interrupted, and leaves a context broken after some
 * failures (see the project's Graphviz notes). Hence: errors are captured
 * with agseterrf() around every call; formats and engines are checked
 * before Graphviz sees them (render.c); layout and rendering run in a
 * forked child with a fresh context, which the parent can kill
 * (graphviz/child.c).
 *
 * Not thread-safe: Graphviz is not.
 */
#include "ergraph/dot.h"
#include "ergraph/style.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "draw/dotlabel.h"
#include "draw/drawing.h"
#include "graphviz/graphviz_impl.h"
#include "draw/labels.h"
#include "graphviz/child_protocol.h"

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

void erg_gv_capture_begin(erg_gv_capture *c)
{
    erg_buf_release(&gv_messages);
    c->prev_fn = agseterrf(collect_message);
    /* Warnings too: the caller shows them as warnings. */
    c->prev_level = agseterr(AGWARN);
    agreseterrors();
}

void erg_gv_capture_end(const erg_gv_capture *c)
{
    agseterrf(c->prev_fn);
    agseterr(c->prev_level);
    agreseterrors();
}

const erg_buf *erg_gv_messages(void)
{
    return &gv_messages;
}

void erg_gv_messages_clear(void)
{
    erg_buf_release(&gv_messages);
}

/* ---- Building the graph --------------------------------------------- */

/* Graphviz's prototypes take char * for strings it only copies. */
static Agsym_t *declare(Agraph_t *ag, int kind, const char *name, const char *value)
{
    return agattr(ag, kind, (char *)name, (char *)value);
}

/* Every attribute set below is declared first (erg_gv_declare_defaults), so this
 * never declares one with an empty default by accident. */
bool erg_gv_set(void *obj, const char *name, const char *value)
{
    return agsafeset(obj, (char *)name, (char *)value, (char *)"") == 0;
}

/* Sets `name` to b's text, or "" when b is empty. */
bool erg_gv_set_buf(void *obj, const char *name, const erg_buf *b)
{
    return !b->failed && erg_gv_set(obj, name, b->len > 0 ? b->data : "");
}

#define FONTSIZE_NODE "11"
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
#define FONTSIZE_EDGE STRINGIFY(ERG_DRAW_FONTSIZE_MIN)
#define FONTSIZE_CLUSTER "12"
#define SOURCES_WRAP 90

typedef struct default_attr {
    int kind; /* AGRAPH, AGNODE, AGEDGE */
    const char *name, *value;
} default_attr;

static bool declare_all(Agraph_t *ag, const default_attr *attrs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (declare(ag, attrs[i].kind, attrs[i].name, attrs[i].value) == NULL)
            return false;
    }
    return true;
}

/*
 * The defaults of a readable diagram of a few dozen nodes. Declared with
 * agattr() before any object gets a value: a value set on an object for an
 * undeclared attribute declares its default as "", which for "label" would
 * blank every other node (see the notes), and declaring everything up front
 * makes agwrite()'s output the same whether or not a GVC_t exists.
 */
bool erg_gv_declare_defaults(Agraph_t *ag, const erg_drawing *d, const char *title)
{
    const erg_theme *theme = d->opts.theme;
    const char *font = erg_theme_font(theme), *edge_color = erg_theme_edge_color(theme);
    erg_buf b = ERG_BUF_INIT;
    bool ok = true;
    /* Graph. Left to right: news graphs are shallow and wide (a few heads,
     * many ties), and horizontal ranks leave room for long names. */
    const default_attr graph_defaults[] = {
        {AGRAPH, "fontname", font},
        {AGRAPH, "rankdir", "LR"},
        /* One ranking for the whole graph: without it dot 2.42 fails
         * ("trouble in init_rank") on some graphs with clusters (--cluster
         * type on the merged graphs/) and ignores rank=same inside a
         * cluster (the legend). */
        {AGRAPH, "newrank", "true"},
        {AGRAPH, "nodesep", "0.3"},
        {AGRAPH, "ranksep", "0.6"},
        {AGRAPH, "pad", "0.2"},
        /* For neato, fdp and sfdp (dot ignores it): names must not overlap.
         * "splines" is left to each engine: dot curves its edges anyway,
         * and splines=true after overlap removal made neato and sfdp route
         * edges around every node, 0.8 s at 100 edges, 13 s at 300, over
         * 30 s at 400 (splines=curved was worse); their default straight
         * lines cost 0.1 s there. */
        {AGRAPH, "overlap", "false"},
        /* Force-directed layouts place edge labels at the midpoint without
         * making room for them: longer edges (len for neato and fdp, K for
         * fdp and sfdp) and a margin around nodes keep most labels clear. */
        {AGRAPH, "sep", "+6"},
        {AGRAPH, "K", "0.8"},
        {AGRAPH, "outputorder", "edgesfirst"},
    };
    ok = declare_all(ag, graph_defaults, sizeof(graph_defaults) / sizeof(graph_defaults[0]));
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
    /* Nodes, then edges: a dark grey, lighter than the node text, so
     * names stand out. Empty defaults are not written out. */
    const default_attr defaults[] = {
        {AGNODE, "label", "\\N"},
        {AGNODE, "fontname", font},
        {AGNODE, "fontsize", FONTSIZE_NODE},
        {AGNODE, "margin", "0.12,0.04"},
        {AGNODE, "height", "0.4"},
        {AGNODE, "width", "0.75"},
        {AGNODE, "shape", "box"},
        {AGNODE, "style", "filled"},
        {AGNODE, "fillcolor", "#FFFFFF"},
        {AGNODE, "color", "#999999"},
        {AGNODE, "fontcolor", "#000000"},
        {AGNODE, "id", ""},
        {AGNODE, "class", ""},
        {AGNODE, "tooltip", ""},
        {AGEDGE, "label", ""},
        {AGEDGE, "dir", "forward"},
        {AGEDGE, "fontname", font},
        {AGEDGE, "fontsize", FONTSIZE_EDGE},
        {AGEDGE, "color", edge_color},
        {AGEDGE, "fontcolor", strcmp(edge_color, "#555555") ? edge_color : "#333333"},
        {AGEDGE, "arrowsize", "0.7"},
        {AGEDGE, "len", "1.6"},
        {AGEDGE, "penwidth", "1"},
        {AGEDGE, "weight", "1"},
        {AGEDGE, "style", ""},
        {AGEDGE, "id", ""},
        {AGEDGE, "class", ""},
        {AGEDGE, "tooltip", ""},
        {AGEDGE, "labeltooltip", ""},
        {AGEDGE, "URL", ""},
    };
    ok = ok && declare_all(ag, defaults, sizeof(defaults) / sizeof(defaults[0]));
    erg_buf_release(&b);
    return ok;
}

static bool set_style(Agnode_t *n, const erg_node_style *st)
{
    return erg_gv_set(n, "shape", st->shape) && erg_gv_set(n, "style", st->style) &&
           erg_gv_set(n, "fillcolor", st->fillcolor) && erg_gv_set(n, "color", st->color) &&
           erg_gv_set(n, "fontname", st->fontname) && erg_gv_set(n, "fontcolor", st->fontcolor);
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
        if (!erg_gv_set_buf(subs[c], "label", &b))
            goto done;
        b.len = 0;
        erg_drawing_put_id(&b, d->opts.cluster == ERG_CLUSTER_TYPE ? "t-" : "c-",
                           d->clusters[c].key);
        if (!erg_gv_set_buf(subs[c], "id", &b) || !erg_gv_set(subs[c], "class", "cluster") ||
            !erg_gv_set(subs[c], "style", "rounded") || !erg_gv_set(subs[c], "color", "#888888") ||
            !erg_gv_set(subs[c], "fontsize", FONTSIZE_CLUSTER) ||
            !erg_gv_set(subs[c], "labeljust", "l"))
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
        Agraph_t *parent =
            d->cluster_of != NULL && d->cluster_of[e] != ERG_NONE ? subs[d->cluster_of[e]] : ag;
        Agnode_t *n = agnode(parent, name, 1);
        if (n == NULL)
            goto done;
        nodes[e] = n;
        b.len = 0;
        erg_label_wrapped(&b, d, erg_entity_name(g, e), d->opts.wrap);
        if (!erg_gv_set_buf(n, "label", &b) ||
            !set_style(n, erg_theme_style(d->opts.theme, erg_entity_type(g, e))))
            goto done;
        b.len = 0;
        erg_drawing_put_id(&b, "e-", erg_entity_id(g, e));
        if (!erg_gv_set_buf(n, "id", &b))
            goto done;
        b.len = 0;
        erg_buf_printf(&b, "entity %s", erg_entity_type(g, e));
        if (!erg_gv_set_buf(n, "class", &b))
            goto done;
        b.len = 0;
        erg_label_entity_tooltip(&b, g, d->sel, e);
        if (!erg_gv_set_buf(n, "tooltip", &b))
            goto done;
    }
    ok = true;
done:
    erg_free(subs);
    erg_buf_release(&b);
    return ok;
}

/* The attributes each edge may get, looked up once: agsafeset() looks one
 * up by name each time, which showed on hundreds of thousands of edges. */
typedef struct edge_attrs {
    Agsym_t *label, *dir, *style, *penwidth, *id, *class_, *tooltip, *labeltooltip, *url;
} edge_attrs;

/* Declared already (erg_gv_declare_defaults); if not, as agsafeset() would. */
static Agsym_t *edge_attr(Agraph_t *ag, const char *name)
{
    Agsym_t *sym = agattr(ag, AGEDGE, (char *)name, NULL);
    return sym != NULL ? sym : declare(ag, AGEDGE, name, "");
}

static bool find_edge_attrs(Agraph_t *ag, edge_attrs *a)
{
    a->label = edge_attr(ag, "label");
    a->dir = edge_attr(ag, "dir");
    a->style = edge_attr(ag, "style");
    a->penwidth = edge_attr(ag, "penwidth");
    a->id = edge_attr(ag, "id");
    a->class_ = edge_attr(ag, "class");
    a->tooltip = edge_attr(ag, "tooltip");
    a->labeltooltip = edge_attr(ag, "labeltooltip");
    a->url = edge_attr(ag, "URL");
    return a->label && a->dir && a->style && a->penwidth && a->id && a->class_ && a->tooltip &&
           a->labeltooltip && a->url;
}

static bool put(void *obj, Agsym_t *sym, const char *value)
{
    return agxset(obj, sym, (char *)value) == 0;
}

static bool put_buf(void *obj, Agsym_t *sym, const erg_buf *b)
{
    return !b->failed && put(obj, sym, b->len > 0 ? b->data : "");
}

/*
 * With clusters, dot 2.42 lets edge labels collide inside them: the label
 * becomes a small plaintext node on the edge instead, the edge split in two
 * through it (the first half keeps the tie's id, so the HTML page and the
 * view find it; the second is "h-..."; both keep the tooltip and link, and
 * so does the label). In the cluster of both ends when they share one.
 */
static bool label_node(Agraph_t *ag, const erg_drawing *d, const erg_draw_edge *edge, Agedge_t *e,
                       size_t i)
{
    char name[40];
    snprintf(name, sizeof(name), "l%zu", i + 1);
    Agraph_t *parent = ag;
    if (d->cluster_of != NULL && d->cluster_of[edge->from] != ERG_NONE &&
        d->cluster_of[edge->from] == d->cluster_of[edge->to]) {
        char sub[40];
        snprintf(sub, sizeof(sub), "cluster_%zu", d->cluster_of[edge->from] + 1);
        Agraph_t *c = agsubg(ag, sub, 0);
        if (c != NULL)
            parent = c;
    }
    Agnode_t *l = agnode(parent, name, 1);
    if (l == NULL)
        return false;
    Agedge_t *e1 = agedge(ag, agtail(e), l, NULL, 1), *e2 = agedge(ag, l, aghead(e), NULL, 1);
    if (e1 == NULL || e2 == NULL || agcopyattr(e, e1) != 0 || agcopyattr(e, e2) != 0)
        return false;
    erg_buf id = ERG_BUF_INIT;
    erg_drawing_put_id(&id, "h-", erg_rel_id(d->g, d->rels[edge->first]));
    bool ok = erg_gv_set_buf(e2, "id", &id);
    id.len = 0;
    erg_drawing_put_id(&id, "r-", erg_rel_id(d->g, d->rels[edge->first]));
    erg_buf_puts(&id, "-label");
    const char *url = agget(e, (char *)"URL");
    ok = ok && erg_gv_set(l, "label", agget(e, (char *)"label")) &&
         erg_gv_set(l, "shape", "plaintext") && erg_gv_set(l, "fillcolor", "#FFFFFF") &&
         erg_gv_set(l, "color", "#FFFFFF") && erg_gv_set(l, "fontsize", FONTSIZE_EDGE) &&
         erg_gv_set(l, "fontcolor", agget(e, (char *)"fontcolor")) &&
         erg_gv_set(l, "margin", "0.03,0.01") && erg_gv_set(l, "width", "0") &&
         erg_gv_set(l, "height", "0") && erg_gv_set(l, "class", "tielabel") &&
         erg_gv_set_buf(l, "id", &id) && erg_gv_set(l, "tooltip", agget(e, (char *)"tooltip")) &&
         (url == NULL || url[0] == '\0' || erg_gv_set(l, "URL", url)) &&
         erg_gv_set(e1, "label", "") && erg_gv_set(e2, "label", "") &&
         erg_gv_set(e1, "dir", "none");
    erg_buf_release(&id);
    return ok && agdelete(ag, e) == 0;
}

static bool add_edges(Agraph_t *ag, const erg_drawing *d, Agnode_t **nodes)
{
    const erg_graph *g = d->g;
    erg_buf b = ERG_BUF_INIT, raw = ERG_BUF_INIT;
    bool ok = false;
    edge_attrs a;
    if (!find_edge_attrs(ag, &a))
        goto done;
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
        if (!put_buf(e, a.label, &b))
            goto done;
        if (!edge->directed && !put(e, a.dir, "none"))
            goto done;
        const char *pen_style = erg_drawing_pen_style(edge->certainty);
        if (pen_style != NULL && !put(e, a.style, pen_style))
            goto done;
        if (edge->contested && (!erg_gv_set(e, "color", ERG_DRAW_CONTESTED_COLOR) ||
                                !erg_gv_set(e, "fontcolor", ERG_DRAW_CONTESTED_COLOR)))
            goto done;
        if (edge->nsources > 1) {
            char pen[16];
            double w = 1.0 + 0.75 * (double)(edge->nsources - 1);
            snprintf(pen, sizeof(pen), "%.2g", w > 4.0 ? 4.0 : w);
            if (!put(e, a.penwidth, pen))
                goto done;
        }
        b.len = 0;
        erg_drawing_put_id(&b, "r-", erg_rel_id(g, d->rels[edge->first]));
        if (!put_buf(e, a.id, &b))
            goto done;
        b.len = 0;
        erg_buf_printf(&b, "tie %s", erg_rel_type(g, d->rels[edge->first]));
        if (!put_buf(e, a.class_, &b))
            goto done;
        b.len = 0;
        erg_label_edge_tooltip(&b, d, edge);
        if (!put_buf(e, a.tooltip, &b) || !put_buf(e, a.labeltooltip, &b))
            goto done;
        const char *url = erg_label_edge_url(d, edge);
        if (url != NULL && !put(e, a.url, url))
            goto done;
        if (d->opts.cluster != ERG_CLUSTER_NONE && raw.len > 0 && !label_node(ag, d, edge, e, i))
            goto done;
    }
    ok = true;
done:
    erg_buf_release(&b);
    erg_buf_release(&raw);
    return ok;
}

/*
 * The drawing aids (see erg_drawing): a light dashed "of" line from an
 * entity to its country, and the entities with no line at all packed in a
 * grid of rows beside the graph (invisible edges chain each row), not
 * stacked in one column of the first rank.
 */
static bool add_aids(Agraph_t *ag, const erg_drawing *d, Agnode_t **nodes)
{
    const erg_graph *g = d->g;
    erg_buf b = ERG_BUF_INIT;
    bool ok = false;
    for (size_t i = 0; i < d->nof; i++) {
        Agnode_t *t = nodes[d->of[i].entity], *h = nodes[d->of[i].country];
        Agedge_t *e = t != NULL && h != NULL ? agedge(ag, t, h, NULL, 1) : NULL;
        /* Unlabelled with clusters, where dot lets edge labels collide
         * (the tie labels become nodes there; the legend says "of"). */
        if (e == NULL || !erg_gv_set(e, "label", d->opts.cluster == ERG_CLUSTER_NONE ? "of" : "") ||
            !erg_gv_set(e, "dir", "none") || !erg_gv_set(e, "style", "dashed") ||
            !erg_gv_set(e, "color", ERG_DRAW_OF_COLOR) ||
            !erg_gv_set(e, "fontcolor", ERG_DRAW_OF_COLOR) || !erg_gv_set(e, "class", "of"))
            goto done;
        b.len = 0;
        erg_drawing_put_id(&b, "of-", erg_entity_id(g, d->of[i].entity));
        if (!erg_gv_set_buf(e, "id", &b))
            goto done;
        b.len = 0;
        erg_buf_printf(&b, "%s: country %s", erg_entity_name(g, d->of[i].entity),
                       erg_entity_name(g, d->of[i].country));
        if (!erg_gv_set_buf(e, "tooltip", &b))
            goto done;
    }
    /* Rows of about sqrt(n) entities. */
    size_t per_row = 1;
    while (per_row * per_row < d->nisolated)
        per_row++;
    for (size_t i = 1; i < d->nisolated; i++) {
        if (i % per_row == 0)
            continue;
        Agnode_t *t = nodes[d->isolated[i - 1]], *h = nodes[d->isolated[i]];
        Agedge_t *e = t != NULL && h != NULL ? agedge(ag, t, h, NULL, 1) : NULL;
        if (e == NULL || !erg_gv_set(e, "style", "invis") || !erg_gv_set(e, "class", "pack"))
            goto done;
    }
    ok = true;
done:
    erg_buf_release(&b);
    return ok;
}

/* ---- The legend and the sources block -------------------------------- */

/* Entity types per row of the legend. */
#define LEGEND_ROW 4

static Agnode_t *legend_node(Agraph_t *parent, const char *name, const char *label)
{
    Agnode_t *n = agnode(parent, (char *)name, 1);
    if (n == NULL || !erg_gv_set(n, "label", label) || !erg_gv_set(n, "class", "legend"))
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
    if (r == NULL || !erg_gv_set(r, "rank", "same"))
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
        if (e == NULL || !erg_gv_set(e, "style", "invis") || !erg_gv_set(e, "weight", "100"))
            return false;
    }
    *prev = next;
    return true;
}

/* A sample of an edge style: two dots and the edge between them. */
static bool edge_sample(Agraph_t *ag, Agraph_t *legend, size_t *row, Agnode_t **prev,
                        const char *label, const char *dir, const char *style, const char *pen,
                        const char *color)
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
        if (!erg_gv_set(n, "shape", "point") || !erg_gv_set(n, "width", "0.06") ||
            !erg_gv_set(n, "height", "0.06") || !erg_gv_set(n, "color", "#555555") ||
            !erg_gv_set(n, "fillcolor", "#555555"))
            return false;
    }
    Agedge_t *e = agedge(ag, na, nb, NULL, 1);
    return e != NULL && erg_gv_set(e, "label", label) && erg_gv_set(e, "dir", dir) &&
           (style == NULL || erg_gv_set(e, "style", style)) &&
           (pen == NULL || erg_gv_set(e, "penwidth", pen)) &&
           (color == NULL ||
            (erg_gv_set(e, "color", color) && erg_gv_set(e, "fontcolor", color))) &&
           erg_gv_set(e, "class", "legend") && chain(ag, prev, na);
}

/* The sources block: "[N] publisher, date, title" a line each (wrapped
 * lines indented), left-justified. */
static bool sources_block(Agraph_t *ag, const erg_drawing *d)
{
    erg_buf b = ERG_BUF_INIT, line = ERG_BUF_INIT, wrapped = ERG_BUF_INIT;
    erg_buf_puts(&b, d->ncited > 1 ? "Sources\\l" : "Source\\l");
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
    ok = n != NULL && erg_gv_set(n, "shape", "plaintext") && erg_gv_set(n, "style", "") &&
         erg_gv_set(n, "fontsize", FONTSIZE_EDGE) && erg_gv_set(n, "id", "sources");
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
bool erg_gv_add_annex(Agraph_t *ag, const erg_drawing *d)
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
        if (box == NULL || !erg_gv_set(box, "label", "Legend") ||
            !erg_gv_set(box, "id", "legend") || !erg_gv_set(box, "class", "legend") ||
            !erg_gv_set(box, "style", "rounded") || !erg_gv_set(box, "color", "#888888") ||
            !erg_gv_set(box, "fontsize", FONTSIZE_CLUSTER) || !erg_gv_set(box, "labeljust", "l"))
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
            if (!erg_gv_set_buf(n, "class", &b))
                goto done;
        }
        if (d->has_directed && !edge_sample(ag, box, &row, &prev, "directed: from \xE2\x86\x92 to",
                                            "forward", NULL, NULL, NULL))
            goto done;
        if (d->has_undirected &&
            !edge_sample(ag, box, &row, &prev, "undirected", "none", NULL, NULL, NULL))
            goto done;
        /* One sample per pen drawn; stated is the plain line above unless
         * it is the only pen left out. */
        for (int c = ERG_STATED; c <= ERG_INFERRED; c++) {
            if (d->pens[c] &&
                (c != ERG_STATED || d->pens[ERG_REPORTED] || d->pens[ERG_ALLEGED] ||
                 d->pens[ERG_INFERRED]) &&
                !edge_sample(ag, box, &row, &prev, erg_drawing_pen_legend((erg_certainty)c), "none",
                             erg_drawing_pen_style((erg_certainty)c), NULL, NULL))
                goto done;
        }
        if (d->has_contested &&
            !edge_sample(ag, box, &row, &prev, "contested: another tie contradicts it", "none",
                         NULL, NULL, ERG_DRAW_CONTESTED_COLOR))
            goto done;
        if (d->nof > 0 && !edge_sample(ag, box, &row, &prev, "of: an entity's country", "none",
                                       "dashed", NULL, ERG_DRAW_OF_COLOR))
            goto done;
        if (d->max_sources > 1) {
            char label[64], pen[16];
            double w = 1.0 + 0.75 * (double)(d->max_sources - 1);
            snprintf(label, sizeof(label), "supported by %zu sources", d->max_sources);
            snprintf(pen, sizeof(pen), "%.2g", w > 4.0 ? 4.0 : w);
            if (!edge_sample(ag, box, &row, &prev, label, "none", NULL, pen, NULL))
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

/* ---- The legend and sources of a DOT that stands alone --------------- */

/* Longest text of one cell (bytes, then an ellipsis), and the most bytes
 * of one node's label: Graphviz 2.42's scanner rejects a token over 16 KB. */
#define HTML_CELL_MAX 300
#define HTML_LABEL_MAX 12000

/* Text for an HTML-like label: &, <, >, " escaped, control characters left
 * out, cut after `max` bytes (at a character's start) with an ellipsis. */
static void put_html_text(erg_buf *b, const char *s, size_t max)
{
    size_t n = 0;
    for (; *s != '\0'; s++, n++) {
        unsigned char c = (unsigned char)*s;
        if (n >= max && (c & 0xC0) != 0x80) {
            erg_buf_puts(b, "\xE2\x80\xA6");
            return;
        }
        /* U+FFFE and U+FFFF are not XML: the label's parser refuses them. */
        if (c == 0xEF && (unsigned char)s[1] == 0xBF &&
            ((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF)) {
            s += 2;
            continue;
        }
        if (c == '&')
            erg_buf_puts(b, "&amp;");
        else if (c == '<')
            erg_buf_puts(b, "&lt;");
        else if (c == '>')
            erg_buf_puts(b, "&gt;");
        else if (c == '"')
            erg_buf_puts(b, "&quot;");
        else if (c >= 0x20 && c != 0x7F)
            erg_buf_putc(b, (char)c);
    }
}

/* An HTML-like label on node n (see the notes: the string is made HTML in
 * the root graph's table, then set). */
static bool set_html_label(Agraph_t *ag, Agnode_t *n, const erg_buf *b)
{
    if (b->failed || b->len == 0)
        return false;
    char *h = agstrdup_html(ag, b->data);
    Agsym_t *sym = agattr(ag, AGNODE, (char *)"label", NULL);
    bool ok = h != NULL && sym != NULL && agxset(n, sym, h) == 0;
    if (h != NULL)
        agstrfree(ag, h);
    return ok;
}

static Agnode_t *html_node(Agraph_t *ag, const char *name, const char *id, const erg_buf *label)
{
    Agnode_t *n = agnode(ag, (char *)name, 1);
    if (n == NULL || !set_html_label(ag, n, label) || !erg_gv_set(n, "shape", "plaintext") ||
        !erg_gv_set(n, "style", "") || !erg_gv_set(n, "margin", "0") ||
        !erg_gv_set(n, "fontsize", FONTSIZE_EDGE) || !erg_gv_set(n, "id", id) ||
        !erg_gv_set(n, "class", "legend"))
        return NULL;
    return n;
}

/* A row of the legend: a sample of a line, drawn in text, and its words. */
static void html_sample(erg_buf *b, const char *glyph, const char *color, bool bold,
                        const char *words)
{
    erg_buf_printf(b,
                   "<TR><TD ALIGN=\"RIGHT\"><FONT COLOR=\"%s\">%s%s%s</FONT></TD>"
                   "<TD ALIGN=\"LEFT\">",
                   color, bold ? "<B>" : "", glyph, bold ? "</B>" : "");
    put_html_text(b, words, HTML_CELL_MAX);
    erg_buf_puts(b, "</TD></TR>");
}

#define DASH3 "\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94"

/* The legend's table: each entity type drawn (its colours, and its shape
 * named where a cell cannot draw it), then the edge styles in use. */
static void put_legend_table(erg_buf *b, const erg_drawing *d)
{
    const char *ink = erg_theme_edge_color(d->opts.theme);
    erg_buf_puts(b, "<TABLE BORDER=\"1\" COLOR=\"#888888\" STYLE=\"ROUNDED\" CELLBORDER=\"0\" "
                    "CELLSPACING=\"2\" CELLPADDING=\"2\"><TR><TD COLSPAN=\"2\" "
                    "ALIGN=\"LEFT\"><FONT POINT-SIZE=\"" FONTSIZE_CLUSTER "\">Legend</FONT>"
                    "</TD></TR>");
    for (size_t i = 0; i < d->ntypes; i++) {
        const erg_node_style *st = erg_theme_style(d->opts.theme, d->types[i]);
        erg_buf_puts(b, "<TR><TD BGCOLOR=\"");
        put_html_text(b, st->fillcolor, 32);
        erg_buf_puts(b, "\" COLOR=\"");
        put_html_text(b, st->color, 32);
        erg_buf_puts(b, "\" BORDER=\"1\" WIDTH=\"28\" HEIGHT=\"14\" FIXEDSIZE=\"TRUE\"></TD>"
                        "<TD ALIGN=\"LEFT\">");
        put_html_text(b, d->types[i], HTML_CELL_MAX);
        bool rounded = st->style != NULL && strstr(st->style, "rounded") != NULL;
        if (strcmp(st->shape, "box") != 0 || rounded) {
            erg_buf_puts(b, " (");
            put_html_text(b, rounded && strcmp(st->shape, "box") == 0 ? "rounded box" : st->shape,
                          64);
            erg_buf_puts(b, ")");
        }
        erg_buf_puts(b, "</TD></TR>");
    }
    if (d->has_directed)
        html_sample(b, DASH3 "\xE2\x86\x92", ink, false, "directed: from \xE2\x86\x92 to");
    if (d->has_undirected)
        html_sample(b, DASH3, ink, false, "undirected");
    for (int c = ERG_STATED; c <= ERG_INFERRED; c++) {
        if (!d->pens[c] || (c == ERG_STATED && !d->pens[ERG_REPORTED] && !d->pens[ERG_ALLEGED] &&
                            !d->pens[ERG_INFERRED]))
            continue;
        const char *pen = erg_drawing_pen_style((erg_certainty)c);
        html_sample(b,
                    pen == NULL                  ? DASH3
                    : strcmp(pen, "dotted") == 0 ? "\xC2\xB7 \xC2\xB7 \xC2\xB7 \xC2\xB7"
                                                 : "- - - -",
                    ink, false, erg_drawing_pen_legend((erg_certainty)c));
    }
    if (d->has_contested)
        html_sample(b, DASH3, ERG_DRAW_CONTESTED_COLOR, false,
                    "contested: another tie contradicts it");
    if (d->nof > 0)
        html_sample(b, "- - - -", ERG_DRAW_OF_COLOR, false, "of: an entity's country");
    if (d->max_sources > 1) {
        char words[96];
        snprintf(words, sizeof(words), "supported by %zu sources (the thicker, the more)",
                 d->max_sources);
        html_sample(b, DASH3, ink, true, words);
    }
    erg_buf_puts(b, "</TABLE>");
}

/* The sources block: one HTML-like table node ("legend_sources"), split
 * into more ("legend_sources2", ...) past HTML_LABEL_MAX, each entry cut at
 * HTML_CELL_MAX. False when out of memory. */
static bool add_sources_html(Agraph_t *ag, const erg_drawing *d)
{
    erg_buf b = ERG_BUF_INIT, line = ERG_BUF_INIT, wrapped = ERG_BUF_INIT;
    bool ok = false;
    size_t part = 1;
    /* "Source" alone when one is cited, as the rendered block. */
    const char *head = d->ncited > 1 ? "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" "
                                       "CELLPADDING=\"1\"><TR><TD ALIGN=\"LEFT\">Sources</TD></TR>"
                                     : "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" "
                                       "CELLPADDING=\"1\"><TR><TD ALIGN=\"LEFT\">Source</TD></TR>";
    erg_buf_puts(&b, head);
    for (size_t i = 0; i < d->ncited; i++) {
        line.len = 0;
        wrapped.len = 0;
        erg_drawing_put_source(d, d->cited[i], &line);
        if (line.failed)
            goto done;
        /* Cut first, then wrapped: a cell's text stays short. */
        erg_buf cut = ERG_BUF_INIT;
        /* An empty buffer has no data: an empty entry is "". */
        put_html_text(&cut, line.len > 0 ? line.data : "", HTML_CELL_MAX);
        if (cut.failed) {
            erg_buf_release(&cut);
            goto done;
        }
        erg_dot_wrap(&wrapped, cut.len > 0 ? cut.data : "", SOURCES_WRAP);
        erg_buf_release(&cut);
        if (wrapped.failed)
            goto done;
        size_t mark = b.len;
        /* The entry starts with its number ("[2] BBC News, ..."). */
        erg_buf_puts(&b, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">");
        for (const char *p = wrapped.len > 0 ? wrapped.data : ""; *p != '\0'; p++) {
            if (*p == '\n')
                erg_buf_puts(&b, "<BR/>");
            else
                erg_buf_putc(&b, *p);
        }
        erg_buf_puts(&b, "</TD></TR>");
        if (b.len + 16 > HTML_LABEL_MAX && mark > strlen(head)) {
            /* This entry goes to the next node. */
            char name[40], id[40];
            b.len = mark;
            erg_buf_puts(&b, "</TABLE>");
            snprintf(name, sizeof(name), part == 1 ? "legend_sources" : "legend_sources%zu", part);
            snprintf(id, sizeof(id), part == 1 ? "sources" : "sources-%zu", part);
            if (html_node(ag, name, id, &b) == NULL)
                goto done;
            part++;
            b.len = 0;
            erg_buf_puts(&b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" "
                             "CELLPADDING=\"1\">");
            i--; /* again, in the new node */
        }
    }
    erg_buf_puts(&b, "</TABLE>");
    char name[40], id[40];
    snprintf(name, sizeof(name), part == 1 ? "legend_sources" : "legend_sources%zu", part);
    snprintf(id, sizeof(id), part == 1 ? "sources" : "sources-%zu", part);
    if (html_node(ag, name, id, &b) == NULL)
        goto done;
    ok = true;
done:
    erg_buf_release(&b);
    erg_buf_release(&line);
    erg_buf_release(&wrapped);
    return ok;
}

/*
 * The legend and the sources block of `ergraph dot`, for any engine to
 * place: one plaintext node "legend" holding a table (a colour swatch per
 * entity type, with its shape named when it is not a box; a line sample in
 * text per edge style), and one node "legend_sources" holding a table of
 * the sources, split into "legend_sources2", ... when it would pass
 * HTML_LABEL_MAX. No edge touches them.
 */
static bool add_annex_html(Agraph_t *ag, const erg_drawing *d)
{
    bool legend = !d->opts.no_legend;
    bool sources = d->opts.citations != ERG_CITE_NONE && d->ncited > 0;
    if (d->nodes == 0 || (!legend && !sources))
        return true;
    if (legend) {
        erg_buf b = ERG_BUF_INIT;
        put_legend_table(&b, d);
        bool ok = html_node(ag, "legend", "legend", &b) != NULL;
        erg_buf_release(&b);
        if (!ok)
            return false;
    }
    return !sources || add_sources_html(ag, d);
}

/*
 * A cgraph digraph of the drawing: node "nI" for the I-th entity drawn
 * (names made here, never from user text), undirected ties without arrowheads, the
 * clusters, and with `annex` the legend and sources block. Returns
 * ERG_ENOMEM when Graphviz or the library runs out. Time complexity:
 * O(entities + relationships + evidence).
 */
erg_status erg_gv_build_graph(Agraph_t **out, const erg_drawing *d, const char *title, bool annex,
                              Agdisc_t *disc)
{
    erg_status rc = ERG_ENOMEM;
    Agnode_t **nodes = NULL;
    size_t ne = erg_graph_entity_count(d->g);
    *out = NULL;

    Agraph_t *ag = erg_gv_open_graph("ergraph", disc);
    if (ag == NULL || !erg_gv_declare_defaults(ag, d, title))
        goto done;
    nodes = erg_calloc(ne ? ne : 1, sizeof(*nodes));
    if (nodes == NULL || !add_nodes(ag, d, nodes) || !add_edges(ag, d, nodes) ||
        !add_aids(ag, d, nodes))
        goto done;
    if (annex && !add_annex_html(ag, d))
        goto done;
    if (!erg_gv_apply_attrs(ag, d, true))
        goto done;
    *out = ag;
    ag = NULL;
    rc = ERG_OK;
done:
    erg_gv_close_graph(ag);
    erg_free(nodes);
    return rc;
}

const char *erg_gv_drawing_title(const erg_drawing *d)
{
    return erg_drawing_title(d);
}

/* ---- DOT export ----------------------------------------------------- */

/* agwrite() writes through the graph's I/O discipline: this one appends to
 * an erg_buf, so the text is in the library's memory with no copy, long
 * names made readable on the way. */
typedef struct dot_text {
    erg_buf b;
    erg_gv_long_ids ids;
} dot_text;

static int buf_putstr(void *chan, const char *str)
{
    dot_text *t = chan;
    erg_gv_long_ids_put(&t->ids, &t->b, str, strlen(str));
    return t->b.failed ? EOF : 0;
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

/* The graph erg_gv_dot_to() wrote, kept reachable (as the render child
 * keeps its graphs) rather than closed: the process ends right after.
 * Volatile, so that the store is not dropped as dead. */
static Agraph_t *volatile dot_child_graph;

erg_status erg_gv_dot_to(const erg_drawing *d, Agiodisc_t *io, void *chan)
{
    Agdisc_t disc = {&AgMemDisc, &erg_gv_seq_ids, io};
    Agraph_t *ag = NULL;
    size_t failures = erg_alloc_failures();
    if (d->nedges >= erg_gv_heap_min_edges)
        disc.mem = &erg_gv_heap;
    erg_status rc = erg_gv_build_graph(&ag, d, erg_gv_drawing_title(d), true, &disc);
    if (rc == ERG_OK && agwrite(ag, chan) != 0)
        rc = ERG_ENOMEM;
    if (rc == ERG_OK && agerrors() > 0)
        rc = ERG_EGRAPHVIZ;
    /* Not closed: the process ends now (closing the hub's graph took
     * seconds). */
    dot_child_graph = ag;
    if (erg_alloc_failures() != failures)
        rc = ERG_ENOMEM;
    return rc;
}

erg_status erg_gv_dot_write_here(char **out, size_t *out_len, const erg_graph *g,
                                 const erg_selection *sel, const erg_dot_options *opts,
                                 erg_diags *diags)
{
    erg_status rc = ERG_ENOMEM;
    dot_text dt = {ERG_BUF_INIT, ERG_GV_LONG_IDS_INIT};
    erg_buf *text = &dt.b;
    Agdisc_t disc = {&AgMemDisc, &erg_gv_seq_ids, &buf_io};
    Agraph_t *ag = NULL;
    erg_drawing d;
    erg_gv_capture cap;
    size_t failures = erg_alloc_failures();
    *out = NULL;
    *out_len = 0;

    erg_gv_capture_begin(&cap);
    rc = erg_drawing_build(&d, g, sel, opts, diags);
    if (rc != ERG_OK)
        goto done;
    if (d.nedges >= erg_gv_heap_min_edges)
        disc.mem = &erg_gv_heap;
    rc = erg_gv_build_graph(&ag, &d, erg_gv_drawing_title(&d), true, &disc);
    erg_drawing_release(&d);
    if (rc != ERG_OK)
        goto done;
    int wrc = agwrite(ag, &dt);
    erg_gv_long_ids_end(&dt.ids, text);
    if (wrc != 0 || text->failed) {
        rc = ERG_ENOMEM;
        goto done;
    }
    if (agerrors() > 0) {
        rc = ERG_EGRAPHVIZ;
        goto done;
    }
    size_t len = text->len;
    char *data = erg_buf_detach(text);
    if (data == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    *out = data;
    *out_len = len;
    rc = ERG_OK;
done:
    erg_gv_close_graph(ag);
    erg_gv_capture_end(&cap);
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
    erg_gv_long_ids_end(&dt.ids, text);
    erg_buf_release(text);
    return rc;
}
