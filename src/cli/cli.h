/* The command-line tool: shared pieces of the subcommands. */
#ifndef ERG_CLI_H
#define ERG_CLI_H

#include <ergraph/ergraph.h>
#include <stdbool.h>

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

#endif
