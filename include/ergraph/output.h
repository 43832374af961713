/*
 * Writing output files so that nothing is lost: a regular file is written
 * to a temporary file beside it and renamed into place only when complete;
 * anything else (standard output, a device, a FIFO) is written in place.
 */
#ifndef ERGRAPH_OUTPUT_H
#define ERGRAPH_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

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
ERG_API erg_status erg_output_write(const char *path, const void *data, size_t len,
                                    erg_diags *diags);

/*
 * The same in steps, for a program that does its work between them:
 *
 *   erg_output_open()    before the work: finds what `path` is and, for a
 *                        regular file or a new name, creates the temporary
 *                        file now, so that a missing or read-only folder is
 *                        reported before any work is done;
 *   erg_output_commit()  writes the data and renames the temporary file
 *                        into place (once; the output is finished after);
 *   erg_output_free()    removes the temporary file if it is still there.
 *
 * erg_output_abandon() removes the temporary file and nothing else, with
 * async-signal-safe calls only: a SIGINT or SIGTERM handler calls it so that
 * an interrupted program leaves no file behind.
 */
typedef struct erg_output erg_output;

/* *out is the output (free with erg_output_free()), NULL on failure:
 * ERG_EIO with a diagnostic, ERG_EUSAGE (with one) for an empty name, or
 * ERG_ENOMEM. */
ERG_API erg_status erg_output_open(erg_output **out, const char *path, erg_diags *diags);
/* As erg_output_write() for the path given to erg_output_open(). */
ERG_API erg_status erg_output_commit(erg_output *o, const void *data, size_t len, erg_diags *diags);
ERG_API void erg_output_abandon(erg_output *o);
ERG_API void erg_output_free(erg_output *o);

/*
 * ERG_EUSAGE, with a diagnostic, when `path` names one of the `count` input
 * files (the same file under any name; "-" is whatever standard input
 * reads); ERG_OK otherwise. Pass every file the command reads.
 */
ERG_API erg_status erg_output_check_not_input(const char *path, const char *const *inputs,
                                              size_t count, erg_diags *diags);

/* Flags of erg_json_quote(). */
enum {
    /* '<', '>', '&', U+2028 and U+2029 as \u escapes too: the string can
     * stand inside a <script> element or any HTML, whatever it holds. */
    ERG_JSON_SCRIPT_SAFE = 1
};

/*
 * s as a quoted JSON string, the way every output of ergraph writes one:
 * '"' and '\\' escaped, newline, return and tab as \\n \\r \\t, other control
 * characters and DEL as \\u00XX, everything else as it is. NULL gives "null".
 * The result is freed with erg_free(); NULL when out of memory.
 */
ERG_API char *erg_json_quote(const char *s, unsigned flags);

/* The same written to f without allocating; as fputs(), EOF on error. */
ERG_API int erg_json_fputs(const char *s, unsigned flags, FILE *f);

#ifdef __cplusplus
}
#endif
#endif
