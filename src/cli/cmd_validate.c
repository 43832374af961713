#include <stdio.h>
#include <string.h>

#include "check_args.h"

static const char help[] =
    "Usage: ergraph validate [OPTIONS] FILE...\n"
    "\n"
    "Checks relationship files (merged, when several are given) and prints a\n"
    "one-line summary: entities and relationships by type, and sources.\n"
    "Problems are printed as FILE:LINE:COLUMN: JSONPATH: message.\n"
    "\n"
    "      --strict        treat warnings (unknown keys, repeated relationships) as\n"
    "                      errors\n"
    "      --format FMT    text (default) or json: {\"valid\", counts by type,\n"
    "                      \"diagnostics\": [{file, line, column, path, severity,\n"
    "                      message}]}, problems included, on standard output\n"
    "  -o, --output OUT    write to OUT (replaced only once complete)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status: 0 valid, 1 invalid, 2 bad usage, 3 system failure.\n";

/* The most frequent types, so that the summary stays one readable line. */
#define TYPES_SHOWN 8

/* " (3 person, 2 agency, 4 entities of 2 other types)" */
static void print_counts(FILE *f, const erg_count *counts, size_t n, const char *things)
{
    if (n == 0)
        return;
    fputs(" (", f);
    for (size_t i = 0; i < n && i < TYPES_SHOWN; i++)
        fprintf(f, "%s%zu %s", i ? ", " : "", counts[i].count, counts[i].name);
    if (n > TYPES_SHOWN) {
        size_t rest = 0;
        for (size_t i = TYPES_SHOWN; i < n; i++)
            rest += counts[i].count;
        fprintf(f, ", %zu %s of %zu other type%s", rest, things, n - TYPES_SHOWN,
                n - TYPES_SHOWN == 1 ? "" : "s");
    }
    fputs(")", f);
}

static void print_counts_json(FILE *f, const erg_count *counts, size_t n)
{
    fputc('{', f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        out_json_string(f, counts[i].name);
        fprintf(f, ": %zu", counts[i].count);
    }
    fputc('}', f);
}

int cmd_validate(int argc, char **argv)
{
    cli_check_args a;
    int status = cli_check_args_parse(&a, "validate", help, false, argc, argv);
    if (status >= 0)
        return status;
    cli_text_out out;
    if ((status = cli_text_out_open(&out, a.output, a.inputs, a.count)) != 0)
        return status;
    FILE *f = out.f;
    out_format format = a.format;
    erg_graph *g = NULL;
    erg_count *ents = NULL, *rels = NULL;
    size_t n_ents = 0, n_rels = 0;
    erg_diags *diags = NULL;
    status = cli_check_load(&g, &diags, &a);
    if (diags == NULL)
        goto done;
    if (format == OUT_TEXT)
        cli_print_diags(diags);
    if (status == 0 && (erg_count_entity_types(&ents, &n_ents, g, NULL) != ERG_OK ||
                        erg_count_relation_types(&rels, &n_rels, g, NULL) != ERG_OK)) {
        fprintf(stderr, "ergraph: out of memory\n");
        status = EXIT_SYSTEM;
        goto done;
    }
    if (format == OUT_JSON) {
        if (status == EXIT_SYSTEM)
            goto done;
        fprintf(f, "{\"valid\": %s", status == 0 ? "true" : "false");
        if (status == 0) {
            fprintf(f, ", \"entities\": %zu, \"entity_types\": ", erg_graph_entity_count(g));
            print_counts_json(f, ents, n_ents);
            fprintf(f, ",\n \"relationships\": %zu, \"relationship_types\": ",
                    erg_graph_relationship_count(g));
            print_counts_json(f, rels, n_rels);
            fprintf(f, ",\n \"sources\": %zu", erg_graph_source_count(g));
        }
        fprintf(f, ",\n \"errors\": %zu, \"more_errors\": %zu,\n \"diagnostics\": ",
                erg_diags_error_count(diags), erg_diags_dropped(diags));
        cli_print_diags_json(f, diags);
        fputs("}\n", f);
    } else if (status == 0) {
        size_t n = erg_graph_entity_count(g), r = erg_graph_relationship_count(g);
        size_t s = erg_graph_source_count(g);
        fprintf(f, "ok: %zu %s", n, n == 1 ? "entity" : "entities");
        print_counts(f, ents, n_ents, "entities");
        fprintf(f, ", %zu %s", r, r == 1 ? "relationship" : "relationships");
        print_counts(f, rels, n_rels, "relationships");
        fprintf(f, ", %zu %s\n", s, s == 1 ? "source" : "sources");
    }
done:;
    /* JSON tells of invalid input too: that answer is written. */
    int keep = format == OUT_JSON && status == EXIT_DATA ? 0 : status;
    int closed = cli_text_out_close(&out, keep);
    if (closed != keep)
        status = closed;
    erg_diags_free(diags);
    erg_free(ents);
    erg_free(rels);
    erg_graph_free(g);
    return status;
}
