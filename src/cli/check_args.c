#include "check_args.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cli_check_args_parse(cli_check_args *a, const char *cmd, const char *help, bool texts, int argc,
                         char **argv)
{
    enum { OPT_TEXTS = 256, OPT_STRICT, OPT_FORMAT };
    static const struct option with_texts[] = {{"texts", required_argument, NULL, OPT_TEXTS},
                                               {"strict", no_argument, NULL, OPT_STRICT},
                                               {"format", required_argument, NULL, OPT_FORMAT},
                                               {"output", required_argument, NULL, 'o'},
                                               {"help", no_argument, NULL, 'h'},
                                               {NULL, 0, NULL, 0}};
    /* The same without --texts, so that a typo's suggestion is an option
     * the command takes. */
    const struct option *options = texts ? with_texts : with_texts + 1;
    memset(a, 0, sizeof(*a));
    a->format = OUT_TEXT;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case OPT_TEXTS:
            a->texts = optarg;
            break;
        case OPT_STRICT:
            a->load.strict = true;
            break;
        case OPT_FORMAT:
            if (!out_parse_format(optarg, &a->format) || a->format == OUT_TSV)
                return cli_usage_error(cmd, "--format takes text or json, not '%s'", optarg);
            break;
        case 'o':
            a->output = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            return 0;
        default:
            return cli_bad_option(cmd, argv, "ho:", options);
        }
    }
    if (texts && a->texts == NULL)
        return cli_usage_error(cmd, "--texts DIR is required");
    if (optind >= argc)
        return cli_usage_error(cmd, "no input file");
    a->inputs = argv + optind;
    a->count = argc - optind;
    return -1;
}

int cli_check_load(erg_graph **g, erg_diags **diags, const cli_check_args *a)
{
    *g = NULL;
    *diags = erg_diags_new();
    if (*diags == NULL) {
        fprintf(stderr, "ergraph: out of memory\n");
        return EXIT_SYSTEM;
    }
    return cli_load_diags(g, a->inputs, a->count, &a->load, *diags);
}
