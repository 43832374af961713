#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "ergraph/query.h"
#include "util/strmap.h"

static int by_count_then_name(const void *a, const void *b)
{
    const erg_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->name, y->name);
}

static erg_status count_types(erg_count **out, size_t *n, size_t total,
                              const char *(*type_of)(const erg_graph *, size_t),
                              bool (*kept)(const erg_selection *, size_t), const erg_graph *g,
                              const erg_selection *sel)
{
    erg_strmap seen = ERG_STRMAP_INIT;
    erg_count *counts = NULL;
    size_t count = 0, cap = 0;
    erg_status rc = ERG_OK;
    for (size_t i = 0; i < total; i++) {
        if (sel != NULL && !kept(sel, i))
            continue;
        const char *type = type_of(g, i);
        bool added;
        erg_strmap_slot *slot =
            erg_strmap_insert(&seen, type, strlen(type), (uint32_t)count, &added);
        if (slot == NULL || (added && ERG_GROW(counts, cap, count + 1) != ERG_OK)) {
            rc = ERG_ENOMEM;
            goto done;
        }
        if (added)
            counts[count++] = (erg_count){type, 0};
        counts[slot->value].count++;
    }
    if (count > 0)
        qsort(counts, count, sizeof(*counts), by_count_then_name);
    *out = counts;
    *n = count;
    counts = NULL;
done:
    erg_free(counts);
    erg_strmap_release(&seen);
    return rc;
}

erg_status erg_count_entity_types(erg_count **out, size_t *n, const erg_graph *g,
                                  const erg_selection *sel)
{
    return count_types(out, n, erg_graph_entity_count(g), erg_entity_type, erg_selection_has_entity,
                       g, sel);
}

erg_status erg_count_relation_types(erg_count **out, size_t *n, const erg_graph *g,
                                    const erg_selection *sel)
{
    return count_types(out, n, erg_graph_relationship_count(g), erg_rel_type, erg_selection_has_rel,
                       g, sel);
}
