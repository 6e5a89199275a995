/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The 党组织 page on a demo replica of 坪山区: the tree and its member
 * counts against SQL, the selected organization, its flat list and
 * filters, jumping to a deep organization, and dissolving (refused while
 * members or sub-organizations remain). */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dq-org-detail.h"
#include "dq-orgs-page.h"
#include "dq-row.h"
#include "dq-test-app.h"

static DqStore      *store;
static DqSyncEngine *engine;

typedef struct {
  GtkWindow          *window;
  DqOrgsPage         *page;
  DqOrgDetail        *detail;
  GtkListView        *tree;
  GtkSingleSelection *selection;
} Fixture;

/* The first column of the first row of @sql with one parameter. */
static char *
sql_text (const char *sql,
          const char *param)
{
  g_autoptr (GError) error = NULL;
  const char *params[] = { param, NULL };
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, param != NULL ? params : NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  if (rows->len == 0)
    return NULL;
  return g_strdup (((char **) rows->pdata[0])[0]);
}

static gint64
sql_int (const char *sql,
         const char *param)
{
  g_autofree char *text = sql_text (sql, param);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

#define SUBTREE_MEMBERS                                                                      \
  "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT o.id FROM org o JOIN sub ON "        \
  "o.parent_id = sub.id WHERE o.deleted = 0) SELECT count(*) FROM member WHERE deleted = 0 " \
  "AND org_id IN (SELECT id FROM sub)"

#define SUBTREE_ORGS                                                                    \
  "WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE parent_id = ? UNION ALL SELECT " \
  "o.id FROM org o JOIN sub ON o.parent_id = sub.id) SELECT count(*) FROM org WHERE "   \
  "deleted = 0 AND id IN (SELECT id FROM sub)"

static char *
root_id (void)
{
  return sql_text ("SELECT id FROM org WHERE parent_id IS NULL AND deleted = 0 ORDER BY name LIMIT 1", NULL);
}

static void
fixture_open (Fixture *f)
{
  f->page = DQ_ORGS_PAGE (g_object_ref_sink (dq_orgs_page_new (store, engine)));
  f->window = dq_test_app_window (GTK_WIDGET (f->page), 1280, 800);
  f->detail = DQ_ORG_DETAIL (dq_test_app_find_type (GTK_WIDGET (f->page), DQ_TYPE_ORG_DETAIL, NULL));
  f->tree = GTK_LIST_VIEW (dq_test_app_find (GTK_WIDGET (f->page), "tree_view"));
  g_assert_nonnull (f->detail);
  g_assert_nonnull (f->tree);
  f->selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (f->tree));
}

static gboolean
counted (gpointer data)
{
  Fixture         *f = data;
  g_autofree char *root = root_id ();

  return dq_orgs_page_get_member_count (f->page, root) >= 0;
}

typedef struct {
  Fixture    *f;
  const char *id;
  gint64      want;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;

  return dq_orgs_page_get_member_count (w->f->page, w->id) == w->want;
}

static void
fixture_close (Fixture *f)
{
  /* The count's worker holds the page until it reports. */
  g_assert_true (dq_test_app_wait_for (counted, f, 10000));
  dq_test_app_wait (500);
  gtk_window_destroy (f->window);
  dq_test_app_wait (50);
  g_assert_finalize_object (f->page);
}

/* The tree's row of @id, or NULL when it is not shown. */
static GtkTreeListRow *
tree_row (Fixture    *f,
          const char *id,
          guint      *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (f->selection));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (f->selection), i);
      g_autoptr (DqRow) org = gtk_tree_list_row_get_item (row);

      if (org != NULL && g_strcmp0 (dq_row_get_id (org), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&row);
        }
    }
  return NULL;
}

static gboolean
in_tree (Fixture    *f,
         const char *id)
{
  g_autoptr (GtkTreeListRow) row = tree_row (f, id, NULL);

  return row != NULL;
}

/* The expander widget on screen for @row, after scrolling to it. */
static GtkWidget *
expander_of (Fixture        *f,
             GtkTreeListRow *row)
{
  GtkWidget *found = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->tree), "list.scroll-to-item", "u",
                              gtk_tree_list_row_get_position (row));
  dq_test_app_wait (100);

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (f->tree)); w && !found;
       w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *expander = dq_test_app_find_type (w, GTK_TYPE_TREE_EXPANDER, NULL);

      if (expander != NULL && gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander)) == row)
        found = expander;
    }
  return found;
}

static const char *
label_text (GtkWidget  *root,
            const char *id)
{
  GtkWidget *label = dq_test_app_find (root, id);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel       *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        found = ADW_MESSAGE_DIALOG (window);
    }
  return found;
}

/* Clicks the dialog's button labelled @label, as a user would. */
static void
click (AdwMessageDialog *dialog,
       const char       *label)
{
  GtkWidget *button = dq_test_app_find_type (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static void
test_tree_top_level (void)
{
  Fixture          f;
  gint64           top = sql_int ("SELECT count(*) FROM org WHERE parent_id IS NULL AND deleted = 0", NULL);
  guint            n, depth0 = 0;
  g_autofree char *root = root_id ();
  g_autofree char *short_name = sql_text ("SELECT short_name FROM org WHERE id = ?", root);

  fixture_open (&f);
  g_assert_cmpint (top, >, 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (f.selection));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (f.selection), i);

      if (gtk_tree_list_row_get_depth (row) == 0)
        depth0++;
    }
  g_assert_cmpint (depth0, ==, top);

  /* The top organization is drawn, under its short name. */
  g_assert_nonnull (dq_test_app_find_type (GTK_WIDGET (f.tree), GTK_TYPE_LABEL, short_name));
  fixture_close (&f);
}

static gboolean
contact_shown (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (label_text (GTK_WIDGET (f->detail), "contact_label"), "测试联系人") == 0;
}

static void
test_tree_expand (void)
{
  Fixture          f;
  g_autofree char *root = root_id ();
  g_autofree char *node = NULL;
  g_autoptr (GtkTreeListRow) row = NULL;
  GtkWidget *expander;
  gint64     children;
  guint      position, before;

  /* The organization below the top one with the most organizations below it. */
  node = sql_text ("SELECT p.id FROM org p JOIN org c ON c.parent_id = p.id AND c.deleted = 0 "
                   "WHERE p.parent_id = ? AND p.deleted = 0 GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1",
                   root);
  g_assert_nonnull (node);
  children = sql_int ("SELECT count(*) FROM org WHERE parent_id = ? AND deleted = 0", node);

  fixture_open (&f);
  row = tree_row (&f, node, &position);
  g_assert_nonnull (row);
  g_assert_false (gtk_tree_list_row_get_expanded (row));
  g_assert_true (gtk_tree_list_row_is_expandable (row));

  before = g_list_model_get_n_items (G_LIST_MODEL (f.selection));
  expander = expander_of (&f, row);
  g_assert_nonnull (expander);
  g_assert_true (gtk_widget_activate_action (expander, "listitem.expand", NULL));
  dq_test_app_wait (50);

  g_assert_true (gtk_tree_list_row_get_expanded (row));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (f.selection)), ==, before + children);
  for (guint i = 1; i <= children; i++)
    {
      g_autoptr (GtkTreeListRow) child = g_list_model_get_item (G_LIST_MODEL (f.selection), position + i);
      g_autoptr (DqRow) org = gtk_tree_list_row_get_item (child);

      g_assert_cmpuint (gtk_tree_list_row_get_depth (child), ==, 2);
      g_assert_cmpstr (dq_row_get_text (org, "parent_id"), ==, node);
    }

  /* A branch without organizations below it has nothing to expand. */
  {
    g_autoptr (GtkTreeListRow) leaf = g_list_model_get_item (G_LIST_MODEL (f.selection), position + 1);
    g_autoptr (DqRow) org = gtk_tree_list_row_get_item (leaf);
    gint64 below = sql_int ("SELECT count(*) FROM org WHERE parent_id = ? AND deleted = 0", dq_row_get_id (org));

    g_assert_cmpint (gtk_tree_list_row_is_expandable (leaf), ==, below > 0);
  }

  /* An organization changed (here by sync or another page): the levels
   * reload, and what the user expanded stays expanded. */
  {
    g_autoptr (DqRecord) change = dq_record_new_for ("org", root);
    g_autoptr (GError) error = NULL;
    g_autoptr (GtkTreeListRow) again = NULL;
    g_autofree char *contact = sql_text ("SELECT contact FROM org WHERE id = ?", root);

    dq_record_set_text (change, "contact", "测试联系人");
    g_assert_true (dq_store_write (store, change, &error));
    g_assert_no_error (error);
    g_assert_true (dq_test_app_wait_for (contact_shown, &f, 5000));
    again = tree_row (&f, node, NULL);
    g_assert_nonnull (again);
    g_assert_true (gtk_tree_list_row_get_expanded (again));
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (f.selection)), ==, before + children);
    g_assert_cmpstr (dq_orgs_page_get_selected_org (f.page), ==, root);
    g_assert_cmpstr (label_text (GTK_WIDGET (f.detail), "contact_label"), ==, "测试联系人");

    dq_record_set_text (change, "contact", contact);
    g_assert_true (dq_store_write (store, change, &error));
    g_assert_no_error (error);
    dq_test_app_wait (100);
  }
  fixture_close (&f);
}

static void
test_member_counts (void)
{
  Fixture          f;
  g_autofree char *root = root_id ();
  g_autofree char *node = NULL;
  g_autofree char *branch = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GtkTreeListRow) row = NULL;
  GtkWidget *expander, *count;

  node = sql_text ("SELECT id FROM org WHERE parent_id = ? AND deleted = 0 ORDER BY name LIMIT 1", root);
  branch = sql_text ("SELECT org_id FROM member WHERE deleted = 0 GROUP BY org_id ORDER BY count(*) DESC LIMIT 1",
                     NULL);

  fixture_open (&f);
  g_assert_true (dq_test_app_wait_for (counted, &f, 10000));

  g_assert_cmpint (dq_orgs_page_get_member_count (f.page, root), ==, sql_int (SUBTREE_MEMBERS, root));
  g_assert_cmpint (dq_orgs_page_get_member_count (f.page, root), ==,
                   sql_int ("SELECT count(*) FROM member WHERE deleted = 0", NULL));
  g_assert_cmpint (dq_orgs_page_get_member_count (f.page, node), ==, sql_int (SUBTREE_MEMBERS, node));
  g_assert_cmpint (dq_orgs_page_get_member_count (f.page, branch), ==, sql_int (SUBTREE_MEMBERS, branch));
  g_assert_cmpint (dq_orgs_page_get_member_count (f.page, branch), >, 0);

  /* What the row shows is that count. */
  row = tree_row (&f, node, NULL);
  g_assert_nonnull (row);
  expander = expander_of (&f, row);
  g_assert_nonnull (expander);
  count = gtk_widget_get_last_child (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander)));
  expected = g_strdup_printf ("%" G_GINT64_FORMAT, sql_int (SUBTREE_MEMBERS, node));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, expected);

  /* A new member is counted in every organization above it. */
  {
    g_autoptr (DqRecord) member = dq_record_new_for ("member", NULL);
    g_autoptr (GError) error = NULL;
    gint64    before = dq_orgs_page_get_member_count (f.page, root);
    CountWait wait = { &f, root, before + 1 };

    dq_record_set_text (member, "district", "440310");
    dq_record_set_text (member, "name", "测试新党员");
    dq_record_set_text (member, "org_id", branch);
    dq_record_set_text (member, "category", "预备");

    g_assert_true (dq_store_write (store, member, &error));
    g_assert_no_error (error);
    g_assert_true (dq_test_app_wait_for (count_is, &wait, 10000));
    g_assert_cmpint (dq_orgs_page_get_member_count (f.page, branch), ==, sql_int (SUBTREE_MEMBERS, branch));
  }
  fixture_close (&f);
}

static void
test_select_shows_org (void)
{
  Fixture          f;
  g_autofree char *root = root_id ();
  g_autofree char *node = NULL;
  g_autofree char *name = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *secretary = NULL;
  guint            position;

  node = sql_text ("SELECT o.id FROM org o JOIN member m ON m.id = o.secretary_id WHERE o.parent_id = ? "
                   "AND o.deleted = 0 ORDER BY o.name LIMIT 1",
                   root);
  g_assert_nonnull (node);
  name = sql_text ("SELECT name FROM org WHERE id = ?", node);
  kind = sql_text ("SELECT kind FROM org WHERE id = ?", node);
  secretary = sql_text ("SELECT m.name FROM org o JOIN member m ON m.id = o.secretary_id WHERE o.id = ?", node);

  fixture_open (&f);
  {
    g_autoptr (GtkTreeListRow) row = tree_row (&f, node, &position);
    g_assert_nonnull (row);
  }
  gtk_single_selection_set_selected (f.selection, position);
  dq_test_app_wait (50);

  g_assert_cmpstr (dq_orgs_page_get_selected_org (f.page), ==, node);
  g_assert_cmpstr (dq_org_detail_get_org (f.detail), ==, node);
  g_assert_cmpstr (label_text (GTK_WIDGET (f.detail), "name_label"), ==, name);
  g_assert_cmpstr (label_text (GTK_WIDGET (f.detail), "kind_label"), ==, kind);
  g_assert_cmpstr (label_text (GTK_WIDGET (f.detail), "secretary_label"), ==, secretary);
  /* The contact phone is masked. */
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (f.detail), "phone_label"), "****"));
  fixture_close (&f);
}

static void
show_member_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  char **shown = data;

  g_free (*shown);
  *shown = g_variant_dup_string (parameter, NULL);
}

static void
test_direct_members (void)
{
  Fixture          f;
  g_autofree char *branch = NULL;
  g_autofree char *first = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *secretary = NULL;
  g_autofree char *path_shot = NULL;
  g_autoptr (GSimpleActionGroup) win = g_simple_action_group_new ();
  g_autoptr (GSimpleAction) action = g_simple_action_new ("show-member", G_VARIANT_TYPE_STRING);
  GtkColumnView *view;
  GtkStack      *sections;
  gint64         n;

  branch = sql_text ("SELECT o.id FROM org o WHERE o.deleted = 0 AND NOT EXISTS (SELECT 1 FROM org c "
                     "WHERE c.parent_id = o.id AND c.deleted = 0) AND EXISTS (SELECT 1 FROM member m "
                     "WHERE m.org_id = o.id AND m.deleted = 0) ORDER BY o.name DESC LIMIT 1",
                     NULL);
  n = sql_int ("SELECT count(*) FROM member WHERE org_id = ? AND deleted = 0", branch);
  first = sql_text ("SELECT id FROM member WHERE org_id = ? AND deleted = 0 ORDER BY name, id LIMIT 1", branch);
  secretary = sql_text ("SELECT secretary_id FROM org WHERE id = ?", branch);

  fixture_open (&f);
  g_signal_connect (action, "activate", G_CALLBACK (show_member_cb), &shown);
  g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (f.window), "win", G_ACTION_GROUP (win));

  dq_orgs_page_show_org (f.page, branch);
  dq_test_app_wait (50);

  /* A branch opens on its members, each listed with a masked phone. */
  sections = GTK_STACK (dq_test_app_find (GTK_WIDGET (f.detail), "sections_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sections), ==, "members");
  view = GTK_COLUMN_VIEW (dq_test_app_find (GTK_WIDGET (f.detail), "members_view"));
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, n);
  text = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (f.detail), "members_count_label"), text));
  phone = sql_text ("SELECT phone FROM member WHERE id = ?", first);
  g_assert_nonnull (phone);
  g_assert_null (dq_test_app_find_type (GTK_WIDGET (view), GTK_TYPE_LABEL, phone));

  /* Activating one opens the member's page. */
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_cmpstr (shown, ==, first);

  /* So does the secretary's name. */
  {
    GtkWidget *label = dq_test_app_find (GTK_WIDGET (f.detail), "secretary_label");
    gboolean   handled = FALSE;

    g_assert_nonnull (secretary);
    g_signal_emit_by_name (label, "activate-link", secretary, &handled);
    g_assert_true (handled);
  }
  g_assert_cmpstr (shown, ==, secretary);

  path_shot = dq_test_app_screenshot (GTK_WIDGET (f.window), "orgs-branch-members");
  g_test_message ("screenshot: %s", path_shot);
  fixture_close (&f);
}

static guint
string_position (GtkDropDown *dropdown,
                 const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;
  g_assert_not_reached ();
}

static void
test_flat_list (void)
{
  Fixture          f;
  g_autofree char *root = root_id ();
  g_autofree char *text = NULL;
  GListModel      *below;
  GtkDropDown     *kind, *street;
  gint64           all, branches, in_street;
  g_autofree char *path = NULL;

  all = sql_int (SUBTREE_ORGS, root);
  branches = sql_int (SUBTREE_ORGS " AND kind = '党支部'", root);
  in_street = sql_int (SUBTREE_ORGS " AND kind = '党支部' AND street = '坑梓'", root);
  g_assert_cmpint (all, ==, sql_int ("SELECT count(*) - 1 FROM org WHERE deleted = 0", NULL));
  g_assert_cmpint (branches, >, 0);
  g_assert_cmpint (branches, <, all);
  g_assert_cmpint (in_street, >, 0);
  g_assert_cmpint (in_street, <, branches);

  fixture_open (&f);
  dq_orgs_page_show_org (f.page, root);
  dq_test_app_wait (50);

  below = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (dq_test_app_find (GTK_WIDGET (f.detail), "below_view"))));
  g_assert_cmpint (g_list_model_get_n_items (below), ==, all);
  text = g_strdup_printf ("%" G_GINT64_FORMAT, all);
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (f.detail), "below_count_label"), text));

  kind = GTK_DROP_DOWN (dq_test_app_find (GTK_WIDGET (f.detail), "kind_dropdown"));
  gtk_drop_down_set_selected (kind, string_position (kind, "党支部"));
  g_assert_cmpint (g_list_model_get_n_items (below), ==, branches);

  street = GTK_DROP_DOWN (dq_test_app_find (GTK_WIDGET (f.detail), "street_dropdown"));
  gtk_drop_down_set_selected (street, string_position (street, "坑梓"));
  g_assert_cmpint (g_list_model_get_n_items (below), ==, in_street);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf ("%" G_GINT64_FORMAT, in_street);
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (f.detail), "below_count_label"), text));

  gtk_drop_down_set_selected (street, 0);
  gtk_drop_down_set_selected (kind, 0);
  g_assert_cmpint (g_list_model_get_n_items (below), ==, all);

  path = dq_test_app_screenshot (GTK_WIDGET (f.window), "orgs-page");
  g_test_message ("screenshot: %s", path);
  fixture_close (&f);
}

typedef struct {
  GtkStack   *stack;
  const char *page;
} StackWait;

static gboolean
stack_shows (gpointer data)
{
  StackWait *w = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (w->stack), w->page) == 0;
}

static void
test_show_org_deep (void)
{
  Fixture f;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GtkTreeListRow) parent = NULL;
  GtkTreeListRow *selected;
  g_autoptr (DqRow) org = NULL;
  g_autofree char *deep = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  guint            depth;

  rows = dq_store_select (store,
                          "WITH RECURSIVE d(id, depth) AS (SELECT id, 0 FROM org WHERE parent_id IS NULL "
                          "AND deleted = 0 UNION ALL SELECT o.id, d.depth + 1 FROM org o JOIN d ON "
                          "o.parent_id = d.id WHERE o.deleted = 0) SELECT id, depth FROM d "
                          "ORDER BY depth DESC, id LIMIT 1",
                          NULL, NULL);
  g_assert_nonnull (rows);
  deep = g_strdup (((char **) rows->pdata[0])[0]);
  depth = (guint) g_ascii_strtoll (((char **) rows->pdata[0])[1], NULL, 10);
  g_assert_cmpuint (depth, >=, 3);
  name = sql_text ("SELECT name FROM org WHERE id = ?", deep);

  fixture_open (&f);
  g_assert_false (in_tree (&f, deep)); /* not shown yet */
  dq_orgs_page_show_org (f.page, deep);
  dq_test_app_wait (100);

  selected = gtk_single_selection_get_selected_item (f.selection);
  g_assert_nonnull (selected);
  org = gtk_tree_list_row_get_item (selected);
  g_assert_cmpstr (dq_row_get_id (org), ==, deep);
  g_assert_cmpuint (gtk_tree_list_row_get_depth (selected), ==, depth);
  for (parent = gtk_tree_list_row_get_parent (selected); parent != NULL;)
    {
      GtkTreeListRow *up = gtk_tree_list_row_get_parent (parent);

      g_assert_true (gtk_tree_list_row_get_expanded (parent));
      g_object_unref (parent);
      parent = up;
    }
  g_assert_cmpstr (label_text (GTK_WIDGET (f.detail), "name_label"), ==, name);

  /* Found by name in the search entry, then Enter. */
  {
    g_autofree char *root = root_id ();

    dq_orgs_page_show_org (f.page, root);
  }
  {
    GtkWidget *entry = dq_test_app_find (GTK_WIDGET (f.page), "search_entry");
    GtkStack  *stack = GTK_STACK (dq_test_app_find (GTK_WIDGET (f.page), "tree_stack"));
    StackWait  results = { stack, "results" };
    StackWait  none = { stack, "no-results" };
    StackWait  tree = { stack, "tree" };

    gtk_editable_set_text (GTK_EDITABLE (entry), name);
    g_assert_true (dq_test_app_wait_for (stack_shows, &results, 5000));
    g_signal_emit_by_name (entry, "activate");
    dq_test_app_wait (50);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "tree");
    g_assert_cmpstr (dq_orgs_page_get_selected_org (f.page), ==, deep);

    gtk_editable_set_text (GTK_EDITABLE (entry), "不存在的组织名称");
    g_assert_true (dq_test_app_wait_for (stack_shows, &none, 5000));
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    g_assert_true (dq_test_app_wait_for (stack_shows, &tree, 5000));
  }

  path = dq_test_app_screenshot (GTK_WIDGET (f.window), "orgs-deep-branch");
  g_test_message ("screenshot: %s", path);

  /* The smallest window the app supports. */
  gtk_window_set_default_size (f.window, 1024, 768);
  dq_test_app_wait (300);
  g_clear_pointer (&path, g_free);
  path = dq_test_app_screenshot (GTK_WIDGET (f.window), "orgs-page-1024");
  g_test_message ("screenshot: %s", path);
  fixture_close (&f);
}

static void
test_dissolve_refused (void)
{
  Fixture           f;
  g_autofree char  *root = root_id ();
  g_autofree char  *branch = NULL;
  g_autofree char  *expected = NULL;
  g_autofree char  *path = NULL;
  AdwMessageDialog *dialog;
  gint64            members, orgs, below;

  branch = sql_text ("SELECT o.id FROM org o WHERE o.deleted = 0 AND NOT EXISTS (SELECT 1 FROM org c "
                     "WHERE c.parent_id = o.id AND c.deleted = 0) AND EXISTS (SELECT 1 FROM member m "
                     "WHERE m.org_id = o.id AND m.deleted = 0) ORDER BY o.name LIMIT 1",
                     NULL);
  members = sql_int ("SELECT count(*) FROM member WHERE deleted = 0", NULL);
  orgs = sql_int ("SELECT count(*) FROM org WHERE deleted = 0", NULL);

  fixture_open (&f);

  /* A branch with members. */
  dq_orgs_page_show_org (f.page, branch);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "org.dissolve", NULL));
  g_assert_true (dq_test_app_wait_for (dialog_shown, NULL, 2000));
  dialog = find_dialog ();
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " 名党员",
                              sql_int ("SELECT count(*) FROM member WHERE org_id = ? AND deleted = 0", branch));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), expected));
  g_assert_false (adw_message_dialog_has_response (dialog, "dissolve"));
  path = dq_test_app_screenshot (GTK_WIDGET (dialog), "orgs-dissolve-refused");
  g_test_message ("screenshot: %s", path);
  click (dialog, "关闭(_C)");
  g_assert_true (dq_test_app_wait_for (no_dialog, NULL, 2000));

  /* The top organization: members and sub-organizations. */
  dq_orgs_page_show_org (f.page, root);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "org.dissolve", NULL));
  g_assert_true (dq_test_app_wait_for (dialog_shown, NULL, 2000));
  dialog = find_dialog ();
  below = sql_int ("SELECT count(*) FROM org WHERE parent_id = ? AND deleted = 0", root);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " 个下级组织", below);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), expected));
  g_assert_false (adw_message_dialog_has_response (dialog, "dissolve"));
  click (dialog, "关闭(_C)");
  g_assert_true (dq_test_app_wait_for (no_dialog, NULL, 2000));

  /* Nothing was deleted. */
  g_assert_cmpint (sql_int ("SELECT count(*) FROM member WHERE deleted = 0", NULL), ==, members);
  g_assert_cmpint (sql_int ("SELECT count(*) FROM org WHERE deleted = 0", NULL), ==, orgs);
  g_assert_cmpint (sql_int ("SELECT deleted FROM org WHERE id = ?", branch), ==, 0);
  fixture_close (&f);
}

static void
test_dissolve_empty (void)
{
  Fixture          f;
  g_autofree char *root = root_id ();
  g_autofree char *parent = NULL;
  g_autofree char *id = NULL;
  g_autoptr (DqRecord) org = dq_record_new_for ("org", NULL);
  g_autoptr (DqRecord) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) last = g_date_time_add_days (now, -(3 * 365 + 40));
  g_autofree char  *last_text = g_date_time_format (last, "%Y-%m-%d");
  AdwMessageDialog *dialog;

  parent = sql_text ("SELECT id FROM org WHERE parent_id = ? AND deleted = 0 ORDER BY name LIMIT 1", root);

  fixture_open (&f);

  /* An empty leaf, elected over three years ago on a three-year term. */
  dq_record_set_text (org, "district", "440310");
  dq_record_set_text (org, "name", "坪山区测试撤销党支部");
  dq_record_set_text (org, "kind", "党支部");
  dq_record_set_text (org, "parent_id", parent);
  dq_record_set_int (org, "term_years", 3);
  dq_record_set_text (org, "last_election_on", last_text);
  g_assert_true (dq_store_write (store, org, &error));
  g_assert_no_error (error);
  id = g_strdup (org->id);
  dq_test_app_wait (100);

  dq_orgs_page_show_org (f.page, id);
  dq_test_app_wait (50);
  g_assert_cmpstr (dq_orgs_page_get_selected_org (f.page), ==, id);
  g_assert_true (in_tree (&f, id));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (f.detail), "election_label"), "逾期"));
  g_assert_true (gtk_widget_has_css_class (dq_test_app_find (GTK_WIDGET (f.detail), "election_label"), "error"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "org.dissolve", NULL));
  g_assert_true (dq_test_app_wait_for (dialog_shown, NULL, 2000));
  dialog = find_dialog ();
  g_assert_true (adw_message_dialog_has_response (dialog, "dissolve"));
  click (dialog, "撤销(_D)");
  g_assert_true (dq_test_app_wait_for (no_dialog, NULL, 2000));
  dq_test_app_wait (100);

  after = dq_store_get (store, "org", id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (after);
  g_assert_cmpint (dq_record_get_int (after, "deleted", 0), ==, 1);
  g_assert_false (in_tree (&f, id));
  /* The parent is shown instead. */
  g_assert_cmpstr (dq_orgs_page_get_selected_org (f.page), ==, parent);
  g_assert_cmpstr (dq_org_detail_get_org (f.detail), ==, parent);
  fixture_close (&f);
}

/* The widget under @root whose name is @name (the record form names its
 * rows after their columns). */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_record_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow  *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      g_autoptr (GObject) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), g_type_from_name ("DqRecordDialog")) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        found = GTK_WINDOW (window);
    }
  return found;
}

static gboolean
record_dialog_shown (gpointer data)
{
  return find_record_dialog () != NULL;
}

static gboolean
record_dialog_gone (gpointer data)
{
  return find_record_dialog () == NULL;
}

static void
test_new_child (void)
{
  Fixture          f;
  g_autofree char *root = root_id ();
  g_autofree char *parent = NULL;
  g_autofree char *created = NULL;
  g_autofree char *saved_parent = NULL;
  g_autofree char *saved_district = NULL;
  GtkWindow       *dialog;
  GtkWidget       *name, *kind;
  GListModel      *kinds;
  guint            position = GTK_INVALID_LIST_POSITION;

  parent = sql_text ("SELECT id FROM org WHERE parent_id = ? AND deleted = 0 ORDER BY name LIMIT 1", root);

  fixture_open (&f);
  dq_orgs_page_show_org (f.page, parent);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "org.new-child", NULL));
  g_assert_true (dq_test_app_wait_for (record_dialog_shown, NULL, 2000));
  dialog = find_record_dialog ();

  name = find_named (GTK_WIDGET (dialog), "name");
  kind = find_named (GTK_WIDGET (dialog), "kind");
  g_assert_nonnull (name);
  g_assert_true (ADW_IS_COMBO_ROW (kind));
  gtk_editable_set_text (GTK_EDITABLE (name), "坪山区测试新建党支部");
  kinds = adw_combo_row_get_model (ADW_COMBO_ROW (kind));
  for (guint i = 0; i < g_list_model_get_n_items (kinds); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (kinds), i), "党支部") == 0)
      position = i;
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (ADW_COMBO_ROW (kind), position);
  dq_test_app_wait (500);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "record.save", NULL));
  g_assert_true (dq_test_app_wait_for (record_dialog_gone, NULL, 2000));
  dq_test_app_wait (100);

  /* Saved under this organization, in its district, and shown. */
  created = sql_text ("SELECT id FROM org WHERE name = '坪山区测试新建党支部' AND deleted = 0", NULL);
  g_assert_nonnull (created);
  saved_parent = sql_text ("SELECT parent_id FROM org WHERE id = ?", created);
  saved_district = sql_text ("SELECT district FROM org WHERE id = ?", created);
  g_assert_cmpstr (saved_parent, ==, parent);
  g_assert_cmpstr (saved_district, ==, "440310");
  g_assert_cmpstr (dq_orgs_page_get_selected_org (f.page), ==, created);
  g_assert_true (in_tree (&f, created));

  /* 编辑 opens the same form on the record. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.detail), "org.edit", NULL));
  g_assert_true (dq_test_app_wait_for (record_dialog_shown, NULL, 2000));
  dialog = find_record_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (GTK_WIDGET (dialog), "name"))), ==,
                   "坪山区测试新建党支部");
  gtk_window_close (dialog);
  g_assert_true (dq_test_app_wait_for (record_dialog_gone, NULL, 2000));
  fixture_close (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dq_test_app_init (&argc, &argv);
  store = dq_test_app_demo_store (0.1);
  engine = dq_test_app_engine (store);

  g_test_add_func ("/orgs/tree/top-level", test_tree_top_level);
  g_test_add_func ("/orgs/tree/expand", test_tree_expand);
  g_test_add_func ("/orgs/tree/member-counts", test_member_counts);
  g_test_add_func ("/orgs/detail/select", test_select_shows_org);
  g_test_add_func ("/orgs/detail/direct-members", test_direct_members);
  g_test_add_func ("/orgs/detail/flat-list", test_flat_list);
  g_test_add_func ("/orgs/tree/show-org-deep", test_show_org_deep);
  g_test_add_func ("/orgs/detail/new-child", test_new_child);
  g_test_add_func ("/orgs/detail/dissolve-refused", test_dissolve_refused);
  g_test_add_func ("/orgs/detail/dissolve-empty", test_dissolve_empty);

  status = g_test_run ();
  g_clear_object (&engine);
  g_clear_object (&store);
  return status;
}
