/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 党员 area on a demo replica: the list (count, masks, search, filters,
 * header sorting), a member's page (masked ID, an audited reveal, refused
 * when the audit log cannot be written), the change history, and a
 * transfer to another organization. The tests run in order on one page. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dq-activity.h"
#include "dq-history-view.h"
#include "dq-member-page.h"
#include "dq-record-dialog.h"
#include "dq-members-page.h"
#include "dq-row-model.h"
#include "dq-schema.h"
#include "dq-test-app.h"
#include "dq-transfer-dialog.h"
#include "dq-validate.h"

static DqStore       *store;
static DqSyncEngine  *engine;
static GtkWidget     *page;
static GtkWindow     *window;
static GtkColumnView *column_view;
static DqRowModel    *model;

/* Helpers */

static guint
select_count (const char        *sql,
              const char *const *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, params, &error);
  GStrv cells;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  cells = g_ptr_array_index (rows, 0);
  return (guint) g_ascii_strtoull (cells[0], NULL, 10);
}

static char *
select_text (const char        *sql,
             const char *const *params)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, params, &error);
  GStrv cells;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, 1);
  cells = g_ptr_array_index (rows, 0);
  return g_strdup (cells[0]);
}

static guint
n_rows (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static DqRow *
row_at (guint position)
{
  return g_list_model_get_item (G_LIST_MODEL (model), position);
}

static GtkWidget *
find (GtkWidget  *root,
      const char *id)
{
  GtkWidget *widget = dq_test_app_find (root, id);

  g_assert_nonnull (widget);
  return widget;
}

/* Every label's text under @root (the view draws only the rows on screen). */
static void
collect_labels (GtkWidget *root,
                GPtrArray *out)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_ptr_array_add (out, (gpointer) gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

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

/* The widget of @type under @root named @name (the member page names each
 * field's value label and reveal button after its column). */
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

/* The open window of @type, or NULL. */
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

static char *
read_audit_log (void)
{
  g_autofree char *path = g_build_filename (dq_test_app_data_dir (), "audit.log", NULL);
  char            *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  return text;
}

/* The list */

static void
test_list_count_and_masks (void)
{
  guint            expected = select_count ("SELECT count(*) FROM member WHERE deleted = 0", NULL);
  g_autofree char *number = g_strdup_printf ("%u", expected);
  g_autoptr (DqRow) first = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *id_number = NULL;
  g_autofree char *masked_phone = NULL;
  g_autofree char *masked_id = NULL;
  GtkLabel        *count_label = GTK_LABEL (find (page, "count_label"));
  g_autofree char *shot = NULL;

  g_assert_cmpuint (expected, >, 1000);
  g_assert_cmpuint (n_rows (), ==, expected);
  /* "共 4,060 名党员": the count, grouped by thousands. */
  g_assert_nonnull (strstr (gtk_label_get_text (count_label), "党员"));
  g_assert_cmpint (number[0], ==, gtk_label_get_text (count_label)[strlen ("共 ")]);
  g_assert_nonnull (strchr (gtk_label_get_text (count_label), ','));

  shot = dq_test_app_screenshot (GTK_WIDGET (window), "members-list");

  /* The first row on screen shows its phone and ID masked, never whole. */
  first = row_at (0);
  phone = g_strdup (dq_row_get_text (first, "phone"));
  id_number = g_strdup (dq_row_get_text (first, "id_number"));
  g_assert_nonnull (phone);
  g_assert_nonnull (id_number);
  masked_phone = dq_mask_phone (phone);
  masked_id = dq_mask_id_number (id_number);
  g_assert_cmpstr (masked_phone, !=, phone);
  g_assert_true (shows_label (GTK_WIDGET (column_view), masked_phone, FALSE));
  g_assert_true (shows_label (GTK_WIDGET (column_view), masked_id, FALSE));
  g_assert_false (shows_label (GTK_WIDGET (column_view), phone, TRUE));
  g_assert_false (shows_label (GTK_WIDGET (column_view), id_number, TRUE));
  /* The headers a clerk expects. */
  g_assert_true (shows_label (GTK_WIDGET (column_view), "所在党组织", FALSE));
  g_assert_true (shows_label (GTK_WIDGET (column_view), "身份证号", FALSE));
}

static gboolean
count_differs (gpointer data)
{
  return n_rows () != GPOINTER_TO_UINT (data);
}

static void
test_list_search (void)
{
  guint all = n_rows ();
  g_autoptr (DqRow) row = row_at (all / 2);
  const char      *name = dq_row_get_text (row, "name");
  g_autofree char *fragment = NULL;
  g_autofree char *pattern = NULL;
  GtkEditable     *entry = GTK_EDITABLE (find (page, "search_entry"));
  const char      *params[2] = { NULL, NULL };
  guint            expected;

  /* The last two characters: a fragment inside the name, not its start. */
  g_assert_cmpint (g_utf8_strlen (name, -1), >=, 2);
  fragment = g_utf8_substring (name, g_utf8_strlen (name, -1) - 2, g_utf8_strlen (name, -1));
  pattern = g_strdup_printf ("%%%s%%", fragment);
  params[0] = pattern;
  expected = select_count ("SELECT count(*) FROM member WHERE deleted = 0 AND name LIKE ?", params);
  g_assert_cmpuint (expected, <, all);

  gtk_editable_set_text (entry, fragment);
  g_assert_true (dq_test_app_wait_for (count_differs, GUINT_TO_POINTER (all), 2000));
  g_assert_cmpuint (n_rows (), ==, expected);
  for (guint i = 0; i < MIN (n_rows (), 200); i++)
    {
      g_autoptr (DqRow) match = row_at (i);

      g_assert_nonnull (strstr (dq_row_get_text (match, "name"), fragment));
    }

  gtk_editable_set_text (entry, "");
  g_assert_true (dq_test_app_wait_for (count_differs, GUINT_TO_POINTER (expected), 2000));
  g_assert_cmpuint (n_rows (), ==, all);
}

static void
test_list_filters (void)
{
  guint            all = n_rows ();
  GtkDropDown     *dropdown = GTK_DROP_DOWN (find (page, "category_dropdown"));
  GListModel      *labels = gtk_drop_down_get_model (dropdown);
  GtkToggleButton *flowing = GTK_TOGGLE_BUTTON (find (page, "flowing_toggle"));
  GtkToggleButton *lost = GTK_TOGGLE_BUTTON (find (page, "lost_toggle"));
  guint            probationary = GTK_INVALID_LIST_POSITION;
  guint            expected;

  /* Category: 全部类别 first, then the code list. */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "全部类别");
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "预备") == 0)
      probationary = i;
  g_assert_cmpuint (probationary, !=, GTK_INVALID_LIST_POSITION);
  expected = select_count ("SELECT count(*) FROM member WHERE deleted = 0 AND category = '预备'", NULL);
  g_assert_cmpuint (expected, >, 0);
  gtk_drop_down_set_selected (dropdown, probationary);
  g_assert_cmpuint (n_rows (), ==, expected);
  {
    g_autoptr (DqRow) row = row_at (0);

    g_assert_cmpstr (dq_row_get_text (row, "category"), ==, "预备");
  }
  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_cmpuint (n_rows (), ==, all);

  expected = select_count ("SELECT count(*) FROM member WHERE deleted = 0 AND flowing IS NOT NULL", NULL);
  g_assert_cmpuint (expected, >, 0);
  gtk_toggle_button_set_active (flowing, TRUE);
  g_assert_cmpuint (n_rows (), ==, expected);
  gtk_toggle_button_set_active (flowing, FALSE);

  expected = select_count ("SELECT count(*) FROM member WHERE deleted = 0 AND lost_contact = 1", NULL);
  g_assert_cmpuint (expected, >, 0);
  gtk_toggle_button_set_active (lost, TRUE);
  g_assert_cmpuint (n_rows (), ==, expected);
  gtk_toggle_button_set_active (lost, FALSE);
  g_assert_cmpuint (n_rows (), ==, all);
}

/* Members of @org and everything below it, counted from the tree in C. */
static guint
subtree_members (const char *org)
{
  g_autoptr (GPtrArray) orgs = dq_store_select (store, "SELECT id, parent_id FROM org WHERE deleted = 0", NULL, NULL);
  g_autoptr (GPtrArray) counts = dq_store_select (store,
                                                  "SELECT org_id, count(*) FROM member WHERE deleted = 0 GROUP BY org_id",
                                                  NULL, NULL);
  g_autoptr (GHashTable) inside = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean grew = TRUE;
  guint    total = 0;

  g_hash_table_add (inside, (gpointer) org);
  while (grew)
    {
      grew = FALSE;
      for (guint i = 0; i < orgs->len; i++)
        {
          GStrv cells = g_ptr_array_index (orgs, i);

          if (!g_hash_table_contains (inside, cells[0]) && g_hash_table_contains (inside, cells[1]))
            {
              g_hash_table_add (inside, cells[0]);
              grew = TRUE;
            }
        }
    }
  for (guint i = 0; i < counts->len; i++)
    {
      GStrv cells = g_ptr_array_index (counts, i);

      if (g_hash_table_contains (inside, cells[0]))
        total += (guint) g_ascii_strtoull (cells[1], NULL, 10);
    }
  return total;
}

static void
test_list_org_filter (void)
{
  guint            all = n_rows ();
  g_autofree char *org = select_text ("SELECT o.id FROM org o WHERE o.deleted = 0 AND o.parent_id IS NOT NULL "
                                      "AND (SELECT count(*) FROM org c WHERE c.parent_id = o.id) > 1 "
                                      "ORDER BY o.id LIMIT 1",
                                      NULL);
  const char      *params[] = { org, NULL };
  g_autofree char *name = select_text ("SELECT name FROM org WHERE id = ?", params);
  guint            expected = subtree_members (org);
  GtkListView     *org_list = GTK_LIST_VIEW (find (page, "org_list"));
  DqRowModel      *org_model = DQ_ROW_MODEL (gtk_no_selection_get_model (GTK_NO_SELECTION (gtk_list_view_get_model (org_list))));
  guint            position;

  /* More than its own members: the filter takes the whole subtree. */
  g_assert_cmpuint (expected, >, select_count ("SELECT count(*) FROM member WHERE deleted = 0 AND org_id = ?", params));
  g_assert_cmpuint (expected, <, all);

  gtk_menu_button_popup (GTK_MENU_BUTTON (find (page, "org_button")));
  gtk_editable_set_text (GTK_EDITABLE (find (page, "org_search_entry")), name);
  dq_test_app_wait (200);
  {
    g_autofree char *shot = dq_test_app_screenshot (find (page, "org_popover"), "members-org-picker");
  }
  position = dq_row_model_find (org_model, org);
  g_assert_cmpuint (position, <, g_list_model_get_n_items (G_LIST_MODEL (org_model)));
  g_signal_emit_by_name (org_list, "activate", position);

  g_assert_cmpuint (n_rows (), ==, expected);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (page, "org_label"))), ==, name);

  g_signal_emit_by_name (find (page, "all_orgs_button"), "clicked");
  g_assert_cmpuint (n_rows (), ==, all);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (page, "org_label"))), ==, "全部党组织");
}

static void
test_list_sort (void)
{
  GListModel *columns = gtk_column_view_get_columns (column_view);
  g_autoptr (GtkColumnViewColumn) name_column = g_list_model_get_item (columns, 0);
  g_autoptr (GtkColumnViewColumn) join_column = g_list_model_get_item (columns, 4);
  g_autofree char *first_before = NULL;
  g_autofree char *last_name = select_text ("SELECT name FROM member WHERE deleted = 0 ORDER BY name DESC LIMIT 1", NULL);
  g_autofree char *latest = select_text ("SELECT join_date FROM member WHERE deleted = 0 AND join_date IS NOT NULL "
                                         "ORDER BY join_date DESC LIMIT 1",
                                         NULL);

  g_assert_cmpstr (gtk_column_view_column_get_title (name_column), ==, "姓名");
  g_assert_cmpstr (gtk_column_view_column_get_title (join_column), ==, "入党日期");
  {
    g_autoptr (DqRow) row = row_at (0);

    first_before = g_strdup (dq_row_get_text (row, "name"));
  }

  gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_DESCENDING);
  {
    g_autoptr (DqRow) row = row_at (0);

    g_assert_cmpstr (dq_row_get_text (row, "name"), ==, last_name);
    g_assert_cmpstr (dq_row_get_text (row, "name"), !=, first_before);
  }

  gtk_column_view_sort_by_column (column_view, join_column, GTK_SORT_DESCENDING);
  {
    g_autoptr (DqRow) row = row_at (0);

    g_assert_cmpstr (dq_row_get_text (row, "join_date"), ==, latest);
  }

  gtk_column_view_sort_by_column (column_view, name_column, GTK_SORT_ASCENDING);
  {
    g_autoptr (DqRow) row = row_at (0);

    g_assert_cmpstr (dq_row_get_text (row, "name"), ==, first_before);
  }
}

/* 新建党员 opens the record form for a member over this window; the
 * member it saves opens. */
static void
test_list_new_member (void)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (find (page, "leaflet"));
  g_autoptr (DqRow) row = row_at (7);
  GtkWindow *dialog;

  g_assert_null (find_toplevel (DQ_TYPE_RECORD_DIALOG));
  gtk_widget_activate_action (page, "members.new", NULL);
  dq_test_app_wait (100);
  dialog = find_toplevel (DQ_TYPE_RECORD_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == window);

  g_signal_emit_by_name (dialog, "saved", dq_row_get_id (row));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == find (page, "member_box"));
  g_assert_cmpstr (dq_member_page_get_member (DQ_MEMBER_PAGE (dq_test_app_find_type (page, DQ_TYPE_MEMBER_PAGE, NULL))),
                   ==, dq_row_get_id (row));
  gtk_window_destroy (dialog);

  /* 编辑 on the member's page: the same form, for this member. */
  gtk_widget_activate_action (dq_test_app_find_type (page, DQ_TYPE_MEMBER_PAGE, NULL), "member.edit", NULL);
  dq_test_app_wait (100);
  dialog = find_toplevel (DQ_TYPE_RECORD_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);

  gtk_widget_activate_action (page, "members.back", NULL);
  dq_test_app_wait (100);
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == find (page, "list_page"));
}

/* A member's page */

static char *member_id;

static void
test_member_page (void)
{
  g_autoptr (DqRow) row = row_at (3);
  AdwLeaflet      *leaflet = ADW_LEAFLET (find (page, "leaflet"));
  GtkWidget       *member = dq_test_app_find_type (page, DQ_TYPE_MEMBER_PAGE, NULL);
  g_autofree char *masked_id = dq_mask_id_number (dq_row_get_text (row, "id_number"));
  g_autofree char *masked_phone = dq_mask_phone (dq_row_get_text (row, "phone"));
  g_autofree char *shot = NULL;
  GtkLabel        *id_label;

  member_id = g_strdup (dq_row_get_id (row));
  g_signal_emit_by_name (column_view, "activate", 3);
  dq_test_app_wait (400);

  g_assert_true (adw_leaflet_get_visible_child (leaflet) == find (page, "member_box"));
  g_assert_cmpstr (dq_member_page_get_member (DQ_MEMBER_PAGE (member)), ==, member_id);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (member, "name_label"))), ==, dq_row_get_text (row, "name"));

  id_label = GTK_LABEL (find_named (member, GTK_TYPE_LABEL, "id_number"));
  g_assert_nonnull (id_label);
  g_assert_cmpstr (gtk_label_get_text (id_label), ==, masked_id);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (member, GTK_TYPE_LABEL, "phone"))), ==, masked_phone);
  /* Their branch, by name. */
  g_assert_true (shows_label (member, dq_row_get_ref_name (row, "org_id"), FALSE));

  shot = dq_test_app_screenshot (GTK_WIDGET (window), "member-page");
}

/* The 党员志愿服务 total: hours of the activities the member was checked in
 * at, kept up as a check-in lands; and the card the desk reads back. */
static void
test_member_volunteer_hours (void)
{
  GtkWidget *member = dq_test_app_find_type (page, DQ_TYPE_MEMBER_PAGE, NULL);
  GtkLabel  *hours = GTK_LABEL (find (member, "volunteer_label"));
  GtkWidget *card = find (member, "card_button");
  g_autoptr (DqRecord) activity = dq_record_new_for ("activity", NULL);
  g_autoptr (DqRegistration) registration = NULL;
  g_autoptr (DqCheckinResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL, *payload = dq_member_card_payload (member_id);
  gint64           had = dq_volunteer_hours (store, member_id, NULL);

  before = g_strdup_printf ("%d 小时", (int) had);
  g_assert_cmpstr (gtk_label_get_text (hours), ==, before);
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (card)), NULL), ==,
                   member_id);

  dq_record_set_text (activity, "district", "440310");
  dq_record_set_text (activity, "title", "社区清洁日");
  dq_record_set_text (activity, "kind", "志愿服务");
  dq_record_set_text (activity, "starts_at", "2026-12-06T09:00:00+08:00");
  dq_record_set_int (activity, "volunteer_hours", 4);
  g_assert_true (dq_store_write (store, activity, &error));
  g_assert_true (dq_activity_register_member (store, activity->id, member_id, NULL, &registration, &error));
  result = dq_activity_checkin (store, activity->id, payload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, DQ_CHECKIN_CHECKED_IN);
  dq_test_app_wait (300);

  after = g_strdup_printf ("%d 小时", (int) had + 4);
  g_assert_cmpstr (gtk_label_get_text (hours), ==, after);
}

static void
test_member_reveal (void)
{
  GtkWidget       *member = dq_test_app_find_type (page, DQ_TYPE_MEMBER_PAGE, NULL);
  g_autofree char *audit_path = g_build_filename (dq_test_app_data_dir (), "audit.log", NULL);
  g_autoptr (DqRecord) record = dq_store_get (store, "member", member_id, NULL);
  const char      *phone = dq_record_get_text (record, "phone");
  const char      *id_number = dq_record_get_text (record, "id_number");
  GtkLabel        *phone_label = GTK_LABEL (find_named (member, GTK_TYPE_LABEL, "phone"));
  GtkLabel        *id_label = GTK_LABEL (find_named (member, GTK_TYPE_LABEL, "id_number"));
  g_autofree char *masked_phone = dq_mask_phone (phone);
  g_autofree char *log = NULL;
  g_autofree char *line = NULL;

  /* No audit log, no reveal: a folder where the log should be. */
  g_assert_cmpint (g_mkdir (audit_path, 0700), ==, 0);
  g_signal_emit_by_name (find_named (member, GTK_TYPE_BUTTON, "phone"), "clicked");
  g_assert_cmpstr (gtk_label_get_text (phone_label), ==, masked_phone);
  g_assert_cmpint (g_rmdir (audit_path), ==, 0);

  g_signal_emit_by_name (find_named (member, GTK_TYPE_BUTTON, "id_number"), "clicked");
  log = read_audit_log ();
  line = g_strdup_printf ("\treveal\tmember\t%s\tid_number\n", member_id);
  g_assert_nonnull (strstr (log, line));
  g_assert_cmpstr (gtk_label_get_text (id_label), ==, id_number);
  /* Only what was asked for. */
  g_assert_cmpstr (gtk_label_get_text (phone_label), ==, masked_phone);
  g_assert_null (strstr (log, "\tphone\n"));

  /* Hiding again needs no log. */
  g_signal_emit_by_name (find_named (member, GTK_TYPE_BUTTON, "id_number"), "clicked");
  g_assert_cmpstr (gtk_label_get_text (id_label), !=, id_number);
}

static void
test_member_history (void)
{
  GtkWidget *member = dq_test_app_find_type (page, DQ_TYPE_MEMBER_PAGE, NULL);
  GtkWidget *history = dq_test_app_find_type (member, DQ_TYPE_HISTORY_VIEW, NULL);
  g_autoptr (DqRecord) edit = dq_record_new_for ("member", member_id);
  g_autoptr (GError) error = NULL;
  const DqColumn  *job = dq_table_column (dq_schema_table ("member"), "job");
  g_autofree char *expected = g_strdup_printf ("%s：测试工程师", dq_column_label (job));

  g_assert_nonnull (history);
  g_assert_false (shows_label (history, "测试工程师", TRUE));

  dq_record_set_text (edit, "job", "测试工程师");
  g_assert_true (dq_store_write (store, edit, &error));
  g_assert_no_error (error);
  dq_test_app_wait (100);

  /* The field by its label, the new value, who, and at which desk. */
  g_assert_true (shows_label (history, expected, TRUE));
  g_assert_true (shows_label (history, "test-desk", TRUE));
  g_assert_true (shows_label (history, "本机", TRUE));
  /* The page itself follows the store. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (member, GTK_TYPE_LABEL, "job"))), ==, "测试工程师");

  /* The lower half of the page: the branch, its news, the history. */
  {
    GtkWidget       *branch = find (member, "branch_group");
    GtkAdjustment   *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find (member, "scroller")));
    graphene_point_t at;
    g_autofree char *shot = NULL;

    g_assert_true (gtk_widget_compute_point (branch, find (member, "content"), &GRAPHENE_POINT_INIT (0, 0), &at));
    gtk_adjustment_set_value (adjustment, at.y - 12);
    shot = dq_test_app_screenshot (GTK_WIDGET (window), "member-page-branch");
    gtk_adjustment_set_value (adjustment, 0);
  }

  /* An empty history says so. */
  {
    GtkWidget *empty = dq_history_view_new (store);

    g_object_ref_sink (empty);
    dq_history_view_set_row (DQ_HISTORY_VIEW (empty), "member", "00000000-0000-7000-8000-000000000000");
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (empty, "stack"))), ==, "empty");
    g_assert_finalize_object (empty);
  }
}

/* Transfer */

static void
done_cb (gpointer data)
{
  (*(guint *) data)++;
}

static void
test_transfer (void)
{
  const char      *params[] = { member_id, NULL };
  g_autofree char *from = select_text ("SELECT org_id FROM member WHERE id = ?", params);
  const char      *from_params[] = { from, NULL };
  g_autofree char *to = select_text ("SELECT id FROM org WHERE deleted = 0 AND id <> ? AND kind LIKE '%支部' "
                                     "ORDER BY id LIMIT 1",
                                     from_params);
  const char      *to_params[] = { to, NULL };
  g_autofree char *to_name = select_text ("SELECT name FROM org WHERE id = ?", to_params);
  guint            transfers = select_count ("SELECT count(*) FROM transfer", NULL);
  GtkWidget       *dialog = dq_transfer_dialog_new (window, store, member_id);
  GtkListBox      *results;
  GtkWidget       *chosen = NULL;
  g_autofree char *shot = NULL;
  guint            done = 0;

  g_signal_connect_swapped (dialog, "done", G_CALLBACK (done_cb), &done);
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  dq_test_app_wait (200);

  /* Nothing chosen: refused, in words, and nothing written. */
  gtk_widget_activate_action (dialog, "transfer.save", NULL);
  g_assert_true (gtk_widget_get_visible (find (dialog, "org_error")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (dialog, "org_error"))), ==, "请选择接收该党员的党组织。");
  g_assert_cmpuint (select_count ("SELECT count(*) FROM transfer", NULL), ==, transfers);
  g_assert_cmpuint (done, ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "org_search_row")), to_name);
  results = GTK_LIST_BOX (find (dialog, "org_results"));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (results)); row; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), to_name) == 0)
      chosen = row;
  g_assert_nonnull (chosen);
  gtk_list_box_select_row (results, GTK_LIST_BOX_ROW (chosen));
  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "letter_row")), "坪组转〔2026〕18号");

  /* A malformed month is refused next to its field. */
  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "dues_row")), "2026-13");
  gtk_widget_activate_action (dialog, "transfer.save", NULL);
  g_assert_true (gtk_widget_get_visible (find (dialog, "letter_error")));
  g_assert_true (gtk_widget_has_css_class (find (dialog, "dues_row"), "error"));
  g_assert_cmpuint (select_count ("SELECT count(*) FROM transfer", NULL), ==, transfers);
  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "dues_row")), "2026-05");

  shot = dq_test_app_screenshot (dialog, "transfer-dialog");

  gtk_widget_activate_action (dialog, "transfer.save", NULL);
  g_assert_cmpuint (done, ==, 1);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_object_unref (dialog);

  {
    g_autofree char *now_in = select_text ("SELECT org_id FROM member WHERE id = ?", params);

    g_assert_cmpstr (now_in, ==, to);
  }
  g_assert_cmpuint (select_count ("SELECT count(*) FROM transfer", NULL), ==, transfers + 1);
  {
    const char *row_params[] = { member_id, from, to, NULL };

    g_assert_cmpuint (select_count ("SELECT count(*) FROM transfer WHERE member_id = ? AND from_org_id = ? "
                                    "AND to_org_id = ? AND status = '已接收' AND letter_no = '坪组转〔2026〕18号' "
                                    "AND dues_paid_until = '2026-05'",
                                    row_params),
                      ==, 1);
  }

  /* The page shows the new branch. */
  dq_test_app_wait (100);
  g_assert_true (shows_label (dq_test_app_find_type (page, DQ_TYPE_MEMBER_PAGE, NULL), to_name, FALSE));
}

static void
test_transfer_district (void)
{
  const char  *params[] = { member_id, NULL };
  GtkWidget   *dialog = dq_transfer_dialog_new (window, store, member_id);
  AdwComboRow *district = ADW_COMBO_ROW (find (dialog, "district_row"));
  GListModel  *names = adw_combo_row_get_model (district);
  guint        luohu = GTK_INVALID_LIST_POSITION;

  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  dq_test_app_wait (100);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find (dialog, "district_check")), TRUE);
  g_assert_true (gtk_widget_get_visible (find (dialog, "district_group")));
  g_assert_false (gtk_widget_get_visible (find (dialog, "org_group")));

  /* Not the member's own district, nor the city. */
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      const char *name = gtk_string_list_get_string (GTK_STRING_LIST (names), i);

      g_assert_cmpstr (name, !=, "坪山区");
      g_assert_cmpstr (name, !=, "深圳市");
      if (g_strcmp0 (name, "罗湖区") == 0)
        luohu = i;
    }
  g_assert_cmpuint (luohu, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (district, luohu);

  /* Another district needs the letter's number. */
  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "letter_row")), "");
  gtk_widget_activate_action (dialog, "transfer.save", NULL);
  g_assert_true (gtk_widget_get_visible (find (dialog, "letter_error")));
  {
    g_autofree char *unchanged = select_text ("SELECT district FROM member WHERE id = ?", params);

    g_assert_cmpstr (unchanged, ==, "440310");
  }

  gtk_editable_set_text (GTK_EDITABLE (find (dialog, "letter_row")), "坪组转〔2026〕19号");
  gtk_widget_activate_action (dialog, "transfer.save", NULL);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_object_unref (dialog);

  {
    g_autofree char *moved = select_text ("SELECT district FROM member WHERE id = ?", params);

    g_assert_cmpstr (moved, ==, "440303");
  }
  g_assert_cmpuint (select_count ("SELECT count(*) FROM transfer WHERE member_id = ? AND to_district = '440303' "
                                  "AND status = '待回执' AND district = '440310'",
                                  params),
                    ==, 1);
}

static void
test_member_missing (void)
{
  GtkWidget *member = dq_test_app_find_type (page, DQ_TYPE_MEMBER_PAGE, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (dq_store_delete (store, "member", member_id, &error));
  g_assert_no_error (error);
  dq_test_app_wait (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find (member, "stack"))), ==, "missing");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (find (member, "missing_page"))), ==, "该党员已被删除");

  dq_member_page_set_member (DQ_MEMBER_PAGE (member), "00000000-0000-7000-8000-000000000000");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (find (member, "missing_page"))), ==, "本机数据中没有该党员");

  /* Back to the list, which no longer counts the deleted member. */
  gtk_widget_activate_action (page, "members.back", NULL);
  dq_test_app_wait (400);
  g_assert_true (adw_leaflet_get_visible_child (ADW_LEAFLET (find (page, "leaflet"))) == find (page, "list_page"));
  g_assert_cmpuint (n_rows (), ==, select_count ("SELECT count(*) FROM member WHERE deleted = 0", NULL));
}

int
main (int argc, char **argv)
{
  int status;

  dq_test_app_init (&argc, &argv);
  store = dq_test_app_demo_store (0.1);
  engine = dq_test_app_engine (store);
  page = dq_members_page_new (store, engine);
  g_object_ref_sink (page);
  window = dq_test_app_window (page, 1280, 800);
  column_view = GTK_COLUMN_VIEW (find (page, "column_view"));
  model = DQ_ROW_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (gtk_column_view_get_model (column_view))));

  g_test_add_func ("/members/list/count-and-masks", test_list_count_and_masks);
  g_test_add_func ("/members/list/search", test_list_search);
  g_test_add_func ("/members/list/filters", test_list_filters);
  g_test_add_func ("/members/list/org-filter", test_list_org_filter);
  g_test_add_func ("/members/list/sort", test_list_sort);
  g_test_add_func ("/members/list/new-member", test_list_new_member);
  g_test_add_func ("/members/member/page", test_member_page);
  g_test_add_func ("/members/member/volunteer-hours", test_member_volunteer_hours);
  g_test_add_func ("/members/member/reveal", test_member_reveal);
  g_test_add_func ("/members/member/history", test_member_history);
  g_test_add_func ("/members/member/transfer-org", test_transfer);
  g_test_add_func ("/members/member/transfer-district", test_transfer_district);
  g_test_add_func ("/members/member/deleted", test_member_missing);
  status = g_test_run ();

  gtk_window_destroy (window);
  dq_test_app_wait (100);
  g_assert_finalize_object (page);
  g_clear_pointer (&member_id, g_free);
  g_object_unref (engine);
  g_object_unref (store);
  return status;
}
