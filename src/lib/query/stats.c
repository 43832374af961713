/*
 * Statistics of a graph or a selection: components, density, degree,
 * betweenness centrality and articulation points. Everything runs on a
 * compact undirected simple copy of the selection: local indices 0..n-1,
 * each linked pair once, no self-loops.
 */
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "ergraph/query.h"
#include "model/graph_impl.h"

typedef struct simple_graph {
    size_t n;
    uint32_t *global; /* local -> entity */
    uint32_t *start;  /* CSR: neighbours of v are nbr[start[v] .. start[v+1]) */
    uint32_t *nbr;
    size_t *ties; /* ties of each entity in the selection (self-loops once) */
    size_t linked_pairs;
} simple_graph;

static void simple_release(simple_graph *s)
{
    erg_free(s->global);
    erg_free(s->start);
    erg_free(s->nbr);
    erg_free(s->ties);
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static erg_status simple_build(simple_graph *s, const erg_graph *g, const erg_selection *sel)
{
    memset(s, 0, sizeof(*s));
    uint32_t *local = erg_malloc((g->ent_count + 1) * sizeof(uint32_t));
    erg_status rc = ERG_ENOMEM;
    if (local == NULL)
        goto done;
    for (size_t e = 0; e < g->ent_count; e++)
        local[e] = (sel == NULL || erg_selection_has_entity(sel, e)) ? (uint32_t)s->n++ : ERG_NIL;
    s->global = erg_malloc((s->n + 1) * sizeof(uint32_t));
    s->start = erg_calloc(s->n + 2, sizeof(uint32_t));
    s->ties = erg_calloc(s->n + 1, sizeof(size_t));
    if (s->global == NULL || s->start == NULL || s->ties == NULL)
        goto done;
    for (size_t e = 0; e < g->ent_count; e++) {
        if (local[e] != ERG_NIL)
            s->global[local[e]] = (uint32_t)e;
    }
    /* Neighbours of each local entity: its ties, deduplicated. */
    size_t total = 0;
    for (size_t v = 0; v < s->n; v++) {
        uint32_t e = s->global[v];
        for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1]; i++) {
            const erg_rel_rec *rel = &g->rels[g->adj[i]];
            if (sel != NULL && !erg_selection_has_rel(sel, g->adj[i]))
                continue;
            s->ties[v]++;
            if (rel->from != rel->to)
                total++;
        }
    }
    if ((s->nbr = erg_malloc((total + 1) * sizeof(uint32_t))) == NULL)
        goto done;
    size_t at = 0;
    for (size_t v = 0; v < s->n; v++) {
        uint32_t e = s->global[v];
        size_t first = at;
        for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1]; i++) {
            const erg_rel_rec *rel = &g->rels[g->adj[i]];
            if ((sel != NULL && !erg_selection_has_rel(sel, g->adj[i])) || rel->from == rel->to)
                continue;
            s->nbr[at++] = local[rel->from == e ? rel->to : rel->from];
        }
        qsort(s->nbr + first, at - first, sizeof(uint32_t), by_u32);
        size_t kept = first;
        for (size_t i = first; i < at; i++) {
            if (i == first || s->nbr[i] != s->nbr[i - 1])
                s->nbr[kept++] = s->nbr[i];
        }
        at = kept;
        s->start[v + 1] = (uint32_t)at;
        s->linked_pairs += at - first;
    }
    s->linked_pairs /= 2;
    rc = ERG_OK;
done:
    erg_free(local);
    if (rc != ERG_OK)
        simple_release(s);
    return rc;
}

static int by_size_desc(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x < y) - (x > y);
}

/* Component sizes, largest first. Time complexity: O(n + m). */
static erg_status components(const simple_graph *s, erg_stats *out)
{
    uint32_t *comp = erg_malloc((s->n + 1) * sizeof(uint32_t));
    uint32_t *queue = erg_malloc((s->n + 1) * sizeof(uint32_t));
    size_t *sizes = erg_malloc((s->n + 1) * sizeof(size_t));
    if (comp == NULL || queue == NULL || sizes == NULL) {
        erg_free(comp);
        erg_free(queue);
        erg_free(sizes);
        return ERG_ENOMEM;
    }
    memset(comp, 0xFF, (s->n + 1) * sizeof(uint32_t));
    size_t count = 0;
    for (size_t v = 0; v < s->n; v++) {
        if (comp[v] != ERG_NIL)
            continue;
        size_t head = 0, tail = 0;
        queue[tail++] = (uint32_t)v;
        comp[v] = (uint32_t)count;
        while (head < tail) {
            uint32_t x = queue[head++];
            for (uint32_t i = s->start[x]; i < s->start[x + 1]; i++) {
                if (comp[s->nbr[i]] == ERG_NIL) {
                    comp[s->nbr[i]] = (uint32_t)count;
                    queue[tail++] = s->nbr[i];
                }
            }
        }
        sizes[count++] = tail;
    }
    qsort(sizes, count, sizeof(size_t), by_size_desc);
    erg_free(comp);
    erg_free(queue);
    out->component_count = count;
    out->component_sizes = sizes;
    return ERG_OK;
}

/* Ranking: score descending, then name, then id. */
static _Thread_local const erg_graph *rank_graph;

static int by_score(const void *a, const void *b)
{
    const erg_ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    int c = strcmp(rank_graph->ents[x->entity].name, rank_graph->ents[y->entity].name);
    return c ? c : strcmp(rank_graph->ents[x->entity].id, rank_graph->ents[y->entity].id);
}

/* The `top` best of scores[0..n), as entities. */
static erg_status rank(const erg_graph *g, const simple_graph *s, const double *scores, size_t top,
                       erg_ranked **out, size_t *count)
{
    erg_ranked *all = erg_malloc((s->n + 1) * sizeof(*all));
    if (all == NULL)
        return ERG_ENOMEM;
    for (size_t v = 0; v < s->n; v++)
        all[v] = (erg_ranked){s->global[v], scores[v]};
    rank_graph = g;
    qsort(all, s->n, sizeof(*all), by_score);
    *count = top < s->n ? top : s->n;
    *out = all;
    return ERG_OK;
}

/*
 * Brandes' betweenness centrality on the undirected simple graph, each pair
 * counted once (the sum over sources is halved). Time complexity: O(n m),
 * space O(n + m).
 */
static erg_status betweenness(const simple_graph *s, double *cb, erg_stats_progress progress,
                              void *arg)
{
    size_t n = s->n, every = n / 1000 + 1;
    uint32_t *stack = erg_malloc((n + 1) * sizeof(uint32_t));
    uint32_t *queue = erg_malloc((n + 1) * sizeof(uint32_t));
    int64_t *dist = erg_malloc((n + 1) * sizeof(int64_t));
    double *sigma = erg_malloc((n + 1) * sizeof(double));
    double *delta = erg_malloc((n + 1) * sizeof(double));
    erg_status rc = ERG_ENOMEM;
    if (stack == NULL || queue == NULL || dist == NULL || sigma == NULL || delta == NULL)
        goto done;
    memset(cb, 0, n * sizeof(double));
    for (size_t src = 0; src < n; src++) {
        size_t top = 0, head = 0, tail = 0;
        if (progress != NULL && src % every == 0)
            progress(src, n, arg);
        for (size_t v = 0; v < n; v++) {
            dist[v] = -1;
            sigma[v] = 0;
            delta[v] = 0;
        }
        dist[src] = 0;
        sigma[src] = 1;
        queue[tail++] = (uint32_t)src;
        while (head < tail) {
            uint32_t v = queue[head++];
            stack[top++] = v;
            for (uint32_t i = s->start[v]; i < s->start[v + 1]; i++) {
                uint32_t w = s->nbr[i];
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    queue[tail++] = w;
                }
                if (dist[w] == dist[v] + 1)
                    sigma[w] += sigma[v];
            }
        }
        /* Predecessors are the neighbours one step nearer the source, so
         * they need not be stored. */
        while (top > 0) {
            uint32_t w = stack[--top];
            for (uint32_t i = s->start[w]; i < s->start[w + 1]; i++) {
                uint32_t v = s->nbr[i];
                if (dist[v] == dist[w] - 1)
                    delta[v] += sigma[v] / sigma[w] * (1 + delta[w]);
            }
            if (w != src)
                cb[w] += delta[w];
        }
    }
    for (size_t v = 0; v < n; v++)
        cb[v] /= 2;
    rc = ERG_OK;
done:
    erg_free(stack);
    erg_free(queue);
    erg_free(dist);
    erg_free(sigma);
    erg_free(delta);
    return rc;
}

/*
 * Articulation points by Tarjan's low-link, with an explicit stack so a
 * long chain cannot overflow the call stack. Time complexity: O(n + m).
 */
static erg_status articulation_points(const simple_graph *s, bool *is_cut)
{
    size_t n = s->n;
    uint32_t *disc = erg_calloc(n + 1, sizeof(uint32_t)); /* 0: not visited */
    uint32_t *low = erg_malloc((n + 1) * sizeof(uint32_t));
    uint32_t *parent = erg_malloc((n + 1) * sizeof(uint32_t));
    uint32_t *next = erg_malloc((n + 1) * sizeof(uint32_t)); /* next neighbour to try */
    uint32_t *stack = erg_malloc((n + 1) * sizeof(uint32_t));
    erg_status rc = ERG_ENOMEM;
    if (disc == NULL || low == NULL || parent == NULL || next == NULL || stack == NULL)
        goto done;
    memset(is_cut, 0, n * sizeof(bool));
    uint32_t time = 0;
    for (size_t root = 0; root < n; root++) {
        if (disc[root] != 0)
            continue;
        size_t top = 0, children = 0;
        stack[top++] = (uint32_t)root;
        disc[root] = low[root] = ++time;
        parent[root] = ERG_NIL;
        next[root] = s->start[root];
        while (top > 0) {
            uint32_t v = stack[top - 1];
            if (next[v] < s->start[v + 1]) {
                uint32_t w = s->nbr[next[v]++];
                if (disc[w] == 0) {
                    parent[w] = v;
                    disc[w] = low[w] = ++time;
                    next[w] = s->start[w];
                    stack[top++] = w;
                    if (v == root)
                        children++;
                } else if (w != parent[v] && disc[w] < low[v]) {
                    low[v] = disc[w];
                }
                continue;
            }
            top--;
            uint32_t p = parent[v];
            if (p != ERG_NIL) {
                if (low[v] < low[p])
                    low[p] = low[v];
                if (p != root && low[v] >= disc[p])
                    is_cut[p] = true;
            }
        }
        if (children > 1)
            is_cut[root] = true;
    }
    rc = ERG_OK;
done:
    erg_free(disc);
    erg_free(low);
    erg_free(parent);
    erg_free(next);
    erg_free(stack);
    return rc;
}

erg_status erg_query_stats(erg_stats *out, const erg_graph *g, const erg_selection *sel, size_t top)
{
    return erg_query_stats_progress(out, g, sel, top, NULL, NULL);
}

erg_status erg_query_stats_progress(erg_stats *out, const erg_graph *g, const erg_selection *sel,
                                    size_t top, erg_stats_progress progress, void *arg)
{
    memset(out, 0, sizeof(*out));
    simple_graph s;
    double *scores = NULL;
    bool *is_cut = NULL;
    erg_status rc = simple_build(&s, g, sel);
    if (rc != ERG_OK)
        return rc;
    out->entities = s.n;
    out->relationships = sel ? erg_selection_rel_count(sel) : g->rel_count;
    out->linked_pairs = s.linked_pairs;
    out->density = s.n < 2 ? 0 : (double)s.linked_pairs / ((double)s.n * (double)(s.n - 1) / 2);
    rc = ERG_ENOMEM;
    if ((scores = erg_malloc((s.n + 1) * sizeof(double))) == NULL ||
        (is_cut = erg_malloc((s.n + 1) * sizeof(bool))) == NULL)
        goto done;
    if ((rc = components(&s, out)) != ERG_OK)
        goto done;
    for (size_t v = 0; v < s.n; v++)
        scores[v] = (double)s.ties[v];
    if ((rc = rank(g, &s, scores, top, &out->by_degree, &out->by_degree_count)) != ERG_OK)
        goto done;
    if (s.n > ERG_BETWEENNESS_MAX) {
        out->betweenness_skipped = true;
    } else if ((rc = betweenness(&s, scores, progress, arg)) != ERG_OK ||
               (rc = rank(g, &s, scores, top, &out->by_betweenness, &out->by_betweenness_count)) !=
                   ERG_OK) {
        goto done;
    }
    if ((rc = articulation_points(&s, is_cut)) != ERG_OK)
        goto done;
    rc = ERG_ENOMEM;
    if ((out->articulation = erg_malloc((s.n + 1) * sizeof(size_t))) == NULL)
        goto done;
    for (size_t v = 0; v < s.n; v++) {
        if (is_cut[v])
            out->articulation[out->articulation_count++] = s.global[v];
    }
    rc = ERG_OK;
done:
    erg_free(scores);
    erg_free(is_cut);
    simple_release(&s);
    if (rc != ERG_OK)
        erg_stats_release(out);
    return rc;
}

void erg_stats_release(erg_stats *stats)
{
    if (stats == NULL)
        return;
    erg_free(stats->component_sizes);
    erg_free(stats->by_degree);
    erg_free(stats->by_betweenness);
    erg_free(stats->articulation);
    memset(stats, 0, sizeof(*stats));
}
