/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRowTree: a table whose rows hang from each other by parent_id (party
 * organizations, service centers) as a GtkTreeListModel of on-demand
 * DqRowModels, one per expanded level, with a single selection. A level
 * reloads on every change of the table, and GTK then drops the rows below
 * it: the tree remembers what the user expanded and selected and puts it
 * back. The pages own the look of the rows; this owns their state. */
#pragma once

#include <gtk/gtk.h>

#include "dq-row-model.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_ROW_TREE (dq_row_tree_get_type ())
G_DECLARE_FINAL_TYPE (DqRowTree, dq_row_tree, DQ, ROW_TREE, GObject)

/* Top level: rows without a parent, or whose parent is not (or no longer)
 * in the replica, so that no row is out of reach. */
DqRowTree          *dq_row_tree_new (DqStore      *store,
                                     DqSyncEngine *engine,
                                     const char   *table);
GtkSingleSelection *dq_row_tree_get_selection (DqRowTree *self);
DqRowModel         *dq_row_tree_get_root (DqRowTree *self);
/* The row of the @position-th top-level row (transfer full), or NULL. */
GtkTreeListRow *dq_row_tree_get_root_row (DqRowTree *self,
                                          guint      position);
/* Follow the user expanding and collapsing @row while it is shown. */
void dq_row_tree_bind_row (DqRowTree      *self,
                           GtkTreeListRow *row);
void dq_row_tree_unbind_row (DqRowTree      *self,
                             GtkTreeListRow *row);
/* Expands @row and remembers it, as if the user had. */
void dq_row_tree_expand (DqRowTree      *self,
                         GtkTreeListRow *row);
/* @id and its ancestors, topmost first: GStrv rows of (id, display name). */
GPtrArray *dq_row_tree_chain (DqRowTree  *self,
                              const char *id);
/* Selects @id, expanding its ancestors; returns its position, or
 * G_MAXUINT when it is not in the tree (deleted, or not in this replica:
 * it is still the selected id, and nothing is selected). Emits
 * ::selected either way. */
guint       dq_row_tree_select (DqRowTree  *self,
                                const char *id);
const char *dq_row_tree_get_selected (DqRowTree *self);

G_END_DECLS
