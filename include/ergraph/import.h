/*
 * Import: the spreadsheets analysts keep (CSV) read into an ergraph/1 file.
 */
#ifndef ERGRAPH_IMPORT_H
#define ERGRAPH_IMPORT_H

#include <stddef.h>

#include "common.h"
#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The files are RFC 4180 CSV (UTF-8, comma-separated, fields
 * optionally in double quotes, "" for a quote inside), with a header row
 * naming the columns, in any order:
 *   entities:      id, type, name (required); aliases, country; any other
 *                  column becomes a string attribute of that name
 *   relationships: from, to, type (required); id, directed, label, source,
 *                  quote, note, start, end, weight, date, contradicts,
 *                  certainty, attributed_to, credibility; any other column
 *                  an attribute
 *   sources:       id (required); title, publisher, author, date, url,
 *                  reliability
 * Several aliases, sources or quotes in one cell are separated by ';' (a
 * literal ';' is written ';;'). A relationship's evidence pairs its sources
 * and quotes: one source with several quotes cites it for each; as many
 * sources as quotes pairs them in order.
 */
typedef struct erg_csv_import_input {
    const char *name; /* used in diagnostics */
    const char *data; /* the bytes; NULL: no such file (sources only) */
    size_t len;
} erg_csv_import_input;

typedef struct erg_csv_import_options {
    const char *title; /* the file's title; NULL: none */
} erg_csv_import_options;

/*
 * An ergraph/1 file from the spreadsheets, in *out (caller frees with
 * erg_free(); *out_len bytes). Every problem is a diagnostic
 * "FILE:ROW:COLUMN: message" (rows count the header as 1, columns from 1)
 * and ERG_EDATA, with *out NULL: nothing is produced from bad input. The
 * result is checked by the loader itself before it is returned. `opts` may
 * be NULL. Time complexity: O(input size).
 */
ERG_API erg_status erg_csv_import(char **out, size_t *out_len, const erg_csv_import_input *entities,
                                  const erg_csv_import_input *relationships,
                                  const erg_csv_import_input *sources,
                                  const erg_csv_import_options *opts, erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
