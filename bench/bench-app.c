/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmarks of the desktop app on a replica (run under Xvfb, LANG=zh_CN.UTF-8):
 *
 *   BENCH_T0_NS=$(date +%s%N) bench-app startup DATA_DIR
 *       the real application on DATA_DIR/replica.db (signed in): from the
 *       launch (and from main()) to the first frame drawn of the main
 *       window showing its first page
 *   bench-app search DATA_DIR TEXT…
 *       the 党员 page at 1280×800: for each TEXT, from setting the search
 *       entry's text to the first frame drawn after the list changed
 *   bench-app scroll DATA_DIR [STEP_ROWS]
 *       the 党员 page at 1280×800 scrolled from the first member to the
 *       last, a frame drawn at each step; then jumps to 200 random places;
 *       resident memory before and after
 *
 * Figures go to stdout, one "key: value" per line. */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-application.h"
#include "dq-members-page.h"
#include "dq-row-model.h"
#include "dq-window.h"

static gint64 main_start_us;

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

/* Milliseconds since $BENCH_T0_NS (`date +%s%N` just before the launch),
 * which counts loading the program and its libraries; -1 without it. */
static double
ms_since_launch (void)
{
  const char *t0 = g_getenv ("BENCH_T0_NS");

  if (t0 == NULL)
    return -1;
  return (g_get_real_time () * 1000.0 - g_ascii_strtod (t0, NULL)) / 1e6;
}

static double
rss_mb (const char *key)
{
  g_autofree char *status = NULL;
  const char      *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (p = strstr (status, key)) == NULL)
    return -1;
  return g_ascii_strtod (p + strlen (key) + 1, NULL) / 1024.0;
}

static void
iterate_until (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

/* startup */

static gboolean painted_main;

static void
after_paint_cb (GdkFrameClock *clock,
                DqWindow      *window)
{
  if (painted_main || g_strcmp0 (dq_window_get_mode (window), "main") != 0 ||
      dq_window_get_page_widget (window, "overview") == NULL)
    return;
  painted_main = TRUE;
  printf ("startup_first_frame_ms_since_main: %.1f\n", ms_since (main_start_us));
  printf ("startup_first_frame_ms_since_launch: %.1f\n", ms_since_launch ());
  printf ("startup_rss_mb: %.1f\n", rss_mb ("VmRSS:"));
  fflush (stdout);
  g_application_quit (g_application_get_default ());
}

static void
window_mapped_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (after_paint_cb), window, 0);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  if (DQ_IS_WINDOW (window))
    g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
}

static int
bench_startup (const char *data_dir)
{
  g_autoptr (DqApplication) app = dq_application_new ();
  char *argv[] = { (char *) "dangqun", (char *) "--data-dir", (char *) data_dir, NULL };

  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  return g_application_run (G_APPLICATION (app), 3, argv);
}

/* The members page alone in a window, and what the benchmarks touch in it. */
typedef struct {
  DqStore       *store;
  DqSyncEngine  *engine;
  GtkWidget     *window;
  GtkWidget     *page;
  GtkColumnView *view;
  GtkEditable   *entry;
  GListModel    *rows;
  gboolean       changed;
  gboolean       painted;
} Page;

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_id (GtkWidget  *root,
         const char *id)
{
  if (GTK_IS_BUILDABLE (root) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_id (child, id);

      if (found)
        return found;
    }
  return NULL;
}

static void
page_painted_cb (GdkFrameClock *clock,
                 Page          *page)
{
  page->painted = TRUE;
}

static void
rows_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Page       *page)
{
  page->changed = TRUE;
}

static void
wait_frame (Page *page)
{
  page->painted = FALSE;
  gtk_widget_queue_draw (page->window);
  iterate_until (&page->painted);
}

static void
page_open (Page       *page,
           const char *data_dir)
{
  g_autofree char *path = g_build_filename (data_dir, "replica.db", NULL);
  g_autoptr (GError) error = NULL;
  GListModel *model;

  page->store = dq_store_open (path, &error);
  if (page->store == NULL)
    g_error ("%s", error->message);
  dq_store_set_cache_size (page->store, 8192); /* as DqApplication does */
  page->engine = dq_sync_engine_new (path);
  page->page = dq_members_page_new (page->store, page->engine);
  page->window = adw_window_new ();
  adw_window_set_content (ADW_WINDOW (page->window), page->page);
  gtk_window_set_default_size (GTK_WINDOW (page->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (page->window));

  page->view = GTK_COLUMN_VIEW (find_type (page->page, GTK_TYPE_COLUMN_VIEW));
  page->entry = GTK_EDITABLE (find_id (page->page, "search_entry"));
  g_assert (page->view != NULL && page->entry != NULL);
  /* The DqRowModel under the selection model. */
  model = G_LIST_MODEL (gtk_column_view_get_model (page->view));
  while (model != NULL && !DQ_IS_ROW_MODEL (model))
    {
      GListModel *inner = NULL;

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (model), "model"))
        g_object_get (model, "model", &inner, NULL);
      if (inner != NULL)
        g_object_unref (inner); /* still referenced by its owner */
      model = inner;
    }
  g_assert (model != NULL);
  page->rows = model;
  g_signal_connect (model, "items-changed", G_CALLBACK (rows_changed_cb), page);

  gtk_widget_realize (page->window);
  g_signal_connect (gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (page->window))), "after-paint",
                    G_CALLBACK (page_painted_cb), page);
  wait_frame (page);
  wait_frame (page);
}

static int
bench_search (const char *data_dir,
              char      **texts)
{
  Page page = { 0 };

  page_open (&page, data_dir);
  printf ("members: %u\n", g_list_model_get_n_items (page.rows));
  for (guint i = 0; texts[i]; i++)
    {
      gint64 start;
      double changed_ms;

      page.changed = FALSE;
      start = g_get_monotonic_time ();
      gtk_editable_set_text (page.entry, texts[i]);
      iterate_until (&page.changed);
      changed_ms = ms_since (start);
      wait_frame (&page);
      printf ("search %s: list changed after %.1f ms, drawn after %.1f ms, %u rows\n", texts[i], changed_ms,
              ms_since (start), g_list_model_get_n_items (page.rows));
      page.changed = FALSE;
      gtk_editable_set_text (page.entry, "");
      iterate_until (&page.changed);
      wait_frame (&page);

      /* The model alone (no entry delay): the query and the view's update. */
      start = g_get_monotonic_time ();
      dq_row_model_set_search (DQ_ROW_MODEL (page.rows), texts[i]);
      changed_ms = ms_since (start);
      wait_frame (&page);
      printf ("search %s (model): updated in %.1f ms, drawn after %.1f ms\n", texts[i], changed_ms, ms_since (start));
      dq_row_model_set_search (DQ_ROW_MODEL (page.rows), NULL);
      wait_frame (&page);
    }
  return 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static int
bench_scroll (const char *data_dir,
              guint       step_rows)
{
  Page           page = { 0 };
  GtkAdjustment *adj;
  gint64         start;
  guint          steps = 0;
  double         row_height;
  g_autoptr (GArray) jumps = g_array_new (FALSE, FALSE, sizeof (double));
  GRand *rand = g_rand_new_with_seed (42);

  page_open (&page, data_dir);
  printf ("members: %u\n", g_list_model_get_n_items (page.rows));
  printf ("rss_before_mb: %.1f\n", rss_mb ("VmRSS:"));
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (page.view));
  row_height = gtk_adjustment_get_upper (adj) / MAX (1u, g_list_model_get_n_items (page.rows));

  start = g_get_monotonic_time ();
  for (double v = 0; v < gtk_adjustment_get_upper (adj); v += row_height * step_rows)
    {
      gtk_adjustment_set_value (adj, v);
      wait_frame (&page);
      steps++;
    }
  printf ("scroll_whole_list: %u steps of %u rows in %.1f s (%.1f ms a step)\n", steps, step_rows,
          ms_since (start) / 1000.0, ms_since (start) / MAX (1u, steps));
  printf ("rss_after_scroll_mb: %.1f\n", rss_mb ("VmRSS:"));

  for (guint i = 0; i < 200; i++)
    {
      gint64 t = g_get_monotonic_time ();
      double ms;

      gtk_adjustment_set_value (adj, g_rand_double_range (rand, 0, gtk_adjustment_get_upper (adj)));
      wait_frame (&page);
      ms = ms_since (t);
      g_array_append_val (jumps, ms);
    }
  g_array_sort (jumps, compare_doubles);
  printf ("jump_to_random_place_ms: median %.1f, p90 %.1f, worst %.1f\n", g_array_index (jumps, double, 100),
          g_array_index (jumps, double, 180), g_array_index (jumps, double, 199));
  printf ("rss_after_jumps_mb: %.1f\n", rss_mb ("VmRSS:"));
  printf ("rss_peak_mb: %.1f\n", rss_mb ("VmHWM:"));
  g_rand_free (rand);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("DANGQUN_LOCALEDIR");

  main_start_us = g_get_monotonic_time ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc >= 3 && strcmp (argv[1], "startup") == 0)
    return bench_startup (argv[2]);

  gtk_init ();
  adw_init ();
  if (argc >= 4 && strcmp (argv[1], "search") == 0)
    return bench_search (argv[2], argv + 3);
  if (argc >= 3 && strcmp (argv[1], "scroll") == 0)
    return bench_scroll (argv[2], argc >= 4 ? (guint) atoi (argv[3]) : 20);

  fprintf (stderr, "usage: bench-app (startup DATA_DIR | search DATA_DIR TEXT… | scroll DATA_DIR [STEP_ROWS])\n");
  return 2;
}
