/*
 * Internal: the loader's state, shared by the module that reads JSON
 * (load.c, the only one that calls jansson) and the one that resolves
 * references once every file is in (resolve.c).
 */
#ifndef ERG_LOADER_IMPL_H
#define ERG_LOADER_IMPL_H

#include "ergraph/load.h"
#include "graph_impl.h"
#include "jsonpos.h"

typedef struct erg_input {
    char *name;
    char *owned; /* the bytes when the loader read them itself */
    const char *data;
    size_t len;
    erg_linecounter lines;
    bool unreadable_ids; /* entities or sources could not be read as an array */
} erg_input;

struct erg_loader {
    erg_load_options opts;
    erg_diags *diags;
    erg_graph *g;
    erg_input *inputs;
    size_t input_count, input_cap;
    bool out_of_memory;
    size_t alloc_failures; /* erg_alloc_failures() when the loader was made */
    bool data_error;
    bool io_error;
    /* Ids of entities that were reported invalid, or of ones in a file whose
     * syntax error stopped its reading: references to them are not reported
     * again as unknown. */
    erg_strmap broken_ids;
};

/*
 * Reports a problem with the value at `path` inside the element that starts
 * at byte `base` of input `in`; the first `base_depth` steps of the path lead
 * to that element. With `at_key`, points at the last step's key instead of
 * its value. A warning becomes an error under strict loading.
 */
void erg_loader_report(erg_loader *l, erg_severity sev, size_t in, size_t base, size_t base_depth,
                       const erg_path *path, bool at_key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

/* A note of where (FILE:LINE:COLUMN) the value at `path` in the element at
 * `base` of input `in` is, for "first defined at ..." messages. Caller
 * frees with erg_free(); NULL when out of memory. */
char *erg_loader_where(erg_loader *l, size_t in, size_t base, size_t base_depth,
                       const erg_path *path);

/* Resolves references, merges and checks what every file added; then
 * finishes the graph. Reports through the loader. */
erg_status erg_resolve(erg_loader *l);

/* Entity types and relationship types: their spelling rules. */
bool erg_is_entity_type(const char *s);
bool erg_is_relation_type(const char *s);

#endif
