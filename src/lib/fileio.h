/* Internal: reading whole files. */
#ifndef ERG_FILEIO_H
#define ERG_FILEIO_H

#include <stddef.h>

#include "ergraph/common.h"

/*
 * Reads all of `path` ("-": standard input) into a buffer the caller frees
 * with erg_free(). On ERG_EIO, *why is a static phrase ("is a directory") or
 * strerror's text.
 */
erg_status erg_read_file(const char *path, char **out, size_t *len, const char **why);

#endif
