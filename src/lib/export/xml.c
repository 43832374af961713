/*
 * The frame of the XML exports (GraphML, GEXF): the attribute columns,
 * then every entity and every tie, each written by the format's callbacks.
 */
#include "export/export_impl.h"

erg_status erg_export_xml(erg_xout *o, const erg_graph *g, const erg_selection *sel,
                          const erg_export_options *opts, const erg_xml_format *format)
{
    erg_status rc = ERG_ENOMEM;
    erg_buf scratch = ERG_BUF_INIT;
    erg_xml_export x = {&o->buf, &scratch, g, opts, {0}, {0}, sel, false};
    bool any_directed = false;
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (erg_x_has_rel(sel, r)) {
            if (erg_rel_directed(g, r)) {
                any_directed = true;
                break;
            }
            x.undirected = true;
        }
    }
    if (any_directed)
        x.undirected = false;
    if (erg_attr_columns_build(&x.ent_cols, g, sel, false) != ERG_OK)
        return ERG_ENOMEM;
    if (erg_attr_columns_build(&x.rel_cols, g, sel, true) != ERG_OK)
        goto done;
    format->head(&x, sel);
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        if (erg_x_has_entity(sel, e)) {
            format->entity(&x, e);
            erg_xout_maybe_flush(o);
        }
    }
    erg_buf_puts(x.b, format->between);
    for (size_t r = 0; r < erg_graph_relationship_count(g); r++) {
        if (erg_x_has_rel(sel, r)) {
            format->relationship(&x, r);
            erg_xout_maybe_flush(o);
        }
    }
    erg_buf_puts(x.b, format->tail);
    rc = scratch.failed ? ERG_ENOMEM : ERG_OK;
done:
    erg_buf_release(&scratch);
    erg_attr_columns_release(&x.ent_cols);
    erg_attr_columns_release(&x.rel_cols);
    return rc;
}
