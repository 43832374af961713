/*
 * Graphviz's messages: the text that its error callback gathers, in the
 * child of a render or while the DOT is built, turned into diagnostics.
 */
#include <stdbool.h>
#include <string.h>

#include "graphviz/child_protocol.h"
#include "util/buf.h"

/* Graphviz's messages, sent by the child or gathered by the DOT export. */
#define MESSAGE_MAX 300

/*
 * Adds one diagnostic per line of Graphviz's message text: "Error: ..." an
 * error, "Warning: ..." a warning, any other line the same as the line
 * before it. Returns the number of errors, or -1 when out of memory.
 */
long erg_gv_add_messages(erg_diags *diags, const char *text, size_t len)
{
    long errors = 0;
    erg_severity severity = ERG_WARNING;
    erg_buf line = ERG_BUF_INIT;
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        const char *s = text + i;
        size_t n = end - i;
        i = end + 1;
        if (n >= 7 && memcmp(s, "Error: ", 7) == 0) {
            severity = ERG_ERROR;
            s += 7, n -= 7;
        } else if (n >= 9 && memcmp(s, "Warning: ", 9) == 0) {
            severity = ERG_WARNING;
            s += 9, n -= 9;
        }
        /* An unknown engine or format brings the whole plugin list along. */
        for (size_t k = 0; k + 11 <= n; k++) {
            if (memcmp(s + k, "Use one of:", 11) == 0) {
                n = k;
                break;
            }
        }
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
            n--;
        if (n == 0)
            continue;
        bool cut = n > MESSAGE_MAX;
        if (cut) {
            n = MESSAGE_MAX;
            while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
                n--; /* not inside a UTF-8 sequence */
        }
        line.len = 0;
        erg_buf_puts(&line, "Graphviz: ");
        for (size_t k = 0; k < n; k++) {
            if ((unsigned char)s[k] >= 0x20 || s[k] == '\t')
                erg_buf_putc(&line, s[k]);
        }
        if (cut)
            erg_buf_puts(&line, "...");
        if (line.failed ||
            erg_diags_add(diags, severity, NULL, 0, 0, NULL, "%s", line.data) != ERG_OK) {
            errors = -1;
            break;
        }
        if (severity == ERG_ERROR)
            errors++;
    }
    erg_buf_release(&line);
    return errors;
}
