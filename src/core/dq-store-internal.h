/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What dq-store.c (writes, merge, changes) and dq-store-read.c (reads,
 * search, dump, history) share. Not installed, not for other objects. */
#pragma once

#include <sqlite3.h>

#include "dq-schema.h"
#include "dq-stamps.h"
#include "dq-store.h"
#include "dq-store-private.h"

G_BEGIN_DECLS

typedef struct {
  sqlite3_stmt *select; /* _rid, _stamps, columns… by id */
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
  sqlite3_stmt *since;          /* rows with _lver > ? in _lver order */
  GPtrArray    *since_district; /* "district = ? AND _lver > ?", one per district read at once */
  sqlite3_stmt *fts_insert;     /* NULL when the table has no search columns */
  sqlite3_stmt *fts_delete;
  guint64       search_mask; /* the searchable columns */
  char         *columns_sql; /* "district, deleted, name, …" as present */
} TableStatements;

struct _DqStore {
  GObject parent_instance;

  char    *path;
  sqlite3 *db;
  guint    schema_version;
  char     node[33];
  guint32  node_index;
  DqHlc   *clock;
  char    *author;

  guint64  version;      /* local version counter */
  guint64  dirty_tables; /* tables changed in the open transaction */
  gboolean in_transaction;

  GHashTable *node_by_name; /* node text → index + 1 */
  GPtrArray  *node_names;   /* index → node text */

  TableStatements *stmts; /* one per schema table */
  sqlite3_stmt    *history_insert;
  sqlite3_stmt    *node_insert;
  sqlite3_stmt    *node_load;
  DqApplyCheckFunc check_hook;
  DqAppliedFunc    applied_hook;
  gpointer         hook_data;
  gboolean         no_history; /* the owner keeps its own (the server's audit) */
  GHashTable      *fresh_rows; /* created in the open transaction (see fresh_key) */
  sqlite3_stmt    *departure_insert;
  sqlite3_stmt    *meta_get;
  sqlite3_stmt    *meta_set;
  sqlite3_stmt    *meta_del;
};

/* A loaded row: its values, stamps and where it lives. */
typedef struct {
  gboolean      exists;
  sqlite3_int64 rid;
  DqStamps      stamps;
  DqValue       values[DQ_MAX_COLUMNS];
} RowState;

static inline gboolean
dq_store_column_present (DqStore        *self,
                         const DqColumn *column)
{
  return column->since <= self->schema_version;
}

static inline gboolean
dq_store_table_present (DqStore       *self,
                        const DqTable *table)
{
  return table->since <= self->schema_version;
}

gboolean         dq_store_sql_error (DqStore *self, GError **error);
sqlite3_stmt    *dq_store_prepare (DqStore *self, const char *sql, GError **error);
void             dq_store_bind_value (sqlite3_stmt *stmt, int i, const DqValue *value);
void             dq_store_read_value (sqlite3_stmt *stmt, int i, DqValue *value);
void             dq_store_read_columns (DqStore *self, sqlite3_stmt *stmt, int first, DqRecord *record);
TableStatements *dq_store_table_statements (DqStore *self, const DqTable *table, GError **error);
const DqTable   *dq_store_lookup_table (DqStore *self, const char *name, GError **error);
const char      *dq_store_node_name (DqStore *self, guint32 index);
gboolean         dq_store_load_row (DqStore *self, TableStatements *ts, const DqTable *table, const char *id, RowState *row, GError **error);
void             dq_store_row_state_clear (RowState *row, guint n_columns);
gboolean         dq_store_index_row (DqStore *self, TableStatements *ts, const DqTable *table, RowState *row, gboolean remove, GError **error);

G_END_DECLS
