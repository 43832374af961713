/*
 * Internal: the allocator jansson parses with.
 *
 * The loader parses one small element at a time and drops it at once. A
 * parse inside erg_json_arena_begin()/end() takes its blocks from this
 * thread's bump arena, jansson's frees during it cost nothing, and the tree
 * is dropped without a walk: the next begin() empties the arena. Outside a
 * parse (and in any thread that is not parsing) the functions pass every
 * call to the allocator that was installed before, so values jansson made
 * before or elsewhere are freed as they were made.
 *
 * Blocks come through the library's hook (erg_malloc); jansson never sees a
 * failure (it cannot survive one mid-token, see alloc.c): a chunk the hook
 * could not give comes from the C library, and the failure is counted in
 * erg_alloc_failures(), which the loader checks after each parse.
 */
#ifndef ERG_JSON_ARENA_H
#define ERG_JSON_ARENA_H

#include <stddef.h>

/* Installed in jansson: json_set_alloc_funcs(erg_json_arena_malloc, ...). */
void *erg_json_arena_malloc(size_t size);
void erg_json_arena_free(void *ptr);

/* What the two above pass calls to outside a parse. */
void erg_json_arena_set_outer(void *(*outer_malloc)(size_t), void (*outer_free)(void *));

/* The calling thread's next parse uses its arena, emptied first: nothing
 * from its previous parse may still be in use. */
void erg_json_arena_begin(void);
/* Back to the outer allocator; the parse's blocks stay until the next
 * begin() or release(). */
void erg_json_arena_end(void);
/* Frees the calling thread's arena. */
void erg_json_arena_release(void);

#endif
