#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "Usage: ergraph validate [--strict] FILE...\n"
    "\n"
    "Checks relationship files (merged, when several are given) and prints a\n"
    "one-line summary: entities and relationships by type, and sources.\n"
    "Problems are printed as FILE:LINE:COLUMN: JSONPATH: message.\n"
    "\n"
    "  --strict   treat warnings (unknown keys, repeated relationships) as errors\n"
    "  -h, --help show this help\n"
    "\n"
    "Exit status: 0 valid, 1 invalid, 2 bad usage, 3 system failure.\n";

/* The most frequent types, so that the summary stays one readable line. */
#define TYPES_SHOWN 8

static void print_counts(const erg_count *counts, size_t n)
{
    if (n == 0)
        return;
    fputs(" (", stdout);
    for (size_t i = 0; i < n && i < TYPES_SHOWN; i++)
        printf("%s%zu %s", i ? ", " : "", counts[i].count, counts[i].name);
    if (n > TYPES_SHOWN) {
        size_t rest = 0;
        for (size_t i = TYPES_SHOWN; i < n; i++)
            rest += counts[i].count;
        printf(", %zu of %zu other types", rest, n - TYPES_SHOWN);
    }
    fputs(")", stdout);
}

int cmd_validate(int argc, char **argv)
{
    static const struct option options[] = {
        {"strict", no_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    erg_load_options load = {false};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 's':
            load.strict = true;
            break;
        case 'h':
            fputs(help, stdout);
            return 0;
        default:
            return cli_usage_error("validate", "invalid option");
        }
    }
    if (optind >= argc)
        return cli_usage_error("validate", "no input file");

    erg_graph *g = NULL;
    int status = cli_load(&g, argv + optind, argc - optind, &load);
    if (status != 0)
        return status;
    erg_count *ents = NULL, *rels = NULL;
    size_t n_ents = 0, n_rels = 0;
    if (erg_count_entity_types(&ents, &n_ents, g, NULL) != ERG_OK ||
        erg_count_relation_types(&rels, &n_rels, g, NULL) != ERG_OK) {
        fprintf(stderr, "ergraph: out of memory\n");
        status = EXIT_SYSTEM;
        goto done;
    }
    printf("ok: %zu entities", erg_graph_entity_count(g));
    print_counts(ents, n_ents);
    printf(", %zu relationships", erg_graph_relationship_count(g));
    print_counts(rels, n_rels);
    printf(", %zu sources\n", erg_graph_source_count(g));
    if (fflush(stdout) != 0) {
        perror("ergraph: standard output");
        status = EXIT_SYSTEM;
    }
done:
    erg_free(ents);
    erg_free(rels);
    erg_graph_free(g);
    return status;
}
