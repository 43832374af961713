/* The import command: spreadsheets (CSV) into a relationship file. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char import_help[] =
    "Usage: ergraph import csv --entities E.csv --relationships R.csv [OPTIONS]\n"
    "\n"
    "Writes an ergraph/1 relationship file from spreadsheets saved as CSV\n"
    "(UTF-8, comma-separated, a header row naming the columns in any order):\n"
    "\n"
    "  entities       id, type, name (required); aliases, country\n"
    "  relationships  from, to, type (required); id, directed, label, source,\n"
    "                 quote, note, start, end, weight, date, contradicts,\n"
    "                 certainty, attributed_to, credibility (one for every\n"
    "                 piece of evidence, or one per piece)\n"
    "  sources        id (required); title, publisher, author, date, url,\n"
    "                 reliability\n"
    "\n"
    "Other columns of the entities and relationships become attributes.\n"
    "Several aliases, sources or quotes in one cell are separated by ';'\n"
    "(write ';;' for a ';' inside one). One source with several quotes cites\n"
    "it for each; as many sources as quotes pairs them in order. Without\n"
    "--sources, every source cited is listed by its id alone.\n"
    "\n"
    "Errors read FILE:ROW:COLUMN: message (the header is row 1), and nothing\n"
    "is written. The result is checked by the same loader as every file.\n"
    "\n"
    "      --entities FILE       the entities sheet\n"
    "      --relationships FILE  the relationships sheet\n"
    "      --sources FILE        the sources sheet\n"
    "      --title TEXT          the file's title\n"
    "  -o, --output FILE         write to FILE (replaced only once complete)\n"
    "                            instead of standard output\n"
    "  -h, --help                show this help\n";

enum { OPT_ENTITIES = 256, OPT_RELATIONSHIPS, OPT_SOURCES, OPT_TITLE };

/* Reads all of `path` ("-": standard input); prints why it cannot. */
static bool read_all(const char *path, char **out, size_t *len)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    char *data = NULL;
    size_t n = 0, cap = 0;
    bool ok = f != NULL;
    while (ok) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            char *bigger = realloc(data, cap);
            if (bigger == NULL) {
                errno = ENOMEM;
                ok = false;
                break;
            }
            data = bigger;
        }
        n += fread(data + n, 1, cap - n, f);
        if (n < cap) {
            ok = !ferror(f);
            break;
        }
    }
    int err = errno;
    if (f != NULL && !is_stdin)
        fclose(f);
    if (!ok) {
        fprintf(stderr, "ergraph: %s: cannot read: %s\n", path, strerror(err));
        free(data);
        return false;
    }
    *out = data;
    *len = n;
    return true;
}

int cmd_import(int argc, char **argv)
{
    static const struct option options[] = {
        {"entities", required_argument, NULL, OPT_ENTITIES},
        {"relationships", required_argument, NULL, OPT_RELATIONSHIPS},
        {"sources", required_argument, NULL, OPT_SOURCES},
        {"title", required_argument, NULL, OPT_TITLE},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *paths[3] = {NULL, NULL, NULL}, *output = NULL;
    erg_csv_import_options opts = {NULL};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
        switch (c) {
        case OPT_ENTITIES:
        case OPT_RELATIONSHIPS:
        case OPT_SOURCES:
            paths[c - OPT_ENTITIES] = optarg;
            break;
        case OPT_TITLE:
            opts.title = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            fputs(import_help, stdout);
            return 0;
        default:
            return cli_bad_option("import", argv, "o:h", options);
        }
    }
    if (optind >= argc)
        return cli_usage_error("import", "no format given (ergraph import csv ...)");
    if (strcmp(argv[optind], "csv") != 0)
        return cli_usage_error("import", "unknown format '%s' (use csv)", argv[optind]);
    if (optind + 1 < argc)
        return cli_usage_error("import", "unexpected argument '%s'", argv[optind + 1]);
    if (paths[0] == NULL || paths[1] == NULL)
        return cli_usage_error("import", "--entities and --relationships are both needed");
    int stdin_uses = 0;
    for (int i = 0; i < 3; i++)
        stdin_uses += paths[i] != NULL && strcmp(paths[i], "-") == 0;
    if (stdin_uses > 1)
        return cli_usage_error("import", "only one sheet can come from standard input");

    int status = EXIT_SYSTEM;
    char *data[3] = {NULL, NULL, NULL};
    size_t len[3] = {0, 0, 0};
    char *out = NULL;
    size_t out_len = 0;
    erg_diags *diags = erg_diags_new();
    erg_status rc = ERG_OK;
    if (diags == NULL) {
        rc = ERG_ENOMEM;
        goto done;
    }
    rc = erg_output_check_not_input(output, paths, paths[2] ? 3 : 2, diags);
    if (rc != ERG_OK) {
        status = cli_exit_code(rc);
        goto done;
    }
    for (int i = 0; i < 3; i++) {
        if (paths[i] != NULL && !read_all(paths[i], &data[i], &len[i]))
            goto done;
    }
    erg_csv_import_input in[3];
    for (int i = 0; i < 3; i++) {
        in[i].name = paths[i];
        in[i].data = paths[i] != NULL ? (data[i] != NULL ? data[i] : "") : NULL;
        in[i].len = len[i];
    }
    rc = erg_csv_import(&out, &out_len, &in[0], &in[1], &in[2], &opts, diags);
    if (rc == ERG_OK)
        rc = erg_output_write(output, out, out_len, diags);
    status = cli_exit_code(rc);
done:
    if (diags != NULL)
        cli_print_diags(diags);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    erg_diags_free(diags);
    erg_free(out);
    for (int i = 0; i < 3; i++)
        free(data[i]);
    return status;
}
