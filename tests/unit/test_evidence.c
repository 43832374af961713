/*
 * The evidence filters (--certainty, --min-grade, --source), --contested /
 * --uncontested and the time rule, against brute force on random graphs:
 * the model is drawn here, written as a file, loaded, and every answer of
 * the filter is worked out again from the drawn model alone, with dates
 * compared as YYYYMMDD numbers (a partial date's end as day 31 of month
 * 12), not with the library's day counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>

static uint64_t rng = 7;

static uint32_t below(uint32_t n)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)((rng >> 33) % n);
}

#define SOURCES 6
#define MAX_EV 3
#define MAX_CONTRA 2

/* A partial date as drawn: year, and month, day or 0 when left out. */
typedef struct pdate {
    int y, m, d; /* y == 0: absent */
} pdate;

typedef struct piece {
    int source;      /* 0..SOURCES-1 */
    int certainty;   /* 0..3 */
    int credibility; /* 0: absent */
} piece;

typedef struct tie {
    pdate date, start, end;
    int ev_count;
    piece ev[MAX_EV];
    int contra_count;
    int contra[MAX_CONTRA]; /* ties named by id */
} tie;

typedef struct model {
    size_t n, m;
    char reliability[SOURCES]; /* 0: absent */
    pdate source_date[SOURCES];
    tie *ties;
} model;

static pdate draw_date(void)
{
    pdate p = {1995 + (int)below(12), 0, 0};
    if (below(3) > 0) {
        p.m = 1 + (int)below(12);
        if (below(2) == 0)
            p.d = 1 + (int)below(28);
    }
    return p;
}

static long first_day(pdate p)
{
    return p.y * 10000L + (p.m ? p.m : 1) * 100L + (p.d ? p.d : 1);
}

static long last_day(pdate p)
{
    return p.y * 10000L + (p.m ? p.m : 12) * 100L + (p.d ? p.d : 31);
}

static int put_date(char *out, size_t cap, const char *key, pdate p)
{
    if (p.y == 0)
        return 0;
    if (p.d)
        return snprintf(out, cap, ", \"%s\": \"%04d-%02d-%02d\"", key, p.y, p.m, p.d);
    if (p.m)
        return snprintf(out, cap, ", \"%s\": \"%04d-%02d\"", key, p.y, p.m);
    return snprintf(out, cap, ", \"%s\": \"%04d\"", key, p.y);
}

static const char *const certainty_names[] = {"stated", "reported", "alleged", "inferred"};

static erg_graph *random_model(model *md, size_t n, size_t m)
{
    md->n = n;
    md->m = m;
    md->ties = calloc(m, sizeof(tie));
    assert_non_null(md->ties);
    size_t cap = 4096 + m * 700, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "{\"format\": \"ergraph/1\", \"sources\": [");
    for (int s = 0; s < SOURCES; s++) {
        md->reliability[s] = below(4) ? (char)('A' + below(6)) : 0;
        md->source_date[s] = below(4) ? draw_date() : (pdate){0, 0, 0};
        len += (size_t)snprintf(text + len, cap - len, "%s{\"id\": \"s%d\"", s ? "," : "", s);
        len += (size_t)put_date(text + len, cap - len, "date", md->source_date[s]);
        if (md->reliability[s])
            len += (size_t)snprintf(text + len, cap - len, ", \"reliability\": \"%c\"",
                                    md->reliability[s]);
        len += (size_t)snprintf(text + len, cap - len, "}");
    }
    len += (size_t)snprintf(text + len, cap - len, "], \"entities\": [");
    for (size_t e = 0; e < n; e++)
        len += (size_t)snprintf(text + len, cap - len,
                                "%s{\"id\": \"e%zu\", \"type\": \"person\", \"name\": \"E%zu\"}",
                                e ? "," : "", e, e);
    len += (size_t)snprintf(text + len, cap - len, "], \"relationships\": [");
    for (size_t r = 0; r < m; r++) {
        tie *t = &md->ties[r];
        switch (below(5)) {
        case 0:
            t->date = draw_date();
            break;
        case 1:
            t->start = draw_date();
            break;
        case 2:
            t->end = draw_date();
            break;
        case 3:
            t->start = draw_date();
            t->end = t->start;
            t->end.y += (int)below(4);
            break;
        default:
            break;
        }
        t->ev_count = (int)below(MAX_EV + 1);
        for (int i = 0; i < t->ev_count; i++) {
            t->ev[i].source = (int)below(SOURCES);
            t->ev[i].certainty = (int)below(5); /* 4: left out, so stated */
            t->ev[i].credibility = (int)below(7);
        }
        if (below(4) == 0) {
            t->contra_count = 1 + (int)below(MAX_CONTRA);
            for (int i = 0; i < t->contra_count; i++) {
                do
                    t->contra[i] = (int)below((uint32_t)m);
                while (t->contra[i] == (int)r);
            }
        }
        len += (size_t)snprintf(text + len, cap - len,
                                "%s{\"id\": \"r%zu\", \"from\": \"e%u\", \"to\": \"e%u\", "
                                "\"type\": \"t\"",
                                r ? "," : "", r, below((uint32_t)n), below((uint32_t)n));
        len += (size_t)put_date(text + len, cap - len, "date", t->date);
        len += (size_t)put_date(text + len, cap - len, "start", t->start);
        len += (size_t)put_date(text + len, cap - len, "end", t->end);
        if (t->contra_count > 0) {
            len += (size_t)snprintf(text + len, cap - len, ", \"contradicts\": [");
            for (int i = 0; i < t->contra_count; i++)
                len += (size_t)snprintf(text + len, cap - len, "%s\"r%d\"", i ? "," : "",
                                        t->contra[i]);
            len += (size_t)snprintf(text + len, cap - len, "]");
        }
        len += (size_t)snprintf(text + len, cap - len, ", \"evidence\": [");
        for (int i = 0; i < t->ev_count; i++) {
            piece *p = &t->ev[i];
            len += (size_t)snprintf(text + len, cap - len, "%s{\"source\": \"s%d\"", i ? "," : "",
                                    p->source);
            if (p->certainty < 4)
                len += (size_t)snprintf(text + len, cap - len, ", \"certainty\": \"%s\"",
                                        certainty_names[p->certainty]);
            else
                p->certainty = 0;
            if (p->credibility)
                len += (size_t)snprintf(text + len, cap - len, ", \"credibility\": %d",
                                        p->credibility);
            len += (size_t)snprintf(text + len, cap - len, "}");
        }
        len += (size_t)snprintf(text + len, cap - len, "]}");
    }
    len += (size_t)snprintf(text + len, cap - len, "]}");
    assert_true(len < cap);
    erg_diags *diags = erg_diags_new();
    erg_loader *l = erg_loader_new(NULL, diags);
    erg_graph *g = NULL;
    assert_int_equal(erg_loader_add_buffer(l, "random.json", text, len), ERG_OK);
    assert_int_equal(erg_loader_finish(l, &g), ERG_OK);
    erg_loader_free(l);
    erg_diags_free(diags);
    free(text);
    return g;
}

/* A random spec, and the same in the brute force's terms. */
typedef struct want {
    bool certainty[4];
    char grade_rel; /* 0: no --min-grade */
    int grade_cred;
    bool source[SOURCES];
    bool by_source;
    size_t min_sources;
    int contest; /* 0 any, 1 contested, 2 uncontested */
    pdate since, until;
    bool dated_only;
} want;

static bool piece_passes(const model *md, const want *w, const piece *p)
{
    if (!w->certainty[p->certainty])
        return false;
    if (w->grade_rel != 0 &&
        (md->reliability[p->source] == 0 || p->credibility == 0 ||
         md->reliability[p->source] > w->grade_rel || p->credibility > w->grade_cred))
        return false;
    return !w->by_source || w->source[p->source];
}

static bool contested(const model *md, size_t r)
{
    if (md->ties[r].contra_count > 0)
        return true;
    for (size_t k = 0; k < md->m; k++) {
        for (int i = 0; i < md->ties[k].contra_count; i++) {
            if (md->ties[k].contra[i] == (int)r)
                return true;
        }
    }
    return false;
}

/* The brute force's verdict on tie r; kept[i] says which pieces pass. */
static bool expected(const model *md, const want *w, size_t r, bool *kept)
{
    const tie *t = &md->ties[r];
    bool evidence_filter =
        w->grade_rel != 0 || w->by_source ||
        !(w->certainty[0] && w->certainty[1] && w->certainty[2] && w->certainty[3]);
    bool any = false;
    for (int i = 0; i < t->ev_count; i++) {
        kept[i] = !evidence_filter || piece_passes(md, w, &t->ev[i]);
        any = any || kept[i];
    }
    if (t->ev_count == 0) /* one inferred piece, no source, no grade */
        any = !evidence_filter || (w->certainty[3] && w->grade_rel == 0 && !w->by_source);
    if (!any)
        return false;
    size_t distinct = 0;
    for (int i = 0; i < t->ev_count; i++) {
        bool repeat = false;
        for (int j = 0; j < i; j++)
            repeat = repeat || (kept[j] && t->ev[j].source == t->ev[i].source);
        distinct += kept[i] && !repeat;
    }
    if (distinct < w->min_sources)
        return false;
    if (w->contest != 0 && contested(md, r) != (w->contest == 1))
        return false;
    long first = -1, last = 99999999;
    if (t->date.y) {
        first = first_day(t->date);
        last = last_day(t->date);
    } else if (t->start.y || t->end.y) {
        if (t->start.y)
            first = first_day(t->start);
        if (t->end.y) {
            last = last_day(t->end);
        } else {
            long latest = -1;
            for (int i = 0; i < t->ev_count; i++) {
                pdate d = md->source_date[t->ev[i].source];
                if (d.y && last_day(d) > latest)
                    latest = last_day(d);
            }
            if (latest >= 0)
                last = latest > last_day(t->start) ? latest : last_day(t->start);
        }
    } else {
        return !w->dated_only;
    }
    if (w->since.y && last < first_day(w->since))
        return false;
    if (w->until.y && first > last_day(w->until))
        return false;
    return true;
}

static void date_text(char *out, size_t cap, pdate p)
{
    if (p.d)
        snprintf(out, cap, "%04d-%02d-%02d", p.y, p.m, p.d);
    else if (p.m)
        snprintf(out, cap, "%04d-%02d", p.y, p.m);
    else
        snprintf(out, cap, "%04d", p.y);
}

static void check_random_specs(const erg_graph *g, const model *md, size_t rounds)
{
    for (size_t round = 0; round < rounds; round++) {
        want w;
        memset(&w, 0, sizeof(w));
        erg_filter_spec spec;
        memset(&spec, 0, sizeof(spec));
        const char *certs[4];
        size_t ncert = 0;
        bool by_certainty = below(2) == 0;
        for (int c = 0; c < 4; c++) {
            w.certainty[c] = !by_certainty || below(2) == 0;
            if (by_certainty && w.certainty[c])
                certs[ncert++] = certainty_names[c];
        }
        if (by_certainty && ncert == 0) {
            certs[ncert++] = "inferred";
            w.certainty[3] = true;
        }
        spec.certainties.items = certs;
        spec.certainties.count = by_certainty ? ncert : 0;
        char grade[3] = "";
        if (below(3) == 0) {
            w.grade_rel = (char)('A' + below(6));
            w.grade_cred = 1 + (int)below(6);
            grade[0] = w.grade_rel;
            grade[1] = (char)('0' + w.grade_cred);
            grade[2] = '\0';
            spec.min_grade = grade;
        }
        char source_ids[SOURCES][8];
        const char *sources[SOURCES];
        size_t nsrc = 0;
        if (below(3) == 0) {
            w.by_source = true;
            for (int s = 0; s < SOURCES; s++) {
                if (below(3) == 0 || (s == SOURCES - 1 && nsrc == 0)) {
                    w.source[s] = true;
                    snprintf(source_ids[nsrc], sizeof(source_ids[nsrc]), "s%d", s);
                    sources[nsrc] = source_ids[nsrc];
                    nsrc++;
                }
            }
        }
        spec.sources.items = sources;
        spec.sources.count = nsrc;
        w.min_sources = below(4) == 0 ? 1 + below(2) : 0;
        spec.min_sources = w.min_sources;
        w.contest = (int)below(3);
        spec.contest = w.contest == 0   ? ERG_CONTEST_ANY
                       : w.contest == 1 ? ERG_CONTESTED
                                        : ERG_UNCONTESTED;
        char since[16], until[16];
        if (below(2) == 0) {
            w.since = draw_date();
            date_text(since, sizeof(since), w.since);
            spec.since = since;
        }
        if (below(3) == 0) {
            w.until = draw_date();
            date_text(until, sizeof(until), w.until);
            spec.until = until;
        }
        w.dated_only = below(5) == 0;
        spec.dated_only = w.dated_only;

        erg_diags *diags = erg_diags_new();
        erg_selection *sel = NULL;
        assert_int_equal(erg_filter_apply(&sel, g, &spec, diags), ERG_OK);
        for (size_t r = 0; r < md->m; r++) {
            bool kept[MAX_EV];
            bool keep = expected(md, &w, r, kept);
            if (keep != erg_selection_has_rel(sel, r))
                fail_msg("round %zu: tie r%zu is %s but should %s", round, r,
                         keep ? "dropped" : "kept", keep ? "stay" : "go");
            if (!keep)
                continue;
            int best = 3;
            for (int i = 0; i < md->ties[r].ev_count; i++) {
                assert_int_equal(erg_selection_has_evidence(sel, r, (size_t)i), kept[i]);
                if (kept[i] && md->ties[r].ev[i].certainty < best)
                    best = md->ties[r].ev[i].certainty;
            }
            assert_int_equal(erg_selection_rel_certainty(sel, g, r), (erg_certainty)best);
        }
        erg_selection_free(sel);
        erg_diags_free(diags);
    }
}

static void test_evidence__filters_match_brute_force(void **state)
{
    (void)state;
    for (size_t k = 0; k < 6; k++) {
        model md;
        erg_graph *g = random_model(&md, 20 + 10 * k, 60 + 40 * k);
        /* Conflicts both ways, each once. */
        for (size_t r = 0; r < md.m; r++) {
            size_t n = 0;
            for (size_t o = 0; o < md.m; o++) {
                bool either = false;
                for (int i = 0; i < md.ties[r].contra_count; i++)
                    either = either || md.ties[r].contra[i] == (int)o;
                for (int i = 0; i < md.ties[o].contra_count; i++)
                    either = either || md.ties[o].contra[i] == (int)r;
                if (either) {
                    assert_true(n < erg_rel_conflict_count(g, r));
                    assert_int_equal(erg_rel_conflict(g, r, n), o);
                    n++;
                }
            }
            assert_int_equal(erg_rel_conflict_count(g, r), n);
        }
        check_random_specs(g, &md, 300);
        erg_graph_free(g);
        free(md.ties);
    }
}

static erg_graph *load_text(const char *text)
{
    erg_diags *diags = erg_diags_new();
    erg_loader *l = erg_loader_new(NULL, diags);
    erg_graph *g = NULL;
    assert_int_equal(erg_loader_add_buffer(l, "t.json", text, strlen(text)), ERG_OK);
    assert_int_equal(erg_loader_finish(l, &g), ERG_OK);
    erg_loader_free(l);
    erg_diags_free(diags);
    return g;
}

/* The ids the spec keeps, joined by spaces. */
static void expect_ids(const erg_graph *g, const erg_filter_spec *spec, const char *expected_ids)
{
    erg_diags *diags = erg_diags_new();
    erg_selection *sel = NULL;
    assert_int_equal(erg_filter_apply(&sel, g, spec, diags), ERG_OK);
    char got[256] = "";
    size_t len = 0;
    for (size_t r = erg_selection_next_rel(sel, 0); r != ERG_NONE;
         r = erg_selection_next_rel(sel, r + 1))
        len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", len ? " " : "",
                                erg_rel_id(g, r));
    assert_string_equal(got, expected_ids);
    erg_selection_free(sel);
    erg_diags_free(diags);
}

/* The cases the issue names: a 2003-03 date is outside --since 2004; a
 * start in 1999 reported by a 2003 article is too, but not when its only
 * source is undated; an end alone reaches back for ever. */
static void test_evidence__time_rule(void **state)
{
    (void)state;
    erg_graph *g = load_text(
        "{\"format\": \"ergraph/1\", \"sources\": [{\"id\": \"old\", \"date\": \"2003-08-12\"},"
        " {\"id\": \"undated\"}, {\"id\": \"newer\", \"date\": \"2004-01\"}],"
        " \"entities\": [{\"id\": \"a\", \"type\": \"person\", \"name\": \"A\"}],"
        " \"relationships\": ["
        "  {\"id\": \"met\", \"from\": \"a\", \"to\": \"a\", \"type\": \"met\", \"date\": "
        "\"2003-03\"},"
        "  {\"id\": \"led\", \"from\": \"a\", \"to\": \"a\", \"type\": \"led\", \"start\": "
        "\"1999\","
        "   \"evidence\": [{\"source\": \"old\"}]},"
        "  {\"id\": \"open\", \"from\": \"a\", \"to\": \"a\", \"type\": \"led\", \"start\": "
        "\"1999\", \"evidence\": [{\"source\": \"undated\"}]},"
        "  {\"id\": \"later\", \"from\": \"a\", \"to\": \"a\", \"type\": \"led\", \"start\": "
        "\"1999\", \"evidence\": [{\"source\": \"old\"}, {\"source\": \"newer\", \"certainty\": "
        "\"alleged\"}]},"
        "  {\"id\": \"ended\", \"from\": \"a\", \"to\": \"a\", \"type\": \"led\", \"end\": "
        "\"1999\"},"
        "  {\"id\": \"none\", \"from\": \"a\", \"to\": \"a\", \"type\": \"led\"}"
        " ]}");
    erg_filter_spec spec;
    memset(&spec, 0, sizeof(spec));
    spec.since = "2004";
    expect_ids(g, &spec, "open later none");
    /* The latest source counts whatever the other filters keep. */
    const char *stated[] = {"stated"};
    spec.certainties.items = stated;
    spec.certainties.count = 1;
    expect_ids(g, &spec, "open later");
    spec.certainties.count = 0;
    spec.since = "2003-03-31";
    expect_ids(g, &spec, "met led open later none");
    spec.since = "2003-04";
    expect_ids(g, &spec, "led open later none");
    spec.since = "2003-08-13";
    expect_ids(g, &spec, "open later none");
    spec.since = NULL;
    spec.until = "1998";
    expect_ids(g, &spec, "ended none");
    spec.dated_only = true;
    expect_ids(g, &spec, "ended");
    erg_graph_free(g);
}

static void test_evidence__bad_filter_values(void **state)
{
    (void)state;
    erg_graph *g =
        load_text("{\"format\": \"ergraph/1\", \"entities\": [], \"relationships\": []}");
    static const char *const grades[] = {"B", "G2", "B7", "b2", "B22", ""};
    for (size_t i = 0; i < sizeof(grades) / sizeof(grades[0]); i++) {
        erg_filter_spec spec;
        memset(&spec, 0, sizeof(spec));
        spec.min_grade = grades[i];
        erg_diags *diags = erg_diags_new();
        erg_selection *sel = NULL;
        assert_int_equal(erg_filter_apply(&sel, g, &spec, diags), ERG_EUSAGE);
        assert_null(sel);
        assert_int_equal(strncmp(erg_diags_get(diags, 0)->message, "min_grade: \"", 12), 0);
        erg_diags_free(diags);
    }
    erg_filter_spec spec;
    memset(&spec, 0, sizeof(spec));
    const char *bad[] = {"stated", "rumoured"};
    spec.certainties.items = bad;
    spec.certainties.count = 2;
    erg_diags *diags = erg_diags_new();
    erg_selection *sel = NULL;
    assert_int_equal(erg_filter_apply(&sel, g, &spec, diags), ERG_EUSAGE);
    assert_string_equal(erg_diags_get(diags, 0)->message,
                        "certainties: \"rumoured\" is not a certainty; use stated, reported, "
                        "alleged or inferred");
    erg_diags_free(diags);
    erg_graph_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evidence__filters_match_brute_force),
        cmocka_unit_test(test_evidence__time_rule),
        cmocka_unit_test(test_evidence__bad_filter_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
