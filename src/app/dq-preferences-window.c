/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqPreferencesWindow: what there is to know and do about the account and
 * the copy of the records on this computer — the city server and account
 * (read-only: changing account is signing out and in again on the sync
 * page), the data folder (opened in Files), the size of the replica and how
 * many records of each kind it holds. Only settings that do something: the
 * app has no options worth a switch yet. Opened by the window's
 * app.preferences action; reads the store and the engine, changes nothing. */
#define G_LOG_DOMAIN "dq-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dq-codes.h"
#include "dq-format.h"
#include "dq-preferences-window.h"
#include "dq-schema.h"

struct _DqPreferencesWindow {
  AdwPreferencesWindow parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  guint         counts_id;

  AdwActionRow *server_row;
  AdwActionRow *user_row;
  AdwActionRow *districts_row;
  AdwActionRow *folder_row;
  AdwActionRow *size_row;
  AdwActionRow *last_sync_row;
  GtkListBox   *counts_list;
};

G_DEFINE_FINAL_TYPE (DqPreferencesWindow, dq_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Helpers */

/* "504,866", as the overview writes counts. */
static char *
format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  GString         *out = g_string_new (NULL);
  gsize            len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
data_folder (DqPreferencesWindow *self)
{
  return g_path_get_dirname (dq_store_get_path (self->store));
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : 0;
}

static void
update_account (DqPreferencesWindow *self)
{
  const char        *server = dq_sync_engine_get_server (self->engine);
  const char        *user = dq_sync_engine_get_user (self->engine);
  const char        *role = dq_sync_engine_get_role (self->engine);
  const char *const *districts = dq_sync_engine_get_districts (self->engine);
  gint64             last = dq_sync_engine_get_last_sync (self->engine);
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;

  adw_action_row_set_subtitle (self->server_row, server != NULL ? server : _ ("Not signed in"));

  if (user == NULL)
    who = g_strdup (_ ("Not signed in"));
  else if (g_strcmp0 (role, "admin") == 0)
    /* TRANSLATORS: a user name and its role */
    who = g_strdup_printf (_ ("%s (administrator)"), user);
  else if (g_strcmp0 (role, "staff") == 0)
    who = g_strdup_printf (_ ("%s (staff)"), user);
  else
    who = g_strdup (user);
  adw_action_row_set_subtitle (self->user_row, who);

  for (guint i = 0; districts != NULL && districts[i] != NULL; i++)
    {
      const DqDistrict *d = dq_district_lookup (districts[i]);

      if (i > 0)
        g_string_append (names, C_ ("list separator", ", "));
      g_string_append (names, d != NULL ? d->name : districts[i]);
    }
  adw_action_row_set_subtitle (self->districts_row, names->len > 0 ? names->str : _ ("None"));

  when = last > 0 ? dq_format_time_ms (last) : g_strdup (_ ("Never"));
  adw_action_row_set_subtitle (self->last_sync_row, when);
}

static void
update_files (DqPreferencesWindow *self)
{
  const char      *path = dq_store_get_path (self->store);
  g_autofree char *folder = data_folder (self);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *size = g_format_size ((guint64) (file_size (path) + file_size (wal)));

  adw_action_row_set_subtitle (self->folder_row, folder);
  adw_action_row_set_subtitle (self->size_row, size);
}

/* One count per table, in one statement; at city scale a fraction of a
 * second, so it runs once, after the window is shown. */
static void
update_counts (DqPreferencesWindow *self)
{
  g_autoptr (GString) sql = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);
  guint          shown = 0;

  for (guint t = 0; t < n_tables; t++)
    g_string_append_printf (sql, "%sSELECT %u, count(*) FROM %s WHERE deleted = 0",
                            t > 0 ? " UNION ALL " : "", t, tables[t].name);
  rows = dq_store_select (self->store, sql->str, NULL, &error);
  if (rows == NULL)
    {
      g_warning ("Counting records: %s", error->message);
      return;
    }
  g_ptr_array_set_free_func (rows, (GDestroyNotify) g_strfreev);

  for (guint i = 0; i < rows->len; i++)
    {
      GStrv            row = g_ptr_array_index (rows, i);
      guint            t = (guint) g_ascii_strtoull (row[0], NULL, 10);
      gint64           n = g_ascii_strtoll (row[1], NULL, 10);
      GtkWidget       *list_row, *label;
      g_autofree char *text = NULL;

      if (t >= n_tables || n == 0)
        continue;
      text = format_count (n);
      list_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (list_row), dq_table_label (&tables[t]));
      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (list_row), label);
      gtk_list_box_append (self->counts_list, list_row);
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *empty = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (empty), _ ("No records yet"));
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_list_box_append (self->counts_list, empty);
    }
}

static void
engine_notify_cb (DqPreferencesWindow *self)
{
  update_account (self);
}

static void
counts_due_cb (gpointer data)
{
  DqPreferencesWindow *self = data;

  self->counts_id = 0;
  update_counts (self);
}

/* Actions */

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DqPreferencesWindow *self = DQ_PREFERENCES_WINDOW (widget);
  g_autofree char     *folder = data_folder (self);
  g_autoptr (GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* Overrides */

static void
dq_preferences_window_map (GtkWidget *widget)
{
  DqPreferencesWindow *self = DQ_PREFERENCES_WINDOW (widget);

  GTK_WIDGET_CLASS (dq_preferences_window_parent_class)->map (widget);

  if (self->counts_id == 0 && gtk_widget_get_first_child (GTK_WIDGET (self->counts_list)) == NULL)
    self->counts_id = g_idle_add_once (counts_due_cb, self);
}

static void
dq_preferences_window_dispose (GObject *object)
{
  DqPreferencesWindow *self = DQ_PREFERENCES_WINDOW (object);

  g_clear_handle_id (&self->counts_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (dq_preferences_window_parent_class)->dispose (object);
}

static void
dq_preferences_window_class_init (DqPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_preferences_window_dispose;
  widget_class->map = dq_preferences_window_map;

  gtk_widget_class_set_template_from_resource (
      widget_class, "/io/github/dangqun/Dangqun/ui/dq-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DqPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, DqPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, DqPreferencesWindow, districts_row);
  gtk_widget_class_bind_template_child (widget_class, DqPreferencesWindow, folder_row);
  gtk_widget_class_bind_template_child (widget_class, DqPreferencesWindow, size_row);
  gtk_widget_class_bind_template_child (widget_class, DqPreferencesWindow, last_sync_row);
  gtk_widget_class_bind_template_child (widget_class, DqPreferencesWindow, counts_list);

  gtk_widget_class_install_action (widget_class, "preferences.open-folder", NULL,
                                   open_folder_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dq_preferences_window_init (DqPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
dq_preferences_window_new (GtkWindow    *parent,
                           DqStore      *store,
                           DqSyncEngine *engine)
{
  DqPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DQ_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->engine = g_object_ref (engine);
  g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb), self,
                           G_CONNECT_SWAPPED);
  update_account (self);
  update_files (self);

  return GTK_WIDGET (self);
}
