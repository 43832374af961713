#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "model/graph_impl.h"
#include "util/text.h"

erg_graph *erg_graph_new(void)
{
    return erg_calloc(1, sizeof(erg_graph));
}

void erg_graph_free(erg_graph *g)
{
    if (g == NULL)
        return;
    if (g->release != NULL) {
        g->release(g);
        erg_arena_release(&g->arena);
        erg_free(g);
        return;
    }
    for (size_t i = 0; i < g->file_count; i++)
        erg_free(g->files[i]);
    erg_free(g->files);
    erg_free(g->ents);
    erg_free(g->rels);
    erg_free(g->srcs);
    erg_free(g->evidence);
    erg_free(g->rel_attrs);
    erg_free(g->contra);
    erg_free(g->pending);
    erg_free(g->conf_start);
    erg_free(g->conf);
    erg_free(g->aliases);
    erg_free(g->ent_attrs);
    erg_free(g->ent_sources);
    erg_free(g->pend_aliases);
    erg_free(g->pend_attrs);
    erg_free(g->pend_sources);
    erg_free(g->adj_start);
    erg_free(g->adj);
    erg_free(g->name_chain);
    erg_strmap_release(&g->interned);
    erg_strmap_release(&g->ent_by_id);
    erg_strmap_release(&g->rel_by_id);
    erg_strmap_release(&g->src_by_id);
    erg_strmap_release(&g->names);
    erg_arena_release(&g->arena);
    erg_free(g);
}

const char *erg_graph_intern(erg_graph *g, const char *s, size_t len)
{
    erg_strmap_slot *slot = erg_strmap_find(&g->interned, s, len);
    if (slot != NULL)
        return slot->key;
    const char *copy;
    if (g->forwarding) {
        char *block = erg_arena_alloc(&g->arena, sizeof(const char *) + len + 1);
        if (block == NULL)
            return NULL;
        memset(block, 0, sizeof(const char *));
        memcpy(block + sizeof(const char *), s, len);
        block[sizeof(const char *) + len] = '\0';
        copy = block + sizeof(const char *);
    } else {
        copy = erg_arena_strndup(&g->arena, s, len);
    }
    bool added;
    if (copy == NULL || erg_strmap_insert(&g->interned, copy, len, 0, &added) == NULL)
        return NULL;
    return copy;
}

erg_status erg_graph_forward_interned(erg_graph *from, erg_graph *to)
{
    for (size_t i = 0; i < from->interned.cap; i++) {
        const erg_strmap_slot *slot = &from->interned.slots[i];
        if (slot->key == NULL)
            continue;
        const char *there = erg_graph_intern(to, slot->key, slot->len);
        if (there == NULL)
            return ERG_ENOMEM;
        memcpy((char *)slot->key - sizeof(const char *), &there, sizeof(there));
    }
    return ERG_OK;
}

const char *erg_graph_copy(erg_graph *g, const char *s, size_t len)
{
    return erg_arena_strndup(&g->arena, s, len);
}

/*
 * Groups pending items by owner into `count` runs, stable, so each entity's
 * items keep their input order. Sets start/count in each entity through the
 * offsets given. Time complexity: O(n + entities).
 */
static erg_status group_by_owner(erg_graph *g, const erg_owned *items, size_t n, size_t elem_size,
                                 void **out, size_t start_off, size_t count_off,
                                 void (*copy)(void *dst, const erg_owned *src))
{
    uint32_t *fill = erg_calloc(g->ent_count + 1, sizeof(*fill));
    unsigned char *dst = erg_calloc(n ? n : 1, elem_size);
    if (fill == NULL || dst == NULL) {
        erg_free(fill);
        erg_free(dst);
        return ERG_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        fill[items[i].owner + 1]++;
    for (size_t e = 0; e < g->ent_count; e++)
        fill[e + 1] += fill[e];
    for (size_t e = 0; e < g->ent_count; e++) {
        unsigned char *rec = (unsigned char *)&g->ents[e];
        *(uint32_t *)(rec + start_off) = fill[e];
        *(uint32_t *)(rec + count_off) = fill[e + 1] - fill[e];
    }
    for (size_t i = 0; i < n; i++)
        copy(dst + (size_t)fill[items[i].owner]++ * elem_size, &items[i]);
    erg_free(fill);
    *out = dst;
    return ERG_OK;
}

static void copy_str(void *dst, const erg_owned *src)
{
    *(const char **)dst = src->str;
}

static void copy_attr(void *dst, const erg_owned *src)
{
    *(erg_attr *)dst = src->attr;
}

static void copy_source(void *dst, const erg_owned *src)
{
    *(uint32_t *)dst = src->ref;
}

static erg_status build_adjacency(erg_graph *g)
{
    g->adj_start = erg_calloc(g->ent_count + 1, sizeof(uint32_t));
    g->adj = erg_malloc((2 * g->rel_count + 1) * sizeof(uint32_t));
    if (g->adj_start == NULL || g->adj == NULL)
        return ERG_ENOMEM;
    for (size_t r = 0; r < g->rel_count; r++) {
        g->adj_start[g->rels[r].from + 1]++;
        if (g->rels[r].to != g->rels[r].from)
            g->adj_start[g->rels[r].to + 1]++;
    }
    for (size_t e = 0; e < g->ent_count; e++)
        g->adj_start[e + 1] += g->adj_start[e];
    uint32_t *fill = erg_malloc((g->ent_count + 1) * sizeof(uint32_t));
    if (fill == NULL)
        return ERG_ENOMEM;
    memcpy(fill, g->adj_start, (g->ent_count + 1) * sizeof(uint32_t));
    for (size_t r = 0; r < g->rel_count; r++) {
        g->adj[fill[g->rels[r].from]++] = (uint32_t)r;
        if (g->rels[r].to != g->rels[r].from)
            g->adj[fill[g->rels[r].to]++] = (uint32_t)r;
    }
    erg_free(fill);
    return ERG_OK;
}

/* Adds `e` under the folded form of s, once per entity. */
static erg_status index_name(erg_graph *g, erg_arena *arena, erg_buf *scratch, const char *s,
                             uint32_t e)
{
    scratch->len = 0;
    erg_text_fold(scratch, s, strlen(s));
    if (scratch->failed)
        return ERG_ENOMEM;
    uint32_t fresh = (uint32_t)g->name_chain_count;
    if (ERG_GROW(g->name_chain, g->name_chain_cap, 2 * (g->name_chain_count + 1)) != ERG_OK)
        return ERG_ENOMEM;
    bool added;
    erg_strmap_slot *slot =
        erg_strmap_insert(&g->names, scratch->data, scratch->len, fresh, &added);
    if (slot == NULL)
        return ERG_ENOMEM;
    if (!added) {
        /* The circle is built in entity order, so a repeat is its last pair.
         * (Walking to the end of a list instead was quadratic: ten million
         * entities of one name did not load in ten minutes.) */
        uint32_t last = slot->value;
        if (g->name_chain[2 * last] == e)
            return ERG_OK;
        g->name_chain[2 * fresh + 1] = g->name_chain[2 * last + 1]; /* the first */
        g->name_chain[2 * last + 1] = fresh;
        slot->value = fresh;
    } else {
        /* New to the name index: the slot keeps a plain copy of the
         * scratch key (interning would only look it up again in a table
         * that rarely holds it). */
        slot->key = erg_arena_strndup(arena, scratch->data, scratch->len);
        if (slot->key == NULL) {
            erg_strmap_remove_last(&g->names, slot);
            return ERG_ENOMEM;
        }
        g->name_chain[2 * fresh + 1] = fresh;
    }
    g->name_chain[2 * fresh] = e;
    g->name_chain_count++;
    return ERG_OK;
}

static erg_status build_name_index(erg_graph *g, erg_arena *arena)
{
    erg_buf scratch = ERG_BUF_INIT;
    erg_status rc = erg_strmap_reserve(&g->names, g->ent_count * 2);
    for (size_t e = 0; rc == ERG_OK && e < g->ent_count; e++) {
        const erg_entity_rec *ent = &g->ents[e];
        rc = index_name(g, arena, &scratch, ent->id, (uint32_t)e);
        if (rc == ERG_OK)
            rc = index_name(g, arena, &scratch, ent->name, (uint32_t)e);
        for (size_t i = 0; rc == ERG_OK && i < ent->alias_count; i++)
            rc = index_name(g, arena, &scratch, g->aliases[ent->alias_start + i], (uint32_t)e);
    }
    erg_buf_release(&scratch);
    return rc;
}

erg_status erg_graph_group(erg_graph *g)
{
    erg_status rc;
    rc = group_by_owner(g, g->pend_aliases, g->pend_alias_count, sizeof(const char *),
                        (void **)&g->aliases, offsetof(erg_entity_rec, alias_start),
                        offsetof(erg_entity_rec, alias_count), copy_str);
    if (rc == ERG_OK)
        rc = group_by_owner(g, g->pend_attrs, g->pend_attr_count, sizeof(erg_attr),
                            (void **)&g->ent_attrs, offsetof(erg_entity_rec, attr_start),
                            offsetof(erg_entity_rec, attr_count), copy_attr);
    if (rc == ERG_OK)
        rc = group_by_owner(g, g->pend_sources, g->pend_source_count, sizeof(uint32_t),
                            (void **)&g->ent_sources, offsetof(erg_entity_rec, source_start),
                            offsetof(erg_entity_rec, source_count), copy_source);
    if (rc == ERG_OK) {
        erg_free(g->pend_aliases);
        erg_free(g->pend_attrs);
        erg_free(g->pend_sources);
        g->pend_aliases = g->pend_attrs = g->pend_sources = NULL;
        g->pend_alias_count = g->pend_attr_count = g->pend_source_count = 0;
        g->pend_alias_cap = g->pend_attr_cap = g->pend_source_cap = 0;
    }
    return rc;
}

static void *names_run(void *arg)
{
    erg_names_job *job = arg;
    job->rc = build_name_index(job->g, &job->arena);
    /* A failure this thread's code went on without still counts. */
    if (erg_alloc_failures() != 0)
        job->rc = ERG_ENOMEM;
    return NULL;
}

void erg_graph_names_start(erg_names_job *job, erg_graph *g, bool threaded)
{
    memset(job, 0, sizeof(*job));
    job->g = g;
    job->arena = (erg_arena)ERG_ARENA_INIT;
    job->running = threaded && pthread_create(&job->thread, NULL, names_run, job) == 0;
    if (!job->running)
        job->rc = build_name_index(g, &job->arena);
}

erg_status erg_graph_names_finish(erg_names_job *job)
{
    if (!job->finished) {
        if (job->running)
            pthread_join(job->thread, NULL);
        job->running = false;
        job->finished = true;
        erg_arena_adopt(&job->g->arena, &job->arena);
    }
    return job->rc;
}

erg_status erg_graph_link(erg_graph *g)
{
    return build_adjacency(g);
}

/* Getters. Indices are the caller's responsibility, as with an array. */

const char *erg_graph_title(const erg_graph *g)
{
    return g->title;
}

const char *erg_graph_short_title(const erg_graph *g, char buf[ERG_SHORT_TITLE_SIZE])
{
    if (g->title_count <= 1)
        return g->title;
    snprintf(buf, ERG_SHORT_TITLE_SIZE, "%zu source%s", g->src_count, g->src_count == 1 ? "" : "s");
    return buf;
}

size_t erg_graph_title_count(const erg_graph *g)
{
    return g->title_count;
}

const char *erg_graph_description(const erg_graph *g)
{
    return g->description;
}

size_t erg_graph_entity_count(const erg_graph *g)
{
    return g->ent_count;
}

size_t erg_graph_relationship_count(const erg_graph *g)
{
    return g->rel_count;
}

size_t erg_graph_source_count(const erg_graph *g)
{
    return g->src_count;
}

size_t erg_graph_file_count(const erg_graph *g)
{
    return g->file_count;
}

const char *erg_graph_file(const erg_graph *g, size_t i)
{
    return g->files[i];
}

const erg_source *erg_graph_source(const erg_graph *g, size_t s)
{
    return &g->srcs[s].s;
}

static size_t find_in(const erg_strmap *m, const char *key)
{
    const erg_strmap_slot *slot = erg_strmap_find(m, key, strlen(key));
    return slot != NULL ? slot->value : ERG_NONE;
}

size_t erg_graph_find_source(const erg_graph *g, const char *id)
{
    return find_in(&g->src_by_id, id);
}

size_t erg_graph_find_id(const erg_graph *g, const char *id)
{
    return find_in(&g->ent_by_id, id);
}

const char *erg_entity_id(const erg_graph *g, size_t e)
{
    return g->ents[e].id;
}

const char *erg_entity_type(const erg_graph *g, size_t e)
{
    return g->ents[e].type;
}

const char *erg_entity_name(const erg_graph *g, size_t e)
{
    return g->ents[e].name;
}

size_t erg_entity_country(const erg_graph *g, size_t e)
{
    return g->ents[e].country == ERG_NIL ? ERG_NONE : g->ents[e].country;
}

size_t erg_entity_alias_count(const erg_graph *g, size_t e)
{
    return g->ents[e].alias_count;
}

const char *erg_entity_alias(const erg_graph *g, size_t e, size_t i)
{
    return g->aliases[g->ents[e].alias_start + i];
}

size_t erg_entity_attr_count(const erg_graph *g, size_t e)
{
    return g->ents[e].attr_count;
}

const erg_attr *erg_entity_attr(const erg_graph *g, size_t e, size_t i)
{
    return &g->ent_attrs[g->ents[e].attr_start + i];
}

size_t erg_entity_source_count(const erg_graph *g, size_t e)
{
    return g->ents[e].source_count;
}

size_t erg_entity_source(const erg_graph *g, size_t e, size_t i)
{
    return g->ent_sources[g->ents[e].source_start + i];
}

size_t erg_entity_degree(const erg_graph *g, size_t e)
{
    return g->adj_start[e + 1] - g->adj_start[e];
}

size_t erg_entity_tie(const erg_graph *g, size_t e, size_t i)
{
    return g->adj[g->adj_start[e] + i];
}

const char *erg_rel_id(const erg_graph *g, size_t r)
{
    return g->rels[r].id;
}

const char *erg_rel_type(const erg_graph *g, size_t r)
{
    return g->rels[r].type;
}

const char *erg_rel_label(const erg_graph *g, size_t r)
{
    return g->rels[r].label;
}

size_t erg_rel_from(const erg_graph *g, size_t r)
{
    return g->rels[r].from;
}

size_t erg_rel_to(const erg_graph *g, size_t r)
{
    return g->rels[r].to;
}

bool erg_rel_directed(const erg_graph *g, size_t r)
{
    return g->rels[r].directed;
}

const char *erg_rel_start(const erg_graph *g, size_t r)
{
    return g->rels[r].is_date ? NULL : g->rels[r].start;
}

const char *erg_rel_end(const erg_graph *g, size_t r)
{
    return g->rels[r].end;
}

bool erg_rel_weight(const erg_graph *g, size_t r, double *out)
{
    if (g->rels[r].has_weight && out != NULL)
        *out = g->rels[r].weight;
    return g->rels[r].has_weight;
}

const char *erg_rel_date(const erg_graph *g, size_t r)
{
    return g->rels[r].is_date ? g->rels[r].start : NULL;
}

erg_certainty erg_rel_certainty(const erg_graph *g, size_t r)
{
    const erg_rel_rec *rel = &g->rels[r];
    erg_certainty best = ERG_INFERRED;
    for (uint32_t i = 0; i < rel->ev_count; i++) {
        if (g->evidence[rel->ev_start + i].e.certainty < best)
            best = g->evidence[rel->ev_start + i].e.certainty;
    }
    return best;
}

/* The first of r's ids in g->contra (which is in relationship order).
 * Time complexity: O(log contradictions). */
static size_t contra_first(const erg_graph *g, size_t r)
{
    size_t lo = 0, hi = g->contra_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->contra[mid].rel < r)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t erg_rel_contradicts_count(const erg_graph *g, size_t r)
{
    if (!g->rels[r].contradicts)
        return 0;
    size_t first = contra_first(g, r), n = 0;
    while (first + n < g->contra_count && g->contra[first + n].rel == r)
        n++;
    return n;
}

const char *erg_rel_contradicts_id(const erg_graph *g, size_t r, size_t i)
{
    return g->contra[contra_first(g, r) + i].id;
}

size_t erg_rel_conflict_count(const erg_graph *g, size_t r)
{
    return g->conf_start == NULL ? 0 : g->conf_start[r + 1] - g->conf_start[r];
}

size_t erg_rel_conflict(const erg_graph *g, size_t r, size_t i)
{
    return g->conf[g->conf_start[r] + i];
}

static const char *const certainty_names[ERG_CERTAINTY_COUNT] = {"stated", "reported", "alleged",
                                                                 "inferred"};

const char *erg_certainty_name(erg_certainty certainty)
{
    return (unsigned)certainty < ERG_CERTAINTY_COUNT ? certainty_names[certainty] : "?";
}

bool erg_certainty_from_name(const char *name, erg_certainty *out)
{
    for (size_t i = 0; i < ERG_CERTAINTY_COUNT; i++) {
        if (strcmp(name, certainty_names[i]) == 0) {
            *out = (erg_certainty)i;
            return true;
        }
    }
    return false;
}

bool erg_evidence_grade(const erg_graph *g, const erg_evidence *ev, char out[3])
{
    const char *rel = ev->source != ERG_NONE ? g->srcs[ev->source].s.reliability : NULL;
    if (rel == NULL && ev->credibility == 0) {
        out[0] = '\0';
        return false;
    }
    out[0] = rel != NULL ? rel[0] : '?';
    out[1] = ev->credibility != 0 ? (char)('0' + ev->credibility) : '?';
    out[2] = '\0';
    return rel != NULL && ev->credibility != 0;
}

size_t erg_rel_attr_count(const erg_graph *g, size_t r)
{
    return g->rels[r].attr_count;
}

const erg_attr *erg_rel_attr(const erg_graph *g, size_t r, size_t i)
{
    return &g->rel_attrs[g->rels[r].attr_start + i];
}

size_t erg_rel_evidence_count(const erg_graph *g, size_t r)
{
    return g->rels[r].ev_count;
}

const erg_evidence *erg_rel_evidence(const erg_graph *g, size_t r, size_t i)
{
    return &g->evidence[g->rels[r].ev_start + i].e;
}

size_t erg_rel_file(const erg_graph *g, size_t r)
{
    return g->rels[r].file;
}

size_t erg_graph_lookup(const erg_graph *g, const char *name, size_t *out, size_t max)
{
    bool nomem;
    return erg_graph_lookup_checked(g, name, out, max, &nomem);
}

size_t erg_graph_lookup_checked(const erg_graph *g, const char *name, size_t *out, size_t max,
                                bool *nomem)
{
    *nomem = false;
    size_t exact = erg_graph_find_id(g, name);
    if (exact != ERG_NONE) {
        if (max > 0)
            out[0] = exact;
        return 1;
    }
    erg_buf folded = ERG_BUF_INIT;
    erg_text_fold(&folded, name, strlen(name));
    size_t n = 0;
    if (!folded.failed && folded.len > 0) {
        const erg_strmap_slot *slot = erg_strmap_find(&g->names, folded.data, folded.len);
        if (slot != NULL) {
            /* The slot holds the circle's last pair: start after it. */
            uint32_t last = slot->value, i = last;
            do {
                i = g->name_chain[2 * i + 1];
                if (n < max)
                    out[n] = g->name_chain[2 * i];
                n++;
            } while (i != last);
        }
    }
    *nomem = folded.failed;
    erg_buf_release(&folded);
    return n;
}
