/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqHistoryView: what the replica knows of one row's past — each change
 * with who made it, when, at which desk, and the fields it set (labels from
 * the schema, values formatted and masked). Reads dq_store_history(); the
 * page showing the row tells it which row and when to read again. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_HISTORY_VIEW (dq_history_view_get_type ())
G_DECLARE_FINAL_TYPE (DqHistoryView, dq_history_view, DQ, HISTORY_VIEW, AdwBin)

GtkWidget *dq_history_view_new (DqStore *store);
/* Shows the history of @id in @table (read now); a NULL @id clears it. */
void dq_history_view_set_row (DqHistoryView *self,
                              const char    *table,
                              const char    *id);

G_END_DECLS
