/* The commands that answer in text: show, path, neighbors, stats, list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "filter_opts.h"
#include "out.h"

typedef enum query_kind { Q_SHOW, Q_PATH, Q_NEIGHBORS, Q_STATS, Q_LIST } query_kind;

typedef struct query_args {
    const char *cmd;
    query_kind kind;
    int names; /* positional names before the files */
    out_format format;
    const char *output; /* -o */
    FILE *out;          /* where the answer goes */
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
               "with every hop's ties and the quotes that support them. With --all-paths,\n"
               "every simple path of at most --max-length steps (default 6), shortest\n"
               "first; --max-length alone keeps the shortest paths if no longer.\n"
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

static const char common_help[] =
    "      --format FMT    text (default, aligned), json or tsv\n"
    "  -o, --output OUT    write to OUT (replaced only once complete)\n"
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
                                            {"output", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            CLI_FILTER_LONGOPTS,
                                            {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'o':
            a->output = optarg;
            break;
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
            return cli_bad_option(a->cmd, argv, "ho:", options);
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
static void print_table(FILE *f, out_table *t, out_format format)
{
    out_table_print(t, f, format);
    out_table_free(t);
}

/* The n texts item(g, i, k) for k < n joined by "; ", those that are NULL
 * left out, in a string to free (NULL when out of memory). */
static char *join(const erg_graph *g, size_t i, size_t n,
                  const char *(*item)(const erg_graph *, size_t, size_t))
{
    char *text = NULL;
    size_t len = 0, shown = 0;
    FILE *mem = open_memstream(&text, &len);
    for (size_t k = 0; mem != NULL && k < n; k++) {
        const char *s = item(g, i, k);
        if (s != NULL)
            fprintf(mem, "%s%s", shown++ ? "; " : "", s);
    }
    if (mem != NULL)
        fclose(mem);
    return text;
}

/* The selection being listed, for evidence_source(), which join() calls
 * without it. */
static const erg_selection *listed_sel;
/* The same texts as a JSON array, in a string to free (NULL when out of
 * memory). */
static char *json_array(const erg_graph *g, size_t i, size_t n,
                        const char *(*item)(const erg_graph *, size_t, size_t))
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem == NULL)
        return NULL;
    fputc('[', mem);
    bool first = true;
    for (size_t k = 0; k < n; k++) {
        const char *text_k = item(g, i, k);
        if (text_k == NULL)
            continue; /* left out, as join() does */
        fputs(first ? "" : ", ", mem);
        out_json_string(mem, text_k);
        first = false;
    }
    fputc(']', mem);
    if (fclose(mem) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static const char *evidence_source(const erg_graph *g, size_t r, size_t k)
{
    if (!erg_selection_has_evidence(listed_sel, r, k))
        return NULL;
    return source_name(g, erg_rel_evidence(g, r, k)->source);
}

/* "stated", "reported, said by Christopher Christie, grade C3": how sure a
 * piece of evidence is, in words. */
static void print_weight(FILE *f, const erg_graph *g, const erg_evidence *ev)
{
    fputs(erg_certainty_name(ev->certainty), f);
    if (ev->attributed_to != ERG_NONE)
        fprintf(f, ", said by %s", erg_entity_name(g, ev->attributed_to));
    char grade[3];
    erg_evidence_grade(g, ev, grade);
    if (grade[0] != '\0')
        fprintf(f, ", grade %s", grade);
}

/* The relationships that contradict r, and who says what. */
static void print_conflicts_text(FILE *f, const erg_graph *g, size_t r, const char *indent)
{
    for (size_t i = 0; i < erg_rel_conflict_count(g, r); i++) {
        size_t o = erg_rel_conflict(g, r, i);
        fprintf(f, "%scontradicted by %s: %s -[%s]-> %s\n", indent, erg_rel_id(g, o),
                erg_entity_name(g, erg_rel_from(g, o)), erg_rel_type(g, o),
                erg_entity_name(g, erg_rel_to(g, o)));
        for (size_t v = 0; v < erg_rel_evidence_count(g, o); v++) {
            const erg_evidence *ev = erg_rel_evidence(g, o, v);
            fprintf(f, "%s  says %s (", indent, source_name(g, ev->source));
            print_weight(f, g, ev);
            fputs(")\n", f);
        }
    }
}

static int list_entities(FILE *f, const erg_graph *g, const erg_selection *sel, out_format format)
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
        char *json = json_array(g, e, erg_entity_alias_count(g, e), erg_entity_alias);
        size_t c = erg_entity_country(g, e);
        const char *row[] = {erg_entity_id(g, e),
                             erg_entity_type(g, e),
                             erg_entity_name(g, e),
                             c == ERG_NONE ? NULL : erg_entity_id(g, c),
                             ties,
                             aliases ? aliases : ""};
        const char *typed[] = {NULL, NULL, NULL, NULL, NULL, json};
        bool ok = aliases != NULL && json != NULL && out_table_row_json(t, row, typed);
        free(aliases);
        free(json);
        if (!ok) {
            out_table_free(t);
            return EXIT_SYSTEM;
        }
    }
    print_table(f, t, format);
    return 0;
}

static int list_relationships(FILE *f, const erg_graph *g, const erg_selection *sel,
                              out_format format)
{
    const char *cols[] = {"id",  "from", "type",      "to",        "directed", "start",
                          "end", "date", "certainty", "contested", "sources"};
    out_table *t = out_table_new(cols, 11);
    if (t == NULL)
        return EXIT_SYSTEM;
    listed_sel = sel;
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (sel != NULL && !erg_selection_has_rel(sel, r))
            continue;
        char *sources = join(g, r, erg_rel_evidence_count(g, r), evidence_source);
        char *json = json_array(g, r, erg_rel_evidence_count(g, r), evidence_source);
        const char *row[] = {erg_rel_id(g, r),
                             erg_entity_id(g, erg_rel_from(g, r)),
                             erg_rel_type(g, r),
                             erg_entity_id(g, erg_rel_to(g, r)),
                             erg_rel_directed(g, r) ? "yes" : "no",
                             erg_rel_start(g, r),
                             erg_rel_end(g, r),
                             erg_rel_date(g, r),
                             erg_certainty_name(erg_selection_rel_certainty(sel, g, r)),
                             erg_rel_conflict_count(g, r) > 0 ? "yes" : "no",
                             sources ? sources : ""};
        const char *typed[] = {
            NULL, NULL, NULL, NULL, erg_rel_directed(g, r) ? "true" : "false",
            NULL, NULL, NULL, NULL, erg_rel_conflict_count(g, r) > 0 ? "true" : "false",
            json};
        bool ok = sources != NULL && json != NULL && out_table_row_json(t, row, typed);
        free(sources);
        free(json);
        if (!ok) {
            out_table_free(t);
            return EXIT_SYSTEM;
        }
    }
    print_table(f, t, format);
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
    out_table_print(t, a->out, a->format);
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

/* The evidence kept of r, each piece with its source and how sure it is,
 * then what contradicts r. */
static void print_quotes_text(FILE *f, const erg_graph *g, const erg_selection *sel, size_t r,
                              const char *indent)
{
    for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
        if (!erg_selection_has_evidence(sel, r, i))
            continue;
        const erg_evidence *ev = erg_rel_evidence(g, r, i);
        if (ev->quote != NULL)
            fprintf(f, "%s\"%s\" (%s; ", indent, ev->quote, source_name(g, ev->source));
        else
            fprintf(f, "%s(%s; ", indent, source_name(g, ev->source));
        print_weight(f, g, ev);
        fputs(")\n", f);
        if (ev->note != NULL)
            fprintf(f, "%s  note: %s\n", indent, ev->note);
    }
    print_conflicts_text(f, g, r, indent);
}

static void print_rel_json(FILE *f, const erg_graph *g, const erg_selection *sel, size_t r)
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
    fputs(", \"date\": ", f);
    out_json_string(f, erg_rel_date(g, r));
    fprintf(f, ", \"certainty\": \"%s\", \"contradicted_by\": [",
            erg_certainty_name(erg_selection_rel_certainty(sel, g, r)));
    for (size_t i = 0; i < erg_rel_conflict_count(g, r); i++) {
        fputs(i ? ", " : "", f);
        out_json_string(f, erg_rel_id(g, erg_rel_conflict(g, r, i)));
    }
    fputs("], \"evidence\": [", f);
    bool first = true;
    for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
        if (!erg_selection_has_evidence(sel, r, i))
            continue;
        const erg_evidence *ev = erg_rel_evidence(g, r, i);
        fputs(first ? "{\"source\": " : ", {\"source\": ", f);
        first = false;
        out_json_string(f, source_name(g, ev->source));
        fputs(", \"quote\": ", f);
        out_json_string(f, ev->quote);
        fputs(", \"note\": ", f);
        out_json_string(f, ev->note);
        fprintf(f,
                ", \"certainty\": \"%s\", \"attributed_to\": ", erg_certainty_name(ev->certainty));
        out_json_string(f,
                        ev->attributed_to != ERG_NONE ? erg_entity_id(g, ev->attributed_to) : NULL);
        char grade[3];
        erg_evidence_grade(g, ev, grade);
        fputs(", \"grade\": ", f);
        out_json_string(f, grade[0] != '\0' ? grade : NULL);
        fputs("}", f);
    }
    fputs("]}", f);
}

/* One tie of step i of path p (numbered from 0), in the format. */
static void print_step_tie(FILE *f, const erg_graph *g, const erg_selection *sel, out_format format,
                           size_t p, size_t i, size_t k, size_t r)
{
    if (format == OUT_TEXT) {
        fprintf(f, "  %s", erg_entity_name(g, erg_rel_from(g, r)));
        print_hop(f, g, r, erg_rel_from(g, r));
        fprintf(f, "%s\n", erg_entity_name(g, erg_rel_to(g, r)));
        print_quotes_text(f, g, sel, r, "      ");
        return;
    }
    if (format == OUT_JSON) {
        fputs(k ? ", " : "", f);
        print_rel_json(f, g, sel, r);
        return;
    }
    size_t nev = erg_rel_evidence_count(g, r);
    for (size_t e = 0; e < (nev ? nev : 1); e++) {
        const erg_evidence *ev = nev ? erg_rel_evidence(g, r, e) : NULL;
        fprintf(f, "%zu\t%zu\t", p + 1, i + 1);
        out_tsv_field(f, erg_entity_id(g, erg_rel_from(g, r)));
        fputc('\t', f);
        out_tsv_field(f, erg_rel_type(g, r));
        fputc('\t', f);
        out_tsv_field(f, erg_entity_id(g, erg_rel_to(g, r)));
        fprintf(f, "\t%s\t", erg_rel_directed(g, r) ? "yes" : "no");
        out_tsv_field(f, ev ? source_name(g, ev->source) : "");
        fputc('\t', f);
        out_tsv_field(f, ev && ev->quote ? ev->quote : "");
        fputc('\n', f);
    }
}

/* Path p (numbered from 0) of `length` steps through chain[0..length]:
 * in text its line of hops, then every tie of each step with its quotes. */
static void print_path(FILE *f, const erg_graph *g, const erg_selection *sel, out_format format,
                       size_t p, const size_t *chain, size_t length)
{
    size_t ties[64];
    if (format == OUT_TEXT) {
        fprintf(f, "%s%s", p ? "\n" : "", erg_entity_name(g, chain[0]));
        for (size_t i = 0; i < length; i++) {
            erg_query_ties_between(g, sel, chain[i], chain[i + 1], ties, 1);
            print_hop(f, g, ties[0], chain[i]);
            fputs(erg_entity_name(g, chain[i + 1]), f);
        }
        fputc('\n', f);
    } else if (format == OUT_JSON) {
        fputs(p ? ",\n  {\"entities\": [" : "\n  {\"entities\": [", f);
        for (size_t i = 0; i <= length; i++) {
            fputs(i ? ", " : "", f);
            out_json_string(f, erg_entity_id(g, chain[i]));
        }
        fputs("], \"steps\": [", f);
    }
    for (size_t i = 0; i < length; i++) {
        size_t n = erg_query_ties_between(g, sel, chain[i], chain[i + 1], ties, 64);
        if (format == OUT_JSON)
            fputs(i ? ",\n    [" : "\n    [", f);
        for (size_t k = 0; k < n && k < 64; k++)
            print_step_tie(f, g, sel, format, p, i, k, ties[k]);
        if (format == OUT_JSON)
            fputs("]", f);
    }
    if (format == OUT_JSON)
        fputs("]}", f);
}

static int path(const query_args *a, const erg_graph *g, const erg_selection *sel)
{
    FILE *f = a->out;
    size_t from, to;
    int status;
    if ((status = resolve(g, a->words[0], &from)) != 0 ||
        (status = resolve(g, a->words[1], &to)) != 0)
        return status;
    /* The shortest paths, or with --all-paths every simple path, of at most
     * --max-length steps; as paths of any lengths. */
    size_t max_paths = a->max_paths ? a->max_paths : 10;
    size_t max_length = a->filter.spec.max_length;
    erg_path_set shortest = {0, 0, NULL, false};
    erg_path_list paths = {0, NULL, NULL, false};
    erg_path_list as_list, *list = &paths;
    size_t *offsets = NULL;
    if (a->filter.spec.all_paths) {
        erg_diags *diags = erg_diags_new();
        if (diags == NULL)
            return EXIT_SYSTEM;
        erg_status rc = erg_query_all_paths(&paths, g, sel, from, to, max_length ? max_length : 6,
                                            max_paths, cli_filter_flags, diags);
        cli_print_diags(diags);
        erg_diags_free(diags);
        if (rc != ERG_OK)
            return cli_exit_code(rc);
    } else {
        if (erg_query_paths(&shortest, g, sel, from, to, max_paths) != ERG_OK)
            return EXIT_SYSTEM;
        if (max_length != 0 && shortest.length > max_length)
            shortest.count = 0, shortest.truncated = false;
        offsets = malloc((shortest.count + 1) * sizeof(size_t));
        if (offsets == NULL) {
            erg_path_set_release(&shortest);
            return EXIT_SYSTEM;
        }
        for (size_t p = 0; p <= shortest.count; p++)
            offsets[p] = p * (shortest.length + 1);
        as_list = (erg_path_list){shortest.count, offsets, shortest.entities, shortest.truncated};
        list = &as_list;
    }
    if (list->count == 0 && max_length != 0)
        fprintf(stderr, "ergraph: note: no path of at most %zu step%s links \"%s\" and \"%s\"\n",
                max_length, max_length == 1 ? "" : "s", a->words[0], a->words[1]);
    else if (list->count == 0)
        fprintf(stderr, "ergraph: note: no path links \"%s\" and \"%s\"\n", a->words[0],
                a->words[1]);
    if (a->format == OUT_JSON)
        fputs("[", f);
    if (a->format == OUT_TSV)
        fputs("path\tstep\tfrom\trelationship\tto\tdirected\tsource\tquote\n", f);
    for (size_t p = 0; p < list->count; p++) {
        const size_t *chain = list->entities + list->offsets[p];
        print_path(f, g, sel, a->format, p, chain, list->offsets[p + 1] - list->offsets[p] - 1);
    }
    if (a->format == OUT_JSON)
        fputs(list->count ? "\n]\n" : "]\n", f);
    if (list->truncated)
        fprintf(stderr,
                "ergraph: note: more than %zu %spaths; showing the first (raise "
                "--max-paths)\n",
                list->count, a->filter.spec.all_paths ? "" : "shortest ");
    erg_path_set_release(&shortest);
    erg_path_list_release(&paths);
    free(offsets);
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

/* What show prints of one entity: its ties in the selection, sorted. */
typedef struct entity_card {
    size_t e, country;
    tie_ref *ties;
    size_t n;
} entity_card;

static void print_card_json(FILE *f, const erg_graph *g, const erg_selection *sel,
                            const entity_card *c)
{
    fputs("{\"id\": ", f);
    out_json_string(f, erg_entity_id(g, c->e));
    fputs(", \"type\": ", f);
    out_json_string(f, erg_entity_type(g, c->e));
    fputs(", \"name\": ", f);
    out_json_string(f, erg_entity_name(g, c->e));
    fputs(", \"aliases\": [", f);
    for (size_t i = 0; i < erg_entity_alias_count(g, c->e); i++) {
        fputs(i ? ", " : "", f);
        out_json_string(f, erg_entity_alias(g, c->e, i));
    }
    fputs("], \"country\": ", f);
    out_json_string(f, c->country == ERG_NONE ? NULL : erg_entity_id(g, c->country));
    fputs(", \"attrs\": {", f);
    for (size_t i = 0; i < erg_entity_attr_count(g, c->e); i++) {
        const erg_attr *at = erg_entity_attr(g, c->e, i);
        fputs(i ? ", " : "", f);
        out_json_string(f, at->key);
        fputs(": ", f);
        if (at->kind == ERG_ATTR_STRING)
            out_json_string(f, at->text);
        else
            fputs(at->text, f);
    }
    fputs("}, \"ties\": [", f);
    for (size_t i = 0; i < c->n; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        print_rel_json(f, g, sel, c->ties[i].r);
    }
    fputs(c->n ? "\n  ]}\n" : "]}\n", f);
}

static void print_card_tsv(FILE *f, const erg_graph *g, const entity_card *c)
{
    fputs("relationship\ttype\tfrom\tto\tdirected\tsource\tquote\n", f);
    for (size_t i = 0; i < c->n; i++) {
        size_t r = c->ties[i].r, nev = erg_rel_evidence_count(g, r);
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
}

static void print_card_text(FILE *f, const erg_graph *g, const erg_selection *sel,
                            const entity_card *c)
{
    fprintf(f, "%s (%s)\n", erg_entity_name(g, c->e), erg_entity_id(g, c->e));
    fprintf(f, "  type:     %s\n", erg_entity_type(g, c->e));
    if (erg_entity_alias_count(g, c->e) > 0) {
        fputs("  aliases: ", f);
        for (size_t i = 0; i < erg_entity_alias_count(g, c->e); i++)
            fprintf(f, "%s %s", i ? ";" : "", erg_entity_alias(g, c->e, i));
        fputc('\n', f);
    }
    if (c->country != ERG_NONE)
        fprintf(f, "  country:  %s (%s)\n", erg_entity_name(g, c->country),
                erg_entity_id(g, c->country));
    for (size_t i = 0; i < erg_entity_attr_count(g, c->e); i++)
        fprintf(f, "  %s: %s\n", erg_entity_attr(g, c->e, i)->key,
                erg_entity_attr(g, c->e, i)->text);
    if (erg_entity_source_count(g, c->e) > 0) {
        fputs("  sources: ", f);
        for (size_t i = 0; i < erg_entity_source_count(g, c->e); i++)
            fprintf(f, "%s %s", i ? "," : "", source_name(g, erg_entity_source(g, c->e, i)));
        fputc('\n', f);
    }
    fprintf(f, "ties: %zu\n", c->n);
    for (size_t i = 0; i < c->n; i++) {
        size_t r = c->ties[i].r;
        if (i == 0 || strcmp(erg_rel_type(g, r), erg_rel_type(g, c->ties[i - 1].r)) != 0) {
            size_t same = 0;
            for (size_t k = i;
                 k < c->n && strcmp(erg_rel_type(g, c->ties[k].r), erg_rel_type(g, r)) == 0; k++)
                same++;
            fprintf(f, "  %s (%zu)\n", erg_rel_type(g, r), same);
        }
        fprintf(f, "    %s", erg_entity_name(g, erg_rel_from(g, r)));
        print_hop(f, g, r, erg_rel_from(g, r));
        fputs(erg_entity_name(g, erg_rel_to(g, r)), f);
        if (erg_rel_date(g, r))
            fprintf(f, "  [%s]", erg_rel_date(g, r));
        else if (erg_rel_start(g, r) || erg_rel_end(g, r))
            fprintf(f, "  [%s to %s]", erg_rel_start(g, r) ? erg_rel_start(g, r) : "?",
                    erg_rel_end(g, r) ? erg_rel_end(g, r) : "?");
        fprintf(f, "  (%s)\n", erg_certainty_name(erg_selection_rel_certainty(sel, g, r)));
        print_quotes_text(f, g, sel, r, "      ");
    }
}

static int show(const query_args *a, const erg_graph *g, const erg_selection *sel)
{
    entity_card c = {0, ERG_NONE, NULL, 0};
    int status = resolve(g, a->words[0], &c.e);
    if (status != 0)
        return status;
    size_t degree = erg_entity_degree(g, c.e);
    if ((c.ties = calloc(degree + 1, sizeof(*c.ties))) == NULL)
        return EXIT_SYSTEM;
    for (size_t i = 0; i < degree; i++) {
        size_t r = erg_entity_tie(g, c.e, i);
        if (sel == NULL || erg_selection_has_rel(sel, r))
            c.ties[c.n++] = (tie_ref){g, r};
    }
    qsort(c.ties, c.n, sizeof(*c.ties), tie_order);
    c.country = erg_entity_country(g, c.e);
    if (a->format == OUT_JSON)
        print_card_json(a->out, g, sel, &c);
    else if (a->format == OUT_TSV)
        print_card_tsv(a->out, g, &c);
    else
        print_card_text(a->out, g, sel, &c);
    free(c.ties);
    return 0;
}

/* ---- stats ---- */

/* A betweenness score: raw (pairs of entities whose shortest paths pass
 * through it, NetworkX's normalized=False) or normalised (divided by the
 * (n-1)(n-2)/2 pairs it could lie between). Text shows four decimals; JSON
 * and TSV the shortest text that reads back as the same double. */
static void fmt_score(char *buf, size_t n, double v, out_format format)
{
    if (format == OUT_TEXT) {
        snprintf(buf, n, "%.4f", v);
        return;
    }
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, n, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}

static double normalised(double raw, size_t entities)
{
    double pairs = entities > 2 ? (double)(entities - 1) * (double)(entities - 2) / 2 : 0;
    return pairs > 0 ? raw / pairs : 0;
}

/* "1 entity", "2 entities" in buf. */
static const char *plural(char *buf, size_t n, size_t count, const char *one, const char *many)
{
    snprintf(buf, n, "%zu %s", count, count == 1 ? one : many);
    return buf;
}

/* The n first counts of `all`, and how many more there are. */
static void print_counts_table(FILE *f, const char *what, const erg_count *counts, size_t n,
                               size_t all)
{
    out_format format = OUT_TEXT;
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
    print_table(f, t, format);
    if (n < all)
        fprintf(f, "(and %zu more)\n", all - n);
}

static void print_ranked(FILE *f, const erg_graph *g, const char *what, const erg_ranked *r,
                         size_t n, size_t entities, out_format format)
{
    bool betweenness = strcmp(what, "betweenness") == 0;
    const char *cols[] = {"id", "name", what, "normalised"};
    out_table *t = out_table_new(cols, betweenness ? 4 : 3);
    if (t == NULL)
        return;
    out_table_numeric(t, 2);
    if (betweenness)
        out_table_numeric(t, 3);
    for (size_t i = 0; i < n; i++) {
        char s[64], norm[64] = "";
        if (betweenness) {
            fmt_score(s, sizeof(s), r[i].score, format);
            fmt_score(norm, sizeof(norm), normalised(r[i].score, entities), format);
        } else {
            snprintf(s, sizeof(s), "%.0f", r[i].score);
        }
        const char *row[] = {erg_entity_id(g, r[i].entity), erg_entity_name(g, r[i].entity), s,
                             norm};
        out_table_row(t, row);
    }
    print_table(f, t, format);
}

/* The betweenness walk's progress on a terminal: entities done of all, and
 * the time left at the pace so far. */
typedef struct stats_progress {
    cli_progress line;
    struct timespec start;
} stats_progress;

static void show_stats_progress(size_t done, size_t total, void *arg)
{
    stats_progress *p = arg;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double spent =
        (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
    if (done == 0) {
        p->start = now;
        return;
    }
    double left = spent / (double)done * (double)(total - done);
    if (left >= 60)
        cli_progress_show(&p->line, "betweenness: %zu of %zu entities, about %.0f min left", done,
                          total, left / 60);
    else
        cli_progress_show(&p->line, "betweenness: %zu of %zu entities, about %.0f s left", done,
                          total, left);
}

/* What stats prints, computed once for any format; --top N limits every
 * table (without it, the rankings show 10 and the counts all). */
typedef struct stats_report {
    erg_stats st;
    erg_count *ents, *rels;
    size_t n_ents, n_rels, n_art; /* shown */
    size_t all_ents, all_rels;    /* there are */
} stats_report;

static void print_stats_json(FILE *f, const erg_graph *g, const stats_report *r)
{
    char num[64], norm[64];
    fprintf(f,
            "{\"entities\": %zu, \"relationships\": %zu, \"linked_pairs\": %zu, "
            "\"density\": %.6g,\n \"components\": [",
            r->st.entities, r->st.relationships, r->st.linked_pairs, r->st.density);
    for (size_t i = 0; i < r->st.component_count; i++)
        fprintf(f, "%s%zu", i ? ", " : "", r->st.component_sizes[i]);
    fputs("],\n \"entity_types\": {", f);
    for (size_t i = 0; i < r->n_ents; i++) {
        fputs(i ? ", " : "", f);
        out_json_string(f, r->ents[i].name);
        fprintf(f, ": %zu", r->ents[i].count);
    }
    fputs("},\n \"relationship_types\": {", f);
    for (size_t i = 0; i < r->n_rels; i++) {
        fputs(i ? ", " : "", f);
        out_json_string(f, r->rels[i].name);
        fprintf(f, ": %zu", r->rels[i].count);
    }
    fputs("},\n \"by_degree\": [", f);
    for (size_t i = 0; i < r->st.by_degree_count; i++) {
        fputs(i ? ", {\"id\": " : "{\"id\": ", f);
        out_json_string(f, erg_entity_id(g, r->st.by_degree[i].entity));
        fprintf(f, ", \"score\": %.0f}", r->st.by_degree[i].score);
    }
    fputs("],\n \"by_betweenness\": ", f);
    if (r->st.betweenness_skipped)
        fputs("null", f);
    else
        fputc('[', f);
    for (size_t i = 0; !r->st.betweenness_skipped && i < r->st.by_betweenness_count; i++) {
        fputs(i ? ", {\"id\": " : "{\"id\": ", f);
        out_json_string(f, erg_entity_id(g, r->st.by_betweenness[i].entity));
        fmt_score(num, sizeof(num), r->st.by_betweenness[i].score, OUT_JSON);
        fmt_score(norm, sizeof(norm), normalised(r->st.by_betweenness[i].score, r->st.entities),
                  OUT_JSON);
        fprintf(f, ", \"score\": %s, \"normalised\": %s}", num, norm);
    }
    fputs(r->st.betweenness_skipped ? ",\n \"articulation_points\": ["
                                    : "],\n \"articulation_points\": [",
          f);
    for (size_t i = 0; i < r->n_art; i++) {
        fputs(i ? ", " : "", f);
        out_json_string(f, erg_entity_id(g, r->st.articulation[i]));
    }
    fputs("]}\n", f);
}

static void print_stats_tsv(FILE *f, const erg_graph *g, const stats_report *r)
{
    char num[64], norm[64];
    fputs("measure\tkey\tvalue\n", f);
    fprintf(f,
            "count\tentities\t%zu\ncount\trelationships\t%zu\ncount\tlinked_pairs\t%zu\n"
            "density\t\t%.6g\n",
            r->st.entities, r->st.relationships, r->st.linked_pairs, r->st.density);
    for (size_t i = 0; i < r->st.component_count; i++)
        fprintf(f, "component_size\t%zu\t%zu\n", i + 1, r->st.component_sizes[i]);
    for (size_t i = 0; i < r->n_ents; i++) {
        fputs("entity_type\t", f);
        out_tsv_field(f, r->ents[i].name);
        fprintf(f, "\t%zu\n", r->ents[i].count);
    }
    for (size_t i = 0; i < r->n_rels; i++) {
        fputs("relationship_type\t", f);
        out_tsv_field(f, r->rels[i].name);
        fprintf(f, "\t%zu\n", r->rels[i].count);
    }
    for (size_t i = 0; i < r->st.by_degree_count; i++) {
        fputs("degree\t", f);
        out_tsv_field(f, erg_entity_id(g, r->st.by_degree[i].entity));
        fprintf(f, "\t%.0f\n", r->st.by_degree[i].score);
    }
    for (size_t i = 0; i < r->st.by_betweenness_count; i++) {
        fmt_score(num, sizeof(num), r->st.by_betweenness[i].score, OUT_TSV);
        fmt_score(norm, sizeof(norm), normalised(r->st.by_betweenness[i].score, r->st.entities),
                  OUT_TSV);
        const char *id = erg_entity_id(g, r->st.by_betweenness[i].entity);
        fputs("betweenness\t", f);
        out_tsv_field(f, id);
        fprintf(f, "\t%s\nbetweenness_normalised\t", num);
        out_tsv_field(f, id);
        fprintf(f, "\t%s\n", norm);
    }
    for (size_t i = 0; i < r->n_art; i++) {
        fputs("articulation_point\t", f);
        out_tsv_field(f, erg_entity_id(g, r->st.articulation[i]));
        fputs("\t\n", f);
    }
}

static void print_stats_text(FILE *f, const erg_graph *g, const stats_report *r)
{
    char num[64], norm[64], pairs[64];
    fprintf(f, "%s, %s, %s, density %.4f\n",
            plural(num, sizeof(num), r->st.entities, "entity", "entities"),
            plural(norm, sizeof(norm), r->st.relationships, "relationship", "relationships"),
            plural(pairs, sizeof(pairs), r->st.linked_pairs, "linked pair", "linked pairs"),
            r->st.density);
    fprintf(f, "components: %zu (sizes:", r->st.component_count);
    for (size_t i = 0; i < r->st.component_count && i < 20; i++)
        fprintf(f, " %zu", r->st.component_sizes[i]);
    fprintf(f, "%s)\n\n", r->st.component_count > 20 ? " ..." : "");
    print_counts_table(f, "entity type", r->ents, r->n_ents, r->all_ents);
    fputc('\n', f);
    print_counts_table(f, "relationship type", r->rels, r->n_rels, r->all_rels);
    fputc('\n', f);
    print_ranked(f, g, "ties", r->st.by_degree, r->st.by_degree_count, r->st.entities, OUT_TEXT);
    fputc('\n', f);
    if (r->st.betweenness_skipped)
        fprintf(f, "betweenness: skipped, over %d entities; filter first\n", ERG_BETWEENNESS_MAX);
    else
        print_ranked(f, g, "betweenness", r->st.by_betweenness, r->st.by_betweenness_count,
                     r->st.entities, OUT_TEXT);
    fprintf(f, "\narticulation points (%zu):", r->st.articulation_count);
    for (size_t i = 0; i < r->n_art; i++)
        fprintf(f, "%s %s", i ? "," : "", erg_entity_name(g, r->st.articulation[i]));
    if (r->n_art < r->st.articulation_count)
        fprintf(f, ", and %zu more", r->st.articulation_count - r->n_art);
    fputc('\n', f);
}

static int stats(const query_args *a, const erg_graph *g, const erg_selection *sel)
{
    stats_report r;
    memset(&r, 0, sizeof(r));
    stats_progress progress;
    cli_progress_start(&progress.line);
    clock_gettime(CLOCK_MONOTONIC, &progress.start);
    erg_status rc =
        erg_query_stats_progress(&r.st, g, sel, a->top ? a->top : 10,
                                 progress.line.enabled ? show_stats_progress : NULL, &progress);
    cli_progress_end(&progress.line);
    if (rc != ERG_OK)
        return EXIT_SYSTEM;
    if (erg_count_entity_types(&r.ents, &r.all_ents, g, sel) != ERG_OK ||
        erg_count_relation_types(&r.rels, &r.all_rels, g, sel) != ERG_OK) {
        erg_stats_release(&r.st);
        erg_free(r.ents);
        return EXIT_SYSTEM;
    }
    r.n_ents = r.all_ents;
    r.n_rels = r.all_rels;
    r.n_art = r.st.articulation_count;
    if (a->top != 0) {
        r.n_ents = r.n_ents < a->top ? r.n_ents : a->top;
        r.n_rels = r.n_rels < a->top ? r.n_rels : a->top;
        r.n_art = r.n_art < a->top ? r.n_art : a->top;
    }
    if (a->format == OUT_JSON)
        print_stats_json(a->out, g, &r);
    else if (a->format == OUT_TSV)
        print_stats_tsv(a->out, g, &r);
    else
        print_stats_text(a->out, g, &r);
    erg_stats_release(&r.st);
    erg_free(r.ents);
    erg_free(r.rels);
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
    cli_text_out out;
    if ((status = cli_text_out_open(&out, a.output, a.files, a.file_count)) != 0)
        goto done;
    a.out = out.f;
    /* Text for a terminal: gathered, then written with its control
     * characters made visible (JSON and TSV escape their own). */
    char *text = NULL;
    size_t text_len = 0;
    if (a.format == OUT_TEXT && (a.out = open_memstream(&text, &text_len)) == NULL) {
        status = cli_text_out_close(&out, EXIT_SYSTEM);
        goto done;
    }
    if ((status = cli_load(&g, a.files, a.file_count, &a.load)) != 0 ||
        (status = cli_filter_apply(&sel, g, &a.filter)) != 0) {
        if (a.out != out.f)
            fclose(a.out);
        free(text);
        status = cli_text_out_close(&out, status);
        goto done;
    }
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
        status = a.words[0][0] == 'e' ? list_entities(a.out, g, sel, a.format)
                                      : list_relationships(a.out, g, sel, a.format);
        break;
    }
    if (a.out != out.f) {
        if (fclose(a.out) != 0 && status == 0)
            status = EXIT_SYSTEM;
        out_visible(out.f, text != NULL ? text : "", text_len);
        free(text);
    }
    status = cli_text_out_close(&out, status);
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
