/*
 * ergraph: relationship graphs from news articles, explored with filters and
 * drawn with Graphviz. The one header to include.
 *
 * Threads, the one rule for every module:
 *  - erg_set_alloc_funcs() first, from one thread, before any other call.
 *  - Loads may run on several threads at once, each making its own graph.
 *  - A loaded graph is read-only: every function that takes a
 *    `const erg_graph *` (names, filters, queries, statistics, quote
 *    verification, exports) may run on several threads at once on the same
 *    graph. erg_graph_free() only when no thread uses it any more.
 *  - Any other object (erg_diags, erg_selection, erg_theme, a buffer
 *    returned to you) belongs to one thread at a time.
 *  - erg_dot_write() and erg_render() use Graphviz, whose state is
 *    process-wide: one call at a time in a process. erg_render() lays out
 *    in a forked child process; a program with threads calls it from a
 *    process that has started none (ergraph serve forks its layout workers
 *    before its server threads start).
 */
#ifndef ERGRAPH_H
#define ERGRAPH_H

#include "ergraph/common.h"
#include "ergraph/diag.h"
#include "ergraph/model.h"
#include "ergraph/load.h"
#include "ergraph/index.h"
#include "ergraph/filter.h"
#include "ergraph/query.h"
#include "ergraph/style.h"
#include "ergraph/dot.h"
#include "ergraph/render.h"
#include "ergraph/output.h"
#include "ergraph/verify.h"
#include "ergraph/export.h"
#include "ergraph/import.h"

#endif
