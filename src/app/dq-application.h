/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqApplication: owns the replica (DqStore) and its sync client
 * (DqSyncEngine) and the one main window. Pages get the store and the
 * engine from the window; none opens the database itself. The replica lives
 * in the data folder (--data-dir, default ~/.local/share/dangqun); exploring
 * the demo offline uses a separate replica (demo.db) there, so demo rows can
 * never reach a real server. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_APPLICATION (dq_application_get_type ())
G_DECLARE_FINAL_TYPE (DqApplication, dq_application, DQ, APPLICATION, AdwApplication)

DqApplication *dq_application_new (void);
DqStore       *dq_application_get_store (DqApplication *self);
DqSyncEngine  *dq_application_get_engine (DqApplication *self);
const char    *dq_application_get_data_dir (DqApplication *self);
/* Whether the open replica is the offline demo (no server). */
gboolean dq_application_is_demo (DqApplication *self);

G_END_DECLS
