/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqImportDialog: records of one table from a CSV file. The file is read
 * and checked off the main thread (DqImport), previewed with every problem
 * by row and column, and written all at once or not at all. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_IMPORT_DIALOG (dq_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DqImportDialog, dq_import_dialog, DQ, IMPORT_DIALOG, AdwWindow)

/* A dialog importing into @table; emits ::imported (guint: the records
 * written) and closes once they are written. */
GtkWidget *dq_import_dialog_new (GtkWindow  *parent,
                                 DqStore    *store,
                                 const char *table);
/* Starts reading and checking @file (what "Choose File…" does); the
 * preview follows. FALSE while an import is being written. */
gboolean dq_import_dialog_load_file (DqImportDialog *self,
                                     GFile          *file,
                                     GError        **error);

G_END_DECLS
