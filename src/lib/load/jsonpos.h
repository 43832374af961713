/*
 * Internal: finding places in JSON text without parsing it into values.
 * jansson gives positions for syntax errors only; these functions find the
 * value that a semantic error is about, on the error path, in text that
 * jansson has already accepted.
 */
#ifndef ERG_JSONPOS_H
#define ERG_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* One step of a path: a key (key != NULL) or an array index. */
typedef struct erg_pathstep {
    const char *key;
    size_t index;
} erg_pathstep;

#define ERG_PATH_MAX 8

typedef struct erg_path {
    erg_pathstep steps[ERG_PATH_MAX];
    size_t depth;
} erg_path;

/* Appends "$.a[2].b" (keys that are not plain identifiers as ["k"]). */
void erg_path_format(erg_buf *out, const erg_path *path);

/* Offset of the first byte at or after `at` that is not JSON white space. */
size_t erg_json_skip_ws(const char *text, size_t len, size_t at);

/* Offset just past the JSON value that starts at `at` (assumed valid). */
size_t erg_json_skip_value(const char *text, size_t len, size_t at);

/*
 * Follows `path` from the value starting at `at` and returns the offset of
 * the value it names; with `want_key`, the offset of the last step's key
 * instead. Where the path cannot be followed (a key is absent), returns the
 * offset of the deepest value it reached.
 */
size_t erg_json_locate(const char *text, size_t len, size_t at, const erg_path *path,
                       size_t from_step, bool want_key);

/* Line and column (1-based, column in characters) of byte offset `at`. */
typedef struct erg_linecol {
    long line, column;
} erg_linecol;

/*
 * Remembers the last answer so that offsets met in increasing order cost
 * time linear in the text overall.
 */
typedef struct erg_linecounter {
    const char *text;
    size_t len;
    size_t offset; /* last offset asked */
    size_t line_start;
    long line;
    long chars; /* characters from line_start to offset */
} erg_linecounter;

void erg_linecounter_init(erg_linecounter *lc, const char *text, size_t len);
erg_linecol erg_linecounter_at(erg_linecounter *lc, size_t at);

#endif
