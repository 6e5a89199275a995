/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqWindow: the sidebar of areas, the pages, the header bar; and before the
 * first sign-in the sign-in page. Pages are made for each replica shown and
 * get its store and engine. */
#define G_LOG_DOMAIN "dq-window"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-activities-page.h"
#include "dq-centers-page.h"
#include "dq-codes.h"
#include "dq-desk-window.h"
#include "dq-export-dialog.h"
#include "dq-member-card.h"
#include "dq-signin-sheet.h"
#include "dq-login-page.h"
#include "dq-members-page.h"
#include "dq-orgs-page.h"
#include "dq-overview-page.h"
#include "dq-record-dialog.h"
#include "dq-search-bar.h"
#include "dq-sync-indicator.h"
#include "dq-sync-page.h"
#include "dq-window.h"

struct _DqWindow {
  AdwApplicationWindow parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  gboolean      demo;
  gboolean      engine_ready; /* its first refresh is done: trust its user */
  gboolean      user_hint;    /* until then: the replica names a user */
  gboolean      signed_out;   /* signed out here: the sign-in page until signed in */
  gboolean      login_shown;  /* the sign-in page, asked for (token expired) */
  GSettings    *settings;

  AdwToastOverlay *toast_overlay;
  GtkStack        *mode_stack;
  AdwBin          *login_holder;
  GtkWidget       *login_back;
  AdwStatusPage   *loading_page;
  GtkProgressBar  *loading_progress;
  AdwLeaflet      *leaflet;
  GtkListBox      *sidebar_list;
  AdwWindowTitle  *sidebar_title;
  GtkWidget       *content;
  AdwWindowTitle  *title;
  GtkToggleButton *search_button;
  DqSyncIndicator *indicator;
  DqSearchBar     *search_bar;
  GtkStack        *pages;
};

G_DEFINE_FINAL_TYPE (DqWindow, dq_window, ADW_TYPE_APPLICATION_WINDOW)

/* The areas of the sidebar, in order. Later areas (阵地, 活动, 走访, 楼宇,
 * 社会组织, 社区队伍, 通知) join this table. */
static const struct {
  const char *name;
  const char *title;
  const char *icon;
} areas[] = {
  { "overview", N_ ("Overview"), "view-grid-symbolic" },
  { "orgs", N_ ("Party Organizations"), "view-list-symbolic" },
  { "members", N_ ("Party Members"), "system-users-symbolic" },
  { "centers", N_ ("Service Centers"), "mark-location-symbolic" },
  { "activities", N_ ("Activities"), "x-office-calendar-symbolic" },
  { "sync", N_ ("Sync"), "emblem-synchronizing-symbolic" },
};

static void
add_sidebar_rows (DqWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new_with_mnemonic (_ (areas[i].title));

      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (areas[i].icon));
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_name (row, areas[i].name);
      gtk_list_box_append (self->sidebar_list, row);
    }
}

static const char *
area_title (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    if (g_strcmp0 (areas[i].name, name) == 0)
      return _ (areas[i].title);
  return NULL;
}

static GtkWidget *
make_page (DqWindow   *self,
           const char *name)
{
  if (g_str_equal (name, "overview"))
    return dq_overview_page_new (self->store, self->engine);
  if (g_str_equal (name, "orgs"))
    return dq_orgs_page_new (self->store, self->engine);
  if (g_str_equal (name, "members"))
    return dq_members_page_new (self->store, self->engine);
  if (g_str_equal (name, "centers"))
    return dq_centers_page_new (self->store, self->engine);
  if (g_str_equal (name, "activities"))
    return dq_activities_page_new (self->store, self->engine);
  if (g_str_equal (name, "sync"))
    return dq_sync_page_new (self->store, self->engine);
  g_assert_not_reached ();
}

/* The page @name, made now if it was not yet (an empty AdwBin holds its
 * place in the stack until then). */
static GtkWidget *
ensure_page (DqWindow   *self,
             const char *name)
{
  GtkWidget *holder = area_title (name) ? gtk_stack_get_child_by_name (self->pages, name) : NULL;

  if (holder == NULL)
    return NULL;
  if (adw_bin_get_child (ADW_BIN (holder)) == NULL)
    {
      gint64 start = g_get_monotonic_time ();

      adw_bin_set_child (ADW_BIN (holder), make_page (self, name));
      g_debug ("%s page made in %.1f ms", name, (g_get_monotonic_time () - start) / 1000.0);
    }
  return adw_bin_get_child (ADW_BIN (holder));
}

static void
show_page (DqWindow   *self,
           const char *name)
{
  if (ensure_page (self, name) == NULL)
    return;
  gtk_stack_set_visible_child_name (self->pages, name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* The district's name, or the city's, from the replica's sign-in. */
static char *
scope_name (DqWindow *self)
{
  const char *const *districts = self->engine ? dq_sync_engine_get_districts (self->engine) : NULL;
  const DqDistrict  *district;

  if (self->demo)
    district = dq_district_lookup ("440310");
  else if (districts != NULL && districts[0] != NULL && districts[1] == NULL)
    district = dq_district_lookup (districts[0]);
  else
    district = dq_district_lookup (DQ_CITY_DISTRICT);
  return g_strdup (district ? district->name : _ ("Dangqun"));
}

static void
update_titles (DqWindow *self)
{
  g_autofree char *scope = scope_name (self);
  const char      *page = gtk_stack_get_visible_child_name (self->pages);
  g_autofree char *subtitle = NULL;

  if (self->demo)
    subtitle = g_strdup_printf (_ ("%s · Demo data, offline"), area_title (page) ? area_title (page) : "");
  adw_window_title_set_title (self->title, scope);
  adw_window_title_set_subtitle (self->title, subtitle ? subtitle : area_title (page) ? area_title (page)
                                                                                      : "");
  adw_window_title_set_subtitle (self->sidebar_title, scope);
}

static void
update_mode (DqWindow *self)
{
  gboolean signed_in = self->engine != NULL && dq_sync_engine_get_user (self->engine) != NULL;

  if (!self->engine_ready && self->user_hint)
    signed_in = TRUE;
  if (self->signed_out || self->login_shown)
    signed_in = FALSE;
  /* Back to the records from a sign-in page opened to renew a session. */
  gtk_widget_set_visible (self->login_back, self->login_shown && !self->signed_out);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "loading") == 0)
    return;
  gtk_stack_set_visible_child_name (self->mode_stack, (signed_in || self->demo) ? "main" : "login");
  update_titles (self);
}

static void
user_changed_cb (DqWindow *self)
{
  self->engine_ready = TRUE;
  update_mode (self);
}

static void
page_changed_cb (DqWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->pages);

  if (name != NULL && self->store != NULL)
    ensure_page (self, name);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
  if (self->settings != NULL && name != NULL)
    g_settings_set_string (self->settings, "sidebar-page", name);
  update_titles (self);
}

static void
sidebar_row_activated_cb (DqWindow      *self,
                          GtkListBoxRow *row)
{
  show_page (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
back_clicked_cb (DqWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_toggled_cb (DqWindow *self)
{
  dq_search_bar_set_search_mode (self->search_bar, gtk_toggle_button_get_active (self->search_button));
}

static void
search_mode_cb (DqWindow *self)
{
  gtk_toggle_button_set_active (self->search_button, dq_search_bar_get_search_mode (self->search_bar));
}

static void
signed_in_cb (DqWindow *self)
{
  self->signed_out = FALSE;
  self->login_shown = FALSE;
  update_mode (self);
  dq_sync_engine_start (self->engine);
}

static void
explore_demo_cb (DqWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.explore-demo", NULL);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_page (DQ_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DqWindow  *self = DQ_WINDOW (widget);
  GtkWidget *page = ensure_page (self, "members");

  if (page == NULL)
    return;
  show_page (self, "members");
  dq_members_page_show_member (DQ_MEMBERS_PAGE (page), g_variant_get_string (parameter, NULL));
}

static void
show_org_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DqWindow  *self = DQ_WINDOW (widget);
  GtkWidget *page = ensure_page (self, "orgs");

  if (page == NULL)
    return;
  show_page (self, "orgs");
  dq_orgs_page_show_org (DQ_ORGS_PAGE (page), g_variant_get_string (parameter, NULL));
}

static void
show_login_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DqWindow *self = DQ_WINDOW (widget);

  if (self->demo)
    return;
  self->login_shown = TRUE;
  update_mode (self);
}

static void
signed_out_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DqWindow *self = DQ_WINDOW (widget);

  self->signed_out = TRUE;
  update_mode (self);
}

static void
login_back_clicked_cb (DqWindow *self)
{
  self->login_shown = FALSE;
  update_mode (self);
}

static void
open_desk_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DqWindow *self = DQ_WINDOW (widget);

  if (self->store != NULL)
    gtk_window_present (GTK_WINDOW (
        dq_desk_window_new (GTK_WINDOW (self), self->store, self->engine, g_variant_get_string (parameter, NULL))));
}

static void
print_signin_sheet_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  DqWindow *self = DQ_WINDOW (widget);

  if (self->store != NULL)
    dq_signin_sheet_print (GTK_WINDOW (self), self->store, g_variant_get_string (parameter, NULL));
}

static void
export_registrations_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  DqWindow *self = DQ_WINDOW (widget);

  if (self->store != NULL)
    dq_activity_export_dialog (GTK_WINDOW (self), self->store, g_variant_get_string (parameter, NULL));
}

static void
print_member_card_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DqWindow   *self = DQ_WINDOW (widget);
  const char *ids[] = { g_variant_get_string (parameter, NULL), NULL };

  if (self->store != NULL)
    dq_member_card_print (GTK_WINDOW (self), self->store, ids);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqWindow *self = DQ_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "main") != 0)
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_toggle_button_set_active (self->search_button, TRUE);
  dq_search_bar_set_search_mode (self->search_bar, TRUE);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* The indicator and the sync page say how it went. */
  if (!dq_sync_engine_sync_finish (DQ_SYNC_ENGINE (source), result, &error))
    g_debug ("Sync: %s", error->message);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DqWindow *self = DQ_WINDOW (widget);

  if (self->engine != NULL && !self->demo)
    dq_sync_engine_sync_async (self->engine, NULL, sync_done_cb, NULL);
}

static void
new_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  DqWindow  *self = DQ_WINDOW (widget);
  GtkWidget *dialog;

  if (self->store == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "main") != 0)
    return;
  dialog = dq_record_dialog_new (GTK_WINDOW (self), self->store, "member", NULL, NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_window_state (DqWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
dq_window_close_request (GtkWindow *window)
{
  save_window_state (DQ_WINDOW (window));
  return GTK_WINDOW_CLASS (dq_window_parent_class)->close_request (window);
}

static void
clear_pages (DqWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->pages))) != NULL)
    gtk_stack_remove (self->pages, child);
  adw_bin_set_child (self->login_holder, NULL);
}

static void
dq_window_dispose (GObject *object)
{
  DqWindow *self = DQ_WINDOW (object);

  if (self->pages != NULL)
    clear_pages (self);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dq_window_parent_class)->dispose (object);
}

static void
dq_window_class_init (DqWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dq_window_dispose;
  window_class->close_request = dq_window_close_request;

  g_type_ensure (DQ_TYPE_SYNC_INDICATOR);
  g_type_ensure (DQ_TYPE_SEARCH_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DqWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, login_holder);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, login_back);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, content);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, title);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, indicator);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DqWindow, pages);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-member", "s", show_member_action);
  gtk_widget_class_install_action (widget_class, "win.show-org", "s", show_org_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-login", NULL, show_login_action);
  gtk_widget_class_install_action (widget_class, "win.open-desk", "s", open_desk_action);
  gtk_widget_class_install_action (widget_class, "win.print-signin-sheet", "s", print_signin_sheet_action);
  gtk_widget_class_install_action (widget_class, "win.export-registrations", "s", export_registrations_action);
  gtk_widget_class_install_action (widget_class, "win.print-member-card", "s", print_member_card_action);
  gtk_widget_class_install_action (widget_class, "win.signed-out", NULL, signed_out_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.new-member", NULL, new_member_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-member", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK, "win.show-page", "s",
                                         areas[i].name);
}

static void
dq_window_init (DqWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_sidebar_rows (self);
  g_signal_connect_object (self->search_button, "toggled", G_CALLBACK (search_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb), self,
                           G_CONNECT_SWAPPED);

  /* Uninstalled builds may run without the schema: then nothing is kept. */
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

DqWindow *
dq_window_new (GtkApplication *application)
{
  return g_object_new (DQ_TYPE_WINDOW, "application", application, NULL);
}

void
dq_window_set_replica (DqWindow     *self,
                       DqStore      *store,
                       DqSyncEngine *engine,
                       gboolean      demo)
{
  GtkWidget       *login;
  g_autofree char *page = NULL;

  g_return_if_fail (DQ_IS_WINDOW (self));
  g_return_if_fail (DQ_IS_STORE (store));
  g_return_if_fail (DQ_IS_SYNC_ENGINE (engine));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  clear_pages (self);
  g_set_object (&self->store, store);
  g_set_object (&self->engine, engine);
  self->demo = demo;
  self->signed_out = FALSE;
  self->login_shown = FALSE;
  {
    g_autofree char *user = dq_store_get_meta (store, "sync.user");

    /* The engine may not have read the replica yet; its sign-in is there. */
    self->user_hint = user != NULL && *user != '\0';
    self->engine_ready = dq_sync_engine_get_user (engine) != NULL;
  }

  /* Pages are made when first shown: a city replica opens with one. */
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    {
      GtkWidget *placeholder = adw_bin_new ();

      gtk_stack_add_named (self->pages, placeholder, areas[i].name);
    }

  login = dq_login_page_new (engine);
  g_signal_connect_object (login, "signed-in", G_CALLBACK (signed_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (login, "explore-demo", G_CALLBACK (explore_demo_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->login_holder, login);

  dq_search_bar_set_store (self->search_bar, store);
  dq_sync_indicator_set_engine (self->indicator, engine);
  gtk_widget_set_visible (GTK_WIDGET (self->indicator), !demo);
  g_signal_connect_object (engine, "notify::user", G_CALLBACK (user_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::districts", G_CALLBACK (update_titles), self, G_CONNECT_SWAPPED);

  page = self->settings ? g_settings_get_string (self->settings, "sidebar-page") : NULL;
  gtk_stack_set_visible_child_name (self->pages, page && area_title (page) ? page : "overview");
  ensure_page (self, gtk_stack_get_visible_child_name (self->pages));
  gtk_stack_set_visible_child_name (self->mode_stack, "main");
  update_mode (self);
}

void
dq_window_engine_ready (DqWindow *self)
{
  g_return_if_fail (DQ_IS_WINDOW (self));

  self->engine_ready = TRUE;
  update_mode (self);
}

const char *
dq_window_get_mode (DqWindow *self)
{
  g_return_val_if_fail (DQ_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->mode_stack);
}

void
dq_window_show_progress (DqWindow   *self,
                         const char *text,
                         double      fraction)
{
  g_return_if_fail (DQ_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->mode_stack, "loading");
  gtk_progress_bar_set_text (self->loading_progress, text);
  gtk_progress_bar_set_fraction (self->loading_progress, CLAMP (fraction, 0.0, 1.0));
}

const char *
dq_window_get_page (DqWindow *self)
{
  g_return_val_if_fail (DQ_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->pages);
}

GtkWidget *
dq_window_get_page_widget (DqWindow   *self,
                           const char *name)
{
  g_return_val_if_fail (DQ_IS_WINDOW (self), NULL);
  return self->store ? ensure_page (self, name) : NULL;
}
