/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSyncPage: where sync stands, in words — the account, the last
 * successful sync, the changes made here and not yet sent, why the last
 * sync failed, and the changes the server refused (its value beside the
 * refused one, per field, masked). Sync now, clear the problems, sign out:
 * signing out with changes pending asks first, since they stay here until
 * the next sign-in. Everything shown comes from the DqSyncEngine's
 * properties and follows their notifications; the page keeps no state of
 * its own but the request it is running. Owned by the window. */
#define G_LOG_DOMAIN "dq-sync-page"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dq-codes.h"
#include "dq-format.h"
#include "dq-schema.h"
#include "dq-sync-page.h"
#include "dq-ui-util.h"

struct _DqSyncPage {
  AdwBin parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  GCancellable *cancellable;
  gboolean      syncing;     /* our sync request is running */
  gboolean      logging_out; /* our sign-out request is running */

  GtkImage            *state_icon;
  GtkLabel            *state_label;
  GtkLabel            *detail_label;
  GtkLabel            *error_label;
  GtkButton           *sync_button;
  GtkSpinner          *sync_spinner;
  GtkLabel            *sync_button_label;
  GtkButton           *logout_button;
  GtkLabel            *server_label;
  GtkLabel            *user_label;
  GtkLabel            *role_label;
  GtkLabel            *districts_label;
  GtkLabel            *last_sync_label;
  GtkLabel            *pending_label;
  AdwActionRow        *last_error_row;
  GtkListBox          *problems_list;
  AdwPreferencesGroup *problems_group;
};

G_DEFINE_FINAL_TYPE (DqSyncPage, dq_sync_page, ADW_TYPE_BIN)

/* Helpers */

static gboolean
signed_in (DqSyncPage *self)
{
  return dq_sync_engine_get_user (self->engine) != NULL &&
         dq_sync_engine_get_state (self->engine) != DQ_SYNC_STATE_NEEDS_LOGIN;
}

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "admin") == 0)
    return _ ("Administrator");
  if (g_strcmp0 (role, "staff") == 0)
    return _ ("Staff");
  return role;
}

static char *
districts_text (const char *const *districts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; districts != NULL && districts[i] != NULL; i++)
    {
      const DqDistrict *d = dq_district_lookup (districts[i]);

      if (i > 0)
        g_string_append (out, C_ ("list separator", ", "));
      g_string_append (out, d != NULL ? d->name : districts[i]);
    }
  return g_string_free (out, FALSE);
}

/* What to tell the user when a sync they asked for fails. */
static char *
sync_error_text (const GError *error)
{
  if (error->domain == DQ_SYNC_ERROR)
    switch ((DqSyncError) error->code)
      {
      case DQ_SYNC_ERROR_UNREACHABLE:
        return g_strdup (_ ("Cannot connect to the server. Your changes are kept on this computer "
                            "and will be sent when the connection is back."));
      case DQ_SYNC_ERROR_NEEDS_LOGIN:
      case DQ_SYNC_ERROR_INVALID_CREDENTIALS:
        return g_strdup (_ ("Your sign-in has expired. Sign in again to sync."));
      case DQ_SYNC_ERROR_TOO_MANY_ATTEMPTS:
        return g_strdup (_ ("The server is busy with too many requests. Try again in a few "
                            "minutes."));
      case DQ_SYNC_ERROR_CLOCK_WRONG:
        return g_strdup (_ ("This computer’s clock is wrong, so changes are held back. Correct "
                            "the date and time, then sync again."));
      case DQ_SYNC_ERROR_PENDING_CHANGES:
      case DQ_SYNC_ERROR_SERVER:
      case DQ_SYNC_ERROR_PROTOCOL:
      case DQ_SYNC_ERROR_BAD_URL:
      default:
        break;
      }
  /* TRANSLATORS: %s is the reason, already translated */
  return g_strdup_printf (_ ("Sync failed: %s"), error->message);
}

static const char *
state_icon_name (DqSyncState  state,
                 guint        pending,
                 const char **style)
{
  *style = NULL;
  switch (state)
    {
    case DQ_SYNC_STATE_UP_TO_DATE:
      if (pending > 0)
        return "emblem-synchronizing-symbolic";
      *style = "success";
      return "emblem-ok-symbolic";
    case DQ_SYNC_STATE_SYNCING:
      return "emblem-synchronizing-symbolic";
    case DQ_SYNC_STATE_OFFLINE:
      return "network-offline-symbolic";
    case DQ_SYNC_STATE_NEEDS_LOGIN:
      *style = "warning";
      return "dialog-password-symbolic";
    case DQ_SYNC_STATE_CLOCK_WRONG:
      *style = "warning";
      return "preferences-system-time-symbolic";
    case DQ_SYNC_STATE_ERROR:
    default:
      *style = "error";
      return "dialog-warning-symbolic";
    }
}

static void
update_state (DqSyncPage *self)
{
  DqSyncState      state = dq_sync_engine_get_state (self->engine);
  guint            pending = dq_sync_engine_get_pending (self->engine);
  gint64           last = dq_sync_engine_get_last_sync (self->engine);
  const char      *last_error = dq_sync_engine_get_last_error (self->engine);
  const char      *user = dq_sync_engine_get_user (self->engine);
  const char      *server = dq_sync_engine_get_server (self->engine);
  const char      *role = dq_sync_engine_get_role (self->engine);
  g_autofree char *words = dq_sync_page_describe (self->engine);
  g_autofree char *pending_text = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *districts = districts_text (dq_sync_engine_get_districts (self->engine));
  gboolean         busy = self->syncing || state == DQ_SYNC_STATE_SYNCING;
  const char      *style;
  const char      *icon = state_icon_name (state, pending, &style);

  gtk_label_set_label (self->state_label, words);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "error");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->state_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, words, -1);

  if (pending > 0)
    pending_text = g_strdup_printf (ngettext ("%u change made here is waiting to sync",
                                              "%u changes made here are waiting to sync", pending),
                                    pending);
  else
    pending_text = g_strdup (_ ("Every change made here is on the server"));
  if (last > 0)
    {
      g_autofree char *ago = dq_format_time_ago (last);

      /* TRANSLATORS: %s is a time such as "5 分钟前" */
      last_text = g_strdup_printf (_ ("Last synced %s"), ago);
      gtk_label_set_label (self->last_sync_label, ago);
    }
  else
    {
      last_text = g_strdup (_ ("Never synced"));
      gtk_label_set_label (self->last_sync_label, last_text);
    }
  /* TRANSLATORS: "3 changes … waiting to sync · Last synced 5 分钟前" */
  detail = g_strdup_printf (_ ("%s · %s"), pending_text, last_text);
  gtk_label_set_label (self->detail_label, detail);

  gtk_label_set_label (self->error_label, last_error != NULL ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), last_error != NULL);

  /* The account */
  gtk_label_set_label (self->server_label, server != NULL ? server : _ ("None"));
  gtk_label_set_label (self->user_label, user != NULL ? user : _ ("Not signed in"));
  gtk_label_set_label (self->role_label, role != NULL ? role_label (role) : "");
  gtk_label_set_label (self->districts_label, districts);
  {
    g_autofree char *n = g_strdup_printf ("%u", pending);

    gtk_label_set_label (self->pending_label, n);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->last_error_row), last_error != NULL);
  adw_action_row_set_subtitle (self->last_error_row, last_error != NULL ? last_error : "");

  /* The buttons */
  gtk_spinner_set_spinning (self->sync_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_spinner), busy);
  gtk_label_set_label (self->sync_button_label, busy ? _ ("Syncing…") : _ ("_Sync Now"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-page.sync",
                                 !busy && !self->logging_out && server != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-page.logout",
                                 !self->logging_out && signed_in (self));
}

/* A JSON scalar as a cell value. */
static void
value_from_node (JsonNode *node,
                 DqValue  *value)
{
  value->kind = DQ_VALUE_NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || !JSON_NODE_HOLDS_VALUE (node))
    return;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value->kind = DQ_VALUE_INT;
      value->i = json_node_get_int (node);
      break;
    case G_TYPE_BOOLEAN:
      value->kind = DQ_VALUE_INT;
      value->i = json_node_get_boolean (node);
      break;
    case G_TYPE_STRING:
      value->kind = DQ_VALUE_TEXT;
      value->s = g_strdup (json_node_get_string (node));
      break;
    default:
      break;
    }
}

/* The display name of the row @id of @table_name, if this replica has it. */
static char *
row_name (DqSyncPage *self,
          const char *table_name,
          const char *id)
{
  const DqTable *table = dq_schema_table (table_name);
  g_autoptr (DqRecord) record = NULL;
  const char *name;

  if (table == NULL || table->display == NULL || id == NULL)
    return NULL;
  record = dq_store_get (self->store, table_name, id, NULL);
  if (record == NULL)
    return NULL;
  name = dq_record_get_text (record, table->display);
  return name != NULL && *name ? g_strdup (name) : NULL;
}

/* A cell as a person reads it, masked; "(empty)" for nothing. */
static char *
format_cell (DqSyncPage     *self,
             const DqColumn *column,
             JsonNode       *node)
{
  DqValue          value = { 0 };
  g_autofree char *text = NULL;

  value_from_node (node, &value);
  text = dq_format_value (column, &value, TRUE);
  if (column->kind == DQ_COL_REF && value.kind == DQ_VALUE_TEXT)
    {
      char *name = row_name (self, column->target, value.s);

      if (name != NULL)
        {
          g_free (text);
          text = name;
        }
    }
  dq_value_clear (&value);
  if (text == NULL || *text == '\0')
    return g_strdup (_ ("(empty)"));
  return g_steal_pointer (&text);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node;

  if (text == NULL)
    return NULL;
  node = json_from_string (text, &error);
  if (node == NULL)
    g_debug ("A sync problem holds JSON that does not parse: %s", error->message);
  return node;
}

/* The server's cells of the row, from `current` (a list of changes, each
 * with its "values"), by column name. */
static JsonObject *
server_cells (JsonNode *current)
{
  JsonObject *cells = json_object_new ();
  JsonArray  *changes;

  if (current == NULL || !JSON_NODE_HOLDS_ARRAY (current))
    return cells;
  changes = json_node_get_array (current);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode   *change = json_array_get_element (changes, i);
      JsonNode   *values_node;
      JsonObject *values;
      g_autoptr (GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (change))
        continue;
      values_node = json_object_get_member (json_node_get_object (change), "values");
      if (values_node == NULL || !JSON_NODE_HOLDS_OBJECT (values_node))
        continue;
      values = json_node_get_object (values_node);
      members = json_object_get_members (values);
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (cells, l->data,
                                json_node_copy (json_object_get_member (values, l->data)));
    }
  return cells;
}

static GtkWidget *
field_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static GtkWidget *
problem_row (DqSyncPage          *self,
             const DqSyncProblem *problem)
{
  const DqTable *table = dq_schema_table (problem->table);
  g_autoptr (JsonNode) values_node = parse_json (problem->values);
  g_autoptr (JsonNode) current_node = parse_json (problem->current);
  g_autoptr (JsonObject) server = server_cells (current_node);
  JsonObject      *values = NULL;
  GtkWidget       *row = adw_expander_row_new ();
  GtkWidget       *icon;
  g_autofree char *why = dq_sync_problem_describe (problem);
  g_autofree char *name = NULL;
  g_autofree char *ago = problem->time_ms > 0 ? dq_format_time_ago (problem->time_ms) : NULL;
  g_autofree char *subtitle = NULL;
  const char      *what = table != NULL ? dq_table_label (table) : problem->table;

  if (values_node != NULL && JSON_NODE_HOLDS_OBJECT (values_node))
    values = json_node_get_object (values_node);

  /* Name the record as the server has it (what it is called now), else as
   * it is here, else as it was refused. */
  if (table != NULL && table->display != NULL)
    {
      const char *display = json_object_get_string_member_with_default (server, table->display,
                                                                        NULL);

      if (display != NULL && *display != '\0')
        name = g_strdup (display);
      if (name == NULL)
        name = row_name (self, problem->table, problem->row);
      if (name == NULL && values != NULL)
        {
          display = json_object_get_string_member_with_default (values, table->display, NULL);
          if (display != NULL && *display != '\0')
            name = g_strdup (display);
        }
    }

  /* TRANSLATORS: "party organization · 5 分钟前"; what kind of record, when it was refused */
  subtitle = ago != NULL ? g_strdup_printf (_ ("%s · %s · %s"), why, what, ago)
                         : g_strdup_printf (_ ("%s · %s"), why, what);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : what);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);

  if (problem->message != NULL && *problem->message != '\0' && g_strcmp0 (problem->message, why) != 0)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              field_row (_ ("The server’s explanation"), problem->message));

  if (current_node == NULL || !JSON_NODE_HOLDS_ARRAY (current_node))
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row),
                              field_row (_ ("On the server"),
                                         _ ("The server has no such record, so it is no longer "
                                            "on this computer either.")));

  /* One row per refused field, in the schema's order, with labels. */
  for (guint c = 0; values != NULL && table != NULL && c < table->n_columns; c++)
    {
      const DqColumn  *column = &table->columns[c];
      JsonNode        *refused = json_object_get_member (values, column->name);
      g_autofree char *refused_text = NULL;
      g_autofree char *lines = NULL;

      if (refused == NULL)
        continue;
      refused_text = format_cell (self, column, refused);
      if (json_object_has_member (server, column->name))
        {
          g_autofree char *server_text = format_cell (self, column, json_object_get_member (server, column->name));

          lines = g_strdup_printf (_ ("Refused: %s\nOn the server: %s"), refused_text, server_text);
        }
      else
        lines = g_strdup_printf (_ ("Refused: %s"), refused_text);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), field_row (dq_column_label (column), lines));
    }
  return row;
}

static void
update_problems (DqSyncPage *self)
{
  GPtrArray *problems = dq_sync_engine_get_problems (self->engine);
  guint      n = problems != NULL ? problems->len : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))) != NULL)
    gtk_list_box_remove (self->problems_list, child);

  /* Newest first. */
  for (guint i = n; i > 0; i--)
    gtk_list_box_append (self->problems_list, problem_row (self, g_ptr_array_index (problems, i - 1)));

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _ ("The server has accepted every change"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("emblem-ok-symbolic"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->problems_list, row);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync-page.clear-problems", n > 0);
}

/* Signal callbacks */

static void
engine_notify_cb (DqSyncPage *self,
                  GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "problems"))
    update_problems (self);
  else
    update_state (self);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (DqSyncPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (dq_sync_engine_sync_finish (DQ_SYNC_ENGINE (source), result, &error))
    {
      self->syncing = FALSE;
      if (!g_cancellable_is_cancelled (self->cancellable))
        update_state (self);
      return;
    }
  self->syncing = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  update_state (self);
  {
    g_autofree char *text = sync_error_text (error);

    dq_show_toast (GTK_WIDGET (self), text);
  }
}

static void
logout_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (DqSyncPage) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = dq_sync_engine_logout_finish (DQ_SYNC_ENGINE (source), result, &error);

  self->logging_out = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  update_state (self);
  if (!ok)
    {
      /* TRANSLATORS: %s is the reason */
      g_autofree char *text = g_strdup_printf (_ ("Could not sign out: %s"), error->message);

      dq_show_toast (GTK_WIDGET (self), text);
      return;
    }
  /* The window shows the sign-in page (whatever is pending stays). */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.signed-out", NULL);
}

static void
start_logout (DqSyncPage *self)
{
  self->logging_out = TRUE;
  update_state (self);
  dq_sync_engine_logout_async (self->engine, self->cancellable, logout_done_cb,
                               g_object_ref (self));
}

static void
logout_response_cb (DqSyncPage       *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "logout") == 0)
    start_logout (self);
}

/* Actions */

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqSyncPage *self = DQ_SYNC_PAGE (widget);

  if (self->syncing)
    return;
  self->syncing = TRUE;
  update_state (self);
  dq_sync_engine_sync_async (self->engine, self->cancellable, sync_done_cb, g_object_ref (self));
}

static void
clear_problems_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DqSyncPage *self = DQ_SYNC_PAGE (widget);

  dq_sync_engine_clear_problems (self->engine);
}

static void
logout_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqSyncPage *self = DQ_SYNC_PAGE (widget);
  guint       pending = dq_sync_engine_get_pending (self->engine);
  GtkRoot    *root = gtk_widget_get_root (widget);
  GtkWidget  *dialog;

  if (self->logging_out)
    return;
  if (pending == 0)
    {
      start_logout (self);
      return;
    }

  /* Changes made here have not reached the server: say where they go. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _ ("Sign Out With Unsynced Changes?"), NULL);
  adw_message_dialog_format_body (
      ADW_MESSAGE_DIALOG (dialog),
      ngettext ("%u change made on this computer has not reached the server yet. It stays on this "
                "computer and is sent the next time you sign in.",
                "%u changes made on this computer have not reached the server yet. They stay on "
                "this computer and are sent the next time you sign in.",
                pending),
      pending);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "logout",
                                    _ ("_Sign Out"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "logout",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (logout_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Overrides */

static void
dq_sync_page_dispose (GObject *object)
{
  DqSyncPage *self = DQ_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_SYNC_PAGE);

  G_OBJECT_CLASS (dq_sync_page_parent_class)->dispose (object);
}

static void
dq_sync_page_finalize (GObject *object)
{
  DqSyncPage *self = DQ_SYNC_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dq_sync_page_parent_class)->finalize (object);
}

static void
dq_sync_page_class_init (DqSyncPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_sync_page_dispose;
  object_class->finalize = dq_sync_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dangqun/Dangqun/ui/dq-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, sync_button_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, logout_button);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, server_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, user_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, role_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, districts_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, last_error_row);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, DqSyncPage, problems_group);

  gtk_widget_class_install_action (widget_class, "sync-page.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "sync-page.clear-problems", NULL,
                                   clear_problems_action);
  gtk_widget_class_install_action (widget_class, "sync-page.logout", NULL, logout_action);
}

static void
dq_sync_page_init (DqSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* Public API */

GtkWidget *
dq_sync_page_new (DqStore      *store,
                  DqSyncEngine *engine)
{
  DqSyncPage *self;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DQ_TYPE_SYNC_PAGE, NULL);
  self->store = g_object_ref (store);
  self->engine = g_object_ref (engine);
  g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb), self,
                           G_CONNECT_SWAPPED);
  update_state (self);
  update_problems (self);

  return GTK_WIDGET (self);
}

char *
dq_sync_page_describe (DqSyncEngine *engine)
{
  DqSyncState state;
  guint       pending;

  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (engine), NULL);

  state = dq_sync_engine_get_state (engine);
  pending = dq_sync_engine_get_pending (engine);
  if (state == DQ_SYNC_STATE_UP_TO_DATE && pending > 0)
    return g_strdup_printf (ngettext ("%u change waiting to sync", "%u changes waiting to sync",
                                      pending),
                            pending);
  if (state == DQ_SYNC_STATE_NEEDS_LOGIN && dq_sync_engine_get_server (engine) == NULL)
    return g_strdup (_ ("Not signed in"));
  return dq_sync_state_describe (state, pending);
}
