/*
 * The loader on two threads against the loader on one (split.h): for any
 * bytes, the same status, the same diagnostics in the same order and the
 * same graph. The second thread is asked for on every input (split_min 0),
 * so it seeks the relationships past the entities, picks a boundary and
 * hands its work over on whatever the top level holds: keys in any order,
 * escapes in keys, brackets in strings, text that breaks anywhere.
 */
#include <string.h>

#include <ergraph/ergraph.h>

#include "fuzz.h"
#include "load/loader_impl.h"

#include "../graph_dump.h"

/* The load's status, diagnostics and graph as text. */
static char *load(const uint8_t *data, size_t size, bool two_threads)
{
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    erg_load_options opts = {.threads = two_threads ? 0 : 1};
    erg_loader *l = erg_loader_new(&opts, diags);
    FUZZ_CHECK(l != NULL);
    if (two_threads)
        erg_loader_set_split_min(l, 0);
    erg_loader_add_buffer(l, "a.json", (const char *)data, size);
    erg_graph *g = NULL;
    erg_status rc = erg_loader_finish(l, &g);
    FUZZ_CHECK(rc == ERG_OK || rc == ERG_EDATA);
    erg_loader_free(l);
    char *text = dump_load(rc, g, diags);
    FUZZ_CHECK(text != NULL);
    return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *one = load(data, size, false), *two = load(data, size, true);
    if (strcmp(one, two) != 0) {
        fprintf(stderr, "--- one thread\n%s\n--- two threads\n%s\n", one, two);
        FUZZ_CHECK(!"one and two threads differ");
    }
    erg_free(one);
    erg_free(two);
    return 0;
}
