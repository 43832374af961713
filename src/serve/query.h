/*
 * The query string of `ergraph serve`'s API: keys are the command line's
 * long option names (CLI_FILTER_LONGOPTS, so a filter added there is a key
 * here at once) plus the server's own (format, name, q, page, download).
 */
#ifndef ERG_SERVE_QUERY_H
#define ERG_SERVE_QUERY_H

#include <stdbool.h>
#include <stddef.h>

/* The limits of a query, each exceeded one a 400 with its reason. */
#define SERVE_QUERY_MAX_LENGTH 4096
#define SERVE_QUERY_MAX_KEYS 128
#define SERVE_QUERY_MAX_NAMES 32

typedef struct serve_query {
    char **args; /* the filters as command-line arguments, "--key=value" */
    size_t count, cap;
    char *format, *name, *q, *page; /* the server's keys, or NULL */
    bool download;
    size_t names; /* entity names given (around, exclude, between, connect, component) */
} serve_query;

/*
 * Parses `len` bytes of a query string (what follows '?', still
 * percent-encoded) into q. Returns 0, -1 with the reason in err (a bad
 * query), or -2 when out of memory. q is released by
 * serve_query_release() either way.
 */
int serve_query_parse(serve_query *q, const char *qs, size_t len, char *err, size_t errlen);
void serve_query_release(serve_query *q);

/*
 * A message of the command line made into one of the API: each
 * "--option" of the filter table becomes "option=", the program's prefix
 * ("ergraph render: ") and the "Try ... --help" lines go. Returns a new
 * string (malloc) or NULL.
 */
char *serve_query_message(const char *text, size_t len);

#endif
