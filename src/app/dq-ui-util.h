/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small pieces every page uses: toasts, sorting a GtkColumnView over a
 * DqRowModel in SQL, list cells showing a DqRow's column. */
#pragma once

#include <adwaita.h>

#include "dq-row-model.h"

G_BEGIN_DECLS

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

G_END_DECLS
