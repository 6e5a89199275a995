/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqLoginPage: the sign-in page of the first run (and after signing out):
 * server address, user name, password, and a way into the offline demo.
 * Signing in is the engine's dq_sync_engine_login_async(); this page only
 * collects what it needs, says in plain words why it failed next to the
 * field concerned, and asks before changes left by another account are sent
 * by this one. The server address and user name are remembered in GSettings
 * (when the schema is installed), never the password. Owned by the window,
 * which shows it while the engine has no session. */
#define G_LOG_DOMAIN "dq-login-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-login-page.h"

struct _DqLoginPage {
  AdwBin parent_instance;

  DqSyncEngine *engine;
  GCancellable *cancellable;
  GSettings    *settings; /* NULL when the schema is not installed */
  gboolean      signing_in;

  GtkListBox          *fields_list;
  AdwEntryRow         *server_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel            *error_label;
  GtkButton           *login_button;
  GtkSpinner          *spinner;
  GtkLabel            *login_label;
  GtkButton           *demo_button;
};

G_DEFINE_FINAL_TYPE (DqLoginPage, dq_login_page, ADW_TYPE_BIN)

enum {
  SIGNED_IN,
  EXPLORE_DEMO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void sign_in (DqLoginPage     *self,
                     DqSyncLoginFlags flags);

/* Helpers */

static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static char *
field_text (gpointer row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
clear_error (DqLoginPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->user_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}

/* Shows @text under the fields and marks @row (may be NULL), which gets the
 * focus so the user can correct it at once. */
static void
show_error (DqLoginPage *self,
            gpointer     row,
            const char  *text)
{
  clear_error (self);
  gtk_label_set_label (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
      gtk_editable_select_region (GTK_EDITABLE (row), 0, -1);
    }
}

static void
update_busy (DqLoginPage *self)
{
  gboolean busy = self->signing_in;

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_label_set_label (self->login_label, busy ? _ ("Signing In…") : _ ("_Sign In"));
  /* Read-only rather than insensitive: the focused field keeps the focus
   * (an insensitive parent would take it without a focus-out). */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->user_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login-page.sign-in", !busy);
}

static void
remember (DqLoginPage *self,
          const char  *server,
          const char  *user)
{
  if (self->settings == NULL)
    return;
  g_settings_set_string (self->settings, "server-url", server);
  g_settings_set_string (self->settings, "last-user", user);
}

/* Another account's unsynced changes are on this computer: send them as
 * the new account, or not sign in. */
static void
keep_pending_response_cb (DqLoginPage      *self,
                          const char       *response,
                          AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "keep") == 0)
    sign_in (self, DQ_SYNC_LOGIN_KEEP_PENDING);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
}

static void
ask_keep_pending (DqLoginPage  *self,
                  const GError *error)
{
  GtkRoot         *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *user = field_text (self->user_row);
  GtkWidget       *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _ ("Keep the Unsynced Changes?"), NULL);
  /* TRANSLATORS: the first %s is the engine's explanation ("3 changes made on
   * this computer have not been synced to … as … yet"), the second the user
   * name being signed in */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _ ("%s.\n\nIf you sign in as %s, these changes are kept and "
                                     "sent to the server under this account."),
                                  error->message, user);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "keep",
                                    _ ("_Keep Them and Sign In"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "keep",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (keep_pending_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (DqLoginPage) self = user_data;
  g_autoptr (GError) error = NULL;
  gboolean ok = dq_sync_engine_login_finish (DQ_SYNC_ENGINE (source), result, &error);

  self->signing_in = FALSE;
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  update_busy (self);

  if (ok)
    {
      g_autofree char *server = field_text (self->server_row);
      g_autofree char *user = field_text (self->user_row);

      /* The engine keeps the token; the password is not needed any more. */
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      clear_error (self);
      remember (self, dq_sync_engine_get_server (self->engine) != NULL ? dq_sync_engine_get_server (self->engine) : server,
                user);
      g_signal_emit (self, signals[SIGNED_IN], 0);
      return;
    }

  if (error->domain != DQ_SYNC_ERROR)
    {
      /* TRANSLATORS: %s is the reason */
      g_autofree char *text = g_strdup_printf (_ ("Could not sign in: %s"), error->message);

      show_error (self, NULL, text);
      return;
    }

  switch ((DqSyncError) error->code)
    {
    case DQ_SYNC_ERROR_INVALID_CREDENTIALS:
      show_error (self, self->password_row,
                  _ ("The user name or password is not correct. Check them and try again."));
      break;
    case DQ_SYNC_ERROR_UNREACHABLE:
      show_error (self, self->server_row,
                  _ ("Cannot connect to the server. Check the server address and the network "
                     "connection."));
      break;
    case DQ_SYNC_ERROR_TOO_MANY_ATTEMPTS:
      show_error (self, NULL,
                  _ ("Too many sign-in attempts. Wait a few minutes before trying again."));
      break;
    case DQ_SYNC_ERROR_BAD_URL:
      show_error (self, self->server_row,
                  _ ("The server address must start with http:// or https://, for example "
                     "https://dangjian.example.org."));
      break;
    case DQ_SYNC_ERROR_PENDING_CHANGES:
      clear_error (self);
      ask_keep_pending (self, error);
      break;
    case DQ_SYNC_ERROR_NEEDS_LOGIN:
    case DQ_SYNC_ERROR_CLOCK_WRONG:
    case DQ_SYNC_ERROR_SERVER:
    case DQ_SYNC_ERROR_PROTOCOL:
    default:
      {
        /* TRANSLATORS: %s is the server's or the engine's explanation */
        g_autofree char *text = g_strdup_printf (_ ("The server could not sign you in: %s"),
                                                 error->message);

        show_error (self, NULL, text);
      }
      break;
    }
}

static void
sign_in (DqLoginPage     *self,
         DqSyncLoginFlags flags)
{
  g_autofree char *server = field_text (self->server_row);
  g_autofree char *user = field_text (self->user_row);
  const char      *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->signing_in)
    return;
  if (*server == '\0')
    {
      show_error (self, self->server_row, _ ("Enter the address of the city server."));
      return;
    }
  if (*user == '\0')
    {
      show_error (self, self->user_row, _ ("Enter your user name."));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, self->password_row, _ ("Enter your password."));
      return;
    }

  clear_error (self);
  self->signing_in = TRUE;
  update_busy (self);
  dq_sync_engine_login_async (self->engine, server, user, password, flags, self->cancellable,
                              login_done_cb, g_object_ref (self));
}

/* Signal callbacks */

/* The engine read its settings after the page was made: offer the account
 * the replica belongs to, unless the user typed something already. */
static void
engine_notify_cb (DqLoginPage *self,
                  GParamSpec  *pspec)
{
  const char  *value;
  AdwEntryRow *row;

  if (g_str_equal (pspec->name, "server"))
    {
      value = dq_sync_engine_get_server (self->engine);
      row = self->server_row;
    }
  else if (g_str_equal (pspec->name, "user"))
    {
      value = dq_sync_engine_get_user (self->engine);
      row = self->user_row;
    }
  else
    return;
  if (value != NULL && *gtk_editable_get_text (GTK_EDITABLE (row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (row), value);
}

static void
entry_activated_cb (DqLoginPage *self,
                    AdwEntryRow *row)
{
  /* Enter moves on to the next empty field, and signs in from the last. */
  g_autofree char *server = field_text (self->server_row);
  g_autofree char *user = field_text (self->user_row);
  const char      *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (*server == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else if (*user == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  else if (*password == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    sign_in (self, DQ_SYNC_LOGIN_NONE);
}

static void
entry_changed_cb (DqLoginPage *self)
{
  if (!self->signing_in)
    clear_error (self);
}

static void
demo_clicked_cb (DqLoginPage *self)
{
  g_signal_emit (self, signals[EXPLORE_DEMO], 0);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sign_in (DQ_LOGIN_PAGE (widget), DQ_SYNC_LOGIN_NONE);
}

/* Overrides */

static void
dq_login_page_map (GtkWidget *widget)
{
  DqLoginPage     *self = DQ_LOGIN_PAGE (widget);
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;

  GTK_WIDGET_CLASS (dq_login_page_parent_class)->map (widget);

  /* The first empty field gets the focus. */
  server = field_text (self->server_row);
  user = field_text (self->user_row);
  if (*server == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->server_row));
  else if (*user == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
dq_login_page_dispose (GObject *object)
{
  DqLoginPage *self = DQ_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_LOGIN_PAGE);

  G_OBJECT_CLASS (dq_login_page_parent_class)->dispose (object);
}

static void
dq_login_page_finalize (GObject *object)
{
  DqLoginPage *self = DQ_LOGIN_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dq_login_page_parent_class)->finalize (object);
}

static void
dq_login_page_class_init (DqLoginPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_login_page_dispose;
  object_class->finalize = dq_login_page_finalize;
  widget_class->map = dq_login_page_map;

  /* The engine holds a session for the user who just signed in. */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                     NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The user chose to look around the demo data instead of signing in. */
  signals[EXPLORE_DEMO] = g_signal_new ("explore-demo", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dangqun/Dangqun/ui/dq-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, fields_list);
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, login_button);
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, login_label);
  gtk_widget_class_bind_template_child (widget_class, DqLoginPage, demo_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);

  gtk_widget_class_install_action (widget_class, "login-page.sign-in", NULL, sign_in_action);
}

static void
dq_login_page_init (DqLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->settings = app_settings ();
}

/* Public API */

GtkWidget *
dq_login_page_new (DqSyncEngine *engine)
{
  DqLoginPage     *self;
  const char      *server, *user;
  g_autofree char *saved_server = NULL;
  g_autofree char *saved_user = NULL;

  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DQ_TYPE_LOGIN_PAGE, NULL);
  self->engine = g_object_ref (engine);

  /* The account the replica belongs to, else the last one used here. */
  server = dq_sync_engine_get_server (engine);
  user = dq_sync_engine_get_user (engine);
  if (self->settings != NULL)
    {
      saved_server = g_settings_get_string (self->settings, "server-url");
      saved_user = g_settings_get_string (self->settings, "last-user");
    }
  if (server == NULL || *server == '\0')
    server = saved_server;
  if (user == NULL || *user == '\0')
    user = saved_user;
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server != NULL ? server : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
  clear_error (self);
  g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb), self,
                           G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}
