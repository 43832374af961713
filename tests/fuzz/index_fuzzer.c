/*
 * The corpus reader (ergraph index): any bytes give a graph or an error,
 * never a crash, a hang or an out-of-bounds read (ASan, UBSan), whether the
 * corpus is mapped at its own address or moved.
 *
 * The header's checksum (and its file size) are made right before the
 * bytes are read, so that mutations get past it to the section table and
 * the records, which the reader must check itself. A graph that opens is
 * walked: every getter, every name looked up, neighbours and paths, and
 * the DOT of a small one (written in this process, as the roundtrip fuzzer
 * does: a forked layout child would hide what goes wrong in it).
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <ergraph/ergraph.h>

#include "fuzz.h"
#include "graphviz/child_protocol.h"
#include "index/format.h"

static void walk(const erg_graph *g)
{
    size_t ne = erg_graph_entity_count(g), nr = erg_graph_relationship_count(g);
    size_t ns = erg_graph_source_count(g), seen = 0;
    (void)erg_graph_title(g);
    (void)erg_graph_description(g);
    for (size_t f = 0; f < erg_graph_file_count(g); f++)
        seen += strlen(erg_graph_file(g, f));
    for (size_t e = 0; e < ne; e++) {
        seen += strlen(erg_entity_id(g, e)) + strlen(erg_entity_name(g, e)) +
                strlen(erg_entity_type(g, e));
        size_t c = erg_entity_country(g, e);
        FUZZ_CHECK(c == ERG_NONE || c < ne);
        for (size_t i = 0; i < erg_entity_alias_count(g, e); i++)
            seen += strlen(erg_entity_alias(g, e, i));
        for (size_t i = 0; i < erg_entity_attr_count(g, e); i++)
            seen += strlen(erg_entity_attr(g, e, i)->key);
        for (size_t i = 0; i < erg_entity_source_count(g, e); i++)
            FUZZ_CHECK(erg_entity_source(g, e, i) < ns);
        for (size_t i = 0; i < erg_entity_degree(g, e); i++)
            FUZZ_CHECK(erg_entity_tie(g, e, i) < nr);
        size_t found[4];
        (void)erg_graph_lookup(g, erg_entity_name(g, e), found, 4);
        (void)erg_graph_find_id(g, erg_entity_id(g, e));
    }
    for (size_t r = 0; r < nr; r++) {
        seen += strlen(erg_rel_id(g, r)) + strlen(erg_rel_type(g, r));
        FUZZ_CHECK(erg_rel_from(g, r) < ne && erg_rel_to(g, r) < ne);
        (void)erg_rel_label(g, r);
        (void)erg_rel_start(g, r);
        (void)erg_rel_end(g, r);
        (void)erg_rel_date(g, r);
        (void)erg_rel_certainty(g, r);
        for (size_t i = 0; i < erg_rel_evidence_count(g, r); i++) {
            const erg_evidence *ev = erg_rel_evidence(g, r, i);
            FUZZ_CHECK(ev->source < ns);
            char grade[3];
            (void)erg_evidence_grade(g, ev, grade);
        }
        for (size_t i = 0; i < erg_rel_attr_count(g, r); i++)
            seen += strlen(erg_rel_attr(g, r, i)->text);
        for (size_t i = 0; i < erg_rel_contradicts_count(g, r); i++)
            seen += strlen(erg_rel_contradicts_id(g, r, i));
        for (size_t i = 0; i < erg_rel_conflict_count(g, r); i++)
            FUZZ_CHECK(erg_rel_conflict(g, r, i) < nr);
    }
    for (size_t s = 0; s < ns; s++)
        (void)erg_graph_find_source(g, erg_graph_source(g, s)->id);
    (void)seen;
    size_t none[1];
    (void)erg_graph_lookup(g, "no such name at all", none, 1);
    if (ne > 0) {
        erg_neighbor *nb = NULL;
        size_t n = 0;
        if (erg_query_neighbors(&nb, &n, g, NULL, 0, 2, ERG_BOTH) == ERG_OK)
            erg_free(nb);
        erg_path_set ps;
        if (erg_query_paths(&ps, g, NULL, 0, ne - 1, 8) == ERG_OK)
            erg_path_set_release(&ps);
    }
    if (nr < 500) {
        erg_diags *d = erg_diags_new();
        char *dot = NULL;
        size_t len = 0;
        if (d != NULL && erg_gv_dot_write_here(&dot, &len, g, NULL, NULL, d) == ERG_OK)
            erg_free(dot);
        erg_diags_free(d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("corpus", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    unsigned char *copy = malloc(size ? size : 1);
    if (copy == NULL) {
        close(fd);
        return 0;
    }
    memcpy(copy, data, size);
    if (size >= sizeof(ergi_header)) {
        ergi_header h;
        memcpy(&h, copy, sizeof(h));
        h.file_size = size;
        h.checksum = 0;
        h.checksum = erg_index_hash(&h, sizeof(h));
        memcpy(copy, &h, sizeof(h));
    }
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, copy + done, size - done);
        if (n <= 0)
            break;
        done += (size_t)n;
    }
    free(copy);
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    for (int moved = 0; moved < 2; moved++) {
        erg_diags *diags = erg_diags_new();
        FUZZ_CHECK(diags != NULL);
        erg_index_options opts = {0};
        opts.stale_ok = opts.stale_quiet = true;
        opts.relocate = moved;
        erg_graph *g = NULL;
        erg_status rc = erg_index_open(&g, path, &opts, diags);
        if (rc == ERG_OK) {
            FUZZ_CHECK(g != NULL);
            walk(g);
            erg_graph_free(g);
        } else {
            FUZZ_CHECK(g == NULL);
            FUZZ_CHECK(rc == ERG_EDATA || rc == ERG_EIO);
            FUZZ_CHECK(erg_diags_error_count(diags) > 0);
        }
        erg_diags_free(diags);
    }
    close(fd);
    return 0;
}
