/*
 * Loading relationship files (format "ergraph/1", see graphs/FORMAT.md) into a
 * graph. Several files merge into one graph: entities and sources with the
 * same id are united, relationships are kept side by side.
 *
 * Every problem becomes a diagnostic with the file, line and column of the
 * offending value and its JSON path; the loader reports as many as it can
 * (up to ERG_DIAGS_MAX errors) instead of stopping at the first.
 */
#ifndef ERGRAPH_LOAD_H
#define ERGRAPH_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "diag.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where a load is, for a progress display. */
typedef struct erg_load_progress {
    const char *file;     /* the file being read, as named */
    size_t bytes_done;    /* of this file, read so far */
    size_t bytes_total;   /* its size, or what is known of it */
    size_t entities;      /* read so far, all files together */
    size_t relationships; /* read so far, all files together */
} erg_load_progress;

typedef struct erg_load_options {
    bool strict; /* every warning is an error */
    /*
     * 0: the library's choice (a big file's relationships are read on two
     * threads, which then both call the allocation functions of
     * erg_set_alloc_funcs: they must be thread-safe); 1: one thread.
     */
    unsigned threads;
    /*
     * When not NULL, called now and then while files are read (about every
     * 2 MB, and every 0.1 s while waiting for the second thread), from the
     * thread that called the load, and once at the end of each file. It
     * only reports; it must not call the loader.
     */
    void (*progress)(const erg_load_progress *progress, void *arg);
    void *progress_arg;
} erg_load_options;

typedef struct erg_loader erg_loader;

/* A loader that reports into `diags` (borrowed; must outlive the loader).
 * `opts` may be NULL for the defaults. NULL when out of memory. */
ERG_API erg_loader *erg_loader_new(const erg_load_options *opts, erg_diags *diags);
ERG_API void erg_loader_free(erg_loader *loader);

/*
 * Reads one file ("-" is standard input) and adds what it holds. Returns
 * ERG_EIO when it cannot be read, ERG_EDATA when it is invalid, ERG_ENOMEM;
 * each with a diagnostic but ERG_ENOMEM. Later files are still worth adding
 * after ERG_EDATA, to report their problems too.
 */
ERG_API erg_status erg_loader_add_file(erg_loader *loader, const char *path);

/* The same for bytes in memory; `name` is used in diagnostics. The bytes
 * must stay valid until erg_loader_finish() returns. */
ERG_API erg_status erg_loader_add_buffer(erg_loader *loader, const char *name, const char *data,
                                         size_t len);

/*
 * Resolves references between everything added and builds the indexes. On
 * ERG_OK, *out is the graph; caller frees with erg_graph_free(). On any
 * error (including errors from earlier adds), *out is NULL.
 */
ERG_API erg_status erg_loader_finish(erg_loader *loader, erg_graph **out);

/* Convenience: a loader over `count` files. */
ERG_API erg_status erg_graph_load_files(erg_graph **out, const char *const *paths, size_t count,
                                        const erg_load_options *opts, erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
