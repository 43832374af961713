/*
 * Internal: a one-page PDF, as Graphviz renders it through cairo (as big as
 * the drawing), put on printer pages: scaled down to fit the page's width
 * when its smallest text stays legible, else tiled over as many pages as it
 * takes, a poster to trim and join. Graphviz cannot do it: cairo's PDF
 * ignores its "page" attribute (only its PostScript paginates).
 *
 * The pages are an incremental update appended to the PDF: each new page
 * draws the original page's content stream, shared and not copied, through
 * its own transformation and clip, so a poster of 20 pages costs a few
 * hundred bytes more than the drawing.
 */
#ifndef ERG_PDFPAGE_H
#define ERG_PDFPAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "ergraph/diag.h"

/* A paper size in points, portrait or landscape. */
typedef struct erg_paper {
    const char *name;  /* "a4", "a4-landscape", "letter", "letter-landscape", "a3", ... */
    const char *title; /* "A4", "A4 landscape", ... for messages */
    double width, height;
} erg_paper;

/* The label of the page in row r, column c of a poster ("A1" top left,
 * "B3" the third across in the second row down), NUL-terminated. */
void erg_page_label(char *out, size_t size, size_t r, size_t c);

/* The paper of that name, or NULL. Borrowed, static. */
const erg_paper *erg_paper_find(const char *name);

/* White space around what is drawn on each page, in points: most printers
 * cannot print the outer 4 to 5 mm. */
#define ERG_PAGE_MARGIN 18.0

/* How a drawing goes onto pages. */
typedef struct erg_page_grid {
    double scale;      /* at most 1: a drawing is never enlarged */
    double fit_scale;  /* the scale that would put it on one page (at most 1) */
    size_t cols, rows; /* pages across and down */
    double ox, oy;     /* the drawing's top left corner in the grid of
                        * printable areas (points, y down): it is centred */
    size_t pages;      /* the pages printed: the cells of the grid that hold
                        * some of the drawing's ink (all of them, rows x cols,
                        * when where the ink is is not known) */
} erg_page_grid;

/*
 * The fewest pages of `paper` that show a drawing of width x height points
 * at a scale of at least `min_scale` (the smallest text legible), then the
 * largest scale, up to 1, that needs no more pages. Time complexity: O(1).
 */
erg_page_grid erg_page_grid_for(const erg_paper *paper, double width, double height,
                                double min_scale);

/*
 * Appends the pages to a one-page PDF written by cairo, in a buffer the
 * caller frees with erg_free() (NUL after the last byte, not counted in
 * *out_len); *grid says how it was laid out.
 *
 * `ink` (may be NULL) holds `nink` boxes of what is drawn, 4 numbers each
 * (x0, y0, x1, y1: PDF points of the original page, y up): a cell of a
 * poster that none of them reaches is left out, the others keep their
 * grid labels (A1, A2, B2, ...) and are numbered among the pages printed.
 * With no ink (NULL, or none inside the page), every cell is printed.
 *
 * ERG_EGRAPHVIZ with a diagnostic when the PDF is not of the expected form
 * (one page, a cross-reference table); ERG_ENOMEM. Time complexity:
 * O(len + pages + nink x the cells each box covers).
 */
erg_status erg_pdf_paginate(char **out, size_t *out_len, erg_page_grid *grid, const char *pdf,
                            size_t len, const erg_paper *paper, double min_scale, const double *ink,
                            size_t nink, erg_diags *diags);

#endif
