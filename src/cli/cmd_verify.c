#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "out.h"

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
    enum { OPT_TEXTS = 256, OPT_STRICT, OPT_FORMAT };
    static const struct option options[] = {{"texts", required_argument, NULL, OPT_TEXTS},
                                            {"strict", no_argument, NULL, OPT_STRICT},
                                            {"format", required_argument, NULL, OPT_FORMAT},
                                            {"output", required_argument, NULL, 'o'},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    erg_load_options load = {false};
    const char *texts = NULL, *output = NULL;
    out_format format = OUT_TEXT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case OPT_TEXTS:
            texts = optarg;
            break;
        case OPT_STRICT:
            load.strict = true;
            break;
        case OPT_FORMAT:
            if (!out_parse_format(optarg, &format) || format == OUT_TSV)
                return cli_usage_error("verify", "--format takes text or json, not '%s'", optarg);
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            return 0;
        default:
            return cli_bad_option("verify", argv, "ho:", options);
        }
    }
    if (texts == NULL)
        return cli_usage_error("verify", "--texts DIR is required");
    if (optind >= argc)
        return cli_usage_error("verify", "no input file");

    char **inputs = argv + optind;
    int count = argc - optind;
    cli_text_out out;
    int status = cli_text_out_open(&out, output, inputs, count);
    if (status != 0)
        return status;
    FILE *f = out.f;
    erg_graph *g = NULL;
    erg_verify_result res = {0, 0, 0};
    erg_status rc = ERG_ENOMEM;
    erg_diags *diags = erg_diags_new();
    if (diags == NULL) {
        fprintf(stderr, "ergraph: out of memory\n");
        status = EXIT_SYSTEM;
        goto done;
    }
    status = cli_load_diags(&g, inputs, count, &load, diags);
    if (status == 0) {
        rc = erg_verify_quotes(&res, g, texts, diags);
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
