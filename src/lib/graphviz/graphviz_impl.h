/*
 * Internal: what the files of the Graphviz module share. No file outside
 * this module includes a Graphviz header.
 *   graphviz/graphviz.c  Graphviz's messages; building a cgraph graph of a
 *                     drawing, its legend and sources block; writing DOT
 *   graphviz/ids.c    naming objects in creation order; reading DOT back
 *   graphviz/mem.c    memory for a graph that is written and thrown away
 *   graphviz/child.c  the child process's side of a render (render.c is
 *                     the parent's)
 */
#ifndef ERG_GRAPHVIZ_IMPL_H
#define ERG_GRAPHVIZ_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include <graphviz/cgraph.h>

#include "util/buf.h"
#include "draw/drawing.h"

/* Graphviz's messages are gathered between begin and end (all of them,
 * warnings too), and read with erg_gv_messages(). */
typedef struct erg_gv_capture {
    agusererrf prev_fn;
    agerrlevel_t prev_level;
} erg_gv_capture;

void erg_gv_capture_begin(erg_gv_capture *c);
void erg_gv_capture_end(const erg_gv_capture *c);
const erg_buf *erg_gv_messages(void);
void erg_gv_messages_clear(void);

/*
 * Sets the drawing's -G (with graph_too), -N and -E attributes (d->opts.attrs)
 * on `ag`: -G on the root graph and as the default of its clusters, -N on
 * every node, -E on every edge but the invisible ones that hold the legend
 * together. False when Graphviz runs out of memory.
 */
bool erg_gv_apply_attrs(Agraph_t *ag, const erg_drawing *d, bool graph_too);

/* The title's font size, in points. */
#define FONTSIZE_TITLE "16"

/* The id discipline that names objects in the order they are made. */
extern Agiddisc_t erg_gv_seq_ids;

/* Memory that agclose() frees all at once (see graphviz/mem.c), for
 * graphs of erg_gv_heap_min_edges edges or more (10,000; tests change it). */
extern Agmemdisc_t erg_gv_heap;
extern size_t erg_gv_heap_min_edges;

/* A new root graph with that discipline (and `disc`'s memory and I/O when
 * given). */
Agraph_t *erg_gv_open_graph(const char *name, Agdisc_t *disc);
/* Closes a graph from erg_gv_open_graph(). Use it, not agclose(): with
 * erg_gv_heap, agclose() frees the memory but not the id discipline's. */
void erg_gv_close_graph(Agraph_t *ag);
/*
 * In the DOT writer's process (child.c): builds the graph of `d` and
 * writes its DOT through `io` to `chan`, leaving the graph to the end of
 * the process. ERG_OK, ERG_ENOMEM or ERG_EGRAPHVIZ (its messages are in
 * the capture). The same text as erg_gv_dot_write_here().
 */
erg_status erg_gv_dot_to(const erg_drawing *d, Agiodisc_t *io, void *chan);

/* DOT text read back into a graph with that discipline; NULL on error.
 * The text goes through erg_gv_long_ids first. */
Agraph_t *erg_gv_read_graph(const char *text);

/*
 * Graphviz 2.42's scanner rejects a token of more than 16,384 bytes
 * ("syntax error"), and agwrite() writes a name of letters unquoted and a
 * quoted string without a break whatever its length. This filter, fed DOT
 * as agwrite() writes it in pieces of any size, quotes every unquoted ID
 * longer than ERG_GV_ID_PIECE bytes and breaks quoted strings with an
 * escaped newline (which the scanner drops) so that no run between
 * backslashes is longer than that: the same values, read back whatever
 * their length. Shorter IDs pass unchanged. O(1) per byte.
 */
#define ERG_GV_ID_PIECE 4096
typedef struct erg_gv_long_ids {
    int state;   /* between tokens, in an ID, in a quoted or HTML string */
    size_t run;  /* bytes since the last backslash or break */
    int depth;   /* of an HTML string's angle brackets */
    erg_buf id;  /* an unquoted ID, until it is known to be short */
    bool quoted; /* the current ID is being written quoted */
} erg_gv_long_ids;

#define ERG_GV_LONG_IDS_INIT                                                                       \
    {                                                                                              \
        0, 0, 0, ERG_BUF_INIT, false                                                               \
    }
void erg_gv_long_ids_put(erg_gv_long_ids *f, erg_buf *out, const char *text, size_t len);
/* Ends the text (an ID at its very end) and releases the filter. */
void erg_gv_long_ids_end(erg_gv_long_ids *f, erg_buf *out);

/* Sets a declared attribute; false when out of memory. */
bool erg_gv_set(void *obj, const char *name, const char *value);
/* Sets `name` to b's text, or "" when b is empty. */
bool erg_gv_set_buf(void *obj, const char *name, const erg_buf *b);
/* Declares every attribute the drawing sets, with its default. */
bool erg_gv_declare_defaults(Agraph_t *ag, const erg_drawing *d, const char *title);
/* Adds the legend and the sources block to `ag`. */
bool erg_gv_add_annex(Agraph_t *ag, const erg_drawing *d);
/*
 * A cgraph digraph of the drawing (see graphviz.c). Returns ERG_ENOMEM when
 * Graphviz or the library runs out.
 */
erg_status erg_gv_build_graph(Agraph_t **out, const erg_drawing *d, const char *title, bool annex,
                              Agdisc_t *disc);
/* The drawing's title: the one asked for, else the graph's. */
const char *erg_gv_drawing_title(const erg_drawing *d);

#endif
