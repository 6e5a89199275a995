/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cells as the command line spells them, and records as the command line
 * prints them: tables and columns by name, "COLUMN=VALUE" arguments, values
 * parsed by their column's kind, masks for personal data, records as JSON. */
#pragma once

#include "dq-record.h"
#include "dq-schema.h"

G_BEGIN_DECLS

const DqTable  *dq_cli_lookup_table (const char *name,
                                     GError    **error);
const DqColumn *dq_cli_lookup_column (const DqTable *table,
                                      const char    *name,
                                      GError       **error);

/* The translated header of the id column in CSV files. */
const char *dq_cli_id_label (void);

/* @text as a value of @column: integer kinds take a whole number, the others
 * text; "" is null. Only the type is checked here, not the format. */
gboolean dq_cli_parse_value (const DqColumn *column,
                             const char     *text,
                             DqValue        *value,
                             GError        **error);
/* "COLUMN=VALUE" of @table: its column and parsed value. */
gboolean dq_cli_parse_assignment (const DqTable   *table,
                                  const char      *arg,
                                  const DqColumn **column,
                                  DqValue         *value,
                                  GError         **error);
/* Every "COLUMN=VALUE" of @args into @record. */
gboolean dq_cli_set_cells (DqRecord    *record,
                           const char **args,
                           GError     **error);

/* The value of @column as lists and exports show it: sensitive cells masked
 * when @mask. Returns @value itself or @scratch, which then holds the mask
 * (clear it with dq_value_clear). */
const DqValue *dq_cli_shown_value (const DqColumn *column,
                                   const DqValue  *value,
                                   gboolean        mask,
                                   DqValue        *scratch);

/* {"id": …, "table": …, "<column>": value, …} in schema order, no newline. */
void dq_cli_append_record (GString        *out,
                           const DqRecord *record,
                           gboolean        mask);
/* NDJSON to stdout: dq_cli_write_json_line() is a DqCliRecordFunc taking
 * a DqCliJsonWriter; flush @out with dq_cli_flush() at the end. */
typedef struct {
  GString *out;
  gboolean mask;
} DqCliJsonWriter;

gboolean dq_cli_write_json_line (const DqRecord *record,
                                 gpointer        writer,
                                 GError        **error);
/* One record per line (NDJSON) to stdout. */
gboolean dq_cli_print_records (GPtrArray *records,
                               gboolean   mask,
                               GError   **error);

/* Replaces a "not found" error of the store by one naming @id and @table. */
void dq_cli_explain_not_found (GError       **error,
                               const DqTable *table,
                               const char    *id);

G_END_DECLS
