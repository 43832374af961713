/*
 * The query strings of `ergraph serve`'s API (src/serve/query.c): any
 * bytes, parsed as the part of a URL after '?'. Checked: the parser
 * returns 0 or -1 with a reason (never -2: the inputs are small); on 0,
 * every argument it makes is a long option of the command line's filter
 * table that getopt_long accepts as one option (so a value can never turn
 * into another option or a file operand), no argument holds a control
 * character (but the names' separator), the names stay within the limit; and the messages of the
 * command line made into the API's stay within their input's length.
 */
#include <getopt.h>
#include <string.h>

#include "filter_opts.h"
#include "fuzz.h"
#include "query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct option options[] = {CLI_FILTER_LONGOPTS, {NULL, 0, NULL, 0}};
    serve_query q;
    char err[256] = "";
    int rc = serve_query_parse(&q, (const char *)data, size, err, sizeof(err));
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == -1) {
        FUZZ_CHECK(err[0] != '\0');
    } else {
        FUZZ_CHECK(size <= SERVE_QUERY_MAX_LENGTH);
        FUZZ_CHECK(q.names <= SERVE_QUERY_MAX_NAMES);
        FUZZ_CHECK(q.count == 0 || q.args[q.count] == NULL);
        char **argv = calloc(q.count + 2, sizeof(*argv));
        FUZZ_CHECK(argv != NULL);
        argv[0] = "serve";
        for (size_t i = 0; i < q.count; i++) {
            FUZZ_CHECK(strncmp(q.args[i], "--", 2) == 0);
            /* '\x1f' joins the names of between and connect, as
             * cli_filter_prepare_argv joins the command line's. */
            bool joined = strncmp(q.args[i], "--between=", 10) == 0 ||
                          strncmp(q.args[i], "--connect=", 10) == 0;
            for (const unsigned char *p = (const unsigned char *)q.args[i]; *p; p++)
                FUZZ_CHECK((*p >= 0x20 && *p != 0x7f) || (joined && *p == 0x1f));
            argv[i + 1] = q.args[i];
        }
        int c, seen = 0;
        optind = 1;
        opterr = 0;
        while ((c = getopt_long((int)q.count + 1, argv, "", options, NULL)) != -1) {
            FUZZ_CHECK(c != '?' && c != ':');
            seen++;
        }
        FUZZ_CHECK((size_t)seen == q.count && (size_t)optind == q.count + 1);
        free(argv);
    }
    serve_query_release(&q);

    char *msg = serve_query_message((const char *)data, size);
    FUZZ_CHECK(msg != NULL);
    FUZZ_CHECK(strlen(msg) <= size);
    free(msg);
    return 0;
}
