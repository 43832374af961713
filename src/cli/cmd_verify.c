#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char help[] =
    "Usage: ergraph verify --texts DIR [--strict] FILE...\n"
    "\n"
    "Checks that every evidence quote occurs in the text of its source, the file\n"
    "DIR/<source id>.txt. White space runs, typographic quotes and dashes are\n"
    "folded before comparing. Each miss is reported as\n"
    "FILE:LINE:COLUMN: quote not found in SOURCE: \"...\" with the closest passage.\n"
    "\n"
    "  --texts DIR  the folder of source texts (required)\n"
    "  --strict     treat warnings in the input as errors\n"
    "  -h, --help   show this help\n"
    "\n"
    "Exit status: 0 every quote found, 1 a quote or a text missing, 2 bad usage.\n";

int cmd_verify(int argc, char **argv)
{
    enum { OPT_TEXTS = 256, OPT_STRICT };
    static const struct option options[] = {{"texts", required_argument, NULL, OPT_TEXTS},
                                            {"strict", no_argument, NULL, OPT_STRICT},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    erg_load_options load = {false};
    const char *texts = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case OPT_TEXTS:
            texts = optarg;
            break;
        case OPT_STRICT:
            load.strict = true;
            break;
        case 'h':
            fputs(help, stdout);
            return 0;
        default:
            return cli_usage_error("verify", "invalid option");
        }
    }
    if (texts == NULL)
        return cli_usage_error("verify", "--texts DIR is required");
    if (optind >= argc)
        return cli_usage_error("verify", "no input file");

    erg_graph *g = NULL;
    int status = cli_load(&g, argv + optind, argc - optind, &load);
    if (status != 0)
        return status;
    erg_diags *diags = erg_diags_new();
    erg_verify_result res = {0, 0, 0};
    erg_status rc = diags ? erg_verify_quotes(g, texts, diags, &res) : ERG_ENOMEM;
    if (diags != NULL)
        cli_print_diags(diags);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    else
        printf("%zu quotes checked: %zu found, %zu not found, %zu without a text\n", res.quotes,
               res.quotes - res.missing - res.no_text, res.missing, res.no_text);
    erg_diags_free(diags);
    erg_graph_free(g);
    return cli_exit_code(rc);
}
