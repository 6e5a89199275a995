/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRowTree: the state of a tree of rows; see dq-row-tree.h. */
#define G_LOG_DOMAIN "dq-row-tree"

#include "config.h"

#include "dq-row-tree.h"

/* Deeper than any real hierarchy; stops a cycle made by bad data. */
#define MAX_DEPTH 64

struct _DqRowTree {
  GObject parent_instance;

  DqStore            *store;
  DqSyncEngine       *engine;
  const DqTable      *table;
  DqRowModel         *root;
  GtkTreeListModel   *model;
  GtkSingleSelection *selection;
  char               *selected_id;
  GHashTable         *expanded;       /* ids the user expanded */
  guint               restore_source; /* set while a level reloads */
};

G_DEFINE_FINAL_TYPE (DqRowTree, dq_row_tree, G_TYPE_OBJECT)

enum {
  SELECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean restore_cb (gpointer data);

static void
level_changed_cb (DqRowTree *self)
{
  if (self->restore_source == 0)
    self->restore_source = g_idle_add (restore_cb, self);
}

static DqRowModel *
new_level (DqRowTree         *self,
           const char        *where,
           const char *const *params)
{
  DqRowModel *model = dq_row_model_new (self->store, self->table->name);

  dq_row_model_set_filter (model, where, params);
  if (self->engine != NULL)
    dq_row_model_watch (model, G_OBJECT (self->engine));
  /* Connected before the tree model's own handler: runs first. */
  g_signal_connect_object (model, "items-changed", G_CALLBACK (level_changed_cb), self, G_CONNECT_SWAPPED);
  return model;
}

static gboolean
has_children (DqRowTree  *self,
              const char *id)
{
  const char      *params[] = { id, NULL };
  g_autofree char *sql =
      g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s WHERE parent_id = ? AND deleted = 0)", self->table->name);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (self->store, sql, params, &error);

  if (rows == NULL)
    {
      g_warning ("Cannot look for rows below %s: %s", id, error->message);
      return FALSE;
    }
  return rows->len > 0 && g_strcmp0 (((char **) rows->pdata[0])[0], "1") == 0;
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  DqRowTree  *self = user_data;
  const char *params[] = { dq_row_get_id (DQ_ROW (item)), NULL };

  if (!has_children (self, params[0]))
    return NULL;
  return G_LIST_MODEL (new_level (self, "t.parent_id = ?", params));
}

/* The tree's row of @id, its ancestors expanded on the way; with
 * @saved_only, only when the user had expanded every one of them. */
static GtkTreeListRow *
reveal (DqRowTree  *self,
        const char *id,
        gboolean    saved_only)
{
  g_autoptr (GPtrArray) chain = dq_row_tree_chain (self, id);
  GtkTreeListRow *row = NULL;

  if (chain == NULL || chain->len == 0)
    return NULL;

  for (guint i = 0; i < chain->len; i++)
    {
      const char *step = ((char **) chain->pdata[i])[0];
      GListModel *level;
      guint       position;

      if (row != NULL)
        {
          const char *parent = ((char **) chain->pdata[i - 1])[0];

          if (saved_only && !g_hash_table_contains (self->expanded, parent))
            break;
          g_hash_table_add (self->expanded, g_strdup (parent));
          gtk_tree_list_row_set_expanded (row, TRUE);
          level = gtk_tree_list_row_get_children (row);
        }
      else
        level = G_LIST_MODEL (self->root);

      position = level != NULL ? dq_row_model_find (DQ_ROW_MODEL (level), step) : G_MAXUINT;
      if (position == G_MAXUINT)
        break;

      if (row != NULL)
        {
          GtkTreeListRow *child = gtk_tree_list_row_get_child_row (row, position);

          g_object_unref (row);
          row = child;
        }
      else
        row = gtk_tree_list_model_get_child_row (self->model, position);
      if (row == NULL)
        break;
      if (i + 1 == chain->len)
        return row;
    }

  g_clear_object (&row);
  return NULL;
}

/* A level reloaded and the tree dropped the rows below it: expand again
 * what the user had expanded, and select the row selected. */
static gboolean
restore_cb (gpointer data)
{
  DqRowTree           *self = data;
  g_autofree char     *selected = g_strdup (self->selected_id);
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (self->expanded, NULL);
  g_auto (GStrv) ids = g_strdupv ((char **) keys);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr (GtkTreeListRow) row = reveal (self, ids[i], TRUE);

      if (row != NULL)
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  self->restore_source = 0;

  if (selected != NULL)
    dq_row_tree_select (self, selected);
  return G_SOURCE_REMOVE;
}

static void
row_expanded_cb (DqRowTree      *self,
                 GParamSpec     *pspec,
                 GtkTreeListRow *row)
{
  g_autoptr (DqRow) item = NULL;

  /* Rows come and go while a level reloads: that is not the user. */
  if (self->restore_source != 0)
    return;
  item = gtk_tree_list_row_get_item (row);
  if (item == NULL)
    return;
  if (gtk_tree_list_row_get_expanded (row))
    g_hash_table_add (self->expanded, g_strdup (dq_row_get_id (item)));
  else
    g_hash_table_remove (self->expanded, dq_row_get_id (item));
}

static void
selection_changed_cb (DqRowTree *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr (DqRow) item = NULL;

  /* Nothing selected: a level reloaded; restore_cb selects it again. */
  if (row == NULL)
    return;
  item = gtk_tree_list_row_get_item (row);
  if (item == NULL || g_strcmp0 (self->selected_id, dq_row_get_id (item)) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (dq_row_get_id (item));
  g_signal_emit (self, signals[SELECTED], 0, self->selected_id, gtk_single_selection_get_selected (self->selection));
}

static void
dq_row_tree_dispose (GObject *object)
{
  DqRowTree *self = DQ_ROW_TREE (object);

  g_clear_handle_id (&self->restore_source, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->root);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_row_tree_parent_class)->dispose (object);
}

static void
dq_row_tree_finalize (GObject *object)
{
  DqRowTree *self = DQ_ROW_TREE (object);

  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->expanded, g_hash_table_unref);

  G_OBJECT_CLASS (dq_row_tree_parent_class)->finalize (object);
}

static void
dq_row_tree_class_init (DqRowTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dq_row_tree_dispose;
  object_class->finalize = dq_row_tree_finalize;

  /* A row was selected (by the user, dq_row_tree_select() or a restore);
   * the position is G_MAXUINT when the id is not in the tree. */
  signals[SELECTED] = g_signal_new ("selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
}

static void
dq_row_tree_init (DqRowTree *self)
{
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

DqRowTree *
dq_row_tree_new (DqStore      *store,
                 DqSyncEngine *engine,
                 const char   *table)
{
  DqRowTree       *self;
  g_autofree char *root_sql = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (dq_schema_table (table) != NULL, NULL);

  self = g_object_new (DQ_TYPE_ROW_TREE, NULL);
  self->store = g_object_ref (store);
  self->engine = engine != NULL ? g_object_ref (engine) : NULL;
  self->table = dq_schema_table (table);

  root_sql = g_strdup_printf ("(t.parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM %s p WHERE p.id = t.parent_id "
                              "AND p.deleted = 0))",
                              table);
  self->root = new_level (self, root_sql, NULL);
  self->model = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->root)), FALSE, FALSE, create_children_cb,
                                         self, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

GtkSingleSelection *
dq_row_tree_get_selection (DqRowTree *self)
{
  g_return_val_if_fail (DQ_IS_ROW_TREE (self), NULL);
  return self->selection;
}

DqRowModel *
dq_row_tree_get_root (DqRowTree *self)
{
  g_return_val_if_fail (DQ_IS_ROW_TREE (self), NULL);
  return self->root;
}

GtkTreeListRow *
dq_row_tree_get_root_row (DqRowTree *self,
                          guint      position)
{
  g_return_val_if_fail (DQ_IS_ROW_TREE (self), NULL);
  return gtk_tree_list_model_get_child_row (self->model, position);
}

void
dq_row_tree_bind_row (DqRowTree      *self,
                      GtkTreeListRow *row)
{
  g_return_if_fail (DQ_IS_ROW_TREE (self));
  g_signal_connect_object (row, "notify::expanded", G_CALLBACK (row_expanded_cb), self, G_CONNECT_SWAPPED);
}

void
dq_row_tree_unbind_row (DqRowTree      *self,
                        GtkTreeListRow *row)
{
  g_return_if_fail (DQ_IS_ROW_TREE (self));
  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, row_expanded_cb, self);
}

void
dq_row_tree_expand (DqRowTree      *self,
                    GtkTreeListRow *row)
{
  g_autoptr (DqRow) item = NULL;

  g_return_if_fail (DQ_IS_ROW_TREE (self));

  item = gtk_tree_list_row_get_item (row);
  if (item != NULL)
    g_hash_table_add (self->expanded, g_strdup (dq_row_get_id (item)));
  gtk_tree_list_row_set_expanded (row, TRUE);
}

GPtrArray *
dq_row_tree_chain (DqRowTree  *self,
                   const char *id)
{
  const char *params[] = { id, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = NULL;
  GPtrArray       *rows;

  g_return_val_if_fail (DQ_IS_ROW_TREE (self), NULL);

  sql = g_strdup_printf ("WITH RECURSIVE anc(id, parent_id, name, depth) AS ("
                         "SELECT id, parent_id, %1$s, 0 FROM %2$s WHERE id = ? AND deleted = 0 "
                         "UNION ALL SELECT r.id, r.parent_id, r.%1$s, anc.depth + 1 FROM %2$s r "
                         "JOIN anc ON r.id = anc.parent_id WHERE r.deleted = 0 AND anc.depth < %3$d) "
                         "SELECT id, name FROM anc ORDER BY depth DESC",
                         self->table->display, self->table->name, MAX_DEPTH);
  rows = dq_store_select (self->store, sql, params, &error);
  if (rows == NULL)
    g_warning ("Cannot read the rows above %s: %s", id, error->message);
  return rows;
}

guint
dq_row_tree_select (DqRowTree  *self,
                    const char *id)
{
  g_autofree char *copy = g_strdup (id);
  g_autoptr (GtkTreeListRow) row = NULL;
  guint position = G_MAXUINT;

  g_return_val_if_fail (DQ_IS_ROW_TREE (self), G_MAXUINT);
  g_return_val_if_fail (id != NULL, G_MAXUINT);

  g_free (self->selected_id);
  self->selected_id = g_steal_pointer (&copy);
  row = reveal (self, self->selected_id, FALSE);
  if (row != NULL)
    position = gtk_tree_list_row_get_position (row);
  gtk_single_selection_set_selected (self->selection,
                                     position != G_MAXUINT ? position : GTK_INVALID_LIST_POSITION);
  g_signal_emit (self, signals[SELECTED], 0, self->selected_id, position);
  return position;
}

const char *
dq_row_tree_get_selected (DqRowTree *self)
{
  g_return_val_if_fail (DQ_IS_ROW_TREE (self), NULL);
  return self->selected_id;
}
