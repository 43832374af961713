#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

typedef struct progress_line {
    double start, last;
    bool shown;
} progress_line;

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One line on a terminal, rewritten in place, once the load has taken a
 * second: quick loads show nothing. */
static void show_progress(const erg_load_progress *p, void *arg)
{
    progress_line *line = arg;
    double t = seconds();
    if (t - line->start < 1.0 || t - line->last < 0.2)
        return;
    line->last = t;
    line->shown = true;
    fprintf(stderr, "\r\033[Kergraph: reading %s: %.1f of %.1f MB, %zu entities, %zu ties", p->file,
            (double)p->bytes_done / 1e6, (double)p->bytes_total / 1e6, p->entities,
            p->relationships);
    fflush(stderr);
}

int cli_load(erg_graph **out, char *const *paths, int count, const erg_load_options *opts)
{
    erg_load_options with_progress = {0};
    progress_line line = {seconds(), 0, false};
    if (opts != NULL)
        with_progress = *opts;
    /* Only a person watching a terminal wants it; logs and pipes do not. */
    if (isatty(STDERR_FILENO)) {
        with_progress.progress = show_progress;
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
    if (line.shown)
        fputs("\r\033[K", stderr); /* the line goes; the diagnostics stay */
    cli_print_diags(diags);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    erg_diags_free(diags);
    return cli_exit_code(rc);
}
