/* madvise(MADV_DONTNEED): glibc makes posix_madvise's DONTNEED a no-op. */
#define _DEFAULT_SOURCE
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"

/* ---- A mapped file that shrinks while it is read --------------------- */

/*
 * Reading a page of a mapping past the end of its file raises SIGBUS: the
 * file was truncated after it was mapped (another program rewriting it).
 * While a mapped input is open, a SIGBUS handler is installed: a fault
 * inside one of the mapped inputs puts zero-filled memory in place of the
 * mapping from the faulting page to its end, notes that the input changed
 * and returns, so that the reader goes on over NUL bytes (which no JSON
 * holds) to an error, and the loader then reports the change instead
 * (erg_input_changed()). Any other SIGBUS goes to the handler that was
 * there before, or ends the process as it would have. Reading is not
 * slowed: nothing runs until a fault.
 */
#define GUARD_SLOTS 64

static _Atomic uintptr_t guard_start[GUARD_SLOTS], guard_end[GUARD_SLOTS];
static atomic_bool guard_hit[GUARD_SLOTS];
static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t guard_users;
static struct sigaction guard_old;
static size_t guard_page;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
    uintptr_t at = (uintptr_t)si->si_addr;
    for (size_t i = 0; i < GUARD_SLOTS; i++) {
        uintptr_t start = atomic_load(&guard_start[i]), end = atomic_load(&guard_end[i]);
        if (start == 0 || at < start || at >= end)
            continue;
        uintptr_t page = at & ~(uintptr_t)(guard_page - 1);
        void *p = mmap((void *)page, end - page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                       -1, 0);
        if (p != MAP_FAILED) {
            atomic_store(&guard_hit[i], true);
            return;
        }
        break;
    }
    /* Not ours: whatever would have happened without us. */
    if ((guard_old.sa_flags & SA_SIGINFO) && guard_old.sa_sigaction != NULL) {
        guard_old.sa_sigaction(sig, si, uc);
    } else if (guard_old.sa_handler != SIG_DFL && guard_old.sa_handler != SIG_IGN) {
        guard_old.sa_handler(sig);
    } else {
        /* Back to the default action; the faulting read, run again on
         * return, raises it once more. */
        signal(sig, SIG_DFL);
    }
}

/* The slot of a mapping of [data, data + len), -1 when all are taken (the
 * input is then read instead of mapped). */
static int guard_add(const char *data, size_t len)
{
    int slot = -1;
    pthread_mutex_lock(&guard_lock);
    for (int i = 0; i < GUARD_SLOTS && slot < 0; i++) {
        if (atomic_load(&guard_start[i]) == 0)
            slot = i;
    }
    if (slot >= 0 && guard_users == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = on_bus;
        sa.sa_flags = SA_SIGINFO | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        guard_page = (size_t)sysconf(_SC_PAGESIZE);
        if (sigaction(SIGBUS, &sa, &guard_old) != 0)
            slot = -1;
    }
    if (slot >= 0) {
        guard_users++;
        atomic_store(&guard_hit[slot], false);
        atomic_store(&guard_end[slot], (uintptr_t)data + len);
        atomic_store(&guard_start[slot], (uintptr_t)data);
    }
    pthread_mutex_unlock(&guard_lock);
    return slot;
}

static int guard_find(const char *data)
{
    for (int i = 0; i < GUARD_SLOTS; i++) {
        if (atomic_load(&guard_start[i]) == (uintptr_t)data)
            return i;
    }
    return -1;
}

static void guard_remove(const char *data)
{
    pthread_mutex_lock(&guard_lock);
    int slot = guard_find(data);
    if (slot >= 0) {
        atomic_store(&guard_start[slot], 0);
        atomic_store(&guard_end[slot], 0);
        if (--guard_users == 0)
            sigaction(SIGBUS, &guard_old, NULL);
    }
    pthread_mutex_unlock(&guard_lock);
}

bool erg_input_changed(const char *data, bool mapped)
{
    if (!mapped)
        return false;
    int slot = guard_find(data);
    return slot >= 0 && atomic_load(&guard_hit[slot]);
}

/* Whether text that begins with data[0..n) can still be JSON (UTF-8, or
 * UTF-16/32 for the loader to name): 1 yes, 0 no, -1 not known yet. *from
 * is where the white space so far ends, kept between calls. */
static int may_be_json(const unsigned char *data, size_t n, size_t *from)
{
    size_t i = *from;
    while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    *from = i;
    if (i == n)
        return -1;
    if (data[i] == 0) { /* UTF-16 or UTF-32 big-endian: never four NULs */
        if (n - i < 4)
            return -1;
        return data[i + 1] != 0 || data[i + 2] != 0 || data[i + 3] != 0;
    }
    return strchr("{[\"-0123456789tfn\xEF\xFE\xFF", data[i]) != NULL;
}

/*
 * Reads fd to its end; `hint` is the expected size. A stream (standard
 * input, a pipe, a device) stops at ERG_STREAM_MAX bytes (ERG_EIO with
 * errno EFBIG) and, with `json`, as soon as its first bytes cannot begin
 * JSON: the loader then says what is wrong with what was read, instead of
 * reading /dev/zero or /dev/urandom until memory is gone.
 */
static erg_status read_all(int fd, size_t hint, bool stream, bool json, char **out, size_t *len)
{
    size_t cap = hint + 1, n = 0, blank = 0;
    int json_start = json ? -1 : 1;
    char *data = erg_malloc(cap);
    if (data == NULL)
        return ERG_ENOMEM;
    for (;;) {
        if (stream && n > ERG_STREAM_MAX) {
            erg_free(data);
            errno = EFBIG;
            return ERG_EIO;
        }
        if (n == cap && erg_grow((void **)&data, &cap, cap + 1, 1) != ERG_OK) {
            erg_free(data);
            return ERG_ENOMEM;
        }
        ssize_t got = read(fd, data + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int saved = errno;
            erg_free(data);
            errno = saved;
            return ERG_EIO;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (json_start < 0 && (json_start = may_be_json((unsigned char *)data, n, &blank)) == 0)
            break;
    }
    *out = data;
    *len = n;
    return ERG_OK;
}

/* Below this, copying is as cheap as mapping and never leaves a mapping
 * behind for a tiny file. */
#define MAP_MIN (64 * 1024)

static erg_status open_input(const char *path, char **out, size_t *len, bool *mapped,
                             const char **why)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    erg_status rc;
    *why = NULL;
    if (fd < 0 || fstat(fd, &st) != 0) {
        *why = strerror(errno);
        rc = ERG_EIO;
        goto done;
    }
    if (S_ISDIR(st.st_mode)) {
        *why = "is a directory";
        rc = ERG_EIO;
        goto done;
    }
    if (mapped != NULL && S_ISREG(st.st_mode) && st.st_size >= MAP_MIN &&
        (uintmax_t)st.st_size <= SIZE_MAX) {
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED && guard_add(p, (size_t)st.st_size) < 0) {
            munmap(p, (size_t)st.st_size);
            p = MAP_FAILED;
        }
        if (p != MAP_FAILED) {
            /* Read front to back: ask for generous read-ahead. */
            madvise(p, (size_t)st.st_size, MADV_SEQUENTIAL);
            *out = p;
            *len = (size_t)st.st_size;
            *mapped = true;
            rc = ERG_OK;
            goto done;
        }
    }
    bool stream = !S_ISREG(st.st_mode);
    rc = read_all(fd, stream ? 65536 : (size_t)st.st_size, stream, stream && mapped != NULL, out,
                  len);
    if (rc == ERG_EIO)
        *why = stream && errno == EFBIG ? "more than 1 GiB from a stream (standard input, a pipe "
                                          "or a device), the most ergraph reads from one: save "
                                          "it as a file"
                                        : strerror(errno);
done:
    if (fd >= 0 && !is_stdin)
        close(fd);
    return rc;
}

erg_status erg_read_file(const char *path, char **out, size_t *len, const char **why)
{
    return open_input(path, out, len, NULL, why);
}

erg_status erg_input_open(const char *path, char **out, size_t *len, bool *mapped, const char **why)
{
    *mapped = false;
    return open_input(path, out, len, mapped, why);
}

void erg_input_close(char *data, size_t len, bool mapped)
{
    if (mapped) {
        guard_remove(data);
        munmap(data, len);
    } else
        erg_free(data);
}

void erg_input_release(const char *data, size_t len, bool mapped, size_t from, size_t to)
{
    if (!mapped || to > len)
        return;
    /* Whole pages inside [from, to) only: a page shared with bytes still
     * to be read stays. */
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uintptr_t start = ((uintptr_t)(data + from) + page - 1) & ~(uintptr_t)(page - 1);
    uintptr_t end = (uintptr_t)(data + to) & ~(uintptr_t)(page - 1);
    if (end > start)
        madvise((void *)start, end - start, MADV_DONTNEED);
}
