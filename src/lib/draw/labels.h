/*
 * Internal: what each element of a diagram says, as text ready for a
 * Graphviz attribute (escaped by dotlabel.h) or raw where said. No
 * Graphviz call here: graphviz.c sets what these compose.
 */
#ifndef ERG_LABELS_H
#define ERG_LABELS_H

#include <stddef.h>

#include "util/buf.h"
#include "draw/drawing.h"

/* Raw text wrapped at `width` (unless the drawing says never), escaped as
 * a label. */
void erg_label_wrapped(erg_buf *b, const erg_drawing *d, const char *text, size_t width);

/* An entity's tooltip: name, type, aliases, country; escaped. */
void erg_label_entity_tooltip(erg_buf *b, const erg_graph *g, const erg_selection *sel, size_t e);

/* The raw label of an edge: its text and citation numbers, wrapped, then
 * its period, then with ERG_CITE_FULL its quotes, shortened. */
void erg_label_edge(erg_buf *raw, const erg_drawing *d, const erg_draw_edge *edge);

/* An edge's tooltip: its label and period, then every quote with its
 * source; escaped. */
void erg_label_edge_tooltip(erg_buf *b, const erg_drawing *d, const erg_draw_edge *edge);

/* The first checked link among an edge's sources, in citation order, or
 * NULL. Borrowed from the drawing. */
const char *erg_label_edge_url(const erg_drawing *d, const erg_draw_edge *edge);

#endif
