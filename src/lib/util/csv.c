#include "util/csv.h"

#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/text.h"

typedef struct parser {
    erg_arena *arena;
    const char *name;
    erg_diags *diags;
    erg_buf field;
    erg_csv_field *fields; /* of the record being read */
    size_t count, cap;
} parser;

static erg_status syntax(parser *p, long row, size_t col, const char *message)
{
    if (erg_diags_add(p->diags, ERG_ERROR, p->name, row, (long)col, NULL, "%s", message) != ERG_OK)
        return ERG_ENOMEM;
    return ERG_EDATA;
}

/* Ends the current field: checks it and keeps a copy. */
static erg_status push_field(parser *p, long row)
{
    const char *s = p->field.len > 0 ? p->field.data : "";
    size_t len = p->field.len;
    if (p->field.failed)
        return ERG_ENOMEM;
    if (memchr(s, '\0', len) != NULL)
        return syntax(p, row, p->count + 1, "NUL byte in a field");
    if (!erg_text_valid_utf8(s, len))
        return syntax(p, row, p->count + 1,
                      "not valid UTF-8 (save the spreadsheet as \"CSV UTF-8\")");
    if (ERG_GROW(p->fields, p->cap, p->count + 1) != ERG_OK)
        return ERG_ENOMEM;
    char *copy = erg_arena_strndup(p->arena, s, len);
    if (copy == NULL)
        return ERG_ENOMEM;
    p->fields[p->count].text = copy;
    p->fields[p->count].len = len;
    p->count++;
    return ERG_OK;
}

static erg_status push_record(parser *p, erg_csv *out, long row)
{
    if (ERG_GROW(out->records, out->cap, out->count + 1) != ERG_OK)
        return ERG_ENOMEM;
    erg_csv_field *fields = erg_arena_alloc(p->arena, p->count * sizeof(*fields) + 1);
    if (fields == NULL)
        return ERG_ENOMEM;
    memcpy(fields, p->fields, p->count * sizeof(*fields));
    out->records[out->count].fields = fields;
    out->records[out->count].count = p->count;
    out->records[out->count].row = row;
    out->count++;
    return ERG_OK;
}

static bool line_end(char c)
{
    return c == '\n' || c == '\r';
}

erg_status erg_csv_parse(erg_csv *out, erg_arena *arena, const char *name, const char *data,
                         size_t len, erg_diags *diags)
{
    erg_status rc = ERG_OK;
    parser p = {arena, name, diags, ERG_BUF_INIT, NULL, 0, 0};
    size_t i = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    long row = 1;
    memset(out, 0, sizeof(*out));

    while (i < len && rc == ERG_OK) {
        long record_row = row;
        if (line_end(data[i])) { /* an empty line: a row with nothing */
            i += data[i] == '\r' && i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
            row++;
            continue;
        }
        p.count = 0;
        bool end = false;
        while (!end && rc == ERG_OK) {
            long field_row = row;
            p.field.len = 0;
            if (i < len && data[i] == '"') {
                i++;
                for (;;) {
                    if (i >= len) {
                        rc =
                            syntax(&p, field_row, p.count + 1, "this quoted field is never closed");
                        goto done;
                    }
                    if (data[i] == '"') {
                        if (i + 1 < len && data[i + 1] == '"') {
                            erg_buf_putc(&p.field, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (data[i] == '\n')
                        row++;
                    erg_buf_putc(&p.field, data[i++]);
                }
                if (i < len && data[i] != ',' && !line_end(data[i])) {
                    rc = syntax(&p, row, p.count + 1,
                                "text after the closing quote of a field (a quote inside a "
                                "quoted field is written \"\")");
                    goto done;
                }
            } else {
                size_t start = i;
                while (i < len && data[i] != ',' && !line_end(data[i])) {
                    if (data[i] == '"') {
                        rc = syntax(&p, row, p.count + 1,
                                    "a quote inside an unquoted field (quote the whole field "
                                    "and write the quote as \"\")");
                        goto done;
                    }
                    i++;
                }
                erg_buf_put(&p.field, data + start, i - start);
            }
            if ((rc = push_field(&p, field_row)) != ERG_OK)
                goto done;
            if (i >= len) {
                end = true;
            } else if (data[i] == ',') {
                i++;
            } else {
                i += data[i] == '\r' && i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
                row++;
                end = true;
            }
        }
        rc = push_record(&p, out, record_row);
    }
done:
    erg_buf_release(&p.field);
    erg_free(p.fields);
    if (rc != ERG_OK)
        erg_csv_release(out);
    return rc;
}

void erg_csv_release(erg_csv *csv)
{
    erg_free(csv->records);
    memset(csv, 0, sizeof(*csv));
}
