/*
 * Putting cairo's one-page PDF on printer pages (see pdfpage.h).
 *
 * Only as much of PDF is read as the update needs, following references
 * from the trailer rather than searching the bytes (a compressed stream may
 * hold any text): the cross-reference table, the catalog, the page tree of
 * one page, and that page's box, contents and resources. Anything else
 * (a cross-reference stream, several pages) is refused, not guessed at.
 */
#include "render/pdfpage.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"

static const erg_paper papers[] = {
    {"a4", "A4", 595.276, 841.89},      {"a4-landscape", "A4 landscape", 841.89, 595.276},
    {"letter", "Letter", 612.0, 792.0}, {"letter-landscape", "Letter landscape", 792.0, 612.0},
    {"a3", "A3", 841.89, 1190.551},     {"a3-landscape", "A3 landscape", 1190.551, 841.89},
};

const erg_paper *erg_paper_find(const char *name)
{
    for (size_t i = 0; name != NULL && i < sizeof(papers) / sizeof(papers[0]); i++) {
        if (strcmp(papers[i].name, name) == 0)
            return &papers[i];
    }
    return NULL;
}

/* Pages needed for `length` points at `scale` in areas of `area` points;
 * a hair of rounding never costs a page. */
static size_t pages_for(double length, double scale, double area)
{
    double n = ceil(length * scale / area - 1e-6);
    return n < 1 ? 1 : (size_t)n;
}

erg_page_grid erg_page_grid_for(const erg_paper *paper, double width, double height,
                                double min_scale)
{
    erg_page_grid grid;
    double aw = paper->width - 2 * ERG_PAGE_MARGIN, ah = paper->height - 2 * ERG_PAGE_MARGIN;
    if (!(min_scale > 0) || min_scale > 1)
        min_scale = 1;
    if (!(width > 0))
        width = 1;
    if (!(height > 0))
        height = 1;
    /* As few pages as the smallest legible scale allows, then as large a
     * scale as fills them. */
    grid.cols = pages_for(width, min_scale, aw);
    grid.rows = pages_for(height, min_scale, ah);
    grid.scale = fmin(1.0, fmin((double)grid.cols * aw / width, (double)grid.rows * ah / height));
    grid.fit_scale = fmin(1.0, fmin(aw / width, ah / height));
    grid.ox = ((double)grid.cols * aw - width * grid.scale) / 2;
    grid.oy = ((double)grid.rows * ah - height * grid.scale) / 2;
    grid.pages = grid.rows * grid.cols;
    return grid;
}

/* ---- Reading the PDF ------------------------------------------------- */

typedef struct span {
    const char *p;
    size_t len;
} span;

static bool is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static bool is_delim(char c)
{
    return is_space(c) || strchr("()<>[]{}/%", c) != NULL;
}

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && is_space(*p))
        p++;
    return p;
}

/* A non-negative whole number; NULL when there is none. */
static const char *read_uint(const char *p, const char *end, uint64_t *v)
{
    const char *start = p;
    *v = 0;
    while (p < end && *p >= '0' && *p <= '9' && *v < UINT64_MAX / 16)
        *v = *v * 10 + (uint64_t)(*p++ - '0');
    return p > start && (p == end || is_delim(*p)) ? p : NULL;
}

/* A real number as PDF writes them ("-12", "3.5", ".5"), read without
 * strtod(), whose decimal point follows the caller's locale. */
static const char *read_real(const char *p, const char *end, double *v)
{
    double sign = 1, x = 0, unit = 1;
    bool digits = false;
    if (p < end && (*p == '-' || *p == '+'))
        sign = *p++ == '-' ? -1 : 1;
    for (; p < end && *p >= '0' && *p <= '9'; p++, digits = true)
        x = x * 10 + (*p - '0');
    if (p < end && *p == '.') {
        for (p++; p < end && *p >= '0' && *p <= '9'; p++, digits = true)
            x += (*p - '0') * (unit /= 10);
    }
    *v = sign * x;
    return digits && (p == end || is_delim(*p)) ? p : NULL;
}

/* The last occurrence of `word` in [p, end). */
static const char *find_last(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);
    for (const char *q = end - n; end - p >= (ptrdiff_t)n && q >= p; q--) {
        if (memcmp(q, word, n) == 0)
            return q;
    }
    return NULL;
}

/* The end of the balanced "<< >>" or "[ ]" starting at p, or NULL. */
static const char *skip_nested(const char *p, const char *end)
{
    int depth = 0;
    while (p < end) {
        if (p + 1 < end && ((p[0] == '<' && p[1] == '<') || (p[0] == '>' && p[1] == '>'))) {
            depth += p[0] == '<' ? 1 : -1;
            p += 2;
        } else if (*p == '[' || *p == ']') {
            depth += *p == '[' ? 1 : -1;
            p++;
        } else if (*p == '(') {
            return NULL; /* strings do not occur in what is read here */
        } else {
            p++;
        }
        if (depth == 0)
            return p;
    }
    return NULL;
}

/* White space and comments (cairo writes "/Type /Page % 1"). */
static const char *skip_blank(const char *p, const char *end)
{
    for (;;) {
        p = skip_space(p, end);
        if (p >= end || *p != '%')
            return p;
        while (p < end && *p != '\n' && *p != '\r')
            p++;
    }
}

/* The end of the value at s: a reference "N G R", an array or dictionary
 * with its brackets, or one token; NULL when malformed. */
static const char *value_end(const char *s, const char *end)
{
    uint64_t n;
    const char *q, *r;
    if (s >= end)
        return NULL;
    if (*s == '<' || *s == '[')
        return skip_nested(s, end);
    if ((q = read_uint(s, end, &n)) != NULL && (r = read_uint(skip_space(q, end), end, &n)) &&
        (r = skip_space(r, end)) < end && *r == 'R' && (r + 1 == end || is_delim(r[1])))
        return r + 1;
    const char *e = s + 1;
    while (e < end && !is_delim(*e))
        e++;
    return e;
}

/* The value of `key` in the dictionary `dict` (its text, "<< ... >>"), at
 * its top level; empty when absent. */
static span dict_value(span dict, const char *key)
{
    span none = {NULL, 0};
    size_t klen = strlen(key);
    if (dict.p == NULL || dict.len < 4 || memcmp(dict.p, "<<", 2) != 0)
        return none;
    const char *p = dict.p + 2, *end = dict.p + dict.len - 2; /* inside the brackets */
    while ((p = skip_blank(p, end)) < end) {
        if (*p != '/')
            return none;
        const char *k = p + 1, *v;
        for (p = k; p < end && !is_delim(*p); p++)
            ;
        v = skip_blank(p, end);
        const char *e = value_end(v, end);
        if (e == NULL)
            return none;
        if ((size_t)(p - k) == klen && memcmp(k, key, klen) == 0) {
            span out = {v, (size_t)(e - v)};
            return out;
        }
        p = e;
    }
    return none;
}

/* The object number of the reference "N G R" in v, or 0. */
static uint64_t ref_number(span v)
{
    uint64_t n = 0;
    return v.p != NULL && read_uint(v.p, v.p + v.len, &n) != NULL ? n : 0;
}

typedef struct pdf {
    const char *data;
    size_t len;
    uint64_t *offsets; /* per object number: its offset, or 0 */
    uint64_t size;     /* the trailer's /Size */
    uint64_t xref;     /* where the last cross-reference table begins */
    span root, info;   /* references from the trailer */
} pdf;

/* The cross-reference table at pdf->xref and the trailer after it. */
static const char *read_xref(pdf *f)
{
    const char *end = f->data + f->len, *p = f->data + f->xref;
    if (f->xref >= f->len || end - p < 4 || memcmp(p, "xref", 4) != 0)
        return "no cross-reference table where startxref points";
    p = skip_space(p + 4, end);
    while (p < end && *p >= '0' && *p <= '9') {
        uint64_t first, count, off, gen;
        if ((p = read_uint(p, end, &first)) == NULL ||
            (p = read_uint(skip_space(p, end), end, &count)) == NULL)
            return "a bad cross-reference subsection";
        for (uint64_t i = 0; i < count; i++) {
            if ((p = read_uint(skip_space(p, end), end, &off)) == NULL ||
                (p = read_uint(skip_space(p, end), end, &gen)) == NULL ||
                (p = skip_space(p, end)) >= end || (*p != 'n' && *p != 'f'))
                return "a bad cross-reference entry";
            if (*p == 'n' && first + i < f->size && off < f->len)
                f->offsets[first + i] = off;
            p = skip_space(p + 1, end);
        }
    }
    if (end - p < 7 || memcmp(p, "trailer", 7) != 0)
        return "no trailer after the cross-reference table";
    p = skip_space(p + 7, end);
    const char *e = skip_nested(p, end);
    if (e == NULL)
        return "a bad trailer";
    span trailer = {p, (size_t)(e - p)};
    if (dict_value(trailer, "Prev").p != NULL)
        return "an updated PDF"; /* cairo writes one table; nothing else is expected */
    f->root = dict_value(trailer, "Root");
    f->info = dict_value(trailer, "Info");
    if (ref_number(f->root) == 0)
        return "no catalog";
    return NULL;
}

/* The dictionary of object `num`, which must not be a stream. */
static span object_dict(const pdf *f, uint64_t num)
{
    span none = {NULL, 0};
    if (num == 0 || num >= f->size || f->offsets[num] == 0)
        return none;
    const char *end = f->data + f->len, *p = f->data + f->offsets[num];
    uint64_t n, gen;
    if ((p = read_uint(p, end, &n)) == NULL || n != num ||
        (p = read_uint(skip_space(p, end), end, &gen)) == NULL)
        return none;
    p = skip_space(p, end);
    if (end - p < 3 || memcmp(p, "obj", 3) != 0)
        return none;
    p = skip_space(p + 3, end);
    const char *e = skip_nested(p, end);
    span out = {p, e != NULL ? (size_t)(e - p) : 0};
    return e != NULL && *p == '<' ? out : none;
}

/* What the new pages take from the old one. */
typedef struct old_page {
    uint64_t pages; /* the page tree's root, replaced */
    double box[4];  /* its MediaBox */
    span contents;  /* "N G R" or "[ ... ]" */
    span resources; /* a reference or a dictionary */
    span group;     /* its transparency group, or empty */
} old_page;

static const char *read_page(const pdf *f, old_page *pg)
{
    span catalog = object_dict(f, ref_number(f->root));
    pg->pages = ref_number(dict_value(catalog, "Pages"));
    span pages = object_dict(f, pg->pages);
    span count = dict_value(pages, "Count"), kids = dict_value(pages, "Kids");
    uint64_t n = 0;
    if (pages.p == NULL || count.p == NULL || read_uint(count.p, count.p + count.len, &n) == NULL ||
        n != 1 || kids.len < 2)
        return "not a PDF of one page";
    span kid = {skip_space(kids.p + 1, kids.p + kids.len), 0};
    kid.len = (size_t)(kids.p + kids.len - kid.p);
    span page = object_dict(f, ref_number(kid));
    span box = dict_value(page, "MediaBox");
    pg->contents = dict_value(page, "Contents");
    pg->resources = dict_value(page, "Resources");
    pg->group = dict_value(page, "Group");
    if (page.p == NULL || box.len < 2 || pg->contents.p == NULL || pg->resources.p == NULL)
        return "a page without its box, contents or resources";
    const char *p = box.p + 1, *end = box.p + box.len - 1;
    for (int i = 0; i < 4; i++) {
        if ((p = read_real(skip_space(p, end), end, &pg->box[i])) == NULL)
            return "a bad MediaBox";
    }
    if (!(pg->box[2] > pg->box[0] && pg->box[3] > pg->box[1]))
        return "an empty MediaBox";
    return NULL;
}

/* ---- Writing the update ---------------------------------------------- */

/* A number for PDF, to a thousandth of a point, whatever the locale. */
static void put_num(erg_buf *b, double v)
{
    long long t = llround(v * 1000);
    const char *sign = t < 0 ? "-" : "";
    t = t < 0 ? -t : t;
    long long frac = t % 1000;
    int digits = 3;
    for (; digits > 0 && frac % 10 == 0; digits--)
        frac /= 10; /* 841.89, not 841.890 */
    if (digits == 0)
        erg_buf_printf(b, "%s%lld", sign, t / 1000);
    else
        erg_buf_printf(b, "%s%lld.%0*lld", sign, t / 1000, digits, frac);
}

static void put_stream(erg_buf *b, uint64_t num, const erg_buf *content)
{
    erg_buf_printf(b, "%llu 0 obj\n<< /Length %zu >>\nstream\n", (unsigned long long)num,
                   content->len);
    erg_buf_put(b, content->data != NULL ? content->data : "", content->len);
    erg_buf_puts(b, "\nendstream\nendobj\n");
}

/* Corner marks in the margins of a tiled page, where to trim it: thin
 * grey lines that stop short of the printable area. */
static void put_marks(erg_buf *b, const erg_paper *paper)
{
    double m = ERG_PAGE_MARGIN, x1 = paper->width - m, y1 = paper->height - m;
    double xs[2] = {m, x1}, ys[2] = {m, y1};
    erg_buf_puts(b, "q 0.4 w 0.6 G\n");
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            double x = xs[i], y = ys[j], dx = i ? 1 : -1, dy = j ? 1 : -1;
            put_num(b, x + 3 * dx), erg_buf_putc(b, ' '), put_num(b, y);
            erg_buf_puts(b, " m "), put_num(b, x + 12 * dx), erg_buf_putc(b, ' '), put_num(b, y);
            erg_buf_puts(b, " l "), put_num(b, x), erg_buf_putc(b, ' '), put_num(b, y + 3 * dy);
            erg_buf_puts(b, " m "), put_num(b, x), erg_buf_putc(b, ' '), put_num(b, y + 12 * dy);
            erg_buf_puts(b, " l S\n");
        }
    }
    erg_buf_puts(b, "Q\n");
}

/*
 * Page (row, col): the printable area clipped, then the drawing scaled and
 * moved so that the part of the grid that falls on this page lands in it.
 * A drawing point (x, y) goes to the grid at (ox + (x - x0) s, oy + (y1 -
 * y) s), y down; the page shows the grid from (col aw, row ah).
 */
static void put_prefix(erg_buf *b, const erg_paper *paper, const erg_page_grid *grid,
                       const double box[4], size_t row, size_t col)
{
    double m = ERG_PAGE_MARGIN, s = grid->scale;
    double aw = paper->width - 2 * m, ah = paper->height - 2 * m;
    double tx = m - (double)col * aw + grid->ox - box[0] * s;
    double ty = m + (double)(row + 1) * ah - grid->oy - box[3] * s;
    erg_buf_puts(b, "q ");
    put_num(b, m), erg_buf_putc(b, ' '), put_num(b, m), erg_buf_putc(b, ' ');
    put_num(b, aw), erg_buf_putc(b, ' '), put_num(b, ah);
    erg_buf_puts(b, " re W n ");
    put_num(b, s), erg_buf_puts(b, " 0 0 "), put_num(b, s), erg_buf_putc(b, ' ');
    put_num(b, tx), erg_buf_putc(b, ' '), put_num(b, ty);
    erg_buf_puts(b, " cm\n");
}

/* The label of the page in row r, column c of a poster: "A1" for the top
 * left, letters down ("Z", "AA", ...), numbers across. */
void erg_page_label(char *out, size_t size, size_t r, size_t c)
{
    char letters[16];
    size_t n = 0;
    for (size_t v = r + 1; v > 0 && n < sizeof(letters); v = (v - 1) / 26)
        letters[n++] = (char)('A' + (v - 1) % 26);
    size_t k = 0;
    while (n > 0 && k + 1 < size)
        out[k++] = letters[--n];
    if (size > 0)
        out[k < size ? k : size - 1] = '\0';
    if (k + 1 < size)
        snprintf(out + k, size - k, "%zu", c + 1);
}

/* The page's label in its top margin, in grey Helvetica (the font object
 * ErgLabel the resources name); its own graphics state. */
static void put_label(erg_buf *b, const erg_paper *paper, size_t r, size_t c, size_t rows,
                      size_t cols, size_t k, size_t npages)
{
    char label[48];
    erg_page_label(label, sizeof(label), r, c);
    erg_buf_puts(b, "q BT /ErgLabel 9 Tf 0.35 g ");
    put_num(b, ERG_PAGE_MARGIN + 16), erg_buf_putc(b, ' '); /* clear of the trim mark */
    put_num(b, paper->height - ERG_PAGE_MARGIN + 6);
    erg_buf_printf(b, " Td (%s  \\(%zu of %zu; rows A-", label, k + 1, npages);
    char last[48];
    erg_page_label(last, sizeof(last), rows - 1, cols - 1);
    erg_buf_printf(b, "%.*s, columns 1-%zu\\)) Tj ET Q\n", (int)strcspn(last, "0123456789"), last,
                   cols);
}

/*
 * The page's resources with the font of the labels added, as a dictionary
 * into b; false when they are not of a form this knows (a /Font given by
 * reference): the poster then goes without labels.
 */
static bool put_resources(erg_buf *b, const pdf *f, span res, uint64_t font)
{
    if (res.p != NULL && res.len > 0 && res.p[0] != '<')
        res = object_dict(f, ref_number(res));
    if (res.p == NULL || res.len < 4 || memcmp(res.p, "<<", 2) != 0)
        return false;
    span fonts = dict_value(res, "Font");
    if (fonts.p == NULL) {
        erg_buf_put(b, res.p, res.len - 2);
        erg_buf_printf(b, " /Font << /ErgLabel %llu 0 R >> >>", (unsigned long long)font);
        return true;
    }
    if (fonts.len < 4 || memcmp(fonts.p, "<<", 2) != 0)
        return false;
    const char *close = fonts.p + fonts.len - 2; /* its ">>" */
    erg_buf_put(b, res.p, (size_t)(close - res.p));
    erg_buf_printf(b, " /ErgLabel %llu 0 R ", (unsigned long long)font);
    erg_buf_put(b, close, (size_t)(res.p + res.len - close));
    return true;
}

/* The inside of the contents array: a reference, or an array's items. */
static span contents_items(span v)
{
    if (v.len >= 2 && v.p[0] == '[') {
        span inner = {v.p + 1, v.len - 2};
        return inner;
    }
    return v;
}

/*
 * Reads what the new pages need of Graphviz's PDF in f->data: the
 * trailer's /Size (which sizes the table of offsets), the cross-reference
 * table and the one page. ERG_EGRAPHVIZ with *why when the PDF is not of a
 * form this knows; ERG_ENOMEM.
 */
static erg_status read_pdf(pdf *f, old_page *pg, const char **why)
{
    const char *data = f->data, *end = f->data + f->len;
    const char *sx = find_last(data, end, "startxref");
    const char *tr = find_last(data, end, "trailer");
    span trailer = {NULL, 0};
    uint64_t size = 0;
    if (tr != NULL) {
        const char *p = skip_space(tr + 7, end), *e = skip_nested(p, end);
        trailer.p = p;
        trailer.len = e != NULL ? (size_t)(e - p) : 0;
    }
    span size_v = dict_value(trailer, "Size");
    if (sx == NULL || read_uint(skip_space(sx + 9, end), end, &f->xref) == NULL ||
        size_v.p == NULL || read_uint(size_v.p, size_v.p + size_v.len, &size) == NULL || size < 2 ||
        size > f->len) {
        *why = "no trailer or startxref";
        return ERG_EGRAPHVIZ;
    }
    f->size = size;
    if ((f->offsets = erg_calloc(size, sizeof(*f->offsets))) == NULL)
        return ERG_ENOMEM;
    if ((*why = read_xref(f)) != NULL || (*why = read_page(f, pg)) != NULL)
        return ERG_EGRAPHVIZ;
    return ERG_OK;
}

/* Where a poster's new objects go: numbers from `first` on. */
typedef struct new_objects {
    uint64_t first;     /* the closing stream, shared by every page */
    uint64_t font;      /* the labels' font (posters with labels) */
    uint64_t resources; /* the resources that name it */
    bool labels;
} new_objects;

/* Page k of those printed (row r, column c of the grid) and its prefix
 * stream, objects `page` and `page + 1`; their offsets into pos. */
static void put_page(erg_buf *b, erg_buf *content, uint64_t *pos, const new_objects *o,
                     const old_page *pg, const erg_paper *paper, const erg_page_grid *gr, size_t r,
                     size_t c, size_t k)
{
    uint64_t page = o->first + 1 + 2 * k, prefix = page + 1;
    span items = contents_items(pg->contents);
    content->len = 0;
    if (o->labels)
        put_label(content, paper, r, c, gr->rows, gr->cols, k, gr->pages);
    put_prefix(content, paper, gr, pg->box, r, c);
    pos[1 + 2 * k] = b->len;
    erg_buf_printf(b, "%llu 0 obj\n<< /Type /Page /Parent %llu 0 R /MediaBox [ 0 0 ",
                   (unsigned long long)page, (unsigned long long)pg->pages);
    put_num(b, paper->width), erg_buf_putc(b, ' '), put_num(b, paper->height);
    erg_buf_printf(b, " ]\n   /Contents [ %llu 0 R ", (unsigned long long)prefix);
    erg_buf_put(b, items.p, items.len);
    erg_buf_printf(b, " %llu 0 R ]\n   /Resources ", (unsigned long long)o->first);
    if (o->labels)
        erg_buf_printf(b, "%llu 0 R", (unsigned long long)o->resources);
    else
        erg_buf_put(b, pg->resources.p, pg->resources.len);
    if (pg->group.p != NULL) {
        erg_buf_puts(b, "\n   /Group ");
        erg_buf_put(b, pg->group.p, pg->group.len);
    }
    erg_buf_puts(b, "\n>>\nendobj\n");
    pos[2 + 2 * k] = b->len;
    put_stream(b, prefix, content);
}

/* The labels' font and the resources naming it (res), and their offsets. */
static void put_label_objects(erg_buf *b, uint64_t *pos, const new_objects *o, size_t npages,
                              const erg_buf *res)
{
    pos[1 + 2 * npages] = b->len;
    erg_buf_printf(b,
                   "%llu 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   "/Encoding /WinAnsiEncoding >>\nendobj\n",
                   (unsigned long long)o->font);
    pos[2 + 2 * npages] = b->len;
    erg_buf_printf(b, "%llu 0 obj\n", (unsigned long long)o->resources);
    erg_buf_put(b, res->data, res->len);
    erg_buf_puts(b, "\nendobj\n");
}

/* The page tree under its old number, now of the new pages, then the
 * incremental update's cross-reference table and trailer (objects first
 * to next - 1 at pos). */
static void put_update_tail(erg_buf *b, const pdf *f, const old_page *pg, size_t npages,
                            uint64_t first, uint64_t next, const uint64_t *pos)
{
    uint64_t tree = b->len;
    erg_buf_printf(b, "%llu 0 obj\n<< /Type /Pages /Count %zu /Kids [",
                   (unsigned long long)pg->pages, npages);
    for (size_t k = 0; k < npages; k++)
        erg_buf_printf(b, " %llu 0 R", (unsigned long long)(first + 1 + 2 * k));
    erg_buf_puts(b, " ] >>\nendobj\n");

    uint64_t xref = b->len;
    erg_buf_printf(b, "xref\n%llu 1\n%010llu 00000 n \n%llu %llu\n", (unsigned long long)pg->pages,
                   (unsigned long long)tree, (unsigned long long)first,
                   (unsigned long long)(next - first));
    for (uint64_t i = 0; i < next - first; i++)
        erg_buf_printf(b, "%010llu 00000 n \n", (unsigned long long)pos[i]);
    erg_buf_printf(b, "trailer\n<< /Size %llu /Root ", (unsigned long long)next);
    erg_buf_put(b, f->root.p, f->root.len);
    if (f->info.p != NULL) {
        erg_buf_puts(b, " /Info ");
        erg_buf_put(b, f->info.p, f->info.len);
    }
    erg_buf_printf(b, " /Prev %llu >>\nstartxref\n%llu\n%%%%EOF\n", (unsigned long long)f->xref,
                   (unsigned long long)xref);
}

/* The first and last of `n` cells of size `area` that [a0, a1] (grid
 * points) reaches by more than a hair; false when none. */
static bool cell_span(double a0, double a1, double area, size_t n, size_t *first, size_t *last)
{
    const double hair = 0.5; /* points: less is not seen on paper */
    if (!(a1 - a0 > 2 * hair)) {
        a0 = a1 = (a0 + a1) / 2;
    } else {
        a0 += hair;
        a1 -= hair;
    }
    if (!(a1 >= 0) || !(a0 < (double)n * area)) /* NaN too */
        return false;
    double f = floor(fmax(a0, 0) / area), l = floor(fmin(a1, (double)n * area) / area);
    *first = f >= (double)n ? n - 1 : (size_t)f;
    *last = l >= (double)n ? n - 1 : (size_t)l;
    return true;
}

/*
 * Marks in used[r * cols + c] the cells of the grid that some box of the
 * ink reaches (see erg_pdf_paginate()); a drawing point (x, y) goes to the
 * grid at (ox + (x - x0) s, oy + (y1 - y) s), as in put_prefix(). Returns
 * the number of cells marked.
 */
static size_t mark_ink(bool *used, const erg_page_grid *gr, const erg_paper *paper,
                       const double box[4], const double *ink, size_t nink)
{
    double aw = paper->width - 2 * ERG_PAGE_MARGIN, ah = paper->height - 2 * ERG_PAGE_MARGIN;
    double s = gr->scale;
    size_t marked = 0;
    for (size_t i = 0; i < nink; i++) {
        const double *k = ink + 4 * i;
        size_t c0, c1, r0, r1;
        if (!cell_span(gr->ox + (fmin(k[0], k[2]) - box[0]) * s,
                       gr->ox + (fmax(k[0], k[2]) - box[0]) * s, aw, gr->cols, &c0, &c1) ||
            !cell_span(gr->oy + (box[3] - fmax(k[1], k[3])) * s,
                       gr->oy + (box[3] - fmin(k[1], k[3])) * s, ah, gr->rows, &r0, &r1))
            continue;
        for (size_t r = r0; r <= r1; r++) {
            for (size_t c = c0; c <= c1; c++) {
                marked += !used[r * gr->cols + c];
                used[r * gr->cols + c] = true;
            }
        }
    }
    return marked;
}

erg_status erg_pdf_paginate(char **out, size_t *out_len, erg_page_grid *grid, const char *data,
                            size_t len, const erg_paper *paper, double min_scale, const double *ink,
                            size_t nink, erg_diags *diags)
{
    erg_buf b = ERG_BUF_INIT, content = ERG_BUF_INIT, res = ERG_BUF_INIT;
    uint64_t *pos = NULL;
    bool *used = NULL;
    pdf f = {data, len, NULL, 0, 0, {NULL, 0}, {NULL, 0}};
    old_page pg;
    const char *why = NULL;
    *out = NULL;
    *out_len = 0;

    erg_status rc = read_pdf(&f, &pg, &why);
    if (rc != ERG_OK)
        goto done;
    rc = ERG_ENOMEM;
    erg_page_grid gr =
        erg_page_grid_for(paper, pg.box[2] - pg.box[0], pg.box[3] - pg.box[1], min_scale);
    size_t cells = gr.rows * gr.cols;
    if ((used = erg_calloc(cells, sizeof(*used))) == NULL)
        goto done;
    /* A cell without ink is not printed; without ink known, all are. */
    if (ink == NULL || cells == 1 || mark_ink(used, &gr, paper, pg.box, ink, nink) == 0) {
        for (size_t i = 0; i < cells; i++)
            used[i] = true;
    }
    gr.pages = 0;
    for (size_t i = 0; i < cells; i++)
        gr.pages += used[i];
    size_t npages = gr.pages;
    /* New objects: the closing stream, then a page and its prefix each,
     * then for a poster the labels' font and the resources naming it. */
    new_objects o = {f.size, f.size + 1 + 2 * npages, f.size + 2 + 2 * npages, false};
    o.labels = cells > 1 && put_resources(&res, &f, pg.resources, o.font);
    uint64_t next = o.first + 1 + 2 * npages + (o.labels ? 2 : 0);
    if (res.failed || (pos = erg_calloc(3 + 2 * npages, sizeof(*pos))) == NULL)
        goto done;
    erg_buf_put(&b, data, len);
    if (len > 0 && data[len - 1] != '\n')
        erg_buf_putc(&b, '\n');
    erg_buf_puts(&content, "Q\n");
    if (cells > 1)
        put_marks(&content, paper);
    pos[0] = b.len;
    put_stream(&b, o.first, &content);
    for (size_t r = 0, k = 0; r < gr.rows; r++) {
        for (size_t c = 0; c < gr.cols; c++) {
            if (used[r * gr.cols + c])
                put_page(&b, &content, pos, &o, &pg, paper, &gr, r, c, k++);
        }
    }
    if (o.labels)
        put_label_objects(&b, pos, &o, npages, &res);
    put_update_tail(&b, &f, &pg, npages, o.first, next, pos);
    if (b.failed || content.failed)
        goto done;
    *out_len = b.len;
    *out = erg_buf_detach(&b);
    if (grid != NULL)
        *grid = gr;
    rc = ERG_OK;
done:
    if (why != NULL)
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL,
                      "cannot put the PDF on pages: Graphviz wrote %s", why);
    erg_free(pos);
    erg_free(used);
    erg_free(f.offsets);
    erg_buf_release(&b);
    erg_buf_release(&content);
    erg_buf_release(&res);
    return rc;
}
