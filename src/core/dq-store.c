/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqStore: a replica of the records in SQLite.
 *
 * Each entity has a typed table (dq-schema.c) whose rows carry two hidden
 * cells: _stamps, the (hlc, node) of every cell grouped by stamp
 * (dq-stamps.c), and _lver, the local version at which the row last changed.
 * Local writes and merged remote changes go through one function,
 * merge_row(), so the last-writer-wins rule lives in one place. The local
 * version grows by one for every row changed, which gives changes_since() a
 * total order to page through without ever skipping a change. */

#define G_LOG_DOMAIN "dq-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "dq-codes.h"
#include "dq-fts.h"
#include "dq-hlc.h"
#include "dq-json.h"
#include "dq-schema.h"
#include "dq-stamps.h"
#include "dq-store-internal.h"
#include "dq-store-private.h"
#include "dq-store.h"
#include "dq-validate.h"

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DqStore, dq_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (dq_store_error, dq_store_error)

#define META_NODE    "dq.node"
#define META_VERSION "dq.version"
#define META_CLOCK   "dq.clock"

static const char meta_ddl[] =
    "CREATE TABLE IF NOT EXISTS dq_meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS dq_node (idx INTEGER PRIMARY KEY, node TEXT NOT NULL UNIQUE);\n"
    /* Values a cell held before it was overwritten here, and values written
     * here or merged into rows this replica already had: what it knows of a
     * cell's past. A fresh replica's bootstrap adds nothing. */
    "CREATE TABLE IF NOT EXISTS dq_history (\n"
    "  tbl TEXT NOT NULL, row TEXT NOT NULL, col TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL, node INTEGER NOT NULL, value, author TEXT,\n"
    "  PRIMARY KEY (tbl, row, col, hlc, node)) WITHOUT ROWID;\n"
    /* Rows that moved to another district (组织关系转接), at the local
     * version of the move: readers scoped to the old district learn of it. */
    "CREATE TABLE IF NOT EXISTS dq_departure (\n"
    "  lver INTEGER PRIMARY KEY, tbl TEXT NOT NULL, row TEXT NOT NULL,\n"
    "  old_district TEXT NOT NULL, new_district TEXT NOT NULL);\n";

/* Helpers */

gboolean
dq_store_sql_error (DqStore *self,
                    GError **error)
{
  g_set_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_SQLITE,
               _ ("The local database failed: %s"), sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec (DqStore    *self,
      const char *sql,
      GError    **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return dq_store_sql_error (self, error);
  return TRUE;
}

sqlite3_stmt *
dq_store_prepare (DqStore    *self,
                  const char *sql,
                  GError    **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      dq_store_sql_error (self, error);
      return NULL;
    }
  return stmt;
}

void
dq_store_bind_value (sqlite3_stmt  *stmt,
                     int            i,
                     const DqValue *value)
{
  switch (value->kind)
    {
    case DQ_VALUE_TEXT:
      sqlite3_bind_text (stmt, i, value->s, -1, SQLITE_STATIC);
      break;
    case DQ_VALUE_INT:
      sqlite3_bind_int64 (stmt, i, value->i);
      break;
    case DQ_VALUE_UNSET:
    case DQ_VALUE_NULL:
    default:
      sqlite3_bind_null (stmt, i);
      break;
    }
}

void
dq_store_read_value (sqlite3_stmt *stmt,
                     int           i,
                     DqValue      *value)
{
  dq_value_clear (value);
  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_INTEGER:
      value->kind = DQ_VALUE_INT;
      value->i = sqlite3_column_int64 (stmt, i);
      break;
    case SQLITE_NULL:
      value->kind = DQ_VALUE_NULL;
      break;
    default:
      value->kind = DQ_VALUE_TEXT;
      value->s = g_strdup ((const char *) sqlite3_column_text (stmt, i));
      break;
    }
}

/* Reads the present columns of a row, starting at result column @first. */
void
dq_store_read_columns (DqStore      *self,
                       sqlite3_stmt *stmt,
                       int           first,
                       DqRecord     *record)
{
  const DqTable *table = record->table;
  int            j = first;

  for (guint i = 0; i < table->n_columns; i++)
    {
      if (!dq_store_column_present (self, &table->columns[i]))
        continue;
      dq_store_read_value (stmt, j++, &record->values[i]);
    }
}

static void
append_column_list (DqStore       *self,
                    GString       *sql,
                    const DqTable *table,
                    const char    *prefix)
{
  gboolean first = TRUE;

  for (guint i = 0; i < table->n_columns; i++)
    {
      if (!dq_store_column_present (self, &table->columns[i]))
        continue;
      g_string_append_printf (sql, "%s%s%s", first ? "" : ", ", prefix, table->columns[i].name);
      first = FALSE;
    }
}

TableStatements *
dq_store_table_statements (DqStore       *self,
                           const DqTable *table,
                           GError       **error)
{
  TableStatements *ts = &self->stmts[table->index];
  g_autoptr (GString) sql = NULL;
  guint n = 0;

  if (ts->select != NULL)
    return ts;

  sql = g_string_new (NULL);
  append_column_list (self, sql, table, "");
  ts->columns_sql = g_strdup (sql->str);

  for (guint i = 0; i < table->n_columns; i++)
    if (dq_store_column_present (self, &table->columns[i]))
      n++;

  g_string_printf (sql, "SELECT _rid, _stamps, _lver, %s FROM %s WHERE id = ?",
                   ts->columns_sql, table->name);
  ts->select = dq_store_prepare (self, sql->str, error);

  g_string_printf (sql, "INSERT INTO %s (id, %s, _stamps, _lver) VALUES (?", table->name,
                   ts->columns_sql);
  for (guint i = 0; i < n + 2; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");
  ts->insert = dq_store_prepare (self, sql->str, error);

  g_string_printf (sql, "UPDATE %s SET ", table->name);
  for (guint i = 0; i < table->n_columns; i++)
    if (dq_store_column_present (self, &table->columns[i]))
      g_string_append_printf (sql, "%s = ?, ", table->columns[i].name);
  g_string_append (sql, "_stamps = ?, _lver = ? WHERE _rid = ?");
  ts->update = dq_store_prepare (self, sql->str, error);

  g_string_printf (sql, "SELECT _rid, id, _stamps, _lver, %s FROM %s WHERE _lver > ? "
                        "ORDER BY _lver",
                   ts->columns_sql, table->name);
  ts->since = dq_store_prepare (self, sql->str, error);

  for (guint i = 0; i < table->n_columns; i++)
    if ((table->columns[i].flags & DQ_COL_FLAG_SEARCH) &&
        dq_store_column_present (self, &table->columns[i]))
      ts->search_mask |= G_GUINT64_CONSTANT (1) << i;

  if (ts->search_mask != 0)
    {
      g_autofree char *cols = dq_table_search_columns (table, self->schema_version);
      g_autoptr (GString) marks = g_string_new ("?");

      for (guint i = 0; i < table->n_columns; i++)
        if (ts->search_mask & (G_GUINT64_CONSTANT (1) << i))
          g_string_append (marks, ", ?");
      g_string_printf (sql, "INSERT INTO %s__fts (rowid, %s) VALUES (%s)", table->name, cols,
                       marks->str);
      ts->fts_insert = dq_store_prepare (self, sql->str, error);
      g_string_printf (sql, "INSERT INTO %1$s__fts (%1$s__fts, rowid, %2$s) VALUES ('delete', %3$s)",
                       table->name, cols, marks->str);
      ts->fts_delete = dq_store_prepare (self, sql->str, error);
    }

  if (ts->select == NULL || ts->insert == NULL || ts->update == NULL || ts->since == NULL ||
      (ts->search_mask != 0 && (ts->fts_insert == NULL || ts->fts_delete == NULL)))
    {
      g_clear_pointer (&ts->fts_insert, sqlite3_finalize);
      g_clear_pointer (&ts->fts_delete, sqlite3_finalize);
      g_clear_pointer (&ts->select, sqlite3_finalize);
      g_clear_pointer (&ts->insert, sqlite3_finalize);
      g_clear_pointer (&ts->update, sqlite3_finalize);
      g_clear_pointer (&ts->since, sqlite3_finalize);
      g_clear_pointer (&ts->columns_sql, g_free);
      return NULL;
    }

  return ts;
}

const DqTable *
dq_store_lookup_table (DqStore    *self,
                       const char *name,
                       GError    **error)
{
  const DqTable *table = dq_schema_table (name);

  if (table == NULL || !dq_store_table_present (self, table))
    {
      g_set_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_UNKNOWN_TABLE,
                   _ ("There is no table “%s”"), name ? name : "");
      return NULL;
    }
  return table;
}

/* Node ids are stored once and referred to by a small index. Another
 * connection to the same replica (the sync engine's) may add nodes: the
 * table, not this cache, assigns indexes. */
static gboolean
load_nodes (DqStore *self,
            GError **error)
{
  sqlite3_stmt *stmt = self->node_load;
  int           rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, self->node_names->len);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint idx = (guint) sqlite3_column_int64 (stmt, 0);
      char *node = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

      /* Indexes are dense: the table assigns them in order from 1. */
      while (self->node_names->len < idx)
        g_ptr_array_add (self->node_names, NULL);
      g_ptr_array_add (self->node_names, node);
      g_hash_table_insert (self->node_by_name, node, GUINT_TO_POINTER (idx + 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  return TRUE;
}

static gboolean
intern_node (DqStore    *self,
             const char *node,
             guint32    *out,
             GError    **error)
{
  gpointer found = g_hash_table_lookup (self->node_by_name, node);
  int      rc;

  if (found == NULL)
    {
      sqlite3_reset (self->node_insert);
      sqlite3_bind_text (self->node_insert, 1, node, -1, SQLITE_STATIC);
      rc = sqlite3_step (self->node_insert);
      sqlite3_reset (self->node_insert);
      if (rc != SQLITE_DONE || !load_nodes (self, error))
        return rc != SQLITE_DONE ? dq_store_sql_error (self, error) : FALSE;
      found = g_hash_table_lookup (self->node_by_name, node);
      g_assert (found != NULL);
    }

  *out = GPOINTER_TO_UINT (found) - 1;
  return TRUE;
}

const char *
dq_store_node_name (DqStore *self,
                    guint32  index)
{
  if (index >= self->node_names->len || g_ptr_array_index (self->node_names, index) == NULL)
    load_nodes (self, NULL);
  if (index >= self->node_names->len || g_ptr_array_index (self->node_names, index) == NULL)
    return "";
  return g_ptr_array_index (self->node_names, index);
}

/* The merge rule: hlc first, then node as strings. */
static int
compare_stamp (DqStore    *self,
               guint64     hlc_a,
               const char *node_a,
               guint64     hlc_b,
               guint32     node_b)
{
  if (hlc_a != hlc_b)
    return hlc_a < hlc_b ? -1 : 1;
  return strcmp (node_a, dq_store_node_name (self, node_b));
}

static gboolean
meta_write (DqStore    *self,
            const char *key,
            const char *value,
            GError    **error)
{
  sqlite3_stmt *stmt = value ? self->meta_set : self->meta_del;
  int           rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  return TRUE;
}

static char *
meta_read (DqStore    *self,
           const char *key)
{
  char *value = NULL;

  sqlite3_reset (self->meta_get);
  sqlite3_bind_text (self->meta_get, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (self->meta_get) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (self->meta_get, 0));
  sqlite3_reset (self->meta_get);
  return value;
}

static gboolean
begin (DqStore *self,
       GError **error)
{
  g_autofree char *version = NULL;
  g_autofree char *clock = NULL;

  g_assert (!self->in_transaction);
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  self->dirty_tables = 0;
  g_hash_table_remove_all (self->fresh_rows);

  /* Another connection to this replica (the sync engine's thread) may have
   * written since: continue its counter and its clock, under the lock. */
  version = meta_read (self, META_VERSION);
  if (version != NULL)
    self->version = g_ascii_strtoull (version, NULL, 10);
  clock = meta_read (self, META_CLOCK);
  if (clock != NULL)
    dq_hlc_restore (self->clock, g_ascii_strtoull (clock, NULL, 10));
  return TRUE;
}

static void
emit_changed (DqStore *self,
              guint64  tables_mask)
{
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);

  for (guint i = 0; i < n_tables; i++)
    if (tables_mask & (G_GUINT64_CONSTANT (1) << i))
      g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (tables[i].name),
                     tables[i].name);
}

/* Saves the counters with the data they describe, then commits. */
static gboolean
commit (DqStore *self,
        GError **error)
{
  char    buf[32];
  guint64 dirty = self->dirty_tables;

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, self->version);
  if (!meta_write (self, META_VERSION, buf, error))
    return FALSE;
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, dq_hlc_last (self->clock));
  if (!meta_write (self, META_CLOCK, buf, error))
    return FALSE;
  if (!exec (self, "COMMIT", error))
    return FALSE;

  self->in_transaction = FALSE;
  self->dirty_tables = 0;
  emit_changed (self, dirty);
  return TRUE;
}

static void
rollback (DqStore *self)
{
  g_autofree char *version = NULL;

  if (!self->in_transaction)
    return;

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
  self->dirty_tables = 0;

  /* The counter may have moved inside the transaction: take it back. */
  version = meta_read (self, META_VERSION);
  self->version = version ? g_ascii_strtoull (version, NULL, 10) : 0;
}

void
dq_store_row_state_clear (RowState *row,
                          guint     n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    dq_value_clear (&row->values[i]);
}

gboolean
dq_store_load_row (DqStore         *self,
                   TableStatements *ts,
                   const DqTable   *table,
                   const char      *id,
                   RowState        *row,
                   GError         **error)
{
  sqlite3_stmt *stmt = ts->select;
  int           rc;

  memset (row, 0, sizeof *row);
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      int j = 3;

      row->exists = TRUE;
      row->rid = sqlite3_column_int64 (stmt, 0);
      if (!dq_stamps_decode (&row->stamps, sqlite3_column_blob (stmt, 1),
                             sqlite3_column_bytes (stmt, 1)))
        g_warning ("Damaged stamps on %s %s", table->name, id);
      for (guint i = 0; i < table->n_columns; i++)
        {
          if (dq_store_column_present (self, &table->columns[i]))
            dq_store_read_value (stmt, j++, &row->values[i]);
          else
            row->values[i].kind = DQ_VALUE_NULL;
        }
    }
  else if (rc == SQLITE_DONE)
    {
      for (guint i = 0; i < table->n_columns; i++)
        row->values[i].kind = DQ_VALUE_NULL;
      row->values[DQ_COLUMN_DELETED].kind = DQ_VALUE_INT;
      row->values[DQ_COLUMN_DELETED].i = 0;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  return TRUE;
}

static gboolean
write_history (DqStore       *self,
               const DqTable *table,
               const char    *id,
               guint          column,
               const DqValue *value,
               guint64        hlc,
               guint32        node,
               const char    *author,
               GError       **error)
{
  sqlite3_stmt *stmt = self->history_insert;
  int           rc;

  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, table->columns[column].name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) hlc);
  sqlite3_bind_int64 (stmt, 5, node);
  dq_store_bind_value (stmt, 6, value);
  if (author)
    sqlite3_bind_text (stmt, 7, author, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 7);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  return TRUE;
}

/* Rows created in the open transaction, by table and rowid. */
static inline gint64
fresh_key (const DqTable *table,
           sqlite3_int64  rid)
{
  return (gint64) rid * 64 + table->index;
}

static gboolean
store_row (DqStore         *self,
           TableStatements *ts,
           const DqTable   *table,
           const char      *id,
           RowState        *row,
           GError         **error)
{
  guint8        blob[DQ_STAMPS_MAX_BYTES];
  gsize         blob_len = dq_stamps_encode (&row->stamps, blob);
  sqlite3_stmt *stmt = row->exists ? ts->update : ts->insert;
  int           j = 1;
  int           rc;

  sqlite3_reset (stmt);
  if (!row->exists)
    sqlite3_bind_text (stmt, j++, id, -1, SQLITE_STATIC);
  for (guint i = 0; i < table->n_columns; i++)
    if (dq_store_column_present (self, &table->columns[i]))
      dq_store_bind_value (stmt, j++, &row->values[i]);
  sqlite3_bind_blob (stmt, j++, blob, (int) blob_len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, j++, (sqlite3_int64) dq_stamps_max_lver (&row->stamps));
  if (row->exists)
    sqlite3_bind_int64 (stmt, j++, row->rid);

  rc = sqlite3_step (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  if (!row->exists)
    {
      gint64 *key = g_new (gint64, 1);

      row->rid = sqlite3_last_insert_rowid (self->db);
      *key = fresh_key (table, row->rid);
      g_hash_table_add (self->fresh_rows, key);
    }

  self->dirty_tables |= G_GUINT64_CONSTANT (1) << table->index;
  return TRUE;
}

static gboolean
record_departure (DqStore       *self,
                  const DqTable *table,
                  const char    *id,
                  const char    *old_district,
                  const char    *new_district,
                  guint64        lver,
                  GError       **error)
{
  sqlite3_stmt *stmt = self->departure_insert;
  int           rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) lver);
  sqlite3_bind_text (stmt, 2, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, old_district, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, new_district, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  return TRUE;
}

/* Adds @row's searchable text to the table's full-text index, or with
 * @remove takes it out (FTS5 needs the exact text it indexed). */
gboolean
dq_store_index_row (DqStore         *self,
                    TableStatements *ts,
                    const DqTable   *table,
                    RowState        *row,
                    gboolean         remove,
                    GError         **error)
{
  sqlite3_stmt *stmt = remove ? ts->fts_delete : ts->fts_insert;
  int           j = 1;
  int           rc;

  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, j++, row->rid);
  for (guint i = 0; i < table->n_columns; i++)
    if (ts->search_mask & (G_GUINT64_CONSTANT (1) << i))
      dq_store_bind_value (stmt, j++, &row->values[i]);
  rc = sqlite3_step (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  return TRUE;
}

/* Merges one change into @row (loaded) and stores it if any cell won.
 * Returns the number of cells won, or -1 on error. */
static int
merge_row (DqStore         *self,
           TableStatements *ts,
           const DqTable   *table,
           const char      *id,
           RowState        *row,
           const DqValue   *values,
           guint64          hlc,
           const char      *node,
           guint32          flags,
           const char      *author,
           guint64         *won_out,
           GError         **error)
{
  guint64  won = 0;
  guint32  node_index;
  int      n_won = 0;
  gboolean reindex = FALSE;
  guint64  lver;
  gint64   key;
  gboolean fresh;

  for (guint i = 0; i < table->n_columns; i++)
    {
      DqStampGroup *g;

      if (values[i].kind == DQ_VALUE_UNSET || !dq_store_column_present (self, &table->columns[i]))
        continue;
      g = dq_stamps_find (&row->stamps, i);
      if (g == NULL || compare_stamp (self, hlc, node, g->hlc, g->node) > 0)
        {
          won |= G_GUINT64_CONSTANT (1) << i;
          n_won++;
        }
    }

  *won_out = won;
  if (won == 0)
    return 0;

  if (!intern_node (self, node, &node_index, error))
    return -1;

  /* The search index forgets the old text before the row changes. */
  for (guint i = 0; i < table->n_columns && row->exists && !reindex; i++)
    if ((won & ts->search_mask & (G_GUINT64_CONSTANT (1) << i)) &&
        !dq_value_equal (&row->values[i], &values[i]))
      reindex = TRUE;
  if (reindex && !dq_store_index_row (self, ts, table, row, TRUE, error))
    return -1;

  lver = ++self->version;
  /* A row that arrived earlier in this same batch (its later cells in a
   * second change) has no past here yet: a bootstrap writes no history. */
  key = fresh_key (table, row->rid);
  fresh = row->exists && g_hash_table_contains (self->fresh_rows, &key);

  /* A row moving to another district leaves a note for the readers of the
   * district it left. */
  if (row->exists && (won & (G_GUINT64_CONSTANT (1) << DQ_COLUMN_DISTRICT)) &&
      !dq_value_equal (&row->values[DQ_COLUMN_DISTRICT], &values[DQ_COLUMN_DISTRICT]) &&
      !record_departure (self, table, id, row->values[DQ_COLUMN_DISTRICT].s,
                         values[DQ_COLUMN_DISTRICT].s, lver, error))
    return -1;

  for (guint i = 0; i < table->n_columns; i++)
    {
      if (!(won & (G_GUINT64_CONSTANT (1) << i)))
        continue;

      /* Keep what this replica knew: the value being replaced, and the new
       * one with who wrote it. A row first seen now has no past here. */
      if (row->exists && !self->no_history && !fresh)
        {
          DqStampGroup *g = dq_stamps_find (&row->stamps, i);

          if (g != NULL &&
              !write_history (self, table, id, i, &row->values[i], g->hlc, g->node, NULL, error))
            return -1;
          if (!write_history (self, table, id, i, &values[i], hlc, node_index, author, error))
            return -1;
        }

      dq_value_clear (&row->values[i]);
      dq_value_copy (&values[i], &row->values[i]);
    }

  dq_stamps_assign (&row->stamps, won, hlc, node_index, lver, flags);

  if (!store_row (self, ts, table, id, row, error))
    return -1;
  if ((!row->exists || reindex) && ts->search_mask != 0 &&
      !dq_store_index_row (self, ts, table, row, FALSE, error))
    return -1;

  return n_won;
}

/* GObject */

static void
dq_store_finalize (GObject *object)
{
  DqStore *self = DQ_STORE (object);
  guint    n_tables;

  dq_schema_tables (&n_tables);
  for (guint i = 0; i < n_tables && self->stmts; i++)
    {
      g_clear_pointer (&self->stmts[i].select, sqlite3_finalize);
      g_clear_pointer (&self->stmts[i].insert, sqlite3_finalize);
      g_clear_pointer (&self->stmts[i].update, sqlite3_finalize);
      g_clear_pointer (&self->stmts[i].since, sqlite3_finalize);
      g_clear_pointer (&self->stmts[i].since_district, g_ptr_array_unref);
      g_clear_pointer (&self->stmts[i].fts_insert, sqlite3_finalize);
      g_clear_pointer (&self->stmts[i].fts_delete, sqlite3_finalize);
      g_clear_pointer (&self->stmts[i].columns_sql, g_free);
    }
  g_clear_pointer (&self->stmts, g_free);
  g_clear_pointer (&self->history_insert, sqlite3_finalize);
  g_clear_pointer (&self->node_insert, sqlite3_finalize);
  g_clear_pointer (&self->node_load, sqlite3_finalize);
  g_clear_pointer (&self->departure_insert, sqlite3_finalize);
  g_clear_pointer (&self->meta_get, sqlite3_finalize);
  g_clear_pointer (&self->meta_set, sqlite3_finalize);
  g_clear_pointer (&self->meta_del, sqlite3_finalize);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->clock, dq_hlc_free);
  g_clear_pointer (&self->node_by_name, g_hash_table_unref);
  g_clear_pointer (&self->fresh_rows, g_hash_table_unref);
  g_clear_pointer (&self->node_names, g_ptr_array_unref);
  g_clear_pointer (&self->author, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (dq_store_parent_class)->finalize (object);
}

static void
dq_store_class_init (DqStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dq_store_finalize;

  /**
   * DqStore::changed:
   * @table: the name of the table whose rows changed
   *
   * Emitted after a commit, once per table touched; the detail is the table
   * name, so a model connects to "changed::member".
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                   G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
dq_store_init (DqStore *self)
{
  guint n_tables;

  dq_schema_tables (&n_tables);
  self->clock = dq_hlc_new ();
  self->node_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->fresh_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->node_names = g_ptr_array_new_with_free_func (g_free);
  self->stmts = g_new0 (TableStatements, n_tables);
}

/* Opening and upgrading */

static char *
new_node_id (void)
{
  GString *s = g_string_sized_new (32);

  for (int i = 0; i < 4; i++)
    g_string_append_printf (s, "%08x", g_random_int ());
  return g_string_free (s, FALSE);
}

static gboolean
upgrade (DqStore *self,
         guint    from,
         guint    to,
         GError **error)
{
  g_autofree char *ddl = dq_schema_ddl (to);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", to);
  guint            n_tables;
  const DqTable   *tables = dq_schema_tables (&n_tables);

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (from > 0)
    {
      g_autofree char *alter = dq_schema_upgrade_sql (from, to);

      g_debug ("Upgrading replica %s from schema %u to %u", self->path, from, to);
      if (!exec (self, alter, error))
        goto fail;
    }

  if (!exec (self, meta_ddl, error) || !exec (self, ddl, error))
    goto fail;

  for (guint i = 0; i < n_tables && from > 0; i++)
    if (dq_schema_needs_fts_rebuild (from, to, &tables[i]))
      {
        g_autofree char *sql =
            g_strdup_printf ("INSERT INTO %1$s__fts(%1$s__fts) VALUES ('rebuild')", tables[i].name);
        if (!exec (self, sql, error))
          goto fail;
      }

  if (!exec (self, pragma, error) || !exec (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gsize sqlite_configured;

DqStore *
dq_store_open_version (const char *path,
                       guint       version,
                       GError    **error)
{
  g_autoptr (DqStore) self = g_object_new (DQ_TYPE_STORE, NULL);
  g_autofree char *node = NULL;
  g_autofree char *counter = NULL;
  g_autofree char *clock = NULL;
  sqlite3_stmt    *stmt;
  guint            current = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= DQ_SCHEMA_VERSION, NULL);

  /* SQLite's allocation statistics take a global mutex on every malloc;
   * nothing reads them. Only possible before SQLite initializes. */
  if (g_once_init_enter (&sqlite_configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&sqlite_configured, 1);
    }

  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_SQLITE,
                   _ ("Cannot open the local database %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : "");
      return NULL;
    }

  /* Personal data: the replica is for its user's eyes only. SQLite gives
   * the -wal and -shm files the same mode. */
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_chmod (path, 0600);

  sqlite3_busy_timeout (self->db, 5000);
  if (dq_fts_register (self->db) != SQLITE_OK)
    {
      dq_store_sql_error (self, error);
      return NULL;
    }

  /* WAL: readers never wait for the writer. FULL: a committed local edit
   * survives a power cut, not only a crash. */
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                   "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536; "
                   "PRAGMA foreign_keys = OFF",
             error))
    return NULL;

  stmt = dq_store_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    current = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (current > DQ_SCHEMA_VERSION)
    {
      g_set_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NEWER_SCHEMA,
                   _ ("This data was saved by a newer version of Dangqun; please update the application"));
      return NULL;
    }

  /* An existing replica is always brought up to the newest schema. */
  self->schema_version = current > 0 ? DQ_SCHEMA_VERSION : version;
  if (current < self->schema_version && !upgrade (self, current, self->schema_version, error))
    return NULL;

  self->history_insert = dq_store_prepare (self,
                                           "INSERT OR IGNORE INTO dq_history "
                                           "(tbl, row, col, hlc, node, value, author) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?)",
                                           error);
  self->node_insert = dq_store_prepare (self, "INSERT INTO dq_node (node) VALUES (?) "
                                              "ON CONFLICT (node) DO NOTHING",
                                        error);
  self->departure_insert = dq_store_prepare (self, "INSERT INTO dq_departure "
                                                   "(lver, tbl, row, old_district, new_district) "
                                                   "VALUES (?, ?, ?, ?, ?)",
                                             error);
  self->node_load = dq_store_prepare (self, "SELECT idx, node FROM dq_node WHERE idx >= ? "
                                            "ORDER BY idx",
                                      error);
  self->meta_get = dq_store_prepare (self, "SELECT value FROM dq_meta WHERE key = ?", error);
  self->meta_set = dq_store_prepare (self, "INSERT INTO dq_meta (key, value) VALUES (?, ?) "
                                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                     error);
  self->meta_del = dq_store_prepare (self, "DELETE FROM dq_meta WHERE key = ?", error);
  if (!self->history_insert || !self->node_insert || !self->node_load || !self->meta_get ||
      !self->meta_set || !self->departure_insert ||
      !self->meta_del)
    return NULL;

  if (!load_nodes (self, error))
    return NULL;

  node = meta_read (self, META_NODE);
  if (node == NULL)
    {
      node = new_node_id ();
      if (!meta_write (self, META_NODE, node, error))
        return NULL;
    }
  g_strlcpy (self->node, node, sizeof self->node);
  if (!intern_node (self, self->node, &self->node_index, error))
    return NULL;

  counter = meta_read (self, META_VERSION);
  self->version = counter ? g_ascii_strtoull (counter, NULL, 10) : 0;
  clock = meta_read (self, META_CLOCK);
  if (clock != NULL)
    dq_hlc_restore (self->clock, g_ascii_strtoull (clock, NULL, 10));

  return g_steal_pointer (&self);
}

DqStore *
dq_store_open (const char *path,
               GError    **error)
{
  return dq_store_open_version (path, DQ_SCHEMA_VERSION, error);
}

void
dq_store_set_keep_history (DqStore *self,
                           gboolean keep)
{
  self->no_history = !keep;
}

guint64
dq_store_read_committed_version (DqStore *self)
{
  g_autofree char *version = meta_read (self, META_VERSION);

  return version ? g_ascii_strtoull (version, NULL, 10) : 0;
}

sqlite3 *
dq_store_get_db (DqStore *self)
{
  return self->db;
}

guint
dq_store_get_schema_version (DqStore *self)
{
  return self->schema_version;
}

const char *
dq_store_get_path (DqStore *self)
{
  g_return_val_if_fail (DQ_IS_STORE (self), NULL);
  return self->path;
}

const char *
dq_store_get_node (DqStore *self)
{
  g_return_val_if_fail (DQ_IS_STORE (self), NULL);
  return self->node;
}

DqHlc *
dq_store_get_clock (DqStore *self)
{
  g_return_val_if_fail (DQ_IS_STORE (self), NULL);
  return self->clock;
}

void
dq_store_set_author (DqStore    *self,
                     const char *author)
{
  g_return_if_fail (DQ_IS_STORE (self));
  g_free (self->author);
  self->author = g_strdup (author);
}

void
dq_store_set_cache_size (DqStore *self,
                         guint    kib)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (DQ_IS_STORE (self));

  sql = g_strdup_printf ("PRAGMA cache_size = -%u", kib);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

const char *
dq_store_get_author (DqStore *self)
{
  g_return_val_if_fail (DQ_IS_STORE (self), NULL);
  return self->author;
}

guint64
dq_store_get_version (DqStore *self)
{
  g_return_val_if_fail (DQ_IS_STORE (self), 0);
  return self->version;
}

char *
dq_store_get_meta (DqStore    *self,
                   const char *key)
{
  g_return_val_if_fail (DQ_IS_STORE (self), NULL);
  return meta_read (self, key);
}

gboolean
dq_store_set_meta (DqStore    *self,
                   const char *key,
                   const char *value,
                   GError    **error)
{
  g_return_val_if_fail (DQ_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && !g_str_has_prefix (key, "dq."), FALSE);
  return meta_write (self, key, value, error);
}

/* Local writes */

static gboolean
check_cells (const DqRecord *record,
             GError        **error)
{
  const DqTable *table = record->table;

  for (guint i = 0; i < table->n_columns; i++)
    if (!dq_column_check_value (&table->columns[i], &record->values[i], TRUE, error))
      return FALSE;
  return TRUE;
}

static gboolean
check_row (DqStore        *self,
           const DqRecord *record,
           RowState       *row,
           GError        **error)
{
  const DqTable *table = record->table;
  g_autoptr (DqRecord) merged = dq_record_new (table, record->id);

  for (guint i = 0; i < table->n_columns; i++)
    {
      const DqValue  *v = record->values[i].kind != DQ_VALUE_UNSET ? &record->values[i]
                                                                   : &row->values[i];
      const DqColumn *c = &table->columns[i];

      /* A new row needs every required cell; an edit may not empty one (it
       * need not fill one that a partial sync has not brought yet). */
      if ((c->flags & DQ_COL_FLAG_REQUIRED) && dq_store_column_present (self, c) &&
          (!row->exists || record->values[i].kind != DQ_VALUE_UNSET) &&
          (v->kind == DQ_VALUE_NULL || v->kind == DQ_VALUE_UNSET ||
           (v->kind == DQ_VALUE_TEXT && v->s[0] == '\0')))
        {
          g_set_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_REQUIRED,
                       _ ("%s: %s"), dq_column_label (c), _ ("this field is required"));
          return FALSE;
        }
      dq_value_copy (v, &merged->values[i]);
    }

  if (table->validate_row != NULL && !table->validate_row (merged, error))
    return FALSE;
  return TRUE;
}

/* @create_named: a record whose id is not in the replica is a new row with
 * that id (ids derived the same way on every replica), not an error. */
static gboolean
write_records (DqStore   *self,
               DqRecord **records,
               guint      n_records,
               gboolean   create_named,
               GError   **error)
{
  g_autoptr (GPtrArray) new_ids = g_ptr_array_new ();
  guint64 hlc;

  g_return_val_if_fail (DQ_IS_STORE (self), FALSE);
  g_return_val_if_fail (records != NULL || n_records == 0, FALSE);

  for (guint r = 0; r < n_records; r++)
    {
      if (!dq_store_table_present (self, records[r]->table))
        return dq_store_lookup_table (self, records[r]->table->name, error) != NULL;
      for (guint i = 0; i < records[r]->table->n_columns; i++)
        if (records[r]->values[i].kind != DQ_VALUE_UNSET &&
            !dq_store_column_present (self, &records[r]->table->columns[i]))
          {
            g_set_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_UNKNOWN_COLUMN,
                         _ ("There is no column “%s”"), records[r]->table->columns[i].name);
            return FALSE;
          }
      if (!check_cells (records[r], error))
        return FALSE;
    }

  if (!begin (self, error))
    return FALSE;

  /* One stamp for the whole write: the cells were written together. */
  hlc = dq_hlc_now (self->clock);

  for (guint r = 0; r < n_records; r++)
    {
      DqRecord        *record = records[r];
      const DqTable   *table = record->table;
      TableStatements *ts = dq_store_table_statements (self, table, error);
      RowState         row;
      gboolean         ok;
      guint64          won_mask;

      if (ts == NULL)
        goto fail;

      if (record->id == NULL)
        {
          record->id = dq_uuid_v7 ();
          g_ptr_array_add (new_ids, record);
        }
      else if (!dq_validate_uuid (record->id))
        {
          g_set_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_ROW,
                       _ ("“%s” is not a valid record id"), record->id);
          goto fail;
        }

      if (!dq_store_load_row (self, ts, table, record->id, &row, error))
        goto fail;

      if (!row.exists && !create_named && !g_ptr_array_find (new_ids, record, NULL))
        {
          dq_store_row_state_clear (&row, table->n_columns);
          g_set_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND,
                       _ ("The record no longer exists on this computer"));
          goto fail;
        }

      ok = check_row (self, record, &row, error) &&
           merge_row (self, ts, table, record->id, &row, record->values, hlc, self->node, 0,
                      self->author, &won_mask, error) >= 0;
      dq_store_row_state_clear (&row, table->n_columns);
      if (!ok)
        goto fail;
    }

  return commit (self, error);

fail:
  rollback (self);
  /* A failed write leaves the records as they were given. */
  for (guint i = 0; i < new_ids->len; i++)
    g_clear_pointer (&((DqRecord *) g_ptr_array_index (new_ids, i))->id, g_free);
  return FALSE;
}

gboolean
dq_store_write_many (DqStore   *self,
                     DqRecord **records,
                     guint      n_records,
                     GError   **error)
{
  return write_records (self, records, n_records, FALSE, error);
}

gboolean
dq_store_write (DqStore  *self,
                DqRecord *record,
                GError  **error)
{
  return write_records (self, &record, 1, FALSE, error);
}

gboolean
dq_store_write_named (DqStore  *self,
                      DqRecord *record,
                      GError  **error)
{
  g_return_val_if_fail (record != NULL && record->id != NULL, FALSE);
  return write_records (self, &record, 1, TRUE, error);
}

static gboolean
set_deleted (DqStore    *self,
             const char *table_name,
             const char *id,
             gint64      deleted,
             GError    **error)
{
  const DqTable *table = dq_store_lookup_table (self, table_name, error);
  g_autoptr (DqRecord) record = NULL;

  if (table == NULL)
    return FALSE;

  record = dq_record_new (table, id);
  dq_record_set_int (record, "deleted", deleted);
  return dq_store_write (self, record, error);
}

gboolean
dq_store_delete (DqStore    *self,
                 const char *table,
                 const char *id,
                 GError    **error)
{
  return set_deleted (self, table, id, 1, error);
}

gboolean
dq_store_undelete (DqStore    *self,
                   const char *table,
                   const char *id,
                   GError    **error)
{
  return set_deleted (self, table, id, 0, error);
}

/* Remote changes */

void
dq_apply_result_clear (DqApplyResult *result)
{
  g_clear_pointer (&result->message, g_free);
}

static void
reject (DqApplyResult *result,
        int            code,
        const char    *message)
{
  if (result == NULL)
    return;
  result->status = DQ_APPLY_REJECTED;
  result->error = code;
  g_free (result->message);
  result->message = g_strdup (message);
}

/* The protocol's checks of a change, in its order; FALSE with @result set. */
static gboolean
check_change (DqStore        *self,
              const DqChange *change,
              DqApplyFlags    flags,
              DqApplyResult  *result)
{
  const DqRecord *record = change->record;
  const DqTable  *table = record->table;

  if (record->id == NULL || !dq_validate_uuid (record->id))
    {
      reject (result, DQ_SCHEMA_ERROR_BAD_ROW, _ ("The record id is not a lowercase UUID"));
      return FALSE;
    }
  if (!dq_store_table_present (self, table))
    {
      reject (result, DQ_SCHEMA_ERROR_UNKNOWN_TABLE, _ ("Unknown table"));
      return FALSE;
    }
  for (guint i = 0; i < table->n_columns; i++)
    {
      g_autoptr (GError) local_error = NULL;

      if (record->values[i].kind == DQ_VALUE_UNSET)
        continue;
      if (!dq_store_column_present (self, &table->columns[i]))
        {
          reject (result, DQ_SCHEMA_ERROR_UNKNOWN_COLUMN, table->columns[i].name);
          return FALSE;
        }
      if (!dq_column_check_value (&table->columns[i], &record->values[i], FALSE, &local_error))
        {
          reject (result, DQ_SCHEMA_ERROR_BAD_VALUE, local_error->message);
          return FALSE;
        }
    }
  if ((flags & DQ_APPLY_FLAGS_CHECK_SKEW) &&
      (gint64) DQ_HLC_MS (change->hlc) > dq_hlc_wall_ms (self->clock) + DQ_HLC_MAX_DRIFT_MS)
    {
      reject (result, DQ_APPLY_ERROR_CLOCK_SKEW,
              _ ("The change was stamped more than 10 minutes in the future"));
      return FALSE;
    }
  return TRUE;
}

/* Merges one change; FALSE only on a database error. Sets *@no_row when the
 * row is unknown here and the change does not carry its district. */
static gboolean
apply_change (DqStore       *self,
              DqChange      *change,
              guint32        group_flags,
              DqApplyResult *result,
              gboolean      *no_row,
              GError       **error)
{
  DqRecord        *record = change->record;
  const DqTable   *table = record->table;
  TableStatements *ts = dq_store_table_statements (self, table, error);
  RowState         row;
  int              won;
  guint64          won_mask = 0;

  *no_row = FALSE;
  if (ts == NULL || !dq_store_load_row (self, ts, table, record->id, &row, error))
    return FALSE;

  if (!row.exists && record->values[DQ_COLUMN_DISTRICT].kind == DQ_VALUE_UNSET)
    {
      dq_store_row_state_clear (&row, table->n_columns);
      *no_row = TRUE;
      return TRUE;
    }

  /* The owner's rules (the server's scope) see the row as it is now. */
  if (self->check_hook != NULL)
    {
      int code = self->check_hook (change, row.exists ? row.values : NULL, self->hook_data);

      if (code != 0)
        {
          dq_store_row_state_clear (&row, table->n_columns);
          reject (result, code, code == DQ_APPLY_ERROR_FORBIDDEN ? _ ("The record is outside the districts you may change") : _ ("The change was refused"));
          return TRUE;
        }
    }

  /* A reading too far ahead is merged but not adopted by our clock. */
  dq_hlc_receive (self->clock, change->hlc, NULL);

  won = merge_row (self, ts, table, record->id, &row, record->values, change->hlc,
                   change->node, group_flags, change->author, &won_mask, error);
  dq_store_row_state_clear (&row, table->n_columns);
  if (won < 0)
    return FALSE;
  if (won > 0 && self->applied_hook != NULL &&
      !self->applied_hook (self, change, won_mask, self->hook_data, error))
    return FALSE;
  if (result != NULL)
    result->status = won > 0 ? DQ_APPLY_APPLIED : DQ_APPLY_STALE;
  return TRUE;
}

void
dq_store_set_apply_hooks (DqStore         *self,
                          DqApplyCheckFunc check,
                          DqAppliedFunc    applied,
                          gpointer         data)
{
  self->check_hook = check;
  self->applied_hook = applied;
  self->hook_data = data;
}

gboolean
dq_store_apply (DqStore       *self,
                DqChange     **changes,
                guint          n_changes,
                DqApplyFlags   flags,
                DqApplyResult *results,
                GError       **error)
{
  return dq_store_apply_page (self, changes, n_changes, flags, results, NULL, NULL, error);
}

/* The merge of a batch, in the open transaction; rolled back by the caller
 * on FALSE. */
static gboolean
apply_in_transaction (DqStore       *self,
                      DqChange     **changes,
                      guint          n_changes,
                      DqApplyFlags   flags,
                      DqApplyResult *results,
                      const char    *meta_key,
                      const char    *meta_value,
                      GError       **error)
{
  guint32 group_flags = (flags & DQ_APPLY_FLAGS_UPSTREAM) ? DQ_STAMP_UPSTREAM : 0;
  g_autoptr (GArray) waiting = g_array_new (FALSE, FALSE, sizeof (guint));

  if (results != NULL)
    memset (results, 0, sizeof *results * n_changes);

  for (guint c = 0; c < n_changes; c++)
    {
      DqApplyResult *result = results ? &results[c] : NULL;
      gboolean       no_row;

      if (!check_change (self, changes[c], flags, result))
        continue;
      if (!apply_change (self, changes[c], group_flags, result, &no_row, error))
        return FALSE;
      if (no_row)
        g_array_append_val (waiting, c);
    }

  /* Cells of a row that arrived before the change creating it, in the same
   * batch: merged once the row exists, so a batch's order does not matter. */
  for (guint k = 0; k < waiting->len; k++)
    {
      guint          c = g_array_index (waiting, guint, k);
      DqApplyResult *result = results ? &results[c] : NULL;
      gboolean       no_row;

      if (!apply_change (self, changes[c], group_flags, result, &no_row, error))
        return FALSE;
      if (no_row)
        reject (result, DQ_SCHEMA_ERROR_BAD_VALUE, _ ("A new record needs its district"));
    }

  return meta_key == NULL || meta_write (self, meta_key, meta_value, error);
}

gboolean
dq_store_apply_page (DqStore       *self,
                     DqChange     **changes,
                     guint          n_changes,
                     DqApplyFlags   flags,
                     DqApplyResult *results,
                     const char    *meta_key,
                     const char    *meta_value,
                     GError       **error)
{
  g_return_val_if_fail (DQ_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL || n_changes == 0, FALSE);

  if (!begin (self, error))
    return FALSE;
  if (!apply_in_transaction (self, changes, n_changes, flags, results, meta_key, meta_value,
                             error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

/* Changes out */

/* Emits, for one row read by @stmt (layout of TableStatements.since), a
 * change per stamp group changed after @since. With @whole_if_moved, a row
 * whose district changed after @since is sent whole: for a reader scoped to
 * districts, it may be new. */
static void
row_to_changes (DqStore       *self,
                const DqTable *table,
                sqlite3_stmt  *stmt,
                int            id_col,
                int            stamps_col,
                int            first_value_col,
                guint64        since,
                DqChangesFlags flags,
                gboolean       whole_if_moved,
                GPtrArray     *out)
{
  DqStamps stamps;
  g_autoptr (DqRecord) row = dq_record_new (table, (const char *) sqlite3_column_text (stmt, id_col));

  if (!dq_stamps_decode (&stamps, sqlite3_column_blob (stmt, stamps_col),
                         sqlite3_column_bytes (stmt, stamps_col)))
    return;
  dq_store_read_columns (self, stmt, first_value_col, row);

  if (whole_if_moved)
    {
      DqStampGroup *district = dq_stamps_find (&stamps, DQ_COLUMN_DISTRICT);

      if (district != NULL && district->lver > since)
        since = 0;
    }

  for (guint g = 0; g < stamps.n_groups; g++)
    {
      const DqStampGroup *group = &stamps.groups[g];
      DqRecord           *cells;

      if (group->lver <= since)
        continue;
      if ((flags & DQ_CHANGES_SKIP_UPSTREAM) && (group->flags & DQ_STAMP_UPSTREAM))
        continue;

      cells = dq_record_new (table, row->id);
      for (guint i = 0; i < table->n_columns; i++)
        if (group->mask & (G_GUINT64_CONSTANT (1) << i))
          dq_record_set_value_at (cells, i, &row->values[i]);
      g_ptr_array_add (out, dq_change_new (cells, group->hlc, dq_store_node_name (self, group->node)));
    }
}

static gboolean
in_scope (const char *const *districts,
          const char        *district)
{
  return districts == NULL || (district != NULL && g_strv_contains (districts, district));
}

/* A row left the reader's districts: it gets the row's district cell alone,
 * with its stamp, and nothing else of the row. */
static gboolean
departure_to_change (DqStore           *self,
                     sqlite3_stmt      *stmt,
                     const char *const *districts,
                     GPtrArray         *out,
                     GError           **error)
{
  const DqTable   *table = dq_schema_table ((const char *) sqlite3_column_text (stmt, 1));
  const char      *id = (const char *) sqlite3_column_text (stmt, 2);
  TableStatements *ts;
  DqStampGroup    *g;
  DqRecord        *cells;
  RowState         row;

  if (table == NULL || !in_scope (districts, (const char *) sqlite3_column_text (stmt, 3)) ||
      in_scope (districts, (const char *) sqlite3_column_text (stmt, 4)))
    return TRUE;
  if ((ts = dq_store_table_statements (self, table, error)) == NULL ||
      !dq_store_load_row (self, ts, table, id, &row, error))
    return FALSE;

  /* Moved back since, or purged: the row's own position says it all. */
  g = row.exists ? dq_stamps_find (&row.stamps, DQ_COLUMN_DISTRICT) : NULL;
  if (g != NULL && !in_scope (districts, row.values[DQ_COLUMN_DISTRICT].s))
    {
      cells = dq_record_new (table, id);
      dq_record_set_value_at (cells, DQ_COLUMN_DISTRICT, &row.values[DQ_COLUMN_DISTRICT]);
      g_ptr_array_add (out, dq_change_new (cells, g->hlc, dq_store_node_name (self, g->node)));
    }
  dq_store_row_state_clear (&row, table->n_columns);
  return TRUE;
}

/* One ordered source of the merge in changes_since(): a table's rows (of
 * one district, or all), or the departures. */
typedef struct {
  sqlite3_stmt  *stmt;
  const DqTable *table; /* NULL: departures */
  int            lver_col;
  gboolean       owned;
  gboolean       has_row;
} Head;

typedef GArray Heads;

static void
heads_free (Heads *heads)
{
  for (guint i = 0; i < heads->len; i++)
    {
      Head *h = &g_array_index (heads, Head, i);

      if (h->owned)
        sqlite3_finalize (h->stmt);
      else
        sqlite3_reset (h->stmt);
    }
  g_array_free (heads, TRUE);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Heads, heads_free)

static gboolean
add_head (DqStore       *self,
          GArray        *heads,
          sqlite3_stmt  *stmt,
          const DqTable *table,
          gboolean       owned,
          GError       **error)
{
  Head h = { stmt, table, table ? 3 : 0, owned, FALSE };
  int  rc;

  if (stmt == NULL)
    return FALSE;
  g_array_append_val (heads, h);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  g_array_index (heads, Head, heads->len - 1).has_row = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
open_heads (DqStore           *self,
            GArray            *heads,
            guint64            pos,
            const char *const *districts,
            GError           **error)
{
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);

  for (guint t = 0; t < n_tables; t++)
    {
      TableStatements *ts;

      if (!dq_store_table_present (self, &tables[t]))
        continue;
      if ((ts = dq_store_table_statements (self, &tables[t], error)) == NULL)
        return FALSE;

      if (districts == NULL)
        {
          sqlite3_reset (ts->since);
          sqlite3_bind_int64 (ts->since, 1, (sqlite3_int64) pos);
          if (!add_head (self, heads, ts->since, &tables[t], FALSE, error))
            return FALSE;
          continue;
        }

      /* Per district, along its (district, _lver) index; the statements
       * are kept, one for each district a reader asks for at once. */
      if (ts->since_district == NULL)
        ts->since_district = g_ptr_array_new_with_free_func ((GDestroyNotify) sqlite3_finalize);
      for (guint d = 0; districts[d] != NULL; d++)
        {
          sqlite3_stmt *stmt;

          if (d >= ts->since_district->len)
            {
              g_autofree char *sql = g_strdup_printf ("SELECT _rid, id, _stamps, _lver, %s FROM %s "
                                                      "WHERE district = ?1 AND _lver > ?2 "
                                                      "ORDER BY _lver",
                                                      ts->columns_sql, tables[t].name);

              if ((stmt = dq_store_prepare (self, sql, error)) == NULL)
                return FALSE;
              g_ptr_array_add (ts->since_district, stmt);
            }
          stmt = g_ptr_array_index (ts->since_district, d);
          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, districts[d], -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) pos);
          if (!add_head (self, heads, stmt, &tables[t], FALSE, error))
            return FALSE;
        }
    }

  if (districts != NULL)
    {
      sqlite3_stmt *stmt = dq_store_prepare (self,
                                             "SELECT lver, tbl, row, old_district, new_district "
                                             "FROM dq_departure WHERE lver > ?1 ORDER BY lver",
                                             error);

      if (stmt != NULL)
        sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) pos);
      if (!add_head (self, heads, stmt, NULL, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
dq_store_changes_for (DqStore           *self,
                      DqCursor          *cursor,
                      guint              limit,
                      DqChangesFlags     flags,
                      const char *const *districts,
                      gboolean          *more,
                      GError           **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_change_free);
  g_autoptr (Heads) heads = g_array_new (FALSE, FALSE, sizeof (Head));
  guint64  last = cursor->pos;
  guint    rows = 0;
  gboolean left = FALSE;

  g_return_val_if_fail (DQ_IS_STORE (self), NULL);
  g_return_val_if_fail (cursor != NULL && cursor->base <= cursor->pos, NULL);

  /* A merge of the sources in local-version order, reading only the rows it
   * emits. */
  if (!open_heads (self, heads, cursor->pos, districts, error))
    return NULL;

  for (;;)
    {
      Head   *best = NULL;
      guint64 best_lver = G_MAXUINT64;
      int     rc;

      for (guint i = 0; i < heads->len; i++)
        {
          Head *h = &g_array_index (heads, Head, i);

          if (h->has_row && (guint64) sqlite3_column_int64 (h->stmt, h->lver_col) < best_lver)
            {
              best_lver = (guint64) sqlite3_column_int64 (h->stmt, h->lver_col);
              best = h;
            }
        }

      if (best == NULL)
        break;
      if (limit > 0 && rows >= limit)
        {
          left = TRUE;
          break;
        }

      if (best->table != NULL)
        row_to_changes (self, best->table, best->stmt, 1, 2, 4, cursor->base, flags,
                        districts != NULL, out);
      else if (!departure_to_change (self, best->stmt, districts, out, error))
        return NULL;
      last = best_lver;
      rows++;

      rc = sqlite3_step (best->stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          dq_store_sql_error (self, error);
          return NULL;
        }
      best->has_row = rc == SQLITE_ROW;
    }

  cursor->pos = last;
  if (!left)
    cursor->base = last;
  if (more)
    *more = left;
  return g_steal_pointer (&out);
}

GPtrArray *
dq_store_changes_since (DqStore       *self,
                        DqCursor      *cursor,
                        guint          limit,
                        DqChangesFlags flags,
                        gboolean      *more,
                        GError       **error)
{
  return dq_store_changes_for (self, cursor, limit, flags, NULL, more, error);
}

char *
dq_cursor_to_string (const DqCursor *cursor)
{
  if (cursor->base == cursor->pos)
    return g_strdup_printf ("%" G_GUINT64_FORMAT, cursor->pos);
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT, cursor->base, cursor->pos);
}

static gboolean
parse_number (const char *text, const char **end, guint64 *out)
{
  guint64     v = 0;
  const char *p = text;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (v > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }
  *end = p;
  *out = v;
  return TRUE;
}

gboolean
dq_cursor_parse (const char *text,
                 DqCursor   *cursor)
{
  const char *p;
  guint64     a, b;

  if (text == NULL || !parse_number (text, &p, &a))
    return FALSE;
  if (*p == '\0')
    {
      cursor->base = cursor->pos = a;
      return TRUE;
    }
  if (*p != '.' || !parse_number (p + 1, &p, &b) || *p != '\0' || a > b)
    return FALSE;
  cursor->base = a;
  cursor->pos = b;
  return TRUE;
}

GPtrArray *
dq_store_row_changes (DqStore    *self,
                      const char *table_name,
                      const char *id,
                      GError    **error)
{
  const DqTable *table = dq_store_lookup_table (self, table_name, error);
  g_autoptr (GPtrArray) out = NULL;
  g_autofree char *sql = NULL;
  TableStatements *ts;
  sqlite3_stmt    *stmt;
  int              rc;

  if (table == NULL || (ts = dq_store_table_statements (self, table, error)) == NULL)
    return NULL;

  sql = g_strdup_printf ("SELECT _rid, id, _stamps, _lver, %s FROM %s WHERE id = ?",
                         ts->columns_sql, table->name);
  stmt = dq_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      out = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_change_free);
      row_to_changes (self, table, stmt, 1, 2, 4, 0, DQ_CHANGES_ALL, FALSE, out);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dq_store_sql_error (self, error);
      return NULL;
    }
  if (out == NULL)
    g_set_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND,
                 _ ("The record no longer exists on this computer"));
  return g_steal_pointer (&out);
}

/* Removes a row, its search text and its history; inside a transaction. */
static gboolean
purge_row (DqStore       *self,
           const DqTable *table,
           const char    *id,
           GError       **error)
{
  TableStatements *ts = dq_store_table_statements (self, table, error);
  RowState         row;
  gboolean         indexed;
  g_autofree char *sql = NULL;
  sqlite3_stmt    *stmt;
  int              rc;

  if (ts == NULL || !dq_store_load_row (self, ts, table, id, &row, error))
    return FALSE;
  indexed = !row.exists || ts->search_mask == 0 ||
            dq_store_index_row (self, ts, table, &row, TRUE, error);
  dq_store_row_state_clear (&row, table->n_columns);
  if (!indexed)
    return FALSE;

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table->name);
  stmt = dq_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  if (sqlite3_changes (self->db) > 0)
    self->dirty_tables |= G_GUINT64_CONSTANT (1) << table->index;

  /* Personal data that left the replica leaves its history too. */
  stmt = dq_store_prepare (self, "DELETE FROM dq_history WHERE tbl = ?1 AND row = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return dq_store_sql_error (self, error);
  return TRUE;
}

/* "table/id" keys of rows, purged in the open transaction. */
static gboolean
purge_keys (DqStore           *self,
            const char *const *rows,
            GError           **error)
{
  for (guint i = 0; rows != NULL && rows[i] != NULL; i++)
    {
      const char      *slash = strchr (rows[i], '/');
      g_autofree char *name = slash ? g_strndup (rows[i], (gsize) (slash - rows[i])) : NULL;
      const DqTable   *table = name ? dq_store_lookup_table (self, name, error) : NULL;

      if (table == NULL || !purge_row (self, table, slash + 1, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND, "bad row key %s", rows[i]);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
dq_store_purge (DqStore    *self,
                const char *table_name,
                const char *id,
                GError    **error)
{
  const DqTable *table;

  g_return_val_if_fail (DQ_IS_STORE (self), FALSE);

  table = dq_store_lookup_table (self, table_name, error);
  if (table == NULL || !begin (self, error))
    return FALSE;
  if (!purge_row (self, table, id, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

gboolean
dq_store_replace_rows (DqStore           *self,
                       const char *const *rows,
                       DqChange         **changes,
                       guint              n_changes,
                       DqApplyFlags       flags,
                       const char        *meta_key,
                       const char        *meta_value,
                       GError           **error)
{
  g_return_val_if_fail (DQ_IS_STORE (self), FALSE);

  if (!begin (self, error))
    return FALSE;
  if (!purge_keys (self, rows, error) ||
      !apply_in_transaction (self, changes, n_changes, flags, NULL, meta_key, meta_value, error))
    {
      rollback (self);
      return FALSE;
    }
  return commit (self, error);
}

gboolean
dq_store_purge_outside (DqStore           *self,
                        const char *const *districts,
                        GHashTable        *keep,
                        guint64           *purged_tables,
                        GError           **error)
{
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);
  guint64        purged = 0;

  g_return_val_if_fail (DQ_IS_STORE (self), FALSE);
  g_return_val_if_fail (districts != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GString) sql = NULL;
      sqlite3_stmt *stmt;
      int           rc;

      if (!dq_store_table_present (self, &tables[t]))
        continue;
      sql = g_string_new (NULL);
      g_string_printf (sql, "SELECT id FROM %s WHERE district NOT IN (", tables[t].name);
      for (guint d = 0; districts[d] != NULL; d++)
        g_string_append_printf (sql, "%s?%u", d ? "," : "", d + 1);
      g_string_append (sql, districts[0] ? ")" : "NULL)");
      stmt = dq_store_prepare (self, sql->str, error);
      if (stmt == NULL)
        goto fail;
      for (guint d = 0; districts[d] != NULL; d++)
        sqlite3_bind_text (stmt, (int) d + 1, districts[d], -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          dq_store_sql_error (self, error);
          goto fail;
        }

      for (guint i = 0; i < ids->len; i++)
        {
          g_autofree char *key = g_strconcat (tables[t].name, "/", ids->pdata[i], NULL);

          if (keep != NULL && g_hash_table_contains (keep, key))
            continue;
          if (!purge_row (self, &tables[t], ids->pdata[i], error))
            goto fail;
          purged |= G_GUINT64_CONSTANT (1) << t;
        }
    }

  if (purged_tables)
    *purged_tables = purged;
  return commit (self, error);

fail:
  rollback (self);
  return FALSE;
}

/* UUID v7: 48 bits of Unix milliseconds, then random bits. */
char *
dq_uuid_v7 (void)
{
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint8  b[16];

  for (int i = 0; i < 6; i++)
    b[i] = (guint8) (ms >> (40 - 8 * i));
  for (int i = 6; i < 16; i += 2)
    {
      guint32 r = g_random_int ();

      b[i] = (guint8) r;
      b[i + 1] = (guint8) (r >> 8);
    }
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                          b[12], b[13], b[14], b[15]);
}
