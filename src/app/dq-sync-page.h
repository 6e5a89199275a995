/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSyncPage: where sync stands (同步) — account, pending changes, the
 * changes the server refused, sync now, sign out. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_SYNC_PAGE (dq_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (DqSyncPage, dq_sync_page, DQ, SYNC_PAGE, AdwBin)

GtkWidget *dq_sync_page_new (DqStore      *store,
                             DqSyncEngine *engine);

/* The engine's state in words as the pages say it: dq_sync_state_describe(),
 * except "3 changes waiting to sync" when nothing failed but local changes
 * are not sent yet, and "Not signed in" before the first sign-in. */
char *dq_sync_page_describe (DqSyncEngine *engine);

G_END_DECLS
