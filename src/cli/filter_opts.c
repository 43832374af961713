#include "filter_opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define JOIN '\x1f'

const char *const cli_filter_flags[ERG_FIELD_COUNT] = {
    [ERG_FIELD_TYPES] = "--type",
    [ERG_FIELD_EXCLUDE] = "--exclude",
    [ERG_FIELD_RELATIONS] = "--relation",
    [ERG_FIELD_SOURCES] = "--source",
    [ERG_FIELD_CERTAINTIES] = "--certainty",
    [ERG_FIELD_MIN_GRADE] = "--min-grade",
    [ERG_FIELD_MIN_SOURCES] = "--min-sources",
    [ERG_FIELD_CONTEST] = "--contested or --uncontested",
    [ERG_FIELD_SINCE] = "--since",
    [ERG_FIELD_UNTIL] = "--until",
    [ERG_FIELD_DATED_ONLY] = "--dated-only",
    [ERG_FIELD_AROUND] = "--around",
    [ERG_FIELD_DEPTH] = "--depth",
    [ERG_FIELD_DIRECTION] = "--direction",
    [ERG_FIELD_BETWEEN] = "--between",
    [ERG_FIELD_MAX_LENGTH] = "--max-length",
    [ERG_FIELD_ALL_PATHS] = "--all-paths",
    [ERG_FIELD_CONNECT] = "--connect",
    [ERG_FIELD_COMPONENT] = "--component",
    [ERG_FIELD_MIN_DEGREE] = "--min-degree",
    [ERG_FIELD_DROP_ISOLATED] = "--drop-isolated",
    [ERG_FIELD_KEEP_ISOLATED] = "--keep-isolated",
};

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

int cli_filter_prepare_argv(int argc, char **argv)
{
    int out = 0;
    for (int i = 0; i < argc; i++) {
        bool between = strcmp(argv[i], "--between") == 0;
        bool connect = strcmp(argv[i], "--connect") == 0;
        argv[out++] = argv[i];
        if (!between && !connect)
            continue;
        /* Join the names into one argument: a fresh string that lives for
         * the rest of the program. */
        size_t len = 0;
        int j = i + 1;
        while (j < argc && argv[j][0] != '-' && (between ? j <= i + 2 : !is_file(argv[j]))) {
            len += strlen(argv[j]) + 1;
            j++;
        }
        if (j == i + 1)
            continue; /* getopt reports the missing argument */
        char *joined = malloc(len);
        if (joined == NULL)
            continue;
        size_t at = 0;
        for (int k = i + 1; k < j; k++) {
            size_t n = strlen(argv[k]);
            memcpy(joined + at, argv[k], n);
            at += n;
            joined[at++] = k + 1 < j ? JOIN : '\0';
        }
        argv[out++] = joined;
        i = j - 1;
    }
    argv[out] = NULL;
    return out;
}

static bool push(cli_list *l, char *item)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        char **items = realloc(l->items, cap * sizeof(*items));
        if (items == NULL)
            return false;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->count++] = item;
    return true;
}

/* Adds each item of a list separated by `sep` (copied). */
static int push_split(cli_list *l, const char *cmd, const char *option, const char *arg, char sep)
{
    const char *p = arg;
    for (;;) {
        const char *end = sep != '\0' ? strchr(p, sep) : NULL;
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0)
            return cli_usage_error(cmd, "%s: empty item in '%s'", option, arg);
        char *item = strndup(p, n);
        if (item == NULL || !push(l, item)) {
            free(item);
            fprintf(stderr, "ergraph: out of memory\n");
            return EXIT_SYSTEM;
        }
        if (end == NULL)
            return 0;
        p = end + 1;
    }
}

static int count_arg(const char *cmd, const char *option, const char *arg, size_t min, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    if (arg[0] == '-' || end == arg || *end != '\0' || errno != 0 || v < min || v > 1000000000ull)
        return cli_usage_error(cmd, "%s takes a whole number from %zu, not '%s'", option, min, arg);
    *out = (size_t)v;
    return 0;
}

int cli_filter_option(cli_filter *f, const char *cmd, int opt, const char *arg)
{
    f->any = true;
    switch (opt) {
    case OPT_TYPE:
        return push_split(&f->types, cmd, "--type", arg, ',');
    case OPT_RELATION:
        return push_split(&f->relations, cmd, "--relation", arg, ',');
    case OPT_SOURCE:
        return push_split(&f->sources, cmd, "--source", arg, ',');
    case OPT_CERTAINTY:
        return push_split(&f->certainties, cmd, "--certainty", arg, ',');
    case OPT_MIN_GRADE:
        f->spec.min_grade = arg;
        return 0;
    case OPT_CONTESTED:
    case OPT_UNCONTESTED: {
        erg_contest want = opt == OPT_CONTESTED ? ERG_CONTESTED : ERG_UNCONTESTED;
        if (f->spec.contest != ERG_CONTEST_ANY && f->spec.contest != want)
            return cli_usage_error(cmd, "--contested and --uncontested exclude each other");
        f->spec.contest = want;
        return 0;
    }
    case OPT_EXCLUDE:
        return push_split(&f->exclude, cmd, "--exclude", arg, '\0');
    case OPT_AROUND:
        return push_split(&f->around, cmd, "--around", arg, '\0');
    case OPT_CONNECT:
        if (strchr(arg, JOIN) == NULL)
            return cli_usage_error(cmd, "--connect needs at least two names");
        f->connect.count = 0;
        return push_split(&f->connect, cmd, "--connect", arg, JOIN);
    case OPT_BETWEEN: {
        const char *sep = strchr(arg, JOIN);
        if (sep == NULL || strchr(sep + 1, JOIN) != NULL)
            return cli_usage_error(cmd, "--between takes two names: --between A B");
        free(f->between);
        f->between = strdup(arg);
        if (f->between == NULL)
            return EXIT_SYSTEM;
        f->between[sep - arg] = '\0';
        return 0;
    }
    case OPT_MIN_SOURCES:
        return count_arg(cmd, "--min-sources", arg, 1, &f->spec.min_sources);
    case OPT_DEPTH:
        return count_arg(cmd, "--depth", arg, 0, &f->spec.depth);
    case OPT_MAX_LENGTH:
        return count_arg(cmd, "--max-length", arg, 1, &f->spec.max_length);
    case OPT_MIN_DEGREE:
        return count_arg(cmd, "--min-degree", arg, 0, &f->spec.min_degree);
    case OPT_SINCE:
        f->spec.since = arg;
        return 0;
    case OPT_UNTIL:
        f->spec.until = arg;
        return 0;
    case OPT_DATED_ONLY:
        f->spec.dated_only = true;
        return 0;
    case OPT_ALL_PATHS:
        f->spec.all_paths = true;
        return 0;
    case OPT_DROP_ISOLATED:
        f->spec.drop_isolated = true;
        return 0;
    case OPT_KEEP_ISOLATED:
        f->spec.keep_isolated = true;
        return 0;
    case OPT_COMPONENT:
        f->spec.component = arg;
        return 0;
    case OPT_DIRECTION:
        if (strcmp(arg, "out") == 0)
            f->spec.direction = ERG_OUT;
        else if (strcmp(arg, "in") == 0)
            f->spec.direction = ERG_IN;
        else if (strcmp(arg, "both") == 0)
            f->spec.direction = ERG_BOTH;
        else
            return cli_usage_error(cmd, "--direction takes out, in or both, not '%s'", arg);
        return 0;
    }
    return cli_usage_error(cmd, "invalid option");
}

static erg_strlist as_list(const cli_list *l)
{
    erg_strlist s = {(const char *const *)l->items, l->count};
    return s;
}

void cli_filter_finish(cli_filter *f)
{
    f->spec.types = as_list(&f->types);
    f->spec.relations = as_list(&f->relations);
    f->spec.exclude = as_list(&f->exclude);
    f->spec.sources = as_list(&f->sources);
    f->spec.certainties = as_list(&f->certainties);
    f->spec.around = as_list(&f->around);
    f->spec.connect = as_list(&f->connect);
    f->spec.field_names = cli_filter_flags;
    if (f->between != NULL) {
        f->spec.between[0] = f->between;
        f->spec.between[1] = f->between + strlen(f->between) + 1;
    }
}

static void release_list(cli_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i]);
    free(l->items);
}

void cli_filter_release(cli_filter *f)
{
    release_list(&f->types);
    release_list(&f->relations);
    release_list(&f->exclude);
    release_list(&f->sources);
    release_list(&f->certainties);
    release_list(&f->around);
    release_list(&f->connect);
    free(f->between);
}

int cli_filter_apply(erg_selection **out, const erg_graph *g, const cli_filter *f)
{
    *out = NULL;
    if (!f->any)
        return 0;
    erg_diags *diags = erg_diags_new();
    if (diags == NULL)
        return EXIT_SYSTEM;
    erg_status rc = erg_filter_apply(out, g, &f->spec, diags);
    cli_print_diags(diags);
    erg_diags_free(diags);
    if (rc == ERG_ENOMEM)
        fprintf(stderr, "ergraph: out of memory\n");
    return cli_exit_code(rc);
}
