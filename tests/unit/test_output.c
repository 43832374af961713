/* Unit tests of output files: replaced whole or not at all. */
/* mknod() and makedev() for a /dev/full of our own. */
#define _DEFAULT_SOURCE
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include <cmocka.h>
#include <ergraph/ergraph.h>

typedef struct fixture {
    char dir[64];
    char path[128];
    erg_diags *diags;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return -1;
    snprintf(f->dir, sizeof(f->dir), "/tmp/erg_output_XXXXXX");
    if (mkdtemp(f->dir) == NULL)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/out.svg", f->dir);
    f->diags = erg_diags_new();
    *state = f;
    return f->diags != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    if (d != NULL) {
        struct dirent *e;
        char p[512];
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(f->dir);
    erg_diags_free(f->diags);
    free(f);
    return 0;
}

/* Number of entries in dir besides . and .. */
static int entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    }
    closedir(d);
    return n;
}

static void assert_content(const char *path, const char *expected)
{
    char buf[256] = {0};
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    assert_int_equal(n, strlen(expected));
    assert_string_equal(buf, expected);
}

static const char *first_message(const erg_diags *diags)
{
    assert_true(erg_diags_count(diags) > 0);
    return erg_diags_get(diags, 0)->message;
}

static void test_output__new_file(void **state)
{
    fixture *f = *state;
    mode_t old = umask(027);
    erg_status rc = erg_output_write(f->path, "hello", 5, f->diags);
    umask(old);
    assert_int_equal(rc, ERG_OK);
    assert_content(f->path, "hello");
    struct stat st;
    assert_int_equal(stat(f->path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640); /* the umask applies, not 0600 */
    assert_int_equal(entries(f->dir), 1);
}

static void test_output__replace_keeps_mode(void **state)
{
    fixture *f = *state;
    assert_int_equal(erg_output_write(f->path, "old text", 8, f->diags), ERG_OK);
    assert_int_equal(chmod(f->path, 0604), 0);
    struct stat before, after;
    assert_int_equal(stat(f->path, &before), 0);
    assert_int_equal(erg_output_write(f->path, "new", 3, f->diags), ERG_OK);
    assert_content(f->path, "new");
    assert_int_equal(stat(f->path, &after), 0);
    assert_int_equal(after.st_mode & 07777, 0604);
    assert_true(after.st_ino != before.st_ino); /* renamed into place */
    assert_int_equal(entries(f->dir), 1);
    assert_int_equal(erg_diags_count(f->diags), 0);
}

static void test_output__through_symlink(void **state)
{
    fixture *f = *state;
    char link[160];
    snprintf(link, sizeof(link), "%s/link.svg", f->dir);
    assert_int_equal(erg_output_write(f->path, "old", 3, f->diags), ERG_OK);
    assert_int_equal(symlink("out.svg", link), 0);
    assert_int_equal(erg_output_write(link, "new", 3, f->diags), ERG_OK);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* the link stays a link */
    assert_content(f->path, "new");
    assert_int_equal(entries(f->dir), 2);
}

static void test_output__empty_data(void **state)
{
    fixture *f = *state;
    assert_int_equal(erg_output_write(f->path, "", 0, f->diags), ERG_OK);
    assert_content(f->path, "");
}

static void test_output__dev_null(void **state)
{
    fixture *f = *state;
    assert_int_equal(erg_output_write("/dev/null", "data", 4, f->diags), ERG_OK);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode)); /* still the device */
}

/* A full disk: a write to the device fails with ENOSPC and nothing is left
 * behind in the directory. */
static void test_output__full_device(void **state)
{
    fixture *f = *state;
    char full[160];
    snprintf(full, sizeof(full), "%s/full", f->dir);
    if (mknod(full, S_IFCHR | 0666, makedev(1, 7)) != 0) {
        print_message("mknod: %s: skipped\n", strerror(errno));
        skip();
    }
    assert_int_equal(erg_output_write(full, "data", 4, f->diags), ERG_EIO);
    const erg_diag *d = erg_diags_get(f->diags, 0);
    assert_string_equal(d->file, full);
    assert_string_equal(d->message, "cannot write: No space left on device");
    assert_int_equal(entries(f->dir), 1);
}

static void test_output__missing_directory(void **state)
{
    fixture *f = *state;
    char path[160];
    snprintf(path, sizeof(path), "%s/no/such/out.svg", f->dir);
    assert_int_equal(erg_output_write(path, "data", 4, f->diags), ERG_EIO);
    assert_non_null(strstr(first_message(f->diags), "No such file or directory"));
    assert_string_equal(erg_diags_get(f->diags, 0)->file, path);
}

static void test_output__directory(void **state)
{
    fixture *f = *state;
    assert_int_equal(erg_output_write(f->dir, "data", 4, f->diags), ERG_EIO);
    assert_string_equal(first_message(f->diags), "is a directory");
    assert_int_equal(entries(f->dir), 0);
}

/* A failure after the temporary file exists leaves the target as it was:
 * here the directory refuses new files (not as root, who may write anyway). */
static void test_output__failure_keeps_target(void **state)
{
    fixture *f = *state;
    assert_int_equal(erg_output_write(f->path, "old", 3, f->diags), ERG_OK);
    if (geteuid() == 0) {
        print_message("running as root: skipped\n");
        skip();
    }
    assert_int_equal(chmod(f->dir, 0500), 0);
    erg_status rc = erg_output_write(f->path, "new", 3, f->diags);
    chmod(f->dir, 0700);
    assert_int_equal(rc, ERG_EIO);
    assert_content(f->path, "old");
    assert_int_equal(entries(f->dir), 1);
}

/* A write that fails half-way (here past the file size limit, as a full
 * disk would) removes the temporary file and keeps the old content. */
static void test_output__write_error_keeps_target(void **state)
{
    fixture *f = *state;
    assert_int_equal(erg_output_write(f->path, "old", 3, f->diags), ERG_OK);
    char big[4096];
    memset(big, 'x', sizeof(big));
    struct rlimit saved, lim;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    lim = saved;
    lim.rlim_cur = 100;
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
    erg_status rc = erg_output_write(f->path, big, sizeof(big), f->diags);
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, old_handler);
    assert_int_equal(rc, ERG_EIO);
    assert_string_equal(first_message(f->diags), "cannot write: File too large");
    assert_content(f->path, "old");
    assert_int_equal(entries(f->dir), 1);
}

static void test_output__dangling_symlink(void **state)
{
    fixture *f = *state;
    char link[160];
    snprintf(link, sizeof(link), "%s/link.svg", f->dir);
    assert_int_equal(symlink("nowhere.svg", link), 0);
    assert_int_equal(erg_output_write(link, "x", 1, f->diags), ERG_EIO);
    assert_int_equal(entries(f->dir), 1);
}

static void test_output__stdout(void **state)
{
    fixture *f = *state;
    int fd = open(f->path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    assert_int_equal(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
    erg_status a = erg_output_write(NULL, "one ", 4, f->diags);
    erg_status b = erg_output_write("-", "two", 3, f->diags);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(fd);
    assert_int_equal(a, ERG_OK);
    assert_int_equal(b, ERG_OK);
    assert_content(f->path, "one two");
}

static void test_output__check_not_input(void **state)
{
    fixture *f = *state;
    char hard[160], soft[160], other[160], missing[160];
    snprintf(hard, sizeof(hard), "%s/hard.json", f->dir);
    snprintf(soft, sizeof(soft), "%s/soft.json", f->dir);
    snprintf(other, sizeof(other), "%s/other.json", f->dir);
    snprintf(missing, sizeof(missing), "%s/missing.svg", f->dir);
    assert_int_equal(erg_output_write(f->path, "{}", 2, f->diags), ERG_OK);
    assert_int_equal(erg_output_write(other, "{}", 2, f->diags), ERG_OK);
    assert_int_equal(link(f->path, hard), 0);
    assert_int_equal(symlink("out.svg", soft), 0);

    const char *inputs[] = {other, "-", hard};
    assert_int_equal(erg_output_check_not_input(f->path, inputs, 3, f->diags), ERG_EUSAGE);
    const erg_diag *d = erg_diags_get(f->diags, 0);
    assert_string_equal(d->file, f->path);
    char expected[256];
    snprintf(expected, sizeof(expected), "refusing to overwrite the input file %s", hard);
    assert_string_equal(d->message, expected);

    const char *via_link[] = {soft};
    assert_int_equal(erg_output_check_not_input(f->path, via_link, 1, f->diags), ERG_EUSAGE);
    assert_int_equal(erg_output_check_not_input(soft, inputs + 2, 1, f->diags), ERG_EUSAGE);

    erg_diags_clear(f->diags);
    assert_int_equal(erg_output_check_not_input(other, inputs + 2, 1, f->diags), ERG_OK);
    assert_int_equal(erg_output_check_not_input(missing, inputs, 3, f->diags), ERG_OK);
    assert_int_equal(erg_output_check_not_input("-", inputs, 3, f->diags), ERG_OK);
    assert_int_equal(erg_output_check_not_input(NULL, inputs, 3, f->diags), ERG_OK);
    assert_int_equal(erg_diags_count(f->diags), 0);
}

/* In steps: the temporary file exists from erg_output_open() on, so a
 * signal handler can remove it; the target appears only at the commit. */
static void test_output__open_commit(void **state)
{
    fixture *f = *state;
    erg_output *o = NULL;
    assert_int_equal(erg_output_open(&o, f->path, f->diags), ERG_OK);
    assert_int_equal(entries(f->dir), 1); /* the temporary file, hidden */
    assert_int_equal(access(f->path, F_OK), -1);
    assert_int_equal(erg_output_commit(o, "done", 4, f->diags), ERG_OK);
    erg_output_free(o);
    assert_content(f->path, "done");
    assert_int_equal(entries(f->dir), 1);
}

/* Abandoned (as a signal handler does) or freed unused: nothing is left,
 * and the old file is untouched. */
static void test_output__abandon(void **state)
{
    fixture *f = *state;
    assert_int_equal(erg_output_write(f->path, "old", 3, f->diags), ERG_OK);
    erg_output *o = NULL;
    assert_int_equal(erg_output_open(&o, f->path, f->diags), ERG_OK);
    assert_int_equal(entries(f->dir), 2);
    erg_output_abandon(o);
    assert_int_equal(entries(f->dir), 1);
    erg_output_abandon(o); /* twice is harmless, as in a handler */
    assert_int_equal(erg_output_commit(o, "new", 3, f->diags), ERG_EIO);
    assert_string_equal(first_message(f->diags), "the output was abandoned");
    erg_output_free(o);
    assert_content(f->path, "old");

    assert_int_equal(erg_output_open(&o, f->path, f->diags), ERG_OK);
    erg_output_free(o);
    assert_int_equal(entries(f->dir), 1);
    assert_content(f->path, "old");
}

/* A folder that is missing is reported by erg_output_open(), before any
 * work is done. */
static void test_output__open_missing_directory(void **state)
{
    fixture *f = *state;
    char path[160];
    snprintf(path, sizeof(path), "%s/no/out.svg", f->dir);
    erg_output *o = (erg_output *)1;
    assert_int_equal(erg_output_open(&o, path, f->diags), ERG_EIO);
    assert_null(o);
    assert_non_null(strstr(first_message(f->diags), "No such file or directory"));
    assert_int_equal(entries(f->dir), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_output__new_file),
        T(test_output__replace_keeps_mode),
        T(test_output__through_symlink),
        T(test_output__empty_data),
        T(test_output__dev_null),
        T(test_output__full_device),
        T(test_output__missing_directory),
        T(test_output__directory),
        T(test_output__failure_keeps_target),
        T(test_output__write_error_keeps_target),
        T(test_output__dangling_symlink),
        T(test_output__stdout),
        T(test_output__check_not_input),
        T(test_output__open_commit),
        T(test_output__abandon),
        T(test_output__open_missing_directory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
