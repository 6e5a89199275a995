/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqOrgsPage: the 党组织 page. The tree is a GtkTreeListModel whose levels
 * are DqRowModels ("children of X"), created only when X is expanded, so a
 * city of 29,000 organizations loads a handful of rows. Member counts of
 * whole subtrees come from one cache: the members are counted per
 * organization a slice of rows at a time in idle callbacks (the store is
 * used from the main thread only), the subtree sums are added up in a worker
 * thread, and the whole is redone when members or organizations change.
 * Owned by DqWindow; the state is the store's, plus which rows the user
 * expanded (restored when a level reloads) and which organization is shown. */
#define G_LOG_DOMAIN "dq-orgs-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-orgs-page.h"
#include "dq-row-tree.h"

#include "dq-org-detail.h"
#include "dq-row-model.h"

/* Members counted per idle callback: a few milliseconds of SQLite. */
#define SCAN_CHUNK 25000
/* A parent chain longer than this is a cycle in the data. */
#define MAX_DEPTH 64
/* Changes coming in a burst (a sync) are counted once. */
#define RECOUNT_DELAY_MS 400

struct _DqOrgsPage {
  AdwBin parent_instance;

  DqStore            *store;
  DqSyncEngine       *engine;
  DqRowTree          *tree;
  DqRowModel         *results_model;
  GtkSingleSelection *results_selection;
  DqOrgDetail        *detail;

  GHashTable   *counts; /* org id → members of its subtree; NULL until counted */
  GHashTable   *bound;  /* the GtkListItems showing a tree row */
  GHashTable   *scan;   /* org id → its own members, while counting */
  gint64        scan_rid;
  gint64        scan_end;
  guint         scan_source;
  guint         recount_source;
  gboolean      counting;
  gboolean      count_again;
  GCancellable *cancellable;

  GtkPaned       *paned;
  GtkSearchEntry *search_entry;
  GtkStack       *tree_stack;
  GtkListView    *tree_view;
  GtkListView    *results_view;
  AdwStatusPage  *no_results_page;
};

G_DEFINE_FINAL_TYPE (DqOrgsPage, dq_orgs_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  GPtrArray  *orgs;   /* GStrv: id, parent_id */
  GHashTable *direct; /* id → its own members */
} SumJob;

static void
sum_job_free (gpointer data)
{
  SumJob *job = data;

  g_clear_pointer (&job->orgs, g_ptr_array_unref);
  g_clear_pointer (&job->direct, g_hash_table_unref);
  g_free (job);
}

static void start_count (DqOrgsPage *self);

static gint64
parse_int (const char *text)
{
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static void
tree_selected_cb (DqOrgsPage *self,
                  const char *id,
                  guint       position)
{
  if (position != G_MAXUINT)
    gtk_widget_activate_action (GTK_WIDGET (self->tree_view), "list.scroll-to-item", "u", position);
  dq_org_detail_set_org (self->detail, id);
}

static GtkWidget *
row_part (GtkListItem *item,
          guint        index)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *part = gtk_widget_get_first_child (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander)));

  while (index-- > 0 && part != NULL)
    part = gtk_widget_get_next_sibling (part);
  return part;
}

static DqRow *
item_org (GtkListItem *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
show_count (DqOrgsPage  *self,
            GtkListItem *item)
{
  GtkLabel *label = GTK_LABEL (row_part (item, 2));
  g_autoptr (DqRow) org = item_org (item);
  gpointer value;

  if (org != NULL && self->counts != NULL &&
      g_hash_table_lookup_extended (self->counts, dq_row_get_id (org), NULL, &value))
    {
      guint            n = GPOINTER_TO_UINT (value);
      g_autofree char *text = g_strdup_printf ("%u", n);
      g_autofree char *tip = g_strdup_printf (ngettext ("%u member in this organization and below",
                                                        "%u members in this organization and below", n),
                                              n);

      gtk_label_set_text (label, text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), tip);
    }
  else
    {
      gtk_label_set_text (label, "…");
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), _ ("Counting members…"));
    }
}

static void
sum_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  SumJob *job = data;
  guint   n = job->orgs->len;
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree int   *parent = g_new (int, n);
  g_autofree guint *total = g_new0 (guint, n);
  GHashTable       *counts;

  for (guint i = 0; i < n; i++)
    g_hash_table_insert (index, ((char **) job->orgs->pdata[i])[0], GINT_TO_POINTER (i + 1));
  for (guint i = 0; i < n; i++)
    parent[i] = GPOINTER_TO_INT (g_hash_table_lookup (index, ((char **) job->orgs->pdata[i])[1])) - 1;

  for (guint i = 0; i < n; i++)
    {
      guint own = GPOINTER_TO_UINT (g_hash_table_lookup (job->direct, ((char **) job->orgs->pdata[i])[0]));
      int   j = (int) i;

      for (guint depth = 0; own > 0 && j >= 0 && depth < MAX_DEPTH; depth++, j = parent[j])
        total[j] += own;
      if (g_cancellable_is_cancelled (cancellable))
        break;
    }

  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n; i++)
    g_hash_table_insert (counts, g_strdup (((char **) job->orgs->pdata[i])[0]), GUINT_TO_POINTER (total[i]));
  g_task_return_pointer (task, counts, (GDestroyNotify) g_hash_table_unref);
}

static void
on_sums_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DqOrgsPage *self = DQ_ORGS_PAGE (source);
  g_autoptr (GHashTable) counts = NULL;
  GHashTableIter iter;
  gpointer       item;

  counts = g_task_propagate_pointer (G_TASK (result), NULL);
  if (counts == NULL)
    return; /* cancelled: the page is gone */

  self->counting = FALSE;
  g_clear_pointer (&self->counts, g_hash_table_unref);
  self->counts = g_steal_pointer (&counts);

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    show_count (self, item);

  if (self->count_again)
    {
      self->count_again = FALSE;
      start_count (self);
    }
}

static void
stop_count (DqOrgsPage *self,
            const char *what,
            GError     *error)
{
  g_warning ("Cannot count %s: %s", what, error->message);
  g_clear_pointer (&self->scan, g_hash_table_unref);
  self->scan_source = 0;
  self->counting = FALSE;
}

/* One slice of members, by row number: a few milliseconds each. */
static gboolean
scan_cb (gpointer data)
{
  DqOrgsPage *self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GTask) task = NULL;
  SumJob *job;

  if (self->scan_rid < self->scan_end)
    {
      char        from[24], to[24];
      const char *params[] = { from, to, NULL };

      g_snprintf (from, sizeof from, "%" G_GINT64_FORMAT, self->scan_rid);
      g_snprintf (to, sizeof to, "%" G_GINT64_FORMAT, self->scan_rid + SCAN_CHUNK);
      rows = dq_store_select (self->store,
                              "SELECT org_id, count(*) FROM member WHERE _rid > CAST(? AS INTEGER) "
                              "AND _rid <= CAST(? AS INTEGER) AND deleted = 0 GROUP BY org_id",
                              params, &error);
      if (rows == NULL)
        {
          stop_count (self, "members", error);
          return G_SOURCE_REMOVE;
        }
      for (guint i = 0; i < rows->len; i++)
        {
          char **row = rows->pdata[i];
          guint  before = GPOINTER_TO_UINT (g_hash_table_lookup (self->scan, row[0]));

          if (*row[0] != '\0')
            g_hash_table_insert (self->scan, g_strdup (row[0]),
                                 GUINT_TO_POINTER (before + (guint) parse_int (row[1])));
        }
      self->scan_rid += SCAN_CHUNK;
      return G_SOURCE_CONTINUE;
    }

  rows = dq_store_select (self->store, "SELECT id, parent_id FROM org WHERE deleted = 0", NULL, &error);
  if (rows == NULL)
    {
      stop_count (self, "organizations", error);
      return G_SOURCE_REMOVE;
    }
  self->scan_source = 0;

  job = g_new0 (SumJob, 1);
  job->orgs = g_steal_pointer (&rows);
  job->direct = g_steal_pointer (&self->scan);
  task = g_task_new (self, self->cancellable, on_sums_done_cb, NULL);
  g_task_set_source_tag (task, scan_cb);
  g_task_set_task_data (task, job, sum_job_free);
  g_task_run_in_thread (task, sum_thread);
  return G_SOURCE_REMOVE;
}

static void
start_count (DqOrgsPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }

  rows = dq_store_select (self->store, "SELECT coalesce(max(_rid), 0) FROM member", NULL, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot count members: %s", error->message);
      return;
    }
  self->scan_end = rows->len > 0 ? parse_int (((char **) rows->pdata[0])[0]) : 0;
  self->scan_rid = 0;
  self->scan = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->counting = TRUE;
  self->scan_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scan_cb, self, NULL);
}

static gboolean
recount_cb (gpointer data)
{
  DqOrgsPage *self = data;

  self->recount_source = 0;
  start_count (self);
  return G_SOURCE_REMOVE;
}

static void
on_counts_stale_cb (DqOrgsPage *self)
{
  if (self->recount_source == 0)
    self->recount_source = g_timeout_add (RECOUNT_DELAY_MS, recount_cb, self);
}

static void
on_org_activated_cb (DqOrgsPage *self,
                     const char *id)
{
  dq_orgs_page_show_org (self, id);
}

static void
tree_row_setup_cb (DqOrgsPage  *self,
                   GtkListItem *item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_name (name, "org-name");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (name, TRUE);

  gtk_widget_set_name (kind, "org-kind");
  gtk_widget_add_css_class (kind, "caption");
  gtk_widget_add_css_class (kind, "dim-label");

  gtk_widget_set_name (count, "org-count");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_add_css_class (count, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (count), 1);
  gtk_label_set_width_chars (GTK_LABEL (count), 5);

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), count);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static void
tree_row_bind_cb (DqOrgsPage  *self,
                  GtkListItem *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr (DqRow) org = gtk_tree_list_row_get_item (row);
  GtkWidget       *name = row_part (item, 0);
  const char      *full = dq_row_get_text (org, "name");
  const char      *short_name = dq_row_get_text (org, "short_name");
  g_autofree char *kind = dq_row_format (org, "kind", FALSE);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (item)), row);
  gtk_label_set_text (GTK_LABEL (name), short_name != NULL && *short_name != '\0' ? short_name : full);
  gtk_widget_set_tooltip_text (name, full);
  gtk_label_set_text (GTK_LABEL (row_part (item, 1)), kind);

  g_hash_table_add (self->bound, item);
  show_count (self, item);
  dq_row_tree_bind_row (self->tree, row);
}

static void
tree_row_unbind_cb (DqOrgsPage  *self,
                    GtkListItem *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);

  g_hash_table_remove (self->bound, item);
  dq_row_tree_unbind_row (self->tree, row);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (item)), NULL);
}

static void
tree_row_teardown_cb (DqOrgsPage  *self,
                      GtkListItem *item)
{
  g_hash_table_remove (self->bound, item);
}

static void
result_row_setup_cb (DqOrgsPage  *self,
                     GtkListItem *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *where = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (where, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), where);
  gtk_list_item_set_child (item, box);
}

static void
result_row_bind_cb (DqOrgsPage  *self,
                    GtkListItem *item)
{
  DqRow           *org = gtk_list_item_get_item (item);
  GtkWidget       *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  const char      *parent = dq_row_get_ref_name (org, "parent_id");
  g_autofree char *kind = dq_row_format (org, "kind", FALSE);
  g_autofree char *where = NULL;

  gtk_label_set_text (GTK_LABEL (name), dq_row_get_text (org, "name"));
  gtk_widget_set_tooltip_text (name, dq_row_get_text (org, "name"));
  if (parent != NULL)
    /* TRANSLATORS: an organization kind, then the organization above it */
    where = g_strdup_printf (_ ("%s · under %s"), kind, parent);
  else
    where = g_steal_pointer (&kind);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (name)), where);
}

static void
show_results (DqOrgsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (text == NULL || *text == '\0')
    {
      gtk_stack_set_visible_child_name (self->tree_stack, "tree");
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results_model)) > 0)
    gtk_stack_set_visible_child_name (self->tree_stack, "results");
  else
    {
      g_autofree char *description = g_strdup_printf (_ ("No organization’s name contains “%s”."), text);

      adw_status_page_set_description (self->no_results_page, description);
      gtk_stack_set_visible_child_name (self->tree_stack, "no-results");
    }
}

static void
go_to_result (DqOrgsPage *self,
              guint       position)
{
  g_autoptr (DqRow) org = g_list_model_get_item (G_LIST_MODEL (self->results_model), position);
  g_autofree char *id = NULL;

  if (org == NULL)
    return;
  id = g_strdup (dq_row_get_id (org));
  dq_orgs_page_show_org (self, id);
  gtk_widget_grab_focus (GTK_WIDGET (self->tree_view));
}

static void
search_changed_cb (DqOrgsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (text != NULL && *text != '\0')
    dq_row_model_set_search (self->results_model, text);
  show_results (self);
}

static void
search_activated_cb (DqOrgsPage *self)
{
  guint position = gtk_single_selection_get_selected (self->results_selection);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->tree_stack), "results") != 0)
    return;
  go_to_result (self, position != GTK_INVALID_LIST_POSITION ? position : 0);
}

static void
search_stopped_cb (DqOrgsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
result_activated_cb (DqOrgsPage *self,
                     guint       position)
{
  go_to_result (self, position);
}

static void
watch (DqOrgsPage *self,
       GObject    *source)
{
  g_signal_connect_object (source, "changed::member", G_CALLBACK (on_counts_stale_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "changed::org", G_CALLBACK (on_counts_stale_cb), self, G_CONNECT_SWAPPED);
}

static void
dq_orgs_page_constructed (GObject *object)
{
  DqOrgsPage *self = DQ_ORGS_PAGE (object);

  G_OBJECT_CLASS (dq_orgs_page_parent_class)->constructed (object);

  self->tree = dq_row_tree_new (self->store, self->engine, "org");
  g_signal_connect_object (self->tree, "selected", G_CALLBACK (tree_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->tree_view, GTK_SELECTION_MODEL (dq_row_tree_get_selection (self->tree)));

  self->results_model = dq_row_model_new (self->store, "org");
  dq_row_model_add_ref (self->results_model, "parent_id");
  if (self->engine != NULL)
    dq_row_model_watch (self->results_model, G_OBJECT (self->engine));
  g_signal_connect_object (self->results_model, "items-changed", G_CALLBACK (show_results), self,
                           G_CONNECT_SWAPPED);
  self->results_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results_model)));
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->results_selection));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->tree_view));

  self->detail = DQ_ORG_DETAIL (dq_org_detail_new (self->store, self->engine));
  g_signal_connect_object (self->detail, "org-activated", G_CALLBACK (on_org_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_paned_set_end_child (self->paned, GTK_WIDGET (self->detail));

  watch (self, G_OBJECT (self->store));
  if (self->engine != NULL)
    watch (self, G_OBJECT (self->engine));
  start_count (self);

  /* A district replica has one top organization: open it. */
  if (g_list_model_get_n_items (G_LIST_MODEL (dq_row_tree_get_root (self->tree))) > 0)
    {
      GListModel *roots = G_LIST_MODEL (dq_row_tree_get_root (self->tree));
      g_autoptr (GtkTreeListRow) first = dq_row_tree_get_root_row (self->tree, 0);
      g_autoptr (DqRow) org = gtk_tree_list_row_get_item (first);

      if (g_list_model_get_n_items (roots) == 1)
        dq_row_tree_expand (self->tree, first);
      dq_row_tree_select (self->tree, dq_row_get_id (org));
    }
}

static void
dq_orgs_page_dispose (GObject *object)
{
  DqOrgsPage *self = DQ_ORGS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->scan_source, g_source_remove);
  g_clear_handle_id (&self->recount_source, g_source_remove);

  /* AdwBin keeps its own pointer to the child: let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_ORGS_PAGE);
  self->detail = NULL;
  g_clear_object (&self->tree);
  g_clear_object (&self->results_selection);
  g_clear_object (&self->results_model);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_orgs_page_parent_class)->dispose (object);
}

static void
dq_orgs_page_finalize (GObject *object)
{
  DqOrgsPage *self = DQ_ORGS_PAGE (object);

  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->scan, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (dq_orgs_page_parent_class)->finalize (object);
}

static void
dq_orgs_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  DqOrgsPage *self = DQ_ORGS_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dq_orgs_page_class_init (DqOrgsPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dq_orgs_page_constructed;
  object_class->dispose = dq_orgs_page_dispose;
  object_class->finalize = dq_orgs_page_finalize;
  object_class->set_property = dq_orgs_page_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, DQ_TYPE_STORE,
                                                G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                    G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, DQ_TYPE_SYNC_ENGINE,
                                                 G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-orgs-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqOrgsPage, paned);
  gtk_widget_class_bind_template_child (widget_class, DqOrgsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DqOrgsPage, tree_stack);
  gtk_widget_class_bind_template_child (widget_class, DqOrgsPage, tree_view);
  gtk_widget_class_bind_template_child (widget_class, DqOrgsPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, DqOrgsPage, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, tree_row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_row_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_row_teardown_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stopped_cb);
}

static void
dq_orgs_page_init (DqOrgsPage *self)
{
  self->bound = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dq_orgs_page_new (DqStore      *store,
                  DqSyncEngine *engine)
{
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (DQ_TYPE_ORGS_PAGE, "store", store, "engine", engine, NULL);
}

void
dq_orgs_page_show_org (DqOrgsPage *self,
                       const char *org_id)
{
  g_autofree char *id = g_strdup (org_id);

  g_return_if_fail (DQ_IS_ORGS_PAGE (self));
  g_return_if_fail (org_id != NULL);

  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_stack_set_visible_child_name (self->tree_stack, "tree");

  /* Not in the tree (dissolved, or not in this replica): the detail says so. */
  dq_row_tree_select (self->tree, id);
}

const char *
dq_orgs_page_get_selected_org (DqOrgsPage *self)
{
  g_return_val_if_fail (DQ_IS_ORGS_PAGE (self), NULL);

  return dq_row_tree_get_selected (self->tree);
}

gint64
dq_orgs_page_get_member_count (DqOrgsPage *self,
                               const char *org_id)
{
  gpointer value;

  g_return_val_if_fail (DQ_IS_ORGS_PAGE (self), -1);

  if (self->counts == NULL || !g_hash_table_lookup_extended (self->counts, org_id, NULL, &value))
    return -1;
  return GPOINTER_TO_UINT (value);
}
