/*
 * erg_dot_write() builds and writes the DOT in a child process (cgraph does
 * not survive a failed allocation): its text must be the in-process
 * writer's, byte for byte, also when it comes in many pieces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>

#include "graphviz/child_protocol.h"
#include "util/buf.h"

/* A chain of `n` entities with long names: about 400 bytes of DOT each. */
static erg_graph *chain(size_t n)
{
    erg_buf b = ERG_BUF_INIT;
    erg_buf_puts(&b, "{\"format\": \"ergraph/1\", \"entities\": [");
    for (size_t i = 0; i < n; i++)
        erg_buf_printf(&b,
                       "%s{\"id\": \"e%zu\", \"type\": \"person\", \"name\": \"Person %zu "
                       "with a rather long name \\\"quoted\\\" & \\\\ slashed\"}",
                       i ? "," : "", i, i);
    erg_buf_puts(&b, "], \"relationships\": [");
    for (size_t i = 0; i + 1 < n; i++)
        erg_buf_printf(&b, "%s{\"from\": \"e%zu\", \"to\": \"e%zu\", \"type\": \"knows\"}",
                       i ? "," : "", i, i + 1);
    erg_buf_puts(&b, "]}");
    assert_false(b.failed);
    erg_diags *diags = erg_diags_new();
    erg_loader *l = erg_loader_new(NULL, diags);
    erg_graph *g = NULL;
    assert_int_equal(erg_loader_add_buffer(l, "chain.json", b.data, b.len), ERG_OK);
    assert_int_equal(erg_loader_finish(l, &g), ERG_OK);
    erg_loader_free(l);
    erg_diags_free(diags);
    erg_buf_release(&b);
    return g;
}

static void same_text(size_t n, size_t min_len)
{
    erg_graph *g = chain(n);
    erg_diags *diags = erg_diags_new();
    char *child = NULL, *here = NULL;
    size_t child_len = 0, here_len = 0;
    assert_int_equal(erg_dot_write(&child, &child_len, g, NULL, NULL, diags), ERG_OK);
    assert_int_equal(erg_gv_dot_write_here(&here, &here_len, g, NULL, NULL, diags), ERG_OK);
    assert_int_equal(erg_diags_count(diags), 0);
    assert_true(child_len >= min_len);
    assert_int_equal(child_len, here_len);
    assert_memory_equal(child, here, here_len);
    assert_int_equal(child[child_len], '\0'); /* a C string, as before */
    erg_free(child);
    erg_free(here);
    erg_diags_free(diags);
    erg_graph_free(g);
}

static void test_dot_child__small_graph_same_bytes(void **state)
{
    (void)state;
    same_text(3, 100);
}

/* Several ERG_DOT_CHUNK pieces, joined in order. */
static void test_dot_child__text_of_several_chunks_same_bytes(void **state)
{
    (void)state;
    same_text(12000, 3 * ERG_DOT_CHUNK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dot_child__small_graph_same_bytes),
        cmocka_unit_test(test_dot_child__text_of_several_chunks_same_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
