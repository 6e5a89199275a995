/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRow: one row of a DqRowModel — a record read from the replica, plus the
 * display names of the rows its reference columns point at. A model that
 * recycles its rows (dq_row_model_set_recycle()) may give a DqRow another
 * record in place and then emits ::changed on it; otherwise a changed row is
 * a new DqRow after the model reloads. */
#pragma once

#include <glib-object.h>

#include "dq-record.h"
#include "dq-schema.h"

G_BEGIN_DECLS

#define DQ_TYPE_ROW (dq_row_get_type ())
G_DECLARE_FINAL_TYPE (DqRow, dq_row, DQ, ROW, GObject)

/* Takes @record; @refs maps column name → display name (may be NULL). */
DqRow          *dq_row_new (DqRecord   *record,
                            GHashTable *refs);
const char     *dq_row_get_id (DqRow *self);
const DqTable  *dq_row_get_table (DqRow *self);
const DqRecord *dq_row_get_record (DqRow *self);
/* The stored text of @column, or NULL (null, unset or an integer). */
const char *dq_row_get_text (DqRow      *self,
                             const char *column);
gint64      dq_row_get_int (DqRow      *self,
                            const char *column,
                            gint64      fallback);
/* @column as a person reads it (dq_format_value()); "" when empty. */
char *dq_row_format (DqRow      *self,
                     const char *column,
                     gboolean    mask);
/* The display name of the row a reference column points at, or NULL. */
const char *dq_row_get_ref_name (DqRow      *self,
                                 const char *column);
/* The row's place in the replica file (its SQLite rowid): lists order ties
 * by it. Set by DqRowModel. */
gint64 dq_row_get_rid (DqRow *self);
void   dq_row_set_rid (DqRow *self,
                       gint64 rid);
/* For DqRowModel: @self takes the record of @from (which gets @self's),
 * then emits ::changed. */
void dq_row_take_contents (DqRow *self,
                           DqRow *from);

G_END_DECLS
