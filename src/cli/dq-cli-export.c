/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli export: every live record of a table as CSV or NDJSON on
 * stdout. Personal data is masked unless --unmask, which is a deliberate
 * act: it is written to the audit log of the data folder first, and the
 * export does not happen if it cannot be. */

#define G_LOG_DOMAIN "dq-cli-export"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dq-audit.h"
#include "dq-cli.h"
#include "dq-cli-values.h"
#include "dq-csv.h"

typedef struct {
  GString *out;
  gboolean mask;
} CsvWriter;

/* Every exported row is live: the deleted column would only say 0. */
static gboolean
is_exported (guint column)
{
  return column != DQ_COLUMN_DELETED;
}

static void
append_header (GString       *out,
               const DqTable *table,
               gboolean       labels)
{
  dq_csv_append_field (out, labels ? dq_cli_id_label () : "id", TRUE);
  for (guint i = 0; i < table->n_columns; i++)
    if (is_exported (i))
      dq_csv_append_field (out, labels ? dq_column_label (&table->columns[i]) : table->columns[i].name,
                           FALSE);
  dq_csv_end_record (out);
}

static gboolean
write_csv_row (const DqRecord *record,
               gpointer        data,
               GError        **error)
{
  CsvWriter     *writer = data;
  const DqTable *table = record->table;

  dq_csv_append_field (writer->out, record->id, TRUE);
  for (guint i = 0; i < table->n_columns; i++)
    {
      DqValue          scratch = { 0 };
      const DqValue   *value;
      g_autofree char *number = NULL;

      if (!is_exported (i))
        continue;
      value = dq_cli_shown_value (&table->columns[i], &record->values[i], writer->mask,
                                  &scratch);
      if (value->kind == DQ_VALUE_INT)
        number = g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
      dq_csv_append_field (writer->out,
                           value->kind == DQ_VALUE_TEXT ? value->s : number, FALSE);
      dq_value_clear (&scratch);
    }
  dq_csv_end_record (writer->out);
  return dq_cli_flush_if_full (writer->out, error);
}

static gboolean
audit (DqCli         *cli,
       const char    *action,
       const DqTable *table,
       GError       **error)
{
  g_autoptr (GError) local_error = NULL;

  if (dq_audit_log (cli->data_dir, NULL, action, table->name, NULL, NULL, &local_error))
    return TRUE;
  g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED, _ ("%s; nothing was exported"), local_error->message);
  return FALSE;
}

gboolean
dq_cli_export (DqCli   *cli,
               GStrv   *args,
               GError **error)
{
  g_autofree char   *format = NULL;
  gboolean           labels = FALSE;
  gboolean           unmask = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, NULL, NULL },
    { "labels", 0, 0, G_OPTION_ARG_NONE, &labels, NULL, NULL },
    { "unmask", 0, 0, G_OPTION_ARG_NONE, &unmask, NULL, NULL },
    { NULL }
  };
  DqStore       *store;
  const DqTable *table = dq_cli_open_table (cli, entries, args, &store, error);
  g_autoptr (DqQuery) query = NULL;
  g_autoptr (GString) out = NULL;
  gboolean csv;
  gboolean ok;

  if (table == NULL)
    return FALSE;
  csv = format == NULL || strcmp (format, "csv") == 0;
  if (!csv && strcmp (format, "ndjson") != 0)
    {
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                   _ ("Unknown format “%s”: use csv or ndjson"), format);
      return FALSE;
    }

  if (unmask)
    {
      g_autofree char *path = dq_cli_data_path (cli, "audit.log");
      g_autofree char *warning = NULL;

      if (!audit (cli, "export-unmasked", table, error))
        return FALSE;
      warning = g_strdup_printf (_ ("warning: this export shows ID numbers, phone numbers and "
                                    "home addresses in full; it was recorded in %s"),
                                 path);
      dq_cli_warn (warning);
    }

  query = dq_query_new (table->name);
  out = g_string_new (NULL);
  if (csv)
    {
      CsvWriter writer = { out, !unmask };

      append_header (out, table, labels);
      ok = dq_cli_foreach_record (store, query, 0, write_csv_row, &writer, error);
    }
  else
    {
      DqCliJsonWriter writer = { out, !unmask };

      ok = dq_cli_foreach_record (store, query, 0, dq_cli_write_json_line, &writer, error);
    }
  return ok && dq_cli_flush (out, error);
}
