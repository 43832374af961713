/* Internal: hands the library's allocation hook to jansson. */
#ifndef ERG_JSON_HOOK_H
#define ERG_JSON_HOOK_H

#include "ergraph/common.h"

void erg_json_use_alloc_funcs(erg_malloc_fn m, erg_free_fn f);

#endif
