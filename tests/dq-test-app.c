/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The display tests' harness; see dq-test-app.h. */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dq-demo.h"
#include "dq-store-private.h"
#include "dq-test-app.h"

static char *data_dir;

static struct {
  char        *dir;
  GSubprocess *process;
  char        *url;
  char        *listen;
} server;

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
server_cleanup (void)
{
  dq_test_app_server_stop ();
  if (server.dir != NULL)
    remove_tree (server.dir);
  g_clear_pointer (&server.dir, g_free);
  g_clear_pointer (&server.url, g_free);
  g_clear_pointer (&server.listen, g_free);
}

static void
cleanup (void)
{
  if (data_dir != NULL)
    remove_tree (data_dir);
  g_clear_pointer (&data_dir, g_free);
}

void
dq_test_app_init (int    *argc,
                  char ***argv)
{
  const char *localedir = g_getenv ("DANGQUN_LOCALEDIR");

  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init() sets the C locale; the tests read Chinese. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();
  /* What GtkApplication does for the app: its icons from its resources. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/dangqun/Dangqun/icons");
  atexit (cleanup);
  atexit (server_cleanup);
}

DqStore *
dq_test_app_demo_store (double scale)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  DqStore         *store;
  DqDemoOptions    options = { "440310", 0, scale, NULL, NULL };
  DqDemoStats      stats = { { 0 }, 0 };

  cleanup ();
  data_dir = g_dir_make_tmp ("dangqun-app-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (data_dir, "replica.db", NULL);
  store = dq_store_open (path, &error);
  g_assert_no_error (error);
  sqlite3_exec (dq_store_get_db (store), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
  g_assert_true (dq_demo_generate (store, &options, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.total, >, 0);
  dq_store_set_author (store, "test-desk");
  return store;
}

const char *
dq_test_app_data_dir (void)
{
  return data_dir;
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (dq_sync_engine_refresh_finish (DQ_SYNC_ENGINE (source), result, NULL));
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

DqSyncEngine *
dq_test_app_engine (DqStore *store)
{
  DqSyncEngine *engine = dq_sync_engine_new (dq_store_get_path (store));
  gboolean      done = FALSE;

  dq_sync_engine_refresh_async (engine, NULL, refreshed_cb, &done);
  g_assert_true (dq_test_app_wait_for (is_true, &done, 10000));
  return engine;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
dq_test_app_wait (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
dq_test_app_wait_for (gboolean (*cond) (gpointer data),
                      gpointer data,
                      guint    timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return cond (data);
      dq_test_app_wait (5);
    }
  return TRUE;
}

void
dq_test_app_present (GtkWindow *window,
                     int        width,
                     int        height)
{
  GtkWidget *content = ADW_IS_APPLICATION_WINDOW (window)
                           ? adw_application_window_get_content (ADW_APPLICATION_WINDOW (window))
                       : ADW_IS_WINDOW (window) ? adw_window_get_content (ADW_WINDOW (window))
                                                : gtk_window_get_child (window);

  gtk_window_set_default_size (window, width, height);
  gtk_window_present (window);
  dq_test_app_wait (200);
  /* The window's size counts its frame (client-side decorations): make
   * what is inside it the size asked for. */
  if (content != NULL && gtk_widget_get_width (content) > 0)
    {
      gtk_window_set_default_size (window, 2 * width - gtk_widget_get_width (content),
                                   2 * height - gtk_widget_get_height (content));
      dq_test_app_wait (200);
    }
}

GtkWindow *
dq_test_app_window (GtkWidget *content,
                    int        width,
                    int        height)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), content);
  adw_window_set_content (ADW_WINDOW (window), overlay);
  dq_test_app_present (GTK_WINDOW (window), width, height);
  return GTK_WINDOW (window);
}

GtkWidget *
dq_test_app_find (GtkWidget  *root,
                  const char *id)
{
  const char *own;

  if (root == NULL)
    return NULL;
  own = GTK_IS_BUILDABLE (root) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)) : NULL;
  if (g_strcmp0 (own, id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dq_test_app_find (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_BUTTON (widget))
    return gtk_button_get_label (GTK_BUTTON (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (ADW_IS_WINDOW_TITLE (widget))
    return adw_window_title_get_title (ADW_WINDOW_TITLE (widget));
  if (ADW_IS_STATUS_PAGE (widget))
    return adw_status_page_get_title (ADW_STATUS_PAGE (widget));
  if (GTK_IS_EDITABLE (widget))
    return gtk_editable_get_text (GTK_EDITABLE (widget));
  return NULL;
}

GtkWidget *
dq_test_app_find_type (GtkWidget  *root,
                       GType       type,
                       const char *text)
{
  if (root == NULL)
    return NULL;
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && (text == NULL || g_strcmp0 (widget_text (root), text) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = dq_test_app_find_type (child, type, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

char *
dq_test_app_screenshot (GtkWidget  *widget,
                        const char *name)
{
  const char      *dir = g_getenv ("DANGQUN_SCREENSHOTS");
  g_autofree char *folder = g_strdup (dir ? dir : "screenshots");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char            *path = g_build_filename (folder, file, NULL);
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int          width = 0, height = 0;

  g_assert_true (GTK_IS_WIDGET (widget));
  /* A window without its shadow: what the user sees of it. */
  if (ADW_IS_APPLICATION_WINDOW (widget))
    widget = adw_application_window_get_content (ADW_APPLICATION_WINDOW (widget));
  else if (ADW_IS_WINDOW (widget))
    widget = adw_window_get_content (ADW_WINDOW (widget));
  /* Let layout, bindings and idle work settle before drawing; a page made
   * just now may need a few frames (many more under the sanitizers) before
   * it has drawn anything. */
  paintable = gtk_widget_paintable_new (widget);
  for (guint tries = 0; tries < 50 && node == NULL; tries++)
    {
      dq_test_app_wait (tries == 0 ? 300 : 100);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      if (width <= 0 || height <= 0)
        continue;
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  {
    /* An image of one colour means nothing was drawn. */
    gsize              stride = (gsize) width * 4;
    g_autofree guchar *pixels = g_malloc (stride * (gsize) height);
    gboolean           varied = FALSE;

    gdk_texture_download (texture, pixels, stride);
    for (gsize i = 4; i < stride * (gsize) height && !varied; i += 4)
      varied = memcmp (pixels, pixels + i, 4) != 0;
    g_assert_true (varied);
  }

  g_mkdir_with_parents (folder, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%d×%d)", path, width, height);
  return path;
}

static void
server_run (const char *stdin_text,
            ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     ap;

  g_ptr_array_add (argv, (char *) g_getenv ("DANGQUN_SERVER"));
  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
}

const char *
dq_test_app_server_start (void)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  g_autofree char *log = NULL;
  gint64           deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_nonnull (g_getenv ("DANGQUN_SERVER"));
  g_assert_null (server.process);
  if (server.dir == NULL)
    {
      server.dir = g_dir_make_tmp ("dangqun-app-server-XXXXXX", &error);
      g_assert_no_error (error);
      server_run ("desk-password\n", "user", "add", "desk", "--role", "staff", "--district", "440310",
                  "--password-stdin", "--data-dir", server.dir, NULL);
    }

  log = g_build_filename (server.dir, "serve.out", NULL);
  g_unlink (log);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  server.process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DANGQUN_SERVER"), "serve", "--data-dir",
                                                server.dir, "--listen", server.listen ? server.listen : "127.0.0.1:0",
                                                NULL);
  g_assert_no_error (error);
  for (;;)
    {
      g_autofree char *text = NULL;
      const char      *line;

      if (g_file_get_contents (log, &text, NULL, NULL) && (line = strstr (text, "listening on ")) != NULL &&
          strchr (line, '\n') != NULL)
        {
          g_free (server.url);
          server.url = g_strndup (line + 13, strcspn (line + 13, "\r\n"));
          if (server.listen == NULL)
            server.listen = g_strdup (server.url + strlen ("http://"));
          return server.url;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

void
dq_test_app_server_stop (void)
{
  if (server.process == NULL)
    return;
  g_subprocess_send_signal (server.process, SIGTERM);
  g_subprocess_wait (server.process, NULL, NULL);
  g_clear_object (&server.process);
}
