/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqTransferDialog: 组织关系转接. Within the replica the member moves at
 * once (the transfer is recorded as received); to another district a letter
 * is issued and the transfer waits for the receipt, while the member's
 * district changes so that the record follows them. Either way the transfer
 * row and the member's change are one write: both or neither. */

#define G_LOG_DOMAIN "dq-transfer-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-codes.h"
#include "dq-format.h"
#include "dq-schema.h"
#include "dq-transfer-dialog.h"
#include "dq-validate.h"

/* Organizations listed for a search. */
#define N_RESULTS 8

struct _DqTransferDialog {
  AdwWindow parent_instance;

  DqStore   *store;
  char      *member_id;
  char      *member_district;
  char      *from_org_id;
  char      *to_org_id;
  GPtrArray *result_ids;     /* org id of each row of org_results */
  GPtrArray *district_codes; /* code of each item of district_row */

  AdwWindowTitle      *window_title;
  GtkLabel            *error_label;
  AdwActionRow        *member_row;
  GtkCheckButton      *within_check;
  GtkCheckButton      *district_check;
  AdwPreferencesGroup *org_group;
  AdwEntryRow         *org_search_row;
  GtkListBox          *org_results;
  GtkLabel            *org_error;
  AdwPreferencesGroup *district_group;
  AdwComboRow         *district_row;
  AdwEntryRow         *to_org_text_row;
  GtkLabel            *district_error;
  AdwEntryRow         *letter_row;
  AdwEntryRow         *dues_row;
  AdwEntryRow         *valid_row;
  GtkLabel            *letter_error;
};

G_DEFINE_FINAL_TYPE (DqTransferDialog, dq_transfer_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (GtkLabel   *label,
            GtkWidget  *row,
            const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (row != NULL)
    {
      if (text != NULL)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

static void
clear_errors (DqTransferDialog *self)
{
  show_error (self->error_label, NULL, NULL);
  show_error (self->org_error, GTK_WIDGET (self->org_search_row), NULL);
  show_error (self->district_error, GTK_WIDGET (self->district_row), NULL);
  show_error (self->letter_error, GTK_WIDGET (self->letter_row), NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->dues_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->valid_row), "error");
}

static char *
org_name (DqTransferDialog *self,
          const char       *id)
{
  g_autoptr (DqRecord) org = NULL;

  if (id == NULL)
    return NULL;
  org = dq_store_get (self->store, "org", id, NULL);
  if (org == NULL)
    return NULL;
  return g_strdup (dq_record_get_text (org, "name"));
}

static void
show_choice (DqTransferDialog *self)
{
  g_autofree char *name = org_name (self, self->to_org_id);
  g_autofree char *text = NULL;

  if (name != NULL)
    /* TRANSLATORS: the organization chosen to receive the member */
    text = g_strdup_printf (_ ("Chosen: %s"), name);
  adw_preferences_group_set_description (self->org_group,
                                         text != NULL ? text : _ ("Search by name, then choose one"));
}

static GtkWidget *
make_result_row (DqTransferDialog *self,
                 const DqRecord   *org)
{
  const DqColumn  *kind = dq_table_column (org->table, "kind");
  g_autofree char *kind_text = dq_format_value (kind, dq_record_get (org, "kind"), FALSE);
  g_autofree char *title = g_markup_escape_text (dq_record_get_text (org, "name"), -1);
  g_autofree char *subtitle = NULL;
  GtkWidget       *row = adw_action_row_new ();

  if (g_strcmp0 (org->id, self->from_org_id) == 0)
    {
      /* TRANSLATORS: an organization's kind; the member already belongs to it */
      g_autofree char *text = g_strdup_printf (_ ("%s · the member’s current organization"), kind_text);

      subtitle = g_markup_escape_text (text, -1);
      gtk_widget_set_sensitive (row, FALSE);
    }
  else
    subtitle = g_markup_escape_text (kind_text, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
org_search_changed_cb (DqTransferDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->org_search_row));
  g_autoptr (GPtrArray) orgs = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *child;

  /* Rows go before their ids: removing the selected row selects nothing. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->org_results))) != NULL)
    gtk_list_box_remove (self->org_results, child);
  g_ptr_array_set_size (self->result_ids, 0);

  orgs = dq_store_search (self->store, "org", text, N_RESULTS, &error);
  if (orgs == NULL)
    {
      g_warning ("Organization search: %s", error->message);
      orgs = g_ptr_array_new ();
    }

  for (guint i = 0; i < orgs->len; i++)
    {
      const DqRecord *org = g_ptr_array_index (orgs, i);
      GtkWidget      *row = make_result_row (self, org);

      gtk_list_box_append (self->org_results, row);
      g_ptr_array_add (self->result_ids, g_strdup (org->id));
      if (g_strcmp0 (org->id, self->to_org_id) == 0)
        gtk_list_box_select_row (self->org_results, GTK_LIST_BOX_ROW (row));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->org_results), orgs->len > 0);
  if (orgs->len == 0 && *text != '\0')
    show_error (self->org_error, NULL, _ ("No organization of this district has this name"));
  else
    show_error (self->org_error, GTK_WIDGET (self->org_search_row), NULL);
}

static void
org_selected_cb (DqTransferDialog *self,
                 GtkListBoxRow    *row)
{
  int index;

  if (row == NULL)
    return;
  index = gtk_list_box_row_get_index (row);
  if (index < 0 || (guint) index >= self->result_ids->len)
    return;

  g_free (self->to_org_id);
  self->to_org_id = g_strdup (g_ptr_array_index (self->result_ids, index));
  show_error (self->org_error, GTK_WIDGET (self->org_search_row), NULL);
  show_choice (self);
}

static void
destination_toggled_cb (DqTransferDialog *self)
{
  gboolean within = gtk_check_button_get_active (self->within_check);

  gtk_widget_set_visible (GTK_WIDGET (self->org_group), within);
  gtk_widget_set_visible (GTK_WIDGET (self->district_group), !within);
  clear_errors (self);
}

static const char *
entry_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  while (*text == ' ')
    text++;
  return *text != '\0' ? text : NULL;
}

static char *
today (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Reads the letter fields into @transfer; FALSE (and an error shown) when
 * one is malformed. */
static gboolean
read_letter (DqTransferDialog *self,
             DqRecord         *transfer,
             gboolean          letter_required)
{
  const char *letter = entry_text (self->letter_row);
  const char *dues = entry_text (self->dues_row);
  const char *valid = entry_text (self->valid_row);
  g_autoptr (GError) error = NULL;

  if (letter == NULL && letter_required)
    {
      show_error (self->letter_error, GTK_WIDGET (self->letter_row),
                  _ ("A transfer to another district needs the number of its introduction letter."));
      gtk_widget_grab_focus (GTK_WIDGET (self->letter_row));
      return FALSE;
    }
  if (dues != NULL && !dq_validate_month (dues, &error))
    {
      /* TRANSLATORS: %s says what is wrong with the month */
      g_autofree char *text = g_strdup_printf (_ ("Dues paid until: %s (for example 2026-06)"), error->message);

      show_error (self->letter_error, GTK_WIDGET (self->dues_row), text);
      gtk_widget_grab_focus (GTK_WIDGET (self->dues_row));
      return FALSE;
    }
  if (valid != NULL && !dq_validate_date (valid, &error))
    {
      /* TRANSLATORS: %s says what is wrong with the date */
      g_autofree char *text = g_strdup_printf (_ ("Valid until: %s (for example 2026-09-30)"), error->message);

      show_error (self->letter_error, GTK_WIDGET (self->valid_row), text);
      gtk_widget_grab_focus (GTK_WIDGET (self->valid_row));
      return FALSE;
    }

  if (letter != NULL)
    dq_record_set_text (transfer, "letter_no", letter);
  if (dues != NULL)
    dq_record_set_text (transfer, "dues_paid_until", dues);
  if (valid != NULL)
    dq_record_set_text (transfer, "valid_until", valid);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqTransferDialog *self = DQ_TRANSFER_DIALOG (widget);
  g_autoptr (DqRecord) member = NULL;
  g_autoptr (DqRecord) transfer = NULL;
  g_autoptr (DqRecord) move = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *date = today ();
  DqRecord        *records[2];

  clear_errors (self);

  member = dq_store_get (self->store, "member", self->member_id, NULL);
  if (member == NULL || dq_record_get_int (member, "deleted", 0) != 0)
    {
      show_error (self->error_label, NULL, _ ("This member is no longer on this computer; nothing was saved."));
      return;
    }

  transfer = dq_record_new_for ("transfer", NULL);
  move = dq_record_new_for ("member", self->member_id);
  dq_record_set_text (transfer, "district", self->member_district);
  dq_record_set_text (transfer, "member_id", self->member_id);
  if (self->from_org_id != NULL)
    dq_record_set_text (transfer, "from_org_id", self->from_org_id);

  if (gtk_check_button_get_active (self->within_check))
    {
      if (self->to_org_id == NULL)
        {
          show_error (self->org_error, GTK_WIDGET (self->org_search_row),
                      _ ("Choose the organization that receives the member."));
          gtk_widget_grab_focus (GTK_WIDGET (self->org_search_row));
          return;
        }
      if (g_strcmp0 (self->to_org_id, self->from_org_id) == 0)
        {
          show_error (self->org_error, GTK_WIDGET (self->org_search_row),
                      _ ("The member already belongs to this organization; choose another one."));
          return;
        }
      if (!read_letter (self, transfer, FALSE))
        return;
      dq_record_set_text (transfer, "to_org_id", self->to_org_id);
      dq_record_set_text (transfer, "status", "已接收");
      dq_record_set_text (transfer, "received_on", date);
      dq_record_set_text (move, "org_id", self->to_org_id);
    }
  else
    {
      guint       position = adw_combo_row_get_selected (self->district_row);
      const char *district;
      const char *to_text = entry_text (self->to_org_text_row);

      if (position == GTK_INVALID_LIST_POSITION || position >= self->district_codes->len)
        {
          show_error (self->district_error, GTK_WIDGET (self->district_row),
                      _ ("Choose the district the member moves to."));
          return;
        }
      district = g_ptr_array_index (self->district_codes, position);
      if (!read_letter (self, transfer, TRUE))
        return;
      dq_record_set_text (transfer, "to_district", district);
      if (to_text != NULL)
        dq_record_set_text (transfer, "to_org_text", to_text);
      dq_record_set_text (transfer, "status", "待回执");
      dq_record_set_text (move, "district", district);
    }

  records[0] = transfer;
  records[1] = move;
  if (!dq_store_write_many (self->store, records, G_N_ELEMENTS (records), &error))
    {
      /* TRANSLATORS: %s is why the store refused the write */
      g_autofree char *text = g_strdup_printf (_ ("The transfer was not saved: %s"), error->message);

      show_error (self->error_label, NULL, text);
      return;
    }

  g_signal_emit (self, signals[DONE], 0);
  gtk_window_close (GTK_WINDOW (self));
}

/* Fills the member's summary, the letter defaults and the districts; FALSE
 * when the member cannot be read. */
static gboolean
load_member (DqTransferDialog *self)
{
  g_autoptr (DqRecord) member = NULL;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) later = g_date_time_add_months (now, 3);
  g_autofree char  *valid = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char  *from_name = NULL;
  g_autofree char  *subtitle = NULL;
  g_autofree char  *markup = NULL;
  const DqDistrict *districts;
  const char       *dues;
  guint             n_districts = 0;

  member = dq_store_get (self->store, "member", self->member_id, NULL);
  if (member == NULL)
    return FALSE;

  self->member_district = g_strdup (dq_record_get_text (member, "district"));
  self->from_org_id = g_strdup (dq_record_get_text (member, "org_id"));
  from_name = org_name (self, self->from_org_id);

  markup = g_markup_escape_text (dq_record_get_text (member, "name"), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->member_row), markup);
  adw_window_title_set_subtitle (self->window_title, dq_record_get_text (member, "name"));
  /* TRANSLATORS: the organization the member belongs to now */
  subtitle = g_strdup_printf (_ ("Now in %s"), from_name != NULL ? from_name : _ ("an unknown organization"));
  g_free (markup);
  markup = g_markup_escape_text (subtitle, -1);
  adw_action_row_set_subtitle (self->member_row, markup);

  dues = dq_record_get_text (member, "dues_paid_until");
  if (dues != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->dues_row), dues);
  gtk_editable_set_text (GTK_EDITABLE (self->valid_row), valid);

  districts = dq_districts (&n_districts);
  for (guint i = 0; i < n_districts; i++)
    {
      if (g_strcmp0 (districts[i].code, DQ_CITY_DISTRICT) == 0 ||
          g_strcmp0 (districts[i].code, self->member_district) == 0)
        continue;
      gtk_string_list_append (names, districts[i].name);
      g_ptr_array_add (self->district_codes, g_strdup (districts[i].code));
    }
  adw_combo_row_set_model (self->district_row, G_LIST_MODEL (names));
  return TRUE;
}

static void
dq_transfer_dialog_dispose (GObject *object)
{
  DqTransferDialog *self = DQ_TRANSFER_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_TRANSFER_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_transfer_dialog_parent_class)->dispose (object);
}

static void
dq_transfer_dialog_finalize (GObject *object)
{
  DqTransferDialog *self = DQ_TRANSFER_DIALOG (object);

  g_clear_pointer (&self->member_id, g_free);
  g_clear_pointer (&self->member_district, g_free);
  g_clear_pointer (&self->from_org_id, g_free);
  g_clear_pointer (&self->to_org_id, g_free);
  g_clear_pointer (&self->result_ids, g_ptr_array_unref);
  g_clear_pointer (&self->district_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_transfer_dialog_parent_class)->finalize (object);
}

static void
dq_transfer_dialog_class_init (DqTransferDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_transfer_dialog_dispose;
  object_class->finalize = dq_transfer_dialog_finalize;

  /* Emitted after the transfer is saved, before the dialog closes. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, member_row);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, within_check);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, district_check);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, org_group);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, org_search_row);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, org_results);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, org_error);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, district_group);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, district_row);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, to_org_text_row);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, district_error);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, letter_row);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, dues_row);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, valid_row);
  gtk_widget_class_bind_template_child (widget_class, DqTransferDialog, letter_error);
  gtk_widget_class_bind_template_callback (widget_class, org_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, org_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, destination_toggled_cb);

  gtk_widget_class_install_action (widget_class, "transfer.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "transfer.save", NULL);
}

static void
dq_transfer_dialog_init (DqTransferDialog *self)
{
  self->result_ids = g_ptr_array_new_with_free_func (g_free);
  self->district_codes = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dq_transfer_dialog_new (GtkWindow  *parent,
                        DqStore    *store,
                        const char *member_id)
{
  DqTransferDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  self = g_object_new (DQ_TYPE_TRANSFER_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->member_id = g_strdup (member_id);

  if (!load_member (self))
    {
      show_error (self->error_label, NULL, _ ("This member is no longer on this computer."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer.save", FALSE);
    }
  return GTK_WIDGET (self);
}
