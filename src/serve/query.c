#include "query.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filter_opts.h"

#define JOIN '\x1f'

static const struct option filter_options[] = {CLI_FILTER_LONGOPTS, {NULL, 0, NULL, 0}};

static int fail(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes s[0..n) ('+' is a space, %XX a byte) into a new string; NULL
 * with a reason in err for a bad escape or a control character. */
static char *decode(const char *s, size_t n, bool *nomem, char *err, size_t errlen)
{
    char *out = malloc(n + 1);
    if (out == NULL) {
        *nomem = true;
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int hi = i + 2 < n ? hex(s[i + 1]) : -1;
            int lo = i + 2 < n ? hex(s[i + 2]) : -1;
            if (hi < 0 || lo < 0) {
                free(out);
                fail(err, errlen, "a bad %%-escape in the query");
                return NULL;
            }
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (c < 0x20 || c == 0x7f) {
            free(out);
            fail(err, errlen, "a control character in the query");
            return NULL;
        }
        out[k++] = (char)c;
    }
    out[k] = '\0';
    return out;
}

static bool push(serve_query *q, char *arg)
{
    if (q->count + 1 >= q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        char **args = realloc(q->args, cap * sizeof(*args));
        if (args == NULL)
            return false;
        q->args = args;
        q->cap = cap;
    }
    q->args[q->count++] = arg;
    q->args[q->count] = NULL;
    return true;
}

/* "--key=value", or "--key" when value is NULL. */
static char *option_arg(const char *key, const char *value)
{
    size_t n = 2 + strlen(key) + (value ? 1 + strlen(value) : 0) + 1;
    char *s = malloc(n);
    if (s != NULL)
        snprintf(s, n, "--%s%s%s", key, value ? "=" : "", value ? value : "");
    return s;
}

/* Appends value to a '\x1f'-joined list. */
static bool join(char **list, const char *value)
{
    size_t old = *list ? strlen(*list) + 1 : 0;
    char *s = realloc(*list, old + strlen(value) + 1);
    if (s == NULL)
        return false;
    if (old > 0)
        s[old - 1] = JOIN;
    memcpy(s + old, value, strlen(value) + 1);
    *list = s;
    return true;
}

static bool is_name_key(const char *key)
{
    return strcmp(key, "around") == 0 || strcmp(key, "exclude") == 0 ||
           strcmp(key, "between") == 0 || strcmp(key, "connect") == 0 ||
           strcmp(key, "component") == 0;
}

static int own_key(serve_query *q, const char *key, char *value, char *err, size_t errlen)
{
    char **slot = strcmp(key, "format") == 0 ? &q->format
                  : strcmp(key, "name") == 0 ? &q->name
                  : strcmp(key, "q") == 0    ? &q->q
                  : strcmp(key, "page") == 0 ? &q->page
                                             : NULL;
    if (slot == NULL)
        return 1;
    if (*slot != NULL)
        return fail(err, errlen, "%s= given twice", key);
    *slot = value;
    return 0;
}

int serve_query_parse(serve_query *q, const char *qs, size_t len, char *err, size_t errlen)
{
    memset(q, 0, sizeof(*q));
    char *between = NULL, *connect = NULL;
    size_t keys = 0;
    int status = 0;
    if (len > SERVE_QUERY_MAX_LENGTH) {
        status = fail(err, errlen, "the query is longer than %d bytes", SERVE_QUERY_MAX_LENGTH);
        goto done;
    }
    for (size_t at = 0; at < len;) {
        const char *amp = memchr(qs + at, '&', len - at);
        size_t end = amp ? (size_t)(amp - qs) : len;
        const char *eq = memchr(qs + at, '=', end - at);
        size_t key_end = eq ? (size_t)(eq - qs) : end;
        if (end == at) {
            at = end + 1;
            continue; /* "a=1&&b=2" */
        }
        if (++keys > SERVE_QUERY_MAX_KEYS) {
            status = fail(err, errlen, "more than %d keys in the query", SERVE_QUERY_MAX_KEYS);
            goto done;
        }
        bool nomem = false;
        char *key = decode(qs + at, key_end - at, &nomem, err, errlen);
        char *value =
            key ? decode(eq ? eq + 1 : qs + end, eq ? end - key_end - 1 : 0, &nomem, err, errlen)
                : NULL;
        at = end + 1;
        if (value == NULL) {
            free(key);
            status = nomem ? -2 : -1;
            goto done;
        }
        int own = own_key(q, key, value, err, errlen);
        if (own <= 0) {
            free(key);
            if (own < 0) {
                free(value);
                status = -1;
                goto done;
            }
            continue;
        }
        if (strcmp(key, "download") == 0) {
            q->download = strcmp(value, "0") != 0 && strcmp(value, "false") != 0;
            free(key);
            free(value);
            continue;
        }
        const struct option *o = filter_options;
        while (o->name != NULL && strcmp(o->name, key) != 0)
            o++;
        if (o->name == NULL) {
            status = fail(err, errlen, "unknown query key '%.64s='", key);
            free(key);
            free(value);
            goto done;
        }
        if (is_name_key(key) && ++q->names > SERVE_QUERY_MAX_NAMES) {
            status = fail(err, errlen, "more than %d names in the query", SERVE_QUERY_MAX_NAMES);
            free(key);
            free(value);
            goto done;
        }
        char *arg = NULL;
        bool ok = true;
        if (o->has_arg == no_argument) {
            if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0) {
                free(key);
                free(value);
                continue;
            }
            if (value[0] != '\0' && strcmp(value, "1") != 0 && strcmp(value, "true") != 0) {
                status =
                    fail(err, errlen, "%s= takes no value, or 1 or 0, not '%.64s'", key, value);
                free(key);
                free(value);
                goto done;
            }
            ok = (arg = option_arg(key, NULL)) != NULL && push(q, arg);
        } else if (strcmp(key, "between") == 0) {
            ok = join(&between, value);
        } else if (strcmp(key, "connect") == 0) {
            ok = join(&connect, value);
        } else {
            ok = (arg = option_arg(key, value)) != NULL && push(q, arg);
        }
        if (!ok)
            free(arg);
        free(key);
        free(value);
        if (!ok) {
            status = -2;
            goto done;
        }
    }
    /* The names of between and connect go as one argument, joined as
     * cli_filter_prepare_argv joins the command line's. */
    for (int i = 0; i < 2; i++) {
        char *list = i ? connect : between;
        if (list == NULL)
            continue;
        char *arg = option_arg(i ? "connect" : "between", list);
        if (arg == NULL || !push(q, arg)) {
            free(arg);
            status = -2;
            goto done;
        }
    }
done:
    free(between);
    free(connect);
    return status;
}

void serve_query_release(serve_query *q)
{
    for (size_t i = 0; i < q->count; i++)
        free(q->args[i]);
    free(q->args);
    free(q->format);
    free(q->name);
    free(q->q);
    free(q->page);
    memset(q, 0, sizeof(*q));
}

char *serve_query_message(const char *text, size_t len)
{
    /* At most twice as long: "--x" becomes "x=" (shorter). */
    char *out = malloc(len + 1);
    if (out == NULL)
        return NULL;
    size_t k = 0;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + at;
        size_t n = end - at;
        at = end + 1;
        if (n >= 11 && memcmp(line, "Try 'ergra", 10) == 0)
            continue;
        /* "ergraph: " or "ergraph CMD: " */
        size_t skip = 0;
        if (n >= 9 && memcmp(line, "ergraph: ", 9) == 0) {
            skip = 9;
        } else if (n > 8 && memcmp(line, "ergraph ", 8) == 0) {
            size_t w = 8;
            while (w < n && line[w] >= 'a' && line[w] <= 'z')
                w++;
            if (w + 1 < n && line[w] == ':' && line[w + 1] == ' ')
                skip = w + 2;
        }
        line += skip;
        n -= skip;
        if (k > 0)
            out[k++] = '\n';
        for (size_t i = 0; i < n; i++) {
            if (line[i] == '-' && i + 2 < n && line[i + 1] == '-' &&
                (i == 0 || line[i - 1] != '-')) {
                const struct option *o = filter_options;
                size_t w = 0;
                while (i + 2 + w < n && (line[i + 2 + w] == '-' ||
                                         (line[i + 2 + w] >= 'a' && line[i + 2 + w] <= 'z')))
                    w++;
                while (o->name != NULL &&
                       (strlen(o->name) != w || memcmp(o->name, line + i + 2, w) != 0))
                    o++;
                if (o->name != NULL) {
                    memcpy(out + k, o->name, w);
                    k += w;
                    out[k++] = '=';
                    i += 1 + w;
                    continue;
                }
            }
            out[k++] = line[i];
        }
    }
    while (k > 0 && out[k - 1] == '\n')
        k--;
    out[k] = '\0';
    return out;
}
