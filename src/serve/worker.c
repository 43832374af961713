#include "worker.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* Largest request: the arguments of one query. */
#define REQUEST_MAX (1u << 20)

typedef struct worker {
    pid_t pid;
    int to, from; /* pipes to and from it */
    bool busy, dead;
} worker;

struct serve_pool {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    worker *w;
    size_t n, waiting, queue;
};

static bool write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

static bool read_all(int fd, void *data, size_t n)
{
    char *p = data;
    while (n > 0) {
        ssize_t k = read(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* The whole content of fd (a file) in a new NUL-terminated buffer. */
static char *slurp(int fd, size_t *len)
{
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < 0)
        return NULL;
    char *s = malloc((size_t)end + 1);
    if (s == NULL)
        return NULL;
    size_t got = 0;
    while (got < (size_t)end) {
        ssize_t k = pread(fd, s + got, (size_t)end - got, (off_t)got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    s[got] = '\0';
    *len = got;
    return s;
}

typedef int (*command_fn)(int, char **);

static command_fn find_command(const char *name)
{
    static const struct {
        const char *name;
        command_fn run;
    } commands[] = {{"render", cmd_render}, {"dot", cmd_dot},     {"export", cmd_export},
                    {"show", cmd_show},     {"stats", cmd_stats}, {"list", cmd_list}};
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].run;
    return NULL;
}

/* Sends a status and two byte strings; false when the server is gone. */
static bool reply(int fd, int32_t status, const char *out, size_t out_len, const char *err,
                  size_t err_len)
{
    uint64_t lens[2] = {out_len, err_len};
    return write_all(fd, &status, sizeof(status)) && write_all(fd, lens, sizeof(lens)) &&
           write_all(fd, out, out_len) && write_all(fd, err, err_len);
}

/* A worker: reads requests until the server closes the pipe. Its standard
 * output and error are files, emptied before each command and sent back
 * after it. */
static void worker_main(int in, int out)
{
    FILE *o = tmpfile(), *e = tmpfile();
    if (o == NULL || e == NULL || dup2(fileno(o), STDOUT_FILENO) < 0 ||
        dup2(fileno(e), STDERR_FILENO) < 0)
        _exit(3);
    for (;;) {
        uint32_t len;
        if (!read_all(in, &len, sizeof(len)) || len == 0 || len > REQUEST_MAX)
            _exit(0);
        char *buf = malloc(len);
        char **argv = malloc((len / 2 + 2) * sizeof(*argv));
        if (buf == NULL || argv == NULL || !read_all(in, buf, len) || buf[len - 1] != '\0')
            _exit(3);
        int argc = 0;
        for (uint32_t at = 0; at < len; at += (uint32_t)strlen(buf + at) + 1)
            argv[argc++] = buf + at;
        argv[argc] = NULL;
        fflush(stdout);
        fflush(stderr);
        clearerr(stdout);
        if (ftruncate(STDOUT_FILENO, 0) != 0 || ftruncate(STDERR_FILENO, 0) != 0 ||
            lseek(STDOUT_FILENO, 0, SEEK_SET) != 0 || lseek(STDERR_FILENO, 0, SEEK_SET) != 0)
            _exit(3);
        command_fn run = find_command(argv[0]);
        int status = run != NULL ? run(argc, argv) : EXIT_USAGE;
        fflush(stdout);
        fflush(stderr);
        size_t out_len = 0, err_len = 0;
        char *text = slurp(STDOUT_FILENO, &out_len);
        char *msg = slurp(STDERR_FILENO, &err_len);
        bool sent = text != NULL && msg != NULL
                        ? reply(out, status, text, out_len, msg, err_len)
                        : reply(out, EXIT_SYSTEM, "", 0, "ergraph: out of memory\n", 23);
        free(text);
        free(msg);
        free(argv);
        free(buf);
        if (!sent)
            _exit(0);
#ifdef __GLIBC__
        /* A big layout's memory goes back to the system once it is done. */
        malloc_trim(0);
#endif
    }
}

serve_pool *serve_pool_start(erg_graph *g, size_t n, size_t queue)
{
    serve_pool *p = calloc(1, sizeof(*p));
    if (p == NULL || n == 0)
        goto fail;
    p->w = calloc(n, sizeof(*p->w));
    if (p->w == NULL)
        goto fail;
    p->queue = queue;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->freed, NULL);
    for (size_t i = 0; i < n; i++) {
        int to[2], from[2];
        if (pipe(to) != 0)
            goto fail;
        if (pipe(from) != 0) {
            close(to[0]);
            close(to[1]);
            goto fail;
        }
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid < 0) {
            close(to[0]);
            close(to[1]);
            close(from[0]);
            close(from[1]);
            goto fail;
        }
        if (pid == 0) {
            /* The server's ends, and the other workers' pipes. */
            for (size_t k = 0; k < i; k++) {
                close(p->w[k].to);
                close(p->w[k].from);
            }
            close(to[1]);
            close(from[0]);
            /* A Ctrl-C on the terminal is the server's to handle: it
             * ends the workers once their command is done. */
            signal(SIGINT, SIG_IGN);
            signal(SIGHUP, SIG_IGN);
            signal(SIGPIPE, SIG_DFL);
            sigset_t none;
            sigemptyset(&none);
            sigprocmask(SIG_SETMASK, &none, NULL);
            cli_preload(g);
            worker_main(to[0], from[1]);
            _exit(0);
        }
        close(to[0]);
        close(from[1]);
        p->w[i] = (worker){pid, to[1], from[0], false, false};
        p->n++;
    }
    return p;
fail:
    if (p != NULL && p->w != NULL) {
        serve_pool_stop(p);
        return NULL;
    }
    free(p);
    return NULL;
}

size_t serve_pool_size(const serve_pool *p)
{
    return p->n;
}

/* A free worker, or NULL; under the lock. */
static worker *free_worker(serve_pool *p, bool *all_dead)
{
    *all_dead = true;
    for (size_t i = 0; i < p->n; i++) {
        if (p->w[i].dead)
            continue;
        *all_dead = false;
        if (!p->w[i].busy)
            return &p->w[i];
    }
    return NULL;
}

int serve_pool_run(serve_pool *p, char *const *argv, serve_result *r)
{
    memset(r, 0, sizeof(*r));
    size_t len = 0;
    for (size_t i = 0; argv[i] != NULL; i++)
        len += strlen(argv[i]) + 1;
    if (len == 0 || len > REQUEST_MAX)
        return -1;
    char *msg = malloc(sizeof(uint32_t) + len);
    if (msg == NULL)
        return -1;
    uint32_t len32 = (uint32_t)len;
    memcpy(msg, &len32, sizeof(len32));
    size_t at = sizeof(len32);
    for (size_t i = 0; argv[i] != NULL; i++) {
        size_t n = strlen(argv[i]) + 1;
        memcpy(msg + at, argv[i], n);
        at += n;
    }

    pthread_mutex_lock(&p->lock);
    bool all_dead;
    worker *w = free_worker(p, &all_dead);
    if (w == NULL && !all_dead && p->waiting >= p->queue) {
        pthread_mutex_unlock(&p->lock);
        free(msg);
        return 1;
    }
    p->waiting++;
    while (w == NULL && !all_dead) {
        pthread_cond_wait(&p->freed, &p->lock);
        w = free_worker(p, &all_dead);
    }
    p->waiting--;
    if (w != NULL)
        w->busy = true;
    pthread_mutex_unlock(&p->lock);
    if (w == NULL) {
        free(msg);
        return -1;
    }

    int32_t status = 0;
    uint64_t lens[2];
    bool ok = write_all(w->to, msg, at) && read_all(w->from, &status, sizeof(status)) &&
              read_all(w->from, lens, sizeof(lens)) && lens[0] < SIZE_MAX && lens[1] < SIZE_MAX;
    free(msg);
    if (ok) {
        r->out = malloc(lens[0] + 1);
        r->err = malloc(lens[1] + 1);
        ok = r->out != NULL && r->err != NULL && read_all(w->from, r->out, lens[0]) &&
             read_all(w->from, r->err, lens[1]);
        if (ok) {
            r->out_len = lens[0];
            r->err_len = lens[1];
            r->out[r->out_len] = '\0';
            r->err[r->err_len] = '\0';
            r->status = status;
        }
    }
    pthread_mutex_lock(&p->lock);
    w->busy = false;
    /* A worker that failed mid-answer is out of step: never used again. */
    if (!ok)
        w->dead = true;
    pthread_cond_broadcast(&p->freed);
    pthread_mutex_unlock(&p->lock);
    if (!ok) {
        serve_result_release(r);
        return -1;
    }
    return 0;
}

void serve_result_release(serve_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof(*r));
}

void serve_pool_stop(serve_pool *p)
{
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->n; i++) {
        close(p->w[i].to);
        close(p->w[i].from);
    }
    /* Each ends at the closed pipe once its command is done; one still at
     * work after five seconds is told to stop. */
    struct timespec step = {0, 10 * 1000 * 1000};
    for (int tries = 0; tries < 500; tries++) {
        bool left = false;
        for (size_t i = 0; i < p->n; i++) {
            if (p->w[i].pid > 0 && waitpid(p->w[i].pid, NULL, WNOHANG) == p->w[i].pid)
                p->w[i].pid = 0;
            left |= p->w[i].pid > 0;
        }
        if (!left)
            break;
        nanosleep(&step, NULL);
    }
    for (size_t i = 0; i < p->n; i++) {
        if (p->w[i].pid > 0) {
            kill(p->w[i].pid, SIGTERM);
            while (waitpid(p->w[i].pid, NULL, 0) < 0 && errno == EINTR)
                ;
        }
    }
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->freed);
    free(p->w);
    free(p);
}
