/*
 * Diagnostics: the errors and warnings that a load or a check produces,
 * each with its place in the input. The library never prints; callers print
 * these.
 */
#ifndef ERGRAPH_DIAG_H
#define ERGRAPH_DIAG_H

#include <stddef.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A note explains a result (an empty selection, say) and is not a problem. */
typedef enum erg_severity { ERG_NOTE = 0, ERG_WARNING = 1, ERG_ERROR = 2 } erg_severity;

typedef struct erg_diag {
    erg_severity severity;
    const char *file; /* as the caller named it; NULL when not about a file */
    long line;        /* 1-based; 0 when unknown */
    long column;      /* 1-based, in characters; 0 when unknown */
    const char *path; /* JSON path of the value ("$.entities[2].id"), or NULL */
    const char *message;
} erg_diag;

typedef struct erg_diags erg_diags;

/* A new empty list; NULL when out of memory. Free with erg_diags_free(). */
ERG_API erg_diags *erg_diags_new(void);
ERG_API void erg_diags_free(erg_diags *diags);

ERG_API size_t erg_diags_count(const erg_diags *diags);
ERG_API size_t erg_diags_error_count(const erg_diags *diags);
/* Borrowed, valid until the list is freed or cleared. */
ERG_API const erg_diag *erg_diags_get(const erg_diags *diags, size_t i);
ERG_API void erg_diags_clear(erg_diags *diags);

/*
 * Adds a diagnostic; copies every string. Returns ERG_ENOMEM when it cannot.
 * A list keeps at most ERG_DIAGS_MAX diagnostics. Past that, an error takes
 * the place of the last note or else the last warning (errors are never
 * hidden behind warnings), a warning that of the last note; what cannot be
 * kept is counted: erg_diags_dropped() says how many in all,
 * erg_diags_dropped_of() how many of one severity.
 */
#define ERG_DIAGS_MAX 100
ERG_API erg_status erg_diags_add(erg_diags *diags, erg_severity severity, const char *file,
                                 long line, long column, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
ERG_API size_t erg_diags_dropped(const erg_diags *diags);
ERG_API size_t erg_diags_dropped_of(const erg_diags *diags, erg_severity severity);

/*
 * "FILE:LINE:COLUMN: PATH: message", with "warning: " or "note: " before the
 * message of a warning or a note, and the parts that are unknown left out. Caller frees with
 * erg_free(); NULL when out of memory.
 */
ERG_API char *erg_diag_format(const erg_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
