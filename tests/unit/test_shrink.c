/*
 * Unit tests of a file that another program shortens while it is loaded:
 * an error naming the file (ERG_EIO), never SIGBUS. The file is cut from
 * the load's progress callback, at a point the test chooses, so the test
 * does not race anything.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>

typedef struct cut {
    const char *path;
    size_t at_bytes; /* cut once the load has passed this many bytes */
    off_t to;        /* the file's new size */
    int calls, cuts;
} cut;

static void cut_on_progress(const erg_load_progress *p, void *arg)
{
    cut *c = arg;
    c->calls++;
    if (c->cuts == 0 && p->bytes_done >= c->at_bytes && p->bytes_done < p->bytes_total) {
        assert_int_equal(truncate(c->path, c->to), 0);
        c->cuts++;
    }
}

/* A valid file of about `entities` * 110 bytes in a new temporary folder. */
static char *write_file(char *dir, size_t entities)
{
    assert_non_null(mkdtemp(dir));
    size_t n = strlen(dir) + 16;
    char *path = malloc(n);
    assert_non_null(path);
    snprintf(path, n, "%s/big.json", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"format\": \"ergraph/1\", \"entities\": [\n", f);
    for (size_t i = 0; i < entities; i++)
        fprintf(f, "%s{\"id\": \"e%zu\", \"type\": \"person\", \"name\": \"Person number %zu\"}\n",
                i ? "," : " ", i, i);
    fputs("], \"relationships\": [\n", f);
    for (size_t i = 0; i + 1 < entities; i++)
        fprintf(f, "%s{\"from\": \"e%zu\", \"to\": \"e%zu\", \"type\": \"knows\"}\n", i ? "," : " ",
                i, i + 1);
    fputs("]}\n", f);
    assert_int_equal(fclose(f), 0);
    return path;
}

static void remove_file(char *path, const char *dir)
{
    unlink(path);
    rmdir(dir);
    free(path);
}

static void shrink_during_load(unsigned threads, size_t at_bytes, off_t to)
{
    char dir[] = "/tmp/erg-shrink-XXXXXX";
    char *path = write_file(dir, 100000);
    cut c = {path, at_bytes, to, 0, 0};
    erg_load_options opts = {0};
    opts.threads = threads;
    opts.progress = cut_on_progress;
    opts.progress_arg = &c;
    erg_diags *diags = erg_diags_new();
    erg_graph *g = NULL;
    const char *paths[] = {path};
    erg_status rc = erg_graph_load_files(&g, paths, 1, &opts, diags);
    assert_int_equal(c.cuts, 1);
    assert_int_equal(rc, ERG_EIO);
    assert_null(g);
    /* One error, about this file, saying what happened; nothing about the
     * NUL bytes the reader met past the new end. */
    assert_int_equal(erg_diags_error_count(diags), 1);
    assert_int_equal(erg_diags_count(diags), 1);
    const erg_diag *d = erg_diags_get(diags, 0);
    assert_string_equal(d->file, path);
    assert_non_null(strstr(d->message, "became shorter while it was read"));
    erg_diags_free(diags);
    remove_file(path, dir);
}

static void test_shrink__one_thread_cut_to_a_few_bytes(void **state)
{
    (void)state;
    shrink_during_load(1, 2u << 20, 100);
}

static void test_shrink__two_threads_cut_in_the_middle(void **state)
{
    (void)state;
    shrink_during_load(0, 2u << 20, 5u << 20);
}

static void test_shrink__cut_to_nothing(void **state)
{
    (void)state;
    shrink_during_load(0, 1, 0);
}

/* The same file, left alone, loads: the test above fails for the cut. */
static void test_shrink__uncut_file_loads(void **state)
{
    (void)state;
    char dir[] = "/tmp/erg-shrink-XXXXXX";
    char *path = write_file(dir, 100000);
    erg_diags *diags = erg_diags_new();
    erg_graph *g = NULL;
    const char *paths[] = {path};
    assert_int_equal(erg_graph_load_files(&g, paths, 1, NULL, diags), ERG_OK);
    assert_int_equal(erg_graph_entity_count(g), 100000);
    erg_graph_free(g);
    erg_diags_free(diags);
    remove_file(path, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shrink__one_thread_cut_to_a_few_bytes),
        cmocka_unit_test(test_shrink__two_threads_cut_in_the_middle),
        cmocka_unit_test(test_shrink__cut_to_nothing),
        cmocka_unit_test(test_shrink__uncut_file_loads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
