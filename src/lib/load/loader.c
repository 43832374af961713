/*
 * The loader's life: inputs (files or buffers), their reading by load.c,
 * progress, and the graph handed over once references are resolved.
 */
#include <string.h>

#include "util/alloc.h"
#include "util/fileio.h"
#include "load/json_arena.h"
#include "load/loader_impl.h"
#include "load/split.h"
#include "util/diag_impl.h"

static erg_status add_input(erg_loader *l, const char *name, char *owned, bool mapped,
                            const char *data, size_t len, size_t *out)
{
    if (ERG_GROW(l->inputs, l->input_cap, l->input_count + 1) != ERG_OK)
        return ERG_ENOMEM;
    erg_input *input = &l->inputs[l->input_count];
    input->name = erg_strdup(name);
    if (input->name == NULL)
        return ERG_ENOMEM;
    input->owned = owned;
    input->mapped = mapped;
    input->data = data;
    input->len = len;
    input->released = 0;
    input->unreadable_ids = false;
    input->split_tried = false;
    erg_linecounter_init(&input->lines, data, len);
    *out = l->input_count++;
    return ERG_OK;
}

static erg_status load_input(erg_loader *l, size_t in)
{
    size_t errors = erg_diags_error_count(l->diags);
    erg_graph *g = l->g;
    char **files = erg_realloc(g->files, (g->file_count + 1) * sizeof(char *));
    if (files == NULL)
        return ERG_ENOMEM;
    g->files = files;
    if ((g->files[g->file_count] = erg_strdup(l->inputs[in].name)) == NULL)
        return ERG_ENOMEM;
    g->file_count++;
    l->next_progress = 0;
    size_t before = erg_diags_count(l->diags);
    erg_parse_input(l, in);
    erg_json_arena_release(); /* this thread's parses are over */
    erg_loader_progress(l, in, l->inputs[in].len, true);
    erg_input *input = &l->inputs[in];
    if (erg_input_changed(input->owned, input->mapped)) {
        /* What the parse said about the NUL bytes past the new end is not
         * about the file: say what happened instead. */
        erg_diags_truncate(l->diags, before);
        l->io_error = true;
        if (erg_diags_add(l->diags, ERG_ERROR, input->name, 0, 0, NULL,
                          "cannot read: the file became shorter while it was read (another "
                          "program changed it); nothing was loaded from it") != ERG_OK)
            return ERG_ENOMEM;
        return ERG_EIO;
    }
    if (l->out_of_memory)
        return ERG_ENOMEM;
    if (erg_diags_error_count(l->diags) > errors) {
        l->data_error = true;
        return ERG_EDATA;
    }
    return ERG_OK;
}

erg_status erg_loader_add_buffer(erg_loader *l, const char *name, const char *data, size_t len)
{
    size_t in;
    if (add_input(l, name, NULL, false, data, len, &in) != ERG_OK) {
        l->out_of_memory = true;
        return ERG_ENOMEM;
    }
    return load_input(l, in);
}

erg_status erg_loader_add_file(erg_loader *l, const char *path)
{
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    char *data = NULL;
    size_t len = 0, in;
    bool mapped = false;
    const char *why;
    erg_status rc = erg_input_open(path, &data, &len, &mapped, &why);
    if (rc == ERG_EIO) {
        l->io_error = true;
        if (erg_diags_add(l->diags, ERG_ERROR, name, 0, 0, NULL, "cannot read: %s", why) != ERG_OK)
            rc = ERG_ENOMEM;
    } else if (rc == ERG_OK) {
        rc = add_input(l, name, data, mapped, data, len, &in);
        if (rc == ERG_OK)
            return load_input(l, in); /* the input owns the data now */
        erg_input_close(data, len, mapped);
    }
    if (rc == ERG_ENOMEM)
        l->out_of_memory = true;
    return rc;
}

erg_loader *erg_loader_new(const erg_load_options *opts, erg_diags *diags)
{
    erg_loader *l = erg_calloc(1, sizeof(*l));
    if (l == NULL)
        return NULL;
    if (opts != NULL)
        l->opts = *opts;
    l->diags = diags;
    l->alloc_failures = erg_alloc_failures();
    l->g = erg_graph_new();
    if (l->g == NULL) {
        erg_free(l);
        return NULL;
    }
    l->known = l->g;
    l->split_min = ERG_SPLIT_MIN;
    return l;
}

void erg_loader_free(erg_loader *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->input_count; i++) {
        erg_free(l->inputs[i].name);
        if (l->inputs[i].owned != NULL)
            erg_input_close(l->inputs[i].owned, l->inputs[i].len, l->inputs[i].mapped);
    }
    erg_free(l->inputs);
    erg_strmap_release(&l->broken_ids);
    if (l->names_started)
        erg_graph_names_finish(&l->names); /* done already: resolving waits for it */
    erg_graph_free(l->g);
    erg_free(l);
}

void erg_loader_set_split_min(erg_loader *l, size_t bytes)
{
    l->split_min = bytes;
}

size_t erg_loader_split_count(const erg_loader *l)
{
    return l->splits;
}

void erg_loader_set_naive(erg_loader *l, bool naive)
{
    l->naive = naive;
}

void erg_loader_progress(erg_loader *l, size_t in, size_t pos, bool force)
{
    if (l->opts.progress == NULL || (!force && pos < l->next_progress))
        return;
    l->next_progress = pos + ((size_t)2 << 20);
    erg_load_progress p = {l->inputs[in].name, pos, l->inputs[in].len, l->g->ent_count,
                           l->g->rel_count};
    if (l->split != NULL) {
        size_t bytes, rels;
        erg_split_progress(l->split, &bytes, &rels);
        p.bytes_done += bytes;
        p.relationships += rels;
    }
    l->opts.progress(&p, l->opts.progress_arg);
}

erg_status erg_loader_finish(erg_loader *l, erg_graph **out)
{
    *out = NULL;
    if (l->out_of_memory)
        return ERG_ENOMEM;
    erg_status rc = erg_resolve(l);
    /* Any allocation that failed on the way, even where the code went on
     * without it (a "did you mean" left out), means the result may be
     * incomplete: never pass it off as the whole graph, or as its errors. */
    if (rc == ERG_OK && erg_alloc_failures() != l->alloc_failures)
        rc = ERG_ENOMEM;
    if (rc != ERG_OK)
        return rc;
    if (l->io_error)
        return ERG_EIO;
    if (l->data_error)
        return ERG_EDATA;
    *out = l->g;
    l->g = NULL;
    return ERG_OK;
}

erg_status erg_graph_load_files(erg_graph **out, const char *const *paths, size_t count,
                                const erg_load_options *opts, erg_diags *diags)
{
    *out = NULL;
    erg_loader *l = erg_loader_new(opts, diags);
    if (l == NULL)
        return ERG_ENOMEM;
    erg_status rc = ERG_OK;
    for (size_t i = 0; i < count && rc != ERG_ENOMEM; i++)
        rc = erg_loader_add_file(l, paths[i]);
    if (rc != ERG_ENOMEM)
        rc = erg_loader_finish(l, out);
    erg_loader_free(l);
    return rc;
}
