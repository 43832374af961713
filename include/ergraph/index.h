/*
 * Corpora: a loaded graph written to one binary file ("ergraph index"),
 * read back in place through mmap, so that a command on a big graph does
 * not load its JSON files again. The file records its inputs (paths, size,
 * modification time, inode, a hash of the content) and knows when it is
 * stale. See README.md, "Corpora", for the format's guarantees.
 */
#ifndef ERGRAPH_INDEX_H
#define ERGRAPH_INDEX_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "diag.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Whether `path` is a regular file that begins as a corpus does (its
 * header's magic bytes); false for "-", anything unreadable, and JSON. */
ERG_API bool erg_index_is_corpus(const char *path);

typedef struct erg_index_options {
    bool stale_ok;    /* a stale corpus is used (with a warning) instead of refused */
    bool stale_quiet; /* with stale_ok: without the warning */
    bool strict;      /* the load's warnings, reported again, are errors */
    /* For tests: read as if the corpus's address were taken (the pointers
     * are then moved in a private copy). */
    bool relocate;
    /* When the corpus is cut short under the reader (another program
     * truncating it in place), the library writes a line to standard
     * error, calls this (from a signal handler: async-signal-safe calls
     * only; it may be NULL) and ends the process with exit status 3. */
    void (*on_truncated)(void);
} erg_index_options;

/*
 * Opens the corpus at `path`: *out is its graph, read in place (free with
 * erg_graph_free()). The warnings the load gave are added to `diags` again
 * (as errors with opts->strict, and the call then fails). Returns ERG_EIO
 * when it cannot be read, ERG_EDATA (with a diagnostic) when it is not a
 * corpus of this kind, is damaged, or is stale, ERG_ENOMEM. `opts` may be
 * NULL for the defaults.
 */
ERG_API erg_status erg_index_open(erg_graph **out, const char *path, const erg_index_options *opts,
                                  erg_diags *diags);

/*
 * Writes `g`, loaded from the `count` files `inputs` (regular files, as
 * named to the loader) with the diagnostics `warnings`, as a corpus at
 * `path` (a temporary file renamed into place). ERG_EIO or ERG_EUSAGE with
 * a diagnostic, ERG_ENOMEM.
 */
ERG_API erg_status erg_index_write(const erg_graph *g, const erg_diags *warnings,
                                   const char *const *inputs, size_t count, const char *path,
                                   erg_diags *diags);

/* erg_index_open()'s checks and every section's checksum: ERG_OK when the
 * corpus is whole (it may still be stale: *stale says so). */
ERG_API erg_status erg_index_check(const char *path, bool *stale, erg_diags *diags);

/*
 * The inputs the corpus at `path` records, as they were named: *count
 * strings in *paths (free each and the array with erg_free()), and in
 * *same whether every one still has the content it had (by its hash; NULL
 * when not wanted).
 */
ERG_API erg_status erg_index_inputs(const char *path, char ***paths, size_t *count, bool *same,
                                    erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
