/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The record form, its dialog and the CSV import, driven as a clerk would
 * on a demo replica: what each shows, what is saved, what is refused. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dq-import-dialog.h"
#include "dq-record-dialog.h"
#include "dq-record-form.h"
#include "dq-schema.h"
#include "dq-test-app.h"
#include "dq-validate.h"

/* The form checks what was typed after this long. */
#define SETTLE_MS 500

static DqStore   *store;
static GtkWindow *parent;

/* Helpers */

static gint64
count_members (void)
{
  g_autoptr (DqQuery) query = dq_query_new ("member");
  g_autoptr (GError) error = NULL;
  gint64 n = dq_store_count (store, query, &error);

  g_assert_no_error (error);
  return n;
}

static char *
sql_text (const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, >, 0);
  return g_strdup (((GStrv) g_ptr_array_index (rows, 0))[0]);
}

/* A field's row or its error line: the form names them by column. */
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

static GtkWidget *
field (GtkWidget  *dialog,
       const char *column)
{
  GtkWidget *row = find_named (dialog, column);

  g_assert_nonnull (row);
  return row;
}

/* The error shown under @column's field, or NULL when none is shown. */
static const char *
shown_error (GtkWidget  *dialog,
             const char *column)
{
  g_autofree char *name = g_strconcat ("error:", column, NULL);
  GtkWidget       *label = find_named (dialog, name);

  g_assert_nonnull (label);
  return gtk_widget_is_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
type_text (GtkWidget  *dialog,
           const char *column,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field (dialog, column)), text);
}

static void
choose_label (GtkWidget  *dialog,
              const char *column,
              const char *label)
{
  AdwComboRow *row = ADW_COMBO_ROW (field (dialog, column));
  GListModel  *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("%s has no choice %s", column, label);
}

/* Types part of an organization's name and presses Enter on the picker;
 * returns the name picked. */
static const char *
pick_org (GtkWidget  *dialog,
          const char *name)
{
  GtkWidget       *row = field (dialog, "org_id");
  g_autofree char *part = g_utf8_substring (name, 0, MIN (g_utf8_strlen (name, -1), 6));

  gtk_editable_set_text (GTK_EDITABLE (row), part);
  dq_test_app_wait (300);
  /* The suggestions are up while the user types. */
  g_assert_true (gtk_widget_get_visible (dq_test_app_find_type (row, GTK_TYPE_POPOVER, NULL)));
  g_signal_emit_by_name (row, "entry-activated");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), !=, part);
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
save_sensitive (GtkWidget *dialog)
{
  GtkWidget *button = dq_test_app_find (dialog, "save_button");

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static DqRecordForm *
form_of (GtkWidget *dialog)
{
  GtkWidget *form = dq_test_app_find_type (dialog, DQ_TYPE_RECORD_FORM, NULL);

  g_assert_nonnull (form);
  return DQ_RECORD_FORM (form);
}

/* A valid 18-character ID number born on @birth (YYYYMMDD), and the same
 * with a wrong check character. */
static char *
id_number (const char *birth,
           guint       seq,
           gboolean    wrong)
{
  g_autofree char *body = g_strdup_printf ("440310%s%03u", birth, seq % 1000);
  char             check = dq_id_number_check_char (body);

  if (wrong)
    check = check == '0' ? '1' : '0';
  return g_strdup_printf ("%s%c", body, check);
}

static GtkWidget *
open_dialog (const char *id)
{
  GtkWidget *dialog = g_object_ref (dq_record_dialog_new (parent, store, "member", id, NULL, NULL));

  gtk_window_present (GTK_WINDOW (dialog));
  dq_test_app_wait (200);
  return dialog;
}

/* Closes @dialog if it is still open and checks that nothing keeps it. */
static void
close_dialog (GtkWidget *dialog)
{
  if (gtk_widget_get_visible (dialog))
    gtk_window_destroy (GTK_WINDOW (dialog));
  dq_test_app_wait (50);
  g_assert_finalize_object (dialog);
}

static void
saved_cb (GtkWidget  *dialog,
          const char *id,
          char      **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static char *
some_org_name (void)
{
  return sql_text ("SELECT name FROM org WHERE deleted = 0 AND kind = '党支部' ORDER BY name LIMIT 1");
}

/* Fills a new member's required fields; returns the organization's name. */
static char *
fill_new_member (GtkWidget  *dialog,
                 const char *name)
{
  g_autofree char *org = some_org_name ();
  char            *picked;

  type_text (dialog, "name", name);
  picked = g_strdup (pick_org (dialog, org));
  choose_label (dialog, "category", "正式");
  return picked;
}

/* The record form and dialog */

static void
test_wrong_check_character (void)
{
  gint64           before = count_members ();
  g_autofree char *wrong = id_number ("19900101", 123, TRUE);
  g_autofree char *saved = NULL;
  GtkWidget       *dialog;
  const char      *error;

  dialog = open_dialog (NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1280, 800);
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "新建党员");
  g_assert_false (save_sensitive (dialog));

  g_free (fill_new_member (dialog, "测试校验码"));
  type_text (dialog, "id_number", wrong);
  dq_test_app_wait (SETTLE_MS);

  error = shown_error (dialog, "id_number");
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "公民身份号码"));
  g_assert_nonnull (strstr (error, "校验码不正确"));
  g_assert_null (shown_error (dialog, "name"));
  g_assert_false (save_sensitive (dialog));
  g_assert_false (dq_record_form_is_valid (form_of (dialog)));

  g_free (dq_test_app_screenshot (dialog, "forms-new-member-error"));

  /* Ctrl+S goes past the disabled button: still nothing is written. */
  gtk_widget_activate_action (dialog, "record.save", NULL);
  dq_test_app_wait (100);
  g_assert_null (saved);
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_cmpint (count_members (), ==, before);

  /* Closing asks before the typed values go. */
  gtk_window_close (GTK_WINDOW (dialog));
  dq_test_app_wait (100);
  g_assert_true (gtk_widget_get_visible (dialog));
  {
    GListModel       *toplevels = gtk_window_get_toplevels ();
    AdwMessageDialog *ask = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && ask == NULL; i++)
      {
        g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
          ask = ADW_MESSAGE_DIALOG (window);
      }
    g_assert_nonnull (ask);
    adw_message_dialog_response (ask, "discard");
  }
  dq_test_app_wait (100);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_assert_cmpint (count_members (), ==, before);
  close_dialog (dialog);
}

static void
test_birth_date_against_id (void)
{
  g_autofree char *valid = id_number ("19900101", 124, FALSE);
  GtkWidget       *dialog = open_dialog (NULL);
  const char      *error;

  g_free (fill_new_member (dialog, "测试出生日期"));
  type_text (dialog, "id_number", valid);
  dq_test_app_wait (SETTLE_MS);
  g_assert_null (shown_error (dialog, "id_number"));
  /* The ID number fills in the birth date it holds. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "birth_date"))), ==, "1990-01-01");
  g_assert_true (save_sensitive (dialog));

  type_text (dialog, "birth_date", "1985-06-15");
  dq_test_app_wait (SETTLE_MS);
  error = shown_error (dialog, "birth_date");
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "出生日期"));
  g_assert_nonnull (strstr (error, "不一致"));
  g_assert_false (save_sensitive (dialog));
  g_assert_false (dq_record_form_check (form_of (dialog)));

  close_dialog (dialog);
}

static void
test_new_member_saved (void)
{
  gint64           before = count_members ();
  g_autofree char *valid = id_number ("19850615", 244, FALSE);
  g_autofree char *org = NULL;
  g_autofree char *saved = NULL;
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *dialog = open_dialog (NULL);

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  org = fill_new_member (dialog, "新党员甲");
  type_text (dialog, "id_number", valid);
  type_text (dialog, "phone", "13800138000");
  type_text (dialog, "job", "教师");
  dq_test_app_wait (SETTLE_MS);
  g_assert_true (save_sensitive (dialog));

  gtk_widget_activate_action (dialog, "record.save", NULL);
  dq_test_app_wait (100);
  g_assert_nonnull (saved);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_assert_cmpint (count_members (), ==, before + 1);

  record = dq_store_get (store, "member", saved, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dq_record_get_text (record, "name"), ==, "新党员甲");
  {
    g_autoptr (DqRecord) picked = dq_store_get (store, "org", dq_record_get_text (record, "org_id"), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (dq_record_get_text (picked, "name"), ==, org);
  }
  g_assert_cmpstr (dq_record_get_text (record, "category"), ==, "正式");
  g_assert_cmpstr (dq_record_get_text (record, "id_number"), ==, valid);
  g_assert_cmpstr (dq_record_get_text (record, "phone"), ==, "13800138000");
  g_assert_cmpstr (dq_record_get_text (record, "job"), ==, "教师");
  g_assert_cmpstr (dq_record_get_text (record, "birth_date"), ==, "1985-06-15");
  g_assert_cmpstr (dq_record_get_text (record, "gender"), ==, "2");
  g_assert_cmpstr (dq_record_get_text (record, "district"), ==, "440310");
  g_assert_null (dq_record_get_text (record, "address"));
  close_dialog (dialog);
}

/* A new member opened from an organization starts in it. */
static void
test_defaults (void)
{
  g_autofree char *org_id = sql_text ("SELECT id FROM org WHERE deleted = 0 AND kind = '党支部' ORDER BY id LIMIT 1");
  g_autofree char *org_name = NULL;
  g_autoptr (DqRecord) defaults = dq_record_new_for ("member", NULL);
  g_autoptr (DqRecord) changes = NULL;
  GtkWidget *dialog;

  {
    g_autoptr (DqRecord) org = dq_store_get (store, "org", org_id, NULL);

    org_name = g_strdup (dq_record_get_text (org, "name"));
  }
  dq_record_set_text (defaults, "org_id", org_id);
  dialog = g_object_ref (dq_record_dialog_new (parent, store, "member", NULL, NULL, defaults));
  gtk_window_present (GTK_WINDOW (dialog));
  dq_test_app_wait (100);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "org_id"))), ==, org_name);
  g_assert_null (dq_record_form_get_changes (form_of (dialog)));
  type_text (dialog, "name", "默认组织党员");
  choose_label (dialog, "category", "预备");
  dq_test_app_wait (SETTLE_MS);
  g_assert_true (save_sensitive (dialog));
  changes = dq_record_form_get_changes (form_of (dialog));
  g_assert_null (changes->id);
  g_assert_cmpstr (dq_record_get_text (changes, "org_id"), ==, org_id);
  g_assert_cmpstr (dq_record_get_text (changes, "district"), ==, "440310");
  g_assert_cmpstr (dq_record_get_text (changes, "category"), ==, "预备");
  g_clear_pointer (&changes, dq_record_free);

  /* Emptied, the default is not written behind the user's back. */
  type_text (dialog, "org_id", "");
  dq_test_app_wait (SETTLE_MS);
  g_assert_nonnull (shown_error (dialog, "org_id"));
  changes = dq_record_form_get_changes (form_of (dialog));
  g_assert_false (dq_record_is_set (changes, "org_id"));
  close_dialog (dialog);
}

static void
test_edit_phone_only (void)
{
  g_autofree char *id = sql_text ("SELECT id FROM member WHERE deleted = 0 AND phone <> '' "
                                  "AND id_number <> '' ORDER BY id LIMIT 1");
  g_autoptr (DqRecord) before = dq_store_get (store, "member", id, NULL);
  g_autoptr (DqRecord) after = NULL;
  g_autoptr (DqRecord) changes = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autofree char *saved = NULL;
  GtkWidget       *dialog = open_dialog (id);
  GtkWidget       *phone = field (dialog, "phone");
  g_autofree char *masked = dq_mask_phone (dq_record_get_text (before, "phone"));
  guint            newest = 0;

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "编辑党员");
  /* Personal data starts masked: the field is empty, the mask beside it. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (phone)), ==, "");
  g_assert_nonnull (dq_test_app_find_type (phone, GTK_TYPE_LABEL, masked));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field (dialog, "id_number"))), ==, "");
  g_assert_false (save_sensitive (dialog));
  g_assert_null (dq_record_form_get_changes (form_of (dialog)));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1280, 800);
  g_free (dq_test_app_screenshot (dialog, "forms-edit-member"));

  type_text (dialog, "phone", "13911112222");
  dq_test_app_wait (SETTLE_MS);
  g_assert_true (save_sensitive (dialog));
  changes = dq_record_form_get_changes (form_of (dialog));
  g_assert_nonnull (changes);
  g_assert_cmpstr (changes->id, ==, id);
  g_assert_cmpuint (dq_record_n_set (changes), ==, 1);
  g_assert_cmpstr (dq_record_get_text (changes, "phone"), ==, "13911112222");

  gtk_widget_activate_action (dialog, "record.save", NULL);
  dq_test_app_wait (100);
  g_assert_cmpstr (saved, ==, id);

  after = dq_store_get (store, "member", id, NULL);
  for (guint i = 0; i < after->table->n_columns; i++)
    if (strcmp (after->table->columns[i].name, "phone") != 0)
      g_assert_true (dq_value_equal (&before->values[i], &after->values[i]));
  g_assert_cmpstr (dq_record_get_text (after, "phone"), ==, "13911112222");

  /* One cell written: the newest stamp of the row is the phone's alone. */
  history = dq_store_history (store, "member", id, NULL);
  g_assert_nonnull (history);
  for (guint i = 0; i < history->len; i++)
    {
      DqHistoryEntry *entry = g_ptr_array_index (history, i);
      DqHistoryEntry *first = g_ptr_array_index (history, 0);

      if (entry->hlc == first->hlc)
        {
          g_assert_cmpstr (entry->column, ==, "phone");
          newest++;
        }
    }
  g_assert_cmpuint (newest, ==, 1);
  close_dialog (dialog);
}

static void
test_invalid_phone_refused (void)
{
  g_autofree char *id = sql_text ("SELECT id FROM member WHERE deleted = 0 AND phone <> '' ORDER BY id DESC LIMIT 1");
  g_autoptr (DqRecord) before = dq_store_get (store, "member", id, NULL);
  g_autoptr (DqRecord) after = NULL;
  g_autofree char *saved = NULL;
  GtkWidget       *dialog = open_dialog (id);
  const char      *error;

  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &saved);
  type_text (dialog, "phone", "12345");
  dq_test_app_wait (SETTLE_MS);
  error = shown_error (dialog, "phone");
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "手机号码"));
  g_assert_false (save_sensitive (dialog));

  gtk_widget_activate_action (dialog, "record.save", NULL);
  dq_test_app_wait (100);
  g_assert_null (saved);
  after = dq_store_get (store, "member", id, NULL);
  g_assert_cmpstr (dq_record_get_text (after, "phone"), ==, dq_record_get_text (before, "phone"));

  /* Emptying a required field is refused too. */
  type_text (dialog, "phone", "");
  type_text (dialog, "name", "");
  dq_test_app_wait (SETTLE_MS);
  g_assert_nonnull (shown_error (dialog, "name"));
  g_assert_nonnull (strstr (shown_error (dialog, "name"), "必填"));
  g_assert_false (save_sensitive (dialog));

  close_dialog (dialog);
}

/* Every table gets a form from the schema; the kinds that parse. */

static GtkWidget *
new_form (const char *table)
{
  GtkWidget *form = dq_record_form_new (store, table, NULL);

  g_object_ref_sink (form);
  return form;
}

static void
find_checks (GtkWidget *root,
             GPtrArray *checks)
{
  if (GTK_IS_CHECK_BUTTON (root))
    g_ptr_array_add (checks, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    find_checks (child, checks);
}

static void
test_every_table (void)
{
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);

  for (guint i = 0; i < n_tables; i++)
    {
      GtkWidget *form = new_form (tables[i].name);
      gboolean   required = FALSE;

      for (guint j = DQ_COLUMN_DELETED + 1; j < tables[i].n_columns; j++)
        required |= (tables[i].columns[j].flags & DQ_COL_FLAG_REQUIRED) != 0;

      /* An empty new row is valid only where nothing is required. */
      g_assert_cmpint (dq_record_form_is_valid (DQ_RECORD_FORM (form)), ==, !required);
      g_assert_true (gtk_widget_get_visible (field (form, tables[i].columns[tables[i].n_columns - 1].name)));
      g_assert_null (dq_record_form_get_changes (DQ_RECORD_FORM (form)));
      g_assert_finalize_object (form);
    }
}

static void
test_kinds (void)
{
  GtkWidget *fund = new_form ("fund");
  GtkWidget *center = new_form ("center");
  GtkWidget *activity = new_form ("activity");
  g_autoptr (GPtrArray) checks = g_ptr_array_new ();
  g_autoptr (DqRecord) changes = NULL;
  g_autoptr (GDateTime) starts = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *shown = NULL;

  /* Money in yuan, stored in fen. */
  type_text (fund, "amount_fen", "abc");
  g_assert_false (dq_record_form_is_valid (DQ_RECORD_FORM (fund)));
  g_assert_nonnull (shown_error (fund, "amount_fen"));
  type_text (fund, "amount_fen", "1250.5");
  dq_record_form_is_valid (DQ_RECORD_FORM (fund));
  g_assert_null (shown_error (fund, "amount_fen"));
  changes = dq_record_form_get_changes (DQ_RECORD_FORM (fund));
  g_assert_cmpint (dq_record_get_int (changes, "amount_fen", -1), ==, 125050);
  g_clear_pointer (&changes, dq_record_free);

  /* Several codes as check boxes, yes/no as a switch. */
  find_checks (field (center, "functions"), checks);
  g_assert_cmpuint (checks->len, ==, 10);
  gtk_check_button_set_active (g_ptr_array_index (checks, 1), TRUE);
  gtk_check_button_set_active (g_ptr_array_index (checks, 0), TRUE);
  gtk_switch_set_active (GTK_SWITCH (dq_test_app_find_type (field (center, "open_24h"), GTK_TYPE_SWITCH, NULL)), TRUE);
  changes = dq_record_form_get_changes (DQ_RECORD_FORM (center));
  g_assert_cmpstr (dq_record_get_text (changes, "functions"), ==, "党建,政务");
  g_assert_cmpint (dq_record_get_int (changes, "open_24h", -1), ==, 1);
  g_clear_pointer (&changes, dq_record_free);

  /* A time typed in local time, stored with its offset. */
  type_text (activity, "starts_at", "2024-05-01 09:30");
  dq_record_form_is_valid (DQ_RECORD_FORM (activity));
  g_assert_null (shown_error (activity, "starts_at"));
  changes = dq_record_form_get_changes (DQ_RECORD_FORM (activity));
  starts = g_date_time_new_from_iso8601 (dq_record_get_text (changes, "starts_at"), NULL);
  g_assert_nonnull (starts);
  local = g_date_time_to_local (starts);
  shown = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_assert_cmpstr (shown, ==, "2024-05-01 09:30");

  g_assert_finalize_object (fund);
  g_assert_finalize_object (center);
  g_assert_finalize_object (activity);
}

/* A write error of the store goes under the field it names, else on top. */
static void
test_show_error (void)
{
  GtkWidget *form = new_form ("member");
  g_autoptr (GError) at_phone = g_error_new (DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_VALUE, "%s：%s", "手机号码", "号码已停用");
  g_autoptr (GError) nowhere = g_error_new_literal (DQ_STORE_ERROR, DQ_STORE_ERROR_SQLITE, "本机数据库出错");
  GtkWidget *top;

  dq_record_form_show_error (DQ_RECORD_FORM (form), at_phone);
  g_assert_cmpstr (shown_error (form, "phone"), ==, "手机号码：号码已停用");
  g_assert_false (dq_record_form_is_valid (DQ_RECORD_FORM (form)));

  dq_record_form_show_error (DQ_RECORD_FORM (form), nowhere);
  top = dq_test_app_find (form, "top_error");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (top)));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (top)), ==, "本机数据库出错");
  g_assert_finalize_object (form);
}

/* Import */

static char *
write_csv (const char *name,
           const char *text)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dq_test_app_data_dir (), name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

static gboolean
stack_shows (gpointer data)
{
  GtkWidget  *dialog = data;
  GtkStack   *stack = GTK_STACK (dq_test_app_find (dialog, "stack"));
  const char *page = gtk_stack_get_visible_child_name (stack);

  return g_strcmp0 (page, "preview") == 0 || g_strcmp0 (page, "failed") == 0;
}

static void
load_csv (GtkWidget  *dialog,
          const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_true (dq_import_dialog_load_file (DQ_IMPORT_DIALOG (dialog), file, &error));
  g_assert_no_error (error);
  g_assert_true (dq_test_app_wait_for (stack_shows, dialog, 60000));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (dq_test_app_find (dialog, "stack"))), ==, "preview");
  dq_test_app_wait (100);
}

static GPtrArray *
problem_lines (GtkWidget *dialog)
{
  GtkListView *view = GTK_LIST_VIEW (dq_test_app_find (dialog, "problems_view"));
  GListModel  *model = G_LIST_MODEL (gtk_list_view_get_model (view));
  GPtrArray   *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

      g_ptr_array_add (lines, g_strdup (gtk_string_object_get_string (item)));
    }
  return lines;
}

/* Labels in @root with the style @class, and whether any shows @text. */
static guint
count_labels (GtkWidget *root,
              const char *class,
              const char *text,
              gboolean   *has_text)
{
  guint n = 0;

  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    {
      if (class == NULL || gtk_widget_has_css_class (root, class))
        n++;
      if (text != NULL && strstr (gtk_label_get_text (GTK_LABEL (root)), text) != NULL)
        *has_text = TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    n += count_labels (child, class, text, has_text);
  return n;
}

static void
imported_cb (GtkWidget *dialog,
             guint      n,
             guint     *out)
{
  *out = n;
}

static gboolean
is_nonzero (gpointer data)
{
  return *(guint *) data != 0;
}

/* Five rows of members: rows 3 and 5 of the file wrong when @bad. */
static char *
members_csv (gboolean bad)
{
  g_autofree char *org = sql_text ("SELECT id FROM org WHERE deleted = 0 AND kind = '党支部' ORDER BY id LIMIT 1");
  GString         *csv = g_string_new ("姓名,所在党组织,人员类别,公民身份号码,手机号码\r\n");

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *birth = g_strdup_printf ("197%u0203", i);
      g_autofree char *id = id_number (birth, 300 + i, bad && i == 1);
      g_autofree char *phone = g_strdup_printf (bad && i == 3 ? "1230000%04u" : "1370000%04u", i);

      g_string_append_printf (csv, "导入党员%u,%s,正式,%s,%s\r\n", i + 1, org, id, phone);
    }
  return g_string_free (csv, FALSE);
}

static void
test_import_errors_then_fixed (void)
{
  gint64           before = count_members ();
  g_autofree char *bad_text = members_csv (TRUE);
  g_autofree char *good_text = members_csv (FALSE);
  g_autofree char *bad = write_csv ("members-bad.csv", bad_text);
  g_autofree char *good = write_csv ("members-good.csv", good_text);
  g_autoptr (GPtrArray) lines = NULL;
  GtkWidget *dialog = g_object_ref (dq_import_dialog_new (parent, store, "member"));
  GtkWidget *view;
  gboolean   shows_phone = FALSE;
  gboolean   shows_mask = FALSE;
  guint      imported = 0;

  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), &imported);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1280, 800);
  gtk_window_present (GTK_WINDOW (dialog));
  dq_test_app_wait (200);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "导入党员");

  /* A file that is not text says so, in Chinese. */
  {
    g_autofree char *binary = write_csv ("not-text.csv", "\x01");
    g_autoptr (GFile) file = NULL;

    g_file_set_contents (binary, "a,b\0c", 5, NULL);
    file = g_file_new_for_path (binary);
    g_assert_true (dq_import_dialog_load_file (DQ_IMPORT_DIALOG (dialog), file, NULL));
    g_assert_true (dq_test_app_wait_for (stack_shows, dialog, 10000));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (dq_test_app_find (dialog, "stack"))), ==, "failed");
    g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (dq_test_app_find (dialog, "failed_page"))),
                              "CSV UTF-8"));
    g_assert_false (gtk_widget_get_sensitive (dq_test_app_find (dialog, "import_button")));
  }

  load_csv (dialog, bad);
  lines = problem_lines (dialog);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, 0), "第 3 行，“公民身份号码”："));
  g_assert_nonnull (strstr (g_ptr_array_index (lines, 0), "校验码不正确"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (lines, 1), "第 5 行，“手机号码”："));
  g_assert_false (gtk_widget_get_sensitive (dq_test_app_find (dialog, "import_button")));

  /* The two wrong cells are marked in the preview; phones are masked. */
  view = dq_test_app_find (dialog, "preview_view");
  g_assert_cmpuint (count_labels (view, "error", NULL, NULL), ==, 2);
  count_labels (view, NULL, "13700000000", &shows_phone);
  count_labels (view, NULL, "****", &shows_mask);
  g_assert_false (shows_phone);
  g_assert_true (shows_mask);

  g_free (dq_test_app_screenshot (dialog, "forms-import-errors"));

  gtk_widget_activate_action (dialog, "import.import", NULL);
  dq_test_app_wait (200);
  g_assert_cmpuint (imported, ==, 0);
  g_assert_cmpint (count_members (), ==, before);

  /* The file corrected: five rows, no problem, imported. */
  load_csv (dialog, good);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = problem_lines (dialog);
  g_assert_cmpuint (lines->len, ==, 0);
  g_assert_true (gtk_widget_get_sensitive (dq_test_app_find (dialog, "import_button")));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (dq_test_app_find (dialog, "import_button"))), ==,
                   "导入 5 条(_I)");
  gtk_widget_activate_action (dialog, "import.import", NULL);
  g_assert_true (dq_test_app_wait_for (is_nonzero, &imported, 10000));
  g_assert_cmpuint (imported, ==, 5);
  g_assert_cmpint (count_members (), ==, before + 5);
  {
    g_autoptr (GPtrArray) rows = dq_store_select (store, "SELECT district, phone FROM member WHERE name = '导入党员4'", NULL, NULL);

    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 0))[0], ==, "440310");
    g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 0))[1], ==, "13700000003");
  }
  dq_test_app_wait (100);
  g_assert_false (gtk_widget_get_visible (dialog));
  close_dialog (dialog);
}

static void
test_import_5000 (void)
{
  g_autofree char *org = sql_text ("SELECT id FROM org WHERE deleted = 0 AND kind = '党支部' ORDER BY id DESC LIMIT 1");
  g_autoptr (GString) csv = g_string_new ("name,org_id,category,id_number,phone\n");
  g_autoptr (GDate) date = g_date_new_dmy (1, G_DATE_JANUARY, 1960);
  g_autofree char *path = NULL;
  gint64           before = count_members ();
  GtkWidget       *dialog = g_object_ref (dq_import_dialog_new (parent, store, "member"));
  guint            imported = 0;
  gint64           start;

  for (guint i = 0; i < 5000; i++)
    {
      char             birth[9];
      g_autofree char *id = NULL;

      g_date_strftime (birth, sizeof birth, "%Y%m%d", date);
      id = id_number (birth, 500 + i % 400, FALSE);
      g_string_append_printf (csv, "批量党员%u,%s,预备,%s,1590000%04u\n", i, org, id, i);
      g_date_add_days (date, 3);
    }
  path = write_csv ("members-5000.csv", csv->str);

  g_signal_connect (dialog, "imported", G_CALLBACK (imported_cb), &imported);
  gtk_window_present (GTK_WINDOW (dialog));
  dq_test_app_wait (100);

  start = g_get_monotonic_time ();
  load_csv (dialog, path);
  g_test_message ("5000 rows read and checked in %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - start) / 1000);
  g_assert_true (gtk_widget_get_sensitive (dq_test_app_find (dialog, "import_button")));

  start = g_get_monotonic_time ();
  gtk_widget_activate_action (dialog, "import.import", NULL);
  /* The page saying that it imports is up before the write blocks. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (dq_test_app_find (dialog, "stack"))), ==,
                   "importing");
  g_assert_true (dq_test_app_wait_for (is_nonzero, &imported, 60000));
  g_test_message ("5000 rows imported in %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  g_assert_cmpuint (imported, ==, 5000);
  g_assert_cmpint (count_members (), ==, before + 5000);
  close_dialog (dialog);
}

int
main (int argc, char **argv)
{
  int result;

  dq_test_app_init (&argc, &argv);
  store = dq_test_app_demo_store (0.1);
  parent = dq_test_app_window (adw_status_page_new (), 1280, 800);

  g_test_add_func ("/forms/new-member/wrong-check-character", test_wrong_check_character);
  g_test_add_func ("/forms/new-member/birth-date-against-id", test_birth_date_against_id);
  g_test_add_func ("/forms/new-member/saved", test_new_member_saved);
  g_test_add_func ("/forms/new-member/defaults", test_defaults);
  g_test_add_func ("/forms/edit/phone-only", test_edit_phone_only);
  g_test_add_func ("/forms/edit/invalid-phone", test_invalid_phone_refused);
  g_test_add_func ("/forms/every-table", test_every_table);
  g_test_add_func ("/forms/kinds", test_kinds);
  g_test_add_func ("/forms/show-error", test_show_error);
  g_test_add_func ("/forms/import/errors-then-fixed", test_import_errors_then_fixed);
  g_test_add_func ("/forms/import/5000-rows", test_import_5000);
  result = g_test_run ();

  gtk_window_destroy (parent);
  dq_test_app_wait (50);
  g_assert_finalize_object (store);
  return result;
}
