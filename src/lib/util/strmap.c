#include "util/strmap.h"

#include <string.h>

#include "util/alloc.h"

uint32_t erg_hash(const char *s, size_t len)
{
    /* FNV-1a: short keys dominate (ids, names), where it is fast enough
     * and well spread. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static uint64_t head_of(const char *s, size_t len)
{
    uint64_t head = 0;
    memcpy(&head, s, len < sizeof(head) ? len : sizeof(head));
    return head;
}

static erg_strmap_slot *probe(const erg_strmap *m, const char *s, size_t len, uint32_t hash,
                              uint64_t head)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        erg_strmap_slot *slot = &m->slots[i];
        if (slot->key == NULL)
            return slot;
        if (slot->hash == hash && slot->len == len && slot->head == head &&
            (len <= sizeof(head) ||
             memcmp(slot->key + sizeof(head), s + sizeof(head), len - sizeof(head)) == 0))
            return slot;
    }
}

erg_strmap_slot *erg_strmap_find_hashed(const erg_strmap *m, const char *s, size_t len,
                                        uint32_t hash)
{
    if (m->cap == 0)
        return NULL;
    erg_strmap_slot *slot = probe(m, s, len, hash, head_of(s, len));
    return slot->key != NULL ? slot : NULL;
}

erg_strmap_slot *erg_strmap_find(const erg_strmap *m, const char *s, size_t len)
{
    return erg_strmap_find_hashed(m, s, len, erg_hash(s, len));
}

uint32_t erg_strmap_prefetch(const erg_strmap *m, const char *s, size_t len)
{
    uint32_t hash = erg_hash(s, len);
#if defined(__GNUC__)
    if (m->cap != 0)
        __builtin_prefetch(&m->slots[hash & (m->cap - 1)]);
#endif
    return hash;
}

static erg_status rehash(erg_strmap *m, size_t new_cap)
{
    erg_strmap_slot *slots = erg_calloc(new_cap, sizeof(*slots));
    if (slots == NULL)
        return ERG_ENOMEM;
    erg_strmap old = *m;
    m->slots = slots;
    m->cap = new_cap;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.slots[i].key != NULL)
            *probe(m, old.slots[i].key, old.slots[i].len, old.slots[i].hash, old.slots[i].head) =
                old.slots[i];
    }
    erg_free(old.slots);
    return ERG_OK;
}

erg_status erg_strmap_reserve(erg_strmap *m, size_t n)
{
    /* Keep the load factor under 0.7. */
    size_t want = 16;
    while (want * 7 / 10 < n)
        want *= 2;
    return want > m->cap ? rehash(m, want) : ERG_OK;
}

erg_strmap_slot *erg_strmap_insert(erg_strmap *m, const char *s, size_t len, uint32_t value,
                                   bool *added)
{
    if (erg_strmap_reserve(m, m->count + 1) != ERG_OK)
        return NULL;
    uint32_t hash = erg_hash(s, len);
    uint64_t head = head_of(s, len);
    erg_strmap_slot *slot = probe(m, s, len, hash, head);
    *added = slot->key == NULL;
    if (*added) {
        slot->key = s;
        slot->len = (uint32_t)len;
        slot->hash = hash;
        slot->head = head;
        slot->value = value;
        m->count++;
    }
    return slot;
}

void erg_strmap_remove_last(erg_strmap *m, erg_strmap_slot *slot)
{
    /* Every key probed past this slot was added while it was empty, so
     * emptying it breaks no chain. */
    slot->key = NULL;
    m->count--;
}

void erg_strmap_release(erg_strmap *m)
{
    erg_free(m->slots);
    *m = (erg_strmap)ERG_STRMAP_INIT;
}
