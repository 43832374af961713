/* madvise(MADV_DONTNEED): glibc makes posix_madvise's DONTNEED a no-op. */
#define _DEFAULT_SOURCE
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/busguard.h"

/* ---- A mapped file that shrinks while it is read --------------------- */

/*
 * A mapped input is guarded (util/busguard.h) in zero-fill mode: a fault
 * past the new end of a truncated file reads NUL bytes, which no JSON
 * holds, so the reader goes on to an error and the loader then reports
 * the change instead (erg_input_changed()).
 */

bool erg_input_changed(const char *data, bool mapped)
{
    if (!mapped)
        return false;
    return erg_bus_guard_hit(data);
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
        if (p != MAP_FAILED && !erg_bus_guard_add(p, (size_t)st.st_size, NULL, NULL)) {
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
        erg_bus_guard_remove(data);
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
