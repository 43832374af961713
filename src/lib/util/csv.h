/*
 * Internal: an RFC 4180 CSV reader. The whole text is split into records of
 * fields, each unescaped into an arena, with the spreadsheet row (1-based,
 * the header included, an empty line counted) it came from.
 */
#ifndef ERG_CSV_H
#define ERG_CSV_H

#include <stddef.h>

#include "util/arena.h"
#include "ergraph/diag.h"

typedef struct erg_csv_field {
    const char *text; /* NUL-terminated, in the arena */
    size_t len;
} erg_csv_field;

typedef struct erg_csv_record {
    erg_csv_field *fields;
    size_t count;
    long row;
} erg_csv_record;

typedef struct erg_csv {
    erg_csv_record *records; /* empty lines are left out */
    size_t count, cap;
} erg_csv;

/*
 * Reads data[0..len) (a UTF-8 byte order mark at the start is skipped).
 * Syntax errors (a quote inside an unquoted field, text after a closing
 * quote, a quote left open, a NUL byte, ill-formed UTF-8) become
 * diagnostics "NAME:ROW:COLUMN: message" and ERG_EDATA. Strings live in
 * `arena`; free the records with erg_csv_release(). Time complexity: O(len).
 */
erg_status erg_csv_parse(erg_csv *out, erg_arena *arena, const char *name, const char *data,
                         size_t len, erg_diags *diags);
void erg_csv_release(erg_csv *csv);

#endif
