/*
 * erg_render(): the parent's side of a layout in a child process.
 *
 * A Graphviz layout cannot be interrupted, and dot can run for minutes on a
 * graph of a few hundred nodes; Graphviz also keeps process-wide state and
 * can crash or exit() on bad luck. So the work runs in a forked child
 * (graphviz/child.c, erg_gv_child_main()), which reports through a pipe; this
 * side waits with a deadline, kills the child past it, and turns what came
 * back into diagnostics. This file calls no Graphviz function.
 *
 * Not thread-safe: fork() from a threaded program is not supported here.
 */
#include "ergraph/render.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "draw/drawing.h"
#include "render/html_page.h"
#include "render/pdfpage.h"
#include "graphviz/child_protocol.h"

/* dot's network simplex explodes on dense, non-tree graphs past about this
 * size (tests/bench/engine_caps.sh: 90 nodes / 270 edges 2.8 s, 120 / 360
 * 5.6 to 10.7 s, 240 / 720 over 30 s); past it sfdp is chosen. */
#define DOT_MAX_NODES 120
#define DOT_MAX_EDGES 300

static const char *const formats[] = {"svg", "png", "pdf", "dot", "html", "view"};
static const char *const engines[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi"};

static const char *find_name(const char *const *names, size_t count, const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < count; i++) {
        if (strcmp(names[i], name) == 0)
            return names[i];
    }
    return NULL;
}

bool erg_render_format_known(const char *format)
{
    return find_name(formats, sizeof(formats) / sizeof(formats[0]), format) != NULL;
}

bool erg_render_page_known(const char *page)
{
    return page != NULL && (strcmp(page, "none") == 0 || erg_paper_find(page) != NULL);
}

bool erg_render_engine_known(const char *engine)
{
    return find_name(engines, sizeof(engines) / sizeof(engines[0]), engine) != NULL;
}

const char *erg_render_choose_engine(size_t nodes, size_t edges, const char **why)
{
    const char *engine = "dot";
    const char *reason = "dot: small enough for a layered layout";
    if (nodes > DOT_MAX_NODES || edges > DOT_MAX_EDGES) {
        engine = "sfdp";
        reason = "sfdp: over 120 nodes or 300 edges, where dot can take minutes";
    }
    if (why != NULL)
        *why = reason;
    return engine;
}

/* Where each engine's layout passes 10 s on a 2-core machine
 * (tests/bench/engine_caps.sh on ergraph-gen graphs of 3 ties per entity:
 * dot 120 nodes 5.6 to 10.7 s, circo 50 nodes 1.3 s and 100 nodes 12.1 s,
 * neato 900 nodes 5.3 s and 1200 8.0 s, fdp 1600 3.6 s and 3200 13.0 s,
 * twopi 2000 4.7 s and 4000 16.2 s, sfdp 2800 7.7 s and 4000 12.8 s), so
 * a result this big is refused before anything runs. The edge caps are 3
 * per node, the measured graphs' own ratio. */
static const struct {
    const char *engine;
    size_t nodes, edges;
} caps[] = {{"dot", 120, 360},  {"fdp", 2400, 7200},   {"neato", 1000, 3000},
            {"circo", 60, 180}, {"twopi", 3000, 9000}, {"sfdp", 3000, 9000}};

bool erg_render_size_ok(const char *engine, size_t nodes, size_t edges, size_t max_nodes,
                        size_t *cap_nodes, size_t *cap_edges)
{
    size_t cn = caps[0].nodes, ce = caps[0].edges;
    for (size_t i = 0; engine != NULL && i < sizeof(caps) / sizeof(caps[0]); i++) {
        if (strcmp(caps[i].engine, engine) == 0) {
            cn = caps[i].nodes;
            ce = caps[i].edges;
        }
    }
    if (max_nodes > 0) {
        /* Raising the node cap raises the edge cap in proportion. */
        size_t per = ce / cn;
        ce = max_nodes > (size_t)-1 / per ? (size_t)-1 : max_nodes * per;
        cn = max_nodes;
    }
    if (cap_nodes != NULL)
        *cap_nodes = cn;
    if (cap_edges != NULL)
        *cap_edges = ce;
    return nodes <= cn && edges <= ce;
}

/* Whether advising sfdp helps: another engine is in use and the result
 * is within sfdp's cap. */
static bool sfdp_would_fit(const char *engine, size_t nodes, size_t edges)
{
    return strcmp(engine, "sfdp") != 0 && erg_render_size_ok("sfdp", nodes, edges, 0, NULL, NULL);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Who hears how long the child has been at it (render's progress). */
typedef struct child_watch {
    void (*fn)(void *arg, const char *engine, double elapsed, double limit);
    void *arg;
    const char *engine;
    double start, limit;
} child_watch;

/* Between two calls of the watcher. */
#define WATCH_PERIOD 0.2

/*
 * Reads everything the child sends into `in` until it closes the pipe or
 * the deadline passes, telling `watch` (may be NULL) at the start and
 * every WATCH_PERIOD. Returns ERG_OK, ERG_ETIMEOUT, ERG_ENOMEM or ERG_EIO.
 */
static erg_status read_child(int fd, double deadline, erg_buf *in, int *err,
                             const child_watch *watch)
{
    char chunk[65536];
    double next_watch = -INFINITY;
    for (;;) {
        double now = now_seconds();
        double left = deadline - now;
        if (left <= 0)
            return ERG_ETIMEOUT;
        if (watch != NULL && now >= next_watch) {
            watch->fn(watch->arg, watch->engine, now - watch->start, watch->limit);
            next_watch = now + WATCH_PERIOD;
        }
        if (watch != NULL && next_watch - now < left)
            left = next_watch - now;
        struct pollfd p = {fd, POLLIN, 0};
        double ms = ceil(left * 1000.0);
        int n = poll(&p, 1, ms > INT_MAX ? INT_MAX : (int)ms);
        /* A signal with a handler (the CLI's Ctrl-C) reaches the child too,
         * which then ends and closes the pipe: just wait again. */
        if (n < 0 && errno != EINTR) {
            *err = errno;
            return ERG_EIO;
        }
        if (n <= 0)
            continue;
        ssize_t got = read(fd, chunk, sizeof(chunk));
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got < 0) {
            *err = errno;
            return ERG_EIO;
        }
        if (got == 0)
            return ERG_OK;
        erg_buf_put(in, chunk, (size_t)got);
        if (in->failed)
            return ERG_ENOMEM;
    }
}

static int wait_child(pid_t pid)
{
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return status;
}

typedef struct child_report {
    char phase[8]; /* the last REC_PHASE: "" before the layout starts */
    bool failed, nomem, truncated;
    long errors;
    const char *data; /* inside the read buffer */
    size_t data_len;
    bool has_data;
    bool join;       /* DATA records are pieces of one text, joined at the buffer's start */
    const char *ink; /* the INK record's payload, inside the read buffer, or NULL */
    size_t ink_len;
} child_report;

/*
 * Forks the child for `job` and reads everything it sends into `in` until
 * it ends, or the deadline passes (it is then killed); waits for it, and
 * sets *status to its wait status (-1 unknown). Returns ERG_OK,
 * ERG_ETIMEOUT, ERG_ENOMEM (`in` could not grow), or ERG_EIO with a
 * diagnostic naming the `process`.
 */
static erg_status run_child(const erg_render_job *job, double deadline, erg_buf *in, int *status,
                            erg_diags *diags, const char *process, const child_watch *watch)
{
    int fds[2];
    *status = -1;
    if (pipe(fds) != 0) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "cannot create a pipe: %s",
                      strerror(errno));
        return ERG_EIO;
    }
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
    /* Whatever the caller buffered would otherwise be written twice if the
     * child flushed it; the child ends with _exit(), but Graphviz may call
     * exit() on some failures. */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "cannot start the %s process: %s",
                      process, strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return ERG_EIO;
    }
    if (pid == 0) {
        close(fds[0]);
        erg_gv_child_main(fds[1], job);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    int read_err = 0;
    erg_status rc = read_child(fds[0], deadline, in, &read_err, watch);
    if (rc != ERG_OK)
        kill(pid, SIGKILL);
    *status = wait_child(pid);
    close(fds[0]);
    if (rc == ERG_EIO)
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "cannot read from the %s process: %s",
                      process, strerror(read_err));
    return rc;
}

/* Walks the records; Graphviz's messages go into diags as they come. */
static void parse_records(char *p, size_t len, erg_diags *diags, child_report *rep)
{
    char *joined = p; /* rep->join: where the next DATA payload goes */
    size_t head = 1 + sizeof(uint64_t);
    while (len > 0) {
        uint64_t n;
        if (len < head) {
            rep->truncated = true;
            return;
        }
        memcpy(&n, p + 1, sizeof(n));
        if (n > len - head) {
            rep->truncated = true;
            return;
        }
        char *payload = p + head;
        switch (p[0]) {
        case ERG_REC_PHASE:
            if (n < sizeof(rep->phase)) {
                memcpy(rep->phase, payload, (size_t)n);
                rep->phase[n] = '\0';
            }
            break;
        case ERG_REC_MESSAGES: {
            long e = erg_gv_add_messages(diags, payload, (size_t)n);
            if (e < 0)
                rep->nomem = true;
            else
                rep->errors += e;
            break;
        }
        case ERG_REC_FAILED:
            rep->failed = true;
            break;
        case ERG_REC_NOMEM:
            rep->nomem = true;
            break;
        case ERG_REC_INK:
            rep->ink = payload;
            rep->ink_len = (size_t)n;
            break;
        case ERG_REC_DATA:
            if (rep->join) {
                /* Never ahead of the payload: it only moves down. */
                if (!rep->has_data)
                    rep->data = joined;
                memmove(joined, payload, (size_t)n);
                joined += n;
                rep->data_len += (size_t)n;
            } else {
                rep->data = payload;
                rep->data_len = (size_t)n;
            }
            rep->has_data = true;
            break;
        default:
            rep->truncated = true;
            return;
        }
        p += head + n;
        len -= head + n;
    }
}

/* "laying out with dot" or "rendering as png", for messages. */
static void describe_phase(char *out, size_t size, const child_report *rep, const char *engine,
                           const char *format)
{
    if (strcmp(rep->phase, "render") == 0)
        snprintf(out, size, "rendering as %s", format);
    else
        snprintf(out, size, "laying out with %s", engine);
}

/* The PDF on pages of `paper`, those with some of the ink that the child
 * reported (`ink`, ink_len bytes, may be NULL), and a note when it takes
 * several. */
static erg_status paginate(char **out, size_t *out_len, const char *pdf, size_t len,
                           const char *ink, size_t ink_len, const erg_paper *paper, double min_text,
                           erg_diags *diags)
{
    erg_page_grid grid;
    double min_scale = min_text / ERG_DRAW_FONTSIZE_MIN;
    /* Copied out of the record, which is not aligned for doubles. */
    size_t nink = ink_len / (4 * sizeof(double));
    double *boxes = NULL;
    if (ink != NULL && nink > 0) {
        if ((boxes = erg_malloc(nink * 4 * sizeof(double))) == NULL)
            return ERG_ENOMEM;
        memcpy(boxes, ink, nink * 4 * sizeof(double));
    }
    erg_status rc =
        erg_pdf_paginate(out, out_len, &grid, pdf, len, paper, min_scale, boxes, nink, diags);
    erg_free(boxes);
    if (rc != ERG_OK || grid.rows * grid.cols == 1)
        return rc;
    /* Rounded down: the text is never smaller than said. */
    double smallest = floor(ERG_DRAW_FONTSIZE_MIN * grid.scale * 10 + 1e-9) / 10;
    double one = floor(ERG_DRAW_FONTSIZE_MIN * grid.fit_scale * 100 + 1e-9) / 100;
    /* The pages of the grid with nothing drawn on them are not printed. */
    char blank[64] = "";
    size_t left_out = grid.rows * grid.cols - grid.pages;
    if (left_out > 0)
        snprintf(blank, sizeof(blank), " (%zu without any of the drawing left out)", left_out);
    if (erg_diags_add(diags, ERG_NOTE, NULL, 0, 0, NULL,
                      "the drawing takes %zu pages of %s, %zu across and %zu down%s, at %d %% "
                      "(its smallest text %.1f pt; on one page it would be %.2f pt, under the "
                      "%g pt allowed): trim them at the marks and join them",
                      grid.pages, paper->title, grid.cols, grid.rows, blank,
                      (int)floor(grid.scale * 100), smallest, one, min_text) != ERG_OK) {
        erg_free(*out);
        *out = NULL;
        *out_len = 0;
        return ERG_ENOMEM;
    }
    return ERG_OK;
}

/* What a render request asks for, checked: the names resolved and the
 * size within the engine's cap. */
typedef struct render_plan {
    const char *format;    /* one of formats[] */
    const char *gv_format; /* what Graphviz renders: "svg" for "html" */
    const char *engine;    /* one of engines[] */
    const erg_paper *paper;
    double timeout, dpi, min_text;
    size_t nodes, edges;
} render_plan;

/* Checks the request before anything runs: the format, the page, the
 * engine (chosen by size if none), the size cap and the resolution. An
 * unknown name leaves Graphviz's context broken and its message lists
 * every plugin, so the names are checked here. ERG_EUSAGE with a
 * diagnostic. */
static erg_status plan_render(render_plan *p, const erg_graph *g, const erg_selection *sel,
                              const erg_render_options *opts, erg_diags *diags)
{
    memset(p, 0, sizeof(*p));
    p->nodes = sel != NULL ? erg_selection_entity_count(sel) : erg_graph_entity_count(g);
    p->edges = sel != NULL ? erg_selection_rel_count(sel) : erg_graph_relationship_count(g);
    const char *req_format = opts != NULL && opts->format != NULL ? opts->format : "svg";
    p->format = find_name(formats, sizeof(formats) / sizeof(formats[0]), req_format);
    p->timeout = opts != NULL ? opts->timeout : 0;
    if (!(p->timeout > 0)) /* NaN too */
        p->timeout = ERG_LAYOUT_TIMEOUT_DEFAULT;
    if (p->format == NULL) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "unknown output format \"%s\" (known: svg, png, pdf, dot, html, view)",
                      req_format);
        return ERG_EUSAGE;
    }
    /* The page embeds the SVG; Graphviz never sees "html". */
    p->gv_format = strcmp(p->format, "html") == 0 ? "svg" : p->format;
    const char *page = opts != NULL ? opts->page : NULL;
    p->paper = erg_paper_find(page);
    if (page != NULL && strcmp(page, "none") != 0 && p->paper == NULL) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "unknown page size \"%s\" (known: a4, a4-landscape, a3, a3-landscape, "
                      "letter, letter-landscape, none)",
                      page);
        return ERG_EUSAGE;
    }
    if (p->paper != NULL && strcmp(p->format, "pdf") != 0) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "a page size is for PDF output, not %s",
                      p->format);
        return ERG_EUSAGE;
    }
    p->min_text = opts != NULL && opts->min_text > 0 ? opts->min_text : ERG_PAGE_MIN_TEXT;
    const char *engine = opts != NULL ? opts->engine : NULL;
    if (engine == NULL) {
        engine = erg_render_choose_engine(p->nodes, p->edges, NULL);
    } else if ((engine = find_name(engines, sizeof(engines) / sizeof(engines[0]), engine)) ==
               NULL) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "unknown layout engine \"%s\" (known: dot, neato, fdp, sfdp, circo, twopi)",
                      opts->engine);
        return ERG_EUSAGE;
    }
    p->engine = engine;
    size_t cap_nodes, cap_edges;
    if (!erg_render_size_ok(engine, p->nodes, p->edges, opts != NULL ? opts->max_nodes : 0,
                            &cap_nodes, &cap_edges)) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "%zu nodes and %zu edges are too many to lay out with %s in reasonable "
                      "time (its cap: %zu nodes, %zu edges); raise the cap%s draw less",
                      p->nodes, p->edges, engine, cap_nodes, cap_edges,
                      sfdp_would_fit(engine, p->nodes, p->edges) ? ", use sfdp, or" : " or");
        return ERG_EUSAGE;
    }
    p->dpi = opts != NULL ? opts->dpi : 0;
    if (p->dpi != 0 && strcmp(p->format, "png") != 0) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "a resolution (dpi) is for PNG output, not %s: SVG and PDF are drawn "
                      "in points and scale without loss",
                      p->format);
        return ERG_EUSAGE;
    }
    if (p->dpi != 0 && !(p->dpi >= ERG_DPI_MIN && p->dpi <= ERG_DPI_MAX)) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "a resolution of %g dpi is outside %d to %d", p->dpi, ERG_DPI_MIN,
                      ERG_DPI_MAX);
        return ERG_EUSAGE;
    }
    return ERG_OK;
}

/* The drawing options with the resolution added as Graphviz's graph
 * attribute "dpi", after any -Gdpi of the caller's: *with, whose attribute
 * array *owned the caller frees; `text` holds the value. */
static erg_status with_dpi(erg_dot_options *with, erg_dot_attr **owned, char *text, size_t size,
                           const erg_dot_options *dot_opts, double dpi)
{
    size_t n = dot_opts != NULL ? dot_opts->nattrs : 0;
    erg_dot_attr *attrs = erg_malloc((n + 1) * sizeof(*attrs));
    if (attrs == NULL)
        return ERG_ENOMEM;
    if (dot_opts != NULL)
        *with = *dot_opts;
    else
        memset(with, 0, sizeof(*with));
    if (n > 0)
        memcpy(attrs, dot_opts->attrs, n * sizeof(*attrs));
    snprintf(text, size, "%g", dpi);
    attrs[n] = (erg_dot_attr){'G', "dpi", text};
    with->attrs = attrs;
    with->nattrs = n + 1;
    *owned = attrs;
    return ERG_OK;
}

/* What the child's end means: `rc` from run_child(), its wait status and
 * its records. ERG_OK when it delivered the bytes; otherwise the error,
 * with a diagnostic that says what it was doing. */
static erg_status child_outcome(const render_plan *p, erg_status rc, int status,
                                const child_report *rep, erg_diags *diags)
{
    char what[64];
    describe_phase(what, sizeof(what), rep, p->engine, p->gv_format);
    if (rc == ERG_ETIMEOUT) {
        char stage[64];
        if (strcmp(rep->phase, "render") == 0)
            snprintf(stage, sizeof(stage), "rendering as %s", p->gv_format);
        else
            snprintf(stage, sizeof(stage), "layout with %s", p->engine);
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "%s did not finish in %g s (%zu nodes, %zu edges); try %sa smaller "
                      "selection, or a longer time limit",
                      stage, p->timeout, p->nodes, p->edges,
                      sfdp_would_fit(p->engine, p->nodes, p->edges) ? "engine sfdp, " : "");
        return ERG_ETIMEOUT;
    }
    if (rc == ERG_ENOMEM)
        return ERG_ENOMEM;
    if (status != -1 && WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
            erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "interrupted while %s", what);
            return ERG_EINTR;
        }
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "Graphviz crashed (signal %d, %s) while %s", sig, strsignal(sig), what);
        return ERG_EGRAPHVIZ;
    }
    if (rep->nomem)
        return ERG_ENOMEM;
    if (rep->errors > 0) /* Graphviz's own errors are in diags already */
        return ERG_EGRAPHVIZ;
    if (rep->failed) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "Graphviz failed while %s", what);
        return ERG_EGRAPHVIZ;
    }
    if (!rep->has_data) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "Graphviz ended (exit status %d) while %s",
                      status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1, what);
        return ERG_EGRAPHVIZ;
    }
    return ERG_OK;
}

/* The caller's bytes from what Graphviz rendered: the HTML page, the view
 * JSON, the PDF on pages, or the bytes themselves. */
static erg_status deliver(char **out, size_t *out_len, const render_plan *p, const erg_drawing *d,
                          const child_report *rep, erg_diags *diags)
{
    if (strcmp(p->format, "html") == 0)
        return erg_html_page(out, out_len, d, rep->data, rep->data_len);
    if (strcmp(p->format, "view") == 0)
        return erg_view_json(out, out_len, d, p->engine, rep->data, rep->data_len);
    if (p->paper != NULL)
        return paginate(out, out_len, rep->data, rep->data_len, rep->ink, rep->ink_len, p->paper,
                        p->min_text, diags);
    char *copy = erg_malloc(rep->data_len + 1);
    if (copy == NULL)
        return ERG_ENOMEM;
    memcpy(copy, rep->data, rep->data_len);
    copy[rep->data_len] = '\0';
    *out = copy;
    *out_len = rep->data_len;
    return ERG_OK;
}

erg_status erg_render(char **out, size_t *out_len, const char **engine_used, const erg_graph *g,
                      const erg_selection *sel, const erg_dot_options *dot_opts,
                      const erg_render_options *opts, erg_diags *diags)
{
    *out = NULL;
    *out_len = 0;
    render_plan plan;
    erg_status rc = plan_render(&plan, g, sel, opts, diags);
    if (plan.engine != NULL && engine_used != NULL)
        *engine_used = plan.engine;
    if (rc != ERG_OK)
        return rc;
    erg_dot_options dpi_opts;
    erg_dot_attr *dpi_attrs = NULL;
    char dpi_text[32];
    if (plan.dpi != 0) {
        if ((rc = with_dpi(&dpi_opts, &dpi_attrs, dpi_text, sizeof(dpi_text), dot_opts,
                           plan.dpi)) != ERG_OK)
            return rc;
        dot_opts = &dpi_opts;
    }
    erg_drawing drawing;
    rc = erg_drawing_build(&drawing, g, sel, dot_opts, diags);
    if (rc != ERG_OK) {
        erg_free(dpi_attrs);
        return rc;
    }
    erg_render_job job = {&drawing, plan.gv_format, plan.engine, plan.paper != NULL, false};
    erg_buf in = ERG_BUF_INIT;
    child_report rep = {"", false, false, false, 0, NULL, 0, false, false, NULL, 0};
    int status = -1;
    double start = now_seconds();
    child_watch watch = {opts != NULL ? opts->progress : NULL,
                         opts != NULL ? opts->progress_arg : NULL, plan.engine, start,
                         plan.timeout};
    rc = run_child(&job, start + plan.timeout, &in, &status, diags, "layout",
                   watch.fn != NULL ? &watch : NULL);
    if (rc != ERG_EIO) {
        parse_records(in.data, in.len, diags, &rep);
        rc = child_outcome(&plan, rc, status, &rep, diags);
        if (rc == ERG_OK)
            rc = deliver(out, out_len, &plan, &drawing, &rep, diags);
    }
    erg_buf_release(&in);
    erg_drawing_release(&drawing);
    erg_free(dpi_attrs);
    return rc;
}

/* ---- DOT ------------------------------------------------------------ */

erg_status erg_dot_write(char **out, size_t *out_len, const erg_graph *g, const erg_selection *sel,
                         const erg_dot_options *opts, erg_diags *diags)
{
    erg_drawing drawing;
    erg_buf in = ERG_BUF_INIT;
    child_report rep = {"", false, false, false, 0, NULL, 0, false, false, NULL, 0};
    *out = NULL;
    *out_len = 0;
    erg_status rc = erg_drawing_build(&drawing, g, sel, opts, diags);
    if (rc != ERG_OK)
        return rc;
    erg_render_job job = {&drawing, "dot", NULL, false, true};
    int status = -1;
    /* No deadline: writing DOT always ends. */
    rc = run_child(&job, INFINITY, &in, &status, diags, "DOT writer's", NULL);
    erg_drawing_release(&drawing);
    if (rc != ERG_OK)
        goto done;
    /* The DATA records joined in place, each moved down over the headers
     * before it: the text is never copied whole. */
    rep.join = true;
    parse_records(in.data, in.len, diags, &rep);
    if (status != -1 && WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
            rc = ERG_EINTR;
            erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "interrupted while writing DOT");
        } else {
            /* cgraph uses a failed allocation's NULL (agstrdup() after
             * agalloc()): out of memory is how it ends. */
            rc = ERG_ENOMEM;
        }
        goto done;
    }
    if (rep.nomem) {
        rc = ERG_ENOMEM;
        goto done;
    }
    if (rep.failed || rep.errors > 0 || rep.truncated || !rep.has_data || status != 0) {
        rc = ERG_EGRAPHVIZ;
        if (rep.errors == 0)
            erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "Graphviz could not write the graph");
        goto done;
    }
    *out_len = rep.data_len;
    in.len = rep.data_len;
    if ((*out = erg_buf_detach(&in)) == NULL) {
        *out_len = 0;
        rc = ERG_ENOMEM;
        goto done;
    }
    rc = ERG_OK;
done:
    erg_buf_release(&in);
    return rc;
}
