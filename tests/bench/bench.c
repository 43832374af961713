/*
 * ergraph-bench: times ergraph against the naive way of reading the same
 * relationship file, and prints the figures.
 *
 *   ergraph-bench [--runs N] [--no-naive | --naive-only] [--hub ID] [--typical ID]
 *                 [--ergraph PROGRAM] FILE
 *
 * (--naive-only: the baseline row alone, for tests/bench/index_bench.py.)
 *
 * Every step runs in a child process of its own, so that its peak memory
 * (the child's maximum resident set, from wait4) is its own; the times are
 * the child's wall-clock time and its CPU time (user + system, all
 * threads: the steadier figure on a busy machine), median of N runs
 * (default 3). The steps:
 *  - naive: jansson's json_load_file of the whole file, then a walk over
 *    every value (the baseline every ratio is against);
 *  - load: erg_graph_load_files alone, timed inside the child, its peak
 *    taken before the queries that follow; the same child picks the hub (the
 *    entity of highest degree) and a typical entity (degree closest to 20),
 *    and times queries on the loaded graph in-process: filter and DOT for
 *    each, median of 7;
 *  - the command-line pipelines, as a user runs them: validate, dot
 *    --around HUB --depth 2, dot --around TYPICAL --depth 2, dot --between.
 * Exporters add their pipelines to `pipelines` below.
 */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <ergraph/ergraph.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef ERG_CLI_PATH
#define ERG_CLI_PATH "ergraph"
#endif

#define MAX_RUNS 15
#define QUERY_RUNS 7

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), by_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* User and system time of this process, all threads. */
static double cpu_self(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* ---- the naive baseline ---- */

static size_t walk(json_t *v)
{
    size_t n = 1, i;
    const char *key;
    json_t *item;
    if (json_is_object(v)) {
        json_object_foreach(v, key, item)
        {
            n += walk(item);
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            n += walk(item);
        }
    }
    return n;
}

static int naive(const char *path)
{
    json_error_t err;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (root == NULL) {
        fprintf(stderr, "naive: %s:%d:%d: %s\n", path, err.line, err.column, err.text);
        return 1;
    }
    size_t n = walk(root);
    json_decref(root);
    return n > 0 ? 0 : 1;
}

/* ---- ergraph in-process: load, then queries on the loaded graph ---- */

typedef struct query_result {
    double filter_ms, dot_ms;
    size_t nodes, edges, dot_bytes;
} query_result;

static int query(const erg_graph *g, const erg_filter_spec *spec, query_result *out)
{
    double filter[QUERY_RUNS], dot[QUERY_RUNS];
    for (int i = 0; i < QUERY_RUNS; i++) {
        erg_diags *diags = erg_diags_new();
        erg_selection *sel = NULL;
        char *text = NULL;
        size_t len = 0;
        double t0 = now();
        erg_status rc = erg_filter_apply(&sel, g, spec, diags);
        double t1 = now();
        if (rc == ERG_OK)
            rc = erg_dot_write(&text, &len, g, sel, NULL, diags);
        double t2 = now();
        filter[i] = (t1 - t0) * 1e3;
        dot[i] = (t2 - t1) * 1e3;
        if (rc == ERG_OK) {
            out->nodes = erg_selection_entity_count(sel);
            out->edges = erg_selection_rel_count(sel);
            out->dot_bytes = len;
        }
        erg_free(text);
        erg_selection_free(sel);
        erg_diags_free(diags);
        if (rc != ERG_OK)
            return 1;
    }
    out->filter_ms = median(filter, QUERY_RUNS);
    out->dot_ms = median(dot, QUERY_RUNS);
    return 0;
}

/* The entity whose degree is closest to `want`, the first such. */
static size_t entity_of_degree(const erg_graph *g, size_t want, size_t skip)
{
    size_t best = ERG_NONE, best_d = (size_t)-1;
    for (size_t e = 0; e < erg_graph_entity_count(g); e++) {
        size_t d = erg_entity_degree(g, e);
        size_t diff = d > want ? d - want : want - d;
        if (e != skip && diff < best_d) {
            best = e;
            best_d = diff;
        }
    }
    return best;
}

/* Loads, then writes what it found to `report` as lines of text. */
static int load(const char *path, const char *hub, const char *typical, FILE *report)
{
    erg_diags *diags = erg_diags_new();
    erg_graph *g = NULL;
    double t0 = now(), c0 = cpu_self();
    erg_status rc = erg_graph_load_files(&g, &path, 1, NULL, diags);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru); /* the peak of the load, before the queries add theirs */
    fprintf(report, "seconds %.6f %.6f %ld\n", now() - t0, cpu_self() - c0, ru.ru_maxrss);
    if (rc != ERG_OK) {
        fprintf(stderr, "load: %s (%zu diagnostics)\n", erg_status_str(rc), erg_diags_count(diags));
        erg_diags_free(diags);
        return 1;
    }
    size_t h = hub ? erg_graph_find_id(g, hub) : ERG_NONE;
    if (h == ERG_NONE) {
        h = 0;
        for (size_t e = 1; e < erg_graph_entity_count(g); e++)
            h = erg_entity_degree(g, e) > erg_entity_degree(g, h) ? e : h;
    }
    size_t t = typical ? erg_graph_find_id(g, typical) : ERG_NONE;
    if (t == ERG_NONE)
        t = entity_of_degree(g, 20, h);
    size_t other = entity_of_degree(g, 20, t);
    fprintf(report, "counts %zu %zu\n", erg_graph_entity_count(g), erg_graph_relationship_count(g));
    fprintf(report, "hub %s %zu\n", erg_entity_id(g, h), erg_entity_degree(g, h));
    fprintf(report, "typical %s %zu\n", erg_entity_id(g, t), erg_entity_degree(g, t));
    fprintf(report, "other %s %zu\n", erg_entity_id(g, other), erg_entity_degree(g, other));

    const char *names[3] = {erg_entity_id(g, h), erg_entity_id(g, t), erg_entity_id(g, other)};
    struct {
        const char *what;
        erg_filter_spec spec;
    } queries[3];
    memset(queries, 0, sizeof(queries));
    queries[0].what = "around-hub";
    queries[0].spec.around = (erg_strlist){&names[0], 1};
    queries[0].spec.depth = 2;
    queries[1].what = "around-typical";
    queries[1].spec.around = (erg_strlist){&names[1], 1};
    queries[1].spec.depth = 2;
    queries[2].what = "between";
    queries[2].spec.between[0] = names[1];
    queries[2].spec.between[1] = names[2];
    int status = 0;
    for (size_t i = 0; i < 3 && status == 0; i++) {
        query_result q = {0, 0, 0, 0, 0};
        status = query(g, &queries[i].spec, &q);
        fprintf(report, "query %s %.3f %.3f %zu %zu %zu\n", queries[i].what, q.filter_ms, q.dot_ms,
                q.nodes, q.edges, q.dot_bytes);
    }
    erg_graph_free(g);
    erg_diags_free(diags);
    return status;
}

/* ---- running a step in a child ---- */

typedef struct measure {
    double seconds;
    double cpu; /* user + system, every thread */
    long max_rss_kb;
} measure;

/* Runs `argv` (argv[0] NULL: the in-process step `step`) in a child with
 * standard output to `out_fd` (-1: /dev/null). */
static int run_child(char *const *argv, int (*step)(void *), void *arg, int out_fd, measure *m)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = out_fd >= 0 ? out_fd : open("/dev/null", O_WRONLY);
        if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0)
            _exit(126);
        if (argv != NULL) {
            execv(argv[0], argv);
            perror(argv[0]);
            _exit(127);
        }
        _exit(step(arg));
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR)
            return -1;
    }
    m->seconds = now() - t0;
    m->cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    m->max_rss_kb = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

typedef struct load_arg {
    const char *path, *hub, *typical;
} load_arg;

static int naive_step(void *arg)
{
    return naive(arg);
}

static int load_step(void *arg)
{
    const load_arg *a = arg;
    int status = load(a->path, a->hub, a->typical, stdout);
    return fflush(stdout) == 0 ? status : 1;
}

/* Median time and largest peak of `runs` runs. */
static int repeat(int runs, char *const *argv, int (*step)(void *), void *arg, measure *out)
{
    double times[MAX_RUNS], cpus[MAX_RUNS];
    out->max_rss_kb = 0;
    for (int i = 0; i < runs; i++) {
        measure m;
        int status = run_child(argv, step, arg, -1, &m);
        if (status != 0) {
            fprintf(stderr, "ergraph-bench: %s failed (status %d)\n", argv ? argv[1] : "a step",
                    status);
            return 1;
        }
        times[i] = m.seconds;
        cpus[i] = m.cpu;
        if (m.max_rss_kb > out->max_rss_kb)
            out->max_rss_kb = m.max_rss_kb;
    }
    out->seconds = median(times, runs);
    out->cpu = median(cpus, runs);
    return 0;
}

static measure baseline = {0, 0, 0};

static void row(const char *what, const measure *m)
{
    printf("%-40s %8.2f", what, m->seconds);
    if (baseline.seconds > 0)
        printf(" %7.2fx", m->seconds / baseline.seconds);
    else
        printf(" %8s", "-");
    printf(" %8.2f", m->cpu);
    if (baseline.cpu > 0)
        printf(" %7.2fx", m->cpu / baseline.cpu);
    else
        printf(" %8s", "-");
    printf(" %9.0f", (double)m->max_rss_kb / 1024);
    if (baseline.max_rss_kb > 0)
        printf(" %7.2fx", (double)m->max_rss_kb / (double)baseline.max_rss_kb);
    else
        printf(" %8s", "-");
    printf("\n");
    fflush(stdout);
}

/* What the load step found, read back from its output. */
typedef struct found {
    size_t entities, relationships;
    char hub[256], typical[256], other[256];
    size_t hub_degree, typical_degree;
    double load_seconds, load_cpu;
    long load_rss_kb;
    char queries[3][1024];
} found;

static int load_and_report(const load_arg *a, found *f, measure *m)
{
    FILE *tmp = tmpfile();
    if (tmp == NULL)
        return 1;
    int status = run_child(NULL, load_step, (void *)a, fileno(tmp), m);
    if (status != 0) {
        fclose(tmp);
        return 1;
    }
    rewind(tmp);
    char line[1024];
    int q = 0;
    while (fgets(line, sizeof(line), tmp) != NULL) {
        if (sscanf(line, "seconds %lf %lf %ld", &f->load_seconds, &f->load_cpu, &f->load_rss_kb) ==
            3)
            continue;
        if (sscanf(line, "counts %zu %zu", &f->entities, &f->relationships) == 2)
            continue;
        if (sscanf(line, "hub %255s %zu", f->hub, &f->hub_degree) == 2)
            continue;
        if (sscanf(line, "typical %255s %zu", f->typical, &f->typical_degree) == 2)
            continue;
        if (sscanf(line, "other %255s", f->other) == 1)
            continue;
        if (strncmp(line, "query ", 6) == 0 && q < 3) {
            snprintf(f->queries[q++], sizeof(f->queries[0]), "%s", line + 6);
        }
    }
    fclose(tmp);
    return 0;
}

static int atoi_checked(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return end != s && *end == '\0' && v > 0 && v <= MAX_RUNS ? (int)v : -1;
}

static int usage(void)
{
    fputs("usage: ergraph-bench [--runs N] [--no-naive | --naive-only] [--hub ID] [--typical ID] "
          "[--ergraph "
          "PROGRAM] FILE\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    int runs = 3;
    bool with_naive = true, naive_only = false;
    const char *program = ERG_CLI_PATH, *path = NULL;
    load_arg la = {NULL, NULL, NULL};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = atoi_checked(argv[++i]);
        else if (strcmp(argv[i], "--no-naive") == 0)
            with_naive = false;
        else if (strcmp(argv[i], "--naive-only") == 0)
            naive_only = true;
        else if (strcmp(argv[i], "--hub") == 0 && i + 1 < argc)
            la.hub = argv[++i];
        else if (strcmp(argv[i], "--typical") == 0 && i + 1 < argc)
            la.typical = argv[++i];
        else if (strcmp(argv[i], "--ergraph") == 0 && i + 1 < argc)
            program = argv[++i];
        else if (argv[i][0] != '-' && path == NULL)
            path = argv[i];
        else
            return usage();
    }
    if (path == NULL || runs < 1 || runs > MAX_RUNS)
        return usage();
    la.path = path;
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }

    printf("ergraph-bench: %s, %.1f MB; median of %d run%s; cpu = user + system time of every "
           "thread;\npeak = maximum resident set\n\n",
           path, (double)st.st_size / 1e6, runs, runs > 1 ? "s" : "");
    printf("%-40s %8s %8s %8s %8s %9s %8s\n", "step", "wall (s)", "x naive", "cpu (s)", "x naive",
           "peak (MB)", "x naive");
    if (with_naive) {
        if (repeat(runs, NULL, naive_step, (void *)path, &baseline) != 0)
            return 1;
        row("naive: jansson json_load_file + walk", &baseline);
    }
    if (naive_only)
        return 0;
    found f;
    memset(&f, 0, sizeof(f));
    measure m, load_m = {0, 0, 0};
    double load_times[MAX_RUNS], load_cpus[MAX_RUNS];
    for (int i = 0; i < runs; i++) {
        if (load_and_report(&la, &f, &m) != 0) {
            fprintf(stderr, "ergraph-bench: loading %s failed\n", path);
            return 1;
        }
        load_times[i] = f.load_seconds;
        load_cpus[i] = f.load_cpu;
        if (f.load_rss_kb > load_m.max_rss_kb)
            load_m.max_rss_kb = f.load_rss_kb;
    }
    load_m.seconds = median(load_times, runs);
    load_m.cpu = median(load_cpus, runs);
    row("ergraph load (library call alone)", &load_m);

    char between[600];
    snprintf(between, sizeof(between), "%s %s", f.typical, f.other);
    struct {
        const char *label;
        char *argv[12];
    } pipelines[] = {
        {"validate", {(char *)program, "validate", (char *)path, NULL}},
        {"dot --around HUB --depth 2",
         {(char *)program, "dot", "--around", f.hub, "--depth", "2", (char *)path, NULL}},
        {"dot --around TYPICAL --depth 2",
         {(char *)program, "dot", "--around", f.typical, "--depth", "2", (char *)path, NULL}},
        {"dot --between TYPICAL OTHER",
         {(char *)program, "dot", "--between", f.typical, f.other, (char *)path, NULL}},
        /* Exporters (issue 9): add { "export --format X", {program, ...} } here. */
    };
    for (size_t i = 0; i < sizeof(pipelines) / sizeof(pipelines[0]); i++) {
        if (repeat(runs, pipelines[i].argv, NULL, NULL, &m) != 0)
            return 1;
        char label[64];
        snprintf(label, sizeof(label), "ergraph %s", pipelines[i].label);
        row(label, &m);
    }

    printf("\n%zu entities, %zu relationships; HUB %s (degree %zu), TYPICAL %s (degree %zu), "
           "OTHER %s\n",
           f.entities, f.relationships, f.hub, f.hub_degree, f.typical, f.typical_degree, f.other);
    if (f.relationships > 0)
        printf("memory: %.0f bytes per relationship at the load's peak (%.0f bytes of file)\n",
               (double)load_m.max_rss_kb * 1024 / (double)f.relationships,
               (double)st.st_size / (double)f.relationships);
    printf("\nqueries on the loaded graph (in-process, median of %d):\n", QUERY_RUNS);
    printf("%-16s %12s %12s %10s %10s %12s\n", "query", "filter (ms)", "DOT (ms)", "entities",
           "ties", "DOT bytes");
    for (int i = 0; i < 3; i++) {
        char what[64];
        double fm, dm;
        size_t nodes, edges, bytes;
        if (sscanf(f.queries[i], "%63s %lf %lf %zu %zu %zu", what, &fm, &dm, &nodes, &edges,
                   &bytes) == 6)
            printf("%-16s %12.2f %12.2f %10zu %10zu %12zu\n", what, fm, dm, nodes, edges, bytes);
    }
    return 0;
}
