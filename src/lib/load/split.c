#include "load/split.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "util/alloc.h"
#include "util/diag_impl.h"
#include "util/fileio.h"
#include "load/json_arena.h"

/* What the helper has found, in this order, or NONE when it gave up. */
typedef enum { SEEKING, FOUND, READY, NONE } finding;

struct erg_split {
    erg_loader *main;
    erg_loader helper;
    size_t in, from;
    bool at_relationships;
    erg_walk_fn walk;
    pthread_t thread;

    /* The helper's findings: each field is written before `state` moves
     * past it, and read by the main thread after it has. */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    finding state;
    size_t first;    /* the relationships array's first element */
    size_t boundary; /* where the helper begins */
    size_t index;    /* the number of elements before it */
    /* The boundary is the first element at or after the target, which the
     * helper may lower once (when the array ends before it) until it has
     * found the boundary. */
    atomic_size_t target;

    /* The main thread's own. */
    bool claimed;
    size_t main_boundary;
    bool boundary_known, stopped;

    size_t end; /* what the helper's walk returned */
    atomic_bool cancel, done, known_ready;
    atomic_size_t start, pos, rels; /* for progress */
};

/* Bytes scanned between checks for cancellation (and, for a mapped file,
 * between letting go of what was scanned). */
#define SCAN_STEP ((size_t)8 << 20)

typedef struct scanner {
    erg_split *s;
    const erg_input *input;
    size_t released;
} scanner;

/* Every SCAN_STEP bytes: lets go of what the scan passed (it runs ahead of
 * the parsers) and says whether to go on. */
static bool scan_step(scanner *sc, size_t i)
{
    if (i - sc->released < SCAN_STEP)
        return true;
    erg_input_release(sc->input->data, sc->input->len, sc->input->mapped, sc->released, i);
    sc->released = i;
    return !atomic_load(&sc->s->cancel);
}

/* Offset just past the string whose opening quote is at `at`; 0 when the
 * text ends first. */
static size_t skip_string(const erg_input *input, size_t at)
{
    const char *t = input->data;
    for (size_t i = at + 1; i < input->len;) {
        const char *quote = memchr(t + i, '"', input->len - i);
        if (quote == NULL)
            return 0;
        size_t q = (size_t)(quote - t), backslashes = 0;
        while (t[q - 1 - backslashes] == '\\')
            backslashes++;
        if (backslashes % 2 == 0)
            return q + 1;
        i = q + 1;
    }
    return 0;
}

/*
 * Scans an array or object from `i`, inside it at depth 1. With target
 * SIZE_MAX, finds its end (*at just past the closing bracket). Otherwise
 * finds the first element boundary at or after `target`: the first byte of
 * an element that follows a comma at depth 1 (*at), and counts the
 * elements before it (*count). False when the array ends first (*at then
 * just past its end, as with SIZE_MAX), or the text does, or the split is
 * cancelled (*at then 0). Only strings and brackets matter; the rest is the
 * parser's business, and a syntax error before the boundary stops the main
 * thread before it gets there.
 */
static bool scan(scanner *sc, size_t i, size_t target, size_t *at, size_t *count)
{
    const char *t = sc->input->data;
    size_t len = sc->input->len, depth = 1, n = 0;
    *at = 0;
    for (; i < len; i++) {
        switch (t[i]) {
        case '"':
            if ((i = skip_string(sc->input, i)) == 0)
                return false;
            i--;
            break;
        case '[':
        case '{':
            depth++;
            break;
        case ']':
        case '}':
            if (--depth == 0) {
                *at = i + 1;
                *count = n + 1;
                return target == SIZE_MAX;
            }
            break;
        case ',':
            if (depth == 1) {
                n++;
                size_t next = erg_json_skip_ws(t, len, i + 1);
                if (next >= target && target != SIZE_MAX) {
                    *at = next;
                    *count = n;
                    return true;
                }
            }
            break;
        default:
            break;
        }
        if (!scan_step(sc, i))
            return false;
    }
    return false;
}

/* Offset just past the value at `at`; 0 when it cannot be found. */
static size_t skip_value(scanner *sc, size_t at)
{
    const char *t = sc->input->data;
    size_t len = sc->input->len, end, count;
    if (at >= len)
        return 0;
    if (t[at] == '"')
        return skip_string(sc->input, at);
    if (t[at] == '[' || t[at] == '{')
        return scan(sc, at + 1, SIZE_MAX, &end, &count) ? end : 0;
    while (at < len && strchr(",]} \t\r\n", t[at]) == NULL)
        at++;
    return at;
}

/*
 * From the value at `at` in the top-level object, finds the key
 * "relationships" that follows it with an array value: that array's first
 * element (*first). False when there is none, or it is empty.
 */
static bool find_relationships(scanner *sc, size_t at, size_t *first)
{
    static const char key[] = "\"relationships\"";
    const char *t = sc->input->data;
    size_t len = sc->input->len;
    for (;;) {
        size_t pos = skip_value(sc, at);
        if (pos == 0 || (pos = erg_json_skip_ws(t, len, pos)) >= len || t[pos] != ',')
            return false;
        size_t key_at = erg_json_skip_ws(t, len, pos + 1);
        size_t key_end = key_at < len && t[key_at] == '"' ? skip_string(sc->input, key_at) : 0;
        if (key_end == 0 || (pos = erg_json_skip_ws(t, len, key_end)) >= len || t[pos] != ':')
            return false;
        at = erg_json_skip_ws(t, len, pos + 1);
        if (key_end - key_at == sizeof(key) - 1 && memcmp(t + key_at, key, key_end - key_at) == 0 &&
            at < len && t[at] == '[') {
            *first = erg_json_skip_ws(t, len, at + 1);
            return *first < len && t[*first] != ']';
        }
    }
}

static void publish(erg_split *s, finding state)
{
    pthread_mutex_lock(&s->lock);
    s->state = state;
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
}

/* The main thread: waits until the helper's finding is past `state`. */
static finding wait_past(erg_split *s, finding state)
{
    pthread_mutex_lock(&s->lock);
    while (s->state <= state)
        pthread_cond_wait(&s->changed, &s->lock);
    finding now = s->state;
    pthread_mutex_unlock(&s->lock);
    return now;
}

/*
 * Where the helper should begin so that both threads have about as much
 * to do: the main thread reads what lies between `from` and the array
 * first (entities: a fifth more work than relationships, byte for byte,
 * as measured on generated files), then the array up to the boundary. The
 * array usually ends near the end of the file; when it ends sooner, the
 * aim is taken again from its end.
 */
static bool choose_boundary(erg_split *s, scanner *sc)
{
    size_t ahead = (s->first - s->from) / 5 * 6, rest = sc->input->len - s->first, end;
    for (int pass = 0; pass < 2; pass++) {
        if (rest < ahead || rest - ahead < s->main->split_min / 2)
            return false;
        atomic_store(&s->target, s->first + (rest - ahead) / 2);
        if (pass == 0)
            publish(s, FOUND);
        if (scan(sc, s->first, atomic_load(&s->target), &end, &s->index)) {
            s->boundary = end;
            return true;
        }
        if (end == 0)
            return false; /* the text ended first, or the split was cancelled */
        rest = end - s->first;
    }
    return false;
}

static void *run(void *arg)
{
    erg_split *s = arg;
    scanner sc = {s, &s->helper.inputs[s->in], s->from};
    s->first = s->from;
    bool found = s->at_relationships || find_relationships(&sc, s->from, &s->first);
    if (found && choose_boundary(s, &sc)) {
        s->helper.inputs[s->in].released = s->boundary;
        atomic_store(&s->start, s->boundary);
        atomic_store(&s->pos, s->boundary);
        publish(s, READY);
        s->end = s->walk(&s->helper, s->in, s->boundary, s->index);
        erg_json_arena_release();
    } else {
        publish(s, NONE);
    }
    /* The failure count is this thread's own: carry it to the main one. */
    if (erg_alloc_failures() != 0)
        s->helper.out_of_memory = true;
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->done, true);
    pthread_cond_broadcast(&s->changed);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void helper_release(erg_split *s)
{
    erg_loader *h = &s->helper;
    erg_free(h->inputs);
    erg_diags_free(h->diags);
    erg_graph_free(h->g);
}

erg_split *erg_split_start(erg_loader *l, size_t in, size_t from, bool at_relationships,
                           erg_walk_fn walk)
{
    const erg_input *input = &l->inputs[in];
    if (l->opts.threads == 1 || l->cancel != NULL || input->len - from < l->split_min)
        return NULL;
    erg_split *s = erg_calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    s->main = l;
    s->in = in;
    s->from = from;
    s->at_relationships = at_relationships;
    s->walk = walk;
    s->state = SEEKING;
    atomic_init(&s->target, SIZE_MAX);
    atomic_init(&s->cancel, false);
    atomic_init(&s->done, false);
    atomic_init(&s->known_ready, false);
    atomic_init(&s->start, 0);
    atomic_init(&s->pos, 0);
    atomic_init(&s->rels, 0);
    erg_loader *h = &s->helper;
    h->opts = l->opts;
    h->opts.progress = NULL;
    h->split_min = SIZE_MAX;
    h->cancel = &s->cancel;
    h->pos_out = &s->pos;
    h->rels_out = &s->rels;
    /* Ids are looked up in the main graph once the main thread leaves
     * it alone but for relationships: at once when it is reading them
     * already. */
    h->known = at_relationships ? l->g : NULL;
    h->known_later = l->g;
    h->known_ready = &s->known_ready;
    h->diags = erg_diags_new();
    h->g = erg_graph_new();
    h->inputs = erg_malloc(l->input_count * sizeof(erg_input));
    if (h->diags == NULL || h->g == NULL || h->inputs == NULL)
        goto fail;
    h->g->forwarding = true;
    h->input_count = h->input_cap = l->input_count;
    memcpy(h->inputs, l->inputs, l->input_count * sizeof(erg_input));
    for (size_t i = 0; i < h->input_count; i++) {
        h->inputs[i].owned = NULL; /* borrowed from the main loader */
        erg_linecounter_init(&h->inputs[i].lines, h->inputs[i].data, h->inputs[i].len);
    }
    if (pthread_mutex_init(&s->lock, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&s->changed, NULL) != 0) {
        pthread_mutex_destroy(&s->lock);
        goto fail;
    }
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        pthread_cond_destroy(&s->changed);
        pthread_mutex_destroy(&s->lock);
        goto fail;
    }
    l->split = s;
    return s;
fail:
    helper_release(s);
    erg_free(s);
    return NULL;
}

bool erg_split_claim(erg_split *s, size_t first)
{
    if (s->claimed || wait_past(s, SEEKING) == NONE || s->first != first)
        return false;
    s->claimed = true;
    atomic_store(&s->known_ready, true);
    return true;
}

bool erg_split_at_boundary(erg_split *s, size_t pos)
{
    if (!s->claimed || pos < atomic_load(&s->target))
        return false;
    if (!s->boundary_known) {
        s->main_boundary = wait_past(s, FOUND) == READY ? s->boundary : SIZE_MAX;
        s->boundary_known = true;
    }
    s->stopped = pos == s->main_boundary;
    return s->stopped;
}

void erg_split_progress(const erg_split *s, size_t *bytes, size_t *relationships)
{
    erg_split *m = (erg_split *)s;
    size_t start = atomic_load(&m->start), pos = atomic_load(&m->pos);
    *bytes = start != 0 && pos > start ? pos - start : 0;
    *relationships = atomic_load(&m->rels);
}

/* Appends the helper's relationships, evidence and attributes to l's
 * graph, its strings and diagnostics to l's. */
static erg_status merge(erg_loader *l, erg_loader *h, size_t in)
{
    erg_graph *g = l->g, *hg = h->g;
    erg_status rc = erg_graph_forward_interned(hg, g);
    if (rc != ERG_OK ||
        (rc = ERG_GROW(g->rels, g->rel_cap, g->rel_count + hg->rel_count)) != ERG_OK ||
        (rc = ERG_GROW(g->evidence, g->ev_cap, g->ev_count + hg->ev_count)) != ERG_OK ||
        (rc = ERG_GROW(g->rel_attrs, g->rel_attr_cap, g->rel_attr_count + hg->rel_attr_count)) !=
            ERG_OK ||
        (rc = ERG_GROW(g->contra, g->contra_cap, g->contra_count + hg->contra_count)) != ERG_OK ||
        (rc = ERG_GROW(g->pending, g->pending_cap, g->pending_count + hg->pending_count)) !=
            ERG_OK ||
        (rc = erg_diags_append(l->diags, h->diags)) != ERG_OK)
        return rc;
    /* Pending ids and contradictions are copies too: only where they
     * belong moves. */
    for (size_t i = 0; i < hg->pending_count; i++) {
        erg_pending_ref p = hg->pending[i];
        p.at +=
            (uint32_t)(p.kind == ERG_REF_FROM || p.kind == ERG_REF_TO ? g->rel_count : g->ev_count);
        g->pending[g->pending_count++] = p;
    }
    for (size_t i = 0; i < hg->contra_count; i++) {
        erg_contra k = hg->contra[i];
        k.rel += (uint32_t)g->rel_count;
        g->contra[g->contra_count++] = k;
    }
    /* Ids, ends, quotes and notes were copied, not interned: only the
     * interned fields point at strings that have a counterpart. */
    for (size_t r = 0; r < hg->rel_count; r++) {
        erg_rel_rec rec = hg->rels[r];
        rec.ev_start += (uint32_t)g->ev_count;
        rec.attr_start += (uint32_t)g->rel_attr_count;
        rec.type = erg_forwarded(rec.type);
        rec.label = erg_forwarded(rec.label);
        rec.start = erg_forwarded(rec.start);
        rec.end = erg_forwarded(rec.end);
        g->rels[g->rel_count++] = rec;
    }
    if (hg->ev_count > 0)
        memcpy(g->evidence + g->ev_count, hg->evidence, hg->ev_count * sizeof(*hg->evidence));
    g->ev_count += hg->ev_count;
    for (size_t i = 0; i < hg->rel_attr_count; i++) {
        erg_attr a = hg->rel_attrs[i];
        a.key = erg_forwarded(a.key);
        if (a.kind == ERG_ATTR_INTEGER || a.kind == ERG_ATTR_REAL)
            a.text = erg_forwarded(a.text); /* strings are copies, booleans literals */
        g->rel_attrs[g->rel_attr_count++] = a;
    }
    erg_arena_adopt(&g->arena, &hg->arena);
    l->data_error = l->data_error || h->data_error;
    l->out_of_memory = l->out_of_memory || h->out_of_memory;
    l->inputs[in].unreadable_ids = l->inputs[in].unreadable_ids || h->inputs[in].unreadable_ids;
    return ERG_OK;
}

size_t erg_split_finish(erg_split *s, size_t main_end)
{
    erg_loader *l = s->main;
    bool merge_work = s->stopped;
    if (!merge_work)
        atomic_store(&s->cancel, true);
    pthread_mutex_lock(&s->lock);
    while (!atomic_load(&s->done)) {
        struct timespec tick;
        clock_gettime(CLOCK_REALTIME, &tick);
        tick.tv_nsec += 100 * 1000 * 1000;
        if (tick.tv_nsec >= 1000 * 1000 * 1000) {
            tick.tv_sec++;
            tick.tv_nsec -= 1000 * 1000 * 1000;
        }
        if (pthread_cond_timedwait(&s->changed, &s->lock, &tick) != 0 && merge_work) {
            pthread_mutex_unlock(&s->lock);
            erg_loader_progress(l, s->in, s->boundary, true);
            pthread_mutex_lock(&s->lock);
        }
    }
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->thread, NULL);
    pthread_cond_destroy(&s->changed);
    pthread_mutex_destroy(&s->lock);
    l->split = NULL;
    size_t end = main_end;
    if (merge_work) {
        end = 0;
        if (merge(l, &s->helper, s->in) == ERG_OK)
            end = s->end;
        else
            l->out_of_memory = true;
        l->splits++;
    }
    helper_release(s);
    erg_free(s);
    return end;
}
