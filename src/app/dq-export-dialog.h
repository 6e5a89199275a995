/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqExportDialog: the registration list of an activity saved as a file:
 * XLSX or CSV, phone numbers masked unless the user turns on 显示完整手机号
 * (audited when turned on, and again by the export itself), then a file
 * chooser. Emits ::exported (GFile) once the file is written, shows a toast
 * on its parent and closes. */
#pragma once

#include <adwaita.h>

#include "dq-activity-export.h"
#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_EXPORT_DIALOG (dq_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DqExportDialog, dq_export_dialog, DQ, EXPORT_DIALOG, AdwWindow)

/* A modal dialog over @parent (may be NULL) for @activity_id. */
GtkWidget     *dq_export_dialog_new (GtkWindow  *parent,
                                     DqStore    *store,
                                     const char *activity_id);
DqExportFormat dq_export_dialog_get_format (DqExportDialog *self);
gboolean       dq_export_dialog_get_unmask (DqExportDialog *self);
/* Writes the file (what accepting the file chooser does); ::exported
 * follows, or the error is shown in the dialog. */
void dq_export_dialog_save_to_file (DqExportDialog *self,
                                    GFile          *file);

/* What the window's win.export-registrations does: presents the dialog. */
void dq_activity_export_dialog (GtkWindow  *parent,
                                DqStore    *store,
                                const char *activity_id);

G_END_DECLS
