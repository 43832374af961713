/* What each element of a diagram says (labels.h). */
#include "draw/labels.h"

#include "draw/dotlabel.h"

/* A label: raw text wrapped (unless told not to), then escaped. */
void erg_label_wrapped(erg_buf *b, const erg_drawing *d, const char *text, size_t width)
{
    if (d->opts.no_wrap) {
        erg_dot_put_label(b, text, false);
        return;
    }
    erg_buf wrapped = ERG_BUF_INIT;
    erg_dot_wrap(&wrapped, text, width);
    if (wrapped.failed)
        b->failed = true;
    else if (wrapped.len > 0)
        erg_dot_put_label(b, wrapped.data, false);
    erg_buf_release(&wrapped);
}

/* "Federal Security Service / agency / aliases: FSB / country: Russia". The
 * country is named only when it is drawn too, so that the diagram of a
 * filter's result saved on its own (export -f json) is the same. */
void erg_label_entity_tooltip(erg_buf *b, const erg_graph *g, const erg_selection *sel, size_t e)
{
    erg_buf raw = ERG_BUF_INIT;
    erg_buf_printf(&raw, "%s\n%s", erg_entity_name(g, e), erg_entity_type(g, e));
    size_t na = erg_entity_alias_count(g, e);
    for (size_t i = 0; i < na; i++)
        erg_buf_printf(&raw, "%s%s", i ? ", " : "\naliases: ", erg_entity_alias(g, e, i));
    size_t c = erg_entity_country(g, e);
    if (c != ERG_NONE && (sel == NULL || erg_selection_has_entity(sel, c)))
        erg_buf_printf(&raw, "\ncountry: %s", erg_entity_name(g, c));
    if (raw.failed)
        b->failed = true;
    else
        erg_dot_put_tooltip(b, raw.data);
    erg_buf_release(&raw);
}

/* " (alleged, contested)": the marks of an edge, or nothing. */
static void put_marks(erg_buf *b, const erg_draw_edge *edge)
{
    bool alleged = edge->certainty == ERG_ALLEGED;
    if (!alleged && !edge->contested)
        return;
    erg_buf_printf(b, " (%s%s%s)", alleged ? "alleged" : "", alleged && edge->contested ? ", " : "",
                   edge->contested ? "contested" : "");
}

/* An edge's text in words: "arrested 12 Aug 2003", "headed until 1999",
 * then its marks. */
static void put_edge_text(erg_buf *b, const erg_drawing *d, const erg_draw_edge *edge)
{
    erg_drawing_put_label(d, edge, b);
    if (edge->dated) {
        erg_buf_putc(b, ' ');
        erg_drawing_put_period(d, edge, b);
    }
    put_marks(b, edge);
}

/* The raw (unescaped) label of an edge: its text with its date, its marks
 * and citation numbers, wrapped, then with --citations full its quotes. */
void erg_label_edge(erg_buf *raw, const erg_drawing *d, const erg_draw_edge *edge)
{
    const erg_graph *g = d->g;
    erg_buf text = ERG_BUF_INIT;
    put_edge_text(&text, d, edge);
    if (erg_drawing_numbered(d) && edge->nsources > 0) {
        erg_buf_puts(&text, " [");
        erg_drawing_put_cites(d, edge, &text);
        erg_buf_puts(&text, "]");
    }
    if (text.failed) {
        raw->failed = true;
        erg_buf_release(&text);
        return;
    }
    /* An empty text (a corpus may hold an empty type: the loader never
     * makes one) has no buffer at all. */
    if (d->opts.no_wrap)
        erg_buf_put(raw, text.data ? text.data : "", text.len);
    else
        erg_dot_wrap(raw, text.data ? text.data : "", d->opts.wrap);
    if (d->opts.citations == ERG_CITE_FULL) {
        size_t width = d->opts.wrap < 28 ? 28 : d->opts.wrap;
        for (size_t k = 0; k < edge->count; k++) {
            size_t r = d->rels[edge->first + k];
            for (size_t v = 0; v < erg_rel_evidence_count(g, r); v++) {
                const erg_evidence *ev = erg_rel_evidence(g, r, v);
                if (ev->quote == NULL || ev->quote[0] == '\0' || !erg_drawing_has_evidence(d, r, v))
                    continue;
                text.len = 0;
                erg_buf_puts(&text, "\xE2\x80\x9C");
                erg_dot_shorten(&text, ev->quote, ERG_QUOTE_MAX);
                erg_buf_puts(&text, "\xE2\x80\x9D");
                if (erg_drawing_numbered(d))
                    erg_buf_printf(&text, " [%zu]", d->cite[ev->source]);
                if (text.failed)
                    break;
                erg_buf_putc(raw, '\n');
                if (d->opts.no_wrap)
                    erg_buf_put(raw, text.data, text.len);
                else
                    erg_dot_wrap(raw, text.data, width);
            }
        }
    }
    if (text.failed)
        raw->failed = true;
    erg_buf_release(&text);
}

/* The tooltip of an edge: its text, then every quote kept with its source
 * and how sure it is, then what contradicts it. */
void erg_label_edge_tooltip(erg_buf *b, const erg_drawing *d, const erg_draw_edge *edge)
{
    const erg_graph *g = d->g;
    erg_buf raw = ERG_BUF_INIT;
    put_edge_text(&raw, d, edge);
    for (size_t k = 0; k < edge->count; k++) {
        size_t r = d->rels[edge->first + k];
        for (size_t v = 0; v < erg_rel_evidence_count(g, r); v++) {
            if (!erg_drawing_has_evidence(d, r, v))
                continue;
            const erg_evidence *ev = erg_rel_evidence(g, r, v);
            erg_buf_puts(&raw, "\n");
            if (ev->quote != NULL && ev->quote[0] != '\0')
                erg_buf_printf(&raw, "\xE2\x80\x9C%s\xE2\x80\x9D \xE2\x80\x94 ", ev->quote);
            erg_drawing_put_source(d, ev->source, &raw);
            erg_buf_puts(&raw, " (");
            erg_drawing_put_weight(&raw, g, ev);
            erg_buf_puts(&raw, ")");
        }
    }
    if (edge->contested) {
        erg_buf_putc(&raw, '\n');
        erg_drawing_put_conflicts(d, edge, &raw);
    }
    if (raw.failed)
        b->failed = true;
    else
        erg_dot_put_tooltip(b, raw.data);
    erg_buf_release(&raw);
}

/* The first checked link among an edge's sources, in citation order. */
const char *erg_label_edge_url(const erg_drawing *d, const erg_draw_edge *edge)
{
    const char *best = NULL;
    size_t best_cite = 0;
    for (size_t k = 0; k < edge->count; k++) {
        size_t r = d->rels[edge->first + k];
        for (size_t v = 0; v < erg_rel_evidence_count(d->g, r); v++) {
            if (!erg_drawing_has_evidence(d, r, v))
                continue;
            size_t s = erg_rel_evidence(d->g, r, v)->source;
            if (d->urls[s] != NULL && (best == NULL || d->cite[s] < best_cite)) {
                best = d->urls[s];
                best_cite = d->cite[s];
            }
        }
    }
    return best;
}
