/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 活动 area on a demo replica: the list's three views count what SQL
 * says (compared as moments, whatever the offset), the kind and center
 * filters, a new activity through the dialog; an activity of two places
 * filled through the register dialog, its waitlist shown in order and
 * moving up when a place is cancelled, the counts following; a check-in
 * seen by two desks; a non-member with a wrong phone refused next to the
 * field with nothing written, then registered; a full activity without a
 * waitlist refused; phones masked. The tests run in order on one page. */
#include "config.h"

#include <string.h>

#include "dq-activities-page.h"
#include "dq-activity-page.h"
#include "dq-activity.h"
#include "dq-record-dialog.h"
#include "dq-register-dialog.h"
#include "dq-row-model.h"
#include "dq-test-app.h"
#include "dq-validate.h"

/* Lets a search entry's delay pass and the results land. */
#define SEARCH_MS 400

static DqStore      *store;
static DqSyncEngine *engine;
static GtkWidget    *page;
static GtkWindow    *window;
static DqRowModel   *model;
static char         *desk_target; /* the last "win.open-desk" parameter */
static char         *waitlist_activity;
static char         *registrations[3]; /* of the three members, in order */
static char         *member_ids[3];

/* Helpers */

static guint
select_count (const char        *sql,
              const char *const *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, params, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  return (guint) g_ascii_strtoull (((GStrv) g_ptr_array_index (rows, 0))[0], NULL, 10);
}

static GPtrArray *
select_rows (const char        *sql,
             const char *const *params)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *rows = dq_store_select (store, sql, params, &error);

  g_assert_no_error (error);
  return rows;
}

static GtkWidget *
find (GtkWidget  *root,
      const char *id)
{
  GtkWidget *widget = dq_test_app_find (root, id);

  g_assert_nonnull (widget);
  return widget;
}

/* The widget of @type under @root named @name, or NULL. */
static GtkWidget *
find_named (GtkWidget  *root,
            GType       type,
            const char *name)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type) && g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_labels (GtkWidget *root,
                GPtrArray *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, (gpointer) gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

/* A label under @root (on screen) showing @text, whole or in part. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text,
             gboolean    substring)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();

  collect_labels (root, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *label = g_ptr_array_index (labels, i);

      if (substring ? strstr (label, text) != NULL : strcmp (label, text) == 0)
        return TRUE;
    }
  return FALSE;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (toplevel), type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static GtkWidget *
activity_page (void)
{
  GtkWidget *found = dq_test_app_find_type (page, DQ_TYPE_ACTIVITY_PAGE, NULL);

  g_assert_nonnull (found);
  return found;
}

static const char *
count_text (const char *name)
{
  GtkWidget *label = find_named (activity_page (), GTK_TYPE_LABEL, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The status shown on the registration's row ("已报名", "候补 第 1 位"). */
static const char *
row_status (const char *registration_id)
{
  GtkWidget *row = find_named (activity_page (), ADW_TYPE_ACTION_ROW, registration_id);
  GtkWidget *label;

  g_assert_nonnull (row);
  label = find_named (row, GTK_TYPE_LABEL, "status");
  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* Now in Shenzhen and this week's Monday, as the views compute them. */
static char *
shenzhen_now (int days)
{
  g_autoptr (GTimeZone) shenzhen = g_time_zone_new_identifier ("+08:00");
  g_autoptr (GDateTime) now = g_date_time_new_now (shenzhen);
  g_autoptr (GDateTime) moved = g_date_time_add_days (now, days);

  return g_date_time_format (moved, "%Y-%m-%dT%H:%M:%S%:z");
}

static char *
week_start (int weeks)
{
  g_autoptr (GTimeZone) shenzhen = g_time_zone_new_identifier ("+08:00");
  g_autoptr (GDateTime) now = g_date_time_new_now (shenzhen);
  g_autoptr (GDateTime) midnight = g_date_time_new (shenzhen, g_date_time_get_year (now), g_date_time_get_month (now),
                                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr (GDateTime) monday = g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (now));
  g_autoptr (GDateTime) moved = g_date_time_add_weeks (monday, weeks);

  return g_date_time_format (moved, "%Y-%m-%dT%H:%M:%S%:z");
}

/* The number a label of the page shows. */
static guint
label_number (const char *id)
{
  const char *text = gtk_label_get_text (GTK_LABEL (find (page, id)));

  g_assert_true (g_ascii_isdigit (text[0]));
  return (guint) g_ascii_strtoull (text, NULL, 10);
}

static void
set_view (const char *toggle)
{
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find (page, toggle)), TRUE);
  dq_test_app_wait (100);
}

/* Types @text into the register dialog's member search and picks the row
 * of @member_id. */
static void
pick_member (GtkWidget  *dialog,
             const char *text,
             const char *member_id)
{
  GtkWidget *list = find (dialog, "member_list");
  GtkWidget *row;

  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "search_entry")), text);
  dq_test_app_wait (SEARCH_MS);
  row = find_named (list, ADW_TYPE_ACTION_ROW, member_id);
  g_assert_nonnull (row);
  gtk_list_box_select_row (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row));
}

static const char *
dialog_message (GtkWidget *dialog)
{
  if (!gtk_widget_get_visible (find (dialog, "message_box")))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (find (dialog, "message_label")));
}

static void
registered_cb (GtkWidget  *dialog,
               const char *id,
               char      **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static GtkWidget *
open_register_dialog (void)
{
  GtkWindow *dialog;

  gtk_widget_activate_action (activity_page (), "activity.register", NULL);
  dq_test_app_wait (200);
  dialog = find_toplevel (DQ_TYPE_REGISTER_DIALOG);
  g_assert_nonnull (dialog);
  return g_object_ref (GTK_WIDGET (dialog));
}

static void
close_dialog (GtkWidget *dialog)
{
  if (gtk_widget_get_visible (dialog))
    gtk_window_destroy (GTK_WINDOW (dialog));
  dq_test_app_wait (50);
  g_assert_finalize_object (dialog);
}

/* An activity of 2 hours starting @hours from now. */
static char *
write_activity (const char *title,
                int         hours,
                gint64      capacity,
                gboolean    waitlist)
{
  g_autoptr (DqRecord) record = dq_record_new_for ("activity", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  g_autoptr (GPtrArray) center = select_rows ("SELECT id FROM center WHERE deleted = 0 LIMIT 1", NULL);

  g_assert_cmpuint (center->len, ==, 1);
  {
    g_autoptr (GTimeZone) shenzhen = g_time_zone_new_identifier ("+08:00");
    g_autoptr (GDateTime) now = g_date_time_new_now (shenzhen);
    g_autoptr (GDateTime) start = g_date_time_add_hours (now, hours);
    g_autoptr (GDateTime) end = g_date_time_add_hours (start, 2);

    starts = g_date_time_format (start, "%Y-%m-%dT%H:%M:%S%:z");
    ends = g_date_time_format (end, "%Y-%m-%dT%H:%M:%S%:z");
  }
  dq_record_set_text (record, "district", "440310");
  dq_record_set_text (record, "title", title);
  dq_record_set_text (record, "kind", "讲座");
  dq_record_set_text (record, "center_id", ((GStrv) g_ptr_array_index (center, 0))[0]);
  dq_record_set_text (record, "starts_at", starts);
  dq_record_set_text (record, "ends_at", ends);
  dq_record_set_int (record, "capacity", capacity);
  dq_record_set_int (record, "waitlist", waitlist ? 1 : 0);
  dq_record_set_text (record, "audience", "全部");
  dq_record_set_text (record, "status", "报名中");
  dq_store_write (store, record, &error);
  g_assert_no_error (error);
  return g_strdup (record->id);
}

static guint
n_registrations (const char *activity_id)
{
  const char *params[] = { activity_id, NULL };

  return select_count ("SELECT count(*) FROM registration WHERE activity_id = ? AND deleted = 0", params);
}

/* The list */

static void
test_views (void)
{
  static const struct {
    const char *toggle;
    const char *count;
    const char *sql;
  } views[] = {
    { "upcoming_toggle", "upcoming_count",
      "SELECT count(*) FROM activity WHERE deleted = 0 AND julianday(starts_at) >= julianday(?1)" },
    { "week_toggle", "week_count",
      "SELECT count(*) FROM activity WHERE deleted = 0 AND julianday(starts_at) < julianday(?3) "
      "AND julianday(coalesce(nullif(ends_at, ''), starts_at)) >= julianday(?2)" },
    { "past_toggle", "past_count",
      "SELECT count(*) FROM activity WHERE deleted = 0 "
      "AND julianday(coalesce(nullif(ends_at, ''), starts_at)) < julianday(?1)" },
  };
  g_autofree char *now = shenzhen_now (0);
  g_autofree char *monday = week_start (0);
  g_autofree char *next_monday = week_start (1);
  const char      *params[] = { now, monday, next_monday, NULL };
  /* Whatever the date, one activity yet to come and one under way (begun
   * an hour ago): neither upcoming nor over, but held this week. */
  g_autofree char *coming = write_activity ("视图测试：明日党课", 24, 30, FALSE);
  g_autofree char *running = write_activity ("视图测试：进行中的讲座", -1, 30, FALSE);
  guint            total = select_count ("SELECT count(*) FROM activity WHERE deleted = 0", NULL);
  guint            counted[G_N_ELEMENTS (views)];
  /* Where each of them is listed: upcoming, this week, ended. */
  const gboolean coming_in[] = { TRUE, -1, FALSE };
  const gboolean running_in[] = { FALSE, TRUE, FALSE };

  g_assert_cmpuint (total, >, 50);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      guint            expected = select_count (views[i].sql, params);
      g_autofree char *number = g_strdup_printf ("%u", expected);
      g_autofree char *text = g_strdup_printf ("共 %u 项活动", expected);

      set_view (views[i].toggle);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (page, views[i].count))), ==, number);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (page, "count_label"))), ==, text);
      counted[i] = expected;
      if (coming_in[i] != -1)
        g_assert_cmpint (dq_row_model_find (model, coming) != G_MAXUINT, ==, coming_in[i]);
      g_assert_cmpint (dq_row_model_find (model, running) != G_MAXUINT, ==, running_in[i]);
    }
  /* The demo's year has activities that are over. */
  g_assert_cmpuint (counted[0], >, 0);
  g_assert_cmpuint (counted[1], >, 0);
  g_assert_cmpuint (counted[2], >, 0);
  g_assert_cmpuint (counted[0] + counted[2], <, total);

  /* Ended: the latest first. */
  {
    g_autoptr (DqRow) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr (GPtrArray) latest = select_rows (
        "SELECT id FROM activity WHERE deleted = 0 AND julianday(coalesce(nullif(ends_at, ''), starts_at)) < "
        "julianday(?1) ORDER BY starts_at DESC LIMIT 1",
        params);

    g_autoptr (DqRecord) r = dq_store_get (store, "activity", ((GStrv) g_ptr_array_index (latest, 0))[0], NULL);

    g_assert_nonnull (r);
    g_assert_cmpstr (dq_row_get_text (first, "starts_at"), ==, dq_record_get_text (r, "starts_at"));
  }

  /* Upcoming: the soonest first; the list shows it in Chinese. */
  set_view ("upcoming_toggle");
  {
    g_autoptr (DqRow) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_autoptr (GPtrArray) soonest = select_rows ("SELECT min(starts_at) FROM activity WHERE deleted = 0 AND "
                                                 "julianday(starts_at) >= julianday(?1)",
                                                 params);

    g_assert_cmpstr (dq_row_get_text (first, "starts_at"), ==, ((GStrv) g_ptr_array_index (soonest, 0))[0]);
    g_assert_true (shows_label (find (page, "column_view"), dq_row_get_text (first, "title"), FALSE));
  }
  g_assert_true (shows_label (find (page, "column_view"), "活动名称", FALSE));
  g_assert_true (shows_label (find (page, "column_view"), "地点/阵地", FALSE));
  g_assert_true (shows_label (find (page, "column_view"), "主办组织", FALSE));
  g_free (dq_test_app_screenshot (GTK_WIDGET (window), "activities-list"));
}

static void
test_filters (void)
{
  g_autofree char *now = shenzhen_now (0);
  GtkDropDown     *kinds = GTK_DROP_DOWN (find (page, "kind_dropdown"));
  GListModel      *labels = gtk_drop_down_get_model (kinds);
  const char      *params[] = { now, "志愿服务", NULL };
  guint            expected;

  set_view ("past_toggle");
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (labels, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), "志愿服务") == 0)
        gtk_drop_down_set_selected (kinds, i);
    }
  dq_test_app_wait (100);
  expected = select_count ("SELECT count(*) FROM activity WHERE deleted = 0 AND kind = ?2 "
                           "AND julianday(coalesce(nullif(ends_at, ''), starts_at)) < julianday(?1)",
                           params);
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected);
  gtk_drop_down_set_selected (kinds, 0);

  /* A center with activities: its own and those of the centers below. */
  {
    g_autoptr (GPtrArray) busiest = select_rows (
        "SELECT c.id, c.name FROM center c JOIN activity a ON a.center_id = c.id AND a.deleted = 0 "
        "WHERE c.deleted = 0 GROUP BY c.id ORDER BY count(*) DESC LIMIT 1",
        NULL);
    GStrv       center = g_ptr_array_index (busiest, 0);
    const char *center_params[] = { now, center[0], NULL };

    expected = select_count ("SELECT count(*) FROM activity t WHERE deleted = 0 "
                             "AND julianday(coalesce(nullif(ends_at, ''), starts_at)) < julianday(?1) "
                             "AND t.center_id IN (WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL "
                             "SELECT c.id FROM center c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)",
                             center_params);
    g_assert_cmpuint (expected, >, 0);
    gtk_editable_set_text (GTK_EDITABLE (find (page, "center_search_entry")), center[1]);
    dq_test_app_wait (SEARCH_MS);
    g_signal_emit_by_name (find (page, "center_search_entry"), "activate");
    dq_test_app_wait (100);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (page, "center_label"))), ==, center[1]);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected);
    g_assert_cmpuint (label_number ("past_count"), ==, expected);
    g_signal_emit_by_name (find (page, "all_centers_button"), "clicked");
    dq_test_app_wait (100);
  }
  set_view ("upcoming_toggle");
}

static void
test_new_activity (void)
{
  guint        before = select_count ("SELECT count(*) FROM activity WHERE deleted = 0", NULL);
  guint        upcoming = g_list_model_get_n_items (G_LIST_MODEL (model));
  GtkWindow   *dialog;
  GtkWidget   *title;
  AdwComboRow *kind;
  GListModel  *kinds;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (DqRecord) record = NULL;

  gtk_widget_activate_action (page, "activities.new", NULL);
  dq_test_app_wait (200);
  dialog = find_toplevel (DQ_TYPE_RECORD_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  g_assert_cmpstr (gtk_window_get_title (dialog), ==, "新建活动");

  title = find_named (GTK_WIDGET (dialog), GTK_TYPE_WIDGET, "title");
  g_assert_nonnull (title);
  gtk_editable_set_text (GTK_EDITABLE (title), "测试：社区党员冬季义诊");
  kind = ADW_COMBO_ROW (find_named (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "kind"));
  kinds = adw_combo_row_get_model (kind);
  for (guint i = 0; i < g_list_model_get_n_items (kinds); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (kinds, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), "志愿服务") == 0)
        adw_combo_row_set_selected (kind, i);
    }
  dq_test_app_wait (300);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL);
  dq_test_app_wait (300);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_finalize_object (dialog);

  g_assert_cmpuint (select_count ("SELECT count(*) FROM activity WHERE deleted = 0", NULL), ==, before + 1);
  rows = select_rows ("SELECT id FROM activity WHERE title = '测试：社区党员冬季义诊'", NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  record = dq_store_get (store, "activity", ((GStrv) g_ptr_array_index (rows, 0))[0], NULL);
  g_assert_cmpstr (dq_record_get_text (record, "kind"), ==, "志愿服务");
  g_assert_cmpstr (dq_record_get_text (record, "status"), ==, "报名中");
  g_assert_cmpstr (dq_record_get_text (record, "audience"), ==, "全部");
  g_assert_nonnull (dq_record_get_text (record, "starts_at"));

  /* The saved activity opens; it starts tomorrow: one more upcoming. */
  g_assert_cmpstr (dq_activity_page_get_activity (DQ_ACTIVITY_PAGE (activity_page ())), ==, record->id);
  g_assert_true (gtk_widget_get_mapped (activity_page ()));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (activity_page (), "title_label"))), ==,
                   "测试：社区党员冬季义诊");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, upcoming + 1);
  g_assert_cmpuint (label_number ("upcoming_count"), ==, upcoming + 1);
  gtk_widget_activate_action (page, "activities.back", NULL);
  dq_test_app_wait (100);
}

/* An activity of the demo past its capacity: the page says what SQL says,
 * the waitlist in order of registration, every phone masked. */
static void
test_demo_activity (void)
{
  g_autoptr (GPtrArray) full = select_rows (
      "SELECT a.id, a.capacity, (SELECT count(*) FROM registration r WHERE r.activity_id = a.id "
      "AND r.deleted = 0 AND coalesce(r.status, '') <> '已取消') AS live "
      "FROM activity a WHERE a.deleted = 0 AND a.waitlist = 1 AND a.capacity > 0 AND live > a.capacity "
      "ORDER BY julianday(a.starts_at) >= julianday('now') DESC, live - a.capacity DESC, a.id LIMIT 1",
      NULL);
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *registered = NULL;
  g_autofree char *waitlisted = NULL;
  GStrv            activity;
  guint            capacity, live;

  g_assert_cmpuint (full->len, ==, 1);
  activity = g_ptr_array_index (full, 0);
  capacity = (guint) g_ascii_strtoull (activity[1], NULL, 10);
  live = (guint) g_ascii_strtoull (activity[2], NULL, 10);
  dq_activities_page_show_activity (DQ_ACTIVITIES_PAGE (page), activity[0]);
  dq_test_app_wait (100);

  registered = g_strdup_printf ("%u / %u", capacity, capacity);
  waitlisted = g_strdup_printf ("%u", live - capacity);
  g_assert_cmpstr (count_text ("registered"), ==, registered);
  g_assert_cmpstr (count_text ("waitlisted"), ==, waitlisted);

  list = dq_activity_list_registrations (store, activity[0], &error);
  g_assert_no_error (error);
  for (guint i = 0, rank = 0; i < list->len; i++)
    {
      DqRegistration *r = g_ptr_array_index (list, i);

      if (r->place == DQ_PLACE_CANCELLED)
        {
          g_assert_cmpstr (row_status (r->id), ==, "已取消");
          continue;
        }
      rank++;
      if (rank <= capacity)
        g_assert_cmpstr (row_status (r->id), ==, "已报名");
      else
        {
          g_autofree char *expected = g_strdup_printf ("候补 第 %u 位", rank - capacity);

          g_assert_cmpstr (row_status (r->id), ==, expected);
        }
      if (r->phone != NULL)
        {
          GtkWidget       *row = find_named (activity_page (), ADW_TYPE_ACTION_ROW, r->id);
          g_autofree char *masked = dq_mask_phone (r->phone);

          g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), masked));
          g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), r->phone));
        }
    }
  /* Scrolled down to the waitlist. */
  {
    GtkAdjustment *adjustment =
        gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find (activity_page (), "scroller")));

    dq_test_app_wait (100);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  g_free (dq_test_app_screenshot (GTK_WIDGET (window), "activities-activity-demo"));
}

/* An activity and its registrations */

static void
test_waitlist (void)
{
  g_autoptr (GPtrArray) members = select_rows (
      "SELECT m.id, m.name, m.phone FROM member m WHERE m.deleted = 0 AND m.phone <> '' "
      "AND (SELECT count(*) FROM member n WHERE n.name = m.name) = 1 ORDER BY m.id LIMIT 3",
      NULL);
  g_autofree char *registered = NULL;
  GtkWidget       *dialog;

  g_assert_cmpuint (members->len, ==, 3);
  waitlist_activity = write_activity ("候补测试：垃圾分类知识讲座", 72, 2, TRUE);
  dq_activities_page_show_activity (DQ_ACTIVITIES_PAGE (page), waitlist_activity);
  dq_test_app_wait (100);
  g_assert_cmpstr (count_text ("registered"), ==, "0 / 2");

  dialog = open_register_dialog ();
  g_signal_connect (dialog, "registered", G_CALLBACK (registered_cb), &registered);
  for (guint i = 0; i < 3; i++)
    {
      GStrv            member = g_ptr_array_index (members, i);
      g_autofree char *masked = dq_mask_phone (member[2]);

      member_ids[i] = g_strdup (member[0]);
      pick_member (dialog, member[1], member[0]);
      /* The results mask the phone. */
      g_assert_true (shows_label (dialog, masked, TRUE));
      g_assert_false (shows_label (dialog, member[2], TRUE));
      gtk_widget_activate_action (dialog, "register.submit", NULL);
      dq_test_app_wait (100);
      g_assert_nonnull (registered);
      registrations[i] = g_steal_pointer (&registered);
      g_assert_nonnull (dialog_message (dialog));
      g_assert_nonnull (strstr (dialog_message (dialog), member[1]));
      if (i < 2)
        g_assert_nonnull (strstr (dialog_message (dialog), "已报名"));
      else
        {
          g_assert_nonnull (strstr (dialog_message (dialog), "候补"));
          g_assert_nonnull (strstr (dialog_message (dialog), "第 1 位"));
        }
    }
  g_assert_cmpuint (n_registrations (waitlist_activity), ==, 3);

  /* The dialog as the clerk sees it then: where the third one stands, and
   * a search showing who is registered already. */
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1280, 800);
  {
    GStrv            third = g_ptr_array_index (members, 2);
    g_autofree char *surname = g_utf8_substring (third[1], 0, 1);

    gtk_editable_set_text (GTK_EDITABLE (find (dialog, "search_entry")), surname);
    dq_test_app_wait (SEARCH_MS);
    g_assert_true (shows_label (dialog, "候补 第 1 位", FALSE));
    g_assert_nonnull (strstr (dialog_message (dialog), "候补"));
  }
  g_free (dq_test_app_screenshot (dialog, "activities-register-dialog"));

  /* Registering the first again writes nothing and says so. */
  pick_member (dialog, ((GStrv) g_ptr_array_index (members, 0))[1], member_ids[0]);
  g_assert_true (shows_label (dialog, "已报名", FALSE));
  gtk_widget_activate_action (dialog, "register.submit", NULL);
  dq_test_app_wait (100);
  g_assert_null (registered);
  g_assert_nonnull (strstr (dialog_message (dialog), "已经报过名"));
  g_assert_cmpuint (n_registrations (waitlist_activity), ==, 3);

  close_dialog (dialog);
  dq_test_app_wait (200);

  /* The page: 2 of 2 places, one waiting, first in line. */
  g_assert_cmpstr (count_text ("registered"), ==, "2 / 2");
  g_assert_cmpstr (count_text ("waitlisted"), ==, "1");
  g_assert_cmpstr (count_text ("cancelled"), ==, "0");
  g_assert_cmpstr (row_status (registrations[0]), ==, "已报名");
  g_assert_cmpstr (row_status (registrations[1]), ==, "已报名");
  g_assert_cmpstr (row_status (registrations[2]), ==, "候补 第 1 位");

  /* Phones are masked on the page, never whole. */
  for (guint i = 0; i < 3; i++)
    {
      GStrv            member = g_ptr_array_index (members, i);
      g_autofree char *masked = dq_mask_phone (member[2]);

      g_assert_cmpstr (masked, !=, member[2]);
      g_assert_true (shows_label (activity_page (), masked, TRUE));
      g_assert_false (shows_label (activity_page (), member[2], TRUE));
    }
}

static void
test_checkin_two_desks (void)
{
  g_autoptr (DqRegistration) r = NULL;
  g_autoptr (DqCheckinResult) result = NULL;
  g_autoptr (DqRecord) other = dq_record_new_for ("checkin", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *card = dq_member_card_payload (member_ids[0]);
  g_autofree char *earlier = NULL;
  GString         *desk = g_string_new (NULL);
  const char      *node = dq_store_get_node (store);
  GtkWidget       *row;
  GtkWidget       *checkin;

  /* Checked in here, and (offline, earlier) at another desk. */
  result = dq_activity_checkin (store, waitlist_activity, card, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, DQ_CHECKIN_CHECKED_IN);
  r = dq_activity_get_registration (store, registrations[0], &error);
  g_assert_no_error (error);
  {
    g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (r->checked_in_at, NULL);
    g_autoptr (GDateTime) before = g_date_time_add_minutes (time, -5);

    earlier = g_date_time_format (before, "%Y-%m-%dT%H:%M:%S%:z");
  }
  for (guint i = 0; node[i]; i++)
    g_string_append_c (desk, node[i] == '0' ? '1' : '0');
  dq_record_set_text (other, "district", "440310");
  dq_record_set_text (other, "registration_id", registrations[0]);
  dq_record_set_text (other, "activity_id", waitlist_activity);
  dq_record_set_text (other, "checked_in_at", earlier);
  dq_record_set_text (other, "desk", desk->str);
  g_string_free (desk, TRUE);
  g_assert_true (dq_store_write (store, other, &error));
  g_assert_no_error (error);
  dq_test_app_wait (200);

  g_assert_cmpstr (count_text ("checked_in"), ==, "1");
  row = find_named (activity_page (), ADW_TYPE_ACTION_ROW, registrations[0]);
  checkin = find_named (row, GTK_TYPE_LABEL, "checkin");
  g_assert_nonnull (checkin);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (checkin)), "已签到"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (checkin)), "在 2 个签到台签到"));
  /* The earliest time counts. */
  {
    g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (earlier, NULL);
    g_autoptr (GDateTime) local = g_date_time_to_local (time);
    g_autofree char *hhmm = g_date_time_format (local, "%H:%M");

    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (checkin)), hhmm));
  }
}

static void
window_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  g_free (desk_target);
  desk_target = g_strdup_printf ("%s:%s", g_action_get_name (G_ACTION (action)), g_variant_get_string (parameter, NULL));
}

static void
test_window_actions (void)
{
  static const char *const buttons[] = { "desk_button", "print_button", "export_button" };
  static const char *const actions[] = { "open-desk", "print-signin-sheet", "export-registrations" };

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget       *button = find (activity_page (), buttons[i]);
      g_autofree char *expected = g_strdup_printf ("%s:%s", actions[i], waitlist_activity);

      g_assert_true (gtk_widget_is_sensitive (button));
      g_signal_emit_by_name (button, "clicked");
      dq_test_app_wait (50);
      g_assert_cmpstr (desk_target, ==, expected);
    }
}

static void
test_cancel_moves_up (void)
{
  GtkWidget *row = find_named (activity_page (), ADW_TYPE_ACTION_ROW, registrations[1]);
  GtkWidget *cancel;
  GtkWindow *ask;

  g_free (dq_test_app_screenshot (GTK_WIDGET (window), "activities-activity-waitlist"));

  g_assert_nonnull (row);
  cancel = find_named (row, GTK_TYPE_BUTTON, "cancel");
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  dq_test_app_wait (100);
  ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ask), "cancel-registration");
  dq_test_app_wait (200);

  g_assert_cmpstr (count_text ("registered"), ==, "2 / 2");
  g_assert_cmpstr (count_text ("waitlisted"), ==, "0");
  g_assert_cmpstr (count_text ("cancelled"), ==, "1");
  g_assert_cmpstr (row_status (registrations[0]), ==, "已报名");
  g_assert_cmpstr (row_status (registrations[1]), ==, "已取消");
  g_assert_cmpstr (row_status (registrations[2]), ==, "已报名");
  /* Cancelled rows have nothing left to cancel. */
  g_assert_null (find_named (find_named (activity_page (), ADW_TYPE_ACTION_ROW, registrations[1]), GTK_TYPE_BUTTON,
                             "cancel"));
}

static void
test_non_member (void)
{
  const char      *phone = "19912345678";
  const char      *params[] = { phone, NULL };
  guint            before = n_registrations (waitlist_activity);
  g_autofree char *registered = NULL;
  GtkWidget       *dialog;
  GtkWidget       *phone_error;
  AdwComboRow     *status;
  GListModel      *statuses;

  g_assert_cmpuint (select_count ("SELECT count(*) FROM member WHERE phone = ?", params), ==, 0);
  dialog = open_register_dialog ();
  g_signal_connect (dialog, "registered", G_CALLBACK (registered_cb), &registered);
  gtk_stack_set_visible_child_name (GTK_STACK (find (dialog, "mode_stack")), "person");
  dq_test_app_wait (50);

  /* Ten digits: refused next to the phone, nothing written. */
  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "name_row")), "王小明");
  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "phone_row")), "1991234567");
  status = ADW_COMBO_ROW (find (dialog, "status_row"));
  statuses = adw_combo_row_get_model (status);
  /* 群众 to begin with. */
  {
    g_autoptr (GtkStringObject) item = g_list_model_get_item (statuses, adw_combo_row_get_selected (status));

    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "群众");
  }
  for (guint i = 0; i < g_list_model_get_n_items (statuses); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (statuses, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), "共青团员") == 0)
        adw_combo_row_set_selected (status, i);
    }
  gtk_widget_activate_action (dialog, "register.submit", NULL);
  dq_test_app_wait (100);
  phone_error = find (dialog, "phone_error");
  g_assert_true (gtk_widget_get_visible (phone_error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (phone_error)), "手机号码"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (phone_error)), "11位数字"));
  g_assert_false (gtk_widget_get_visible (find (dialog, "name_error")));
  g_assert_null (registered);
  g_assert_null (dialog_message (dialog));
  g_assert_cmpuint (n_registrations (waitlist_activity), ==, before);
  g_free (dq_test_app_screenshot (dialog, "activities-register-person-error"));

  /* Corrected: registered; the activity is full, so on the waitlist. */
  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "phone_row")), "199 1234 5678");
  gtk_widget_activate_action (dialog, "register.submit", NULL);
  dq_test_app_wait (100);
  g_assert_false (gtk_widget_get_visible (phone_error));
  g_assert_nonnull (registered);
  g_assert_nonnull (strstr (dialog_message (dialog), "王小明"));
  g_assert_nonnull (strstr (dialog_message (dialog), "候补"));
  g_assert_cmpuint (n_registrations (waitlist_activity), ==, before + 1);
  {
    g_autoptr (DqRecord) record = dq_store_get (store, "registration", registered, NULL);

    g_assert_nonnull (record);
    g_assert_cmpstr (dq_record_get_text (record, "name"), ==, "王小明");
    g_assert_cmpstr (dq_record_get_text (record, "phone"), ==, phone);
    g_assert_cmpstr (dq_record_get_text (record, "political_status"), ==, "03");
    g_assert_null (dq_record_get_text (record, "member_id"));
  }
  /* The fields are empty for the next person. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find (dialog, "name_row"))), ==, "");
  close_dialog (dialog);
  dq_test_app_wait (200);

  g_assert_cmpstr (row_status (registered), ==, "候补 第 1 位");
  g_assert_cmpstr (count_text ("waitlisted"), ==, "1");
  g_assert_true (shows_label (activity_page (), "群众 · 共青团员 · 199****5678", FALSE));
  g_assert_false (shows_label (activity_page (), phone, TRUE));
}

static void
test_full_without_waitlist (void)
{
  g_autoptr (GPtrArray) members = select_rows (
      "SELECT m.id, m.name FROM member m WHERE m.deleted = 0 "
      "AND (SELECT count(*) FROM member n WHERE n.name = m.name) = 1 ORDER BY m.id DESC LIMIT 2",
      NULL);
  g_autofree char *activity = write_activity ("满员测试：党史学习讲座", 72, 1, FALSE);
  g_autofree char *registered = NULL;
  GtkWidget       *dialog;

  dq_activities_page_show_activity (DQ_ACTIVITIES_PAGE (page), activity);
  dq_test_app_wait (100);
  dialog = open_register_dialog ();
  g_signal_connect (dialog, "registered", G_CALLBACK (registered_cb), &registered);

  pick_member (dialog, ((GStrv) g_ptr_array_index (members, 0))[1], ((GStrv) g_ptr_array_index (members, 0))[0]);
  gtk_widget_activate_action (dialog, "register.submit", NULL);
  dq_test_app_wait (100);
  g_assert_nonnull (registered);
  g_clear_pointer (&registered, g_free);

  pick_member (dialog, ((GStrv) g_ptr_array_index (members, 1))[1], ((GStrv) g_ptr_array_index (members, 1))[0]);
  gtk_widget_activate_action (dialog, "register.submit", NULL);
  dq_test_app_wait (100);
  g_assert_null (registered);
  g_assert_nonnull (strstr (dialog_message (dialog), "名额已满"));
  g_assert_cmpuint (n_registrations (activity), ==, 1);
  close_dialog (dialog);
  dq_test_app_wait (100);
  g_assert_cmpstr (count_text ("registered"), ==, "1 / 1");
  g_assert_cmpstr (count_text ("waitlisted"), ==, "0");
}

static void
add_window_actions (void)
{
  static const char *const names[] = { "open-desk", "print-signin-sheet", "export-registrations", "show-member" };
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GSimpleAction) action = g_simple_action_new (names[i], G_VARIANT_TYPE_STRING);

      g_signal_connect (action, "activate", G_CALLBACK (window_action_cb), NULL);
      g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (window), "win", G_ACTION_GROUP (group));
}

int
main (int argc, char **argv)
{
  int ret;

  /* Shown as a clerk in Shenzhen sees it (the views compute in +08:00
   * whatever the zone). */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  dq_test_app_init (&argc, &argv);

  store = dq_test_app_demo_store (0.1);
  engine = dq_test_app_engine (store);
  page = g_object_ref_sink (dq_activities_page_new (store, engine));
  {
    GtkSelectionModel *selection = gtk_column_view_get_model (GTK_COLUMN_VIEW (dq_test_app_find (page, "column_view")));

    model = DQ_ROW_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));
  }
  window = dq_test_app_window (page, 1280, 800);
  add_window_actions ();

  g_test_add_func ("/activities/list/views", test_views);
  g_test_add_func ("/activities/list/filters", test_filters);
  g_test_add_func ("/activities/registrations/demo-activity", test_demo_activity);
  g_test_add_func ("/activities/registrations/waitlist", test_waitlist);
  g_test_add_func ("/activities/registrations/checkin-two-desks", test_checkin_two_desks);
  g_test_add_func ("/activities/registrations/window-actions", test_window_actions);
  g_test_add_func ("/activities/registrations/cancel-moves-up", test_cancel_moves_up);
  g_test_add_func ("/activities/registrations/non-member", test_non_member);
  g_test_add_func ("/activities/registrations/full", test_full_without_waitlist);
  g_test_add_func ("/activities/new/activity", test_new_activity);
  ret = g_test_run ();

  gtk_window_destroy (window);
  dq_test_app_wait (100);
  g_assert_finalize_object (page);
  g_object_unref (engine);
  g_object_unref (store);
  for (guint i = 0; i < 3; i++)
    {
      g_free (registrations[i]);
      g_free (member_ids[i]);
    }
  g_free (waitlist_activity);
  g_free (desk_target);
  return ret;
}
