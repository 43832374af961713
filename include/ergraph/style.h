/*
 * How entity types are drawn: a shape, colours and a font per type. The
 * default palette stays distinct under the common forms of colour blindness
 * (Okabe and Ito's), with shapes that differ too, so no type is told apart
 * by colour alone. A theme file restyles any of it for a house style.
 */
#ifndef ERGRAPH_STYLE_H
#define ERGRAPH_STYLE_H

#include <stddef.h>

#include "common.h"
#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct erg_node_style {
    const char *type;      /* the entity type; "" for the neutral style */
    const char *shape;     /* a Graphviz shape name */
    const char *fillcolor; /* "#rrggbb" */
    const char *color;     /* border, "#rrggbb" */
    const char *style;     /* Graphviz style attribute ("filled", "filled,rounded") */
    const char *fontname;  /* NULL: the theme's font */
    const char *fontcolor; /* NULL: black */
} erg_node_style;

/* The default style for an entity type; types without their own get the
 * neutral style. Borrowed, static. */
ERG_API const erg_node_style *erg_style_for_type(const char *type);

/*
 * A theme: the default styles with some of their values replaced. A theme
 * file is UTF-8 text of "key = value" lines; '#' starts a comment. Keys
 * before any section set the whole diagram's look; a section "[TYPE]"
 * styles entities of that type, "[*]" the types that have no style of their
 * own:
 *
 *   font = DejaVu Sans          # every text
 *   edge-color = #555555        # ties, their text
 *   [person]
 *   shape = box                 # ellipse, box, hexagon, octagon, ...
 *   fill = #FFFFFF              # "#rrggbb" or "#rrggbbaa"
 *   border = #000000
 *   style = filled,rounded      # filled, rounded, dashed, dotted, bold, solid
 *   font = DejaVu Serif
 *   font-color = #000000
 *
 * Values are checked (a shape Graphviz knows and that takes no markup, a
 * colour in hex, a font name of letters, digits, spaces and -_.,) and a bad
 * line is an error at FILE:LINE:COLUMN.
 */
typedef struct erg_theme erg_theme;

/*
 * Parses theme text; `name` names it in diagnostics. Caller frees *out with
 * erg_theme_free(). ERG_EDATA with diagnostics for a bad theme, ERG_ENOMEM.
 */
ERG_API erg_status erg_theme_parse(erg_theme **out, const char *name, const char *text, size_t len,
                                   erg_diags *diags);
/* Reads and parses a theme file; ERG_EIO with a diagnostic when unreadable. */
ERG_API erg_status erg_theme_load(erg_theme **out, const char *path, erg_diags *diags);
ERG_API void erg_theme_free(erg_theme *theme);

/* The style of a type under `theme` (NULL: the defaults), fontname and
 * fontcolor filled in. Borrowed, valid until the theme is freed. */
ERG_API const erg_node_style *erg_theme_style(const erg_theme *theme, const char *type);
/* The font of every text ("Helvetica" by default). Borrowed. */
ERG_API const char *erg_theme_font(const erg_theme *theme);
/* The colour of ties and of their text. Borrowed. */
ERG_API const char *erg_theme_edge_color(const erg_theme *theme);

#ifdef __cplusplus
}
#endif
#endif
