/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 阵地 page on a demo replica of 坪山区: the alliance tree and its
 * counts per level and street against SQL, the selected center, a booking
 * that overlaps refused by the new-booking dialog, and a clash made the way
 * two offline desks make it (two plain writes) flagged in the calendar
 * until one of the two is cancelled. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dq-activity.h"
#include "dq-booking-calendar.h"
#include "dq-centers-page.h"
#include "dq-format.h"
#include "dq-row.h"
#include "dq-schema.h"
#include "dq-test-app.h"

static DqStore      *store;
static DqSyncEngine *engine;

/* The days the tests book on: a Monday and the Tuesday after it, after the
 * demo data's year. */
#define DAY_ONE "2027-01-11"
#define DAY_TWO "2027-01-12"

/* The first column of the first row of @sql with one parameter. */
static char *
sql_text (const char *sql,
          const char *param)
{
  g_autoptr (GError) error = NULL;
  const char *params[] = { param, NULL };
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, param != NULL ? params : NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  if (rows->len == 0)
    return NULL;
  return g_strdup (((char **) rows->pdata[0])[0]);
}

static void
assert_sql (const char *sql,
            const char *param,
            const char *want)
{
  g_autofree char *text = sql_text (sql, param);

  g_assert_cmpstr (text, ==, want);
}

static gint64
sql_int (const char *sql,
         const char *param)
{
  g_autofree char *text = sql_text (sql, param);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The center with the most rooms: the one whose calendar shows most. */
static char *
busy_center (void)
{
  return sql_text ("SELECT r.center_id FROM room r JOIN center c ON c.id = r.center_id AND c.deleted = 0 "
                   "WHERE r.deleted = 0 GROUP BY r.center_id ORDER BY count(*) DESC, r.center_id LIMIT 1",
                   NULL);
}

/* Its rooms in the calendar's order (as created). */
static GPtrArray *
rooms_of (const char *center_id)
{
  g_autoptr (GError) error = NULL;
  const char *params[] = { center_id, NULL };
  GPtrArray  *rows = dq_store_select (store, "SELECT id, name, district FROM room WHERE center_id = ? AND deleted = 0 "
                                              "ORDER BY _rid",
                                      params, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static const char *
label_text (GtkWidget  *root,
            const char *id)
{
  GtkWidget *label = dq_test_app_find (root, id);

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* Writes a booking straight to the store, as a desk's replica does before
 * it syncs (no overlap check). */
static char *
write_booking (const char *room_id,
               const char *district,
               const char *starts_at,
               const char *ends_at,
               const char *purpose,
               gboolean    checked)
{
  g_autoptr (DqRecord) booking = dq_record_new_for ("booking", NULL);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (booking, "district", district);
  dq_record_set_text (booking, "room_id", room_id);
  dq_record_set_text (booking, "starts_at", starts_at);
  dq_record_set_text (booking, "ends_at", ends_at);
  dq_record_set_text (booking, "purpose", purpose);
  dq_record_set_text (booking, "status", "已预约");
  if (checked)
    dq_booking_write (store, booking, &error);
  else
    dq_store_write (store, booking, &error);
  g_assert_no_error (error);
  return g_strdup (booking->id);
}

static GDateTime *
day_of (const char *date)
{
  g_autofree char *text = g_strconcat (date, "T00:00:00+08:00", NULL);

  return g_date_time_new_from_iso8601 (text, NULL);
}

/* The booking blocks drawn under @root: widgets of class "booking". */
static void
collect_blocks (GtkWidget *root,
                GPtrArray *blocks)
{
  if (gtk_widget_has_css_class (root, "booking") && g_object_get_data (G_OBJECT (root), "booking-id") != NULL)
    g_ptr_array_add (blocks, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_blocks (child, blocks);
}

static GtkWidget *
block_of (GtkWidget  *root,
          const char *booking_id)
{
  g_autoptr (GPtrArray) blocks = g_ptr_array_new ();

  collect_blocks (root, blocks);
  for (guint i = 0; i < blocks->len; i++)
    if (g_strcmp0 (g_object_get_data (blocks->pdata[i], "booking-id"), booking_id) == 0)
      return blocks->pdata[i];
  return NULL;
}

static guint
n_flagged (GtkWidget *root)
{
  g_autoptr (GPtrArray) blocks = g_ptr_array_new ();
  guint n = 0;

  collect_blocks (root, blocks);
  for (guint i = 0; i < blocks->len; i++)
    if (gtk_widget_has_css_class (blocks->pdata[i], "error"))
      n++;
  return n;
}

/* The calendar alone, with the margins a page gives it. */
static GtkWidget *
framed (GtkWidget *calendar)
{
  GtkWidget *frame = adw_bin_new ();

  gtk_widget_set_margin_top (calendar, 12);
  gtk_widget_set_margin_bottom (calendar, 12);
  gtk_widget_set_margin_start (calendar, 18);
  gtk_widget_set_margin_end (calendar, 18);
  adw_bin_set_child (ADW_BIN (frame), calendar);
  return frame;
}

static AdwWindow *
find_booking_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwWindow  *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          dq_test_app_find (GTK_WIDGET (window), "book_button") != NULL)
        found = ADW_WINDOW (window);
    }
  return found;
}

/* Form rows of DqRecordForm are named after their column. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_record_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow  *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), g_type_from_name ("DqRecordDialog")) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        found = GTK_WINDOW (window);
    }
  return found;
}

static gboolean
record_dialog_shown (gpointer data)
{
  return find_record_dialog () != NULL;
}

static gboolean
record_dialog_gone (gpointer data)
{
  return find_record_dialog () == NULL;
}

/* Presses the block as a click would. */
static void
press_block (GtkWidget *block)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (block);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        {
          g_signal_emit_by_name (controller, "pressed", 1, 5.0, 5.0);
          return;
        }
    }
  g_assert_not_reached ();
}

/* The popover open under @root (a drop-down's closed one does not count). */
static GtkPopover *
shown_popover (GtkWidget *root)
{
  if (GTK_IS_POPOVER (root) && gtk_widget_get_visible (root))
    return GTK_POPOVER (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkPopover *found = shown_popover (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_tree_and_counts (void)
{
  GtkWidget          *page = g_object_ref_sink (dq_centers_page_new (store, engine));
  GtkWindow          *window = dq_test_app_window (page, 1280, 800);
  GtkListView        *tree = GTK_LIST_VIEW (dq_test_app_find (page, "tree_view"));
  GtkSingleSelection *selection;
  GtkWidget          *counts = dq_test_app_find (page, "level_counts");
  GtkGrid            *streets = GTK_GRID (dq_test_app_find (page, "street_grid"));
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) per_street = NULL;
  gint64           top = sql_int ("SELECT count(*) FROM center c WHERE deleted = 0 AND (parent_id IS NULL OR NOT EXISTS "
                                            "(SELECT 1 FROM center p WHERE p.id = c.parent_id AND p.deleted = 0))",
                                  NULL);
  guint            depth0 = 0, levels_seen = 0, street_rows_seen = 0, n;
  gint64           sum = 0;
  g_autofree char *street_center = sql_text ("SELECT id FROM center WHERE level = '街道' AND deleted = 0 LIMIT 1",
                                             NULL);
  gboolean         street_shown = FALSE;

  g_assert_nonnull (tree);
  g_assert_nonnull (counts);
  g_assert_nonnull (streets);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (tree));

  /* The top level is the city center (and anything whose parent is not here). */
  g_assert_cmpint (top, >, 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (selection));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (selection), i);
      g_autoptr (DqRow) center = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_depth (row) == 0)
        depth0++;
      if (g_strcmp0 (dq_row_get_id (center), street_center) == 0)
        street_shown = TRUE;
    }
  g_assert_cmpint (depth0, ==, top);
  /* Opened down to the street centers. */
  g_assert_true (street_shown);

  /* One number per level, each the count of live centers of that level. */
  for (GtkWidget *cell = gtk_widget_get_first_child (counts); cell; cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget  *number = gtk_widget_get_first_child (cell);
      const char *level = gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (number)));
      gint64      want = sql_int ("SELECT count(*) FROM center WHERE deleted = 0 AND level = ?", level);

      g_assert_cmpint (g_ascii_strtoll (gtk_label_get_text (GTK_LABEL (number)), NULL, 10), ==, want);
      sum += want;
      levels_seen++;
    }
  g_assert_cmpint (levels_seen, ==, 7);
  g_assert_cmpint (sum, ==, sql_int ("SELECT count(*) FROM center WHERE deleted = 0", NULL));
  g_assert_cmpint (sql_int ("SELECT count(*) FROM center WHERE deleted = 0 AND level = '社区'", NULL), >, 0);

  /* Per street: the total in the last column of the street's line. */
  per_street = dq_store_select (store,
                                "SELECT street, count(*) FROM center WHERE deleted = 0 AND coalesce(street, '') <> '' "
                                "GROUP BY street",
                                NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (per_street->len, >, 1);
  for (guint i = 0; i < per_street->len; i++)
    {
      char     **row = per_street->pdata[i];
      GtkWidget *name = NULL;

      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (streets)); child && name == NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int column, line;

          gtk_grid_query_child (streets, child, &column, &line, NULL, NULL);
          if (column == 0 && line > 0 && g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), row[0]) == 0)
            name = child;
        }
      g_assert_nonnull (name);
      {
        int        line;
        GtkWidget *total;

        gtk_grid_query_child (streets, name, NULL, &line, NULL, NULL);
        total = gtk_grid_get_child_at (streets, 6, line);
        g_assert_nonnull (total);
        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (total)), ==, row[1]);
        street_rows_seen++;
      }
    }
  g_assert_cmpint (street_rows_seen, ==, per_street->len);

  gtk_window_destroy (window);
  dq_test_app_wait (50);
  g_assert_finalize_object (page);
}

static void
test_select_center (void)
{
  GtkWidget          *page = g_object_ref_sink (dq_centers_page_new (store, engine));
  GtkWindow          *window = dq_test_app_window (page, 1280, 800);
  GtkListView        *tree = GTK_LIST_VIEW (dq_test_app_find (page, "tree_view"));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (tree));
  g_autofree char    *id = busy_center ();
  g_autoptr (DqRecord) center = dq_store_get (store, "center", id, NULL);
  g_autoptr (GPtrArray) rooms = rooms_of (id);
  g_autoptr (DqRow) selected = NULL;
  g_autofree char *functions = NULL;
  GtkColumnView   *rooms_view;
  GtkTreeListRow  *row;

  g_assert_nonnull (center);
  g_assert_cmpint (rooms->len, >=, 2);

  dq_centers_page_show_center (DQ_CENTERS_PAGE (page), id);
  dq_test_app_wait (100);

  /* Selected in the tree, shown beside it. */
  row = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (row);
  selected = gtk_tree_list_row_get_item (row);
  g_assert_cmpstr (dq_row_get_id (selected), ==, id);
  g_assert_cmpstr (label_text (page, "name_label"), ==, dq_record_get_text (center, "name"));
  g_assert_cmpstr (label_text (page, "level_label"), ==, dq_record_get_text (center, "level"));
  functions = dq_format_value (dq_table_column (center->table, "functions"), dq_record_get (center, "functions"),
                               FALSE);
  g_assert_cmpstr (functions, !=, "");
  g_assert_cmpstr (label_text (page, "functions_label"), ==, functions);
  /* The phone is masked. */
  g_assert_nonnull (dq_record_get_text (center, "phone"));
  g_assert_cmpstr (label_text (page, "phone_label"), !=, dq_record_get_text (center, "phone"));
  g_assert_nonnull (strstr (label_text (page, "phone_label"), "****"));

  /* Its rooms, each by name. */
  gtk_stack_set_visible_child_name (GTK_STACK (dq_test_app_find (page, "sections_stack")), "rooms");
  dq_test_app_wait (200);
  rooms_view = GTK_COLUMN_VIEW (dq_test_app_find (page, "rooms_view"));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (rooms_view))), ==, rooms->len);
  for (guint i = 0; i < rooms->len; i++)
    g_assert_nonnull (
        dq_test_app_find_type (GTK_WIDGET (rooms_view), GTK_TYPE_LABEL, ((char **) rooms->pdata[i])[1]));
  g_free (dq_test_app_screenshot (GTK_WIDGET (window), "centers-rooms"));
  gtk_stack_set_visible_child_name (GTK_STACK (dq_test_app_find (page, "sections_stack")), "bookings");

  gtk_window_destroy (window);
  dq_test_app_wait (50);
  g_assert_finalize_object (page);
}

static gint64
bookings_of (const char *room_id)
{
  return sql_int ("SELECT count(*) FROM booking WHERE room_id = ?", room_id);
}

static void
test_dialog_refuses_overlap (void)
{
  GtkWidget       *calendar = g_object_ref_sink (dq_booking_calendar_new (store, engine));
  GtkWindow       *window = dq_test_app_window (framed (calendar), 1280, 800);
  g_autofree char *center = busy_center ();
  g_autoptr (GPtrArray) rooms = rooms_of (center);
  g_autoptr (GDateTime) day = day_of (DAY_ONE);
  const char      *room = ((char **) rooms->pdata[0])[0];
  const char      *district = ((char **) rooms->pdata[0])[2];
  g_autofree char *existing = NULL;
  AdwWindow       *dialog;
  GtkWidget       *error_label;
  gint64           before;

  existing = write_booking (room, district, DAY_ONE "T09:00:00+08:00", DAY_ONE "T11:00:00+08:00", "党员学习会",
                            TRUE);
  dq_booking_calendar_set_center (DQ_BOOKING_CALENDAR (calendar), center);
  dq_booking_calendar_set_date (DQ_BOOKING_CALENDAR (calendar), day);
  dq_test_app_wait (100);
  g_assert_nonnull (block_of (calendar, existing));

  gtk_widget_activate_action (calendar, "calendar.new-booking", NULL);
  dq_test_app_wait (100);
  dialog = find_booking_dialog ();
  g_assert_nonnull (dialog);

  /* The same room, 10:00–12:00 that day: overlaps 09:00–11:00. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (dq_test_app_find (GTK_WIDGET (dialog), "room_row")), 0);
  gtk_editable_set_text (GTK_EDITABLE (dq_test_app_find (GTK_WIDGET (dialog), "date_row")), DAY_ONE);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dq_test_app_find (GTK_WIDGET (dialog), "start_row")), 4);
  adw_combo_row_set_selected (ADW_COMBO_ROW (dq_test_app_find (GTK_WIDGET (dialog), "end_row")), 7);
  gtk_editable_set_text (GTK_EDITABLE (dq_test_app_find (GTK_WIDGET (dialog), "purpose_row")), "支部委员会会议");
  before = bookings_of (room);

  g_signal_emit_by_name (dq_test_app_find (GTK_WIDGET (dialog), "book_button"), "clicked");
  dq_test_app_wait (50);

  /* Refused, said in Chinese beside the fields, nothing written. */
  g_assert_true (find_booking_dialog () == dialog);
  error_label = dq_test_app_find (GTK_WIDGET (dialog), "dialog_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_test_message ("refused: %s", gtk_label_get_text (GTK_LABEL (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "09:00–11:00"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "党员学习会"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "请换一个时间或场地"));
  g_assert_cmpint (bookings_of (room), ==, before);
  g_free (dq_test_app_screenshot (GTK_WIDGET (dialog), "booking-dialog-refused"));

  /* 11:00–12:00 is free: booked, the dialog closes. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (dq_test_app_find (GTK_WIDGET (dialog), "start_row")), 6);
  g_signal_emit_by_name (dq_test_app_find (GTK_WIDGET (dialog), "book_button"), "clicked");
  dq_test_app_wait (100);
  g_assert_null (find_booking_dialog ());
  g_assert_cmpint (bookings_of (room), ==, before + 1);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM booking WHERE room_id = ? AND starts_at = '" DAY_ONE
                            "T11:00:00+08:00' AND ends_at = '" DAY_ONE "T12:00:00+08:00' AND purpose = '支部委员会会议'",
                            room),
                   ==, 1);
  g_assert_cmpint (n_flagged (calendar), ==, 0);

  /* A block opens its details, with 取消预约. */
  {
    g_autofree char *made = sql_text ("SELECT id FROM booking WHERE room_id = ? AND starts_at = '" DAY_ONE
                                      "T11:00:00+08:00'",
                                      room);
    GtkWidget       *block = block_of (calendar, made);
    GtkPopover      *popover;

    g_assert_nonnull (block);
    press_block (block);
    dq_test_app_wait (100);
    popover = shown_popover (calendar);
    g_assert_nonnull (popover);
    g_assert_nonnull (dq_test_app_find_type (GTK_WIDGET (popover), GTK_TYPE_LABEL, "支部委员会会议"));
    g_signal_emit_by_name (dq_test_app_find_type (GTK_WIDGET (popover), GTK_TYPE_BUTTON, "取消预约"), "clicked");
    dq_test_app_wait (100);
    assert_sql ("SELECT status FROM booking WHERE id = ?", made, "已取消");
    g_assert_null (block_of (calendar, made));
    g_assert_nonnull (block_of (calendar, existing));
  }

  gtk_window_destroy (window);
  dq_test_app_wait (50);
  g_assert_finalize_object (calendar);
}

typedef struct {
  GtkWidget *calendar;
  guint      flagged;
} FlagWait;

static gboolean
flagged_is (gpointer data)
{
  FlagWait *w = data;

  return n_flagged (w->calendar) == w->flagged;
}

static GtkWidget *
cancel_button_for (GtkWidget  *list,
                   const char *booking_id)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *button = dq_test_app_find_type (row, GTK_TYPE_BUTTON, "取消预约");

      if (button != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (button), "booking-id"), booking_id) == 0)
        return button;
    }
  return NULL;
}

static void
test_offline_clash (void)
{
  GtkWidget       *calendar = g_object_ref_sink (dq_booking_calendar_new (store, engine));
  GtkWindow       *window = dq_test_app_window (framed (calendar), 1280, 800);
  g_autofree char *center = busy_center ();
  g_autoptr (GPtrArray) rooms = rooms_of (center);
  g_autoptr (GDateTime) day = day_of (DAY_TWO);
  const char      *room = ((char **) rooms->pdata[0])[0];
  const char      *district = ((char **) rooms->pdata[0])[2];
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *other = NULL;
  g_autofree char *path = NULL;
  GtkWidget       *clash_box = dq_test_app_find (calendar, "clash_box");
  GtkWidget       *clash_list = dq_test_app_find (calendar, "clash_list");
  FlagWait         wait = { calendar, 2 };

  dq_booking_calendar_set_center (DQ_BOOKING_CALENDAR (calendar), center);
  dq_booking_calendar_set_date (DQ_BOOKING_CALENDAR (calendar), day);
  dq_test_app_wait (100);
  g_assert_false (gtk_widget_get_visible (clash_box));

  /* Other rooms busy that day too, as on a real one. */
  other = write_booking (((char **) rooms->pdata[1])[0], district, DAY_TWO "T14:30:00+08:00",
                         DAY_TWO "T17:00:00+08:00", "专题党课", TRUE);
  g_free (write_booking (((char **) rooms->pdata[1])[0], district, DAY_TWO "T19:30:00+08:00",
                         DAY_TWO "T21:00:00+08:00", "居民议事会", TRUE));

  /* Two desks booked one slot while offline: both rows are in the replica. */
  first = write_booking (room, district, DAY_TWO "T09:00:00+08:00", DAY_TWO "T11:30:00+08:00", "支部主题党日活动",
                         FALSE);
  second = write_booking (room, district, DAY_TWO "T10:00:00+08:00", DAY_TWO "T12:00:00+08:00", "志愿者培训", FALSE);

  g_assert_true (dq_test_app_wait_for (flagged_is, &wait, 5000));
  g_assert_true (gtk_widget_has_css_class (block_of (calendar, first), "error"));
  g_assert_true (gtk_widget_has_css_class (block_of (calendar, second), "error"));
  g_assert_false (gtk_widget_has_css_class (block_of (calendar, other), "error"));
  g_assert_true (gtk_widget_get_visible (clash_box));
  g_assert_cmpstr (label_text (calendar, "clash_label"), ==, "2 个预约时间冲突，请取消其中一个");
  g_assert_nonnull (cancel_button_for (clash_list, first));
  g_assert_nonnull (cancel_button_for (clash_list, second));

  path = dq_test_app_screenshot (GTK_WIDGET (window), "booking-calendar-day-clash");
  g_test_message ("%s", path);
  g_clear_pointer (&path, g_free);

  /* The week of the room: the same two flagged, with the day before's. */
  dq_booking_calendar_set_week (DQ_BOOKING_CALENDAR (calendar), TRUE);
  dq_test_app_wait (100);
  g_assert_true (gtk_widget_get_visible (dq_test_app_find (calendar, "room_dropdown")));
  g_assert_cmpint (n_flagged (calendar), ==, 2);
  g_assert_null (block_of (calendar, other)); /* another room */
  path = dq_test_app_screenshot (GTK_WIDGET (window), "booking-calendar-week");
  g_test_message ("%s", path);
  g_clear_pointer (&path, g_free);
  dq_booking_calendar_set_week (DQ_BOOKING_CALENDAR (calendar), FALSE);
  dq_test_app_wait (100);

  /* Cancelling one resolves it: no flag, no notice, the other stays. */
  g_signal_emit_by_name (cancel_button_for (clash_list, first), "clicked");
  wait.flagged = 0;
  g_assert_true (dq_test_app_wait_for (flagged_is, &wait, 5000));
  assert_sql ("SELECT status FROM booking WHERE id = ?", first, "已取消");
  assert_sql ("SELECT status FROM booking WHERE id = ?", second, "已预约");
  g_assert_false (gtk_widget_get_visible (clash_box));
  g_assert_null (block_of (calendar, first));
  g_assert_nonnull (block_of (calendar, second));
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) clashes = dq_booking_clashes (store, center, &error);

    g_assert_no_error (error);
    g_assert_cmpint (clashes->len, ==, 0);
  }

  gtk_window_destroy (window);
  dq_test_app_wait (50);
  g_assert_finalize_object (calendar);
}

static void
test_page_screenshot (void)
{
  GtkWidget       *page = g_object_ref_sink (dq_centers_page_new (store, engine));
  GtkWindow       *window = dq_test_app_window (page, 1280, 800);
  g_autofree char *id = busy_center ();
  g_autoptr (GDateTime) day = day_of (DAY_TWO);
  g_autofree char   *path = NULL;
  DqBookingCalendar *calendar;

  dq_centers_page_show_center (DQ_CENTERS_PAGE (page), id);
  calendar = DQ_BOOKING_CALENDAR (dq_test_app_find_type (page, DQ_TYPE_BOOKING_CALENDAR, NULL));
  g_assert_nonnull (calendar);
  dq_booking_calendar_set_date (calendar, day);
  dq_test_app_wait (100);
  /* The page's calendar follows the center shown. */
  g_assert_nonnull (dq_test_app_find_type (GTK_WIDGET (calendar), GTK_TYPE_LABEL, "专题党课"));

  path = dq_test_app_screenshot (GTK_WIDGET (window), "centers-tree");
  g_test_message ("%s", path);

  gtk_window_destroy (window);
  dq_test_app_wait (50);
  g_assert_finalize_object (page);
}

static void
test_new_sub_center_and_room (void)
{
  GtkWidget          *page = g_object_ref_sink (dq_centers_page_new (store, engine));
  GtkWindow          *window = dq_test_app_window (page, 1280, 800);
  GtkListView        *tree = GTK_LIST_VIEW (dq_test_app_find (page, "tree_view"));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (tree));
  g_autofree char    *street = sql_text ("SELECT id FROM center WHERE level = '街道' AND deleted = 0 ORDER BY name "
                                            "LIMIT 1",
                                         NULL);
  g_autofree char    *street_name = sql_text ("SELECT street FROM center WHERE id = ?", street);
  g_autofree char    *created = NULL;
  g_autofree char    *room = NULL;
  g_autoptr (DqRow) shown = NULL;
  GtkWindow  *dialog;
  GtkWidget  *level, *calendar;
  GListModel *levels;
  gint64      communities = sql_int ("SELECT count(*) FROM center WHERE level = '社区' AND deleted = 0", NULL);

  dq_centers_page_show_center (DQ_CENTERS_PAGE (page), street);
  g_assert_true (gtk_widget_activate_action (page, "center.new-child", NULL));
  g_assert_true (dq_test_app_wait_for (record_dialog_shown, NULL, 2000));
  dialog = find_record_dialog ();

  /* Under a street center, a new one is a community center by default. */
  level = find_named (GTK_WIDGET (dialog), "level");
  g_assert_true (ADW_IS_COMBO_ROW (level));
  levels = adw_combo_row_get_model (ADW_COMBO_ROW (level));
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (levels), adw_combo_row_get_selected (ADW_COMBO_ROW (level))),
                   ==, "社区");
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "name")), "测试社区党群服务中心");
  dq_test_app_wait (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL));
  g_assert_true (dq_test_app_wait_for (record_dialog_gone, NULL, 2000));
  dq_test_app_wait (500);

  created = sql_text ("SELECT id FROM center WHERE name = '测试社区党群服务中心' AND deleted = 0", NULL);
  g_assert_nonnull (created);
  assert_sql ("SELECT parent_id FROM center WHERE id = ?", created, street);
  assert_sql ("SELECT street FROM center WHERE id = ?", created, street_name);
  assert_sql ("SELECT district FROM center WHERE id = ?", created, "440310");
  /* Shown and selected in the tree; counted. */
  shown = gtk_tree_list_row_get_item (gtk_single_selection_get_selected_item (selection));
  g_assert_cmpstr (dq_row_get_id (shown), ==, created);
  g_assert_cmpstr (label_text (page, "name_label"), ==, "测试社区党群服务中心");
  for (GtkWidget *cell = gtk_widget_get_first_child (dq_test_app_find (page, "level_counts")); cell;
       cell = gtk_widget_get_next_sibling (cell))
    if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_widget_get_last_child (cell))), "社区") == 0)
      g_assert_cmpint (g_ascii_strtoll (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (cell))), NULL, 10),
                       ==, communities + 1);

  /* No rooms yet: the calendar says so; 新建场地 adds one, which it shows. */
  calendar = dq_test_app_find_type (page, DQ_TYPE_BOOKING_CALENDAR, NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (dq_test_app_find (calendar, "view_stack"))), ==,
                   "empty");
  g_assert_true (gtk_widget_activate_action (page, "center.new-room", NULL));
  g_assert_true (dq_test_app_wait_for (record_dialog_shown, NULL, 2000));
  dialog = find_record_dialog ();
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "name")), "测试议事厅");
  dq_test_app_wait (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL));
  g_assert_true (dq_test_app_wait_for (record_dialog_gone, NULL, 2000));
  dq_test_app_wait (300);

  room = sql_text ("SELECT id FROM room WHERE center_id = ? AND name = '测试议事厅' AND deleted = 0", created);
  g_assert_nonnull (room);
  assert_sql ("SELECT district FROM room WHERE id = ?", room, "440310");
  g_assert_cmpstr (label_text (page, "rooms_count_label"), ==, "共 1 个场地");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (dq_test_app_find (calendar, "view_stack"))), ==,
                   "calendar");
  g_assert_nonnull (dq_test_app_find_type (calendar, GTK_TYPE_LABEL, "测试议事厅"));

  gtk_window_destroy (window);
  dq_test_app_wait (50);
  g_assert_finalize_object (page);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dq_test_app_init (&argc, &argv);
  store = dq_test_app_demo_store (0.1);
  engine = dq_test_app_engine (store);

  g_test_add_func ("/app/centers/tree-and-counts", test_tree_and_counts);
  g_test_add_func ("/app/centers/select-center", test_select_center);
  g_test_add_func ("/app/centers/dialog-refuses-overlap", test_dialog_refuses_overlap);
  g_test_add_func ("/app/centers/offline-clash", test_offline_clash);
  g_test_add_func ("/app/centers/page-screenshot", test_page_screenshot);
  g_test_add_func ("/app/centers/new-sub-center-and-room", test_new_sub_center_and_room);

  status = g_test_run ();
  g_clear_object (&engine);
  g_clear_object (&store);
  return status;
}
