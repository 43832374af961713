/*
 * Internal: an open-addressing hash map from strings to 32-bit values. Keys
 * are borrowed (usually interned in an arena) and must outlive the map.
 */
#ifndef ERG_STRMAP_H
#define ERG_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ergraph/common.h"

typedef struct erg_strmap_slot {
    const char *key; /* NULL: empty */
    uint32_t len;
    uint32_t hash;
    uint32_t value;
    /* The key's first 8 bytes (zero-padded): most keys (ids) are that short,
     * so most comparisons never follow `key` to memory that is not cached. */
    uint64_t head;
} erg_strmap_slot;

typedef struct erg_strmap {
    erg_strmap_slot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} erg_strmap;

#define ERG_STRMAP_INIT                                                                            \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

uint32_t erg_hash(const char *s, size_t len);

/* The slot holding s[0..len), or NULL. Time complexity: O(1) expected. */
erg_strmap_slot *erg_strmap_find(const erg_strmap *m, const char *s, size_t len);

/* The hash of s[0..len), for erg_strmap_find_hashed(); meanwhile the
 * processor fetches the slot where the lookup will begin. */
uint32_t erg_strmap_prefetch(const erg_strmap *m, const char *s, size_t len);
/* erg_strmap_find() with the hash of s[0..len) given. */
erg_strmap_slot *erg_strmap_find_hashed(const erg_strmap *m, const char *s, size_t len,
                                        uint32_t hash);

/*
 * The slot for s[0..len), added with key s and value `value` if it was not
 * there (*added then true). NULL when out of memory.
 */
erg_strmap_slot *erg_strmap_insert(erg_strmap *m, const char *s, size_t len, uint32_t value,
                                   bool *added);

/* Takes back the slot that the last erg_strmap_insert added (nothing
 * inserted since), as if it had not been added. */
void erg_strmap_remove_last(erg_strmap *m, erg_strmap_slot *slot);

/* Makes room for n keys without rehashing. */
erg_status erg_strmap_reserve(erg_strmap *m, size_t n);
void erg_strmap_release(erg_strmap *m);

#endif
