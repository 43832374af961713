#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_hook.h"

static erg_malloc_fn hook_malloc = malloc;
static erg_realloc_fn hook_realloc = realloc;
static erg_free_fn hook_free = free;

void erg_set_alloc_funcs(erg_malloc_fn m, erg_realloc_fn r, erg_free_fn f)
{
    if (m == NULL || r == NULL || f == NULL) {
        m = malloc;
        r = realloc;
        f = free;
    }
    hook_malloc = m;
    hook_realloc = r;
    hook_free = f;
    erg_json_use_alloc_funcs(m, f);
}

void *erg_malloc(size_t size)
{
    return hook_malloc(size ? size : 1);
}

void *erg_calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = erg_malloc(count * size);
    if (p != NULL)
        memset(p, 0, count * size);
    return p;
}

void *erg_realloc(void *ptr, size_t size)
{
    return hook_realloc(ptr, size ? size : 1);
}

void erg_free(void *ptr)
{
    if (ptr != NULL)
        hook_free(ptr);
}

char *erg_strndup(const char *s, size_t n)
{
    char *copy = erg_malloc(n + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *erg_strdup(const char *s)
{
    return erg_strndup(s, strlen(s));
}

erg_status erg_grow(void **items, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return ERG_OK;
    size_t new_cap = *cap < 8 ? 8 : *cap + *cap / 2;
    if (new_cap < need)
        new_cap = need;
    if (new_cap > SIZE_MAX / size)
        return ERG_ENOMEM;
    void *p = erg_realloc(*items, new_cap * size);
    if (p == NULL)
        return ERG_ENOMEM;
    *items = p;
    *cap = new_cap;
    return ERG_OK;
}

const char *erg_status_str(erg_status status)
{
    switch (status) {
    case ERG_OK:
        return "success";
    case ERG_EDATA:
        return "invalid data";
    case ERG_EUSAGE:
        return "invalid argument";
    case ERG_EIO:
        return "input/output error";
    case ERG_ENOMEM:
        return "out of memory";
    case ERG_ETIMEOUT:
        return "time limit reached";
    case ERG_EGRAPHVIZ:
        return "Graphviz failed";
    case ERG_EINTR:
        return "interrupted";
    }
    return "unknown status";
}

const char *erg_version(void)
{
    return ERG_VERSION;
}
