#include "split.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "diag_impl.h"
#include "fileio.h"
#include "json_arena.h"

struct erg_split {
    erg_loader *main;
    erg_loader helper;
    size_t in, start, index;
    erg_walk_fn walk;
    pthread_t thread;
    size_t end; /* what the helper's walk returned */
    atomic_bool cancel, done;
    atomic_size_t pos, rels;
};

/*
 * The first element boundary at or after `target` in the array whose first
 * element is at `first`: the first byte of an element that follows a
 * comma at the array's own depth. Also counts the elements before it.
 * With target SIZE_MAX, finds the array's end instead (*at just past its
 * ']'). False when the text ends first. Only strings (with their escapes)
 * and brackets matter; the rest is the parser's business, and a syntax
 * error before the boundary stops the main thread before it gets there.
 */
static bool scan(const erg_input *input, size_t first, size_t target, size_t *at, size_t *count)
{
    const unsigned char *t = (const unsigned char *)input->data;
    size_t len = input->len, depth = 1, n = 0, released = first;
    bool in_string = false;
    for (size_t i = first; i < len; i++) {
        unsigned char ch = t[i];
        if (in_string) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_string = false;
            continue;
        }
        switch (ch) {
        case '"':
            in_string = true;
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
                size_t next = erg_json_skip_ws(input->data, len, i + 1);
                if (next >= target && target != SIZE_MAX) {
                    *at = next;
                    *count = n;
                    erg_input_release(input->data, len, input->mapped, released, i);
                    return true;
                }
            }
            break;
        default:
            break;
        }
        /* The scan runs ahead of the parsers: do not hold what it passed. */
        if (i - released >= ((size_t)8 << 20)) {
            erg_input_release(input->data, len, input->mapped, released, i);
            released = i;
        }
    }
    return false;
}

static void *run(void *arg)
{
    erg_split *s = arg;
    s->end = s->walk(&s->helper, s->in, s->start, s->index);
    erg_json_arena_release();
    /* The failure count is this thread's own: carry it to the main one. */
    if (erg_alloc_failures() != 0)
        s->helper.out_of_memory = true;
    atomic_store(&s->done, true);
    return NULL;
}

static void helper_release(erg_split *s)
{
    erg_loader *h = &s->helper;
    erg_free(h->inputs);
    erg_diags_free(h->diags);
    erg_graph_free(h->g);
}

erg_split *erg_split_start(erg_loader *l, size_t in, size_t first, erg_walk_fn walk, size_t *stop)
{
    const erg_input *input = &l->inputs[in];
    *stop = SIZE_MAX;
    if (l->opts.threads == 1 || l->cancel != NULL || input->len - first < l->split_min)
        return NULL;
    size_t boundary, index, end, count;
    /* Aim at the middle of the rest of the file, where the array usually
     * ends; if it ends sooner, aim at its own middle. */
    if (!scan(input, first, first + (input->len - first) / 2, &boundary, &index)) {
        if (!scan(input, first, SIZE_MAX, &end, &count) || end - first < l->split_min ||
            !scan(input, first, first + (end - first) / 2, &boundary, &index))
            return NULL;
    }
    erg_split *s = erg_calloc(1, sizeof(*s));
    if (s == NULL)
        return NULL;
    s->main = l;
    s->in = in;
    s->start = boundary;
    s->index = index;
    s->walk = walk;
    atomic_init(&s->cancel, false);
    atomic_init(&s->done, false);
    atomic_init(&s->pos, boundary);
    atomic_init(&s->rels, 0);
    erg_loader *h = &s->helper;
    h->opts = l->opts;
    h->opts.progress = NULL;
    h->split_min = SIZE_MAX;
    h->cancel = &s->cancel;
    h->pos_out = &s->pos;
    h->rels_out = &s->rels;
    h->known = l->g;
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
    h->inputs[in].released = boundary;
    if (pthread_create(&s->thread, NULL, run, s) != 0)
        goto fail;
    l->split = s;
    *stop = boundary;
    return s;
fail:
    helper_release(s);
    erg_free(s);
    return NULL;
}

void erg_split_progress(const erg_split *s, size_t *bytes, size_t *relationships)
{
    *bytes = atomic_load(&((erg_split *)s)->pos) - s->start;
    *relationships = atomic_load(&((erg_split *)s)->rels);
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
        (rc = erg_diags_append(l->diags, h->diags)) != ERG_OK)
        return rc;
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

size_t erg_split_finish(erg_split *s, bool merge_work)
{
    erg_loader *l = s->main;
    if (!merge_work)
        atomic_store(&s->cancel, true);
    while (!atomic_load(&s->done)) {
        struct timespec tick = {0, 100 * 1000 * 1000};
        nanosleep(&tick, NULL);
        if (merge_work)
            erg_loader_progress(l, s->in, s->start, true);
    }
    pthread_join(s->thread, NULL);
    l->split = NULL;
    size_t end = 0;
    if (merge_work) {
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
