/*
 * Internal: reading the relationships of a big file on two threads.
 *
 * The loader's main thread reads the file in order. A helper thread starts
 * as soon as the main thread reaches the entities (or the relationships,
 * when they come first): it finds the relationships array itself, then an
 * element boundary in it chosen so that both threads have about as much
 * to do, and reads from there to the end of the array into a graph of its
 * own, with its own diagnostics. Until the main thread has read every
 * entity and source and reached the relationships, the helper copies the
 * ids that relationships name; from then on it looks them up in the main
 * graph (which the main thread then changes only by appending
 * relationships). When the main thread reaches the boundary, the helper's
 * work is appended to the main graph, so the result, diagnostics and their
 * order included, is the same as reading the file in one go.
 */
#ifndef ERG_SPLIT_H
#define ERG_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

#include "load/loader_impl.h"

/* Reads the elements of an array from byte `pos` (an element's first
 * byte), numbering them from `index`; returns as walk_array does. */
typedef size_t (*erg_walk_fn)(erg_loader *l, size_t in, size_t pos, size_t index);

typedef struct erg_split erg_split;

/*
 * Starts a helper on input `in` when the file is big enough (l->split_min
 * bytes or more from `from`) and l may use two threads: `from` is the
 * first element of the relationships array (at_relationships), or the
 * '[' of an array before it, past which the helper looks for the
 * relationships array as a key of the top-level object. Returns NULL when
 * the file is read alone: small, one thread asked for, or no thread to be
 * had. Sets l->split.
 */
erg_split *erg_split_start(erg_loader *l, size_t in, size_t from, bool at_relationships,
                           erg_walk_fn walk);

/*
 * The main thread, about to read the relationships array whose first
 * element is at `first`: true when the helper reads its second part (it
 * found that same array and a boundary may follow), after which the main
 * thread must change its graph only by appending relationships. May wait
 * for the helper to find the array.
 */
bool erg_split_claim(erg_split *s, size_t first);

/*
 * The main thread, at the element that starts at `pos` of the claimed
 * array: true when the helper began there (the main thread stops). May
 * wait for the helper to choose its boundary.
 */
bool erg_split_at_boundary(erg_split *s, size_t pos);

/*
 * Waits for the helper (reporting progress meanwhile), frees the split and
 * clears l->split. When the main thread stopped at the boundary, appends
 * the helper's work to l and returns what the helper's walk returned (the
 * array's end, or 0 after an error). Otherwise tells the helper to stop,
 * throws its work away and returns `main_end`, where the main thread's
 * own reading ended.
 */
size_t erg_split_finish(erg_split *s, size_t main_end);

/* What the helper has read so far: bytes and relationships. */
void erg_split_progress(const erg_split *s, size_t *bytes, size_t *relationships);

#endif
