#include <stdio.h>

#include "check_args.h"

static const char help[] =
    "Usage: ergraph verify --texts DIR [--strict] FILE...\n"
    "\n"
    "Checks that every evidence quote occurs in the text of its source, the file\n"
    "DIR/<source id>.txt. White space runs, typographic quotes and dashes are\n"
    "folded before comparing. Each miss is reported as\n"
    "FILE:LINE:COLUMN: quote not found in SOURCE: \"...\" with the closest passage.\n"
    "\n"
    "      --texts DIR   the folder of source texts (required)\n"
    "      --strict      treat warnings in the input as errors\n"
    "      --format FMT  text (default) or json: {\"quotes\", \"found\", \"not_found\",\n"
    "                    \"without_text\", \"diagnostics\": [{file, line, column, path,\n"
    "                    severity, message}]}, misses included, on standard output\n"
    "  -o, --output OUT  write to OUT (replaced only once complete)\n"
    "  -h, --help        show this help\n"
    "\n"
    "Exit status: 0 every quote found, 1 a quote or a text missing, 2 bad usage.\n";

int cmd_verify(int argc, char **argv)
{
    cli_check_args a;
    int status = cli_check_args_parse(&a, "verify", help, true, argc, argv);
    if (status >= 0)
        return status;
    cli_text_out out;
    if ((status = cli_text_out_open(&out, a.output, a.inputs, a.count)) != 0)
        return status;
    FILE *f = out.f;
    out_format format = a.format;
    erg_graph *g = NULL;
    erg_verify_result res = {0, 0, 0};
    erg_status rc = ERG_ENOMEM;
    erg_diags *diags = NULL;
    status = cli_check_load(&g, &diags, &a);
    if (diags == NULL)
        goto done;
    if (status == 0) {
        rc = erg_verify_quotes(&res, g, a.texts, diags);
        status = cli_exit_code(rc);
        if (rc == ERG_ENOMEM)
            fprintf(stderr, "ergraph: out of memory\n");
    }
    if (status == EXIT_SYSTEM)
        goto done;
    if (format == OUT_JSON) {
        fputc('{', f);
        if (g != NULL)
            fprintf(f,
                    "\"quotes\": %zu, \"found\": %zu, \"not_found\": %zu, \"without_text\": "
                    "%zu,\n ",
                    res.quotes, res.quotes - res.missing - res.no_text, res.missing, res.no_text);
        fprintf(f, "\"errors\": %zu, \"more_errors\": %zu,\n \"diagnostics\": ",
                erg_diags_error_count(diags), erg_diags_dropped(diags));
        cli_print_diags_json(f, diags);
        fputs("}\n", f);
    } else {
        cli_print_diags(diags);
        if (g != NULL)
            fprintf(f, "%zu quotes checked: %zu found, %zu not found, %zu without a text\n",
                    res.quotes, res.quotes - res.missing - res.no_text, res.missing, res.no_text);
    }
done:;
    /* The answer is written when it is complete: a miss is an answer too. */
    int keep = status == EXIT_DATA ? 0 : status;
    int closed = cli_text_out_close(&out, keep);
    if (closed != keep)
        status = closed;
    erg_diags_free(diags);
    erg_graph_free(g);
    return status;
}
