/*
 * Internal: mappings whose file another program may truncate while they
 * are read. Reading a page of a mapping past the end of its file raises
 * SIGBUS; while a guarded mapping exists, one SIGBUS handler serves them
 * all. A fault inside a guarded mapping either
 *   - puts zero-filled memory in place of the mapping from the faulting
 *     page to its end, notes the hit (erg_bus_guard_hit()) and returns, so
 *     that the reader goes on over NUL bytes to an error of its own (a
 *     JSON input: no JSON holds NUL), or
 *   - writes a message to standard error, calls a hook (async-signal-safe
 *     only: removing temporary files) and ends the process with exit
 *     status 3 (a corpus, whose records are used in place).
 * Any other SIGBUS goes to the handler that was there before, or ends the
 * process as it would have. Nothing runs until a fault.
 */
#ifndef ERG_BUSGUARD_H
#define ERG_BUSGUARD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Guards [start, start + len). exit_message NULL: zero-fill and go on;
 * otherwise the message (cut at 511 bytes) is written, then hook (may be
 * NULL) is called, then _exit(3). False when every slot (64) is taken or
 * the handler cannot be installed: the caller reads the file instead, or
 * refuses.
 */
bool erg_bus_guard_add(const void *start, size_t len, const char *exit_message, void (*hook)(void));
void erg_bus_guard_remove(const void *start);

/* Whether a fault was met in the guarded mapping at `start` (zero-fill
 * mode); false for a mapping that is not guarded. */
bool erg_bus_guard_hit(const void *start);

#endif
