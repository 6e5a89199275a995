/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqApplication: opens the replica of the data folder, runs its sync engine
 * and shows the one window. The demo explored offline is another replica
 * (demo.db), generated on a worker thread the first time with progress in
 * the window. Quitting keeps everything unsynced: it is in the replica. */
#define G_LOG_DOMAIN "dq-application"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dq-application.h"
#include "dq-demo.h"
#include "dq-preferences-window.h"
#include "dq-ui-util.h"
#include "dq-window.h"

#define REPLICA_FILE  "replica.db"
#define DEMO_FILE     "demo.db"
#define DEMO_DISTRICT "440310"
/* Rows of one district's demo data, for the progress bar. */
#define DEMO_ROWS_ESTIMATE 70771.0
/* The window's connection to the replica: a small page cache keeps the
 * app lean after scrolling 500,000 members (the OS caches the file too). */
#define APP_CACHE_KIB 8192

struct _DqApplication {
  AdwApplication parent_instance;

  char         *data_dir;
  gboolean      start_demo;
  DqStore      *store;
  DqSyncEngine *engine;
  gboolean      demo;
  DqWindow     *window;
};

G_DEFINE_FINAL_TYPE (DqApplication, dq_application, ADW_TYPE_APPLICATION)

static void open_replica (DqApplication *self, gboolean demo);

static void
store_changed_cb (DqApplication *self)
{
  if (self->engine != NULL)
    dq_sync_engine_local_changed (self->engine);
}

static void
user_changed_cb (DqApplication *self)
{
  if (self->store != NULL && self->engine != NULL)
    dq_store_set_author (self->store, dq_sync_engine_get_user (self->engine));
}

static void
refreshed_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (DqApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!dq_sync_engine_refresh_finish (DQ_SYNC_ENGINE (source), result, &error))
    g_warning ("Cannot read the replica's sync settings: %s", error->message);
  if (self->engine != DQ_SYNC_ENGINE (source) || self->window == NULL)
    return;

  dq_window_engine_ready (self->window);
  user_changed_cb (self);
  if (!self->demo && dq_sync_engine_get_user (self->engine) != NULL)
    dq_sync_engine_start (self->engine);
}

static void
close_replica (DqApplication *self)
{
  if (self->engine != NULL)
    {
      dq_sync_engine_stop (self->engine);
      g_signal_handlers_disconnect_by_data (self->engine, self);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
}

static void
show_fatal (DqApplication *self,
            const char    *message)
{
  dq_show_error (GTK_WINDOW (self->window), _ ("Cannot open the records"), message);
}

static void
open_replica (DqApplication *self,
              gboolean       demo)
{
  g_autofree char *path = g_build_filename (self->data_dir, demo ? DEMO_FILE : REPLICA_FILE, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (DqStore) store = NULL;

  close_replica (self);
  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_ ("The data folder %s cannot be created: %s"), self->data_dir,
                                                  g_strerror (errno));

      show_fatal (self, message);
      return;
    }
  store = dq_store_open (path, &error);
  if (store == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("The replica %s cannot be opened: %s"), path, error->message);

      show_fatal (self, message);
      return;
    }

  self->store = g_steal_pointer (&store);
  /* This connection lists and searches; the engine's merges pulls. */
  dq_store_set_cache_size (self->store, APP_CACHE_KIB);
  self->engine = dq_sync_engine_new (path);
  self->demo = demo;
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "notify::user", G_CALLBACK (user_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "leave-demo")), demo);
  /* The replica is local: show it now; the engine reads it meanwhile. */
  if (self->window != NULL)
    dq_window_set_replica (self->window, self->store, self->engine, self->demo);
  dq_sync_engine_refresh_async (self->engine, NULL, refreshed_cb, g_object_ref (self));
}

typedef struct {
  DqApplication *self;
  guint64        rows;
} DemoProgress;

static gboolean
demo_progress_idle (gpointer data)
{
  DemoProgress    *progress = data;
  g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, progress->rows);
  /* TRANSLATORS: progress of making the demo data: a number of records */
  g_autofree char *text = g_strdup_printf (_ ("%s records"), count);

  if (progress->self->window != NULL && progress->self->store == NULL)
    dq_window_show_progress (progress->self->window, text, progress->rows / DEMO_ROWS_ESTIMATE);
  g_object_unref (progress->self);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

typedef struct {
  DqApplication *self;
  char          *path;
  GHashTable    *rows; /* table name → rows so far; the worker's alone */
} DemoJob;

static void
demo_job_free (DemoJob *job)
{
  g_free (job->path);
  g_hash_table_unref (job->rows);
  g_free (job);
}

/* On the worker thread: the demo counts rows per table; the bar shows all. */
static void
demo_progress_cb (const char *table,
                  guint64     rows,
                  gpointer    user_data)
{
  DemoJob       *job = user_data;
  DemoProgress  *progress = g_new0 (DemoProgress, 1);
  GHashTableIter iter;
  gpointer       value;

  g_hash_table_insert (job->rows, (gpointer) table, GUINT_TO_POINTER ((guint) rows));
  g_hash_table_iter_init (&iter, job->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    progress->rows += GPOINTER_TO_UINT (value);
  progress->self = g_object_ref (job->self);
  g_idle_add (demo_progress_idle, progress);
}

static void
generate_demo_thread (GTask        *task,
                      gpointer      source,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  DemoJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DqStore) store = NULL;
  DqDemoOptions options = { DEMO_DISTRICT, 0, 1.0, demo_progress_cb, job };
  DqDemoStats   stats = { { 0 }, 0 };

  store = dq_store_open (job->path, &error);
  if (store == NULL || !dq_demo_generate (store, &options, &stats, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
demo_generated_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DqApplication *self = DQ_APPLICATION (source);
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *path = g_build_filename (self->data_dir, DEMO_FILE, NULL);

      g_unlink (path);
      show_fatal (self, error->message);
      open_replica (self, FALSE);
      return;
    }
  open_replica (self, TRUE);
}

static gboolean
demo_ready (const char *path)
{
  g_autoptr (DqStore) store = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  store = dq_store_open (path, NULL);
  rows = store ? dq_store_select (store, "SELECT 1 FROM member LIMIT 1", NULL, NULL) : NULL;
  return rows != NULL && rows->len > 0;
}

static void
explore_demo (DqApplication *self)
{
  g_autofree char *path = g_build_filename (self->data_dir, DEMO_FILE, NULL);
  g_autoptr (GTask) task = NULL;
  DemoJob *job;

  if (demo_ready (path))
    {
      open_replica (self, TRUE);
      return;
    }

  close_replica (self);
  g_mkdir_with_parents (self->data_dir, 0700);
  g_unlink (path);
  dq_window_show_progress (self->window, _ ("Starting…"), 0.0);
  job = g_new0 (DemoJob, 1);
  job->self = self;
  job->path = g_steal_pointer (&path);
  job->rows = g_hash_table_new (g_str_hash, g_str_equal);
  task = g_task_new (self, NULL, demo_generated_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) demo_job_free);
  g_task_run_in_thread (task, generate_demo_thread);
}

static void
explore_demo_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  explore_demo (DQ_APPLICATION (user_data));
}

static void
leave_demo_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  open_replica (DQ_APPLICATION (user_data), FALSE);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  DqApplication *self = user_data;

  if (self->window != NULL)
    gtk_window_close (GTK_WINDOW (self->window));
  g_application_quit (G_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  DqApplication *self = user_data;

  if (self->window == NULL || self->store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (dq_preferences_window_new (GTK_WINDOW (self->window), self->store,
                                                             self->engine)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  DqApplication *self = user_data;
  const char    *developers[] = { _ ("The Dangqun developers"), NULL };

  /* clang-format off */
  adw_show_about_window (GTK_WINDOW (self->window),
                         "application-name", _ ("Dangqun"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _ ("The Dangqun developers"),
                         "developers", developers,
                         "comments", _ ("Party organizations, members and service centers of a district, "
                                        "kept on this computer and synced with the city server"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _ ("translator-credits"),
                         NULL);
  /* clang-format on */
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "explore-demo", explore_demo_action },
  { "leave-demo", leave_demo_action },
};

static int
dq_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  DqApplication *self = DQ_APPLICATION (application);
  const char    *dir = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("dangqun %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "data-dir", "^&ay", &dir))
    {
      g_free (self->data_dir);
      self->data_dir = g_canonicalize_filename (dir, NULL);
    }
  self->start_demo = g_variant_dict_contains (options, "demo");
  return -1;
}

static void
dq_application_startup (GApplication *application)
{
  DqApplication     *self = DQ_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (dq_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), "leave-demo")),
                               FALSE);
}

static void
dq_application_activate (GApplication *application)
{
  DqApplication *self = DQ_APPLICATION (application);

  if (self->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }

  self->window = dq_window_new (GTK_APPLICATION (self));
  g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  gtk_window_present (GTK_WINDOW (self->window));
  if (self->start_demo)
    explore_demo (self);
  else
    open_replica (self, FALSE);
}

static void
dq_application_shutdown (GApplication *application)
{
  DqApplication *self = DQ_APPLICATION (application);

  close_replica (self);
  G_APPLICATION_CLASS (dq_application_parent_class)->shutdown (application);
}

static void
dq_application_finalize (GObject *object)
{
  DqApplication *self = DQ_APPLICATION (object);

  close_replica (self);
  g_clear_pointer (&self->data_dir, g_free);

  G_OBJECT_CLASS (dq_application_parent_class)->finalize (object);
}

static void
dq_application_class_init (DqApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dq_application_finalize;
  app_class->handle_local_options = dq_application_handle_local_options;
  app_class->startup = dq_application_startup;
  app_class->activate = dq_application_activate;
  app_class->shutdown = dq_application_shutdown;
}

static void
dq_application_init (DqApplication *self)
{
  const GOptionEntry options[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, NULL, N_ ("Folder of the replica (default ~/.local/share/dangqun)"),
      N_ ("FOLDER") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Explore the demo data offline"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_ ("Show the version"), NULL },
    { NULL },
  };

  self->data_dir = g_build_filename (g_get_user_data_dir (), "dangqun", NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

DqApplication *
dq_application_new (void)
{
  /* One window per data folder would need a unique id per folder; the
   * uninstalled tools run several, so the application is not unique. */
  return g_object_new (DQ_TYPE_APPLICATION, "application-id", APP_ID, "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/dangqun/Dangqun", NULL);
}

DqStore *
dq_application_get_store (DqApplication *self)
{
  g_return_val_if_fail (DQ_IS_APPLICATION (self), NULL);
  return self->store;
}

DqSyncEngine *
dq_application_get_engine (DqApplication *self)
{
  g_return_val_if_fail (DQ_IS_APPLICATION (self), NULL);
  return self->engine;
}

const char *
dq_application_get_data_dir (DqApplication *self)
{
  g_return_val_if_fail (DQ_IS_APPLICATION (self), NULL);
  return self->data_dir;
}

gboolean
dq_application_is_demo (DqApplication *self)
{
  g_return_val_if_fail (DQ_IS_APPLICATION (self), FALSE);
  return self->demo;
}
