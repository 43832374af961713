/*
 * Writing output files so that nothing is lost: a regular file is written
 * to a temporary file beside it and renamed into place only when complete;
 * anything else (standard output, a device, a FIFO) is written in place.
 */
#ifndef ERGRAPH_OUTPUT_H
#define ERGRAPH_OUTPUT_H

#include <stddef.h>

#include "common.h"
#include "diag.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes data[0..len) to `path` (NULL or "-": standard output). On failure
 * the target is left as it was and a diagnostic names the path and the
 * reason. Returns ERG_OK, ERG_EIO, or ERG_ENOMEM (no diagnostic).
 */
erg_status erg_output_write(const char *path, const void *data, size_t len, erg_diags *diags);

/*
 * ERG_EUSAGE, with a diagnostic, when `path` names one of the `count` input
 * files (the same file under any name); ERG_OK otherwise.
 */
erg_status erg_output_check_not_input(const char *path, const char *const *inputs, size_t count,
                                      erg_diags *diags);

#ifdef __cplusplus
}
#endif
#endif
