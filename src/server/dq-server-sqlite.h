/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite backend of DqServerStorage: one file, DIR/replica.db, holding
 * the server's replica (a DqStore) and beside it the accounts, sessions,
 * failed logins and audit history, so that an accepted change and its audit
 * commit in one transaction. One writer connection behind a lock; pulls and
 * lookups use a pool of read connections (WAL: readers never wait). */
#pragma once

#include "dq-server-storage.h"

G_BEGIN_DECLS

DqServerStorage *dq_server_sqlite_open (const char *data_dir,
                                        GError    **error);

G_END_DECLS
