/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqStore: local writes, reads, lists, deletes, the merge of remote changes,
 * changes out, purge, dump and history. */

#include "config.h"

#include <string.h>

#include "dq-validate.h"
#include "test-common.h"

#define PINGSHAN "440310"
#define ORG_A    "0192f5c4-6c1e-7a3b-9d2e-4f1a2b3c4d5e"
#define NODE_A   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define NODE_B   "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

typedef struct {
  char    *dir;
  TestWall wall;
  DqStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = test_tmpdir ();
  f->wall.ms = 1764300000000;
  f->store = test_store_new (f->dir, "replica.db", &f->wall);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->store);
  test_rmdir (f->dir);
  g_free (f->dir);
}

static char *
write_org (DqStore *store, const char *name)
{
  g_autoptr (DqRecord) r = dq_record_new_for ("org", NULL);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (r, "district", PINGSHAN);
  dq_record_set_text (r, "name", name);
  dq_record_set_text (r, "kind", "党支部");
  g_assert_true (dq_store_write (store, r, &error));
  g_assert_no_error (error);
  return g_strdup (r->id);
}

static DqChange *
remote_change (const char *table, const char *id, guint64 hlc, const char *node)
{
  return dq_change_new (dq_record_new_for (table, id), hlc, node);
}

static DqApplyStatus
apply_one (DqStore *store, DqChange *change)
{
  DqApplyResult result;
  g_autoptr (GError) error = NULL;

  g_assert_true (dq_store_apply (store, &change, 1, DQ_APPLY_FLAGS_NONE, &result, &error));
  g_assert_no_error (error);
  dq_apply_result_clear (&result);
  return result.status;
}

static void
test_write_and_read (Fixture *f, gconstpointer data)
{
  g_autofree char *org = write_org (f->store, "坪山区坪山街道六和社区第一党支部");
  g_autoptr (DqRecord) m = test_member (PINGSHAN, org, "王芳", "13800138000", NULL);
  g_autoptr (DqRecord) read = NULL;
  g_autoptr (GError) error = NULL;
  guint64 v0 = dq_store_get_version (f->store);

  g_assert_true (dq_store_write (f->store, m, &error));
  g_assert_no_error (error);
  g_assert_true (dq_validate_uuid (m->id));
  g_assert_cmpuint (dq_store_get_version (f->store), ==, v0 + 1);

  read = dq_store_get (f->store, "member", m->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dq_record_get_text (read, "name"), ==, "王芳");
  g_assert_cmpstr (dq_record_get_text (read, "phone"), ==, "13800138000");
  g_assert_cmpstr (dq_record_get_text (read, "org_id"), ==, org);
  g_assert_cmpint (dq_record_get_int (read, "deleted", -1), ==, 0);
  g_assert_true (dq_record_get (read, "address")->kind == DQ_VALUE_NULL);

  g_clear_pointer (&read, dq_record_free);
  read = dq_store_get (f->store, "member", "0192f5c4-6c1e-7a3b-9d2e-000000000000", &error);
  g_assert_null (read);
  g_assert_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND);
}

static void
test_validation_first (Fixture *f, gconstpointer data)
{
  g_autofree char *org = write_org (f->store, "测试党支部");
  g_autoptr (DqRecord) good = test_member (PINGSHAN, org, "李明", "13800138001", NULL);
  g_autoptr (DqRecord) bad = test_member (PINGSHAN, org, "张伟", "12345", NULL);
  DqRecord *both[] = { good, bad };
  g_autoptr (GError) error = NULL;
  g_autoptr (DqQuery) q = dq_query_new ("member");
  guint64 v0 = dq_store_get_version (f->store);

  /* One invalid record: nothing is written, and the message names the
   * field (translated; here the English msgid). */
  g_assert_false (dq_store_write_many (f->store, both, 2, &error));
  g_assert_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "Mobile phone"));
  g_assert_cmpint (dq_store_count (f->store, q, NULL), ==, 0);
  g_assert_cmpuint (dq_store_get_version (f->store), ==, v0);
  g_assert_null (good->id);

  /* A required field missing. */
  g_clear_error (&error);
  dq_record_set_null (good, "name");
  g_assert_false (dq_store_write (f->store, good, &error));
  g_assert_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Full name"));
}

static void
test_id_number_cross_checks (Fixture *f, gconstpointer data)
{
  g_autofree char *org = write_org (f->store, "测试党支部");
  /* 440310 19900307 451 → male; check character computed. */
  char id[19] = "44031019900307451";
  g_autoptr (DqRecord) m = NULL;
  g_autoptr (GError) error = NULL;

  id[17] = dq_id_number_check_char (id);
  id[18] = '\0';

  m = test_member (PINGSHAN, org, "赵强", NULL, id);
  dq_record_set_text (m, "birth_date", "1990-03-08");
  g_assert_false (dq_store_write (f->store, m, &error));
  g_assert_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_INVALID_ROW);
  g_assert_null (m->id);
  g_clear_error (&error);

  dq_record_set_text (m, "birth_date", "1990-03-07");
  dq_record_set_text (m, "gender", "2");
  g_assert_false (dq_store_write (f->store, m, &error));
  g_assert_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_INVALID_ROW);
  g_clear_error (&error);

  dq_record_set_text (m, "gender", "1");
  g_assert_true (dq_store_write (f->store, m, &error));
  g_assert_no_error (error);

  /* An edit of the gender alone is checked against the stored ID. */
  {
    g_autoptr (DqRecord) edit = dq_record_new_for ("member", m->id);

    dq_record_set_text (edit, "gender", "2");
    g_assert_false (dq_store_write (f->store, edit, &error));
    g_assert_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_INVALID_ROW);
  }
}

static void
test_list_filter_page (Fixture *f, gconstpointer data)
{
  g_autofree char *org1 = write_org (f->store, "第一党支部");
  g_autofree char *org2 = write_org (f->store, "第二党支部");
  const char      *names[] = { "陈一", "陈二", "陈三", "陈四", "陈五" };
  g_autoptr (GPtrArray) page = NULL;
  g_autoptr (DqQuery) q = NULL;
  g_autofree char *deleted_id = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (DqRecord) m = test_member (PINGSHAN, i < 3 ? org1 : org2, names[i], NULL, NULL);
      g_assert_true (dq_store_write (f->store, m, NULL));
      if (i == 1)
        deleted_id = g_strdup (m->id);
    }
  g_assert_true (dq_store_delete (f->store, "member", deleted_id, NULL));

  q = dq_query_new ("member");
  dq_query_where_text (q, "org_id", org1);
  g_assert_cmpint (dq_store_count (f->store, q, NULL), ==, 2);
  dq_query_include_deleted (q, TRUE);
  g_assert_cmpint (dq_store_count (f->store, q, NULL), ==, 3);
  g_clear_pointer (&q, dq_query_free);

  q = dq_query_new ("member");
  dq_query_order_by (q, "name", FALSE);
  dq_query_set_range (q, 1, 2);
  page = dq_store_list (f->store, q, NULL);
  g_assert_cmpuint (page->len, ==, 2);
  /* Sorted by the column's text (code points): 一 三 五 四 → skip one. */
  g_assert_cmpstr (dq_record_get_text (g_ptr_array_index (page, 0), "name"), ==, "陈三");
  g_assert_cmpstr (dq_record_get_text (g_ptr_array_index (page, 1), "name"), ==, "陈五");
}

static void
test_delete_undelete (Fixture *f, gconstpointer data)
{
  g_autofree char *org = write_org (f->store, "测试党支部");
  g_autoptr (DqRecord) read = NULL;

  g_assert_true (dq_store_delete (f->store, "org", org, NULL));
  read = dq_store_get (f->store, "org", org, NULL);
  g_assert_cmpint (dq_record_get_int (read, "deleted", -1), ==, 1);
  /* Deleting keeps the cells: the name is still there to undo. */
  g_assert_cmpstr (dq_record_get_text (read, "name"), ==, "测试党支部");
  g_clear_pointer (&read, dq_record_free);

  g_assert_true (dq_store_undelete (f->store, "org", org, NULL));
  read = dq_store_get (f->store, "org", org, NULL);
  g_assert_cmpint (dq_record_get_int (read, "deleted", -1), ==, 0);
}

static void
test_merge_rule (Fixture *f, gconstpointer data)
{
  const guint64 t = DQ_HLC_MAKE (1764300000000, 0);
  g_autoptr (DqChange) c1 = remote_change ("org", ORG_A, t, NODE_A);
  g_autoptr (DqChange) older = remote_change ("org", ORG_A, t - 1, NODE_B);
  g_autoptr (DqChange) tie_b = remote_change ("org", ORG_A, t, NODE_B);
  g_autoptr (DqRecord) read = NULL;

  dq_record_set_text (c1->record, "district", PINGSHAN);
  dq_record_set_text (c1->record, "name", "A 写的");
  dq_record_set_text (c1->record, "kind", "党支部");
  g_assert_cmpint (apply_one (f->store, c1), ==, DQ_APPLY_APPLIED);
  /* The same change again is stale and changes nothing. */
  g_assert_cmpint (apply_one (f->store, c1), ==, DQ_APPLY_STALE);

  dq_record_set_text (older->record, "name", "旧的");
  g_assert_cmpint (apply_one (f->store, older), ==, DQ_APPLY_STALE);

  /* Equal hlc: the greater node wins ("bbbb…" > "aaaa…"). */
  dq_record_set_text (tie_b->record, "name", "B 写的");
  g_assert_cmpint (apply_one (f->store, tie_b), ==, DQ_APPLY_APPLIED);

  read = dq_store_get (f->store, "org", ORG_A, NULL);
  g_assert_cmpstr (dq_record_get_text (read, "name"), ==, "B 写的");
  g_assert_cmpstr (dq_record_get_text (read, "kind"), ==, "党支部");

  /* The clock moved past what it received. */
  g_assert_cmpuint (dq_hlc_now (dq_store_get_clock (f->store)), >, t);
}

static void
test_apply_rejects (Fixture *f, gconstpointer data)
{
  const guint64 t = DQ_HLC_MAKE (1764300000000, 0);
  DqChange     *changes[4];
  DqApplyResult results[4];
  g_autoptr (GError) error = NULL;

  changes[0] = remote_change ("org", "not-a-uuid", t, NODE_A);
  changes[1] = remote_change ("org", ORG_A, t, NODE_A);
  dq_record_set_text (changes[1]->record, "district", PINGSHAN);
  dq_record_set_int (changes[1]->record, "name", 42);
  changes[2] = remote_change ("org", ORG_A, DQ_HLC_MAKE (1764300000000 + 11 * 60 * 1000, 0),
                              NODE_A);
  dq_record_set_text (changes[2]->record, "district", PINGSHAN);
  changes[3] = remote_change ("org", ORG_A, t, NODE_A);
  dq_record_set_text (changes[3]->record, "name", "没有辖区");

  g_assert_true (dq_store_apply (f->store, changes, 4, DQ_APPLY_FLAGS_CHECK_SKEW, results,
                                 &error));
  g_assert_no_error (error);
  g_assert_cmpint (results[0].status, ==, DQ_APPLY_REJECTED);
  g_assert_cmpstr (dq_schema_error_code (results[0].error), ==, "bad_row");
  g_assert_cmpint (results[1].status, ==, DQ_APPLY_REJECTED);
  g_assert_cmpstr (dq_schema_error_code (results[1].error), ==, "bad_value");
  g_assert_cmpint (results[2].status, ==, DQ_APPLY_REJECTED);
  g_assert_cmpint (results[2].error, ==, DQ_APPLY_ERROR_CLOCK_SKEW);
  g_assert_cmpint (results[3].status, ==, DQ_APPLY_REJECTED);
  g_assert_cmpstr (dq_schema_error_code (results[3].error), ==, "bad_value");

  for (guint i = 0; i < 4; i++)
    {
      dq_apply_result_clear (&results[i]);
      dq_change_free (changes[i]);
    }
  g_assert_null (dq_store_get (f->store, "org", ORG_A, NULL));
}

static void
test_hostile_strings_verbatim (Fixture *f, gconstpointer data)
{
  const char *hostile = "'; DROP TABLE org; --\"\\ \u202e右到左 😀 \t\n";
  g_autoptr (DqChange) c = remote_change ("notice", ORG_A, DQ_HLC_MAKE (1000, 0), NODE_A);
  g_autoptr (DqRecord) read = NULL;

  dq_record_set_text (c->record, "district", PINGSHAN);
  dq_record_set_text (c->record, "title", hostile);
  g_assert_cmpint (apply_one (f->store, c), ==, DQ_APPLY_APPLIED);
  read = dq_store_get (f->store, "notice", ORG_A, NULL);
  g_assert_cmpstr (dq_record_get_text (read, "title"), ==, hostile);
}

static guint
count_changes_of (GPtrArray *changes, const char *id)
{
  guint n = 0;

  for (guint i = 0; i < changes->len; i++)
    if (g_str_equal (((DqChange *) g_ptr_array_index (changes, i))->record->id, id))
      n++;
  return n;
}

static void
test_changes_since (Fixture *f, gconstpointer data)
{
  g_autofree char *org1 = write_org (f->store, "一支部");
  DqCursor         mark = { dq_store_get_version (f->store), dq_store_get_version (f->store) };
  g_autofree char *org2 = write_org (f->store, "二支部");
  g_autoptr (DqRecord) edit = dq_record_new_for ("org", org1);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) after = NULL;
  DqCursor  cursor = DQ_CURSOR_INIT;
  gboolean  more;
  DqChange *c;

  dq_record_set_text (edit, "phone", "0755-12345678");
  g_assert_true (dq_store_write (f->store, edit, NULL));

  all = dq_store_changes_since (f->store, &cursor, 0, DQ_CHANGES_ALL, &more, NULL);
  /* org1: the creation group and the edit group; org2: one group. */
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_false (more);
  g_assert_cmpuint (cursor.pos, ==, dq_store_get_version (f->store));
  g_assert_cmpuint (cursor.base, ==, cursor.pos);

  after = dq_store_changes_since (f->store, &mark, 0, DQ_CHANGES_ALL, &more, NULL);
  g_assert_cmpuint (count_changes_of (after, org2), ==, 1);
  g_assert_cmpuint (count_changes_of (after, org1), ==, 1);
  /* Oldest first: org2 was changed before org1's edit. */
  c = g_ptr_array_index (after, 0);
  g_assert_cmpstr (c->record->id, ==, org2);
  c = g_ptr_array_index (after, 1);
  g_assert_cmpstr (c->node, ==, dq_store_get_node (f->store));
  g_assert_cmpuint (dq_record_n_set (c->record), ==, 1);
  g_assert_cmpstr (dq_record_get_text (c->record, "phone"), ==, "0755-12345678");
}

/* org1 was created first but edited last, so it sorts after org2: paging one
 * row at a time must still deliver org1's creation cells. */
static void
test_paging_never_skips (Fixture *f, gconstpointer data)
{
  g_autofree char *org1 = write_org (f->store, "一支部");
  g_autofree char *org2 = write_org (f->store, "二支部");
  g_autoptr (DqRecord) edit = dq_record_new_for ("org", org1);
  g_autoptr (DqStore) other = test_store_new (f->dir, "other.db", &f->wall);
  g_autoptr (GString) a = g_string_new (NULL);
  g_autoptr (GString) b = g_string_new (NULL);
  DqCursor cursor = DQ_CURSOR_INIT;
  gboolean more = TRUE;
  guint    pages = 0;

  dq_record_set_text (edit, "phone", "0755-12345678");
  g_assert_true (dq_store_write (f->store, edit, NULL));

  while (more)
    {
      g_autoptr (GPtrArray) page =
          dq_store_changes_since (f->store, &cursor, 1, DQ_CHANGES_ALL, &more, NULL);
      g_autofree char *text = dq_cursor_to_string (&cursor);
      DqCursor         parsed;

      g_assert_true (dq_cursor_parse (text, &parsed));
      g_assert_cmpuint (parsed.base, ==, cursor.base);
      g_assert_cmpuint (parsed.pos, ==, cursor.pos);
      g_assert_true (dq_store_apply (other, (DqChange **) page->pdata, page->len,
                                     DQ_APPLY_FLAGS_NONE, NULL, NULL));
      pages++;
    }
  g_assert_cmpuint (pages, ==, 2);
  g_assert_true (dq_store_dump (f->store, a, DQ_DUMP_STAMPS, NULL));
  g_assert_true (dq_store_dump (other, b, DQ_DUMP_STAMPS, NULL));
  test_assert_same_dump (a->str, b->str);
}

static void
test_cursor_text (void)
{
  DqCursor c;

  g_assert_true (dq_cursor_parse ("0", &c));
  g_assert_cmpuint (c.base, ==, 0);
  g_assert_true (dq_cursor_parse ("8.12", &c));
  g_assert_cmpuint (c.base, ==, 8);
  g_assert_cmpuint (c.pos, ==, 12);
  g_assert_false (dq_cursor_parse ("12.8", &c));
  g_assert_false (dq_cursor_parse ("", &c));
  g_assert_false (dq_cursor_parse ("abc", &c));
  g_assert_false (dq_cursor_parse ("1.", &c));
  g_assert_false (dq_cursor_parse ("-1", &c));
  g_assert_false (dq_cursor_parse ("99999999999999999999999", &c));
}

static void
write_in (DqStore *store, const char *table, const char *district, const char *column, const char *text, char **id)
{
  g_autoptr (DqRecord) r = dq_record_new_for (table, NULL);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (r, "district", district);
  dq_record_set_text (r, column, text);
  if (g_str_equal (table, "org"))
    dq_record_set_text (r, "kind", "党支部");
  g_assert_true (dq_store_write (store, r, &error));
  g_assert_no_error (error);
  *id = g_strdup (r->id);
}

/* A reader scoped to districts sees their rows and the city's; a row that
 * moves out reaches it as its district cell alone, and a reader of the new
 * district gets every cell of it. */
static void
test_scoped_changes (Fixture *f, gconstpointer data)
{
  const char      *pingshan[] = { PINGSHAN, "440300", NULL };
  const char      *luohu[] = { "440303", "440300", NULL };
  g_autofree char *x = NULL, *y = NULL, *notice = NULL;
  g_autoptr (GPtrArray) a = NULL;
  g_autoptr (GPtrArray) b = NULL;
  g_autoptr (DqRecord) move = NULL;
  DqCursor  ca = DQ_CURSOR_INIT, cb = DQ_CURSOR_INIT;
  DqChange *c;

  write_in (f->store, "org", PINGSHAN, "name", "坪山某支部", &x);
  write_in (f->store, "org", "440303", "name", "罗湖某支部", &y);
  write_in (f->store, "notice", "440300", "title", "全市通知", &notice);

  a = dq_store_changes_for (f->store, &ca, 0, DQ_CHANGES_ALL, pingshan, NULL, NULL);
  g_assert_cmpuint (a->len, ==, 2);
  g_assert_cmpuint (count_changes_of (a, x) + count_changes_of (a, notice), ==, 2);
  b = dq_store_changes_for (f->store, &cb, 0, DQ_CHANGES_ALL, luohu, NULL, NULL);
  g_assert_cmpuint (b->len, ==, 2);
  g_assert_cmpuint (count_changes_of (b, y) + count_changes_of (b, notice), ==, 2);
  g_clear_pointer (&a, g_ptr_array_unref);
  g_clear_pointer (&b, g_ptr_array_unref);

  /* 组织关系转接: x moves from Pingshan to Luohu. */
  f->wall.ms += 1000;
  move = dq_record_new_for ("org", x);
  dq_record_set_text (move, "district", "440303");
  g_assert_true (dq_store_write (f->store, move, NULL));

  a = dq_store_changes_for (f->store, &ca, 0, DQ_CHANGES_ALL, pingshan, NULL, NULL);
  g_assert_cmpuint (a->len, ==, 1);
  c = g_ptr_array_index (a, 0);
  g_assert_cmpstr (c->record->id, ==, x);
  g_assert_cmpuint (dq_record_n_set (c->record), ==, 1);
  g_assert_cmpstr (dq_record_get_text (c->record, "district"), ==, "440303");

  b = dq_store_changes_for (f->store, &cb, 0, DQ_CHANGES_ALL, luohu, NULL, NULL);
  g_assert_cmpuint (count_changes_of (b, x), ==, 2); /* creation + move */
  for (guint i = 0; i < b->len; i++)
    {
      c = g_ptr_array_index (b, i);
      if (dq_record_is_set (c->record, "name"))
        g_assert_cmpstr (dq_record_get_text (c->record, "name"), ==, "坪山某支部");
    }
  g_clear_pointer (&a, g_ptr_array_unref);

  /* Nothing more of x ever reaches Pingshan: not even its later edits. */
  {
    g_autoptr (DqRecord) edit = dq_record_new_for ("org", x);

    dq_record_set_text (edit, "name", "新名称");
    g_assert_true (dq_store_write (f->store, edit, NULL));
    a = dq_store_changes_for (f->store, &ca, 0, DQ_CHANGES_ALL, pingshan, NULL, NULL);
    g_assert_cmpuint (a->len, ==, 0);
  }
}

static void
test_purge_outside (Fixture *f, gconstpointer data)
{
  const char      *scope[] = { PINGSHAN, "440300", NULL };
  g_autofree char *x = NULL, *y = NULL, *z = NULL, *notice = NULL;
  g_autoptr (GHashTable) keep = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64 purged = 0;
  g_autoptr (DqRecord) kept = NULL;

  write_in (f->store, "org", PINGSHAN, "name", "坪山某支部", &x);
  write_in (f->store, "org", "440303", "name", "罗湖某支部", &y);
  write_in (f->store, "org", "440304", "name", "福田某支部（尚未推送）", &z);
  write_in (f->store, "notice", "440300", "title", "全市通知", &notice);
  g_hash_table_add (keep, g_strconcat ("org/", z, NULL));

  g_assert_true (dq_store_purge_outside (f->store, scope, keep, &purged, NULL));
  g_assert_cmpuint (purged, ==, G_GUINT64_CONSTANT (1) << dq_schema_table ("org")->index);
  g_assert_nonnull ((kept = dq_store_get (f->store, "org", x, NULL)));
  g_clear_pointer (&kept, dq_record_free);
  g_assert_null (dq_store_get (f->store, "org", y, NULL));
  g_assert_nonnull ((kept = dq_store_get (f->store, "org", z, NULL)));
  g_clear_pointer (&kept, dq_record_free);
  g_assert_nonnull ((kept = dq_store_get (f->store, "notice", notice, NULL)));
}

/* A refused row goes back to the server's cells, whole, in one step. */
static void
test_replace_rows (Fixture *f, gconstpointer data)
{
  g_autoptr (DqChange) server = remote_change ("org", ORG_A, DQ_HLC_MAKE (1000, 0), NODE_A);
  g_autoptr (DqRecord) edit = dq_record_new_for ("org", ORG_A);
  g_autoptr (DqRecord) read = NULL;
  const char *rows[] = { "org/" ORG_A, NULL };
  DqChange   *changes[1];

  dq_record_set_text (server->record, "district", PINGSHAN);
  dq_record_set_text (server->record, "name", "服务器上的名称");
  dq_record_set_text (server->record, "kind", "党支部");
  changes[0] = server;
  g_assert_true (dq_store_apply (f->store, changes, 1, DQ_APPLY_FLAGS_UPSTREAM, NULL, NULL));
  dq_record_set_text (edit, "name", "被退回的名称");
  dq_record_set_text (edit, "phone", "0755-88888888");
  g_assert_true (dq_store_write (f->store, edit, NULL));

  g_assert_true (dq_store_replace_rows (f->store, rows, changes, 1, DQ_APPLY_FLAGS_UPSTREAM,
                                        "sync.push", "42", NULL));
  read = dq_store_get (f->store, "org", ORG_A, NULL);
  g_assert_cmpstr (dq_record_get_text (read, "name"), ==, "服务器上的名称");
  g_assert_null (dq_record_get_text (read, "phone"));
  {
    g_autofree char *meta = dq_store_get_meta (f->store, "sync.push");
    g_assert_cmpstr (meta, ==, "42");
  }
}

static guint
count_history_of (DqStore *store, const char *table, const char *id, const char *column)
{
  g_autoptr (GPtrArray) history = dq_store_history (store, table, id, NULL);
  guint n = 0;

  for (guint i = 0; i < history->len; i++)
    n += g_str_equal (((DqHistoryEntry *) history->pdata[i])->column, column);
  return n;
}

static gint64
history_rows (DqStore *store)
{
  sqlite3_stmt *stmt;
  gint64        n;

  g_assert_cmpint (sqlite3_prepare_v2 (dq_store_get_db (store), "SELECT count(*) FROM dq_history",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A bootstrap brings rows without a past: a row's later cells, arriving in
 * the same batch as the row, are not history here. Later changes are. */
static void
test_bootstrap_no_history (Fixture *f, gconstpointer data)
{
  g_autofree char *org = write_org (f->store, "原名");
  g_autoptr (DqRecord) edit = dq_record_new_for ("org", org);
  g_autoptr (DqStore) other = test_store_new (f->dir, "other.db", &f->wall);
  DqCursor cursor = DQ_CURSOR_INIT;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) more = NULL;

  f->wall.ms += 1000;
  dq_record_set_text (edit, "name", "新名");
  g_assert_true (dq_store_write (f->store, edit, NULL));
  g_assert_cmpuint (count_history_of (f->store, "org", org, "name"), ==, 2);

  all = dq_store_changes_since (f->store, &cursor, 0, DQ_CHANGES_ALL, NULL, NULL);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_true (dq_store_apply (other, (DqChange **) all->pdata, all->len,
                                 DQ_APPLY_FLAGS_UPSTREAM, NULL, NULL));
  g_assert_cmpint (history_rows (other), ==, 0);
  g_assert_cmpuint (count_history_of (other, "org", org, "name"), ==, 1);

  f->wall.ms += 1000;
  dq_record_set_text (edit, "name", "又一名");
  g_assert_true (dq_store_write (f->store, edit, NULL));
  more = dq_store_changes_since (f->store, &cursor, 0, DQ_CHANGES_ALL, NULL, NULL);
  g_assert_true (dq_store_apply (other, (DqChange **) more->pdata, more->len,
                                 DQ_APPLY_FLAGS_UPSTREAM, NULL, NULL));
  g_assert_cmpuint (count_history_of (other, "org", org, "name"), ==, 2);
}

static void
test_skip_upstream (Fixture *f, gconstpointer data)
{
  g_autoptr (DqChange) c = remote_change ("org", ORG_A, DQ_HLC_MAKE (1000, 0), NODE_A);
  g_autoptr (GPtrArray) pending = NULL;
  g_autoptr (DqRecord) edit = dq_record_new_for ("org", ORG_A);
  DqApplyResult r;

  dq_record_set_text (c->record, "district", PINGSHAN);
  dq_record_set_text (c->record, "name", "上游");
  dq_record_set_text (c->record, "kind", "党委");
  g_assert_true (dq_store_apply (f->store, &c, 1, DQ_APPLY_FLAGS_UPSTREAM, &r, NULL));

  DqCursor cursor = DQ_CURSOR_INIT;

  pending = dq_store_changes_since (f->store, &cursor, 0, DQ_CHANGES_SKIP_UPSTREAM, NULL, NULL);
  g_assert_cmpuint (pending->len, ==, 0);
  g_clear_pointer (&pending, g_ptr_array_unref);

  /* A local edit of that row is ours to push, and only that cell. */
  dq_record_set_text (edit, "short_name", "本地");
  g_assert_true (dq_store_write (f->store, edit, NULL));
  cursor = (DqCursor) DQ_CURSOR_INIT;
  pending = dq_store_changes_since (f->store, &cursor, 0, DQ_CHANGES_SKIP_UPSTREAM, NULL, NULL);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpuint (dq_record_n_set (((DqChange *) pending->pdata[0])->record), ==, 1);
}

static void
test_purge (Fixture *f, gconstpointer data)
{
  g_autofree char *org = write_org (f->store, "将转出的党支部");
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (dq_store_purge (f->store, "org", org, &error));
  g_assert_no_error (error);
  g_assert_null (dq_store_get (f->store, "org", org, NULL));
  found = dq_store_search (f->store, "org", "转出", 10, NULL);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_history (Fixture *f, gconstpointer data)
{
  g_autofree char *org = write_org (f->store, "原名党支部");
  g_autoptr (DqRecord) edit = dq_record_new_for ("org", org);
  g_autoptr (GPtrArray) history = NULL;
  guint names = 0;

  dq_store_set_author (f->store, "clerk1");
  f->wall.ms += 1000;
  dq_record_set_text (edit, "name", "新名党支部");
  g_assert_true (dq_store_write (f->store, edit, NULL));

  history = dq_store_history (f->store, "org", org, NULL);
  for (guint i = 0; i < history->len; i++)
    {
      DqHistoryEntry *e = g_ptr_array_index (history, i);

      if (!g_str_equal (e->column, "name"))
        continue;
      if (names == 0)
        {
          /* Newest first, with who wrote it and from which desk. */
          g_assert_cmpstr (e->value.s, ==, "新名党支部");
          g_assert_cmpstr (e->author, ==, "clerk1");
          g_assert_cmpstr (e->node, ==, dq_store_get_node (f->store));
        }
      else
        g_assert_cmpstr (e->value.s, ==, "原名党支部");
      names++;
    }
  g_assert_cmpuint (names, ==, 2);
}

static void
on_changed (DqStore *store, const char *table, gpointer data)
{
  g_ptr_array_add (data, g_strdup (table));
}

static void
test_changed_signal (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *org = NULL;

  g_signal_connect (f->store, "changed::org", G_CALLBACK (on_changed), seen);
  org = write_org (f->store, "信号");
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "org");
  g_signal_handlers_disconnect_by_data (f->store, seen);
}

static void
test_persistence (Fixture *f, gconstpointer data)
{
  g_autofree char *org = write_org (f->store, "持久党支部");
  g_autofree char *node = g_strdup (dq_store_get_node (f->store));
  guint64          version = dq_store_get_version (f->store);
  guint64          last = dq_hlc_last (dq_store_get_clock (f->store));
  g_autoptr (DqRecord) read = NULL;

  GStatBuf st;

  /* Personal data: only its user may read the replica. */
  g_assert_cmpint (g_stat (dq_store_get_path (f->store), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (dq_store_set_meta (f->store, "cursor", "abc", NULL));
  g_assert_finalize_object (f->store);

  /* Reopened: same node, counters and clock never go back. */
  f->wall.ms -= 100000;
  f->store = test_store_new (f->dir, "replica.db", &f->wall);
  g_assert_cmpstr (dq_store_get_node (f->store), ==, node);
  g_assert_cmpuint (dq_store_get_version (f->store), ==, version);
  g_assert_cmpuint (dq_hlc_now (dq_store_get_clock (f->store)), >, last);
  read = dq_store_get (f->store, "org", org, NULL);
  g_assert_cmpstr (dq_record_get_text (read, "name"), ==, "持久党支部");
  {
    g_autofree char *cursor = dq_store_get_meta (f->store, "cursor");
    g_assert_cmpstr (cursor, ==, "abc");
  }
}

static void
test_dump_canonical (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) a = g_string_new (NULL);
  g_autoptr (GString) b = g_string_new (NULL);
  g_autofree char *org = write_org (f->store, "导出\"引号\"");
  g_autoptr (DqStore) other = test_store_new (f->dir, "other.db", &f->wall);
  DqCursor cursor = DQ_CURSOR_INIT;
  g_autoptr (GPtrArray) changes =
      dq_store_changes_since (f->store, &cursor, 0, DQ_CHANGES_ALL, NULL, NULL);

  g_assert_true (dq_store_apply (other, (DqChange **) changes->pdata, changes->len,
                                 DQ_APPLY_FLAGS_NONE, NULL, NULL));
  g_assert_true (dq_store_dump (f->store, a, DQ_DUMP_STAMPS, NULL));
  g_assert_true (dq_store_dump (other, b, DQ_DUMP_STAMPS, NULL));
  test_assert_same_dump (a->str, b->str);
  g_assert_nonnull (strstr (a->str, "\"name\":\"导出\\\"引号\\\"\""));
  g_assert_nonnull (strstr (a->str, "\"table\":\"org\""));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/store/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("write-and-read", test_write_and_read);
  ADD ("validation-first", test_validation_first);
  ADD ("id-number-cross-checks", test_id_number_cross_checks);
  ADD ("list-filter-page", test_list_filter_page);
  ADD ("delete-undelete", test_delete_undelete);
  ADD ("merge-rule", test_merge_rule);
  ADD ("apply-rejects", test_apply_rejects);
  ADD ("hostile-strings-verbatim", test_hostile_strings_verbatim);
  ADD ("changes-since", test_changes_since);
  ADD ("paging-never-skips", test_paging_never_skips);
  ADD ("scoped-changes", test_scoped_changes);
  ADD ("purge-outside", test_purge_outside);
  ADD ("replace-rows", test_replace_rows);
  ADD ("bootstrap-no-history", test_bootstrap_no_history);
  ADD ("skip-upstream", test_skip_upstream);
  ADD ("purge", test_purge);
  ADD ("history", test_history);
  ADD ("changed-signal", test_changed_signal);
  ADD ("persistence", test_persistence);
  ADD ("dump-canonical", test_dump_canonical);
#undef ADD
  g_test_add_func ("/store/cursor-text", test_cursor_text);

  return g_test_run ();
}
