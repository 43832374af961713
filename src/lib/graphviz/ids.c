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

/* ---- Long IDs ------------------------------------------------------- */

enum { LI_TOKENS, LI_ID, LI_QUOTED, LI_ESCAPE, LI_HTML };

/* A byte that continues an unquoted ID (a name or a number) in DOT. */
static bool id_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c >= 0x80;
}

/* A byte inside a quoted string, after a break when the run since the last
 * backslash is long (never inside a UTF-8 sequence). */
static void put_quoted(erg_gv_long_ids *f, erg_buf *out, unsigned char c)
{
    if (f->run >= ERG_GV_ID_PIECE && (c & 0xC0) != 0x80) {
        erg_buf_put(out, "\\\n", 2);
        f->run = 0;
    }
    erg_buf_putc(out, (char)c);
    f->run++;
}

static void end_id(erg_gv_long_ids *f, erg_buf *out)
{
    if (f->quoted)
        erg_buf_putc(out, '"');
    else
        erg_buf_put(out, f->id.data, f->id.len);
    f->id.len = 0;
    f->quoted = false;
    f->state = LI_TOKENS;
}

void erg_gv_long_ids_put(erg_gv_long_ids *f, erg_buf *out, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        switch (f->state) {
        case LI_ID:
            if (id_byte(c)) {
                if (f->quoted) {
                    put_quoted(f, out, c);
                } else {
                    erg_buf_putc(&f->id, (char)c);
                    if (f->id.len > ERG_GV_ID_PIECE && !f->id.failed) {
                        /* Long: written quoted from its start. */
                        erg_buf_putc(out, '"');
                        f->run = 0;
                        for (size_t k = 0; k < f->id.len; k++)
                            put_quoted(f, out, (unsigned char)f->id.data[k]);
                        f->id.len = 0;
                        f->quoted = true;
                    }
                }
                continue;
            }
            end_id(f, out); /* and c is read between tokens */
            break;
        case LI_QUOTED:
            if (c == '\\') {
                erg_buf_putc(out, (char)c);
                f->state = LI_ESCAPE;
            } else if (c == '"') {
                erg_buf_putc(out, (char)c);
                f->state = LI_TOKENS;
            } else {
                put_quoted(f, out, c);
            }
            continue;
        case LI_ESCAPE: /* the escaped byte ends the scanner's run */
            erg_buf_putc(out, (char)c);
            f->run = 0;
            f->state = LI_QUOTED;
            continue;
        case LI_HTML:
            erg_buf_putc(out, (char)c);
            if (c == '<')
                f->depth++;
            else if (c == '>' && --f->depth == 0)
                f->state = LI_TOKENS;
            continue;
        default:
            break;
        }
        if (c == '"') {
            f->state = LI_QUOTED;
            f->run = 0;
            erg_buf_putc(out, (char)c);
        } else if (c == '<') {
            f->state = LI_HTML;
            f->depth = 1;
            erg_buf_putc(out, (char)c);
        } else if (id_byte(c) || c == '-') { /* '-' as a number's sign, or an edge's */
            f->state = LI_ID;
            erg_buf_putc(&f->id, (char)c);
        } else {
            erg_buf_putc(out, (char)c);
        }
    }
    if (f->id.failed)
        out->failed = true;
}

void erg_gv_long_ids_end(erg_gv_long_ids *f, erg_buf *out)
{
    if (f->state == LI_ID)
        end_id(f, out);
    if (f->id.failed)
        out->failed = true;
    erg_buf_release(&f->id);
    f->state = LI_TOKENS;
}

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
    erg_gv_long_ids f = ERG_GV_LONG_IDS_INIT;
    erg_buf safe = ERG_BUF_INIT;
    erg_gv_long_ids_put(&f, &safe, text, strlen(text));
    erg_gv_long_ids_end(&f, &safe);
    Agraph_t *ag = NULL;
    if (!safe.failed) {
        mem_reader r = {safe.data != NULL ? safe.data : "", safe.len, 0};
        ag = agread(&r, &seq_disc);
    }
    erg_buf_release(&safe);
    return ag;
}
