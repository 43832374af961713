/* Internal: moving diagnostics between lists. */
#ifndef ERG_DIAG_IMPL_H
#define ERG_DIAG_IMPL_H

#include <stdbool.h>

#include "ergraph/diag.h"

/*
 * Adds a copy of every diagnostic of `from` to `to`, in order, as if each
 * had been added to `to` directly: the ones `from` could not keep are
 * counted as dropped (and as errors), and `to` keeps at most its own
 * maximum.
 */
erg_status erg_diags_append(erg_diags *to, const erg_diags *from);

/* Counts n diagnostics of `severity` as dropped (not kept), as if each had
 * been added to a full list: a list reported again (a corpus's warnings). */
void erg_diags_add_dropped(erg_diags *diags, erg_severity severity, size_t n);

/* Whether a diagnostic of `severity` added now would be kept (not only
 * counted): worth the work of saying where it is. */
bool erg_diags_would_keep(const erg_diags *diags, erg_severity severity);

/* Forgets the diagnostics after the first `count` (errors uncounted). */
void erg_diags_truncate(erg_diags *diags, size_t count);

#endif
