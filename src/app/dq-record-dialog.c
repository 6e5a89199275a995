/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRecordDialog: 新建… / 编辑… a record in a modal window over its page.
 * The form does the checking; this writes what changed in one
 * dq_store_write() and closes, or shows why the store refused and keeps
 * everything the user typed. The record is read when the dialog opens;
 * only the cells the user changed are written, so edits made meanwhile by
 * sync to other cells are kept. */
#define G_LOG_DOMAIN "dq-record-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-record-dialog.h"
#include "dq-record-form.h"
#include "dq-schema.h"
#include "dq-ui-util.h"

struct _DqRecordDialog {
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *save_button;
  AdwBin         *form_bin;

  DqStore      *store;
  DqRecordForm *form;
  char         *table;
  char         *id;
  gboolean      failed_to_load;
  gboolean      closing; /* saved, or the user chose to discard */
};

G_DEFINE_FINAL_TYPE (DqRecordDialog, dq_record_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static gboolean
has_changes (DqRecordDialog *self)
{
  g_autoptr (DqRecord) changes = dq_record_form_get_changes (self->form);

  return changes != NULL;
}

static void
update_save_button (DqRecordDialog *self)
{
  gtk_widget_set_sensitive (self->save_button,
                            !self->failed_to_load && dq_record_form_is_valid (self->form) &&
                                has_changes (self));
}

static void
save (DqRecordDialog *self)
{
  g_autoptr (DqRecord) changes = NULL;
  g_autoptr (GError) error = NULL;

  if (self->failed_to_load || !dq_record_form_check (self->form))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  changes = dq_record_form_get_changes (self->form);
  if (changes == NULL)
    {
      /* Nothing to write: the record is as it was. */
      self->closing = TRUE;
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (!dq_store_write (self->store, changes, &error))
    {
      dq_record_form_show_error (self->form, error);
      update_save_button (self);
      return;
    }

  dq_show_toast (GTK_WIDGET (self), self->id ? _ ("Changes saved") : _ ("Record created"));
  self->closing = TRUE;
  g_signal_emit (self, signals[SAVED], 0, changes->id);
  gtk_window_close (GTK_WINDOW (self));
}

/* Signal callbacks */

static void
save_clicked_cb (DqRecordDialog *self)
{
  save (self);
}

static void
form_changed_cb (DqRecordDialog *self)
{
  update_save_button (self);
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     DqRecordDialog   *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (DQ_RECORD_DIALOG (widget));
}

/* Overrides */

static gboolean
dq_record_dialog_close_request (GtkWindow *window)
{
  DqRecordDialog *self = DQ_RECORD_DIALOG (window);
  GtkWidget      *ask;

  if (self->closing || self->form == NULL || !has_changes (self))
    return GTK_WINDOW_CLASS (dq_record_dialog_parent_class)->close_request (window);

  /* Nothing typed is lost without the user saying so. */
  ask = adw_message_dialog_new (window, _ ("Discard Changes?"),
                                _ ("What you entered in this form has not been saved."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (ask),
                                    "cancel", _ ("_Keep Editing"),
                                    "discard", _ ("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (ask), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (ask), "cancel");
  g_signal_connect_object (ask, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (ask));
  return TRUE;
}

static void
dq_record_dialog_dispose (GObject *object)
{
  DqRecordDialog *self = DQ_RECORD_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_RECORD_DIALOG);
  self->form = NULL;
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_record_dialog_parent_class)->dispose (object);
}

static void
dq_record_dialog_finalize (GObject *object)
{
  DqRecordDialog *self = DQ_RECORD_DIALOG (object);

  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (dq_record_dialog_parent_class)->finalize (object);
}

static void
dq_record_dialog_class_init (DqRecordDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dq_record_dialog_dispose;
  object_class->finalize = dq_record_dialog_finalize;
  window_class->close_request = dq_record_dialog_close_request;

  /* The record was written; its id (new rows get one on saving). */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-record-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DqRecordDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DqRecordDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, DqRecordDialog, form_bin);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_install_action (widget_class, "record.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "record.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dq_record_dialog_init (DqRecordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
}

/* Public API */

GtkWidget *
dq_record_dialog_new (GtkWindow         *parent,
                      DqStore           *store,
                      const char        *table,
                      const char        *id,
                      const char *const *columns,
                      const DqRecord    *defaults)
{
  DqRecordDialog  *self;
  const DqTable   *schema_table;
  g_autofree char *title = NULL;
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail ((schema_table = dq_schema_table (table)) != NULL, NULL);

  self = g_object_new (DQ_TYPE_RECORD_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->table = g_strdup (table);
  self->id = g_strdup (id);

  self->form = DQ_RECORD_FORM (dq_record_form_new (store, table, columns));
  adw_bin_set_child (self->form_bin, GTK_WIDGET (self->form));
  g_signal_connect_object (self->form, "changed", G_CALLBACK (form_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* TRANSLATORS: the title of a form; %s is the kind of record: 党员 */
  title = g_strdup_printf (id ? _ ("Edit %s") : _ ("New %s"), dq_table_label (schema_table));
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (defaults != NULL)
    dq_record_form_set_defaults (self->form, defaults);
  if (id != NULL)
    {
      record = dq_store_get (store, table, id, &error);
      if (record == NULL)
        {
          self->failed_to_load = TRUE;
          dq_record_form_show_error (self->form, error);
        }
      else
        {
          const char *name = schema_table->display ? dq_record_get_text (record, schema_table->display) : NULL;

          dq_record_form_set_record (self->form, record);
          adw_window_title_set_subtitle (self->window_title, name ? name : "");
        }
    }
  update_save_button (self);

  return GTK_WIDGET (self);
}
