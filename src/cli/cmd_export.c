/* The export command: the graph, filtered, for other tools. */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "filter_opts.h"

static const char export_help[] =
    "Usage: ergraph export -f FORMAT [OPTIONS] FILE...\n"
    "\n"
    "Writes the graph, or what the filters keep, for another tool. Every field\n"
    "is kept: types, names, aliases, countries, attributes, dates, weights,\n"
    "direction, and each tie's evidence with its sources and quotes.\n"
    "\n"
    "  -f, --format FORMAT  graphml    GraphML with a typed key per field\n"
    "                                  (NetworkX, igraph, Gephi, yEd)\n"
    "                       gexf       GEXF 1.3 for Gephi; dated ties play on\n"
    "                                  its timeline (--gexf 1.2 for NetworkX)\n"
    "                       neo4j      nodes.csv and relationships.csv for\n"
    "                                  neo4j-admin database import, in -o DIR\n"
    "                       cytoscape  Cytoscape.js elements JSON\n"
    "                       json       an ergraph/1 file of what is kept\n"
    "  -o, --output OUT     write to OUT (replaced only once complete) instead of\n"
    "                       standard output; a folder for neo4j\n"
    "      --cluster country  cytoscape: each entity inside its country\n"
    "      --gexf VERSION   gexf: 1.3 (default, for Gephi) or 1.2 (GEXF 1.2draft,\n"
    "                       which Gephi and NetworkX 2.x and 3.x read)\n"
    "      --title TEXT     the title (default: the files' titles, joined by \"; \";\n"
    "                       json: their shared title, else \"N sources\", as drawn)\n"
    "      --strict         treat warnings in the input as errors\n"
    "  -q, --quiet          do not print the neo4j-admin command\n"
    "  -h, --help           show this help\n"
    "\n" CLI_FILTER_HELP;

typedef struct export_args {
    const char *output;
    const char *format_name;
    erg_export_format format;
    erg_export_options opts;
    erg_load_options load;
    cli_filter filter;
    bool quiet;
} export_args;

enum { OPT_TITLE = 256, OPT_STRICT, OPT_CLUSTER, OPT_GEXF };

static int parse_args(int argc, char **argv, export_args *a)
{
    static const struct option options[] = {{"format", required_argument, NULL, 'f'},
                                            {"output", required_argument, NULL, 'o'},
                                            {"cluster", required_argument, NULL, OPT_CLUSTER},
                                            {"gexf", required_argument, NULL, OPT_GEXF},
                                            {"title", required_argument, NULL, OPT_TITLE},
                                            {"strict", no_argument, NULL, OPT_STRICT},
                                            {"quiet", no_argument, NULL, 'q'},
                                            {"help", no_argument, NULL, 'h'},
                                            CLI_FILTER_LONGOPTS,
                                            {NULL, 0, NULL, 0}};
    int c;
    bool gexf_given = false;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:qh", options, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!erg_export_format_from_name(&a->format, optarg))
                return cli_usage_error(
                    "export", "unknown format '%s' (use graphml, gexf, neo4j, cytoscape or json)",
                    optarg);
            a->format_name = optarg;
            break;
        case 'o':
            a->output = optarg;
            break;
        case OPT_CLUSTER:
            if (strcmp(optarg, "country") != 0)
                return cli_usage_error("export", "--cluster takes 'country'");
            a->opts.cluster_country = true;
            break;
        case OPT_GEXF:
            if (strcmp(optarg, "1.3") == 0)
                a->opts.gexf_version = ERG_GEXF_1_3;
            else if (strcmp(optarg, "1.2") == 0 || strcmp(optarg, "1.2draft") == 0)
                a->opts.gexf_version = ERG_GEXF_1_2DRAFT;
            else
                return cli_usage_error("export", "--gexf takes 1.3 or 1.2, not '%s'", optarg);
            gexf_given = true;
            break;
        case OPT_TITLE:
            a->opts.title = optarg;
            break;
        case OPT_STRICT:
            a->load.strict = true;
            break;
        case 'q':
            a->quiet = true;
            break;
        case 'h':
            fputs(export_help, stdout);
            return -1;
        case '?':
            return cli_bad_option("export", argv, "f:o:qh", options);
        default: {
            int status = cli_filter_option(&a->filter, "export", c, optarg);
            if (status != 0)
                return status;
        }
        }
    }
    if (a->format_name == NULL)
        return cli_usage_error("export", "no format given (-f graphml, gexf, neo4j, cytoscape or "
                                         "json)");
    if (a->opts.cluster_country && a->format != ERG_EXPORT_CYTOSCAPE)
        return cli_usage_error("export", "--cluster belongs to -f cytoscape");
    if (gexf_given && a->format != ERG_EXPORT_GEXF)
        return cli_usage_error("export", "--gexf belongs to -f gexf");
    bool neo4j = a->format == ERG_EXPORT_NEO4J_NODES;
    if (neo4j && (a->output == NULL || strcmp(a->output, "-") == 0))
        return cli_usage_error("export", "neo4j writes two files: name their folder with -o DIR");
    if (optind >= argc)
        return cli_usage_error("export", "no input file");
    cli_filter_finish(&a->filter);
    return 0;
}

/* Where an export goes: standard output as it comes, or memory until it
 * is complete; with a line of progress on a terminal. */
typedef struct export_sink {
    FILE *to; /* NULL: into data */
    char *data;
    size_t len, cap;
    bool out_of_memory;
    const char *what; /* for the progress line */
    cli_progress progress;
} export_sink;

static int sink_write(void *ctx, const void *data, size_t len)
{
    export_sink *s = ctx;
    if (s->to != NULL) {
        if (fwrite(data, 1, len, s->to) != len) {
            fprintf(stderr, "ergraph: standard output: cannot write: %s\n", strerror(errno));
            return -1;
        }
    } else {
        if (len > s->cap - s->len) {
            size_t cap = s->cap ? s->cap : 1 << 16;
            while (cap - s->len < len && cap <= SIZE_MAX / 2)
                cap *= 2;
            char *bigger = cap - s->len < len ? NULL : realloc(s->data, cap);
            if (bigger == NULL) {
                s->out_of_memory = true;
                return -1;
            }
            s->data = bigger;
            s->cap = cap;
        }
        memcpy(s->data + s->len, data, len);
    }
    s->len += len;
    cli_progress_show(&s->progress, "writing %s: %.1f MB", s->what, (double)s->len / 1e6);
    return 0;
}

/* One file, whole in memory first, so that -o is replaced only once
 * complete. */
static erg_status write_one(const char *path, erg_export_format format, const erg_graph *g,
                            const erg_selection *sel, const erg_export_options *opts,
                            erg_diags *diags)
{
    bool to_stdout = path == NULL || strcmp(path, "-") == 0;
    export_sink sink = {
        to_stdout ? stdout : NULL, NULL, 0, 0, false, to_stdout ? "standard output" : path,
        {false, false, 0, 0, 0}};
    cli_progress_start(&sink.progress);
    erg_status rc = erg_export_stream(format, g, sel, opts, sink_write, &sink, diags);
    cli_progress_end(&sink.progress);
    if (rc == ERG_EIO && sink.out_of_memory)
        rc = ERG_ENOMEM;
    if (to_stdout) {
        if (fflush(stdout) != 0 && rc == ERG_OK) {
            fprintf(stderr, "ergraph: standard output: cannot write: %s\n", strerror(errno));
            rc = ERG_EIO;
        }
    } else if (rc == ERG_OK) {
        rc = erg_output_write(path, sink.data, sink.len, diags);
    }
    free(sink.data);
    return rc;
}

static char *join_path(const char *dir, const char *name)
{
    size_t len = strlen(dir);
    bool slash = len > 0 && dir[len - 1] == '/';
    size_t n = len + strlen(name) + 2;
    char *path = malloc(n);
    if (path != NULL)
        snprintf(path, n, "%s%s%s", dir, slash ? "" : "/", name);
    return path;
}

/* s as one word of a POSIX shell: as it is when it holds only safe
 * characters, else in single quotes. */
static void put_shell_word(FILE *f, const char *s)
{
    if (s[0] != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                  "0123456789_-./+,:@%") == strlen(s)) {
        fputs(s, f);
        return;
    }
    fputc('\'', f);
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            fputs("'\\''", f);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
}

static erg_status write_neo4j(const export_args *a, const erg_graph *g, const erg_selection *sel,
                              erg_diags *diags)
{
    erg_status rc = ERG_ENOMEM;
    erg_export_options opts = a->opts;
    char *nodes = join_path(a->output, "nodes.csv");
    char *rels = join_path(a->output, "relationships.csv");
    if (nodes == NULL || rels == NULL)
        goto done;
    if (mkdir(a->output, 0777) != 0 && errno != EEXIST) {
        erg_diags_add(diags, ERG_ERROR, a->output, 0, 0, NULL, "cannot create the folder: %s",
                      strerror(errno));
        rc = ERG_EIO;
        goto done;
    }
    /* Both files must split arrays on the same character. */
    opts.array_delimiter = erg_export_neo4j_delimiter(g, sel);
    rc = write_one(nodes, ERG_EXPORT_NEO4J_NODES, g, sel, &opts, diags);
    if (rc == ERG_OK)
        rc = write_one(rels, ERG_EXPORT_NEO4J_RELATIONSHIPS, g, sel, &opts, diags);
    if (rc == ERG_OK && !a->quiet) {
        /* The database name comes before the files: since Neo4j 5.19,
         * --nodes and --relationships take every file that follows. */
        fprintf(stderr, "ergraph: wrote %s and %s; import them with\n", nodes, rels);
        fputs("  neo4j-admin database import full neo4j --nodes=", stderr);
        put_shell_word(stderr, nodes);
        fputs(" --relationships=", stderr);
        put_shell_word(stderr, rels);
        fprintf(stderr, " --array-delimiter='%c' --multiline-fields=true\n", opts.array_delimiter);
    }
done:
    free(nodes);
    free(rels);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    export_args a;
    memset(&a, 0, sizeof(a));
    argc = cli_filter_prepare_argv(argc, argv);
    int status = parse_args(argc, argv, &a);
    if (status != 0) {
        cli_filter_release(&a.filter);
        return status < 0 ? 0 : status;
    }
    char **inputs = argv + optind;
    int count = argc - optind;
    erg_graph *g = NULL;
    erg_selection *sel = NULL;
    erg_diags *diags = erg_diags_new();
    erg_status rc = ERG_OK;
    if (diags == NULL) {
        rc = ERG_ENOMEM;
        status = EXIT_SYSTEM;
        goto done;
    }
    if (a.format != ERG_EXPORT_NEO4J_NODES) {
        rc =
            erg_output_check_not_input(a.output, (const char *const *)inputs, (size_t)count, diags);
        if (rc != ERG_OK) {
            status = cli_exit_code(rc);
            goto done;
        }
    }
    if ((status = cli_load(&g, inputs, count, &a.load)) != 0 ||
        (status = cli_filter_apply(&sel, g, &a.filter)) != 0)
        goto done;
    if (a.format == ERG_EXPORT_NEO4J_NODES)
        rc = write_neo4j(&a, g, sel, diags);
    else
        rc = write_one(a.output, a.format, g, sel, &a.opts, diags);
    status = cli_exit_code(rc);
done:
    if (diags != NULL)
        cli_print_diags(diags);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    erg_diags_free(diags);
    erg_selection_free(sel);
    cli_graph_free(g);
    cli_filter_release(&a.filter);
    return status;
}
