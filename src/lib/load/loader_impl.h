/*
 * Internal: the loader's state, shared by the module that reads JSON
 * (load.c, the only one that calls jansson) and the one that resolves
 * references once every file is in (resolve.c).
 */
#ifndef ERG_LOADER_IMPL_H
#define ERG_LOADER_IMPL_H

#include <stdatomic.h>

#include "ergraph/load.h"
#include "model/graph_impl.h"
#include "load/jsonpos.h"

typedef struct erg_input {
    char *name;
    char *owned; /* the bytes when the loader read them itself */
    bool mapped; /* owned is a mapping of the file (see fileio.h) */
    const char *data;
    size_t len;
    size_t released; /* bytes before this are let go (mapped files only) */
    erg_linecounter lines;
    bool unreadable_ids; /* entities or sources could not be read as an array */
    bool split_tried;    /* a split was started on it (split.h) */
} erg_input;

struct erg_loader {
    erg_load_options opts;
    erg_diags *diags;
    erg_graph *g;
    /* Where references are looked up while reading: g itself, or for a
     * helper thread the main loader's graph (read-only meanwhile), or
     * nowhere (NULL: copied and resolved once every file is in). */
    const erg_graph *known;
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

    size_t split_min;        /* arrays this big are read on two threads (split.h) */
    size_t splits;           /* arrays read on two threads, for tests */
    bool naive;              /* tests: convert from one tree of the whole file */
    struct json_t *tree;     /* that tree, while its file is read */
    struct erg_split *split; /* the split under way, for progress */
    erg_names_job names;     /* the name index, once resolving began */
    bool names_started;
    size_t next_progress; /* input offset of the next progress report */
    /* A helper's links to its split; NULL in the main loader. Until
     * *known_ready, `known` is NULL and ids are copied, to be resolved
     * later; then it becomes known_later. */
    const erg_graph *known_later;
    atomic_bool *known_ready;
    atomic_bool *cancel;
    atomic_size_t *pos_out, *rels_out;
};

/* The default for split_min: below it a second thread costs more than it
 * saves. */
#define ERG_SPLIT_MIN ((size_t)16 << 20)

/* Graphs with this many entities or more build their name index on a
 * thread of its own while references are resolved. */
#define ERG_NAMES_THREAD_MIN 10000

/* For tests: read arrays of `bytes` or more on two threads (0: all). */
void erg_loader_set_split_min(erg_loader *l, size_t bytes);
/* For tests: how many arrays were read on two threads. */
size_t erg_loader_split_count(const erg_loader *l);

/*
 * For tests, the naive path: each file is parsed whole into one jansson
 * tree, and the arrays' elements are converted from it (their offsets found
 * by a scan of the text), by the same conversions as the streaming path.
 * A document jansson rejects is read the streaming way, so that its syntax
 * error is reported the same. Nothing else is shared with streaming: the
 * two must give the same graph and the same diagnostics.
 */
void erg_loader_set_naive(erg_loader *l, bool naive);

/* Calls the progress callback, if any, about input `in` read up to `pos`:
 * when forced, or every 2 MB. */
void erg_loader_progress(erg_loader *l, size_t in, size_t pos, bool force);

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

/* Reads input `in` (load.c, the only module that calls jansson), reporting
 * through the loader. */
void erg_parse_input(erg_loader *l, size_t in);

/* Resolves references, merges and checks what every file added; then
 * finishes the graph. Reports through the loader. */
erg_status erg_resolve(erg_loader *l);

/* Entity types and relationship types: their spelling rules. */
bool erg_is_entity_type(const char *s);
bool erg_is_relation_type(const char *s);

#endif
