/*
 * Internal: text made safe for Graphviz attributes, so that whatever the
 * input holds is drawn as itself (see the project's Graphviz notes). No
 * Graphviz call here.
 */
#ifndef ERG_DOTLABEL_H
#define ERG_DOTLABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* Whether the n bytes at s are U+FFFE or U+FFFF, which XML 1.0 (so SVG)
 * cannot hold. */
bool erg_dot_not_xml(const char *s, size_t n);
/* The first U+FFFE or U+FFFF in `s` (which may be NULL), or NULL. */
const char *erg_dot_find_not_xml(const char *s);
/*
 * Appends `s` as a plain label that draws every character as itself: '\'
 * doubled, '&' as "&amp;", a line break (LF, CR, CRLF) as "\n", C0
 * controls dropped, U+FFFE, U+FFFF and ill-formed UTF-8 as U+FFFD. With `underscores`, '_' is
 * drawn as a space.
 */
void erg_dot_put_label(erg_buf *b, const char *s, bool underscores);

/* The same for a tooltip, which Graphviz unescapes once more: '\' becomes
 * four backslashes. */
void erg_dot_put_tooltip(erg_buf *b, const char *s);

/*
 * Appends `s` (raw text) with spaces turned into line breaks so that no
 * line is longer than `width` characters where a space allows.
 */
void erg_dot_wrap(erg_buf *b, const char *s, size_t width);

/*
 * Appends at most `max` characters of `s`, cut at a space when one is near,
 * with an ellipsis when cut; line breaks become spaces.
 */
void erg_dot_shorten(erg_buf *b, const char *s, size_t max);

/* Appends `s`, a Graphviz position ("x,y", "e,x,y x,y ...", a bounding
 * box "x1,y1,x2,y2"), with every x moved by dx and every y by dy. */
void erg_dot_shift_coords(erg_buf *out, const char *s, double dx, double dy);

#endif
