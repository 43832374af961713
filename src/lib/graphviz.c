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
#include "render_child.h"
#include "text.h"

/* A message longer than this is cut: Graphviz can quote a whole label. */
#define MESSAGE_MAX 300

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

/*
 * Adds one diagnostic per line of Graphviz's message text: "Error: ..." an
 * error, "Warning: ..." a warning, any other line the same as the line
 * before it. Returns the number of errors, or -1 when out of memory.
 */
long erg_gv_add_messages(erg_diags *diags, const char *text, size_t len)
{
    long errors = 0;
    erg_severity severity = ERG_WARNING;
    erg_buf line = ERG_BUF_INIT;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        const char *s = text + i;
        size_t n = end - i;
        i = end + 1;
        if (n >= 7 && memcmp(s, "Error: ", 7) == 0) {
            severity = ERG_ERROR;
            s += 7, n -= 7;
        } else if (n >= 9 && memcmp(s, "Warning: ", 9) == 0) {
            severity = ERG_WARNING;
            s += 9, n -= 9;
        }
        /* An unknown engine or format brings the whole plugin list along. */
        for (size_t k = 0; k + 11 <= n; k++) {
            if (memcmp(s + k, "Use one of:", 11) == 0) {
                n = k;
                break;
            }
        }
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
            n--;
        if (n == 0)
            continue;
        bool cut = n > MESSAGE_MAX;
        if (cut) {
            n = MESSAGE_MAX;
            while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
                n--; /* not inside a UTF-8 sequence */
        }
        line.len = 0;
        erg_buf_puts(&line, "Graphviz: ");
        for (size_t k = 0; k < n; k++) {
            if ((unsigned char)s[k] >= 0x20 || s[k] == '\t')
                erg_buf_putc(&line, s[k]);
        }
        if (cut)
            erg_buf_puts(&line, "...");
        if (line.failed ||
            erg_diags_add(diags, severity, NULL, 0, 0, NULL, "%s", line.data) != ERG_OK) {
            errors = -1;
            break;
        }
        if (severity == ERG_ERROR)
            errors++;
    }
    erg_buf_release(&line);
    return errors;
}

/* ---- Building the graph --------------------------------------------- */

/* The length of the well-formed UTF-8 sequence at s, or 0. */
static size_t utf8_len(const char *s, size_t avail)
{
    unsigned char c = (unsigned char)s[0];
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || n > avail || !erg_text_valid_utf8(s, n))
        return 0;
    return n;
}

/*
 * Appends `s` as a plain Graphviz label that draws every character as
 * itself. Graphviz first expands \N \G \E \T \H \L in a label, then decodes
 * HTML entities, then turns \n \l \r into line breaks and \x into x. So a
 * backslash is doubled and & written &amp;; a line break (LF, CR or CRLF)
 * becomes \n; a tab stays (drawn as a wide space, and the SVG keeps it);
 * other C0 controls are dropped (they make the SVG ill-formed XML) and
 * ill-formed UTF-8 becomes U+FFFD (Graphviz would draw it as Latin-1). Quotes need nothing:
 * agwrite() escapes them, and doubling the backslashes keeps a trailing backslash from escaping the
 * closing quote. With `underscores`, '_' is drawn as a space (relationship
 * types).
 */
static void put_label(erg_buf *b, const char *s, bool underscores)
{
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t n = utf8_len(s + i, len - i);
            if (n == 0) {
                erg_buf_puts(b, "\xEF\xBF\xBD");
                i++;
            } else {
                erg_buf_put(b, s + i, n);
                i += n;
            }
            continue;
        }
        i++;
        if (c == '\\')
            erg_buf_puts(b, "\\\\");
        else if (c == '&')
            erg_buf_puts(b, "&amp;");
        else if (c == '\n')
            erg_buf_puts(b, "\\n");
        else if (c == '\r') {
            erg_buf_puts(b, "\\n");
            if (i < len && s[i] == '\n')
                i++;
        } else if (c == '_' && underscores)
            erg_buf_putc(b, ' ');
        else if (c >= 0x20 || c == '\t')
            erg_buf_putc(b, (char)c);
    }
}

/*
 * Appends `s` with spaces turned into line breaks so that no line is longer
 * than `width` characters where a space allows. A long title (several
 * files' titles joined) would otherwise set the width of the whole drawing.
 */
static void wrap_text(erg_buf *b, const char *s, size_t width)
{
    size_t line = 0; /* characters on the current line */
    while (*s != '\0') {
        size_t word = strcspn(s, " \n");
        size_t chars = erg_text_char_count(s, word);
        if (line > 0 && line + chars > width) {
            b->data[b->len - 1] = '\n'; /* the space before this word */
            line = 0;
        }
        erg_buf_put(b, s, word);
        line += chars;
        s += word;
        if (*s != '\0') {
            erg_buf_putc(b, *s);
            line = *s == '\n' ? 0 : line + 1;
            s++;
        }
        if (b->failed)
            return;
    }
}

/* Graphviz's prototypes take char * for strings it only copies. */
static Agsym_t *declare(Agraph_t *ag, int kind, const char *name, const char *value)
{
    return agattr(ag, kind, (char *)name, (char *)value);
}

/*
 * The defaults of a readable diagram of a few dozen nodes. Declared with
 * agattr() before any object gets a value: a value set on an object for an
 * undeclared attribute declares its default as "", which for "label" would
 * blank every other node (see the notes), and declaring everything up front
 * makes agwrite()'s output the same whether or not a GVC_t exists.
 */
typedef struct syms {
    Agsym_t *node_label, *shape, *style, *fillcolor, *color;
    Agsym_t *edge_label, *dir;
} syms;

static bool declare_defaults(Agraph_t *ag, const char *title, syms *s)
{
    erg_buf b = ERG_BUF_INIT;
    bool ok = true;
    /* Graph. Left to right: news graphs are shallow and wide (a few heads,
     * many ties), and horizontal ranks leave room for long names. */
    ok = ok && declare(ag, AGRAPH, "fontname", "Helvetica");
    ok = ok && declare(ag, AGRAPH, "rankdir", "LR");
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
        wrap_text(&wrapped, title, 90);
        ok = !wrapped.failed;
        if (ok)
            put_label(&b, wrapped.data, false);
        erg_buf_release(&wrapped);
        ok = ok && !b.failed && declare(ag, AGRAPH, "label", b.len > 0 ? b.data : "");
        ok = ok && declare(ag, AGRAPH, "labelloc", "t");
        ok = ok && declare(ag, AGRAPH, "fontsize", "16");
    }
    /* Nodes. */
    ok = ok && (s->node_label = declare(ag, AGNODE, "label", "\\N")) != NULL;
    ok = ok && declare(ag, AGNODE, "fontname", "Helvetica");
    ok = ok && declare(ag, AGNODE, "fontsize", "11");
    ok = ok && declare(ag, AGNODE, "margin", "0.12,0.04");
    ok = ok && declare(ag, AGNODE, "height", "0.4");
    ok = ok && (s->shape = declare(ag, AGNODE, "shape", "box")) != NULL;
    ok = ok && (s->style = declare(ag, AGNODE, "style", "filled")) != NULL;
    ok = ok && (s->fillcolor = declare(ag, AGNODE, "fillcolor", "#FFFFFF")) != NULL;
    ok = ok && (s->color = declare(ag, AGNODE, "color", "#999999")) != NULL;
    /* Edges: a dark grey, lighter than the node text, so names stand out. */
    ok = ok && (s->edge_label = declare(ag, AGEDGE, "label", "")) != NULL;
    ok = ok && (s->dir = declare(ag, AGEDGE, "dir", "forward")) != NULL;
    ok = ok && declare(ag, AGEDGE, "fontname", "Helvetica");
    ok = ok && declare(ag, AGEDGE, "fontsize", "9");
    ok = ok && declare(ag, AGEDGE, "color", "#555555");
    ok = ok && declare(ag, AGEDGE, "fontcolor", "#333333");
    ok = ok && declare(ag, AGEDGE, "arrowsize", "0.7");
    ok = ok && declare(ag, AGEDGE, "len", "1.6");
    erg_buf_release(&b);
    return ok;
}

static bool set_label(void *obj, Agsym_t *sym, erg_buf *b, const char *text, bool underscores)
{
    b->len = 0;
    put_label(b, text, underscores);
    return !b->failed && agxset(obj, sym, b->len > 0 ? b->data : (char *)"") == 0;
}

static bool set_style(Agnode_t *n, const syms *s, const char *type)
{
    const erg_node_style *st = erg_style_for_type(type);
    return agxset(n, s->shape, (char *)st->shape) == 0 &&
           agxset(n, s->style, (char *)st->style) == 0 &&
           agxset(n, s->fillcolor, (char *)st->fillcolor) == 0 &&
           agxset(n, s->color, (char *)st->color) == 0;
}

/*
 * A cgraph digraph of the selection: node "nI" for entity I-1 (names made
 * here, never from user text), parallel edges kept, undirected ties without
 * arrowheads. Returns ERG_ENOMEM when Graphviz or the library runs out.
 * Time complexity: O(entities + relationships).
 */
static erg_status build_graph(Agraph_t **out, const erg_graph *g, const erg_selection *sel,
                              const erg_dot_options *opts, Agdisc_t *disc)
{
    erg_status rc = ERG_ENOMEM;
    erg_buf b = ERG_BUF_INIT;
    Agnode_t **nodes = NULL;
    size_t ne = erg_graph_entity_count(g), nr = erg_graph_relationship_count(g);
    syms s;
    *out = NULL;

    Agraph_t *ag = agopen((char *)"ergraph", Agdirected, disc);
    if (ag == NULL)
        goto done;
    const char *title = opts != NULL && opts->title != NULL ? opts->title : erg_graph_title(g);
    if (!declare_defaults(ag, title, &s))
        goto done;
    nodes = erg_calloc(ne ? ne : 1, sizeof(*nodes));
    if (nodes == NULL)
        goto done;
    for (size_t e = 0; e < ne; e++) {
        if (sel != NULL && !erg_selection_has_entity(sel, e))
            continue;
        char name[32];
        snprintf(name, sizeof(name), "n%zu", e + 1);
        Agnode_t *n = agnode(ag, name, 1);
        if (n == NULL || !set_label(n, s.node_label, &b, erg_entity_name(g, e), false) ||
            !set_style(n, &s, erg_entity_type(g, e)))
            goto done;
        nodes[e] = n;
    }
    for (size_t r = 0; r < nr; r++) {
        if (sel != NULL && !erg_selection_has_rel(sel, r))
            continue;
        Agnode_t *t = nodes[erg_rel_from(g, r)], *h = nodes[erg_rel_to(g, r)];
        if (t == NULL || h == NULL)
            continue; /* a selection keeps both ends; this is only a guard */
        /* No name: in a non-strict graph every call makes a new edge. */
        Agedge_t *edge = agedge(ag, t, h, NULL, 1);
        if (edge == NULL)
            goto done;
        const char *label = erg_rel_label(g, r);
        bool ok = label != NULL ? set_label(edge, s.edge_label, &b, label, false)
                                : set_label(edge, s.edge_label, &b, erg_rel_type(g, r), true);
        if (!ok || (!erg_rel_directed(g, r) && agxset(edge, s.dir, (char *)"none") != 0))
            goto done;
    }
    *out = ag;
    ag = NULL;
    rc = ERG_OK;
done:
    if (ag != NULL)
        agclose(ag);
    erg_free(nodes);
    erg_buf_release(&b);
    return rc;
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
    Agdisc_t disc = {&AgMemDisc, &AgIdDisc, &buf_io};
    Agraph_t *ag = NULL;
    capture cap;
    *out = NULL;
    *out_len = 0;

    capture_begin(&cap);
    rc = build_graph(&ag, g, sel, opts, &disc);
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

/*
 * The child: lays out and renders, reports, and ends with _exit() so that
 * nothing of the parent's (stdio buffers, atexit handlers) runs twice.
 * Nothing is freed but the render data: the process is about to end.
 */
void erg_gv_child_main(int fd, const erg_render_job *job)
{
    int status = 1;
    char *data = NULL;
    unsigned int len = 0;
    capture cap;

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
    /* The context first: it declares the prototype's default attributes
     * before the graph exists (the notes, "Declaring attributes"). */
    GVC_t *gvc = gvContext();
    Agraph_t *ag = NULL;
    if (gvc == NULL || build_graph(&ag, job->g, job->sel, job->dot_opts, NULL) != ERG_OK) {
        status = send_record(fd, ERG_REC_NOMEM, NULL, 0) ? 0 : 1;
        goto done;
    }
    if (!send_record(fd, ERG_REC_PHASE, "layout", 6))
        goto done;
    /* Invalid input is seen only through agerrors(): gvLayout() may still
     * return 0. */
    int rc = gvLayout(gvc, ag, job->engine);
    bool failed = rc != 0 || agerrors() > 0;
    if (!send_messages(fd))
        goto done;
    if (failed) {
        status = send_record(fd, ERG_REC_FAILED, NULL, 0) ? 0 : 1;
        goto done;
    }
    if (!send_record(fd, ERG_REC_PHASE, "render", 6))
        goto done;
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
    _exit(status);
}
