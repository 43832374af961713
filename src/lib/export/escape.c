/*
 * The escapers of each syntax the exports write: XML text and attributes,
 * JSON strings, CSV fields, numbers.
 */
#include <stdint.h>
#include <string.h>

#include "export/export_impl.h"
#include "util/text.h"

void erg_put_xml(erg_buf *b, const char *s)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    while (*s != '\0') {
        /* The run of ASCII characters that need nothing. */
        size_t run = 0;
        for (unsigned char c; (c = (unsigned char)s[run]) >= 0x20 && c < 0x80 && c != '&' &&
                              c != '<' && c != '>' && c != '"';)
            run++;
        erg_buf_put(b, s, run);
        s += run;
        unsigned char c = (unsigned char)*s;
        if (c == '\0')
            break;
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = erg_utf8_decode(s, strnlen(s, 4), &cp);
            /* U+FFFE and U+FFFF are not XML characters. */
            if (n == 0 || cp == 0xFFFE || cp == 0xFFFF) {
                erg_buf_puts(b, replacement);
                s += n == 0 ? 1 : n;
            } else {
                erg_buf_put(b, s, n);
                s += n;
            }
            continue;
        }
        s++;
        switch (c) {
        case '&':
            erg_buf_puts(b, "&amp;");
            break;
        case '<':
            erg_buf_puts(b, "&lt;");
            break;
        case '>':
            erg_buf_puts(b, "&gt;");
            break;
        case '"':
            erg_buf_puts(b, "&quot;");
            break;
        case '\t':
            erg_buf_puts(b, "&#9;");
            break;
        case '\n':
            erg_buf_puts(b, "&#10;");
            break;
        case '\r':
            erg_buf_puts(b, "&#13;");
            break;
        default: /* a C0 control: XML 1.0 has no way to write it */
            erg_buf_puts(b, replacement);
        }
    }
}

void erg_put_json(erg_buf *b, const char *s)
{
    erg_text_put_json(b, s, strlen(s), false);
}

void erg_put_csv(erg_buf *b, const char *s, size_t len)
{
    bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        erg_buf_put(b, s, len);
        return;
    }
    erg_buf_putc(b, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            erg_buf_putc(b, '"');
        erg_buf_putc(b, s[i]);
    }
    erg_buf_putc(b, '"');
}

void erg_put_double(erg_buf *b, double v)
{
    char text[ERG_NUMBER_MAX];
    erg_buf_put(b, text, erg_text_number(text, v));
}
