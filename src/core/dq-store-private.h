/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqStore internals shared with the server, tests and benchmarks. */
#pragma once

#include <sqlite3.h>

#include "dq-store.h"

G_BEGIN_DECLS

/* DqApplyResult.error beyond DqSchemaError: a change stamped too far in
 * the future, or refused by the owner's check (the server's scope). */
#define DQ_APPLY_ERROR_CLOCK_SKEW (-1)
#define DQ_APPLY_ERROR_FORBIDDEN  (-2)

/* Called inside dq_store_apply()'s transaction for every valid change,
 * with the row's values as they are (NULL for a new row): 0 to merge it, or
 * a DQ_APPLY_ERROR_* to refuse it. */
typedef int (*DqApplyCheckFunc) (const DqChange *change,
                                 const DqValue  *current,
                                 gpointer        data);
/* Called in the same transaction after a change won cells (@won: their
 * column bits); FALSE with @error rolls the whole batch back. */
typedef gboolean (*DqAppliedFunc) (DqStore        *store,
                                   const DqChange *change,
                                   guint64         won,
                                   gpointer        data,
                                   GError        **error);

void dq_store_set_apply_hooks (DqStore         *self,
                               DqApplyCheckFunc check,
                               DqAppliedFunc    applied,
                               gpointer         data);

/* Opens a replica; a NEW file is created at schema @version (tests make
 * replicas of earlier versions this way). An existing file is upgraded to
 * DQ_SCHEMA_VERSION as always. */
DqStore *dq_store_open_version (const char *path,
                                guint       version,
                                GError    **error);
/* The local version as committed in the file, read now (inside the
 * caller's read transaction, the snapshot's): another connection may have
 * moved it past this one's counter. */
guint64 dq_store_read_committed_version (DqStore *self);
/* Whether overwritten values go to dq_history (default TRUE). The server
 * keeps an audit of every accepted change instead. */
void     dq_store_set_keep_history (DqStore *self, gboolean keep);
sqlite3 *dq_store_get_db (DqStore *self);
guint    dq_store_get_schema_version (DqStore *self);

G_END_DECLS
