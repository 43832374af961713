#include "ergraph/verify.h"

#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/fileio.h"
#include "util/text.h"
#include "model/graph_impl.h"
#include "load/jsonpos.h"

/* The code point at s and its length; a byte of ill-formed UTF-8 (texts
 * may have some) stands for itself. */
static size_t next_char(const char *s, size_t len, uint32_t *cp)
{
    size_t n = erg_utf8_decode(s, len, cp);
    if (n > 0)
        return n;
    *cp = (unsigned char)s[0];
    return 1;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x3000;
}

static char plain(uint32_t c)
{
    switch (c) {
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201A: /* ‚ */
    case 0x201B: /* ‛ */
    case 0x2032: /* ′ */
        return '\'';
    case 0x201C: /* “ */
    case 0x201D: /* ” */
    case 0x201E: /* „ */
    case 0x201F: /* ‟ */
    case 0x2033: /* ″ */
        return '"';
    case 0x2010: /* ‐ */
    case 0x2011: /* ‑ */
    case 0x2012: /* ‒ */
    case 0x2013: /* – */
    case 0x2014: /* — */
    case 0x2015: /* ― */
    case 0x2212: /* − */
        return '-';
    }
    return 0;
}

char *erg_verify_normalize(const char *text, size_t len)
{
    erg_buf out = ERG_BUF_INIT;
    bool pending_space = false;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t n = next_char(text + i, len - i, &c);
        if (is_space(c)) {
            pending_space = out.len > 0;
        } else {
            if (pending_space)
                erg_buf_putc(&out, ' ');
            pending_space = false;
            char p = plain(c);
            if (p != 0)
                erg_buf_putc(&out, p);
            else
                erg_buf_put(&out, text + i, n);
        }
        i += n;
    }
    erg_buf_putc(&out, '\0'); /* an empty text still gives a string */
    return erg_buf_detach(&out);
}

/* memmem without _GNU_SOURCE. */
static const char *find(const char *hay, size_t hay_len, const char *needle, size_t n)
{
    if (n == 0)
        return hay;
    for (size_t i = 0; i + n <= hay_len; i++) {
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return hay + i;
    }
    return NULL;
}

/*
 * The passage of `text` most like `quote`: the longest run of the quote that
 * occurs in the text, widened to the quote's length around where it occurs.
 */
static void closest_passage(erg_buf *out, const char *text, const char *quote)
{
    size_t tl = strlen(text), ql = strlen(quote);
    size_t lo = 1, hi = ql, best_len = 0, best_q = 0;
    const char *best_t = NULL;
    /* Binary search on the run's length: a run of length L implies one of L-1. */
    while (lo <= hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *hit = NULL;
        size_t at = 0;
        for (size_t q = 0; q + mid <= ql && hit == NULL; q++) {
            hit = find(text, tl, quote + q, mid);
            at = q;
        }
        if (hit != NULL) {
            best_len = mid, best_q = at, best_t = hit;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (best_t == NULL || best_len < 4) {
        erg_buf_puts(out, "nothing alike");
        return;
    }
    size_t start = (size_t)(best_t - text);
    start = start > best_q ? start - best_q : 0;
    size_t end = start + ql < tl ? start + ql : tl;
    /* Whole words, within reason; never half a character. */
    for (size_t back = 0; start > 0 && text[start - 1] != ' ' && back < 30; back++)
        start--;
    for (size_t ahead = 0; end < tl && text[end] != ' ' && ahead < 30; ahead++)
        end++;
    while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80)
        start--;
    while (end < tl && ((unsigned char)text[end] & 0xC0) == 0x80)
        end++;
    erg_buf_putc(out, '"');
    erg_buf_put(out, text + start, end - start);
    erg_buf_putc(out, '"');
}

typedef struct source_text {
    char *normalized; /* NULL: not read yet or missing */
    bool tried;
} source_text;

typedef struct input_text {
    char *data;
    size_t len;
    bool tried;
    erg_linecounter lines;
} input_text;

static const char *text_of(const erg_graph *g, const char *dir, source_text *texts, size_t s,
                           erg_diags *diags, erg_status *rc)
{
    source_text *t = &texts[s];
    if (t->tried)
        return t->normalized;
    t->tried = true;
    erg_buf path = ERG_BUF_INIT;
    erg_buf_printf(&path, "%s/%s.txt", dir, g->srcs[s].s.id);
    char *data = NULL;
    size_t len = 0;
    const char *why;
    if (path.failed) {
        *rc = ERG_ENOMEM;
        goto done;
    }
    erg_status read =
        strchr(g->srcs[s].s.id, '/') ? ERG_EIO : erg_read_file(path.data, &data, &len, &why);
    if (read == ERG_ENOMEM) {
        *rc = ERG_ENOMEM;
    } else if (read != ERG_OK) {
        if (erg_diags_add(diags, ERG_ERROR, path.data, 0, 0, NULL, "no text for source \"%s\": %s",
                          g->srcs[s].s.id,
                          strchr(g->srcs[s].s.id, '/') ? "its id is not a file name" : why) !=
            ERG_OK)
            *rc = ERG_ENOMEM;
    } else if ((t->normalized = erg_verify_normalize(data, len)) == NULL) {
        *rc = ERG_ENOMEM;
    }
done:
    erg_free(data);
    erg_buf_release(&path);
    return t->normalized;
}

static erg_status report_miss(const erg_graph *g, input_text *inputs, size_t r, size_t i,
                              const char *source, const char *quote, const char *text,
                              erg_diags *diags)
{
    const erg_rel_rec *rel = &g->rels[r];
    input_text *in = &inputs[rel->file];
    const char *file = g->files[rel->file];
    long line = 0, column = 0;
    if (!in->tried) {
        in->tried = true;
        const char *why;
        if (strcmp(file, "<stdin>") != 0 &&
            erg_read_file(file, &in->data, &in->len, &why) == ERG_OK)
            erg_linecounter_init(&in->lines, in->data, in->len);
    }
    if (in->data != NULL) {
        erg_path p = {
            {{"relationships", 0}, {NULL, rel->elem}, {"evidence", 0}, {NULL, i}, {"quote", 0}}, 5};
        size_t at = erg_json_locate(in->data, in->len, rel->offset, &p, 2, false);
        erg_linecol lc = erg_linecounter_at(&in->lines, at);
        line = lc.line, column = lc.column;
    }
    erg_buf closest = ERG_BUF_INIT;
    char *q = erg_verify_normalize(quote, strlen(quote));
    if (q != NULL)
        closest_passage(&closest, text, q);
    erg_status rc = ERG_ENOMEM;
    if (q != NULL && !closest.failed)
        rc = erg_diags_add(diags, ERG_ERROR, file, line, column, NULL,
                           "quote not found in %s: \"%s\"; closest passage: %s", source, quote,
                           closest.data);
    erg_free(q);
    erg_buf_release(&closest);
    return rc;
}

erg_status erg_verify_quotes(erg_verify_result *out, const erg_graph *g, const char *texts_dir,
                             erg_diags *diags)
{
    erg_verify_result res = {0, 0, 0};
    erg_status rc = ERG_OK;
    source_text *texts = erg_calloc(g->src_count + 1, sizeof(*texts));
    input_text *inputs = erg_calloc(g->file_count + 1, sizeof(*inputs));
    if (texts == NULL || inputs == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    for (size_t r = 0; r < g->rel_count && rc == ERG_OK; r++) {
        for (size_t i = 0; i < g->rels[r].ev_count && rc == ERG_OK; i++) {
            const erg_evidence *ev = &g->evidence[g->rels[r].ev_start + i].e;
            if (ev->quote == NULL)
                continue;
            res.quotes++;
            const char *text = text_of(g, texts_dir, texts, ev->source, diags, &rc);
            if (text == NULL) {
                res.no_text++;
                continue;
            }
            char *q = erg_verify_normalize(ev->quote, strlen(ev->quote));
            if (q == NULL) {
                rc = ERG_ENOMEM;
                break;
            }
            if (strstr(text, q) == NULL) {
                res.missing++;
                rc = report_miss(g, inputs, r, i, g->srcs[ev->source].s.id, ev->quote, text, diags);
            }
            erg_free(q);
        }
    }
done:
    for (size_t s = 0; texts != NULL && s < g->src_count; s++)
        erg_free(texts[s].normalized);
    for (size_t f = 0; inputs != NULL && f < g->file_count; f++)
        erg_free(inputs[f].data);
    erg_free(texts);
    erg_free(inputs);
    if (out != NULL)
        *out = res;
    if (rc == ERG_OK && (res.missing > 0 || res.no_text > 0))
        rc = ERG_EDATA;
    return rc;
}
