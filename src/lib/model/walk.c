#include "model/walk.h"

#include <string.h>

#include "util/alloc.h"

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

/* One side of a bidirectional search. */
typedef struct side {
    erg_intmap dist;
    uint32_t *level; /* the entities of the last level reached */
    size_t count, cap;
    size_t ties; /* how many ties the next expansion would look at */
    uint32_t depth;
} side;

static erg_status side_start(side *s, const erg_graph *g, uint32_t e)
{
    s->ties = g->adj_start[e + 1] - g->adj_start[e];
    if (erg_intmap_put(&s->dist, e, 0) != ERG_OK || ERG_GROW(s->level, s->cap, 1) != ERG_OK)
        return ERG_ENOMEM;
    s->level[s->count++] = e;
    return ERG_OK;
}

/* Grows s by one level; *met says whether the new level touches `other`. */
static erg_status side_grow(const erg_walk *w, side *s, const side *other, bool *met)
{
    const erg_graph *g = w->g;
    uint32_t *next = NULL;
    size_t count = 0, cap = 0, ties = 0;
    erg_status rc = ERG_OK;
    *met = false;
    if (w->steps != NULL)
        *w->steps += s->ties;
    for (size_t k = 0; k < s->count; k++) {
        uint32_t e = s->level[k];
        for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1]; i++) {
            uint32_t u = erg_walk_across(w, e, g->adj[i]);
            if (u == ERG_NIL || erg_intmap_get(&s->dist, u, NULL))
                continue;
            if ((rc = erg_intmap_put(&s->dist, u, s->depth + 1)) != ERG_OK ||
                (rc = ERG_GROW(next, cap, count + 1)) != ERG_OK)
                goto done;
            next[count++] = u;
            ties += g->adj_start[u + 1] - g->adj_start[u];
            *met = *met || erg_intmap_get(&other->dist, u, NULL);
        }
    }
    erg_free(s->level);
    s->level = next;
    s->count = count;
    s->cap = cap;
    s->ties = ties;
    s->depth++;
    next = NULL;
done:
    erg_free(next);
    return rc;
}

/*
 * From the entities `from` (all at distance s->depth on side s), walks back
 * towards s's origin through entities one step nearer, adding each to
 * *to_b with its distance to b: `total` minus its distance on s, or on b's
 * own side that distance itself.
 */
static erg_status trace_back(const erg_walk *w, const side *s, const uint32_t *from, size_t n,
                             uint32_t total, bool b_side, erg_intmap *to_b)
{
    const erg_graph *g = w->g;
    uint32_t *cur = NULL, *next = NULL;
    size_t cur_n = n, cur_cap = 0, next_n = 0, next_cap = 0;
    erg_intmap seen = ERG_INTMAP_INIT;
    erg_status rc = ERG_GROW(cur, cur_cap, n);
    if (rc == ERG_OK && n > 0) /* none: cur may be NULL */
        memcpy(cur, from, n * sizeof(*cur));
    for (uint32_t d = s->depth; rc == ERG_OK && d > 0; d--) {
        next_n = 0;
        for (size_t k = 0; k < cur_n && rc == ERG_OK; k++) {
            uint32_t e = cur[k];
            for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1] && rc == ERG_OK; i++) {
                uint32_t u = erg_walk_across(w, e, g->adj[i]), du;
                if (u == ERG_NIL || !erg_intmap_get(&s->dist, u, &du) || du != d - 1 ||
                    erg_intmap_get(&seen, u, NULL))
                    continue;
                if ((rc = erg_intmap_put(&seen, u, 1)) == ERG_OK &&
                    (rc = erg_intmap_put(to_b, u, b_side ? du : total - du)) == ERG_OK &&
                    (rc = ERG_GROW(next, next_cap, next_n + 1)) == ERG_OK)
                    next[next_n++] = u;
            }
        }
        uint32_t *t = cur;
        cur = next;
        next = t;
        size_t c = cur_cap;
        cur_cap = next_cap;
        next_cap = c;
        cur_n = next_n;
    }
    erg_free(cur);
    erg_free(next);
    erg_intmap_release(&seen);
    return rc;
}

erg_status erg_walk_between(const erg_walk *w, uint32_t a, uint32_t b, uint32_t max_length,
                            erg_intmap *to_b, uint32_t *length)
{
    side sa = {ERG_INTMAP_INIT, NULL, 0, 0, 0, 0}, sb = {ERG_INTMAP_INIT, NULL, 0, 0, 0, 0};
    uint32_t *meet = NULL;
    size_t meet_n = 0, meet_cap = 0;
    bool met = a == b;
    erg_status rc;
    *length = ERG_NIL;
    if ((rc = side_start(&sa, w->g, a)) != ERG_OK || (rc = side_start(&sb, w->g, b)) != ERG_OK)
        goto done;
    /* Before a round, no entity is on both sides: a path is longer than
     * the two depths together. A round that meets the other side proves
     * the length is exactly their sum, and every entity where they meet
     * lies at the other side's full depth. */
    while (!met) {
        if (sa.count == 0 || sb.count == 0 || sa.depth + sb.depth >= max_length)
            goto done;
        side *grow = sa.ties <= sb.ties ? &sa : &sb;
        if ((rc = side_grow(w, grow, grow == &sa ? &sb : &sa, &met)) != ERG_OK)
            goto done;
    }
    /* Both last levels hold the meeting entities: scan the smaller. */
    const side *last = sa.count <= sb.count ? &sa : &sb;
    const side *other = last == &sa ? &sb : &sa;
    for (size_t k = 0; k < last->count; k++) {
        uint32_t e = last->level[k], d;
        if (!erg_intmap_get(&other->dist, e, &d) || d != other->depth)
            continue;
        if ((rc = ERG_GROW(meet, meet_cap, meet_n + 1)) != ERG_OK ||
            (rc = erg_intmap_put(to_b, e, sb.depth)) != ERG_OK)
            goto done;
        meet[meet_n++] = e;
    }
    uint32_t total = sa.depth + sb.depth;
    if ((rc = trace_back(w, &sa, meet, meet_n, total, false, to_b)) != ERG_OK ||
        (rc = trace_back(w, &sb, meet, meet_n, total, true, to_b)) != ERG_OK)
        goto done;
    *length = total;
done:
    erg_free(meet);
    erg_free(sa.level);
    erg_free(sb.level);
    erg_intmap_release(&sa.dist);
    erg_intmap_release(&sb.dist);
    return rc;
}
