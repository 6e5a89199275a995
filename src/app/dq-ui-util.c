/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Pieces every page uses: toasts, and GtkColumnView columns over a
 * DqRowModel that sort in SQL. GTK 4.8 cannot tell which column a
 * GtkColumnViewSorter sorts by, so each column's sorter is a probe: asking
 * the view's sorter to compare two objects calls the primary column's
 * sorter first, and the answer's sign tells the direction. */
#define G_LOG_DOMAIN "dq-ui-util"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-ui-util.h"

static const char *probed_column;

static GtkWidget *
find_overlay (GtkWidget *root)
{
  if (ADW_IS_TOAST_OVERLAY (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_overlay (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWindow *
dq_parent_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
dq_show_toast (GtkWidget  *widget,
               const char *text)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      /* A dialog: the toast goes to the window it belongs to. */
      GtkRoot   *root = gtk_widget_get_root (widget);
      GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;

      overlay = find_overlay (parent ? GTK_WIDGET (parent) : root ? GTK_WIDGET (root)
                                                                  : widget);
    }
  if (overlay == NULL)
    {
      g_message ("%s", text);
      return;
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      column_name)
{
  if (probed_column == NULL)
    probed_column = column_name;
  return GTK_ORDERING_SMALLER;
}

GtkSorter *
dq_column_sorter_new (const char *column_name)
{
  char      *name = g_strdup (column_name);
  GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, name, g_free));

  return sorter;
}

static void
view_sorter_changed_cb (GtkSorter      *sorter,
                        GtkSorterChange change,
                        DqRowModel     *model)
{
  g_autoptr (GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr (GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;
  const char *column;

  probed_column = NULL;
  order = gtk_sorter_compare (sorter, a, b);
  column = probed_column;
  probed_column = NULL;

  dq_row_model_set_sort (model, column, column != NULL && order == GTK_ORDERING_LARGER);
}

void
dq_column_view_sort_model (GtkColumnView *view,
                           DqRowModel    *model)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));
  g_return_if_fail (DQ_IS_ROW_MODEL (model));

  g_signal_connect_object (gtk_column_view_get_sorter (view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), model, 0);
}

typedef struct {
  char    *column;
  gboolean mask;
} CellData;

static void
cell_data_free (gpointer data)
{
  CellData *cell = data;

  g_free (cell->column);
  g_free (cell);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               CellData                 *cell)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
show_cell (GtkListItem *item,
           CellData    *cell)
{
  DqRow           *row = gtk_list_item_get_item (item);
  g_autofree char *text = row ? dq_row_format (row, cell->column, cell->mask) : NULL;

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
}

static void
cell_row_changed_cb (DqRow       *row,
                     GtkListItem *item)
{
  show_cell (item, g_object_get_data (G_OBJECT (item), "dq-cell"));
}

/* A recycling model gives the row another record in place: follow it. */
static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CellData                 *cell)
{
  DqRow *row = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (item), "dq-cell", cell);
  if (row != NULL)
    g_signal_connect_object (row, "changed", G_CALLBACK (cell_row_changed_cb), item, 0);
  show_cell (item, cell);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                CellData                 *cell)
{
  DqRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, cell_row_changed_cb, item);
}

GtkColumnViewColumn *
dq_row_column_new (const DqTable *table,
                   const char    *column,
                   gboolean       mask)
{
  const DqColumn      *c = dq_table_column (table, column);
  GtkListItemFactory  *factory;
  GtkColumnViewColumn *view_column;
  g_autoptr (GtkSorter) sorter = NULL;
  CellData *cell;

  g_return_val_if_fail (c != NULL, NULL);

  cell = g_new0 (CellData, 1);
  cell->column = g_strdup (column);
  cell->mask = mask;
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), cell);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), cell);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), cell);
  g_object_set_data_full (G_OBJECT (factory), "dq-cell", cell, cell_data_free);

  view_column = gtk_column_view_column_new (dq_column_label (c), factory);
  /* Sortable where the replica keeps an index in that order: sorting
   * 500,000 rows on every page read would not be instant. */
  if ((c->flags & DQ_COL_FLAG_INDEXED) || g_strcmp0 (column, table->display) == 0)
    {
      sorter = dq_column_sorter_new (column);
      gtk_column_view_column_set_sorter (view_column, sorter);
    }
  gtk_column_view_column_set_resizable (view_column, TRUE);
  return view_column;
}

void
dq_show_error (GtkWindow  *parent,
               const char *title,
               const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, title, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _ ("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
print_done_cb (GtkPrintOperation      *operation,
               GtkPrintOperationResult result,
               GWeakRef               *parent_ref)
{
  g_autoptr (GtkWindow) parent = g_weak_ref_get (parent_ref);
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      dq_show_error (parent, g_object_get_data (G_OBJECT (operation), "dq-failure-title"),
                     error ? error->message : NULL);
    }
  /* The reference dq_print_dialog_run() took for the dialog's time. */
  g_object_unref (operation);
}

void
dq_print_dialog_run (GtkWindow         *parent,
                     GtkPrintOperation *operation,
                     const char        *failure_title)
{
  GWeakRef *parent_ref;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (GTK_IS_PRINT_OPERATION (operation));

  /* Released when the dialog is done, printed or not. */
  g_object_set_data_full (G_OBJECT (operation), "dq-failure-title", g_strdup (failure_title), g_free);
  gtk_print_operation_set_allow_async (operation, TRUE);
  parent_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (parent_ref, parent);
  g_signal_connect_data (operation, "done", G_CALLBACK (print_done_cb), parent_ref, (GClosureNotify) weak_ref_free,
                         0);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, NULL);
}

gboolean
dq_print_export_pdf (GtkPrintOperation *operation,
                     const char        *path,
                     GError           **error)
{
  g_return_val_if_fail (GTK_IS_PRINT_OPERATION (operation), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}
