/*
 * Output of the text commands in three forms: an aligned table for a
 * terminal, TSV and JSON for scripts.
 */
#ifndef ERG_CLI_OUT_H
#define ERG_CLI_OUT_H

#include <stdbool.h>
#include <stdio.h>

typedef enum out_format { OUT_TEXT, OUT_JSON, OUT_TSV } out_format;

/* Parses "text", "json" or "tsv"; false for anything else. */
bool out_parse_format(const char *s, out_format *out);

/* A JSON string literal of s (UTF-8 kept, controls escaped). */
void out_json_string(FILE *f, const char *s);
/* s as a TSV field: tab, newline, CR and backslash written as \t \n \r \\. */
void out_tsv_field(FILE *f, const char *s);
/* Writes len bytes of text for a terminal: control characters that could
 * drive it (C0 but line feed and tab, DEL, C1) as \xNN or \u00NN. */
void out_visible(FILE *f, const char *s, size_t len);

/* A table of string cells, printed at the end in the chosen form. */
typedef struct out_table out_table;

out_table *out_table_new(const char *const *columns, size_t count);
/* Appends a row of `count` cells (copied; NULL prints as empty / null). */
bool out_table_row(out_table *t, const char *const *cells);
/* The same, with the JSON of some cells (json[i] non-NULL: a boolean, an
 * array...) in place of their text, which text and TSV show. */
bool out_table_row_json(out_table *t, const char *const *cells, const char *const *json);
/* Marks a column as numeric: right-aligned in text, a number in JSON. */
void out_table_numeric(out_table *t, size_t column);
void out_table_print(const out_table *t, FILE *f, out_format format);
void out_table_free(out_table *t);

#endif
