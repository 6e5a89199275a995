/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRowModel: a GListModel over one table of the replica. It knows how many
 * rows match (one COUNT) and reads them a page at a time when the view asks
 * for an item, keeping the few pages read last: memory stays flat however
 * far the user scrolls. A page is read by keyset (after the last row of the
 * page before it, when that one is cached) or by OFFSET when the view jumps,
 * which SQLite walks in the sort column's index without reading rows. */
#define G_LOG_DOMAIN "dq-row-model"

#include "config.h"

#include <string.h>

#include "dq-fts.h"
#include "dq-row-model.h"
#include "dq-store-internal.h"

#define PAGE_SIZE 128
#define MAX_PAGES 12
/* Up to this many rows, a reload is one replacing items-changed. */
#define SINGLE_EMISSION_MAX 2048

struct _DqRowModel {
  GObject parent_instance;

  DqStore       *store;
  const DqTable *table;

  char           *filter_sql;
  GStrv           filter_params;
  char           *search;
  char           *search_match;  /* FTS5 query, or NULL */
  char           *search_prefix; /* one or two letters/digits: a range scan */
  const DqColumn *sort;
  gboolean        descending;
  GPtrArray      *refs; /* const DqColumn * */

  gboolean   counted;
  guint      n_items;
  char      *where;  /* " WHERE …" of the current query */
  GPtrArray *params; /* char *: the ?s of where, in order */

  GHashTable   *pages; /* page index → GPtrArray of DqRow */
  GQueue        lru;   /* page indices, most recent first */
  sqlite3_stmt *page_stmt;
  sqlite3_stmt *after_stmt;
  gboolean      recycle;
};

static void dq_row_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DqRowModel, dq_row_model, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, dq_row_model_list_model_init))

static void
drop_statements (DqRowModel *self)
{
  g_clear_pointer (&self->page_stmt, sqlite3_finalize);
  g_clear_pointer (&self->after_stmt, sqlite3_finalize);
}

static void
drop_pages (DqRowModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static char *
prefix_end (const char *prefix)
{
  char *end = g_strdup (prefix);

  end[strlen (end) - 1]++;
  return end;
}

/* The WHERE clause and its parameters for the current filter and search. */
static void
build_where (DqRowModel *self)
{
  g_autoptr (GString) sql = g_string_new (" WHERE t.deleted = 0");

  g_clear_pointer (&self->where, g_free);
  g_ptr_array_set_size (self->params, 0);

  if (self->filter_sql != NULL)
    {
      g_string_append_printf (sql, " AND (%s)", self->filter_sql);
      for (guint i = 0; self->filter_params && self->filter_params[i]; i++)
        g_ptr_array_add (self->params, g_strdup (self->filter_params[i]));
    }

  if (self->search_match != NULL)
    {
      g_string_append_printf (sql, " AND t._rid IN (SELECT rowid FROM %1$s__fts WHERE %1$s__fts MATCH ?)",
                              self->table->name);
      g_ptr_array_add (self->params, g_strdup (self->search_match));
    }
  else if (self->search_prefix != NULL)
    {
      gboolean first = TRUE;

      g_string_append (sql, " AND (");
      for (guint i = 0; i < self->table->n_columns; i++)
        {
          const DqColumn *c = &self->table->columns[i];

          if ((c->flags & DQ_COL_FLAG_SEARCH) && (c->flags & DQ_COL_FLAG_INDEXED) &&
              dq_store_column_present (self->store, c))
            {
              g_string_append_printf (sql, "%1$s(t.%2$s >= ? AND t.%2$s < ?)", first ? "" : " OR ",
                                      c->name);
              g_ptr_array_add (self->params, g_strdup (self->search_prefix));
              g_ptr_array_add (self->params, prefix_end (self->search_prefix));
              first = FALSE;
            }
        }
      g_string_append (sql, first ? "0)" : ")");
    }
  else if (self->search != NULL)
    g_string_append (sql, " AND 0"); /* nothing searchable in the text */

  self->where = g_string_free (g_steal_pointer (&sql), FALSE);
}

static void
bind_params (DqRowModel   *self,
             sqlite3_stmt *stmt)
{
  for (guint i = 0; i < self->params->len; i++)
    sqlite3_bind_text (stmt, (int) i + 1, g_ptr_array_index (self->params, i), -1, SQLITE_TRANSIENT);
}

static const char *
order_sql (DqRowModel *self)
{
  return self->descending ? "DESC" : "ASC";
}

static sqlite3_stmt *
prepare (DqRowModel *self,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (dq_store_get_db (self->store), sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("Cannot list %s: %s", self->table->name, sqlite3_errmsg (dq_store_get_db (self->store)));
      return NULL;
    }
  return stmt;
}

/* SELECT … FROM table t WHERE … [AND after] ORDER BY … LIMIT ? [OFFSET ?] */
static sqlite3_stmt *
prepare_page (DqRowModel *self,
              gboolean    after)
{
  TableStatements *ts = dq_store_table_statements (self->store, self->table, NULL);
  g_autoptr (GString) sql = g_string_new ("SELECT t.id, t._rid");
  g_auto (GStrv) columns = NULL;

  if (ts == NULL)
    return NULL;
  columns = g_strsplit (ts->columns_sql, ", ", -1);
  for (guint i = 0; columns[i]; i++)
    g_string_append_printf (sql, ", t.%s", columns[i]);
  for (guint i = 0; i < self->refs->len; i++)
    {
      const DqColumn *c = g_ptr_array_index (self->refs, i);
      const DqTable  *target = dq_schema_table (c->target);

      g_string_append_printf (sql, ", (SELECT r.%s FROM %s r WHERE r.id = t.%s)", target->display,
                              target->name, c->name);
    }
  g_string_append_printf (sql, " FROM %s t%s", self->table->name, self->where);
  if (after)
    {
      /* Past the last row read: rows with a null sort value come first when
       * ascending (so never after a non-null one) and last when descending. */
      if (self->descending)
        g_string_append_printf (sql, " AND ((t.%1$s, t._rid) < (?, ?) OR t.%1$s IS NULL)", self->sort->name);
      else
        g_string_append_printf (sql, " AND (t.%s, t._rid) > (?, ?)", self->sort->name);
    }
  g_string_append_printf (sql, " ORDER BY t.%1$s %2$s, t._rid %2$s LIMIT %3$d", self->sort->name,
                          order_sql (self), PAGE_SIZE);
  if (!after)
    g_string_append (sql, " OFFSET ?");
  return prepare (self, sql->str);
}

static void
count (DqRowModel *self)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt    *stmt;

  if (self->where == NULL)
    build_where (self);
  sql = g_strdup_printf ("SELECT count(*) FROM %s t%s", self->table->name, self->where);
  stmt = prepare (self, sql);
  self->n_items = 0;
  if (stmt != NULL)
    {
      bind_params (self, stmt);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        self->n_items = (guint) sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }
  self->counted = TRUE;
}

static GPtrArray *
read_page (DqRowModel *self,
           guint       page)
{
  GPtrArray     *before = page > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1)) : NULL;
  DqRow         *last = before && before->len == PAGE_SIZE ? g_ptr_array_index (before, PAGE_SIZE - 1) : NULL;
  const DqValue *last_value = last ? dq_record_get (dq_row_get_record (last), self->sort->name) : NULL;
  gboolean       after = last_value != NULL && last_value->kind != DQ_VALUE_NULL;
  sqlite3_stmt  *stmt;
  GPtrArray     *rows;
  int            first_ref;

  if (after)
    {
      if (self->after_stmt == NULL)
        self->after_stmt = prepare_page (self, TRUE);
      stmt = self->after_stmt;
    }
  else
    {
      if (self->page_stmt == NULL)
        self->page_stmt = prepare_page (self, FALSE);
      stmt = self->page_stmt;
    }

  rows = g_ptr_array_new_with_free_func (g_object_unref);
  if (stmt == NULL)
    return rows;

  sqlite3_reset (stmt);
  bind_params (self, stmt);
  if (after)
    {
      int n = (int) self->params->len;

      dq_store_bind_value (stmt, n + 1, last_value);
      sqlite3_bind_int64 (stmt, n + 2, dq_row_get_rid (last));
    }
  else
    sqlite3_bind_int64 (stmt, (int) self->params->len + 1, (sqlite3_int64) page * PAGE_SIZE);

  first_ref = sqlite3_column_count (stmt) - (int) self->refs->len;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      DqRecord   *record = dq_record_new (self->table, (const char *) sqlite3_column_text (stmt, 0));
      GHashTable *refs = NULL;

      dq_store_read_columns (self->store, stmt, 2, record);
      for (guint i = 0; i < self->refs->len; i++)
        {
          const DqColumn *c = g_ptr_array_index (self->refs, i);
          const char     *name = (const char *) sqlite3_column_text (stmt, first_ref + (int) i);

          if (name == NULL)
            continue;
          if (refs == NULL)
            refs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
          g_hash_table_insert (refs, (gpointer) c->name, g_strdup (name));
        }
      g_ptr_array_add (rows, dq_row_new (record, refs));
      dq_row_set_rid (g_ptr_array_index (rows, rows->len - 1), sqlite3_column_int64 (stmt, 1));
      g_clear_pointer (&refs, g_hash_table_unref);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rows;
}

static GPtrArray *
lookup_page (DqRowModel *self,
             guint       page)
{
  GPtrArray *rows = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));

  if (rows != NULL)
    {
      GList *link = g_queue_find (&self->lru, GUINT_TO_POINTER (page));

      g_queue_unlink (&self->lru, link);
      g_queue_push_head_link (&self->lru, link);
      return rows;
    }

  rows = read_page (self, page);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), rows);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (self->lru.length > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
  return rows;
}

static int
compare_pages (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Recycling: the cached pages that still fall within the new count are
 * read again, lowest first (each can then start after the one before),
 * and their DqRows take the new records in place; the other pages go. */
static void
refill_pages (DqRowModel *self)
{
  g_autoptr (GHashTable) old_pages = g_steal_pointer (&self->pages);
  g_autoptr (GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));

  for (GList *l = self->lru.head; l; l = l->next)
    {
      guint page = GPOINTER_TO_UINT (l->data);

      if ((guint64) page * PAGE_SIZE < self->n_items)
        g_array_append_val (indices, page);
    }
  g_array_sort (indices, compare_pages);
  g_queue_clear (&self->lru);
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < indices->len; i++)
    {
      guint      page = g_array_index (indices, guint, i);
      GPtrArray *old_rows = g_hash_table_lookup (old_pages, GUINT_TO_POINTER (page));
      GPtrArray *fresh = read_page (self, page);

      for (guint j = 0; j < fresh->len && j < old_rows->len; j++)
        {
          DqRow *kept = g_ptr_array_index (old_rows, j);
          DqRow *spent = g_ptr_array_index (fresh, j);

          dq_row_take_contents (kept, spent);
          g_ptr_array_index (fresh, j) = g_object_ref (kept);
          g_object_unref (spent);
        }
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), fresh);
      g_queue_push_tail (&self->lru, GUINT_TO_POINTER (page));
    }
}

/* The query changed: count again, tell the view. */
static void
requery (DqRowModel *self)
{
  guint old = self->counted ? self->n_items : 0;

  drop_statements (self);
  g_clear_pointer (&self->where, g_free);

  if (self->recycle && old > 0)
    {
      count (self);
      refill_pages (self);
      /* Rows in place took their new records; only the count is news. */
      if (self->n_items < old)
        g_list_model_items_changed (G_LIST_MODEL (self), self->n_items, old - self->n_items, 0);
      else if (self->n_items > old)
        g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_items - old);
      return;
    }

  drop_pages (self);
  count (self);
  /* GTK 4.8's list views read every added row of a replacement: one
   * emission while that is cheap (it lets the view reuse its row widgets);
   * for a long list two, with the model empty between them as the first
   * one says — else every change would read the whole table. */
  if (self->n_items <= SINGLE_EMISSION_MAX || old == 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
  else
    {
      guint n = self->n_items;

      self->n_items = 0;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
      self->n_items = n;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_items);
    }
}

static void
table_changed_cb (DqRowModel *self)
{
  dq_row_model_reload (self);
}

static GType
dq_row_model_get_item_type (GListModel *model)
{
  return DQ_TYPE_ROW;
}

static guint
dq_row_model_get_n_items (GListModel *model)
{
  DqRowModel *self = DQ_ROW_MODEL (model);

  if (!self->counted)
    count (self);
  return self->n_items;
}

static gpointer
dq_row_model_get_item (GListModel *model,
                       guint       position)
{
  DqRowModel *self = DQ_ROW_MODEL (model);
  GPtrArray  *rows;

  if (position >= dq_row_model_get_n_items (model))
    return NULL;
  rows = lookup_page (self, position / PAGE_SIZE);
  if (position % PAGE_SIZE >= rows->len)
    return NULL; /* rows went away since the count; a reload is on its way */
  return g_object_ref (g_ptr_array_index (rows, position % PAGE_SIZE));
}

static void
dq_row_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = dq_row_model_get_item_type;
  iface->get_n_items = dq_row_model_get_n_items;
  iface->get_item = dq_row_model_get_item;
}

static void
dq_row_model_dispose (GObject *object)
{
  DqRowModel *self = DQ_ROW_MODEL (object);

  drop_statements (self);
  drop_pages (self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_row_model_parent_class)->dispose (object);
}

static void
dq_row_model_finalize (GObject *object)
{
  DqRowModel *self = DQ_ROW_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->filter_sql, g_free);
  g_clear_pointer (&self->filter_params, g_strfreev);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->search_match, g_free);
  g_clear_pointer (&self->search_prefix, g_free);
  g_clear_pointer (&self->where, g_free);
  g_clear_pointer (&self->params, g_ptr_array_unref);
  g_clear_pointer (&self->refs, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_row_model_parent_class)->finalize (object);
}

static void
dq_row_model_class_init (DqRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dq_row_model_dispose;
  object_class->finalize = dq_row_model_finalize;
}

static void
dq_row_model_init (DqRowModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->params = g_ptr_array_new_with_free_func (g_free);
  self->refs = g_ptr_array_new ();
}

DqRowModel *
dq_row_model_new (DqStore    *store,
                  const char *table)
{
  DqRowModel *self;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (dq_schema_table (table) != NULL, NULL);

  self = g_object_new (DQ_TYPE_ROW_MODEL, NULL);
  self->store = g_object_ref (store);
  self->table = dq_schema_table (table);
  self->sort = dq_table_column (self->table, self->table->display);
  dq_row_model_watch (self, G_OBJECT (store));
  return self;
}

DqStore *
dq_row_model_get_store (DqRowModel *self)
{
  g_return_val_if_fail (DQ_IS_ROW_MODEL (self), NULL);
  return self->store;
}

const DqTable *
dq_row_model_get_table (DqRowModel *self)
{
  g_return_val_if_fail (DQ_IS_ROW_MODEL (self), NULL);
  return self->table;
}

void
dq_row_model_set_filter (DqRowModel        *self,
                         const char        *where_sql,
                         const char *const *params)
{
  g_return_if_fail (DQ_IS_ROW_MODEL (self));

  if (g_strcmp0 (where_sql, self->filter_sql) == 0 &&
      ((params == NULL && self->filter_params == NULL) ||
       (params != NULL && self->filter_params != NULL &&
        g_strv_equal (params, (const char *const *) self->filter_params))))
    return;

  g_free (self->filter_sql);
  self->filter_sql = g_strdup (where_sql);
  g_strfreev (self->filter_params);
  self->filter_params = g_strdupv ((char **) params);
  requery (self);
}

void
dq_row_model_set_search (DqRowModel *self,
                         const char *text)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (DQ_IS_ROW_MODEL (self));

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped == '\0')
    g_clear_pointer (&stripped, g_free);
  if (g_strcmp0 (stripped, self->search) == 0)
    return;

  g_clear_pointer (&self->search_match, g_free);
  g_clear_pointer (&self->search_prefix, g_free);
  g_free (self->search);
  self->search = g_steal_pointer (&stripped);
  if (self->search != NULL)
    {
      if (dq_table_has_search (self->table))
        self->search_match = dq_fts_match (self->search, NULL, &self->search_prefix);
    }
  requery (self);
}

const char *
dq_row_model_get_search (DqRowModel *self)
{
  g_return_val_if_fail (DQ_IS_ROW_MODEL (self), NULL);
  return self->search;
}

void
dq_row_model_set_sort (DqRowModel *self,
                       const char *column,
                       gboolean    descending)
{
  const DqColumn *sort;

  g_return_if_fail (DQ_IS_ROW_MODEL (self));

  sort = dq_table_column (self->table, column ? column : self->table->display);
  g_return_if_fail (sort != NULL);
  if (sort == self->sort && !descending == !self->descending)
    return;
  self->sort = sort;
  self->descending = !!descending;
  requery (self);
}

void
dq_row_model_add_ref (DqRowModel *self,
                      const char *column)
{
  const DqColumn *c;

  g_return_if_fail (DQ_IS_ROW_MODEL (self));

  c = dq_table_column (self->table, column);
  g_return_if_fail (c != NULL && c->kind == DQ_COL_REF);
  g_ptr_array_add (self->refs, (gpointer) c);
  drop_statements (self);
  drop_pages (self);
}

void
dq_row_model_set_recycle (DqRowModel *self,
                          gboolean    recycle)
{
  g_return_if_fail (DQ_IS_ROW_MODEL (self));
  self->recycle = !!recycle;
}

void
dq_row_model_watch (DqRowModel *self,
                    GObject    *source)
{
  g_autofree char *signal = NULL;

  g_return_if_fail (DQ_IS_ROW_MODEL (self));

  signal = g_strdup_printf ("changed::%s", self->table->name);
  g_signal_connect_object (source, signal, G_CALLBACK (table_changed_cb), self, G_CONNECT_SWAPPED);
}

void
dq_row_model_reload (DqRowModel *self)
{
  g_return_if_fail (DQ_IS_ROW_MODEL (self));
  requery (self);
}

guint
dq_row_model_find (DqRowModel *self,
                   const char *id)
{
  g_autoptr (GString) sql = NULL;
  sqlite3_stmt *stmt;
  guint         position = G_MAXUINT;
  const char   *s;
  int           n;

  g_return_val_if_fail (DQ_IS_ROW_MODEL (self), G_MAXUINT);

  if (self->where == NULL)
    build_where (self);
  s = self->sort->name;
  /* Rows before @id in the order: NULLs sort first ascending, last descending. */
  sql = g_string_new (NULL);
  g_string_printf (sql,
                   "WITH me(v, id) AS (SELECT t.%1$s, t._rid FROM %2$s t%3$s AND t.id = ?) "
                   "SELECT (SELECT count(*) FROM %2$s t%3$s AND ",
                   s, self->table->name, self->where);
  if (self->descending)
    g_string_append_printf (sql,
                            "CASE WHEN me.v IS NULL THEN (t.%1$s IS NOT NULL OR t._rid > me.id) "
                            "ELSE (t.%1$s > me.v OR (t.%1$s = me.v AND t._rid > me.id)) END",
                            s);
  else
    g_string_append_printf (sql,
                            "CASE WHEN me.v IS NULL THEN (t.%1$s IS NULL AND t._rid < me.id) "
                            "ELSE (t.%1$s IS NULL OR t.%1$s < me.v OR (t.%1$s = me.v AND t._rid < me.id)) END",
                            s);
  g_string_append (sql, ") FROM me");

  stmt = prepare (self, sql->str);
  if (stmt == NULL)
    return G_MAXUINT;
  /* The WHERE parameters appear twice: in me, then in the count. */
  n = (int) self->params->len;
  for (int i = 0; i < n; i++)
    {
      sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (self->params, i), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, n + 2 + i, g_ptr_array_index (self->params, i), -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_text (stmt, n + 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return position;
}
