#include "util/alloc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Allocations that failed in this thread: a parser that cannot say "out
 * of memory" (jansson reports some as syntax errors) is checked by it. */
static ERG_THREAD_LOCAL size_t failures;

static erg_malloc_fn hook_malloc = malloc;
static erg_realloc_fn hook_realloc = realloc;
static erg_free_fn hook_free = free;
/* Bumped by each erg_set_alloc_funcs(): the loader compares it with the
 * value it last saw and then hands jansson erg_json_malloc (a utility
 * never calls up into the loader). */
static unsigned hooks_generation;

void erg_set_alloc_funcs(erg_malloc_fn m, erg_realloc_fn r, erg_free_fn f)
{
    if (m == NULL || r == NULL || f == NULL) {
        m = malloc;
        r = realloc;
        f = free;
    }
    hook_malloc = m;
    hook_realloc = r;
    hook_free = f;
    hooks_generation++;
}

unsigned erg_alloc_generation(void)
{
    return hooks_generation;
}

/*
 * jansson's allocator. jansson 2.14 is not safe when an allocation fails in
 * the middle of a token: its lexer ignores a failed append to the token's
 * buffer, then decodes a string past the buffer's end (a heap overflow) or
 * trips an assertion over a lost character (found by the
 * allocation-failure test; upstream still does it). So jansson never sees a
 * failure: after the hook fails, the rest of the parse is served by the C
 * library, the failure is counted (erg_alloc_failures(), which the loader
 * checks after each parse and then reports ERG_ENOMEM), and each block's
 * header says which allocator it came from. When the C library fails too
 * there is no safe way on: abort() rather than corrupt memory.
 */
typedef union json_block {
    bool from_libc;
    max_align_t align;
} json_block;

static ERG_THREAD_LOCAL bool json_use_libc;

void erg_json_parse_begin(void)
{
    json_use_libc = false;
}

void *erg_json_malloc(size_t size)
{
    if (size > SIZE_MAX - sizeof(json_block))
        return NULL; /* jansson handles this one: nothing was half-done */
    json_block *b = NULL;
    if (!json_use_libc) {
        b = erg_malloc(sizeof(*b) + size);
        json_use_libc = b == NULL;
    }
    if (b == NULL) {
        b = malloc(sizeof(*b) + size);
        if (b == NULL)
            abort();
        b->from_libc = true;
    } else {
        b->from_libc = false;
    }
    return b + 1;
}

void erg_json_free(void *ptr)
{
    if (ptr == NULL)
        return;
    json_block *b = (json_block *)ptr - 1;
    if (b->from_libc)
        free(b);
    else
        erg_free(b);
}

size_t erg_alloc_failures(void)
{
    return failures;
}

void *erg_malloc(size_t size)
{
    void *p = hook_malloc(size ? size : 1);
    if (p == NULL)
        failures++;
    return p;
}

void *erg_calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    if (hook_malloc == malloc) {
        /* calloc hands out fresh pages untouched (already zero): a big
         * bitmap of which a filter sets a few bits costs nothing more. */
        void *p = calloc(count ? count : 1, size ? size : 1);
        if (p == NULL)
            failures++;
        return p;
    }
    void *p = erg_malloc(count * size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}

void *erg_realloc(void *ptr, size_t size)
{
    void *p = hook_realloc(ptr, size ? size : 1);
    if (p == NULL)
        failures++;
    return p;
}

void erg_free(void *ptr)
{
    if (ptr != NULL)
        hook_free(ptr);
}

char *erg_strndup(const char *s, size_t n)
{
    char *copy = erg_malloc(n + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *erg_strdup(const char *s)
{
    return erg_strndup(s, strlen(s));
}

erg_status erg_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return ERG_OK;
    size_t new_cap = *cap < 8 ? 8 : *cap + *cap / 2;
    if (new_cap < need)
        new_cap = need;
    if (new_cap > SIZE_MAX / size)
        return ERG_ENOMEM;
    void *p = erg_realloc(*items, new_cap * size);
    if (p == NULL)
        return ERG_ENOMEM;
    *items = p;
    *cap = new_cap;
    return ERG_OK;
}

const char *erg_status_str(erg_status status)
{
    switch (status) {
    case ERG_OK:
        return "success";
    case ERG_EDATA:
        return "invalid data";
    case ERG_EUSAGE:
        return "invalid argument";
    case ERG_EIO:
        return "input/output error";
    case ERG_ENOMEM:
        return "out of memory";
    case ERG_ETIMEOUT:
        return "time limit reached";
    case ERG_EGRAPHVIZ:
        return "Graphviz failed";
    case ERG_EINTR:
        return "interrupted";
    }
    return "unknown status";
}

const char *erg_version(void)
{
    return ERG_VERSION;
}
