#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

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
    if (erg_diags_dropped(diags) > 0)
        fprintf(stderr, "ergraph: %zu more errors not shown\n", erg_diags_dropped(diags));
    (void)warnings;
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

void cli_preload(erg_graph *g)
{
    preloaded = g;
}

void cli_graph_free(erg_graph *g)
{
    if (g != preloaded)
        erg_graph_free(g);
}

int cli_load(erg_graph **out, char *const *paths, int count, const erg_load_options *opts)
{
    if (preloaded != NULL) {
        *out = preloaded;
        return 0;
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
    erg_diags *diags = erg_diags_new();
    if (diags == NULL) {
        fprintf(stderr, "ergraph: out of memory\n");
        return EXIT_SYSTEM;
    }
    erg_status rc =
        erg_graph_load_files(out, (const char *const *)paths, (size_t)count, opts, diags);
    cli_progress_end(&line);
    cli_print_diags(diags);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    erg_diags_free(diags);
    return cli_exit_code(rc);
}
