/*
 * Naming one entity: erg_graph_resolve(), with its "did you mean" and its
 * list of the candidates of an ambiguous name.
 */
#include <string.h>

#include "ergraph/model.h"
#include "model/graph_impl.h"
#include "util/buf.h"
#include "util/text.h"

static erg_status usage(erg_diags *diags, const char *msg)
{
    return erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "%s", msg) == ERG_OK ? ERG_EUSAGE
                                                                                  : ERG_ENOMEM;
}

/* " (did you mean \"x\"?)" from the ids, names and aliases closest to `name`. */
static void suggest_entity(erg_buf *out, const erg_graph *g, const char *name)
{
    erg_buf folded = ERG_BUF_INIT, cand = ERG_BUF_INIT;
    erg_text_fold(&folded, name, strlen(name));
    size_t len = folded.len;
    size_t limit = len <= 3 ? 1 : len < 6 ? 2 : len / 3;
    size_t best_d = limit + 1;
    const char *best = NULL;
    for (size_t e = 0; e < g->ent_count && best_d > 1 && !folded.failed; e++) {
        const erg_entity_rec *ent = &g->ents[e];
        for (size_t k = 0; k < 2 + ent->alias_count; k++) {
            const char *s = k == 0   ? ent->id
                            : k == 1 ? ent->name
                                     : g->aliases[ent->alias_start + k - 2];
            cand.len = 0;
            erg_text_fold(&cand, s, strlen(s));
            if (cand.failed)
                break;
            /* An empty buffer has no data: "" (an empty name typed, as in
             * `ergraph show ""`) is compared as "". */
            size_t d = erg_text_distance(folded.len > 0 ? folded.data : "",
                                         cand.len > 0 ? cand.data : "", best_d - 1);
            if (d < best_d) {
                best_d = d;
                best = s;
            }
        }
    }
    if (best != NULL)
        erg_buf_printf(out, " (did you mean \"%s\"?)", best);
    erg_buf_release(&folded);
    erg_buf_release(&cand);
}

erg_status erg_graph_resolve(size_t *out, const erg_graph *g, const char *name, erg_diags *diags)
{
    size_t found[8];
    bool nomem;
    size_t n = erg_graph_lookup_checked(g, name, found, 8, &nomem);
    if (nomem)
        return ERG_ENOMEM;
    if (n == 1) {
        *out = found[0];
        return ERG_OK;
    }
    erg_buf msg = ERG_BUF_INIT;
    if (n == 0) {
        erg_buf_printf(&msg, "no entity is called \"%s\"", name);
        suggest_entity(&msg, g, name);
    } else {
        erg_buf_printf(&msg, "\"%s\" is ambiguous: it names %zu entities:", name, n);
        for (size_t i = 0; i < n && i < 8; i++)
            erg_buf_printf(&msg, "%s %s (%s \"%s\")", i ? "," : "", g->ents[found[i]].id,
                           g->ents[found[i]].type, g->ents[found[i]].name);
        if (n > 8)
            erg_buf_printf(&msg, ", and %zu more", n - 8);
        erg_buf_puts(&msg, "; name one by its id");
    }
    erg_status rc = msg.failed ? ERG_ENOMEM : usage(diags, msg.data);
    erg_buf_release(&msg);
    return rc;
}
