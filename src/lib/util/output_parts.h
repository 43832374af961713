/* Internal: an output written from several pieces (output.c). */
#ifndef ERG_OUTPUT_PARTS_H
#define ERG_OUTPUT_PARTS_H

#include <stddef.h>

#include "ergraph/output.h"

typedef struct erg_output_part {
    const void *data;
    size_t len;
} erg_output_part;

/* erg_output_commit() of the parts one after another, never joined in
 * memory: a corpus's records and its strings. */
erg_status erg_output_commit_parts(erg_output *o, const erg_output_part *parts, size_t n,
                                   erg_diags *diags);

#endif
