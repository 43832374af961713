/*
 * Selections: the part of a graph that a command draws or lists. A
 * selection holds a set of entities and a set of relationships; the
 * relationships kept always have both ends kept.
 */
#ifndef ERGRAPH_FILTER_H
#define ERGRAPH_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct erg_selection erg_selection;

/* A selection of the whole graph (all = true) or of nothing. Caller frees
 * with erg_selection_free(); NULL when out of memory. */
erg_selection *erg_selection_new(const erg_graph *g, bool all);
void erg_selection_free(erg_selection *sel);

bool erg_selection_has_entity(const erg_selection *sel, size_t e);
bool erg_selection_has_rel(const erg_selection *sel, size_t r);
void erg_selection_set_entity(erg_selection *sel, size_t e, bool keep);
void erg_selection_set_rel(erg_selection *sel, size_t r, bool keep);
size_t erg_selection_entity_count(const erg_selection *sel);
size_t erg_selection_rel_count(const erg_selection *sel);

#ifdef __cplusplus
}
#endif
#endif
