#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "query.h"
#include "summary.h"
#include "worker.h"

/* The page, embedded at build time (cmake/embed.cmake). */
extern const char serve_page_html[];
extern const char serve_page_js[];
extern const char serve_page_css[];

#define SEARCH_MAX 20

static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; "
                          "form-action 'self'; frame-ancestors 'none'";

typedef struct server {
    const erg_graph *g;
    serve_pool *pool;
    const serve_config *cfg;
    char bind[INET6_ADDRSTRLEN + 2]; /* an IPv6 address in brackets */
    unsigned port;
    char *summary; /* /api/summary, made at the start */
    size_t summary_len;
} server;

/* A growing string. */
typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool failed;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *t = realloc(b->s, cap);
        if (t == NULL) {
            b->failed = true;
            return;
        }
        b->s = t;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* s as a JSON string, safe to paste into a page whatever the reader does. */
static void sb_json(sbuf *b, const char *s)
{
    char *quoted = erg_json_quote(s, ERG_JSON_SCRIPT_SAFE);
    if (quoted == NULL) {
        b->failed = true;
        return;
    }
    sb_puts(b, quoted);
    erg_free(quoted);
}

static enum MHD_Result respond(struct MHD_Connection *c, unsigned status, const char *type,
                               const char *body, size_t len, bool copy, const char *disposition)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, (void *)body, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (disposition != NULL)
        MHD_add_response_header(r, "Content-Disposition", disposition);
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
    sbuf b = {0};
    sb_puts(&b, "{\"error\": ");
    sb_json(&b, msg);
    sb_puts(&b, "}\n");
    if (b.failed)
        return MHD_NO;
    enum MHD_Result r = respond(c, status, "application/json", b.s, b.len, true, NULL);
    free(b.s);
    return r;
}

/* The Host header names this server: 127.0.0.1, localhost, the bound
 * address or an --allow-host name, with or without the port. */
static bool host_ok(const server *s, const char *host)
{
    if (host == NULL)
        return false;
    size_t n = strlen(host);
    /* "[::1]:8017": the port follows the bracket. */
    const char *colon = host[0] == '[' ? strchr(host, ']') : host;
    colon = colon != NULL ? strchr(colon, ':') : NULL;
    if (colon != NULL) {
        char port[16];
        snprintf(port, sizeof(port), "%u", s->port);
        if (strcmp(colon + 1, port) != 0)
            return false;
        n = (size_t)(colon - host);
    }
    const char *names[] = {"127.0.0.1", "localhost", "[::1]", s->bind};
    for (size_t i = 0; i < 4; i++)
        if (strlen(names[i]) == n && strncasecmp(host, names[i], n) == 0)
            return true;
    for (size_t i = 0; i < s->cfg->allow_count; i++)
        if (strlen(s->cfg->allow_hosts[i]) == n &&
            strncasecmp(host, s->cfg->allow_hosts[i], n) == 0)
            return true;
    return false;
}

typedef struct format_info {
    const char *name, *type, *ext;
    bool render; /* by `ergraph render`, else `ergraph export` */
} format_info;

static const format_info formats[] = {
    {"view", "application/json", "json", true},
    {"svg", "image/svg+xml", "svg", true},
    {"png", "image/png", "png", true},
    {"pdf", "application/pdf", "pdf", true},
    {"dot", "text/vnd.graphviz; charset=utf-8", "gv", true},
    {"graphml", "application/graphml+xml", "graphml", false},
    {"gexf", "application/xml", "gexf", false},
    {"cytoscape", "application/json", "cyjs", false},
    {"json", "application/json", "json", false},
};

/* Runs argv in a worker and answers with its output or its message. */
static enum MHD_Result run_command(server *s, struct MHD_Connection *c, char **argv,
                                   const char *type, const char *disposition)
{
    serve_result r;
    int rc = serve_pool_run(s->pool, argv, &r);
    if (rc == 1)
        return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                          "every layout worker is busy and the queue is full; retry shortly");
    if (rc != 0)
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "the layout worker failed");
    enum MHD_Result ret;
    if (r.status == 0) {
        ret = respond(c, MHD_HTTP_OK, type, r.out, r.out_len, true, disposition);
    } else {
        char *msg = serve_query_message(r.err, r.err_len);
        unsigned status = r.status == EXIT_USAGE || r.status == EXIT_DATA
                              ? MHD_HTTP_BAD_REQUEST
                              : MHD_HTTP_INTERNAL_SERVER_ERROR;
        ret = send_error(c, status, msg != NULL && msg[0] ? msg : "the command failed");
        free(msg);
    }
    serve_result_release(&r);
    return ret;
}

/* argv: head..., the query's filters, "--", tail... */
static char **make_argv(const char *const *head, size_t nhead, const serve_query *q,
                        const char *const *tail, size_t ntail)
{
    size_t n = nhead + q->count + 1 + ntail;
    char **argv = calloc(n + 1, sizeof(*argv));
    if (argv == NULL)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < nhead; i++)
        argv[k++] = (char *)head[i];
    for (size_t i = 0; i < q->count; i++)
        argv[k++] = q->args[i];
    argv[k++] = "--";
    for (size_t i = 0; i < ntail; i++)
        argv[k++] = (char *)tail[i];
    return argv;
}

static enum MHD_Result api_view(server *s, struct MHD_Connection *c, const serve_query *q)
{
    const char *name = q->format ? q->format : "view";
    const format_info *f = NULL;
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strcmp(name, formats[i].name) == 0)
            f = &formats[i];
    if (f == NULL)
        return send_error(c, MHD_HTTP_BAD_REQUEST,
                          "format= takes view, svg, png, pdf, dot, graphml, gexf, cytoscape "
                          "or json");
    if (q->page != NULL && strcmp(name, "pdf") != 0)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "page= is for format=pdf");
    char page[64] = "";
    if (q->page != NULL)
        snprintf(page, sizeof(page), "--page=%.50s", q->page);
    char timeout[64] = "--layout-timeout=60";
    if (s->cfg->timeout > 0)
        snprintf(timeout, sizeof(timeout), "--layout-timeout=%.17g", s->cfg->timeout);
    const char *engine = s->cfg->engine ? s->cfg->engine : "";
    /* The engine and time limit of the command line, then the page size. */
    const char *render[] = {"render", "-q", "-T", name, timeout, "-K", engine, page};
    size_t nrender = s->cfg->engine ? 7 : 5;
    if (q->page != NULL)
        render[nrender++] = page;
    const char *export[] = {"export", "-f", name};
    const char *tail[] = {"-"};
    char **argv =
        f->render ? make_argv(render, nrender, q, tail, 1) : make_argv(export, 3, q, tail, 1);
    if (argv == NULL)
        return MHD_NO;
    char disposition[64];
    snprintf(disposition, sizeof(disposition), "attachment; filename=\"ergraph%s.%s\"",
             strcmp(name, "view") == 0 ? "-view" : "", f->ext);
    enum MHD_Result r = run_command(s, c, argv, f->type, q->download ? disposition : NULL);
    free(argv);
    return r;
}

static enum MHD_Result api_entity(server *s, struct MHD_Connection *c, const serve_query *q)
{
    if (q->name == NULL || q->name[0] == '\0')
        return send_error(c, MHD_HTTP_BAD_REQUEST, "name= is missing");
    if (q->count > 0)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "/api/entity takes only name=");
    const char *head[] = {"show", "--format=json"};
    const char *tail[] = {q->name, "-"};
    char **argv = make_argv(head, 2, q, tail, 2);
    if (argv == NULL)
        return MHD_NO;
    enum MHD_Result r = run_command(s, c, argv, "application/json", NULL);
    free(argv);
    return r;
}

static enum MHD_Result api_stats(server *s, struct MHD_Connection *c, const serve_query *q)
{
    const char *head[] = {"stats", "--format=json"};
    const char *tail[] = {"-"};
    char **argv = make_argv(head, 2, q, tail, 1);
    if (argv == NULL)
        return MHD_NO;
    enum MHD_Result r = run_command(s, c, argv, "application/json", NULL);
    free(argv);
    return r;
}

static bool has_prefix(const char *s, const char *prefix, size_t n)
{
    return strncasecmp(s, prefix, n) == 0;
}

/* Up to SEARCH_MAX entities whose id, name or an alias starts with q (any
 * case): names first, in the graph's order. The graph is read-only: this
 * runs on the request's thread. */
static enum MHD_Result api_search(server *s, struct MHD_Connection *c, const serve_query *q)
{
    if (q->q == NULL)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "q= is missing");
    if (q->count > 0)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "/api/search takes only q=");
    size_t n = strlen(q->q), found = 0;
    sbuf b = {0};
    sb_puts(&b, "[");
    for (size_t pass = 0; pass < 2 && n > 0; pass++) {
        for (size_t e = 0; e < erg_graph_entity_count(s->g) && found < SEARCH_MAX; e++) {
            const char *match = NULL;
            bool by_name = has_prefix(erg_entity_name(s->g, e), q->q, n) ||
                           has_prefix(erg_entity_id(s->g, e), q->q, n);
            if (pass == 0 && by_name)
                match = erg_entity_name(s->g, e);
            for (size_t a = 0;
                 pass == 1 && !by_name && match == NULL && a < erg_entity_alias_count(s->g, e); a++)
                if (has_prefix(erg_entity_alias(s->g, e, a), q->q, n))
                    match = erg_entity_alias(s->g, e, a);
            if (match == NULL)
                continue;
            sb_puts(&b, found++ ? ",\n {\"id\": " : "\n {\"id\": ");
            sb_json(&b, erg_entity_id(s->g, e));
            sb_puts(&b, ", \"name\": ");
            sb_json(&b, erg_entity_name(s->g, e));
            sb_puts(&b, ", \"type\": ");
            sb_json(&b, erg_entity_type(s->g, e));
            sb_puts(&b, ", \"match\": ");
            sb_json(&b, match);
            sb_puts(&b, "}");
        }
    }
    sb_puts(&b, found ? "\n]\n" : "]\n");
    if (b.failed) {
        free(b.s);
        return MHD_NO;
    }
    enum MHD_Result r = respond(c, MHD_HTTP_OK, "application/json", b.s, b.len, true, NULL);
    free(b.s);
    return r;
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    return strdup(uri);
}

static void completed(void *cls, struct MHD_Connection *c, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    free(*req_cls);
    *req_cls = NULL;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_size, void **req_cls)
{
    server *s = cls;
    (void)version;
    (void)upload_data;
    if (!host_ok(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)))
        return send_error(c, 421,
                          "this server answers to 127.0.0.1, localhost and [::1] only "
                          "(and the names given with --allow-host)");
    if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
        return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD");
    if (*upload_size != 0)
        return send_error(c, MHD_HTTP_BAD_REQUEST, "a GET has no body");
    if (strcmp(url, "/") == 0 || strcmp(url, "/index.html") == 0)
        return respond(c, MHD_HTTP_OK, "text/html; charset=utf-8", serve_page_html,
                       strlen(serve_page_html), false, NULL);
    if (strcmp(url, "/app.js") == 0)
        return respond(c, MHD_HTTP_OK, "text/javascript; charset=utf-8", serve_page_js,
                       strlen(serve_page_js), false, NULL);
    if (strcmp(url, "/app.css") == 0)
        return respond(c, MHD_HTTP_OK, "text/css; charset=utf-8", serve_page_css,
                       strlen(serve_page_css), false, NULL);
    if (strcmp(url, "/api/summary") == 0)
        return respond(c, MHD_HTTP_OK, "application/json", s->summary, s->summary_len, false, NULL);
    enum MHD_Result (*api)(server *, struct MHD_Connection *, const serve_query *) =
        strcmp(url, "/api/view") == 0     ? api_view
        : strcmp(url, "/api/entity") == 0 ? api_entity
        : strcmp(url, "/api/stats") == 0  ? api_stats
        : strcmp(url, "/api/search") == 0 ? api_search
                                          : NULL;
    if (api == NULL)
        return send_error(c, MHD_HTTP_NOT_FOUND, "no such page");
    const char *uri = *req_cls;
    if (uri == NULL) /* out of memory when it was copied */
        return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    const char *qs = strchr(uri, '?');
    qs = qs ? qs + 1 : "";
    /* The fragment never reaches a server, but a client might send it. */
    size_t len = strcspn(qs, "#");
    serve_query q;
    char err[256];
    int rc = serve_query_parse(&q, qs, len, err, sizeof(err));
    enum MHD_Result r;
    if (rc == -1)
        r = send_error(c, MHD_HTTP_BAD_REQUEST, err);
    else if (rc != 0)
        r = send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    else if (strcmp(url, "/api/view") != 0 && (q.format != NULL || q.page != NULL))
        r = send_error(c, MHD_HTTP_BAD_REQUEST, "format= and page= belong to /api/view");
    else if (api != api_entity && q.name != NULL)
        r = send_error(c, MHD_HTTP_BAD_REQUEST, "name= belongs to /api/entity");
    else if (api != api_search && q.q != NULL)
        r = send_error(c, MHD_HTTP_BAD_REQUEST, "q= belongs to /api/search");
    else
        r = api(s, c, &q);
    serve_query_release(&q);
    return r;
}

int serve_run(erg_graph *g, const serve_config *cfg)
{
    server s = {g, NULL, cfg, "127.0.0.1", cfg->port, NULL, 0};
    struct sockaddr_in sa;
    struct sockaddr_in6 sa6;
    memset(&sa, 0, sizeof(sa));
    memset(&sa6, 0, sizeof(sa6));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)cfg->port);
    sa6.sin6_family = AF_INET6;
    sa6.sin6_port = htons((uint16_t)cfg->port);
    bool v6 = false, loopback = true;
    if (cfg->bind != NULL) {
        if (inet_pton(AF_INET, cfg->bind, &sa.sin_addr) == 1) {
            inet_ntop(AF_INET, &sa.sin_addr, s.bind, sizeof(s.bind));
            loopback = (ntohl(sa.sin_addr.s_addr) >> 24) == 127;
        } else if (inet_pton(AF_INET6, cfg->bind, &sa6.sin6_addr) == 1) {
            v6 = true;
            s.bind[0] = '[';
            inet_ntop(AF_INET6, &sa6.sin6_addr, s.bind + 1, sizeof(s.bind) - 2);
            size_t n = strlen(s.bind);
            s.bind[n] = ']';
            s.bind[n + 1] = '\0';
            loopback = IN6_IS_ADDR_LOOPBACK(&sa6.sin6_addr);
        } else {
            return cli_usage_error("serve", "--bind takes an IPv4 or IPv6 address, not '%s'",
                                   cfg->bind);
        }
    } else {
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    }

    /* SIGINT and SIGTERM are waited for by this thread: blocked before
     * the workers and the server's threads exist, so that none of them
     * takes one. A client gone mid-answer is no reason to end. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

#ifdef __GLIBC__
    /* One malloc arena for the connections' threads: with one per thread
     * (glibc's default), the memory of a burst's answers stays resident
     * in each thread's arena afterwards. The work is in the workers. */
    mallopt(M_ARENA_MAX, 1);
#endif
    s.summary = serve_summary(g, cfg->query, &s.summary_len);
    if (s.summary == NULL) {
        fprintf(stderr, "ergraph serve: out of memory\n");
        return EXIT_SYSTEM;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = cfg->workers ? cfg->workers : cores > 0 ? (size_t)cores : 1;
    s.pool = serve_pool_start(g, n, 2 * n);
    if (s.pool == NULL) {
        fprintf(stderr, "ergraph serve: cannot start the layout workers: %s\n", strerror(errno));
        free(s.summary);
        return EXIT_SYSTEM;
    }
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | (v6 ? MHD_USE_IPv6 : 0),
        (uint16_t)cfg->port, NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR,
        v6 ? (struct sockaddr *)&sa6 : (struct sockaddr *)&sa, MHD_OPTION_URI_LOG_CALLBACK, uri_log,
        NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_END);
    if (d == NULL) {
        fprintf(stderr, "ergraph serve: cannot listen on %s:%u (in use? try --port 0)\n", s.bind,
                cfg->port);
        serve_pool_stop(s.pool);
        free(s.summary);
        return EXIT_SYSTEM;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    s.port = info != NULL ? info->port : cfg->port;
    if (!loopback)
        fprintf(stderr,
                "ergraph serve: WARNING: listening on %s, not only on this machine's loopback: "
                "anyone who can reach %s:%u can read the whole graph\n",
                s.bind, s.bind, s.port);
    printf("ergraph: serving %zu entities and %zu relationships with %zu layout workers at "
           "http://%s:%u/ (Ctrl-C stops)\n",
           erg_graph_entity_count(g), erg_graph_relationship_count(g), serve_pool_size(s.pool),
           s.bind, s.port);
    fflush(stdout);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    MHD_stop_daemon(d);
    serve_pool_stop(s.pool);
    free(s.summary);
    fprintf(stderr, "ergraph serve: stopped (%s)\n", sig == SIGINT ? "interrupt" : "terminated");
    return 0;
}
