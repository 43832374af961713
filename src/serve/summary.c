/*
 * /api/summary: what the page's filter panel offers, worked out once when
 * the server starts (the graph is read-only from then on): the entity and
 * relation types with their counts, the evidence's certainties, the span
 * of the dated ties with a histogram of them, and the view the page opens
 * on (the filters given on the command line).
 */
#include "summary.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    const char *key;
    size_t count;
} entry;

/* Counts by text: appended, then sorted and joined (counts_join()). */
typedef struct text_counts {
    entry *e;
    size_t n, cap;
    bool failed;
} text_counts;

static void counts_add(text_counts *c, const char *key, size_t n)
{
    if (c->failed || key == NULL)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        entry *e = realloc(c->e, cap * sizeof(*e));
        if (e == NULL) {
            c->failed = true;
            return;
        }
        c->e = e;
        c->cap = cap;
    }
    c->e[c->n++] = (entry){key, n};
}

static int by_count(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->key, b->key);
}

static int by_key(const void *pa, const void *pb)
{
    return strcmp(((const entry *)pa)->key, ((const entry *)pb)->key);
}

/* Sorted by text, equal texts made one entry. */
static void counts_join(text_counts *c)
{
    if (c->n == 0)
        return;
    qsort(c->e, c->n, sizeof(*c->e), by_key);
    size_t out = 0;
    for (size_t i = 1; i < c->n; i++) {
        if (strcmp(c->e[i].key, c->e[out].key) == 0)
            c->e[out].count += c->e[i].count;
        else
            c->e[++out] = c->e[i];
    }
    c->n = out + 1;
}

/* s as a JSON string, safe to paste into a page. */
static void put_json(FILE *f, const char *s)
{
    erg_json_fputs(s, ERG_JSON_SCRIPT_SAFE, f); /* a failed write shows at fclose() */
}

/* The counts as a JSON object, most first (or by key). */
static void put_counts(FILE *f, const char *name, text_counts *c, bool keyed)
{
    counts_join(c);
    if (!keyed && c->n > 0)
        qsort(c->e, c->n, sizeof(*c->e), by_count);
    fprintf(f, ",\n \"%s\": {", name);
    for (size_t i = 0; i < c->n; i++) {
        fputs(i ? ", " : "", f);
        put_json(f, c->e[i].key);
        fprintf(f, ": %zu", c->e[i].count);
    }
    fputs("}", f);
}

/* A count per distinct key (a string's address, or a period's number):
 * the loader keeps one copy of each type, so the few distinct addresses
 * are counted without reading the strings, and joined by their text at
 * the end (counts_join()) in case a graph has copies. */
typedef struct tally {
    uint64_t *keys; /* 0: empty */
    size_t *counts;
    size_t cap, used;
    bool failed;
} tally;

static size_t slot_of(uint64_t key, size_t cap)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & (cap - 1);
}

static bool tally_grow(tally *t)
{
    size_t cap = t->cap ? 2 * t->cap : 64;
    uint64_t *keys = calloc(cap, sizeof(*keys));
    size_t *counts = calloc(cap, sizeof(*counts));
    if (keys == NULL || counts == NULL) {
        free(keys);
        free(counts);
        return false;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (t->keys[i] == 0)
            continue;
        size_t k = slot_of(t->keys[i], cap);
        while (keys[k] != 0)
            k = (k + 1) & (cap - 1);
        keys[k] = t->keys[i];
        counts[k] = t->counts[i];
    }
    free(t->keys);
    free(t->counts);
    t->keys = keys;
    t->counts = counts;
    t->cap = cap;
    return true;
}

/* key != 0 */
static inline void tally_add(tally *t, uint64_t key, size_t n)
{
    if (t->failed)
        return;
    if (2 * (t->used + 1) > t->cap && !tally_grow(t)) {
        t->failed = true;
        return;
    }
    size_t k = slot_of(key, t->cap);
    while (t->keys[k] != key && t->keys[k] != 0)
        k = (k + 1) & (t->cap - 1);
    if (t->keys[k] == 0) {
        t->keys[k] = key;
        t->used++;
    }
    t->counts[k] += n;
}

static void tally_release(tally *t)
{
    free(t->keys);
    free(t->counts);
}

/* The strings counted by address, joined by their text. */
static void count_strings(text_counts *c, const tally *t)
{
    for (size_t i = 0; i < t->cap; i++)
        if (t->keys[i] != 0)
            counts_add(c, (const char *)(uintptr_t)t->keys[i], t->counts[i]);
    c->failed |= t->failed;
}

/* The month of a date "YYYY-MM[-DD]" as YYYY * 13 + MM, or its year as
 * YYYY * 13; 0 for anything else (the loader checked the dates already).
 * The numbers sort as the texts "YYYY" < "YYYY-MM" do. */
static uint64_t period_of(const char *date)
{
    if (date == NULL)
        return 0;
    uint64_t year = 0;
    for (int i = 0; i < 4; i++) {
        if (date[i] < '0' || date[i] > '9')
            return 0;
        year = year * 10 + (uint64_t)(date[i] - '0');
    }
    uint64_t month = 0;
    if (date[4] == '-' && date[5] >= '0' && date[5] <= '9' && date[6] >= '0' && date[6] <= '9')
        month = (uint64_t)(date[5] - '0') * 10 + (uint64_t)(date[6] - '0');
    return year * 13 + month + 1; /* + 1: never 0 */
}

/* A period's number as its text, "YYYY-MM" or "YYYY". */
static void period_text(uint64_t period, char out[8])
{
    period--;
    unsigned year = (unsigned)(period / 13 % 10000), month = (unsigned)(period % 13);
    if (month)
        snprintf(out, 8, "%04u-%02u", year, month);
    else
        snprintf(out, 8, "%04u", year);
}

/* The relationships [lo, hi) counted: a share of the work. */
typedef struct share {
    const erg_graph *g;
    size_t lo, hi;
    tally relation_at, period_n;
    size_t certainty_n[ERG_CERTAINTY_COUNT];
    size_t dated, undated;
    uint64_t first, last;
} share;

static void *count_share(void *arg)
{
    share *s = arg;
    const erg_graph *g = s->g;
    for (size_t r = s->lo; r < s->hi; r++) {
        tally_add(&s->relation_at, (uint64_t)(uintptr_t)erg_rel_type(g, r), 1);
        size_t nv = erg_rel_evidence_count(g, r);
        for (size_t v = 0; v < nv; v++) {
            erg_certainty c = erg_rel_evidence(g, r, v)->certainty;
            s->certainty_n[(unsigned)c < ERG_CERTAINTY_COUNT ? c : ERG_INFERRED]++;
        }
        if (nv == 0)
            s->certainty_n[ERG_INFERRED]++;
        const char *d = erg_rel_date(g, r);
        if (d == NULL)
            d = erg_rel_start(g, r);
        if (d == NULL)
            d = erg_rel_end(g, r);
        uint64_t p = period_of(d);
        if (p == 0) {
            s->undated++;
            continue;
        }
        s->dated++;
        tally_add(&s->period_n, p, 1);
        if (s->first == 0 || p < s->first)
            s->first = p;
        if (p > s->last)
            s->last = p;
    }
    return NULL;
}

/* b's counts added to a's. */
static void join_share(share *a, const share *b)
{
    for (size_t i = 0; i < b->relation_at.cap; i++)
        if (b->relation_at.keys[i] != 0)
            tally_add(&a->relation_at, b->relation_at.keys[i], b->relation_at.counts[i]);
    for (size_t i = 0; i < b->period_n.cap; i++)
        if (b->period_n.keys[i] != 0)
            tally_add(&a->period_n, b->period_n.keys[i], b->period_n.counts[i]);
    a->relation_at.failed |= b->relation_at.failed;
    a->period_n.failed |= b->period_n.failed;
    for (int c = 0; c < ERG_CERTAINTY_COUNT; c++)
        a->certainty_n[c] += b->certainty_n[c];
    a->dated += b->dated;
    a->undated += b->undated;
    if (b->first != 0 && (a->first == 0 || b->first < a->first))
        a->first = b->first;
    if (b->last > a->last)
        a->last = b->last;
}

/* Below this many relationships, one thread counts them all. */
#define SUMMARY_SPLIT 4096u

char *serve_summary(const erg_graph *g, const char *query, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (f == NULL)
        return NULL;
    text_counts types = {0}, relations = {0}, certainties = {0}, dates = {0};
    tally type_at = {0};
    size_t nr = erg_graph_relationship_count(g), half = nr >= SUMMARY_SPLIT ? nr / 2 : nr;
    share one = {.g = g, .lo = 0, .hi = half}, two = {.g = g, .lo = half, .hi = nr};
    pthread_t thread;
    bool threaded = half < nr && pthread_create(&thread, NULL, count_share, &two) == 0;
    count_share(&one);
    for (size_t e = 0; e < erg_graph_entity_count(g); e++)
        tally_add(&type_at, (uint64_t)(uintptr_t)erg_entity_type(g, e), 1);
    if (threaded)
        pthread_join(thread, NULL);
    else
        count_share(&two);
    join_share(&one, &two);
    tally_release(&two.relation_at);
    tally_release(&two.period_n);
    tally *relation_at = &one.relation_at, *period_n = &one.period_n;
    size_t dated = one.dated, undated = one.undated;
    count_strings(&types, &type_at);
    count_strings(&relations, relation_at);
    for (int c = 0; c < ERG_CERTAINTY_COUNT; c++)
        if (one.certainty_n[c] != 0)
            counts_add(&certainties, erg_certainty_name((erg_certainty)c), one.certainty_n[c]);
    /* The periods' texts, kept while `dates` refers to them. */
    char(*periods)[8] = malloc((period_n->used ? period_n->used : 1) * sizeof(*periods));
    bool ok = periods != NULL && !period_n->failed;
    for (size_t i = 0, n = 0; ok && i < period_n->cap; i++) {
        if (period_n->keys[i] == 0)
            continue;
        period_text(period_n->keys[i], periods[n]);
        counts_add(&dates, periods[n++], period_n->counts[i]);
    }
    char first_text[8] = "", last_text[8] = "";
    if (dated) {
        period_text(one.first, first_text);
        period_text(one.last, last_text);
    }
    ok = ok && !types.failed && !relations.failed && !certainties.failed && !dates.failed;
    if (ok) {
        fputs("{\"query\": ", f);
        put_json(f, query != NULL ? query : "");
        fprintf(f, ",\n \"entities\": %zu, \"relationships\": %zu", erg_graph_entity_count(g), nr);
        put_counts(f, "entity_types", &types, false);
        put_counts(f, "relation_types", &relations, false);
        put_counts(f, "certainties", &certainties, false);
        fprintf(f, ",\n \"dates\": {\"first\": ");
        if (dated)
            put_json(f, first_text);
        else
            fputs("null", f);
        fputs(", \"last\": ", f);
        if (dated)
            put_json(f, last_text);
        else
            fputs("null", f);
        fprintf(f, ", \"dated\": %zu, \"undated\": %zu", dated, undated);
        put_counts(f, "ties", &dates, true);
        fputs("}}\n", f);
    }
    if (fclose(f) != 0)
        ok = false;
    free(periods);
    free(types.e);
    free(relations.e);
    free(certainties.e);
    free(dates.e);
    tally_release(&type_at);
    tally_release(relation_at);
    tally_release(period_n);
    if (!ok) {
        free(text);
        return NULL;
    }
    return text;
}
