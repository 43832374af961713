/*
 * The "html" output (html_page.h): the SVG and the diagram's data as JSON
 * inside one page with its script and styles.
 *
 * Everything from the input goes into the page as JSON strings, with '<',
 * '>' and '&' written as \u escapes, so no input can end the <script>
 * element that holds them; the SVG travels as one of those strings too and
 * is parsed by the script as XML (DOMParser), the same parser that the
 * tests use on ergraph's SVG.
 */
#include "render/html_page.h"

#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/text.h"
#include "draw/dotlabel.h"

/* A JSON string of s[0..len), script-safe, with U+FFFE and U+FFFF as
 * U+FFFD, as in the SVG (the drawing warned): XML cannot hold them. */
static void json_strn(erg_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    while (i + 2 < len && !erg_dot_not_xml(s + i, 3))
        i++;
    if (i + 2 >= len) {
        erg_text_put_json(b, s, len, true);
        return;
    }
    char *copy = erg_strndup(s, len);
    if (copy == NULL) {
        b->failed = true;
        return;
    }
    for (; i + 2 < len; i++) {
        if (erg_dot_not_xml(copy + i, 3))
            copy[i + 2] = (char)0xBD; /* EF BF BE/BF -> EF BF BD */
    }
    erg_text_put_json(b, copy, len, true);
    erg_free(copy);
}

/* A JSON string, script-safe, or null. */
static void json_str(erg_buf *b, const char *s)
{
    if (s == NULL)
        erg_buf_puts(b, "null");
    else
        json_strn(b, s, strlen(s));
}

/* The text that drawing.c put into a buffer, as a JSON string. */
static void json_from(erg_buf *b, erg_buf *scratch)
{
    if (scratch->failed) {
        b->failed = true;
        return;
    }
    json_strn(b, scratch->data ? scratch->data : "", scratch->len);
    scratch->len = 0;
}

/* The checked URL of a source as the browser needs it: drawing.c wrote
 * '&' as "&amp;" for Graphviz. */
static void json_url(erg_buf *b, const char *url)
{
    if (url == NULL) {
        erg_buf_puts(b, "null");
        return;
    }
    erg_buf plain = ERG_BUF_INIT;
    for (const char *p = url; *p != '\0'; p++) {
        erg_buf_putc(&plain, *p);
        if (strncmp(p, "&amp;", 5) == 0)
            p += 4;
    }
    json_from(b, &plain);
    erg_buf_release(&plain);
}

static void put_entities(erg_buf *b, const erg_drawing *d, erg_buf *s)
{
    const erg_graph *g = d->g;
    bool first = true;
    /* Each entity's ties, found by walking the edges once. */
    erg_buf_puts(b, "\"entities\":{");
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (!erg_drawing_has_entity(d, e))
            continue;
        erg_buf_puts(b, first ? "" : ",");
        first = false;
        erg_drawing_put_id(s, "e-", erg_entity_id(g, e));
        json_from(b, s);
        erg_buf_puts(b, ":{\"id\":");
        json_str(b, erg_entity_id(g, e));
        erg_buf_puts(b, ",\"name\":");
        json_str(b, erg_entity_name(g, e));
        erg_buf_puts(b, ",\"type\":");
        json_str(b, erg_entity_type(g, e));
        erg_buf_puts(b, ",\"aliases\":[");
        for (size_t i = 0; i < erg_entity_alias_count(g, e); i++) {
            erg_buf_puts(b, i ? "," : "");
            json_str(b, erg_entity_alias(g, e, i));
        }
        size_t c = erg_entity_country(g, e);
        erg_buf_puts(b, "],\"country\":");
        json_str(b, c != ERG_NONE ? erg_entity_name(g, c) : NULL);
        erg_buf_puts(b, ",\"attrs\":[");
        for (size_t i = 0; i < erg_entity_attr_count(g, e); i++) {
            const erg_attr *a = erg_entity_attr(g, e, i);
            erg_buf_puts(b, i ? ",[" : "[");
            json_str(b, a->key);
            erg_buf_putc(b, ',');
            json_str(b, a->text);
            erg_buf_putc(b, ']');
        }
        erg_buf_puts(b, "]}");
    }
    erg_buf_puts(b, "}");
}

static void put_ties(erg_buf *b, const erg_drawing *d, erg_buf *s)
{
    const erg_graph *g = d->g;
    erg_buf_puts(b, ",\"ties\":{");
    for (size_t i = 0; i < d->nedges; i++) {
        const erg_draw_edge *edge = &d->edges[i];
        erg_buf_puts(b, i ? "," : "");
        erg_drawing_put_id(s, "r-", erg_rel_id(g, d->rels[edge->first]));
        json_from(b, s);
        erg_buf_puts(b, ":{\"label\":");
        erg_drawing_put_label(d, edge, s);
        json_from(b, s);
        erg_buf_puts(b, ",\"from\":");
        erg_drawing_put_id(s, "e-", erg_entity_id(g, edge->from));
        json_from(b, s);
        erg_buf_puts(b, ",\"to\":");
        erg_drawing_put_id(s, "e-", erg_entity_id(g, edge->to));
        json_from(b, s);
        erg_buf_printf(b, ",\"directed\":%s,\"period\":", edge->directed ? "true" : "false");
        erg_drawing_put_period(d, edge, s);
        if (s->len > 0)
            json_from(b, s);
        else
            erg_buf_puts(b, "null");
        erg_buf_puts(b, ",\"ids\":[");
        for (size_t k = 0; k < edge->count; k++) {
            erg_buf_puts(b, k ? "," : "");
            json_str(b, erg_rel_id(g, d->rels[edge->first + k]));
        }
        erg_buf_printf(b, "],\"certainty\":\"%s\",\"contested\":%s,\"conflicts\":",
                       erg_certainty_name(edge->certainty), edge->contested ? "true" : "false");
        erg_drawing_put_conflicts(d, edge, s);
        if (s->len > 0)
            json_from(b, s);
        else
            erg_buf_puts(b, "null");
        erg_buf_puts(b, ",\"quotes\":[");
        bool first = true;
        for (size_t k = 0; k < edge->count; k++) {
            size_t r = d->rels[edge->first + k];
            for (size_t v = 0; v < erg_rel_evidence_count(g, r); v++) {
                if (!erg_drawing_has_evidence(d, r, v))
                    continue;
                const erg_evidence *ev = erg_rel_evidence(g, r, v);
                erg_buf_puts(b, first ? "{\"quote\":" : ",{\"quote\":");
                first = false;
                json_str(b, ev->quote);
                erg_buf_puts(b, ",\"note\":");
                json_str(b, ev->note);
                erg_buf_printf(b, ",\"source\":%zu,\"weight\":", d->cite[ev->source]);
                erg_drawing_put_weight(s, g, ev);
                json_from(b, s);
                erg_buf_puts(b, "}");
            }
        }
        erg_buf_puts(b, "]}");
    }
    erg_buf_puts(b, "}");
}

static void put_sources(erg_buf *b, const erg_drawing *d)
{
    erg_buf_puts(b, ",\"sources\":{");
    for (size_t i = 0; i < d->ncited; i++) {
        const erg_source *src = erg_graph_source(d->g, d->cited[i]);
        erg_buf_printf(b, "%s\"%zu\":{\"id\":", i ? "," : "", i + 1);
        json_str(b, src->id);
        erg_buf_puts(b, ",\"title\":");
        json_str(b, src->title);
        erg_buf_puts(b, ",\"publisher\":");
        json_str(b, src->publisher);
        erg_buf_puts(b, ",\"date\":");
        json_str(b, src->date);
        erg_buf_puts(b, ",\"url\":");
        json_url(b, d->urls[d->cited[i]]);
        erg_buf_puts(b, "}");
    }
    erg_buf_puts(b, "}");
}

/* Text for the HTML itself (the <title>): every markup character escaped. */
static void html_text(erg_buf *b, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '<':
            erg_buf_puts(b, "&lt;");
            break;
        case '>':
            erg_buf_puts(b, "&gt;");
            break;
        case '&':
            erg_buf_puts(b, "&amp;");
            break;
        case '"':
            erg_buf_puts(b, "&quot;");
            break;
        default:
            if (erg_dot_not_xml(s, strnlen(s, 3))) {
                erg_buf_puts(b, "\xEF\xBF\xBD");
                s += 2;
            } else if ((unsigned char)*s >= 0x20) {
                erg_buf_putc(b, *s);
            }
        }
    }
}

/* The page or view built in b (with s, its scratch buffer) as the
 * caller's *out; ERG_ENOMEM when either ran out of memory. */
static erg_status hand_over(char **out, size_t *out_len, erg_buf *b, erg_buf *s)
{
    erg_status rc = ERG_ENOMEM;
    if (!s->failed && !b->failed) {
        size_t len = b->len;
        *out = erg_buf_detach(b);
        if (*out != NULL) {
            *out_len = len;
            rc = ERG_OK;
        }
    }
    erg_buf_release(b);
    erg_buf_release(s);
    return rc;
}

erg_status erg_html_page(char **out, size_t *out_len, const erg_drawing *d, const char *svg,
                         size_t svg_len)
{
    erg_buf b = ERG_BUF_INIT, s = ERG_BUF_INIT;
    const char *title = erg_drawing_title(d);
    *out = NULL;
    *out_len = 0;
    /* The XML prolog and doctype are not wanted inside the page. */
    const char *start = svg_len > 0 ? strstr(svg, "<svg") : NULL;
    if (start == NULL)
        start = svg + svg_len;
    erg_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     /* No network: nothing but what is inline, no form targets. */
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
                     "form-action 'none'; base-uri 'none'\">\n<title>");
    html_text(&b, title != NULL && title[0] != '\0' ? title : "ergraph diagram");
    erg_buf_puts(&b, "</title>\n<style>\n");
    erg_buf_puts(&b, erg_html_css);
    erg_buf_puts(&b, "</style>\n</head>\n<body>\n"
                     "<header><h1 id=\"title\"></h1>"
                     "<div class=\"search\"><input id=\"search\" type=\"search\" "
                     "placeholder=\"Find an entity by name or alias\" autocomplete=\"off\" "
                     "aria-label=\"Find an entity\"><ul id=\"results\"></ul></div>"
                     "<div id=\"types\" aria-label=\"Entity types shown\"></div>"
                     "<div class=\"zoom\"><button id=\"zoom-in\" title=\"Zoom in\">+</button>"
                     "<button id=\"zoom-out\" title=\"Zoom out\">\xE2\x88\x92</button>"
                     "<button id=\"zoom-fit\" title=\"Fit to the window\">Fit</button></div>"
                     "</header>\n<main><div id=\"view\"></div>"
                     "<aside id=\"panel\"><p class=\"hint\">Click an entity or a tie to see its "
                     "card; drag to pan, scroll to zoom.</p></aside></main>\n"
                     "<script type=\"application/json\" id=\"erg-data\">{\"title\":");
    json_str(&b, title);
    erg_buf_puts(&b, ",\"types\":[");
    for (size_t i = 0; i < d->ntypes; i++) {
        erg_buf_puts(&b, i ? "," : "");
        json_str(&b, d->types[i]);
    }
    erg_buf_puts(&b, "],");
    put_entities(&b, d, &s);
    put_ties(&b, d, &s);
    put_sources(&b, d);
    erg_buf_puts(&b, ",\"svg\":");
    json_strn(&b, start, svg_len - (size_t)(start - svg));
    erg_buf_puts(&b, "}</script>\n<script>\n");
    erg_buf_puts(&b, erg_html_js);
    erg_buf_puts(&b, "</script>\n</body>\n</html>\n");
    return hand_over(out, out_len, &b, &s);
}

erg_status erg_view_json(char **out, size_t *out_len, const erg_drawing *d, const char *engine,
                         const char *layout, size_t layout_len)
{
    erg_buf b = ERG_BUF_INIT, s = ERG_BUF_INIT;
    const char *title = erg_drawing_title(d);
    *out = NULL;
    *out_len = 0;
    erg_buf_puts(&b, "{\"format\":\"ergraph-view/1\",\"title\":");
    json_str(&b, title);
    erg_buf_printf(&b,
                   ",\"engine\":\"%s\",\"selection\":{\"entities\":%zu,\"ties\":%zu,"
                   "\"relationships\":%zu},\"types\":[",
                   engine, d->nodes, d->nedges,
                   d->sel != NULL ? erg_selection_rel_count(d->sel)
                                  : erg_graph_relationship_count(d->g));
    for (size_t i = 0; i < d->ntypes; i++) {
        erg_buf_puts(&b, i ? "," : "");
        json_str(&b, d->types[i]);
    }
    erg_buf_puts(&b, "],");
    put_entities(&b, d, &s);
    put_ties(&b, d, &s);
    put_sources(&b, d);
    erg_buf_puts(&b, ",\"layout\":");
    erg_buf_put(&b, layout, layout_len);
    erg_buf_puts(&b, "}\n");
    return hand_over(out, out_len, &b, &s);
}
