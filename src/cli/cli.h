/* The command-line tool: shared pieces of the subcommands. */
#ifndef ERG_CLI_H
#define ERG_CLI_H

#include <ergraph/ergraph.h>
#include <stdbool.h>
#include <stdio.h>

enum {
    EXIT_DATA = 1,   /* the input is invalid */
    EXIT_USAGE = 2,  /* the command line is */
    EXIT_SYSTEM = 3, /* output or system failure */
    EXIT_SIGNAL = 130
};

/* The exit code for a library status. */
int cli_exit_code(erg_status rc);

/* Prints every diagnostic to stderr, one a line, then a count of the
 * errors and warnings when there are errors. */
void cli_print_diags(const erg_diags *diags);

/* Prints "ergraph CMD: message" and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* One line for an option that getopt_long() refused (unknown, or its
 * value missing), with the closest long option; returns EXIT_USAGE. Call
 * it for '?', with opterr 0. */
struct option;
int cli_bad_option(const char *cmd, char **argv, const char *shorts, const struct option *longs);

/* Loads the files into *out with their diagnostics in `diags` (not
 * printed). Returns 0 or an exit code. */
int cli_load_diags(erg_graph **out, char *const *paths, int count, const erg_load_options *opts,
                   erg_diags *diags);

/* The diagnostics as a JSON array of {file, line, column, path, severity,
 * message} (null where unknown). */
void cli_print_diags_json(FILE *f, const erg_diags *diags);

/* Loads the files; prints diagnostics. Returns 0 and sets *out, or an exit code. */
int cli_load(erg_graph **out, char *const *paths, int count, const erg_load_options *opts);

/*
 * For `ergraph serve`'s workers, which run commands on a graph loaded once:
 * from now on cli_load() gives g without reading its files, and
 * cli_graph_free() leaves g alone (it frees any other graph).
 */
void cli_preload(erg_graph *g);
void cli_graph_free(erg_graph *g);

/*
 * A line of progress on standard error, rewritten in place, for work that
 * has taken a second: only when standard error is a terminal (a person
 * watching; logs and pipes get nothing), at most five times a second.
 * ERGRAPH_PROGRESS_NOW=1 (for tests) shows it from the start.
 */
typedef struct cli_progress {
    bool enabled, shown;
    double start, last, after;
} cli_progress;

void cli_progress_start(cli_progress *p);
/* Prints the line from `fmt` if it is due. */
void cli_progress_show(cli_progress *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Takes the line away (messages that follow stay). */
void cli_progress_end(cli_progress *p);

/*
 * From now on, SIGINT, SIGTERM and SIGHUP remove o's temporary file and
 * end the program by that signal (signals.c); cli_unguard_output() stops
 * removing it (once it is committed or freed).
 */
void cli_guard_output(erg_output *o);
void cli_unguard_output(void);
/* Removes the guarded output's temporary file; async-signal-safe (for a
 * corpus cut short under the reader: see erg_index_options). */
void cli_abandon_output(void);

/* `--stale ok` (taken from the command line by main()): a stale corpus is
 * used, with a warning. */
extern bool cli_stale_ok;

/*
 * Where a text command writes (-o OUT): standard output as it comes, or
 * OUT, whole in memory first and then written by erg_output (a regular
 * file replaced only once complete, anything else written in place), never
 * one of the inputs.
 */
typedef struct cli_text_out {
    FILE *f; /* where to print */
    const char *path;
    char *data;
    size_t len;
    erg_output *output;
} cli_text_out;

/* Opens the output (NULL or "-": standard output) before any work: an
 * output that is an input or cannot be created is reported now. Returns 0
 * or an exit code. */
int cli_text_out_open(cli_text_out *t, const char *path, char *const *inputs, int count);
/* Writes what was printed to OUT when `status` is 0 (and drops it
 * otherwise); returns `status`, or an exit code when writing fails. */
int cli_text_out_close(cli_text_out *t, int status);

int cmd_validate(int argc, char **argv);
int cmd_dot(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_path(int argc, char **argv);
int cmd_neighbors(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_index(int argc, char **argv);

#endif
