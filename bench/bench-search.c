/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dq-fts.h"

/* How fast the "dq" full-text index answers member searches: builds N
 * synthetic members (Chinese names with a realistic skew of surnames and
 * given-name characters, mobile numbers, ID-like numbers) in a member table
 * and an external-content FTS5 table, then times the queries a search box
 * makes: substrings of existing names of 1 to 4 characters and 4-digit
 * fragments of existing phones, as dq_store_search() would run them.
 *
 *   bench-search [N [DB-PATH]]     N defaults to 500000; DB-PATH to a
 *                                  temporary file, ":memory:" works */

#define N_QUERIES 200
#define QUERY_SQL "SELECT rowid FROM member_fts WHERE member_fts MATCH ?1 LIMIT 200"

/* Roughly by frequency, most common first; compound surnames at the end so
 * that 4-character names exist but are rare. */
/* clang-format off */
static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
  "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
  "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
  "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
  "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈",
  "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
  "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
  "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
  "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
  "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容",
};
/* clang-format on */

/* clang-format off */
static const char *const given_chars[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
  "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
  "刚", "桂", "英", "华", "玉", "兰", "红", "建", "国", "文",
  "辉", "鹏", "宇", "飞", "斌", "波", "婷", "燕", "浩", "凯",
  "晶", "丹", "萍", "鑫", "琳", "欣", "雪", "梅", "莉", "博",
  "晨", "阳", "俊", "峰", "荣", "志", "海", "林", "东", "亮",
  "成", "云", "小", "春", "金", "龙", "颖", "倩", "慧", "佳",
  "玲", "琴", "雯", "婧", "悦", "晓", "璐", "月", "彤", "瑶",
  "子", "涵", "轩", "睿", "泽", "宏", "昊", "然", "天", "一",
  "思", "雨", "怡", "诗", "梦", "嘉", "可", "心", "馨", "蕾",
  "洁", "露", "青", "翠", "凤", "珍", "琼", "芬", "菊", "香",
  "德", "福", "生", "长", "永", "庆", "贵", "祥", "发", "才",
  "振", "光", "家", "世", "新", "立", "中", "正", "茂", "兴",
  "昌", "胜", "利", "松", "柏", "山", "江", "河", "川", "岩",
  "仁", "义", "礼", "智", "信", "忠", "孝", "良", "善", "美",
  "学", "武", "卫", "红", "艺", "芝", "蓉", "薇", "琪", "媛",
  "楠", "璇", "璟", "瑾", "琦", "瑞", "祺", "煜", "熙", "晗",
  "航", "宁", "安", "乐", "康", "健", "旭", "朝", "晖", "耀",
  "启", "航", "远", "达", "通", "毅", "恒", "诚", "为", "民",
  "奇", "彬", "坤", "铭", "钧", "锋", "铁", "钢", "锦", "鸿",
};
/* clang-format on */

typedef struct {
  const char *label;
  GArray     *ms; /* double */
  guint64     rows;
} Series;

/* Draws an index in [0, n) with weights 1/(k+1)^0.7: a few values are very
 * common, as surnames and given-name characters are. */
static guint
pick_skewed (GRand  *rand,
             double *cumulative,
             guint   n)
{
  double x = g_rand_double (rand) * cumulative[n - 1];
  guint  lo = 0, hi = n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (cumulative[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static double *
make_cumulative (guint n)
{
  double *cumulative = g_new (double, n);
  double  sum = 0;

  for (guint k = 0; k < n; k++)
    {
      sum += 1.0 / pow (k + 1, 0.7);
      cumulative[k] = sum;
    }
  return cumulative;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_printerr ("%s: %s\n", sql, message);
      exit (1);
    }
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
generate_digits (GRand      *rand,
                 const char *head,
                 int         n)
{
  GString *out = g_string_new (head);

  while ((int) out->len < n)
    g_string_append_c (out, '0' + g_rand_int_range (rand, 0, 10));
  return g_string_free (out, FALSE);
}

static char *
generate_id_number (GRand *rand)
{
  g_autofree char *area = generate_digits (rand, "", 6);
  g_autofree char *serial = generate_digits (rand, "", 3);
  int              check = g_rand_int_range (rand, 0, 11);

  return g_strdup_printf ("%s%04d%02d%02d%s%c", area,
                          g_rand_int_range (rand, 1940, 2006),
                          g_rand_int_range (rand, 1, 13),
                          g_rand_int_range (rand, 1, 29),
                          serial, check == 10 ? 'X' : '0' + check);
}

static char *
substring (const char *text,
           int         offset,
           int         n_chars)
{
  const char *start = g_utf8_offset_to_pointer (text, offset);
  const char *end = g_utf8_offset_to_pointer (start, n_chars);

  return g_strndup (start, end - start);
}

/* Times one query, dq_fts_match() included; returns milliseconds. */
static double
run_query (sqlite3_stmt *stmt,
           const char   *text,
           guint64      *n_rows)
{
  gint64           start = g_get_monotonic_time ();
  g_autofree char *expr = dq_fts_match (text, NULL, NULL);
  int              rc;

  if (expr == NULL)
    {
      g_printerr ("no expression for '%s'\n", text);
      exit (1);
    }
  sqlite3_bind_text (stmt, 1, expr, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    (*n_rows)++;
  if (rc != SQLITE_DONE)
    {
      g_printerr ("MATCH '%s': %s\n", expr, sqlite3_errmsg (sqlite3_db_handle (stmt)));
      exit (1);
    }
  sqlite3_reset (stmt);

  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_series (Series *series)
{
  GArray *ms = series->ms;
  double *v;
  guint   n = ms->len;

  g_array_sort (ms, compare_doubles);
  v = (double *) ms->data;
  printf ("  %-28s n=%-4u median %7.3f ms   p99 %7.3f ms   max %7.3f ms   rows/query %.1f\n",
          series->label, n, v[n / 2], v[MIN (n - 1, (guint) ceil (n * 0.99) - 1)],
          v[n - 1], (double) series->rows / n);
}

static void
time_queries (sqlite3_stmt *stmt,
              const char   *label,
              GPtrArray    *texts)
{
  Series series = { label, g_array_new (FALSE, FALSE, sizeof (double)), 0 };

  for (guint i = 0; i < texts->len; i++)
    {
      double ms = run_query (stmt, texts->pdata[i], &series.rows);
      g_array_append_val (series.ms, ms);
    }
  print_series (&series);
  g_array_unref (series.ms);
}

static void
print_sizes (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;

  exec_sql (db, "CREATE VIRTUAL TABLE temp.stat USING dbstat(main)");
  if (sqlite3_prepare_v2 (db, "SELECT name, sum(pgsize) FROM temp.stat "
                              "GROUP BY name ORDER BY 2 DESC",
                          -1,
                          &stmt, NULL) != SQLITE_OK)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    printf ("  %-24s %8.1f MiB\n", sqlite3_column_text (stmt, 0),
            sqlite3_column_int64 (stmt, 1) / 1048576.0);
  sqlite3_finalize (stmt);
  printf ("  FTS index (member_fts*)  %8.1f MiB\n",
          query_int (db, "SELECT sum(pgsize) FROM temp.stat "
                         "WHERE name LIKE 'member_fts%'") /
              1048576.0);
  printf ("  FTS segments             %8" G_GINT64_FORMAT "\n",
          query_int (db, "SELECT count(DISTINCT segid) FROM member_fts_idx"));
  exec_sql (db, "DROP TABLE temp.stat");
}

static void
run_all (sqlite3   *db,
         GPtrArray *by_length[5],
         GPtrArray *phone_parts,
         GPtrArray *misses,
         GPtrArray *misses3,
         GPtrArray *common)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, QUERY_SQL, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("%s: %s\n", QUERY_SQL, sqlite3_errmsg (db));
      exit (1);
    }

  /* One untimed pass so that every series sees a warm page cache. */
  for (guint l = 1; l <= 4; l++)
    for (guint i = 0; i < by_length[l]->len; i++)
      {
        guint64 ignored = 0;
        run_query (stmt, by_length[l]->pdata[i], &ignored);
      }

  time_queries (stmt, "name, 1 character", by_length[1]);
  time_queries (stmt, "name, 2 characters", by_length[2]);
  time_queries (stmt, "name, 3 characters", by_length[3]);
  time_queries (stmt, "name, 4 characters", by_length[4]);
  time_queries (stmt, "phone, 4 digits", phone_parts);
  time_queries (stmt, "2 characters, no such pair", misses);
  time_queries (stmt, "3 characters, no match", misses3);
  time_queries (stmt, "1 common character", common);
  sqlite3_finalize (stmt);

  /* Without LIMIT, what a count of a very common character costs. */
  for (guint i = 0; i < MIN (common->len, 3u); i++)
    {
      g_autofree char *expr = dq_fts_match (common->pdata[i], NULL, NULL);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM member_fts "
                                              "WHERE member_fts MATCH '%s'",
                                              expr);
      gint64           start = g_get_monotonic_time ();
      gint64           count = query_int (db, sql);

      printf ("  count(*) '%s': %" G_GINT64_FORMAT " rows in %.1f ms\n",
              (const char *) common->pdata[i], count,
              (g_get_monotonic_time () - start) / 1000.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint            n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 500000;
  g_autofree char *path = NULL;
  gboolean         temporary = FALSE;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autofree double *surname_weights = make_cumulative (G_N_ELEMENTS (surnames));
  g_autofree double *given_weights = make_cumulative (G_N_ELEMENTS (given_chars));
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) phone_parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) misses = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) misses3 = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) common = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *by_length[5] = { NULL };
  g_autoptr (GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                        g_free, NULL);
  g_autoptr (GHashTable) triples = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                          g_free, NULL);
  sqlite3      *db = NULL;
  sqlite3_stmt *insert_member = NULL;
  sqlite3_stmt *insert_fts = NULL;
  gint64        start;

  if (n == 0)
    {
      g_printerr ("usage: %s [N [DB-PATH]]\n", argv[0]);
      return 2;
    }

  if (argc > 2)
    path = g_strdup (argv[2]);
  else
    {
      int fd = g_file_open_tmp ("bench-search-XXXXXX.db", &path, NULL);

      if (fd < 0)
        return 1;
      g_close (fd, NULL);
      g_unlink (path);
      temporary = TRUE;
    }

  if (sqlite3_open (path, &db) != SQLITE_OK || dq_fts_register (db) != SQLITE_OK)
    {
      g_printerr ("%s: cannot open or register the tokenizer\n", path);
      return 1;
    }

  exec_sql (db,
            "PRAGMA journal_mode = WAL;"
            "PRAGMA synchronous = NORMAL;"
            "CREATE TABLE member (rid INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            "                     phone TEXT, id_number TEXT);"
            "CREATE VIRTUAL TABLE member_fts USING fts5(name, phone, id_number,"
            "  tokenize = 'dq', content = 'member', content_rowid = 'rid');");

  printf ("SQLite %s, %u members, %s\n", sqlite3_libversion (), n, path);

  exec_sql (db, "BEGIN");
  if (sqlite3_prepare_v2 (db, "INSERT INTO member (rid, name, phone, id_number) "
                              "VALUES (?1, ?2, ?3, ?4)",
                          -1,
                          &insert_member, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO member_fts (rowid, name, phone, id_number) "
                              "VALUES (?1, ?2, ?3, ?4)",
                          -1,
                          &insert_fts, NULL) != SQLITE_OK)
    {
      g_printerr ("%s\n", sqlite3_errmsg (db));
      return 1;
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      GString                 *name = g_string_new (surnames[pick_skewed (rand, surname_weights,
                                                                          G_N_ELEMENTS (surnames))]);
      int                      n_given = g_rand_int_range (rand, 0, 10) < 3 ? 1 : 2;
      static const char *const mobile_heads[] = { "13", "15", "17", "18", "19" };
      char                    *phone = generate_digits (rand, mobile_heads[g_rand_int_range (rand, 0, 5)], 11);
      g_autofree char         *id_number = generate_id_number (rand);
      sqlite3_stmt            *stmts[] = { insert_member, insert_fts };

      for (int k = 0; k < n_given; k++)
        g_string_append (name, given_chars[pick_skewed (rand, given_weights,
                                                        G_N_ELEMENTS (given_chars))]);

      for (guint s = 0; s < G_N_ELEMENTS (stmts); s++)
        {
          sqlite3_bind_int64 (stmts[s], 1, i + 1);
          sqlite3_bind_text (stmts[s], 2, name->str, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmts[s], 3, phone, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmts[s], 4, id_number, -1, SQLITE_STATIC);
          if (sqlite3_step (stmts[s]) != SQLITE_DONE)
            {
              g_printerr ("insert: %s\n", sqlite3_errmsg (db));
              return 1;
            }
          sqlite3_reset (stmts[s]);
        }

      g_ptr_array_add (names, g_string_free (name, FALSE));
      g_ptr_array_add (phones, phone);
    }
  sqlite3_finalize (insert_member);
  sqlite3_finalize (insert_fts);
  exec_sql (db, "COMMIT");
  printf ("insert: %.1f s (member + member_fts, one transaction)\n",
          (g_get_monotonic_time () - start) / 1e6);

  /* Every pair and triple of characters that occurs in a name, to draw
   * misses. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      int         len = g_utf8_strlen (name, -1);

      for (int k = 0; k + 1 < len; k++)
        {
          g_hash_table_add (pairs, substring (name, k, 2));
          if (k + 2 < len)
            g_hash_table_add (triples, substring (name, k, 3));
        }
    }

  for (guint l = 1; l <= 4; l++)
    {
      by_length[l] = g_ptr_array_new_with_free_func (g_free);
      while (by_length[l]->len < N_QUERIES)
        {
          const char *name = names->pdata[g_rand_int_range (rand, 0, n)];
          int         len = g_utf8_strlen (name, -1);

          if (len >= (int) l)
            g_ptr_array_add (by_length[l],
                             substring (name, g_rand_int_range (rand, 0, len - l + 1), l));
        }
    }
  for (guint i = 0; i < N_QUERIES; i++)
    {
      const char *phone = phones->pdata[g_rand_int_range (rand, 0, n)];

      g_ptr_array_add (phone_parts, g_strndup (phone + g_rand_int_range (rand, 0, 8), 4));
    }
  /* Pairs of common characters that no name has: the whole of both
   * doclists must be read to find nothing. */
  for (guint tries = 0; misses->len < N_QUERIES && tries < 1000000; tries++)
    {
      const char *a = g_rand_boolean (rand)
                          ? given_chars[pick_skewed (rand, given_weights, G_N_ELEMENTS (given_chars))]
                          : surnames[pick_skewed (rand, surname_weights, 90)];
      const char *b = g_rand_boolean (rand)
                          ? given_chars[pick_skewed (rand, given_weights, G_N_ELEMENTS (given_chars))]
                          : surnames[pick_skewed (rand, surname_weights, 90)];
      char       *pair = g_strconcat (a, b, NULL);

      if (!g_hash_table_contains (pairs, pair))
        g_ptr_array_add (misses, pair);
      else
        g_free (pair);
    }
  /* Three characters whose two pairs are common but never follow each
   * other: the phrase must compare positions in both doclists. */
  for (guint tries = 0; misses3->len < N_QUERIES && tries < 10000000; tries++)
    {
      const char      *name = names->pdata[g_rand_int_range (rand, 0, n)];
      const char      *other = names->pdata[g_rand_int_range (rand, 0, n)];
      int              len = g_utf8_strlen (name, -1);
      int              other_len = g_utf8_strlen (other, -1);
      g_autofree char *ab = NULL;
      g_autofree char *bc = NULL;
      g_autofree char *b = NULL;

      if (len < 2 || other_len < 2)
        continue;
      ab = substring (name, len - 2, 2);
      bc = substring (other, 0, 2);
      b = substring (ab, 1, 1);
      if (g_str_has_prefix (bc, b))
        {
          char *abc = g_strconcat (ab, g_utf8_next_char (bc), NULL);

          if (!g_hash_table_contains (triples, abc))
            g_ptr_array_add (misses3, abc);
          else
            g_free (abc);
        }
    }
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (common, g_strdup (surnames[i]));
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (common, g_strdup (given_chars[i]));

  printf ("\nsizes, as written (automerge, no optimize):\n");
  print_sizes (db);
  printf ("\nqueries: " QUERY_SQL "\n");
  run_all (db, by_length, phone_parts, misses, misses3, common);

  start = g_get_monotonic_time ();
  exec_sql (db, "INSERT INTO member_fts (member_fts) VALUES ('optimize')");
  printf ("\noptimize: %.1f s\n", (g_get_monotonic_time () - start) / 1e6);
  print_sizes (db);
  printf ("\nqueries after optimize:\n");
  run_all (db, by_length, phone_parts, misses, misses3, common);

  sqlite3_close (db);
  if (temporary)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
    }

  for (guint l = 1; l <= 4; l++)
    g_ptr_array_unref (by_length[l]);

  return 0;
}
