/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqWindow: the main window. A sidebar of areas (概览, 党组织, 党员, 同步)
 * beside the selected page, folding below 1100 pixels; the header bar holds
 * the district's name, the global search (Ctrl+F), the sync indicator and
 * the main menu. Before the first sign-in it shows the sign-in page. It
 * shows what the application's store and engine hold; it owns neither. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_WINDOW (dq_window_get_type ())
G_DECLARE_FINAL_TYPE (DqWindow, dq_window, DQ, WINDOW, AdwApplicationWindow)

DqWindow *dq_window_new (GtkApplication *application);
/* Shows @store's records and @engine's state; replaces what was shown. */
void dq_window_set_replica (DqWindow     *self,
                            DqStore      *store,
                            DqSyncEngine *engine,
                            gboolean      demo);
/* The engine has read the replica (its first refresh finished): whether
 * someone is signed in is now its word, not the replica's. */
void dq_window_engine_ready (DqWindow *self);
/* "login", "loading" or "main". */
const char *dq_window_get_mode (DqWindow *self);
/* Shows the demo being prepared: @fraction of 0..1. */
void dq_window_show_progress (DqWindow   *self,
                              const char *text,
                              double      fraction);
/* The page shown: "overview", "orgs", "members" or "sync". */
const char *dq_window_get_page (DqWindow *self);
GtkWidget  *dq_window_get_page_widget (DqWindow   *self,
                                       const char *name);

G_END_DECLS
