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

int cli_load(erg_graph **out, char *const *paths, int count, const erg_load_options *opts)
{
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
