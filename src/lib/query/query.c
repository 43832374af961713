/* Questions about linkage: who is near an entity, how two are linked. */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "ergraph/query.h"
#include "model/walk.h"
#include "query/fields.h"

/* qsort has no context argument; the order only needs the graph. */
static _Thread_local const erg_graph *sort_graph;

static int by_distance_name_id(const void *a, const void *b)
{
    const erg_neighbor *x = a, *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    int c = strcmp(sort_graph->ents[x->entity].name, sort_graph->ents[y->entity].name);
    return c ? c : strcmp(sort_graph->ents[x->entity].id, sort_graph->ents[y->entity].id);
}

erg_status erg_query_neighbors(erg_neighbor **out, size_t *n, const erg_graph *g,
                               const erg_selection *sel, size_t entity, size_t depth,
                               erg_direction dir)
{
    erg_walk w = {g, sel, dir, NULL};
    erg_intmap dist = ERG_INTMAP_INIT;
    uint32_t *order = NULL;
    size_t count = 0;
    uint32_t seed = (uint32_t)entity;
    erg_neighbor *list = NULL;
    erg_status rc = ERG_OK;
    *out = NULL;
    *n = 0;
    if (sel != NULL && !erg_selection_has_entity(sel, entity))
        goto done;
    rc = erg_walk_bfs(&w, &seed, 1, depth > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)depth,
                      ERG_NIL, &dist, &order, &count);
    if (rc != ERG_OK)
        goto done;
    if ((list = erg_malloc((count + 1) * sizeof(*list))) == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < count; i++) {
        uint32_t d;
        erg_intmap_get(&dist, order[i], &d);
        list[i] = (erg_neighbor){order[i], d};
    }
    sort_graph = g;
    qsort(list, count, sizeof(*list), by_distance_name_id);
    *out = list;
    *n = count;
    list = NULL;
done:
    erg_free(list);
    erg_free(order);
    erg_intmap_release(&dist);
    return rc;
}

size_t erg_query_ties_between(const erg_graph *g, const erg_selection *sel, size_t u, size_t v,
                              size_t *out, size_t max)
{
    size_t n = 0;
    for (uint32_t i = g->adj_start[u]; i < g->adj_start[u + 1]; i++) {
        const erg_rel_rec *rel = &g->rels[g->adj[i]];
        if (sel != NULL && !erg_selection_has_rel(sel, g->adj[i]))
            continue;
        if ((rel->from == u && rel->to == v) || (rel->from == v && rel->to == u)) {
            if (n < max)
                out[n] = g->adj[i];
            n++;
        }
    }
    return n;
}

typedef struct path_walk {
    const erg_graph *g;
    const erg_walk *w;
    const erg_intmap *to_b;
    uint32_t b;
    size_t length, max_paths;
    uint32_t *stack;
    erg_path_set *out;
    size_t cap;
} path_walk;

/*
 * The entities one step from e that `keep` accepts, each once, in name
 * order, in a buffer the caller frees (*count of them); NULL when out of
 * memory. Neighbour lists are short: an insertion sort.
 */
static uint32_t *steps_by_name(const erg_walk *w, uint32_t e,
                               bool (*keep)(const void *ctx, uint32_t other), const void *ctx,
                               size_t *count)
{
    const erg_graph *g = w->g;
    size_t deg = g->adj_start[e + 1] - g->adj_start[e];
    uint32_t *next = erg_malloc((deg + 1) * sizeof(*next));
    if (next == NULL)
        return NULL;
    size_t k = 0;
    for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1]; i++) {
        uint32_t other = erg_walk_across(w, e, g->adj[i]);
        if (other == ERG_NIL || !keep(ctx, other))
            continue;
        bool repeat = false;
        for (size_t j = 0; j < k && !repeat; j++)
            repeat = next[j] == other;
        if (!repeat)
            next[k++] = other;
    }
    for (size_t i = 1; i < k; i++) {
        uint32_t x = next[i];
        size_t j = i;
        while (j > 0 && strcmp(g->ents[next[j - 1]].name, g->ents[x].name) > 0) {
            next[j] = next[j - 1];
            j--;
        }
        next[j] = x;
    }
    *count = k;
    return next;
}

typedef struct path_step {
    const path_walk *p;
    size_t depth;
} path_step;

/* A step that stays on a shortest path: one closer to b. */
static bool on_shortest_path(const void *ctx, uint32_t other)
{
    const path_step *st = ctx;
    uint32_t d;
    return erg_intmap_get(st->p->to_b, other, &d) && d == st->p->length - st->depth - 1;
}

/* Follows only steps that bring b one closer, so every path found is
 * shortest and the search touches nothing else. Neighbours are taken in
 * name order for a stable listing. */
static erg_status extend(path_walk *p, uint32_t e, size_t depth)
{
    p->stack[depth] = e;
    if (depth == p->length) {
        if (p->out->count == p->max_paths) {
            p->out->truncated = true;
            return ERG_OK;
        }
        size_t need = (p->out->count + 1) * (p->length + 1);
        if (ERG_GROW(p->out->entities, p->cap, need) != ERG_OK)
            return ERG_ENOMEM;
        for (size_t i = 0; i <= p->length; i++)
            p->out->entities[p->out->count * (p->length + 1) + i] = p->stack[i];
        p->out->count++;
        return ERG_OK;
    }
    path_step step = {p, depth};
    size_t k;
    uint32_t *next = steps_by_name(p->w, e, on_shortest_path, &step, &k);
    if (next == NULL)
        return ERG_ENOMEM;
    erg_status rc = ERG_OK;
    for (size_t i = 0; i < k && rc == ERG_OK && !p->out->truncated; i++)
        rc = extend(p, next[i], depth + 1);
    erg_free(next);
    return rc;
}

erg_status erg_query_paths(erg_path_set *out, const erg_graph *g, const erg_selection *sel,
                           size_t a, size_t b, size_t max_paths)
{
    memset(out, 0, sizeof(*out));
    erg_walk w = {g, sel, ERG_BOTH, NULL};
    erg_intmap to_b = ERG_INTMAP_INIT;
    uint32_t ua = (uint32_t)a, ub = (uint32_t)b, d;
    path_walk p = {g, &w, &to_b, ub, 0, max_paths, NULL, out, 0};
    erg_status rc = ERG_OK;
    if (sel != NULL && (!erg_selection_has_entity(sel, a) || !erg_selection_has_entity(sel, b)))
        goto done;
    /* Only entities on a shortest path get a distance to b: extend() then
     * follows nothing else. */
    if ((rc = erg_walk_between(&w, ua, ub, UINT32_MAX - 1, &to_b, &d)) != ERG_OK || d == ERG_NIL)
        goto done;
    p.length = d;
    if ((p.stack = erg_malloc((d + 1) * sizeof(uint32_t))) == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    if (max_paths > 0)
        rc = extend(&p, ua, 0);
    out->length = d;
done:
    erg_free(p.stack);
    erg_intmap_release(&to_b);
    if (rc != ERG_OK)
        erg_path_set_release(out);
    return rc;
}

void erg_path_set_release(erg_path_set *paths)
{
    if (paths == NULL)
        return;
    erg_free(paths->entities);
    memset(paths, 0, sizeof(*paths));
}

/* ---- every simple path ---- */

typedef struct simple_paths {
    const erg_walk *w;
    uint32_t target, max_length;
    erg_intmap to_target; /* distance to b, for pruning */
    erg_intmap on_path;
    uint32_t *stack;
    uint32_t budget;
    /* the paths found, in the order found, each with its length */
    size_t *found, found_len, found_cap;
    size_t count;
} simple_paths;

typedef struct simple_step {
    const simple_paths *s;
    uint32_t depth;
} simple_step;

/* A step off the path so far that can still reach the target within the
 * length allowed. */
static bool within_reach(const void *ctx, uint32_t other)
{
    const simple_step *st = ctx;
    uint32_t left, seen = 0;
    if (erg_intmap_get(&st->s->on_path, other, &seen) && seen)
        return false;
    return erg_intmap_get(&st->s->to_target, other, &left) &&
           st->depth + 1 + left <= st->s->max_length;
}

/* Depth-first over simple paths, neighbours in name order; ERG_EUSAGE
 * when the budget runs out. */
static erg_status simple_from(simple_paths *s, uint32_t e, uint32_t depth)
{
    if (s->budget-- == 0)
        return ERG_EUSAGE;
    s->stack[depth] = e;
    if (e == s->target) {
        size_t need = s->found_len + depth + 2;
        if (ERG_GROW(s->found, s->found_cap, need) != ERG_OK)
            return ERG_ENOMEM;
        s->found[s->found_len++] = depth;
        for (uint32_t i = 0; i <= depth; i++)
            s->found[s->found_len++] = s->stack[i];
        s->count++;
        return ERG_OK;
    }
    if (erg_intmap_put(&s->on_path, e, 1) != ERG_OK)
        return ERG_ENOMEM;
    simple_step step = {s, depth};
    size_t k;
    uint32_t *next = steps_by_name(s->w, e, within_reach, &step, &k);
    if (next == NULL)
        return ERG_ENOMEM;
    erg_status rc = ERG_OK;
    for (size_t i = 0; i < k && rc == ERG_OK; i++)
        rc = simple_from(s, next[i], depth + 1);
    erg_free(next);
    if (rc == ERG_OK && erg_intmap_put(&s->on_path, e, 0) != ERG_OK)
        rc = ERG_ENOMEM;
    return rc;
}

erg_status erg_query_all_paths(erg_path_list *out, const erg_graph *g, const erg_selection *sel,
                               size_t a, size_t b, size_t max_length, size_t max_paths,
                               const char *const *field_names, erg_diags *diags)
{
    memset(out, 0, sizeof(*out));
    erg_walk w = {g, sel, ERG_BOTH, NULL};
    uint32_t limit = max_length < UINT32_MAX - 1 ? (uint32_t)max_length : UINT32_MAX - 2;
    simple_paths s = {
        &w, (uint32_t)b, limit, ERG_INTMAP_INIT, ERG_INTMAP_INIT, NULL, ERG_ALL_PATHS_BUDGET, NULL,
        0,  0,           0};
    uint32_t seed = (uint32_t)b;
    erg_status rc = ERG_OK;
    if (sel != NULL && (!erg_selection_has_entity(sel, a) || !erg_selection_has_entity(sel, b)))
        goto done;
    if ((rc = erg_walk_bfs(&w, &seed, 1, limit, ERG_NIL, &s.to_target, NULL, NULL)) != ERG_OK)
        goto done;
    if (!erg_intmap_get(&s.to_target, (uint32_t)a, NULL))
        goto done;
    if ((s.stack = erg_malloc(((size_t)limit + 1) * sizeof(uint32_t))) == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    rc = simple_from(&s, (uint32_t)a, 0);
    if (rc == ERG_EUSAGE) {
        rc = erg_all_paths_refused(diags, field_names, ERG_ALL_PATHS_BUDGET, max_length);
        goto done;
    }
    if (rc != ERG_OK)
        goto done;
    /* Shortest first; within a length, in the order found. */
    size_t keep = s.count < max_paths ? s.count : max_paths, total = 0, longest = 0;
    for (size_t at = 0; at < s.found_len; at += s.found[at] + 2)
        longest = s.found[at] > longest ? s.found[at] : longest;
    out->offsets = erg_malloc((keep + 1) * sizeof(size_t));
    out->entities = erg_malloc((s.found_len + 1) * sizeof(size_t));
    if (out->offsets == NULL || out->entities == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    out->offsets[0] = 0;
    for (size_t len = 0; len <= longest && out->count < keep; len++) {
        for (size_t at = 0; at < s.found_len && out->count < keep; at += s.found[at] + 2) {
            if (s.found[at] != len)
                continue;
            for (size_t i = 0; i <= len; i++)
                out->entities[total++] = s.found[at + 1 + i];
            out->offsets[++out->count] = total;
        }
    }
    out->truncated = s.count > keep;
done:
    erg_free(s.stack);
    erg_free(s.found);
    erg_intmap_release(&s.to_target);
    erg_intmap_release(&s.on_path);
    if (rc != ERG_OK)
        erg_path_list_release(out);
    return rc;
}

void erg_path_list_release(erg_path_list *paths)
{
    if (paths == NULL)
        return;
    erg_free(paths->offsets);
    erg_free(paths->entities);
    memset(paths, 0, sizeof(*paths));
}
