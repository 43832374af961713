/*
 * The GEXF export: 1.3 (the default, for Gephi) or 1.2draft (which Gephi
 * and every NetworkX read; NetworkX 2.x does not know 1.3). A tie's dates become the edge's start
 * and end (the whole period a partial date names: "2003" runs from 2003-01-01 to 2003-12-31), which
 * is what Gephi's timeline plays; the dates as written stay in start_date and end_date. Lists
 * (aliases, sources, quotes) are GEXF 1.3 liststring values, written as JSON arrays of strings, the
 * bracketed form Gephi reads and any JSON parser too.
 *
 * The graph's defaultedgetype is the kind its ties have: undirected when
 * every tie is, else directed. A graph with both kinds is directed with each
 * undirected tie marked type="undirected" (a mixed graph, which Gephi draws
 * as such and NetworkX refuses in any version); a boolean `directed`
 * attribute says the same for readers that know only one kind per graph.
 */
#include <stdio.h>
#include <string.h>

#include "ergraph/common.h"
#include "export/export_impl.h"

static const char *gexf_type(erg_attr_kind kind)
{
    switch (kind) {
    case ERG_ATTR_INTEGER:
        return "long";
    case ERG_ATTR_REAL:
        return "double";
    case ERG_ATTR_BOOL:
        return "boolean";
    default:
        return "string";
    }
}

static void put_attribute(erg_buf *b, const char *id, const char *title, const char *type)
{
    erg_buf_printf(b, "      <attribute id=\"%s\" title=\"", id);
    erg_put_xml(b, title);
    erg_buf_printf(b, "\" type=\"%s\"/>\n", type);
}

static void put_attr_decls(erg_buf *b, const erg_attr_columns *c, const char *prefix)
{
    erg_buf title = ERG_BUF_INIT;
    for (size_t i = 0; i < c->count; i++) {
        char id[32];
        snprintf(id, sizeof(id), "%s%zu", prefix, i);
        title.len = 0;
        erg_buf_puts(&title, "attrs.");
        erg_buf_puts(&title, c->cols[i].key);
        if (title.failed) {
            b->failed = true;
            break;
        }
        put_attribute(b, id, title.data, gexf_type(c->cols[i].kind));
    }
    erg_buf_release(&title);
}

static void put_value(erg_buf *b, const char *id, const char *value)
{
    if (value == NULL)
        return;
    erg_buf_printf(b, "          <attvalue for=\"%s\" value=\"", id);
    erg_put_xml(b, value);
    erg_buf_puts(b, "\"/>\n");
}

/* Which list of an entity or a tie. */
enum {
    ALIASES,
    ENTITY_SOURCES,
    EV_SOURCES,
    EV_QUOTES,
    EV_NOTES,
    EV_CERTAINTIES,
    EV_ATTRIBUTIONS,
    EV_GRADES,
    CONTRADICTS
};

/* The list as a JSON array in `scratch`; NULL when empty. Evidence without
 * a quote (or note) has "" in its place, so the lists stay parallel. */
static const char *list(erg_buf *scratch, const erg_graph *g, const erg_selection *sel, size_t i,
                        int which)
{
    size_t n = which == ALIASES          ? erg_entity_alias_count(g, i)
               : which == ENTITY_SOURCES ? erg_entity_source_count(g, i)
               : which == CONTRADICTS    ? erg_rel_contradicts_count(g, i)
                                         : erg_rel_evidence_count(g, i);
    bool any = false;
    size_t written = 0;
    char grade[3];
    scratch->len = 0;
    erg_buf_putc(scratch, '[');
    for (size_t k = 0; k < n; k++) {
        const char *s;
        if (which == ALIASES)
            s = erg_entity_alias(g, i, k);
        else if (which == ENTITY_SOURCES)
            s = erg_graph_source(g, erg_entity_source(g, i, k))->id;
        else if (which == CONTRADICTS)
            s = erg_rel_contradicts_id(g, i, k);
        else if (!erg_selection_has_evidence(sel, i, k))
            continue;
        else {
            const erg_evidence *ev = erg_rel_evidence(g, i, k);
            erg_evidence_grade(g, ev, grade);
            s = which == EV_SOURCES             ? erg_graph_source(g, ev->source)->id
                : which == EV_QUOTES            ? ev->quote
                : which == EV_NOTES             ? ev->note
                : which == EV_CERTAINTIES       ? erg_certainty_name(ev->certainty)
                : which == EV_GRADES            ? (grade[0] != '\0' ? grade : NULL)
                : ev->attributed_to != ERG_NONE ? erg_entity_id(g, ev->attributed_to)
                                                : NULL;
        }
        any = any || s != NULL;
        if (written++ > 0)
            erg_buf_puts(scratch, ", ");
        erg_put_json(scratch, s != NULL ? s : "");
    }
    erg_buf_putc(scratch, ']');
    if (!any)
        return NULL;
    return scratch->failed ? "" : scratch->data;
}

static bool any_dates(const erg_graph *g, const erg_selection *sel)
{
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (erg_x_has_rel(sel, r) && (erg_rel_start(g, r) != NULL || erg_rel_end(g, r) != NULL ||
                                      erg_rel_date(g, r) != NULL))
            return true;
    }
    return false;
}

static void gexf_edge(erg_xml_export *x, size_t r)
{
    erg_buf *b = x->b, *scratch = x->scratch;
    const erg_graph *g = x->g;
    const erg_attr_columns *cols = &x->rel_cols;
    erg_buf_puts(b, "      <edge id=\"");
    erg_put_xml(b, erg_rel_id(g, r));
    erg_buf_puts(b, "\" source=\"");
    erg_put_xml(b, erg_entity_id(g, erg_rel_from(g, r)));
    erg_buf_puts(b, "\" target=\"");
    erg_put_xml(b, erg_entity_id(g, erg_rel_to(g, r)));
    erg_buf_puts(b, "\"");
    if (!erg_rel_directed(g, r) && !x->undirected)
        erg_buf_puts(b, " type=\"undirected\"");
    if (erg_rel_label(g, r) != NULL) {
        erg_buf_puts(b, " label=\"");
        erg_put_xml(b, erg_rel_label(g, r));
        erg_buf_puts(b, "\"");
    }
    double w;
    if (erg_rel_weight(g, r, &w)) {
        erg_buf_puts(b, " weight=\"");
        erg_put_double(b, w);
        erg_buf_puts(b, "\"");
    }
    char day[11];
    if (erg_rel_date(g, r) != NULL) {
        /* A one-off fact: the days its date covers. */
        erg_date_first_day(erg_rel_date(g, r), day);
        erg_buf_printf(b, " start=\"%s\"", day);
        erg_date_last_day(erg_rel_date(g, r), day);
        erg_buf_printf(b, " end=\"%s\"", day);
    }
    if (erg_rel_start(g, r) != NULL) {
        erg_date_first_day(erg_rel_start(g, r), day);
        erg_buf_printf(b, " start=\"%s\"", day);
    }
    if (erg_rel_end(g, r) != NULL) {
        erg_date_last_day(erg_rel_end(g, r), day);
        erg_buf_printf(b, " end=\"%s\"", day);
    }
    erg_buf_puts(b, ">\n        <attvalues>\n");
    put_value(b, "e_type", erg_rel_type(g, r));
    put_value(b, "e_directed", erg_rel_directed(g, r) ? "true" : "false");
    put_value(b, "e_start", erg_rel_start(g, r));
    put_value(b, "e_end", erg_rel_end(g, r));
    put_value(b, "e_date", erg_rel_date(g, r));
    put_value(b, "e_certainty", erg_certainty_name(erg_selection_rel_certainty(x->sel, g, r)));
    put_value(b, "e_contested", erg_rel_conflict_count(g, r) > 0 ? "true" : "false");
    put_value(b, "e_contradicts", list(scratch, g, x->sel, r, CONTRADICTS));
    put_value(b, "e_sources", list(scratch, g, x->sel, r, EV_SOURCES));
    put_value(b, "e_quotes", list(scratch, g, x->sel, r, EV_QUOTES));
    put_value(b, "e_notes", list(scratch, g, x->sel, r, EV_NOTES));
    put_value(b, "e_certainties", list(scratch, g, x->sel, r, EV_CERTAINTIES));
    put_value(b, "e_attributions", list(scratch, g, x->sel, r, EV_ATTRIBUTIONS));
    put_value(b, "e_grades", list(scratch, g, x->sel, r, EV_GRADES));
    erg_put_attr_values(b, g, r, true, cols, "e_attr", put_value);
    erg_buf_puts(b, "        </attvalues>\n      </edge>\n");
}

static void gexf_head(erg_xml_export *x, const erg_selection *sel)
{
    erg_buf *b = x->b;
    const erg_graph *g = x->g;
    if (x->opts->gexf_version == ERG_GEXF_1_2DRAFT)
        erg_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<gexf xmlns=\"http://www.gexf.net/1.2draft\"\n"
                        "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                        "    xsi:schemaLocation=\"http://www.gexf.net/1.2draft "
                        "http://www.gexf.net/1.2draft/gexf.xsd\"\n"
                        "    version=\"1.2\">\n");
    else
        erg_buf_puts(b,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<gexf xmlns=\"http://gexf.net/1.3\"\n"
                     "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                     "    xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\"\n"
                     "    version=\"1.3\">\n");
    erg_buf_printf(b, "  <meta>\n    <creator>ergraph %s</creator>\n", erg_version());
    const char *title = x->opts->title != NULL ? x->opts->title : erg_graph_title(g);
    if (title != NULL) {
        erg_buf_puts(b, "    <description>");
        erg_put_xml(b, title);
        erg_buf_puts(b, "</description>\n");
    }
    erg_buf_puts(b, "  </meta>\n");
    /* Dynamic only when some tie is dated: a static graph keeps Gephi's
     * timeline out of the way. */
    erg_buf_printf(b, "  <graph defaultedgetype=\"%s\" ",
                   x->undirected ? "undirected" : "directed");
    erg_buf_puts(b, any_dates(g, sel) ? "mode=\"dynamic\" timeformat=\"date\">\n"
                                      : "mode=\"static\">\n");
    erg_buf_puts(b, "    <attributes class=\"node\" mode=\"static\">\n");
    put_attribute(b, "n_type", "type", "string");
    put_attribute(b, "n_aliases", "aliases", "liststring");
    put_attribute(b, "n_country", "country", "string");
    put_attribute(b, "n_sources", "sources", "liststring");
    put_attr_decls(b, &x->ent_cols, "n_attr");
    erg_buf_puts(b, "    </attributes>\n    <attributes class=\"edge\" mode=\"static\">\n");
    put_attribute(b, "e_type", "type", "string");
    put_attribute(b, "e_directed", "directed", "boolean");
    put_attribute(b, "e_start", "start_date", "string");
    put_attribute(b, "e_end", "end_date", "string");
    put_attribute(b, "e_date", "date", "string");
    put_attribute(b, "e_certainty", "certainty", "string");
    put_attribute(b, "e_contested", "contested", "boolean");
    put_attribute(b, "e_contradicts", "contradicts", "liststring");
    put_attribute(b, "e_sources", "sources", "liststring");
    put_attribute(b, "e_quotes", "quotes", "liststring");
    put_attribute(b, "e_notes", "notes", "liststring");
    put_attribute(b, "e_certainties", "certainties", "liststring");
    put_attribute(b, "e_attributions", "attributed_to", "liststring");
    put_attribute(b, "e_grades", "grades", "liststring");
    put_attr_decls(b, &x->rel_cols, "e_attr");
    erg_buf_puts(b, "    </attributes>\n    <nodes>\n");
}

static void gexf_node(erg_xml_export *x, size_t e)
{
    erg_buf *b = x->b;
    const erg_graph *g = x->g;
    erg_buf_puts(b, "      <node id=\"");
    erg_put_xml(b, erg_entity_id(g, e));
    erg_buf_puts(b, "\" label=\"");
    erg_put_xml(b, erg_entity_name(g, e));
    erg_buf_puts(b, "\">\n        <attvalues>\n");
    put_value(b, "n_type", erg_entity_type(g, e));
    put_value(b, "n_aliases", list(x->scratch, g, NULL, e, ALIASES));
    size_t c = erg_entity_country(g, e);
    put_value(b, "n_country", c == ERG_NONE ? NULL : erg_entity_id(g, c));
    put_value(b, "n_sources", list(x->scratch, g, NULL, e, ENTITY_SOURCES));
    erg_put_attr_values(b, g, e, false, &x->ent_cols, "n_attr", put_value);
    erg_buf_puts(b, "        </attvalues>\n      </node>\n");
}

static const erg_xml_format gexf = {gexf_head, gexf_node, "    </nodes>\n    <edges>\n", gexf_edge,
                                    "    </edges>\n  </graph>\n</gexf>\n"};

erg_status erg_export_gexf(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                           const erg_export_options *opts, erg_diags *diags)
{
    (void)diags;
    return erg_export_xml(o, g, sel, opts, &gexf);
}
