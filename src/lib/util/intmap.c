#include "util/intmap.h"

#include <string.h>

#include "util/alloc.h"

#define EMPTY UINT32_MAX

static size_t slot_of(uint32_t key, size_t cap)
{
    /* Fibonacci hashing spreads consecutive indices well. */
    return (size_t)(((uint64_t)key * 11400714819323198485ull) >> 32) & (cap - 1);
}

static erg_status grow(erg_intmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    uint32_t *keys = erg_malloc(cap * sizeof(*keys));
    uint32_t *values = erg_malloc(cap * sizeof(*values));
    if (keys == NULL || values == NULL) {
        erg_free(keys);
        erg_free(values);
        return ERG_ENOMEM;
    }
    memset(keys, 0xFF, cap * sizeof(*keys));
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == EMPTY)
            continue;
        size_t s = slot_of(m->keys[i], cap);
        while (keys[s] != EMPTY)
            s = (s + 1) & (cap - 1);
        keys[s] = m->keys[i];
        values[s] = m->values[i];
    }
    erg_free(m->keys);
    erg_free(m->values);
    m->keys = keys;
    m->values = values;
    m->cap = cap;
    return ERG_OK;
}

erg_status erg_intmap_put(erg_intmap *m, uint32_t key, uint32_t value)
{
    if ((m->count + 1) * 4 > m->cap * 3 && grow(m) != ERG_OK)
        return ERG_ENOMEM;
    size_t s = slot_of(key, m->cap);
    while (m->keys[s] != EMPTY && m->keys[s] != key)
        s = (s + 1) & (m->cap - 1);
    if (m->keys[s] == EMPTY)
        m->count++;
    m->keys[s] = key;
    m->values[s] = value;
    return ERG_OK;
}

bool erg_intmap_get(const erg_intmap *m, uint32_t key, uint32_t *value)
{
    if (m->cap == 0)
        return false;
    size_t s = slot_of(key, m->cap);
    while (m->keys[s] != EMPTY) {
        if (m->keys[s] == key) {
            if (value != NULL)
                *value = m->values[s];
            return true;
        }
        s = (s + 1) & (m->cap - 1);
    }
    return false;
}

void erg_intmap_release(erg_intmap *m)
{
    erg_free(m->keys);
    erg_free(m->values);
    *m = (erg_intmap)ERG_INTMAP_INIT;
}
