#include "load/json_arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/alloc.h"

/* Small blocks are carved from chunks of this size; bigger ones (a long
 * string's buffer, doubling as it grows) are allocated alone and freed
 * for real, so that a huge value costs what it costs without the arena. */
#define CHUNK_SIZE ((size_t)64 << 10)
#define BIG_BLOCK ((size_t)8 << 10)

typedef struct chunk chunk;
struct chunk {
    chunk *next;
    chunk **prev_next; /* big blocks only: where this one is linked from */
    size_t size, used;
    bool from_libc;
    max_align_t data[]; /* size bytes */
};

typedef struct arena {
    bool active;
    chunk *chunks; /* the current one first */
    chunk *big;    /* big blocks, each a chunk of its own, in a list */
} arena;

static ERG_THREAD_LOCAL arena tl;

static void *(*outer_malloc)(size_t) = malloc;
static void (*outer_free)(void *) = free;

void erg_json_arena_set_outer(void *(*m)(size_t), void (*f)(void *))
{
    outer_malloc = m;
    outer_free = f;
}

/* Through the hook, or the C library when it fails (counted there). */
static chunk *chunk_new(size_t size)
{
    if (size > SIZE_MAX - sizeof(chunk))
        return NULL;
    chunk *c = erg_malloc(sizeof(chunk) + size);
    bool from_libc = c == NULL;
    if (c == NULL && (c = malloc(sizeof(chunk) + size)) == NULL)
        abort(); /* see alloc.c: no safe way on */
    c->next = NULL;
    c->prev_next = NULL;
    c->size = size;
    c->used = 0;
    c->from_libc = from_libc;
    return c;
}

static void chunk_free(chunk *c)
{
    if (c->from_libc)
        free(c);
    else
        erg_free(c);
}

static size_t round_up(size_t n)
{
    size_t a = sizeof(max_align_t);
    return (n + a - 1) / a * a;
}

void *erg_json_arena_malloc(size_t size)
{
    if (!tl.active)
        return outer_malloc(size);
    if (size > BIG_BLOCK) {
        chunk *b = chunk_new(size);
        if (b == NULL)
            return NULL; /* too big to count: jansson fails cleanly */
        b->next = tl.big;
        if (tl.big != NULL)
            tl.big->prev_next = &b->next;
        b->prev_next = &tl.big;
        tl.big = b;
        return b->data;
    }
    size = round_up(size ? size : 1);
    chunk *c = tl.chunks;
    if (c == NULL || c->size - c->used < size) {
        c = chunk_new(CHUNK_SIZE);
        c->next = tl.chunks;
        tl.chunks = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    return p;
}

void erg_json_arena_free(void *ptr)
{
    if (ptr == NULL)
        return;
    if (!tl.active) {
        outer_free(ptr);
        return;
    }
    /* A big block is freed now; a small one goes with the arena. */
    for (chunk *c = tl.chunks; c != NULL; c = c->next) {
        if ((char *)ptr >= (char *)c->data && (char *)ptr < (char *)c->data + c->size)
            return;
    }
    chunk *b = (chunk *)((char *)ptr - offsetof(chunk, data));
    *b->prev_next = b->next;
    if (b->next != NULL)
        b->next->prev_next = b->prev_next;
    chunk_free(b);
}

/* Empties the arena, keeping one chunk of the usual size to reuse. */
static void empty(bool keep)
{
    while (tl.big != NULL) {
        chunk *b = tl.big;
        tl.big = b->next;
        chunk_free(b);
    }
    chunk *kept = NULL;
    while (tl.chunks != NULL) {
        chunk *c = tl.chunks;
        tl.chunks = c->next;
        if (keep && kept == NULL) {
            kept = c;
            kept->next = NULL;
            kept->used = 0;
        } else {
            chunk_free(c);
        }
    }
    tl.chunks = kept;
}

void erg_json_arena_begin(void)
{
    empty(true);
    tl.active = true;
}

void erg_json_arena_end(void)
{
    tl.active = false;
}

void erg_json_arena_release(void)
{
    tl.active = false;
    empty(false);
}
