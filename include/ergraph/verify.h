/*
 * Checking the evidence against the texts it quotes: every quote must occur
 * in the text of its source.
 */
#ifndef ERGRAPH_VERIFY_H
#define ERGRAPH_VERIFY_H

#include <stddef.h>

#include "common.h"
#include "diag.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct erg_verify_result {
    size_t quotes;  /* quotes checked */
    size_t missing; /* quotes not found */
    size_t no_text; /* quotes whose source has no text file */
} erg_verify_result;

/*
 * Looks for every evidence quote in the text of its source, the file
 * `texts_dir`/<source id>.txt, comparing with runs of white space folded to
 * one space and typographic quotes, apostrophes and dashes folded to plain
 * ones. Each miss is an error "quote not found in SOURCE: "..."" at the
 * quote's place in its relationship file, with the closest passage found.
 * Returns ERG_EDATA when any quote is missing or has no text, ERG_OK when all
 * are found. Time complexity: O(total text + quotes) for the found ones; a
 * miss costs O(|quote| * |text| * log |quote|) to find the closest passage.
 */
ERG_API erg_status erg_verify_quotes(erg_verify_result *out, const erg_graph *g,
                                     const char *texts_dir, erg_diags *diags);

/*
 * The normalised form used for the comparison, in a buffer the caller frees
 * with erg_free(); NULL when out of memory.
 */
ERG_API char *erg_verify_normalize(const char *text, size_t len);

#ifdef __cplusplus
}
#endif
#endif
