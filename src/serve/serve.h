/* `ergraph serve`: the graph behind a local web page (libmicrohttpd). */
#ifndef ERG_SERVE_H
#define ERG_SERVE_H

#include <ergraph/ergraph.h>
#include <stddef.h>

typedef struct serve_config {
    const char *bind;               /* an IPv4 or IPv6 address; NULL: 127.0.0.1 */
    unsigned port;                  /* 0: a free one */
    const char *const *allow_hosts; /* more Host names to answer */
    size_t allow_count;
    size_t workers;     /* 0: one per core */
    const char *query;  /* the page's first view: the command line's filters as a query */
    const char *engine; /* every layout's engine (render -K); NULL: by size */
    double timeout;     /* the layout time limit (render --layout-timeout); 0: its default */
} serve_config;

/*
 * Forks the layout workers, starts the server, prints the address on
 * standard output, and serves until SIGINT or SIGTERM; then stops the
 * server and reaps the workers. Returns an exit code (cli.h).
 */
int serve_run(erg_graph *g, const serve_config *cfg);

#endif
