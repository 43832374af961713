/*
 * The round trip: whatever loads is written as DOT, read back with cgraph
 * (agmemread), and every label comes back as exactly the text of the name
 * or relationship label it stands for.
 *
 * erg_dot_write() escapes a name so that Graphviz draws it literally
 * (doubled backslashes, &amp;, \n for a line break; see put_label() in
 * graphviz.c). Reading back undoes DOT's quoting; decode() below then undoes
 * that escaping and refuses anything Graphviz would interpret instead of
 * drawing (\N, \l, an entity other than &amp;). The result must equal the
 * input's text, byte for byte, after the documented normalisation: CR and
 * CRLF drawn as a line break, C0 controls other than tab and LF dropped,
 * U+FFFE and U+FFFF drawn as U+FFFD, '_' drawn as a space in a label made from a relationship's
 * type.
 *
 * Also checked: the DOT reads back at all (no quoting broken), it holds one
 * node per entity and one edge per relationship kept, with the right ends
 * and direction, and any URL attribute is http(s), percent-encoded, '&' as "&amp;".
 * Half of the inputs (by their length) go through a selection that keeps
 * every other entity. These checks are of the literal drawing (no legend,
 * no citation numbers, no merged ties, no wrapping); the default drawing
 * is checked to be written and to read back.
 */
#include <string.h>

#include <ergraph/ergraph.h>
#include <graphviz/cgraph.h>

#include "fuzz.h"
#include "graphviz/child_protocol.h"

typedef struct text {
    char *data;
    size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->data = realloc(t->data, t->cap);
        FUZZ_CHECK(t->data != NULL);
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

/* What Graphviz should draw for `s`: the normalisation described above. */
/* Two decimal digits. */
static int atoi_2(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

/* A partial date in words, as a reader writes it: "2003", "Aug 2003",
 * "12 Aug 2003". */
static void put_date(text *t, const char *date)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    size_t len = strlen(date);
    if (len == 10) {
        char day[4];
        int n = snprintf(day, sizeof(day), "%d ", atoi_2(date + 8));
        put(t, day, (size_t)n);
    }
    if (len >= 7) {
        put(t, months + 3 * (atoi_2(date + 5) - 1), 3);
        put(t, " ", 1);
    }
    put(t, date, 4);
}

static void expected(text *t, const char *s, bool underscores)
{
    t->len = 0;
    put(t, "", 0);
    for (size_t i = 0; s[i] != '\0'; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\r') {
            put(t, "\n", 1);
            if (s[i + 1] == '\n')
                i++;
        } else if (c == '_' && underscores) {
            put(t, " ", 1);
        } else if (c == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
                   ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
            put(t, "\xEF\xBF\xBD", 3); /* U+FFFE, U+FFFF: XML cannot hold them */
            i += 2;
        } else if (c >= 0x20 || c == '\t' || c == '\n') {
            put(t, s + i, 1);
        }
    }
}

/* What Graphviz draws for a plain label attribute, or abort when it holds
 * anything that Graphviz would interpret rather than draw. */
static void decode(text *t, const char *label)
{
    t->len = 0;
    put(t, "", 0);
    /* An attribute never set reads back as NULL: the empty default. */
    if (label == NULL)
        return;
    for (size_t i = 0; label[i] != '\0'; i++) {
        char c = label[i];
        if (c == '\\') {
            char next = label[i + 1];
            FUZZ_CHECK(next == '\\' || next == 'n');
            put(t, next == 'n' ? "\n" : "\\", 1);
            i++;
        } else if (c == '&') {
            FUZZ_CHECK(strncmp(label + i, "&amp;", 5) == 0);
            put(t, "&", 1);
            i += 4;
        } else {
            /* A raw line break would be drawn, but put_label() never
             * writes one; other controls are never written either. */
            FUZZ_CHECK((unsigned char)c >= 0x20 || c == '\t');
            put(t, label + i, 1);
        }
    }
}

static void check_label(void *obj, const char *attr, const char *source, bool underscores,
                        text *want, text *got)
{
    char *label = agget(obj, (char *)attr);
    expected(want, source, underscores);
    decode(got, label);
    if (want->len != got->len || memcmp(want->data, got->data, want->len) != 0) {
        fprintf(stderr, "label read back:  \"%s\"\nexpected drawing: \"%s\"\n", got->data,
                want->data);
        FUZZ_CHECK(!"label comes back as its text");
    }
}

/* Every URL-like attribute declared for `kind` holds nothing or an http(s)
 * URL that needs no quoting in SVG or HTML. */
static void check_urls(Agraph_t *ag, int kind, void *obj)
{
    for (Agsym_t *sym = agnxtattr(ag, kind, NULL); sym != NULL; sym = agnxtattr(ag, kind, sym)) {
        if (strstr(sym->name, "URL") == NULL && strstr(sym->name, "href") == NULL)
            continue;
        const char *v = agxget(obj, sym);
        if (v[0] == '\0')
            continue;
        FUZZ_CHECK(strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0);
        /* 2.42 writes a URL into the SVG as it is: '&' goes as "&amp;",
         * which the SVG's reader turns back into '&'. */
        for (const char *p = v; *p; p++) {
            if (*p == '&') {
                FUZZ_CHECK(strncmp(p, "&amp;", 5) == 0);
                p += 4;
                continue;
            }
            FUZZ_CHECK(strchr("\"'<> \\", *p) == NULL && (unsigned char)*p > 0x20);
        }
    }
}

typedef struct edge_key {
    size_t tail, head;
    bool directed;
    char *label;
} edge_key;

static int edge_cmp(const void *a, const void *b)
{
    const edge_key *x = a, *y = b;
    if (x->tail != y->tail)
        return x->tail < y->tail ? -1 : 1;
    if (x->head != y->head)
        return x->head < y->head ? -1 : 1;
    if (x->directed != y->directed)
        return x->directed ? 1 : -1;
    return strcmp(x->label, y->label);
}

/* Node "nK" is the K-th entity drawn: `drawn` lists their indices. */
static size_t node_index(Agnode_t *n, const size_t *drawn, size_t count)
{
    const char *name = agnameof(n);
    FUZZ_CHECK(name[0] == 'n');
    size_t k = (size_t)strtoull(name + 1, NULL, 10);
    FUZZ_CHECK(k >= 1 && k <= count);
    return drawn[k - 1];
}

/* The default drawing (legend, citation numbers, merged ties, wrapped
 * names) is written without a diagnostic other than a warning and reads
 * back: its labels are checked only as the literal drawing below. */
static void check_default_drawing(const erg_graph *g, const erg_selection *sel)
{
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    char *dot = NULL;
    size_t len = 0;
    FUZZ_CHECK(erg_gv_dot_write_here(&dot, &len, g, sel, NULL, diags) == ERG_OK);
    for (size_t i = 0; i < erg_diags_count(diags); i++)
        FUZZ_CHECK(erg_diags_get(diags, i)->severity == ERG_WARNING);
    FUZZ_CHECK(strlen(dot) == len);
    Agraph_t *ag = agmemread(dot);
    FUZZ_CHECK(ag != NULL);
    agclose(ag);
    erg_free(dot);
    erg_diags_free(diags);
}

static void check_round_trip(const erg_graph *g, const erg_selection *sel)
{
    size_t ne = erg_graph_entity_count(g), nr = erg_graph_relationship_count(g);
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    char *dot = NULL;
    size_t len = 0;
    /* Every name and label literally, each relationship its own edge. */
    erg_dot_options literal = {
        .no_legend = true, .citations = ERG_CITE_NONE, .no_merge = true, .no_wrap = true};
    FUZZ_CHECK(erg_gv_dot_write_here(&dot, &len, g, sel, &literal, diags) == ERG_OK);
    /* Warnings only (a source URL left unlinked, found by this fuzzer). */
    for (size_t i = 0; i < erg_diags_count(diags); i++)
        FUZZ_CHECK(erg_diags_get(diags, i)->severity == ERG_WARNING);
    FUZZ_CHECK(strlen(dot) == len);

    Agraph_t *ag = agmemread(dot);
    FUZZ_CHECK(ag != NULL);
    text want = {0}, got = {0};
    size_t kept_e = 0, kept_r = 0;
    size_t *drawn = calloc(ne + 1, sizeof(*drawn));
    FUZZ_CHECK(drawn != NULL);
    for (size_t e = 0; e < ne; e++) {
        bool kept = sel == NULL || erg_selection_has_entity(sel, e);
        char name[32];
        snprintf(name, sizeof(name), "n%zu", kept_e + 1);
        Agnode_t *n = kept ? agnode(ag, name, 0) : NULL;
        FUZZ_CHECK((n != NULL) == kept);
        if (n == NULL)
            continue;
        drawn[kept_e++] = e;
        check_label(n, "label", erg_entity_name(g, e), false, &want, &got);
        check_urls(ag, AGNODE, n);
    }
    FUZZ_CHECK((size_t)agnnodes(ag) == kept_e);

    /* The edges as written and as read back, sorted: agwrite() groups
     * them by tail node, not in the input's order. */
    edge_key *wanted = calloc(nr + 1, sizeof(*wanted));
    edge_key *found = calloc((size_t)agnedges(ag) + 1, sizeof(*found));
    FUZZ_CHECK(wanted != NULL && found != NULL);
    for (size_t r = 0; r < nr; r++) {
        if (sel != NULL && !erg_selection_has_rel(sel, r))
            continue;
        const char *label = erg_rel_label(g, r);
        expected(&want, label != NULL ? label : erg_rel_type(g, r), label == NULL);
        /* A dated tie has its time in words after the label, then its
         * marks: alleged, contested. */
        const char *start = erg_rel_start(g, r), *end = erg_rel_end(g, r);
        const char *date = erg_rel_date(g, r);
        if (date != NULL) {
            put(&want, " ", 1);
            put_date(&want, date);
        } else if (start != NULL && end != NULL) {
            put(&want, " ", 1);
            put_date(&want, start);
            put(&want, " \xE2\x80\x93 ", 5);
            put_date(&want, end);
        } else if (start != NULL || end != NULL) {
            put(&want, start != NULL ? " from " : " until ", start != NULL ? 6 : 7);
            put_date(&want, start != NULL ? start : end);
        }
        bool alleged = erg_selection_rel_certainty(sel, g, r) == ERG_ALLEGED;
        bool contested = erg_rel_conflict_count(g, r) > 0;
        if (alleged && contested)
            put(&want, " (alleged, contested)", 21);
        else if (alleged)
            put(&want, " (alleged)", 10);
        else if (contested)
            put(&want, " (contested)", 12);
        edge_key k = {erg_rel_from(g, r), erg_rel_to(g, r), erg_rel_directed(g, r),
                      strdup(want.data)};
        FUZZ_CHECK(k.label != NULL);
        wanted[kept_r++] = k;
    }
    size_t i = 0;
    for (Agnode_t *n = agfstnode(ag); n != NULL; n = agnxtnode(ag, n)) {
        for (Agedge_t *edge = agfstout(ag, n); edge != NULL; edge = agnxtout(ag, edge)) {
            /* Drawing aids (an entity's "of" line to its country, the
             * invisible edges that pack entities without ties) are no ties. */
            const char *cls = agget(edge, (char *)"class");
            if (cls != NULL && (strcmp(cls, "of") == 0 || strcmp(cls, "pack") == 0))
                continue;
            decode(&got, agget(edge, (char *)"label"));
            const char *dir = agget(edge, (char *)"dir");
            FUZZ_CHECK(dir != NULL && (strcmp(dir, "forward") == 0 || strcmp(dir, "none") == 0));
            edge_key k = {node_index(agtail(edge), drawn, kept_e),
                          node_index(aghead(edge), drawn, kept_e), strcmp(dir, "forward") == 0,
                          strdup(got.data)};
            FUZZ_CHECK(k.label != NULL && i < kept_r);
            found[i++] = k;
            check_urls(ag, AGEDGE, edge);
        }
    }
    FUZZ_CHECK(i == kept_r);
    qsort(wanted, kept_r, sizeof(*wanted), edge_cmp);
    qsort(found, kept_r, sizeof(*found), edge_cmp);
    for (i = 0; i < kept_r; i++) {
        if (edge_cmp(&wanted[i], &found[i]) != 0) {
            fprintf(stderr, "edge read back: %zu -> %zu \"%s\"\nexpected: %zu -> %zu \"%s\"\n",
                    found[i].tail, found[i].head, found[i].label, wanted[i].tail, wanted[i].head,
                    wanted[i].label);
            FUZZ_CHECK(!"edges come back as written");
        }
        free(wanted[i].label);
        free(found[i].label);
    }
    check_urls(ag, AGRAPH, ag);

    /* The title is wrapped at spaces: compare it with line breaks and
     * spaces alike. */
    const char *title = erg_graph_title(g);
    char *glabel = agget(ag, (char *)"label");
    if (title != NULL && title[0] != '\0') {
        FUZZ_CHECK(glabel != NULL);
        expected(&want, title, false);
        decode(&got, glabel);
        for (char *p = want.data; *p; p++)
            *p = *p == '\n' ? ' ' : *p;
        for (char *p = got.data; *p; p++)
            *p = *p == '\n' ? ' ' : *p;
        FUZZ_CHECK(strcmp(want.data, got.data) == 0);
    }
    free(drawn);
    free(wanted);
    free(found);
    free(want.data);
    free(got.data);
    agclose(ag);
    erg_free(dot);
    erg_diags_free(diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    erg_loader *l = erg_loader_new(NULL, diags);
    FUZZ_CHECK(l != NULL);
    erg_loader_add_buffer(l, "fuzz.json", (const char *)data, size);
    erg_graph *g = NULL;
    if (erg_loader_finish(l, &g) == ERG_OK) {
        check_round_trip(g, NULL);
        check_default_drawing(g, NULL);
        if (size % 2 == 1) {
            erg_selection *sel = erg_selection_new(g, false);
            FUZZ_CHECK(sel != NULL);
            for (size_t e = 0; e < erg_graph_entity_count(g); e += 2)
                erg_selection_set_entity(sel, e, true);
            for (size_t r = 0; r < erg_graph_relationship_count(g); r++)
                erg_selection_set_rel(sel, r,
                                      erg_rel_from(g, r) % 2 == 0 && erg_rel_to(g, r) % 2 == 0);
            check_round_trip(g, sel);
            erg_selection_free(sel);
        }
    }
    erg_graph_free(g);
    erg_loader_free(l);
    erg_diags_free(diags);
    return 0;
}
