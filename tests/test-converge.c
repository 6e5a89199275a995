/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Convergence property test. Several replicas make random writes — inserts,
 * edits, deletes and undeletes, concurrent writes to one cell, writes with
 * equal hlc from different nodes, clocks that jump back — and exchange
 * changes in random order, in random pages, with random duplication and
 * with loss followed by retry. Afterwards every replica's canonical dump
 * (values and stamps) is identical, and every cell holds the value of the
 * write with the greatest stamp: no edit was lost. Fixed seeds make every
 * run the same; G_TEST_SEED-style overrides come from DQ_CONVERGE_SEEDS. */

#include "config.h"

#include <string.h>

#include "test-common.h"

#define N_REPLICAS 4
#define PINGSHAN   "440310"

/* The last-writer-wins oracle: for every cell ever written, the greatest
 * stamp and its value. */
typedef struct {
  guint64 hlc;
  char    node[33];
  DqValue value;
} Winner;

typedef struct {
  GRand      *rand;
  char       *dir;
  TestWall    walls[N_REPLICAS];
  DqStore    *stores[N_REPLICAS];
  DqCursor    cursors[N_REPLICAS][N_REPLICAS]; /* [reader][source] */
  GPtrArray  *ids[3];                          /* org, member, notice */
  GHashTable *oracle;                          /* "table/id/column" → Winner */
  guint       n_ops;
  guint       n_exchanged;
} World;

static const char *tables[] = { "org", "member", "notice" };

static const char *org_names[] = { "第一党支部", "第二党支部", "联合党支部", "机关党委",
                                   "'; DROP TABLE org; --", "引号\"与\\反斜杠", "\u202e右到左",
                                   "表情😀党支部" };
static const char *kinds[] = { "党委", "党总支", "党支部", "联合党支部" };
static const char *person_names[] = { "王芳", "李娜", "张伟", "刘洋", "欧阳娜娜", "陈静" };
static const char *phones[] = { "13800138000", "13912345678", "15012345678", "18688886666" };
static const char *jobs[] = { "教师", "医生", "工程师", "退休", "社区工作者" };
static const char *titles[] = { "关于开展主题党日活动的通知", "换届选举工作部署", "党费收缴提醒",
                                "志愿服务招募", "😀 通知" };

static void
winner_free (gpointer data)
{
  Winner *w = data;

  dq_value_clear (&w->value);
  g_free (w);
}

static void
record_writes (World          *world,
               const DqRecord *record,
               guint64         hlc,
               const char     *node)
{
  for (guint i = 0; i < record->table->n_columns; i++)
    {
      char   *key;
      Winner *w;
      int     cmp;

      if (record->values[i].kind == DQ_VALUE_UNSET)
        continue;
      key = g_strdup_printf ("%s/%s/%s", record->table->name, record->id,
                             record->table->columns[i].name);
      w = g_hash_table_lookup (world->oracle, key);
      cmp = w == NULL ? 1 : (hlc != w->hlc ? (hlc > w->hlc ? 1 : -1) : strcmp (node, w->node));
      if (cmp > 0)
        {
          if (w == NULL)
            {
              w = g_new0 (Winner, 1);
              g_hash_table_insert (world->oracle, g_steal_pointer (&key), w);
            }
          dq_value_clear (&w->value);
          dq_value_copy (&record->values[i], &w->value);
          w->hlc = hlc;
          g_strlcpy (w->node, node, sizeof w->node);
        }
      g_free (key);
    }
}

static const char *
pick (World *world, const char *const *list, guint n)
{
  return list[g_rand_int_range (world->rand, 0, (gint32) n)];
}
#define PICK(w, list) pick (w, list, G_N_ELEMENTS (list))

/* Random cells for @record; new rows get their required ones. */
static void
fill_random (World *world, DqRecord *record, gboolean is_new)
{
  const char *t = record->table->name;
  gboolean    any = FALSE;

  if (g_str_equal (t, "org"))
    {
      if (is_new || g_rand_boolean (world->rand))
        any = dq_record_set_text (record, "name", PICK (world, org_names));
      if (is_new || g_rand_int_range (world->rand, 0, 3) == 0)
        any = dq_record_set_text (record, "kind", PICK (world, kinds));
      if (g_rand_int_range (world->rand, 0, 3) == 0)
        any = g_rand_boolean (world->rand) ? dq_record_set_text (record, "phone", "0755-12345678")
                                           : dq_record_set_null (record, "phone");
      if (g_rand_int_range (world->rand, 0, 4) == 0)
        any = dq_record_set_int (record, "term_years", g_rand_int_range (world->rand, 1, 6));
    }
  else if (g_str_equal (t, "member"))
    {
      GPtrArray *orgs = world->ids[0];

      if (is_new || g_rand_boolean (world->rand))
        any = dq_record_set_text (record, "name", PICK (world, person_names));
      if (is_new)
        {
          dq_record_set_text (record, "org_id", g_ptr_array_index (orgs, g_rand_int_range (world->rand, 0, (gint32) orgs->len)));
          dq_record_set_text (record, "category", g_rand_boolean (world->rand) ? "正式" : "预备");
        }
      if (g_rand_boolean (world->rand))
        any = dq_record_set_text (record, "phone", PICK (world, phones));
      if (g_rand_int_range (world->rand, 0, 3) == 0)
        any = g_rand_boolean (world->rand) ? dq_record_set_text (record, "job", PICK (world, jobs))
                                           : dq_record_set_null (record, "job");
    }
  else
    {
      if (is_new || g_rand_boolean (world->rand))
        any = dq_record_set_text (record, "title", PICK (world, titles));
      if (g_rand_boolean (world->rand))
        any = dq_record_set_text (record, "body", PICK (world, org_names));
    }

  if (is_new)
    dq_record_set_text (record, "district", PINGSHAN);
  else if (!any)
    dq_record_set_text (record, t[0] == 'n' ? "title" : "name",
                        t[0] == 'o' ? PICK (world, org_names) : t[0] == 'm' ? PICK (world, person_names)
                                                                            : PICK (world, titles));
}

static gboolean
has_row (DqStore *store, const char *table, const char *id)
{
  g_autoptr (DqRecord) r = dq_store_get (store, table, id, NULL);

  return r != NULL;
}

/* A local write at replica @r; its stamp goes into the oracle. */
static void
local_write (World *world, guint r, DqRecord *record)
{
  g_autoptr (GError) error = NULL;
  DqStore *store = world->stores[r];

  dq_store_write (store, record, &error);
  g_assert_no_error (error);
  record_writes (world, record, dq_hlc_last (dq_store_get_clock (store)), dq_store_get_node (store));
  world->n_ops++;
}

static void
op_insert (World *world, guint r)
{
  guint t = world->ids[0]->len == 0 ? 0 : (guint) g_rand_int_range (world->rand, 0, 3);
  g_autoptr (DqRecord) record = dq_record_new_for (tables[t], NULL);

  fill_random (world, record, TRUE);
  local_write (world, r, record);
  g_ptr_array_add (world->ids[t], g_strdup (record->id));
}

/* An existing row that replica @r has, or NULL. */
static const char *
pick_row (World *world, guint r, guint *table)
{
  *table = (guint) g_rand_int_range (world->rand, 0, 3);
  for (int tries = 0; tries < 5; tries++)
    {
      GPtrArray  *ids = world->ids[*table];
      const char *id;

      if (ids->len == 0)
        return NULL;
      id = g_ptr_array_index (ids, g_rand_int_range (world->rand, 0, (gint32) ids->len));
      if (has_row (world->stores[r], tables[*table], id))
        return id;
    }
  return NULL;
}

static void
op_edit (World *world, guint r)
{
  guint       t;
  const char *id = pick_row (world, r, &t);
  g_autoptr (DqRecord) record = NULL;

  if (id == NULL)
    return;
  record = dq_record_new_for (tables[t], id);
  fill_random (world, record, FALSE);
  local_write (world, r, record);
}

static void
op_delete (World *world, guint r, gint64 deleted)
{
  guint       t;
  const char *id = pick_row (world, r, &t);
  g_autoptr (DqRecord) record = NULL;

  if (id == NULL)
    return;
  record = dq_record_new_for (tables[t], id);
  dq_record_set_int (record, "deleted", deleted);
  local_write (world, r, record);
}

/* Two replicas write the same cell before either hears of the other; with
 * @same_instant their clocks read the same millisecond, so the hlc is equal
 * and only the node decides. */
static void
op_concurrent (World *world, gboolean same_instant)
{
  guint              a = (guint) g_rand_int_range (world->rand, 0, N_REPLICAS);
  guint              b = (a + 1 + (guint) g_rand_int_range (world->rand, 0, N_REPLICAS - 1)) % N_REPLICAS;
  guint              t;
  const char        *id = pick_row (world, a, &t);
  const char        *column = t == 2 ? "title" : "name";
  const char *const *values = t == 0 ? org_names : t == 1 ? person_names
                                                          : titles;

  if (id == NULL || !has_row (world->stores[b], tables[t], id))
    return;

  if (same_instant)
    {
      guint64 la = dq_hlc_last (dq_store_get_clock (world->stores[a]));
      guint64 lb = dq_hlc_last (dq_store_get_clock (world->stores[b]));
      gint64  ms = (gint64) DQ_HLC_MS (MAX (la, lb)) + 1;

      world->walls[a].ms = MAX (world->walls[a].ms, ms);
      world->walls[b].ms = world->walls[a].ms;
    }

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr (DqRecord) record = dq_record_new_for (tables[t], id);

      dq_record_set_text (record, column, values[k]);
      local_write (world, k == 0 ? a : b, record);
    }

  if (same_instant)
    {
      guint64 ha = 0, hb = 0;
      g_autoptr (GPtrArray) hist_a = dq_store_history (world->stores[a], tables[t], id, NULL);
      g_autoptr (GPtrArray) hist_b = dq_store_history (world->stores[b], tables[t], id, NULL);

      ha = ((DqHistoryEntry *) hist_a->pdata[0])->hlc;
      hb = ((DqHistoryEntry *) hist_b->pdata[0])->hlc;
      g_assert_cmpuint (ha, ==, hb);
    }
}

static void
shuffle (World *world, GPtrArray *array)
{
  for (guint i = array->len; i > 1; i--)
    {
      guint    j = (guint) g_rand_int_range (world->rand, 0, (gint32) i);
      gpointer tmp = array->pdata[i - 1];

      array->pdata[i - 1] = array->pdata[j];
      array->pdata[j] = tmp;
    }
}

/* Replica @reader pulls a page from @source. Sometimes part of the page is
 * lost on the way: then what arrived is applied but the cursor stays, and
 * the next pull sends everything again. Sometimes changes arrive twice. */
static void
op_exchange (World *world, guint reader, guint source, gboolean reliable)
{
  DqCursor cursor = world->cursors[reader][source];
  guint    limit = reliable ? 0 : (guint) g_rand_int_range (world->rand, 1, 30);
  gboolean more;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) page =
      dq_store_changes_since (world->stores[source], &cursor, limit, DQ_CHANGES_ALL, &more, &error);
  g_autoptr (GPtrArray) delivered = g_ptr_array_new ();
  gboolean                  lost = FALSE;
  g_autofree DqApplyResult *results = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < page->len; i++)
    {
      if (!reliable && g_rand_int_range (world->rand, 0, 10) == 0)
        {
          lost = TRUE;
          continue;
        }
      g_ptr_array_add (delivered, page->pdata[i]);
      if (!reliable && g_rand_int_range (world->rand, 0, 8) == 0)
        g_ptr_array_add (delivered, page->pdata[i]);
    }
  if (!reliable)
    shuffle (world, delivered);

  results = g_new0 (DqApplyResult, MAX (delivered->len, 1));
  g_assert_true (dq_store_apply (world->stores[reader], (DqChange **) delivered->pdata,
                                 delivered->len, DQ_APPLY_FLAGS_NONE, results, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < delivered->len; i++)
    {
      /* Only the cells of a row whose creation was lost on the way wait for
       * the retry; nothing is rejected otherwise. */
      if (results[i].status == DQ_APPLY_REJECTED && !lost)
        g_error ("rejected %s: %s", ((DqChange *) delivered->pdata[i])->record->id,
                 results[i].message);
      dq_apply_result_clear (&results[i]);
    }

  if (!lost)
    world->cursors[reader][source] = cursor;
  world->n_exchanged += delivered->len;
}

static void
check_converged (World *world)
{
  g_autoptr (GString) first = g_string_new (NULL);
  GHashTableIter iter;
  gpointer       key, value;

  g_assert_true (dq_store_dump (world->stores[0], first, DQ_DUMP_STAMPS, NULL));
  for (guint r = 1; r < N_REPLICAS; r++)
    {
      g_autoptr (GString) other = g_string_new (NULL);

      g_assert_true (dq_store_dump (world->stores[r], other, DQ_DUMP_STAMPS, NULL));
      test_assert_same_dump (first->str, other->str);
    }

  /* Every cell ever written holds its greatest write, on every replica. */
  g_hash_table_iter_init (&iter, world->oracle);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto (GStrv) parts = g_strsplit (key, "/", 3);
      Winner *w = value;

      for (guint r = 0; r < N_REPLICAS; r++)
        {
          g_autoptr (DqRecord) row = dq_store_get (world->stores[r], parts[0], parts[1], NULL);

          g_assert_nonnull (row);
          if (!dq_value_equal (dq_record_get (row, parts[2]), &w->value))
            g_error ("replica %u lost the write to %s", r, (char *) key);
        }
    }
}

static void
run_world (guint32 seed, guint n_steps)
{
  World world = { 0 };

  world.rand = g_rand_new_with_seed (seed);
  /* Node ids and row ids come from GLib's generator: seeded too, so a seed
   * replays the same run, tie-breaks included. */
  g_random_set_seed (seed);
  world.dir = test_tmpdir ();
  world.oracle = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, winner_free);
  for (guint t = 0; t < 3; t++)
    world.ids[t] = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < N_REPLICAS; r++)
    {
      g_autofree char *name = g_strdup_printf ("replica-%u.db", r);

      /* Clocks a few seconds apart, as real desks are. */
      world.walls[r].ms = 1764300000000 + g_rand_int_range (world.rand, -5000, 5000);
      world.stores[r] = test_store_new (world.dir, name, &world.walls[r]);
    }

  for (guint step = 0; step < n_steps; step++)
    {
      guint r = (guint) g_rand_int_range (world.rand, 0, N_REPLICAS);
      guint dice = (guint) g_rand_int_range (world.rand, 0, 100);

      for (guint k = 0; k < N_REPLICAS; k++)
        world.walls[k].ms += g_rand_int_range (world.rand, 0, 3);
      if (dice < 2)
        world.walls[r].ms -= g_rand_int_range (world.rand, 1000, 60000); /* clock jumps back */

      if (dice < 18 || world.ids[0]->len == 0)
        op_insert (&world, r);
      else if (dice < 50)
        op_edit (&world, r);
      else if (dice < 56)
        op_delete (&world, r, 1);
      else if (dice < 60)
        op_delete (&world, r, 0);
      else if (dice < 64)
        op_concurrent (&world, FALSE);
      else if (dice < 68)
        op_concurrent (&world, TRUE);
      else
        op_exchange (&world, r, (r + 1 + (guint) g_rand_int_range (world.rand, 0, N_REPLICAS - 1)) % N_REPLICAS, FALSE);
    }

  /* The network heals: everyone hears from everyone, twice round. */
  for (guint round = 0; round < 2; round++)
    for (guint a = 0; a < N_REPLICAS; a++)
      for (guint b = 0; b < N_REPLICAS; b++)
        if (a != b)
          op_exchange (&world, a, b, TRUE);

  g_test_message ("seed %u: %u writes, %u changes exchanged, %u cells", seed, world.n_ops,
                  world.n_exchanged, g_hash_table_size (world.oracle));
  g_assert_cmpuint (world.n_ops, >, n_steps / 3);
  check_converged (&world);

  for (guint r = 0; r < N_REPLICAS; r++)
    g_assert_finalize_object (world.stores[r]);
  for (guint t = 0; t < 3; t++)
    g_ptr_array_unref (world.ids[t]);
  g_hash_table_unref (world.oracle);
  g_rand_free (world.rand);
  test_rmdir (world.dir);
  g_free (world.dir);
}

static void
test_converge (gconstpointer data)
{
  run_world (GPOINTER_TO_UINT (data), 3000);
}

int
main (int argc, char *argv[])
{
  static const guint32 seeds[] = { 1, 2, 3, 20240601, 77, 4242 };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autofree char *path = g_strdup_printf ("/converge/seed-%u", seeds[i]);
      g_test_add_data_func (path, GUINT_TO_POINTER (seeds[i]), test_converge);
    }

  return g_test_run ();
}
