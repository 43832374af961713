/* Unit tests of putting a one-page PDF on printer pages: the grid (fewest
 * pages at a legible scale, then the largest scale) and the update written
 * after a small PDF of cairo's form, and PDFs of another form refused. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "render/pdfpage.h"

static void check_grid(const erg_paper *paper, double w, double h, double min_scale)
{
    erg_page_grid g = erg_page_grid_for(paper, w, h, min_scale);
    double aw = paper->width - 2 * ERG_PAGE_MARGIN, ah = paper->height - 2 * ERG_PAGE_MARGIN;
    assert_true(g.scale >= min_scale - 1e-9 && g.scale <= 1.0);
    /* All of it fits the pages... */
    assert_true(w * g.scale <= (double)g.cols * aw + 1e-6);
    assert_true(h * g.scale <= (double)g.rows * ah + 1e-6);
    /* ...which are no more than the smallest legible scale needs... */
    assert_true(g.cols == 1 || w * min_scale > (double)(g.cols - 1) * aw);
    assert_true(g.rows == 1 || h * min_scale > (double)(g.rows - 1) * ah);
    /* ...and it is as large as they allow, centred. */
    assert_true(g.scale == 1.0 || fabs(w * g.scale - (double)g.cols * aw) < 1e-6 ||
                fabs(h * g.scale - (double)g.rows * ah) < 1e-6);
    assert_true(fabs(2 * g.ox + w * g.scale - (double)g.cols * aw) < 1e-6);
    assert_true(fabs(2 * g.oy + h * g.scale - (double)g.rows * ah) < 1e-6);
}

static void test_pdfpage__grid(void **state)
{
    (void)state;
    const erg_paper *a4 = erg_paper_find("a4"), *land = erg_paper_find("a4-landscape");
    assert_non_null(a4);
    assert_non_null(land);
    assert_null(erg_paper_find("a5"));
    assert_null(erg_paper_find(NULL));
    assert_true(land->width > land->height && a4->width < a4->height);
    double sizes[][2] = {{100, 100},   {559.276, 805.89}, {600, 600}, {620, 300},
                         {3746, 3053}, {5000, 200},       {1, 20000}};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        check_grid(a4, sizes[i][0], sizes[i][1], 8.0 / 9);
        check_grid(land, sizes[i][0], sizes[i][1], 8.0 / 9);
        check_grid(erg_paper_find("letter"), sizes[i][0], sizes[i][1], 0.5);
    }
    erg_page_grid g0;
    /* No size at all is no trouble. */
    g0 = erg_page_grid_for(a4, 0, -1, 0);
    assert_true(g0.cols == 1 && g0.rows == 1 && g0.scale == 1.0);
    /* Never enlarged; exactly the printable area at full size. */
    erg_page_grid g = erg_page_grid_for(a4, 100, 100, 8.0 / 9);
    assert_true(g.scale == 1.0 && g.cols == 1 && g.rows == 1);
    g = erg_page_grid_for(a4, a4->width - 2 * ERG_PAGE_MARGIN, 10, 1);
    assert_true(g.cols == 1 && g.scale == 1.0);
    /* A little too wide: shrunk onto one page rather than two. */
    g = erg_page_grid_for(a4, 600, 300, 8.0 / 9);
    assert_true(g.cols == 1 && g.rows == 1 && g.scale < 1.0);
    /* Too wide to shrink: two pages across at full size. */
    g = erg_page_grid_for(a4, 1000, 300, 8.0 / 9);
    assert_true(g.cols == 2 && g.rows == 1 && g.scale == 1.0);
}

/* A one-page PDF as cairo writes it: a page tree, a catalog, a cross-
 * reference table with the objects' real offsets. */
static char *small_pdf(size_t *len, const char *page_extra, int count)
{
    erg_buf b = ERG_BUF_INIT;
    size_t off[6];
    erg_buf_puts(&b, "%PDF-1.5\n%\xb5\xed\xae\xfb\n");
    off[4] = b.len;
    erg_buf_puts(&b, "4 0 obj\n<< /Length 10 >>\nstream\n0 0 m 1 1 l\nendstream\nendobj\n");
    off[3] = b.len;
    erg_buf_puts(&b, "3 0 obj\n<< /Font << >> >>\nendobj\n");
    off[2] = b.len;
    erg_buf_printf(&b,
                   "2 0 obj\n<< /Type /Page %% 1\n   /Parent 1 0 R\n   /MediaBox [ 0 0 1200 "
                   "400.5 ]\n   /Contents 4 0 R\n   /Group <<\n      /Type /Group\n      /S "
                   "/Transparency\n   >>\n   /Resources 3 0 R%s\n>>\nendobj\n",
                   page_extra);
    off[1] = b.len;
    erg_buf_printf(&b, "1 0 obj\n<< /Type /Pages\n   /Kids [ 2 0 R ]\n   /Count %d\n>>\nendobj\n",
                   count);
    off[5] = b.len;
    erg_buf_puts(&b, "5 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n>>\nendobj\n");
    size_t xref = b.len;
    erg_buf_puts(&b, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 1; i < 6; i++)
        erg_buf_printf(&b, "%010zu 00000 n \n", off[i]);
    erg_buf_printf(&b, "trailer\n<< /Size 6\n   /Root 5 0 R\n>>\nstartxref\n%zu\n%%%%EOF\n", xref);
    *len = b.len;
    return erg_buf_detach(&b);
}

static void test_pdfpage__update(void **state)
{
    (void)state;
    size_t len, out_len;
    char *pdf = small_pdf(&len, "", 1), *out = NULL;
    erg_diags *diags = erg_diags_new();
    erg_page_grid grid;
    const erg_paper *a4 = erg_paper_find("a4-landscape");
    assert_non_null(pdf);
    assert_int_equal(erg_pdf_paginate(&out, &out_len, &grid, pdf, len, a4, 8.0 / 9, NULL, 0, diags),
                     ERG_OK);
    assert_int_equal(erg_diags_count(diags), 0);
    /* 1200 pt at 8/9 is 1067, two widths of 806: two pages across. */
    assert_int_equal(grid.cols, 2);
    assert_int_equal(grid.rows, 1);
    /* The original bytes first, untouched, then the update. */
    assert_true(out_len > len && memcmp(out, pdf, len) == 0);
    const char *tail = out + len;
    assert_non_null(strstr(tail, "1 0 obj\n<< /Type /Pages /Count 2 /Kids [ 7 0 R 9 0 R ] >>"));
    assert_non_null(strstr(tail, "/Contents [ 8 0 R 4 0 R 6 0 R ]"));
    /* A poster's pages name the resources with the labels' font added
     * (objects 11 and 12, after the pages), and show their labels. */
    assert_non_null(strstr(tail, "/Resources 12 0 R"));
    assert_non_null(strstr(tail, "11 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"));
    assert_non_null(strstr(tail, "12 0 obj\n<< /Font <<  /ErgLabel 11 0 R >> >>"));
    assert_non_null(strstr(tail, "(A1  \\(1 of 2; rows A-A, columns 1-2\\)) Tj"));
    assert_non_null(strstr(tail, "(A2  \\(2 of 2; rows A-A, columns 1-2\\)) Tj"));
    assert_non_null(strstr(tail, "/MediaBox [ 0 0 841.89 595.276 ]"));
    assert_non_null(strstr(tail, "/Size 13 /Root 5 0 R /Prev "));
    /* Every offset in the new table points at its object. */
    const char *x = strstr(tail, "xref\n");
    assert_non_null(x);
    unsigned long long first, n, off;
    assert_int_equal(sscanf(x, "xref\n1 1\n%llu", &off), 1);
    assert_memory_equal(out + off, "1 0 obj", 7);
    x = strchr(strchr(strchr(x, '\n') + 1, '\n') + 1, '\n') + 1;
    assert_int_equal(sscanf(x, "%llu %llu", &first, &n), 2);
    assert_int_equal(first, 6);
    assert_int_equal(n, 7);
    x = strchr(x, '\n') + 1;
    for (unsigned long long i = 0; i < n; i++, x += 20) {
        char head[32];
        assert_int_equal(sscanf(x, "%llu", &off), 1);
        snprintf(head, sizeof(head), "%llu 0 obj", first + i);
        assert_memory_equal(out + off, head, strlen(head));
    }
    /* startxref points at the new table. */
    const char *sx = strstr(tail, "startxref\n");
    assert_non_null(sx);
    assert_int_equal(sscanf(sx, "startxref\n%llu", &off), 1);
    assert_memory_equal(out + off, "xref\n", 5);
    erg_free(out);
    erg_free(pdf);
    erg_diags_free(diags);
}

/* Pages of `out` (its page tree's /Count), -1 when there is none. */
static int page_count(const char *out)
{
    const char *c = strstr(out, "/Type /Pages /Count ");
    return c != NULL ? atoi(c + strlen("/Type /Pages /Count ")) : -1;
}

static void test_pdfpage__empty_cells_left_out(void **state)
{
    (void)state;
    size_t len, out_len;
    char *pdf = small_pdf(&len, "", 1), *out = NULL;
    erg_diags *diags = erg_diags_new();
    erg_page_grid grid;
    const erg_paper *a4 = erg_paper_find("a4");
    assert_non_null(pdf);
    /* 1200 x 400.5 pt at full size on A4 portrait: 3 pages across, the
     * drawing centred (ox 238.9), so column 2 shows x 320.4 to 879.7. Ink
     * at the left and right ends, one box reaching column 2 by 0.2 pt
     * only, one off the page, one NaN: column 2 is left out. */
    const double ink[] = {10,    10,  100,  50, 1000, 300, 1100, 390, 300, 100,
                          320.6, 120, -500, 10, -400, 20,  NAN,  0,   1,   1};
    assert_int_equal(erg_pdf_paginate(&out, &out_len, &grid, pdf, len, a4, 1, ink, 5, diags),
                     ERG_OK);
    assert_int_equal(grid.cols, 3);
    assert_int_equal(grid.rows, 1);
    assert_int_equal(grid.pages, 2);
    const char *tail = out + len;
    assert_non_null(strstr(tail, "1 0 obj\n<< /Type /Pages /Count 2 /Kids [ 7 0 R 9 0 R ] >>"));
    /* The grid's labels stay (A1, A3: the pages still join), numbered
     * among the pages printed. */
    assert_non_null(strstr(tail, "(A1  \\(1 of 2; rows A-A, columns 1-3\\)) Tj"));
    assert_non_null(strstr(tail, "(A3  \\(2 of 2; rows A-A, columns 1-3\\)) Tj"));
    assert_null(strstr(tail, "(A2 "));
    /* The labels' font after the two pages, and the trailer counts them. */
    assert_non_null(strstr(tail, "11 0 obj\n<< /Type /Font"));
    assert_non_null(strstr(tail, "/Size 13 /Root 5 0 R /Prev "));
    erg_free(out);

    /* Ink in the middle column only: one page, still labelled. */
    const double middle[] = {500, 100, 600, 200};
    assert_int_equal(erg_pdf_paginate(&out, &out_len, &grid, pdf, len, a4, 1, middle, 1, diags),
                     ERG_OK);
    assert_int_equal(grid.pages, 1);
    assert_int_equal(page_count(out + len), 1);
    assert_non_null(strstr(out + len, "(A2  \\(1 of 1; rows A-A, columns 1-3\\)) Tj"));
    erg_free(out);

    /* A box across the whole width: every page. No ink inside the page,
     * or none known: every page too. */
    const double wide[] = {0, 0, 1200, 1}, outside[] = {2000, 0, 2100, 10};
    assert_int_equal(erg_pdf_paginate(&out, &out_len, &grid, pdf, len, a4, 1, wide, 1, diags),
                     ERG_OK);
    assert_int_equal(page_count(out + len), 3);
    erg_free(out);
    assert_int_equal(erg_pdf_paginate(&out, &out_len, &grid, pdf, len, a4, 1, outside, 1, diags),
                     ERG_OK);
    assert_int_equal(grid.pages, 3);
    assert_int_equal(page_count(out + len), 3);
    erg_free(out);
    assert_int_equal(erg_pdf_paginate(&out, &out_len, &grid, pdf, len, a4, 1, NULL, 0, diags),
                     ERG_OK);
    assert_int_equal(grid.pages, 3);
    assert_non_null(strstr(out + len, "(A2  \\(2 of 3; rows A-A, columns 1-3\\)) Tj"));
    assert_int_equal(erg_diags_count(diags), 0);
    erg_free(out);
    erg_free(pdf);
    erg_diags_free(diags);
}

static void test_pdfpage__labels(void **state)
{
    (void)state;
    char b[16];
    erg_page_label(b, sizeof(b), 0, 0);
    assert_string_equal(b, "A1");
    erg_page_label(b, sizeof(b), 1, 2);
    assert_string_equal(b, "B3");
    erg_page_label(b, sizeof(b), 25, 9);
    assert_string_equal(b, "Z10");
    erg_page_label(b, sizeof(b), 26, 0);
    assert_string_equal(b, "AA1");
    erg_page_label(b, 3, 26, 0); /* cut, still a string */
    assert_string_equal(b, "AA");
    assert_non_null(erg_paper_find("a3"));
    assert_true(erg_paper_find("a3-landscape")->width > erg_paper_find("a3")->width);
}

static void test_pdfpage__other_forms_refused(void **state)
{
    (void)state;
    size_t len, out_len;
    char *two = small_pdf(&len, "", 2), *out = NULL;
    erg_diags *diags = erg_diags_new();
    const erg_paper *a4 = erg_paper_find("a4");
    assert_int_equal(erg_pdf_paginate(&out, &out_len, NULL, two, len, a4, 1, NULL, 0, diags),
                     ERG_EGRAPHVIZ);
    assert_null(out);
    assert_int_equal(erg_diags_error_count(diags), 1);
    assert_non_null(strstr(erg_diags_get(diags, 0)->message, "one page"));
    /* Cut short anywhere: refused, never read past the end. */
    for (size_t cut = 0; cut < len; cut += 7) {
        assert_int_equal(erg_pdf_paginate(&out, &out_len, NULL, two, cut, a4, 1, NULL, 0, diags),
                         ERG_EGRAPHVIZ);
        assert_null(out);
    }
    erg_free(two);
    /* No contents. */
    char *bare = small_pdf(&len, "", 1);
    char *c = strstr(bare, "/Contents");
    memcpy(c, "/Contentz", 9);
    erg_diags_clear(diags);
    assert_int_equal(erg_pdf_paginate(&out, &out_len, NULL, bare, len, a4, 1, NULL, 0, diags),
                     ERG_EGRAPHVIZ);
    assert_non_null(strstr(erg_diags_get(diags, 0)->message, "contents"));
    erg_free(bare);
    erg_diags_free(diags);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdfpage__grid),
        cmocka_unit_test(test_pdfpage__update),
        cmocka_unit_test(test_pdfpage__empty_cells_left_out),
        cmocka_unit_test(test_pdfpage__labels),
        cmocka_unit_test(test_pdfpage__other_forms_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
