/*
 * Internal: a hash map from 32-bit keys to 32-bit values, sized by what is
 * put in it, so a walk that touches k entities of a huge graph costs O(k).
 */
#ifndef ERG_INTMAP_H
#define ERG_INTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ergraph/common.h"

typedef struct erg_intmap {
    uint32_t *keys; /* UINT32_MAX: empty */
    uint32_t *values;
    size_t cap, count;
} erg_intmap;

#define ERG_INTMAP_INIT                                                                            \
    {                                                                                              \
        NULL, NULL, 0, 0                                                                           \
    }

/* Stores value under key (replacing). Time complexity: O(1) expected. */
erg_status erg_intmap_put(erg_intmap *m, uint32_t key, uint32_t value);
/* Whether key is there; its value in *value if so (value may be NULL). */
bool erg_intmap_get(const erg_intmap *m, uint32_t key, uint32_t *value);
void erg_intmap_release(erg_intmap *m);

#endif
