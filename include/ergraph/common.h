/*
 * ergraph: status codes, version and the allocation hook shared by every
 * module.
 */
#ifndef ERGRAPH_COMMON_H
#define ERGRAPH_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ERG_VERSION "0.1.0"

/*
 * Marks the library's public API. libergraph is built with hidden
 * visibility: only what carries this mark is exported (the test lib.exports,
 * tests/scripts/check_symbols.py, compares the exports with these headers).
 */
#if defined(__GNUC__) || defined(__clang__)
#define ERG_API __attribute__((visibility("default")))
#else
#define ERG_API
#endif

/* Every fallible library call returns one of these. */
typedef enum erg_status {
    ERG_OK = 0,
    ERG_EDATA = -1,     /* the input is invalid; details in the diagnostics */
    ERG_EUSAGE = -2,    /* a caller's argument is invalid (unknown name, bad value) */
    ERG_EIO = -3,       /* reading or writing a file failed */
    ERG_ENOMEM = -4,    /* an allocation failed */
    ERG_ETIMEOUT = -5,  /* a layout ran past its time limit */
    ERG_EGRAPHVIZ = -6, /* Graphviz reported an error or crashed */
    ERG_EINTR = -7      /* interrupted by a signal */
} erg_status;

/* A short English phrase for a status ("out of memory"). Never NULL. */
ERG_API const char *erg_status_str(erg_status status);

/* The library's version string, ERG_VERSION at build time. */
ERG_API const char *erg_version(void);

/*
 * Every allocation the library makes goes through these three functions,
 * and so do jansson's while the library parses. Defaults are the C library's.
 * Pass NULL for all three to restore the defaults. Not thread-safe: call
 * before any other ergraph function.
 *
 * After a call, the next load also sets jansson's allocator, process-wide
 * (json_set_alloc_funcs), to one that reports the hook's failures to the
 * loader as ERG_ENOMEM and never hands jansson a NULL, which jansson 2.14
 * does not survive in mid-parse. Make it before anything allocates JSON
 * values; without it, jansson uses malloc() directly. A program that uses
 * jansson itself should not call this while it holds JSON values.
 */
typedef void *(*erg_malloc_fn)(size_t size);
typedef void *(*erg_realloc_fn)(void *ptr, size_t size);
typedef void (*erg_free_fn)(void *ptr);
ERG_API void erg_set_alloc_funcs(erg_malloc_fn m, erg_realloc_fn r, erg_free_fn f);

/* Frees memory that an ergraph function returned with "caller frees". */
ERG_API void erg_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
