/* ergraph: the command-line tool, a thin client of libergraph. */
#include <errno.h>
#include <signal.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "Usage: ergraph COMMAND [OPTIONS] FILE...\n"
    "\n"
    "Relationship graphs from news articles, checked, explored and drawn with Graphviz.\n"
    "FILE is a relationship file (format \"ergraph/1\"); '-' reads standard input.\n"
    "Several files are merged into one graph.\n"
    "\n"
    "Commands:\n"
    "  validate   check files and print a summary\n"
    "  dot        write the graph as Graphviz DOT\n"
    "  render     lay the graph out and render it (svg, png, pdf, dot)\n"
    "  verify     check every quote against the text of its source\n"
    "  show       an entity's card: aliases, attributes, every tie and its quotes\n"
    "  path       the shortest paths between two entities, hop by hop\n"
    "  neighbors  who is within N steps of an entity\n"
    "  stats      counts, components, density, degree, betweenness, brokers\n"
    "  list       list the entities or relationships the filters keep\n"
    "  export     write the graph for Gephi, yEd, Neo4j, Cytoscape.js, or as JSON\n"
    "  import     make a relationship file from spreadsheets (CSV)\n"
    "  serve      explore the graph in a web browser (a local web server)\n"
    "  index      compile files into a corpus that every command reads in place\n"
    "\n"
    "Run 'ergraph COMMAND --help' for a command's options, 'man ergraph' for the\n"
    "manual, 'ergraph -V' (or --version) for the version.\n"
    "A corpus (ergraph index) is taken wherever files are; '--stale ok', with any\n"
    "command, uses a corpus whose files changed since it was made.\n"
    "\n"
    "Exit status: 0 success, 1 invalid input data, 2 bad usage,\n"
    "3 output or system failure (including a layout past its time limit).\n";

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"validate", cmd_validate},   {"dot", cmd_dot},       {"render", cmd_render},
    {"verify", cmd_verify},       {"show", cmd_show},     {"path", cmd_path},
    {"neighbors", cmd_neighbors}, {"stats", cmd_stats},   {"list", cmd_list},
    {"export", cmd_export},       {"import", cmd_import}, {"serve", cmd_serve},
    {"index", cmd_index},
};

/* Takes `--stale ok` (or --stale=ok) out of the command line, before any
 * "--"; 0, or EXIT_USAGE for another value. */
static int take_stale(int *argc, char **argv)
{
    int out = 1;
    bool rest = false;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (!rest && strcmp(a, "--") == 0)
            rest = true;
        if (!rest && (strcmp(a, "--stale") == 0 || strncmp(a, "--stale=", 8) == 0)) {
            const char *v = a[7] == '=' ? a + 8 : i + 1 < *argc ? argv[++i] : NULL;
            if (v == NULL || strcmp(v, "ok") != 0) {
                fprintf(stderr, "ergraph: --stale takes 'ok' (use a stale corpus), not '%s'\n",
                        v ? v : "");
                return EXIT_USAGE;
            }
            cli_stale_ok = true;
            continue;
        }
        argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

/* What stdio still holds for standard output, written now: a failure (a
 * full disk, /dev/full) is an error, not a silent success. */
static int flush_stdout(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ergraph: standard output: cannot write: %s\n", strerror(errno));
        return status == 0 ? EXIT_SYSTEM : status;
    }
    return status;
}

static int run(int argc, char **argv)
{
    /* The defaults, but with jansson routed through the library's
     * allocator: a failed allocation while parsing then becomes "out of
     * memory" instead of jansson's undefined behaviour. */
    erg_set_alloc_funcs(NULL, NULL, NULL);
    opterr = 0; /* each command says what is wrong with an option, in one line */
    int stale = take_stale(&argc, argv);
    if (stale != 0)
        return stale;
    if (argc < 2)
        return cli_usage_error(NULL, "no command given");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("ergraph %s\n", erg_version());
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    }
    return cli_usage_error(NULL, "unknown command '%s'", name);
}

int main(int argc, char **argv)
{
    /* A file size limit (ulimit -f) would otherwise kill the program with
     * SIGXFSZ in the middle of a write, before it can remove its temporary
     * file: ignored, the write fails with EFBIG, reported as any failed
     * write ("File too large"). */
    signal(SIGXFSZ, SIG_IGN);
    return flush_stdout(run(argc, argv));
}
