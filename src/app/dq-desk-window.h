/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqDeskWindow: 签到台, one focused screen for checking people in at the
 * door of a running activity. A single entry always has the focus and takes
 * what a USB scanner types (a card's payload and Enter), an ID number, a
 * phone number or a name; the outcome shows at once, big and in colour,
 * with the counts and this desk's recent check-ins. It only touches the
 * local replica, so it works the same offline. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_DESK_WINDOW (dq_desk_window_get_type ())
G_DECLARE_FINAL_TYPE (DqDeskWindow, dq_desk_window, DQ, DESK_WINDOW, AdwWindow)

/* @parent and @engine may be NULL. */
GtkWidget *dq_desk_window_new (GtkWindow    *parent,
                               DqStore      *store,
                               DqSyncEngine *engine,
                               const char   *activity_id);
/* The entry that takes scans and typing (for tests). */
GtkWidget *dq_desk_window_get_entry (DqDeskWindow *self);
/* What the outcome area says now, as one line of text (for tests). */
const char *dq_desk_window_get_message (DqDeskWindow *self);

G_END_DECLS
