/* The commands that draw a graph: dot and render. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "filter_opts.h"

#define DRAW_HELP                                                                                  \
    "Drawing:\n"                                                                                   \
    "      --no-legend           leave out the legend of entity types and edge styles\n"           \
    "      --citations none|numbers|full\n"                                                        \
    "                            source numbers on each tie and a sources block\n"                 \
    "                            (default numbers); full adds each quote, shortened\n"             \
    "      --no-merge            draw every relationship as its own edge (default: one\n"          \
    "                            edge per type between a pair, wider with more sources)\n"         \
    "      --cluster country|type|none\n"                                                          \
    "                            box each country's people, agencies and organizations,\n"         \
    "                            or each entity type (default none)\n"                             \
    "      --wrap N              wrap names and labels at N characters (default 18;\n"             \
    "                            0: never)\n"                                                      \
    "      --theme FILE          colours, shapes and fonts per entity type (see the README)\n"     \
    "  -G, -N, -E NAME=VALUE     a Graphviz attribute of the graph, of every node or of\n"         \
    "                            every edge, as dot takes them, over ergraph's own\n"              \
    "                            (-Nfontname=Serif; -Gbgcolor=transparent); repeatable\n"

static const char dot_help[] =
    "Usage: ergraph dot [OPTIONS] FILE...\n"
    "\n"
    "Writes the graph as Graphviz DOT text (no layout), deterministically:\n"
    "the same input gives the same bytes.\n"
    "\n"
    "  -o, --output FILE   write to FILE (replaced only once complete) instead of\n"
    "                      standard output\n"
    "      --title TEXT    the diagram's title (default: the files' title when\n"
    "                      they share one, else \"N sources\")\n"
    "      --strict        treat warnings in the input as errors\n"
    "  -h, --help          show this help\n"
    "\n" DRAW_HELP "\n" CLI_FILTER_HELP;

static const char render_help[] =
    "Usage: ergraph render [OPTIONS] FILE...\n"
    "\n"
    "Lays the graph out and renders it with Graphviz.\n"
    "\n"
    "  -T, --format FMT          svg, png, pdf, dot (with positions), html (one\n"
    "                            self-contained interactive page), or view (JSON: the\n"
    "                            data and the layout's coordinates); by default the\n"
    "                            output's extension decides (.svg .png .pdf .html\n"
    "                            .dot .gv), else svg; -T and an extension that\n"
    "                            disagree are an error\n"
    "  -K, --engine ENGINE       dot, neato, fdp, sfdp, circo or twopi; by default\n"
    "                            dot for small graphs and sfdp for large ones\n"
    "      --layout-timeout SEC  stop a layout that runs longer (default 60)\n"
    "      --max-nodes N         lay out up to N nodes (default: the engine's cap,\n"
    "                            dot 120, sfdp 3000; see the README)\n"
    "      --dpi N               PNG only: pixels per inch (default 96; 36 to 1200);\n"
    "                            SVG and PDF are in points and scale without loss\n"
    "      --page PAPER          a PDF for print on a4, a4-landscape, a3,\n"
    "                            a3-landscape, letter or letter-landscape: one page\n"
    "                            when its smallest text stays --min-text or more,\n"
    "                            else a poster of pages labelled A1, A2, ... (default\n"
    "                            none: one page of the drawing's size)\n"
    "      --min-text PT         with --page: the smallest text one page may have\n"
    "                            (default 6)\n"
    "  -o, --output FILE         write to FILE (replaced only once complete) instead\n"
    "                            of standard output\n"
    "      --title TEXT          the diagram's title (default: the files' title when\n"
    "                            they share one, else \"N sources\")\n"
    "      --strict              treat warnings in the input as errors\n"
    "  -q, --quiet               do not say which layout engine was chosen\n"
    "  -h, --help                show this help\n"
    "\n" DRAW_HELP "\n" CLI_FILTER_HELP;

typedef struct draw_args {
    const char *output;
    const char *theme_path;
    erg_dot_options dot;
    erg_render_options render;
    erg_load_options load;
    cli_filter filter;
    bool quiet;
    erg_dot_attr *attrs; /* -G, -N, -E; the names point into argv, cut at '=' */
} draw_args;

enum {
    OPT_TITLE = 256,
    OPT_STRICT,
    OPT_TIMEOUT,
    OPT_MAX_NODES,
    OPT_PAGE,
    OPT_MIN_TEXT,
    OPT_NO_LEGEND,
    OPT_CITATIONS,
    OPT_NO_MERGE,
    OPT_CLUSTER,
    OPT_WRAP,
    OPT_THEME,
    OPT_DPI
};

/* A whole number from 0 to max, or -1. */
static long parse_count(const char *s, long max)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    long v = strtol(s, &end, 10);
    return *end == '\0' && v >= 0 && v <= max ? v : -1;
}

/* -GNAME=VALUE, -NNAME=VALUE, -ENAME=VALUE as dot reads them (no '=':
 * the value "true"); 1, or an exit code after a message. */
static int graphviz_attr(draw_args *a, const char *cmd, char kind, char *arg)
{
    char *eq = strchr(arg, '=');
    const char *value = "true";
    if (eq != NULL) {
        *eq = '\0';
        value = eq + 1;
    }
    char why[200];
    if (erg_dot_attr_problem(kind, arg, why, sizeof(why)) != NULL)
        return cli_usage_error(cmd, "%s", why);
    a->attrs[a->dot.nattrs++] = (erg_dot_attr){kind, arg, value};
    a->dot.attrs = a->attrs;
    return 1;
}

/* The drawing options that dot and render share; 1 when `c` was one of
 * them, 0 when not, or an exit code (> 1) after a message. */
static int drawing_option(draw_args *a, const char *cmd, int c, char *arg)
{
    long n;
    switch (c) {
    case OPT_NO_LEGEND:
        a->dot.no_legend = true;
        return 1;
    case OPT_NO_MERGE:
        a->dot.no_merge = true;
        return 1;
    case OPT_CITATIONS:
        if (strcmp(arg, "none") == 0)
            a->dot.citations = ERG_CITE_NONE;
        else if (strcmp(arg, "numbers") == 0)
            a->dot.citations = ERG_CITE_NUMBERS;
        else if (strcmp(arg, "full") == 0)
            a->dot.citations = ERG_CITE_FULL;
        else
            return cli_usage_error(cmd, "--citations takes none, numbers or full, not '%s'", arg);
        return 1;
    case OPT_CLUSTER:
        if (strcmp(arg, "country") == 0)
            a->dot.cluster = ERG_CLUSTER_COUNTRY;
        else if (strcmp(arg, "type") == 0)
            a->dot.cluster = ERG_CLUSTER_TYPE;
        else if (strcmp(arg, "none") == 0)
            a->dot.cluster = ERG_CLUSTER_NONE;
        else
            return cli_usage_error(cmd, "--cluster takes country, type or none, not '%s'", arg);
        return 1;
    case OPT_WRAP:
        n = parse_count(arg, 1000);
        if (n < 0 || (n > 0 && n < 4))
            return cli_usage_error(cmd, "--wrap takes 0 (never) or a width from 4 to 1000");
        a->dot.no_wrap = n == 0;
        a->dot.wrap = (size_t)n;
        return 1;
    case OPT_THEME:
        a->theme_path = arg;
        return 1;
    case 'G':
    case 'N':
    case 'E':
        return graphviz_attr(a, cmd, (char)c, arg);
    }
    return 0;
}

/*
 * The format that the output's name asks for: its extension (.svg, .png,
 * .pdf, .html or .htm, .dot or .gv, in any case), or NULL when it has none
 * of these, when there is no -o, and when the output exists and is not a
 * regular file (/dev/stdout, a FIFO): there the name says nothing.
 */
static const char *format_of_output(const char *output)
{
    static const struct {
        const char *ext, *format;
    } known[] = {{"svg", "svg"},  {"png", "png"}, {"pdf", "pdf"}, {"html", "html"},
                 {"htm", "html"}, {"dot", "dot"}, {"gv", "dot"}};
    if (output == NULL || strcmp(output, "-") == 0)
        return NULL;
    struct stat st;
    if (stat(output, &st) == 0 && !S_ISREG(st.st_mode))
        return NULL;
    const char *base = strrchr(output, '/');
    base = base != NULL ? base + 1 : output;
    const char *dot = strrchr(base, '.');
    if (dot == NULL || dot == base)
        return NULL;
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcasecmp(dot + 1, known[i].ext) == 0)
            return known[i].format;
    }
    return NULL;
}

/*
 * Settles the format: -T when given, else the output's extension, else
 * SVG; a -T that the extension contradicts is an error (exit 2), and so is
 * `ergraph dot` writing to a name that asks for another format.
 */
static int settle_format(const char *cmd, bool render, draw_args *a)
{
    const char *by_name = format_of_output(a->output);
    const char *dot = a->output != NULL ? strrchr(a->output, '.') : NULL;
    if (!render) {
        if (by_name != NULL && strcmp(by_name, "dot") != 0)
            return cli_usage_error(cmd,
                                   "'ergraph dot' writes DOT text, but the output '%s' is named "
                                   "for %s; use 'ergraph render -o %s'",
                                   a->output, by_name, a->output);
        return 0;
    }
    if (a->render.format == NULL) {
        a->render.format = by_name != NULL ? by_name : "svg";
        return 0;
    }
    if (by_name != NULL && strcmp(by_name, a->render.format) != 0)
        return cli_usage_error(cmd,
                               "-T %s disagrees with the output's extension %s (%s); leave -T "
                               "out or name the output for %s",
                               a->render.format, dot, by_name, a->render.format);
    return 0;
}

static int parse_args(const char *cmd, bool render, int argc, char **argv, draw_args *a)
{
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'T'},
        {"engine", required_argument, NULL, 'K'},
        {"layout-timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
        {"page", required_argument, NULL, OPT_PAGE},
        {"min-text", required_argument, NULL, OPT_MIN_TEXT},
        {"no-legend", no_argument, NULL, OPT_NO_LEGEND},
        {"citations", required_argument, NULL, OPT_CITATIONS},
        {"no-merge", no_argument, NULL, OPT_NO_MERGE},
        {"cluster", required_argument, NULL, OPT_CLUSTER},
        {"wrap", required_argument, NULL, OPT_WRAP},
        {"theme", required_argument, NULL, OPT_THEME},
        {"dpi", required_argument, NULL, OPT_DPI},
        {"title", required_argument, NULL, OPT_TITLE},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLI_FILTER_LONGOPTS,
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, render ? "o:T:K:qhG:N:E:" : "o:hG:N:E:", options, NULL)) !=
           -1) {
        char *end;
        switch (c) {
        case 'o':
            a->output = optarg;
            break;
        case 'T':
            if (!render)
                return cli_usage_error(cmd, "-T belongs to 'ergraph render'");
            if (!erg_render_format_known(optarg))
                return cli_usage_error(
                    cmd, "unknown format '%s' (use svg, png, pdf, dot, html or view)", optarg);
            a->render.format = optarg;
            break;
        case 'K':
            if (!render)
                return cli_usage_error(cmd, "-K belongs to 'ergraph render'");
            if (!erg_render_engine_known(optarg))
                return cli_usage_error(
                    cmd, "unknown engine '%s' (use dot, neato, fdp, sfdp, circo or twopi)", optarg);
            a->render.engine = optarg;
            break;
        case OPT_TIMEOUT:
            if (!render)
                return cli_usage_error(cmd, "--layout-timeout belongs to 'ergraph render'");
            a->render.timeout = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || !(a->render.timeout >= 0.1) ||
                a->render.timeout > 86400)
                return cli_usage_error(cmd, "--layout-timeout takes seconds, from 0.1 to 86400");
            break;
        case OPT_MAX_NODES: {
            long n = parse_count(optarg, 100000000);
            if (!render)
                return cli_usage_error(cmd, "--max-nodes belongs to 'ergraph render'");
            if (n < 1)
                return cli_usage_error(cmd, "--max-nodes takes a whole number from 1");
            a->render.max_nodes = (size_t)n;
            break;
        }
        case OPT_PAGE:
            if (!render)
                return cli_usage_error(cmd, "--page belongs to 'ergraph render'");
            if (!erg_render_page_known(optarg))
                return cli_usage_error(
                    cmd,
                    "--page takes a4, a4-landscape, a3, a3-landscape, letter, letter-landscape "
                    "or none, not '%s'",
                    optarg);
            a->render.page = optarg;
            break;
        case OPT_DPI: {
            long n = parse_count(optarg, ERG_DPI_MAX);
            if (!render)
                return cli_usage_error(cmd, "--dpi belongs to 'ergraph render'");
            if (n < ERG_DPI_MIN)
                return cli_usage_error(cmd, "--dpi takes a whole number from %d to %d", ERG_DPI_MIN,
                                       ERG_DPI_MAX);
            a->render.dpi = (double)n;
            break;
        }
        case OPT_MIN_TEXT: {
            char *stop = NULL;
            double pt = strtod(optarg, &stop);
            if (!render)
                return cli_usage_error(cmd, "--min-text belongs to 'ergraph render'");
            if (stop == optarg || *stop != '\0' || !(pt >= 1 && pt <= 72))
                return cli_usage_error(cmd, "--min-text takes points, from 1 to 72, not '%s'",
                                       optarg);
            a->render.min_text = pt;
            break;
        }
        case OPT_TITLE:
            a->dot.title = optarg;
            break;
        case OPT_STRICT:
            a->load.strict = true;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 'h':
            fputs(render ? render_help : dot_help, stdout);
            return -1;
        case '?':
            return cli_bad_option(cmd, argv, render ? "o:T:K:qhG:N:E:" : "o:hG:N:E:", options);
        default: {
            int status = drawing_option(a, cmd, c, optarg);
            if (status == 1)
                break;
            if (status == 0)
                status = cli_filter_option(&a->filter, cmd, c, optarg);
            if (status != 0)
                return status;
        }
        }
    }
    if (optind >= argc)
        return cli_usage_error(cmd, "no input file");
    int status = settle_format(cmd, render, a);
    if (status != 0)
        return status;
    if (a->render.dpi != 0 && strcmp(a->render.format, "png") != 0)
        return cli_usage_error(cmd,
                               "--dpi is for PNG, not %s: SVG and PDF are drawn in points and "
                               "scale without loss",
                               a->render.format);
    cli_filter_finish(&a->filter);
    return 0;
}

/*
 * Refuses -o naming an input, then opens the output (its temporary file in
 * the target's folder), all before anything is read: a bad -o is reported
 * at once, and an interruption from now on removes the temporary file.
 */
static int open_output(erg_output **out, const draw_args *a, char **inputs, int count)
{
    erg_diags *diags = erg_diags_new();
    /* Every file the command reads: the inputs and the theme. */
    const char **read = calloc((size_t)count + 1, sizeof(*read));
    if (diags == NULL || read == NULL) {
        erg_diags_free(diags);
        free(read);
        fprintf(stderr, "ergraph: out of memory\n");
        return EXIT_SYSTEM;
    }
    for (int i = 0; i < count; i++)
        read[i] = inputs[i];
    read[count] = a->theme_path;
    erg_status rc = erg_output_check_not_input(a->output, read, (size_t)count + 1, diags);
    free(read);
    if (rc == ERG_OK)
        rc = erg_output_open(out, a->output, diags);
    cli_print_diags(diags);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    erg_diags_free(diags);
    if (rc == ERG_OK)
        cli_guard_output(*out);
    return cli_exit_code(rc);
}

/* Refuses, with what to do instead, a result too big to lay out in
 * reasonable time with the engine that would run. */
static int check_size(const char *cmd, const draw_args *a, const erg_graph *g,
                      const erg_selection *sel)
{
    size_t nodes = sel ? erg_selection_entity_count(sel) : erg_graph_entity_count(g);
    size_t edges = sel ? erg_selection_rel_count(sel) : erg_graph_relationship_count(g);
    const char *engine =
        a->render.engine ? a->render.engine : erg_render_choose_engine(nodes, edges, NULL);
    size_t cap_nodes, cap_edges;
    if (erg_render_size_ok(engine, nodes, edges, a->render.max_nodes, &cap_nodes, &cap_edges))
        return 0;
    fprintf(stderr,
            "ergraph %s: the result has %zu nodes and %zu edges, more than %s lays out in "
            "reasonable time (%zu nodes, %zu edges).\n"
            "Draw less with a narrower filter (--around NAME --depth 1, --type, --min-degree N),\n"
            "%s"
            "or raise the cap with --max-nodes %zu (the layout may then take very long).\n"
            "'ergraph dot' writes the DOT text of any size without laying it out.\n",
            cmd, nodes, edges, engine, cap_nodes, cap_edges,
            strcmp(engine, "sfdp") != 0 && erg_render_size_ok("sfdp", nodes, edges, 0, NULL, NULL)
                ? "use the fastest engine with -K sfdp, "
                : "",
            nodes > cap_nodes ? nodes : cap_nodes);
    return EXIT_USAGE;
}

/* On a terminal, past a second: "laying out with sfdp: 12.4 s (time limit 60 s)". */
static void show_layout_progress(void *arg, const char *engine, double elapsed, double limit)
{
    cli_progress_show(arg, "laying out with %s: %.1f s (time limit %g s)", engine, elapsed, limit);
}

/* A note on stderr when DOT is written of a result that no engine lays out
 * within its cap: Graphviz would take minutes or more on it. */
static void note_past_caps(const erg_graph *g, const erg_selection *sel)
{
    static const char *const engines[] = {"dot", "neato", "fdp", "sfdp", "circo", "twopi"};
    size_t nodes = sel ? erg_selection_entity_count(sel) : erg_graph_entity_count(g);
    size_t edges = sel ? erg_selection_rel_count(sel) : erg_graph_relationship_count(g);
    size_t cap_nodes = 0, cap_edges = 0;
    for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++) {
        size_t n, e;
        if (erg_render_size_ok(engines[i], nodes, edges, 0, &n, &e))
            return;
        if (n > cap_nodes)
            cap_nodes = n, cap_edges = e;
    }
    fprintf(stderr,
            "ergraph: note: %zu nodes and %zu edges are past every layout engine's cap (the "
            "largest: %zu nodes, %zu edges); Graphviz may take very long to lay this DOT out\n",
            nodes, edges, cap_nodes, cap_edges);
}

/* What the output can take: a page size only with PDF, and no binary
 * format on a terminal. 0 or EXIT_USAGE (said). */
static int check_target(const char *cmd, bool render, const draw_args *a)
{
    const char *format = a->render.format ? a->render.format : "svg";
    if (a->render.page != NULL && strcmp(a->render.page, "none") != 0 && strcmp(format, "pdf") != 0)
        return cli_usage_error(cmd, "--page is for PDF (-T pdf, or -o FILE.pdf), not %s", format);
    if (render && strcmp(format, "svg") != 0 && strcmp(format, "dot") != 0 &&
        strcmp(format, "view") != 0 && (a->output == NULL || strcmp(a->output, "-") == 0) &&
        isatty(STDOUT_FILENO))
        return cli_usage_error(cmd, "refusing to write %s to a terminal; use -o FILE", format);
    return 0;
}

/* The render, with a line of progress on a terminal, then (unless -q)
 * which engine was chosen and why, when none was named. */
static erg_status render_with_progress(char **data, size_t *len, draw_args *a, const erg_graph *g,
                                       const erg_selection *sel, erg_diags *diags)
{
    const char *engine = NULL;
    cli_progress line;
    cli_progress_start(&line);
    a->render.progress = show_layout_progress;
    a->render.progress_arg = &line;
    erg_status rc = erg_render(data, len, &engine, g, sel, &a->dot, &a->render, diags);
    cli_progress_end(&line);
    if (!a->quiet && a->render.engine == NULL && engine != NULL) {
        const char *why = NULL;
        erg_render_choose_engine(
            sel ? erg_selection_entity_count(sel) : erg_graph_entity_count(g),
            sel ? erg_selection_rel_count(sel) : erg_graph_relationship_count(g), &why);
        fprintf(stderr, "ergraph: layout engine %s (%s; choose with -K)\n", engine,
                why ? why : "by size");
    }
    return rc;
}

static int draw(const char *cmd, bool render, int argc, char **argv)
{
    draw_args a;
    memset(&a, 0, sizeof(a));
    argc = cli_filter_prepare_argv(argc, argv);
    /* At most one attribute per argument. */
    if ((a.attrs = calloc((size_t)argc + 1, sizeof(*a.attrs))) == NULL) {
        fprintf(stderr, "ergraph: out of memory\n");
        return EXIT_SYSTEM;
    }
    int status = parse_args(cmd, render, argc, argv, &a);
    if (status != 0) {
        cli_filter_release(&a.filter);
        free(a.attrs);
        return status < 0 ? 0 : status;
    }
    char **inputs = argv + optind;
    int count = argc - optind;
    if ((status = check_target(cmd, render, &a)) != 0) {
        cli_filter_release(&a.filter);
        free(a.attrs);
        return status;
    }
    erg_output *output = NULL;
    erg_graph *g = NULL;
    erg_selection *sel = NULL;
    erg_diags *diags = NULL;
    erg_theme *theme = NULL;
    char *data = NULL;
    size_t len = 0;
    /* ERG_ENOMEM from here on is said once, at the end (the load and the
     * filter say their own). */
    erg_status rc = ERG_OK;
    if ((status = open_output(&output, &a, inputs, count)) != 0 ||
        (status = cli_load(&g, inputs, count, &a.load)) != 0 ||
        (status = cli_filter_apply(&sel, g, &a.filter)) != 0)
        goto done;
    if ((diags = erg_diags_new()) == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    if (a.theme_path != NULL) {
        rc = erg_theme_load(&theme, a.theme_path, diags);
        if (rc != ERG_OK) {
            status = rc == ERG_EIO ? EXIT_USAGE : cli_exit_code(rc);
            goto done;
        }
        a.dot.theme = theme;
    }
    if (render && (status = check_size(cmd, &a, g, sel)) != 0)
        goto done;
    if (render) {
        rc = render_with_progress(&data, &len, &a, g, sel, diags);
    } else {
        rc = erg_dot_write(&data, &len, g, sel, &a.dot, diags);
        if (rc == ERG_OK && !a.quiet)
            note_past_caps(g, sel);
    }
    if (rc == ERG_OK)
        rc = erg_output_commit(output, data, len, diags);
    status = cli_exit_code(rc);
done:
    /* The temporary file goes before the guard, so no signal in between
     * can leave it. */
    erg_output_abandon(output);
    cli_unguard_output();
    erg_output_free(output);
    if (diags != NULL)
        cli_print_diags(diags);
    if (rc == ERG_ENOMEM) {
        fprintf(stderr, "ergraph: out of memory\n");
        status = EXIT_SYSTEM;
    }
    erg_diags_free(diags);
    erg_theme_free(theme);
    erg_free(data);
    erg_selection_free(sel);
    cli_graph_free(g);
    cli_filter_release(&a.filter);
    free(a.attrs);
    return status;
}

int cmd_dot(int argc, char **argv)
{
    return draw("dot", false, argc, argv);
}

int cmd_render(int argc, char **argv)
{
    return draw("render", true, argc, argv);
}
