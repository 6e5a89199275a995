/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema declared once: its tables are whole, its DDL runs, and the
 * protocol's cell checks (bad_value) accept and refuse what they should. */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "dq-codes.h"
#include "dq-fts.h"
#include "test-common.h"

static const char *entities[] = {
  "org",
  "member",
  "transfer",
  "center",
  "room",
  "booking",
  "activity",
  "registration",
  "visit_team",
  "visit_target",
  "visit",
  "building",
  "social_org",
  "worker",
  "notice",
  "notice_ack",
  "post",
  "fund",
  "standard_check",
  "meeting",
  "meeting_attendance",
  "checkin",
};

static void
test_every_entity (void)
{
  guint          n;
  const DqTable *tables = dq_schema_tables (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (entities));
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      const DqTable *t = dq_schema_table (entities[i]);
      g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_nonnull (t);
      g_assert_true (t == &tables[t->index]);
      g_assert_cmpstr (t->columns[DQ_COLUMN_DISTRICT].name, ==, "district");
      g_assert_cmpstr (t->columns[DQ_COLUMN_DELETED].name, ==, "deleted");
      g_assert_nonnull (dq_table_column (t, t->display));
      g_assert_cmpstr (dq_table_label (t), !=, "");

      for (guint c = 0; c < t->n_columns; c++)
        {
          const DqColumn *col = &t->columns[c];

          /* Unique names, a label, and targets that exist. */
          g_assert_false (g_hash_table_contains (names, col->name));
          g_hash_table_add (names, (gpointer) col->name);
          g_assert_cmpstr (dq_column_label (col), !=, "");
          g_assert_cmpuint (col->since, >=, t->since);
          g_assert_cmpuint (col->since, <=, DQ_SCHEMA_VERSION);
          if (col->kind == DQ_COL_CODE || col->kind == DQ_COL_CODES)
            g_assert_nonnull (dq_column_code_list (col));
          if (col->kind == DQ_COL_REF)
            g_assert_nonnull (dq_schema_table (col->target));
        }
    }

  /* The names other peers rely on. */
  g_assert_nonnull (dq_table_column (dq_schema_table ("org"), "name"));
  g_assert_nonnull (dq_table_column (dq_schema_table ("org"), "kind"));
  g_assert_nonnull (dq_table_column (dq_schema_table ("member"), "phone"));
  g_assert_nonnull (dq_table_column (dq_schema_table ("member"), "org_id"));
  g_assert_nonnull (dq_table_column (dq_schema_table ("notice"), "title"));
  g_assert_null (dq_schema_table ("members"));
  g_assert_null (dq_schema_table (NULL));
  g_assert_cmpint (dq_table_column_index (dq_schema_table ("org"), "nope"), ==, -1);
}

static void
test_ddl_runs (void)
{
  for (guint version = 1; version <= DQ_SCHEMA_VERSION; version++)
    {
      g_autofree char *ddl = dq_schema_ddl (version);
      sqlite3         *db = NULL;
      char            *message = NULL;

      g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
      g_assert_cmpint (dq_fts_register (db), ==, SQLITE_OK);
      if (sqlite3_exec (db, ddl, NULL, NULL, &message) != SQLITE_OK)
        g_error ("schema %u: %s", version, message);
      /* Running it again changes nothing (IF NOT EXISTS throughout). */
      g_assert_cmpint (sqlite3_exec (db, ddl, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
}

static gboolean
check (const char *table, const char *column, const DqValue *v, gboolean strict, GError **error)
{
  return dq_column_check_value (dq_table_column (dq_schema_table (table), column), v, strict, error);
}

static gboolean
check_text (const char *table, const char *column, const char *text)
{
  DqValue v = { .kind = DQ_VALUE_TEXT, .s = (char *) text };

  return check (table, column, &v, FALSE, NULL);
}

static gboolean
check_int (const char *table, const char *column, gint64 i)
{
  DqValue v = { .kind = DQ_VALUE_INT, .i = i };

  return check (table, column, &v, FALSE, NULL);
}

static void
test_cell_checks (void)
{
  DqValue null = { .kind = DQ_VALUE_NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *long_name = NULL;

  /* Types. */
  g_assert_true (check_text ("member", "name", "王芳"));
  g_assert_false (check_int ("member", "name", 1));
  g_assert_true (check_int ("org", "term_years", 5));
  g_assert_false (check_text ("org", "term_years", "5"));
  g_assert_false (check_int ("org", "term_years", 11));
  g_assert_true (check_int ("member", "deleted", 1));
  g_assert_false (check_int ("member", "deleted", 2));
  g_assert_false (check ("member", "deleted", &null, FALSE, NULL));
  g_assert_false (check_int ("fund", "amount_fen", -1));
  g_assert_true (check_int ("fund", "amount_fen", 3000000));

  /* Null is fine but for district and deleted. */
  g_assert_true (check ("member", "phone", &null, FALSE, NULL));
  g_assert_false (check ("member", "district", &null, FALSE, NULL));

  /* Length counts characters, not bytes. */
  long_name = g_strnfill (50, 'x');
  g_assert_true (check_text ("member", "name", long_name));
  g_free (long_name);
  long_name = g_strnfill (51, 'x');
  g_assert_false (check_text ("member", "name", long_name));
  g_assert_true (check_text ("member", "name", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"));

  /* Codes and districts. */
  g_assert_true (check_text ("member", "gender", "2"));
  g_assert_false (check_text ("member", "gender", "女"));
  g_assert_true (check_text ("member", "ethnicity", "01"));
  g_assert_false (check_text ("member", "ethnicity", "57"));
  g_assert_true (check_text ("member", "education", "21"));
  g_assert_true (check_text ("org", "kind", "党支部"));
  g_assert_false (check_text ("org", "kind", "党小队"));
  g_assert_true (check_text ("org", "domain", "非公企业"));
  g_assert_true (check_text ("center", "functions", "党建,政务,企业"));
  g_assert_false (check_text ("center", "functions", "党建,游泳"));
  g_assert_true (check_text ("org", "district", "440310"));
  g_assert_true (check_text ("notice", "district", "440300"));
  g_assert_false (check_text ("org", "district", "110101"));

  /* Formats. */
  g_assert_true (check_text ("member", "birth_date", "1990-03-07"));
  g_assert_false (check_text ("member", "birth_date", "1990-02-30"));
  g_assert_true (check_text ("member", "dues_paid_until", "2026-10"));
  g_assert_true (check_text ("activity", "starts_at", "2026-07-01T09:30:00+08:00"));
  g_assert_false (check_text ("activity", "starts_at", "2026-07-01 09:30"));
  g_assert_true (check_text ("registration", "desk", "9f0c4e2a7b1d4c3e8a6f5b2d1e0c9a87"));
  g_assert_false (check_text ("registration", "desk", "9F0C4E2A7B1D4C3E8A6F5B2D1E0C9A87"));
  g_assert_false (check_text ("member", "id_number", "440310199003074521"));

  /* Over sync a member's phone may be any phone; a local form wants a
   * mobile number. */
  {
    DqValue landline = { .kind = DQ_VALUE_TEXT, .s = (char *) "0755-12345678" };

    g_assert_true (check ("member", "phone", &landline, FALSE, NULL));
    g_assert_false (check ("member", "phone", &landline, TRUE, &error));
    g_assert_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_VALUE);
    /* The message names the field. */
    g_assert_true (g_str_has_prefix (error->message, "Mobile phone: "));
  }

  /* Hostile text is just text. */
  g_assert_true (check_text ("notice", "title", "'; DROP TABLE member; -- \\ \" \u202e 😀"));
  g_assert_false (check_text ("notice", "title", "\xff\xfe"));

  g_assert_cmpstr (dq_schema_error_code (DQ_SCHEMA_ERROR_BAD_VALUE), ==, "bad_value");
  g_assert_cmpstr (dq_schema_error_code (DQ_SCHEMA_ERROR_UNKNOWN_COLUMN), ==, "unknown_column");
}

/* Other peers write notices with only district and title. */
static void
test_minimal_notice (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autoptr (DqStore) store = test_store_new (dir, "r.db", NULL);
  g_autoptr (DqRecord) notice = dq_record_new_for ("notice", NULL);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (notice, "district", "440300");
  dq_record_set_text (notice, "title", "关于做好年度党员教育培训工作的通知");
  g_assert_true (dq_store_write (store, notice, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  test_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/every-entity", test_every_entity);
  g_test_add_func ("/schema/ddl-runs", test_ddl_runs);
  g_test_add_func ("/schema/cell-checks", test_cell_checks);
  g_test_add_func ("/schema/minimal-notice", test_minimal_notice);

  return g_test_run ();
}
