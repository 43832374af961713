/* Text made safe for Graphviz attributes (dotlabel.h). */
#include "draw/dotlabel.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

/*
 * Graphviz first expands \N \G \E \T \H \L in a label, then decodes HTML
 * entities, then turns \n \l \r into line breaks and \x into x. So a
 * backslash is written `backslash` (two for a label, four for a tooltip,
 * which is unescaped once more) and & written &amp;; a tab stays (drawn
 * as a wide space, and the SVG keeps it); other C0 controls are dropped
 * (they make the SVG ill-formed XML), U+FFFE and U+FFFF (which XML cannot
 * hold either) and ill-formed UTF-8 become U+FFFD (Graphviz would draw the
 * latter as Latin-1). Quotes need nothing: agwrite()
 * escapes them, and doubling the backslashes keeps a trailing backslash
 * from escaping the closing quote.
 */
static void put_escaped(erg_buf *b, const char *s, bool underscores, const char *backslash)
{
    size_t len = strlen(s);
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            uint32_t cp;
            size_t n = erg_utf8_decode(s + i, len - i, &cp);
            if (n == 0 || cp == 0xFFFE || cp == 0xFFFF) {
                erg_buf_puts(b, "\xEF\xBF\xBD");
                i += n == 0 ? 1 : n;
            } else {
                erg_buf_put(b, s + i, n);
                i += n;
            }
            continue;
        }
        i++;
        if (c == '\\')
            erg_buf_puts(b, backslash);
        else if (c == '&')
            erg_buf_puts(b, "&amp;");
        else if (c == '\n')
            erg_buf_puts(b, "\\n");
        else if (c == '\r') {
            erg_buf_puts(b, "\\n");
            if (i < len && s[i] == '\n')
                i++;
        } else if (c == '_' && underscores)
            erg_buf_putc(b, ' ');
        else if (c >= 0x20 || c == '\t')
            erg_buf_putc(b, (char)c);
    }
}

bool erg_dot_not_xml(const char *s, size_t n)
{
    return n == 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBF &&
           ((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF);
}

const char *erg_dot_find_not_xml(const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if (erg_dot_not_xml(s, strnlen(s, 3)))
            return s;
    }
    return NULL;
}

void erg_dot_put_label(erg_buf *b, const char *s, bool underscores)
{
    put_escaped(b, s, underscores, "\\\\");
}

void erg_dot_put_tooltip(erg_buf *b, const char *s)
{
    put_escaped(b, s, false, "\\\\\\\\");
}

/* A long title (several files' titles joined) or name would otherwise set
 * the width of the whole drawing. */
void erg_dot_wrap(erg_buf *b, const char *s, size_t width)
{
    size_t line = 0; /* characters on the current line */
    while (*s != '\0') {
        size_t word = strcspn(s, " \n");
        size_t chars = erg_text_char_count(s, word);
        if (line > 0 && line + chars > width) {
            b->data[b->len - 1] = '\n'; /* the space before this word */
            line = 0;
        }
        erg_buf_put(b, s, word);
        line += chars;
        s += word;
        if (*s != '\0') {
            erg_buf_putc(b, *s);
            line = *s == '\n' ? 0 : line + 1;
            s++;
        }
        if (b->failed)
            return;
    }
}

void erg_dot_shorten(erg_buf *b, const char *s, size_t max)
{
    size_t len = strlen(s), chars = 0, i = 0, last_space = 0;
    while (i < len && chars < max) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
            last_space = i;
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    bool cut = i < len;
    /* Cut at a word's end if one is in the last quarter. */
    if (cut && last_space > 0 && last_space * 4 >= i * 3)
        i = last_space;
    size_t start = b->len;
    erg_buf_put(b, s, i);
    if (b->failed)
        return;
    for (size_t k = start; k < b->len; k++) {
        if (b->data[k] == '\n' || b->data[k] == '\r')
            b->data[k] = ' ';
    }
    if (cut)
        erg_buf_puts(b, "\xE2\x80\xA6");
}

/* Appends `s`, a Graphviz position ("x,y", "e,x,y x,y ...", a bounding
 * box "x1,y1,x2,y2"), with every x moved by dx and every y by dy. */
void erg_dot_shift_coords(erg_buf *out, const char *s, double dx, double dy)
{
    size_t k = 0;
    while (*s != '\0') {
        if ((*s >= '0' && *s <= '9') || *s == '-' || *s == '.') {
            char *end;
            double v = strtod(s, &end);
            if (end != s) {
                erg_buf_printf(out, "%.2f", v + (k++ % 2 ? dy : dx));
                s = end;
                continue;
            }
        }
        erg_buf_putc(out, *s++);
    }
}
