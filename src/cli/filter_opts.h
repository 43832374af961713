/* The filter options that every command emitting a graph takes. */
#ifndef ERG_CLI_FILTER_OPTS_H
#define ERG_CLI_FILTER_OPTS_H

#include <getopt.h>

#include "cli.h"

enum {
    OPT_TYPE = 1000,
    OPT_RELATION,
    OPT_EXCLUDE,
    OPT_SOURCE,
    OPT_MIN_SOURCES,
    OPT_SINCE,
    OPT_UNTIL,
    OPT_DATED_ONLY,
    OPT_AROUND,
    OPT_DEPTH,
    OPT_DIRECTION,
    OPT_BETWEEN,
    OPT_MAX_LENGTH,
    OPT_ALL_PATHS,
    OPT_CONNECT,
    OPT_COMPONENT,
    OPT_MIN_DEGREE,
    OPT_DROP_ISOLATED,
    OPT_CERTAINTY,
    OPT_MIN_GRADE,
    OPT_CONTESTED,
    OPT_UNCONTESTED,
    OPT_KEEP_ISOLATED
};

#define CLI_FILTER_LONGOPTS                                                                        \
    {"type", required_argument, NULL, OPT_TYPE},                                                   \
        {"relation", required_argument, NULL, OPT_RELATION},                                       \
        {"exclude", required_argument, NULL, OPT_EXCLUDE},                                         \
        {"source", required_argument, NULL, OPT_SOURCE},                                           \
        {"min-sources", required_argument, NULL, OPT_MIN_SOURCES},                                 \
        {"since", required_argument, NULL, OPT_SINCE},                                             \
        {"until", required_argument, NULL, OPT_UNTIL},                                             \
        {"dated-only", no_argument, NULL, OPT_DATED_ONLY},                                         \
        {"around", required_argument, NULL, OPT_AROUND},                                           \
        {"depth", required_argument, NULL, OPT_DEPTH},                                             \
        {"direction", required_argument, NULL, OPT_DIRECTION},                                     \
        {"between", required_argument, NULL, OPT_BETWEEN},                                         \
        {"max-length", required_argument, NULL, OPT_MAX_LENGTH},                                   \
        {"all-paths", no_argument, NULL, OPT_ALL_PATHS},                                           \
        {"connect", required_argument, NULL, OPT_CONNECT},                                         \
        {"component", required_argument, NULL, OPT_COMPONENT},                                     \
        {"min-degree", required_argument, NULL, OPT_MIN_DEGREE},                                   \
        {"certainty", required_argument, NULL, OPT_CERTAINTY},                                     \
        {"min-grade", required_argument, NULL, OPT_MIN_GRADE},                                     \
        {"contested", no_argument, NULL, OPT_CONTESTED},                                           \
        {"uncontested", no_argument, NULL, OPT_UNCONTESTED},                                       \
        {"keep-isolated", no_argument, NULL, OPT_KEEP_ISOLATED},                                   \
    {                                                                                              \
        "drop-isolated", no_argument, NULL, OPT_DROP_ISOLATED                                      \
    }

#define CLI_FILTER_HELP                                                                            \
    "Filters (they combine; see 'Filters' in the README for their order):\n"                       \
    "      --type T[,T...]        keep entities of these types\n"                                  \
    "      --relation R[,R...]    keep relationships of these types\n"                             \
    "      --exclude NAME         drop an entity (repeatable)\n"                                   \
    "      --source ID[,ID...]    keep the evidence from these sources\n"                          \
    "      --certainty C[,C...]   keep the evidence of these certainties: stated,\n"               \
    "                             reported, alleged, inferred\n"                                   \
    "      --min-grade GRADE      keep the evidence graded GRADE or better (B2: a source\n"        \
    "                             of reliability A or B, credibility 1 or 2)\n"                    \
    "                             (evidence filters: a tie with no evidence left is dropped;\n"    \
    "                             one without evidence counts as inferred, with no source)\n"      \
    "      --min-sources N        keep ties supported by at least N distinct sources\n"            \
    "      --contested            keep ties that contradict or are contradicted\n"                 \
    "      --uncontested          keep ties in no contradiction\n"                                 \
    "      --since DATE           keep ties known to hold on or after DATE (YYYY[-MM[-DD]])\n"     \
    "      --until DATE           keep ties known to hold on or before DATE\n"                     \
    "                             (a date is a point: 2003-03 is that month; a start alone\n"      \
    "                             holds up to its latest dated source; an end alone, from\n"       \
    "                             any time; a partial date ends at the end of its period)\n"       \
    "      --dated-only           drop ties with no date, start or end\n"                          \
    "      --around NAME          keep what lies within --depth steps of NAME (repeatable)\n"      \
    "      --depth N              steps for --around (default 1)\n"                                \
    "      --direction out|in     follow only outgoing or incoming ties for --around\n"            \
    "      --between A B          keep the shortest paths from A to B\n"                           \
    "      --max-length L         longest path for --between and --connect\n"                      \
    "      --all-paths            with --between: every simple path up to --max-length\n"          \
    "                             (default 6)\n"                                                   \
    "      --connect A B C...     keep the shortest paths between each pair of these\n"            \
    "      --component NAME       keep the connected component that holds NAME\n"                  \
    "      --min-degree N         keep entities with at least N ties\n"                            \
    "      --drop-isolated        drop entities with no tie\n"                                     \
    "      --keep-isolated        keep the entities whose ties the filters of ties all drop\n"     \
    "                             (by default they go, unless --around etc. names them)\n"         \
    "Entities are named by id, name or alias, in any case.\n"

typedef struct cli_list {
    char **items;
    size_t count, cap;
} cli_list;

typedef struct cli_filter {
    erg_filter_spec spec;
    cli_list types, relations, exclude, sources, certainties, around, connect;
    char *between; /* "A\x1fB" as joined by cli_filter_prepare_argv */
    bool any;      /* some filter was given */
} cli_filter;

/* The option of each field of erg_filter_spec, for the library's messages
 * (spec.field_names and erg_query_all_paths). */
extern const char *const cli_filter_flags[ERG_FIELD_COUNT];

/*
 * Rewrites argv in place so that `--between A B` and `--connect A B C...`
 * each become one option with its names joined by '\x1f' (getopt takes one
 * argument per option). --connect takes the names that follow it up to the
 * next option or the first existing file. Returns the new argc.
 */
int cli_filter_prepare_argv(int argc, char **argv);

/* Handles a filter option; returns 0, or an exit code after a message. */
int cli_filter_option(cli_filter *f, const char *cmd, int opt, const char *arg);

/* Fills f->spec from what was given, with cli_filter_flags as its
 * field_names. */
void cli_filter_finish(cli_filter *f);
void cli_filter_release(cli_filter *f);

/*
 * The selection of g that the filters keep, or NULL for everything when no
 * filter was given. Prints diagnostics; returns 0 or an exit code.
 */
int cli_filter_apply(erg_selection **out, const erg_graph *g, const cli_filter *f);

#endif
