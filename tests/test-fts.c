/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-fts"

#include "config.h"

#include <string.h>

#include "dq-fts.h"

/* The "dq" tokenizer and dq_fts_match() against a real FTS5 table: which
 * rows each query finds, the tokens and positions in the index, highlight()
 * offsets, deletes, and a scan-checked run over 20,000 generated rows. */

typedef struct {
  sqlite3 *db;
} Fixture;

static const struct {
  gint64      rowid;
  const char *name;
  const char *phone;
  const char *id_number;
} members[] = {
  { 1, "王芳", "13812345678", "44031019900307451X" },
  { 2, "王芳华", "13987654321", "110101198503071234" },
  { 3, "欧阳娜娜", "15000002345", "320102200001010011" },
  { 4, "李王", "18600001111", "44030419880808123X" },
  { 5, "张伟", "13700005678", "510104197703030303" },
  { 6, "刘洋", "13911112222", "370202199112124444" },
  { 7, "陈芳华", "18912340987", "420106197606069876" },
  { 8, "阿卜杜·热合曼", "13399990000", "650102199909091111" },
  { 9, "张伟B", "13700005679", "510104197703030311" },
  { 10, "司马 光", "020-87654321", "610113198001015555" },
};

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;
  int   rc = sqlite3_exec (db, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3 *
open_db (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (dq_fts_register (db), ==, SQLITE_OK);
  return db;
}

static void
fixture_set_up (Fixture      *fx,
                gconstpointer data)
{
  sqlite3_stmt *stmt = NULL;

  fx->db = open_db ();
  exec_sql (fx->db, "CREATE VIRTUAL TABLE t USING "
                    "fts5(name, phone, id_number, tokenize='dq')");

  g_assert_cmpint (sqlite3_prepare_v2 (fx->db,
                                       "INSERT INTO t (rowid, name, phone, id_number) "
                                       "VALUES (?, ?, ?, ?)",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      sqlite3_bind_int64 (stmt, 1, members[i].rowid);
      sqlite3_bind_text (stmt, 2, members[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, members[i].phone, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, members[i].id_number, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

static void
fixture_tear_down (Fixture      *fx,
                   gconstpointer data)
{
  g_assert_cmpint (sqlite3_close (fx->db), ==, SQLITE_OK);
}

/* The sorted rowids that @expr finds in @table. */
static GArray *
match_rowids (sqlite3    *db,
              const char *table,
              const char *expr)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rowid FROM %s WHERE %s MATCH ?1 "
                                          "ORDER BY rowid",
                                          table, table);
  GArray          *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt    *stmt = NULL;
  int              rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, expr, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rowids, rowid);
    }
  if (rc != SQLITE_DONE)
    g_error ("MATCH '%s': %s", expr, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  return rowids;
}

static char *
format_rowids (const gint64 *rowids,
               guint         n)
{
  GString *out = g_string_new ("{");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? " " : "", rowids[i]);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* @expected ends with 0. */
static void
assert_rows_full (sqlite3      *db,
                  const char   *table,
                  const char   *text,
                  const char   *column,
                  const gint64 *expected)
{
  g_autofree char *expr = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr (GArray) rowids = NULL;
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;
  guint            n_expected = 0;

  while (expected[n_expected] != 0)
    n_expected++;

  expr = dq_fts_match (text, column, &prefix);
  if (expr == NULL)
    g_error ("no MATCH expression for '%s'", text);
  g_assert_null (prefix);

  rowids = match_rowids (db, table, expr);
  got = format_rowids ((const gint64 *) rowids->data, rowids->len);
  want = format_rowids (expected, n_expected);
  if (g_strcmp0 (got, want) != 0)
    g_error ("'%s' (MATCH '%s'): got %s, expected %s", text, expr, got, want);
}

#define assert_rows(fx, text, column, ...) \
  assert_rows_full ((fx)->db, "t", (text), (column), (const gint64[]){ __VA_ARGS__, 0 })
#define assert_no_rows(fx, text, column) \
  assert_rows_full ((fx)->db, "t", (text), (column), (const gint64[]){ 0 })

static void
assert_match (const char *text,
              const char *column,
              const char *expected_expr,
              const char *expected_prefix)
{
  static char      stale[] = "stale"; /* what a reused variable may hold */
  char            *prefix = stale;
  g_autofree char *expr = dq_fts_match (text, column, &prefix);

  g_assert_cmpstr (expr, ==, expected_expr);
  g_assert_cmpstr (prefix, ==, expected_prefix);
  g_free (prefix);
}

static void
test_match_expressions (void)
{
  assert_match ("王", NULL, "\"王\"", NULL);
  assert_match ("王芳", NULL, "\"王芳 芳\"", NULL);
  assert_match ("王芳华", NULL, "\"王芳 芳华 华\"", NULL);
  assert_match ("  王 芳-华* ", NULL, "\"王芳 芳华 华\"", NULL);
  assert_match ("2345", NULL, "\"234 345\"", NULL);
  assert_match ("451X", NULL, "\"451 51x\"", NULL);
  assert_match ("２３４５", NULL, "\"234 345\"", NULL); /* full-width */
  assert_match ("138-1234 5678", NULL,
                "\"138 381 812 123 234 345 456 567 678\"", NULL);
  assert_match ("张伟B", NULL, "\"张伟 伟\" AND \"b\"", NULL);
  assert_match ("王\"芳", NULL, "\"王\" AND \"芳\"", NULL);
  assert_match ("王芳", "name", "{\"name\"} : (\"王芳 芳\")", NULL);
  assert_match ("王 0307", "id_number",
                "{\"id_number\"} : (\"王\" AND \"030 307\")", NULL);
  assert_match ("a\"b", "x\"y", "{\"x\"\"y\"} : (\"a\" AND \"b\")", NULL);

  /* Nothing the index can answer. */
  assert_match ("1", NULL, NULL, "1");
  assert_match (" 12 ", NULL, NULL, "12");
  assert_match ("A-b", "phone", NULL, "ab");
  assert_match ("", NULL, NULL, NULL);
  assert_match ("  - * ", NULL, NULL, NULL);
  assert_match ("\"", NULL, NULL, NULL);
  assert_match ("，。", NULL, NULL, NULL);
  g_assert_null (dq_fts_match (NULL, NULL, NULL));
  g_assert_null (dq_fts_match ("12", NULL, NULL));
}

static void
test_names (Fixture      *fx,
            gconstpointer data)
{
  assert_rows (fx, "王", NULL, 1, 2, 4);
  assert_rows (fx, "王芳", NULL, 1, 2);
  assert_rows (fx, "芳华", NULL, 2, 7);
  assert_rows (fx, "王芳华", NULL, 2);
  assert_rows (fx, "欧阳娜娜", NULL, 3);
  assert_rows (fx, "阳娜", NULL, 3);
  assert_rows (fx, "娜", NULL, 3);
  assert_no_rows (fx, "芳王", NULL);
  assert_no_rows (fx, "王芳华华", NULL);
  assert_no_rows (fx, "欧阳娜娜娜", NULL);
  assert_rows (fx, "李王", NULL, 4);

  /* Whitespace and '-' are not part of the text, on either side. */
  assert_rows (fx, "司马光", NULL, 10);
  assert_rows (fx, "马光", NULL, 10);
  assert_rows (fx, "司马 光", NULL, 10);
  assert_rows (fx, "王 芳", NULL, 1, 2);

  /* Other punctuation splits runs: each run must be there. */
  assert_rows (fx, "卜杜·热合", NULL, 8);
  assert_no_rows (fx, "杜热", NULL);

  /* CJK then a short ASCII run: the run is a whole token. */
  assert_rows (fx, "张伟", NULL, 5, 9);
  assert_rows (fx, "张伟b", NULL, 9);
  assert_rows (fx, "张伟 B", NULL, 9);
  assert_no_rows (fx, "张伟C", NULL);

  /* A quote in the input does not break the expression. */
  assert_rows (fx, "王\"芳", NULL, 1, 2);
  assert_rows (fx, "\"王芳\"", NULL, 1, 2);
  assert_rows (fx, "芳\"\"", NULL, 1, 2, 7);
}

static void
test_digits (Fixture      *fx,
             gconstpointer data)
{
  g_autofree char *prefix = NULL;

  assert_rows (fx, "2345", NULL, 1, 3);
  assert_rows (fx, "5678", NULL, 1, 5);
  assert_rows (fx, "138123", NULL, 1);
  assert_rows (fx, "13812345678", NULL, 1);
  assert_rows (fx, "138 1234 5678", NULL, 1);
  assert_rows (fx, "138-1234-5678", NULL, 1);
  assert_rows (fx, "２３４５", NULL, 1, 3);
  assert_rows (fx, "123", NULL, 1, 2, 4, 7);
  assert_no_rows (fx, "23457", NULL);
  assert_no_rows (fx, "138123456789", NULL);

  assert_rows (fx, "0307", NULL, 1, 2);
  assert_rows (fx, "451x", NULL, 1);
  assert_rows (fx, "451X", NULL, 1);
  assert_rows (fx, "0307451X", NULL, 1);
  assert_rows (fx, "44031019900307451X", NULL, 1);

  /* The landline was stored with its '-'. */
  assert_rows (fx, "87654321", NULL, 2, 10);
  assert_rows (fx, "020-8765", NULL, 10);
  assert_rows (fx, "0208765", NULL, 10);

  /* Short fragments go to the caller's prefix lookup. */
  g_assert_null (dq_fts_match ("13", NULL, &prefix));
  g_assert_cmpstr (prefix, ==, "13");
  g_clear_pointer (&prefix, g_free);
  g_assert_null (dq_fts_match ("x", "id_number", &prefix));
  g_assert_cmpstr (prefix, ==, "x");
}

static void
test_columns (Fixture      *fx,
              gconstpointer data)
{
  /* "0000" is in phones 3, 4, 5, 8 and 9, and in ID number 3. */
  assert_rows (fx, "0000", NULL, 3, 4, 5, 8, 9);
  assert_rows (fx, "0000", "phone", 3, 4, 5, 8, 9);
  assert_rows (fx, "0000", "id_number", 3);

  assert_rows (fx, "2345", "phone", 1, 3);
  assert_no_rows (fx, "2345", "id_number");
  assert_rows (fx, "1111", "phone", 4, 6);
  assert_rows (fx, "1111", "id_number", 8);

  assert_rows (fx, "王芳", "name", 1, 2);
  assert_no_rows (fx, "王芳", "phone");
  assert_rows (fx, "张伟b", "name", 9);
  assert_no_rows (fx, "张伟 5678", "phone");
  assert_rows (fx, "张伟 5678", NULL, 5);
}

static void
test_delete (Fixture      *fx,
             gconstpointer data)
{
  assert_rows (fx, "王芳", NULL, 1, 2);
  exec_sql (fx->db, "DELETE FROM t WHERE rowid = 1");
  assert_rows (fx, "王芳", NULL, 2);
  assert_rows (fx, "2345", NULL, 3);
  assert_no_rows (fx, "451x", NULL);

  exec_sql (fx->db, "UPDATE t SET name = '王华' WHERE rowid = 2");
  assert_no_rows (fx, "王芳", NULL);
  assert_rows (fx, "王华", NULL, 2);

  exec_sql (fx->db, "INSERT INTO t (t) VALUES ('integrity-check')");
}

static void
test_external_content (void)
{
  sqlite3 *db = open_db ();

  exec_sql (db,
            "CREATE TABLE member (rid INTEGER PRIMARY KEY, name TEXT, "
            "                     phone TEXT, id_number TEXT);"
            "CREATE VIRTUAL TABLE member_fts USING fts5(name, phone, id_number, "
            "  tokenize='dq', content='member', content_rowid='rid');"
            "CREATE TRIGGER member_ai AFTER INSERT ON member BEGIN"
            "  INSERT INTO member_fts (rowid, name, phone, id_number)"
            "  VALUES (new.rid, new.name, new.phone, new.id_number);"
            "END;"
            "CREATE TRIGGER member_ad AFTER DELETE ON member BEGIN"
            "  INSERT INTO member_fts (member_fts, rowid, name, phone, id_number)"
            "  VALUES ('delete', old.rid, old.name, old.phone, old.id_number);"
            "END;"
            "INSERT INTO member VALUES (1, '王芳', '13812345678', '44031019900307451X');"
            "INSERT INTO member VALUES (2, '王芳华', '13987654321', '110101198503071234');"
            "INSERT INTO member VALUES (3, '李王', '18600001111', '44030419880808123X');");

  assert_rows_full (db, "member_fts", "王芳", NULL, (const gint64[]){ 1, 2, 0 });
  assert_rows_full (db, "member_fts", "0307", NULL, (const gint64[]){ 1, 2, 0 });

  exec_sql (db, "DELETE FROM member WHERE rid = 2");
  assert_rows_full (db, "member_fts", "王芳", NULL, (const gint64[]){ 1, 0 });
  assert_rows_full (db, "member_fts", "0307", NULL, (const gint64[]){ 1, 0 });
  assert_rows_full (db, "member_fts", "王", NULL, (const gint64[]){ 1, 3, 0 });

  exec_sql (db, "INSERT INTO member_fts (member_fts) VALUES ('integrity-check');"
                "INSERT INTO member_fts (member_fts) VALUES ('rebuild');");
  assert_rows_full (db, "member_fts", "王", NULL, (const gint64[]){ 1, 3, 0 });

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* The tokens and positions of one document, as fts5vocab lists them. */
static char *
index_instances (sqlite3    *db,
                 const char *text)
{
  GString      *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  exec_sql (db, "DROP TABLE IF EXISTS d; DROP TABLE IF EXISTS dv;"
                "CREATE VIRTUAL TABLE d USING fts5(x, tokenize='dq');"
                "CREATE VIRTUAL TABLE dv USING fts5vocab(d, 'instance');");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO d (x) VALUES (?)", -1,
                                       &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT term, offset FROM dv "
                                           "ORDER BY offset, term",
                                       -1,
                                       &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s%s@%d", out->len ? " " : "",
                            (const char *) sqlite3_column_text (stmt, 0),
                            sqlite3_column_int (stmt, 1));
  sqlite3_finalize (stmt);

  return g_string_free (out, FALSE);
}

static void
assert_instances (sqlite3    *db,
                  const char *text,
                  const char *expected)
{
  g_autofree char *got = index_instances (db, text);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_tokens (void)
{
  sqlite3 *db = open_db ();

  assert_instances (db, "王芳华", "王@0 王芳@0 芳@1 芳华@1 华@2");
  assert_instances (db, "王", "王@0");
  assert_instances (db, "AbC1", "abc@0 bc1@1");
  assert_instances (db, "ab", "ab@0");
  assert_instances (db, "a", "a@0");
  assert_instances (db, "张伟B", "张@0 张伟@0 伟@1 b@2");
  assert_instances (db, "B张", "b@0 张@1");
  assert_instances (db, "12-3 4", "123@0 234@1");
  assert_instances (db, "司马 光", "司@0 司马@0 马@1 马光@1 光@2");
  assert_instances (db, "阿卜·热", "阿@0 阿卜@0 卜@1 热@2");
  assert_instances (db, "ab,cd", "ab@0 cd@1");
  assert_instances (db, "Ｘ１２", "x12@0");
  assert_instances (db, "", "");
  assert_instances (db, "，。！", "");
  assert_instances (db, "王\xe2\x80\x8b芳", "王@0 王芳@0 芳@1"); /* ZWSP */

  /* Invalid UTF-8 separates runs and is never a token. */
  exec_sql (db, "DELETE FROM d;"
                "INSERT INTO d (x) VALUES (CAST(x'e78e8bff6162636465e7' AS TEXT));");
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO d (d) VALUES ('integrity-check')",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);

  /* The tokenizer takes no arguments. */
  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE e USING fts5(x, tokenize='dq 1')",
                                 NULL, NULL, NULL),
                   !=, SQLITE_OK);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static char *
highlight (Fixture    *fx,
           const char *text,
           int         column,
           gint64      rowid)
{
  g_autofree char *expr = dq_fts_match (text, NULL, NULL);
  sqlite3_stmt    *stmt = NULL;
  char            *result = NULL;

  g_assert_nonnull (expr);
  g_assert_cmpint (sqlite3_prepare_v2 (fx->db,
                                       "SELECT highlight(t, ?1, '[', ']') FROM t "
                                       "WHERE t MATCH ?2 AND rowid = ?3",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, column);
  sqlite3_bind_text (stmt, 2, expr, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return result;
}

static void
assert_highlight (Fixture    *fx,
                  const char *text,
                  int         column,
                  gint64      rowid,
                  const char *expected)
{
  g_autofree char *got = highlight (fx, text, column, rowid);

  g_assert_cmpstr (got, ==, expected);
}

static void
test_highlight (Fixture      *fx,
                gconstpointer data)
{
  assert_highlight (fx, "王", 0, 2, "[王]芳华");
  assert_highlight (fx, "芳", 0, 2, "王[芳]华");
  assert_highlight (fx, "芳华", 0, 2, "王[芳华]");
  assert_highlight (fx, "王芳华", 0, 2, "[王芳华]");
  assert_highlight (fx, "阳娜娜", 0, 3, "欧[阳娜娜]");
  assert_highlight (fx, "马光", 0, 10, "司[马 光]");
  assert_highlight (fx, "2345", 1, 1, "1381[2345]678");
  assert_highlight (fx, "451x", 2, 1, "44031019900307[451X]");
  assert_highlight (fx, "030", 2, 1, "4403101990[030]7451X");
  assert_highlight (fx, "020-8765", 1, 10, "[020-8765]4321");
  assert_highlight (fx, "张伟b", 0, 9, "[张伟][B]");
}

/* Scale: the index against a scan of the same generated rows. */

/* clang-format off */
static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
  "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
  "欧阳", "司马", "诸葛", "上官",
};
/* clang-format on */

/* clang-format off */
static const char *const given[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
  "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
  "刚", "桂", "英", "华", "玉", "兰", "红", "建", "国", "文",
};
/* clang-format on */

static char *
generate_name (GRand *rand)
{
  GString *name = g_string_new (surnames[g_rand_int_range (rand, 0, G_N_ELEMENTS (surnames))]);
  int      n_given = g_rand_int_range (rand, 1, 4);

  for (int i = 0; i < n_given; i++)
    g_string_append (name, given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
  return g_string_free (name, FALSE);
}

static char *
generate_digits (GRand *rand,
                 int    n)
{
  char *digits = g_malloc (n + 1);

  for (int i = 0; i < n; i++)
    digits[i] = '0' + g_rand_int_range (rand, 0, 10);
  digits[n] = '\0';
  return digits;
}

/* The first @n_chars characters of @text from character @offset on. */
static char *
substring (const char *text,
           int         offset,
           int         n_chars)
{
  const char *start = g_utf8_offset_to_pointer (text, offset);
  const char *end = g_utf8_offset_to_pointer (start, n_chars);

  return g_strndup (start, end - start);
}

static void
check_against_scan (sqlite3    *db,
                    GPtrArray  *column,
                    const char *column_name,
                    const char *needle)
{
  g_autofree char *expr = dq_fts_match (needle, column_name, NULL);
  g_autoptr (GArray) rowids = NULL;
  guint n_expected = 0;
  guint j = 0;

  g_assert_nonnull (expr);
  rowids = match_rowids (db, "t", expr);

  for (guint i = 0; i < column->len; i++)
    {
      if (strstr (column->pdata[i], needle) == NULL)
        continue;
      n_expected++;
      if (j >= rowids->len || g_array_index (rowids, gint64, j) != (gint64) i + 1)
        g_error ("'%s': row %u ('%s') missing", needle, i + 1,
                 (const char *) column->pdata[i]);
      j++;
    }
  if (rowids->len != n_expected)
    g_error ("'%s': %u rows, expected %u", needle, rowids->len, n_expected);
}

static void
test_scale (void)
{
  const guint n_rows = 20000;
  sqlite3    *db = open_db ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240601);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  guint         n_nonempty = 0;

  exec_sql (db, "CREATE VIRTUAL TABLE t USING fts5(name, phone, tokenize='dq');"
                "BEGIN");
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO t (rowid, name, phone) "
                                           "VALUES (?, ?, ?)",
                                       -1,
                                       &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; i < n_rows; i++)
    {
      char *name = generate_name (rand);
      char *phone = generate_digits (rand, 11);

      g_ptr_array_add (names, name);
      g_ptr_array_add (phones, phone);
      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, phone, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  exec_sql (db, "COMMIT");

  /* Fragments of existing names, and pairs that may not exist. */
  for (guint k = 0; k < 200; k++)
    {
      const char      *name = names->pdata[g_rand_int_range (rand, 0, n_rows)];
      int              n_chars = g_utf8_strlen (name, -1);
      int              len = g_rand_int_range (rand, 1, MIN (n_chars, 4) + 1);
      g_autofree char *needle = substring (name, g_rand_int_range (rand, 0, n_chars - len + 1), len);

      check_against_scan (db, names, "name", needle);
    }
  for (guint k = 0; k < 50; k++)
    {
      g_autofree char *needle =
          g_strconcat (given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))],
                       surnames[g_rand_int_range (rand, 0, 20)], NULL);

      check_against_scan (db, names, "name", needle);
    }
  for (guint k = 0; k < 100; k++)
    {
      g_autofree char *needle = generate_digits (rand, g_rand_int_range (rand, 3, 6));

      check_against_scan (db, phones, "phone", needle);
    }

  /* The 2-character queries the brief asks about, and that they find rows. */
  for (guint k = 0; k < G_N_ELEMENTS (given); k++)
    {
      g_autofree char *needle = g_strconcat ("王", given[k], NULL);
      g_autofree char *expr = dq_fts_match (needle, NULL, NULL);
      g_autoptr (GArray) rowids = match_rowids (db, "t", expr);

      check_against_scan (db, names, "name", needle);
      n_nonempty += rowids->len > 0;
    }
  g_assert_cmpuint (n_nonempty, ==, G_N_ELEMENTS (given));

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fts/match-expressions", test_match_expressions);
  g_test_add_func ("/fts/tokens", test_tokens);
  g_test_add ("/fts/names", Fixture, NULL, fixture_set_up, test_names, fixture_tear_down);
  g_test_add ("/fts/digits", Fixture, NULL, fixture_set_up, test_digits, fixture_tear_down);
  g_test_add ("/fts/columns", Fixture, NULL, fixture_set_up, test_columns, fixture_tear_down);
  g_test_add ("/fts/delete", Fixture, NULL, fixture_set_up, test_delete, fixture_tear_down);
  g_test_add ("/fts/highlight", Fixture, NULL, fixture_set_up, test_highlight, fixture_tear_down);
  g_test_add_func ("/fts/external-content", test_external_content);
  g_test_add_func ("/fts/scale", test_scale);

  return g_test_run ();
}
