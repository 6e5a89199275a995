/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqStore internals shared with the server, tests and benchmarks. */
#pragma once

#include <sqlite3.h>

#include "dq-store.h"

G_BEGIN_DECLS

/* DqApplyResult.error for a change stamped too far in the future. */
#define DQ_APPLY_ERROR_CLOCK_SKEW (-1)

/* Opens a replica; a NEW file is created at schema @version (tests make
 * replicas of earlier versions this way). An existing file is upgraded to
 * DQ_SCHEMA_VERSION as always. */
DqStore *dq_store_open_version (const char *path,
                                guint       version,
                                GError    **error);
sqlite3 *dq_store_get_db (DqStore *self);
guint    dq_store_get_schema_version (DqStore *self);

G_END_DECLS
