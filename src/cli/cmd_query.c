/* The commands that answer in text: show, path, neighbors, stats, list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "filter_opts.h"
#include "out.h"

typedef enum query_kind { Q_SHOW, Q_PATH, Q_NEIGHBORS, Q_STATS, Q_LIST } query_kind;

typedef struct query_args {
    const char *cmd;
    query_kind kind;
    int names; /* positional names before the files */
    out_format format;
    erg_load_options load;
    cli_filter filter;
    size_t max_paths;
    size_t top;
    char **words; /* the positional names */
    char **files;
    int file_count;
} query_args;

static const char *const usages[] = {
    [Q_SHOW] = "Usage: ergraph show [OPTIONS] NAME FILE...\n"
               "\n"
               "An entity's card: type, aliases, country, attributes, sources, and every\n"
               "tie grouped by relationship type, each with its quotes and sources.\n",
    [Q_PATH] = "Usage: ergraph path [OPTIONS] A B FILE...\n"
               "\n"
               "The shortest paths linking A and B (directions ignored), each as a chain\n"
               "with every hop's ties and the quotes that support them.\n"
               "      --max-paths N   list at most N paths (default 10)\n",
    [Q_NEIGHBORS] = "Usage: ergraph neighbors [OPTIONS] NAME FILE...\n"
                    "\n"
                    "Who is within --depth steps of NAME (default 1), with the distance.\n"
                    "--direction out|in follows only outgoing or incoming ties.\n",
    [Q_STATS] = "Usage: ergraph stats [OPTIONS] FILE...\n"
                "\n"
                "Counts by entity and relationship type, connected components, density,\n"
                "the top entities by degree and by betweenness centrality (Brandes, on\n"
                "the undirected simple graph), and articulation points.\n"
                "      --top N         list the N first entities (default 10)\n",
    [Q_LIST] = "Usage: ergraph list entities|relationships [OPTIONS] FILE...\n"
               "\n"
               "Lists the entities or the relationships that the filters keep.\n",
};

static const char common_help[] = "      --format FMT    text (default, aligned), json or tsv\n"
                                  "      --strict        treat warnings in the input as errors\n"
                                  "  -h, --help          show this help\n"
                                  "\n" CLI_FILTER_HELP;

enum { OPT_FORMAT = 2000, OPT_QSTRICT, OPT_MAX_PATHS, OPT_TOP };

static int parse(query_args *a, int argc, char **argv)
{
    static const struct option options[] = {{"format", required_argument, NULL, OPT_FORMAT},
                                            {"strict", no_argument, NULL, OPT_QSTRICT},
                                            {"max-paths", required_argument, NULL, OPT_MAX_PATHS},
                                            {"top", required_argument, NULL, OPT_TOP},
                                            {"help", no_argument, NULL, 'h'},
                                            CLI_FILTER_LONGOPTS,
                                            {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        char *end;
        switch (c) {
        case OPT_FORMAT:
            if (!out_parse_format(optarg, &a->format))
                return cli_usage_error(a->cmd, "--format takes text, json or tsv, not '%s'",
                                       optarg);
            break;
        case OPT_QSTRICT:
            a->load.strict = true;
            break;
        case OPT_MAX_PATHS:
        case OPT_TOP: {
            unsigned long v = strtoul(optarg, &end, 10);
            if (optarg[0] == '-' || end == optarg || *end != '\0' || v == 0 || v > 1000000)
                return cli_usage_error(a->cmd, "%s takes a whole number from 1 to 1000000",
                                       c == OPT_TOP ? "--top" : "--max-paths");
            *(c == OPT_TOP ? &a->top : &a->max_paths) = v;
            break;
        }
        case 'h':
            fputs(usages[a->kind], stdout);
            fputs(common_help, stdout);
            return -1;
        case '?':
            return cli_usage_error(a->cmd, "invalid option");
        default: {
            int status = cli_filter_option(&a->filter, a->cmd, c, optarg);
            if (status != 0)
                return status;
        }
        }
    }
    if (argc - optind < a->names + 1)
        return cli_usage_error(a->cmd, "expected %s",
                               a->kind == Q_PATH    ? "A B FILE..."
                               : a->kind == Q_STATS ? "FILE..."
                               : a->kind == Q_LIST  ? "entities|relationships FILE..."
                                                    : "NAME FILE...");
    a->words = argv + optind;
    a->files = argv + optind + a->names;
    a->file_count = argc - optind - a->names;
    cli_filter_finish(&a->filter);
    return 0;
}

static int resolve(const erg_graph *g, const char *name, size_t *out)
{
    erg_diags *diags = erg_diags_new();
    if (diags == NULL)
        return EXIT_SYSTEM;
    erg_status rc = erg_graph_resolve(out, g, name, diags);
    cli_print_diags(diags);
    erg_diags_free(diags);
    return cli_exit_code(rc);
}

static void fmt_size(char *buf, size_t n, size_t v)
{
    snprintf(buf, n, "%zu", v);
}

/* The text drawn for a relationship: its label or its type with spaces. */
static const char *rel_text(const erg_graph *g, size_t r, char *buf, size_t n)
{
    const char *label = erg_rel_label(g, r);
    if (label != NULL)
        return label;
    snprintf(buf, n, "%s", erg_rel_type(g, r));
    for (char *p = buf; *p; p++) {
        if (*p == '_')
            *p = ' ';
    }
    return buf;
}

static const char *source_name(const erg_graph *g, size_t s)
{
    return erg_graph_source(g, s)->id;
}

/* ---- list ---- */

/* Prints the table and frees it. */
static void print_table(out_table *t, out_format format)
{
    out_table_print(t, stdout, format);
    out_table_free(t);
}

/* Adds a row and frees `owned` (a cell's text); on failure frees the table
 * too and returns false. */
static bool add_row(out_table *t, const char *const *row, char *owned)
{
    bool ok = out_table_row(t, row);
    free(owned);
    if (!ok)
        out_table_free(t);
    return ok;
}

/* The n texts item(g, i, k) for k < n joined by "; ", in a string to free
 * (NULL when out of memory). */
static char *join(const erg_graph *g, size_t i, size_t n,
                  const char *(*item)(const erg_graph *, size_t, size_t))
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    for (size_t k = 0; mem != NULL && k < n; k++)
        fprintf(mem, "%s%s", k ? "; " : "", item(g, i, k));
    if (mem != NULL)
        fclose(mem);
    return text;
}

static const char *evidence_source(const erg_graph *g, size_t r, size_t k)
{
    return source_name(g, erg_rel_evidence(g, r, k)->source);
}

static int list_entities(const erg_graph *g, const erg_selection *sel, out_format format)
{
    const char *cols[] = {"id", "type", "name", "country", "ties", "aliases"};
    out_table *t = out_table_new(cols, 6);
    if (t == NULL)
        return EXIT_SYSTEM;
    out_table_numeric(t, 4);
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (sel != NULL && !erg_selection_has_entity(sel, e))
            continue;
        char ties[32];
        size_t degree = 0;
        for (size_t i = 0; i < erg_entity_degree(g, e); i++)
            degree += sel == NULL || erg_selection_has_rel(sel, erg_entity_tie(g, e, i));
        fmt_size(ties, sizeof(ties), degree);
        char *aliases = join(g, e, erg_entity_alias_count(g, e), erg_entity_alias);
        size_t c = erg_entity_country(g, e);
        const char *row[] = {erg_entity_id(g, e),
                             erg_entity_type(g, e),
                             erg_entity_name(g, e),
                             c == ERG_NONE ? NULL : erg_entity_id(g, c),
                             ties,
                             aliases ? aliases : ""};
        if (!add_row(t, row, aliases))
            return EXIT_SYSTEM;
    }
    print_table(t, format);
    return 0;
}

static int list_relationships(const erg_graph *g, const erg_selection *sel, out_format format)
{
    const char *cols[] = {"id", "from", "type", "to", "directed", "start", "end", "sources"};
    out_table *t = out_table_new(cols, 8);
    if (t == NULL)
        return EXIT_SYSTEM;
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (sel != NULL && !erg_selection_has_rel(sel, r))
            continue;
        char *sources = join(g, r, erg_rel_evidence_count(g, r), evidence_source);
        const char *row[] = {erg_rel_id(g, r),
                             erg_entity_id(g, erg_rel_from(g, r)),
                             erg_rel_type(g, r),
                             erg_entity_id(g, erg_rel_to(g, r)),
                             erg_rel_directed(g, r) ? "yes" : "no",
                             erg_rel_start(g, r),
                             erg_rel_end(g, r),
                             sources ? sources : ""};
        if (!add_row(t, row, sources))
            return EXIT_SYSTEM;
    }
    print_table(t, format);
    return 0;
}

/* ---- neighbors ---- */

static int neighbors(const query_args *a, const erg_graph *g, const erg_selection *sel)
{
    size_t e;
    int status = resolve(g, a->words[0], &e);
    if (status != 0)
        return status;
    erg_neighbor *list = NULL;
    size_t n = 0;
    size_t depth = a->filter.spec.depth ? a->filter.spec.depth : 1;
    if (erg_query_neighbors(&list, &n, g, sel, e, depth, a->filter.spec.direction) != ERG_OK)
        return EXIT_SYSTEM;
    const char *cols[] = {"distance", "id", "type", "name"};
    out_table *t = out_table_new(cols, 4);
    if (t == NULL) {
        erg_free(list);
        return EXIT_SYSTEM;
    }
    out_table_numeric(t, 0);
    for (size_t i = 0; i < n; i++) {
        char d[32];
        fmt_size(d, sizeof(d), list[i].distance);
        size_t x = list[i].entity;
        const char *row[] = {d, erg_entity_id(g, x), erg_entity_type(g, x), erg_entity_name(g, x)};
        if (!out_table_row(t, row))
            status = EXIT_SYSTEM;
    }
    if (n == 0)
        fprintf(stderr, "ergraph: note: \"%s\" is not among the entities the filters keep\n",
                a->words[0]);
    out_table_print(t, stdout, a->format);
    out_table_free(t);
    erg_free(list);
    return status;
}

/* ---- path ---- */

/* " -[label]-> ", " <-[label]- " or " -[label]- " for r walked from u. */
static void print_hop(FILE *f, const erg_graph *g, size_t r, size_t u)
{
    char buf[256];
    const char *text = rel_text(g, r, buf, sizeof(buf));
    if (!erg_rel_directed(g, r))
        fprintf(f, " -[%s]- ", text);
    else if (erg_rel_from(g, r) == u)
        fprintf(f, " -[%s]-> ", text);
    else
        fprintf(f, " <-[%s]- ", text);
}

static void print_quotes_text(FILE *f, const erg_graph *g, size_t r, const char *indent)
{
    for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
        const erg_evidence *ev = erg_rel_evidence(g, r, i);
        if (ev->quote != NULL)
            fprintf(f, "%s\"%s\" (%s)\n", indent, ev->quote, source_name(g, ev->source));
        else
            fprintf(f, "%s(%s)\n", indent, source_name(g, ev->source));
        if (ev->note != NULL)
            fprintf(f, "%s  note: %s\n", indent, ev->note);
    }
}

static void print_rel_json(FILE *f, const erg_graph *g, size_t r)
{
    char buf[256];
    fputs("{\"id\": ", f);
    out_json_string(f, erg_rel_id(g, r));
    fputs(", \"from\": ", f);
    out_json_string(f, erg_entity_id(g, erg_rel_from(g, r)));
    fputs(", \"to\": ", f);
    out_json_string(f, erg_entity_id(g, erg_rel_to(g, r)));
    fputs(", \"type\": ", f);
    out_json_string(f, erg_rel_type(g, r));
    fputs(", \"label\": ", f);
    out_json_string(f, rel_text(g, r, buf, sizeof(buf)));
    fprintf(f, ", \"directed\": %s", erg_rel_directed(g, r) ? "true" : "false");
    fputs(", \"start\": ", f);
    out_json_string(f, erg_rel_start(g, r));
    fputs(", \"end\": ", f);
    out_json_string(f, erg_rel_end(g, r));
    fputs(", \"evidence\": [", f);
    for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
        const erg_evidence *ev = erg_rel_evidence(g, r, i);
        fputs(i ? ", {\"source\": " : "{\"source\": ", f);
        out_json_string(f, source_name(g, ev->source));
        fputs(", \"quote\": ", f);
        out_json_string(f, ev->quote);
        fputs(", \"note\": ", f);
        out_json_string(f, ev->note);
        fputs("}", f);
    }
    fputs("]}", f);
}

static int path(const query_args *a, const erg_graph *g, const erg_selection *sel)
{
    size_t from, to;
    int status;
    if ((status = resolve(g, a->words[0], &from)) != 0 ||
        (status = resolve(g, a->words[1], &to)) != 0)
        return status;
    erg_path_set paths;
    if (erg_query_paths(&paths, g, sel, from, to, a->max_paths ? a->max_paths : 10) != ERG_OK)
        return EXIT_SYSTEM;
    size_t ties[64];
    if (paths.count == 0)
        fprintf(stderr, "ergraph: note: no path links \"%s\" and \"%s\"\n", a->words[0],
                a->words[1]);
    if (a->format == OUT_JSON)
        fputs("[", stdout);
    if (a->format == OUT_TSV)
        fputs("path\tstep\tfrom\trelationship\tto\tdirected\tsource\tquote\n", stdout);
    for (size_t p = 0; p < paths.count; p++) {
        const size_t *chain = paths.entities + p * (paths.length + 1);
        if (a->format == OUT_TEXT) {
            printf("%s%s", p ? "\n" : "", erg_entity_name(g, chain[0]));
            for (size_t i = 0; i < paths.length; i++) {
                erg_query_ties_between(g, sel, chain[i], chain[i + 1], ties, 1);
                print_hop(stdout, g, ties[0], chain[i]);
                fputs(erg_entity_name(g, chain[i + 1]), stdout);
            }
            fputc('\n', stdout);
        } else if (a->format == OUT_JSON) {
            fputs(p ? ",\n  {\"entities\": [" : "\n  {\"entities\": [", stdout);
            for (size_t i = 0; i <= paths.length; i++) {
                fputs(i ? ", " : "", stdout);
                out_json_string(stdout, erg_entity_id(g, chain[i]));
            }
            fputs("], \"steps\": [", stdout);
        }
        for (size_t i = 0; i < paths.length; i++) {
            size_t n = erg_query_ties_between(g, sel, chain[i], chain[i + 1], ties, 64);
            if (a->format == OUT_JSON)
                fputs(i ? ",\n    [" : "\n    [", stdout);
            for (size_t k = 0; k < n && k < 64; k++) {
                size_t r = ties[k];
                if (a->format == OUT_TEXT) {
                    printf("  %s", erg_entity_name(g, erg_rel_from(g, r)));
                    print_hop(stdout, g, r, erg_rel_from(g, r));
                    printf("%s\n", erg_entity_name(g, erg_rel_to(g, r)));
                    print_quotes_text(stdout, g, r, "      ");
                } else if (a->format == OUT_JSON) {
                    fputs(k ? ", " : "", stdout);
                    print_rel_json(stdout, g, r);
                } else {
                    size_t nev = erg_rel_evidence_count(g, r);
                    for (size_t e = 0; e < (nev ? nev : 1); e++) {
                        const erg_evidence *ev = nev ? erg_rel_evidence(g, r, e) : NULL;
                        printf("%zu\t%zu\t", p + 1, i + 1);
                        out_tsv_field(stdout, erg_entity_id(g, erg_rel_from(g, r)));
                        putchar('\t');
                        out_tsv_field(stdout, erg_rel_type(g, r));
                        putchar('\t');
                        out_tsv_field(stdout, erg_entity_id(g, erg_rel_to(g, r)));
                        printf("\t%s\t", erg_rel_directed(g, r) ? "yes" : "no");
                        out_tsv_field(stdout, ev ? source_name(g, ev->source) : "");
                        putchar('\t');
                        out_tsv_field(stdout, ev && ev->quote ? ev->quote : "");
                        putchar('\n');
                    }
                }
            }
            if (a->format == OUT_JSON)
                fputs("]", stdout);
        }
        if (a->format == OUT_JSON)
            fputs("]}", stdout);
    }
    if (a->format == OUT_JSON)
        fputs(paths.count ? "\n]\n" : "]\n", stdout);
    if (paths.truncated)
        fprintf(stderr,
                "ergraph: note: more than %zu shortest paths; showing the first (raise "
                "--max-paths)\n",
                paths.count);
    erg_path_set_release(&paths);
    return 0;
}

/* ---- show ---- */

typedef struct tie_ref {
    const erg_graph *g;
    size_t r;
} tie_ref;

static int tie_order(const void *x, const void *y)
{
    const tie_ref *a = x, *b = y;
    int c = strcmp(erg_rel_type(a->g, a->r), erg_rel_type(b->g, b->r));
    return c ? c : (a->r > b->r) - (a->r < b->r);
}

static int show(const query_args *a, const erg_graph *g, const erg_selection *sel)
{
    size_t e;
    int status = resolve(g, a->words[0], &e);
    if (status != 0)
        return status;
    size_t degree = erg_entity_degree(g, e), n = 0;
    tie_ref *ties = calloc(degree + 1, sizeof(*ties));
    if (ties == NULL)
        return EXIT_SYSTEM;
    for (size_t i = 0; i < degree; i++) {
        size_t r = erg_entity_tie(g, e, i);
        if (sel == NULL || erg_selection_has_rel(sel, r))
            ties[n++] = (tie_ref){g, r};
    }
    qsort(ties, n, sizeof(*ties), tie_order);
    size_t country = erg_entity_country(g, e);
    FILE *f = stdout;
    if (a->format == OUT_JSON) {
        fputs("{\"id\": ", f);
        out_json_string(f, erg_entity_id(g, e));
        fputs(", \"type\": ", f);
        out_json_string(f, erg_entity_type(g, e));
        fputs(", \"name\": ", f);
        out_json_string(f, erg_entity_name(g, e));
        fputs(", \"aliases\": [", f);
        for (size_t i = 0; i < erg_entity_alias_count(g, e); i++) {
            fputs(i ? ", " : "", f);
            out_json_string(f, erg_entity_alias(g, e, i));
        }
        fputs("], \"country\": ", f);
        out_json_string(f, country == ERG_NONE ? NULL : erg_entity_id(g, country));
        fputs(", \"attrs\": {", f);
        for (size_t i = 0; i < erg_entity_attr_count(g, e); i++) {
            const erg_attr *at = erg_entity_attr(g, e, i);
            fputs(i ? ", " : "", f);
            out_json_string(f, at->key);
            fputs(": ", f);
            if (at->kind == ERG_ATTR_STRING)
                out_json_string(f, at->text);
            else
                fputs(at->text, f);
        }
        fputs("}, \"ties\": [", f);
        for (size_t i = 0; i < n; i++) {
            fputs(i ? ",\n    " : "\n    ", f);
            print_rel_json(f, g, ties[i].r);
        }
        fputs(n ? "\n  ]}\n" : "]}\n", f);
    } else if (a->format == OUT_TSV) {
        fputs("relationship\ttype\tfrom\tto\tdirected\tsource\tquote\n", f);
        for (size_t i = 0; i < n; i++) {
            size_t r = ties[i].r, nev = erg_rel_evidence_count(g, r);
            for (size_t k = 0; k < (nev ? nev : 1); k++) {
                const erg_evidence *ev = nev ? erg_rel_evidence(g, r, k) : NULL;
                out_tsv_field(f, erg_rel_id(g, r));
                putc('\t', f);
                out_tsv_field(f, erg_rel_type(g, r));
                putc('\t', f);
                out_tsv_field(f, erg_entity_id(g, erg_rel_from(g, r)));
                putc('\t', f);
                out_tsv_field(f, erg_entity_id(g, erg_rel_to(g, r)));
                fprintf(f, "\t%s\t", erg_rel_directed(g, r) ? "yes" : "no");
                out_tsv_field(f, ev ? source_name(g, ev->source) : "");
                putc('\t', f);
                out_tsv_field(f, ev && ev->quote ? ev->quote : "");
                putc('\n', f);
            }
        }
    } else {
        fprintf(f, "%s (%s)\n", erg_entity_name(g, e), erg_entity_id(g, e));
        fprintf(f, "  type:     %s\n", erg_entity_type(g, e));
        if (erg_entity_alias_count(g, e) > 0) {
            fputs("  aliases: ", f);
            for (size_t i = 0; i < erg_entity_alias_count(g, e); i++)
                fprintf(f, "%s %s", i ? ";" : "", erg_entity_alias(g, e, i));
            fputc('\n', f);
        }
        if (country != ERG_NONE)
            fprintf(f, "  country:  %s (%s)\n", erg_entity_name(g, country),
                    erg_entity_id(g, country));
        for (size_t i = 0; i < erg_entity_attr_count(g, e); i++)
            fprintf(f, "  %s: %s\n", erg_entity_attr(g, e, i)->key, erg_entity_attr(g, e, i)->text);
        if (erg_entity_source_count(g, e) > 0) {
            fputs("  sources: ", f);
            for (size_t i = 0; i < erg_entity_source_count(g, e); i++)
                fprintf(f, "%s %s", i ? "," : "", source_name(g, erg_entity_source(g, e, i)));
            fputc('\n', f);
        }
        fprintf(f, "ties: %zu\n", n);
        for (size_t i = 0; i < n; i++) {
            size_t r = ties[i].r;
            if (i == 0 || strcmp(erg_rel_type(g, r), erg_rel_type(g, ties[i - 1].r)) != 0) {
                size_t same = 0;
                for (size_t k = i;
                     k < n && strcmp(erg_rel_type(g, ties[k].r), erg_rel_type(g, r)) == 0; k++)
                    same++;
                fprintf(f, "  %s (%zu)\n", erg_rel_type(g, r), same);
            }
            fprintf(f, "    %s", erg_entity_name(g, erg_rel_from(g, r)));
            print_hop(f, g, r, erg_rel_from(g, r));
            fputs(erg_entity_name(g, erg_rel_to(g, r)), f);
            if (erg_rel_start(g, r) || erg_rel_end(g, r))
                fprintf(f, "  [%s to %s]", erg_rel_start(g, r) ? erg_rel_start(g, r) : "?",
                        erg_rel_end(g, r) ? erg_rel_end(g, r) : "?");
            fputc('\n', f);
            print_quotes_text(f, g, r, "      ");
        }
    }
    free(ties);
    return 0;
}

/* ---- stats ---- */

static void print_counts_table(const char *what, const erg_count *counts, size_t n,
                               out_format format)
{
    const char *cols[] = {what, "count"};
    out_table *t = out_table_new(cols, 2);
    if (t == NULL)
        return;
    out_table_numeric(t, 1);
    for (size_t i = 0; i < n; i++) {
        char c[32];
        fmt_size(c, sizeof(c), counts[i].count);
        const char *row[] = {counts[i].name, c};
        out_table_row(t, row);
    }
    print_table(t, format);
}

static void print_ranked(const erg_graph *g, const char *what, const erg_ranked *r, size_t n,
                         out_format format)
{
    const char *cols[] = {"id", "name", what};
    out_table *t = out_table_new(cols, 3);
    if (t == NULL)
        return;
    out_table_numeric(t, 2);
    for (size_t i = 0; i < n; i++) {
        char s[64];
        snprintf(s, sizeof(s), "%.6g", r[i].score);
        const char *row[] = {erg_entity_id(g, r[i].entity), erg_entity_name(g, r[i].entity), s};
        out_table_row(t, row);
    }
    print_table(t, format);
}

static int stats(const query_args *a, const erg_graph *g, const erg_selection *sel)
{
    erg_stats st;
    erg_count *ents = NULL, *rels = NULL;
    size_t n_ents = 0, n_rels = 0;
    if (erg_query_stats(&st, g, sel, a->top ? a->top : 10) != ERG_OK)
        return EXIT_SYSTEM;
    if (erg_count_entity_types(&ents, &n_ents, g, sel) != ERG_OK ||
        erg_count_relation_types(&rels, &n_rels, g, sel) != ERG_OK) {
        erg_stats_release(&st);
        erg_free(ents);
        return EXIT_SYSTEM;
    }
    if (a->format == OUT_JSON) {
        printf("{\"entities\": %zu, \"relationships\": %zu, \"linked_pairs\": %zu, "
               "\"density\": %.6g,\n \"components\": [",
               st.entities, st.relationships, st.linked_pairs, st.density);
        for (size_t i = 0; i < st.component_count; i++)
            printf("%s%zu", i ? ", " : "", st.component_sizes[i]);
        fputs("],\n \"entity_types\": {", stdout);
        for (size_t i = 0; i < n_ents; i++) {
            fputs(i ? ", " : "", stdout);
            out_json_string(stdout, ents[i].name);
            printf(": %zu", ents[i].count);
        }
        fputs("},\n \"relationship_types\": {", stdout);
        for (size_t i = 0; i < n_rels; i++) {
            fputs(i ? ", " : "", stdout);
            out_json_string(stdout, rels[i].name);
            printf(": %zu", rels[i].count);
        }
        const char *names[] = {"by_degree", "by_betweenness"};
        const erg_ranked *lists[] = {st.by_degree, st.by_betweenness};
        size_t counts[] = {st.by_degree_count, st.by_betweenness_count};
        fputs("},", stdout);
        for (size_t k = 0; k < 2; k++) {
            printf("\n \"%s\": [", names[k]);
            for (size_t i = 0; i < counts[k]; i++) {
                fputs(i ? ", {\"id\": " : "{\"id\": ", stdout);
                out_json_string(stdout, erg_entity_id(g, lists[k][i].entity));
                printf(", \"score\": %.6g}", lists[k][i].score);
            }
            fputs("],", stdout);
        }
        fputs("\n \"articulation_points\": [", stdout);
        for (size_t i = 0; i < st.articulation_count; i++) {
            fputs(i ? ", " : "", stdout);
            out_json_string(stdout, erg_entity_id(g, st.articulation[i]));
        }
        fputs("]}\n", stdout);
    } else if (a->format == OUT_TSV) {
        fputs("measure\tkey\tvalue\n", stdout);
        printf("count\tentities\t%zu\ncount\trelationships\t%zu\ncount\tlinked_pairs\t%zu\n"
               "density\t\t%.6g\n",
               st.entities, st.relationships, st.linked_pairs, st.density);
        for (size_t i = 0; i < st.component_count; i++)
            printf("component_size\t%zu\t%zu\n", i + 1, st.component_sizes[i]);
        for (size_t i = 0; i < n_ents; i++) {
            fputs("entity_type\t", stdout);
            out_tsv_field(stdout, ents[i].name);
            printf("\t%zu\n", ents[i].count);
        }
        for (size_t i = 0; i < n_rels; i++) {
            fputs("relationship_type\t", stdout);
            out_tsv_field(stdout, rels[i].name);
            printf("\t%zu\n", rels[i].count);
        }
        for (size_t i = 0; i < st.by_degree_count; i++) {
            fputs("degree\t", stdout);
            out_tsv_field(stdout, erg_entity_id(g, st.by_degree[i].entity));
            printf("\t%.6g\n", st.by_degree[i].score);
        }
        for (size_t i = 0; i < st.by_betweenness_count; i++) {
            fputs("betweenness\t", stdout);
            out_tsv_field(stdout, erg_entity_id(g, st.by_betweenness[i].entity));
            printf("\t%.6g\n", st.by_betweenness[i].score);
        }
        for (size_t i = 0; i < st.articulation_count; i++) {
            fputs("articulation_point\t", stdout);
            out_tsv_field(stdout, erg_entity_id(g, st.articulation[i]));
            fputs("\t\n", stdout);
        }
    } else {
        printf("entities: %zu, relationships: %zu, linked pairs: %zu, density: %.4f\n", st.entities,
               st.relationships, st.linked_pairs, st.density);
        printf("components: %zu (sizes:", st.component_count);
        for (size_t i = 0; i < st.component_count && i < 20; i++)
            printf(" %zu", st.component_sizes[i]);
        printf("%s)\n\n", st.component_count > 20 ? " ..." : "");
        print_counts_table("entity type", ents, n_ents, OUT_TEXT);
        putchar('\n');
        print_counts_table("relationship type", rels, n_rels, OUT_TEXT);
        putchar('\n');
        print_ranked(g, "ties", st.by_degree, st.by_degree_count, OUT_TEXT);
        putchar('\n');
        if (st.betweenness_skipped)
            printf("betweenness: skipped, over %d entities; filter first\n", ERG_BETWEENNESS_MAX);
        else
            print_ranked(g, "betweenness", st.by_betweenness, st.by_betweenness_count, OUT_TEXT);
        printf("\narticulation points (%zu):", st.articulation_count);
        for (size_t i = 0; i < st.articulation_count; i++)
            printf("%s %s", i ? "," : "", erg_entity_name(g, st.articulation[i]));
        putchar('\n');
    }
    erg_stats_release(&st);
    erg_free(ents);
    erg_free(rels);
    return 0;
}

static int run(query_kind kind, const char *cmd, int names, int argc, char **argv)
{
    query_args a;
    memset(&a, 0, sizeof(a));
    a.cmd = cmd;
    a.kind = kind;
    a.names = names;
    argc = cli_filter_prepare_argv(argc, argv);
    int status = parse(&a, argc, argv);
    erg_graph *g = NULL;
    erg_selection *sel = NULL;
    if (status != 0)
        goto done;
    if (kind == Q_LIST && strcmp(a.words[0], "entities") != 0 &&
        strcmp(a.words[0], "relationships") != 0) {
        status = cli_usage_error(cmd, "list entities or relationships, not '%s'", a.words[0]);
        goto done;
    }
    if ((status = cli_load(&g, a.files, a.file_count, &a.load)) != 0 ||
        (status = cli_filter_apply(&sel, g, &a.filter)) != 0)
        goto done;
    switch (kind) {
    case Q_SHOW:
        status = show(&a, g, sel);
        break;
    case Q_PATH:
        status = path(&a, g, sel);
        break;
    case Q_NEIGHBORS:
        status = neighbors(&a, g, sel);
        break;
    case Q_STATS:
        status = stats(&a, g, sel);
        break;
    case Q_LIST:
        status = a.words[0][0] == 'e' ? list_entities(g, sel, a.format)
                                      : list_relationships(g, sel, a.format);
        break;
    }
    if (status == 0 && fflush(stdout) != 0) {
        perror("ergraph: standard output");
        status = EXIT_SYSTEM;
    }
done:
    erg_selection_free(sel);
    cli_graph_free(g);
    cli_filter_release(&a.filter);
    return status < 0 ? 0 : status;
}

int cmd_show(int argc, char **argv)
{
    return run(Q_SHOW, "show", 1, argc, argv);
}

int cmd_path(int argc, char **argv)
{
    return run(Q_PATH, "path", 2, argc, argv);
}

int cmd_neighbors(int argc, char **argv)
{
    return run(Q_NEIGHBORS, "neighbors", 1, argc, argv);
}

int cmd_stats(int argc, char **argv)
{
    return run(Q_STATS, "stats", 0, argc, argv);
}

int cmd_list(int argc, char **argv)
{
    return run(Q_LIST, "list", 1, argc, argv);
}
