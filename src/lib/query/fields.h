/*
 * How the messages of the filters and queries name the fields of
 * erg_filter_spec: by the caller's names, else by the fields' own.
 */
#ifndef ERG_QUERY_FIELDS_H
#define ERG_QUERY_FIELDS_H

#include "ergraph/filter.h"

/* names[f] when names and names[f] are given, else the field's own name. */
const char *erg_field_label(const char *const *names, erg_filter_field f);

/* The usage error of a search of every path from one entity to another
 * that took more than `budget` steps: ERG_EUSAGE, or ERG_ENOMEM. */
erg_status erg_all_paths_refused(erg_diags *diags, const char *const *names, unsigned budget,
                                 size_t max_length);

#endif
