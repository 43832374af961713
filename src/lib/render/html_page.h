/*
 * Internal: the "html" output, one self-contained page: the SVG that
 * Graphviz drew, the diagram's data as JSON, and the script and styles that
 * make it interactive (pan and zoom, search, a card for what is clicked,
 * toggles per entity type). Nothing is fetched: a Content-Security-Policy
 * forbids any network access, and all of the input's text reaches the page
 * as JSON strings that the script shows with textContent only.
 */
#ifndef ERG_HTML_PAGE_H
#define ERG_HTML_PAGE_H

#include <stddef.h>

#include "draw/drawing.h"

/* The page for drawing `d` rendered as `svg`, in a buffer the caller frees
 * with erg_free() (NUL after the last byte, not counted in *out_len). */
erg_status erg_html_page(char **out, size_t *out_len, const erg_drawing *d, const char *svg,
                         size_t svg_len);

/*
 * The "view" output: the drawing's data as the page has it (title, types,
 * entities, ties with their quotes, cited sources), the selection's size,
 * the engine, and `layout`, the coordinates that the child sent (a JSON
 * object), as one JSON document (erg_free(); NUL after the last byte).
 */
erg_status erg_view_json(char **out, size_t *out_len, const erg_drawing *d, const char *engine,
                         const char *layout, size_t layout_len);

/* The page's script and styles (html_assets.c, made at build time from
 * src/lib/render/html/). */
extern const char erg_html_js[];
extern const char erg_html_css[];

#endif
