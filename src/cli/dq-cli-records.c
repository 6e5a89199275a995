/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The record commands of dangqun-cli: new, set, get, delete, list, find and
 * dump. Each is one local write or one read of the replica. */

#define G_LOG_DOMAIN "dq-cli-records"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-cli.h"
#include "dq-cli-values.h"

/* Rows that find prints at most. */
#define FIND_LIMIT 200

/* new and set: the cells of "COLUMN=VALUE…" from args[@first] on, written
 * to the row @id (NULL: a new row). */
static DqRecord *
write_cells (DqStore       *store,
             const DqTable *table,
             const char    *id,
             GStrv          args,
             guint          first,
             GError       **error)
{
  g_autoptr (DqRecord) record = dq_record_new (table, id);

  if (!dq_cli_set_cells (record, (const char **) args + first, error))
    return NULL;
  if (!dq_store_write (store, record, error))
    {
      dq_cli_explain_not_found (error, table, id);
      return NULL;
    }
  return g_steal_pointer (&record);
}

gboolean
dq_cli_new (DqCli   *cli,
            GStrv   *args,
            GError **error)
{
  DqStore       *store;
  const DqTable *table = dq_cli_open_table (cli, NULL, args, &store, error);
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (GString) out = NULL;

  if (table == NULL || (record = write_cells (store, table, NULL, *args, 2, error)) == NULL)
    return FALSE;

  out = g_string_new (record->id);
  g_string_append_c (out, '\n');
  return dq_cli_flush (out, error);
}

gboolean
dq_cli_set (DqCli   *cli,
            GStrv   *args,
            GError **error)
{
  DqStore       *store;
  const DqTable *table = dq_cli_open_table (cli, NULL, args, &store, error);
  g_autoptr (DqRecord) record = NULL;

  if (table == NULL)
    return FALSE;
  record = write_cells (store, table, (*args)[2], *args, 3, error);
  return record != NULL;
}

gboolean
dq_cli_get (DqCli   *cli,
            GStrv   *args,
            GError **error)
{
  DqStore       *store;
  const DqTable *table = dq_cli_open_table (cli, NULL, args, &store, error);
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (GString) out = NULL;

  if (table == NULL)
    return FALSE;
  record = dq_store_get (store, table->name, (*args)[2], error);
  if (record == NULL)
    {
      dq_cli_explain_not_found (error, table, (*args)[2]);
      return FALSE;
    }

  out = g_string_new (NULL);
  dq_cli_append_record (out, record, FALSE);
  g_string_append_c (out, '\n');
  return dq_cli_flush (out, error);
}

gboolean
dq_cli_delete (DqCli   *cli,
               GStrv   *args,
               GError **error)
{
  DqStore       *store;
  const DqTable *table = dq_cli_open_table (cli, NULL, args, &store, error);

  if (table == NULL)
    return FALSE;
  if (!dq_store_delete (store, table->name, (*args)[2], error))
    {
      dq_cli_explain_not_found (error, table, (*args)[2]);
      return FALSE;
    }
  return TRUE;
}

/* --where COLUMN=VALUE, as many as given, all of them true. */
static gboolean
add_conditions (DqQuery       *query,
                const DqTable *table,
                GStrv          conditions,
                GError       **error)
{
  for (guint i = 0; conditions != NULL && conditions[i] != NULL; i++)
    {
      const DqColumn *column;
      DqValue         value = { 0 };

      if (!dq_cli_parse_assignment (table, conditions[i], &column, &value, error))
        return FALSE;
      if (value.kind == DQ_VALUE_INT)
        dq_query_where_int (query, column->name, value.i);
      else
        dq_query_where_text (query, column->name, value.kind == DQ_VALUE_TEXT ? value.s : NULL);
      /* Asking for deleted=1 asks for deleted rows. */
      if (column == &table->columns[DQ_COLUMN_DELETED])
        dq_query_include_deleted (query, TRUE);
      dq_value_clear (&value);
    }
  return TRUE;
}

gboolean
dq_cli_list (DqCli   *cli,
             GStrv   *args,
             GError **error)
{
  g_auto (GStrv) conditions = NULL;
  int                limit = 0;
  const GOptionEntry entries[] = {
    { "where", 0, 0, G_OPTION_ARG_STRING_ARRAY, &conditions, NULL, NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, NULL, NULL },
    { NULL }
  };
  DqStore       *store;
  const DqTable *table = dq_cli_open_table (cli, entries, args, &store, error);
  g_autoptr (DqQuery) query = NULL;
  g_autoptr (GString) out = NULL;
  DqCliJsonWriter writer;

  if (table == NULL)
    return FALSE;
  if (limit < 0)
    {
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                   _ ("--limit cannot be negative"));
      return FALSE;
    }

  query = dq_query_new (table->name);
  if (!add_conditions (query, table, conditions, error))
    return FALSE;

  out = g_string_new (NULL);
  writer = (DqCliJsonWriter){ out, FALSE };
  return dq_cli_foreach_record (store, query, (guint) limit, dq_cli_write_json_line, &writer,
                                error) &&
         dq_cli_flush (out, error);
}

gboolean
dq_cli_find (DqCli   *cli,
             GStrv   *args,
             GError **error)
{
  DqStore       *store;
  const DqTable *table = dq_cli_open_table (cli, NULL, args, &store, error);
  g_autoptr (GPtrArray) found = NULL;

  if (table == NULL)
    return FALSE;
  found = dq_store_search (store, table->name, (*args)[2], FIND_LIMIT, error);
  return found != NULL && dq_cli_print_records (found, FALSE, error);
}

gboolean
dq_cli_dump (DqCli   *cli,
             GStrv   *args,
             GError **error)
{
  gboolean           stamps = FALSE;
  const GOptionEntry entries[] = {
    { "stamps", 0, 0, G_OPTION_ARG_NONE, &stamps, NULL, NULL },
    { NULL }
  };
  g_autoptr (GString) out = NULL;
  DqStore *store;

  if (!dq_cli_parse_args (cli, entries, args, error) ||
      (store = dq_cli_get_store (cli, error)) == NULL)
    return FALSE;

  out = g_string_new (NULL);
  return dq_store_dump (store, out, stamps ? DQ_DUMP_STAMPS : DQ_DUMP_VALUES, error) &&
         dq_cli_flush (out, error);
}
