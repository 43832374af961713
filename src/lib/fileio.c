#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

/* Reads fd to its end; `hint` is the expected size. */
static erg_status read_all(int fd, size_t hint, char **out, size_t *len)
{
    size_t cap = hint + 1, n = 0;
    char *data = erg_malloc(cap);
    if (data == NULL)
        return ERG_ENOMEM;
    for (;;) {
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
    }
    *out = data;
    *len = n;
    return ERG_OK;
}

erg_status erg_read_file(const char *path, char **out, size_t *len, const char **why)
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
    rc = read_all(fd, S_ISREG(st.st_mode) ? (size_t)st.st_size : 65536, out, len);
    if (rc == ERG_EIO)
        *why = strerror(errno);
done:
    if (fd >= 0 && !is_stdin)
        close(fd);
    return rc;
}
