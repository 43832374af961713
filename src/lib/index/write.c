/* Writing a corpus: the graph's arrays in their memory layout, strings
 * gathered into one section and pointers made valid at ERGI_BASE. */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ergraph/index.h"
#include "ergraph/output.h"
#include "util/output_parts.h"
#include "index/format.h"
#include "model/graph_impl.h"
#include "util/alloc.h"
#include "util/buf.h"

#define RECENT_BITS 14

/* Strings by content -> offset in the strings section: each distinct
 * string is written once (interned strings, equal when their pointers are,
 * stay so; copies of equal text become one). */
typedef struct strtab {
    uint64_t *hashes; /* 0: empty */
    uint64_t *offs;
    size_t cap, count;
    erg_buf data;
    uint64_t at; /* the strings section's offset in the file */
    bool failed;
    /* Recent pointers and where they went (interned types and labels
     * repeat in every record): a direct-mapped cache before the table. */
    const char **recent; /* RECENT of them */
    uint64_t *recent_off;
} strtab;

static bool strtab_grow(strtab *t)
{
    size_t cap = t->cap ? 2 * t->cap : 4096;
    uint64_t *hashes = erg_calloc(cap, sizeof(*hashes));
    uint64_t *offs = erg_malloc(cap * sizeof(*offs));
    if (hashes == NULL || offs == NULL) {
        erg_free(hashes);
        erg_free(offs);
        return false;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (t->hashes[i] == 0)
            continue;
        size_t j = (size_t)(t->hashes[i] >> 20) & (cap - 1);
        while (hashes[j] != 0)
            j = (j + 1) & (cap - 1);
        hashes[j] = t->hashes[i];
        offs[j] = t->offs[i];
    }
    erg_free(t->hashes);
    erg_free(t->offs);
    t->hashes = hashes;
    t->offs = offs;
    t->cap = cap;
    return true;
}

/* The pointer that `s`, text that is never interned (a quote, a note),
 * becomes: appended as it is, without looking for an equal string. */
static const char *str_plain(strtab *t, const char *s)
{
    if (s == NULL || t->failed)
        return NULL;
    uint64_t off = t->data.len;
    erg_buf_put(&t->data, s, strlen(s) + 1);
    if (t->data.failed)
        t->failed = true;
    return (const char *)(uintptr_t)(ERGI_BASE + t->at + off);
}

/* The pointer that `s` becomes in the corpus. */
static const char *str_out(strtab *t, const char *s)
{
    if (s == NULL || t->failed)
        return NULL;
    size_t slot = (size_t)(((uint64_t)(uintptr_t)s * 0x9E3779B97F4A7C15ull) >> (64 - RECENT_BITS));
    if (t->recent[slot] == s)
        return (const char *)(uintptr_t)(ERGI_BASE + t->at + t->recent_off[slot]);
    if (2 * (t->count + 1) > t->cap && !strtab_grow(t)) {
        t->failed = true;
        return NULL;
    }
    size_t len = strlen(s);
    uint64_t h = erg_index_hash(s, len) | 1;
    size_t j = (size_t)(h >> 20) & (t->cap - 1);
    for (;; j = (j + 1) & (t->cap - 1)) {
        if (t->hashes[j] == 0) {
            t->hashes[j] = h;
            t->offs[j] = t->data.len;
            t->count++;
            erg_buf_put(&t->data, s, len + 1);
            if (t->data.failed)
                t->failed = true;
            break;
        }
        if (t->hashes[j] == h && memcmp(t->data.data + t->offs[j], s, len + 1) == 0)
            break;
    }
    t->recent[slot] = s;
    t->recent_off[slot] = t->offs[j];
    return (const char *)(uintptr_t)(ERGI_BASE + t->at + t->offs[j]);
}

typedef struct writer {
    char *out;
    ergi_header *h;
    strtab strs;
} writer;

static void *section(writer *w, int s)
{
    return w->out + w->h->sections[s].offset;
}

static void put_attr(strtab *t, erg_attr *dst, const erg_attr *src)
{
    dst->key = str_out(t, src->key);
    dst->text = str_out(t, src->text);
    dst->kind = src->kind;
}

/*
 * The slots a map takes in the corpus: the fewest (a power of two) that
 * hold its keys at most 9/10 full. Never grown again, a corpus's maps can be
 * fuller than the loader's (at most 1/2, for inserting fast): a lookup
 * scans a few more slots, and the file is smaller.
 */
static size_t map_cap(const erg_strmap *m)
{
    size_t cap = 1;
    while (cap < m->cap && 10 * m->count > 9 * cap)
        cap *= 2;
    return m->cap == 0 ? 0 : cap;
}

/* m's keys put again into `cap` slots, by the loader's own probing (the
 * hash's low bits, then the next slots): in slot order, so the same map
 * gives the same bytes. */
static void put_map(strtab *t, erg_strmap_slot *dst, size_t cap, const erg_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        const erg_strmap_slot *s = &m->slots[i];
        if (s->key == NULL)
            continue;
        size_t j = s->hash & (cap - 1);
        while (dst[j].key != NULL)
            j = (j + 1) & (cap - 1);
        dst[j].key = str_out(t, s->key);
        dst[j].len = s->len;
        dst[j].hash = s->hash;
        dst[j].value = s->value;
        dst[j].head = s->head;
    }
}

static void fill(writer *w, const erg_graph *g, const ergi_input *inputs, size_t n_inputs,
                 const erg_diags *warnings)
{
    strtab *t = &w->strs;
    /* Field by field, not `*d = *s`: a struct copy would carry the source's
     * padding bytes into the file, and the corpus must be the same bytes
     * for the same input (the sections are zeroed, padding included). */
    erg_entity_rec *ents = section(w, ERGI_S_ENTS);
    for (size_t i = 0; i < g->ent_count; i++) {
        const erg_entity_rec *s = &g->ents[i];
        erg_entity_rec *d = &ents[i];
        d->id = str_out(t, s->id);
        d->type = str_out(t, s->type);
        d->name = str_out(t, s->name);
        d->country_id = str_out(t, s->country_id);
        d->country = s->country;
        d->file = s->file;
        d->elem = s->elem;
        d->offset = s->offset;
        d->alias_start = s->alias_start;
        d->alias_count = s->alias_count;
        d->attr_start = s->attr_start;
        d->attr_count = s->attr_count;
        d->source_start = s->source_start;
        d->source_count = s->source_count;
    }
    erg_rel_rec *rels = section(w, ERGI_S_RELS);
    for (size_t i = 0; i < g->rel_count; i++) {
        const erg_rel_rec *s = &g->rels[i];
        erg_rel_rec *d = &rels[i];
        d->id = str_out(t, s->id);
        d->type = str_out(t, s->type);
        d->label = str_out(t, s->label);
        d->start = str_out(t, s->start);
        d->end = str_out(t, s->end);
        d->from = s->from;
        d->to = s->to;
        d->weight = s->weight;
        d->ev_start = s->ev_start;
        d->ev_count = s->ev_count;
        d->attr_start = s->attr_start;
        d->attr_count = s->attr_count;
        d->file = s->file;
        d->elem = s->elem;
        d->directed = s->directed;
        d->has_weight = s->has_weight;
        d->is_date = s->is_date;
        d->contradicts = s->contradicts;
        d->offset = s->offset;
    }
    erg_source_rec *srcs = section(w, ERGI_S_SRCS);
    for (size_t i = 0; i < g->src_count; i++) {
        const erg_source_rec *s = &g->srcs[i];
        erg_source_rec *d = &srcs[i];
        d->s.id = str_out(t, s->s.id);
        d->s.title = str_out(t, s->s.title);
        d->s.publisher = str_out(t, s->s.publisher);
        d->s.author = str_out(t, s->s.author);
        d->s.date = str_out(t, s->s.date);
        d->s.url = str_out(t, s->s.url);
        d->s.reliability = str_out(t, s->s.reliability);
        d->file = s->file;
        d->elem = s->elem;
        d->offset = s->offset;
    }
    erg_evidence_rec *ev = section(w, ERGI_S_EVIDENCE);
    for (size_t i = 0; i < g->ev_count; i++) {
        const erg_evidence *s = &g->evidence[i].e;
        erg_evidence *d = &ev[i].e;
        d->source = s->source;
        d->quote = str_plain(t, s->quote);
        d->note = str_plain(t, s->note);
        d->certainty = s->certainty;
        d->credibility = s->credibility;
        d->attributed_to = s->attributed_to;
    }
    erg_attr *ra = section(w, ERGI_S_REL_ATTRS);
    for (size_t i = 0; i < g->rel_attr_count; i++)
        put_attr(t, &ra[i], &g->rel_attrs[i]);
    erg_contra *co = section(w, ERGI_S_CONTRA);
    for (size_t i = 0; i < g->contra_count; i++) {
        co[i].id = str_out(t, g->contra[i].id);
        co[i].rel = g->contra[i].rel;
        co[i].index = g->contra[i].index;
    }
    if (g->conf_start != NULL) {
        memcpy(section(w, ERGI_S_CONF_START), g->conf_start,
               w->h->sections[ERGI_S_CONF_START].length);
        memcpy(section(w, ERGI_S_CONF), g->conf, w->h->sections[ERGI_S_CONF].length);
    }
    const char **al = section(w, ERGI_S_ALIASES);
    for (size_t i = 0; i < w->h->sections[ERGI_S_ALIASES].count; i++)
        al[i] = str_out(t, g->aliases[i]);
    erg_attr *ea = section(w, ERGI_S_ENT_ATTRS);
    for (size_t i = 0; i < w->h->sections[ERGI_S_ENT_ATTRS].count; i++)
        put_attr(t, &ea[i], &g->ent_attrs[i]);
    if (w->h->sections[ERGI_S_ENT_SOURCES].length > 0)
        memcpy(section(w, ERGI_S_ENT_SOURCES), g->ent_sources,
               w->h->sections[ERGI_S_ENT_SOURCES].length);
    memcpy(section(w, ERGI_S_ADJ_START), g->adj_start, w->h->sections[ERGI_S_ADJ_START].length);
    if (w->h->sections[ERGI_S_ADJ].length > 0)
        memcpy(section(w, ERGI_S_ADJ), g->adj, w->h->sections[ERGI_S_ADJ].length);
    if (w->h->sections[ERGI_S_NAME_CHAIN].length > 0)
        memcpy(section(w, ERGI_S_NAME_CHAIN), g->name_chain,
               w->h->sections[ERGI_S_NAME_CHAIN].length);
    put_map(t, section(w, ERGI_S_ENT_MAP), w->h->sections[ERGI_S_ENT_MAP].count, &g->ent_by_id);
    put_map(t, section(w, ERGI_S_SRC_MAP), w->h->sections[ERGI_S_SRC_MAP].count, &g->src_by_id);
    put_map(t, section(w, ERGI_S_NAME_MAP), w->h->sections[ERGI_S_NAME_MAP].count, &g->names);
    const char **files = section(w, ERGI_S_FILES);
    for (size_t i = 0; i < g->file_count; i++)
        files[i] = str_out(t, g->files[i]);
    ergi_input *in = section(w, ERGI_S_INPUTS);
    for (size_t i = 0; i < n_inputs; i++) {
        in[i] = inputs[i];
        in[i].given = str_out(t, inputs[i].given);
        in[i].absolute = str_out(t, inputs[i].absolute);
    }
    ergi_diag *dg = section(w, ERGI_S_DIAGS);
    for (size_t i = 0; i < w->h->sections[ERGI_S_DIAGS].count; i++) {
        const erg_diag *d = erg_diags_get(warnings, i);
        dg[i].severity = (uint32_t)d->severity;
        dg[i].line = d->line;
        dg[i].column = d->column;
        dg[i].file = str_out(t, d->file);
        dg[i].path = str_out(t, d->path);
        dg[i].message = str_out(t, d->message);
    }
    w->h->title = str_out(t, g->title);
    w->h->title_count = g->title_count > UINT32_MAX ? UINT32_MAX : (uint32_t)g->title_count;
    w->h->description = str_out(t, g->description);
    for (int s = 0; s < 3; s++)
        w->h->dropped[s] = warnings ? erg_diags_dropped_of(warnings, (erg_severity)s) : 0;
}

/* Size, time, inode and hash of an input, as it is now. */
erg_status erg_index_stat_input(const char *path, ergi_input *in, bool hash, const char **why);
erg_status erg_index_stat_input(const char *path, ergi_input *in, bool hash, const char **why)
{
    memset(in, 0, sizeof(*in));
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *why = strerror(errno);
        return ERG_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = "not a regular file (a corpus records its inputs' size, time and content)";
        close(fd);
        return ERG_EIO;
    }
    in->size = (uint64_t)st.st_size;
    in->mtime_sec = (int64_t)st.st_mtim.tv_sec;
    in->mtime_nsec = (int64_t)st.st_mtim.tv_nsec;
    in->inode = (uint64_t)st.st_ino;
    in->device = (uint64_t)st.st_dev;
    if (hash) {
        /* Hash of 1 MiB chunks' hashes: streamed, bounded memory. */
        size_t cap = (size_t)1 << 20;
        char *buf = erg_malloc(cap);
        if (buf == NULL) {
            close(fd);
            return ERG_ENOMEM;
        }
        uint64_t h = 0x6A09E667F3BCC908ull;
        for (;;) {
            size_t n = 0;
            while (n < cap) {
                ssize_t got = read(fd, buf + n, cap - n);
                if (got < 0 && errno == EINTR)
                    continue;
                if (got < 0) {
                    *why = strerror(errno);
                    erg_free(buf);
                    close(fd);
                    return ERG_EIO;
                }
                if (got == 0)
                    break;
                n += (size_t)got;
            }
            if (n == 0)
                break;
            uint64_t pair[2] = {h, erg_index_hash(buf, n)};
            h = erg_index_hash(pair, sizeof(pair));
            if (n < cap)
                break;
        }
        erg_free(buf);
        in->hash = h;
    }
    close(fd);
    return ERG_OK;
}

static size_t align_up(size_t n)
{
    return (n + ERGI_ALIGN - 1) & ~(size_t)(ERGI_ALIGN - 1);
}

erg_status erg_index_write(const erg_graph *g, const erg_diags *warnings, const char *const *inputs,
                           size_t count, const char *path, erg_diags *diags)
{
    erg_status rc = ERG_OK;
    ergi_input *ins = erg_calloc(count + 1, sizeof(*ins));
    char **abs = erg_calloc(count + 1, sizeof(*abs));
    if (ins == NULL || abs == NULL) {
        erg_free(ins);
        erg_free(abs);
        return ERG_ENOMEM;
    }
    for (size_t i = 0; i < count && rc == ERG_OK; i++) {
        const char *why = NULL;
        if (strcmp(inputs[i], "-") == 0) {
            erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                          "standard input cannot be indexed: a corpus records its files to "
                          "know when it is stale");
            rc = ERG_EUSAGE;
            break;
        }
        rc = erg_index_stat_input(inputs[i], &ins[i], true, &why);
        if (rc == ERG_EIO)
            erg_diags_add(diags, ERG_ERROR, inputs[i], 0, 0, NULL, "cannot index: %s", why);
        abs[i] = realpath(inputs[i], NULL);
        ins[i].given = inputs[i];
        ins[i].absolute = abs[i] ? abs[i] : inputs[i];
    }

    size_t n_diags = warnings ? erg_diags_count(warnings) : 0;
    uint64_t counts[ERGI_S_COUNT] = {0}, sizes[ERGI_S_COUNT] = {0};
    counts[ERGI_S_ENTS] = g->ent_count, sizes[ERGI_S_ENTS] = sizeof(erg_entity_rec);
    counts[ERGI_S_RELS] = g->rel_count, sizes[ERGI_S_RELS] = sizeof(erg_rel_rec);
    counts[ERGI_S_SRCS] = g->src_count, sizes[ERGI_S_SRCS] = sizeof(erg_source_rec);
    counts[ERGI_S_EVIDENCE] = g->ev_count, sizes[ERGI_S_EVIDENCE] = sizeof(erg_evidence_rec);
    counts[ERGI_S_REL_ATTRS] = g->rel_attr_count, sizes[ERGI_S_REL_ATTRS] = sizeof(erg_attr);
    counts[ERGI_S_CONTRA] = g->contra_count, sizes[ERGI_S_CONTRA] = sizeof(erg_contra);
    if (g->conf_start != NULL) {
        counts[ERGI_S_CONF_START] = g->rel_count + 1;
        counts[ERGI_S_CONF] = g->conf_start[g->rel_count];
    }
    sizes[ERGI_S_CONF_START] = sizes[ERGI_S_CONF] = sizeof(uint32_t);
    size_t n_alias = 0, n_eattr = 0, n_esrc = 0;
    for (size_t e = 0; e < g->ent_count; e++) {
        const erg_entity_rec *r = &g->ents[e];
        if ((size_t)r->alias_start + r->alias_count > n_alias)
            n_alias = (size_t)r->alias_start + r->alias_count;
        if ((size_t)r->attr_start + r->attr_count > n_eattr)
            n_eattr = (size_t)r->attr_start + r->attr_count;
        if ((size_t)r->source_start + r->source_count > n_esrc)
            n_esrc = (size_t)r->source_start + r->source_count;
    }
    counts[ERGI_S_ALIASES] = n_alias, sizes[ERGI_S_ALIASES] = sizeof(const char *);
    counts[ERGI_S_ENT_ATTRS] = n_eattr, sizes[ERGI_S_ENT_ATTRS] = sizeof(erg_attr);
    counts[ERGI_S_ENT_SOURCES] = n_esrc, sizes[ERGI_S_ENT_SOURCES] = sizeof(uint32_t);
    counts[ERGI_S_ADJ_START] = g->ent_count + 1, sizes[ERGI_S_ADJ_START] = sizeof(uint32_t);
    counts[ERGI_S_ADJ] = g->adj_start ? g->adj_start[g->ent_count] : 0;
    sizes[ERGI_S_ADJ] = sizeof(uint32_t);
    counts[ERGI_S_NAME_CHAIN] = g->name_chain_count,
    sizes[ERGI_S_NAME_CHAIN] = 2 * sizeof(uint32_t);
    counts[ERGI_S_ENT_MAP] = map_cap(&g->ent_by_id);
    counts[ERGI_S_SRC_MAP] = map_cap(&g->src_by_id);
    counts[ERGI_S_NAME_MAP] = map_cap(&g->names);
    sizes[ERGI_S_ENT_MAP] = sizes[ERGI_S_SRC_MAP] = sizes[ERGI_S_NAME_MAP] =
        sizeof(erg_strmap_slot);
    counts[ERGI_S_FILES] = g->file_count, sizes[ERGI_S_FILES] = sizeof(const char *);
    counts[ERGI_S_INPUTS] = count, sizes[ERGI_S_INPUTS] = sizeof(ergi_input);
    counts[ERGI_S_DIAGS] = n_diags, sizes[ERGI_S_DIAGS] = sizeof(ergi_diag);
    sizes[ERGI_S_STRINGS] = 1;

    ergi_header hdr;
    memset(&hdr, 0, sizeof(hdr));
    size_t at = ERGI_HEADER_SPACE;
    for (int s = 0; s < ERGI_S_STRINGS; s++) {
        hdr.sections[s].offset = at;
        hdr.sections[s].count = counts[s];
        hdr.sections[s].length = counts[s] * sizes[s];
        at = align_up(at + hdr.sections[s].length);
    }
    writer w = {0};
    w.strs.recent = erg_calloc((size_t)1 << RECENT_BITS, sizeof(*w.strs.recent));
    w.strs.recent_off = erg_calloc((size_t)1 << RECENT_BITS, sizeof(*w.strs.recent_off));
    if (w.strs.recent == NULL || w.strs.recent_off == NULL)
        rc = ERG_ENOMEM;
    w.strs.at = at;
    /* Room for the strings at once (they are rarely more than the files'
     * bytes): no copy as they grow. */
    size_t guess = 4096;
    for (size_t i = 0; i < count; i++)
        guess += (size_t)ins[i].size;
    w.strs.data.data = rc == ERG_OK ? erg_malloc(guess) : NULL;
    if (w.strs.data.data != NULL) {
        w.strs.data.cap = guess;
        w.strs.data.data[0] = '\0';
    }
    w.out = rc == ERG_OK ? erg_calloc(1, at) : NULL;
    if (rc == ERG_OK && w.out == NULL)
        rc = ERG_ENOMEM;
    if (rc == ERG_OK) {
        w.h = (ergi_header *)(void *)w.out;
        *w.h = hdr;
        fill(&w, g, ins, count, warnings);
        /* The strings section ends with a NUL byte even when empty. */
        erg_buf_putc(&w.strs.data, '\0');
        if (w.strs.failed || w.strs.data.failed)
            rc = ERG_ENOMEM;
    }
    if (rc == ERG_OK) {
        /* The strings are written after the records from where they
         * are: the file is never whole in memory. */
        char *whole = w.out;
        size_t total = at + w.strs.data.len;
        ergi_header *h = (ergi_header *)(void *)whole;
        h->sections[ERGI_S_STRINGS].offset = at;
        h->sections[ERGI_S_STRINGS].length = w.strs.data.len;
        h->sections[ERGI_S_STRINGS].count = w.strs.data.len;
        for (int s = 0; s < ERGI_S_STRINGS; s++)
            h->sections[s].checksum =
                erg_index_hash(whole + h->sections[s].offset, h->sections[s].length);
        h->sections[ERGI_S_STRINGS].checksum = erg_index_hash(w.strs.data.data, w.strs.data.len);
        memcpy(h->magic, ERGI_MAGIC, ERGI_MAGIC_LEN);
        h->version = ERGI_VERSION;
        h->header_size = sizeof(ergi_header);
        h->byte_order = ERGI_BYTE_ORDER;
        h->word_size = sizeof(void *);
        h->section_count = ERGI_S_COUNT;
        h->rec_size[ERGI_R_ENT] = sizeof(erg_entity_rec);
        h->rec_size[ERGI_R_REL] = sizeof(erg_rel_rec);
        h->rec_size[ERGI_R_SRC] = sizeof(erg_source_rec);
        h->rec_size[ERGI_R_EV] = sizeof(erg_evidence_rec);
        h->rec_size[ERGI_R_ATTR] = sizeof(erg_attr);
        h->rec_size[ERGI_R_CONTRA] = sizeof(erg_contra);
        h->rec_size[ERGI_R_SLOT] = sizeof(erg_strmap_slot);
        h->rec_size[ERGI_R_INPUT] = sizeof(ergi_input);
        h->rec_size[ERGI_R_DIAG] = sizeof(ergi_diag);
        h->base = ERGI_BASE;
        h->file_size = total;
        h->checksum = 0;
        h->checksum = erg_index_hash(h, sizeof(*h));
        erg_output *o = NULL;
        erg_output_part parts[] = {{whole, at}, {w.strs.data.data, w.strs.data.len}};
        rc = erg_output_open(&o, path, diags);
        if (rc == ERG_OK)
            rc = erg_output_commit_parts(o, parts, 2, diags);
        erg_output_free(o);
    }
    erg_free(w.out);
    erg_buf_release(&w.strs.data);
    erg_free(w.strs.hashes);
    erg_free(w.strs.recent);
    erg_free(w.strs.recent_off);
    erg_free(w.strs.offs);
    for (size_t i = 0; i < count; i++)
        free(abs[i]);
    erg_free(abs);
    erg_free(ins);
    return rc;
}
