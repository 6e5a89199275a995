/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Benchmarks of the replica store, on demo data:
 *
 *   bench-store generate (--district CODE | --city) FILE
 *       demo generation and load into a new replica; rows/s and size on disk
 *   bench-store apply FILE
 *       merge every change of FILE into an empty replica (cells/s), beside a
 *       plain SQLite insert of the same rows into tables with the same
 *       columns and no stamps, history or full-text index (the ceiling)
 *   bench-store search FILE [N]
 *       member search latency for N random 1-4 character fragments of real
 *       names and 4-digit phone fragments: median, p99, worst
 *
 * Figures go to stdout, one "key: value" per line. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dq-demo.h"
#include "dq-fts.h"
#include "dq-schema.h"
#include "dq-store-private.h"
#include "dq-store.h"

static guint PAGE = 5000;

static double
now_s (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static gint64
replica_bytes (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };
  gint64      total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      GStatBuf         st;

      if (g_stat (p, &st) == 0)
        total += st.st_size;
    }
  return total;
}

static void
remove_replica (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_remove (p);
    }
}

static void
checkpoint (DqStore *store)
{
  sqlite3_wal_checkpoint_v2 (dq_store_get_db (store), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
                             NULL);
}

static int
cmd_generate (const char *district, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqStore) store = NULL;
  DqDemoOptions  options = { .district = district, .scale = 1.0 };
  DqDemoStats    stats = { 0 };
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);
  double         t0, t1;

  remove_replica (path);
  store = dq_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);

  t0 = now_s ();
  if (!dq_demo_generate (store, &options, &stats, &error))
    g_error ("%s", error->message);
  t1 = now_s ();
  checkpoint (store);

  printf ("scope: %s\n", district ? district : "city");
  for (guint i = 0; i < n_tables; i++)
    printf ("rows.%s: %" G_GUINT64_FORMAT "\n", tables[i].name, stats.rows[i]);
  printf ("rows: %" G_GUINT64_FORMAT "\n", stats.total);
  printf ("generate_and_load_s: %.2f\n", t1 - t0);
  printf ("rows_per_s: %.0f\n", stats.total / (t1 - t0));
  printf ("replica_mb: %.1f\n", replica_bytes (path) / 1e6);
  printf ("bytes_per_row: %.0f\n", (double) replica_bytes (path) / stats.total);
  return 0;
}

/* The ceilings: the same rows into plain tables, in transactions of the
 * same size. Bare: the same columns, a key on id, nothing else. Indexed:
 * the replica's own DDL (its indexes and full-text indexes, filled as a
 * plain application would) without stamps, merge or validation: what the
 * last-writer-wins machinery itself costs is the difference to it. */
typedef struct {
  sqlite3      *db;
  gboolean      indexed;
  sqlite3_stmt *insert[32];
  sqlite3_stmt *fts[32];
  guint64       search_mask[32];
} Plain;

static void
plain_open (Plain      *plain,
            const char *path,
            gboolean    indexed)
{
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);

  remove_replica (path);
  plain->indexed = indexed;
  g_assert (sqlite3_open (path, &plain->db) == SQLITE_OK);
  dq_fts_register (plain->db);
  sqlite3_exec (plain->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
                           "PRAGMA cache_size = -65536",
                NULL, NULL, NULL);
  if (indexed)
    {
      g_autofree char *ddl = dq_schema_ddl (DQ_SCHEMA_VERSION);
      g_assert (sqlite3_exec (plain->db, ddl, NULL, NULL, NULL) == SQLITE_OK);
    }

  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr (GString) ddl = g_string_new (NULL);
      g_autoptr (GString) ins = g_string_new (NULL);
      g_autoptr (GString) cols = g_string_new ("id");

      g_string_printf (ddl, "CREATE TABLE %s (id TEXT PRIMARY KEY", tables[t].name);
      g_string_printf (ins, "VALUES (?");
      for (guint c = 0; c < tables[t].n_columns; c++)
        {
          g_string_append_printf (ddl, ", %s", tables[t].columns[c].name);
          g_string_append_printf (cols, ", %s", tables[t].columns[c].name);
          g_string_append (ins, ", ?");
          if (tables[t].columns[c].flags & DQ_COL_FLAG_SEARCH)
            plain->search_mask[t] |= G_GUINT64_CONSTANT (1) << c;
        }
      g_string_append (ddl, ")");
      g_string_append (ins, indexed ? ", x'', 0)" : ")");
      if (!indexed)
        g_assert (sqlite3_exec (plain->db, ddl->str, NULL, NULL, NULL) == SQLITE_OK);
      g_string_prepend (ins, ") ");
      g_string_prepend (ins, indexed ? ", _stamps, _lver" : "");
      g_string_prepend (ins, cols->str);
      g_string_prepend (ins, " (");
      g_string_prepend (ins, tables[t].name);
      g_string_prepend (ins, "INSERT INTO ");
      g_assert (sqlite3_prepare_v2 (plain->db, ins->str, -1, &plain->insert[t], NULL) == SQLITE_OK);

      if (indexed && plain->search_mask[t])
        {
          g_autofree char *search = dq_table_search_columns (&tables[t], DQ_SCHEMA_VERSION);
          g_autoptr (GString) fts = g_string_new (NULL);

          g_string_printf (fts, "INSERT INTO %s__fts (rowid, %s) VALUES (?", tables[t].name, search);
          for (guint c = 0; c < tables[t].n_columns; c++)
            if (plain->search_mask[t] & (G_GUINT64_CONSTANT (1) << c))
              g_string_append (fts, ", ?");
          g_string_append (fts, ")");
          g_assert (sqlite3_prepare_v2 (plain->db, fts->str, -1, &plain->fts[t], NULL) == SQLITE_OK);
        }
    }
}

static void
bind (sqlite3_stmt  *stmt,
      int            i,
      const DqValue *v)
{
  if (v->kind == DQ_VALUE_TEXT)
    sqlite3_bind_text (stmt, i, v->s, -1, SQLITE_STATIC);
  else if (v->kind == DQ_VALUE_INT)
    sqlite3_bind_int64 (stmt, i, v->i);
  else
    sqlite3_bind_null (stmt, i);
}

static void
plain_insert (Plain     *plain,
              GPtrArray *changes)
{
  sqlite3_exec (plain->db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      DqRecord     *r = ((DqChange *) g_ptr_array_index (changes, i))->record;
      guint         t = r->table->index;
      sqlite3_stmt *stmt = plain->insert[t];

      sqlite3_bind_text (stmt, 1, r->id, -1, SQLITE_STATIC);
      for (guint c = 0; c < r->table->n_columns; c++)
        bind (stmt, (int) c + 2, &r->values[c]);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);

      if (plain->fts[t] != NULL)
        {
          int j = 1;

          sqlite3_bind_int64 (plain->fts[t], j++, sqlite3_last_insert_rowid (plain->db));
          for (guint c = 0; c < r->table->n_columns; c++)
            if (plain->search_mask[t] & (G_GUINT64_CONSTANT (1) << c))
              bind (plain->fts[t], j++, &r->values[c]);
          sqlite3_step (plain->fts[t]);
          sqlite3_reset (plain->fts[t]);
        }
    }
  sqlite3_exec (plain->db, "COMMIT", NULL, NULL, NULL);
}

static void
plain_close (Plain      *plain,
             const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (plain->insert); i++)
    {
      g_clear_pointer (&plain->insert[i], sqlite3_finalize);
      g_clear_pointer (&plain->fts[i], sqlite3_finalize);
    }
  sqlite3_close (plain->db);
  remove_replica (path);
}

static guint64
count_cells (GPtrArray *changes)
{
  guint64 n = 0;

  for (guint i = 0; i < changes->len; i++)
    n += dq_record_n_set (((DqChange *) g_ptr_array_index (changes, i))->record);
  return n;
}

static int
cmd_apply (const char *source_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqStore) source = dq_store_open (source_path, &error);
  g_autofree char *target_path = g_strconcat (source_path, ".apply-target", NULL);
  g_autofree char *plain_path = g_strconcat (source_path, ".plain", NULL);
  g_autofree char *indexed_path = g_strconcat (source_path, ".plain-indexed", NULL);
  g_autoptr (DqStore) target = NULL;
  DqCursor cursor = DQ_CURSOR_INIT;
  gboolean more = TRUE;
  double   apply_s = 0, plain_s = 0, indexed_s = 0, read_s = 0;
  guint64  cells = 0, changes_n = 0;
  Plain    plain = { 0 };
  Plain    indexed = { 0 };

  if (source == NULL)
    g_error ("%s", error->message);
  remove_replica (target_path);
  target = dq_store_open (target_path, &error);
  if (target == NULL)
    g_error ("%s", error->message);
  plain_open (&plain, plain_path, FALSE);
  plain_open (&indexed, indexed_path, TRUE);
  if (g_getenv ("BENCH_PAGE"))
    PAGE = (guint) atoi (g_getenv ("BENCH_PAGE"));
  if (g_getenv ("BENCH_TARGET_SQL"))
    sqlite3_exec (dq_store_get_db (target), g_getenv ("BENCH_TARGET_SQL"), NULL, NULL, NULL);

  while (more)
    {
      double t0 = now_s (), t1, t2, t3, t4;
      g_autoptr (GPtrArray) page =
          dq_store_changes_since (source, &cursor, PAGE, DQ_CHANGES_ALL, &more, &error);

      if (page == NULL)
        g_error ("%s", error->message);
      t1 = now_s ();
      if (!dq_store_apply (target, (DqChange **) page->pdata, page->len,
                           DQ_APPLY_FLAGS_UPSTREAM, NULL, &error))
        g_error ("%s", error->message);
      t2 = now_s ();
      plain_insert (&plain, page);
      t3 = now_s ();
      plain_insert (&indexed, page);
      t4 = now_s ();

      read_s += t1 - t0;
      apply_s += t2 - t1;
      plain_s += t3 - t2;
      indexed_s += t4 - t3;
      cells += count_cells (page);
      changes_n += page->len;
    }

  printf ("changes: %" G_GUINT64_FORMAT "\n", changes_n);
  printf ("cells: %" G_GUINT64_FORMAT "\n", cells);
  printf ("read_changes_s: %.2f\n", read_s);
  printf ("apply_s: %.2f\n", apply_s);
  printf ("apply_cells_per_s: %.0f\n", cells / apply_s);
  printf ("plain_insert_s: %.2f\n", plain_s);
  printf ("plain_cells_per_s: %.0f\n", cells / plain_s);
  printf ("apply_vs_plain: %.2f\n", plain_s / apply_s);
  printf ("plain_indexed_s: %.2f\n", indexed_s);
  printf ("plain_indexed_cells_per_s: %.0f\n", cells / indexed_s);
  printf ("apply_vs_plain_indexed: %.2f\n", indexed_s / apply_s);

  plain_close (&plain, plain_path);
  plain_close (&indexed, indexed_path);
  g_clear_object (&target);
  remove_replica (target_path);
  return 0;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *label, GArray *ms)
{
  g_array_sort (ms, compare_doubles);
  printf ("search.%s: median %.3f ms, p99 %.3f ms, max %.3f ms (n=%u)\n", label,
          g_array_index (ms, double, ms->len / 2),
          g_array_index (ms, double, (guint) (ms->len * 0.99)),
          g_array_index (ms, double, ms->len - 1), ms->len);
}

static int
cmd_search (const char *path, guint n)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqStore) store = dq_store_open (path, &error);
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240601);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64        members;

  if (store == NULL)
    g_error ("%s", error->message);

  /* Fragments come from real rows, so that every query finds something. */
  sqlite3_prepare_v2 (dq_store_get_db (store),
                      "SELECT name, phone FROM member ORDER BY random() LIMIT 2000", -1, &stmt,
                      NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      if (sqlite3_column_type (stmt, 1) == SQLITE_TEXT)
        g_ptr_array_add (phones, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (dq_store_get_db (store), "SELECT count(*) FROM member", -1, &stmt, NULL);
  sqlite3_step (stmt);
  members = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  printf ("members: %" G_GINT64_FORMAT "\n", members);

  for (guint len = 1; len <= 5; len++)
    {
      g_autoptr (GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *label = len <= 4 ? g_strdup_printf ("name_%u_chars", len)
                                        : g_strdup ("phone_4_digits");

      for (guint q = 0; q < n; q++)
        {
          char fragment[64];
          g_autoptr (GPtrArray) rows = NULL;
          double t0, elapsed;

          if (len <= 4)
            {
              const char *name = g_ptr_array_index (names, g_rand_int_range (rand, 0, (gint32) names->len));
              glong       chars = g_utf8_strlen (name, -1);
              glong       take = MIN ((glong) len, chars);
              glong       start = g_rand_int_range (rand, 0, (gint32) (chars - take + 1));
              const char *a = g_utf8_offset_to_pointer (name, start);
              const char *b = g_utf8_offset_to_pointer (a, take);

              g_strlcpy (fragment, a, MIN ((gsize) (b - a) + 1, sizeof fragment));
            }
          else
            {
              const char *phone = g_ptr_array_index (phones, g_rand_int_range (rand, 0, (gint32) phones->len));
              g_strlcpy (fragment, phone + g_rand_int_range (rand, 3, 7), 5);
            }

          t0 = now_s ();
          rows = dq_store_search (store, "member", fragment, 200, &error);
          elapsed = (now_s () - t0) * 1000.0;
          if (rows == NULL || rows->len == 0)
            g_error ("no result for %s", fragment);
          g_array_append_val (ms, elapsed);
        }
      report (label, ms);
    }
  return 0;
}

int
main (int argc, char *argv[])
{
  if (argc >= 4 && g_str_equal (argv[1], "generate") && g_str_equal (argv[2], "--city"))
    return cmd_generate (NULL, argv[3]);
  if (argc >= 5 && g_str_equal (argv[1], "generate") && g_str_equal (argv[2], "--district"))
    return cmd_generate (argv[3], argv[4]);
  if (argc >= 3 && g_str_equal (argv[1], "apply"))
    return cmd_apply (argv[2]);
  if (argc >= 3 && g_str_equal (argv[1], "search"))
    return cmd_search (argv[2], argc >= 4 ? (guint) atoi (argv[3]) : 500);

  fprintf (stderr, "usage: bench-store generate (--district CODE | --city) FILE\n"
                   "       bench-store apply FILE\n"
                   "       bench-store search FILE [N]\n");
  return 1;
}
