/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRowModel: the lists of the app read the replica on demand. What a view
 * relies on: the count and every position match the SQL order whatever path
 * a page is read by (in order, jumping back, descending, with nulls), filter
 * and search narrow it, find() agrees with get_item(), writes reload it, and
 * scrolling the whole list does not keep it in memory. */
#include "config.h"

#include "dq-demo.h"
#include "dq-row-model.h"
#include "test-common.h"

typedef struct {
  char    *dir;
  DqStore *store;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  DqDemoOptions options = { "440310", 0, 0.1, NULL, NULL };

  f->dir = test_tmpdir ();
  f->store = test_store_new (f->dir, "replica.db", NULL);
  g_assert_true (dq_demo_generate (f->store, &options, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_assert_finalize_object (f->store);
  test_rmdir (f->dir);
  g_free (f->dir);
}

/* The ids in the order SQL gives for @sql. */
static GPtrArray *
sql_ids (DqStore *store, const char *sql, const char *const *params)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *rows = dq_store_select (store, sql, params, &error);

  g_assert_no_error (error);
  return rows;
}

static const char *
id_at (GListModel *model, guint i)
{
  g_autoptr (DqRow) row = g_list_model_get_item (model, i);
  static char id[64];

  g_assert_nonnull (row);
  g_strlcpy (id, dq_row_get_id (row), sizeof id);
  return id;
}

static void
assert_order (GListModel *model, GPtrArray *expected)
{
  guint n = expected->len;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  /* In order (pages read after the one before), then backwards (by offset). */
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (id_at (model, i), ==, ((char **) g_ptr_array_index (expected, i))[0]);
  for (guint i = n; i-- > 0;)
    g_assert_cmpstr (id_at (model, i), ==, ((char **) g_ptr_array_index (expected, i))[0]);
  g_assert_null (g_list_model_get_item (model, n));
}

static void
test_order (Fixture *f, gconstpointer data)
{
  g_autoptr (DqRowModel) model = NULL;
  g_autoptr (GPtrArray) orgs = sql_ids (f->store, "SELECT id FROM org LIMIT 1", NULL);

  /* Members without a join date: nulls sort first ascending, last descending. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (DqRecord) m = test_member ("440310", ((char **) g_ptr_array_index (orgs, 0))[0], "无日期", NULL, NULL);
      g_autoptr (GError) error = NULL;

      g_assert_true (dq_store_write (f->store, m, &error));
    }
  model = dq_row_model_new (f->store, "member");
  {
    g_autoptr (GPtrArray) by_name = sql_ids (f->store, "SELECT id FROM member WHERE deleted = 0 ORDER BY name, _rid", NULL);
    g_autoptr (GPtrArray) by_join = sql_ids (f->store,
                                             "SELECT id FROM member WHERE deleted = 0 "
                                             "ORDER BY join_date DESC NULLS LAST, _rid DESC",
                                             NULL);
    g_autoptr (GPtrArray) by_join_asc = sql_ids (f->store,
                                                 "SELECT id FROM member WHERE deleted = 0 "
                                                 "ORDER BY join_date ASC NULLS FIRST, _rid ASC",
                                                 NULL);

    g_assert_cmpuint (by_name->len, >, 1000);
    assert_order (G_LIST_MODEL (model), by_name);

    dq_row_model_set_sort (model, "join_date", TRUE);
    assert_order (G_LIST_MODEL (model), by_join);
    dq_row_model_set_sort (model, "join_date", FALSE);
    assert_order (G_LIST_MODEL (model), by_join_asc);
  }
}

static void
test_filter_search (Fixture *f, gconstpointer data)
{
  g_autoptr (DqRowModel) model = dq_row_model_new (f->store, "member");
  const char *params[] = { "预备", NULL };
  g_autoptr (GPtrArray) probationary = sql_ids (f->store,
                                                "SELECT id FROM member WHERE deleted = 0 AND category = ? "
                                                "ORDER BY name, _rid",
                                                params);
  g_autoptr (DqRow) first = NULL;
  g_autofree char *fragment = NULL;
  char             digits[8];
  guint            n;

  dq_row_model_set_filter (model, "t.category = ?", params);
  g_assert_cmpuint (probationary->len, >, 0);
  assert_order (G_LIST_MODEL (model), probationary);

  /* Two characters of a name: every row holds them, and no row is missed. */
  dq_row_model_set_filter (model, NULL, NULL);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  fragment = g_utf8_substring (dq_row_get_text (first, "name"), 0, 2);
  dq_row_model_set_search (model, fragment);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  {
    g_autofree char *like = g_strdup_printf ("%%%s%%", fragment);
    const char      *p[] = { like, NULL };
    g_autoptr (GPtrArray) expected = sql_ids (f->store,
                                              "SELECT id FROM member WHERE deleted = 0 AND name LIKE ? "
                                              "ORDER BY name, _rid",
                                              p);
    assert_order (G_LIST_MODEL (model), expected);
  }
  g_assert_cmpuint (n, >, 0);

  /* The first two digits of a phone: a prefix range over phone and ID. */
  {
    g_autoptr (GPtrArray) phones = sql_ids (f->store, "SELECT substr(phone, 1, 2) FROM member WHERE phone != '' LIMIT 1", NULL);

    g_strlcpy (digits, ((char **) g_ptr_array_index (phones, 0))[0], sizeof digits);
  }
  dq_row_model_set_search (model, digits);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
  for (guint i = 0; i < MIN (50u, g_list_model_get_n_items (G_LIST_MODEL (model))); i++)
    {
      g_autoptr (DqRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      const char *phone = dq_row_get_text (row, "phone");
      const char *idn = dq_row_get_text (row, "id_number");

      g_assert_true ((phone && g_str_has_prefix (phone, digits)) || (idn && g_str_has_prefix (idn, digits)));
    }

  dq_row_model_set_search (model, "  ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, n);
  dq_row_model_set_search (model, "，。");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

static void
test_refs_and_find (Fixture *f, gconstpointer data)
{
  g_autoptr (DqRowModel) model = dq_row_model_new (f->store, "member");
  guint n;

  dq_row_model_add_ref (model, "org_id");
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n; i += 97)
    {
      g_autoptr (DqRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr (DqRecord) org = dq_store_get (f->store, "org", dq_row_get_text (row, "org_id"), NULL);
      g_autofree char *shown = dq_row_format (row, "org_id", TRUE);
      g_autofree char *phone = dq_row_format (row, "phone", TRUE);

      g_assert_nonnull (org);
      g_assert_cmpstr (dq_row_get_ref_name (row, "org_id"), ==, dq_record_get_text (org, "name"));
      g_assert_cmpstr (shown, ==, dq_record_get_text (org, "name"));
      if (dq_row_get_text (row, "phone") != NULL)
        g_assert_nonnull (strstr (phone, "****"));
      g_assert_cmpuint (dq_row_model_find (model, dq_row_get_id (row)), ==, i);
    }

  dq_row_model_set_sort (model, "join_date", TRUE);
  for (guint i = 0; i < n; i += 131)
    g_assert_cmpuint (dq_row_model_find (model, id_at (G_LIST_MODEL (model), i)), ==, i);
  dq_row_model_set_sort (model, "join_date", FALSE);
  for (guint i = 0; i < n; i += 131)
    g_assert_cmpuint (dq_row_model_find (model, id_at (G_LIST_MODEL (model), i)), ==, i);
  g_assert_cmpuint (dq_row_model_find (model, "00000000-0000-7000-8000-000000000000"), ==, G_MAXUINT);
}

typedef struct {
  guint removed;
  guint added;
} Changes;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, Changes *changes)
{
  g_assert_cmpuint (position, ==, 0);
  changes->removed += removed;
  changes->added += added;
}

static void
items_changed_cb_any (GListModel *model, guint position, guint removed, guint added, Changes *changes)
{
  changes->removed += removed;
  changes->added += added;
}

static void
test_reload_on_write (Fixture *f, gconstpointer data)
{
  g_autoptr (DqRowModel) model = dq_row_model_new (f->store, "member");
  g_autoptr (DqRow) any = NULL;
  g_autoptr (DqRecord) member = NULL;
  g_autoptr (GError) error = NULL;
  guint   n = g_list_model_get_n_items (G_LIST_MODEL (model));
  Changes changes = { 0, 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  any = g_list_model_get_item (G_LIST_MODEL (model), 0);
  member = test_member ("440310", dq_row_get_text (any, "org_id"), "阿阿新党员", NULL, NULL);
  g_assert_true (dq_store_write (f->store, member, &error));
  g_assert_no_error (error);
  /* The view is told every row went and the new count came. */
  g_assert_cmpuint (changes.removed, ==, n);
  g_assert_cmpuint (changes.added, ==, n + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n + 1);
  g_assert_cmpuint (dq_row_model_find (model, member->id), <, n + 1);

  g_assert_true (dq_store_delete (f->store, "member", member->id, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (dq_row_model_find (model, member->id), ==, G_MAXUINT);
}

static void
row_changed_cb (DqRow *row, guint *n)
{
  (*n)++;
}

/* A recycling model keeps the rows a view holds and gives them the new
 * records in place; the view hears only how the count changed. */
static void
test_recycle (Fixture *f, gconstpointer data)
{
  g_autoptr (DqRowModel) model = dq_row_model_new (f->store, "member");
  g_autoptr (DqRow) held = NULL;
  g_autoptr (GPtrArray) expected = NULL;
  g_autofree char *fragment = NULL;
  Changes          changes = { 0, 0 };
  guint            n, found, notified = 0;

  dq_row_model_set_recycle (model, TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  held = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_signal_connect (held, "changed", G_CALLBACK (row_changed_cb), &notified);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed_cb_any), &changes);

  /* The last row's surname: a search whose second row is another row. */
  {
    g_autoptr (DqRow) last = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
    g_autofree char *like = NULL;
    const char      *p[2] = { NULL, NULL };

    fragment = g_utf8_substring (dq_row_get_text (last, "name"), 0, 1);
    like = g_strdup_printf ("%%%s%%", fragment);
    p[0] = like;
    expected = sql_ids (f->store, "SELECT id FROM member WHERE deleted = 0 AND name LIKE ? ORDER BY name, _rid", p);
  }
  dq_row_model_set_search (model, fragment);
  found = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (found, ==, expected->len);
  g_assert_cmpuint (found, >=, 2);
  /* Only the tail went. */
  g_assert_cmpuint (changes.removed, ==, n - found);
  g_assert_cmpuint (changes.added, ==, 0);
  /* The held row is the same object, now the search's second row. */
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (dq_row_get_id (held), ==, ((char **) g_ptr_array_index (expected, 1))[0]);
  assert_order (G_LIST_MODEL (model), expected);
  {
    g_autoptr (DqRow) again = g_list_model_get_item (G_LIST_MODEL (model), 1);

    g_assert_true (again == held);
  }

  /* Back to everything: the count grows back, order as SQL says. */
  dq_row_model_set_search (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (changes.added, ==, n - found);
  {
    g_autoptr (GPtrArray) all = sql_ids (f->store, "SELECT id FROM member WHERE deleted = 0 ORDER BY name, _rid", NULL);

    assert_order (G_LIST_MODEL (model), all);
  }
}

static void
test_memory_bounded (Fixture *f, gconstpointer data)
{
  g_autoptr (DqRowModel) model = dq_row_model_new (f->store, "member");
  DqRow *first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  guint  n = g_list_model_get_n_items (G_LIST_MODEL (model));

  /* Once scrolled past, the first row is no longer held by the model. */
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  g_object_unref (first);
  g_assert_nonnull (first);
  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  g_assert_null (first);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/row-model/order", Fixture, NULL, fixture_set_up, test_order, fixture_tear_down);
  g_test_add ("/row-model/filter-search", Fixture, NULL, fixture_set_up, test_filter_search, fixture_tear_down);
  g_test_add ("/row-model/refs-find", Fixture, NULL, fixture_set_up, test_refs_and_find, fixture_tear_down);
  g_test_add ("/row-model/reload-on-write", Fixture, NULL, fixture_set_up, test_reload_on_write, fixture_tear_down);
  g_test_add ("/row-model/recycle", Fixture, NULL, fixture_set_up, test_recycle, fixture_tear_down);
  g_test_add ("/row-model/memory-bounded", Fixture, NULL, fixture_set_up, test_memory_bounded, fixture_tear_down);
  return g_test_run ();
}
