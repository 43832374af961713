/* Internal: reading whole files. */
#ifndef ERG_FILEIO_H
#define ERG_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "ergraph/common.h"

/*
 * Reads all of `path` ("-": standard input) into a buffer the caller frees
 * with erg_free(). On ERG_EIO, *why is a static phrase ("is a directory") or
 * strerror's text.
 */
erg_status erg_read_file(const char *path, char **out, size_t *len, const char **why);

/* The most read from a stream (standard input, a pipe, a device): 1 GiB;
 * a regular file has no limit. Tests may lower it. */
#ifndef ERG_STREAM_MAX
#define ERG_STREAM_MAX ((size_t)1 << 30)
#endif

/*
 * The bytes of `path` for reading: a regular file of some size is mapped
 * (*mapped true) rather than copied, so that its pages are the page
 * cache's and can be let go behind the reader with erg_input_release();
 * anything else (standard input, a pipe, an empty or /proc file) is read
 * into memory, up to ERG_STREAM_MAX bytes, and only until its first
 * bytes cannot begin JSON. Give them back with erg_input_close(). On ERG_EIO, *why is
 * as for erg_read_file(). A mapped file that another program truncates
 * while it is read does not end the process with SIGBUS: what is past its
 * new end reads as NUL bytes, and erg_input_changed() then says so.
 */
erg_status erg_input_open(const char *path, char **out, size_t *len, bool *mapped,
                          const char **why);
void erg_input_close(char *data, size_t len, bool mapped);

/* Whether the mapped input `data` was found shorter than when it was
 * mapped (some of its bytes were then read as NUL). */
bool erg_input_changed(const char *data, bool mapped);

/*
 * Tells the system that bytes [from, to) of a mapped input will not be
 * needed soon: they leave the process's resident memory and come back from
 * the page cache if read again (an error message pointing back at them).
 * Does nothing to memory that is not mapped.
 */
void erg_input_release(const char *data, size_t len, bool mapped, size_t from, size_t to);

#endif
