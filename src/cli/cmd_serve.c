/* ergraph serve: the graph behind a local web page (src/serve). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "serve.h"

static const char help[] =
    "Usage: ergraph serve [OPTIONS] FILE...\n"
    "\n"
    "Loads the files once and serves a web page to explore them: filters, the\n"
    "diagram laid out by Graphviz, entity cards, downloads. Also an HTTP API\n"
    "(see 'serve' in the README). Ctrl-C stops it.\n"
    "\n"
    "      --port N          listen on port N (default 8017; 0: a free one, printed)\n"
    "      --bind ADDR       listen on this IPv4 address instead of 127.0.0.1 (the\n"
    "                        graph is then readable by whoever reaches it)\n"
    "      --allow-host NAME answer to this Host name too (repeatable; by default\n"
    "                        only 127.0.0.1, localhost and the bound address)\n"
    "      --workers N       layout workers (default: one per core)\n"
    "      --strict          treat warnings in the input as errors\n"
    "  -h, --help            show this help\n";

enum { OPT_PORT = 3000, OPT_BIND, OPT_ALLOW_HOST, OPT_WORKERS, OPT_SSTRICT };

static bool parse_number(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long v = strtoul(s, &end, 10);
    if (*end != '\0' || v > max)
        return false;
    *out = v;
    return true;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option options[] = {{"port", required_argument, NULL, OPT_PORT},
                                            {"bind", required_argument, NULL, OPT_BIND},
                                            {"allow-host", required_argument, NULL, OPT_ALLOW_HOST},
                                            {"workers", required_argument, NULL, OPT_WORKERS},
                                            {"strict", no_argument, NULL, OPT_SSTRICT},
                                            {"help", no_argument, NULL, 'h'},
                                            {NULL, 0, NULL, 0}};
    serve_config cfg = {NULL, 8017, NULL, 0, 0, NULL};
    erg_load_options load = {false};
    const char **hosts = calloc((size_t)argc + 1, sizeof(*hosts));
    if (hosts == NULL)
        return EXIT_SYSTEM;
    int c, status = 0;
    unsigned long v = 0;
    optind = 1;
    while (status == 0 && (c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case OPT_PORT:
            if (!parse_number(optarg, 65535, &v))
                status = cli_usage_error("serve", "--port takes a number from 0 to 65535");
            cfg.port = (unsigned)v;
            break;
        case OPT_BIND:
            cfg.bind = optarg;
            break;
        case OPT_ALLOW_HOST:
            hosts[cfg.allow_count++] = optarg;
            break;
        case OPT_WORKERS:
            if (!parse_number(optarg, 256, &v) || v == 0)
                status = cli_usage_error("serve", "--workers takes a number from 1 to 256");
            cfg.workers = (size_t)v;
            break;
        case OPT_SSTRICT:
            load.strict = true;
            break;
        case 'h':
            fputs(help, stdout);
            free(hosts);
            return 0;
        default:
            status = cli_usage_error("serve", "invalid option");
        }
    }
    if (status == 0 && optind >= argc)
        status = cli_usage_error("serve", "no input file");
    cfg.allow_hosts = hosts;
    erg_graph *g = NULL;
    if (status == 0)
        status = cli_load(&g, argv + optind, argc - optind, &load);
    if (status == 0)
        status = serve_run(g, &cfg);
    erg_graph_free(g);
    free(hosts);
    return status;
}
