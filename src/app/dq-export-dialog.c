/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqExportDialog: the choices before an activity's registrations leave the
 * replica as a file. The file's bytes are made on the main thread (the
 * store is used from one thread; a list of registrations is small) and
 * written asynchronously; the dialog stays open until the write succeeded,
 * so an error is shown where the user can try again. */
#define G_LOG_DOMAIN "dq-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-activity.h"
#include "dq-audit.h"
#include "dq-export-dialog.h"
#include "dq-ui-util.h"

struct _DqExportDialog {
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *export_button;
  GtkLabel       *summary_label;
  GtkCheckButton *xlsx_check;
  GtkCheckButton *csv_check;
  GtkSwitch      *phone_switch;
  GtkLabel       *error_label;

  DqStore              *store;
  char                 *activity_id;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  gboolean              saving;
};

G_DEFINE_FINAL_TYPE (DqExportDialog, dq_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
show_error (DqExportDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_saving (DqExportDialog *self,
            gboolean        saving)
{
  self->saving = saving;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", !saving);
}

static void
load_summary (DqExportDialog *self)
{
  const char *params[] = { self->activity_id, NULL };
  g_autoptr (GPtrArray) rows = dq_store_select (self->store, "SELECT title FROM activity WHERE id = ?", params, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  DqActivityCounts counts = { 0 };
  guint            total;

  if (rows != NULL && rows->len > 0)
    adw_window_title_set_subtitle (self->window_title, ((char **) g_ptr_array_index (rows, 0))[0]);
  if (!dq_activity_counts (self->store, self->activity_id, &counts, &error))
    {
      show_error (self, error->message);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->summary_label), FALSE);
      return;
    }
  total = counts.registered + counts.waitlisted + counts.cancelled;
  /* TRANSLATORS: what an export will hold; the first %u is the total */
  text = g_strdup_printf (ngettext ("%u registration in all: %u registered, %u on the waitlist, %u cancelled, %u checked in.",
                                    "%u registrations in all: %u registered, %u on the waitlist, %u cancelled, %u checked in.",
                                    total),
                          total, counts.registered, counts.waitlisted, counts.cancelled, counts.checked_in);
  gtk_label_set_text (self->summary_label, text);
}

/* Signal callbacks */

static void
phone_switch_active_cb (DqExportDialog *self,
                        GParamSpec     *pspec,
                        GtkSwitch      *toggle)
{
  g_autoptr (GError) error = NULL;

  if (!gtk_switch_get_active (toggle))
    return;
  show_error (self, NULL);

  /* The log first: a choice that cannot be recorded is not taken. */
  if (!dq_audit_log_store (self->store, "reveal", "registration", self->activity_id, "phone", &error))
    {
      /* TRANSLATORS: %s says why the audit log could not be written */
      g_autofree char *text = g_strdup_printf (_ ("Phone numbers stay masked: %s"), error->message);

      gtk_switch_set_active (toggle, FALSE);
      show_error (self, text);
    }
}

typedef struct {
  DqExportDialog *self;
  GFile          *file;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->file);
  g_free (job);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveJob        *job = user_data;
  DqExportDialog *self = job->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *toast = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_ ("The file could not be saved: %s"), error->message);

          set_saving (self, FALSE);
          show_error (self, text);
        }
      save_job_free (job);
      return;
    }

  name = g_file_get_basename (job->file);
  /* TRANSLATORS: a toast after an export; %s is the file's name */
  toast = g_strdup_printf (_ ("Saved as “%s”"), name);
  dq_show_toast (GTK_WIDGET (self), toast);
  set_saving (self, FALSE);
  g_signal_emit (self, signals[EXPORTED], 0, job->file);
  gtk_window_close (GTK_WINDOW (self));
  save_job_free (job);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     DqExportDialog  *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    dq_export_dialog_save_to_file (self, file);
}

/* Actions */

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqExportDialog *self = DQ_EXPORT_DIALOG (widget);
  DqExportFormat  format = dq_export_dialog_get_format (self);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  if (self->chooser != NULL || self->saving)
    return;

  show_error (self, NULL);
  self->chooser = gtk_file_chooser_native_new (_ ("Save Registrations"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (format == DQ_EXPORT_XLSX)
    {
      gtk_file_filter_set_name (filter, _ ("Excel workbooks"));
      gtk_file_filter_add_mime_type (filter, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }
  else
    {
      gtk_file_filter_set_name (filter, _ ("CSV files"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  gtk_file_filter_add_suffix (filter, dq_export_format_suffix (format));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  name = dq_activity_export_file_name (self->store, self->activity_id, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Overrides */

static gboolean
dq_export_dialog_close_request (GtkWindow *window)
{
  DqExportDialog *self = DQ_EXPORT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (dq_export_dialog_parent_class)->close_request (window);
}

static void
dq_export_dialog_dispose (GObject *object)
{
  DqExportDialog *self = DQ_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_export_dialog_parent_class)->dispose (object);
}

static void
dq_export_dialog_finalize (GObject *object)
{
  DqExportDialog *self = DQ_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->activity_id, g_free);

  G_OBJECT_CLASS (dq_export_dialog_parent_class)->finalize (object);
}

static void
dq_export_dialog_class_init (DqExportDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dq_export_dialog_dispose;
  object_class->finalize = dq_export_dialog_finalize;
  window_class->close_request = dq_export_dialog_close_request;

  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DqExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DqExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, DqExportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DqExportDialog, xlsx_check);
  gtk_widget_class_bind_template_child (widget_class, DqExportDialog, csv_check);
  gtk_widget_class_bind_template_child (widget_class, DqExportDialog, phone_switch);
  gtk_widget_class_bind_template_child (widget_class, DqExportDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, phone_switch_active_cb);

  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dq_export_dialog_init (DqExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/* Public API */

GtkWidget *
dq_export_dialog_new (GtkWindow  *parent,
                      DqStore    *store,
                      const char *activity_id)
{
  DqExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (activity_id != NULL, NULL);

  self = g_object_new (DQ_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->activity_id = g_strdup (activity_id);
  load_summary (self);
  return GTK_WIDGET (self);
}

DqExportFormat
dq_export_dialog_get_format (DqExportDialog *self)
{
  g_return_val_if_fail (DQ_IS_EXPORT_DIALOG (self), DQ_EXPORT_XLSX);

  return gtk_check_button_get_active (self->csv_check) ? DQ_EXPORT_CSV : DQ_EXPORT_XLSX;
}

gboolean
dq_export_dialog_get_unmask (DqExportDialog *self)
{
  g_return_val_if_fail (DQ_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->phone_switch);
}

void
dq_export_dialog_save_to_file (DqExportDialog *self,
                               GFile          *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  SaveJob *job;

  g_return_if_fail (DQ_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->saving)
    return;
  show_error (self, NULL);
  if (!dq_activity_export (self->store, self->activity_id, dq_export_dialog_get_format (self),
                           dq_export_dialog_get_unmask (self), &bytes, &error))
    {
      g_autofree char *text = g_strdup_printf (_ ("Nothing was exported: %s"), error->message);

      show_error (self, text);
      return;
    }

  set_saving (self, TRUE);
  job = g_new0 (SaveJob, 1);
  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable, saved_cb, job);
}

void
dq_activity_export_dialog (GtkWindow  *parent,
                           DqStore    *store,
                           const char *activity_id)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (DQ_IS_STORE (store));
  g_return_if_fail (activity_id != NULL);

  gtk_window_present (GTK_WINDOW (dq_export_dialog_new (parent, store, activity_id)));
}
