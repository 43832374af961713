/*
 * What an export holds of the selection, and the attribute columns
 * (every key of the entities or the ties, with the kind its values share).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "export/export_impl.h"
#include "util/alloc.h"

bool erg_x_has_entity(const erg_selection *sel, size_t e)
{
    return sel == NULL || erg_selection_has_entity(sel, e);
}

bool erg_x_has_rel(const erg_selection *sel, size_t r)
{
    return sel == NULL || erg_selection_has_rel(sel, r);
}

static erg_attr_kind merge_kind(erg_attr_kind a, erg_attr_kind b)
{
    if (a == b)
        return a;
    if ((a == ERG_ATTR_INTEGER || a == ERG_ATTR_REAL) &&
        (b == ERG_ATTR_INTEGER || b == ERG_ATTR_REAL))
        return ERG_ATTR_REAL;
    return ERG_ATTR_STRING;
}

static erg_status add_attr(erg_attr_columns *c, const erg_attr *a)
{
    bool added;
    size_t len = strlen(a->key);
    erg_strmap_slot *slot = erg_strmap_insert(&c->index, a->key, len, (uint32_t)c->count, &added);
    if (slot == NULL)
        return ERG_ENOMEM;
    if (!added) {
        erg_attr_column *col = &c->cols[slot->value];
        col->kind = merge_kind(col->kind, a->kind);
        return ERG_OK;
    }
    if (ERG_GROW(c->cols, c->cap, c->count + 1) != ERG_OK)
        return ERG_ENOMEM;
    c->cols[c->count].key = a->key;
    c->cols[c->count].kind = a->kind;
    c->count++;
    return ERG_OK;
}

erg_status erg_attr_columns_build(erg_attr_columns *out, const erg_graph *g,
                                  const erg_selection *sel, bool relationships)
{
    memset(out, 0, sizeof(*out));
    size_t n = relationships ? erg_graph_relationship_count(g) : erg_graph_entity_count(g);
    for (size_t i = 0; i < n; i++) {
        if (relationships ? !erg_x_has_rel(sel, i) : !erg_x_has_entity(sel, i))
            continue;
        size_t count = relationships ? erg_rel_attr_count(g, i) : erg_entity_attr_count(g, i);
        for (size_t k = 0; k < count; k++) {
            const erg_attr *a = relationships ? erg_rel_attr(g, i, k) : erg_entity_attr(g, i, k);
            if (add_attr(out, a) != ERG_OK) {
                erg_attr_columns_release(out);
                return ERG_ENOMEM;
            }
        }
    }
    return ERG_OK;
}

size_t erg_attr_columns_find(const erg_attr_columns *c, const char *key)
{
    const erg_strmap_slot *slot = erg_strmap_find(&c->index, key, strlen(key));
    return slot == NULL ? (size_t)-1 : slot->value;
}

void erg_attr_columns_release(erg_attr_columns *c)
{
    erg_free(c->cols);
    erg_strmap_release(&c->index);
    memset(c, 0, sizeof(*c));
}

void erg_put_attr_values(erg_buf *b, const erg_graph *g, size_t i, bool rel,
                         const erg_attr_columns *c, const char *prefix,
                         void (*put)(erg_buf *b, const char *id, const char *text))
{
    size_t n = rel ? erg_rel_attr_count(g, i) : erg_entity_attr_count(g, i);
    for (size_t k = 0; k < n; k++) {
        const erg_attr *a = rel ? erg_rel_attr(g, i, k) : erg_entity_attr(g, i, k);
        char id[32];
        snprintf(id, sizeof(id), "%s%zu", prefix, erg_attr_columns_find(c, a->key));
        put(b, id, a->text);
    }
}
