/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRecordDialog: a modal window to create or edit one record, with a
 * DqRecordForm. Saving checks the form, then writes the changed cells with
 * dq_store_write(); a refused write is shown in the form and nothing is
 * saved. Closing with unsaved edits asks first. */
#pragma once

#include <adwaita.h>

#include "dq-record.h"
#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_RECORD_DIALOG (dq_record_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DqRecordDialog, dq_record_dialog, DQ, RECORD_DIALOG, AdwWindow)

/* A dialog for a new row of @table (@id NULL) or to edit row @id; @columns
 * NULL: every column; @defaults (may be NULL): values a new row starts
 * with. Emits ::saved (the record's id) once written, then closes. */
GtkWidget *dq_record_dialog_new (GtkWindow         *parent,
                                 DqStore           *store,
                                 const char        *table,
                                 const char        *id,
                                 const char *const *columns,
                                 const DqRecord    *defaults);

G_END_DECLS
