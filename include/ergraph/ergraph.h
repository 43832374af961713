/*
 * ergraph: relationship graphs from news articles, explored with filters and
 * drawn with Graphviz. The one header to include.
 */
#ifndef ERGRAPH_H
#define ERGRAPH_H

#include "ergraph/common.h"
#include "ergraph/diag.h"
#include "ergraph/model.h"
#include "ergraph/load.h"
#include "ergraph/filter.h"
#include "ergraph/query.h"
#include "ergraph/style.h"
#include "ergraph/export.h"
#include "ergraph/render.h"
#include "ergraph/output.h"
#include "ergraph/verify.h"
#include "ergraph/interop.h"

#endif
