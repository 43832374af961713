#include "out.h"

#include <ergraph/output.h>

#include <stdlib.h>
#include <string.h>

bool out_parse_format(const char *s, out_format *out)
{
    if (strcmp(s, "text") == 0)
        *out = OUT_TEXT;
    else if (strcmp(s, "json") == 0)
        *out = OUT_JSON;
    else if (strcmp(s, "tsv") == 0)
        *out = OUT_TSV;
    else
        return false;
    return true;
}

/* The backslash escape that JSON and TSV share for c, or NULL. */
static const char *backslash_escape(char c)
{
    switch (c) {
    case '\\':
        return "\\\\";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        return NULL;
    }
}

void out_json_string(FILE *f, const char *s)
{
    erg_json_fputs(s, 0, f); /* a failed write shows in ferror(f) */
}

void out_tsv_field(FILE *f, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        const char *esc = backslash_escape(*p);
        if (esc != NULL)
            fputs(esc, f);
        else
            fputc(*p, f);
    }
}

struct out_table {
    size_t columns;
    char **names;
    bool *numeric;
    char **cells; /* rows * columns */
    char **json;  /* rows * columns: a cell's JSON when it is not a string */
    size_t rows, cap;
};

out_table *out_table_new(const char *const *columns, size_t count)
{
    out_table *t = calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->columns = count;
    t->names = calloc(count, sizeof(char *));
    t->numeric = calloc(count, sizeof(bool));
    if (t->names == NULL || t->numeric == NULL) {
        out_table_free(t);
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        if ((t->names[i] = strdup(columns[i])) == NULL) {
            out_table_free(t);
            return NULL;
        }
    }
    return t;
}

void out_table_numeric(out_table *t, size_t column)
{
    t->numeric[column] = true;
}

bool out_table_row_json(out_table *t, const char *const *cells, const char *const *json)
{
    if (t->rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **more = realloc(t->cells, cap * t->columns * sizeof(char *));
        if (more == NULL)
            return false;
        t->cells = more;
        more = realloc(t->json, cap * t->columns * sizeof(char *));
        if (more == NULL)
            return false;
        t->json = more;
        t->cap = cap;
    }
    char **row = t->cells + t->rows * t->columns;
    char **jrow = t->json + t->rows * t->columns;
    for (size_t i = 0; i < t->columns; i++) {
        const char *j = json != NULL ? json[i] : NULL;
        row[i] = cells[i] ? strdup(cells[i]) : NULL;
        jrow[i] = j ? strdup(j) : NULL;
        if ((cells[i] != NULL && row[i] == NULL) || (j != NULL && jrow[i] == NULL)) {
            free(row[i]);
            free(jrow[i]);
            while (i-- > 0) {
                free(row[i]);
                free(jrow[i]);
            }
            return false;
        }
    }
    t->rows++;
    return true;
}

bool out_table_row(out_table *t, const char *const *cells)
{
    return out_table_row_json(t, cells, NULL);
}

/* How a control character that could drive a terminal is shown: the
 * bytes at p that make it (0: none), its visible form in `shown`. C0
 * controls but line feed and tab, and DEL, as \xNN; C1 controls (CSI
 * among them) as \u00NN. */
static size_t control_at(const char *p, char shown[8])
{
    unsigned char c = (unsigned char)p[0];
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) {
        snprintf(shown, 8, "\\x%02x", c);
        return 1;
    }
    if (c == 0xC2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] < 0xA0) {
        snprintf(shown, 8, "\\u%04x", (unsigned char)p[1]);
        return 2;
    }
    return 0;
}

void out_visible(FILE *f, const char *s, size_t len)
{
    char shown[8];
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        size_t n = control_at(s + i, shown);
        if (n == 0)
            continue;
        fwrite(s + start, 1, i - start, f);
        fputs(shown, f);
        i += n - 1;
        start = i + 1;
    }
    fwrite(s + start, 1, len - start, f);
}

/* Display width: characters, with each line break shown as two and each
 * control character as its visible form. */
static size_t width(const char *s)
{
    size_t w = 0;
    char shown[8];
    for (const char *p = s ? s : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        size_t n = c == '\r' ? 0 : control_at(p, shown);
        if (n > 0) {
            w += strlen(shown);
            p += n - 1;
        } else if ((c & 0xC0) != 0x80) {
            w += (c == '\n' || c == '\t' || c == '\r') ? 2 : 1;
        }
    }
    return w;
}

/* A cell on one line: line breaks and tabs shown as \n and \t, control
 * characters made visible. */
static void put_cell(FILE *f, const char *s)
{
    char shown[8];
    for (const char *p = s ? s : ""; *p; p++) {
        size_t n = *p == '\r' ? 0 : control_at(p, shown);
        if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p == '\r')
            fputs("\\r", f);
        else if (n > 0) {
            fputs(shown, f);
            p += n - 1;
        } else
            fputc(*p, f);
    }
}

void out_table_print(const out_table *t, FILE *f, out_format format)
{
    if (format == OUT_JSON) {
        fputs("[", f);
        for (size_t r = 0; r < t->rows; r++) {
            fputs(r ? ",\n  {" : "\n  {", f);
            for (size_t c = 0; c < t->columns; c++) {
                const char *cell = t->cells[r * t->columns + c];
                const char *json = t->json[r * t->columns + c];
                if (c)
                    fputs(", ", f);
                out_json_string(f, t->names[c]);
                fputs(": ", f);
                if (json != NULL)
                    fputs(json, f);
                else if (t->numeric[c] && cell != NULL)
                    fputs(cell, f);
                else
                    out_json_string(f, cell);
            }
            fputs("}", f);
        }
        fputs(t->rows ? "\n]\n" : "]\n", f);
        return;
    }
    if (format == OUT_TSV) {
        for (size_t r = 0; r <= t->rows; r++) {
            for (size_t c = 0; c < t->columns; c++) {
                if (c)
                    fputc('\t', f);
                out_tsv_field(f, r == 0 ? t->names[c] : t->cells[(r - 1) * t->columns + c]);
            }
            fputc('\n', f);
        }
        return;
    }
    size_t *w = calloc(t->columns, sizeof(size_t));
    if (w == NULL)
        return;
    for (size_t c = 0; c < t->columns; c++) {
        w[c] = width(t->names[c]);
        for (size_t r = 0; r < t->rows; r++) {
            size_t cw = width(t->cells[r * t->columns + c]);
            if (cw > w[c])
                w[c] = cw;
        }
    }
    char *line = NULL;
    size_t len = 0;
    for (size_t r = 0; r <= t->rows; r++) {
        FILE *m = open_memstream(&line, &len);
        if (m == NULL)
            break;
        for (size_t c = 0; c < t->columns; c++) {
            const char *cell = r == 0 ? t->names[c] : t->cells[(r - 1) * t->columns + c];
            size_t pad = w[c] - width(cell);
            bool right = t->numeric[c] && r > 0;
            fprintf(m, "%*s", right ? (int)pad : 0, "");
            put_cell(m, cell);
            if (c + 1 < t->columns)
                fprintf(m, "%*s  ", right ? 0 : (int)pad, "");
        }
        fclose(m);
        while (len > 0 && line[len - 1] == ' ')
            len--; /* no trailing blanks after an empty last cell */
        fwrite(line, 1, len, f);
        fputc('\n', f);
        free(line);
        line = NULL;
    }
    free(w);
}

void out_table_free(out_table *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->rows * t->columns; i++) {
        free(t->cells[i]);
        free(t->json[i]);
    }
    for (size_t i = 0; t->names && i < t->columns; i++)
        free(t->names[i]);
    free(t->cells);
    free(t->json);
    free(t->names);
    free(t->numeric);
    free(t);
}
