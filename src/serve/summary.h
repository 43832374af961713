/* /api/summary: what the page's filter panel offers (summary.c). */
#ifndef ERG_SERVE_SUMMARY_H
#define ERG_SERVE_SUMMARY_H

#include <ergraph/ergraph.h>
#include <stddef.h>

/*
 * The summary of g as JSON: {"query": the view the page opens on,
 * "entities", "relationships", "entity_types" and "relation_types" (each
 * name with its count, most first), "certainties" (pieces of evidence of
 * each; a tie without evidence counts as one inferred), "dates": {"first",
 * "last" (the span, "YYYY-MM" or "YYYY"), "dated", "undated", "ties" (the
 * dated ties per month, or per year for those dated to a year only, by the
 * date of a one-off fact, else its start, else its end)}}. A new string
 * (malloc) of *len bytes, or NULL when out of memory. O(n + m).
 */
char *serve_summary(const erg_graph *g, const char *query, size_t *len);

#endif
