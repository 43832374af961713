/*
 * Selections as two bitmaps, one bit per entity and per relationship.
 *
 * Bits rather than bytes: a selection of a million-relationship graph is
 * 150 KB, which calloc hands out as untouched zero pages, so making an
 * empty one costs nothing until bits are set, and a scan for the next kept
 * item skips 64 at a time. A filter that keeps a thousand entities of a
 * huge graph then costs time in proportion to what it keeps.
 *
 * Evidence has a third bitmap, of the pieces the evidence filters dropped:
 * zero (calloc's untouched pages) keeps every piece, so a selection made
 * without those filters pays nothing for it.
 */
#include <string.h>

#include "util/alloc.h"
#include "ergraph/filter.h"
#include "model/graph_impl.h"
#include "model/selection_impl.h"

typedef unsigned long long word;
#define WORD_BITS 64

struct erg_selection {
    const erg_graph *g;
    size_t ent_count, rel_count, ev_count; /* of the graph */
    size_t ents_kept, rels_kept;
    word *ents, *rels;
    word *ev_dropped;
};

static size_t words_for(size_t n)
{
    return n / WORD_BITS + 1;
}

/* Every bit of items [0, n) set, none past n: scans rely on it. */
static void fill(word *bits, size_t n)
{
    memset(bits, 0xFF, n / WORD_BITS * sizeof(word));
    if (n % WORD_BITS)
        bits[n / WORD_BITS] = (1ull << (n % WORD_BITS)) - 1;
}

erg_selection *erg_selection_new(const erg_graph *g, bool all)
{
    erg_selection *sel = erg_calloc(1, sizeof(*sel));
    if (sel == NULL)
        return NULL;
    sel->g = g;
    sel->ent_count = erg_graph_entity_count(g);
    sel->rel_count = erg_graph_relationship_count(g);
    sel->ev_count = g->ev_count;
    sel->ents = erg_calloc(words_for(sel->ent_count), sizeof(word));
    sel->rels = erg_calloc(words_for(sel->rel_count), sizeof(word));
    sel->ev_dropped = erg_calloc(words_for(sel->ev_count), sizeof(word));
    if (sel->ents == NULL || sel->rels == NULL || sel->ev_dropped == NULL) {
        erg_selection_free(sel);
        return NULL;
    }
    if (all) {
        fill(sel->ents, sel->ent_count);
        fill(sel->rels, sel->rel_count);
        sel->ents_kept = sel->ent_count;
        sel->rels_kept = sel->rel_count;
    }
    return sel;
}

void erg_selection_free(erg_selection *sel)
{
    if (sel == NULL)
        return;
    erg_free(sel->ents);
    erg_free(sel->rels);
    erg_free(sel->ev_dropped);
    erg_free(sel);
}

static bool get(const word *bits, size_t i)
{
    return (bits[i / WORD_BITS] >> (i % WORD_BITS)) & 1;
}

/* Sets bit i to keep; returns how the count of set bits changes. */
static long put(word *bits, size_t i, bool keep)
{
    word mask = 1ull << (i % WORD_BITS);
    word *w = &bits[i / WORD_BITS];
    bool was = (*w & mask) != 0;
    if (keep)
        *w |= mask;
    else
        *w &= ~mask;
    return (long)keep - (long)was;
}

bool erg_selection_has_entity(const erg_selection *sel, size_t e)
{
    return get(sel->ents, e);
}

bool erg_selection_has_rel(const erg_selection *sel, size_t r)
{
    return get(sel->rels, r);
}

void erg_selection_set_entity(erg_selection *sel, size_t e, bool keep)
{
    sel->ents_kept += (size_t)put(sel->ents, e, keep);
}

void erg_selection_set_rel(erg_selection *sel, size_t r, bool keep)
{
    sel->rels_kept += (size_t)put(sel->rels, r, keep);
}

size_t erg_selection_entity_count(const erg_selection *sel)
{
    return sel->ents_kept;
}

size_t erg_selection_rel_count(const erg_selection *sel)
{
    return sel->rels_kept;
}

/* The first set bit at or after i, or ERG_NONE. */
static size_t next_set(const word *bits, size_t n, size_t i)
{
    if (i >= n)
        return ERG_NONE;
    size_t k = i / WORD_BITS;
    word w = bits[k] & (~0ull << (i % WORD_BITS));
    size_t last = (n - 1) / WORD_BITS;
    while (w == 0) {
        if (++k > last)
            return ERG_NONE;
        w = bits[k];
    }
    return k * WORD_BITS + (size_t)__builtin_ctzll(w);
}

size_t erg_selection_next_entity(const erg_selection *sel, size_t e)
{
    return next_set(sel->ents, sel->ent_count, e);
}

size_t erg_selection_next_rel(const erg_selection *sel, size_t r)
{
    return next_set(sel->rels, sel->rel_count, r);
}

bool erg_selection_has_evidence(const erg_selection *sel, size_t r, size_t i)
{
    return sel == NULL || !get(sel->ev_dropped, sel->g->rels[r].ev_start + i);
}

void erg_selection_set_evidence(erg_selection *sel, size_t r, size_t i, bool keep)
{
    put(sel->ev_dropped, sel->g->rels[r].ev_start + i, !keep);
}

size_t erg_selection_evidence_count(const erg_selection *sel, const erg_graph *g, size_t r)
{
    const erg_rel_rec *rel = &g->rels[r];
    if (sel == NULL)
        return rel->ev_count;
    size_t n = 0;
    for (uint32_t i = 0; i < rel->ev_count; i++)
        n += !get(sel->ev_dropped, rel->ev_start + i);
    return n;
}

erg_certainty erg_selection_rel_certainty(const erg_selection *sel, const erg_graph *g, size_t r)
{
    const erg_rel_rec *rel = &g->rels[r];
    erg_certainty best = ERG_INFERRED;
    for (uint32_t i = 0; i < rel->ev_count; i++) {
        const erg_evidence_rec *ev = &g->evidence[rel->ev_start + i];
        if (ev->e.certainty < best && (sel == NULL || !get(sel->ev_dropped, rel->ev_start + i)))
            best = ev->e.certainty;
    }
    return best;
}

void erg_selection_move_evidence(erg_selection *to, erg_selection *from)
{
    word *t = to->ev_dropped;
    to->ev_dropped = from->ev_dropped;
    from->ev_dropped = t;
}
