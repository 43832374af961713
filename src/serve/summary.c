/*
 * /api/summary: what the page's filter panel offers, worked out once when
 * the server starts (the graph is read-only from then on): the entity and
 * relation types with their counts, the evidence's certainties, the span
 * of the dated ties with a histogram of them, and the view the page opens
 * on (the filters given on the command line).
 */
#include "summary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A count per distinct string: open addressing on the strings' hash. */
typedef struct counter {
    const char **keys;
    size_t *counts;
    size_t cap, used;
    bool failed;
} counter;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void count_add(counter *c, const char *key, size_t n)
{
    if (c->failed || key == NULL)
        return;
    if (2 * (c->used + 1) > c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        const char **keys = calloc(cap, sizeof(*keys));
        size_t *counts = calloc(cap, sizeof(*counts));
        if (keys == NULL || counts == NULL) {
            free(keys);
            free(counts);
            c->failed = true;
            return;
        }
        for (size_t i = 0; i < c->cap; i++) {
            if (c->keys[i] == NULL)
                continue;
            size_t k = hash(c->keys[i]) & (cap - 1);
            while (keys[k] != NULL)
                k = (k + 1) & (cap - 1);
            keys[k] = c->keys[i];
            counts[k] = c->counts[i];
        }
        free(c->keys);
        free(c->counts);
        c->keys = keys;
        c->counts = counts;
        c->cap = cap;
    }
    size_t k = hash(key) & (c->cap - 1);
    while (c->keys[k] != NULL && strcmp(c->keys[k], key) != 0)
        k = (k + 1) & (c->cap - 1);
    if (c->keys[k] == NULL) {
        c->keys[k] = key;
        c->used++;
    }
    c->counts[k] += n;
}

static void count_release(counter *c)
{
    free(c->keys);
    free(c->counts);
}

typedef struct entry {
    const char *key;
    size_t count;
} entry;

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

/* s as a JSON string, safe to paste into a page. */
static void put_json(FILE *f, const char *s)
{
    erg_json_fputs(s, ERG_JSON_SCRIPT_SAFE, f); /* a failed write shows at fclose() */
}

/* The counts as a JSON object, most first (or by key). */
static bool put_counts(FILE *f, const char *name, const counter *c, bool keyed)
{
    entry *e = malloc((c->used ? c->used : 1) * sizeof(*e));
    if (e == NULL)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < c->cap; i++)
        if (c->keys[i] != NULL)
            e[n++] = (entry){c->keys[i], c->counts[i]};
    qsort(e, n, sizeof(*e), keyed ? by_key : by_count);
    fprintf(f, ",\n \"%s\": {", name);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        put_json(f, e[i].key);
        fprintf(f, ": %zu", e[i].count);
    }
    fputs("}", f);
    free(e);
    return true;
}

/* The month of a date "YYYY-MM[-DD]" as "YYYY-MM", or its year "YYYY";
 * false for anything else (the loader checked the dates already). */
static bool period_of(const char *date, char out[8])
{
    if (date == NULL || strlen(date) < 4)
        return false;
    for (int i = 0; i < 4; i++)
        if (date[i] < '0' || date[i] > '9')
            return false;
    size_t n =
        date[4] == '-' && date[5] >= '0' && date[5] <= '9' && date[6] >= '0' && date[6] <= '9' ? 7
                                                                                               : 4;
    memcpy(out, date, n);
    out[n] = '\0';
    return true;
}

char *serve_summary(const erg_graph *g, const char *query, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (f == NULL)
        return NULL;
    counter types = {0}, relations = {0}, certainties = {0}, dates = {0};
    size_t dated = 0, undated = 0;
    char first[8] = "", last[8] = "";
    /* The periods are keys of `dates`: kept in one block, 8 bytes each. */
    size_t nr = erg_graph_relationship_count(g);
    char(*periods)[8] = malloc((nr ? nr : 1) * sizeof(*periods));
    bool ok = periods != NULL;
    for (size_t e = 0; ok && e < erg_graph_entity_count(g); e++)
        count_add(&types, erg_entity_type(g, e), 1);
    for (size_t r = 0; ok && r < nr; r++) {
        count_add(&relations, erg_rel_type(g, r), 1);
        for (size_t v = 0; v < erg_rel_evidence_count(g, r); v++)
            count_add(&certainties, erg_certainty_name(erg_rel_evidence(g, r, v)->certainty), 1);
        if (erg_rel_evidence_count(g, r) == 0)
            count_add(&certainties, erg_certainty_name(ERG_INFERRED), 1);
        const char *d = erg_rel_date(g, r);
        if (d == NULL)
            d = erg_rel_start(g, r);
        if (d == NULL)
            d = erg_rel_end(g, r);
        if (!period_of(d, periods[r])) {
            undated++;
            continue;
        }
        dated++;
        count_add(&dates, periods[r], 1);
        if (first[0] == '\0' || strcmp(periods[r], first) < 0)
            memcpy(first, periods[r], 8);
        if (strcmp(periods[r], last) > 0)
            memcpy(last, periods[r], 8);
    }
    ok = ok && !types.failed && !relations.failed && !certainties.failed && !dates.failed;
    if (ok) {
        fputs("{\"query\": ", f);
        put_json(f, query != NULL ? query : "");
        fprintf(f, ",\n \"entities\": %zu, \"relationships\": %zu", erg_graph_entity_count(g), nr);
        ok = put_counts(f, "entity_types", &types, false) &&
             put_counts(f, "relation_types", &relations, false) &&
             put_counts(f, "certainties", &certainties, false);
        fprintf(f, ",\n \"dates\": {\"first\": ");
        if (dated)
            put_json(f, first);
        else
            fputs("null", f);
        fputs(", \"last\": ", f);
        if (dated)
            put_json(f, last);
        else
            fputs("null", f);
        fprintf(f, ", \"dated\": %zu, \"undated\": %zu", dated, undated);
        ok = ok && put_counts(f, "ties", &dates, true);
        fputs("}}\n", f);
    }
    if (fclose(f) != 0)
        ok = false;
    free(periods);
    count_release(&types);
    count_release(&relations);
    count_release(&certainties);
    count_release(&dates);
    if (!ok) {
        free(text);
        return NULL;
    }
    return text;
}
