/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRowModel: a GListModel of DqRow over one table of the replica that
 * fetches rows from SQLite on demand, a page at a time, and keeps only a few
 * pages: it opens and scrolls instantly at 500,000 rows and never holds the
 * table in memory. Filter, search and sort are SQL; changing any of them, or
 * a change of the table in the store or from the sync engine, re-counts and
 * emits one items-changed. Deleted rows are never listed. */
#pragma once

#include <gio/gio.h>

#include "dq-row.h"
#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_ROW_MODEL (dq_row_model_get_type ())
G_DECLARE_FINAL_TYPE (DqRowModel, dq_row_model, DQ, ROW_MODEL, GObject)

DqRowModel    *dq_row_model_new (DqStore    *store,
                                 const char *table);
DqStore       *dq_row_model_get_store (DqRowModel *self);
const DqTable *dq_row_model_get_table (DqRowModel *self);

/* An SQL condition over the table's columns (the table is aliased "t"),
 * with ?-parameters bound as text from @params (NULL-terminated, may be
 * NULL); NULL removes it. Example: "t.category = ? AND t.lost_contact = 1". */
void dq_row_model_set_filter (DqRowModel        *self,
                              const char        *where_sql,
                              const char *const *params);
/* Any part of the searchable columns (names; a member's phone or ID
 * number), as dq_store_search(); NULL or "" lists everything. */
void        dq_row_model_set_search (DqRowModel *self,
                                     const char *text);
const char *dq_row_model_get_search (DqRowModel *self);
/* Order by @column (NULL: the table's display column), then by the row's
 * place in the file (which every index holds). */
void dq_row_model_set_sort (DqRowModel *self,
                            const char *column,
                            gboolean    descending);
/* Rows carry the display name of the row that REF column @column points at
 * (dq_row_get_ref_name()). Call before the first read. */
void dq_row_model_add_ref (DqRowModel *self,
                           const char *column);
/* A recycling model keeps the DqRow objects a view holds across reloads and
 * gives them their new records in place (DqRow::changed), telling the view
 * only that the count changed: a view that follows ::changed on its rows
 * redraws without rebuilding its row widgets (GTK 4.8's GtkColumnView
 * takes ~60 ms to rebuild a screenful). Only for flat lists whose cells
 * follow DqRow::changed (dq_row_column_new() does); a tree keyed by its
 * rows must not recycle. Off by default. */
void dq_row_model_set_recycle (DqRowModel *self,
                               gboolean    recycle);
/* Reloads on ::changed of @source for this table (a DqStore or a
 * DqSyncEngine). The model's own store is watched already. */
void dq_row_model_watch (DqRowModel *self,
                         GObject    *source);
/* Re-counts and tells the view that every row may have changed. */
void dq_row_model_reload (DqRowModel *self);
/* Position of the row @id in the model, or G_MAXUINT (one indexed query). */
guint dq_row_model_find (DqRowModel *self,
                         const char *id);

G_END_DECLS
