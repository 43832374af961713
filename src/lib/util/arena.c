#include "util/arena.h"

#include <stdint.h>
#include <string.h>

#include "util/alloc.h"

/* Large enough that the allocator's own overhead is noise, small enough that
 * a tiny graph does not pay for a megabyte. */
#define CHUNK_SIZE (64 * 1024)
#define ALIGN 8

struct erg_arena_chunk {
    erg_arena_chunk *next;
    size_t size, used;
    _Alignas(max_align_t) unsigned char data[];
};

void *erg_arena_alloc(erg_arena *a, size_t n)
{
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    erg_arena_chunk *c = a->head;
    if (c == NULL || c->size - c->used < n) {
        size_t size = n > CHUNK_SIZE / 4 ? n : CHUNK_SIZE;
        if (size > SIZE_MAX - sizeof(*c))
            return NULL;
        erg_arena_chunk *fresh = erg_malloc(sizeof(*fresh) + size);
        if (fresh == NULL)
            return NULL;
        fresh->size = size;
        fresh->used = 0;
        /* A big block gets a chunk of its own behind the current one, so
         * the current chunk's free space is not wasted. */
        if (size != CHUNK_SIZE && c != NULL) {
            fresh->next = c->next;
            c->next = fresh;
        } else {
            fresh->next = c;
            a->head = fresh;
        }
        c = fresh;
    }
    void *p = c->data + c->used;
    c->used += n;
    a->total += n;
    return p;
}

char *erg_arena_strndup(erg_arena *a, const char *s, size_t len)
{
    char *p = erg_arena_alloc(a, len + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void erg_arena_release(erg_arena *a)
{
    erg_arena_chunk *c = a->head;
    while (c != NULL) {
        erg_arena_chunk *next = c->next;
        erg_free(c);
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

void erg_arena_adopt(erg_arena *to, erg_arena *from)
{
    if (from->head == NULL)
        return;
    if (to->head == NULL) {
        *to = *from;
    } else {
        /* Behind to's current block, which keeps its free space. */
        erg_arena_chunk *tail = from->head;
        while (tail->next != NULL)
            tail = tail->next;
        tail->next = to->head->next;
        to->head->next = from->head;
        to->total += from->total;
    }
    from->head = NULL;
    from->total = 0;
}
