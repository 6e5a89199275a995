/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqPreferencesWindow: the account and the data kept on this computer
 * (首选项). */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_PREFERENCES_WINDOW (dq_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (DqPreferencesWindow, dq_preferences_window, DQ, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *dq_preferences_window_new (GtkWindow    *parent,
                                      DqStore      *store,
                                      DqSyncEngine *engine);

G_END_DECLS
