/*
 * Internal: partial ISO 8601 dates ("2003", "2003-08", "2003-08-12"), each
 * read as the interval of days it covers.
 */
#ifndef ERG_DATE_H
#define ERG_DATE_H

#include <stdbool.h>

typedef struct erg_date_span {
    long first, last; /* days since 0000-03-01, inclusive */
} erg_date_span;

/* Whether s is a valid partial date; if so, stores the days it covers. */
bool erg_date_parse(const char *s, erg_date_span *out);

/* A valid partial date's first and last day (YYYY-MM-DD) in out[11]:
 * "2004" gives 2004-01-01 and 2004-12-31, "2004-02" 2004-02-29. */
void erg_date_first_day(const char *partial, char out[11]);
void erg_date_last_day(const char *partial, char out[11]);

#endif
