/* ergraph serve: the graph behind a local web page (src/serve). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "filter_opts.h"
#include "serve.h"

static const char help[] =
    "Usage: ergraph serve [OPTIONS] FILE...\n"
    "\n"
    "Loads the files once and serves a web page to explore them: filters, the\n"
    "diagram laid out by Graphviz, entity cards, downloads. Also an HTTP API\n"
    "(see 'serve' in the README). Ctrl-C stops it.\n"
    "\n"
    "      --port N          listen on port N (default 8017; 0: a free one, printed)\n"
    "      --bind ADDR       listen on this IPv4 or IPv6 address (::1) instead of\n"
    "                        127.0.0.1 (any other than loopback: the graph is then\n"
    "                        readable by whoever reaches it)\n"
    "      --allow-host NAME answer to this Host name too (repeatable; by default\n"
    "                        only 127.0.0.1, localhost and the bound address)\n"
    "      --workers N       layout workers (default: one per core)\n"
    "  -K, --engine ENGINE   lay every view out with ENGINE (as 'ergraph render -K')\n"
    "      --layout-timeout SEC  stop a layout that runs longer (default 60)\n"
    "      --strict          treat warnings in the input as errors\n"
    "  -h, --help            show this help\n"
    "\n"
    "The filters below, given here, are the view the page opens on (its\n"
    "defaults); the page can change them.\n"
    "\n" CLI_FILTER_HELP;

enum { OPT_PORT = 3000, OPT_BIND, OPT_ALLOW_HOST, OPT_WORKERS, OPT_SSTRICT, OPT_STIMEOUT };

/* Appends key=value to the query string *q (percent-encoded); each
 * '\x1f' in value (between the names of --between and --connect) starts
 * the key again. */
static bool add_query(char **q, size_t *len, const char *key, const char *value)
{
    size_t keys = 1;
    for (const char *p = value; *p; p++)
        keys += *p == '\x1f';
    size_t need = *len + keys * (strlen(key) + 2) + 3 * strlen(value) + 1;
    char *t = realloc(*q, need);
    if (t == NULL)
        return false;
    *q = t;
    size_t at = *len;
    at += (size_t)snprintf(t + at, need - at, "%s%s=", at ? "&" : "", key);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (*p == 0x1f) {
            at += (size_t)snprintf(t + at, need - at, "&%s=", key);
        } else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                   (*p >= '0' && *p <= '9') || strchr("-_.,~", *p) != NULL) {
            t[at++] = (char)*p;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            t[at++] = '%';
            t[at++] = hex[*p >> 4];
            t[at++] = hex[*p & 15];
        }
    }
    t[at] = '\0';
    *len = at;
    return true;
}

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
    static const struct option options[] = {
        {"port", required_argument, NULL, OPT_PORT},
        {"bind", required_argument, NULL, OPT_BIND},
        {"allow-host", required_argument, NULL, OPT_ALLOW_HOST},
        {"workers", required_argument, NULL, OPT_WORKERS},
        {"strict", no_argument, NULL, OPT_SSTRICT},
        {"engine", required_argument, NULL, 'K'},
        {"layout-timeout", required_argument, NULL, OPT_STIMEOUT},
        {"help", no_argument, NULL, 'h'},
        CLI_FILTER_LONGOPTS,
        {NULL, 0, NULL, 0}};
    serve_config cfg = {NULL, 8017, NULL, 0, 0, NULL, NULL, 0};
    cli_filter filter;
    memset(&filter, 0, sizeof(filter));
    char *query = NULL;
    size_t query_len = 0;
    argc = cli_filter_prepare_argv(argc, argv);
    erg_load_options load = {false};
    const char **hosts = calloc((size_t)argc + 1, sizeof(*hosts));
    if (hosts == NULL)
        return EXIT_SYSTEM;
    int c, status = 0;
    unsigned long v = 0;
    optind = 1;
    while (status == 0 && (c = getopt_long(argc, argv, "K:h", options, NULL)) != -1) {
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
        case 'K':
            if (!erg_render_engine_known(optarg))
                status = cli_usage_error(
                    "serve", "unknown engine '%s' (use dot, neato, fdp, sfdp, circo or twopi)",
                    optarg);
            cfg.engine = optarg;
            break;
        case OPT_STIMEOUT: {
            char *end;
            cfg.timeout = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || !(cfg.timeout > 0) || cfg.timeout > 86400)
                status =
                    cli_usage_error("serve", "--layout-timeout takes seconds, from 0.1 to 86400");
            break;
        }
        case 'h':
            fputs(help, stdout);
            free(hosts);
            cli_filter_release(&filter);
            return 0;
        case '?':
            status = cli_bad_option("serve", argv, "K:h", options);
            break;
        default: {
            /* A filter: checked as the command line checks it, and kept
             * as the query of the page's first view. */
            const struct option *o = options;
            while (o->name != NULL && o->val != c)
                o++;
            status = cli_filter_option(&filter, "serve", c, optarg);
            if (status == 0 && o->name != NULL &&
                !add_query(&query, &query_len, o->name, optarg ? optarg : "1")) {
                fprintf(stderr, "ergraph: out of memory\n");
                status = EXIT_SYSTEM;
            }
        }
        }
    }
    cli_filter_finish(&filter);
    cfg.query = query;
    if (status == 0 && optind >= argc)
        status = cli_usage_error("serve", "no input file");
    cfg.allow_hosts = hosts;
    erg_graph *g = NULL;
    /* Where serve gets its graph: the files, loaded once (an index made
     * by `ergraph index` will be read here too). */
    if (status == 0)
        status = cli_load(&g, argv + optind, argc - optind, &load);
    /* The first view's filters on this graph: an unknown name is said now. */
    erg_selection *sel = NULL;
    if (status == 0)
        status = cli_filter_apply(&sel, g, &filter);
    erg_selection_free(sel);
    if (status == 0)
        status = serve_run(g, &cfg);
    erg_graph_free(g);
    free(hosts);
    free(query);
    cli_filter_release(&filter);
    return status;
}
