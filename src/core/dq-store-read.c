/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqStore reads: records, queries, search, the canonical dump and the
 * history of a row. Writes and the merge live in dq-store.c. */

#define G_LOG_DOMAIN "dq-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dq-fts.h"
#include "dq-hlc.h"
#include "dq-json.h"
#include "dq-store-internal.h"

struct _DqQuery {
  const DqTable  *table;
  GPtrArray      *clauses; /* "column = ?" */
  GArray         *params;  /* DqValue */
  gboolean        include_deleted;
  const DqColumn *order;
  gboolean        descending;
  guint           offset;
  guint           limit;
};

/* Reads */

DqRecord *
dq_store_get (DqStore    *self,
              const char *table_name,
              const char *id,
              GError    **error)
{
  const DqTable   *table;
  TableStatements *ts;
  sqlite3_stmt    *stmt;
  DqRecord        *record = NULL;
  int              rc;

  g_return_val_if_fail (DQ_IS_STORE (self), NULL);

  table = dq_store_lookup_table (self, table_name, error);
  if (table == NULL || (ts = dq_store_table_statements (self, table, error)) == NULL)
    return NULL;

  stmt = ts->select;
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      record = dq_record_new (table, id);
      dq_store_read_columns (self, stmt, 3, record);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND,
                 _ ("The record no longer exists on this computer"));
  else if (rc != SQLITE_ROW)
    dq_store_sql_error (self, error);
  return record;
}

DqQuery *
dq_query_new (const char *table)
{
  DqQuery *query = g_new0 (DqQuery, 1);

  query->table = dq_schema_table (table);
  g_return_val_if_fail (query->table != NULL, (g_free (query), NULL));
  query->clauses = g_ptr_array_new_with_free_func (g_free);
  query->params = g_array_new (FALSE, TRUE, sizeof (DqValue));
  g_array_set_clear_func (query->params, (GDestroyNotify) dq_value_clear);
  return query;
}

void
dq_query_free (DqQuery *query)
{
  if (query == NULL)
    return;
  g_ptr_array_unref (query->clauses);
  g_array_unref (query->params);
  g_free (query);
}

static void
query_where (DqQuery       *query,
             const char    *column,
             const DqValue *value)
{
  const DqColumn *c = dq_table_column (query->table, column);
  DqValue         copy;

  g_return_if_fail (c != NULL);

  if (value->kind == DQ_VALUE_NULL)
    {
      g_ptr_array_add (query->clauses, g_strdup_printf ("%s IS NULL", c->name));
      return;
    }
  g_ptr_array_add (query->clauses, g_strdup_printf ("%s = ?", c->name));
  dq_value_copy (value, &copy);
  g_array_append_val (query->params, copy);
}

void
dq_query_where_text (DqQuery    *query,
                     const char *column,
                     const char *text)
{
  DqValue v = { .kind = text ? DQ_VALUE_TEXT : DQ_VALUE_NULL, .s = (char *) text };

  query_where (query, column, &v);
}

void
dq_query_where_int (DqQuery    *query,
                    const char *column,
                    gint64      value)
{
  DqValue v = { .kind = DQ_VALUE_INT, .i = value };

  query_where (query, column, &v);
}

void
dq_query_where_null (DqQuery    *query,
                     const char *column)
{
  DqValue v = { .kind = DQ_VALUE_NULL };

  query_where (query, column, &v);
}

void
dq_query_include_deleted (DqQuery *query,
                          gboolean include)
{
  query->include_deleted = include;
}

void
dq_query_order_by (DqQuery    *query,
                   const char *column,
                   gboolean    descending)
{
  query->order = dq_table_column (query->table, column);
  g_return_if_fail (query->order != NULL);
  query->descending = descending;
}

void
dq_query_set_range (DqQuery *query,
                    guint    offset,
                    guint    limit)
{
  query->offset = offset;
  query->limit = limit;
}

static sqlite3_stmt *
query_statement (DqStore    *self,
                 DqQuery    *query,
                 const char *select,
                 gboolean    paged,
                 GError    **error)
{
  g_autoptr (GString) sql = g_string_new (select);
  sqlite3_stmt *stmt;
  guint         n_where = 0;

  g_string_append_printf (sql, " FROM %s", query->table->name);
  if (!query->include_deleted)
    {
      g_string_append (sql, " WHERE deleted = 0");
      n_where++;
    }
  for (guint i = 0; i < query->clauses->len; i++)
    g_string_append_printf (sql, " %s %s", n_where++ ? "AND" : "WHERE",
                            (const char *) g_ptr_array_index (query->clauses, i));
  if (paged)
    {
      if (query->order)
        g_string_append_printf (sql, " ORDER BY %s %s, id", query->order->name,
                                query->descending ? "DESC" : "ASC");
      else
        g_string_append (sql, " ORDER BY _rid");
      if (query->limit || query->offset)
        g_string_append_printf (sql, " LIMIT %d OFFSET %u",
                                query->limit ? (int) query->limit : -1, query->offset);
    }

  stmt = dq_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < query->params->len; i++)
    dq_store_bind_value (stmt, (int) i + 1, &g_array_index (query->params, DqValue, i));
  return stmt;
}

static GPtrArray *
collect_records (DqStore       *self,
                 const DqTable *table,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_record_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DqRecord *record = dq_record_new (table, (const char *) sqlite3_column_text (stmt, 0));

      dq_store_read_columns (self, stmt, 1, record);
      g_ptr_array_add (out, record);
    }
  if (rc != SQLITE_DONE)
    {
      dq_store_sql_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

GPtrArray *
dq_store_list (DqStore *self,
               DqQuery *query,
               GError **error)
{
  g_autofree char *select = NULL;
  TableStatements *ts;
  sqlite3_stmt    *stmt;
  GPtrArray       *out;

  g_return_val_if_fail (DQ_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (dq_store_lookup_table (self, query->table->name, error) == NULL ||
      (ts = dq_store_table_statements (self, query->table, error)) == NULL)
    return NULL;

  select = g_strdup_printf ("SELECT id, %s", ts->columns_sql);
  stmt = query_statement (self, query, select, TRUE, error);
  if (stmt == NULL)
    return NULL;
  out = collect_records (self, query->table, stmt, error);
  sqlite3_finalize (stmt);
  return out;
}

gint64
dq_store_count (DqStore *self,
                DqQuery *query,
                GError **error)
{
  sqlite3_stmt *stmt;
  gint64        n = -1;

  g_return_val_if_fail (DQ_IS_STORE (self), -1);

  if (dq_store_lookup_table (self, query->table->name, error) == NULL)
    return -1;
  stmt = query_statement (self, query, "SELECT count(*)", FALSE, error);
  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    dq_store_sql_error (self, error);
  sqlite3_finalize (stmt);
  return n;
}

/* The upper bound of a prefix range: the prefix with its last byte raised. */
static char *
prefix_end (const char *prefix)
{
  char *end = g_strdup (prefix);
  gsize n = strlen (end);

  end[n - 1]++;
  return end;
}

GPtrArray *
dq_store_search (DqStore    *self,
                 const char *table_name,
                 const char *text,
                 guint       limit,
                 GError    **error)
{
  const DqTable   *table;
  TableStatements *ts;
  g_autofree char *match = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *end = NULL;
  g_autoptr (GString) sql = NULL;
  sqlite3_stmt *stmt;
  GPtrArray    *out;

  g_return_val_if_fail (DQ_IS_STORE (self), NULL);

  table = dq_store_lookup_table (self, table_name, error);
  if (table == NULL || (ts = dq_store_table_statements (self, table, error)) == NULL)
    return NULL;
  if (!dq_table_has_search (table))
    {
      g_set_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_UNKNOWN_TABLE,
                   _ ("“%s” cannot be searched"), dq_table_label (table));
      return NULL;
    }

  match = dq_fts_match (text ? text : "", NULL, &prefix);
  sql = g_string_new ("SELECT t.id");
  for (guint i = 0; i < table->n_columns; i++)
    if (dq_store_column_present (self, &table->columns[i]))
      g_string_append_printf (sql, ", t.%s", table->columns[i].name);

  if (match != NULL)
    {
      g_string_append_printf (sql, " FROM %1$s__fts f JOIN %1$s t ON t._rid = f.rowid "
                                   "WHERE %1$s__fts MATCH ?1 AND t.deleted = 0",
                              table->name);
    }
  else if (prefix != NULL)
    {
      /* One or two letters or digits: the start of a phone or ID number. */
      gboolean first = TRUE;

      end = prefix_end (prefix);
      g_string_append_printf (sql, " FROM %s t WHERE t.deleted = 0 AND (", table->name);
      for (guint i = 0; i < table->n_columns; i++)
        {
          const DqColumn *c = &table->columns[i];

          if ((c->flags & DQ_COL_FLAG_SEARCH) && (c->flags & DQ_COL_FLAG_INDEXED) &&
              dq_store_column_present (self, c))
            {
              g_string_append_printf (sql, "%1$s(t.%2$s >= ?1 AND t.%2$s < ?2)",
                                      first ? "" : " OR ", c->name);
              first = FALSE;
            }
        }
      if (first)
        g_string_append (sql, "0");
      g_string_append (sql, ")");
    }
  else
    return g_ptr_array_new_with_free_func ((GDestroyNotify) dq_record_free);

  if (limit > 0)
    g_string_append_printf (sql, " LIMIT %u", limit);

  stmt = dq_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  else
    {
      sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, end, -1, SQLITE_STATIC);
    }
  out = collect_records (self, table, stmt, error);
  sqlite3_finalize (stmt);
  return out;
}

/* Dump */

static int
compare_table_names (gconstpointer a,
                     gconstpointer b)
{
  const DqTable *ta = *(const DqTable *const *) a;
  const DqTable *tb = *(const DqTable *const *) b;

  return strcmp (ta->name, tb->name);
}

static int
compare_columns_by_name (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data)
{
  const DqTable *table = user_data;

  return strcmp (table->columns[*(const guint *) a].name,
                 table->columns[*(const guint *) b].name);
}

static void
dump_row (DqStore       *self,
          const DqTable *table,
          const guint   *order,
          guint          n_order,
          sqlite3_stmt  *stmt,
          DqDumpFlags    flags,
          GString       *out)
{
  g_autoptr (DqRecord) row = dq_record_new (table, (const char *) sqlite3_column_text (stmt, 0));
  DqStamps stamps;

  dq_store_read_columns (self, stmt, 2, row);

  g_string_append (out, "{\"id\":");
  dq_json_append_string (out, row->id);
  if (flags & DQ_DUMP_STAMPS)
    {
      gboolean first = TRUE;

      dq_stamps_decode (&stamps, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      g_string_append (out, ",\"stamps\":{");
      for (guint k = 0; k < n_order; k++)
        {
          DqStampGroup *g = dq_stamps_find (&stamps, order[k]);
          char          hlc[17];

          if (g == NULL)
            continue;
          dq_hlc_format (g->hlc, hlc);
          g_string_append_printf (out, "%s\"%s\":\"%s %s\"", first ? "" : ",",
                                  table->columns[order[k]].name, hlc, dq_store_node_name (self, g->node));
          first = FALSE;
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, ",\"table\":");
  dq_json_append_string (out, table->name);
  g_string_append (out, ",\"values\":{");
  for (guint k = 0; k < n_order; k++)
    {
      g_string_append_printf (out, "%s\"%s\":", k ? "," : "", table->columns[order[k]].name);
      dq_json_append_value (out, &row->values[order[k]]);
    }
  g_string_append (out, "}}\n");
}

gboolean
dq_store_dump (DqStore    *self,
               GString    *out,
               DqDumpFlags flags,
               GError    **error)
{
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();

  g_return_val_if_fail (DQ_IS_STORE (self), FALSE);

  for (guint t = 0; t < n_tables; t++)
    if (dq_store_table_present (self, &tables[t]))
      g_ptr_array_add (sorted, (gpointer) &tables[t]);
  g_ptr_array_sort (sorted, compare_table_names);

  for (guint t = 0; t < sorted->len; t++)
    {
      const DqTable   *table = g_ptr_array_index (sorted, t);
      TableStatements *ts = dq_store_table_statements (self, table, error);
      guint            order[DQ_MAX_COLUMNS];
      guint            n_order = 0;
      g_autofree char *sql = NULL;
      sqlite3_stmt    *stmt;
      int              rc;

      if (ts == NULL)
        return FALSE;
      for (guint i = 0; i < table->n_columns; i++)
        if (dq_store_column_present (self, &table->columns[i]))
          order[n_order++] = i;
      g_qsort_with_data (order, n_order, sizeof (guint), compare_columns_by_name,
                         (gpointer) table);

      sql = g_strdup_printf ("SELECT id, _stamps, %s FROM %s ORDER BY id", ts->columns_sql,
                             table->name);
      stmt = dq_store_prepare (self, sql, error);
      if (stmt == NULL)
        return FALSE;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        dump_row (self, table, order, n_order, stmt, flags, out);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return dq_store_sql_error (self, error);
    }

  return TRUE;
}

/* History */

void
dq_history_entry_free (DqHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->column);
  dq_value_clear (&entry->value);
  g_free (entry->author);
  g_free (entry);
}

static int
compare_history (gconstpointer a,
                 gconstpointer b)
{
  const DqHistoryEntry *ea = *(const DqHistoryEntry *const *) a;
  const DqHistoryEntry *eb = *(const DqHistoryEntry *const *) b;

  if (ea->hlc != eb->hlc)
    return ea->hlc > eb->hlc ? -1 : 1;
  if (strcmp (ea->node, eb->node) != 0)
    return strcmp (eb->node, ea->node);
  return strcmp (ea->column, eb->column);
}

GPtrArray *
dq_store_history (DqStore    *self,
                  const char *table_name,
                  const char *id,
                  GError    **error)
{
  g_autoptr (GPtrArray) out =
      g_ptr_array_new_with_free_func ((GDestroyNotify) dq_history_entry_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const DqTable   *table;
  TableStatements *ts;
  RowState         row;
  sqlite3_stmt    *stmt;
  int              rc;

  g_return_val_if_fail (DQ_IS_STORE (self), NULL);

  table = dq_store_lookup_table (self, table_name, error);
  if (table == NULL || (ts = dq_store_table_statements (self, table, error)) == NULL)
    return NULL;

  stmt = dq_store_prepare (self, "SELECT col, hlc, node, value, author FROM dq_history "
                                 "WHERE tbl = ?1 AND row = ?2",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DqHistoryEntry *e = g_new0 (DqHistoryEntry, 1);

      e->column = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      e->hlc = (guint64) sqlite3_column_int64 (stmt, 1);
      g_strlcpy (e->node, dq_store_node_name (self, (guint32) sqlite3_column_int64 (stmt, 2)),
                 sizeof e->node);
      dq_store_read_value (stmt, 3, &e->value);
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        e->author = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_hash_table_add (seen, g_strdup_printf ("%s %" G_GUINT64_FORMAT " %s", e->column, e->hlc,
                                               e->node));
      g_ptr_array_add (out, e);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      dq_store_sql_error (self, error);
      return NULL;
    }

  /* The current values complete the picture (bootstrapped rows have only
   * these). */
  if (!dq_store_load_row (self, ts, table, id, &row, error))
    return NULL;
  for (guint i = 0; i < table->n_columns && row.exists; i++)
    {
      DqStampGroup    *g = dq_stamps_find (&row.stamps, i);
      g_autofree char *key = NULL;
      DqHistoryEntry  *e;

      if (g == NULL)
        continue;
      key = g_strdup_printf ("%s %" G_GUINT64_FORMAT " %s", table->columns[i].name, g->hlc,
                             dq_store_node_name (self, g->node));
      if (g_hash_table_contains (seen, key))
        continue;
      e = g_new0 (DqHistoryEntry, 1);
      e->column = g_strdup (table->columns[i].name);
      e->hlc = g->hlc;
      g_strlcpy (e->node, dq_store_node_name (self, g->node), sizeof e->node);
      dq_value_copy (&row.values[i], &e->value);
      g_ptr_array_add (out, e);
    }
  dq_store_row_state_clear (&row, table->n_columns);

  g_ptr_array_sort (out, compare_history);
  return g_steal_pointer (&out);
}

GPtrArray *
dq_store_select (DqStore           *self,
                 const char        *sql,
                 const char *const *params,
                 GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  GPtrArray    *rows;
  int           rc;

  g_return_val_if_fail (DQ_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      dq_store_sql_error (self, error);
      return NULL;
    }
  if (!sqlite3_stmt_readonly (stmt))
    {
      sqlite3_finalize (stmt);
      g_set_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_SQLITE, "not a read-only statement: %s", sql);
      return NULL;
    }
  for (int i = 0; params && params[i]; i++)
    sqlite3_bind_text (stmt, i + 1, params[i], -1, SQLITE_STATIC);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int    n = sqlite3_column_count (stmt);
      char **row = g_new0 (char *, n + 1);

      for (int i = 0; i < n; i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          row[i] = g_strdup (text ? text : "");
        }
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      dq_store_sql_error (self, error);
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  sqlite3_finalize (stmt);
  return rows;
}
