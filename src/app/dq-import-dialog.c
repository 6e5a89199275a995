/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqImportDialog: a CSV file into one table, all rows or none.
 *
 * Choosing a file starts a GTask that reads and parses it on a worker
 * thread (DqImport); the rows its id column names are then read from the
 * replica here, on the store's thread, and a second task checks every row.
 * The preview shows the first rows with each wrong cell marked, personal
 * data masked, and every problem as 第 N 行，“列名”：…; 导入 stays disabled
 * until there is none. Importing is one dq_store_write_many() on the main
 * thread, started once the "importing" page has been drawn. */
#define G_LOG_DOMAIN "dq-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-format.h"
#include "dq-import-dialog.h"
#include "dq-import.h"
#include "dq-schema.h"
#include "dq-ui-util.h"

/* Rows shown in the preview; the problems list covers the whole file. */
#define PREVIEW_ROWS 200

struct _DqImportDialog {
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *cancel_button;
  GtkWidget      *import_button;
  GtkWidget      *choose_button;
  GtkStack       *stack;
  AdwStatusPage  *choose_page;
  AdwStatusPage  *failed_page;
  GtkSpinner     *loading_spinner;
  GtkLabel       *summary_label;
  GtkColumnView  *preview_view;
  GtkLabel       *preview_note;
  GtkWidget      *problems_box;
  GtkLabel       *problems_title;
  GtkListView    *problems_view;
  GtkSpinner     *importing_spinner;
  GtkLabel       *importing_label;

  DqStore              *store;
  const DqTable        *table;
  char                 *district; /* the replica's one district, for new rows */
  GCancellable         *cancellable;
  DqImport             *import;    /* checked, shown in the preview */
  GHashTable           *bad_cells; /* "row:field" → message */
  GHashTable           *ref_names; /* "table/id" → name, for the preview */
  GtkFileChooserNative *chooser;
  guint                 ticks;
  gboolean              importing;
  gboolean              closing;
};

G_DEFINE_FINAL_TYPE (DqImportDialog, dq_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void check_done_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

/* Helpers */

static char *
cell_key (guint row,
          int   field)
{
  return g_strdup_printf ("%u:%d", row, field);
}

static void
show_failed (DqImportDialog *self,
             const char     *message)
{
  gtk_spinner_stop (self->loading_spinner);
  adw_status_page_set_description (self->failed_page, message);
  gtk_stack_set_visible_child_name (self->stack, "failed");
  gtk_widget_set_visible (self->choose_button, TRUE);
  gtk_widget_set_visible (self->import_button, FALSE);
}

/* The replica's one district, when it holds only one: new rows of a file
 * without a district column go there. */
static char *
only_district (DqStore *store)
{
  g_autoptr (GPtrArray) rows =
      dq_store_select (store, "SELECT DISTINCT district FROM org WHERE district <> '' LIMIT 2", NULL, NULL);

  if (rows != NULL && rows->len == 1)
    return g_strdup (((GStrv) g_ptr_array_index (rows, 0))[0]);
  return NULL;
}

static guint
n_to_write (DqImportDialog *self)
{
  return self->import ? dq_import_get_records (self->import)->len : 0;
}

static void
update_import_action (DqImportDialog *self)
{
  gboolean ok = self->import != NULL && !self->importing &&
                dq_import_get_n_problems (self->import) == 0 && n_to_write (self) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", ok);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !self->importing);
}

/* The name of the row @id of the table @column points at, read once. */
static const char *
ref_name (DqImportDialog *self,
          const DqColumn *column,
          const char     *id)
{
  const DqTable   *target = dq_schema_table (column->target);
  g_autofree char *key = g_strdup_printf ("%s/%s", column->target, id);
  char            *name;

  if (target == NULL || target->display == NULL)
    return NULL;
  if (!g_hash_table_lookup_extended (self->ref_names, key, NULL, (gpointer *) &name))
    {
      g_autoptr (DqRecord) record = dq_store_get (self->store, target->name, id, NULL);

      name = record ? g_strdup (dq_record_get_text (record, target->display)) : NULL;
      g_hash_table_insert (self->ref_names, g_steal_pointer (&key), name);
    }
  return name;
}

/* The preview's cells: the text of the file, personal data masked, the
 * name of the row a reference points at. */
static char *
cell_text (DqImportDialog *self,
           int             column_index,
           const char     *text)
{
  const DqColumn  *column;
  g_autofree char *trimmed = NULL;
  DqValue          value = { 0 };

  if (column_index < 0)
    return g_strdup (text);
  column = &self->table->columns[column_index];
  if (column->kind == DQ_COL_REF)
    {
      g_autofree char *id = g_strstrip (g_strdup (text));
      const char      *name = id[0] ? ref_name (self, column, id) : NULL;

      return g_strdup (name ? name : text);
    }
  if (!(column->flags & DQ_COL_FLAG_SENSITIVE))
    return g_strdup (text);

  trimmed = g_strstrip (g_strdup (text));
  value.kind = DQ_VALUE_TEXT;
  value.s = trimmed;
  return dq_format_value (column, &value, TRUE);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               DqImportDialog           *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_list_item_set_child (item, label);
}

/* Each item is a GtkStringObject holding the row's index in the file. */
static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              DqImportDialog           *self)
{
  GtkWidget       *label = gtk_list_item_get_child (item);
  const char      *index_text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  guint            index = (guint) g_ascii_strtoull (index_text, NULL, 10);
  int              field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "field"));
  GPtrArray       *rows = dq_import_get_rows (self->import);
  GStrv            cells = g_ptr_array_index (rows, index);
  g_autofree char *key = cell_key (index + 1, field);
  const char      *problem = g_hash_table_lookup (self->bad_cells, key);
  g_autofree char *text = NULL;

  if (field < 0)
    text = g_strdup_printf ("%u", index + 1);
  else if (field < (int) g_strv_length (cells))
    text = cell_text (self, dq_import_get_field_column (self->import, (guint) field), cells[field]);
  else
    text = g_strdup ("");

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, problem);
  if (problem != NULL)
    {
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (label, "heading");
      if (text[0] == '\0')
        gtk_label_set_text (GTK_LABEL (label), _ ("(empty)"));
    }
  else
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "heading");
    }
  if (field < 0)
    gtk_widget_add_css_class (label, "dim-label");
}

static GtkColumnViewColumn *
preview_column (DqImportDialog *self,
                int             field,
                const char     *title)
{
  GtkListItemFactory  *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "field", GINT_TO_POINTER (field));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  return column;
}

static void
clear_preview_columns (DqImportDialog *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->preview_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->preview_view, column);
    }
}

static void
setup_problem_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_problem_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static char *
summary_text (DqImportDialog *self)
{
  guint            n_rows = dq_import_get_n_data_rows (self->import);
  guint            n_problems = dq_import_get_n_problems (self->import);
  g_autofree char *rows = g_strdup_printf (ngettext ("%u row of data", "%u rows of data", n_rows), n_rows);

  if (n_problems > 0)
    {
      g_autofree char *problems =
          g_strdup_printf (ngettext ("%u problem", "%u problems", n_problems), n_problems);

      /* TRANSLATORS: "5 rows of data", "2 problems" */
      return g_strdup_printf (_ ("%s, %s. Nothing is imported until every row is right: correct the file and choose it again."),
                              rows, problems);
    }
  if (n_to_write (self) == 0)
    /* TRANSLATORS: %s is "5 rows of data" */
    return g_strdup_printf (_ ("%s, all already as in the file: nothing to import."), rows);
  /* TRANSLATORS: %s is "5 rows of data"; then counts of records */
  return g_strdup_printf (_ ("%s, no problems: %u new, %u updated, %u unchanged."), rows,
                          dq_import_get_n_new (self->import), dq_import_get_n_updated (self->import),
                          dq_import_get_n_unchanged (self->import));
}

static void
show_preview (DqImportDialog *self)
{
  GPtrArray *rows = dq_import_get_rows (self->import);
  GPtrArray *problems = dq_import_get_problems (self->import);
  guint      n_problems = dq_import_get_n_problems (self->import);
  GStrv      header = g_ptr_array_index (rows, 0);
  g_autoptr (GtkStringList) items = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) lines = gtk_string_list_new (NULL);
  g_autoptr (GtkNoSelection) selection = NULL;
  g_autofree char *summary = summary_text (self);
  g_autofree char *button = NULL;
  g_autofree char *note = NULL;
  guint            n_shown = 0;
  guint            n_button;
  gboolean         masked = FALSE;

  gtk_spinner_stop (self->loading_spinner);
  g_hash_table_remove_all (self->bad_cells);
  for (guint i = 0; i < problems->len; i++)
    {
      DqImportProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *key = cell_key (problem->row, problem->field);
      g_autofree char *line = dq_import_problem_format (problem);
      const char      *earlier = g_hash_table_lookup (self->bad_cells, key);

      gtk_string_list_append (lines, line);
      g_hash_table_insert (self->bad_cells, g_steal_pointer (&key),
                           earlier ? g_strconcat (earlier, "\n", problem->message, NULL)
                                   : g_strdup (problem->message));
    }
  if (n_problems > problems->len)
    {
      guint            more = n_problems - problems->len;
      g_autofree char *line = g_strdup_printf (ngettext ("… and %u more problem", "… and %u more problems", more), more);

      gtk_string_list_append (lines, line);
    }

  /* The columns as the header names them; a header problem marks its
   * column's title. */
  clear_preview_columns (self);
  {
    g_autoptr (GtkColumnViewColumn) number = preview_column (self, -1, _ ("Row"));

    gtk_column_view_append_column (self->preview_view, number);
  }
  for (guint i = 0; header[i] != NULL; i++)
    {
      int              index = dq_import_get_field_column (self->import, i);
      g_autofree char *key = cell_key (1, (int) i);
      g_autofree char *title = NULL;
      g_autoptr (GtkColumnViewColumn) column = NULL;

      if (index >= 0)
        {
          title = g_strdup (dq_column_label (&self->table->columns[index]));
          masked |= (self->table->columns[index].flags & DQ_COL_FLAG_SENSITIVE) != 0;
        }
      else if (index == DQ_IMPORT_ID_FIELD)
        title = g_strdup (dq_import_id_label ());
      else
        title = g_strstrip (g_strdup (header[i]));
      if (g_hash_table_contains (self->bad_cells, key))
        {
          g_autofree char *plain = g_steal_pointer (&title);

          title = g_strconcat ("⚠ ", plain, NULL);
        }
      column = preview_column (self, (int) i, title);
      gtk_column_view_column_set_expand (column, header[i + 1] == NULL);
      gtk_column_view_append_column (self->preview_view, column);
    }

  for (guint i = 1; i < rows->len && n_shown < PREVIEW_ROWS; i++)
    {
      GStrv    cells = g_ptr_array_index (rows, i);
      gboolean blank = TRUE;

      for (guint j = 0; cells[j] != NULL && blank; j++)
        {
          g_autofree char *text = g_strstrip (g_strdup (cells[j]));

          blank = text[0] == '\0';
        }
      if (!blank)
        {
          g_autofree char *index = g_strdup_printf ("%u", i);

          gtk_string_list_append (items, index);
          n_shown++;
        }
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&items)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));

  if (n_shown < dq_import_get_n_data_rows (self->import))
    note = g_strdup_printf (_ ("The first %u rows are shown."), n_shown);
  if (masked)
    {
      g_autofree char *first = g_steal_pointer (&note);

      note = g_strconcat (first ? first : "", first ? " " : "",
                          _ ("Personal data (ID numbers, phones, addresses) is shown masked."), NULL);
    }
  gtk_label_set_text (self->preview_note, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_note), note != NULL);

  {
    g_autoptr (GtkNoSelection) problem_selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&lines)));
    g_autofree char *title = g_strdup_printf (ngettext ("%u problem to correct in the file", "%u problems to correct in the file", n_problems),
                                              n_problems);

    gtk_list_view_set_model (self->problems_view, GTK_SELECTION_MODEL (problem_selection));
    gtk_label_set_text (self->problems_title, title);
    gtk_widget_set_visible (self->problems_box, n_problems > 0);
  }

  gtk_label_set_text (self->summary_label, summary);
  if (n_problems > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_label), "error");

  /* While the file has problems, what it would import once corrected. */
  n_button = n_problems > 0 ? dq_import_get_n_data_rows (self->import) : n_to_write (self);
  button = g_strdup_printf (ngettext ("_Import %u Record", "_Import %u Records", n_button), n_button);
  gtk_button_set_label (GTK_BUTTON (self->import_button), button);
  gtk_widget_set_visible (self->import_button, TRUE);
  gtk_widget_set_visible (self->choose_button, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  update_import_action (self);
}

/* Reading: bytes and CSV on a worker thread. */

typedef struct {
  GFile    *file;
  DqImport *import;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->import, dq_import_free);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadJob         *job = task_data;
  g_autofree char *bytes = NULL;
  gsize            length;
  GError          *error = NULL;

  if (!g_file_load_contents (job->file, cancellable, &bytes, &length, NULL, &error) ||
      !dq_import_read (job->import, bytes, length, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  dq_import_check (task_data);
  g_task_return_pointer (task, task_data, (GDestroyNotify) dq_import_free);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  DqImportDialog *self = DQ_IMPORT_DIALOG (source);
  ReadJob        *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) task = NULL;
  DqImport *import;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_failed (self, error->message);
      return;
    }

  /* The rows the file's ids name come from the replica, on its thread. */
  import = g_steal_pointer (&job->import);
  if (!dq_import_fetch (import, self->store, &error))
    {
      dq_import_free (import);
      show_failed (self, error->message);
      return;
    }

  task = g_task_new (self, self->cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, read_done_cb);
  /* The import is the task's result: it goes back with it. */
  g_task_set_task_data (task, import, NULL);
  g_task_run_in_thread (task, check_thread);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  DqImportDialog *self = DQ_IMPORT_DIALOG (source);
  DqImport       *import = g_task_propagate_pointer (G_TASK (result), NULL);

  if (import == NULL)
    return;

  g_clear_pointer (&self->import, dq_import_free);
  self->import = import;
  show_preview (self);
}

/* Importing: one transaction on the main thread, once the page showing
 * that it runs has been drawn. */

static void
write_import (gpointer data)
{
  g_autoptr (DqImportDialog) self = data;
  g_autoptr (GError) error = NULL;
  guint  n = n_to_write (self);
  gint64 start = g_get_monotonic_time ();

  if (self->closing || self->import == NULL)
    return;

  if (!dq_import_write (self->import, self->store, &error))
    {
      g_autofree char *message = g_strdup_printf (_ ("Nothing was imported: %s"), error->message);

      self->importing = FALSE;
      gtk_spinner_stop (self->importing_spinner);
      gtk_label_set_text (self->summary_label, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
      gtk_stack_set_visible_child_name (self->stack, "preview");
      gtk_widget_set_sensitive (self->cancel_button, TRUE);
      update_import_action (self);
      return;
    }
  g_debug ("Imported %u records in %" G_GINT64_FORMAT " ms", n, (g_get_monotonic_time () - start) / 1000);

  {
    g_autofree char *toast = g_strdup_printf (ngettext ("%u record imported", "%u records imported", n), n);

    dq_show_toast (GTK_WIDGET (self), toast);
  }
  self->importing = FALSE;
  self->closing = TRUE;
  g_signal_emit (self, signals[IMPORTED], 0, n);
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
importing_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       data)
{
  DqImportDialog *self = data;

  /* The second tick comes after the frame that drew the page. */
  if (++self->ticks < 2)
    return G_SOURCE_CONTINUE;
  g_idle_add_once (write_import, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqImportDialog  *self = DQ_IMPORT_DIALOG (widget);
  g_autofree char *text = NULL;
  guint            n = n_to_write (self);

  if (self->import == NULL || self->importing || dq_import_get_n_problems (self->import) > 0 || n == 0)
    return;

  self->importing = TRUE;
  update_import_action (self);
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  text = g_strdup_printf (ngettext ("Importing %u record…", "Importing %u records…", n), n);
  gtk_label_set_text (self->importing_label, text);
  gtk_stack_set_visible_child_name (self->stack, "importing");
  gtk_spinner_start (self->importing_spinner);
  self->ticks = 0;
  gtk_widget_add_tick_callback (GTK_WIDGET (self->importing_spinner), importing_tick_cb, self, NULL);
}

/* Choosing a file */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     DqImportDialog  *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    dq_import_dialog_load_file (self, file, NULL);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqImportDialog *self = DQ_IMPORT_DIALOG (widget);
  g_autoptr (GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL || self->importing)
    return;

  self->chooser = gtk_file_chooser_native_new (_ ("Choose a CSV File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (csv, _ ("CSV files"));
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_set_name (all, _ ("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Overrides */

static gboolean
dq_import_dialog_close_request (GtkWindow *window)
{
  DqImportDialog *self = DQ_IMPORT_DIALOG (window);

  /* The write is one transaction: it finishes, or nothing happened. */
  if (self->importing && !self->closing)
    return TRUE;
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (dq_import_dialog_parent_class)->close_request (window);
}

static void
dq_import_dialog_dispose (GObject *object)
{
  DqImportDialog *self = DQ_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->preview_view != NULL)
    gtk_column_view_set_model (self->preview_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_import_dialog_parent_class)->dispose (object);
}

static void
dq_import_dialog_finalize (GObject *object)
{
  DqImportDialog *self = DQ_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->import, dq_import_free);
  g_clear_pointer (&self->bad_cells, g_hash_table_unref);
  g_clear_pointer (&self->ref_names, g_hash_table_unref);
  g_clear_pointer (&self->district, g_free);

  G_OBJECT_CLASS (dq_import_dialog_parent_class)->finalize (object);
}

static void
dq_import_dialog_class_init (DqImportDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dq_import_dialog_dispose;
  object_class->finalize = dq_import_dialog_finalize;
  window_class->close_request = dq_import_dialog_close_request;

  /* The records were written (guint: how many). */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, choose_page);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, preview_note);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, problems_box);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, problems_title);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, problems_view);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, importing_spinner);
  gtk_widget_class_bind_template_child (widget_class, DqImportDialog, importing_label);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dq_import_dialog_init (DqImportDialog *self)
{
  g_autoptr (GtkListItemFactory) problems = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->bad_cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ref_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_signal_connect (problems, "setup", G_CALLBACK (setup_problem_cb), NULL);
  g_signal_connect (problems, "bind", G_CALLBACK (bind_problem_cb), NULL);
  gtk_list_view_set_factory (self->problems_view, problems);
  update_import_action (self);
}

/* Public API */

GtkWidget *
dq_import_dialog_new (GtkWindow  *parent,
                      DqStore    *store,
                      const char *table)
{
  DqImportDialog  *self;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  const char      *label;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (dq_schema_table (table) != NULL, NULL);

  self = g_object_new (DQ_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->table = dq_schema_table (table);
  self->district = only_district (store);

  label = dq_table_label (self->table);
  /* TRANSLATORS: the title of the import window; %s is the kind of record: 党员 */
  title = g_strdup_printf (_ ("Import %s"), label);
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  description = g_strdup_printf (_ ("The first row names the columns, by their names in Dangqun (such as “%s”) or in the database. "
                                    "Every row is checked before anything is written: the records are imported all together, or not at all."),
                                 self->table->display ? dq_column_label (dq_table_column (self->table, self->table->display))
                                                      : label);
  adw_status_page_set_description (self->choose_page, description);

  return GTK_WIDGET (self);
}

gboolean
dq_import_dialog_load_file (DqImportDialog *self,
                            GFile          *file,
                            GError        **error)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *name = NULL;
  ReadJob         *job;

  g_return_val_if_fail (DQ_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->importing)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _ ("The records are being imported; wait until it is done"));
      return FALSE;
    }

  /* A file chosen while another is read replaces it. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->import, dq_import_free);
  update_import_action (self);

  name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, name);
  gtk_widget_set_visible (self->import_button, FALSE);
  gtk_widget_set_visible (self->choose_button, FALSE);
  gtk_spinner_start (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  job = g_new0 (ReadJob, 1);
  job->file = g_object_ref (file);
  job->import = dq_import_new (self->table);
  if (self->district != NULL)
    {
      g_autoptr (DqRecord) defaults = dq_record_new (self->table, NULL);

      dq_record_set_text (defaults, "district", self->district);
      dq_import_set_defaults (job->import, defaults);
    }

  task = g_task_new (self, self->cancellable, read_done_cb, NULL);
  g_task_set_source_tag (task, dq_import_dialog_load_file);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
  return TRUE;
}
