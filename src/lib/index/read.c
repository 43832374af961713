/* Reading a corpus in place: the header checked, the file mapped at the
 * address its pointers assume (or moved), every record checked. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ergraph/index.h"
#include "index/format.h"
#include "model/graph_impl.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/busguard.h"
#include "util/diag_impl.h"

/* Linux 5.14; older kernels refuse it (EINVAL) and the pages fault in as read. */
#define ERGI_MADV_POPULATE_READ 22

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

erg_status erg_index_stat_input(const char *path, ergi_input *in, bool hash, const char **why);

static const char *const section_names[ERGI_S_COUNT] = {"entities",
                                                        "relationships",
                                                        "sources",
                                                        "evidence",
                                                        "relationship attributes",
                                                        "contradicts",
                                                        "conflict starts",
                                                        "conflicts",
                                                        "aliases",
                                                        "entity attributes",
                                                        "entity sources",
                                                        "adjacency starts",
                                                        "adjacency",
                                                        "name chains",
                                                        "entity ids",
                                                        "source ids",
                                                        "names",
                                                        "files",
                                                        "inputs",
                                                        "warnings",
                                                        "strings"};

/* ---- A corpus cut short under the reader ------------------------------ */

/* The mapping guarded (util/busguard.h) to end the process with exit
 * status 3 and a message: the records are used in place, so there is no
 * reading on over NUL bytes. */
static bool guard_add(const char *path, const void *lo, size_t len, void (*hook)(void))
{
    char msg[512];
    snprintf(msg, sizeof(msg),
             "ergraph: %s: the corpus became shorter while it was read (another program "
             "truncated it); nothing written\n",
             path);
    return erg_bus_guard_add(lo, len, msg, hook);
}

/* ---- Checking ----------------------------------------------------------- */

typedef struct reader {
    const char *path;
    erg_diags *diags;
    char *map;               /* where the file is mapped */
    uint64_t base;           /* where its pointers assume it is */
    uint64_t delta;          /* map - base, added to each pointer (modulo 2^64) */
    bool relocate;           /* pointers are rewritten */
    uint64_t str_lo, str_hi; /* the strings section, as the file's pointers see it */
    const ergi_header *h;
    bool bad;
    char why[400]; /* the failure, when diags is NULL */
} reader;

static erg_status damaged(reader *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static erg_status damaged(reader *r, const char *fmt, ...)
{
    if (r->bad)
        return ERG_EDATA;
    r->bad = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof(r->why), fmt, ap);
    va_end(ap);
    if (r->diags != NULL)
        erg_diags_add(r->diags, ERG_ERROR, r->path, 0, 0, NULL, "not a usable corpus: %s", r->why);
    return ERG_EDATA;
}

static const void *sect(const reader *r, int s)
{
    return r->map + r->h->sections[s].offset;
}

static uint64_t cnt(const reader *r, int s)
{
    return r->h->sections[s].count;
}

/* Checks (and moves) one string pointer; false when it is bad. */
static inline bool str_ok(reader *r, const char **field, bool nullable)
{
    uint64_t v = (uint64_t)(uintptr_t)*field;
    if (v == 0)
        return nullable;
    if (v < r->str_lo || v >= r->str_hi)
        return false;
    if (r->relocate)
        *field = (const char *)(uintptr_t)(v + r->delta);
    return true;
}

#define STR(rec_kind, i, field, nullable)                                                          \
    do {                                                                                           \
        if (!str_ok(r, (const char **)&(field), nullable))                                         \
            return damaged(r, "%s %zu: a string pointer outside the strings (%s)", rec_kind,       \
                           (size_t)(i), #field);                                                   \
    } while (0)

#define RANGE(rec_kind, i, start, n, limit, what)                                                  \
    do {                                                                                           \
        if ((uint64_t)(start) + (uint64_t)(n) > (uint64_t)(limit))                                 \
            return damaged(r, "%s %zu: %s %llu..%llu past the %llu there are", rec_kind,           \
                           (size_t)(i), what, (unsigned long long)(start),                         \
                           (unsigned long long)(start) + (unsigned long long)(n),                  \
                           (unsigned long long)(limit));                                           \
    } while (0)

#define BELOW(rec_kind, i, v, limit, what)                                                         \
    do {                                                                                           \
        if ((uint64_t)(v) >= (uint64_t)(limit))                                                    \
            return damaged(r, "%s %zu: %s %llu is not below %llu", rec_kind, (size_t)(i), what,    \
                           (unsigned long long)(v), (unsigned long long)(limit));                  \
    } while (0)

static erg_status check_attrs(reader *r, erg_attr *a, uint64_t n, const char *kind)
{
    for (uint64_t i = 0; i < n; i++) {
        STR(kind, i, a[i].key, false);
        STR(kind, i, a[i].text, false);
        BELOW(kind, i, (unsigned)a[i].kind, 4, "kind");
    }
    return ERG_OK;
}

static erg_status check_csr(reader *r, const uint32_t *start, uint64_t n, uint64_t total,
                            const char *kind)
{
    if (start[0] != 0)
        return damaged(r, "%s: the first start is %u, not 0", kind, start[0]);
    for (uint64_t i = 0; i < n; i++) {
        if (start[i + 1] < start[i])
            return damaged(r, "%s %llu: starts go backwards", kind, (unsigned long long)i);
    }
    if (start[n] != total)
        return damaged(r, "%s: the last start is %u, not the %llu there are", kind, start[n],
                       (unsigned long long)total);
    return ERG_OK;
}

static erg_status check_values(reader *r, const uint32_t *v, uint64_t n, uint64_t limit,
                               const char *kind)
{
    for (uint64_t i = 0; i < n; i++)
        BELOW(kind, i, v[i], limit, "index");
    return ERG_OK;
}

static erg_status check_map(reader *r, erg_strmap_slot *slots, uint64_t cap, uint64_t limit,
                            const char *kind, erg_strmap *out)
{
    if (cap != 0 && (cap & (cap - 1)) != 0)
        return damaged(r, "%s: %llu slots, not a power of two", kind, (unsigned long long)cap);
    uint64_t used = 0;
    for (uint64_t i = 0; i < cap; i++) {
        erg_strmap_slot *s = &slots[i];
        if (s->key == NULL)
            continue;
        uint64_t v = (uint64_t)(uintptr_t)s->key;
        if (v < r->str_lo || v >= r->str_hi || s->len >= r->str_hi - v)
            return damaged(r, "%s slot %llu: its key is outside the strings", kind,
                           (unsigned long long)i);
        if (r->relocate)
            s->key = (const char *)(uintptr_t)(v + r->delta);
        BELOW(kind, i, s->value, limit, "value");
        used++;
    }
    if (cap != 0 && used >= cap)
        return damaged(r, "%s: no empty slot", kind);
    out->slots = cap ? slots : NULL;
    out->cap = cap;
    out->count = used;
    return ERG_OK;
}

static erg_status check_header(reader *r, const ergi_header *h, uint64_t size)
{
    if (h->version != ERGI_VERSION)
        return damaged(r, "version %u, this ergraph reads version %u", h->version, ERGI_VERSION);
    if (h->byte_order != ERGI_BYTE_ORDER || h->word_size != sizeof(void *))
        return damaged(r,
                       "made on another kind of machine (this one reads %s-endian, %zu-bit "
                       "corpora)",
                       "little", 8 * sizeof(void *));
    if (h->header_size != sizeof(ergi_header) || h->section_count != ERGI_S_COUNT)
        return damaged(r, "a header of another layout");
    static const uint32_t sizes[ERGI_R_COUNT] = {
        sizeof(erg_entity_rec),   sizeof(erg_rel_rec), sizeof(erg_source_rec),
        sizeof(erg_evidence_rec), sizeof(erg_attr),    sizeof(erg_contra),
        sizeof(erg_strmap_slot),  sizeof(ergi_input),  sizeof(ergi_diag)};
    for (int i = 0; i < ERGI_R_COUNT; i++) {
        if (h->rec_size[i] != sizes[i])
            return damaged(r, "records of another layout (a corpus from another build)");
    }
    ergi_header copy = *h;
    copy.checksum = 0;
    if (erg_index_hash(&copy, sizeof(copy)) != h->checksum)
        return damaged(r, "the header's checksum does not match (damaged)");
    if (h->file_size != size)
        return damaged(r, "%llu bytes, its header says %llu (cut short or extended)",
                       (unsigned long long)size, (unsigned long long)h->file_size);
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    if (h->base == 0 || (h->base & (page - 1)) != 0 || h->base >= ((uint64_t)1 << 47) ||
        h->file_size >= ((uint64_t)1 << 47) - h->base)
        return damaged(r, "a base address that cannot be used");
    static const uint64_t rec[ERGI_S_COUNT] = {sizeof(erg_entity_rec),
                                               sizeof(erg_rel_rec),
                                               sizeof(erg_source_rec),
                                               sizeof(erg_evidence_rec),
                                               sizeof(erg_attr),
                                               sizeof(erg_contra),
                                               4,
                                               4,
                                               sizeof(const char *),
                                               sizeof(erg_attr),
                                               4,
                                               4,
                                               4,
                                               8,
                                               sizeof(erg_strmap_slot),
                                               sizeof(erg_strmap_slot),
                                               sizeof(erg_strmap_slot),
                                               sizeof(const char *),
                                               sizeof(ergi_input),
                                               sizeof(ergi_diag),
                                               1};
    for (int s = 0; s < ERGI_S_COUNT; s++) {
        const ergi_section *sc = &h->sections[s];
        if (sc->offset < ERGI_HEADER_SPACE || sc->offset > size || sc->length > size - sc->offset ||
            sc->offset % 8 != 0)
            return damaged(r, "section '%s' at %llu, %llu bytes, is not inside the file",
                           section_names[s], (unsigned long long)sc->offset,
                           (unsigned long long)sc->length);
        if (sc->count > sc->length || sc->count * rec[s] != sc->length)
            return damaged(r, "section '%s': %llu bytes do not hold %llu records", section_names[s],
                           (unsigned long long)sc->length, (unsigned long long)sc->count);
    }
    if (h->sections[ERGI_S_STRINGS].length == 0)
        return damaged(r, "no strings section");
    uint64_t n_ent = h->sections[ERGI_S_ENTS].count, n_rel = h->sections[ERGI_S_RELS].count;
    if (n_ent >= UINT32_MAX || n_rel >= UINT32_MAX)
        return damaged(r, "more records than a graph holds");
    if (h->sections[ERGI_S_ADJ_START].count != n_ent + 1)
        return damaged(r, "the adjacency does not have %llu starts", (unsigned long long)n_ent + 1);
    if (h->sections[ERGI_S_CONF_START].count != 0 &&
        h->sections[ERGI_S_CONF_START].count != n_rel + 1)
        return damaged(r, "the conflicts do not have %llu starts", (unsigned long long)n_rel + 1);
    if (h->sections[ERGI_S_CONF_START].count == 0 && h->sections[ERGI_S_CONF].count != 0)
        return damaged(r, "conflicts without starts");
    return ERG_OK;
}

/*
 * Every record: pointers into the strings, indices in range. The checks
 * are steps in a fixed order; on a big corpus a second thread takes some
 * of them (the later half of the relationships, the evidence and the
 * entity ids: about half the bytes), and of the failures the one of the
 * earliest step is reported, as if the steps had run one after another.
 */

static erg_status check_ents(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g;
    uint64_t n_ent = cnt(r, ERGI_S_ENTS), n_files = cnt(r, ERGI_S_FILES);
    erg_entity_rec *ents = (erg_entity_rec *)sect(r, ERGI_S_ENTS);
    for (uint64_t i = lo; i < hi; i++) {
        erg_entity_rec *e = &ents[i];
        STR("entity", i, e->id, false);
        STR("entity", i, e->type, false);
        STR("entity", i, e->name, false);
        STR("entity", i, e->country_id, true);
        /* Types are interned (a few strings, read from the same pages);
         * the loader never makes an empty one, and drawings count on it. */
        if (e->type[0] == '\0')
            return damaged(r, "entity %zu: an empty type", (size_t)i);
        if (e->country != ERG_NIL)
            BELOW("entity", i, e->country, n_ent, "country");
        BELOW("entity", i, e->file, n_files, "file");
        RANGE("entity", i, e->alias_start, e->alias_count, cnt(r, ERGI_S_ALIASES), "aliases");
        RANGE("entity", i, e->attr_start, e->attr_count, cnt(r, ERGI_S_ENT_ATTRS), "attributes");
        RANGE("entity", i, e->source_start, e->source_count, cnt(r, ERGI_S_ENT_SOURCES), "sources");
    }
    return ERG_OK;
}

static erg_status check_rels(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g;
    uint64_t n_ent = cnt(r, ERGI_S_ENTS), n_ev = cnt(r, ERGI_S_EVIDENCE),
             n_files = cnt(r, ERGI_S_FILES), n_attrs = cnt(r, ERGI_S_REL_ATTRS);
    erg_rel_rec *rels = (erg_rel_rec *)sect(r, ERGI_S_RELS);
    for (uint64_t i = lo; i < hi; i++) {
        erg_rel_rec *x = &rels[i];
        STR("relationship", i, x->id, false);
        STR("relationship", i, x->type, false);
        STR("relationship", i, x->label, true);
        STR("relationship", i, x->start, true);
        STR("relationship", i, x->end, true);
        if (x->type[0] == '\0')
            return damaged(r, "relationship %zu: an empty type", (size_t)i);
        BELOW("relationship", i, x->from, n_ent, "start entity");
        BELOW("relationship", i, x->to, n_ent, "end entity");
        RANGE("relationship", i, x->ev_start, x->ev_count, n_ev, "evidence");
        RANGE("relationship", i, x->attr_start, x->attr_count, n_attrs, "attributes");
        BELOW("relationship", i, x->file, n_files, "file");
    }
    return ERG_OK;
}

static erg_status check_srcs(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g;
    uint64_t n_files = cnt(r, ERGI_S_FILES);
    erg_source_rec *srcs = (erg_source_rec *)sect(r, ERGI_S_SRCS);
    for (uint64_t i = lo; i < hi; i++) {
        erg_source *s = &srcs[i].s;
        STR("source", i, s->id, false);
        STR("source", i, s->title, true);
        STR("source", i, s->publisher, true);
        STR("source", i, s->author, true);
        STR("source", i, s->date, true);
        STR("source", i, s->url, true);
        STR("source", i, s->reliability, true);
        BELOW("source", i, srcs[i].file, n_files, "file");
    }
    return ERG_OK;
}

static erg_status check_evidence(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g;
    uint64_t n_ent = cnt(r, ERGI_S_ENTS), n_src = cnt(r, ERGI_S_SRCS);
    erg_evidence_rec *ev = (erg_evidence_rec *)sect(r, ERGI_S_EVIDENCE);
    for (uint64_t i = lo; i < hi; i++) {
        erg_evidence *e = &ev[i].e;
        BELOW("evidence", i, e->source, n_src, "source");
        STR("evidence", i, e->quote, true);
        STR("evidence", i, e->note, true);
        BELOW("evidence", i, (unsigned)e->certainty, ERG_CERTAINTY_COUNT, "certainty");
        BELOW("evidence", i, (unsigned)e->credibility, 7, "credibility");
        if (e->attributed_to != ERG_NONE)
            BELOW("evidence", i, e->attributed_to, n_ent, "attribution");
    }
    return ERG_OK;
}

static erg_status check_rel_attrs(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g;
    return check_attrs(r, (erg_attr *)sect(r, ERGI_S_REL_ATTRS) + lo, hi - lo,
                       "relationship attribute");
}

static erg_status check_ent_attrs(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g;
    return check_attrs(r, (erg_attr *)sect(r, ERGI_S_ENT_ATTRS) + lo, hi - lo, "entity attribute");
}

static erg_status check_contra(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g;
    erg_contra *co = (erg_contra *)sect(r, ERGI_S_CONTRA);
    for (uint64_t i = lo; i < hi; i++) {
        STR("contradiction", i, co[i].id, false);
        BELOW("contradiction", i, co[i].rel, cnt(r, ERGI_S_RELS), "relationship");
    }
    return ERG_OK;
}

static erg_status check_conflicts(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g, (void)lo, (void)hi;
    if (cnt(r, ERGI_S_CONF_START) == 0)
        return ERG_OK;
    erg_status rc = check_csr(r, (const uint32_t *)sect(r, ERGI_S_CONF_START), cnt(r, ERGI_S_RELS),
                              cnt(r, ERGI_S_CONF), "conflicts");
    if (rc != ERG_OK)
        return rc;
    return check_values(r, (const uint32_t *)sect(r, ERGI_S_CONF), cnt(r, ERGI_S_CONF),
                        cnt(r, ERGI_S_RELS), "conflict");
}

static erg_status check_aliases(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g;
    const char **aliases = (const char **)sect(r, ERGI_S_ALIASES);
    for (uint64_t i = lo; i < hi; i++)
        STR("alias", i, aliases[i], false);
    return check_values(r, (const uint32_t *)sect(r, ERGI_S_ENT_SOURCES),
                        cnt(r, ERGI_S_ENT_SOURCES), cnt(r, ERGI_S_SRCS), "entity source");
}

static erg_status check_adjacency(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g, (void)lo, (void)hi;
    erg_status rc = check_csr(r, (const uint32_t *)sect(r, ERGI_S_ADJ_START), cnt(r, ERGI_S_ENTS),
                              cnt(r, ERGI_S_ADJ), "adjacency");
    if (rc != ERG_OK)
        return rc;
    return check_values(r, (const uint32_t *)sect(r, ERGI_S_ADJ), cnt(r, ERGI_S_ADJ),
                        cnt(r, ERGI_S_RELS), "tie");
}

/* Name chains: each pair's next is another pair, and every pair is some
 * pair's next (a permutation), so that walking from any pair comes back
 * to it. */
static erg_status check_name_chains(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g, (void)lo, (void)hi;
    uint64_t n_chain = cnt(r, ERGI_S_NAME_CHAIN), n_ent = cnt(r, ERGI_S_ENTS);
    const uint32_t *chain = (const uint32_t *)sect(r, ERGI_S_NAME_CHAIN);
    if (n_chain == 0)
        return ERG_OK;
    uint8_t *seen = erg_calloc((size_t)(n_chain + 7) / 8, 1);
    if (seen == NULL)
        return ERG_ENOMEM;
    for (uint64_t i = 0; i < n_chain; i++) {
        uint32_t e = chain[2 * i], next = chain[2 * i + 1];
        if (e >= n_ent || next >= n_chain || (seen[next / 8] & (1u << (next % 8)))) {
            erg_free(seen);
            return damaged(r, "name chain %llu: a bad entity or link", (unsigned long long)i);
        }
        seen[next / 8] |= (uint8_t)(1u << (next % 8));
    }
    erg_free(seen);
    return ERG_OK;
}

static erg_status check_ent_map(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)lo, (void)hi;
    return check_map(r, (erg_strmap_slot *)sect(r, ERGI_S_ENT_MAP), cnt(r, ERGI_S_ENT_MAP),
                     cnt(r, ERGI_S_ENTS), "entity ids", &g->ent_by_id);
}

static erg_status check_src_map(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)lo, (void)hi;
    return check_map(r, (erg_strmap_slot *)sect(r, ERGI_S_SRC_MAP), cnt(r, ERGI_S_SRC_MAP),
                     cnt(r, ERGI_S_SRCS), "source ids", &g->src_by_id);
}

static erg_status check_name_map(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)lo, (void)hi;
    return check_map(r, (erg_strmap_slot *)sect(r, ERGI_S_NAME_MAP), cnt(r, ERGI_S_NAME_MAP),
                     cnt(r, ERGI_S_NAME_CHAIN), "names", &g->names);
}

static erg_status check_tail(reader *r, erg_graph *g, uint64_t lo, uint64_t hi)
{
    (void)g, (void)lo, (void)hi;
    const char **files = (const char **)sect(r, ERGI_S_FILES);
    for (uint64_t i = 0; i < cnt(r, ERGI_S_FILES); i++)
        STR("file", i, files[i], false);
    ergi_input *in = (ergi_input *)sect(r, ERGI_S_INPUTS);
    for (uint64_t i = 0; i < cnt(r, ERGI_S_INPUTS); i++) {
        STR("input", i, in[i].given, false);
        STR("input", i, in[i].absolute, false);
    }
    ergi_diag *dg = (ergi_diag *)sect(r, ERGI_S_DIAGS);
    for (uint64_t i = 0; i < cnt(r, ERGI_S_DIAGS); i++) {
        BELOW("warning", i, dg[i].severity, 3, "severity");
        STR("warning", i, dg[i].file, true);
        STR("warning", i, dg[i].path, true);
        STR("warning", i, dg[i].message, false);
    }
    return ERG_OK;
}

typedef struct check_step {
    erg_status (*run)(reader *r, erg_graph *g, uint64_t lo, uint64_t hi);
    uint64_t lo, hi;
    bool second; /* run by the second thread */
} check_step;

/* A thread's share of the steps: it stops at its first failure. */
typedef struct check_share {
    reader r; /* its own: a failure's message is kept in r.why */
    erg_graph *g;
    const check_step *steps;
    size_t n;
    bool second;
    size_t failed_at; /* the failing step, or n */
    erg_status rc;
} check_share;

static void *run_share(void *arg)
{
    check_share *c = arg;
    c->failed_at = c->n;
    c->rc = ERG_OK;
    for (size_t i = 0; i < c->n; i++) {
        if (c->steps[i].second != c->second)
            continue;
        c->rc = c->steps[i].run(&c->r, c->g, c->steps[i].lo, c->steps[i].hi);
        if (c->rc != ERG_OK) {
            c->failed_at = i;
            break;
        }
    }
    return NULL;
}

/* Below this many relationships, one thread does it all. */
#define ERGI_CHECK_SPLIT 65536u

static erg_status check_records(reader *r, erg_graph *g)
{
    uint64_t n_rel = cnt(r, ERGI_S_RELS), half = n_rel / 2;
    bool split = n_rel >= ERGI_CHECK_SPLIT;
    check_step steps[] = {
        {check_ents, 0, cnt(r, ERGI_S_ENTS), false},
        {check_rels, 0, split ? half : n_rel, false},
        {check_rels, split ? half : n_rel, n_rel, split},
        {check_srcs, 0, cnt(r, ERGI_S_SRCS), false},
        {check_evidence, 0, cnt(r, ERGI_S_EVIDENCE), split},
        {check_rel_attrs, 0, cnt(r, ERGI_S_REL_ATTRS), false},
        {check_ent_attrs, 0, cnt(r, ERGI_S_ENT_ATTRS), false},
        {check_contra, 0, cnt(r, ERGI_S_CONTRA), false},
        {check_conflicts, 0, 0, false},
        {check_aliases, 0, cnt(r, ERGI_S_ALIASES), false},
        {check_adjacency, 0, 0, false},
        {check_name_chains, 0, 0, false},
        {check_ent_map, 0, 0, split},
        {check_src_map, 0, 0, false},
        {check_name_map, 0, 0, false},
        {check_tail, 0, 0, false},
    };
    size_t n = sizeof(steps) / sizeof(steps[0]);
    check_share one = {*r, g, steps, n, false, n, ERG_OK}, two = {*r, g, steps, n, true, n, ERG_OK};
    one.r.diags = two.r.diags = NULL;
    pthread_t thread;
    bool threaded = split && pthread_create(&thread, NULL, run_share, &two) == 0;
    run_share(&one);
    if (split) {
        if (threaded)
            pthread_join(thread, NULL);
        else
            run_share(&two);
    }
    const check_share *first = two.failed_at < one.failed_at ? &two : &one;
    if (first->rc == ERG_OK)
        return ERG_OK;
    if (first->rc == ERG_EDATA)
        return damaged(r, "%s", first->r.why);
    return first->rc;
}

/* The checked records, as the graph's arrays. */
static void adopt_records(const reader *r, erg_graph *g)
{
    g->ents = (erg_entity_rec *)sect(r, ERGI_S_ENTS);
    g->ent_count = g->ent_cap = (size_t)cnt(r, ERGI_S_ENTS);
    g->rels = (erg_rel_rec *)sect(r, ERGI_S_RELS);
    g->rel_count = g->rel_cap = (size_t)cnt(r, ERGI_S_RELS);
    g->srcs = (erg_source_rec *)sect(r, ERGI_S_SRCS);
    g->src_count = g->src_cap = (size_t)cnt(r, ERGI_S_SRCS);
    g->evidence = (erg_evidence_rec *)sect(r, ERGI_S_EVIDENCE);
    g->ev_count = g->ev_cap = (size_t)cnt(r, ERGI_S_EVIDENCE);
    g->rel_attrs = (erg_attr *)sect(r, ERGI_S_REL_ATTRS);
    g->rel_attr_count = g->rel_attr_cap = (size_t)cnt(r, ERGI_S_REL_ATTRS);
    g->contra = (erg_contra *)sect(r, ERGI_S_CONTRA);
    g->contra_count = g->contra_cap = (size_t)cnt(r, ERGI_S_CONTRA);
    bool conflicts = cnt(r, ERGI_S_CONF_START) != 0;
    g->conf_start = conflicts ? (uint32_t *)sect(r, ERGI_S_CONF_START) : NULL;
    g->conf = conflicts ? (uint32_t *)sect(r, ERGI_S_CONF) : NULL;
    g->aliases = (const char **)sect(r, ERGI_S_ALIASES);
    g->ent_attrs = (erg_attr *)sect(r, ERGI_S_ENT_ATTRS);
    g->ent_sources = (uint32_t *)sect(r, ERGI_S_ENT_SOURCES);
    g->adj_start = (uint32_t *)sect(r, ERGI_S_ADJ_START);
    g->adj = (uint32_t *)sect(r, ERGI_S_ADJ);
    g->name_chain = (uint32_t *)sect(r, ERGI_S_NAME_CHAIN);
    g->name_chain_count = g->name_chain_cap = (size_t)cnt(r, ERGI_S_NAME_CHAIN);
    g->files = (char **)sect(r, ERGI_S_FILES);
    g->file_count = (size_t)cnt(r, ERGI_S_FILES);
}

/* ---- Opening ------------------------------------------------------------ */

static void release(erg_graph *g)
{
    erg_bus_guard_remove(g->mapping);
    munmap(g->mapping, g->mapping_len);
}

bool erg_index_is_corpus(const char *path)
{
    if (path == NULL || strcmp(path, "-") == 0)
        return false;
    /* Only a regular file is opened to look: opening a FIFO would take
     * (and, closed, lose) what its writer sends, and the load after would
     * wait for a writer for ever. */
    struct stat named;
    if (stat(path, &named) != 0 || !S_ISREG(named.st_mode))
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat st;
    char magic[ERGI_MAGIC_LEN];
    bool yes = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
               pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
               memcmp(magic, ERGI_MAGIC, ERGI_MAGIC_LEN) == 0;
    close(fd);
    return yes;
}

typedef struct opened {
    erg_graph *g;
    char *map;
    size_t len;
    const ergi_header *h;
} opened;

static erg_status open_mapped(opened *o, const char *path, bool relocate, void (*hook)(void),
                              erg_diags *diags)
{
    memset(o, 0, sizeof(*o));
    reader r = {.path = path, .diags = diags};
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        return ERG_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "a corpus must be a regular file");
        close(fd);
        return ERG_EDATA;
    }
    ergi_header h;
    memset(&h, 0, sizeof(h));
    ssize_t got = pread(fd, &h, sizeof(h), 0);
    if (got < (ssize_t)ERGI_MAGIC_LEN || memcmp(h.magic, ERGI_MAGIC, ERGI_MAGIC_LEN) != 0) {
        close(fd);
        return damaged(&r, "it does not begin as a corpus does");
    }
    if (got < (ssize_t)sizeof(h) || (uint64_t)st.st_size < ERGI_HEADER_SPACE) {
        close(fd);
        return damaged(&r, "%lld bytes, shorter than a corpus's header", (long long)st.st_size);
    }
    r.h = &h;
    erg_status rc = check_header(&r, &h, (uint64_t)st.st_size);
    if (rc != ERG_OK) {
        close(fd);
        return rc;
    }
    size_t len = (size_t)st.st_size;
    char *map = MAP_FAILED;
    if (!relocate) {
        map = mmap((void *)(uintptr_t)h.base, len, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd,
                   0);
        if (map != MAP_FAILED && map != (char *)(uintptr_t)h.base) {
            munmap(map, len); /* an older kernel took it as a hint */
            map = MAP_FAILED;
        }
    }
    if (map == MAP_FAILED) {
        map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
        r.relocate = true;
    }
    int saved = errno;
    close(fd);
    if (map == MAP_FAILED) {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "cannot map: %s", strerror(saved));
        return ERG_EIO;
    }
    if (!guard_add(path, map, len, hook)) {
        munmap(map, len);
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "too many mapped files open");
        return ERG_EIO;
    }
    /* Every record page is read by the checks below: their page table
     * entries made in one call rather than one fault at a time (not the
     * strings, which are read only as they are needed). */
    madvise(map, (size_t)h.sections[ERGI_S_STRINGS].offset, ERGI_MADV_POPULATE_READ);
    r.map = map;
    r.base = h.base;
    r.delta = (uint64_t)(uintptr_t)map - h.base;
    /* From here on, the mapped header: the same bytes as checked, unless
     * the file changed since (then its checksum is checked again). */
    r.h = (const ergi_header *)(const void *)map;
    if (memcmp(r.h, &h, sizeof(h)) != 0) {
        release(&(erg_graph){.mapping = map, .mapping_len = len});
        return damaged(&r, "it changed while it was opened");
    }
    const ergi_section *ss = &h.sections[ERGI_S_STRINGS];
    r.str_lo = h.base + ss->offset;
    r.str_hi = r.str_lo + ss->length;
    if (map[ss->offset + ss->length - 1] != '\0') {
        release(&(erg_graph){.mapping = map, .mapping_len = len});
        return damaged(&r, "the strings do not end with a NUL byte");
    }
    erg_graph *g = erg_graph_new();
    if (g == NULL) {
        release(&(erg_graph){.mapping = map, .mapping_len = len});
        return ERG_ENOMEM;
    }
    g->mapping = map;
    g->mapping_len = len;
    g->release = release;
    rc = check_records(&r, g);
    if (rc == ERG_OK)
        adopt_records(&r, g);
    const char *title = h.title, *desc = h.description;
    if (rc == ERG_OK && (!str_ok(&r, &title, true) || !str_ok(&r, &desc, true)))
        rc = damaged(&r, "the title or description is outside the strings");
    if (rc != ERG_OK) {
        erg_graph_free(g);
        return rc;
    }
    g->title = title;
    g->title_count = h.title_count;
    g->description = desc;
    if (r.relocate)
        mprotect(map, len, PROT_READ);
    o->g = g;
    o->map = map;
    o->len = len;
    o->h = r.h;
    return ERG_OK;
}

static const ergi_input *inputs_of(const opened *o, size_t *n)
{
    *n = (size_t)o->h->sections[ERGI_S_INPUTS].count;
    return (const ergi_input *)(const void *)(o->map + o->h->sections[ERGI_S_INPUTS].offset);
}

/* The first input that changed (by size, time or inode), with a phrase. */
static bool find_stale(const opened *o, const char **which, char *why, size_t why_len)
{
    size_t n;
    const ergi_input *in = inputs_of(o, &n);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        *which = in[i].given;
        if (stat(in[i].absolute, &st) != 0) {
            snprintf(why, why_len, "it is gone (%s)", strerror(errno));
            return true;
        }
        if ((uint64_t)st.st_size != in[i].size) {
            snprintf(why, why_len, "its size is %lld bytes, was %llu", (long long)st.st_size,
                     (unsigned long long)in[i].size);
            return true;
        }
        if ((int64_t)st.st_mtim.tv_sec != in[i].mtime_sec ||
            (int64_t)st.st_mtim.tv_nsec != in[i].mtime_nsec) {
            snprintf(why, why_len, "it was modified since");
            return true;
        }
        if ((uint64_t)st.st_ino != in[i].inode || (uint64_t)st.st_dev != in[i].device) {
            snprintf(why, why_len, "it is another file now (another inode)");
            return true;
        }
    }
    return false;
}

erg_status erg_index_open(erg_graph **out, const char *path, const erg_index_options *opts,
                          erg_diags *diags)
{
    erg_index_options none = {0};
    if (opts == NULL)
        opts = &none;
    *out = NULL;
    opened o;
    erg_status rc = open_mapped(&o, path, opts->relocate, opts->on_truncated, diags);
    if (rc != ERG_OK)
        return rc;
    const char *which = NULL;
    char why[256];
    if (find_stale(&o, &which, why, sizeof(why)) && !(opts->stale_ok && opts->stale_quiet)) {
        erg_diags_add(diags, opts->stale_ok ? ERG_WARNING : ERG_ERROR, path, 0, 0, NULL,
                      "the corpus is stale: %s changed (%s); 'ergraph index --update -o %s' "
                      "rebuilds it%s",
                      which, why, path, opts->stale_ok ? "" : ", '--stale ok' uses it as it is");
        if (!opts->stale_ok) {
            erg_graph_free(o.g);
            return ERG_EDATA;
        }
    }
    /* The load's warnings, again. */
    const ergi_diag *dg =
        (const ergi_diag *)(const void *)(o.map + o.h->sections[ERGI_S_DIAGS].offset);
    bool errors = false;
    for (size_t i = 0; i < o.h->sections[ERGI_S_DIAGS].count; i++) {
        erg_severity sev = (erg_severity)dg[i].severity;
        if (sev == ERG_WARNING && opts->strict)
            sev = ERG_ERROR;
        errors |= sev == ERG_ERROR;
        if (erg_diags_add(diags, sev, dg[i].file, (long)dg[i].line, (long)dg[i].column, dg[i].path,
                          "%s", dg[i].message) != ERG_OK) {
            erg_graph_free(o.g);
            return ERG_ENOMEM;
        }
    }
    for (int s = 0; s < 3; s++) {
        erg_severity sev = (erg_severity)s;
        if (sev == ERG_WARNING && opts->strict)
            sev = ERG_ERROR;
        uint64_t n = o.h->dropped[s];
        if (n > 0 && sev == ERG_ERROR)
            errors = true;
        erg_diags_add_dropped(diags, sev, (size_t)n);
    }
    if (errors) {
        erg_graph_free(o.g);
        return ERG_EDATA;
    }
    *out = o.g;
    return ERG_OK;
}

erg_status erg_index_check(const char *path, bool *stale, erg_diags *diags)
{
    *stale = false;
    opened o;
    erg_status rc = open_mapped(&o, path, true, NULL, diags);
    if (rc != ERG_OK)
        return rc;
    /* Relocated: a private copy; the checksums are of the file's bytes,
     * so read them from the file again. */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    char *raw = fd < 0 ? MAP_FAILED : mmap(NULL, o.len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (fd >= 0)
        close(fd);
    if (raw == MAP_FAILED) {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "cannot map: %s", strerror(errno));
        erg_graph_free(o.g);
        return ERG_EIO;
    }
    if (!guard_add(path, raw, o.len, NULL)) {
        munmap(raw, o.len);
        erg_graph_free(o.g);
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "too many mapped files open");
        return ERG_EIO;
    }
    const ergi_header *h = (const ergi_header *)(const void *)raw;
    for (int s = 0; s < ERGI_S_COUNT && rc == ERG_OK; s++) {
        const ergi_section *sc = &h->sections[s];
        if (erg_index_hash(raw + sc->offset, sc->length) != sc->checksum) {
            erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL,
                          "not a usable corpus: section '%s' (at %llu, %llu bytes) does not "
                          "match its checksum (damaged)",
                          section_names[s], (unsigned long long)sc->offset,
                          (unsigned long long)sc->length);
            rc = ERG_EDATA;
        }
    }
    if (rc == ERG_OK) {
        const char *which;
        char why[256];
        if (find_stale(&o, &which, why, sizeof(why))) {
            *stale = true;
            erg_diags_add(diags, ERG_WARNING, path, 0, 0, NULL,
                          "the corpus is stale: %s changed (%s)", which, why);
        }
    }
    erg_bus_guard_remove(raw);
    munmap(raw, o.len);
    erg_graph_free(o.g);
    return rc;
}

erg_status erg_index_inputs(const char *path, char ***paths, size_t *count, bool *same,
                            erg_diags *diags)
{
    *paths = NULL;
    *count = 0;
    opened o;
    erg_status rc = open_mapped(&o, path, false, NULL, diags);
    if (rc != ERG_OK)
        return rc;
    size_t n;
    const ergi_input *in = inputs_of(&o, &n);
    char **list = erg_calloc(n + 1, sizeof(*list));
    if (list == NULL) {
        erg_graph_free(o.g);
        return ERG_ENOMEM;
    }
    if (same != NULL)
        *same = true;
    for (size_t i = 0; i < n && rc == ERG_OK; i++) {
        list[i] = erg_strdup(in[i].given);
        if (list[i] == NULL)
            rc = ERG_ENOMEM;
        if (same != NULL && *same && rc == ERG_OK) {
            ergi_input now;
            const char *why;
            erg_status st = erg_index_stat_input(in[i].absolute, &now, true, &why);
            if (st == ERG_ENOMEM)
                rc = st;
            else if (st != ERG_OK || now.hash != in[i].hash || now.size != in[i].size)
                *same = false;
        }
    }
    erg_graph_free(o.g);
    if (rc != ERG_OK) {
        for (size_t i = 0; i < n; i++)
            erg_free(list[i]);
        erg_free(list);
        return rc;
    }
    *paths = list;
    *count = n;
    return ERG_OK;
}
