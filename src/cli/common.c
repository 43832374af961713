#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "out.h"

int cli_exit_code(erg_status rc)
{
    switch (rc) {
    case ERG_OK:
        return 0;
    case ERG_EDATA:
        return EXIT_DATA;
    case ERG_EUSAGE:
        return EXIT_USAGE;
    case ERG_EINTR:
        return EXIT_SIGNAL;
    case ERG_EIO:
    case ERG_ENOMEM:
    case ERG_ETIMEOUT:
    case ERG_EGRAPHVIZ:
        return EXIT_SYSTEM;
    }
    return EXIT_SYSTEM;
}

void cli_print_diags(const erg_diags *diags)
{
    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < erg_diags_count(diags); i++) {
        const erg_diag *d = erg_diags_get(diags, i);
        char *line = erg_diag_format(d);
        fprintf(stderr, "%s%s\n", d->file ? "" : "ergraph: ", line ? line : d->message);
        erg_free(line);
        if (d->severity == ERG_ERROR)
            errors++;
        else
            warnings++;
    }
    (void)warnings;
    /* What the list could not keep, by severity: "2 more errors and 101
     * more warnings not shown". */
    static const struct {
        erg_severity severity;
        const char *one, *many;
    } kinds[] = {{ERG_ERROR, "error", "errors"},
                 {ERG_WARNING, "warning", "warnings"},
                 {ERG_NOTE, "note", "notes"}};
    size_t parts = 0, shown = 0;
    for (size_t k = 0; k < 3; k++)
        parts += erg_diags_dropped_of(diags, kinds[k].severity) > 0;
    for (size_t k = 0; k < 3; k++) {
        size_t n = erg_diags_dropped_of(diags, kinds[k].severity);
        if (n == 0)
            continue;
        fprintf(stderr, "%s%zu more %s",
                shown == 0           ? "ergraph: "
                : shown + 1 == parts ? " and "
                                     : ", ",
                n, n == 1 ? kinds[k].one : kinds[k].many);
        shown++;
    }
    if (shown > 0)
        fputs(" not shown\n", stderr);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "ergraph%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'ergraph %s%s--help'.\n", cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

/* Edit distance of a and b, for "did you mean" (short strings). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return (size_t)-1;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

int cli_bad_option(const char *cmd, char **argv, const char *shorts, const struct option *longs)
{
    const char *arg = argv[optind - 1];
    const char *name = cmd ? cmd : "";
    if (strncmp(arg, "--", 2) == 0) {
        size_t len = strcspn(arg + 2, "=");
        if (optopt != 0) {
            fprintf(stderr, "ergraph %s: option '--%.*s' needs a value; see 'ergraph %s --help'\n",
                    name, (int)len, arg + 2, name);
            return EXIT_USAGE;
        }
        char given[64];
        snprintf(given, sizeof(given), "%.*s", (int)(len < 63 ? len : 63), arg + 2);
        const char *best = NULL;
        size_t best_d = given[0] != '\0' && len < 6 ? 2 : len / 3 + 1;
        for (const struct option *o = longs; o != NULL && o->name != NULL; o++) {
            size_t d = strncmp(o->name, given, strlen(given)) == 0 ? 1 : distance(given, o->name);
            if (d < best_d) {
                best_d = d;
                best = o->name;
            }
        }
        if (best != NULL)
            fprintf(stderr,
                    "ergraph %s: unknown option '--%s' (did you mean '--%s'?); see 'ergraph %s "
                    "--help'\n",
                    name, given, best, name);
        else
            fprintf(stderr, "ergraph %s: unknown option '--%s'; see 'ergraph %s --help'\n", name,
                    given, name);
        return EXIT_USAGE;
    }
    if (optopt != 0 && strchr(shorts, optopt) != NULL)
        fprintf(stderr, "ergraph %s: option '-%c' needs a value; see 'ergraph %s --help'\n", name,
                optopt, name);
    else
        fprintf(stderr, "ergraph %s: unknown option '-%c'; see 'ergraph %s --help'\n", name,
                optopt ? optopt : '?', name);
    return EXIT_USAGE;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cli_progress_start(cli_progress *p)
{
    p->enabled = isatty(STDERR_FILENO);
    p->shown = false;
    p->start = seconds();
    p->last = 0;
    p->after = 1.0;
    /* For tests: show it from the start. */
    const char *now = getenv("ERGRAPH_PROGRESS_NOW");
    if (now != NULL && strcmp(now, "1") == 0)
        p->after = p->start = 0;
}

void cli_progress_show(cli_progress *p, const char *fmt, ...)
{
    if (!p->enabled)
        return;
    double t = seconds();
    if (t - p->start < p->after || t - p->last < 0.2)
        return;
    p->last = t;
    p->shown = true;
    fputs("\r\033[Kergraph: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
}

void cli_progress_end(cli_progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = false;
}

static void show_load_progress(const erg_load_progress *p, void *arg)
{
    cli_progress_show(arg, "reading %s: %.1f of %.1f MB, %zu entities, %zu ties", p->file,
                      (double)p->bytes_done / 1e6, (double)p->bytes_total / 1e6, p->entities,
                      p->relationships);
}

static erg_graph *preloaded;

bool cli_stale_ok;

void cli_preload(erg_graph *g)
{
    preloaded = g;
}

void cli_graph_free(erg_graph *g)
{
    if (g != preloaded)
        erg_graph_free(g);
}

int cli_load_diags(erg_graph **out, char *const *paths, int count, const erg_load_options *opts,
                   erg_diags *diags)
{
    if (preloaded != NULL) {
        *out = preloaded;
        return 0;
    }
    /* A corpus (ergraph index), known by its header, stands alone. */
    for (int i = 0; i < count; i++) {
        if (!erg_index_is_corpus(paths[i]))
            continue;
        if (count != 1) {
            erg_diags_add(diags, ERG_ERROR, paths[i], 0, 0, NULL,
                          "a corpus stands alone: give it without other files");
            return EXIT_DATA;
        }
        erg_index_options io = {0};
        io.stale_ok = cli_stale_ok;
        io.strict = opts != NULL && opts->strict;
        io.on_truncated = cli_abandon_output;
        /* For tests: as if the corpus's own address were taken. */
        const char *moved = getenv("ERGRAPH_INDEX_RELOCATE");
        io.relocate = moved != NULL && strcmp(moved, "1") == 0;
        erg_status irc = erg_index_open(out, paths[i], &io, diags);
        if (irc == ERG_ENOMEM)
            fprintf(stderr, "ergraph: out of memory\n");
        return cli_exit_code(irc);
    }
    erg_load_options with_progress = {0};
    cli_progress line;
    cli_progress_start(&line);
    if (opts != NULL)
        with_progress = *opts;
    if (line.enabled) {
        with_progress.progress = show_load_progress;
        with_progress.progress_arg = &line;
    }
    opts = &with_progress;
    erg_status rc =
        erg_graph_load_files(out, (const char *const *)paths, (size_t)count, opts, diags);
    cli_progress_end(&line);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    return cli_exit_code(rc);
}

int cli_load(erg_graph **out, char *const *paths, int count, const erg_load_options *opts)
{
    erg_diags *diags = erg_diags_new();
    if (diags == NULL) {
        fprintf(stderr, "ergraph: out of memory\n");
        return EXIT_SYSTEM;
    }
    int status = cli_load_diags(out, paths, count, opts, diags);
    cli_print_diags(diags);
    erg_diags_free(diags);
    return status;
}

static void json_or_null(FILE *f, const char *s)
{
    if (s == NULL)
        fputs("null", f);
    else
        out_json_string(f, s);
}

void cli_print_diags_json(FILE *f, const erg_diags *diags)
{
    static const char *const severities[] = {"note", "warning", "error"};
    size_t n = erg_diags_count(diags);
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        const erg_diag *d = erg_diags_get(diags, i);
        fputs(i ? ",\n  {\"file\": " : "\n  {\"file\": ", f);
        json_or_null(f, d->file);
        if (d->line > 0)
            fprintf(f, ", \"line\": %ld", d->line);
        else
            fputs(", \"line\": null", f);
        if (d->column > 0)
            fprintf(f, ", \"column\": %ld", d->column);
        else
            fputs(", \"column\": null", f);
        fputs(", \"path\": ", f);
        json_or_null(f, d->path);
        fprintf(f, ", \"severity\": \"%s\", \"message\": ", severities[d->severity]);
        out_json_string(f, d->message);
        fputc('}', f);
    }
    fputs(n ? "\n ]" : "]", f);
}

int cli_text_out_open(cli_text_out *t, const char *path, char *const *inputs, int count)
{
    memset(t, 0, sizeof(*t));
    t->f = stdout;
    if (path == NULL || strcmp(path, "-") == 0)
        return 0;
    t->path = path;
    erg_diags *diags = erg_diags_new();
    if (diags == NULL) {
        fprintf(stderr, "ergraph: out of memory\n");
        return EXIT_SYSTEM;
    }
    erg_status rc =
        erg_output_check_not_input(path, (const char *const *)inputs, (size_t)count, diags);
    if (rc == ERG_OK)
        rc = erg_output_open(&t->output, path, diags);
    cli_print_diags(diags);
    erg_diags_free(diags);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    if (rc != ERG_OK)
        return cli_exit_code(rc);
    cli_guard_output(t->output);
    t->f = open_memstream(&t->data, &t->len);
    if (t->f == NULL) {
        fprintf(stderr, "ergraph: out of memory\n");
        cli_unguard_output();
        erg_output_free(t->output);
        t->output = NULL;
        return EXIT_SYSTEM;
    }
    return 0;
}

int cli_text_out_close(cli_text_out *t, int status)
{
    if (t->path == NULL) {
        if (status == 0 && fflush(stdout) != 0) {
            perror("ergraph: standard output");
            status = EXIT_SYSTEM;
        }
        return status;
    }
    if (t->f != NULL && fclose(t->f) != 0 && status == 0) {
        fprintf(stderr, "ergraph: out of memory\n");
        status = EXIT_SYSTEM;
    }
    t->f = NULL;
    if (status == 0 && t->output != NULL) {
        erg_diags *diags = erg_diags_new();
        erg_status rc =
            diags == NULL ? ERG_ENOMEM : erg_output_commit(t->output, t->data, t->len, diags);
        if (diags != NULL)
            cli_print_diags(diags);
        erg_diags_free(diags);
        if (rc == ERG_ENOMEM)
            fprintf(stderr, "ergraph: out of memory\n");
        status = cli_exit_code(rc);
    }
    cli_unguard_output();
    erg_output_free(t->output);
    t->output = NULL;
    free(t->data);
    t->data = NULL;
    return status;
}
