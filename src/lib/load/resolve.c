/*
 * After every file is read: merging what several files say of one entity,
 * resolving ids to indices, and the checks that need the whole graph.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "load/loader_impl.h"
#include "util/diag_impl.h"
#include "util/text.h"

bool erg_is_entity_type(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return false;
    for (s++; *s; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    }
    return true;
}

bool erg_is_relation_type(const char *s)
{
    if (!(*s >= 'a' && *s <= 'z'))
        return false;
    for (s++; *s; s++) {
        bool alnum = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9');
        if (*s == '_' && (s[1] == '\0' || s[1] == '_'))
            return false;
        if (!alnum && *s != '_')
            return false;
    }
    return true;
}

void erg_loader_report(erg_loader *l, erg_severity sev, size_t in, size_t base, size_t base_depth,
                       const erg_path *path, bool at_key, const char *fmt, ...)
{
    erg_input *input = &l->inputs[in];
    if (sev == ERG_WARNING && l->opts.strict)
        sev = ERG_ERROR;
    if (sev == ERG_ERROR)
        l->data_error = true;
    /* Past the list's limit a diagnostic is only counted: do not spend a
     * walk through the file on where it is. */
    if (!erg_diags_would_keep(l->diags, sev)) {
        if (erg_diags_add(l->diags, sev, NULL, 0, 0, NULL, "%s", "") != ERG_OK)
            l->out_of_memory = true;
        return;
    }
    size_t at = erg_json_locate(input->data, input->len, base, path, base_depth, at_key);
    erg_linecol lc = erg_linecounter_at(&input->lines, at);

    erg_buf where = ERG_BUF_INIT, msg = ERG_BUF_INIT;
    erg_path_format(&where, path);
    va_list ap;
    va_start(ap, fmt);
    erg_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (where.failed || msg.failed ||
        erg_diags_add(l->diags, sev, input->name, lc.line, lc.column, where.data, "%s", msg.data) !=
            ERG_OK)
        l->out_of_memory = true;
    erg_buf_release(&where);
    erg_buf_release(&msg);
}

char *erg_loader_where(erg_loader *l, size_t in, size_t base, size_t base_depth,
                       const erg_path *path)
{
    erg_input *input = &l->inputs[in];
    size_t at = erg_json_locate(input->data, input->len, base, path, base_depth, false);
    erg_linecol lc = erg_linecounter_at(&input->lines, at);
    erg_buf b = ERG_BUF_INIT;
    erg_buf_printf(&b, "%s:%ld:%ld", input->name, lc.line, lc.column);
    return erg_buf_detach(&b);
}

/* ---- "did you mean" ---- */

/*
 * The closest id to `wrong` among entities (or sources), as a phrase
 * " (did you mean \"x\"?)", or "" when nothing is close. Case-insensitive
 * matches of a name or alias come first. Time complexity: O(n * |id|^2)
 * with an early cut-off; only on the error path.
 */
typedef enum { ENTITIES, COUNTRIES, SOURCES } id_kind;

static void suggest(erg_loader *l, erg_buf *out, const char *wrong, id_kind kind)
{
    const erg_graph *g = l->g;
    bool sources = kind == SOURCES;
    if (kind == ENTITIES) {
        if (l->names_started && erg_graph_names_finish(&l->names) != ERG_OK) {
            l->out_of_memory = true;
            return;
        }
        size_t match;
        bool nomem;
        if (erg_graph_lookup_checked(g, wrong, &match, 1, &nomem) >= 1) {
            erg_buf_printf(out, " (did you mean \"%s\", the id of %s?)", g->ents[match].id,
                           g->ents[match].name);
            return;
        }
        if (nomem) {
            l->out_of_memory = true;
            return;
        }
    }
    size_t len = strlen(wrong);
    size_t limit = len <= 3 ? 1 : len < 6 ? 2 : len / 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    size_t n = sources ? g->src_count : g->ent_count;
    for (size_t i = 0; i < n && best_d > 1; i++) {
        if (kind == COUNTRIES && strcmp(g->ents[i].type, "country") != 0)
            continue;
        const char *id = sources ? g->srcs[i].s.id : g->ents[i].id;
        size_t d = erg_text_distance(wrong, id, best_d - 1);
        if (d < best_d) {
            best_d = d;
            best = id;
        }
    }
    if (best != NULL)
        erg_buf_printf(out, " (did you mean \"%s\"?)", best);
}

/* Reports a reference to a missing id at `path` in the element at `base`. */
static void unknown_ref(erg_loader *l, size_t in, size_t base, const erg_path *path,
                        const char *what, const char *id, id_kind kind)
{
    if (l->inputs[in].unreadable_ids ||
        (kind != SOURCES && erg_strmap_find(&l->broken_ids, id, strlen(id)) != NULL))
        return;
    erg_buf hint = ERG_BUF_INIT;
    suggest(l, &hint, id, kind);
    erg_loader_report(l, ERG_ERROR, in, base, 2, path, false, "unknown %s \"%s\"%s", what, id,
                      hint.data ? hint.data : "");
    erg_buf_release(&hint);
}

static uint32_t find_entity(const erg_graph *g, const char *id)
{
    const erg_strmap_slot *slot = erg_strmap_find(&g->ent_by_id, id, strlen(id));
    return slot ? slot->value : ERG_NIL;
}

static uint32_t find_source(const erg_graph *g, const char *id)
{
    const erg_strmap_slot *slot = erg_strmap_find(&g->src_by_id, id, strlen(id));
    return slot ? slot->value : ERG_NIL;
}

/* ---- merging pending lists ---- */

/* Sorts pending items by owner, keeping input order within an owner.
 * Time complexity: O(n + entities). */
static erg_status sort_by_owner(erg_graph *g, erg_owned **items, size_t n)
{
    if (n == 0)
        return ERG_OK;
    uint32_t *fill = erg_calloc(g->ent_count + 1, sizeof(*fill));
    erg_owned *sorted = erg_malloc(n * sizeof(*sorted));
    if (fill == NULL || sorted == NULL) {
        erg_free(fill);
        erg_free(sorted);
        return ERG_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        fill[(*items)[i].owner + 1]++;
    for (size_t e = 0; e < g->ent_count; e++)
        fill[e + 1] += fill[e];
    for (size_t i = 0; i < n; i++)
        sorted[fill[(*items)[i].owner]++] = (*items)[i];
    erg_free(fill);
    erg_free(*items);
    *items = sorted;
    return ERG_OK;
}

typedef enum { SAME_STR, SAME_KEY } same_rule;

/*
 * Drops repeats within each owner's run: an alias or source given twice
 * (often once per file), an attribute whose key came before. An attribute
 * given again with another value is kept as first given, with a warning.
 */
static void drop_repeats(erg_loader *l, erg_owned *items, size_t *count, same_rule rule)
{
    size_t kept = 0, run_start = 0;
    for (size_t i = 0; i < *count; i++) {
        if (i > 0 && items[i].owner != items[i - 1].owner)
            run_start = kept;
        bool repeat = false;
        for (size_t j = run_start; j < kept && !repeat; j++) {
            if (rule == SAME_STR) {
                repeat = items[j].str == items[i].str;
            } else if (items[j].attr.key == items[i].attr.key) {
                repeat = true;
                if (strcmp(items[j].attr.text, items[i].attr.text) != 0 ||
                    items[j].attr.kind != items[i].attr.kind) {
                    erg_path p = {{{"entities", 0}, {NULL, items[j].elem}, {"attrs", 0}, {NULL, 0}},
                                  4};
                    p.steps[3].key = items[i].attr.key;
                    char *first = erg_loader_where(l, items[j].file, items[j].offset, 2, &p);
                    p.steps[1].index = items[i].elem;
                    erg_loader_report(l, ERG_WARNING, items[i].file, items[i].offset, 2, &p, false,
                                      "attribute \"%s\" of entity \"%s\" is %s here but %s at "
                                      "%s; keeping the first",
                                      items[i].attr.key, l->g->ents[items[i].owner].id,
                                      items[i].attr.text, items[j].attr.text, first ? first : "?");
                    erg_free(first);
                }
            }
        }
        if (!repeat)
            items[kept++] = items[i];
    }
    *count = kept;
}

/* ---- references ---- */

static void resolve_entities(erg_loader *l)
{
    erg_graph *g = l->g;
    for (size_t e = 0; e < g->ent_count; e++) {
        erg_entity_rec *ent = &g->ents[e];
        if (ent->country_id == NULL)
            continue;
        erg_path p = {{{"entities", 0}, {NULL, ent->elem}, {"country", 0}}, 3};
        uint32_t c = find_entity(g, ent->country_id);
        if (c == ERG_NIL) {
            unknown_ref(l, ent->file, ent->offset, &p, "country", ent->country_id, COUNTRIES);
        } else if (strcmp(g->ents[c].type, "country") != 0) {
            erg_loader_report(l, ERG_ERROR, ent->file, ent->offset, 2, &p, false,
                              "country \"%s\" is an entity of type \"%s\", not \"country\"",
                              ent->country_id, g->ents[c].type);
        } else {
            ent->country = c;
        }
    }
    for (size_t i = 0; i < g->pend_source_count; i++) {
        erg_owned *o = &g->pend_sources[i];
        o->ref = find_source(g, o->str);
        if (o->ref == ERG_NIL) {
            erg_path p = {{{"entities", 0}, {NULL, o->elem}, {"sources", 0}, {NULL, o->index}}, 4};
            unknown_ref(l, o->file, o->offset, &p, "source", o->str, SOURCES);
        }
    }
}

/* The relationship that holds piece of evidence ev (relationships hold
 * their evidence in order). Time complexity: O(log relationships). */
static size_t evidence_owner(const erg_graph *g, uint32_t ev)
{
    size_t lo = 0, hi = g->rel_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->rels[mid].ev_start <= ev)
            lo = mid;
        else
            hi = mid;
    }
    while (lo > 0 && g->rels[lo].ev_start > ev)
        lo--;
    return lo;
}

static void resolve_relationships(erg_loader *l)
{
    erg_graph *g = l->g;
    /* Most references were resolved as they were read; these name an id
     * that came later, or none. */
    for (size_t k = 0; k < g->pending_count; k++) {
        const erg_pending_ref *p = &g->pending[k];
        if (p->kind == ERG_REF_FROM || p->kind == ERG_REF_TO) {
            erg_rel_rec *rel = &g->rels[p->at];
            erg_path path = {{{"relationships", 0},
                              {NULL, rel->elem},
                              {p->kind == ERG_REF_FROM ? "from" : "to", 0}},
                             3};
            uint32_t e = find_entity(g, p->id);
            if (e == ERG_NIL)
                unknown_ref(l, rel->file, rel->offset, &path, "entity", p->id, ENTITIES);
            *(p->kind == ERG_REF_FROM ? &rel->from : &rel->to) = e;
            continue;
        }
        const erg_rel_rec *rel = &g->rels[evidence_owner(g, p->at)];
        erg_evidence *ev = &g->evidence[p->at].e;
        bool source = p->kind == ERG_REF_SOURCE;
        uint32_t found = source ? find_source(g, p->id) : find_entity(g, p->id);
        if (found == ERG_NIL) {
            erg_path ep = {{{"relationships", 0},
                            {NULL, rel->elem},
                            {"evidence", 0},
                            {NULL, p->at - rel->ev_start},
                            {source ? "source" : "attributed_to", 0}},
                           5};
            unknown_ref(l, rel->file, rel->offset, &ep, source ? "source" : "entity", p->id,
                        source ? SOURCES : ENTITIES);
        }
        *(source ? &ev->source : &ev->attributed_to) = found == ERG_NIL ? ERG_NONE : found;
    }
}

/*
 * Checks explicit relationship ids for repeats and names the others "#N".
 * Only explicit ids go in the map: a generated one can collide only with
 * an explicit id that starts with '#', and is looked up only if there is
 * such an id. Time complexity: O(relationships) expected.
 */
static void name_relationships(erg_loader *l)
{
    erg_graph *g = l->g;
    bool any_hash = false;
    for (size_t r = 0; r < g->rel_count; r++) {
        erg_rel_rec *rel = &g->rels[r];
        if (rel->id == NULL)
            continue;
        any_hash = any_hash || rel->id[0] == '#';
        bool added;
        erg_strmap_slot *slot =
            erg_strmap_insert(&g->rel_by_id, rel->id, strlen(rel->id), (uint32_t)r, &added);
        if (slot == NULL) {
            l->out_of_memory = true;
            return;
        }
        if (!added) {
            const erg_rel_rec *first = &g->rels[slot->value];
            erg_path p = {{{"relationships", 0}, {NULL, first->elem}, {"id", 0}}, 3};
            char *at = erg_loader_where(l, first->file, first->offset, 2, &p);
            p.steps[1].index = rel->elem;
            erg_loader_report(l, ERG_ERROR, rel->file, rel->offset, 2, &p, false,
                              "duplicate relationship id \"%s\" (first used at %s)", rel->id,
                              at ? at : "?");
            erg_free(at);
        }
    }
    for (size_t r = 0; r < g->rel_count; r++) {
        erg_rel_rec *rel = &g->rels[r];
        if (rel->id != NULL)
            continue;
        /* "#N", written without snprintf, whose cost showed in the
         * profile of a million relationships. */
        char name[32], *id = name + sizeof(name);
        *--id = '\0';
        for (size_t n = r + 1; n > 0; n /= 10)
            *--id = (char)('0' + n % 10);
        *--id = '#';
        size_t len = (size_t)(name + sizeof(name) - 1 - id);
        if ((rel->id = erg_graph_copy(g, id, len)) == NULL) {
            l->out_of_memory = true;
            return;
        }
        if (any_hash && erg_strmap_find(&g->rel_by_id, id, len) != NULL) {
            erg_path p = {{{"relationships", 0}, {NULL, rel->elem}}, 2};
            erg_loader_report(l, ERG_ERROR, rel->file, rel->offset, 2, &p, false,
                              "this relationship has no id and its generated id \"%s\" is "
                              "already taken; give it an id",
                              id);
        }
    }
}

/* Whether id is "#N", the name the loader gives relationship N by position. */
static bool positional(const erg_graph *g, const char *id)
{
    if (id[0] != '#' || id[1] < '1' || id[1] > '9')
        return false;
    size_t n = 0;
    for (const char *p = id + 1; *p; p++) {
        if (*p < '0' || *p > '9' || n > g->rel_count)
            return false;
        n = n * 10 + (size_t)(*p - '0');
    }
    return n <= g->rel_count;
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/*
 * Resolves every "contradicts" to the relationships it names and records
 * each conflict both ways, each once. An id that names no relationship is a
 * note when one file was given (the article it answers is another file,
 * resolved when both are loaded together), a warning after a merge of
 * several. Time complexity: O(relationships + c log c) for c conflicts.
 */
static erg_status resolve_contradictions(erg_loader *l)
{
    erg_graph *g = l->g;
    if (g->contra_count == 0)
        return ERG_OK;
    uint32_t *pairs = erg_malloc(2 * g->contra_count * 2 * sizeof(uint32_t));
    if (pairs == NULL)
        return ERG_ENOMEM;
    size_t n = 0;
    for (size_t k = 0; k < g->contra_count; k++) {
        const erg_contra *c = &g->contra[k];
        size_t r = c->rel;
        const erg_rel_rec *rel = &g->rels[r];
        const erg_strmap_slot *slot = erg_strmap_find(&g->rel_by_id, c->id, strlen(c->id));
        erg_path p = {
            {{"relationships", 0}, {NULL, rel->elem}, {"contradicts", 0}, {NULL, c->index}}, 4};
        if (slot == NULL && positional(g, c->id)) {
            erg_loader_report(l, ERG_ERROR, rel->file, rel->offset, 2, &p, false,
                              "\"contradicts\" names relationships by their own \"id\"; "
                              "\"%s\" is a name the loader gives by position, which changes "
                              "when files change: give that relationship an id",
                              c->id);
        } else if (slot == NULL) {
            bool merged = g->file_count > 1;
            erg_loader_report(l, merged ? ERG_WARNING : ERG_NOTE, rel->file, rel->offset, 2, &p,
                              false,
                              merged ? "relationship \"%s\" contradicts \"%s\", which none "
                                       "of the files given holds"
                                     : "relationship \"%s\" contradicts \"%s\", which is "
                                       "not in this file; it is resolved when the files are "
                                       "loaded together",
                              rel->id, c->id);
        } else if (slot->value == r) {
            erg_loader_report(l, ERG_ERROR, rel->file, rel->offset, 2, &p, false,
                              "relationship \"%s\" cannot contradict itself", rel->id);
        } else {
            pairs[2 * n] = (uint32_t)r;
            pairs[2 * n + 1] = slot->value;
            pairs[2 * n + 2] = slot->value;
            pairs[2 * n + 3] = (uint32_t)r;
            n += 2;
        }
    }
    erg_status rc = ERG_OK;
    if (n > 0) {
        g->conf_start = erg_calloc(g->rel_count + 1, sizeof(uint32_t));
        g->conf = erg_malloc(n * sizeof(uint32_t));
        if (g->conf_start == NULL || g->conf == NULL) {
            rc = ERG_ENOMEM;
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            g->conf_start[pairs[2 * i] + 1]++;
        for (size_t r = 0; r < g->rel_count; r++)
            g->conf_start[r + 1] += g->conf_start[r];
        /* Filled from the end of each run back, then each run sorted and
         * its repeats (a conflict named from both sides) dropped. */
        uint32_t *fill = erg_malloc((g->rel_count + 1) * sizeof(uint32_t));
        if (fill == NULL) {
            rc = ERG_ENOMEM;
            goto done;
        }
        memcpy(fill, g->conf_start, (g->rel_count + 1) * sizeof(uint32_t));
        for (size_t i = 0; i < n; i++)
            g->conf[fill[pairs[2 * i]]++] = pairs[2 * i + 1];
        erg_free(fill);
        uint32_t out = 0;
        for (size_t r = 0; r < g->rel_count; r++) {
            uint32_t a = g->conf_start[r], b = g->conf_start[r + 1];
            qsort(g->conf + a, b - a, sizeof(uint32_t), compare_u32);
            g->conf_start[r] = out;
            for (uint32_t i = a; i < b; i++) {
                if (i == a || g->conf[i] != g->conf[i - 1])
                    g->conf[out++] = g->conf[i];
            }
        }
        g->conf_start[g->rel_count] = out;
    }
done:
    erg_free(pairs);
    return rc;
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool identical(const erg_graph *g, const erg_rel_rec *a, const erg_rel_rec *b)
{
    if (a->from != b->from || a->to != b->to || a->type != b->type || a->label != b->label ||
        a->start != b->start || a->end != b->end || a->is_date != b->is_date ||
        a->directed != b->directed || a->contradicts != b->contradicts ||
        a->has_weight != b->has_weight || (a->has_weight && a->weight != b->weight) ||
        a->ev_count != b->ev_count || a->attr_count != b->attr_count)
        return false;
    for (uint32_t i = 0; i < a->ev_count; i++) {
        const erg_evidence_rec *x = &g->evidence[a->ev_start + i];
        const erg_evidence_rec *y = &g->evidence[b->ev_start + i];
        if (x->e.source != y->e.source || !same_text(x->e.quote, y->e.quote) ||
            !same_text(x->e.note, y->e.note) || x->e.certainty != y->e.certainty ||
            x->e.credibility != y->e.credibility || x->e.attributed_to != y->e.attributed_to)
            return false;
    }
    if (a->contradicts) {
        size_t n = erg_rel_contradicts_count(g, (size_t)(a - g->rels));
        if (n != erg_rel_contradicts_count(g, (size_t)(b - g->rels)))
            return false;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(erg_rel_contradicts_id(g, (size_t)(a - g->rels), i),
                       erg_rel_contradicts_id(g, (size_t)(b - g->rels), i)) != 0)
                return false;
        }
    }
    for (uint32_t i = 0; i < a->attr_count; i++) {
        const erg_attr *x = &g->rel_attrs[a->attr_start + i];
        const erg_attr *y = &g->rel_attrs[b->attr_start + i];
        if (x->key != y->key || x->kind != y->kind || !same_text(x->text, y->text))
            return false;
    }
    return true;
}

/* Warns of relationships identical to an earlier one but for their id.
 * Time complexity: O(relationships) expected, through a hash of the ends,
 * type and dates. */
static erg_status warn_duplicates(erg_loader *l)
{
    erg_graph *g = l->g;
    size_t cap = 16;
    while (cap < g->rel_count * 2)
        cap *= 2;
    uint32_t *table = erg_malloc(cap * sizeof(*table));
    if (table == NULL)
        return ERG_ENOMEM;
    memset(table, 0xFF, cap * sizeof(*table));
    for (size_t r = 0; r < g->rel_count; r++) {
        const erg_rel_rec *rel = &g->rels[r];
        uintptr_t key[4] = {rel->from, rel->to, (uintptr_t)rel->type,
                            (uintptr_t)rel->start ^ ((uintptr_t)rel->end << 1) ^
                                ((uintptr_t)rel->is_date << 2)};
        size_t h = erg_hash((const char *)key, sizeof(key)) & (cap - 1);
        for (; table[h] != ERG_NIL; h = (h + 1) & (cap - 1)) {
            const erg_rel_rec *other = &g->rels[table[h]];
            if (identical(g, other, rel)) {
                erg_path p = {{{"relationships", 0}, {NULL, other->elem}}, 2};
                char *at = erg_loader_where(l, other->file, other->offset, 2, &p);
                p.steps[1].index = rel->elem;
                erg_loader_report(l, ERG_WARNING, rel->file, rel->offset, 2, &p, false,
                                  "relationship \"%s\" repeats \"%s\" at %s", rel->id, other->id,
                                  at ? at : "?");
                erg_free(at);
                break;
            }
        }
        if (table[h] == ERG_NIL)
            table[h] = (uint32_t)r;
    }
    erg_free(table);
    return ERG_OK;
}

erg_status erg_resolve(erg_loader *l)
{
    erg_graph *g = l->g;
    erg_status rc = sort_by_owner(g, &g->pend_aliases, g->pend_alias_count);
    if (rc == ERG_OK)
        rc = sort_by_owner(g, &g->pend_attrs, g->pend_attr_count);
    if (rc == ERG_OK)
        rc = sort_by_owner(g, &g->pend_sources, g->pend_source_count);
    if (rc != ERG_OK)
        return rc;
    drop_repeats(l, g->pend_aliases, &g->pend_alias_count, SAME_STR);
    drop_repeats(l, g->pend_attrs, &g->pend_attr_count, SAME_KEY);
    drop_repeats(l, g->pend_sources, &g->pend_source_count, SAME_STR);
    resolve_entities(l);
    if ((rc = erg_graph_group(g)) != ERG_OK)
        return rc;
    /* The name index of a big graph is built beside the rest (split_min
     * 0, for tests, asks for every thread there is to be used). */
    erg_graph_names_start(&l->names, g,
                          l->opts.threads != 1 &&
                              (l->split_min == 0 || g->ent_count >= ERG_NAMES_THREAD_MIN));
    l->names_started = true;
    resolve_relationships(l);
    name_relationships(l);
    if (!l->out_of_memory && resolve_contradictions(l) != ERG_OK)
        l->out_of_memory = true;
    if (!l->out_of_memory && !l->data_error && !l->io_error) {
        rc = warn_duplicates(l);
        if (rc == ERG_OK)
            rc = erg_graph_link(g);
    }
    erg_status names_rc = erg_graph_names_finish(&l->names);
    if (rc == ERG_OK)
        rc = names_rc;
    if (rc == ERG_OK && l->out_of_memory)
        rc = ERG_ENOMEM;
    /* After a data error the caller reports the failure; no graph is made. */
    return rc;
}
