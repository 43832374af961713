/* Internal: UTF-8 helpers. */
#ifndef ERG_TEXT_H
#define ERG_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/*
 * The one UTF-8 decoder of the library: the length of the well-formed
 * sequence at s[0..len), with its code point in *cp; 0 when it is ill-formed
 * (a stray continuation byte, an overlong form, a surrogate, past U+10FFFF,
 * cut short by len) or len is 0.
 */
size_t erg_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Appends code point c (at most U+10FFFF) as UTF-8. */
void erg_utf8_put(erg_buf *out, uint32_t c);

/*
 * The one JSON string writer of the library: appends s[0..len) to out as a
 * quoted JSON string. '"' and '\\' are escaped, newline, return and tab as
 * \\n \\r \\t, other C0 controls and DEL as \\u00XX. With `script_safe`,
 * '<', '>', '&', U+2028 and U+2029 are \\u escapes too, so that the string
 * can stand inside a <script> element or any HTML whatever it holds.
 */
void erg_text_put_json(erg_buf *out, const char *s, size_t len, bool script_safe);

/* Its one step, for writers to other sinks: from s[*at] (*at < len), either
 * the length of a run of bytes that go as they are, or 0 with their escape,
 * a string, in esc; *at moves past what was consumed. */
size_t erg_text_json_step(const char *s, size_t len, size_t *at, char esc[7], bool script_safe);

/* Room for any number erg_text_number() writes, with its NUL. */
#define ERG_NUMBER_MAX 32

/*
 * The one number formatter of the library: v in the fewest significant
 * digits that read back as the same double, written as JavaScript writes
 * numbers: without an exponent from 1e-6 up to 1e21 (100000, 0.000001,
 * 3.25), with one outside (1e+21, 1.5e-7). Returns the length written.
 */
size_t erg_text_number(char out[ERG_NUMBER_MAX], double v);

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
