/*
 * Graphviz attributes given on the command line (-G, -N, -E): which names
 * are allowed, and setting them on a graph built from a drawing, over
 * ergraph's defaults, per-type styles and legend.
 */
#include "ergraph/export.h"

#include <stdio.h>
#include <string.h>

#include <graphviz/cgraph.h>

#include "util/text.h"
#include "graphviz/graphviz_impl.h"

/* Graphviz 2.42's attributes (its attrs.html), by what uses them. */
static const char *const graph_attrs[] = {"_background",
                                          "bgcolor",
                                          "center",
                                          "charset",
                                          "clusterrank",
                                          "color",
                                          "colorscheme",
                                          "comment",
                                          "compound",
                                          "concentrate",
                                          "Damping",
                                          "defaultdist",
                                          "dim",
                                          "dimen",
                                          "diredgeconstraints",
                                          "dpi",
                                          "epsilon",
                                          "esep",
                                          "fillcolor",
                                          "fontcolor",
                                          "fontname",
                                          "fontnames",
                                          "fontpath",
                                          "fontsize",
                                          "forcelabels",
                                          "gradientangle",
                                          "href",
                                          "imagepath",
                                          "inputscale",
                                          "K",
                                          "label",
                                          "label_scheme",
                                          "labeljust",
                                          "labelloc",
                                          "landscape",
                                          "layerlistsep",
                                          "layers",
                                          "layerselect",
                                          "layersep",
                                          "levels",
                                          "levelsgap",
                                          "margin",
                                          "maxiter",
                                          "mclimit",
                                          "mindist",
                                          "mode",
                                          "model",
                                          "mosek",
                                          "newrank",
                                          "nodesep",
                                          "nojustify",
                                          "normalize",
                                          "notranslate",
                                          "nslimit",
                                          "nslimit1",
                                          "ordering",
                                          "orientation",
                                          "outputorder",
                                          "overlap",
                                          "overlap_scaling",
                                          "overlap_shrink",
                                          "pack",
                                          "packmode",
                                          "pad",
                                          "page",
                                          "pagedir",
                                          "pencolor",
                                          "penwidth",
                                          "peripheries",
                                          "quadtree",
                                          "quantum",
                                          "rankdir",
                                          "ranksep",
                                          "ratio",
                                          "remincross",
                                          "repulsiveforce",
                                          "resolution",
                                          "rotate",
                                          "rotation",
                                          "scale",
                                          "searchsize",
                                          "sep",
                                          "showboxes",
                                          "size",
                                          "smoothing",
                                          "sortv",
                                          "splines",
                                          "start",
                                          "style",
                                          "stylesheet",
                                          "target",
                                          "tooltip",
                                          "truecolor",
                                          "URL",
                                          "viewport",
                                          "voro_margin",
                                          "xdotversion"};
static const char *const node_attrs[] = {
    "area",       "color",        "colorscheme",   "comment",
    "distortion", "fillcolor",    "fixedsize",     "fontcolor",
    "fontname",   "fontsize",     "gradientangle", "group",
    "height",     "href",         "image",         "imagepos",
    "imagescale", "label",        "labelloc",      "layer",
    "margin",     "nojustify",    "ordering",      "orientation",
    "penwidth",   "peripheries",  "pin",           "regular",
    "root",       "samplepoints", "shape",         "shapefile",
    "showboxes",  "sides",        "skew",          "sortv",
    "style",      "target",       "tooltip",       "URL",
    "vertices",   "width",        "xlabel",        "z"};
static const char *const edge_attrs[] = {
    "arrowhead",     "arrowsize",     "arrowtail",     "color",       "colorscheme",
    "comment",       "constraint",    "decorate",      "dir",         "edgehref",
    "edgetarget",    "edgetooltip",   "edgeURL",       "fillcolor",   "fontcolor",
    "fontname",      "fontsize",      "headclip",      "headhref",    "headlabel",
    "headport",      "headtarget",    "headtooltip",   "headURL",     "href",
    "label",         "labelangle",    "labeldistance", "labelfloat",  "labelfontcolor",
    "labelfontname", "labelfontsize", "labelhref",     "labeltarget", "labeltooltip",
    "labelURL",      "layer",         "len",           "lhead",       "ltail",
    "minlen",        "nojustify",     "penwidth",      "samehead",    "sametail",
    "showboxes",     "style",         "tailclip",      "tailhref",    "taillabel",
    "tailport",      "tailtarget",    "tailtooltip",   "tailURL",     "target",
    "tooltip",       "URL",           "weight",        "xlabel"};
/* Set by ergraph or by the layout, for every kind: CSS, scripts and the
 * HTML page find objects by them, and the render keeps positions. */
static const char *const reserved[] = {"id",     "class", "pos",     "bb",
                                       "lp",     "xlp",   "head_lp", "tail_lp",
                                       "layout", "rects", "lheight", "lwidth"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *erg_dot_attr_problem(char kind, const char *name, char *buf, size_t size)
{
    const char *const *names;
    size_t n;
    const char *what;
    switch (kind) {
    case 'G':
        names = graph_attrs, n = COUNT(graph_attrs), what = "graph";
        break;
    case 'N':
        names = node_attrs, n = COUNT(node_attrs), what = "node";
        break;
    case 'E':
        names = edge_attrs, n = COUNT(edge_attrs), what = "edge";
        break;
    default:
        snprintf(buf, size, "-%c is not -G, -N or -E", kind);
        return buf;
    }
    if (name == NULL || name[0] == '\0') {
        snprintf(buf, size, "-%c needs NAME=VALUE", kind);
        return buf;
    }
    for (size_t i = 0; i < COUNT(reserved); i++) {
        if (strcmp(name, reserved[i]) == 0) {
            snprintf(buf, size,
                     "-%c%s: ergraph sets '%s' itself (ids, classes and positions that links, "
                     "CSS and the layout rely on)",
                     kind, name, name);
            return buf;
        }
    }
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(name, names[i]) == 0)
            return NULL;
        size_t d = erg_text_distance(name, names[i], 2);
        if (d < best_d)
            best = names[i], best_d = d;
    }
    if (best != NULL)
        snprintf(buf, size, "-%c%s: no such %s attribute in Graphviz (did you mean '%s'?)", kind,
                 name, what, best);
    else
        snprintf(buf, size, "-%c%s: no such %s attribute in Graphviz", kind, name, what);
    return buf;
}

/* The edges that only hold the legend's rows in place. */
static bool invisible(Agedge_t *e)
{
    const char *style = agget(e, (char *)"style");
    return style != NULL && strcmp(style, "invis") == 0;
}

bool erg_gv_apply_attrs(Agraph_t *ag, const erg_drawing *d, bool graph_too)
{
    for (size_t i = 0; i < d->opts.nattrs; i++) {
        const erg_dot_attr *a = &d->opts.attrs[i];
        char *name = (char *)a->name, *value = (char *)a->value;
        if (a->kind == 'G') {
            if (!graph_too)
                continue;
            /* The default too: a cluster without a value of its own takes it. */
            Agsym_t *sym = agattr(ag, AGRAPH, name, NULL);
            if (sym == NULL && agattr(ag, AGRAPH, name, (char *)"") == NULL)
                return false;
            if (agsafeset(ag, name, value, (char *)"") != 0)
                return false;
        } else if (a->kind == 'N') {
            Agsym_t *sym = agattr(ag, AGNODE, name, NULL);
            if (sym == NULL && (sym = agattr(ag, AGNODE, name, (char *)"")) == NULL)
                return false;
            for (Agnode_t *n = agfstnode(ag); n != NULL; n = agnxtnode(ag, n)) {
                if (agxset(n, sym, value) != 0)
                    return false;
            }
        } else if (a->kind == 'E') {
            Agsym_t *sym = agattr(ag, AGEDGE, name, NULL);
            if (sym == NULL && (sym = agattr(ag, AGEDGE, name, (char *)"")) == NULL)
                return false;
            for (Agnode_t *n = agfstnode(ag); n != NULL; n = agnxtnode(ag, n)) {
                for (Agedge_t *e = agfstout(ag, n); e != NULL; e = agnxtout(ag, e)) {
                    if (!invisible(e) && agxset(e, sym, value) != 0)
                        return false;
                }
            }
        }
    }
    return true;
}
