/*
 * Internal: reading one big JSON array on two threads.
 *
 * The loader's main thread reads the array's first half itself; a helper
 * thread reads the second half into a graph of its own, with its own
 * diagnostics, looking references up in the main graph (which only the
 * main thread changes meanwhile, and only by appending relationships).
 * When the main thread reaches the element where the helper began, the
 * helper's work is appended to the main graph, so the result, diagnostics
 * and their order included, is the same as reading the array in one go.
 */
#ifndef ERG_SPLIT_H
#define ERG_SPLIT_H

#include <stddef.h>

#include "loader_impl.h"

/* Reads the elements of an array from byte `pos` (an element's first
 * byte), numbering them from `index`; returns as walk_array does. */
typedef size_t (*erg_walk_fn)(erg_loader *l, size_t in, size_t pos, size_t index);

typedef struct erg_split erg_split;

/*
 * When the array whose first element is at `first` in input `in` is big
 * enough (l->split_min bytes or more) and l may use two threads: finds an
 * element boundary near the array's middle, starts a helper reading from
 * there with `walk`, and returns the split with *stop set to the
 * boundary. NULL (and *stop SIZE_MAX) when the array is read alone: small,
 * one thread asked for, no boundary (a syntax error ahead: the main thread
 * reports it), or no thread to be had.
 * Time complexity: O(bytes to the middle), a scan for strings and depth.
 */
erg_split *erg_split_start(erg_loader *l, size_t in, size_t first, erg_walk_fn walk, size_t *stop);

/*
 * Waits for the helper (reporting progress meanwhile) and frees the split.
 * With `merge` (the main thread stopped exactly at the boundary), appends
 * the helper's work to l and returns what the helper's walk returned;
 * otherwise tells the helper to stop, throws its work away and returns 0.
 */
size_t erg_split_finish(erg_split *s, bool merge);

/* What the helper has read so far: bytes and relationships. */
void erg_split_progress(const erg_split *s, size_t *bytes, size_t *relationships);

#endif
