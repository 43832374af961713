/*
 * CSV import: the spreadsheets analysts keep (an entities sheet, a
 * relationships sheet, optionally a sources sheet) into an ergraph/1 file.
 *
 * Every rule the loader would check is checked here first, on the cells, so
 * that a problem is reported where the analyst can fix it: the file, the
 * spreadsheet row and the column. Only then is the JSON written, and the
 * loader itself reads it back before it is returned: what the importer
 * misses, the loader refuses, and nothing half-right is produced.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/csv.h"
#include "util/date.h"
#include "ergraph/import.h"
#include "ergraph/load.h"
#include "export/export_impl.h"
#include "load/loader_impl.h"

/* The columns each sheet knows; any other is an attribute (entities,
 * relationships) or an error (sources). */
enum { E_ID, E_TYPE, E_NAME, E_ALIASES, E_COUNTRY, E_COLS };
static const char *const entity_cols[] = {"id", "type", "name", "aliases", "country"};
enum {
    R_FROM,
    R_TO,
    R_TYPE,
    R_ID,
    R_DIRECTED,
    R_LABEL,
    R_SOURCE,
    R_QUOTE,
    R_NOTE,
    R_START,
    R_END,
    R_WEIGHT,
    R_CERTAINTY,
    R_ATTRIBUTED_TO,
    R_CREDIBILITY,
    R_DATE,
    R_CONTRADICTS,
    R_COLS
};
static const char *const rel_cols[] = {
    "from",        "to",   "type",       "id",  "directed", "label",     "source",
    "quote",       "note", "start",      "end", "weight",   "certainty", "attributed_to",
    "credibility", "date", "contradicts"};
enum { S_ID, S_TITLE, S_PUBLISHER, S_AUTHOR, S_DATE, S_URL, S_RELIABILITY, S_COLS };
static const char *const source_cols[] = {"id",   "title", "publisher",  "author",
                                          "date", "url",   "reliability"};
#define MAX_COLS 17

typedef struct sheet {
    const char *name;
    erg_csv csv;
    size_t col[MAX_COLS]; /* field index of each known column, or NONE */
    size_t *attrs;        /* field indices of the other columns */
    size_t attr_count;
} sheet;

#define NONE ((size_t)-1)

typedef struct importer {
    erg_arena arena;
    erg_diags *diags;
    bool nomem;
    size_t errors;
    erg_strmap entities; /* id -> record index */
    erg_strmap sources;
    erg_strmap rels;
    erg_strmap cited; /* source ids cited, when there is no sources sheet */
    const char **cited_list;
    size_t cited_count, cited_cap;
} importer;

/* A list cell split on ';' (";;" a literal ';'), each item trimmed. */
typedef struct list {
    const char **items;
    size_t count;
} list;

static void report(importer *im, const sheet *s, long row, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void report(importer *im, const sheet *s, long row, size_t col, const char *fmt, ...)
{
    /* Out of memory, a lookup fails for want of memory, not of the id: its
     * "unknown entity" would be false. */
    if (im->nomem)
        return;
    erg_buf msg = ERG_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    erg_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    if (msg.failed || erg_diags_add(im->diags, ERG_ERROR, s->name, row, (long)col, NULL, "%s",
                                    msg.data) != ERG_OK)
        im->nomem = true;
    im->errors++;
    erg_buf_release(&msg);
}

static bool same_name(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    }
    return *a == *b;
}

/* The header: known columns by name (any case, spaces around ignored), the
 * rest as attributes. */
static bool map_header(importer *im, sheet *s, const char *const *known, size_t nknown,
                       size_t required, bool attrs_allowed)
{
    for (size_t k = 0; k < MAX_COLS; k++)
        s->col[k] = NONE;
    if (s->csv.count == 0) {
        report(im, s, 1, 1, "no header row: the first row names the columns (%s, ...)", known[0]);
        return false;
    }
    const erg_csv_record *h = &s->csv.records[0];
    s->attrs = erg_arena_alloc(&im->arena, (h->count + 1) * sizeof(*s->attrs));
    if (s->attrs == NULL) {
        im->nomem = true;
        return false;
    }
    bool ok = true;
    for (size_t f = 0; f < h->count; f++) {
        const char *text = h->fields[f].text;
        while (*text == ' ')
            text++;
        char *name = erg_arena_strndup(&im->arena, text, strlen(text));
        if (name == NULL) {
            im->nomem = true;
            return false;
        }
        for (size_t n = strlen(name); n > 0 && name[n - 1] == ' '; n--)
            name[n - 1] = '\0';
        h->fields[f].text = name; /* attribute keys use the trimmed name */
        if (name[0] == '\0') {
            report(im, s, h->row, f + 1, "empty column name");
            ok = false;
            continue;
        }
        size_t k = 0;
        while (k < nknown && !same_name(name, known[k]))
            k++;
        bool again = false;
        if (k < nknown) {
            again = s->col[k] != NONE;
            if (!again)
                s->col[k] = f;
        } else if (!attrs_allowed) {
            report(im, s, h->row, f + 1, "unknown column \"%s\"", name);
            ok = false;
            continue;
        } else {
            for (size_t a = 0; a < s->attr_count && !again; a++)
                again = strcmp(h->fields[s->attrs[a]].text, name) == 0;
            if (!again)
                s->attrs[s->attr_count++] = f;
        }
        if (again) {
            report(im, s, h->row, f + 1, "column \"%s\" appears twice", name);
            ok = false;
        }
    }
    for (size_t k = 0; k < required; k++) {
        if (s->col[k] == NONE) {
            report(im, s, h->row, 1, "missing column \"%s\"", known[k]);
            ok = false;
        }
    }
    /* Ragged rows: a missing field would shift every value after it. */
    for (size_t r = 1; r < s->csv.count; r++) {
        const erg_csv_record *rec = &s->csv.records[r];
        if (rec->count != h->count) {
            report(im, s, rec->row, rec->count < h->count ? rec->count : h->count + 1,
                   "this row has %zu fields, the header %zu", rec->count, h->count);
            ok = false;
        }
    }
    return ok;
}

/* The cell of known column k, or "" when the sheet lacks the column. */
static const char *cell(const sheet *s, size_t r, size_t k)
{
    size_t f = s->col[k];
    return f == NONE ? "" : s->csv.records[r].fields[f].text;
}

static size_t column(const sheet *s, size_t k)
{
    return s->col[k] == NONE ? 1 : s->col[k] + 1;
}

static list split(importer *im, const char *text)
{
    list l = {NULL, 0};
    size_t n = 1;
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == ';' && p[1] == ';')
            p++;
        else if (*p == ';')
            n++;
    }
    l.items = erg_arena_alloc(&im->arena, n * sizeof(*l.items));
    char *copy = erg_arena_strndup(&im->arena, text, strlen(text));
    if (l.items == NULL || copy == NULL) {
        im->nomem = true;
        return l;
    }
    char *w = copy;
    const char *item = copy;
    for (const char *p = text;; p++) {
        if (*p == ';' && p[1] == ';') {
            *w++ = ';';
            p++;
            continue;
        }
        if (*p != ';' && *p != '\0') {
            *w++ = *p;
            continue;
        }
        char *end = w;
        *w++ = '\0';
        while (*item == ' ')
            item++;
        while (end > item && end[-1] == ' ')
            *--end = '\0';
        l.items[l.count++] = item;
        item = w;
        if (*p == '\0')
            break;
    }
    /* An empty cell is an empty list, not one empty item. */
    if (l.count == 1 && l.items[0][0] == '\0')
        l.count = 0;
    return l;
}

/* Registers `id` in `map` as record r; false when it was there. */
static bool add_id(importer *im, erg_strmap *map, const char *id, size_t r, size_t *first)
{
    bool added;
    erg_strmap_slot *slot = erg_strmap_insert(map, id, strlen(id), (uint32_t)r, &added);
    if (slot == NULL) {
        im->nomem = true;
        return true;
    }
    *first = slot->value;
    return added;
}

/* Checks the id in column `col` of record r: present unless `optional`,
 * and not a repeat of an earlier record's (`what` names the kind). */
static void check_id(importer *im, sheet *s, size_t r, size_t col, erg_strmap *map,
                     const char *what, bool optional)
{
    long row = s->csv.records[r].row;
    const char *id = cell(s, r, col);
    size_t first;
    if (id[0] == '\0') {
        if (!optional)
            report(im, s, row, column(s, col), "empty %s id", what);
    } else if (!add_id(im, map, id, r, &first)) {
        report(im, s, row, column(s, col), "duplicate %s id \"%s\" (first in row %ld)", what, id,
               s->csv.records[first].row);
    }
}

static size_t find(const erg_strmap *map, const char *id)
{
    const erg_strmap_slot *slot = erg_strmap_find(map, id, strlen(id));
    return slot == NULL ? NONE : slot->value;
}

static void check_sources(importer *im, sheet *s)
{
    for (size_t r = 1; r < s->csv.count; r++) {
        long row = s->csv.records[r].row;
        const char *date = cell(s, r, S_DATE);
        check_id(im, s, r, S_ID, &im->sources, "source", false);
        if (date[0] != '\0' && !erg_date_parse(date, NULL))
            report(im, s, row, column(s, S_DATE),
                   "\"%s\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", date);
        const char *rel = cell(s, r, S_RELIABILITY);
        if (rel[0] != '\0' && !(rel[0] >= 'A' && rel[0] <= 'F' && rel[1] == '\0'))
            report(im, s, row, column(s, S_RELIABILITY),
                   "reliability \"%s\": write one of A, B, C, D, E, F (A completely reliable ... "
                   "F cannot be judged)",
                   rel);
    }
}

static void check_entities(importer *im, sheet *s)
{
    for (size_t r = 1; r < s->csv.count; r++) {
        long row = s->csv.records[r].row;
        const char *type = cell(s, r, E_TYPE);
        check_id(im, s, r, E_ID, &im->entities, "entity", false);
        if (!erg_is_entity_type(type))
            report(im, s, row, column(s, E_TYPE),
                   "type \"%s\" must be a lower-case word (a-z, then a-z, 0-9, _ or -)", type);
        if (cell(s, r, E_NAME)[0] == '\0')
            report(im, s, row, column(s, E_NAME), "empty name");
        list aliases = split(im, cell(s, r, E_ALIASES));
        for (size_t i = 0; i < aliases.count; i++) {
            if (aliases.items[i][0] == '\0')
                report(im, s, row, column(s, E_ALIASES), "alias %zu is empty", i + 1);
        }
    }
    /* Countries may be defined below the entities that name them. */
    for (size_t r = 1; r < s->csv.count; r++) {
        const char *country = cell(s, r, E_COUNTRY);
        if (country[0] == '\0')
            continue;
        size_t c = find(&im->entities, country);
        if (c == NONE)
            report(im, s, s->csv.records[r].row, column(s, E_COUNTRY), "unknown country \"%s\"",
                   country);
        else if (strcmp(cell(s, c, E_TYPE), "country") != 0)
            report(im, s, s->csv.records[r].row, column(s, E_COUNTRY),
                   "\"%s\" is not an entity of type country (row %ld has type \"%s\")", country,
                   s->csv.records[c].row, cell(s, c, E_TYPE));
    }
}

/* Whether s is a JSON number, which the file will hold as written. */
static bool json_number(const char *s)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (isdigit((unsigned char)*p))
        while (isdigit((unsigned char)*p))
            p++;
    else
        return false;
    if (*p == '.') {
        if (!isdigit((unsigned char)*++p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == '\0' && isfinite(strtod(s, NULL));
}

/* "" (the default), or true / false in the spellings spreadsheets use. */
static int parse_bool(const char *s)
{
    static const char *const yes[] = {"true", "yes", "1"}, *const no[] = {"false", "no", "0"};
    for (size_t i = 0; i < 3; i++) {
        if (same_name(s, yes[i]))
            return 1;
        if (same_name(s, no[i]))
            return 0;
    }
    return -1;
}

static void cite(importer *im, const char *id)
{
    bool added;
    if (erg_strmap_insert(&im->cited, id, strlen(id), 0, &added) == NULL ||
        (added && ERG_GROW(im->cited_list, im->cited_cap, im->cited_count + 1) != ERG_OK)) {
        im->nomem = true;
        return;
    }
    if (added)
        im->cited_list[im->cited_count++] = id;
}

static void check_evidence(importer *im, const sheet *s, size_t r, bool have_sources)
{
    long row = s->csv.records[r].row;
    list src = split(im, cell(s, r, R_SOURCE)), quotes = split(im, cell(s, r, R_QUOTE)),
         notes = split(im, cell(s, r, R_NOTE));
    size_t evidence = src.count > 1 ? src.count : quotes.count > 0 ? quotes.count : src.count;
    for (size_t i = 0; i < src.count; i++) {
        const char *id = src.items[i];
        if (id[0] == '\0')
            report(im, s, row, column(s, R_SOURCE), "source %zu is empty", i + 1);
        else if (have_sources && find(&im->sources, id) == NONE)
            report(im, s, row, column(s, R_SOURCE), "unknown source \"%s\"", id);
        else if (!have_sources)
            cite(im, id);
    }
    if (src.count == 0 && (quotes.count > 0 || notes.count > 0))
        report(im, s, row, column(s, s->col[R_SOURCE] != NONE ? R_SOURCE : R_QUOTE),
               "a quote or note needs its source");
    else if (src.count > 1 && quotes.count > 0 && quotes.count != src.count)
        report(im, s, row, column(s, R_QUOTE),
               "%zu sources and %zu quotes: give one source, or one source per quote", src.count,
               quotes.count);
    else if (notes.count > 0 && notes.count != evidence)
        report(im, s, row, column(s, R_NOTE),
               "%zu %s for %zu %s of evidence: give one note per quote", notes.count,
               notes.count == 1 ? "note" : "notes", evidence, evidence == 1 ? "piece" : "pieces");
    /* How sure each piece is: one value for every piece, or one per piece. */
    static const size_t per_piece[] = {R_CERTAINTY, R_ATTRIBUTED_TO, R_CREDIBILITY};
    for (size_t k = 0; k < 3; k++) {
        size_t c = per_piece[k];
        list l = split(im, cell(s, r, c));
        if (l.count > 0 && evidence == 0) {
            report(im, s, row, column(s, c), "a %s needs a source", rel_cols[c]);
            continue;
        }
        if (l.count > 1 && l.count != evidence) {
            report(im, s, row, column(s, c),
                   "%zu values of %s for %zu %s of evidence: give one, or one per piece", l.count,
                   rel_cols[c], evidence, evidence == 1 ? "piece" : "pieces");
            continue;
        }
        for (size_t i = 0; i < l.count; i++) {
            const char *v = l.items[i];
            erg_certainty cert;
            if (v[0] == '\0')
                continue; /* none for this piece */
            if (c == R_CERTAINTY && !erg_certainty_from_name(v, &cert))
                report(im, s, row, column(s, c),
                       "certainty \"%s\": write stated, reported, alleged or inferred", v);
            else if (c == R_ATTRIBUTED_TO && find(&im->entities, v) == NONE)
                report(im, s, row, column(s, c), "unknown entity \"%s\" in attributed_to", v);
            else if (c == R_CREDIBILITY && !(v[0] >= '1' && v[0] <= '6' && v[1] == '\0'))
                report(im, s, row, column(s, c),
                       "credibility \"%s\": write a whole number from 1 (confirmed) to 6 (cannot "
                       "be judged)",
                       v);
        }
    }
}

static void check_relationships(importer *im, sheet *s, bool have_sources)
{
    for (size_t r = 1; r < s->csv.count; r++) {
        long row = s->csv.records[r].row;
        const size_t ends[] = {R_FROM, R_TO};
        for (size_t k = 0; k < 2; k++) {
            const char *id = cell(s, r, ends[k]);
            if (id[0] == '\0')
                report(im, s, row, column(s, ends[k]), "empty \"%s\"", rel_cols[ends[k]]);
            else if (find(&im->entities, id) == NONE)
                report(im, s, row, column(s, ends[k]), "unknown entity \"%s\"", id);
        }
        const char *type = cell(s, r, R_TYPE);
        if (!erg_is_relation_type(type))
            report(im, s, row, column(s, R_TYPE),
                   "type \"%s\" must be snake_case (lower-case words of a-z0-9 joined by _)", type);
        check_id(im, s, r, R_ID, &im->rels, "relationship", true);
        if (parse_bool(cell(s, r, R_DIRECTED)) < 0 && cell(s, r, R_DIRECTED)[0] != '\0')
            report(im, s, row, column(s, R_DIRECTED),
                   "directed is \"%s\": write true or false (or leave it empty: true)",
                   cell(s, r, R_DIRECTED));
        const char *start = cell(s, r, R_START), *end = cell(s, r, R_END);
        erg_date_span a, b;
        bool start_ok = start[0] == '\0' || erg_date_parse(start, &a);
        bool end_ok = end[0] == '\0' || erg_date_parse(end, &b);
        if (!start_ok)
            report(im, s, row, column(s, R_START),
                   "\"%s\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", start);
        if (!end_ok)
            report(im, s, row, column(s, R_END),
                   "\"%s\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", end);
        if (start_ok && end_ok && start[0] != '\0' && end[0] != '\0' && b.last < a.first)
            report(im, s, row, column(s, R_END), "end %s lies before start %s", end, start);
        const char *date = cell(s, r, R_DATE);
        if (date[0] != '\0' && !erg_date_parse(date, NULL))
            report(im, s, row, column(s, R_DATE),
                   "\"%s\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", date);
        else if (date[0] != '\0' && (start[0] != '\0' || end[0] != '\0'))
            report(im, s, row, column(s, R_DATE),
                   "a date (a one-off fact) cannot go with a start or end (a period)");
        list contra = split(im, cell(s, r, R_CONTRADICTS));
        for (size_t i = 0; i < contra.count; i++) {
            if (contra.items[i][0] == '\0')
                report(im, s, row, column(s, R_CONTRADICTS), "contradicts %zu is empty", i + 1);
        }
        const char *weight = cell(s, r, R_WEIGHT);
        if (weight[0] != '\0' && !json_number(weight))
            report(im, s, row, column(s, R_WEIGHT), "weight \"%s\" is not a number", weight);
        check_evidence(im, s, r, have_sources);
    }
}

/* ---- Writing the file ----------------------------------------------- */

static void put_field(erg_buf *b, const char *key, const char *value)
{
    if (value[0] == '\0')
        return;
    erg_buf_printf(b, ", \"%s\": ", key);
    erg_put_json(b, value);
}

static void put_list(erg_buf *b, const char *key, const list *l)
{
    if (l->count == 0)
        return;
    erg_buf_printf(b, ", \"%s\": [", key);
    for (size_t i = 0; i < l->count; i++) {
        if (i > 0)
            erg_buf_puts(b, ", ");
        erg_put_json(b, l->items[i]);
    }
    erg_buf_putc(b, ']');
}

/* The other columns, as string attributes; empty cells are left out. */
static void put_attrs(erg_buf *b, const sheet *s, size_t r)
{
    bool any = false;
    for (size_t a = 0; a < s->attr_count; a++) {
        const char *value = s->csv.records[r].fields[s->attrs[a]].text;
        if (value[0] == '\0')
            continue;
        erg_buf_puts(b, any ? ", " : ", \"attrs\": {");
        erg_put_json(b, s->csv.records[0].fields[s->attrs[a]].text);
        erg_buf_puts(b, ": ");
        erg_put_json(b, value);
        any = true;
    }
    if (any)
        erg_buf_putc(b, '}');
}

static void put_evidence(importer *im, erg_buf *b, const sheet *s, size_t r)
{
    list src = split(im, cell(s, r, R_SOURCE)), quotes = split(im, cell(s, r, R_QUOTE)),
         notes = split(im, cell(s, r, R_NOTE));
    size_t n = src.count > 1 ? src.count : quotes.count > 0 ? quotes.count : src.count;
    if (n == 0)
        return;
    erg_buf_puts(b, ", \"evidence\": [");
    for (size_t i = 0; i < n; i++) {
        erg_buf_puts(b, i > 0 ? ", {\"source\": " : "{\"source\": ");
        erg_put_json(b, src.items[src.count > 1 ? i : 0]);
        if (i < quotes.count)
            put_field(b, "quote", quotes.items[i]);
        if (i < notes.count)
            put_field(b, "note", notes.items[i]);
        list cert = split(im, cell(s, r, R_CERTAINTY)),
             said = split(im, cell(s, r, R_ATTRIBUTED_TO)),
             cred = split(im, cell(s, r, R_CREDIBILITY));
        if (cert.count > 0)
            put_field(b, "certainty", cert.items[cert.count > 1 ? i : 0]);
        if (said.count > 0)
            put_field(b, "attributed_to", said.items[said.count > 1 ? i : 0]);
        if (cred.count > 0 && cred.items[cred.count > 1 ? i : 0][0] != '\0')
            erg_buf_printf(b, ", \"credibility\": %s", cred.items[cred.count > 1 ? i : 0]);
        erg_buf_putc(b, '}');
    }
    erg_buf_putc(b, ']');
}

static void write_file(importer *im, erg_buf *b, const sheet *ents, const sheet *rels,
                       const sheet *srcs, const erg_csv_import_options *opts)
{
    erg_buf_puts(b, "{\n  \"format\": \"ergraph/1\"");
    if (opts != NULL && opts->title != NULL) {
        erg_buf_puts(b, ",\n  \"title\": ");
        erg_put_json(b, opts->title);
    }
    erg_buf_puts(b, ",\n  \"sources\": [");
    size_t n = srcs != NULL ? srcs->csv.count - 1 : im->cited_count;
    for (size_t i = 0; i < n; i++) {
        erg_buf_puts(b, i > 0 ? ",\n    {\"id\": " : "\n    {\"id\": ");
        if (srcs == NULL) {
            erg_put_json(b, im->cited_list[i]);
        } else {
            erg_put_json(b, cell(srcs, i + 1, S_ID));
            for (size_t k = S_TITLE; k < S_COLS; k++)
                put_field(b, source_cols[k], cell(srcs, i + 1, k));
        }
        erg_buf_putc(b, '}');
    }
    erg_buf_puts(b, n > 0 ? "\n  ],\n  \"entities\": [" : "],\n  \"entities\": [");
    for (size_t r = 1; r < ents->csv.count; r++) {
        erg_buf_puts(b, r > 1 ? ",\n    {\"id\": " : "\n    {\"id\": ");
        erg_put_json(b, cell(ents, r, E_ID));
        put_field(b, "type", cell(ents, r, E_TYPE));
        put_field(b, "name", cell(ents, r, E_NAME));
        list aliases = split(im, cell(ents, r, E_ALIASES));
        put_list(b, "aliases", &aliases);
        put_field(b, "country", cell(ents, r, E_COUNTRY));
        put_attrs(b, ents, r);
        erg_buf_putc(b, '}');
    }
    erg_buf_puts(b, ents->csv.count > 1 ? "\n  ],\n  \"relationships\": ["
                                        : "],\n  \"relationships\": [");
    for (size_t r = 1; r < rels->csv.count; r++) {
        erg_buf_puts(b, r > 1 ? ",\n    {" : "\n    {");
        if (cell(rels, r, R_ID)[0] != '\0') {
            erg_buf_puts(b, "\"id\": ");
            erg_put_json(b, cell(rels, r, R_ID));
            erg_buf_puts(b, ", ");
        }
        erg_buf_puts(b, "\"from\": ");
        erg_put_json(b, cell(rels, r, R_FROM));
        put_field(b, "to", cell(rels, r, R_TO));
        put_field(b, "type", cell(rels, r, R_TYPE));
        if (parse_bool(cell(rels, r, R_DIRECTED)) == 0)
            erg_buf_puts(b, ", \"directed\": false");
        put_field(b, "label", cell(rels, r, R_LABEL));
        put_field(b, "start", cell(rels, r, R_START));
        put_field(b, "end", cell(rels, r, R_END));
        put_field(b, "date", cell(rels, r, R_DATE));
        list contra = split(im, cell(rels, r, R_CONTRADICTS));
        put_list(b, "contradicts", &contra);
        if (cell(rels, r, R_WEIGHT)[0] != '\0')
            erg_buf_printf(b, ", \"weight\": %s", cell(rels, r, R_WEIGHT));
        put_attrs(b, rels, r);
        put_evidence(im, b, rels, r);
        erg_buf_putc(b, '}');
    }
    erg_buf_puts(b, rels->csv.count > 1 ? "\n  ]\n}\n" : "]\n}\n");
}

/* The loader's verdict on what was written; its diagnostics are passed on. */
static erg_status validate(const char *text, size_t len, erg_diags *diags)
{
    erg_graph *g = NULL;
    erg_loader *l = erg_loader_new(NULL, diags);
    if (l == NULL)
        return ERG_ENOMEM;
    erg_status rc = erg_loader_add_buffer(l, "(imported file)", text, len);
    erg_status fin = erg_loader_finish(l, &g);
    if (rc == ERG_OK)
        rc = fin;
    erg_graph_free(g);
    erg_loader_free(l);
    return rc;
}

erg_status erg_csv_import(char **out, size_t *out_len, const erg_csv_import_input *entities,
                          const erg_csv_import_input *relationships,
                          const erg_csv_import_input *sources, const erg_csv_import_options *opts,
                          erg_diags *diags)
{
    erg_status rc = ERG_ENOMEM;
    importer im;
    sheet sh[3];
    const erg_csv_import_input *inputs[3] = {entities, relationships, sources};
    erg_buf text = ERG_BUF_INIT;
    memset(&im, 0, sizeof(im));
    memset(sh, 0, sizeof(sh));
    im.diags = diags;
    *out = NULL;
    *out_len = 0;
    if (entities == NULL || entities->data == NULL || relationships == NULL ||
        relationships->data == NULL) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "the entities and the relationships are both needed");
        return ERG_EUSAGE;
    }

    bool parsed = true;
    for (int i = 0; i < 3; i++) {
        if (inputs[i] == NULL || inputs[i]->data == NULL)
            continue;
        sh[i].name = inputs[i]->name;
        erg_status prc = erg_csv_parse(&sh[i].csv, &im.arena, inputs[i]->name, inputs[i]->data,
                                       inputs[i]->len, diags);
        if (prc == ERG_ENOMEM)
            goto done;
        parsed = parsed && prc == ERG_OK;
    }
    rc = ERG_EDATA;
    if (!parsed)
        goto done;
    bool have_sources = sources != NULL && sources->data != NULL;
    bool ok = map_header(&im, &sh[0], entity_cols, E_COLS, 3, true);
    ok = map_header(&im, &sh[1], rel_cols, R_COLS, 3, true) && ok;
    if (have_sources)
        ok = map_header(&im, &sh[2], source_cols, S_COLS, 1, false) && ok;
    if (!ok || im.nomem)
        goto done;
    if (have_sources)
        check_sources(&im, &sh[2]);
    if (!im.nomem)
        check_entities(&im, &sh[0]);
    if (!im.nomem)
        check_relationships(&im, &sh[1], have_sources);
    if (im.errors > 0 || im.nomem)
        goto done;
    write_file(&im, &text, &sh[0], &sh[1], have_sources ? &sh[2] : NULL, opts);
    if (text.failed || im.nomem) {
        rc = ERG_ENOMEM;
        goto done;
    }
    rc = validate(text.data, text.len, diags);
    if (rc != ERG_OK)
        goto done;
    *out_len = text.len;
    *out = erg_buf_detach(&text);
    rc = *out == NULL ? ERG_ENOMEM : ERG_OK;
done:
    if (im.nomem && rc == ERG_EDATA)
        rc = ERG_ENOMEM;
    for (int i = 0; i < 3; i++)
        erg_csv_release(&sh[i].csv);
    erg_strmap_release(&im.entities);
    erg_strmap_release(&im.sources);
    erg_strmap_release(&im.rels);
    erg_strmap_release(&im.cited);
    erg_free(im.cited_list);
    erg_arena_release(&im.arena);
    erg_buf_release(&text);
    if (rc != ERG_OK)
        *out_len = 0;
    return rc;
}
