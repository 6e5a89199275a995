/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A replica made by the previous schema opens and upgrades in place, with
 * its data, stamps, node and search index intact. */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "test-common.h"

#define PINGSHAN "440310"

static void
test_upgrade_keeps_data (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) before = g_string_new (NULL);
  g_autoptr (GString) after = g_string_new (NULL);
  g_autofree char *node = NULL;
  g_autofree char *org_id = NULL;
  g_autofree char *member_id = NULL;
  DqStore         *store;

  /* Schema 1: no member.dues_paid_until, no meeting_attendance table. */
  store = dq_store_open_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dq_store_get_schema_version (store), ==, 1);
  {
    g_autoptr (DqRecord) org = dq_record_new_for ("org", NULL);
    g_autoptr (DqRecord) member = NULL;
    g_autoptr (DqRecord) too_new = NULL;

    dq_record_set_text (org, "district", PINGSHAN);
    dq_record_set_text (org, "name", "坪山区马峦街道沙坣社区党委");
    dq_record_set_text (org, "kind", "党委");
    g_assert_true (dq_store_write (store, org, &error));
    org_id = g_strdup (org->id);

    member = test_member (PINGSHAN, org_id, "欧阳娜娜", "13800138000", NULL);
    g_assert_true (dq_store_write (store, member, &error));
    g_assert_no_error (error);
    member_id = g_strdup (member->id);

    /* What version 1 does not know, it refuses. */
    too_new = dq_record_new_for ("member", member_id);
    dq_record_set_text (too_new, "dues_paid_until", "2026-10");
    g_assert_false (dq_store_write (store, too_new, &error));
    g_assert_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_UNKNOWN_COLUMN);
    g_clear_error (&error);
  }
  g_assert_true (dq_store_dump (store, before, DQ_DUMP_STAMPS, NULL));
  node = g_strdup (dq_store_get_node (store));
  g_assert_finalize_object (store);

  /* The current build opens it and upgrades it in place. */
  store = dq_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dq_store_get_schema_version (store), ==, DQ_SCHEMA_VERSION);
  g_assert_cmpstr (dq_store_get_node (store), ==, node);
  {
    g_autoptr (DqRecord) member = dq_store_get (store, "member", member_id, &error);
    g_autoptr (DqRecord) dues = dq_record_new_for ("member", member_id);
    g_autoptr (DqRecord) attendance = dq_record_new_for ("meeting_attendance", NULL);
    g_autoptr (GPtrArray) found = NULL;
    DqCursor cursor = DQ_CURSOR_INIT;
    g_autoptr (GPtrArray) changes = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (dq_record_get_text (member, "name"), ==, "欧阳娜娜");
    g_assert_cmpstr (dq_record_get_text (member, "phone"), ==, "13800138000");
    g_assert_true (dq_record_get (member, "dues_paid_until")->kind == DQ_VALUE_NULL);

    /* The search index came along. */
    found = dq_store_search (store, "member", "阳娜", 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);

    /* Old rows still flow out to peers. */
    changes = dq_store_changes_since (store, &cursor, 0, DQ_CHANGES_ALL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (changes->len, ==, 2);

    /* New column and new table work. */
    dq_record_set_text (dues, "dues_paid_until", "2026-10");
    g_assert_true (dq_store_write (store, dues, &error));
    g_assert_no_error (error);

    dq_record_set_text (attendance, "district", PINGSHAN);
    dq_record_set_text (attendance, "meeting_id", org_id); /* any id: references are not enforced */
    dq_record_set_text (attendance, "member_id", member_id);
    dq_record_set_text (attendance, "status", "出席");
    g_assert_true (dq_store_write (store, attendance, &error));
    g_assert_no_error (error);
  }

  /* Every old value and stamp survived: the old dump's lines are still
   * there once the new null column is taken out. */
  g_assert_true (dq_store_dump (store, after, DQ_DUMP_STAMPS, NULL));
  {
    g_auto (GStrv) lines = g_strsplit (before->str, "\n", -1);

    for (guint i = 0; lines[i] && *lines[i]; i++)
      {
        g_autofree char *id = NULL;
        const char      *p = strstr (lines[i], "\"id\":\"");

        g_assert_nonnull (p);
        id = g_strndup (p + 6, 36);
        g_assert_nonnull (strstr (after->str, id));
        if (strstr (lines[i], "\"table\":\"org\""))
          g_assert_nonnull (strstr (after->str, lines[i]));
      }
  }
  g_assert_finalize_object (store);
  test_rmdir (dir);
}

static gboolean
has_index (DqStore *store, const char *name)
{
  const char *params[] = { name, NULL };
  g_autoptr (GPtrArray) rows =
      dq_store_select (store, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", params, NULL);

  return rows != NULL && rows->len == 1;
}

/* Version 3: lists of live rows read (column, id) from a partial index; a
 * version 2 replica loses its one-column indexes and gains those. */
static void
test_list_indexes (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "v2.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) plan = NULL;
  DqStore *store;

  store = dq_store_open_version (path, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (dq_store_get_db (store),
                                 "DROP INDEX member_name_live; CREATE INDEX member_name ON member(name)",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  g_assert_true (has_index (store, "member_name"));
  g_assert_finalize_object (store);

  store = dq_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dq_store_get_schema_version (store), ==, DQ_SCHEMA_VERSION);
  g_assert_false (has_index (store, "member_name"));
  g_assert_true (has_index (store, "member_name_live"));
  g_assert_true (has_index (store, "member_category_live"));
  g_assert_true (has_index (store, "org_parent_id_live"));

  plan = dq_store_select (store,
                          "EXPLAIN QUERY PLAN SELECT id FROM member t WHERE t.deleted = 0 "
                          "ORDER BY t.name, t._rid LIMIT 10 OFFSET 100",
                          NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->len, ==, 1); /* no temporary sort */
  g_assert_nonnull (strstr (((char **) g_ptr_array_index (plan, 0))[3], "member_name_live"));
  g_assert_finalize_object (store);
  test_rmdir (dir);
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autoptr (GError) error = NULL;
  sqlite3 *db = NULL;
  DqStore *store;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* Never downgrade or touch data written by a newer build. */
  store = dq_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NEWER_SCHEMA);
  test_rmdir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrate/upgrade-keeps-data", test_upgrade_keeps_data);
  g_test_add_func ("/migrate/list-indexes", test_list_indexes);
  g_test_add_func ("/migrate/newer-schema-refused", test_newer_schema_refused);

  return g_test_run ();
}
