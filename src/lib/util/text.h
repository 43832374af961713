/* Internal: UTF-8 helpers. */
#ifndef ERG_TEXT_H
#define ERG_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/*
 * Appends s[0..len) to out with letters folded to lower case: ASCII,
 * Latin-1, Latin Extended-A, Greek and Cyrillic. Other bytes are copied.
 */
void erg_text_fold(erg_buf *out, const char *s, size_t len);

/* Whether s[0..len) is well-formed UTF-8. */
bool erg_text_valid_utf8(const char *s, size_t len);

/* Number of characters (code points) in s[0..len): the bytes that are not
 * UTF-8 continuation bytes. */
size_t erg_text_char_count(const char *s, size_t len);

/* Levenshtein distance between a and b, or limit + 1 if it exceeds limit. */
size_t erg_text_distance(const char *a, const char *b, size_t limit);

#endif
