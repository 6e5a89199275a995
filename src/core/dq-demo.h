/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deterministic demo data: a realistic, obviously fictional Shenzhen. The
 * same options give the same rows, ids and stamps on every machine. */
#pragma once

#include "dq-types.h"
#include "dq-store.h"

G_BEGIN_DECLS

/* Stamps of demo rows: written by this node at this time. */
#define DQ_DEMO_NODE "00000000000000000000000000de0000"

typedef void (*DqDemoProgress) (const char *table, guint64 rows, gpointer user_data);

typedef struct {
  const char    *district; /* one district code, or NULL for the whole city */
  guint32        seed;     /* 0: the default seed */
  double         scale;    /* 1.0: ~3,000 orgs and ~50,000 members a district */
  DqDemoProgress progress;
  gpointer       progress_data;
} DqDemoOptions;

typedef struct {
  guint64 rows[32]; /* per table, by DqTable.index */
  guint64 total;
} DqDemoStats;

/* Generates the demo data into @store through dq_store_apply(), in batches.
 * Every row passes the schema's validators. */
gboolean dq_demo_generate (DqStore             *store,
                           const DqDemoOptions *options,
                           DqDemoStats         *stats,
                           GError             **error);

G_END_DECLS
