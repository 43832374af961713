/*
 * Internal: what the filters need of a selection beyond the public calls.
 */
#ifndef ERG_SELECTION_IMPL_H
#define ERG_SELECTION_IMPL_H

#include "ergraph/filter.h"

/* Gives `to` the evidence that `from` keeps (from's is left as to's was):
 * for a filter that replaces a selection by a narrower one. O(1). */
void erg_selection_move_evidence(erg_selection *to, erg_selection *from);

#endif
