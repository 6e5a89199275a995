/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window as a clerk meets it: the sign-in page on first run, the
 * four areas reachable from the sidebar and by action, the global search
 * opening a member, and — signed in to a server that then goes away — the
 * indicator saying 离线 while editing goes on. Each screen is written to
 * screenshots/window-*.png at 1280×800. */
#include "config.h"

#include <string.h>

#include "dq-member-page.h"
#include "dq-search-bar.h"
#include "dq-sync-indicator.h"
#include "dq-test-app.h"
#include "dq-window.h"

static DqStore *store;

static DqWindow *
window_new (DqSyncEngine *engine,
            gboolean      demo)
{
  DqWindow *window = g_object_new (DQ_TYPE_WINDOW, NULL);

  dq_window_set_replica (window, store, engine, demo);
  dq_test_app_present (GTK_WINDOW (window), 1280, 800);
  dq_test_app_wait (100);
  return window;
}

static void
window_destroy (DqWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  dq_test_app_wait (50);
}

static void
test_first_run (void)
{
  g_autoptr (DqSyncEngine) engine = dq_test_app_engine (store);
  DqWindow        *window = window_new (engine, FALSE);
  g_autofree char *png = NULL;

  /* Never signed in: the sign-in page, with the offline demo offered. */
  g_assert_cmpstr (dq_window_get_mode (window), ==, "login");
  png = dq_test_app_screenshot (GTK_WIDGET (window), "window-login");
  window_destroy (window);
}

static void
test_pages (void)
{
  g_autoptr (DqSyncEngine) engine = dq_test_app_engine (store);
  DqWindow       *window = window_new (engine, TRUE);
  const char     *pages[] = { "overview", "orgs", "members", "centers", "activities", "sync" };
  AdwWindowTitle *title;

  g_assert_cmpstr (dq_window_get_mode (window), ==, "main");
  title = ADW_WINDOW_TITLE (dq_test_app_find (dq_test_app_find (GTK_WIDGET (window), "content_header"), "title"));
  /* The district's name heads the window. */
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "坪山区");

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("window-%s", pages[i]);
      g_autofree char *png = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", pages[i]));
      dq_test_app_wait (100);
      g_assert_cmpstr (dq_window_get_page (window), ==, pages[i]);
      g_assert_true (gtk_widget_get_visible (dq_window_get_page_widget (window, pages[i])));
      png = dq_test_app_screenshot (GTK_WIDGET (window), name);
    }

  /* An unknown page changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "nowhere");
  g_assert_cmpstr (dq_window_get_page (window), ==, "sync");

  /* Narrow: the sidebar folds away and the page keeps the window. */
  dq_test_app_present (GTK_WINDOW (window), 1024, 768);
  {
    g_autofree char *png = dq_test_app_screenshot (GTK_WIDGET (window), "window-1024x768");
  }
  window_destroy (window);
}

static void
test_global_search (void)
{
  g_autoptr (DqSyncEngine) engine = dq_test_app_engine (store);
  DqWindow    *window = window_new (engine, TRUE);
  DqSearchBar *bar = DQ_SEARCH_BAR (dq_test_app_find (GTK_WIDGET (window), "search_bar"));
  /* The commonest surname: several members to choose from. */
  g_autoptr (GPtrArray) rows = dq_store_select (store,
                                                "SELECT substr(name, 1, 1) AS s FROM member WHERE deleted = 0 "
                                                "GROUP BY s ORDER BY count(*) DESC LIMIT 1",
                                                NULL, NULL);
  const char   *fragment = ((char **) g_ptr_array_index (rows, 0))[0];
  GtkWidget    *entry;
  DqMemberPage *member_page;
  g_autoptr (DqRecord) shown = NULL;
  g_autofree char *png = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  dq_test_app_wait (100);
  g_assert_true (dq_search_bar_get_search_mode (bar));

  dq_search_bar_search (bar, fragment);
  g_assert_cmpuint (dq_search_bar_get_n_results (bar), >, 0);
  png = dq_test_app_screenshot (GTK_WIDGET (window), "window-search");

  /* Enter opens the first member found on the 党员 page. */
  entry = dq_test_app_find (GTK_WIDGET (bar), "entry");
  g_signal_emit_by_name (entry, "activate");
  dq_test_app_wait (200);
  g_assert_cmpstr (dq_window_get_page (window), ==, "members");
  g_assert_false (dq_search_bar_get_search_mode (bar));
  member_page = DQ_MEMBER_PAGE (dq_test_app_find_type (dq_window_get_page_widget (window, "members"),
                                                       DQ_TYPE_MEMBER_PAGE, NULL));
  g_assert_nonnull (dq_member_page_get_member (member_page));
  shown = dq_store_get (store, "member", dq_member_page_get_member (member_page), NULL);
  g_assert_nonnull (strstr (dq_record_get_text (shown, "name"), fragment));

  /* Nothing found says so rather than showing an empty list. */
  dq_search_bar_search (bar, "不存在的名字");
  g_assert_cmpuint (dq_search_bar_get_n_results (bar), ==, 0);
  window_destroy (window);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static gboolean
indicator_offline (gpointer data)
{
  return strstr (dq_sync_indicator_get_text (data), "离线") != NULL;
}

static gboolean
pending_two (gpointer data)
{
  return dq_sync_engine_get_pending (data) == 2;
}

static void
write_phone (const char *id,
             const char *phone)
{
  g_autoptr (DqRecord) edit = dq_record_new_for ("member", id);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (edit, "phone", phone);
  g_assert_true (dq_store_write (store, edit, &error));
  g_assert_no_error (error);
}

static gboolean
mode_is_login (gpointer window)
{
  return g_strcmp0 (dq_window_get_mode (window), "login") == 0;
}

/* 退出登录 on the sync page, nothing pending: the sign-in page follows, and
 * offers no way back to the records until someone signs in. */
static void
test_sign_out (void)
{
  g_autoptr (DqSyncEngine) engine = dq_test_app_engine (store);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  const char *url = dq_test_app_server_start ();
  DqWindow   *window;
  GtkWidget  *sync_page;

  dq_sync_engine_login_async (engine, url, "desk", "desk-password", DQ_SYNC_LOGIN_NONE, NULL, done_cb, &result);
  g_assert_true (dq_test_app_wait_for (is_set, &result, 20000));
  g_assert_true (dq_sync_engine_login_finish (engine, result, &error));
  g_assert_cmpuint (dq_sync_engine_get_pending (engine), ==, 0);

  window = window_new (engine, FALSE);
  g_assert_cmpstr (dq_window_get_mode (window), ==, "main");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "sync"));
  sync_page = dq_window_get_page_widget (window, "sync");
  g_assert_true (gtk_widget_activate_action (sync_page, "sync-page.logout", NULL));
  g_assert_true (dq_test_app_wait_for (mode_is_login, window, 20000));
  g_assert_false (gtk_widget_get_visible (dq_test_app_find (GTK_WIDGET (window), "login_back")));

  dq_test_app_server_stop ();
  window_destroy (window);
}

static void
test_offline (void)
{
  g_autoptr (DqSyncEngine) engine = dq_test_app_engine (store);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store, "SELECT id FROM member WHERE deleted = 0 LIMIT 2", NULL, NULL);
  const char      *url = dq_test_app_server_start ();
  DqWindow        *window;
  DqSyncIndicator *indicator;
  g_autofree char *png = NULL;

  dq_sync_engine_login_async (engine, url, "desk", "desk-password", DQ_SYNC_LOGIN_NONE, NULL, done_cb, &result);
  g_assert_true (dq_test_app_wait_for (is_set, &result, 20000));
  g_assert_true (dq_sync_engine_login_finish (engine, result, &error));
  g_assert_no_error (error);

  window = window_new (engine, FALSE);
  g_signal_connect_object (store, "changed", G_CALLBACK (dq_sync_engine_local_changed), engine, G_CONNECT_SWAPPED);
  g_assert_cmpstr (dq_window_get_mode (window), ==, "main");
  indicator = DQ_SYNC_INDICATOR (dq_test_app_find_type (GTK_WIDGET (window), DQ_TYPE_SYNC_INDICATOR, NULL));

  /* The server goes away; an edit is made; the engine tries and fails. */
  dq_test_app_server_stop ();
  dq_sync_engine_start (engine);
  write_phone (((char **) g_ptr_array_index (rows, 0))[0], "13912345678");
  g_assert_true (dq_test_app_wait_for (indicator_offline, indicator, 20000));

  /* Editing goes on, and the indicator counts what waits for the server. */
  write_phone (((char **) g_ptr_array_index (rows, 1))[0], "13912345679");
  g_assert_true (dq_test_app_wait_for (pending_two, engine, 10000));
  dq_test_app_wait (100);
  g_assert_nonnull (strstr (dq_sync_indicator_get_text (indicator), "2"));
  png = dq_test_app_screenshot (GTK_WIDGET (window), "window-offline");

  dq_sync_engine_stop (engine);
  window_destroy (window);
}

int
main (int argc, char **argv)
{
  int status;

  dq_test_app_init (&argc, &argv);
  store = dq_test_app_demo_store (0.1);

  g_test_add_func ("/window/first-run", test_first_run);
  g_test_add_func ("/window/pages", test_pages);
  g_test_add_func ("/window/global-search", test_global_search);
  g_test_add_func ("/window/sign-out", test_sign_out);
  g_test_add_func ("/window/offline", test_offline);
  status = g_test_run ();
  g_clear_object (&store);
  return status;
}
