/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cells in and out of the command line. Every command that names a table or
 * a column, takes "COLUMN=VALUE" or prints a record goes through here, so
 * that they all spell, parse and mask values the same way. */

#define G_LOG_DOMAIN "dq-cli-values"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dq-cli.h"
#include "dq-cli-values.h"
#include "dq-import.h"
#include "dq-json.h"
#include "dq-store.h"
#include "dq-validate.h"

static char *
table_names (void)
{
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < n_tables; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "", tables[i].name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

const DqTable *
dq_cli_lookup_table (const char *name,
                     GError    **error)
{
  const DqTable   *table = dq_schema_table (name);
  g_autofree char *names = NULL;

  if (table != NULL)
    return table;

  names = table_names ();
  g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED,
               _ ("There is no table “%s”. The tables are: %s"), name, names);
  return NULL;
}

const DqColumn *
dq_cli_lookup_column (const DqTable *table,
                      const char    *name,
                      GError       **error)
{
  const DqColumn *column = dq_table_column (table, name);

  if (column == NULL)
    g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED,
                 _ ("Table “%s” has no column “%s”"), table->name, name);
  return column;
}

const char *
dq_cli_id_label (void)
{
  return dq_import_id_label ();
}

gboolean
dq_cli_parse_value (const DqColumn *column,
                    const char     *text,
                    DqValue        *value,
                    GError        **error)
{
  g_autoptr (GError) local_error = NULL;

  /* One parser for cells, shared with imports; errors in the CLI's terms. */
  if (dq_import_parse_cell (column, text, value, &local_error))
    return TRUE;
  g_set_error_literal (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED, local_error->message);
  return FALSE;
}

gboolean
dq_cli_parse_assignment (const DqTable   *table,
                         const char      *arg,
                         const DqColumn **column,
                         DqValue         *value,
                         GError         **error)
{
  const char      *eq = strchr (arg, '=');
  g_autofree char *name = NULL;
  GError          *local_error = NULL;

  if (eq == NULL || eq == arg)
    {
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                   _ ("“%s” is not of the form COLUMN=VALUE"), arg);
      return FALSE;
    }

  name = g_strndup (arg, eq - arg);
  *column = dq_cli_lookup_column (table, name, error);
  if (*column == NULL)
    return FALSE;

  if (!dq_cli_parse_value (*column, eq + 1, value, &local_error))
    {
      /* The same "field: reason" shape as the store's own messages. */
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED, _ ("%s: %s"),
                   dq_column_label (*column), local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return TRUE;
}

gboolean
dq_cli_set_cells (DqRecord    *record,
                  const char **args,
                  GError     **error)
{
  for (guint i = 0; args[i] != NULL; i++)
    {
      const DqColumn *column;
      DqValue         value = { 0 };

      if (!dq_cli_parse_assignment (record->table, args[i], &column, &value, error))
        return FALSE;
      dq_record_set_value_at (record, (guint) (column - record->table->columns), &value);
      dq_value_clear (&value);
    }
  return TRUE;
}

const DqValue *
dq_cli_shown_value (const DqColumn *column,
                    const DqValue  *value,
                    gboolean        mask,
                    DqValue        *scratch)
{
  if (!mask || !(column->flags & DQ_COL_FLAG_SENSITIVE) || value->kind != DQ_VALUE_TEXT)
    return value;

  scratch->kind = DQ_VALUE_TEXT;
  switch (column->kind)
    {
    case DQ_COL_PHONE:
    case DQ_COL_MOBILE:
      scratch->s = dq_mask_phone (value->s);
      break;
    case DQ_COL_ID_NUMBER:
      scratch->s = dq_mask_id_number (value->s);
      break;
    default:
      /* The sensitive free-text columns are home addresses. */
      scratch->s = dq_mask_address (value->s);
      break;
    }
  return scratch;
}

void
dq_cli_append_record (GString        *out,
                      const DqRecord *record,
                      gboolean        mask)
{
  const DqTable *table = record->table;

  g_string_append (out, "{\"id\":");
  dq_json_append_string (out, record->id);
  g_string_append (out, ",\"table\":");
  dq_json_append_string (out, table->name);
  for (guint i = 0; i < table->n_columns; i++)
    {
      DqValue scratch = { 0 };

      g_string_append_c (out, ',');
      dq_json_append_string (out, table->columns[i].name);
      g_string_append_c (out, ':');
      dq_json_append_value (out, dq_cli_shown_value (&table->columns[i], &record->values[i],
                                                     mask, &scratch));
      dq_value_clear (&scratch);
    }
  g_string_append_c (out, '}');
}

gboolean
dq_cli_write_json_line (const DqRecord *record,
                        gpointer        writer,
                        GError        **error)
{
  DqCliJsonWriter *self = writer;

  dq_cli_append_record (self->out, record, self->mask);
  g_string_append_c (self->out, '\n');
  return dq_cli_flush_if_full (self->out, error);
}

gboolean
dq_cli_print_records (GPtrArray *records,
                      gboolean   mask,
                      GError   **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  DqCliJsonWriter writer = { out, mask };

  for (guint i = 0; i < records->len; i++)
    if (!dq_cli_write_json_line (g_ptr_array_index (records, i), &writer, error))
      return FALSE;
  return dq_cli_flush (out, error);
}

void
dq_cli_explain_not_found (GError       **error,
                          const DqTable *table,
                          const char    *id)
{
  if (error == NULL || !g_error_matches (*error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND))
    return;
  g_clear_error (error);
  g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED,
               _ ("There is no record “%s” in table “%s”"), id, table->name);
}
