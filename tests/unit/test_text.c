/* Unit tests of the small internal modules: dates, text, JSON positions,
 * hash maps, the arena and the buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/date.h"
#include "util/intmap.h"
#include "load/jsonpos.h"
#include "util/strmap.h"
#include "util/text.h"

static void test_date__valid_and_invalid(void **state)
{
    (void)state;
    erg_date_span a, b;
    assert_true(erg_date_parse("2003", &a));
    assert_true(erg_date_parse("2003-12-31", &b));
    assert_true(a.last == b.first);
    assert_true(erg_date_parse("2003-01", &b));
    assert_true(a.first == b.first);
    assert_true(b.last - b.first == 30);
    assert_true(erg_date_parse("2004-02-29", NULL));
    assert_true(erg_date_parse("2000-02-29", NULL));
    assert_false(erg_date_parse("1900-02-29", NULL));
    assert_false(erg_date_parse("2003-02-29", NULL));
    assert_false(erg_date_parse("2003-13", NULL));
    assert_false(erg_date_parse("2003-00", NULL));
    assert_false(erg_date_parse("2003-04-31", NULL));
    assert_false(erg_date_parse("03", NULL));
    assert_false(erg_date_parse("2003-1-01", NULL));
    assert_false(erg_date_parse("2003-01-01T00", NULL));
    assert_false(erg_date_parse("", NULL));
    assert_true(erg_date_parse("0000", NULL));
}

static void test_text__fold_many_scripts(void **state)
{
    (void)state;
    erg_buf b = ERG_BUF_INIT;
    const char *in = "FSB Ünïcode ФСБ ΕΛΛΆΔΑ Łódź Ÿ";
    erg_text_fold(&b, in, strlen(in));
    assert_string_equal(b.data, "fsb ünïcode фсб ελλάδα łódź ÿ");
    erg_buf_release(&b);
    /* Bytes that are not UTF-8 are copied, not lost. */
    erg_text_fold(&b,
                  "A\xff"
                  "B",
                  3);
    assert_memory_equal(b.data,
                        "a\xff"
                        "b",
                        3);
    erg_buf_release(&b);
}

static void test_text__utf8_and_counts(void **state)
{
    (void)state;
    assert_true(erg_text_valid_utf8("héllo 中文 🚀", strlen("héllo 中文 🚀")));
    assert_false(erg_text_valid_utf8("\xc3", 1));
    assert_false(erg_text_valid_utf8("\xed\xa0\x80", 3)); /* a surrogate */
    assert_false(erg_text_valid_utf8("\xc0\xaf", 2));     /* overlong */
    assert_int_equal(erg_text_char_count("héllo", strlen("héllo")), 5);
    assert_int_equal(erg_text_distance("kitten", "sitting", 5), 3);
    assert_int_equal(erg_text_distance("kitten", "sitting", 2), 3); /* limit + 1 */
    assert_int_equal(erg_text_distance("", "abc", 5), 3);
    assert_int_equal(erg_text_distance("same", "same", 0), 0);
}

static void test_text__utf8_decode_and_put(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(erg_utf8_decode("\xf0\x9f\x9a\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F680);
    assert_int_equal(erg_utf8_decode("\xf0\x9f\x9a\x80", 3, &cp), 0); /* cut short */
    assert_int_equal(erg_utf8_decode("\xef\xbf\xbe", 3, &cp), 3);
    assert_int_equal(cp, 0xFFFE);
    assert_int_equal(erg_utf8_decode("\x80", 1, &cp), 0);
    assert_int_equal(erg_utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0); /* past U+10FFFF */
    assert_int_equal(erg_utf8_decode("", 0, &cp), 0);
    erg_buf b = ERG_BUF_INIT;
    uint32_t cps[] = {0x41, 0xE9, 0x4E2D, 0x1F680};
    for (size_t i = 0; i < 4; i++)
        erg_utf8_put(&b, cps[i]);
    erg_buf_putc(&b, '\0');
    assert_string_equal(b.data, "A\xc3\xa9\xe4\xb8\xad\xf0\x9f\x9a\x80");
    erg_buf_release(&b);
}

static void test_text__json_plain_and_script_safe(void **state)
{
    (void)state;
    /* Quote, backslash, the short escapes, other controls and DEL, a
     * <script> end, U+2028, and an em dash (E2 80 94) that stays. */
    static const char in[] = "a\"b\\c\n\r\t\x01\x7f</script>&\xe2\x80\xa8\xe2\x80\x94";
    erg_buf b = ERG_BUF_INIT;
    erg_text_put_json(&b, in, sizeof(in) - 1, false);
    erg_buf_putc(&b, '\0');
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u007f</script>&"
                                "\xe2\x80\xa8\xe2\x80\x94\"");
    erg_buf_release(&b);
    erg_text_put_json(&b, in, sizeof(in) - 1, true);
    erg_buf_putc(&b, '\0');
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u007f\\u003c/script\\u003e"
                                "\\u0026\\u2028\xe2\x80\x94\"");
    erg_buf_release(&b);
    /* A lone E2 at the end, script-safe, goes as it is. */
    erg_text_put_json(&b, "x\xe2", 2, true);
    erg_buf_putc(&b, '\0');
    assert_string_equal(b.data, "\"x\xe2\"");
    erg_buf_release(&b);
}

static void test_text__number_as_javascript_writes_it(void **state)
{
    (void)state;
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {100000.0, "100000"},
        {1e20, "100000000000000000000"},
        {1e21, "1e+21"},
        {0.000001, "0.000001"},
        {1.5e-7, "1.5e-7"},
        {0.1, "0.1"},
        {-3.25, "-3.25"},
        {0.1 + 0.2, "0.30000000000000004"},
        {5e-324, "5e-324"},
        {1.7976931348623157e308, "1.7976931348623157e+308"},
        {-0.0, "0"},
        {123456789.125, "123456789.125"},
        {-0.00123, "-0.00123"},
    };
    char text[ERG_NUMBER_MAX];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = erg_text_number(text, cases[i].v);
        assert_string_equal(text, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
    }
    /* Every double reads back as itself (a fixed walk over bit patterns). */
    uint64_t bits = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 20000; i++) {
        bits ^= bits << 13, bits ^= bits >> 7, bits ^= bits << 17;
        double v;
        memcpy(&v, &bits, sizeof(v));
        if (v != v || v - v != 0)
            continue;
        erg_text_number(text, v);
        assert_true(strtod(text, NULL) == v);
    }
}

static void test_jsonpos__locate_and_lines(void **state)
{
    (void)state;
    const char *t = "{\"a\": [1, {\"b\": \"x\\\"}\"}, 3],\n \"c d\": {\"k\\u0065y\": true}}";
    size_t len = strlen(t);
    erg_path p = {{{"a", 0}, {NULL, 1}, {"b", 0}}, 3};
    size_t at = erg_json_locate(t, len, 0, &p, 0, false);
    assert_int_equal(t[at], '"');
    assert_memory_equal(t + at, "\"x\\\"}\"", 6);
    erg_path q = {{{"c d", 0}, {"key", 0}}, 2};
    at = erg_json_locate(t, len, 0, &q, 0, false);
    assert_memory_equal(t + at, "true", 4);
    at = erg_json_locate(t, len, 0, &q, 0, true);
    assert_memory_equal(t + at, "\"k\\u0065y\"", 10);
    erg_linecounter lc;
    erg_linecounter_init(&lc, t, len);
    erg_linecol where = erg_linecounter_at(&lc, at);
    assert_int_equal(where.line, 2);
    assert_int_equal(where.column, 10);
    /* Asking for an earlier place starts again. */
    where = erg_linecounter_at(&lc, 1);
    assert_int_equal(where.line, 1);
    assert_int_equal(where.column, 2);
    /* A key that is absent: the deepest value reached. */
    erg_path r = {{{"a", 0}, {NULL, 7}}, 2};
    at = erg_json_locate(t, len, 0, &r, 0, false);
    assert_int_equal(t[at], '[');
    erg_buf b = ERG_BUF_INIT;
    erg_path_format(&b, &q);
    assert_string_equal(b.data, "$[\"c d\"].key");
    erg_buf_release(&b);
}

static void test_strmap__insert_find_grow(void **state)
{
    (void)state;
    erg_strmap m = ERG_STRMAP_INIT;
    char keys[1000][8];
    for (int i = 0; i < 1000; i++) {
        snprintf(keys[i], sizeof(keys[i]), "k%d", i);
        bool added;
        erg_strmap_slot *s = erg_strmap_insert(&m, keys[i], strlen(keys[i]), (uint32_t)i, &added);
        assert_non_null(s);
        assert_true(added);
    }
    bool added;
    assert_int_equal(erg_strmap_insert(&m, "k5", 2, 99, &added)->value, 5);
    assert_false(added);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(erg_strmap_find(&m, keys[i], strlen(keys[i]))->value, i);
    assert_null(erg_strmap_find(&m, "k1000", 5));
    assert_null(erg_strmap_find(&m, "k1", 1)); /* a prefix is another key */
    erg_strmap_release(&m);
}

static void test_intmap__put_get(void **state)
{
    (void)state;
    erg_intmap m = ERG_INTMAP_INIT;
    uint32_t v;
    assert_false(erg_intmap_get(&m, 3, &v));
    for (uint32_t i = 0; i < 5000; i++)
        assert_int_equal(erg_intmap_put(&m, i * 7, i), ERG_OK);
    assert_int_equal(erg_intmap_put(&m, 7, 42), ERG_OK);
    assert_true(erg_intmap_get(&m, 7, &v));
    assert_int_equal(v, 42);
    assert_true(erg_intmap_get(&m, 34993, &v));
    assert_int_equal(v, 4999);
    assert_false(erg_intmap_get(&m, 8, NULL));
    assert_int_equal(m.count, 5000);
    erg_intmap_release(&m);
}

static void test_arena__alignment_and_big_blocks(void **state)
{
    (void)state;
    erg_arena a = ERG_ARENA_INIT;
    char *s = erg_arena_strndup(&a, "abc", 3);
    assert_string_equal(s, "abc");
    void *big = erg_arena_alloc(&a, 1 << 20);
    assert_non_null(big);
    memset(big, 1, 1 << 20);
    double *d = erg_arena_alloc(&a, sizeof(double));
    assert_int_equal((uintptr_t)d % 8, 0);
    assert_string_equal(s, "abc");
    erg_arena_release(&a);
}

static void test_buf__printf_and_detach(void **state)
{
    (void)state;
    erg_buf b = ERG_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        erg_buf_printf(&b, "%d,", i);
    char *s = erg_buf_detach(&b);
    assert_int_equal(strlen(s), 3890);
    assert_memory_equal(s + strlen(s) - 4, "999,", 4);
    erg_free(s);
    assert_null(b.data);
}

static void test_date__first_and_last_day(void **state)
{
    (void)state;
    static const struct {
        const char *partial, *first, *last;
    } cases[] = {
        {"2003", "2003-01-01", "2003-12-31"},    {"2004-02", "2004-02-01", "2004-02-29"},
        {"1900-02", "1900-02-01", "1900-02-28"}, {"2000-02", "2000-02-01", "2000-02-29"},
        {"2003-04", "2003-04-01", "2003-04-30"}, {"2003-08-12", "2003-08-12", "2003-08-12"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char day[11];
        erg_date_first_day(cases[i].partial, day);
        assert_string_equal(day, cases[i].first);
        erg_date_last_day(cases[i].partial, day);
        assert_string_equal(day, cases[i].last);
        /* The same days as the parser's span. */
        erg_date_span span, first, last;
        assert_true(erg_date_parse(cases[i].partial, &span));
        assert_true(erg_date_parse(cases[i].first, &first));
        assert_true(erg_date_parse(cases[i].last, &last));
        assert_true(span.first == first.first && span.last == last.last);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date__valid_and_invalid),
        cmocka_unit_test(test_date__first_and_last_day),
        cmocka_unit_test(test_text__fold_many_scripts),
        cmocka_unit_test(test_text__utf8_and_counts),
        cmocka_unit_test(test_text__utf8_decode_and_put),
        cmocka_unit_test(test_text__json_plain_and_script_safe),
        cmocka_unit_test(test_text__number_as_javascript_writes_it),
        cmocka_unit_test(test_jsonpos__locate_and_lines),
        cmocka_unit_test(test_strmap__insert_find_grow),
        cmocka_unit_test(test_intmap__put_get),
        cmocka_unit_test(test_arena__alignment_and_big_blocks),
        cmocka_unit_test(test_buf__printf_and_detach),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
