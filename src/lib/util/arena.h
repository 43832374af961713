/*
 * Internal: a bump allocator for the graph's strings and small records.
 * Nothing is freed one by one; the whole arena goes at once.
 */
#ifndef ERG_ARENA_H
#define ERG_ARENA_H

#include <stddef.h>

typedef struct erg_arena_chunk erg_arena_chunk;

typedef struct erg_arena {
    erg_arena_chunk *head;
    size_t total; /* bytes handed out, for statistics */
} erg_arena;

#define ERG_ARENA_INIT                                                                             \
    {                                                                                              \
        NULL, 0                                                                                    \
    }

/* n bytes aligned for any scalar; NULL when out of memory. */
void *erg_arena_alloc(erg_arena *a, size_t n);
/* A NUL-terminated copy of s[0..len). */
char *erg_arena_strndup(erg_arena *a, const char *s, size_t len);
void erg_arena_release(erg_arena *a);
/* Moves every block of `from` into `to` (nothing is copied); `from` is left
 * empty. Pointers into from's blocks stay valid, now owned by `to`. */
void erg_arena_adopt(erg_arena *to, erg_arena *from);

#endif
