#include "load/jsonpos.h"

#include <ctype.h>
#include <string.h>

#include "util/text.h"

static bool is_ident(const char *key)
{
    if (!(isalpha((unsigned char)key[0]) || key[0] == '_'))
        return false;
    for (const char *p = key; *p; p++) {
        if (!(isalnum((unsigned char)*p) || *p == '_'))
            return false;
    }
    return true;
}

void erg_path_format(erg_buf *out, const erg_path *path)
{
    erg_buf_putc(out, '$');
    for (size_t i = 0; i < path->depth; i++) {
        const erg_pathstep *s = &path->steps[i];
        if (s->key == NULL) {
            erg_buf_printf(out, "[%zu]", s->index);
        } else if (is_ident(s->key)) {
            erg_buf_printf(out, ".%s", s->key);
        } else {
            erg_buf_puts(out, "[\"");
            for (const char *p = s->key; *p; p++) {
                unsigned char c = (unsigned char)*p;
                if (c == '"' || c == '\\')
                    erg_buf_printf(out, "\\%c", c);
                else if (c < 0x20)
                    erg_buf_printf(out, "\\u%04x", c);
                else
                    erg_buf_putc(out, (char)c);
            }
            erg_buf_puts(out, "\"]");
        }
    }
}

size_t erg_json_skip_ws(const char *text, size_t len, size_t at)
{
    while (at < len &&
           (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
        at++;
    return at;
}

static size_t skip_string(const char *text, size_t len, size_t at)
{
    at++; /* opening quote */
    while (at < len && text[at] != '"')
        at += text[at] == '\\' ? 2 : 1;
    return at < len ? at + 1 : len;
}

size_t erg_json_skip_value(const char *text, size_t len, size_t at)
{
    size_t depth = 0;
    while (at < len) {
        char c = text[at];
        if (c == '"') {
            at = skip_string(text, len, at);
        } else if (c == '{' || c == '[') {
            depth++;
            at++;
        } else if (c == '}' || c == ']') {
            if (depth == 0)
                return at;
            depth--;
            at++;
        } else if (depth == 0 &&
                   (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':')) {
            return at;
        } else {
            at++;
        }
        if (depth == 0 && (c == '"' || c == '}' || c == ']'))
            return at;
    }
    return at;
}

/* Decodes the JSON string at `at` into out (escapes resolved). */
static void decode_string(const char *text, size_t len, size_t at, erg_buf *out)
{
    size_t end = skip_string(text, len, at);
    for (size_t i = at + 1; i + 1 < end; i++) {
        if (text[i] != '\\') {
            erg_buf_putc(out, text[i]);
            continue;
        }
        i++;
        switch (text[i]) {
        case 'n':
            erg_buf_putc(out, '\n');
            break;
        case 't':
            erg_buf_putc(out, '\t');
            break;
        case 'r':
            erg_buf_putc(out, '\r');
            break;
        case 'b':
            erg_buf_putc(out, '\b');
            break;
        case 'f':
            erg_buf_putc(out, '\f');
            break;
        case 'u': {
            /* Rare in keys; decode BMP code points, pairs as two halves,
             * which only matters for a key nobody could match anyway. */
            unsigned cp = 0;
            for (int k = 1; k <= 4 && i + k < end; k++) {
                char h = text[i + k];
                cp = cp * 16 + (unsigned)(isdigit((unsigned char)h)
                                              ? h - '0'
                                              : (tolower((unsigned char)h) - 'a' + 10));
            }
            i += 4;
            erg_utf8_put(out, cp);
            break;
        }
        default:
            erg_buf_putc(out, text[i]);
        }
    }
}

size_t erg_json_locate(const char *text, size_t len, size_t at, const erg_path *path,
                       size_t from_step, bool want_key)
{
    erg_buf key = ERG_BUF_INIT;
    at = erg_json_skip_ws(text, len, at);
    for (size_t s = from_step; s < path->depth; s++) {
        const erg_pathstep *step = &path->steps[s];
        if (at >= len || text[at] != (step->key ? '{' : '['))
            break;
        size_t pos = erg_json_skip_ws(text, len, at + 1);
        size_t index = 0;
        bool found = false;
        while (pos < len && text[pos] != '}' && text[pos] != ']') {
            size_t key_at = pos;
            if (step->key) {
                key.len = 0;
                decode_string(text, len, pos, &key);
                pos = erg_json_skip_ws(text, len, skip_string(text, len, pos));
                pos = erg_json_skip_ws(text, len, pos + 1); /* ':' */
                found = !key.failed && key.len == strlen(step->key) &&
                        memcmp(key.data ? key.data : "", step->key, key.len) == 0;
            } else {
                found = index == step->index;
            }
            if (found) {
                at = (want_key && step->key && s + 1 == path->depth) ? key_at : pos;
                break;
            }
            pos = erg_json_skip_ws(text, len, erg_json_skip_value(text, len, pos));
            if (pos < len && text[pos] == ',')
                pos = erg_json_skip_ws(text, len, pos + 1);
            index++;
        }
        if (!found)
            break;
    }
    erg_buf_release(&key);
    return at;
}

void erg_linecounter_init(erg_linecounter *lc, const char *text, size_t len)
{
    lc->text = text;
    lc->len = len;
    lc->offset = 0;
    lc->line_start = 0;
    lc->line = 1;
    lc->chars = 0;
}

erg_linecol erg_linecounter_at(erg_linecounter *lc, size_t at)
{
    if (at > lc->len)
        at = lc->len;
    if (at < lc->offset)
        erg_linecounter_init(lc, lc->text, lc->len);
    /* The column is counted along too: counting it from the line's start
     * at each call was quadratic on a file of one long line (ten million
     * empty entities, each an error, took hours). */
    for (size_t i = lc->offset; i < at; i++) {
        if (lc->text[i] == '\n') {
            lc->line++;
            lc->line_start = i + 1;
            lc->chars = 0;
        } else if (((unsigned char)lc->text[i] & 0xC0) != 0x80) {
            lc->chars++;
        }
    }
    lc->offset = at;
    erg_linecol lcol = {lc->line, 1 + lc->chars};
    return lcol;
}
