/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scope (sync-protocol.md): which districts' rows a user reads and writes.
 * Staff read their districts and the city's (440300) and write their
 * districts; an admin reads and writes all. Moving a row out of a writable
 * district is a transfer and allowed. */
#pragma once

#include "dq-server-storage.h"

G_BEGIN_DECLS

gboolean dq_server_scope_can_read (const DqServerUser *user,
                                   const char         *district);
gboolean dq_server_scope_can_write (const DqServerUser *user,
                                    const char         *district);
/* The districts a pull reads (NULL-terminated), or NULL for all. */
char **dq_server_scope_read_districts (const DqServerUser *user);
/* A DqApplyCheckFunc; @data is the pushing DqServerUser. */
int dq_server_scope_check (const DqChange *change,
                           const DqValue  *current,
                           gpointer        data);
/* Whether the row whose changes are @changes (dq_store_row_changes()) may
 * be shown to @user: its district is readable. */
gboolean dq_server_scope_row_visible (const DqServerUser *user,
                                      GPtrArray          *changes);

G_END_DECLS
