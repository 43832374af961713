/*
 * What the checking commands (validate, verify) share: their options
 * (--strict, --format text|json, -o, --help, and --texts DIR for verify)
 * and their start (the files loaded with their diagnostics kept for the
 * answer).
 */
#ifndef ERG_CLI_CHECK_ARGS_H
#define ERG_CLI_CHECK_ARGS_H

#include <stdbool.h>

#include "cli.h"
#include "out.h"

typedef struct cli_check_args {
    erg_load_options load;
    out_format format; /* OUT_TEXT or OUT_JSON */
    const char *output;
    const char *texts; /* --texts DIR, when the command takes it */
    char **inputs;
    int count;
} cli_check_args;

/* Parses the command line of `cmd` (with --texts DIR, required, when
 * `texts`). Returns -1 when the command goes on, else its exit status (0
 * after --help, which prints `help`). */
int cli_check_args_parse(cli_check_args *a, const char *cmd, const char *help, bool texts, int argc,
                         char **argv);

/* Makes *diags and loads the inputs into *g (NULL on failure) with their
 * diagnostics. Returns 0 or an exit status: EXIT_SYSTEM, with *diags NULL,
 * when out of memory before anything was read. */
int cli_check_load(erg_graph **g, erg_diags **diags, const cli_check_args *a);

#endif
