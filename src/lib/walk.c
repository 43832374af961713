#include "walk.h"

#include "alloc.h"

uint32_t erg_walk_across(const erg_walk *w, uint32_t e, uint32_t r)
{
    const erg_rel_rec *rel = &w->g->rels[r];
    if (w->sel != NULL && !erg_selection_has_rel(w->sel, r))
        return ERG_NIL;
    bool any = !rel->directed || w->dir == ERG_BOTH;
    uint32_t other = ERG_NIL;
    if (rel->from == e && (any || w->dir == ERG_OUT))
        other = rel->to;
    else if (rel->to == e && (any || w->dir == ERG_IN))
        other = rel->from;
    if (other != ERG_NIL && w->sel != NULL && !erg_selection_has_entity(w->sel, other))
        return ERG_NIL;
    return other;
}

erg_status erg_walk_bfs(const erg_walk *w, const uint32_t *seeds, size_t seed_count,
                        uint32_t max_depth, uint32_t target, erg_intmap *dist, uint32_t **order,
                        size_t *count)
{
    const erg_graph *g = w->g;
    uint32_t *queue = NULL;
    size_t len = 0, cap = 0;
    erg_status rc = ERG_OK;
    for (size_t i = 0; i < seed_count; i++) {
        if (erg_intmap_get(dist, seeds[i], NULL))
            continue;
        if ((rc = erg_intmap_put(dist, seeds[i], 0)) != ERG_OK ||
            (rc = ERG_GROW(queue, cap, len + 1)) != ERG_OK)
            goto done;
        queue[len++] = seeds[i];
    }
    bool found = false;
    for (size_t head = 0; head < len; head++) {
        uint32_t e = queue[head], d;
        erg_intmap_get(dist, e, &d);
        if (e == target)
            found = true;
        /* Once the target is reached every entity nearer than it has its
         * distance: expanding further would only touch more of the graph. */
        if (d >= max_depth || found)
            continue;
        for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1]; i++) {
            uint32_t other = erg_walk_across(w, e, g->adj[i]);
            if (other == ERG_NIL || erg_intmap_get(dist, other, NULL))
                continue;
            if ((rc = erg_intmap_put(dist, other, d + 1)) != ERG_OK ||
                (rc = ERG_GROW(queue, cap, len + 1)) != ERG_OK)
                goto done;
            queue[len++] = other;
        }
    }
done:
    if (rc == ERG_OK && order != NULL) {
        *order = queue;
        *count = len;
        queue = NULL;
    }
    erg_free(queue);
    return rc;
}
