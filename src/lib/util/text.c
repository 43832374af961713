#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"

size_t erg_utf8_decode(const char *text, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)text;
    if (len == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

void erg_utf8_put(erg_buf *out, uint32_t c)
{
    char b[4];
    if (c < 0x80) {
        b[0] = (char)c;
        erg_buf_put(out, b, 1);
    } else if (c < 0x800) {
        b[0] = (char)(0xC0 | (c >> 6));
        b[1] = (char)(0x80 | (c & 0x3F));
        erg_buf_put(out, b, 2);
    } else if (c < 0x10000) {
        b[0] = (char)(0xE0 | (c >> 12));
        b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (char)(0x80 | (c & 0x3F));
        erg_buf_put(out, b, 3);
    } else {
        b[0] = (char)(0xF0 | (c >> 18));
        b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (char)(0x80 | (c & 0x3F));
        erg_buf_put(out, b, 4);
    }
}

size_t erg_text_json_step(const char *s, size_t len, size_t *at, char esc[7], bool script_safe)
{
    static const char hex[] = "0123456789abcdef";
    size_t i = *at, run = 0;
    for (unsigned char c; i + run < len && (c = (unsigned char)s[i + run]) >= 0x20 && c != '"' &&
                          c != '\\' && c != 0x7F &&
                          !(script_safe && (c == '<' || c == '>' || c == '&' || c == 0xE2));)
        run++;
    if (run > 0) {
        *at = i + run;
        esc[0] = '\0';
        return run;
    }
    unsigned char c = (unsigned char)s[i];
    *at = i + 1;
    const char *two = c == '"'    ? "\\\""
                      : c == '\\' ? "\\\\"
                      : c == '\n' ? "\\n"
                      : c == '\r' ? "\\r"
                      : c == '\t' ? "\\t"
                                  : NULL;
    if (two != NULL) {
        memcpy(esc, two, 3);
    } else if (c == 0xE2) {
        /* Script-safe only: U+2028 and U+2029 end a line in older
         * JavaScript; other characters from E2 go as they are. */
        if (i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
            memcpy(esc, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 7);
            *at = i + 3;
        } else {
            esc[0] = (char)c;
            esc[1] = '\0';
        }
    } else {
        char u[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], '\0'};
        memcpy(esc, u, 7);
    }
    return 0;
}

void erg_text_put_json(erg_buf *out, const char *s, size_t len, bool script_safe)
{
    erg_buf_putc(out, '"');
    size_t at = 0;
    while (at < len) {
        size_t from = at;
        char esc[7];
        size_t run = erg_text_json_step(s, len, &at, esc, script_safe);
        if (run > 0)
            erg_buf_put(out, s + from, run);
        else
            erg_buf_puts(out, esc);
    }
    erg_buf_putc(out, '"');
}

size_t erg_text_number(char out[ERG_NUMBER_MAX], double v)
{
    if (v != v || v - v != 0) /* NaN or infinite: JSON has neither */
        return (size_t)snprintf(out, ERG_NUMBER_MAX, "%s",
                                v != v  ? "NaN"
                                : v > 0 ? "Infinity"
                                        : "-Infinity");
    if (v == 0) {
        memcpy(out, "0", 2);
        return 1;
    }
    /* The fewest significant digits that read back as v: d.ddde[+-]x. */
    char sci[32];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(sci, sizeof(sci), "%.*e", prec - 1, v);
        if (strtod(sci, NULL) == v)
            break;
    }
    const char *p = sci;
    size_t o = 0;
    if (*p == '-')
        out[o++] = *p++;
    char digits[18];
    size_t k = 0;
    for (; *p != 'e'; p++) {
        if (*p != '.')
            digits[k++] = *p;
    }
    long n = strtol(p + 1, NULL, 10) + 1; /* the decimal point after n digits */
    if ((long)k <= n && n <= 21) {        /* an integer: 100000, 1e20 written out */
        memcpy(out + o, digits, k), o += k;
        for (long z = n - (long)k; z > 0; z--)
            out[o++] = '0';
    } else if (0 < n && n <= 21) { /* 3.25 */
        memcpy(out + o, digits, (size_t)n), o += (size_t)n;
        out[o++] = '.';
        memcpy(out + o, digits + n, k - (size_t)n), o += k - (size_t)n;
    } else if (-6 < n && n <= 0) { /* 0.000001 */
        out[o++] = '0', out[o++] = '.';
        for (long z = -n; z > 0; z--)
            out[o++] = '0';
        memcpy(out + o, digits, k), o += k;
    } else { /* 1e+21, 1.5e-7 */
        out[o++] = digits[0];
        if (k > 1) {
            out[o++] = '.';
            memcpy(out + o, digits + 1, k - 1), o += k - 1;
        }
        o += (size_t)snprintf(out + o, ERG_NUMBER_MAX - o, "e%c%ld", n - 1 < 0 ? '-' : '+',
                              n - 1 < 0 ? 1 - n : n - 1);
    }
    out[o] = '\0';
    return o;
}

static uint32_t fold(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c < 0xC0)
        return c;
    if (c <= 0xDE && c != 0xD7) /* Latin-1 capitals */
        return c + 32;
    if (c >= 0x100 && c <= 0x137 && c % 2 == 0) /* Latin Extended-A, even = capital */
        return c + 1;
    if (c >= 0x139 && c <= 0x148 && c % 2 == 1)
        return c + 1;
    if (c >= 0x14A && c <= 0x177 && c % 2 == 0)
        return c + 1;
    if (c == 0x178)
        return 0xFF;
    if (c >= 0x179 && c <= 0x17E && c % 2 == 1)
        return c + 1;
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) /* Greek capitals */
        return c + 32;
    if (c == 0x386) /* Greek capitals with tonos */
        return 0x3AC;
    if (c >= 0x388 && c <= 0x38A)
        return c + 37;
    if (c == 0x38C)
        return 0x3CC;
    if (c == 0x38E || c == 0x38F)
        return c + 63;
    if (c >= 0x400 && c <= 0x40F) /* Cyrillic capitals with marks */
        return c + 80;
    if (c >= 0x410 && c <= 0x42F) /* Cyrillic basic capitals */
        return c + 32;
    return c;
}

void erg_text_fold(erg_buf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t n = erg_utf8_decode(s + i, len - i, &c);
        if (n == 0) {
            erg_buf_put(out, s + i, 1);
            i++;
            continue;
        }
        erg_utf8_put(out, fold(c));
        i += n;
    }
}

bool erg_text_valid_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t n = erg_utf8_decode(s + i, len - i, &c);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

size_t erg_text_char_count(const char *s, size_t len)
{
    size_t count = 0;
    for (size_t i = 0; i < len; i++) {
        /* Count every byte but UTF-8 continuation bytes. */
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    }
    return count;
}

size_t erg_text_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t *row = erg_malloc((lb + 1) * sizeof(*row));
    if (row == NULL)
        return limit + 1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    size_t result;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0], best = i;
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = diag + (a[i - 1] != b[j - 1]);
            size_t v = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
            row[j] = cost < v ? cost : v;
            diag = up;
            if (row[j] < best)
                best = row[j];
        }
        if (best > limit) {
            result = limit + 1;
            goto done;
        }
    }
    result = row[lb] > limit ? limit + 1 : row[lb];
done:
    erg_free(row);
    return result;
}
