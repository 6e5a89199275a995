/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmark of 签到台 (run under Xvfb, LANG=zh_CN.UTF-8):
 *
 *   bench-desk REPLICA [N] [--in-place]
 *
 * REPLICA is a replica file or the data folder holding replica.db. On a
 * copy of it (unless --in-place) this creates an activity, registers N
 * members (1,000 by default), opens the desk window at 1280×800 and checks
 * them in one by one through its entry, as a USB scanner would: each scan
 * waits for the frame that shows its outcome before the next one.
 *
 * Figures go to stdout, one "key: value" per line: scan to confirmation
 * (the entry's Enter until the outcome, counts and recent list are set),
 * scan to the frame drawn showing it, both as median, p90 and worst; the
 * total; and the longest stall of the main loop (the largest gap between
 * two ticks of a 1 ms timer) during the check-ins. */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dq-activity.h"
#include "dq-desk-window.h"

typedef struct {
  DqDeskWindow *desk;
  GtkEditable  *entry;
  GPtrArray    *payloads; /* a card per member to check in */
  guint         next;
  guint         failures;
  gboolean      awaiting_frame;
  gboolean      done;
  gint64        scan_start;
  GArray       *confirm_ms;
  GArray       *frame_ms;
  gint64        last_tick;
  gint64        longest_stall;
} Run;

static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_spread (const char *key,
              GArray     *values)
{
  g_array_sort (values, compare_doubles);
  printf ("%s: median %.2f, p90 %.2f, worst %.2f (%u scans)\n", key,
          g_array_index (values, double, values->len / 2), g_array_index (values, double, values->len * 9 / 10),
          g_array_index (values, double, values->len - 1), values->len);
}

static void
die (const char *what,
     GError     *error)
{
  fprintf (stderr, "bench-desk: %s: %s\n", what, error != NULL ? error->message : "failed");
  exit (1);
}

static char *
select_text (DqStore           *store,
             const char        *sql,
             const char *const *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, params, &error);

  if (rows == NULL)
    die (sql, error);
  return rows->len > 0 ? g_strdup (((char **) g_ptr_array_index (rows, 0))[0]) : NULL;
}

/* The replica to work on: a copy in a temporary folder unless @in_place
 * (registrations and check-ins are written). */
static char *
prepare_replica (const char *arg,
                 gboolean    in_place,
                 char      **tmp_dir)
{
  g_autofree char *path =
      g_file_test (arg, G_FILE_TEST_IS_DIR) ? g_build_filename (arg, "replica.db", NULL) : g_strdup (arg);
  const char *suffixes[] = { "", "-wal", NULL };
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      fprintf (stderr, "bench-desk: no replica at %s\n", path);
      exit (1);
    }
  if (in_place)
    return g_steal_pointer (&path);

  *tmp_dir = g_dir_make_tmp ("bench-desk-XXXXXX", &error);
  if (*tmp_dir == NULL)
    die ("temporary folder", error);
  for (guint i = 0; suffixes[i]; i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *name = g_strconcat ("replica.db", suffixes[i], NULL);
      g_autofree char *to = g_build_filename (*tmp_dir, name, NULL);
      g_autoptr (GFile) source = g_file_new_for_path (from);
      g_autoptr (GFile) dest = g_file_new_for_path (to);

      if (g_file_test (from, G_FILE_TEST_EXISTS) &&
          !g_file_copy (source, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
        die ("copying the replica", error);
    }
  printf ("replica_copied_in_s: %.1f\n", ms_since (start) / 1000.0);
  return g_build_filename (*tmp_dir, "replica.db", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *
create_activity (DqStore    *store,
                 const char *district)
{
  g_autoptr (DqRecord) activity = dq_record_new_for ("activity", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) end = g_date_time_add_hours (now, 2);
  g_autofree char *starts_at = g_date_time_format_iso8601 (now);
  g_autofree char *ends_at = g_date_time_format_iso8601 (end);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (activity, "district", district);
  dq_record_set_text (activity, "title", "签到台基准测试：党员大会");
  dq_record_set_text (activity, "kind", "三会一课");
  dq_record_set_text (activity, "starts_at", starts_at);
  dq_record_set_text (activity, "ends_at", ends_at);
  dq_record_set_text (activity, "location", "党群服务中心 一楼报告厅");
  dq_record_set_int (activity, "capacity", 0);
  dq_record_set_text (activity, "status", "进行中");
  if (!dq_store_write (store, activity, &error))
    die ("creating the activity", error);
  return g_strdup (activity->id);
}

/* @n members of @district, spread over the replica, registered for
 * @activity_id; returns their card payloads. */
static GPtrArray *
register_members (DqStore    *store,
                  const char *activity_id,
                  const char *district,
                  guint       n)
{
  const char *params[] = { district, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  GPtrArray       *payloads = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *count = select_text (store, "SELECT count(*) FROM member WHERE deleted = 0 AND district = ?",
                                        params);
  guint64          total = g_ascii_strtoull (count, NULL, 10);
  guint64          step = MAX (total / MAX (n, 1u), 1u);
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM member WHERE deleted = 0 AND district = ? "
                                          "AND rowid %% %" G_GUINT64_FORMAT " = 0 LIMIT %u",
                                          step, n);
  gint64           start = g_get_monotonic_time ();

  rows = dq_store_select (store, sql, params, &error);
  if (rows == NULL)
    die ("choosing members", error);
  if (rows->len < n)
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      g_free (sql);
      sql = g_strdup_printf ("SELECT id FROM member WHERE deleted = 0 AND district = ? LIMIT %u", n);
      rows = dq_store_select (store, sql, params, &error);
      if (rows == NULL)
        die ("choosing members", error);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const char *member_id = ((char **) g_ptr_array_index (rows, i))[0];

      if (!dq_activity_register_member (store, activity_id, member_id, "线上", NULL, &error))
        die ("registering a member", error);
      g_ptr_array_add (payloads, dq_member_card_payload (member_id));
    }
  printf ("members_in_district: %" G_GUINT64_FORMAT "\n", total);
  printf ("registered: %u in %.1f s\n", payloads->len, ms_since (start) / 1000.0);
  return payloads;
}

static gboolean
tick_cb (gpointer data)
{
  Run   *run = data;
  gint64 now = g_get_monotonic_time ();

  if (run->last_tick != 0)
    run->longest_stall = MAX (run->longest_stall, now - run->last_tick);
  run->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
scan_cb (gpointer data)
{
  Run        *run = data;
  const char *message;
  double      ms;

  if (run->next >= run->payloads->len)
    {
      run->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  run->scan_start = g_get_monotonic_time ();
  gtk_editable_set_text (run->entry, g_ptr_array_index (run->payloads, run->next));
  g_signal_emit_by_name (run->entry, "activate");
  ms = ms_since (run->scan_start);
  g_array_append_val (run->confirm_ms, ms);

  message = dq_desk_window_get_message (run->desk);
  if (!g_str_has_prefix (message, _ ("Checked in")) || g_str_has_prefix (message, _ ("Already checked in")))
    {
      if (run->failures++ < 5)
        fprintf (stderr, "bench-desk: scan %u: %s\n", run->next, message);
    }
  run->next++;
  run->awaiting_frame = TRUE;
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Run           *run)
{
  double ms;

  if (!run->awaiting_frame)
    return;
  ms = ms_since (run->scan_start);
  g_array_append_val (run->frame_ms, ms);
  run->awaiting_frame = FALSE;
  /* The next person steps up once the screen showed the last one. */
  g_idle_add (scan_cb, run);
}

static void
iterate_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  const char      *localedir = g_getenv ("DANGQUN_LOCALEDIR");
  const char      *replica = NULL;
  gboolean         in_place = FALSE;
  guint            n = 1000;
  g_autofree char *tmp_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *district = NULL;
  g_autofree char *activity_id = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DqStore) store = NULL;
  g_autoptr (DqSyncEngine) engine = NULL;
  DqActivityCounts counts = { 0 };
  Run              run = { 0 };
  GdkFrameClock   *clock;
  guint            tick;
  gint64           start;
  double           total_ms;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--in-place") == 0)
        in_place = TRUE;
      else if (replica == NULL)
        replica = argv[i];
      else
        n = (guint) atoi (argv[i]);
    }
  if (replica == NULL || n == 0)
    {
      fprintf (stderr, "usage: bench-desk REPLICA [N] [--in-place]\n");
      return 2;
    }

  gtk_init ();
  adw_init ();

  path = prepare_replica (replica, in_place, &tmp_dir);
  store = dq_store_open (path, &error);
  if (store == NULL)
    die ("opening the replica", error);
  dq_store_set_cache_size (store, 8192); /* as DqApplication does */
  dq_store_set_author (store, "bench-desk");
  engine = dq_sync_engine_new (path);

  district = select_text (store,
                          "SELECT district FROM member WHERE deleted = 0 GROUP BY district "
                          "ORDER BY count(*) DESC LIMIT 1",
                          NULL);
  if (district == NULL)
    die ("the replica holds no members", NULL);
  activity_id = create_activity (store, district);
  run.payloads = register_members (store, activity_id, district, n);

  run.desk = DQ_DESK_WINDOW (dq_desk_window_new (NULL, store, engine, activity_id));
  run.entry = GTK_EDITABLE (dq_desk_window_get_entry (run.desk));
  run.confirm_ms = g_array_new (FALSE, FALSE, sizeof (double));
  run.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_window_set_default_size (GTK_WINDOW (run.desk), 1280, 800);
  gtk_window_present (GTK_WINDOW (run.desk));
  gtk_widget_realize (GTK_WIDGET (run.desk));
  iterate_ms (500);

  clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (run.desk)));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &run);
  tick = g_timeout_add (1, tick_cb, &run);
  start = g_get_monotonic_time ();
  g_idle_add (scan_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  total_ms = ms_since (start);
  g_source_remove (tick);
  g_signal_handlers_disconnect_by_data (clock, &run);

  if (!dq_activity_counts (store, activity_id, &counts, &error))
    die ("counting", error);
  printf ("checked_in: %u of %u (%u scans not confirmed as checked in)\n", counts.checked_in, run.payloads->len,
          run.failures);
  print_spread ("scan_to_confirmation_ms", run.confirm_ms);
  print_spread ("scan_to_frame_drawn_ms", run.frame_ms);
  printf ("total_s: %.2f for %u check-ins (%.1f a second)\n", total_ms / 1000.0, run.payloads->len,
          run.payloads->len / (total_ms / 1000.0));
  printf ("longest_main_loop_stall_ms: %.1f\n", run.longest_stall / 1000.0);

  gtk_window_destroy (GTK_WINDOW (run.desk));
  iterate_ms (50);
  g_array_unref (run.confirm_ms);
  g_array_unref (run.frame_ms);
  g_ptr_array_unref (run.payloads);
  g_clear_object (&engine);
  g_clear_object (&store);
  if (tmp_dir != NULL)
    remove_tree (tmp_dir);
  return counts.checked_in == run.payloads->len && run.failures == 0 ? 0 : 1;
}
