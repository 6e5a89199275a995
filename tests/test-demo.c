/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the demo data: the same options give the same rows, ids and
 * stamps; a district does not depend on the others; every row is valid and
 * the organization tree holds together. */

#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "dq-codes.h"
#include "dq-demo.h"
#include "dq-record.h"
#include "dq-schema.h"
#include "dq-store.h"
#include "dq-validate.h"

#define PINGSHAN "440310"
#define YANTIAN  "440308"
#define SMALL    0.05

static DqStore *
store_new (void)
{
  g_autoptr (GError) error = NULL;
  DqStore *store = dq_store_open (":memory:", &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
generate (DqStore     *store,
          const char  *district,
          guint32      seed,
          double       scale,
          DqDemoStats *stats)
{
  g_autoptr (GError) error = NULL;
  DqDemoOptions options = { .district = district, .seed = seed, .scale = scale };

  g_assert_true (dq_demo_generate (store, &options, stats, &error));
  g_assert_no_error (error);
}

static char *
dump (DqStore *store)
{
  g_autoptr (GError) error = NULL;
  GString *out = g_string_new (NULL);

  g_assert_true (dq_store_dump (store, out, DQ_DUMP_STAMPS, &error));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

/* The lines of a dump that belong to @district, in order. */
static char *
dump_of_district (const char *all,
                  const char *district)
{
  g_autofree char *needle = g_strdup_printf ("\"district\":\"%s\"", district);
  GString         *out = g_string_new (NULL);

  /* Line by line without g_strsplit(): its strstr() over the whole rest of
   * a large dump is quadratic under AddressSanitizer. */
  for (const char *line = all; *line != '\0';)
    {
      const char      *end = strchr (line, '\n');
      gsize            len = end ? (gsize) (end - line) : strlen (line);
      g_autofree char *copy = g_strndup (line, len);

      if (strstr (copy, needle) != NULL)
        g_string_append_printf (out, "%s\n", copy);
      line += len + (end ? 1 : 0);
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
list (DqStore    *store,
      const char *table,
      const char *district)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqQuery) query = dq_query_new (table);
  GPtrArray *rows;

  if (district != NULL)
    dq_query_where_text (query, "district", district);
  rows = dq_store_list (store, query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static GHashTable *
by_id (GPtrArray *rows)
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i++)
    {
      DqRecord *r = g_ptr_array_index (rows, i);

      g_hash_table_insert (index, r->id, r);
    }
  return index;
}

static gboolean
is_branch_kind (const char *kind)
{
  return g_strcmp0 (kind, "党支部") == 0 || g_strcmp0 (kind, "联合党支部") == 0 ||
         g_strcmp0 (kind, "临时党支部") == 0 || g_strcmp0 (kind, "功能型党支部") == 0;
}

static void
test_deterministic (void)
{
  g_autoptr (DqStore) a = store_new ();
  g_autoptr (DqStore) b = store_new ();
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  DqDemoStats      stats_a, stats_b;

  generate (a, PINGSHAN, 0, SMALL, &stats_a);
  generate (b, PINGSHAN, 0, SMALL, &stats_b);
  dump_a = dump (a);
  dump_b = dump (b);
  g_assert_cmpuint (strlen (dump_a), >, 0);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpmem (&stats_a, sizeof stats_a, &stats_b, sizeof stats_b);
}

/* Every table has rows, and the stats count what the store holds. */
static void
test_counts (void)
{
  g_autoptr (DqStore) store = store_new ();
  DqDemoStats    stats;
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);
  guint64        total = 0;

  generate (store, PINGSHAN, 0, SMALL, &stats);
  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (DqQuery) query = dq_query_new (tables[t].name);
      gint64 n = dq_store_count (store, query, &error);

      g_assert_no_error (error);
      g_test_message ("%s: %" G_GINT64_FORMAT, tables[t].name, n);
      if (n == 0)
        g_test_fail_printf ("no rows in %s", tables[t].name);
      g_assert_cmpuint (stats.rows[tables[t].index], ==, (guint64) n);
      total += (guint64) n;
    }
  g_assert_cmpuint (stats.total, ==, total);
}

/* Every cell passes the strict (form) checks, every row its row rules:
 * more than the merge itself verifies. */
static void
test_valid (void)
{
  g_autoptr (DqStore) store = store_new ();
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);

  generate (store, PINGSHAN, 0, SMALL, NULL);
  for (guint t = 0; t < n_tables; t++)
    {
      g_autoptr (GPtrArray) rows = list (store, tables[t].name, NULL);

      for (guint i = 0; i < rows->len; i++)
        {
          DqRecord *r = g_ptr_array_index (rows, i);

          g_assert_true (dq_validate_uuid (r->id));
          g_assert_cmpint (r->id[14], ==, '7');
          g_assert_true (strchr ("89ab", r->id[19]) != NULL);
          for (guint c = 0; c < tables[t].n_columns; c++)
            {
              g_autoptr (GError) error = NULL;

              if (!dq_column_check_value (&tables[t].columns[c], &r->values[c], TRUE, &error))
                g_error ("%s %s: %s", tables[t].name, r->id, error->message);
            }
          if (strcmp (tables[t].name, "social_org") == 0)
            g_assert_true (dq_validate_credit_code (dq_record_get_text (r, "credit_code"), NULL));
          if (tables[t].validate_row != NULL)
            {
              g_autoptr (GError) error = NULL;

              if (!tables[t].validate_row (r, &error))
                g_error ("%s %s: %s", tables[t].name, r->id, error->message);
            }
        }
    }
}

static void
test_tree (void)
{
  g_autoptr (DqStore) store = store_new ();
  g_autoptr (GPtrArray) orgs = NULL;
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (GHashTable) org_index = NULL;
  g_autoptr (GHashTable) member_index = NULL;
  guint roots = 0;

  generate (store, PINGSHAN, 0, SMALL, NULL);
  orgs = list (store, "org", NULL);
  members = list (store, "member", NULL);
  org_index = by_id (orgs);
  member_index = by_id (members);
  g_assert_cmpuint (orgs->len, >, 10);
  g_assert_cmpuint (members->len, >, 100);

  for (guint i = 0; i < orgs->len; i++)
    {
      DqRecord   *o = g_ptr_array_index (orgs, i);
      const char *parent_id = dq_record_get_text (o, "parent_id");
      const char *secretary_id = dq_record_get_text (o, "secretary_id");
      DqRecord   *parent;

      g_assert_cmpstr (dq_record_get_text (o, "district"), ==, PINGSHAN);
      if (parent_id == NULL)
        {
          /* only the district committee is a root */
          g_assert_cmpstr (dq_record_get_text (o, "name"), ==, "中共深圳市坪山区委员会");
          roots++;
          continue;
        }
      parent = g_hash_table_lookup (org_index, parent_id);
      g_assert_nonnull (parent);
      g_assert_cmpstr (dq_record_get_text (parent, "district"), ==, PINGSHAN);
      g_assert_false (is_branch_kind (dq_record_get_text (parent, "kind")));

      if (secretary_id != NULL)
        {
          DqRecord *secretary = g_hash_table_lookup (member_index, secretary_id);

          g_assert_nonnull (secretary);
          g_assert_cmpstr (dq_record_get_text (o, "contact"), ==, dq_record_get_text (secretary, "name"));
        }
      else
        g_assert_false (is_branch_kind (dq_record_get_text (o, "kind")));
    }
  g_assert_cmpuint (roots, ==, 1);

  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr (GError) error = NULL;
      DqRecord   *m = g_ptr_array_index (members, i);
      const char *id_number = dq_record_get_text (m, "id_number");
      DqRecord   *org = g_hash_table_lookup (org_index, dq_record_get_text (m, "org_id"));

      g_assert_nonnull (org);
      g_assert_true (is_branch_kind (dq_record_get_text (org, "kind")));

      g_assert_nonnull (id_number);
      g_assert_true (g_str_has_prefix (id_number, PINGSHAN));
      g_assert_true (dq_validate_id_number (id_number, FALSE, &error));
      g_assert_no_error (error);
      g_assert_nonnull (dq_record_get_text (m, "birth_date"));
      g_assert_true (dq_validate_id_matches (id_number, dq_record_get_text (m, "birth_date"),
                                             dq_record_get_text (m, "gender"), &error));
      g_assert_no_error (error);
      g_assert_true (dq_validate_mobile (dq_record_get_text (m, "phone"), NULL));

      if (g_strcmp0 (dq_record_get_text (m, "category"), "预备") == 0)
        g_assert_null (dq_record_get_text (m, "full_date"));
      else
        g_assert_cmpstr (dq_record_get_text (m, "full_date"), >=, dq_record_get_text (m, "join_date"));
    }
}

/* Nobody shares an ID number or a mobile number. */
static void
test_unique_people (void)
{
  g_autoptr (DqStore) store = store_new ();
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) phones = g_hash_table_new (g_str_hash, g_str_equal);

  generate (store, PINGSHAN, 0, SMALL, NULL);
  members = list (store, "member", NULL);
  for (guint i = 0; i < members->len; i++)
    {
      DqRecord *m = g_ptr_array_index (members, i);

      g_assert_true (g_hash_table_add (ids, (gpointer) dq_record_get_text (m, "id_number")));
      g_assert_true (g_hash_table_add (phones, (gpointer) dq_record_get_text (m, "phone")));
    }
}

/* A district's rows do not depend on the other districts generated beside it. */
static void
test_independent (void)
{
  g_autoptr (DqStore) alone = store_new ();
  g_autoptr (DqStore) together = store_new ();
  g_autoptr (DqStore) other = store_new ();
  g_autofree char *dump_alone = NULL;
  g_autofree char *dump_together = NULL;
  g_autofree char *dump_other = NULL;
  g_autofree char *a1 = NULL;
  g_autofree char *a2 = NULL;
  g_autofree char *b1 = NULL;
  g_autofree char *b2 = NULL;

  generate (alone, PINGSHAN, 0, SMALL, NULL);
  generate (other, YANTIAN, 0, SMALL, NULL);
  generate (together, YANTIAN, 0, SMALL, NULL);
  generate (together, PINGSHAN, 0, SMALL, NULL);
  dump_alone = dump (alone);
  dump_other = dump (other);
  dump_together = dump (together);

  a1 = dump_of_district (dump_alone, PINGSHAN);
  a2 = dump_of_district (dump_together, PINGSHAN);
  b1 = dump_of_district (dump_other, YANTIAN);
  b2 = dump_of_district (dump_together, YANTIAN);
  g_assert_cmpuint (strlen (a1), >, 0);
  g_assert_cmpuint (strlen (b1), >, 0);
  g_assert_cmpstr (a1, ==, a2);
  g_assert_cmpstr (b1, ==, b2);
}

/* A city run is the union of the district runs. */
static void
test_city_is_union (void)
{
  g_autoptr (DqStore) city = store_new ();
  g_autoptr (DqStore) districts = store_new ();
  g_autofree char  *dump_city = NULL;
  g_autofree char  *dump_districts = NULL;
  g_autofree char  *city_level = NULL;
  guint             n;
  const DqDistrict *all = dq_districts (&n);

  generate (city, NULL, 0, 0.01, NULL);
  for (guint i = 0; i < n; i++)
    if (strcmp (all[i].code, DQ_CITY_DISTRICT) != 0)
      generate (districts, all[i].code, 0, 0.01, NULL);
  dump_city = dump (city);
  dump_districts = dump (districts);
  g_assert_cmpstr (dump_city, ==, dump_districts);

  /* the city level: the city center and the city-wide notices */
  city_level = dump_of_district (dump_city, DQ_CITY_DISTRICT);
  g_assert_nonnull (strstr (city_level, "深圳市党群服务中心"));
  g_assert_nonnull (strstr (city_level, "\"table\":\"notice\""));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *part = dump_of_district (dump_city, all[i].code);

      g_assert_cmpuint (strlen (part), >, 0);
    }
}

static void
test_seed (void)
{
  g_autoptr (DqStore) a = store_new ();
  g_autoptr (DqStore) b = store_new ();
  g_autoptr (GPtrArray) members_a = NULL;
  g_autoptr (GPtrArray) members_b = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;

  generate (a, PINGSHAN, 0, SMALL, NULL);
  generate (b, PINGSHAN, 7, SMALL, NULL);
  dump_a = dump (a);
  dump_b = dump (b);
  g_assert_cmpstr (dump_a, !=, dump_b);

  /* different ids and different people */
  members_a = list (a, "member", NULL);
  members_b = list (b, "member", NULL);
  g_assert_cmpstr (((DqRecord *) members_a->pdata[0])->id, !=, ((DqRecord *) members_b->pdata[0])->id);
  g_assert_cmpstr (dq_record_get_text (members_a->pdata[0], "id_number"), !=,
                   dq_record_get_text (members_b->pdata[0], "id_number"));
}

/* The district's practices show in its data. */
static void
test_practices (void)
{
  g_autoptr (DqStore) store = store_new ();
  g_autoptr (GPtrArray) funds = NULL;
  g_autoptr (GPtrArray) orgs = NULL;
  g_autoptr (GHashTable) org_index = NULL;

  generate (store, PINGSHAN, 0, SMALL, NULL);
  orgs = list (store, "org", NULL);
  org_index = by_id (orgs);
  funds = list (store, "fund", NULL);
  g_assert_cmpuint (funds->len, >, 0);
  for (guint i = 0; i < funds->len; i++)
    {
      DqRecord   *f = g_ptr_array_index (funds, i);
      DqRecord   *org = g_hash_table_lookup (org_index, dq_record_get_text (f, "org_id"));
      const char *kind;
      gint64      expected;

      g_assert_nonnull (org);
      kind = dq_record_get_text (org, "kind");
      expected = g_strcmp0 (kind, "党委") == 0 ? 3000000 : g_strcmp0 (kind, "党总支") == 0 ? 2000000
                                                                                           : 1000000;
      g_assert_cmpint (dq_record_get_int (f, "amount_fen", -1), ==, expected);
      g_assert_cmpstr (dq_record_get_text (f, "approved_on"), >=, dq_record_get_text (org, "founded_on"));
    }
}

static void
test_unknown_district (void)
{
  g_autoptr (DqStore) store = store_new ();
  g_autoptr (GError) error = NULL;
  DqDemoOptions options = { .district = "999999" };

  g_assert_false (dq_demo_generate (store, &options, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/counts", test_counts);
  g_test_add_func ("/demo/valid", test_valid);
  g_test_add_func ("/demo/tree", test_tree);
  g_test_add_func ("/demo/unique-people", test_unique_people);
  g_test_add_func ("/demo/independent", test_independent);
  g_test_add_func ("/demo/city-is-union", test_city_is_union);
  g_test_add_func ("/demo/seed", test_seed);
  g_test_add_func ("/demo/practices", test_practices);
  g_test_add_func ("/demo/unknown-district", test_unknown_district);

  return g_test_run ();
}
