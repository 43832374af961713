/*
 * Reading relationship files: the only module that calls jansson.
 *
 * A file is never held as one JSON tree. A small scanner walks the top-level
 * object; the big arrays (entities, relationships, sources) are parsed one
 * element at a time with json_loadb(JSON_DISABLE_EOF_CHECK), turned into the
 * graph's compact records and dropped at once. jansson then costs memory in
 * proportion to one element, not to the file, and positions stay exact: an
 * element's byte offset is known, and jansson's error positions are relative
 * to it.
 */
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/date.h"
#include "util/fileio.h"
#include "load/json_arena.h"
#include "load/loader_impl.h"
#include "load/split.h"
#include "util/text.h"

/* How much of a mapped file is let go at a time, behind the parser. */
#define RELEASE_STEP ((size_t)8 << 20)

#define ELEMENT_FLAGS (JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK | JSON_DECODE_ANY)

/*
 * jansson's allocator is the parse arena (json_arena.h), which passes what
 * it does not serve to the allocator installed before it: jansson's own
 * malloc and free, or the hook's (erg_set_alloc_funcs), or a host
 * program's. Installed at the first load; a parse made while another
 * allocator has replaced it since goes without the arena.
 */
static void use_json_alloc_funcs(erg_malloc_fn m, erg_free_fn f)
{
    erg_json_arena_set_outer(m, f);
    json_set_alloc_funcs(erg_json_arena_malloc, erg_json_arena_free);
}

static void install_arena(void)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    if (m != erg_json_arena_malloc)
        use_json_alloc_funcs(m, f);
}

static bool arena_in_place(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    static pthread_mutex_t hook_lock = PTHREAD_MUTEX_INITIALIZER;
    static unsigned hook_generation_seen;
    pthread_once(&once, install_arena);
    /* The hook was set (erg_set_alloc_funcs) since the last load: jansson
     * gets the allocator that never hands it a NULL, behind the arena. */
    pthread_mutex_lock(&hook_lock);
    unsigned generation = erg_alloc_generation();
    if (generation != hook_generation_seen) {
        hook_generation_seen = generation;
        use_json_alloc_funcs(erg_json_malloc, erg_json_free);
    }
    pthread_mutex_unlock(&hook_lock);
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    return m == erg_json_arena_malloc;
}

/* The value of this thread's last parse when it lives in the arena: it is
 * dropped with the arena, not by a walk of json_decref(). */
static ERG_THREAD_LOCAL json_t *arena_value;

static void drop(json_t *v)
{
    if (v != NULL && v == arena_value)
        arena_value = NULL;
    else
        json_decref(v);
}

/* Everything a conversion needs to say where a problem is. */
typedef struct elem_ctx {
    erg_loader *l;
    size_t in;   /* input index */
    size_t base; /* byte offset of the element */
    erg_path path;
} elem_ctx;

static void push_key(elem_ctx *c, const char *key)
{
    c->path.steps[c->path.depth].key = key;
    c->path.depth++;
}

static void push_index(elem_ctx *c, size_t index)
{
    c->path.steps[c->path.depth].key = NULL;
    c->path.steps[c->path.depth].index = index;
    c->path.depth++;
}

static void pop(elem_ctx *c)
{
    c->path.depth--;
}

#define ELEM_BASE_DEPTH 2 /* "$.entities[3]" leads to the element */

#define problem(c, sev, at_key, ...)                                                               \
    erg_loader_report((c)->l, (sev), (c)->in, (c)->base, ELEM_BASE_DEPTH, &(c)->path, (at_key),    \
                      __VA_ARGS__)

static const char *kind_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "a value";
}

static void oom(erg_loader *l)
{
    l->out_of_memory = true;
}

/* Interns a JSON string's bytes; NULL (and out of memory noted) on failure. */
static const char *intern(elem_ctx *c, const json_t *s)
{
    const char *p = erg_graph_intern(c->l->g, json_string_value(s), json_string_length(s));
    if (p == NULL)
        oom(c->l);
    return p;
}

static const char *copy(elem_ctx *c, const json_t *s)
{
    const char *p = erg_graph_copy(c->l->g, json_string_value(s), json_string_length(s));
    if (p == NULL)
        oom(c->l);
    return p;
}

typedef enum { OPTIONAL, REQUIRED } presence;
typedef enum { ANY_STRING, NON_EMPTY, DATE } string_rule;

/*
 * The JSON string at obj[key], checked; NULL when absent or wrong
 * (reported). The caller pushes nothing: messages name the key.
 */
static const json_t *checked_string(elem_ctx *c, const json_t *obj, const char *key, presence pr,
                                    string_rule rule)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL) {
        if (pr == REQUIRED)
            problem(c, ERG_ERROR, false, "missing required key \"%s\"", key);
        return NULL;
    }
    push_key(c, key);
    const json_t *result = NULL;
    /* No string holds a NUL: without JSON_ALLOW_NUL, jansson rejects
     * "\u0000" as a syntax error (see syntax_error). */
    if (!json_is_string(v)) {
        problem(c, ERG_ERROR, false, "\"%s\" must be a string, found %s", key, kind_of(v));
    } else if (rule != ANY_STRING && json_string_length(v) == 0) {
        problem(c, ERG_ERROR, false, "\"%s\" must not be empty", key);
    } else if (rule == DATE && !erg_date_parse(json_string_value(v), NULL)) {
        problem(c, ERG_ERROR, false,
                "\"%s\" is not a valid date: \"%s\" (expected YYYY, YYYY-MM or YYYY-MM-DD)", key,
                json_string_value(v));
    } else {
        result = v;
    }
    pop(c);
    return result;
}

/*
 * The string at obj[key], checked; NULL when absent or wrong (reported).
 * Strings that are compared later are interned; others copied.
 */
static const char *get_string(elem_ctx *c, const json_t *obj, const char *key, presence pr,
                              string_rule rule, bool interned)
{
    const json_t *v = checked_string(c, obj, key, pr, rule);
    if (v == NULL)
        return NULL;
    return interned ? intern(c, v) : copy(c, v);
}

/* A reference to an entity or source id, checked, and the hash of its
 * lookup, which the processor prepares meanwhile. */
typedef struct ref {
    const json_t *v; /* NULL when absent or wrong (reported) */
    uint32_t hash;
} ref;

static const erg_strmap *ref_map(const erg_graph *known, bool entity)
{
    return entity ? &known->ent_by_id : &known->src_by_id;
}

static ref check_ref(elem_ctx *c, const json_t *obj, const char *key, bool entity, presence pr)
{
    ref r = {checked_string(c, obj, key, pr, NON_EMPTY), 0};
    const erg_graph *known = c->l->known;
    if (r.v != NULL && known != NULL)
        r.hash = erg_strmap_prefetch(ref_map(known, entity), json_string_value(r.v),
                                     json_string_length(r.v));
    return r;
}

/*
 * The id of a checked reference: when the id is known already (the usual
 * order: sources, entities, then relationships), its index in *index and
 * the known id's own string, with no lookup left for later and nothing
 * copied; otherwise ERG_NIL and a copy, resolved once every file is in.
 * NULL when absent or wrong.
 */
static const char *ref_id(elem_ctx *c, ref r, bool entity, uint32_t *index)
{
    *index = ERG_NIL;
    if (r.v == NULL)
        return NULL;
    const erg_graph *known = c->l->known;
    const erg_strmap_slot *slot =
        known == NULL ? NULL
                      : erg_strmap_find_hashed(ref_map(known, entity), json_string_value(r.v),
                                               json_string_length(r.v), r.hash);
    if (slot == NULL)
        return copy(c, r.v);
    *index = slot->value;
    return slot->key;
}

/* Warns of unknown keys; returns which known keys are there (bit i for
 * known[i]), so that absent optional keys cost no lookup. */
static uint32_t check_keys(elem_ctx *c, const json_t *obj, const char *what,
                           const char *const *known)
{
    const char *key;
    const json_t *v;
    uint32_t present = 0;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool ok = false;
        for (const char *const *k = known; *k && !ok; k++) {
            ok = (*k)[0] == key[0] && strcmp(*k, key) == 0;
            if (ok)
                present |= 1u << (k - known);
        }
        if (!ok) {
            push_key(c, key);
            problem(c, ERG_WARNING, true, "unknown key \"%s\" in %s", key, what);
            pop(c);
        }
    }
    return present;
}

/* The shortest text of a double that reads back the same. */
static const char *real_text(elem_ctx *c, double d)
{
    char text[ERG_NUMBER_MAX];
    const char *p = erg_graph_intern(c->l->g, text, erg_text_number(text, d));
    if (p == NULL)
        oom(c->l);
    return p;
}

/* Reads "attrs" into *out (an array of attrs the caller owns). */
static void get_attrs(elem_ctx *c, const json_t *obj,
                      void (*add)(elem_ctx *, const erg_attr *, void *), void *arg)
{
    const json_t *attrs = json_object_get(obj, "attrs");
    if (attrs == NULL)
        return;
    push_key(c, "attrs");
    if (!json_is_object(attrs)) {
        problem(c, ERG_ERROR, false, "\"attrs\" must be an object, found %s", kind_of(attrs));
        pop(c);
        return;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)attrs, key, v)
    {
        push_key(c, key);
        erg_attr a = {NULL, NULL, ERG_ATTR_STRING};
        char text[32];
        switch (json_typeof(v)) {
        case JSON_STRING:
            a.text = copy(c, v);
            break;
        case JSON_INTEGER:
            a.kind = ERG_ATTR_INTEGER;
            snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
            a.text = erg_graph_intern(c->l->g, text, strlen(text));
            break;
        case JSON_REAL:
            a.kind = ERG_ATTR_REAL;
            a.text = real_text(c, json_real_value(v));
            break;
        case JSON_TRUE:
        case JSON_FALSE:
            a.kind = ERG_ATTR_BOOL;
            a.text = json_is_true(v) ? "true" : "false";
            break;
        default:
            problem(c, ERG_ERROR, false,
                    "attribute \"%s\" must be a string, number or boolean, found %s", key,
                    kind_of(v));
            pop(c);
            continue;
        }
        a.key = erg_graph_intern(c->l->g, key, strlen(key));
        if (a.key == NULL || a.text == NULL)
            oom(c->l);
        else
            add(c, &a, arg);
        pop(c);
    }
    pop(c);
}

/* Calls each(c, index, item) for each element of the array at obj[key]. */
static void each_in_array(elem_ctx *c, const json_t *obj, const char *key,
                          void (*each)(elem_ctx *, size_t, const json_t *, void *), void *arg)
{
    const json_t *arr = json_object_get(obj, key);
    if (arr == NULL)
        return;
    push_key(c, key);
    if (!json_is_array(arr)) {
        problem(c, ERG_ERROR, false, "\"%s\" must be an array, found %s", key, kind_of(arr));
    } else {
        size_t i;
        const json_t *item;
        json_array_foreach((json_t *)arr, i, item)
        {
            push_index(c, i);
            each(c, i, item, arg);
            pop(c);
        }
    }
    pop(c);
}

/* A non-empty string item of an array, interned; NULL (reported) otherwise. */
static const char *string_item(elem_ctx *c, const json_t *item, const char *what)
{
    if (!json_is_string(item)) {
        problem(c, ERG_ERROR, false, "%s must be a string, found %s", what, kind_of(item));
        return NULL;
    }
    if (json_string_length(item) == 0 ||
        strlen(json_string_value(item)) != json_string_length(item)) {
        problem(c, ERG_ERROR, false, "%s must be a non-empty string without NUL characters", what);
        return NULL;
    }
    return intern(c, item);
}

/* ---- entities ---- */

static erg_owned *pend(elem_ctx *c, erg_owned **arr, size_t *count, size_t *cap, uint32_t owner)
{
    if (erg_grow((void **)arr, cap, *count + 1, sizeof(erg_owned)) != ERG_OK) {
        oom(c->l);
        return NULL;
    }
    erg_owned *o = &(*arr)[(*count)++];
    memset(o, 0, sizeof(*o));
    o->owner = owner;
    o->file = (uint32_t)c->in;
    o->offset = c->base;
    o->elem = (uint32_t)c->path.steps[1].index;
    o->index = c->path.depth > 3 ? c->path.steps[3].index : 0;
    return o;
}

static void add_alias(elem_ctx *c, size_t i, const json_t *item, void *arg)
{
    (void)i;
    const char *s = string_item(c, item, "an alias");
    erg_graph *g = c->l->g;
    if (s == NULL)
        return;
    erg_owned *o =
        pend(c, &g->pend_aliases, &g->pend_alias_count, &g->pend_alias_cap, *(uint32_t *)arg);
    if (o != NULL)
        o->str = s;
}

static void add_entity_source(elem_ctx *c, size_t i, const json_t *item, void *arg)
{
    (void)i;
    const char *s = string_item(c, item, "a source id");
    erg_graph *g = c->l->g;
    if (s == NULL)
        return;
    erg_owned *o =
        pend(c, &g->pend_sources, &g->pend_source_count, &g->pend_source_cap, *(uint32_t *)arg);
    if (o != NULL)
        o->str = s;
}

static void add_entity_attr(elem_ctx *c, const erg_attr *a, void *arg)
{
    erg_graph *g = c->l->g;
    erg_owned *o =
        pend(c, &g->pend_attrs, &g->pend_attr_count, &g->pend_attr_cap, *(uint32_t *)arg);
    if (o != NULL)
        o->attr = *a;
}

static const char *const entity_keys[] = {"id",      "type",  "name",    "aliases",
                                          "country", "attrs", "sources", NULL};

/* Reports a conflict between an entity's field here and in its first definition. */
static void merge_conflict(elem_ctx *c, const erg_entity_rec *first, const char *key,
                           const char *was, const char *now)
{
    erg_path where = {{{"entities", 0}, {NULL, first->elem}, {key, 0}}, 3};
    char *at = erg_loader_where(c->l, first->file, first->offset, 2, &where);
    push_key(c, key);
    problem(c, ERG_ERROR, false,
            "entity \"%s\" has %s \"%s\" here but \"%s\" at %s; merged files must agree", first->id,
            key, now ? now : "(none)", was ? was : "(none)", at ? at : "?");
    pop(c);
    erg_free(at);
}

static void convert_entity(elem_ctx *c, const json_t *v)
{
    erg_graph *g = c->l->g;
    if (!json_is_object(v)) {
        problem(c, ERG_ERROR, false, "an entity must be an object, found %s", kind_of(v));
        return;
    }
    check_keys(c, v, "an entity", entity_keys);
    /* Ids and names are mostly unique: copied, not interned, which would
     * only look each up once more in a table that rarely holds it. */
    const json_t *id_value = checked_string(c, v, "id", REQUIRED, NON_EMPTY);
    const char *type = get_string(c, v, "type", REQUIRED, NON_EMPTY, true);
    const char *name = get_string(c, v, "name", REQUIRED, NON_EMPTY, false);
    const char *country = get_string(c, v, "country", OPTIONAL, NON_EMPTY, true);
    if (type != NULL && !erg_is_entity_type(type)) {
        push_key(c, "type");
        problem(c, ERG_ERROR, false,
                "entity type \"%s\" must be a lower-case word (a-z, then a-z, 0-9, _ or -)", type);
        pop(c);
        type = NULL;
    }
    if (id_value == NULL || type == NULL || name == NULL) {
        /* Already reported: references to it would only repeat the news. */
        const char *id = id_value != NULL ? copy(c, id_value) : NULL;
        bool added;
        if (id != NULL && erg_strmap_insert(&c->l->broken_ids, id, strlen(id), 0, &added) == NULL)
            oom(c->l);
        return;
    }

    uint32_t index;
    const char *id;
    erg_strmap_slot *slot =
        erg_strmap_find(&g->ent_by_id, json_string_value(id_value), json_string_length(id_value));
    bool added = slot == NULL;
    if (added) {
        id = copy(c, id_value);
        if (id == NULL || (slot = erg_strmap_insert(&g->ent_by_id, id, strlen(id),
                                                    (uint32_t)g->ent_count, &added)) == NULL) {
            oom(c->l);
            return;
        }
    } else {
        id = slot->key;
    }
    if (added) {
        if (ERG_GROW(g->ents, g->ent_cap, g->ent_count + 1) != ERG_OK) {
            slot->key = NULL; /* not reachable again: the load fails */
            oom(c->l);
            return;
        }
        index = (uint32_t)g->ent_count++;
        erg_entity_rec *e = &g->ents[index];
        memset(e, 0, sizeof(*e));
        e->id = id;
        e->type = type;
        e->name = name;
        e->country_id = country;
        e->country = ERG_NIL;
        e->file = (uint32_t)c->in;
        e->elem = (uint32_t)c->path.steps[1].index;
        e->offset = c->base;
    } else {
        index = slot->value;
        const erg_entity_rec *first = &g->ents[index];
        if (first->file == c->in) {
            erg_path where = {{{"entities", 0}, {NULL, first->elem}, {"id", 0}}, 3};
            char *at = erg_loader_where(c->l, first->file, first->offset, 2, &where);
            push_key(c, "id");
            problem(c, ERG_ERROR, false, "duplicate entity id \"%s\" (first defined at %s)", id,
                    at ? at : "?");
            pop(c);
            erg_free(at);
            return;
        }
        /* Types and countries are interned: equal strings are equal
         * pointers. Names are copies. */
        if (first->type != type)
            merge_conflict(c, first, "type", first->type, type);
        if (strcmp(first->name, name) != 0)
            merge_conflict(c, first, "name", first->name, name);
        if (first->country_id != country) {
            if (first->country_id == NULL)
                g->ents[index].country_id = country;
            else if (country != NULL)
                merge_conflict(c, first, "country", first->country_id, country);
        }
    }
    each_in_array(c, v, "aliases", add_alias, &index);
    each_in_array(c, v, "sources", add_entity_source, &index);
    get_attrs(c, v, add_entity_attr, &index);
}

/* ---- sources ---- */

static const char *const source_keys[] = {"id",   "title", "publisher",   "author",
                                          "date", "url",   "reliability", NULL};

/* The source's "reliability", interned; NULL when absent or wrong (reported). */
static const char *get_reliability(elem_ctx *c, const json_t *obj)
{
    const json_t *v = json_object_get(obj, "reliability");
    if (v == NULL)
        return NULL;
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (s != NULL && s[0] >= 'A' && s[0] <= 'F' && s[1] == '\0')
        return intern(c, v);
    push_key(c, "reliability");
    if (s != NULL)
        problem(c, ERG_ERROR, false,
                "\"reliability\" must be one of \"A\", \"B\", \"C\", \"D\", \"E\", \"F\" (A "
                "completely reliable ... F cannot be judged), found \"%s\"",
                s);
    else
        problem(c, ERG_ERROR, false,
                "\"reliability\" must be one of \"A\", \"B\", \"C\", \"D\", \"E\", \"F\", "
                "found %s",
                kind_of(v));
    pop(c);
    return NULL;
}

static void convert_source(elem_ctx *c, const json_t *v)
{
    erg_graph *g = c->l->g;
    if (!json_is_object(v)) {
        problem(c, ERG_ERROR, false, "a source must be an object, found %s", kind_of(v));
        return;
    }
    check_keys(c, v, "a source", source_keys);
    erg_source s = {get_string(c, v, "id", REQUIRED, NON_EMPTY, true),
                    get_string(c, v, "title", OPTIONAL, ANY_STRING, true),
                    get_string(c, v, "publisher", OPTIONAL, ANY_STRING, true),
                    get_string(c, v, "author", OPTIONAL, ANY_STRING, true),
                    get_string(c, v, "date", OPTIONAL, DATE, true),
                    get_string(c, v, "url", OPTIONAL, ANY_STRING, true),
                    get_reliability(c, v)};
    if (s.id == NULL)
        return;
    bool added;
    erg_strmap_slot *slot =
        erg_strmap_insert(&g->src_by_id, s.id, strlen(s.id), (uint32_t)g->src_count, &added);
    if (slot == NULL) {
        oom(c->l);
        return;
    }
    if (added) {
        if (ERG_GROW(g->srcs, g->src_cap, g->src_count + 1) != ERG_OK) {
            slot->key = NULL;
            oom(c->l);
            return;
        }
        erg_source_rec *rec = &g->srcs[g->src_count++];
        rec->s = s;
        rec->file = (uint32_t)c->in;
        rec->elem = (uint32_t)c->path.steps[1].index;
        rec->offset = c->base;
        return;
    }
    erg_source_rec *first = &g->srcs[slot->value];
    const char *keys[] = {"title", "publisher", "author", "date", "url", "reliability"};
    const char **was[] = {&first->s.title, &first->s.publisher, &first->s.author,
                          &first->s.date,  &first->s.url,       &first->s.reliability};
    const char *now[] = {s.title, s.publisher, s.author, s.date, s.url, s.reliability};
    erg_path where = {{{"sources", 0}, {NULL, first->elem}, {"id", 0}}, 3};
    char *at = erg_loader_where(c->l, first->file, first->offset, 2, &where);
    if (first->file == c->in) {
        push_key(c, "id");
        problem(c, ERG_ERROR, false, "duplicate source id \"%s\" (first defined at %s)", s.id,
                at ? at : "?");
        pop(c);
    } else {
        for (size_t k = 0; k < 6; k++) {
            if (now[k] == NULL || *was[k] == now[k])
                continue;
            if (*was[k] == NULL) {
                *was[k] = now[k];
                continue;
            }
            push_key(c, keys[k]);
            problem(c, ERG_ERROR, false,
                    "source \"%s\" has %s \"%s\" here but \"%s\" in the source at %s; merged "
                    "files must agree",
                    s.id, keys[k], now[k], *was[k], at ? at : "?");
            pop(c);
        }
    }
    erg_free(at);
}

/* ---- relationships ---- */

static const char *const rel_keys[] = {"id",     "from",  "to",       "type", "directed",
                                       "label",  "start", "end",      "date", "contradicts",
                                       "weight", "attrs", "evidence", NULL};
static const char *const evidence_keys[] = {"source",        "quote",       "note", "certainty",
                                            "attributed_to", "credibility", NULL};
/* Bits of check_keys() for the keys that are looked up only when there. */
#define HAS_DATE (1u << 8)          /* rel_keys */
#define HAS_CONTRADICTS (1u << 9)   /* rel_keys */
#define HAS_CERTAINTY (1u << 3)     /* evidence_keys */
#define HAS_ATTRIBUTED_TO (1u << 4) /* evidence_keys */
#define HAS_CREDIBILITY (1u << 5)   /* evidence_keys */

/* The evidence's "certainty"; ERG_STATED when absent or wrong (reported). */
static erg_certainty get_certainty(elem_ctx *c, const json_t *obj)
{
    const json_t *v = json_object_get(obj, "certainty");
    erg_certainty out = ERG_STATED;
    if (v == NULL || (json_is_string(v) && erg_certainty_from_name(json_string_value(v), &out)))
        return out;
    push_key(c, "certainty");
    if (json_is_string(v))
        problem(c, ERG_ERROR, false,
                "\"certainty\" must be one of \"stated\", \"reported\", \"alleged\", "
                "\"inferred\", found \"%s\"",
                json_string_value(v));
    else
        problem(c, ERG_ERROR, false,
                "\"certainty\" must be one of \"stated\", \"reported\", \"alleged\", "
                "\"inferred\", found %s",
                kind_of(v));
    pop(c);
    return ERG_STATED;
}

/* The evidence's "credibility", 1 to 6; 0 when absent or wrong (reported). */
static int get_credibility(elem_ctx *c, const json_t *obj)
{
    const json_t *v = json_object_get(obj, "credibility");
    if (v == NULL)
        return 0;
    if (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= 6)
        return (int)json_integer_value(v);
    push_key(c, "credibility");
    static const char scale[] = "from 1 to 6 (1 confirmed by other sources, 2 probably true, 3 "
                                "possibly true, 4 doubtful, 5 improbable, 6 cannot be judged)";
    if (json_is_integer(v))
        problem(c, ERG_ERROR, false,
                "\"credibility\" must be an integer %s, found %" JSON_INTEGER_FORMAT, scale,
                json_integer_value(v));
    else if (json_is_real(v))
        problem(c, ERG_ERROR, false, "\"credibility\" must be an integer %s, found %s", scale,
                real_text(c, json_real_value(v)));
    else if (json_is_string(v))
        problem(c, ERG_ERROR, false,
                "\"credibility\" must be an integer %s, found the string \"%s\"", scale,
                json_string_value(v));
    else
        problem(c, ERG_ERROR, false, "\"credibility\" must be an integer %s, found %s", scale,
                kind_of(v));
    pop(c);
    return 0;
}

/* Notes a reference to an id not known yet, resolved once every file is in. */
static void add_pending(elem_ctx *c, const char *id, size_t at, erg_ref_kind kind)
{
    erg_graph *g = c->l->g;
    if (ERG_GROW(g->pending, g->pending_cap, g->pending_count + 1) != ERG_OK) {
        oom(c->l);
        return;
    }
    g->pending[g->pending_count++] = (erg_pending_ref){id, (uint32_t)at, kind};
}

static void add_evidence(elem_ctx *c, size_t i, const json_t *item, void *arg)
{
    (void)i;
    (void)arg;
    erg_graph *g = c->l->g;
    if (!json_is_object(item)) {
        problem(c, ERG_ERROR, false, "evidence must be an object, found %s", kind_of(item));
        return;
    }
    uint32_t present = check_keys(c, item, "evidence", evidence_keys);
    uint32_t index;
    const char *source = ref_id(c, check_ref(c, item, "source", false, REQUIRED), false, &index);
    const char *quote = get_string(c, item, "quote", OPTIONAL, ANY_STRING, false);
    const char *note = get_string(c, item, "note", OPTIONAL, ANY_STRING, false);
    /* The evidence model's keys, looked up only when there: most evidence
     * has none, and a million ties' lookups showed in the load's time. */
    erg_certainty certainty = present & HAS_CERTAINTY ? get_certainty(c, item) : ERG_STATED;
    int credibility = present & HAS_CREDIBILITY ? get_credibility(c, item) : 0;
    uint32_t said_by = ERG_NIL;
    const char *attributed =
        present & HAS_ATTRIBUTED_TO
            ? ref_id(c, check_ref(c, item, "attributed_to", true, OPTIONAL), true, &said_by)
            : NULL;
    if (source == NULL)
        return;
    if (ERG_GROW(g->evidence, g->ev_cap, g->ev_count + 1) != ERG_OK) {
        oom(c->l);
        return;
    }
    erg_evidence_rec *ev = &g->evidence[g->ev_count];
    ev->e.source = index == ERG_NIL ? ERG_NONE : index;
    ev->e.quote = quote;
    ev->e.note = note;
    ev->e.certainty = certainty;
    ev->e.credibility = credibility;
    ev->e.attributed_to = said_by == ERG_NIL ? ERG_NONE : said_by;
    /* In the order they are resolved and reported: attribution, source. */
    if (attributed != NULL && said_by == ERG_NIL)
        add_pending(c, attributed, g->ev_count, ERG_REF_ATTRIBUTED);
    if (index == ERG_NIL)
        add_pending(c, source, g->ev_count, ERG_REF_SOURCE);
    g->ev_count++;
}

static void add_rel_attr(elem_ctx *c, const erg_attr *a, void *arg)
{
    (void)arg;
    erg_graph *g = c->l->g;
    if (ERG_GROW(g->rel_attrs, g->rel_attr_cap, g->rel_attr_count + 1) != ERG_OK) {
        oom(c->l);
        return;
    }
    g->rel_attrs[g->rel_attr_count++] = *a;
}

static void add_contradicts(elem_ctx *c, size_t i, const json_t *item, void *arg)
{
    (void)arg;
    erg_graph *g = c->l->g;
    if (!json_is_string(item) || json_string_length(item) == 0) {
        problem(c, ERG_ERROR, false,
                "an id in \"contradicts\" must be a non-empty string (a relationship's id), "
                "found %s",
                json_is_string(item) ? "an empty string" : kind_of(item));
        return;
    }
    /* Relationship ids are unique: copied, not interned. */
    const char *id = copy(c, item);
    if (id == NULL)
        return;
    if (ERG_GROW(g->contra, g->contra_cap, g->contra_count + 1) != ERG_OK) {
        oom(c->l);
        return;
    }
    /* The relationship is appended next, if it is kept. */
    g->contra[g->contra_count++] = (erg_contra){id, (uint32_t)g->rel_count, (uint32_t)i};
}

static void convert_relationship(elem_ctx *c, const json_t *v)
{
    erg_graph *g = c->l->g;
    if (!json_is_object(v)) {
        problem(c, ERG_ERROR, false, "a relationship must be an object, found %s", kind_of(v));
        return;
    }
    uint32_t present = check_keys(c, v, "a relationship", rel_keys);
    erg_rel_rec r;
    memset(&r, 0, sizeof(r));
    /* Ids are unique, so interning them would only fill the table. */
    r.id = get_string(c, v, "id", OPTIONAL, NON_EMPTY, false);
    /* Both ends' lookups are prepared together, and done after the
     * strings between (the entity table is too big for a cache). */
    ref from = check_ref(c, v, "from", true, REQUIRED), to = check_ref(c, v, "to", true, REQUIRED);
    r.type = get_string(c, v, "type", REQUIRED, NON_EMPTY, true);
    r.label = get_string(c, v, "label", OPTIONAL, ANY_STRING, true);
    r.start = get_string(c, v, "start", OPTIONAL, DATE, true);
    r.end = get_string(c, v, "end", OPTIONAL, DATE, true);
    const char *date = present & HAS_DATE ? get_string(c, v, "date", OPTIONAL, DATE, true) : NULL;
    /* What this relationship adds to the side lists, taken back if it is
     * not kept. */
    size_t pending0 = g->pending_count, contra0 = g->contra_count;
    const char *from_id = ref_id(c, from, true, &r.from);
    const char *to_id = ref_id(c, to, true, &r.to);
    if (from_id != NULL && r.from == ERG_NIL)
        add_pending(c, from_id, g->rel_count, ERG_REF_FROM);
    if (to_id != NULL && r.to == ERG_NIL)
        add_pending(c, to_id, g->rel_count, ERG_REF_TO);
    r.directed = 1;
    r.file = (uint32_t)c->in;
    r.elem = (uint32_t)c->path.steps[1].index;
    r.offset = c->base;
    bool ok = from_id != NULL && to_id != NULL && r.type != NULL;

    if (r.type != NULL && !erg_is_relation_type(r.type)) {
        push_key(c, "type");
        problem(c, ERG_ERROR, false,
                "relationship type \"%s\" must be snake_case (lower-case words joined by _)",
                r.type);
        pop(c);
        ok = false;
    }
    const json_t *directed = json_object_get(v, "directed");
    if (directed != NULL) {
        if (json_is_boolean(directed)) {
            r.directed = json_is_true(directed);
        } else {
            push_key(c, "directed");
            problem(c, ERG_ERROR, false, "\"directed\" must be a boolean, found %s",
                    kind_of(directed));
            pop(c);
        }
    }
    const json_t *weight = json_object_get(v, "weight");
    if (weight != NULL) {
        if (json_is_number(weight)) {
            r.weight = json_number_value(weight);
            r.has_weight = 1;
        } else {
            push_key(c, "weight");
            problem(c, ERG_ERROR, false, "\"weight\" must be a number, found %s", kind_of(weight));
            pop(c);
        }
    }
    if (r.start != NULL && r.end != NULL) {
        erg_date_span s, e;
        erg_date_parse(r.start, &s);
        erg_date_parse(r.end, &e);
        if (e.last < s.first) {
            push_key(c, "end");
            problem(c, ERG_ERROR, false, "end \"%s\" is before start \"%s\"", r.end, r.start);
            pop(c);
        }
    }
    if (date != NULL && (r.start != NULL || r.end != NULL)) {
        push_key(c, "date");
        problem(c, ERG_ERROR, false,
                "\"date\" (a one-off fact) cannot go with \"%s\" (a period); give either a date "
                "or start/end",
                r.start != NULL ? "start" : "end");
        pop(c);
    } else if (date != NULL) {
        r.start = date;
        r.is_date = 1;
    }
    r.ev_start = (uint32_t)g->ev_count;
    r.attr_start = (uint32_t)g->rel_attr_count;
    each_in_array(c, v, "evidence", add_evidence, NULL);
    get_attrs(c, v, add_rel_attr, NULL);
    if (present & HAS_CONTRADICTS)
        each_in_array(c, v, "contradicts", add_contradicts, NULL);
    r.ev_count = (uint32_t)(g->ev_count - r.ev_start);
    r.attr_count = (uint32_t)(g->rel_attr_count - r.attr_start);
    r.contradicts = g->contra_count > contra0;
    if (ok && ERG_GROW(g->rels, g->rel_cap, g->rel_count + 1) != ERG_OK) {
        oom(c->l);
        ok = false;
    }
    if (!ok) {
        g->pending_count = pending0;
        g->contra_count = contra0;
        return;
    }
    g->rels[g->rel_count++] = r;
}

/* ---- the top level ---- */

/* Appends input bytes to a message, control bytes and bad UTF-8 escaped. */
static void put_sanitized(erg_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        uint32_t cp;
        size_t n = ch >= 0x80 ? erg_utf8_decode(s + i, len - i, &cp) : 0;
        if (n > 0) {
            erg_buf_put(out, s + i, n);
            i += n - 1;
        } else if (ch < 0x20 || ch >= 0x7F) {
            erg_buf_printf(out, "\\x%02x", ch);
        } else {
            erg_buf_putc(out, (char)ch);
        }
    }
}

/* Reports jansson's syntax error, found parsing from byte `start`. */
static void syntax_error(erg_loader *l, size_t in, size_t start, const erg_path *path,
                         const json_error_t *err)
{
    const erg_input *input = &l->inputs[in];
    l->inputs[in].unreadable_ids = true; /* the rest of the file goes unread */
    bool bad_byte = strncmp(err->text, "unable to decode byte", 21) == 0;
    /* jansson's position is just past the token it stopped at, but at the
     * undecodable byte itself. */
    size_t at = start + (err->position > 0 && !bad_byte ? (size_t)err->position - 1
                                                        : (size_t)err->position);
    if (at >= input->len)
        at = input->len ? input->len - 1 : 0;
    while (at > 0 && ((unsigned char)input->data[at] & 0xC0) == 0x80)
        at--; /* the start of the character jansson stopped at */
    erg_buf msg = ERG_BUF_INIT;
    const char *text = err->text;
    if (bad_byte)
        erg_buf_printf(&msg, "invalid UTF-8 (byte 0x%02x)", (unsigned char)input->data[at]);
    else if (json_error_code(err) == json_error_null_character)
        /* jansson's own text names its flag, JSON_ALLOW_NUL. */
        erg_buf_puts(&msg, "a string holds \\u0000 (a NUL character), which ergraph does not "
                           "accept");
    else
        put_sanitized(&msg, text, strlen(text));
    char *m = erg_buf_detach(&msg);
    erg_loader_report(l, ERG_ERROR, in, at, path->depth, path, false, "%s", m ? m : "syntax error");
    erg_free(m);
}

/* Parses one value at byte `at`; on success *end is just past it. */
static json_t *parse_at(erg_loader *l, size_t in, size_t at, const erg_path *path, size_t *end)
{
    const erg_input *input = &l->inputs[in];
    json_error_t err;
    size_t failures = erg_alloc_failures();
    bool arena = arena_in_place();
    if (arena)
        erg_json_arena_begin();
    erg_json_parse_begin();
    json_t *v = json_loadb(input->data + at, input->len - at, ELEMENT_FLAGS, &err);
    if (arena) {
        erg_json_arena_end();
        arena_value = v;
    }
    /* jansson reports some failed allocations as syntax errors. */
    if (erg_alloc_failures() != failures) {
        drop(v);
        oom(l);
        return NULL;
    }
    if (v == NULL) {
        /* By its code, not its text: the text quotes the input, which may
         * say "out of memory" itself (found by the loader's fuzzer). */
        if (json_error_code(&err) == json_error_out_of_memory)
            oom(l);
        else
            syntax_error(l, in, at, path, &err);
        return NULL;
    }
    *end = at + (size_t)err.position;
    return v;
}

static void top_error(erg_loader *l, size_t in, size_t at, const char *fmt, const char *arg)
{
    erg_path root = {{{NULL, 0}}, 0};
    erg_buf shown = ERG_BUF_INIT;
    const erg_input *input = &l->inputs[in];
    if (arg == NULL) {
        size_t n = input->len - at < 12 ? input->len - at : 12;
        const char *eol = memchr(input->data + at, '\n', n);
        if (eol != NULL)
            n = (size_t)(eol - (input->data + at));
        put_sanitized(&shown, input->data + at, n);
    }
    char *s = erg_buf_detach(&shown);
    erg_loader_report(l, ERG_ERROR, in, at, 0, &root, false, fmt,
                      arg ? arg : (s ? s : "end of file"));
    erg_free(s);
}

/* The first NUL byte of input `in`, or NULL. A big mapped file is
 * searched a slice at a time and each slice let go at once, so that the
 * search does not hold the whole file in memory before parsing begins. */
static const char *find_nul(erg_loader *l, size_t in)
{
    const erg_input *input = &l->inputs[in];
    const size_t slice = RELEASE_STEP;
    for (size_t at = 0; at < input->len; at += slice) {
        size_t n = input->len - at < slice ? input->len - at : slice;
        const char *nul = memchr(input->data + at, '\0', n);
        if (nul != NULL)
            return nul;
        erg_input_release(input->data, input->len, input->mapped, at, at + n);
    }
    return NULL;
}

/* Lets go of the mapped bytes before `pos`, a slice at a time. */
static void release_before(erg_loader *l, size_t in, size_t pos)
{
    erg_input *input = &l->inputs[in];
    if (input->mapped && pos >= input->released + RELEASE_STEP) {
        erg_input_release(input->data, input->len, true, input->released, pos);
        input->released = pos;
    }
}

typedef void (*convert_fn)(elem_ctx *, const json_t *);

/*
 * A helper's references read before the main thread had read the entities
 * and sources, resolved once it has: what is found leaves the list, and the
 * list's memory is given back (at a million relationships it held a
 * quarter of their ids). Time complexity: O(pending references).
 */
static void resolve_pending(erg_loader *l)
{
    erg_graph *g = l->g;
    const erg_graph *known = l->known;
    size_t kept = 0;
    for (size_t i = 0; i < g->pending_count; i++) {
        erg_pending_ref p = g->pending[i];
        bool source = p.kind == ERG_REF_SOURCE;
        const erg_strmap_slot *slot =
            erg_strmap_find(source ? &known->src_by_id : &known->ent_by_id, p.id, strlen(p.id));
        if (slot == NULL) {
            g->pending[kept++] = p;
            continue;
        }
        if (p.kind == ERG_REF_FROM)
            g->rels[p.at].from = slot->value;
        else if (p.kind == ERG_REF_TO)
            g->rels[p.at].to = slot->value;
        else if (source)
            g->evidence[p.at].e.source = slot->value;
        else
            g->evidence[p.at].e.attributed_to = slot->value;
    }
    g->pending_count = kept;
    if (kept == 0) {
        erg_free(g->pending);
        g->pending = NULL;
        g->pending_cap = 0;
    } else if (kept < g->pending_cap / 2) {
        erg_pending_ref *smaller = erg_realloc(g->pending, kept * sizeof(*smaller));
        if (smaller != NULL) {
            g->pending = smaller;
            g->pending_cap = kept;
        }
    }
}

/*
 * Walks array elements from `pos` (an element's first byte), numbering them
 * from `index`. Returns the offset just past the array's ']', 0 after an
 * error, or the offset of the element where the helper of `split` (if not
 * NULL) began.
 */
static size_t walk_elements(erg_loader *l, size_t in, size_t pos, size_t index, const char *key,
                            convert_fn convert, erg_split *split)
{
    const erg_input *input = &l->inputs[in];
    const char *t = input->data;
    size_t len = input->len;
    elem_ctx c = {l, in, 0, {{{key, 0}, {NULL, 0}}, 2}};
    for (;;) {
        if (split != NULL && erg_split_at_boundary(split, pos))
            return pos;
        if (l->cancel != NULL) {
            if (atomic_load(l->cancel))
                return 0;
            if (l->known == NULL && atomic_load(l->known_ready)) {
                l->known = l->known_later;
                resolve_pending(l);
            }
        }
        c.path.steps[1].index = index;
        c.path.depth = 2;
        c.base = pos;
        size_t end;
        json_t *v = parse_at(l, in, pos, &c.path, &end);
        if (v == NULL)
            return 0;
        convert(&c, v);
        drop(v);
        if (l->out_of_memory)
            return 0;
        release_before(l, in, pos);
        if (l->pos_out != NULL) {
            atomic_store(l->pos_out, end);
            atomic_store(l->rels_out, l->g->rel_count);
        } else {
            erg_loader_progress(l, in, end, false);
        }
        pos = erg_json_skip_ws(t, len, end);
        if (pos < len && t[pos] == ']')
            return pos + 1;
        if (pos >= len || t[pos] != ',') {
            top_error(l, in, pos, "expected ',' or ']' after an element of \"%s\"", key);
            return 0;
        }
        pos = erg_json_skip_ws(t, len, pos + 1);
        index++;
    }
}

/* The naive path's walk over an array of the whole file's tree. */
static size_t walk_tree_array(erg_loader *l, size_t in, size_t at, const char *key,
                              convert_fn convert, const json_t *arr)
{
    const char *t = l->inputs[in].data;
    size_t len = l->inputs[in].len;
    elem_ctx c = {l, in, 0, {{{key, 0}, {NULL, 0}}, 2}};
    size_t pos = erg_json_skip_ws(t, len, at + 1);
    for (size_t i = 0; i < json_array_size(arr) && !l->out_of_memory; i++) {
        c.path.steps[1].index = i;
        c.path.depth = 2;
        c.base = pos;
        convert(&c, json_array_get(arr, i));
        pos = erg_json_skip_ws(t, len, erg_json_skip_value(t, len, pos));
        if (pos < len && t[pos] == ',')
            pos = erg_json_skip_ws(t, len, pos + 1);
    }
    return l->out_of_memory ? 0 : erg_json_skip_value(t, len, at);
}

static size_t walk_relationships(erg_loader *l, size_t in, size_t pos, size_t index)
{
    return walk_elements(l, in, pos, index, "relationships", convert_relationship, NULL);
}

/* Walks the array that starts at `at` (the '[') element by element; the
 * relationships of a big file on two threads (split.h).
 * Returns the offset just past it, or 0 after a syntax error. */
static size_t walk_array(erg_loader *l, size_t in, size_t at, const char *key, convert_fn convert)
{
    erg_input *input = &l->inputs[in];
    size_t pos = erg_json_skip_ws(input->data, input->len, at + 1);
    if (pos < input->len && input->data[pos] == ']')
        return pos + 1;
    bool relationships = convert == convert_relationship;
    if ((relationships || convert == convert_entity) && !input->split_tried) {
        input->split_tried = true;
        /* jansson seeds its hash function on first use; make sure that
         * happened before a second thread parses. */
        json_object_seed(0);
        erg_split_start(l, in, relationships ? pos : at, relationships, walk_relationships);
    }
    erg_split *split = NULL;
    if (relationships && l->split != NULL) {
        if (erg_split_claim(l->split, pos))
            split = l->split;
        else
            erg_split_finish(l->split, 0); /* the helper found another array, or none */
    }
    size_t end = walk_elements(l, in, pos, 0, key, convert, split);
    if (split != NULL) {
        /* Anywhere but at the boundary (an error, or no boundary found),
         * the main thread's reading stands alone and the helper's is
         * thrown away. */
        end = erg_split_finish(split, end);
    }
    return end;
}

static const char *const top_keys[] = {"format",   "title",         "description", "sources",
                                       "entities", "relationships", NULL};

/* Handles a top-level scalar (format, title, description) or unknown key. */
static void top_value(erg_loader *l, size_t in, size_t key_at, size_t at, const char *key,
                      const json_t *v)
{
    erg_graph *g = l->g;
    elem_ctx c = {l, in, at, {{{key, 0}}, 1}};
    erg_path key_path = c.path;
    if (strcmp(key, "format") == 0) {
        if (!json_is_string(v))
            erg_loader_report(l, ERG_ERROR, in, at, 1, &c.path, false,
                              "\"format\" must be the string \"ergraph/1\", found %s", kind_of(v));
        else if (strcmp(json_string_value(v), "ergraph/1") != 0)
            erg_loader_report(l, ERG_ERROR, in, at, 1, &c.path, false,
                              "unsupported format \"%s\"; this version of ergraph reads "
                              "\"ergraph/1\"",
                              json_string_value(v));
        return;
    }
    if (strcmp(key, "title") == 0 || strcmp(key, "description") == 0) {
        if (!json_is_string(v)) {
            erg_loader_report(l, ERG_ERROR, in, at, 1, &c.path, false,
                              "\"%s\" must be a string, found %s", key, kind_of(v));
            return;
        }
        const char **field = key[0] == 't' ? &g->title : &g->description;
        const char *s = json_string_value(v);
        if (*field == NULL) {
            *field = intern(&c, v);
            if (key[0] == 't')
                g->title_count = 1;
        } else if (strcmp(*field, s) != 0) {
            if (key[0] == 't')
                g->title_count++;
            erg_buf joined = ERG_BUF_INIT;
            erg_buf_printf(&joined, "%s; %s", *field, s);
            if (joined.failed || (*field = erg_graph_intern(g, joined.data, joined.len)) == NULL)
                oom(l);
            erg_buf_release(&joined);
        }
        return;
    }
    if (strcmp(key, "entities") == 0 || strcmp(key, "relationships") == 0 ||
        strcmp(key, "sources") == 0) {
        /* Without its entities or sources, this file's references would
         * each be reported as unknown: noise after the real error. */
        if (key[0] != 'r')
            l->inputs[in].unreadable_ids = true;
        erg_loader_report(l, ERG_ERROR, in, at, 1, &c.path, false,
                          "\"%s\" must be an array, found %s", key, kind_of(v));
        return;
    }
    erg_loader_report(l, ERG_WARNING, in, key_at, 1, &key_path, false,
                      "unknown key \"%s\" at the top level", key);
}

/*
 * What comes before the top-level object: an empty file, a file in UTF-16
 * or UTF-32, a NUL byte, a byte order mark, a value other than an object.
 * Returns the position of the object's '{', or SIZE_MAX when the file was
 * refused (with its error reported).
 */
static size_t find_top_object(erg_loader *l, size_t in)
{
    const erg_input *input = &l->inputs[in];
    const char *t = input->data;
    size_t len = input->len;
    erg_path root = {{{NULL, 0}}, 0};
    size_t pos = 0;

    if (len == 0) {
        top_error(l, in, 0, "the file is empty; expected a JSON object (%s)",
                  "\"format\": \"ergraph/1\"");
        return SIZE_MAX;
    }
    /* A corpus (ergraph index; index/format.h's magic) is opened by name,
     * in place: read as text, from standard input say, it is refused by
     * what it is. */
    if (len >= 8 && memcmp(t, "ERGIDX\r\n", 8) == 0) {
        top_error(l, in, 0, "%s",
                  "this is an ergraph corpus, not a relationship file: name the corpus "
                  "file itself (it cannot be read from standard input or with other files)");
        return SIZE_MAX;
    }
    /* UTF-32's marks first: the little-endian one begins as UTF-16's. */
    if (len >= 4 && (memcmp(t, "\xFF\xFE\0\0", 4) == 0 || memcmp(t, "\0\0\xFE\xFF", 4) == 0)) {
        top_error(l, in, 0, "the file is %s; save it as UTF-8",
                  t[0] != '\0' ? "UTF-32 (little-endian)" : "UTF-32 (big-endian)");
        return SIZE_MAX;
    }
    if (len >= 2 && (((unsigned char)t[0] == 0xFF && (unsigned char)t[1] == 0xFE) ||
                     ((unsigned char)t[0] == 0xFE && (unsigned char)t[1] == 0xFF))) {
        top_error(l, in, 0, "the file is %s; save it as UTF-8",
                  (unsigned char)t[0] == 0xFF ? "UTF-16 (little-endian)" : "UTF-16 (big-endian)");
        return SIZE_MAX;
    }
    const char *nul = find_nul(l, in);
    if (nul != NULL) {
        size_t at = (size_t)(nul - t);
        bool utf16 = len >= 2 && (t[0] == '\0' || t[1] == '\0');
        top_error(l, in, at, "%s",
                  utf16 ? "NUL byte: the file looks like UTF-16 or UTF-32; save it as UTF-8"
                        : "NUL byte in the file; JSON text cannot hold one");
        return SIZE_MAX;
    }
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
        erg_loader_report(l, ERG_WARNING, in, 0, 0, &root, false, "UTF-8 byte order mark ignored");
        pos = 3;
    }
    pos = erg_json_skip_ws(t, len, pos);
    if (pos >= len) {
        top_error(l, in, pos, "the file holds only white space; expected a JSON object (%s)",
                  "\"format\": \"ergraph/1\"");
        return SIZE_MAX;
    }
    if (t[pos] != '{') {
        size_t end;
        json_t *v = parse_at(l, in, pos, &root, &end);
        if (v != NULL)
            top_error(l, in, pos, "the top level must be an object, found %s", kind_of(v));
        drop(v);
        return SIZE_MAX;
    }
    return pos;
}

/* The top-level keys met so far in one file. */
typedef struct top_seen {
    bool format, entities, relationships;
    const char *keys[16];
    size_t count;
} top_seen;

/*
 * One "key": value of the top-level object, from its opening quote at pos:
 * the big arrays walked element by element, any other value checked whole.
 * Returns the position after the value, or 0 when the file cannot be read
 * further (reported).
 */
static size_t top_member(erg_loader *l, size_t in, size_t pos, top_seen *seen)
{
    const char *t = l->inputs[in].data;
    size_t len = l->inputs[in].len;
    erg_path root = {{{NULL, 0}}, 0};
    if (pos >= len || t[pos] != '"') {
        top_error(l, in, pos, "expected a key in double quotes near '%s'", NULL);
        return 0;
    }
    size_t key_at = pos, end;
    json_t *kv = parse_at(l, in, pos, &root, &end);
    if (kv == NULL)
        return 0;
    char *key = erg_strdup(json_string_value(kv));
    drop(kv);
    if (key == NULL) {
        oom(l);
        return 0;
    }
    erg_path key_path = {{{key, 0}}, 1};
    pos = erg_json_skip_ws(t, len, end);
    if (pos >= len || t[pos] != ':') {
        top_error(l, in, pos, "expected ':' near '%s'", NULL);
        erg_free(key);
        return 0;
    }
    pos = erg_json_skip_ws(t, len, pos + 1);
    size_t value_at = pos;

    bool duplicate = false;
    for (size_t i = 0; i < seen->count; i++)
        duplicate = duplicate || strcmp(seen->keys[i], key) == 0;
    for (const char *const *k = top_keys; *k; k++) {
        if (strcmp(*k, key) == 0 && seen->count < 16)
            seen->keys[seen->count++] = *k;
    }
    if (duplicate) {
        erg_loader_report(l, ERG_ERROR, in, key_at, 1, &key_path, false,
                          "duplicate key \"%s\" at the top level", key);
    }
    seen->format = seen->format || strcmp(key, "format") == 0;
    seen->entities = seen->entities || strcmp(key, "entities") == 0;
    seen->relationships = seen->relationships || strcmp(key, "relationships") == 0;

    convert_fn convert = strcmp(key, "entities") == 0        ? convert_entity
                         : strcmp(key, "relationships") == 0 ? convert_relationship
                         : strcmp(key, "sources") == 0       ? convert_source
                                                             : NULL;
    if (convert != NULL && pos < len && t[pos] == '[' && !duplicate) {
        pos = l->tree ? walk_tree_array(l, in, pos, key, convert, json_object_get(l->tree, key))
                      : walk_array(l, in, pos, key, convert);
    } else {
        json_t *v = parse_at(l, in, pos, &key_path, &end);
        if (v != NULL && !duplicate)
            top_value(l, in, key_at, value_at, key, v);
        pos = v != NULL ? end : 0;
        drop(v);
    }
    erg_free(key);
    return pos;
}

static void parse_input(erg_loader *l, size_t in)
{
    const char *t = l->inputs[in].data;
    size_t len = l->inputs[in].len;
    erg_path root = {{{NULL, 0}}, 0};
    size_t object_at = find_top_object(l, in);
    if (object_at == SIZE_MAX)
        return;
    if (l->naive) {
        json_error_t err;
        l->tree = json_loadb(t + object_at, len - object_at,
                             JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK, &err);
    }
    top_seen seen = {false, false, false, {NULL}, 0};
    size_t pos = erg_json_skip_ws(t, len, object_at + 1);
    if (pos < len && t[pos] == '}') {
        pos++;
    } else {
        for (;;) {
            if ((pos = top_member(l, in, pos, &seen)) == 0)
                return;
            pos = erg_json_skip_ws(t, len, pos);
            if (pos < len && t[pos] == '}') {
                pos++;
                break;
            }
            if (pos >= len || t[pos] != ',') {
                top_error(l, in, pos, "expected ',' or '}' near '%s'", NULL);
                return;
            }
            pos = erg_json_skip_ws(t, len, pos + 1);
        }
    }
    pos = erg_json_skip_ws(t, len, pos);
    if (pos < len) {
        top_error(l, in, pos, "end of file expected after the top-level object, found '%s'", NULL);
        return;
    }
    const char *missing[3] = {seen.format ? NULL : "format", seen.entities ? NULL : "entities",
                              seen.relationships ? NULL : "relationships"};
    for (size_t i = 0; i < 3; i++) {
        if (missing[i] != NULL)
            erg_loader_report(l, ERG_ERROR, in, object_at, 0, &root, false,
                              "missing required key \"%s\"", missing[i]);
    }
}

void erg_parse_input(erg_loader *l, size_t in)
{
    parse_input(l, in);
    if (l->split != NULL)
        erg_split_finish(l->split, 0); /* an error stopped the main thread */
    json_decref(l->tree);              /* the naive path's */
    l->tree = NULL;
}
