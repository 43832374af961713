/*
 * Writing output files without ever leaving a half-written one.
 *
 * A regular file (or a name that does not exist yet) is written to a
 * temporary file in the same directory, synced, and renamed over the target:
 * the rename is atomic within a file system, so a reader sees the old file
 * or the new one, and a failure (a full disk, a kill) leaves the old one.
 * Anything else that exists (a terminal, /dev/null, a FIFO, a device) cannot
 * be renamed over and is written in place.
 */
/* realpath() is an XSI extension of POSIX. */
#define _XOPEN_SOURCE 700

#include "ergraph/output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

static erg_status fail(erg_diags *diags, const char *path, const char *what, int err)
{
    erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "%s: %s", what, strerror(err));
    return ERG_EIO;
}

/* Writes everything, retrying short writes and EINTR; 0 or an errno. */
static int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        /* Some systems fail writes over INT_MAX bytes. */
        size_t chunk = len > (size_t)1 << 30 ? (size_t)1 << 30 : len;
        ssize_t n = write(fd, p, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno;
        if (n == 0)
            return EIO;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* A close() that reports errors (NFS reports write errors only there). */
static int close_checked(int fd)
{
    if (close(fd) != 0 && errno != EINTR)
        return errno;
    return 0;
}

static erg_status write_stdout(const void *data, size_t len, erg_diags *diags)
{
    int err = write_all(STDOUT_FILENO, data, len);
    if (err != 0) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "standard output: cannot write: %s",
                      strerror(err));
        return ERG_EIO;
    }
    return ERG_OK;
}

/* Devices, FIFOs, sockets: no O_CREAT, no O_TRUNC (meaningless or refused). */
static erg_status write_in_place(const char *path, const void *data, size_t len, erg_diags *diags)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail(diags, path, "cannot open", errno);
    int err = write_all(fd, data, len);
    int cerr = close_checked(fd);
    if (err == 0)
        err = cerr;
    if (err != 0)
        return fail(diags, path, "cannot write", err);
    return ERG_OK;
}

/*
 * Opens a new file "DIR/.NAME.XXXXXX" with O_EXCL. Not mkstemp(): that
 * creates mode 0600, and fixing it afterwards needs the umask, which can
 * only be read by changing it. Creating with 0666 lets the kernel apply the
 * umask and any default ACL, as for any new file. Returns the descriptor
 * or -1 with errno set; the name is left in `tmp`.
 */
static int create_temp(erg_buf *tmp, const char *dir, size_t dir_len, const char *name)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static unsigned counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40);
    for (int attempt = 0; attempt < 100; attempt++) {
        x ^= (uint64_t)++counter * 0x9E3779B97F4A7C15u;
        tmp->len = 0;
        erg_buf_put(tmp, dir, dir_len);
        erg_buf_printf(tmp, "/.%s.", name);
        for (int i = 0; i < 6; i++) {
            /* xorshift64: enough to avoid collisions, not a secret. */
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            erg_buf_putc(tmp, chars[x % (sizeof(chars) - 1)]);
        }
        if (tmp->failed) {
            errno = ENOMEM;
            return -1;
        }
        int fd = open(tmp->data, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

/*
 * Replaces (or creates) the regular file `path` through a temporary file.
 * `old` is the existing file's status, NULL when it does not exist.
 */
static erg_status write_replace(const char *path, const struct stat *old, const void *data,
                                size_t len, erg_diags *diags)
{
    erg_status rc = ERG_EIO;
    erg_buf tmp = ERG_BUF_INIT;
    int fd = -1;
    bool created = false;

    /* The temporary file must be in the target's directory: rename() does
     * not cross file systems. */
    const char *slash = strrchr(path, '/');
    const char *dir = slash == NULL ? "." : slash == path ? "/" : path;
    size_t dir_len = slash == NULL ? 1 : slash == path ? 1 : (size_t)(slash - path);
    const char *name = slash == NULL ? path : slash + 1;
    if (name[0] == '\0') {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "is a directory");
        goto done;
    }
    fd = create_temp(&tmp, dir, dir_len, name);
    if (fd < 0) {
        if (errno == ENOMEM) {
            rc = ERG_ENOMEM;
            goto done;
        }
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "cannot create a file in %.*s: %s",
                      (int)dir_len, dir, strerror(errno));
        goto done;
    }
    created = true;
    int err = write_all(fd, data, len);
    if (err != 0) {
        fail(diags, path, "cannot write", err);
        goto done;
    }
    /* The new file keeps the old one's permissions; ownership follows the
     * writer, as for any program that replaces a file by renaming. */
    if (old != NULL && fchmod(fd, old->st_mode & 07777) != 0) {
        fail(diags, path, "cannot set permissions", errno);
        goto done;
    }
    /* Without it, a crash soon after the rename can leave an empty file on
     * some file systems (ext4 delayed allocation). */
    if (fsync(fd) != 0) {
        fail(diags, path, "cannot write", errno);
        goto done;
    }
    err = close_checked(fd);
    fd = -1;
    if (err != 0) {
        fail(diags, path, "cannot write", err);
        goto done;
    }
    if (rename(tmp.data, path) != 0) {
        fail(diags, path, "cannot replace", errno);
        goto done;
    }
    created = false;
    rc = ERG_OK;
done:
    if (fd >= 0)
        close(fd);
    if (created)
        unlink(tmp.data);
    erg_buf_release(&tmp);
    return rc;
}

erg_status erg_output_write(const char *path, const void *data, size_t len, erg_diags *diags)
{
    struct stat st, lst;
    if (path == NULL || strcmp(path, "-") == 0)
        return write_stdout(data, len, diags);
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return fail(diags, path, "cannot write", errno);
        /* Renaming over a dangling symbolic link would replace the link,
         * where a shell's redirection would create its target: say so
         * rather than choose. */
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
            erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL,
                          "is a symbolic link to a file that does not exist");
            return ERG_EIO;
        }
        return write_replace(path, NULL, data, len, diags);
    }
    if (S_ISDIR(st.st_mode)) {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "is a directory");
        return ERG_EIO;
    }
    if (!S_ISREG(st.st_mode))
        return write_in_place(path, data, len, diags);
    /* Replace the file a symbolic link points to, not the link itself. */
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char real[PATH_MAX];
        if (realpath(path, real) == NULL)
            return fail(diags, path, "cannot write", errno);
        return write_replace(real, &st, data, len, diags);
    }
    return write_replace(path, &st, data, len, diags);
}

erg_status erg_output_check_not_input(const char *path, const char *const *inputs, size_t count,
                                      erg_diags *diags)
{
    struct stat out, in;
    if (path == NULL || strcmp(path, "-") == 0 || stat(path, &out) != 0)
        return ERG_OK;
    for (size_t i = 0; i < count; i++) {
        if (inputs[i] == NULL || strcmp(inputs[i], "-") == 0 || stat(inputs[i], &in) != 0)
            continue;
        if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
            erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL,
                          "refusing to overwrite the input file %s", inputs[i]);
            return ERG_EUSAGE;
        }
    }
    return ERG_OK;
}
