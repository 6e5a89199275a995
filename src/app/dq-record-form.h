/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRecordForm: the fields of one record of any table, made from the
 * schema (a row per column by its kind), checked as the user types with the
 * same rules as dq_store_write(), errors shown under the field they concern.
 * It holds what the user typed, never the record: the caller writes the
 * changes (DqRecordDialog does). */
#pragma once

#include <adwaita.h>

#include "dq-record.h"
#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_RECORD_FORM (dq_record_form_get_type ())
G_DECLARE_FINAL_TYPE (DqRecordForm, dq_record_form, DQ, RECORD_FORM, AdwBin)

/* clang-format off */
/* A form for @table; @columns NULL: every column but district and deleted.
 * Starts as a form for a new row. */
GtkWidget *dq_record_form_new          (DqStore           *store,
                                        const char        *table,
                                        const char *const *columns);
/* The record to edit (NULL: a new row). Sensitive cells start masked: an
 * empty field keeps the stored value, typing one replaces it. */
void       dq_record_form_set_record   (DqRecordForm      *self,
                                        const DqRecord    *record);
/* Values the form starts with (a new row's organization, district…);
 * cells of columns the form does not show are written as they are. */
void       dq_record_form_set_defaults (DqRecordForm      *self,
                                        const DqRecord    *defaults);
/* (transfer full) The cells to write: the id when editing and only the
 * changed cells; NULL when nothing changed. */
DqRecord  *dq_record_form_get_changes  (DqRecordForm      *self);
/* Checks every field now and shows every error (also of fields not yet
 * touched); FALSE if there is any. */
gboolean   dq_record_form_check        (DqRecordForm      *self);
/* A write error of the store: under its field when it names one, else
 * above the fields. */
void       dq_record_form_show_error   (DqRecordForm      *self,
                                        const GError      *error);
gboolean   dq_record_form_is_valid     (DqRecordForm      *self);
/* clang-format on */

G_END_DECLS
