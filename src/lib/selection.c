#include <string.h>

#include "alloc.h"
#include "ergraph/filter.h"

struct erg_selection {
    size_t ent_count, rel_count; /* of the graph */
    size_t ents_kept, rels_kept;
    unsigned char *ents, *rels; /* one byte each: simple, and fast enough to scan */
};

erg_selection *erg_selection_new(const erg_graph *g, bool all)
{
    erg_selection *sel = erg_calloc(1, sizeof(*sel));
    if (sel == NULL)
        return NULL;
    sel->ent_count = erg_graph_entity_count(g);
    sel->rel_count = erg_graph_relationship_count(g);
    sel->ents = erg_malloc(sel->ent_count + 1);
    sel->rels = erg_malloc(sel->rel_count + 1);
    if (sel->ents == NULL || sel->rels == NULL) {
        erg_selection_free(sel);
        return NULL;
    }
    memset(sel->ents, all, sel->ent_count);
    memset(sel->rels, all, sel->rel_count);
    sel->ents_kept = all ? sel->ent_count : 0;
    sel->rels_kept = all ? sel->rel_count : 0;
    return sel;
}

void erg_selection_free(erg_selection *sel)
{
    if (sel == NULL)
        return;
    erg_free(sel->ents);
    erg_free(sel->rels);
    erg_free(sel);
}

bool erg_selection_has_entity(const erg_selection *sel, size_t e)
{
    return sel->ents[e];
}

bool erg_selection_has_rel(const erg_selection *sel, size_t r)
{
    return sel->rels[r];
}

void erg_selection_set_entity(erg_selection *sel, size_t e, bool keep)
{
    sel->ents_kept += (size_t)keep - (size_t)sel->ents[e];
    sel->ents[e] = keep;
}

void erg_selection_set_rel(erg_selection *sel, size_t r, bool keep)
{
    sel->rels_kept += (size_t)keep - (size_t)sel->rels[r];
    sel->rels[r] = keep;
}

size_t erg_selection_entity_count(const erg_selection *sel)
{
    return sel->ents_kept;
}

size_t erg_selection_rel_count(const erg_selection *sel)
{
    return sel->rels_kept;
}
