/*
 * `ergraph serve`'s layout workers: processes forked once the graph is
 * loaded and before any thread starts, each single-threaded, each running
 * the command line's own commands (render, export, show, stats) on the
 * loaded graph, one at a time, fed over a pipe. A threaded process must
 * not fork; a worker may (erg_render forks its layout child).
 */
#ifndef ERG_SERVE_WORKER_H
#define ERG_SERVE_WORKER_H

#include <ergraph/ergraph.h>
#include <stddef.h>

typedef struct serve_pool serve_pool;

typedef struct serve_result {
    int status; /* the command's exit code */
    char *out;  /* its standard output (malloc) */
    size_t out_len;
    char *err; /* its standard error (malloc, NUL-terminated) */
    size_t err_len;
} serve_result;

/* Forks n workers (at least 1) that serve g; at most `queue` requests wait
 * for one. Call before any thread starts. NULL on failure (errno). */
serve_pool *serve_pool_start(erg_graph *g, size_t n, size_t queue);

size_t serve_pool_size(const serve_pool *p);

/*
 * Runs the command argv[0] with arguments argv[1..] (NULL-terminated) in a
 * free worker, waiting for one. Returns 0 and fills r; 1 when the queue is
 * full (nothing run); -1 when the workers failed or memory ran out.
 */
int serve_pool_run(serve_pool *p, char *const *argv, serve_result *r);
void serve_result_release(serve_result *r);

/* Ends the workers (each finishes its command first) and reaps them. */
void serve_pool_stop(serve_pool *p);

#endif
