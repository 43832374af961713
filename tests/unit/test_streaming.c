/*
 * The streaming loader (element by element, a big array's halves on two
 * threads) against the naive path (one jansson tree of the whole file,
 * then the same conversions): the same graph, the same diagnostics in the
 * same order, on the repository's files, every invalid case, and generated
 * files with planted errors, merges and syntax errors in either half.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/buf.h"
#include "ergraph/ergraph.h"
#include "load/loader_impl.h"

#include "../graph_dump.h"

typedef enum { NAIVE, ONE_THREAD, TWO_THREADS } mode;

/* Loads `files` one way; returns the graph and diagnostics as text. */
static char *load(mode m, const char *const *files, size_t n, bool strict, size_t *splits)
{
    erg_diags *diags = erg_diags_new();
    erg_load_options opts = {strict, m == ONE_THREAD ? 1u : 0u, NULL, NULL};
    erg_loader *l = erg_loader_new(&opts, diags);
    assert_non_null(l);
    if (m == NAIVE)
        erg_loader_set_naive(l, true);
    if (m == TWO_THREADS)
        erg_loader_set_split_min(l, 0);
    for (size_t i = 0; i < n; i++)
        erg_loader_add_file(l, files[i]);
    erg_graph *g = NULL;
    erg_status rc = erg_loader_finish(l, &g);
    if (splits != NULL)
        *splits = erg_loader_split_count(l);
    erg_loader_free(l);
    char *text = dump_load(rc, g, diags);
    assert_non_null(text);
    return text;
}

/* The three ways agree; returns how many arrays were read on two threads. */
static size_t same(const char *const *files, size_t n, bool strict)
{
    size_t splits = 0;
    char *naive = load(NAIVE, files, n, strict, NULL);
    char *one = load(ONE_THREAD, files, n, strict, NULL);
    char *two = load(TWO_THREADS, files, n, strict, &splits);
    if (strcmp(naive, one) != 0 || strcmp(naive, two) != 0)
        fprintf(stderr,
                "for %s (%zu files):\n--- naive\n%.2000s\n--- one thread\n%.2000s\n--- two "
                "threads\n%.2000s\n",
                files[0], n, naive, one, two);
    assert_string_equal(naive, one);
    assert_string_equal(naive, two);
    erg_free(naive);
    erg_free(one);
    erg_free(two);
    return splits;
}

static char tmpdir[256];

static void generate(const char *out, const char *args)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "'%s' %s -o '%s/%s'", ERG_GEN_PATH, args, tmpdir, out);
    assert_int_equal(system(cmd), 0);
}

static char *path_of(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, name);
    return p;
}

/* A copy of `from` cut at `fraction` of its length, or with one byte
 * there replaced by `byte`. */
static void corrupt(const char *from, const char *to, double fraction, int byte)
{
    FILE *in = fopen(path_of(from), "rb"), *out = fopen(path_of(to), "wb");
    assert_non_null(in);
    assert_non_null(out);
    fseek(in, 0, SEEK_END);
    long len = ftell(in), at = (long)((double)len * fraction);
    rewind(in);
    for (long i = 0; i < len; i++) {
        int ch = fgetc(in);
        if (i == at && byte < 0)
            break;
        fputc(i == at ? byte : ch, out);
    }
    fclose(in);
    fclose(out);
}

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/ergraph-test-streaming-XXXXXX");
    return mkdtemp(tmpdir) == NULL;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd);
}

static void test_streaming__generated_files(void **state)
{
    (void)state;
    generate("plain.json", "-e 300 -r 2000 -s 1");
    generate("errors.json", "-e 300 -r 2000 -s 2 --errors 40");
    generate("many-errors.json", "-e 300 -r 3000 -s 3 --errors 400");
    generate("other.json", "-e 200 -r 500 -s 4");
    const char *plain[] = {path_of("plain.json")};
    assert_true(same(plain, 1, false) > 0);
    const char *errors[] = {path_of("errors.json")};
    assert_true(same(errors, 1, false) > 0);
    const char *many[] = {path_of("many-errors.json")};
    assert_true(same(many, 1, false) > 0);
    /* Merged: same ids, other names: conflicts past the error limit. */
    const char *merged[] = {path_of("plain.json"), path_of("other.json"), path_of("errors.json")};
    assert_true(same(merged, 3, false) > 0);
    same(merged, 3, true);
    /* The evidence model's fields: dates, grades, attributions, and
     * contradictions that cross the halves' boundary both ways. */
    generate("evidence.json", "-e 300 -r 2000 -s 6 --evidence");
    generate("evidence-errors.json", "-e 300 -r 2000 -s 7 --evidence --errors 40");
    const char *evidence[] = {path_of("evidence.json")};
    assert_true(same(evidence, 1, false) > 0);
    const char *evidence_errors[] = {path_of("evidence-errors.json")};
    assert_true(same(evidence_errors, 1, false) > 0);
}

static void test_streaming__syntax_errors_in_either_half(void **state)
{
    (void)state;
    generate("whole.json", "-e 200 -r 1500 -s 5 --errors 30");
    double at[] = {0.02, 0.05, 0.15, 0.4, 0.6, 0.8, 0.97};
    for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        corrupt("whole.json", "cut.json", at[i], -1);
        corrupt("whole.json", "bad.json", at[i], '@');
        corrupt("whole.json", "nul.json", at[i], '\0');
        const char *cut[] = {path_of("cut.json")}, *bad[] = {path_of("bad.json")},
                   *nul[] = {path_of("nul.json")};
        same(cut, 1, false);
        same(bad, 1, false);
        same(nul, 1, false);
    }
}

/* The member of the generated file `text` (a line "  \"KEY\": [" to the
 * line "  ]") as its own text, without the comma after it. */
static char *member(const char *text, const char *key)
{
    char start[64];
    snprintf(start, sizeof(start), "\n  \"%s\": [", key);
    const char *from = strstr(text, start);
    assert_non_null(from);
    from++;
    const char *to = strstr(from, "\n  ]");
    assert_non_null(to);
    to += strlen("\n  ]");
    char *copy = malloc((size_t)(to - from) + 1);
    assert_non_null(copy);
    memcpy(copy, from, (size_t)(to - from));
    copy[to - from] = '\0';
    return copy;
}

/* `from` with its top-level members in another order: `layout` is a
 * printf format of three %s (sources, entities, relationships). */
static void rearrange(const char *from, const char *to, const char *layout)
{
    FILE *in = fopen(path_of(from), "rb");
    assert_non_null(in);
    static char text[1 << 22];
    size_t n = fread(text, 1, sizeof(text) - 1, in);
    assert_true(n > 0 && n < sizeof(text) - 1);
    text[n] = '\0';
    fclose(in);
    char *s = member(text, "sources"), *e = member(text, "entities"),
         *r = member(text, "relationships");
    FILE *out = fopen(path_of(to), "wb");
    assert_non_null(out);
    fprintf(out, "{\n  \"format\": \"ergraph/1\",\n");
    fprintf(out, layout, s, e, r);
    fprintf(out, "\n}\n");
    fclose(out);
    free(s);
    free(e);
    free(r);
}

/* The helper finds the relationships itself, past whatever follows the
 * entities; or begins at them when they come first. */
static void test_streaming__top_level_orders(void **state)
{
    (void)state;
    generate("ordered.json", "-e 300 -r 2000 -s 6 --errors 20");
    static const struct {
        const char *layout;
        bool split; /* read on two threads */
    } cases[] = {
        /* Relationships first: the helper begins at them, every id is
         * resolved after the file. */
        {"%3$s,\n%2$s,\n%1$s", true},
        /* Sources between, so read by the main thread while the helper
         * reads relationships. */
        {"%2$s,\n%1$s,\n%3$s", true},
        /* An unknown member in between, with brackets, commas and escaped
         * quotes in its strings and keys. */
        {"%1$s,\n%2$s,\n  \"notes\": {\"a]\\\"\": [\"]\", \"\\\"}\\\\\", {\"b\": \"[[[\"}], "
         "\"c\": -1.5e3, \"d\": [true, null]},\n%3$s",
         true},
        /* Sources last. */
        {"%2$s,\n%3$s,\n%1$s", true},
        /* A key that names the relationships with an escape: jansson reads
         * it as "relationships", the helper's scan does not. */
        {"%1$s,\n%2$s,\n%3$s", false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rearrange("ordered.json", "rearranged.json", cases[i].layout);
        if (!cases[i].split) {
            /* Spell the key of the relationships with an escape. */
            FILE *f = fopen(path_of("rearranged.json"), "r+b");
            assert_non_null(f);
            static char text[1 << 22];
            size_t n = fread(text, 1, sizeof(text) - 1, f);
            text[n] = '\0';
            char *key = strstr(text, "\"relationships\"");
            assert_non_null(key);
            fseek(f, 0, SEEK_SET);
            fwrite(text, 1, (size_t)(key - text), f);
            fputs("\"relationship\\u0073\"", f);
            fputs(key + strlen("\"relationships\""), f);
            fclose(f);
        }
        const char *files[] = {path_of("rearranged.json")};
        size_t splits = same(files, 1, false);
        if (cases[i].split)
            assert_true(splits > 0);
        else
            assert_int_equal(splits, 0);
    }
}

static void test_streaming__repository_files_and_invalid_cases(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/graphs", ERG_SOURCE_DIR);
    const char *names[] = {"ap-2004-09-14-israel-helping-russia.json",
                           "bbc-2003-08-12-old-enemies-unite.json",
                           "bbc-2003-08-fsb-cooperation-analysis.json",
                           "csmonitor-2003-08-antiterror-alliance-sting.json"};
    char paths[4][640];
    const char *files[4];
    for (size_t i = 0; i < 4; i++) {
        snprintf(paths[i], sizeof(paths[i]), "%s/%s", dir, names[i]);
        files[i] = paths[i];
        same(&files[i], 1, false);
    }
    same(files, 4, false);

    snprintf(dir, sizeof(dir), "%s/tests/invalid", ERG_SOURCE_DIR);
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t cases = 0;
    for (struct dirent *ent; (ent = readdir(d)) != NULL;) {
        char input[1024];
        struct stat st;
        snprintf(input, sizeof(input), "%s/%s/input.json", dir, ent->d_name);
        if (ent->d_name[0] == '.' || stat(input, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        const char *one[] = {input};
        same(one, 1, false);
        same(one, 1, true);
        cases++;
    }
    closedir(d);
    assert_true(cases > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_streaming__generated_files),
        cmocka_unit_test(test_streaming__syntax_errors_in_either_half),
        cmocka_unit_test(test_streaming__top_level_orders),
        cmocka_unit_test(test_streaming__repository_files_and_invalid_cases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
