/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search from the store: members by any part of name, phone or ID number,
 * organizations by any part of name; answered from the index and kept in
 * step with local and remote writes. */

#include "config.h"

#include <string.h>

#include "dq-validate.h"
#include "test-common.h"

#define PINGSHAN "440310"
#define NODE_X   "cccccccccccccccccccccccccccccccc"

typedef struct {
  char    *dir;
  DqStore *store;
  char    *org;
  char    *ids[8];
} Fixture;

static const struct {
  const char *name;
  const char *phone;
  const char *birth; /* for the ID number */
  const char *seq;
} people[] = {
  { "王芳", "13800138000", "19900307", "452" },
  { "王芳华", "13912345678", "19850101", "123" },
  { "欧阳娜娜", "15012340000", "19791231", "240" },
  { "李王", "18612345678", "20000229", "017" },
  { "张伟", "13700001111", "19661015", "333" },
};

static char *
make_id (const char *birth, const char *seq)
{
  char *id = g_strdup_printf ("440310%s%s?", birth, seq);

  id[17] = dq_id_number_check_char (id);
  return id;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (DqRecord) org = dq_record_new_for ("org", NULL);

  f->dir = test_tmpdir ();
  f->store = test_store_new (f->dir, "replica.db", NULL);

  dq_record_set_text (org, "district", PINGSHAN);
  dq_record_set_text (org, "name", "坪山区坑梓街道金沙社区第二居民小组党支部");
  dq_record_set_text (org, "kind", "党支部");
  g_assert_true (dq_store_write (f->store, org, NULL));
  f->org = g_strdup (org->id);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *id = make_id (people[i].birth, people[i].seq);
      g_autoptr (DqRecord) m = test_member (PINGSHAN, f->org, people[i].name, people[i].phone, id);
      g_autoptr (GError) error = NULL;

      g_assert_true (dq_store_write (f->store, m, &error));
      g_assert_no_error (error);
      f->ids[i] = g_strdup (m->id);
    }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->store);
  test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->org);
  for (guint i = 0; i < G_N_ELEMENTS (f->ids); i++)
    g_free (f->ids[i]);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The names found for @text, sorted and joined by ',' */
static char *
found (Fixture *f, const char *table, const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_search (f->store, table, text, 100, &error);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (names, (gpointer) dq_record_get_text (g_ptr_array_index (rows, i), "name"));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

#define ASSERT_FOUND(f, table, text, expected)      \
  G_STMT_START                                      \
  {                                                 \
    g_autofree char *got_ = found (f, table, text); \
    g_assert_cmpstr (got_, ==, expected);           \
  }                                                 \
  G_STMT_END

static void
test_names (Fixture *f, gconstpointer data)
{
  ASSERT_FOUND (f, "member", "王", "李王,王芳,王芳华");
  ASSERT_FOUND (f, "member", "王芳", "王芳,王芳华");
  ASSERT_FOUND (f, "member", "芳华", "王芳华");
  ASSERT_FOUND (f, "member", "王芳华", "王芳华");
  ASSERT_FOUND (f, "member", "欧阳娜娜", "欧阳娜娜");
  ASSERT_FOUND (f, "member", "阳娜", "欧阳娜娜");
  ASSERT_FOUND (f, "member", "芳王", "");
  ASSERT_FOUND (f, "member", "  张 伟 ", "张伟");
  ASSERT_FOUND (f, "member", "", "");
}

static void
test_phone_and_id (Fixture *f, gconstpointer data)
{
  ASSERT_FOUND (f, "member", "5678", "李王,王芳华");
  ASSERT_FOUND (f, "member", "1380013", "王芳");
  ASSERT_FOUND (f, "member", "0000", "张伟,李王,欧阳娜娜"); /* phones and 2000-02-29 */
  /* ID fragments: the birth date, the sequence, the check character. */
  ASSERT_FOUND (f, "member", "19791231", "欧阳娜娜");
  ASSERT_FOUND (f, "member", "20000229017", "李王");
  /* One or two digits: numbers that start so. */
  ASSERT_FOUND (f, "member", "15", "欧阳娜娜");
  ASSERT_FOUND (f, "member", "1", "张伟,李王,欧阳娜娜,王芳,王芳华");
}

static void
test_organizations (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) rows = dq_store_search (f->store, "org", "金沙社区", 10, NULL);

  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = dq_store_search (f->store, "org", "居民小组党支部", 10, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = dq_store_search (f->store, "org", "南山", 10, NULL);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_follows_writes (Fixture *f, gconstpointer data)
{
  g_autoptr (DqRecord) rename = dq_record_new_for ("member", f->ids[4]);
  g_autoptr (DqChange) remote = NULL;
  DqApplyResult result;

  /* Local rename. */
  dq_record_set_text (rename, "name", "张卫国");
  g_assert_true (dq_store_write (f->store, rename, NULL));
  ASSERT_FOUND (f, "member", "张伟", "");
  ASSERT_FOUND (f, "member", "卫国", "张卫国");

  /* A remote rename that wins the merge. */
  remote = dq_change_new (dq_record_new_for ("member", f->ids[4]),
                          dq_hlc_now (dq_store_get_clock (f->store)) + 1000, NODE_X);
  dq_record_set_text (remote->record, "name", "张建国");
  dq_record_set_text (remote->record, "phone", "13322223333");
  g_assert_true (dq_store_apply (f->store, &remote, 1, DQ_APPLY_FLAGS_NONE, &result, NULL));
  g_assert_cmpint (result.status, ==, DQ_APPLY_APPLIED);
  ASSERT_FOUND (f, "member", "卫国", "");
  ASSERT_FOUND (f, "member", "建国", "张建国");
  ASSERT_FOUND (f, "member", "2222", "张建国");
  ASSERT_FOUND (f, "member", "00001111", "");

  /* A remote row never seen before is found at once. */
  g_clear_pointer (&remote, dq_change_free);
  remote = dq_change_new (dq_record_new_for ("member", "0192f5c4-6c1e-7a3b-9d2e-4f1a2b3c4d5e"),
                          DQ_HLC_MAKE (1000, 0), NODE_X);
  dq_record_set_text (remote->record, "district", PINGSHAN);
  dq_record_set_text (remote->record, "name", "司马光");
  dq_record_set_text (remote->record, "org_id", f->org);
  dq_record_set_text (remote->record, "category", "正式");
  g_assert_true (dq_store_apply (f->store, &remote, 1, DQ_APPLY_FLAGS_NONE, NULL, NULL));
  ASSERT_FOUND (f, "member", "司马", "司马光");

  /* Deleted members are not found; undeleted ones are again. */
  g_assert_true (dq_store_delete (f->store, "member", f->ids[0], NULL));
  ASSERT_FOUND (f, "member", "王芳", "王芳华");
  g_assert_true (dq_store_undelete (f->store, "member", f->ids[0], NULL));
  ASSERT_FOUND (f, "member", "王芳", "王芳,王芳华");

  /* Purged rows leave the index. */
  g_assert_true (dq_store_purge (f->store, "member", f->ids[1], NULL));
  ASSERT_FOUND (f, "member", "王芳", "王芳");
}

static void
test_not_searchable (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_search (f->store, "fund", "x", 10, &error);

  g_assert_null (rows);
  g_assert_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_UNKNOWN_TABLE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/search/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("names", test_names);
  ADD ("phone-and-id", test_phone_and_id);
  ADD ("organizations", test_organizations);
  ADD ("follows-writes", test_follows_writes);
  ADD ("not-searchable", test_not_searchable);
#undef ADD

  return g_test_run ();
}
