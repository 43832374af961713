/*
 * The Graphviz module's render, in the child process that erg_render()
 * (render.c) forks: lays the graph out, renders it with a fresh context
 * and reports through a pipe (graphviz/child_protocol.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
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

#include "util/alloc.h"
#include "util/buf.h"
#include "util/text.h"
#include "draw/dotlabel.h"
#include "draw/drawing.h"
#include "graphviz/graphviz_impl.h"
#include "draw/labels.h"
#include "graphviz/child_protocol.h"

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
    const erg_buf *m = erg_gv_messages();
    if (m->len > 0)
        ok = send_record(fd, ERG_REC_MESSAGES, m->data, m->len);
    erg_gv_messages_clear();
    return ok;
}

static bool copy_shifted(void *to, void *from, const char *name, double dx, double dy)
{
    const char *v = agget(from, (char *)name);
    if (v == NULL || v[0] == '\0')
        return true;
    erg_buf b = ERG_BUF_INIT;
    erg_dot_shift_coords(&b, v, dx, dy);
    bool ok = erg_gv_set_buf(to, name, &b);
    erg_buf_release(&b);
    return ok;
}

static bool copy_attr(void *to, void *from, const char *name)
{
    const char *v = agget(from, (char *)name);
    return v == NULL || erg_gv_set(to, name, v);
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
    if (!read_bb(ag, main_bb) || !erg_gv_add_annex(ag, d))
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
            if (!erg_gv_set(m, "pos", pos))
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
    const char *title = erg_gv_drawing_title(d);
    if (title == NULL || title[0] == '\0')
        return true;
    erg_buf wrapped = ERG_BUF_INIT, b = ERG_BUF_INIT;
    erg_dot_wrap(&wrapped, title, 90);
    if (!wrapped.failed)
        erg_dot_put_label(&b, wrapped.data, false);
    bool ok = !wrapped.failed && erg_gv_set_buf(ag, "label", &b) &&
              erg_gv_set(ag, "labelloc", "t") && erg_gv_set(ag, "fontsize", FONTSIZE_TITLE);
    erg_buf_release(&wrapped);
    erg_buf_release(&b);
    return ok;
}

/* A JSON string of an element id that the drawing made. */
static void json_id(erg_buf *b, const char *id)
{
    erg_text_put_json(b, id, strlen(id), false);
}

/* "x,y" (a point of a pos or lp attribute) as a JSON array; p moves past it. */
static bool json_point(erg_buf *b, const char **p)
{
    char *end;
    double x = strtod(*p, &end);
    if (end == *p || *end != ',')
        return false;
    const char *q = end + 1;
    double y = strtod(q, &end);
    if (end == q)
        return false;
    erg_buf_printf(b, "[%.2f,%.2f]", x, y);
    *p = end;
    return true;
}

/*
 * The layout's coordinates of a laid-out graph (its pos, lp, width,
 * height and bb attributes, attached by a "dot" render) as the JSON object
 * of the "view" format: the bounding box, each entity's node by its
 * element id (centre, width and height in points), each tie's edge by its
 * element id (the spline's control points, its arrowheads' tips, its
 * label's centre). Graphviz's coordinates: points, y upwards.
 */
static bool layout_json(Agraph_t *ag, erg_buf *b)
{
    double bb[4] = {0, 0, 0, 0};
    read_bb(ag, bb);
    erg_buf_printf(b, "{\"bb\":[%.2f,%.2f,%.2f,%.2f],\"nodes\":{", bb[0], bb[1], bb[2], bb[3]);
    bool first = true;
    for (Agnode_t *n = agfstnode(ag); n != NULL; n = agnxtnode(ag, n)) {
        const char *id = agget(n, (char *)"id");
        const char *pos = agget(n, (char *)"pos");
        if (id == NULL || strncmp(id, "e-", 2) != 0 || pos == NULL)
            continue;
        erg_buf_puts(b, first ? "" : ",");
        first = false;
        json_id(b, id);
        double x = 0, y = 0;
        if (sscanf(pos, "%lf,%lf", &x, &y) != 2)
            return false;
        double w = 72.0 * strtod(agget(n, (char *)"width"), NULL);
        double h = 72.0 * strtod(agget(n, (char *)"height"), NULL);
        erg_buf_printf(b, ":{\"x\":%.2f,\"y\":%.2f,\"width\":%.2f,\"height\":%.2f}", x, y, w, h);
    }
    erg_buf_puts(b, "},\"edges\":{");
    first = true;
    for (Agnode_t *n = agfstnode(ag); n != NULL; n = agnxtnode(ag, n)) {
        for (Agedge_t *e = agfstout(ag, n); e != NULL; e = agnxtout(ag, e)) {
            const char *id = agget(e, (char *)"id");
            const char *pos = agget(e, (char *)"pos");
            if (id == NULL || strncmp(id, "r-", 2) != 0 || pos == NULL)
                continue;
            erg_buf_puts(b, first ? "" : ",");
            first = false;
            json_id(b, id);
            erg_buf_puts(b, ":{\"spline\":[");
            const char *p = pos, *tip[2] = {NULL, NULL};
            bool any = false;
            /* "e,x,y s,x,y x,y x,y ...": only the first spline (of ';'). */
            while (*p != '\0' && *p != ';') {
                while (*p == ' ')
                    p++;
                if ((*p == 'e' || *p == 's') && p[1] == ',') {
                    tip[*p == 's'] = p + 2;
                    p += 2;
                    erg_buf tmp = ERG_BUF_INIT;
                    bool ok = json_point(&tmp, &p);
                    erg_buf_release(&tmp);
                    if (!ok)
                        return false;
                    continue;
                }
                if (*p == '\0' || *p == ';')
                    break;
                erg_buf_puts(b, any ? "," : "");
                any = true;
                if (!json_point(b, &p))
                    return false;
            }
            erg_buf_puts(b, "]");
            for (int k = 0; k < 2; k++) {
                erg_buf_puts(b, k ? ",\"arrow_start\":" : ",\"arrow_end\":");
                const char *t = tip[k];
                if (t == NULL)
                    erg_buf_puts(b, "null");
                else if (!json_point(b, &t))
                    return false;
            }
            const char *lp = agget(e, (char *)"lp");
            erg_buf_puts(b, ",\"label\":");
            if (lp == NULL || lp[0] == '\0')
                erg_buf_puts(b, "null");
            else if (!json_point(b, &lp))
                return false;
            erg_buf_puts(b, "}");
        }
    }
    erg_buf_puts(b, "}}");
    return true;
}

/* agwrite()'s output in the DOT writer's process: DATA records of up to
 * ERG_DOT_CHUNK bytes, so that the text is never whole on this side. */
typedef struct dot_sink {
    int fd;
    erg_buf chunk;
    erg_gv_long_ids ids; /* every name, whatever its length, read back */
    bool nomem, broken;
} dot_sink;

static bool sink_flush(dot_sink *k)
{
    if (k->chunk.len > 0 && !send_record(k->fd, ERG_REC_DATA, k->chunk.data, k->chunk.len))
        k->broken = true;
    k->chunk.len = 0;
    return !k->broken;
}

static int sink_putstr(void *chan, const char *str)
{
    dot_sink *k = chan;
    erg_gv_long_ids_put(&k->ids, &k->chunk, str, strlen(str));
    if (k->chunk.failed) {
        k->nomem = true;
        return EOF;
    }
    return k->chunk.len < ERG_DOT_CHUNK || sink_flush(k) ? 0 : EOF;
}

static int sink_noflush(void *chan)
{
    (void)chan;
    return 0;
}

static int sink_noread(void *chan, char *buf, int bufsize)
{
    (void)chan, (void)buf, (void)bufsize;
    return 0;
}

/* The DOT writer: the graph built and written here, where cgraph's
 * unchecked allocations (agstrdup() after a failed agalloc()) can only
 * end this process. */
static _Noreturn void dot_main(int fd, const erg_render_job *job)
{
    static Agiodisc_t io = {sink_noread, sink_putstr, sink_noflush};
    dot_sink sink = {fd, ERG_BUF_INIT, ERG_GV_LONG_IDS_INIT, false, false};
    erg_gv_capture cap;
    erg_gv_capture_begin(&cap);
    erg_status rc = erg_gv_dot_to(job->drawing, &io, &sink);
    erg_gv_long_ids_end(&sink.ids, &sink.chunk);
    sink.nomem = sink.nomem || sink.chunk.failed;
    if (sink.broken || !send_messages(fd))
        _exit(1);
    if (sink.nomem || rc == ERG_ENOMEM)
        _exit(send_record(fd, ERG_REC_NOMEM, NULL, 0) ? 0 : 1);
    if (rc != ERG_OK)
        _exit(send_record(fd, ERG_REC_FAILED, NULL, 0) ? 0 : 1);
    _exit(sink_flush(&sink) ? 0 : 1);
}

/* The child's own process state: default signal handlers (the parent's,
 * a CLI removing its temporary file on SIGINT, are not the child's
 * business; a Ctrl-C should simply end it), death with the parent, and
 * standard output to /dev/null. False when that cannot be had. */
static bool child_setup(void)
{
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
        return false;
    close(null_fd);
    return true;
}

/*
 * The legend and sources block beside the graph *ag, laid out already: the
 * annex laid out alone with dot, then both read back with positions
 * (*text, the graph's DOT, freed by the caller), the annex placed, and the
 * whole fixed with nop2 into a new *ag. False when a step failed.
 */
static bool add_annex(GVC_t *gvc, Agraph_t **ag, char **text, const erg_render_job *job)
{
    const erg_drawing *d = job->drawing;
    bool failed = !positions(gvc, *ag, text);
    /* Left as it is, not freed: gvFreeLayout() after dot laid out
     * clusters frees a block twice in 2.42 (seen with --cluster
     * country), and this process ends after the render anyway. */
    *ag = NULL;
    Agraph_t *lg = child_graphs[1] = erg_gv_open_graph("legend", NULL);
    failed = failed || lg == NULL || !erg_gv_declare_defaults(lg, d, NULL) ||
             !erg_gv_set(lg, "rankdir", "TB") || !erg_gv_set(lg, "nodesep", "0.25") ||
             !erg_gv_set(lg, "ranksep", "0.15") || !erg_gv_add_annex(lg, d) ||
             !erg_gv_apply_attrs(lg, d, false);
    failed = failed || gvLayout(gvc, lg, "dot") != 0 || agerrors() > 0;
    char *ignored = NULL;
    failed = failed || !positions(gvc, lg, &ignored);
    if (ignored != NULL)
        gvFreeRenderData(ignored);
    failed = failed || (*ag = child_graphs[2] = erg_gv_read_graph(*text)) == NULL ||
             !place_annex(*ag, lg, d) || !set_title(*ag, d) ||
             (job->bare && !erg_gv_set(*ag, "labeljust", "l")) || !erg_gv_apply_attrs(*ag, d, true);
    failed = failed || gvLayout(gvc, *ag, "nop2") != 0 || agerrors() > 0;
    return !failed;
}

/* ---- Where the drawing has ink (a paged PDF) ------------------------ */

/* Boxes of what is drawn, in the PDF's points: Graphviz's less the graph's
 * lower left corner (margin and pad are 0 for a paged PDF, so cairo's page
 * is the bounding box). */
typedef struct ink {
    erg_buf boxes; /* 4 doubles a box */
    double llx, lly;
} ink;

static void ink_box(ink *k, double x0, double y0, double x1, double y1)
{
    double v[4] = {fmin(x0, x1) - k->llx, fmin(y0, y1) - k->lly, fmax(x0, x1) - k->llx,
                   fmax(y0, y1) - k->lly};
    erg_buf_put(&k->boxes, v, sizeof(v));
}

static void ink_label(ink *k, const textlabel_t *l)
{
    if (l != NULL && l->set)
        ink_box(k, l->pos.x - l->dimen.x / 2, l->pos.y - l->dimen.y / 2, l->pos.x + l->dimen.x / 2,
                l->pos.y + l->dimen.y / 2);
}

/* Steps along each Bezier piece: boxes of the chords, close to the curve
 * (the control points' box of a bent edge covers pages it never enters). */
#define INK_STEPS 8

static void ink_bezier(ink *k, const bezier *bz)
{
    for (int i = 0; i + 3 < bz->size; i += 3) {
        const pointf *p = bz->list + i;
        pointf prev = p[0];
        for (int j = 1; j <= INK_STEPS; j++) {
            double t = (double)j / INK_STEPS, u = 1 - t;
            double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
            pointf q = {a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
                        a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y};
            ink_box(k, prev.x, prev.y, q.x, q.y);
            prev = q;
        }
    }
    /* The arrowheads: from the spline's end to the tip. */
    if (bz->size > 0 && bz->sflag)
        ink_box(k, bz->list[0].x, bz->list[0].y, bz->sp.x, bz->sp.y);
    if (bz->size > 0 && bz->eflag)
        ink_box(k, bz->list[bz->size - 1].x, bz->list[bz->size - 1].y, bz->ep.x, bz->ep.y);
}

/* A cluster's border (its inside is ink only through what it holds) and
 * its label, and those of the clusters inside it. */
static void ink_clusters(ink *k, Agraph_t *g)
{
    for (int i = 1; i <= GD_n_cluster(g); i++) {
        Agraph_t *sg = GD_clust(g)[i];
        boxf bb = GD_bb(sg);
        ink_box(k, bb.LL.x, bb.LL.y, bb.UR.x, bb.LL.y);
        ink_box(k, bb.LL.x, bb.UR.y, bb.UR.x, bb.UR.y);
        ink_box(k, bb.LL.x, bb.LL.y, bb.LL.x, bb.UR.y);
        ink_box(k, bb.UR.x, bb.LL.y, bb.UR.x, bb.UR.y);
        ink_label(k, GD_label(sg));
        ink_clusters(k, sg);
    }
}

/* Sends the boxes of everything drawn of the laid-out *ag: nodes, edges'
 * curves and arrowheads, their labels, the title, the clusters' borders
 * and labels. False when the pipe failed; out of memory, nothing is sent
 * (every page is printed then). */
static bool send_ink(int fd, Agraph_t *ag)
{
    ink k = {ERG_BUF_INIT, GD_bb(ag).LL.x, GD_bb(ag).LL.y};
    for (Agnode_t *n = agfstnode(ag); n != NULL; n = agnxtnode(ag, n)) {
        double w = ND_width(n) * 36, h = ND_height(n) * 36; /* half, in points */
        ink_box(&k, ND_coord(n).x - w, ND_coord(n).y - h, ND_coord(n).x + w, ND_coord(n).y + h);
        ink_label(&k, ND_xlabel(n));
        for (Agedge_t *e = agfstout(ag, n); e != NULL; e = agnxtout(ag, e)) {
            for (int i = 0; ED_spl(e) != NULL && i < ED_spl(e)->size; i++)
                ink_bezier(&k, &ED_spl(e)->list[i]);
            ink_label(&k, ED_label(e));
            ink_label(&k, ED_head_label(e));
            ink_label(&k, ED_tail_label(e));
            ink_label(&k, ED_xlabel(e));
        }
    }
    ink_label(&k, GD_label(ag));
    ink_clusters(&k, ag);
    bool ok = k.boxes.failed || send_record(fd, ERG_REC_INK, k.boxes.data, k.boxes.len);
    erg_buf_release(&k.boxes);
    return ok;
}

/* The view's answer: the layout's coordinates as JSON (the "dot" render,
 * into *data, attaches them as attributes). The child's exit status. */
static int send_view(int fd, GVC_t *gvc, Agraph_t *ag, char **data)
{
    erg_buf json = ERG_BUF_INIT;
    bool failed = !positions(gvc, ag, data) || !layout_json(ag, &json);
    if (!send_messages(fd))
        return 1;
    if (json.failed)
        return send_record(fd, ERG_REC_NOMEM, NULL, 0) ? 0 : 1;
    if (failed ? !send_record(fd, ERG_REC_FAILED, NULL, 0)
               : !send_record(fd, ERG_REC_DATA, json.data, json.len))
        return 1;
    return 0;
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
    erg_gv_capture cap;
    const erg_drawing *d = job->drawing;

    if (!child_setup())
        goto done;
    if (job->dot_only)
        dot_main(fd, job);

    erg_gv_capture_begin(&cap);
    /* The view's coordinates are the graph's: no legend, no sources block. */
    bool view = strcmp(job->format, "view") == 0;
    bool annex = !view && d->nodes > 0 &&
                 (!d->opts.no_legend || (d->opts.citations != ERG_CITE_NONE && d->ncited > 0));
    /* The context first: it declares the prototype's default attributes
     * before the graph exists (the notes, "Declaring attributes"). */
    GVC_t *gvc = gvContext();
    Agraph_t *ag = NULL;
    if (gvc == NULL ||
        erg_gv_build_graph(&child_graphs[0], d, annex ? NULL : erg_gv_drawing_title(d), false,
                           NULL) != ERG_OK) {
        status = send_record(fd, ERG_REC_NOMEM, NULL, 0) ? 0 : 1;
        goto done;
    }
    ag = child_graphs[0];
    /* On pages, the title left-justified: on the first page of a poster.
     * Read by the layout that places the title (this one, or the one after
     * the annex). */
    if (job->bare && !erg_gv_set(ag, "labeljust", "l")) {
        status = send_record(fd, ERG_REC_NOMEM, NULL, 0) ? 0 : 1;
        goto done;
    }
    if (!send_record(fd, ERG_REC_PHASE, "layout", 6))
        goto done;
    /* Invalid input is seen only through agerrors(): gvLayout() may still
     * return 0. */
    int rc = gvLayout(gvc, ag, job->engine);
    bool failed = rc != 0 || agerrors() > 0;
    if (!failed && annex)
        failed = !add_annex(gvc, &ag, &text, job);
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
    if (job->bare && (!erg_gv_set(ag, "margin", "0") || !erg_gv_set(ag, "pad", "0"))) {
        status = send_record(fd, ERG_REC_NOMEM, NULL, 0) ? 0 : 1;
        goto done;
    }
    if (view) {
        status = send_view(fd, gvc, ag, &data);
        goto done;
    }
    rc = gvRenderData(gvc, ag, job->format, &data, &len);
    failed = rc != 0 || agerrors() > 0;
    if (!send_messages(fd) || (!failed && job->bare && !send_ink(fd, ag)))
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
