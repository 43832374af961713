/* ergraph index: files compiled into a corpus, read in place by every
 * command (see README.md, "Corpora"). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char help[] =
    "Usage: ergraph index [OPTIONS] FILE... -o CORPUS\n"
    "       ergraph index --update -o CORPUS [FILE...]\n"
    "       ergraph index --check CORPUS\n"
    "\n"
    "Checks relationship files as 'validate' does (the same errors; nothing is\n"
    "written when there is one) and writes the loaded graph as a corpus: a binary\n"
    "file that every command takes in place of the files and reads in place,\n"
    "without loading them again. A corpus records its files (path, size,\n"
    "modification time, inode, a hash of the content); a command given a corpus\n"
    "whose files changed says it is stale and exits 1 ('--stale ok' uses it).\n"
    "\n"
    "  -o, --output CORPUS write the corpus there (replaced only once complete)\n"
    "      --update        rebuild CORPUS from its files (or the FILEs given): the\n"
    "                      files are hashed, and only a change of content loads\n"
    "                      them again\n"
    "      --check         check every section of CORPUS against its checksum, and\n"
    "                      whether it is stale\n"
    "      --strict        treat warnings as errors, as 'validate --strict' does\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status: 0 written (or whole), 1 invalid input, a damaged or stale\n"
    "corpus, 2 bad usage, 3 system failure.\n";

static int fail_nomem(void)
{
    fprintf(stderr, "ergraph: out of memory\n");
    return EXIT_SYSTEM;
}

static int check(const char *path)
{
    erg_diags *diags = erg_diags_new();
    if (diags == NULL)
        return fail_nomem();
    bool stale = false;
    erg_status rc = erg_index_check(path, &stale, diags);
    cli_print_diags(diags);
    erg_diags_free(diags);
    if (rc != ERG_OK)
        return cli_exit_code(rc);
    if (stale && !cli_stale_ok)
        return EXIT_DATA;
    printf("ok: %s is whole%s\n", path, stale ? " (but stale)" : "");
    return 0;
}

/* Loads `inputs` and writes the corpus `output`. */
static int build(const char *output, char *const *inputs, int count, bool strict)
{
    for (int i = 0; i < count; i++) {
        if (strcmp(inputs[i], "-") == 0)
            return cli_usage_error("index", "standard input cannot be indexed: a corpus "
                                            "records its files to know when it is stale");
        if (erg_index_is_corpus(inputs[i]))
            return cli_usage_error("index", "'%s' is a corpus already; give its files", inputs[i]);
    }
    erg_diags *diags = erg_diags_new();
    if (diags == NULL)
        return fail_nomem();
    int status = 0;
    erg_status rc =
        erg_output_check_not_input(output, (const char *const *)inputs, (size_t)count, diags);
    if (rc != ERG_OK) {
        cli_print_diags(diags);
        erg_diags_free(diags);
        return cli_exit_code(rc);
    }
    erg_load_options load = {0};
    load.strict = strict;
    erg_graph *g = NULL;
    status = cli_load_diags(&g, inputs, count, &load, diags);
    cli_print_diags(diags);
    if (status == 0) {
        erg_diags *wd = erg_diags_new();
        if (wd == NULL) {
            status = fail_nomem();
        } else {
            rc = erg_index_write(g, diags, (const char *const *)inputs, (size_t)count, output, wd);
            cli_print_diags(wd);
            if (rc == ERG_ENOMEM)
                fprintf(stderr, "ergraph: out of memory\n");
            status = cli_exit_code(rc);
            erg_diags_free(wd);
        }
    }
    if (status == 0) {
        struct stat st;
        printf("ok: %s: %zu entities, %zu relationships from %d file%s, %lld bytes\n", output,
               erg_graph_entity_count(g), erg_graph_relationship_count(g), count,
               count == 1 ? "" : "s", stat(output, &st) == 0 ? (long long)st.st_size : 0LL);
    }
    erg_graph_free(g);
    erg_diags_free(diags);
    return status;
}

/* --update: the files' content unchanged (by hash), the corpus is written
 * again from itself with their new times; otherwise rebuilt. */
static int update(const char *output, char *const *given, int given_count, bool strict)
{
    if (!erg_index_is_corpus(output)) {
        if (given_count == 0)
            return cli_usage_error("index", "'%s' is not a corpus: name its files to build it",
                                   output);
        return build(output, given, given_count, strict);
    }
    erg_diags *diags = erg_diags_new();
    if (diags == NULL)
        return fail_nomem();
    char **recorded = NULL;
    size_t n = 0;
    bool same = false;
    erg_status rc = erg_index_inputs(output, &recorded, &n, &same, diags);
    if (rc != ERG_OK) {
        cli_print_diags(diags);
        erg_diags_free(diags);
        return cli_exit_code(rc);
    }
    bool same_list = given_count == 0 || (size_t)given_count == n;
    for (int i = 0; same_list && given_count > 0 && i < given_count; i++)
        same_list = strcmp(given[i], recorded[i]) == 0;
    int status;
    if (same && same_list && !strict) {
        erg_index_options io = {0};
        io.stale_ok = io.stale_quiet = true;
        erg_graph *g = NULL;
        rc = erg_index_open(&g, output, &io, diags);
        if (rc == ERG_OK) {
            erg_diags *wd = erg_diags_new();
            rc = wd == NULL
                     ? ERG_ENOMEM
                     : erg_index_write(g, diags, (const char *const *)recorded, n, output, wd);
            if (wd != NULL)
                cli_print_diags(wd);
            erg_diags_free(wd);
        } else {
            cli_print_diags(diags);
        }
        erg_graph_free(g);
        status = cli_exit_code(rc);
        if (status == 0)
            printf("ok: %s: up to date (%zu file%s unchanged)\n", output, n, n == 1 ? "" : "s");
    } else if (given_count > 0) {
        status = build(output, given, given_count, strict);
    } else {
        status = build(output, recorded, (int)n, strict);
    }
    for (size_t i = 0; i < n; i++)
        erg_free(recorded[i]);
    erg_free(recorded);
    erg_diags_free(diags);
    return status;
}

int cmd_index(int argc, char **argv)
{
    enum { OPT_STRICT = 256, OPT_UPDATE, OPT_CHECK };
    static const struct option options[] = {
        {"output", required_argument, NULL, 'o'}, {"update", no_argument, NULL, OPT_UPDATE},
        {"check", no_argument, NULL, OPT_CHECK},  {"strict", no_argument, NULL, OPT_STRICT},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *output = NULL;
    bool strict = false, do_update = false, do_check = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", options, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case OPT_UPDATE:
            do_update = true;
            break;
        case OPT_CHECK:
            do_check = true;
            break;
        case OPT_STRICT:
            strict = true;
            break;
        case 'h':
            fputs(help, stdout);
            return 0;
        default:
            return cli_bad_option("index", argv, "ho:", options);
        }
    }
    char **inputs = argv + optind;
    int count = argc - optind;
    if (do_check) {
        if (do_update || output != NULL || count != 1)
            return cli_usage_error("index", "--check takes one corpus and no other option");
        return check(inputs[0]);
    }
    if (output == NULL || strcmp(output, "-") == 0)
        return cli_usage_error("index", "name the corpus with -o CORPUS (a file: it is read "
                                        "in place)");
    if (do_update)
        return update(output, inputs, count, strict);
    if (count == 0)
        return cli_usage_error("index", "no input file");
    return build(output, inputs, count, strict);
}
