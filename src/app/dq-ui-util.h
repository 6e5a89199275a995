/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small pieces every page uses: toasts, sorting a GtkColumnView over a
 * DqRowModel in SQL, list cells showing a DqRow's column. */
#pragma once

#include <adwaita.h>

#include "dq-row-model.h"

G_BEGIN_DECLS

/* The window @widget is in (for dialogs to be transient for), or NULL. */
GtkWindow *dq_parent_window (GtkWidget *widget);
/* Shows @text in the nearest AdwToastOverlay above @widget. */
void dq_show_toast (GtkWidget  *widget,
                    const char *text);
/* A sorter that makes a GtkColumnViewColumn clickable for sorting by
 * @column_name; it never sorts anything itself (the model sorts in SQL). */
GtkSorter *dq_column_sorter_new (const char *column_name);
/* Keeps @model sorted as the user clicks @view's headers (columns whose
 * sorter came from dq_column_sorter_new()). */
void dq_column_view_sort_model (GtkColumnView *view,
                                DqRowModel    *model);
/* A column showing @column of each DqRow item, formatted and masked
 * (dq_row_format), or the name of the referenced row for a REF column;
 * sortable by it when the replica has an index for it (indexed columns and
 * the display column). Title: the schema's label. */
GtkColumnViewColumn *dq_row_column_new (const DqTable *table,
                                        const char    *column,
                                        gboolean       mask);

/* A message dialog over @parent with one button, 关闭: @title, then
 * @message (may be NULL). */
void dq_show_error (GtkWindow  *parent,
                    const char *title,
                    const char *message);
/* Runs @operation (transfer full) through the GTK print dialog over
 * @parent (print, or save as PDF), without waiting; a failure is shown
 * under @failure_title. */
void dq_print_dialog_run (GtkWindow         *parent,
                          GtkPrintOperation *operation,
                          const char        *failure_title);
/* Saves what @operation draws as a PDF file at @path, now. */
gboolean dq_print_export_pdf (GtkPrintOperation *operation,
                              const char        *path,
                              GError           **error);

G_END_DECLS
