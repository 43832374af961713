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
#include <signal.h>
#include <stdbool.h>
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

#include "util/alloc.h"
#include "util/buf.h"
#include "util/output_parts.h"
#include "util/text.h"

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

/* Writes the parts one after another; 0 or an errno. */
static int write_parts(int fd, const erg_output_part *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int err = write_all(fd, parts[i].data, parts[i].len);
        if (err != 0)
            return err;
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

static erg_status write_stdout(const erg_output_part *parts, size_t n, erg_diags *diags)
{
    int err = write_parts(STDOUT_FILENO, parts, n);
    if (err != 0) {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "standard output: cannot write: %s",
                      strerror(err));
        return ERG_EIO;
    }
    return ERG_OK;
}

/* Devices, FIFOs, sockets: no O_CREAT, no O_TRUNC (meaningless or refused). */
static erg_status write_in_place(const char *path, const erg_output_part *parts, size_t n,
                                 erg_diags *diags)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail(diags, path, "cannot open", errno);
    int err = write_parts(fd, parts, n);
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

enum output_kind { TO_STDOUT, IN_PLACE, REPLACE };

struct erg_output {
    enum output_kind kind;
    char *path; /* the file written or replaced (a symbolic link's target) */
    bool had_old;
    struct stat old; /* the file replaced, when had_old */
    int fd;          /* the temporary file (REPLACE) */
    char *tmp;       /* its name */
    /* Read by erg_output_abandon() in a signal handler. */
    volatile sig_atomic_t tmp_exists;
};

/*
 * Creates the temporary file for `path` in its directory (rename() does not
 * cross file systems).
 */
static erg_status open_replace(erg_output *o, erg_diags *diags)
{
    const char *path = o->path;
    const char *slash = strrchr(path, '/');
    const char *dir = slash == NULL ? "." : slash == path ? "/" : path;
    size_t dir_len = slash == NULL ? 1 : slash == path ? 1 : (size_t)(slash - path);
    const char *name = slash == NULL ? path : slash + 1;
    erg_buf tmp = ERG_BUF_INIT;
    erg_status rc = ERG_EIO;
    if (name[0] == '\0') {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "is a directory");
        goto done;
    }
    o->fd = create_temp(&tmp, dir, dir_len, name);
    if (o->fd < 0) {
        if (errno == ENOMEM) {
            rc = ERG_ENOMEM;
            goto done;
        }
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "cannot create a file in %.*s: %s",
                      (int)dir_len, dir, strerror(errno));
        goto done;
    }
    /* The buffer's bytes, NUL-terminated, become the name: no allocation
     * that could fail now that the file exists. */
    o->tmp = tmp.data;
    tmp = (erg_buf)ERG_BUF_INIT;
    o->tmp_exists = 1;
    rc = ERG_OK;
done:
    erg_buf_release(&tmp);
    return rc;
}

/* Finds what kind of output `path` is; ERG_OK or ERG_EIO with a diagnostic. */
static erg_status classify(erg_output *o, const char *path, erg_diags *diags)
{
    struct stat st, lst;
    if (path == NULL || strcmp(path, "-") == 0) {
        o->kind = TO_STDOUT;
        return ERG_OK;
    }
    if (path[0] == '\0') {
        erg_diags_add(diags, ERG_ERROR, NULL, 0, 0, NULL, "the output file name is empty");
        return ERG_EUSAGE;
    }
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
        o->kind = REPLACE;
        return (o->path = erg_strdup(path)) != NULL ? ERG_OK : ERG_ENOMEM;
    }
    if (S_ISDIR(st.st_mode)) {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "is a directory");
        return ERG_EIO;
    }
    if (!S_ISREG(st.st_mode)) {
        o->kind = IN_PLACE;
        return (o->path = erg_strdup(path)) != NULL ? ERG_OK : ERG_ENOMEM;
    }
    o->kind = REPLACE;
    o->had_old = true;
    o->old = st;
    /* Replace the file a symbolic link points to, not the link itself. */
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char real[PATH_MAX];
        if (realpath(path, real) == NULL)
            return fail(diags, path, "cannot write", errno);
        return (o->path = erg_strdup(real)) != NULL ? ERG_OK : ERG_ENOMEM;
    }
    return (o->path = erg_strdup(path)) != NULL ? ERG_OK : ERG_ENOMEM;
}

erg_status erg_output_open(erg_output **out, const char *path, erg_diags *diags)
{
    *out = NULL;
    erg_output *o = erg_calloc(1, sizeof(*o));
    if (o == NULL)
        return ERG_ENOMEM;
    o->fd = -1;
    erg_status rc = classify(o, path, diags);
    if (rc == ERG_OK && o->kind == REPLACE)
        rc = open_replace(o, diags);
    if (rc != ERG_OK) {
        erg_output_free(o);
        return rc;
    }
    *out = o;
    return ERG_OK;
}

void erg_output_abandon(erg_output *o)
{
    /* Only async-signal-safe calls here. */
    if (o != NULL && o->tmp_exists) {
        o->tmp_exists = 0;
        unlink(o->tmp);
    }
}

/* Fills the temporary file and renames it over the target. */
static erg_status commit_replace(erg_output *o, const erg_output_part *parts, size_t n,
                                 erg_diags *diags)
{
    const char *path = o->path;
    if (!o->tmp_exists) {
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "the output was abandoned");
        return ERG_EIO;
    }
    int err = write_parts(o->fd, parts, n);
    if (err != 0)
        return fail(diags, path, "cannot write", err);
    /* The new file keeps the old one's permissions; ownership follows the
     * writer, as for any program that replaces a file by renaming. */
    if (o->had_old && fchmod(o->fd, o->old.st_mode & 07777) != 0)
        return fail(diags, path, "cannot set permissions", errno);
    /* Without it, a crash soon after the rename can leave an empty file on
     * some file systems (ext4 delayed allocation). */
    if (fsync(o->fd) != 0)
        return fail(diags, path, "cannot write", errno);
    err = close_checked(o->fd);
    o->fd = -1;
    if (err != 0)
        return fail(diags, path, "cannot write", err);
    if (rename(o->tmp, path) != 0)
        return fail(diags, path, "cannot replace", errno);
    o->tmp_exists = 0;
    return ERG_OK;
}

erg_status erg_output_commit_parts(erg_output *o, const erg_output_part *parts, size_t n,
                                   erg_diags *diags)
{
    erg_status rc;
    switch (o->kind) {
    case TO_STDOUT:
        rc = write_stdout(parts, n, diags);
        break;
    case IN_PLACE:
        rc = write_in_place(o->path, parts, n, diags);
        break;
    default:
        rc = commit_replace(o, parts, n, diags);
        break;
    }
    /* Done either way: a failed output is not retried, and its temporary
     * file goes now. */
    erg_output_abandon(o);
    return rc;
}

erg_status erg_output_commit(erg_output *o, const void *data, size_t len, erg_diags *diags)
{
    erg_output_part whole = {data, len};
    return erg_output_commit_parts(o, &whole, 1, diags);
}

void erg_output_free(erg_output *o)
{
    if (o == NULL)
        return;
    erg_output_abandon(o);
    if (o->fd >= 0)
        close(o->fd);
    erg_free(o->tmp);
    erg_free(o->path);
    erg_free(o);
}

erg_status erg_output_write(const char *path, const void *data, size_t len, erg_diags *diags)
{
    erg_output *o = NULL;
    erg_status rc = erg_output_open(&o, path, diags);
    if (rc == ERG_OK)
        rc = erg_output_commit(o, data, len, diags);
    erg_output_free(o);
    return rc;
}

erg_status erg_output_check_not_input(const char *path, const char *const *inputs, size_t count,
                                      erg_diags *diags)
{
    struct stat out, in;
    /* Only a regular file is replaced; a terminal or a FIFO that is also
     * read is written in place, as a shell would. */
    if (path == NULL || strcmp(path, "-") == 0 || stat(path, &out) != 0 || !S_ISREG(out.st_mode))
        return ERG_OK;
    for (size_t i = 0; i < count; i++) {
        if (inputs[i] == NULL)
            continue;
        /* "-" is standard input: whatever file the shell opened there
         * (`-o in.json - < in.json`, `-o /dev/stdin`). */
        bool is_stdin = strcmp(inputs[i], "-") == 0;
        if ((is_stdin ? fstat(STDIN_FILENO, &in) : stat(inputs[i], &in)) != 0)
            continue;
        if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
            if (is_stdin)
                erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL,
                              "refusing to overwrite the input file read from standard input");
            else
                erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL,
                              "refusing to overwrite the input file %s", inputs[i]);
            return ERG_EUSAGE;
        }
    }
    return ERG_OK;
}

char *erg_json_quote(const char *s, unsigned flags)
{
    erg_buf b = ERG_BUF_INIT;
    if (s == NULL)
        erg_buf_puts(&b, "null");
    else
        erg_text_put_json(&b, s, strlen(s), (flags & ERG_JSON_SCRIPT_SAFE) != 0);
    erg_buf_putc(&b, '\0');
    return erg_buf_detach(&b);
}

int erg_json_fputs(const char *s, unsigned flags, FILE *f)
{
    if (s == NULL)
        return fputs("null", f);
    size_t len = strlen(s), at = 0;
    bool ok = fputc('"', f) != EOF;
    while (ok && at < len) {
        size_t from = at;
        char esc[7];
        size_t run = erg_text_json_step(s, len, &at, esc, (flags & ERG_JSON_SCRIPT_SAFE) != 0);
        ok = run > 0 ? fwrite(s + from, 1, run, f) == run : fputs(esc, f) != EOF;
    }
    return ok && fputc('"', f) != EOF ? 0 : EOF;
}
