/*
 * Filters: from a specification of what to keep to a selection.
 */
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/date.h"
#include "ergraph/filter.h"
#include "model/graph_impl.h"
#include "model/selection_impl.h"
#include "util/intmap.h"
#include "util/text.h"
#include "model/walk.h"
#include "query/fields.h"

/* How many steps an all_paths search may take before it gives up. */
#define ALL_PATHS_BUDGET 5000000u
/* How many steps connect may take, all its searches together (a search
 * per pair of names; a step is a pair or a tie looked at). */
#define CONNECT_BUDGET 10000000u
#define ALL_PATHS_DEFAULT_LENGTH 6

static const char *const field_names[ERG_FIELD_COUNT] = {
    [ERG_FIELD_TYPES] = "types",
    [ERG_FIELD_EXCLUDE] = "exclude",
    [ERG_FIELD_RELATIONS] = "relations",
    [ERG_FIELD_SOURCES] = "sources",
    [ERG_FIELD_CERTAINTIES] = "certainties",
    [ERG_FIELD_MIN_GRADE] = "min_grade",
    [ERG_FIELD_MIN_SOURCES] = "min_sources",
    [ERG_FIELD_CONTEST] = "contest",
    [ERG_FIELD_SINCE] = "since",
    [ERG_FIELD_UNTIL] = "until",
    [ERG_FIELD_DATED_ONLY] = "dated_only",
    [ERG_FIELD_AROUND] = "around",
    [ERG_FIELD_DEPTH] = "depth",
    [ERG_FIELD_DIRECTION] = "direction",
    [ERG_FIELD_BETWEEN] = "between",
    [ERG_FIELD_MAX_LENGTH] = "max_length",
    [ERG_FIELD_ALL_PATHS] = "all_paths",
    [ERG_FIELD_CONNECT] = "connect",
    [ERG_FIELD_COMPONENT] = "component",
    [ERG_FIELD_MIN_DEGREE] = "min_degree",
    [ERG_FIELD_DROP_ISOLATED] = "drop_isolated",
    [ERG_FIELD_KEEP_ISOLATED] = "keep_isolated",
};

const char *erg_filter_field_name(erg_filter_field f)
{
    return (unsigned)f < ERG_FIELD_COUNT ? field_names[f] : NULL;
}

const char *erg_field_label(const char *const *names, erg_filter_field f)
{
    if (names != NULL && (unsigned)f < ERG_FIELD_COUNT && names[f] != NULL)
        return names[f];
    return erg_filter_field_name(f);
}

/* How spec's messages name field f. */
static const char *field(const erg_filter_spec *spec, erg_filter_field f)
{
    return erg_field_label(spec->field_names, f);
}

erg_status erg_all_paths_refused(erg_diags *diags, const char *const *names, unsigned budget,
                                 size_t max_length)
{
    return erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                         "%s: more than %u steps without finishing; lower %s (now %zu)",
                         erg_field_label(names, ERG_FIELD_ALL_PATHS), budget,
                         erg_field_label(names, ERG_FIELD_MAX_LENGTH), max_length) == ERG_OK
               ? ERG_EUSAGE
               : ERG_ENOMEM;
}

static erg_status nomem(erg_diags *diags)
{
    (void)diags;
    return ERG_ENOMEM;
}

static erg_status usage(erg_diags *diags, const char *msg)
{
    return erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "%s", msg) == ERG_OK ? ERG_EUSAGE
                                                                                  : ERG_ENOMEM;
}

static bool in_list(const erg_strlist *list, const char *s)
{
    for (size_t i = 0; i < list->count; i++) {
        if (strcmp(list->items[i], s) == 0)
            return true;
    }
    return false;
}

/* Checks that every item of `list` is a type that occurs in the graph;
 * messages call the list `name`. */
static erg_status check_types(const erg_graph *g, const erg_strlist *list, bool relations,
                              const char *name, erg_diags *diags)
{
    for (size_t i = 0; i < list->count; i++) {
        bool seen = false;
        size_t n = relations ? g->rel_count : g->ent_count;
        for (size_t k = 0; k < n && !seen; k++)
            seen = strcmp(relations ? g->rels[k].type : g->ents[k].type, list->items[i]) == 0;
        if (seen)
            continue;
        erg_buf msg = ERG_BUF_INIT;
        const char *things = relations ? "relationship" : "entity";
        erg_buf_printf(&msg, "%s: no %s has the type \"%s\"", name, things, list->items[i]);
        /* The closest type there is; the types themselves only when they
         * are few (stats lists them all). */
        erg_strmap shown = ERG_STRMAP_INIT;
        size_t len = strlen(list->items[i]), types = 0;
        size_t limit = len <= 3 ? 1 : len < 6 ? 2 : len / 3;
        size_t best_d = limit + 1;
        const char *best = NULL;
        for (size_t k = 0; k < n; k++) {
            const char *t = relations ? g->rels[k].type : g->ents[k].type;
            bool added;
            if (erg_strmap_insert(&shown, t, strlen(t), 0, &added) == NULL) {
                msg.failed = true;
                break;
            }
            if (!added)
                continue;
            types++;
            size_t d = erg_text_distance(list->items[i], t, best_d - 1);
            if (d < best_d) {
                best_d = d;
                best = t;
            }
        }
        if (best != NULL)
            erg_buf_printf(&msg, " (did you mean \"%s\"?)", best);
        if (types <= 8) {
            erg_buf_puts(&msg, "; the graph has:");
            erg_strmap_release(&shown);
            shown = (erg_strmap)ERG_STRMAP_INIT;
            for (size_t k = 0; k < n && !msg.failed; k++) {
                const char *t = relations ? g->rels[k].type : g->ents[k].type;
                bool added;
                if (erg_strmap_insert(&shown, t, strlen(t), 0, &added) == NULL)
                    msg.failed = true;
                else if (added)
                    erg_buf_printf(&msg, " %s", t);
            }
        } else {
            erg_buf_printf(&msg, "; the graph has %zu %s types ('ergraph stats' lists them)", types,
                           things);
        }
        erg_strmap_release(&shown);
        erg_status rc = msg.failed ? ERG_ENOMEM : usage(diags, msg.data);
        erg_buf_release(&msg);
        return rc;
    }
    return ERG_OK;
}

static erg_status check_date(const char *date, const char *name, erg_date_span *span,
                             erg_diags *diags)
{
    if (erg_date_parse(date, span))
        return ERG_OK;
    return erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                         "%s: \"%s\" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", name,
                         date) == ERG_OK
               ? ERG_EUSAGE
               : ERG_ENOMEM;
}

/* The evidence filters, parsed. */
typedef struct evidence_rule {
    bool active;
    bool certainty[ERG_CERTAINTY_COUNT]; /* all true without certainties */
    char max_reliability;                /* 0: no grade asked for */
    int max_credibility;
    const uint32_t *sources;
    size_t source_count;
} evidence_rule;

static bool piece_passes(const erg_graph *g, const erg_evidence *ev, const evidence_rule *rule)
{
    if (!rule->certainty[ev->certainty])
        return false;
    if (rule->max_reliability != 0) {
        const char *rel = ev->source != ERG_NONE ? g->srcs[ev->source].s.reliability : NULL;
        if (rel == NULL || ev->credibility == 0 || rel[0] > rule->max_reliability ||
            ev->credibility > rule->max_credibility)
            return false;
    }
    if (rule->source_count > 0) {
        bool any = false;
        for (size_t k = 0; k < rule->source_count && !any; k++)
            any = rule->sources[k] == ev->source;
        return any;
    }
    return true;
}

/* Keeps the pieces of r's evidence that pass; whether any is left. A tie
 * without evidence counts as one inferred piece with no source. */
static bool evidence_selected(const erg_graph *g, erg_selection *sel, size_t r,
                              const evidence_rule *rule)
{
    const erg_rel_rec *rel = &g->rels[r];
    if (rel->ev_count == 0)
        return rule->certainty[ERG_INFERRED] && rule->max_reliability == 0 &&
               rule->source_count == 0;
    bool any = false;
    for (uint32_t i = 0; i < rel->ev_count; i++) {
        bool keep = piece_passes(g, &g->evidence[rel->ev_start + i].e, rule);
        if (!keep)
            erg_selection_set_evidence(sel, r, i, false);
        any = any || keep;
    }
    return any;
}

/*
 * The span of days a tie is known to have held (the time rule in
 * filter.h); false when it is undated. Time complexity: O(its evidence).
 */
static bool known_span(const erg_graph *g, const erg_rel_rec *rel, erg_date_span *out)
{
    erg_date_span span;
    out->first = -2147483647L;
    out->last = 2147483647L;
    if (rel->is_date) /* its "date" is in start */
        return erg_date_parse(rel->start, out);
    if (rel->start == NULL && rel->end == NULL)
        return false;
    if (rel->start != NULL && erg_date_parse(rel->start, &span)) {
        out->first = span.first;
        if (rel->end == NULL) {
            /* Known up to the latest dated source among its evidence (an
             * article cannot report past its own date); open without one. */
            long latest = -2147483647L;
            for (uint32_t i = 0; i < rel->ev_count; i++) {
                size_t s = g->evidence[rel->ev_start + i].e.source;
                erg_date_span d;
                if (s != ERG_NONE && g->srcs[s].s.date != NULL &&
                    erg_date_parse(g->srcs[s].s.date, &d) && d.last > latest)
                    latest = d.last;
            }
            if (latest != -2147483647L)
                out->last = latest > span.last ? latest : span.last;
        }
    }
    if (rel->end != NULL && erg_date_parse(rel->end, &span))
        out->last = span.last;
    return true;
}

/* Whether relationship r passes the selections on relationships, over the
 * evidence that `sel` keeps of it. */
static bool rel_selected(const erg_graph *g, const erg_selection *sel, size_t r,
                         const erg_filter_spec *spec, bool have_since, erg_date_span since,
                         bool have_until, erg_date_span until)
{
    const erg_rel_rec *rel = &g->rels[r];
    if (spec->relations.count > 0 && !in_list(&spec->relations, rel->type))
        return false;
    if (spec->min_sources > 0) {
        size_t distinct = 0;
        for (uint32_t i = 0; i < rel->ev_count; i++) {
            if (!erg_selection_has_evidence(sel, r, i))
                continue;
            size_t s = g->evidence[rel->ev_start + i].e.source;
            bool repeat = false;
            for (uint32_t j = 0; j < i && !repeat; j++)
                repeat = erg_selection_has_evidence(sel, r, j) &&
                         g->evidence[rel->ev_start + j].e.source == s;
            distinct += !repeat;
        }
        if (distinct < spec->min_sources)
            return false;
    }
    if (spec->contest != ERG_CONTEST_ANY) {
        bool contested = g->conf_start != NULL && g->conf_start[r + 1] > g->conf_start[r];
        if (contested != (spec->contest == ERG_CONTESTED))
            return false;
    }
    if (!have_since && !have_until && !spec->dated_only)
        return true;
    erg_date_span held;
    if (!known_span(g, rel, &held))
        return !spec->dated_only;
    if (have_since && held.last < since.first)
        return false;
    if (have_until && held.first > until.last)
        return false;
    return true;
}

/* Reads certainties and min_grade into *rule. */
static erg_status check_evidence_rule(const erg_filter_spec *spec, evidence_rule *rule,
                                      erg_diags *diags)
{
    for (size_t c = 0; c < ERG_CERTAINTY_COUNT; c++)
        rule->certainty[c] = spec->certainties.count == 0;
    for (size_t i = 0; i < spec->certainties.count; i++) {
        erg_certainty c;
        if (!erg_certainty_from_name(spec->certainties.items[i], &c))
            return erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                                 "%s: \"%s\" is not a certainty; use stated, reported, "
                                 "alleged or inferred",
                                 field(spec, ERG_FIELD_CERTAINTIES),
                                 spec->certainties.items[i]) == ERG_OK
                       ? ERG_EUSAGE
                       : ERG_ENOMEM;
        rule->certainty[c] = true;
    }
    const char *gr = spec->min_grade;
    if (gr != NULL) {
        if (!(gr[0] >= 'A' && gr[0] <= 'F' && gr[1] >= '1' && gr[1] <= '6' && gr[2] == '\0'))
            return erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                                 "%s: \"%s\" is not a grade; give a source reliability "
                                 "A-F and an information credibility 1-6, as B2",
                                 field(spec, ERG_FIELD_MIN_GRADE), gr) == ERG_OK
                       ? ERG_EUSAGE
                       : ERG_ENOMEM;
        rule->max_reliability = gr[0];
        rule->max_credibility = gr[1] - '0';
    }
    rule->active = spec->certainties.count > 0 || gr != NULL || spec->sources.count > 0;
    return ERG_OK;
}

/*
 * Replaces *sel by its subgraph induced on the entities of `keep`, found
 * from keep's entities and their ties rather than by a pass over the graph.
 * Time complexity: O(kept entities + their ties).
 */
static erg_status restrict_to(const erg_graph *g, erg_selection **sel, const erg_intmap *keep)
{
    erg_selection *next = erg_selection_new(g, false);
    if (next == NULL)
        return ERG_ENOMEM;
    for (size_t i = 0; i < keep->cap; i++) {
        uint32_t e = keep->keys[i];
        if (e != ERG_NIL && erg_selection_has_entity(*sel, e))
            erg_selection_set_entity(next, e, true);
    }
    for (size_t i = 0; i < keep->cap; i++) {
        uint32_t e = keep->keys[i];
        if (e == ERG_NIL || !erg_selection_has_entity(next, e))
            continue;
        for (uint32_t k = g->adj_start[e]; k < g->adj_start[e + 1]; k++) {
            uint32_t r = g->adj[k];
            if (erg_selection_has_rel(*sel, r) && erg_selection_has_entity(next, g->rels[r].from) &&
                erg_selection_has_entity(next, g->rels[r].to))
                erg_selection_set_rel(next, r, true);
        }
    }
    erg_selection_move_evidence(next, *sel);
    erg_selection_free(*sel);
    *sel = next;
    return ERG_OK;
}

static erg_status resolve_all(const erg_graph *g, const erg_strlist *names, uint32_t *out,
                              erg_diags *diags)
{
    for (size_t i = 0; i < names->count; i++) {
        size_t e;
        erg_status rc = erg_graph_resolve(&e, g, names->items[i], diags);
        if (rc != ERG_OK)
            return rc;
        out[i] = (uint32_t)e;
    }
    return ERG_OK;
}

/*
 * Adds to `keep` the entities on every shortest path from a to b (within
 * max_length steps). *found says whether there is one.
 * Time complexity: O(what the bidirectional walk touches).
 */
static erg_status shortest_paths(const erg_walk *w, uint32_t a, uint32_t b, size_t max_length,
                                 erg_intmap *keep, bool *found)
{
    erg_intmap on_paths = ERG_INTMAP_INIT;
    uint32_t limit = max_length && max_length < UINT32_MAX ? (uint32_t)max_length : UINT32_MAX - 1;
    uint32_t length;
    erg_status rc = erg_walk_between(w, a, b, limit, &on_paths, &length);
    *found = rc == ERG_OK && length != ERG_NIL;
    for (size_t i = 0; *found && rc == ERG_OK && i < on_paths.cap; i++) {
        if (on_paths.keys[i] != ERG_NIL)
            rc = erg_intmap_put(keep, on_paths.keys[i], 1);
    }
    erg_intmap_release(&on_paths);
    return rc;
}

typedef struct path_search {
    const erg_walk *w;
    uint32_t target;
    uint32_t max_length;
    erg_intmap to_target; /* distance to the target, for pruning */
    uint32_t *stack;
    uint32_t budget;
    erg_intmap *keep;
    erg_intmap on_path;
} path_search;

/* Depth-first over simple paths; marks every entity of each path that
 * reaches the target. Returns ERG_EUSAGE when the budget runs out. */
static erg_status all_paths_from(path_search *s, uint32_t e, uint32_t depth)
{
    if (s->budget-- == 0)
        return ERG_EUSAGE;
    s->stack[depth] = e;
    if (e == s->target) {
        for (uint32_t i = 0; i <= depth; i++) {
            if (erg_intmap_put(s->keep, s->stack[i], 1) != ERG_OK)
                return ERG_ENOMEM;
        }
        return ERG_OK;
    }
    if (erg_intmap_put(&s->on_path, e, 1) != ERG_OK)
        return ERG_ENOMEM;
    const erg_graph *g = s->w->g;
    erg_status rc = ERG_OK;
    for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1] && rc == ERG_OK; i++) {
        uint32_t next = erg_walk_across(s->w, e, g->adj[i]), left, seen = 0;
        if (next == ERG_NIL || (erg_intmap_get(&s->on_path, next, &seen) && seen))
            continue;
        if (!erg_intmap_get(&s->to_target, next, &left) || depth + 1 + left > s->max_length)
            continue;
        /* Parallel ties lead to the same entity: one visit is enough. */
        bool repeat = false;
        for (uint32_t j = g->adj_start[e]; j < i && !repeat; j++)
            repeat = erg_walk_across(s->w, e, g->adj[j]) == next;
        if (!repeat)
            rc = all_paths_from(s, next, depth + 1);
    }
    if (rc == ERG_OK && erg_intmap_put(&s->on_path, e, 0) != ERG_OK)
        rc = ERG_ENOMEM;
    return rc;
}

static erg_status all_paths(const erg_walk *w, uint32_t a, uint32_t b, size_t max_length,
                            erg_intmap *keep, const erg_filter_spec *spec, erg_diags *diags)
{
    path_search s = {
        w, b, (uint32_t)max_length, ERG_INTMAP_INIT, NULL, ALL_PATHS_BUDGET, keep, ERG_INTMAP_INIT};
    erg_status rc = erg_walk_bfs(w, &b, 1, s.max_length, ERG_NIL, &s.to_target, NULL, NULL);
    if (rc == ERG_OK && (s.stack = erg_malloc((max_length + 1) * sizeof(uint32_t))) == NULL)
        rc = ERG_ENOMEM;
    if (rc == ERG_OK && erg_intmap_get(&s.to_target, a, NULL))
        rc = all_paths_from(&s, a, 0);
    if (rc == ERG_EUSAGE)
        rc = erg_all_paths_refused(diags, spec->field_names, ALL_PATHS_BUDGET, max_length);
    erg_free(s.stack);
    erg_intmap_release(&s.to_target);
    erg_intmap_release(&s.on_path);
    return rc;
}

static erg_status connect_refused(const erg_filter_spec *spec, erg_diags *diags, size_t names)
{
    return erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                         "%s: more than %u steps without finishing (%zu names make %zu "
                         "searches, one per pair); name fewer entities, or lower %s",
                         field(spec, ERG_FIELD_CONNECT), CONNECT_BUDGET, names,
                         names * (names - 1) / 2, field(spec, ERG_FIELD_MAX_LENGTH)) == ERG_OK
               ? ERG_EUSAGE
               : ERG_ENOMEM;
}

#define note(diags, ...) erg_diags_add(diags, ERG_NOTE, NULL, 0, 0, NULL, __VA_ARGS__)

/* Which filter left nothing, for the note that says so. */
typedef enum emptied {
    EMPTIED_NOT = 0,
    EMPTIED_BY_TYPES,     /* types and exclude */
    EMPTIED_BY_RELATIONS, /* the relationship filters, dropping the entities left without ties */
    EMPTIED_BY_STRUCTURE,
    EMPTIED_BY_MIN_DEGREE,
    EMPTIED_BY_DROP_ISOLATED
} emptied;

static erg_status note_emptied(const erg_filter_spec *spec, emptied by, erg_diags *diags)
{
    const char *lead = "nothing is left after";
    switch (by) {
    case EMPTIED_NOT:
        break;
    case EMPTIED_BY_TYPES:
        return note(diags, "%s %s and %s", lead, field(spec, ERG_FIELD_TYPES),
                    field(spec, ERG_FIELD_EXCLUDE));
    case EMPTIED_BY_RELATIONS:
        return note(diags, "%s the relationship filters (%s keeps the entities)", lead,
                    field(spec, ERG_FIELD_KEEP_ISOLATED));
    case EMPTIED_BY_STRUCTURE:
        return note(diags, "%s the structural filters (%s, %s, %s, %s)", lead,
                    field(spec, ERG_FIELD_AROUND), field(spec, ERG_FIELD_BETWEEN),
                    field(spec, ERG_FIELD_CONNECT), field(spec, ERG_FIELD_COMPONENT));
    case EMPTIED_BY_MIN_DEGREE:
        return note(diags, "%s %s", lead, field(spec, ERG_FIELD_MIN_DEGREE));
    case EMPTIED_BY_DROP_ISOLATED:
        return note(diags, "%s %s", lead, field(spec, ERG_FIELD_DROP_ISOLATED));
    }
    return ERG_OK;
}

/* Keeps entities of degree >= min in the current selection.
 * Time complexity: O(kept entities + their ties + graph size / 64). */
static erg_status by_degree(const erg_graph *g, erg_selection **sel, size_t min)
{
    erg_intmap keep = ERG_INTMAP_INIT;
    erg_status rc = ERG_OK;
    for (size_t e = erg_selection_next_entity(*sel, 0); e != ERG_NONE && rc == ERG_OK;
         e = erg_selection_next_entity(*sel, e + 1)) {
        size_t degree = 0;
        for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1] && degree < min; i++)
            degree += erg_selection_has_rel(*sel, g->adj[i]);
        if (degree >= min)
            rc = erg_intmap_put(&keep, (uint32_t)e, 1);
    }
    if (rc == ERG_OK)
        rc = restrict_to(g, sel, &keep);
    erg_intmap_release(&keep);
    return rc;
}

/* Whether a structural filter (around, between, connect, component)
 * names entity e: such an entity stays when the relationship filters leave
 * it no tie. A name that resolves to none or several protects nothing (the
 * structural step reports it). */
static bool named_by_structure(const erg_graph *g, const erg_filter_spec *spec, size_t e,
                               bool *nomem)
{
    const erg_strlist *lists[2] = {&spec->around, &spec->connect};
    const char *single[3] = {spec->between[0], spec->between[1], spec->component};
    size_t found[2];
    for (size_t l = 0; l < 2; l++) {
        for (size_t i = 0; i < lists[l]->count; i++) {
            if (erg_graph_lookup_checked(g, lists[l]->items[i], found, 2, nomem) == 1 &&
                found[0] == e)
                return true;
        }
    }
    for (size_t i = 0; i < 3; i++) {
        if (single[i] != NULL && erg_graph_lookup_checked(g, single[i], found, 2, nomem) == 1 &&
            found[0] == e)
            return true;
    }
    return false;
}

/*
 * Drops the entities that had a tie before the relationship filters (among
 * the entities that types and exclude keep) and have none after them,
 * unless a structural filter names them: the answer to "ties from this
 * source" is the entities in those ties, not every entity of the file.
 * Time complexity: O(relationships + evidence + kept entities' ties), plus
 * a name lookup per entity so dropped times the structural names.
 */
static erg_status drop_orphans(const erg_graph *g, erg_selection *sel, const erg_filter_spec *spec,
                               size_t *dropped)
{
    bool nomem = false;
    erg_intmap orphans = ERG_INTMAP_INIT;
    /* A claim attributed to an entity ties it to the graph as a tie does:
     * so a saved selection (export -f json writes the entity a quote is
     * attributed to), filtered again, gives the same entities. Value 1: it
     * had such a claim; 2: one is kept. */
    erg_intmap claims = ERG_INTMAP_INIT;
    erg_status rc = ERG_OK;
    *dropped = 0;
    for (size_t r = 0; r < g->rel_count && rc == ERG_OK; r++) {
        const erg_rel_rec *rel = &g->rels[r];
        bool kept = erg_selection_has_rel(sel, r);
        if (!kept &&
            (!erg_selection_has_entity(sel, rel->from) || !erg_selection_has_entity(sel, rel->to)))
            continue;
        for (uint32_t i = 0; i < rel->ev_count && rc == ERG_OK; i++) {
            size_t who = g->evidence[rel->ev_start + i].e.attributed_to;
            uint32_t was = 0;
            if (who == ERG_NONE)
                continue;
            uint32_t now = kept && erg_selection_has_evidence(sel, r, i) ? 2 : 1;
            if (!erg_intmap_get(&claims, (uint32_t)who, &was) || was < now)
                rc = erg_intmap_put(&claims, (uint32_t)who, now);
        }
    }
    /* Found first, dropped after: a neighbour dropped early must still
     * count as a tie that was there. */
    for (size_t e = erg_selection_next_entity(sel, 0); e != ERG_NONE && rc == ERG_OK;
         e = erg_selection_next_entity(sel, e + 1)) {
        uint32_t claim = 0;
        erg_intmap_get(&claims, (uint32_t)e, &claim);
        bool had = claim == 1, has = claim == 2;
        for (uint32_t i = g->adj_start[e]; i < g->adj_start[e + 1] && !has; i++) {
            size_t r = g->adj[i];
            const erg_rel_rec *rel = &g->rels[r];
            if (erg_selection_has_rel(sel, r))
                has = true;
            else if (erg_selection_has_entity(sel, rel->from) &&
                     erg_selection_has_entity(sel, rel->to))
                had = true;
        }
        if (has || !had || named_by_structure(g, spec, e, &nomem))
            continue;
        if (nomem || (rc = erg_intmap_put(&orphans, (uint32_t)e, 1)) != ERG_OK)
            break;
    }
    if (nomem)
        rc = ERG_ENOMEM;
    for (size_t i = 0; rc == ERG_OK && i < orphans.cap; i++) {
        if (orphans.keys[i] != UINT32_MAX) {
            erg_selection_set_entity(sel, orphans.keys[i], false);
            (*dropped)++;
        }
    }
    erg_intmap_release(&orphans);
    erg_intmap_release(&claims);
    return rc;
}

static erg_status structure(const erg_graph *g, const erg_filter_spec *spec, erg_selection **selp,
                            erg_diags *diags, emptied *emptied_by)
{
    erg_selection *sel = *selp;
    erg_walk around_walk = {g, sel, spec->direction, NULL};
    erg_walk both = {g, sel, ERG_BOTH, NULL};
    uint32_t *names = erg_malloc((spec->around.count + spec->connect.count + 3) * sizeof(uint32_t));
    erg_intmap keep = ERG_INTMAP_INIT;
    bool explained = false;
    erg_status rc = ERG_ENOMEM;
    if (names == NULL)
        goto done; /* before: between wrote through the NULL */
    rc = ERG_OK;
    if (spec->around.count > 0) {
        if ((rc = resolve_all(g, &spec->around, names, diags)) != ERG_OK)
            goto done;
        size_t depth = spec->depth ? spec->depth : 1;
        size_t seeds = 0;
        for (size_t i = 0; i < spec->around.count; i++) {
            if (erg_selection_has_entity(sel, names[i]))
                names[seeds++] = names[i];
            else if ((rc = note(diags,
                                "%s: \"%s\" is not among the entities that the other filters "
                                "keep",
                                field(spec, ERG_FIELD_AROUND), spec->around.items[i])) != ERG_OK)
                goto done;
        }
        rc = erg_walk_bfs(&around_walk, names, seeds,
                          depth > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)depth, ERG_NIL, &keep,
                          NULL, NULL);
        if (rc != ERG_OK)
            goto done;
        if ((rc = restrict_to(g, selp, &keep)) != ERG_OK)
            goto done;
        sel = *selp;
        around_walk.sel = both.sel = sel;
        erg_intmap_release(&keep);
    }
    if (spec->between[0] != NULL && spec->between[1] != NULL) {
        erg_strlist pair = {spec->between, 2};
        if ((rc = resolve_all(g, &pair, names, diags)) != ERG_OK)
            goto done;
        bool found = false;
        size_t max_length = spec->max_length;
        if (spec->all_paths) {
            if (max_length == 0)
                max_length = ALL_PATHS_DEFAULT_LENGTH;
            rc = all_paths(&both, names[0], names[1], max_length, &keep, spec, diags);
            found = keep.count > 0;
        } else if (erg_selection_has_entity(sel, names[0]) &&
                   erg_selection_has_entity(sel, names[1])) {
            rc = shortest_paths(&both, names[0], names[1], max_length, &keep, &found);
        }
        if (rc != ERG_OK)
            goto done;
        if (!found &&
            (rc = note(diags, "%s: no path links \"%s\" and \"%s\"", field(spec, ERG_FIELD_BETWEEN),
                       spec->between[0], spec->between[1])) != ERG_OK)
            goto done;
        if ((rc = restrict_to(g, selp, &keep)) != ERG_OK)
            goto done;
        sel = *selp;
        around_walk.sel = both.sel = sel;
        erg_intmap_release(&keep);
        explained = explained || !found;
    }
    if (spec->connect.count > 0) {
        if ((rc = resolve_all(g, &spec->connect, names, diags)) != ERG_OK)
            goto done;
        /* k names make k(k-1)/2 searches: refused at once when their count
         * alone is over the budget, else when their steps are. */
        uint64_t k = spec->connect.count, steps = k * (k - 1) / 2;
        erg_walk counted = both;
        counted.steps = &steps;
        for (size_t i = 0; i < spec->connect.count; i++) {
            for (size_t j = i + 1; j < spec->connect.count; j++) {
                bool found;
                if (steps > CONNECT_BUDGET) {
                    rc = connect_refused(spec, diags, spec->connect.count);
                    goto done;
                }
                if (!erg_selection_has_entity(sel, names[i]) ||
                    !erg_selection_has_entity(sel, names[j]))
                    found = false;
                else if ((rc = shortest_paths(&counted, names[i], names[j], spec->max_length, &keep,
                                              &found)) != ERG_OK)
                    goto done;
                if (!found && (rc = note(diags, "%s: no path links \"%s\" and \"%s\"",
                                         field(spec, ERG_FIELD_CONNECT), spec->connect.items[i],
                                         spec->connect.items[j])) != ERG_OK)
                    goto done;
                explained = explained || !found;
            }
        }
        if ((rc = restrict_to(g, selp, &keep)) != ERG_OK)
            goto done;
        sel = *selp;
        around_walk.sel = both.sel = sel;
        erg_intmap_release(&keep);
    }
    if (spec->component != NULL) {
        size_t e;
        if ((rc = erg_graph_resolve(&e, g, spec->component, diags)) != ERG_OK)
            goto done;
        uint32_t seed = (uint32_t)e;
        if (erg_selection_has_entity(sel, e) &&
            (rc = erg_walk_bfs(&both, &seed, 1, UINT32_MAX - 1, ERG_NIL, &keep, NULL, NULL)) !=
                ERG_OK)
            goto done;
        if ((rc = restrict_to(g, selp, &keep)) != ERG_OK)
            goto done;
        sel = *selp;
        around_walk.sel = both.sel = sel;
        erg_intmap_release(&keep);
    }
    if (erg_selection_entity_count(sel) == 0 && *emptied_by == EMPTIED_NOT && !explained)
        *emptied_by = EMPTIED_BY_STRUCTURE;
done:
    erg_intmap_release(&keep);
    erg_free(names);
    return rc;
}

erg_status erg_filter_apply(erg_selection **out, const erg_graph *g, const erg_filter_spec *spec,
                            erg_diags *diags)
{
    *out = NULL;
    size_t failures = erg_alloc_failures();
    erg_selection *sel = erg_selection_new(g, true);
    uint32_t *sources = erg_malloc((spec->sources.count + 1) * sizeof(uint32_t));
    uint32_t *excluded = erg_malloc((spec->exclude.count + 1) * sizeof(uint32_t));
    erg_status rc = ERG_OK;
    erg_date_span since = {0, 0}, until = {0, 0};
    emptied emptied_by = EMPTIED_NOT;
    if (sel == NULL || sources == NULL || excluded == NULL) {
        rc = nomem(diags);
        goto done;
    }
    if ((rc = check_types(g, &spec->types, false, field(spec, ERG_FIELD_TYPES), diags)) != ERG_OK ||
        (rc = check_types(g, &spec->relations, true, field(spec, ERG_FIELD_RELATIONS), diags)) !=
            ERG_OK ||
        (rc = resolve_all(g, &spec->exclude, excluded, diags)) != ERG_OK)
        goto done;
    for (size_t i = 0; i < spec->sources.count; i++) {
        size_t s = erg_graph_find_source(g, spec->sources.items[i]);
        if (s == ERG_NONE) {
            erg_buf msg = ERG_BUF_INIT;
            erg_buf_printf(&msg, "%s: no source has the id \"%s\"; the sources are:",
                           field(spec, ERG_FIELD_SOURCES), spec->sources.items[i]);
            for (size_t k = 0; k < g->src_count; k++)
                erg_buf_printf(&msg, " %s", g->srcs[k].s.id);
            rc = msg.failed ? ERG_ENOMEM : usage(diags, msg.data);
            erg_buf_release(&msg);
            goto done;
        }
        sources[i] = (uint32_t)s;
    }
    evidence_rule rule;
    memset(&rule, 0, sizeof(rule));
    rule.sources = sources;
    rule.source_count = spec->sources.count;
    if ((spec->since &&
         (rc = check_date(spec->since, field(spec, ERG_FIELD_SINCE), &since, diags)) != ERG_OK) ||
        (spec->until &&
         (rc = check_date(spec->until, field(spec, ERG_FIELD_UNTIL), &until, diags)) != ERG_OK) ||
        (rc = check_evidence_rule(spec, &rule, diags)) != ERG_OK)
        goto done;

    /* 1. Selections: passes over the whole graph, made only when asked
     * for, so that a lone around costs what it touches. */
    bool by_rel = spec->relations.count > 0 || rule.active || spec->min_sources > 0 ||
                  spec->contest != ERG_CONTEST_ANY || spec->since != NULL || spec->until != NULL ||
                  spec->dated_only;
    for (size_t e = 0; spec->types.count > 0 && e < g->ent_count; e++) {
        if (!in_list(&spec->types, g->ents[e].type))
            erg_selection_set_entity(sel, e, false);
    }
    for (size_t i = 0; i < spec->exclude.count; i++)
        erg_selection_set_entity(sel, excluded[i], false);
    bool pass = by_rel || spec->types.count > 0 || spec->exclude.count > 0;
    for (size_t r = 0; pass && r < g->rel_count; r++) {
        const erg_rel_rec *rel = &g->rels[r];
        bool keep =
            erg_selection_has_entity(sel, rel->from) && erg_selection_has_entity(sel, rel->to) &&
            (!rule.active || evidence_selected(g, sel, r, &rule)) &&
            rel_selected(g, sel, r, spec, spec->since != NULL, since, spec->until != NULL, until);
        if (!keep)
            erg_selection_set_rel(sel, r, false);
    }
    if (erg_selection_entity_count(sel) == 0 && g->ent_count > 0)
        emptied_by = EMPTIED_BY_TYPES;
    if (by_rel && !spec->keep_isolated && emptied_by == EMPTIED_NOT) {
        size_t dropped;
        if ((rc = drop_orphans(g, sel, spec, &dropped)) != ERG_OK)
            goto done;
        if (dropped > 0 && erg_selection_entity_count(sel) == 0)
            emptied_by = EMPTIED_BY_RELATIONS;
    }

    /* 2. Structure. */
    if ((rc = structure(g, spec, &sel, diags, &emptied_by)) != ERG_OK)
        goto done;

    /* 3. Degree. */
    size_t min_degree = spec->min_degree;
    if (spec->drop_isolated && min_degree < 1)
        min_degree = 1;
    if (min_degree > 0) {
        bool had = erg_selection_entity_count(sel) > 0;
        if ((rc = by_degree(g, &sel, min_degree)) != ERG_OK)
            goto done;
        if (had && erg_selection_entity_count(sel) == 0)
            emptied_by = spec->min_degree > 0 ? EMPTIED_BY_MIN_DEGREE : EMPTIED_BY_DROP_ISOLATED;
    }
    if (erg_selection_entity_count(sel) == 0 &&
        (rc = note_emptied(spec, emptied_by, diags)) != ERG_OK)
        goto done;
    /* A walk that could not grow its queue may have stopped short. */
    if (erg_alloc_failures() != failures) {
        rc = ERG_ENOMEM;
        goto done;
    }
    *out = sel;
    sel = NULL;
done:
    if (rc == ERG_EUSAGE && erg_alloc_failures() != failures)
        rc = ERG_ENOMEM; /* the name may exist: its lookup failed */
    erg_selection_free(sel);
    erg_free(sources);
    erg_free(excluded);
    return rc;
}
