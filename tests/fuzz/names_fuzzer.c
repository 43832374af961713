/*
 * The names users type: --around, --between, --connect, --component,
 * --exclude, --type, --relation, --source, --since and --until, looked up
 * in the four files of graphs/ merged (loaded once).
 *
 * The input is split at line breaks into up to eight names; the first byte
 * chooses which filters get them and the second the numbers (depth,
 * direction, path length). Checked: a lookup returns indices in range and
 * agrees with erg_graph_resolve(); a filter gives ERG_OK with a consistent
 * selection (every relationship kept has both ends kept, and the counts
 * match) or ERG_EUSAGE with an error that says why.
 */
#include <string.h>

#include <ergraph/ergraph.h>

#include "fuzz.h"

#define MAX_NAMES 8

static erg_graph *graph;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    static const char *const files[] = {
        ERG_SOURCE_DIR "/graphs/ap-2004-09-14-israel-helping-russia.json",
        ERG_SOURCE_DIR "/graphs/bbc-2003-08-12-old-enemies-unite.json",
        ERG_SOURCE_DIR "/graphs/bbc-2003-08-fsb-cooperation-analysis.json",
        ERG_SOURCE_DIR "/graphs/csmonitor-2003-08-antiterror-alliance-sting.json"};
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    FUZZ_CHECK(erg_graph_load_files(&graph, files, 4, NULL, diags) == ERG_OK);
    erg_diags_free(diags);
    return 0;
}

static void check_lookup(const char *name)
{
    size_t ne = erg_graph_entity_count(graph);
    size_t found[16], idx = ERG_NONE;
    size_t n = erg_graph_lookup(graph, name, found, 16);
    for (size_t i = 0; i < n && i < 16; i++)
        FUZZ_CHECK(found[i] < ne && (i == 0 || found[i] > found[i - 1]));
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    erg_status rc = erg_graph_resolve(&idx, graph, name, diags);
    if (rc == ERG_OK) {
        FUZZ_CHECK(n == 1 && idx == found[0]);
    } else {
        FUZZ_CHECK(rc == ERG_EUSAGE && n != 1 && erg_diags_error_count(diags) > 0);
    }
    erg_diags_free(diags);
}

static void check_filter(const erg_filter_spec *spec)
{
    erg_diags *diags = erg_diags_new();
    FUZZ_CHECK(diags != NULL);
    erg_selection *sel = NULL;
    erg_status rc = erg_filter_apply(&sel, graph, spec, diags);
    if (rc != ERG_OK) {
        FUZZ_CHECK(rc == ERG_EUSAGE && sel == NULL && erg_diags_error_count(diags) > 0);
        erg_diags_free(diags);
        return;
    }
    FUZZ_CHECK(sel != NULL && erg_diags_error_count(diags) == 0);
    size_t ne = erg_graph_entity_count(graph), nr = erg_graph_relationship_count(graph);
    size_t ce = 0, cr = 0;
    for (size_t e = 0; e < ne; e++)
        ce += erg_selection_has_entity(sel, e);
    for (size_t r = 0; r < nr; r++) {
        if (!erg_selection_has_rel(sel, r))
            continue;
        cr++;
        FUZZ_CHECK(erg_selection_has_entity(sel, erg_rel_from(graph, r)));
        FUZZ_CHECK(erg_selection_has_entity(sel, erg_rel_to(graph, r)));
    }
    FUZZ_CHECK(ce == erg_selection_entity_count(sel) && cr == erg_selection_rel_count(sel));
    erg_selection_free(sel);
    erg_diags_free(diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned which = data[0], numbers = data[1];
    /* The names, NUL-terminated copies: argv strings never hold a NUL. */
    char *copy = malloc(size - 1);
    FUZZ_CHECK(copy != NULL);
    memcpy(copy, data + 2, size - 2);
    copy[size - 2] = '\0';
    const char *names[MAX_NAMES];
    size_t count = 0;
    for (char *p = copy; count < MAX_NAMES;) {
        names[count++] = p;
        char *nl = strchr(p, '\n');
        if (nl == NULL)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    for (size_t i = 0; i < count; i++)
        check_lookup(names[i]);

    erg_filter_spec spec;
    memset(&spec, 0, sizeof(spec));
    erg_strlist all = {names, count}, first = {names, 1};
    switch (which % 8) {
    case 0:
        spec.around = all;
        spec.depth = numbers % 5;
        spec.direction = (erg_direction)((numbers / 5) % 3);
        break;
    case 1:
    case 2:
        spec.between[0] = names[0];
        spec.between[1] = names[count > 1 ? 1 : 0];
        spec.all_paths = which % 8 == 2;
        spec.max_length = numbers % 8;
        break;
    case 3:
        spec.connect = all;
        spec.max_length = numbers % 8;
        break;
    case 4:
        spec.component = names[0];
        spec.exclude = count > 1 ? (erg_strlist){names + 1, count - 1} : (erg_strlist){0};
        break;
    case 5:
        spec.types = first;
        spec.relations = count > 1 ? (erg_strlist){names + 1, 1} : (erg_strlist){0};
        spec.sources = count > 2 ? (erg_strlist){names + 2, count - 2} : (erg_strlist){0};
        spec.min_sources = numbers % 4;
        break;
    case 6:
        spec.since = names[0];
        spec.until = count > 1 ? names[1] : NULL;
        spec.dated_only = numbers & 1;
        break;
    default:
        spec.around = first;
        spec.depth = numbers % 5;
        spec.min_degree = numbers / 5 % 4;
        spec.drop_isolated = numbers & 0x80;
        spec.exclude = count > 1 ? (erg_strlist){names + 1, count - 1} : (erg_strlist){0};
        break;
    }
    check_filter(&spec);
    free(copy);
    return 0;
}
