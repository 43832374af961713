/*
 * The Graphviz module's memory for a graph that is built, written and
 * thrown away: cgraph's blocks come from chunks and are never freed one by
 * one, so that agclose() frees the lot at once ("the entire heap", as
 * cgraph says) instead of deleting every edge from every set it is in.
 * For the 2-hop neighbourhood of a hub (67,000 nodes, 297,000 edges) that
 * deletion took longer than building the graph.
 *
 * The chunks come from the C library, not erg_malloc(), as cgraph's own
 * blocks do: cgraph does not survive an allocation that fails, so the
 * allocation-failure test cannot fail them.
 *
 * The price: closing the whole heap at once, cgraph 2.42 leaves behind
 * the header of each of the graph's dictionaries, which cdt allocates
 * itself (72 bytes each, about twenty for a drawing with its legend and
 * sources block). So only big graphs use it (erg_gv_heap_min_edges), where
 * that is nothing beside the seconds it saves.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "graphviz/graphviz_impl.h"

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    max_align_t data[];
} chunk;

typedef struct heap {
    chunk *head;
} heap;

/* Chunks of this size; a bigger block gets a chunk of its own. */
#define CHUNK_SIZE ((size_t)256 << 10)

static void *heap_open(Agdisc_t *disc)
{
    (void)disc;
    return calloc(1, sizeof(heap));
}

static chunk *chunk_new(size_t size)
{
    if (size > (size_t)-1 - sizeof(chunk))
        return NULL;
    chunk *c = malloc(sizeof(chunk) + size);
    if (c != NULL) {
        c->size = size;
        c->used = 0;
    }
    return c;
}

/* Zeroed, as cgraph expects (its own discipline calls calloc). */
static void *heap_alloc(void *state, size_t request)
{
    heap *h = state;
    size_t n = (request + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (n < request)
        return NULL;
    chunk *c = h->head;
    if (n > CHUNK_SIZE / 4) {
        /* Behind the current chunk, which keeps its free space. */
        chunk *big = chunk_new(n);
        if (big == NULL)
            return NULL;
        big->used = n;
        if (c != NULL) {
            big->next = c->next;
            c->next = big;
        } else {
            big->next = NULL;
            h->head = big;
        }
        memset(big->data, 0, n);
        return big->data;
    }
    if (c == NULL || c->size - c->used < n) {
        chunk *fresh = chunk_new(CHUNK_SIZE);
        if (fresh == NULL)
            return NULL;
        fresh->next = c;
        h->head = c = fresh;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

/* A fresh block with the old one's bytes, the rest zeroed. */
static void *heap_resize(void *state, void *ptr, size_t old, size_t request)
{
    void *p = heap_alloc(state, request);
    if (p != NULL && ptr != NULL)
        memcpy(p, ptr, old < request ? old : request);
    return p;
}

static void heap_free(void *state, void *ptr)
{
    (void)state, (void)ptr; /* all at once, in heap_close() */
}

static void heap_close(void *state)
{
    heap *h = state;
    if (h == NULL)
        return;
    for (chunk *c = h->head, *next; c != NULL; c = next) {
        next = c->next;
        free(c);
    }
    free(h);
}

size_t erg_gv_heap_min_edges = 10000;

Agmemdisc_t erg_gv_heap = {heap_open, heap_alloc, heap_resize, heap_free, heap_close};
