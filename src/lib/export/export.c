/*
 * The exports' entry points: the dispatcher that picks a format's writer
 * (one file per format beside this one), into a sink or into memory.
 */
#include <string.h>

#include "export/export_impl.h"

static int buf_sink(void *ctx, const void *data, size_t len)
{
    erg_buf *b = ctx;
    erg_buf_put(b, data, len);
    return b->failed ? -1 : 0;
}

erg_status erg_export_stream(erg_export_format format, const erg_graph *g, const erg_selection *sel,
                             const erg_export_options *opts, erg_export_sink sink, void *ctx,
                             erg_diags *diags)
{
    static const erg_export_options defaults = {NULL, false, 0, ERG_GEXF_1_3};
    erg_xout o = {ERG_BUF_INIT, sink, ctx, false};
    erg_status rc;
    if (opts == NULL)
        opts = &defaults;
    switch (format) {
    case ERG_EXPORT_GRAPHML:
        rc = erg_export_graphml(&o, g, sel, opts, diags);
        break;
    case ERG_EXPORT_GEXF:
        rc = erg_export_gexf(&o, g, sel, opts, diags);
        break;
    case ERG_EXPORT_CYTOSCAPE:
        rc = erg_export_cytoscape(&o, g, sel, opts, diags);
        break;
    case ERG_EXPORT_JSON:
        rc = erg_export_json(&o, g, sel, opts, diags);
        break;
    case ERG_EXPORT_NEO4J_NODES:
    case ERG_EXPORT_NEO4J_RELATIONSHIPS:
        rc = erg_export_neo4j(&o, format == ERG_EXPORT_NEO4J_RELATIONSHIPS, g, sel, opts, diags);
        break;
    default:
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "unknown export format %d", (int)format);
        rc = ERG_EUSAGE;
    }
    erg_status end = erg_xout_finish(&o);
    return rc != ERG_OK ? rc : end;
}

erg_status erg_export_write(char **out, size_t *out_len, erg_export_format format,
                            const erg_graph *g, const erg_selection *sel,
                            const erg_export_options *opts, erg_diags *diags)
{
    erg_buf b = ERG_BUF_INIT;
    *out = NULL;
    *out_len = 0;
    erg_status rc = erg_export_stream(format, g, sel, opts, buf_sink, &b, diags);
    if (rc == ERG_OK) {
        size_t len = b.len;
        *out = erg_buf_detach(&b);
        if (*out == NULL)
            rc = ERG_ENOMEM;
        else
            *out_len = len;
    }
    /* A sink that failed only for want of memory. */
    if (rc == ERG_EIO && b.failed)
        rc = ERG_ENOMEM;
    erg_buf_release(&b);
    return rc;
}

bool erg_export_format_from_name(erg_export_format *out, const char *name)
{
    static const struct {
        const char *name;
        erg_export_format format;
    } names[] = {{"graphml", ERG_EXPORT_GRAPHML},
                 {"gexf", ERG_EXPORT_GEXF},
                 {"cytoscape", ERG_EXPORT_CYTOSCAPE},
                 {"json", ERG_EXPORT_JSON},
                 {"neo4j", ERG_EXPORT_NEO4J_NODES}};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return true;
        }
    }
    return false;
}
