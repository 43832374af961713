/* Internal: the library's allocation functions, all routed through the hook. */
#ifndef ERG_ALLOC_H
#define ERG_ALLOC_H

#include <stddef.h>

#include "ergraph/common.h"

/* Thread-local state read on every allocation of a parse: the
 * initial-exec model reads it without a call into the dynamic linker
 * (which the general model of a shared library makes on every access). */
#if defined(__GNUC__)
#define ERG_THREAD_LOCAL _Thread_local __attribute__((tls_model("initial-exec")))
#else
#define ERG_THREAD_LOCAL _Thread_local
#endif

void *erg_malloc(size_t size);
void *erg_calloc(size_t count, size_t size);
void *erg_realloc(void *ptr, size_t size);
char *erg_strdup(const char *s);
char *erg_strndup(const char *s, size_t n);

/* How many allocations have failed in this thread so far: compare before
 * and after a call into a library that does not report every failure. */
size_t erg_alloc_failures(void);

/* How many times erg_set_alloc_funcs() has been called: the loader installs
 * erg_json_malloc in jansson at its next parse when this has changed. */
unsigned erg_alloc_generation(void);

/* jansson's allocator, installed after erg_set_alloc_funcs(): it never returns
 * NULL to jansson (see alloc.c). Call erg_json_parse_begin() before each
 * parse; a failure of the hook is then seen in erg_alloc_failures(). */
void *erg_json_malloc(size_t size);
void erg_json_free(void *ptr);
void erg_json_parse_begin(void);

/*
 * Makes room for at least `need` elements of `size` bytes in *items, whose
 * capacity is *cap, growing by half again. Returns ERG_ENOMEM and leaves
 * *items as it was when it cannot.
 */
erg_status erg_grow(void **items, size_t *cap, size_t need, size_t size);

#define ERG_GROW(arr, cap, need) erg_grow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
