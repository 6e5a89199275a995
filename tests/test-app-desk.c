/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 签到台 on a demo replica, driven through its one entry as a USB scanner
 * or a clerk would: a member's card, the same card again, an ID number, a
 * phone number, a member who did not register (register and check in), an
 * unknown name (the walk-in form), namesakes (pick one by number), the
 * waitlist, undo; the counts after each step, the entry's focus throughout;
 * then 200 check-ins in a row. The tests run in order on one window. */
#include "config.h"

#include <string.h>

#include "dq-activity.h"
#include "dq-desk-window.h"
#include "dq-hlc.h"
#include "dq-test-app.h"

/* The node of a second desk at the same activity. */
#define OTHER_DESK "0000000000000000000000000000d2d2"

/* Members of the demo replica used below: each with a unique name and
 * phone, an ID number and an organization. */
typedef struct {
  char *id;
  char *name;
  char *id_number;
  char *phone;
  char *branch;
} Member;

enum {
  CARD,  /* registered; checks in by card */
  BY_ID, /* registered; checks in by ID number, then by phone */
  UNREGISTERED,
  WAITLISTED, /* registered once the places are taken */
  DECLINED,   /* not registered, and not registered at the desk either */
  N_MEMBERS
};

static DqStore      *store;
static DqSyncEngine *engine;
static DqDeskWindow *desk;
static char         *activity_id;
static Member        members[N_MEMBERS];

/* Helpers */

static guint
select_count (const char        *sql,
              const char *const *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, params, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  return (guint) g_ascii_strtoull (((char **) g_ptr_array_index (rows, 0))[0], NULL, 10);
}

static GtkWidget *
find (const char *id)
{
  GtkWidget *widget = dq_test_app_find (GTK_WIDGET (desk), id);

  g_assert_nonnull (widget);
  return widget;
}

static guint
shown_count (const char *label_id)
{
  return (guint) g_ascii_strtoull (gtk_label_get_text (GTK_LABEL (find (label_id))), NULL, 10);
}

static void
assert_counts (guint registered,
               guint checked_in,
               guint waitlisted)
{
  DqActivityCounts counts = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (dq_activity_counts (store, activity_id, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.registered, ==, registered);
  g_assert_cmpuint (counts.checked_in, ==, checked_in);
  g_assert_cmpuint (counts.waitlisted, ==, waitlisted);
  /* What the desk shows, without waiting: updated by the Enter itself. */
  g_assert_cmpuint (shown_count ("registered_label"), ==, registered);
  g_assert_cmpuint (shown_count ("checked_in_label"), ==, checked_in);
  g_assert_cmpuint (shown_count ("waitlisted_label"), ==, waitlisted);
}

static gboolean
shows_counts_cb (gpointer data)
{
  const guint *expected = data;

  return shown_count ("registered_label") == expected[0] && shown_count ("checked_in_label") == expected[1] &&
         shown_count ("waitlisted_label") == expected[2];
}

static gboolean
entry_has_focus (DqDeskWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  GtkWidget *entry = dq_desk_window_get_entry (window);

  return focus != NULL && (focus == entry || gtk_widget_is_ancestor (focus, entry));
}

static gboolean
entry_has_focus_cb (gpointer data)
{
  return entry_has_focus (data);
}

/* Types @text into the entry and presses Enter; returns the outcome. */
static const char *
scan (DqDeskWindow *window,
      const char   *text)
{
  GtkWidget *entry = dq_desk_window_get_entry (window);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  return dq_desk_window_get_message (window);
}

static void
assert_checked_in (const char *message,
                   const char *name)
{
  g_assert_true (g_str_has_prefix (message, "已签到 "));
  g_assert_nonnull (strstr (message, name));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dq_desk_window_get_entry (desk))), ==, "");
  g_assert_true (entry_has_focus (desk));
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The name shown on the top row of the recent check-ins. */
static gboolean
recent_top_is (const char *name)
{
  GtkWidget *row = gtk_widget_get_first_child (find ("recent_list"));

  return row != NULL && dq_test_app_find_type (row, GTK_TYPE_LABEL, name) != NULL;
}

static char *
write_activity (const char *title,
                gint64      capacity)
{
  g_autoptr (DqRecord) activity = dq_record_new_for ("activity", NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) start = g_date_time_add_minutes (now, -30);
  g_autoptr (GDateTime) end = g_date_time_add_hours (start, 2);
  g_autofree char *starts_at = g_date_time_format_iso8601 (start);
  g_autofree char *ends_at = g_date_time_format_iso8601 (end);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (activity, "district", "440310");
  dq_record_set_text (activity, "title", title);
  dq_record_set_text (activity, "kind", "主题党日");
  dq_record_set_text (activity, "starts_at", starts_at);
  dq_record_set_text (activity, "ends_at", ends_at);
  dq_record_set_text (activity, "location", "坪山区党群服务中心 二楼多功能厅");
  dq_record_set_int (activity, "capacity", capacity);
  dq_record_set_int (activity, "waitlist", 1);
  dq_record_set_text (activity, "audience", "全部");
  dq_record_set_text (activity, "status", "进行中");
  g_assert_true (dq_store_write (store, activity, &error));
  g_assert_no_error (error);
  return g_strdup (activity->id);
}

static void
register_member (const char *activity,
                 const char *member_id)
{
  g_autoptr (DqRegistration) registration = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (dq_activity_register_member (store, activity, member_id, "线上", &registration, &error));
  g_assert_no_error (error);
  g_assert_nonnull (registration);
}

static void
load_members (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT m.id, m.name, m.id_number, m.phone, o.name FROM member m "
                                          "JOIN org o ON o.id = m.org_id WHERE m.deleted = 0 AND m.phone <> '' "
                                          "AND m.id_number <> '' "
                                          "AND (SELECT count(*) FROM member x WHERE x.name = m.name) = 1 "
                                          "AND (SELECT count(*) FROM member x WHERE x.phone = m.phone) = 1 "
                                          "AND (SELECT count(*) FROM member x WHERE x.id_number = m.id_number) = 1 "
                                          "ORDER BY m.id LIMIT %d",
                                          N_MEMBERS);
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, N_MEMBERS);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      members[i].id = g_strdup (row[0]);
      members[i].name = g_strdup (row[1]);
      members[i].id_number = g_strdup (row[2]);
      members[i].phone = g_strdup (row[3]);
      members[i].branch = g_strdup (row[4]);
    }
}

/* Tests */

static void
test_desk_opens (void)
{
  GtkWidget *title = find ("activity_title");

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, "七一主题党日：重温入党誓词");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find ("activity_time"))), "二楼多功能厅"));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (desk)), "七一主题党日"));
  /* Two places of four taken, nobody here yet. */
  assert_counts (2, 0, 0);
  g_assert_true (gtk_widget_get_visible (find ("recent_empty")));
  g_assert_true (entry_has_focus (desk));
}

static void
test_card_checks_in (void)
{
  Member          *card = &members[CARD];
  g_autofree char *payload = dq_member_card_payload (card->id);
  const char      *message = scan (desk, payload);

  assert_checked_in (message, card->name);
  g_assert_nonnull (strstr (message, card->branch));
  assert_counts (2, 1, 0);
  g_assert_true (recent_top_is (card->name));
  g_assert_false (gtk_widget_get_visible (find ("recent_empty")));

  /* The same card again: already, at what time; nothing more counted. */
  message = scan (desk, payload);
  g_assert_true (g_str_has_prefix (message, "已签到过 "));
  g_assert_nonnull (strstr (message, card->name));
  g_assert_nonnull (strstr (message, "已于 "));
  g_assert_null (strstr (message, "个签到台"));
  assert_counts (2, 1, 0);
  g_assert_cmpuint (n_children (find ("recent_list")), ==, 1);
  g_assert_true (entry_has_focus (desk));
}

static void
test_id_number_and_phone (void)
{
  Member     *member = &members[BY_ID];
  const char *message = scan (desk, member->id_number);

  assert_checked_in (message, member->name);
  assert_counts (2, 2, 0);
  g_assert_true (recent_top_is (member->name));
  /* The screen never shows the full ID number. */
  g_assert_null (strstr (message, member->id_number));

  /* Ctrl+Z takes back the latest check-in: counts drop, the row goes. */
  gtk_widget_activate_action (GTK_WIDGET (desk), "desk.undo", NULL);
  g_assert_nonnull (strstr (dq_desk_window_get_message (desk), "已撤销签到"));
  assert_counts (2, 1, 0);
  g_assert_false (recent_top_is (member->name));
  g_assert_true (recent_top_is (members[CARD].name));
  g_assert_true (entry_has_focus (desk));

  /* Checked in again, by mobile number this time. */
  message = scan (desk, member->phone);
  assert_checked_in (message, member->name);
  assert_counts (2, 2, 0);
  g_assert_null (strstr (message, member->phone));

  /* An Undo button of the list does the same for its row. */
  g_signal_emit_by_name (dq_test_app_find_type (gtk_widget_get_first_child (find ("recent_list")), GTK_TYPE_BUTTON, "撤销"), "clicked");
  assert_counts (2, 1, 0);
  g_assert_true (entry_has_focus (desk));
  assert_checked_in (scan (desk, member->phone), member->name);
  assert_counts (2, 2, 0);
}

static void
test_register_and_check_in (void)
{
  Member          *member = &members[UNREGISTERED];
  g_autofree char *payload = dq_member_card_payload (member->id);
  const char      *message = scan (desk, payload);
  GtkWidget       *button = find ("register_button");

  g_assert_true (g_str_has_prefix (message, "未报名 "));
  g_assert_nonnull (strstr (message, member->name));
  g_assert_true (gtk_widget_get_visible (find ("offer_box")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "报名并签到");
  assert_counts (2, 2, 0);
  g_assert_true (entry_has_focus (desk));
  g_free (dq_test_app_screenshot (GTK_WIDGET (desk), "desk-not-registered"));

  g_signal_emit_by_name (button, "clicked");
  assert_checked_in (dq_desk_window_get_message (desk), member->name);
  g_assert_false (gtk_widget_get_visible (find ("offer_box")));
  assert_counts (3, 3, 0);
  {
    g_autofree char *id = dq_registration_id_for_member (activity_id, member->id);
    const char      *params[] = { id, NULL };

    g_assert_cmpuint (select_count ("SELECT count(*) FROM registration WHERE id = ? AND source = '现场'", params),
                      ==, 1);
  }
}

static void
test_walk_in (void)
{
  const char *name = "林晓岚";
  const char *phone = "13923450187";
  const char *params[] = { name, phone, NULL };
  GtkWidget  *walkin = find ("walkin_box");
  GtkWidget  *name_row = find ("walkin_name_row");
  GtkWidget  *phone_row = find ("walkin_phone_row");
  const char *message;

  g_assert_cmpuint (select_count ("SELECT count(*) FROM member WHERE name = ?1 OR phone = ?2", params), ==, 0);

  /* Nobody of that name: the form opens with the name filled in. */
  message = scan (desk, name);
  g_assert_true (g_str_has_prefix (message, "找不到此人 "));
  g_assert_true (gtk_widget_get_visible (walkin));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, name);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (phone_row)), ==, "");
  /* Esc closes it and gives the entry back. */
  gtk_widget_activate_action (GTK_WIDGET (desk), "desk.escape", NULL);
  g_assert_false (gtk_widget_get_visible (walkin));
  g_assert_true (entry_has_focus (desk));

  /* A mobile number nobody has opens it with the number filled in. */
  scan (desk, phone);
  g_assert_true (gtk_widget_get_visible (walkin));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (phone_row)), ==, phone);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "");
  g_assert_nonnull (strstr (dq_desk_window_get_message (desk), "139****0187"));
  g_assert_null (strstr (dq_desk_window_get_message (desk), phone));
  /* Submitting without a name is refused next to the field. */
  g_signal_emit_by_name (find ("walkin_submit"), "clicked");
  g_assert_true (gtk_widget_get_visible (find ("walkin_error")));
  g_assert_true (gtk_widget_get_visible (walkin));
  gtk_editable_set_text (GTK_EDITABLE (name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "1392345");
  g_signal_emit_by_name (find ("walkin_submit"), "clicked");
  g_assert_true (gtk_widget_get_visible (walkin));
  g_assert_true (gtk_widget_has_css_class (phone_row, "error"));
  g_assert_cmpuint (select_count ("SELECT count(*) FROM registration WHERE name = ?1", params), ==, 0);
  /* Typing again clears the complaint. */
  gtk_editable_set_text (GTK_EDITABLE (phone_row), phone);
  g_assert_false (gtk_widget_get_visible (find ("walkin_error")));
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  g_free (dq_test_app_screenshot (GTK_WIDGET (desk), "desk-walk-in"));

  g_signal_emit_by_name (find ("walkin_submit"), "clicked");
  assert_checked_in (dq_desk_window_get_message (desk), name);
  g_assert_false (gtk_widget_get_visible (walkin));
  assert_counts (4, 4, 0);
  g_assert_true (recent_top_is (name));
  g_assert_cmpuint (select_count ("SELECT count(*) FROM registration WHERE name = ?1 AND phone = ?2 "
                                  "AND member_id IS NULL AND source = '现场' AND political_status = '13'",
                                  params),
                    ==, 1);

  /* The walk-in's mobile number finds them from now on. */
  g_assert_true (g_str_has_prefix (scan (desk, phone), "已签到过 "));
}

static void
test_waitlist (void)
{
  Member     *member = &members[WAITLISTED];
  const guint waiting[] = { 4, 4, 1 };
  const char *message;

  /* Registered elsewhere (another window of this desk): the counts follow
   * through the store's ::changed. */
  register_member (activity_id, member->id);
  g_assert_cmpuint (shown_count ("waitlisted_label"), ==, 0);
  g_assert_true (dq_test_app_wait_for (shows_counts_cb, (gpointer) waiting, 2000));
  assert_counts (4, 4, 1);

  message = scan (desk, member->name);
  g_assert_true (g_str_has_prefix (message, "候补第 1 位 "));
  g_assert_nonnull (strstr (message, member->name));
  assert_counts (4, 4, 1);
  g_assert_false (recent_top_is (member->name));
  g_assert_true (entry_has_focus (desk));
}

static void
test_namesakes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store,
                                                "SELECT name FROM member WHERE deleted = 0 GROUP BY name "
                                                "HAVING count(*) BETWEEN 2 AND 9 ORDER BY name LIMIT 1",
                                                NULL, &error);
  const char *name;
  GtkWidget  *list = find ("candidates_list");
  const char *message;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  name = ((char **) g_ptr_array_index (rows, 0))[0];

  message = scan (desk, name);
  g_assert_true (g_str_has_prefix (message, "有多人匹配 "));
  g_assert_true (gtk_widget_get_visible (find ("candidates_scroller")));
  g_assert_cmpuint (n_children (list), >=, 2);
  /* Told apart by masked numbers only. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (list))), "****"));
  g_assert_true (entry_has_focus (desk));
  g_free (dq_test_app_screenshot (GTK_WIDGET (desk), "desk-namesakes"));

  /* "1" and Enter picks the first: a member who did not register. */
  message = scan (desk, "1");
  g_assert_true (g_str_has_prefix (message, "未报名 "));
  g_assert_nonnull (strstr (message, name));
  g_assert_false (gtk_widget_get_visible (find ("candidates_scroller")));
  /* Enter alone takes the offer: registered, but the places are taken. */
  message = scan (desk, "");
  g_assert_true (g_str_has_prefix (message, "候补第 2 位 "));
  g_assert_nonnull (strstr (message, name));
  assert_counts (4, 4, 2);
  g_assert_true (entry_has_focus (desk));
}

static void
test_offer_declined (void)
{
  Member          *member = &members[DECLINED];
  g_autofree char *payload = dq_member_card_payload (member->id);
  const char      *params[] = { activity_id, member->id, NULL };

  g_assert_true (g_str_has_prefix (scan (desk, payload), "未报名 "));
  /* Esc drops the offer: Enter alone does nothing then. */
  gtk_widget_activate_action (GTK_WIDGET (desk), "desk.escape", NULL);
  g_assert_false (gtk_widget_get_visible (find ("offer_box")));
  g_assert_true (g_str_has_prefix (scan (desk, ""), "等待签到 "));
  assert_counts (4, 4, 2);
  g_assert_cmpuint (select_count ("SELECT count(*) FROM registration WHERE activity_id = ? AND member_id = ?", params),
                    ==, 0);
  g_assert_true (entry_has_focus (desk));
}

/* A check-in row of another desk, as sync brings it. */
static void
apply_other_desk (const char *registration_id,
                  GDateTime  *when)
{
  g_autofree char *id = dq_uuid_v7 ();
  g_autofree char *at = g_date_time_format_iso8601 (when);
  DqRecord        *record = dq_record_new_for ("checkin", id);
  g_autoptr (DqChange) change = NULL;
  g_autoptr (GError) error = NULL;

  dq_record_set_text (record, "district", "440310");
  dq_record_set_text (record, "registration_id", registration_id);
  dq_record_set_text (record, "activity_id", activity_id);
  dq_record_set_text (record, "checked_in_at", at);
  dq_record_set_text (record, "desk", OTHER_DESK);
  dq_record_set_text (record, "checked_in_by", "desk-2");
  change = dq_change_new (record, DQ_HLC_MAKE (g_get_real_time () / 1000, 0), OTHER_DESK);
  g_assert_true (dq_store_apply (store, &change, 1, DQ_APPLY_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
}

/* Rows from elsewhere: the activity edited, another desk's check-ins
 * synced. The counts follow; someone seen at both desks says so, with the
 * earlier time. */
static void
test_other_desk (void)
{
  Member          *card = &members[CARD];
  Member          *waiting = &members[WAITLISTED];
  g_autofree char *card_registration = dq_registration_id_for_member (activity_id, card->id);
  g_autofree char *waiting_registration = dq_registration_id_for_member (activity_id, waiting->id);
  g_autoptr (DqRecord) activity = dq_record_new_for ("activity", activity_id);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) earlier = g_date_time_add_minutes (now, -10);
  g_autofree char *earlier_shown = NULL;
  g_autoptr (GError) error = NULL;
  const guint moved_up[] = { 6, 4, 0 };
  const guint synced[] = { 6, 5, 0 };
  const char *message;

  /* Two more places: the waitlisted move up. */
  dq_record_set_int (activity, "capacity", 6);
  g_assert_true (dq_store_write (store, activity, &error));
  g_assert_no_error (error);
  g_assert_true (dq_test_app_wait_for (shows_counts_cb, (gpointer) moved_up, 2000));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find ("registered_caption"))), "6"));

  apply_other_desk (waiting_registration, now);
  apply_other_desk (card_registration, earlier);
  g_assert_true (dq_test_app_wait_for (shows_counts_cb, (gpointer) synced, 2000));
  assert_counts (6, 5, 0);
  /* Not this desk's check-in: not in its list to undo. */
  g_assert_false (recent_top_is (waiting->name));
  g_assert_true (entry_has_focus (desk));

  message = scan (desk, waiting->id_number);
  g_assert_true (g_str_has_prefix (message, "已签到过 "));
  g_assert_null (strstr (message, "个签到台"));

  message = scan (desk, card->phone);
  g_assert_true (g_str_has_prefix (message, "已签到过 "));
  g_assert_nonnull (strstr (message, "在 2 个签到台签到"));
  if (g_date_time_get_day_of_year (earlier) == g_date_time_get_day_of_year (now))
    earlier_shown = g_date_time_format (earlier, "已于 %H:%M:%S 签到");
  else
    earlier_shown = g_date_time_format (earlier, "已于 %m-%d %H:%M 签到");
  g_assert_nonnull (strstr (message, earlier_shown));
  assert_counts (6, 5, 0);
  g_free (dq_test_app_screenshot (GTK_WIDGET (desk), "desk-already"));
}

static void
test_focus_comes_back (void)
{
  GtkWidget *button = find ("fullscreen_button");

  gtk_widget_grab_focus (button);
  g_assert_false (entry_has_focus (desk));
  g_assert_true (dq_test_app_wait_for (entry_has_focus_cb, desk, 2000));
}

/* A second activity with 200 people registered, checked in one by one. */
static void
test_many_in_a_row (void)
{
  g_autofree char *big = write_activity ("党员志愿服务：坪山河碧道清洁行动", 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store,
                                                "SELECT id, name FROM member WHERE deleted = 0 "
                                                "ORDER BY id DESC LIMIT 200",
                                                NULL, &error);
  DqDeskWindow    *window;
  DqActivityCounts counts = { 0 };

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 200);
  for (guint i = 0; i < rows->len; i++)
    register_member (big, ((char **) g_ptr_array_index (rows, i))[0]);

  window = DQ_DESK_WINDOW (g_object_ref (dq_desk_window_new (NULL, store, engine, big)));
  dq_test_app_present (GTK_WINDOW (window), 1280, 800);
  for (guint i = 0; i < rows->len; i++)
    {
      char           **row = g_ptr_array_index (rows, i);
      g_autofree char *payload = dq_member_card_payload (row[0]);
      const char      *message = scan (window, payload);

      g_assert_true (g_str_has_prefix (message, "已签到 "));
      g_assert_nonnull (strstr (message, row[1]));
      if (i % 20 == 0)
        g_main_context_iteration (NULL, FALSE);
      if (i == 36)
        g_free (dq_test_app_screenshot (GTK_WIDGET (window), "desk-mid-event"));
    }
  g_assert_true (dq_activity_counts (store, big, &counts, &error));
  g_assert_cmpuint (counts.checked_in, ==, 200);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dq_test_app_find (GTK_WIDGET (window), "checked_in_label"))), ==,
                   "200");
  g_assert_cmpuint (n_children (dq_test_app_find (GTK_WIDGET (window), "recent_list")), ==, 10);
  g_assert_true (entry_has_focus (window));

  /* The first desk's activity was not touched. */
  assert_counts (6, 5, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  dq_test_app_wait (50);
  g_assert_finalize_object (window);
}

int
main (int argc, char **argv)
{
  int ret;

  dq_test_app_init (&argc, &argv);
  store = dq_test_app_demo_store (0.1);
  engine = dq_test_app_engine (store);
  load_members ();

  activity_id = write_activity ("七一主题党日：重温入党誓词", 4);
  register_member (activity_id, members[CARD].id);
  register_member (activity_id, members[BY_ID].id);

  desk = DQ_DESK_WINDOW (g_object_ref (dq_desk_window_new (NULL, store, engine, activity_id)));
  dq_test_app_present (GTK_WINDOW (desk), 1280, 800);

  g_test_add_func ("/desk/opens", test_desk_opens);
  g_test_add_func ("/desk/card", test_card_checks_in);
  g_test_add_func ("/desk/id-number-and-phone", test_id_number_and_phone);
  g_test_add_func ("/desk/register-and-check-in", test_register_and_check_in);
  g_test_add_func ("/desk/walk-in", test_walk_in);
  g_test_add_func ("/desk/waitlist", test_waitlist);
  g_test_add_func ("/desk/namesakes", test_namesakes);
  g_test_add_func ("/desk/offer-declined", test_offer_declined);
  g_test_add_func ("/desk/other-desk", test_other_desk);
  g_test_add_func ("/desk/focus", test_focus_comes_back);
  g_test_add_func ("/desk/many-in-a-row", test_many_in_a_row);
  ret = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (desk));
  dq_test_app_wait (50);
  g_assert_finalize_object (desk);
  g_clear_object (&engine);
  g_clear_object (&store);
  for (guint i = 0; i < N_MEMBERS; i++)
    {
      g_free (members[i].id);
      g_free (members[i].name);
      g_free (members[i].id_number);
      g_free (members[i].phone);
      g_free (members[i].branch);
    }
  g_free (activity_id);
  return ret;
}
