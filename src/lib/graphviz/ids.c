/*
 * The Graphviz module's object ids: names numbered in the order they are
 * first seen, and DOT read back from memory with them.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <graphviz/cgraph.h>

#include "util/alloc.h"
#include "graphviz/graphviz_impl.h"
#include "util/strmap.h"

/* ---- Object ids in creation order ------------------------------------ */

/*
 * cgraph's own id discipline names an object by the address of its interned
 * name, and keeps subgraphs ordered by id: the order of clusters and legend
 * rows in the DOT (and in the layout) then followed the heap, and changed
 * from run to run. This one numbers names in the order they are first seen,
 * even ids as cgraph expects of named objects, odd ones for anonymous ones.
 */
typedef struct seq_ids {
    Agraph_t *g;
    erg_strmap index; /* name -> position in names */
    char **names;     /* cgraph's own reference-counted strings, which it
                       * asks about (is it HTML?) when it writes a name */
    size_t count, cap;
    IDTYPE anonymous;
} seq_ids;

static void *seq_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    seq_ids *s = erg_calloc(1, sizeof(*s));
    if (s != NULL) {
        s->g = g;
        s->anonymous = 1;
    }
    return s;
}

/*
 * Out of memory, an object still gets an id, an anonymous one: declined,
 * cgraph 2.42 would give it one itself and keep its name in an internal map
 * that agclose() never frees. The caller sees the failure (erg_alloc_failures)
 * and throws the graph away.
 */
static _Thread_local IDTYPE anonymous_fallback = 1;

static long seq_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    seq_ids *s = state;
    (void)objtype;
    if (s == NULL) { /* seq_open() ran out of memory */
        *id = anonymous_fallback;
        anonymous_fallback += 2;
        return 1;
    }
    if (str == NULL) {
        *id = s->anonymous;
        s->anonymous += 2;
        return 1;
    }
    size_t len = strlen(str);
    const erg_strmap_slot *slot = erg_strmap_find(&s->index, str, len);
    if (slot != NULL) {
        *id = 2 * ((IDTYPE)slot->value + 1);
        return 1;
    }
    if (!createflag) {
        *id = 0; /* as cgraph's own: no object has it */
        return 1;
    }
    char *copy = agstrdup(s->g, str);
    bool added;
    if (copy == NULL || ERG_GROW(s->names, s->cap, s->count + 1) != ERG_OK ||
        erg_strmap_insert(&s->index, copy, len, (uint32_t)s->count, &added) == NULL) {
        agstrfree(s->g, copy);
        *id = s->anonymous; /* see anonymous_fallback */
        s->anonymous += 2;
        return 1;
    }
    s->names[s->count++] = copy;
    *id = 2 * (IDTYPE)s->count;
    return 1;
}

static long seq_alloc(void *state, int objtype, IDTYPE request)
{
    (void)state, (void)objtype, (void)request;
    return 0; /* ids are never requested by number */
}

static void seq_free(void *state, int objtype, IDTYPE id)
{
    (void)state, (void)objtype, (void)id; /* names live until the graph closes */
}

static char *seq_print(void *state, int objtype, IDTYPE id)
{
    seq_ids *s = state;
    (void)objtype;
    if (s == NULL || id % 2 != 0 || id == 0 || id / 2 > s->count)
        return NULL;
    return s->names[id / 2 - 1];
}

static void seq_close(void *state)
{
    seq_ids *s = state;
    if (s == NULL)
        return;
    /* The names go with the graph's string table, closed after this. */
    erg_free(s->names);
    erg_strmap_release(&s->index);
    erg_free(s);
}

static void seq_register(void *state, int objtype, void *obj)
{
    (void)state, (void)objtype, (void)obj;
}

Agiddisc_t erg_gv_seq_ids = {seq_open,  seq_map,   seq_alloc,   seq_free,
                             seq_print, seq_close, seq_register};

/* Reading DOT from memory, like agmemread(), but with the ids above. */
typedef struct mem_reader {
    const char *text;
    size_t len, at;
} mem_reader;

static int mem_read(void *chan, char *buf, int bufsize)
{
    mem_reader *r = chan;
    if (r->at >= r->len || bufsize <= 0)
        return 0;
    /* One line at a time, as cgraph's own readers give it. */
    size_t n = 0;
    while (r->at < r->len && n + 1 < (size_t)bufsize) {
        char c = r->text[r->at++];
        buf[n++] = c;
        if (c == '\n')
            break;
    }
    buf[n] = '\0';
    return (int)n;
}

static Agiodisc_t mem_io = {mem_read, NULL, NULL};
static Agdisc_t seq_disc = {&AgMemDisc, &erg_gv_seq_ids, &mem_io};

Agraph_t *erg_gv_open_graph(const char *name, Agdisc_t *disc)
{
    return agopen((char *)name, Agdirected, disc != NULL ? disc : &seq_disc);
}

void erg_gv_close_graph(Agraph_t *ag)
{
    if (ag == NULL)
        return;
    /* Freeing the whole heap at once, agclose() skips the id discipline's
     * close; its state is the same object either way. */
    bool whole_heap = ag->clos->disc.mem->close != NULL;
    void *ids = ag->clos->state.id;
    agclose(ag);
    if (whole_heap)
        seq_close(ids);
}

Agraph_t *erg_gv_read_graph(const char *text)
{
    mem_reader r = {text, strlen(text), 0};
    return agread(&r, &seq_disc);
}
