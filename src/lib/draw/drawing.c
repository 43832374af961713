/*
 * The plan of a diagram (drawing.h): which edges, which citation numbers,
 * which legend entries, which clusters. No Graphviz here: graphviz.c turns
 * the plan into a cgraph graph, html.c into the page's data.
 */
#include "draw/drawing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/date.h"
#include "model/graph_impl.h"

_Static_assert(sizeof(((erg_drawing *)0)->short_title) >= ERG_SHORT_TITLE_SIZE,
               "room for erg_graph_short_title()");
#include "draw/dotlabel.h"
#include "ergraph/filter.h"

/* The order of the legend: the types with their own style first, as
 * style.c lists them, then the others as they first appear. */
static const char *const known_types[] = {"person", "agency", "country", "organization",
                                          "group",  "place",  "weapon",  "event"};
#define KNOWN_TYPES (sizeof(known_types) / sizeof(known_types[0]))

bool erg_drawing_has_entity(const erg_drawing *d, size_t e)
{
    return d->sel == NULL || erg_selection_has_entity(d->sel, e);
}

static int cmp_str(const char *a, const char *b)
{
    if (a == b)
        return 0;
    if (a == NULL)
        return -1;
    if (b == NULL)
        return 1;
    return strcmp(a, b);
}

/* qsort has no context argument: the graph being sorted, one per thread,
 * so that drawings may be built on several threads at once. */
static ERG_THREAD_LOCAL const erg_graph *sort_graph;
static ERG_THREAD_LOCAL const erg_selection *sort_sel;

static bool contested(const erg_graph *g, size_t r)
{
    return erg_rel_conflict_count(g, r) > 0;
}

static void ends(const erg_graph *g, size_t r, size_t *lo, size_t *hi)
{
    size_t a = erg_rel_from(g, r), b = erg_rel_to(g, r);
    if (!erg_rel_directed(g, r) && b < a) {
        size_t t = a;
        a = b;
        b = t;
    }
    *lo = a;
    *hi = b;
}

/* Orders relationships so that those drawn as one edge are adjacent, and
 * within a group by index. */
static int cmp_rel(const void *pa, const void *pb)
{
    const erg_graph *g = sort_graph;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    size_t a1, a2, b1, b2;
    ends(g, a, &a1, &a2);
    ends(g, b, &b1, &b2);
    if (a1 != b1)
        return a1 < b1 ? -1 : 1;
    if (a2 != b2)
        return a2 < b2 ? -1 : 1;
    if (erg_rel_directed(g, a) != erg_rel_directed(g, b))
        return erg_rel_directed(g, a) ? 1 : -1;
    int c = cmp_str(erg_rel_type(g, a), erg_rel_type(g, b));
    if (c == 0)
        c = cmp_str(erg_rel_label(g, a), erg_rel_label(g, b));
    if (c == 0)
        c = cmp_str(erg_rel_start(g, a), erg_rel_start(g, b));
    if (c == 0)
        c = cmp_str(erg_rel_end(g, a), erg_rel_end(g, b));
    if (c == 0)
        c = cmp_str(erg_rel_date(g, a), erg_rel_date(g, b));
    if (c == 0)
        c = (int)erg_selection_rel_certainty(sort_sel, g, a) -
            (int)erg_selection_rel_certainty(sort_sel, g, b);
    if (c == 0)
        c = (int)contested(g, a) - (int)contested(g, b);
    if (c != 0)
        return c;
    return a < b ? -1 : a > b;
}

static bool same_edge(const erg_graph *g, size_t a, size_t b)
{
    size_t a1, a2, b1, b2;
    ends(g, a, &a1, &a2);
    ends(g, b, &b1, &b2);
    return a1 == b1 && a2 == b2 && erg_rel_directed(g, a) == erg_rel_directed(g, b) &&
           cmp_str(erg_rel_type(g, a), erg_rel_type(g, b)) == 0 &&
           cmp_str(erg_rel_label(g, a), erg_rel_label(g, b)) == 0 &&
           cmp_str(erg_rel_start(g, a), erg_rel_start(g, b)) == 0 &&
           cmp_str(erg_rel_end(g, a), erg_rel_end(g, b)) == 0 &&
           cmp_str(erg_rel_date(g, a), erg_rel_date(g, b)) == 0 &&
           erg_selection_rel_certainty(sort_sel, g, a) ==
               erg_selection_rel_certainty(sort_sel, g, b) &&
           contested(g, a) == contested(g, b);
}

static const erg_drawing *sort_drawing;

/* Edges in the order of their first relationship. */
static int cmp_edge(const void *pa, const void *pb)
{
    const erg_draw_edge *a = pa, *b = pb;
    size_t ra = sort_drawing->rels[a->first], rb = sort_drawing->rels[b->first];
    return ra < rb ? -1 : ra > rb;
}

static int cmp_size(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    return a < b ? -1 : a > b;
}

/* Groups the relationships into edges. Time complexity: O(m log m). */
static erg_status build_edges(erg_drawing *d)
{
    const erg_graph *g = d->g;
    size_t nr = erg_graph_relationship_count(g), m = 0;
    size_t kept = d->sel != NULL ? erg_selection_rel_count(d->sel) : nr;
    d->rels = erg_malloc((kept ? kept : 1) * sizeof(*d->rels));
    if (d->rels == NULL)
        return ERG_ENOMEM;
    /* The selection's relationships only: a small view of a big graph
     * costs in proportion to the view. */
    if (d->sel != NULL) {
        for (size_t r = erg_selection_next_rel(d->sel, 0); r != ERG_NONE && m < kept;
             r = erg_selection_next_rel(d->sel, r + 1))
            d->rels[m++] = r;
    } else {
        for (size_t r = 0; r < nr; r++)
            d->rels[m++] = r;
    }
    if (!d->opts.no_merge) {
        sort_graph = g;
        sort_sel = d->sel;
        qsort(d->rels, m, sizeof(*d->rels), cmp_rel);
    }
    d->edges = erg_calloc(m ? m : 1, sizeof(*d->edges));
    if (d->edges == NULL)
        return ERG_ENOMEM;
    sort_sel = d->sel;
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (!d->opts.no_merge && j < m && same_edge(g, d->rels[i], d->rels[j]))
            j++;
        erg_draw_edge *e = &d->edges[d->nedges++];
        size_t r = d->rels[i];
        e->from = erg_rel_from(g, r);
        e->to = erg_rel_to(g, r);
        e->first = i;
        e->count = j - i;
        e->directed = erg_rel_directed(g, r);
        e->dated =
            erg_rel_start(g, r) != NULL || erg_rel_end(g, r) != NULL || erg_rel_date(g, r) != NULL;
        e->certainty = erg_selection_rel_certainty(d->sel, g, r);
        e->contested = contested(g, r);
        i = j;
    }
    sort_drawing = d;
    qsort(d->edges, d->nedges, sizeof(*d->edges), cmp_edge);
    return ERG_OK;
}

/* Numbers the cited sources, counts each edge's distinct sources, notes
 * the edge styles in use. Time complexity: O(s + e log e). */
static erg_status number_sources(erg_drawing *d)
{
    const erg_graph *g = d->g;
    size_t ns = erg_graph_source_count(g);
    d->cite = erg_calloc(ns ? ns : 1, sizeof(*d->cite));
    d->cited = erg_calloc(ns ? ns : 1, sizeof(*d->cited));
    if (d->cite == NULL || d->cited == NULL)
        return ERG_ENOMEM;
    for (size_t i = 0; i < d->nedges; i++) {
        for (size_t k = 0; k < d->edges[i].count; k++) {
            size_t r = d->rels[d->edges[i].first + k];
            for (size_t v = 0; v < erg_rel_evidence_count(g, r); v++) {
                if (erg_drawing_has_evidence(d, r, v))
                    d->cite[erg_rel_evidence(g, r, v)->source] = 1;
            }
        }
    }
    for (size_t s = 0; s < ns; s++) {
        if (d->cite[s] != 0) {
            d->cited[d->ncited++] = s;
            d->cite[s] = d->ncited;
        }
    }
    erg_buf scratch = ERG_BUF_INIT;
    for (size_t i = 0; i < d->nedges; i++) {
        erg_draw_edge *e = &d->edges[i];
        scratch.len = 0;
        e->nsources = erg_drawing_put_cites(d, e, &scratch);
        if (e->nsources > d->max_sources)
            d->max_sources = e->nsources;
        if (e->directed)
            d->has_directed = true;
        else
            d->has_undirected = true;
        if (e->dated)
            d->has_dated = true;
        d->pens[e->certainty] = true;
        if (e->contested)
            d->has_contested = true;
    }
    bool failed = scratch.failed;
    erg_buf_release(&scratch);
    return failed ? ERG_ENOMEM : ERG_OK;
}

/* Shows a refused URL in a warning: printable ASCII, cut short. */
static void put_shown_url(erg_buf *b, const char *url)
{
    size_t n = 0;
    for (const char *p = url; *p != '\0'; p++) {
        if (n == 60) {
            erg_buf_puts(b, "...");
            break;
        }
        unsigned char c = (unsigned char)*p;
        erg_buf_putc(b, c >= 0x20 && c < 0x7F ? (char)c : '?');
        n++;
    }
}

static erg_status check_urls(erg_drawing *d, erg_diags *diags)
{
    size_t ns = erg_graph_source_count(d->g);
    d->urls = erg_calloc(ns ? ns : 1, sizeof(*d->urls));
    if (d->urls == NULL)
        return ERG_ENOMEM;
    for (size_t i = 0; i < d->ncited; i++) {
        const erg_source *s = erg_graph_source(d->g, d->cited[i]);
        if (s->url == NULL || s->url[0] == '\0')
            continue;
        bool nomem = false;
        d->urls[d->cited[i]] = erg_drawing_safe_url(s->url, &nomem);
        if (nomem)
            return ERG_ENOMEM;
        if (d->urls[d->cited[i]] == NULL) {
            erg_buf shown = ERG_BUF_INIT;
            put_shown_url(&shown, s->url);
            erg_status rc =
                shown.failed ? ERG_ENOMEM
                             : erg_diags_add(diags, ERG_WARNING, NULL, 0, 0, NULL,
                                             "source \"%s\": URL \"%s\" not linked: only http and "
                                             "https URLs are linked",
                                             s->id, shown.data);
            erg_buf_release(&shown);
            if (rc != ERG_OK)
                return rc;
        }
    }
    return ERG_OK;
}

/* The first U+FFFE or U+FFFF among n texts, or NULL. */
static const char *not_xml(const char *const *texts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *p = erg_dot_find_not_xml(texts[i]);
        if (p != NULL)
            return p;
    }
    return NULL;
}

static erg_status warn_not_xml(erg_diags *diags, const char *what, const char *id, const char *p)
{
    if (p == NULL)
        return ERG_OK;
    return erg_diags_add(diags, ERG_WARNING, NULL, 0, 0, NULL,
                         "%s%s%s%s holds U+FFF%c, which SVG and HTML cannot hold: drawn as U+FFFD",
                         what, id != NULL ? " \"" : "", id != NULL ? id : "",
                         id != NULL ? "\"" : "", (unsigned char)p[2] == 0xBE ? 'E' : 'F');
}

/*
 * XML 1.0 has no U+FFFE or U+FFFF: an SVG holding one is ill-formed, and
 * the HTML page cannot read it. They are drawn as U+FFFD (dotlabel.c,
 * html.c); this says where, once per entity, relationship and source drawn.
 * Time complexity: O(size of the texts drawn).
 */
static erg_status check_xml_chars(erg_drawing *d, erg_diags *diags)
{
    const erg_graph *g = d->g;
    const char *title = erg_drawing_title(d);
    erg_status rc = warn_not_xml(diags, "the title", NULL, erg_dot_find_not_xml(title));
    for (size_t e = 0; rc == ERG_OK && e < erg_graph_entity_count(g); e++) {
        if (!erg_drawing_has_entity(d, e))
            continue;
        const char *texts[] = {erg_entity_id(g, e), erg_entity_name(g, e)};
        const char *p = not_xml(texts, 2);
        for (size_t i = 0; p == NULL && i < erg_entity_alias_count(g, e); i++)
            p = erg_dot_find_not_xml(erg_entity_alias(g, e, i));
        for (size_t i = 0; p == NULL && i < erg_entity_attr_count(g, e); i++) {
            const erg_attr *a = erg_entity_attr(g, e, i);
            const char *kv[] = {a->key, a->text};
            p = not_xml(kv, 2);
        }
        rc = warn_not_xml(diags, "entity", erg_entity_id(g, e), p);
    }
    for (size_t k = 0; rc == ERG_OK && k < d->nedges; k++) {
        const erg_draw_edge *edge = &d->edges[k];
        for (size_t j = 0; rc == ERG_OK && j < edge->count; j++) {
            size_t r = d->rels[edge->first + j];
            const char *texts[] = {erg_rel_id(g, r), erg_rel_label(g, r)};
            const char *p = not_xml(texts, 2);
            for (size_t v = 0; p == NULL && v < erg_rel_evidence_count(g, r); v++) {
                const erg_evidence *ev = erg_rel_evidence(g, r, v);
                const char *ev_texts[] = {ev->quote, ev->note};
                if (erg_drawing_has_evidence(d, r, v))
                    p = not_xml(ev_texts, 2);
            }
            rc = warn_not_xml(diags, "relationship", erg_rel_id(g, r), p);
        }
    }
    for (size_t i = 0; rc == ERG_OK && i < d->ncited; i++) {
        const erg_source *src = erg_graph_source(g, d->cited[i]);
        const char *texts[] = {src->id, src->title, src->publisher, src->author};
        rc = warn_not_xml(diags, "source", src->id, not_xml(texts, 4));
    }
    return rc;
}

/* The types drawn, in legend order. Time complexity: O(n t) for t types. */
static erg_status list_types(erg_drawing *d)
{
    size_t ne = erg_graph_entity_count(d->g), cap = 0;
    bool known[KNOWN_TYPES] = {false};
    const char **others = NULL;
    size_t nothers = 0;
    erg_status rc = ERG_ENOMEM;
    for (size_t e = d->sel != NULL ? erg_selection_next_entity(d->sel, 0) : 0;
         e != ERG_NONE && e < ne;
         e = d->sel != NULL ? erg_selection_next_entity(d->sel, e + 1) : e + 1) {
        d->nodes++;
        const char *t = erg_entity_type(d->g, e);
        bool found = false;
        for (size_t k = 0; k < KNOWN_TYPES && !found; k++) {
            if (strcmp(t, known_types[k]) == 0)
                known[k] = found = true;
        }
        for (size_t k = 0; k < nothers && !found; k++)
            found = strcmp(others[k], t) == 0;
        if (!found) {
            if (ERG_GROW(others, cap, nothers + 1) != ERG_OK)
                goto done;
            others[nothers++] = t;
        }
    }
    d->types = erg_calloc(KNOWN_TYPES + nothers, sizeof(*d->types));
    if (d->types == NULL)
        goto done;
    for (size_t k = 0; k < KNOWN_TYPES; k++) {
        if (known[k])
            d->types[d->ntypes++] = known_types[k];
    }
    for (size_t k = 0; k < nothers; k++)
        d->types[d->ntypes++] = others[k];
    rc = ERG_OK;
done:
    erg_free(others);
    return rc;
}

/* What --cluster country puts in a country's box. */
static bool joins_country(const char *type)
{
    return strcmp(type, "person") == 0 || strcmp(type, "agency") == 0 ||
           strcmp(type, "organization") == 0;
}

/* The cluster key of each entity drawn, or ERG_NONE: the country's index,
 * or the type's place in the legend. */
static size_t cluster_key(const erg_drawing *d, size_t e)
{
    const erg_graph *g = d->g;
    const char *type = erg_entity_type(g, e);
    if (d->opts.cluster == ERG_CLUSTER_TYPE) {
        for (size_t k = 0; k < d->ntypes; k++) {
            if (strcmp(d->types[k], type) == 0)
                return k;
        }
        return ERG_NONE;
    }
    if (joins_country(type))
        return erg_entity_country(g, e);
    return strcmp(type, "country") == 0 ? e : ERG_NONE;
}

/* Time complexity: O(n + k) for n entities and k keys. */
static erg_status build_clusters(erg_drawing *d)
{
    const erg_graph *g = d->g;
    /* Without clusters nothing is needed: cluster_of stays NULL (no entity
     * in a box), and a small view of a big graph costs nothing here. */
    if (d->opts.cluster == ERG_CLUSTER_NONE)
        return ERG_OK;
    size_t ne = erg_graph_entity_count(g);
    size_t nkeys = d->opts.cluster == ERG_CLUSTER_TYPE ? d->ntypes : ne;
    size_t *count = erg_calloc(nkeys ? nkeys : 1, sizeof(*count));
    size_t *index = erg_calloc(nkeys ? nkeys : 1, sizeof(*index));
    erg_status rc = ERG_ENOMEM;
    d->cluster_of = erg_malloc((ne ? ne : 1) * sizeof(*d->cluster_of));
    d->members = erg_malloc((ne ? ne : 1) * sizeof(*d->members));
    d->clusters = erg_calloc(nkeys ? nkeys : 1, sizeof(*d->clusters));
    if (count == NULL || index == NULL || d->cluster_of == NULL || d->members == NULL ||
        d->clusters == NULL)
        goto done;
    for (size_t e = 0; e < ne; e++)
        d->cluster_of[e] = ERG_NONE;
    /* A country gets a box only for its members: itself alone is a node. */
    for (size_t e = 0; e < ne; e++) {
        size_t k = erg_drawing_has_entity(d, e) ? cluster_key(d, e) : ERG_NONE;
        if (k != ERG_NONE && (d->opts.cluster == ERG_CLUSTER_TYPE || k != e))
            count[k]++;
    }
    size_t next = 0;
    for (size_t k = 0; k < nkeys; k++) {
        if (count[k] == 0)
            continue;
        if (d->opts.cluster == ERG_CLUSTER_COUNTRY && erg_drawing_has_entity(d, k))
            count[k]++; /* the country itself */
        erg_draw_cluster *c = &d->clusters[d->nclusters];
        index[k] = d->nclusters++;
        c->first = next;
        next += count[k];
        if (d->opts.cluster == ERG_CLUSTER_TYPE) {
            c->label = c->key = d->types[k];
        } else {
            c->label = erg_entity_name(g, k);
            c->key = erg_entity_id(g, k);
        }
    }
    for (size_t e = 0; e < ne; e++) {
        size_t k = erg_drawing_has_entity(d, e) ? cluster_key(d, e) : ERG_NONE;
        if (k == ERG_NONE || count[k] == 0)
            continue;
        erg_draw_cluster *c = &d->clusters[index[k]];
        d->members[c->first + c->count++] = e;
        d->cluster_of[e] = index[k];
    }
    rc = ERG_OK;
done:
    erg_free(count);
    erg_free(index);
    return rc;
}

/*
 * The "of" lines and the isolated entities (see erg_drawing). Time
 * complexity: O(n + e) for n entities and e edges drawn.
 */
static erg_status build_aids(erg_drawing *d)
{
    const erg_graph *g = d->g;
    size_t ne = erg_graph_entity_count(g);
    if (d->nodes == 0)
        return ERG_OK;
    /* Per entity: bit 1, an edge drawn; bit 2, an edge to its country. */
    unsigned char *mark = erg_calloc(ne ? ne : 1, 1);
    erg_status rc = ERG_ENOMEM;
    if (mark == NULL)
        return rc;
    for (size_t i = 0; i < d->nedges; i++) {
        size_t a = d->edges[i].from, b = d->edges[i].to;
        mark[a] |= 1;
        mark[b] |= 1;
        if (erg_entity_country(g, a) == b)
            mark[a] |= 2;
        if (erg_entity_country(g, b) == a)
            mark[b] |= 2;
    }
    size_t nof = 0, niso = 0;
    bool by_country = d->opts.cluster == ERG_CLUSTER_COUNTRY;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t e = 0; e < ne; e++) {
            if (!erg_drawing_has_entity(d, e))
                continue;
            size_t c = erg_entity_country(g, e);
            if (!by_country && c != ERG_NONE && c != e && !(mark[e] & 2) &&
                erg_drawing_has_entity(d, c)) {
                if (pass == 1) {
                    d->of[d->nof].entity = e;
                    d->of[d->nof++].country = c;
                }
                if (pass == 0) {
                    nof++;
                    mark[e] |= 4; /* it has a line now, and so has c */
                    mark[c] |= 4;
                }
            }
        }
        for (size_t e = 0; pass == 1 && e < ne; e++) {
            if (erg_drawing_has_entity(d, e) && mark[e] == 0 &&
                (d->cluster_of == NULL || d->cluster_of[e] == ERG_NONE))
                d->isolated[d->nisolated++] = e;
        }
        for (size_t e = 0; pass == 0 && e < ne; e++)
            niso += erg_drawing_has_entity(d, e) && mark[e] == 0 &&
                    (d->cluster_of == NULL || d->cluster_of[e] == ERG_NONE);
        if (pass == 0 && ((nof > 0 && (d->of = erg_malloc(nof * sizeof(*d->of))) == NULL) ||
                          (niso > 0 && (d->isolated = erg_malloc(niso * sizeof(size_t))) == NULL)))
            goto done;
    }
    rc = ERG_OK;
done:
    erg_free(mark);
    return rc;
}

erg_status erg_drawing_build(erg_drawing *out, const erg_graph *g, const erg_selection *sel,
                             const erg_dot_options *opts, erg_diags *diags)
{
    erg_drawing *d = out;
    memset(d, 0, sizeof(*d));
    d->g = g;
    d->sel = sel;
    if (opts != NULL)
        d->opts = *opts;
    if (d->opts.wrap == 0)
        d->opts.wrap = ERG_WRAP_DEFAULT;
    erg_status rc = build_edges(d);
    if (rc == ERG_OK)
        rc = number_sources(d);
    if (rc == ERG_OK)
        rc = check_urls(d, diags);
    if (rc == ERG_OK)
        rc = check_xml_chars(d, diags);
    if (rc == ERG_OK)
        rc = list_types(d);
    if (rc == ERG_OK)
        rc = build_clusters(d);
    if (rc == ERG_OK)
        rc = build_aids(d);
    if (rc != ERG_OK)
        erg_drawing_release(d);
    return rc;
}

void erg_drawing_release(erg_drawing *d)
{
    if (d->urls != NULL) {
        for (size_t s = 0; s < erg_graph_source_count(d->g); s++)
            erg_free(d->urls[s]);
    }
    erg_free(d->urls);
    erg_free(d->edges);
    erg_free(d->rels);
    erg_free(d->cite);
    erg_free(d->cited);
    erg_free(d->types);
    erg_free(d->clusters);
    erg_free(d->members);
    erg_free(d->cluster_of);
    erg_free(d->of);
    erg_free(d->isolated);
    memset(d, 0, sizeof(*d));
}

size_t erg_drawing_put_cites(const erg_drawing *d, const erg_draw_edge *edge, erg_buf *b)
{
    const erg_graph *g = d->g;
    size_t small[16], *nums = small, n = 0, cap = 0;
    for (size_t k = 0; k < edge->count; k++)
        cap += erg_rel_evidence_count(g, d->rels[edge->first + k]);
    if (cap > sizeof(small) / sizeof(small[0])) {
        nums = erg_malloc(cap * sizeof(*nums));
        if (nums == NULL) {
            b->failed = true;
            return 0;
        }
    }
    for (size_t k = 0; k < edge->count; k++) {
        size_t r = d->rels[edge->first + k];
        for (size_t v = 0; v < erg_rel_evidence_count(g, r); v++) {
            if (erg_drawing_has_evidence(d, r, v))
                nums[n++] = d->cite[erg_rel_evidence(g, r, v)->source];
        }
    }
    qsort(nums, n, sizeof(*nums), cmp_size);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && nums[i] == nums[i - 1])
            continue;
        erg_buf_printf(b, "%s%zu", distinct ? "," : "", nums[i]);
        distinct++;
    }
    if (nums != small)
        erg_free(nums);
    return distinct;
}

void erg_drawing_put_date(erg_buf *b, const char *date)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    size_t len = strlen(date);
    if (len == 10 && date[8] != '\0')
        erg_buf_printf(b, "%d ", (date[8] - '0') * 10 + (date[9] - '0'));
    if (len >= 7) {
        int m = (date[5] - '0') * 10 + (date[6] - '0');
        if (m >= 1 && m <= 12)
            erg_buf_printf(b, "%s ", months[m - 1]);
    }
    erg_buf_put(b, date, len < 4 ? len : 4);
}

void erg_drawing_put_period(const erg_drawing *d, const erg_draw_edge *edge, erg_buf *b)
{
    size_t r = d->rels[edge->first];
    const char *start = erg_rel_start(d->g, r), *end = erg_rel_end(d->g, r);
    const char *date = erg_rel_date(d->g, r);
    if (date != NULL) {
        erg_drawing_put_date(b, date);
    } else if (start != NULL && end != NULL) {
        erg_drawing_put_date(b, start);
        erg_buf_puts(b, " \xE2\x80\x93 ");
        erg_drawing_put_date(b, end);
    } else if (start != NULL) {
        erg_buf_puts(b, "from ");
        erg_drawing_put_date(b, start);
    } else if (end != NULL) {
        erg_buf_puts(b, "until ");
        erg_drawing_put_date(b, end);
    }
}

bool erg_drawing_has_evidence(const erg_drawing *d, size_t r, size_t v)
{
    return erg_selection_has_evidence(d->sel, r, v);
}

const char *erg_drawing_pen_style(erg_certainty c)
{
    switch (c) {
    case ERG_STATED:
        return NULL;
    case ERG_REPORTED:
    case ERG_ALLEGED:
        return "dashed";
    case ERG_INFERRED:
        break;
    }
    return "dotted";
}

const char *erg_drawing_pen_legend(erg_certainty c)
{
    switch (c) {
    case ERG_STATED:
        return "stated by the source";
    case ERG_REPORTED:
        return "reported: the source relays others";
    case ERG_ALLEGED:
        return "alleged: an accusation (marked)";
    case ERG_INFERRED:
        break;
    }
    return "inferred: no sentence says it";
}

void erg_drawing_put_weight(erg_buf *b, const erg_graph *g, const erg_evidence *ev)
{
    erg_buf_puts(b, erg_certainty_name(ev->certainty));
    if (ev->attributed_to != ERG_NONE)
        erg_buf_printf(b, ", said by %s", erg_entity_name(g, ev->attributed_to));
    char grade[3];
    erg_evidence_grade(g, ev, grade);
    if (grade[0] != '\0')
        erg_buf_printf(b, ", grade %s", grade);
}

void erg_drawing_put_conflicts(const erg_drawing *d, const erg_draw_edge *edge, erg_buf *b)
{
    const erg_graph *g = d->g;
    bool any = false;
    for (size_t k = 0; k < edge->count; k++) {
        size_t r = d->rels[edge->first + k];
        for (size_t i = 0; i < erg_rel_conflict_count(g, r); i++) {
            size_t o = erg_rel_conflict(g, r, i);
            erg_buf_puts(b, any ? "\n" : "contradicted by:\n");
            any = true;
            erg_buf_printf(b, "%s (%s \xE2\x86\x92 %s: ", erg_rel_id(g, o),
                           erg_entity_name(g, erg_rel_from(g, o)),
                           erg_entity_name(g, erg_rel_to(g, o)));
            const char *label = erg_rel_label(g, o);
            for (const char *p = label != NULL ? label : erg_rel_type(g, o); *p != '\0'; p++)
                erg_buf_putc(b, label == NULL && *p == '_' ? ' ' : *p);
            erg_buf_puts(b, ")");
            /* Who says what: every piece of the other tie, drawn or not. */
            for (size_t v = 0; v < erg_rel_evidence_count(g, o); v++) {
                const erg_evidence *ev = erg_rel_evidence(g, o, v);
                const erg_source *s = erg_graph_source(g, ev->source);
                erg_buf_printf(b, "%s%s (", v ? "; " : ", says ",
                               s->publisher != NULL ? s->publisher : s->id);
                erg_drawing_put_weight(b, g, ev);
                erg_buf_puts(b, ")");
            }
        }
    }
}

void erg_drawing_put_label(const erg_drawing *d, const erg_draw_edge *edge, erg_buf *b)
{
    size_t r = d->rels[edge->first];
    const char *label = erg_rel_label(d->g, r);
    if (label != NULL) {
        erg_buf_puts(b, label);
        return;
    }
    for (const char *p = erg_rel_type(d->g, r); *p != '\0'; p++)
        erg_buf_putc(b, *p == '_' ? ' ' : *p);
}

void erg_drawing_put_source(const erg_drawing *d, size_t source, erg_buf *b)
{
    const erg_source *s = erg_graph_source(d->g, source);
    const char *parts[] = {s->publisher, s->date, s->title};
    size_t n = 0;
    erg_date_span span;
    if (erg_drawing_numbered(d))
        erg_buf_printf(b, "[%zu] ", d->cite[source]);
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
        if (parts[i] == NULL || parts[i][0] == '\0')
            continue;
        erg_buf_puts(b, n++ ? ", " : "");
        if (parts[i] == s->date && erg_date_parse(s->date, &span))
            erg_drawing_put_date(b, s->date);
        else
            erg_buf_puts(b, parts[i]);
    }
    if (n == 0)
        erg_buf_puts(b, s->id);
}

bool erg_drawing_numbered(const erg_drawing *d)
{
    return d->opts.citations != ERG_CITE_NONE && d->ncited > 1;
}

const char *erg_drawing_title(const erg_drawing *d)
{
    if (d->opts.title != NULL)
        return d->opts.title;
    /* Cast: the buffer is the drawing's own scratch, filled on demand. */
    return erg_graph_short_title(d->g, (char *)d->short_title);
}

void erg_drawing_put_id(erg_buf *b, const char *prefix, const char *id)
{
    static const char hex[] = "0123456789ABCDEF";
    erg_buf_puts(b, prefix);
    for (const unsigned char *p = (const unsigned char *)id; *p != '\0'; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-') {
            erg_buf_putc(b, (char)c);
        } else {
            char esc[3] = {'_', hex[c >> 4], hex[c & 15]};
            erg_buf_put(b, esc, 3);
        }
    }
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Characters a URL may hold as they are (RFC 3986's unreserved and
 * reserved sets), but the quote, which ends attributes in some outputs. */
static bool url_char(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c != '\0' && strchr("-._~:/?#[]@!$()*+,;=", c) != NULL;
}

/* Whether url starts with `scheme` (lower case), ignoring ASCII case. */
static bool has_scheme(const char *url, const char *scheme)
{
    for (; *scheme != '\0'; scheme++, url++) {
        char c = *url >= 'A' && *url <= 'Z' ? (char)(*url - 'A' + 'a') : *url;
        if (c != *scheme)
            return false;
    }
    return true;
}

char *erg_drawing_safe_url(const char *url, bool *nomem)
{
    static const char hex[] = "0123456789ABCDEF";
    *nomem = false;
    size_t skip;
    if (has_scheme(url, "http://"))
        skip = 7;
    else if (has_scheme(url, "https://"))
        skip = 8;
    else
        return NULL;
    /* A host, not "http:///x" or "http://?x". */
    if (url[skip] == '\0' || strchr("/?#", url[skip]) != NULL)
        return NULL;
    erg_buf b = ERG_BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)url; *p != '\0'; p++) {
        unsigned char c = *p;
        if (c == '&') {
            erg_buf_puts(&b, "&amp;");
        } else if (url_char(c) || (c == '%' && is_hex((char)p[1]) && is_hex((char)p[2]))) {
            erg_buf_putc(&b, (char)c);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            erg_buf_put(&b, esc, 3);
        }
    }
    char *s = erg_buf_detach(&b);
    if (s == NULL)
        *nomem = true;
    return s;
}
