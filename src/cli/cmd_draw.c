/* The commands that draw a graph: dot and render. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "filter_opts.h"

static const char dot_help[] =
    "Usage: ergraph dot [OPTIONS] FILE...\n"
    "\n"
    "Writes the graph as Graphviz DOT text (no layout), deterministically:\n"
    "the same input gives the same bytes.\n"
    "\n"
    "  -o, --output FILE   write to FILE (replaced only once complete) instead of\n"
    "                      standard output\n"
    "      --title TEXT    the diagram's title (default: the files' titles)\n"
    "      --strict        treat warnings in the input as errors\n"
    "  -h, --help          show this help\n"
    "\n" CLI_FILTER_HELP;

static const char render_help[] =
    "Usage: ergraph render [OPTIONS] FILE...\n"
    "\n"
    "Lays the graph out and renders it with Graphviz.\n"
    "\n"
    "  -T, --format FMT          svg (default), png, pdf, or dot (with positions)\n"
    "  -K, --engine ENGINE       dot, neato, fdp, sfdp, circo or twopi; by default\n"
    "                            dot for small graphs and sfdp for large ones\n"
    "      --layout-timeout SEC  stop a layout that runs longer (default 60)\n"
    "  -o, --output FILE         write to FILE (replaced only once complete) instead\n"
    "                            of standard output\n"
    "      --title TEXT          the diagram's title (default: the files' titles)\n"
    "      --strict              treat warnings in the input as errors\n"
    "  -q, --quiet               do not say which layout engine was chosen\n"
    "  -h, --help                show this help\n"
    "\n" CLI_FILTER_HELP;

typedef struct draw_args {
    const char *output;
    erg_dot_options dot;
    erg_render_options render;
    erg_load_options load;
    cli_filter filter;
    bool quiet;
} draw_args;

enum { OPT_TITLE = 256, OPT_STRICT, OPT_TIMEOUT };

static int parse_args(const char *cmd, bool render, int argc, char **argv, draw_args *a)
{
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'T'},
        {"engine", required_argument, NULL, 'K'},
        {"layout-timeout", required_argument, NULL, OPT_TIMEOUT},
        {"title", required_argument, NULL, OPT_TITLE},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        CLI_FILTER_LONGOPTS,
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, render ? "o:T:K:qh" : "o:h", options, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'o':
            a->output = optarg;
            break;
        case 'T':
            if (!render)
                return cli_usage_error(cmd, "-T belongs to 'ergraph render'");
            if (!erg_render_format_known(optarg))
                return cli_usage_error(cmd, "unknown format '%s' (use svg, png, pdf or dot)",
                                       optarg);
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
            if (end == optarg || *end != '\0' || !(a->render.timeout > 0) ||
                a->render.timeout > 86400)
                return cli_usage_error(cmd, "--layout-timeout takes seconds, from 0.1 to 86400");
            break;
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
            return cli_usage_error(cmd, "invalid option");
        default: {
            int status = cli_filter_option(&a->filter, cmd, c, optarg);
            if (status != 0)
                return status;
        }
        }
    }
    if (optind >= argc)
        return cli_usage_error(cmd, "no input file");
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
    if (diags == NULL)
        return EXIT_SYSTEM;
    erg_status rc =
        erg_output_check_not_input(a->output, (const char *const *)inputs, (size_t)count, diags);
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

static int draw(const char *cmd, bool render, int argc, char **argv)
{
    draw_args a;
    memset(&a, 0, sizeof(a));
    argc = cli_filter_prepare_argv(argc, argv);
    int status = parse_args(cmd, render, argc, argv, &a);
    if (status != 0) {
        cli_filter_release(&a.filter);
        return status < 0 ? 0 : status;
    }
    char **inputs = argv + optind;
    int count = argc - optind;
    const char *format = a.render.format ? a.render.format : "svg";
    if (render && strcmp(format, "svg") != 0 && strcmp(format, "dot") != 0 &&
        (a.output == NULL || strcmp(a.output, "-") == 0) && isatty(STDOUT_FILENO))
        return cli_usage_error(cmd, "refusing to write %s to a terminal; use -o FILE", format);
    erg_output *output = NULL;
    erg_graph *g = NULL;
    erg_selection *sel = NULL;
    erg_diags *diags = NULL;
    char *data = NULL;
    size_t len = 0;
    erg_status rc = ERG_ENOMEM;
    if ((status = open_output(&output, &a, inputs, count)) != 0 ||
        (status = cli_load(&g, inputs, count, &a.load)) != 0 ||
        (status = cli_filter_apply(&sel, g, &a.filter)) != 0)
        goto done;
    if ((diags = erg_diags_new()) == NULL)
        goto done;
    if (render) {
        const char *engine = NULL;
        rc = erg_render(&data, &len, g, sel, &a.dot, &a.render, diags, &engine);
        if (!a.quiet && a.render.engine == NULL && engine != NULL) {
            const char *why = NULL;
            erg_render_choose_engine(
                sel ? erg_selection_entity_count(sel) : erg_graph_entity_count(g),
                sel ? erg_selection_rel_count(sel) : erg_graph_relationship_count(g), &why);
            fprintf(stderr, "ergraph: layout engine %s (%s; choose with -K)\n", engine,
                    why ? why : "by size");
        }
    } else {
        rc = erg_dot_write(&data, &len, g, sel, &a.dot, diags);
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
    if (status == 0 && rc == ERG_ENOMEM) {
        fprintf(stderr, "ergraph: out of memory\n");
        status = EXIT_SYSTEM;
    }
    erg_diags_free(diags);
    erg_free(data);
    erg_selection_free(sel);
    erg_graph_free(g);
    cli_filter_release(&a.filter);
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
