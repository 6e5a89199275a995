/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqMembersPage: the list of members and, one step in, a member's page.
 * The list is a GtkColumnView straight over a DqRowModel: searching,
 * filtering and sorting are SQL the model runs, so the list stays instant
 * at city scale and holds only the rows on screen. The filters are the
 * page's only state; the rows live in the replica. */

#define G_LOG_DOMAIN "dq-members-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dq-codes.h"
#include "dq-import-dialog.h"
#include "dq-member-page.h"
#include "dq-members-page.h"
#include "dq-record-dialog.h"
#include "dq-schema.h"
#include "dq-ui-util.h"

/* The members of an organization and of every organization below it; the
 * recursion walks org.parent_id's index, the match member.org_id's. */
#define ORG_SUBTREE_SQL                                                 \
  "t.org_id IN (WITH RECURSIVE sub(id) AS (SELECT ? "                   \
  "UNION ALL SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id) " \
  "SELECT id FROM sub)"

/* Milliseconds between the last key typed and the search. */
#define SEARCH_DELAY_MS 30

struct _DqMembersPage {
  AdwBin parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  DqRowModel   *model;
  DqRowModel   *org_model;
  char         *org_id;         /* organization filter, or NULL */
  GPtrArray    *category_codes; /* code of each dropdown item; NULL for "all" */
  GtkWidget    *member_page;

  AdwLeaflet      *leaflet;
  GtkWidget       *list_page;
  GtkBox          *member_box;
  GtkSearchEntry  *search_entry;
  GtkMenuButton   *org_button;
  GtkPopover      *org_popover;
  GtkSearchEntry  *org_search_entry;
  GtkListView     *org_list;
  GtkLabel        *org_label;
  GtkDropDown     *category_dropdown;
  GtkToggleButton *flowing_toggle;
  GtkToggleButton *lost_toggle;
  GtkLabel        *count_label;
  GtkStack        *list_stack;
  GtkColumnView   *column_view;
};

G_DEFINE_FINAL_TYPE (DqMembersPage, dq_members_page, ADW_TYPE_BIN)

/* The list's columns, in order, with the short headers a clerk expects. */
static const struct {
  const char *column;
  const char *title; /* msgid, context "member list column" */
  gboolean    expand;
} list_columns[] = {
  { "name", NC_ ("member list column", "Name"), FALSE },
  { "gender", NC_ ("member list column", "Gender"), FALSE },
  { "org_id", NC_ ("member list column", "Organization"), TRUE },
  { "category", NC_ ("member list column", "Category"), FALSE },
  { "join_date", NC_ ("member list column", "Joined"), FALSE },
  { "phone", NC_ ("member list column", "Mobile"), FALSE },
  { "id_number", NC_ ("member list column", "ID number"), FALSE },
};

/* "40,599": digits grouped by thousands, as the platform prints counts. */
static char *
group_digits (guint n)
{
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString         *out = g_string_new (NULL);
  gsize            len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static void
update_count (DqMembersPage *self)
{
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *number = group_digits (n);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%s member in total",
                                                        "%s members in total", n),
                                           number);

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

static void
apply_filters (DqMembersPage *self)
{
  g_autoptr (GString) where = g_string_new (NULL);
  g_autoptr (GPtrArray) params = g_ptr_array_new ();
  guint category = gtk_drop_down_get_selected (self->category_dropdown);

  if (self->org_id != NULL)
    {
      g_string_append (where, ORG_SUBTREE_SQL);
      g_ptr_array_add (params, self->org_id);
    }
  if (category != GTK_INVALID_LIST_POSITION && category < self->category_codes->len &&
      g_ptr_array_index (self->category_codes, category) != NULL)
    {
      g_string_append_printf (where, "%st.category = ?", where->len > 0 ? " AND " : "");
      g_ptr_array_add (params, g_ptr_array_index (self->category_codes, category));
    }
  if (gtk_toggle_button_get_active (self->flowing_toggle))
    g_string_append_printf (where, "%st.flowing IS NOT NULL AND t.flowing <> ''",
                            where->len > 0 ? " AND " : "");
  if (gtk_toggle_button_get_active (self->lost_toggle))
    g_string_append_printf (where, "%st.lost_contact = 1", where->len > 0 ? " AND " : "");
  g_ptr_array_add (params, NULL);

  dq_row_model_set_filter (self->model, where->len > 0 ? where->str : NULL,
                           (const char *const *) params->pdata);
}

static void
set_org_filter (DqMembersPage *self,
                const char    *org_id,
                const char    *name)
{
  g_free (self->org_id);
  self->org_id = g_strdup (org_id);
  gtk_label_set_text (self->org_label, name != NULL ? name : _ ("All organizations"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->org_button),
                               name != NULL ? name
                                            : _ ("Only members of an organization and the organizations below it"));
  apply_filters (self);
}

static void
fill_categories (DqMembersPage *self)
{
  const DqColumn   *column = dq_table_column (dq_schema_table ("member"), "category");
  const DqCodeList *codes = dq_column_code_list (column);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _ ("All categories"));
  g_ptr_array_add (self->category_codes, NULL);
  for (guint i = 0; codes != NULL && i < codes->n_codes; i++)
    {
      gtk_string_list_append (labels, dq_code_list_label (codes, codes->codes[i].code));
      g_ptr_array_add (self->category_codes, (gpointer) codes->codes[i].code);
    }
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->category_dropdown, 0);
}

static void
add_columns (DqMembersPage *self)
{
  const DqTable *table = dq_row_model_get_table (self->model);

  for (guint i = 0; i < G_N_ELEMENTS (list_columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = dq_row_column_new (table, list_columns[i].column, TRUE);

      gtk_column_view_column_set_title (column, g_dpgettext2 (GETTEXT_PACKAGE, "member list column",
                                                              list_columns[i].title));
      gtk_column_view_column_set_expand (column, list_columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
  dq_column_view_sort_model (self->column_view, self->model);

  /* The model lists by name to begin with: the header says so. */
  {
    g_autoptr (GtkColumnViewColumn) first = g_list_model_get_item (gtk_column_view_get_columns (self->column_view), 0);

    gtk_column_view_sort_by_column (self->column_view, first, GTK_SORT_ASCENDING);
  }
}

static void
org_item_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_list_item_set_child (item, label);
}

static void
org_item_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  DqRow     *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), row != NULL ? dq_row_get_text (row, "name") : "");
  gtk_widget_set_tooltip_text (label, row != NULL ? dq_row_get_text (row, "name") : NULL);
}

static void
setup_org_picker (DqMembersPage *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;

  self->org_model = dq_row_model_new (self->store, "org");
  if (self->engine != NULL)
    dq_row_model_watch (self->org_model, G_OBJECT (self->engine));

  g_signal_connect (factory, "setup", G_CALLBACK (org_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (org_item_bind_cb), NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->org_model)));
  gtk_list_view_set_factory (self->org_list, factory);
  gtk_list_view_set_model (self->org_list, GTK_SELECTION_MODEL (selection));
}

static void
search_changed_cb (DqMembersPage *self)
{
  dq_row_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* Two characters or more (a name an input method commits whole, a phone
 * fragment) are answered from the index in a few milliseconds: search at
 * once. A single character waits for the entry's delay, since the next
 * keystroke usually follows and one character can match a tenth of a city. */
static void
search_text_changed_cb (DqMembersPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_utf8_strlen (text, -1) >= 2)
    dq_row_model_set_search (self->model, text);
}

static void
filters_changed_cb (DqMembersPage *self)
{
  if (self->model != NULL)
    apply_filters (self);
}

static void
org_popover_shown_cb (DqMembersPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->org_search_entry));
}

static void
org_search_changed_cb (DqMembersPage *self)
{
  if (self->org_model != NULL)
    dq_row_model_set_search (self->org_model, gtk_editable_get_text (GTK_EDITABLE (self->org_search_entry)));
}

static void
pick_org (DqMembersPage *self,
          guint          position)
{
  g_autoptr (DqRow) row = g_list_model_get_item (G_LIST_MODEL (self->org_model), position);

  if (row == NULL)
    return;
  set_org_filter (self, dq_row_get_id (row), dq_row_get_text (row, "name"));
  gtk_popover_popdown (self->org_popover);
}

static void
org_activated_cb (DqMembersPage *self,
                  guint          position)
{
  pick_org (self, position);
}

/* Enter in the organization search takes the first match. */
static void
org_search_activated_cb (DqMembersPage *self)
{
  pick_org (self, 0);
}

static void
all_orgs_clicked_cb (DqMembersPage *self)
{
  set_org_filter (self, NULL, NULL);
  gtk_popover_popdown (self->org_popover);
}

static void
row_activated_cb (DqMembersPage *self,
                  guint          position)
{
  g_autoptr (DqRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (row != NULL)
    dq_members_page_show_member (self, dq_row_get_id (row));
}

static void
leaflet_child_changed_cb (DqMembersPage *self)
{
  if (adw_leaflet_get_visible_child (self->leaflet) == self->list_page)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
model_items_changed_cb (DqMembersPage *self)
{
  update_count (self);
}

static void
member_saved_cb (DqMembersPage *self,
                 const char    *id)
{
  if (id != NULL)
    dq_members_page_show_member (self, id);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DqMembersPage *self = DQ_MEMBERS_PAGE (widget);
  g_autoptr (DqRecord) defaults = dq_record_new_for ("member", NULL);
  GtkWidget *dialog;

  /* A new member joins the organization the list is showing. */
  if (self->org_id != NULL)
    dq_record_set_text (defaults, "org_id", self->org_id);
  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "member", NULL, NULL, defaults);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (member_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqMembersPage *self = DQ_MEMBERS_PAGE (widget);
  GtkWidget     *dialog = dq_import_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "member");

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqMembersPage *self = DQ_MEMBERS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_page);
}

static void
dq_members_page_dispose (GObject *object)
{
  DqMembersPage *self = DQ_MEMBERS_PAGE (object);

  /* The bin's child is a template child: unparent it once, here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_MEMBERS_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->org_model);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (dq_members_page_parent_class)->dispose (object);
}

static void
dq_members_page_finalize (GObject *object)
{
  DqMembersPage *self = DQ_MEMBERS_PAGE (object);

  g_clear_pointer (&self->org_id, g_free);
  g_clear_pointer (&self->category_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_members_page_parent_class)->finalize (object);
}

static void
dq_members_page_class_init (DqMembersPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_members_page_dispose;
  object_class->finalize = dq_members_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, list_page);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, member_box);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, org_button);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, org_popover);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, org_search_entry);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, org_list);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, org_label);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, flowing_toggle);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, lost_toggle);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DqMembersPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, org_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, org_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, org_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, org_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_orgs_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "members.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "members.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "members.back", NULL, back_action);
  /* Ctrl+N here (the window's shortcut) starts the member in the
   * organization the list is filtered to, and opens it once saved. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "members.new", NULL);
}

static void
dq_members_page_init (DqMembersPage *self)
{
  self->category_codes = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_entry_set_search_delay (self->search_entry, SEARCH_DELAY_MS);
  g_signal_connect_object (self->search_entry, "changed", G_CALLBACK (search_text_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  fill_categories (self);
}

GtkWidget *
dq_members_page_new (DqStore      *store,
                     DqSyncEngine *engine)
{
  DqMembersPage *self;
  g_autoptr (GtkSingleSelection) selection = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DQ_TYPE_MEMBERS_PAGE, NULL);
  self->store = g_object_ref (store);
  self->engine = engine != NULL ? g_object_ref (engine) : NULL;

  self->model = dq_row_model_new (store, "member");
  dq_row_model_add_ref (self->model, "org_id");
  /* Its cells follow DqRow::changed: typing a search redraws the rows on
   * screen instead of rebuilding them. */
  dq_row_model_set_recycle (self->model, TRUE);
  if (engine != NULL)
    dq_row_model_watch (self->model, G_OBJECT (engine));
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  add_columns (self);
  setup_org_picker (self);

  self->member_page = dq_member_page_new (store, engine);
  gtk_widget_set_vexpand (self->member_page, TRUE);
  gtk_box_append (self->member_box, self->member_page);

  apply_filters (self);
  update_count (self);
  return GTK_WIDGET (self);
}

void
dq_members_page_show_member (DqMembersPage *self,
                             const char    *member_id)
{
  g_return_if_fail (DQ_IS_MEMBERS_PAGE (self));
  g_return_if_fail (member_id != NULL);

  dq_member_page_set_member (DQ_MEMBER_PAGE (self->member_page), member_id);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->member_box));
}
