/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqCentersPage: the 阵地 page. The alliance tree is a GtkTreeListModel
 * whose levels are DqRowModels ("centers under X"), made only when X is
 * expanded, as on the 党组织 page. The counts per level and per street are
 * two GROUP BY queries over a table of a few thousand rows at most, redone
 * after the centers change. The selected center is read from the replica
 * whenever centers, rooms or organizations change; its rooms are a
 * DqRowModel and its bookings a DqBookingCalendar. Owned by DqWindow; the
 * state is the store's, plus which rows the user expanded and which center
 * is shown. */
#define G_LOG_DOMAIN "dq-centers-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dq-centers-page.h"
#include "dq-row-tree.h"

#include "dq-booking-calendar.h"
#include "dq-codes.h"
#include "dq-format.h"
#include "dq-record-dialog.h"
#include "dq-row-model.h"
#include "dq-schema.h"
#include "dq-ui-util.h"
#include "dq-validate.h"

/* Changes coming in a burst (a sync) are counted once. */
#define RECOUNT_DELAY_MS 300

struct _DqCentersPage {
  AdwBin parent_instance;

  DqStore           *store;
  DqSyncEngine      *engine;
  DqRowTree         *tree;
  DqRowModel        *rooms_model;
  DqBookingCalendar *calendar;
  GPtrArray         *level_numbers; /* GtkLabel per level of the code list */
  guint              recount_source;
  guint              refresh_source;

  GtkPaned      *paned;
  GtkLabel      *total_label;
  GtkBox        *level_counts;
  GtkGrid       *street_grid;
  GtkListView   *tree_view;
  GtkStack      *main_stack;
  AdwStatusPage *empty_page;
  GtkLabel      *path_label;
  GtkLabel      *name_label;
  GtkLabel      *level_label;
  GtkLabel      *org_label;
  GtkLabel      *functions_label;
  GtkLabel      *services_label;
  GtkLabel      *address_label;
  GtkLabel      *hours_label;
  GtkLabel      *open_24h_label;
  GtkLabel      *phone_label;
  GtkLabel      *street_label;
  GtkStack      *sections_stack;
  AdwBin        *calendar_bin;
  GtkLabel      *rooms_count_label;
  GtkStack      *rooms_stack;
  GtkColumnView *rooms_view;
};

G_DEFINE_FINAL_TYPE (DqCentersPage, dq_centers_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Top level: centers without a parent, or whose parent is not (or no
 * longer) in the replica, so that no center is out of reach. */
/* The level a new center under one of @level usually has. */
static const struct {
  const char *level;
  const char *child;
} child_levels[] = {
  { "市", "区" },
  { "区", "街道" },
  { "街道", "社区" },
  { "社区", "社区" },
  { "园区", "楼宇" },
  { "商圈", "楼宇" },
};

static const char *const room_columns[] = {
  "name",
  "capacity",
  "facilities",
};

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static gint64
parse_int (const char *text)
{
  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* The tree */

static void load_center (DqCentersPage *self);

static void
tree_selected_cb (DqCentersPage *self,
                  const char    *id,
                  guint          position)
{
  if (position != G_MAXUINT)
    gtk_widget_activate_action (GTK_WIDGET (self->tree_view), "list.scroll-to-item", "u", position);
  load_center (self);
}

static void
tree_row_setup_cb (DqCentersPage *self,
                   GtkListItem   *item)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *level = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (name, TRUE);

  gtk_widget_add_css_class (level, "caption");
  gtk_widget_add_css_class (level, "dim-label");

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), level);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static void
tree_row_bind_cb (DqCentersPage *self,
                  GtkListItem   *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr (DqRow) center = gtk_tree_list_row_get_item (row);
  GtkWidget       *expander = gtk_list_item_get_child (item);
  GtkWidget       *name = gtk_widget_get_first_child (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander)));
  g_autofree char *level = dq_row_format (center, "level", FALSE);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (name), dq_row_get_text (center, "name"));
  gtk_widget_set_tooltip_text (name, dq_row_get_text (center, "name"));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (name)), level);
  dq_row_tree_bind_row (self->tree, row);
}

static void
tree_row_unbind_cb (DqCentersPage *self,
                    GtkListItem   *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);

  dq_row_tree_unbind_row (self->tree, row);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (item)), NULL);
}

/* Counts */

static GtkWidget *
count_label (const char *text,
             const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static void
count_levels (DqCentersPage *self)
{
  const DqCodeList *levels = dq_code_list_lookup ("center_level");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *total_text = NULL;
  gint64           total = 0;

  rows = dq_store_select (self->store, "SELECT level, count(*) FROM center WHERE deleted = 0 GROUP BY level", NULL,
                          &error);
  if (rows == NULL)
    {
      g_warning ("Cannot count the centers: %s", error->message);
      return;
    }

  for (guint i = 0; levels != NULL && i < levels->n_codes && i < self->level_numbers->len; i++)
    {
      gint64 n = 0;
      char   text[24];

      for (guint r = 0; r < rows->len; r++)
        if (g_strcmp0 (((char **) rows->pdata[r])[0], levels->codes[i].code) == 0)
          n = parse_int (((char **) rows->pdata[r])[1]);
      g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, n);
      gtk_label_set_text (self->level_numbers->pdata[i], text);
      gtk_widget_set_opacity (gtk_widget_get_parent (self->level_numbers->pdata[i]), n > 0 ? 1.0 : 0.55);
    }
  for (guint r = 0; r < rows->len; r++)
    total += parse_int (((char **) rows->pdata[r])[1]);

  total_text = g_strdup_printf (ngettext ("%d service center or station", "%d service centers and stations",
                                          (gulong) total),
                                (int) total);
  gtk_label_set_text (self->total_label, total_text);
}

/* Streets in the order of the district's list, then any other. */
static int
street_order (const char *district,
              const char *street)
{
  const DqDistrict *d = dq_district_lookup (district);

  for (int i = 0; d != NULL && d->streets != NULL && d->streets[i] != NULL; i++)
    if (g_strcmp0 (d->streets[i], street) == 0)
      return i;
  return 1000;
}

static void
count_streets (DqCentersPage *self)
{
  /* The levels below a street's own center. */
  static const char *const levels[] = { "街道", "社区", "园区", "商圈", "楼宇" };
  const DqCodeList        *list = dq_code_list_lookup ("center_level");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GHashTable) districts = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *child;
  guint      line = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->street_grid))) != NULL)
    gtk_grid_remove (self->street_grid, child);

  rows = dq_store_select (self->store,
                          "SELECT district, street, level, count(*) FROM center WHERE deleted = 0 "
                          "AND coalesce(street, '') <> '' GROUP BY district, street, level",
                          NULL, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot count the centers per street: %s", error->message);
      return;
    }
  for (guint r = 0; r < rows->len; r++)
    g_hash_table_add (districts, ((char **) rows->pdata[r])[0]);

  /* Sorted by district, then the district's order of streets. */
  for (guint i = 0; i + 1 < rows->len; i++)
    for (guint j = i + 1; j < rows->len; j++)
      {
        char **a = rows->pdata[i], **b = rows->pdata[j];
        int    cmp = strcmp (a[0], b[0]);

        if (cmp == 0)
          cmp = street_order (a[0], a[1]) - street_order (b[0], b[1]);
        if (cmp == 0)
          cmp = strcmp (a[1], b[1]);
        if (cmp > 0)
          {
            rows->pdata[i] = b;
            rows->pdata[j] = a;
          }
      }

  gtk_grid_attach (self->street_grid, count_label ("", NULL), 0, 0, 1, 1);
  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    gtk_grid_attach (self->street_grid, count_label (dq_code_list_label (list, levels[l]), "caption-heading"),
                     1 + (int) l, 0, 1, 1);
  gtk_grid_attach (self->street_grid, count_label (_ ("Total"), "caption-heading"), 1 + G_N_ELEMENTS (levels), 0,
                   1, 1);

  for (guint r = 0; r < rows->len;)
    {
      char           **first = rows->pdata[r];
      g_autofree char *name = NULL;
      gint64           total = 0;
      gint64           per_level[G_N_ELEMENTS (levels)] = { 0 };
      GtkWidget       *label;

      for (; r < rows->len; r++)
        {
          char **row = rows->pdata[r];

          if (strcmp (row[0], first[0]) != 0 || strcmp (row[1], first[1]) != 0)
            break;
          for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
            if (strcmp (row[2], levels[l]) == 0)
              per_level[l] += parse_int (row[3]);
          total += parse_int (row[3]);
        }

      line++;
      if (g_hash_table_size (districts) > 1 && dq_district_lookup (first[0]) != NULL)
        name = g_strdup_printf ("%s %s", dq_district_lookup (first[0])->name, first[1]);
      else
        name = g_strdup (first[1]);
      label = gtk_label_new (name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (self->street_grid, label, 0, (int) line, 1, 1);
      for (guint l = 0; l <= G_N_ELEMENTS (levels); l++)
        {
          gint64 n = l < G_N_ELEMENTS (levels) ? per_level[l] : total;
          char   text[24];

          g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, n);
          label = count_label (n > 0 ? text : "·", n > 0 ? NULL : "dim-label");
          if (l == G_N_ELEMENTS (levels))
            gtk_widget_add_css_class (label, "heading");
          gtk_grid_attach (self->street_grid, label, 1 + (int) l, (int) line, 1, 1);
        }
    }

  if (line == 0)
    {
      GtkWidget *none = gtk_label_new (_ ("No center is recorded under a street."));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_grid_attach (self->street_grid, none, 0, 1, 1 + G_N_ELEMENTS (levels) + 1, 1);
    }
}

static gboolean
recount_cb (gpointer data)
{
  DqCentersPage *self = data;

  self->recount_source = 0;
  count_levels (self);
  count_streets (self);
  return G_SOURCE_REMOVE;
}

static void
build_level_counts (DqCentersPage *self)
{
  const DqCodeList *levels = dq_code_list_lookup ("center_level");

  for (guint i = 0; levels != NULL && i < levels->n_codes; i++)
    {
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *number = gtk_label_new ("0");
      GtkWidget *name = gtk_label_new (dq_code_list_label (levels, levels->codes[i].code));

      gtk_widget_add_css_class (number, "title-3");
      gtk_widget_add_css_class (number, "numeric");
      gtk_widget_add_css_class (name, "caption");
      gtk_widget_add_css_class (name, "dim-label");
      gtk_box_append (GTK_BOX (cell), number);
      gtk_box_append (GTK_BOX (cell), name);
      gtk_box_append (self->level_counts, cell);
      g_ptr_array_add (self->level_numbers, number);
    }
}

/* The center shown */

static void
set_text (GtkLabel       *label,
          const DqRecord *record,
          const char     *column)
{
  g_autofree char *text = dq_format_value (dq_table_column (record->table, column),
                                           dq_record_get (record, column), FALSE);

  gtk_label_set_text (label, or_dash (text));
}

static void
show_path (DqCentersPage *self)
{
  g_autoptr (GPtrArray) chain = dq_row_tree_chain (self->tree, dq_row_tree_get_selected (self->tree));
  g_autoptr (GString) markup = g_string_new (NULL);

  for (guint i = 0; chain != NULL && i + 1 < chain->len; i++)
    {
      char           **row = chain->pdata[i];
      g_autofree char *link = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", row[0], row[1]);

      if (i > 0)
        g_string_append (markup, " › ");
      g_string_append (markup, link);
    }
  gtk_label_set_markup (self->path_label, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (self->path_label), markup->len > 0);
}

static void
show_host (DqCentersPage  *self,
           const DqRecord *center)
{
  const char *id = dq_record_get_text (center, "org_id");
  g_autoptr (DqRecord) org = NULL;
  g_autofree char *markup = NULL;

  if (id != NULL)
    org = dq_store_get (self->store, "org", id, NULL);
  if (org == NULL || dq_record_get_int (org, "deleted", 0) != 0)
    {
      gtk_label_set_text (self->org_label, id != NULL ? _ ("Not in this replica") : "—");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->org_label), NULL);
      return;
    }
  markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", id, or_dash (dq_record_get_text (org, "name")));
  gtk_label_set_markup (self->org_label, markup);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->org_label), dq_record_get_text (org, "name"));
}

static void
show_rooms_count (DqCentersPage *self)
{
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (self->rooms_model));
  g_autofree char *text = g_strdup_printf (ngettext ("%u room", "%u rooms", n), n);

  gtk_label_set_text (self->rooms_count_label, text);
  gtk_stack_set_visible_child_name (self->rooms_stack, n > 0 ? "list" : "empty");
}

/* Reads the center again; FALSE when it is not (or no longer) there. */
static gboolean
show_center (DqCentersPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqRecord) center = NULL;
  const char      *phone, *street, *community;
  g_autofree char *where = NULL;
  gboolean         shown;

  if (dq_row_tree_get_selected (self->tree) != NULL)
    {
      center = dq_store_get (self->store, "center", dq_row_tree_get_selected (self->tree), &error);
      if (center == NULL && !g_error_matches (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot read center %s: %s", dq_row_tree_get_selected (self->tree), error->message);
    }

  shown = center != NULL && dq_record_get_int (center, "deleted", 0) == 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "center.new-child", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "center.edit", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "center.new-room", shown);
  if (!shown)
    {
      if (dq_row_tree_get_selected (self->tree) == NULL)
        {
          adw_status_page_set_title (self->empty_page, _ ("No Center Selected"));
          adw_status_page_set_description (self->empty_page, _ ("Choose a service center in the tree."));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _ ("Center Removed"));
          adw_status_page_set_description (self->empty_page,
                                           _ ("This service center no longer exists in this replica."));
        }
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return FALSE;
    }

  gtk_label_set_text (self->name_label, or_dash (dq_record_get_text (center, "name")));
  show_path (self);
  set_text (self->level_label, center, "level");
  set_text (self->functions_label, center, "functions");
  set_text (self->services_label, center, "services");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->services_label), dq_record_get_text (center, "services"));
  set_text (self->address_label, center, "address");
  set_text (self->hours_label, center, "open_hours");
  set_text (self->open_24h_label, center, "open_24h");
  show_host (self, center);

  /* Masked like every phone on screen. */
  phone = dq_record_get_text (center, "phone");
  if (phone != NULL && *phone != '\0')
    {
      g_autofree char *masked = dq_mask_phone (phone);

      gtk_label_set_text (self->phone_label, masked);
    }
  else
    gtk_label_set_text (self->phone_label, "—");

  street = dq_record_get_text (center, "street");
  community = dq_record_get_text (center, "community");
  if (street != NULL && community != NULL)
    where = g_strdup_printf ("%s / %s", street, community);
  else
    where = g_strdup (or_dash (street != NULL ? street : community));
  gtk_label_set_text (self->street_label, where);

  gtk_stack_set_visible_child_name (self->main_stack, "center");
  return TRUE;
}

static void
load_center (DqCentersPage *self)
{
  const char *params[] = { dq_row_tree_get_selected (self->tree), NULL };
  gboolean    shown = show_center (self);

  dq_row_model_set_filter (self->rooms_model, shown ? "t.center_id = ?" : "0", shown ? params : NULL);
  show_rooms_count (self);
  dq_booking_calendar_set_center (self->calendar, shown ? dq_row_tree_get_selected (self->tree) : NULL);
}

static gboolean
refresh_cb (gpointer data)
{
  DqCentersPage *self = data;

  self->refresh_source = 0;
  show_center (self);
  return G_SOURCE_REMOVE;
}

static void
on_centers_changed_cb (DqCentersPage *self)
{
  if (self->recount_source == 0)
    self->recount_source = g_timeout_add (RECOUNT_DELAY_MS, recount_cb, self);
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_cb, self);
}

static void
on_orgs_changed_cb (DqCentersPage *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_cb, self);
}

static void
on_rooms_changed_cb (DqCentersPage *self)
{
  show_rooms_count (self);
}

static gboolean
path_link_activated_cb (DqCentersPage *self,
                        const char    *uri)
{
  dq_centers_page_show_center (self, uri);
  return TRUE;
}

static gboolean
org_link_activated_cb (DqCentersPage *self,
                       const char    *uri)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-org", "s", uri);
  return TRUE;
}

static void
room_activated_cb (DqCentersPage *self,
                   guint          position)
{
  g_autoptr (DqRow) room = g_list_model_get_item (G_LIST_MODEL (self->rooms_model), position);
  GtkWidget *dialog;

  if (room == NULL)
    return;
  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "room", dq_row_get_id (room), room_columns,
                                 NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Actions */

static void
on_child_saved_cb (DqCentersPage *self,
                   const char    *id)
{
  if (id != NULL)
    dq_centers_page_show_center (self, id);
}

static void
new_child_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DqCentersPage *self = DQ_CENTERS_PAGE (widget);
  g_autoptr (DqRecord) center = NULL;
  g_autoptr (DqRecord) defaults = NULL;
  const char *level;
  GtkWidget  *dialog;

  if (dq_row_tree_get_selected (self->tree) == NULL)
    return;
  center = dq_store_get (self->store, "center", dq_row_tree_get_selected (self->tree), NULL);
  if (center == NULL)
    return;

  defaults = dq_record_new_for ("center", NULL);
  dq_record_set_text (defaults, "parent_id", dq_row_tree_get_selected (self->tree));
  dq_record_set_text (defaults, "district", dq_record_get_text (center, "district"));
  if (dq_record_get_text (center, "street") != NULL)
    dq_record_set_text (defaults, "street", dq_record_get_text (center, "street"));
  level = dq_record_get_text (center, "level");
  for (guint i = 0; i < G_N_ELEMENTS (child_levels); i++)
    if (g_strcmp0 (level, child_levels[i].level) == 0)
      dq_record_set_text (defaults, "level", child_levels[i].child);

  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "center", NULL, NULL, defaults);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_child_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqCentersPage *self = DQ_CENTERS_PAGE (widget);
  GtkWidget     *dialog;

  if (dq_row_tree_get_selected (self->tree) == NULL)
    return;
  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "center", dq_row_tree_get_selected (self->tree), NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_room_saved_cb (DqCentersPage *self)
{
  gtk_stack_set_visible_child_name (self->sections_stack, "rooms");
}

static void
new_room_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DqCentersPage *self = DQ_CENTERS_PAGE (widget);
  g_autoptr (DqRecord) center = NULL;
  g_autoptr (DqRecord) defaults = NULL;
  GtkWidget *dialog;

  if (dq_row_tree_get_selected (self->tree) == NULL)
    return;
  center = dq_store_get (self->store, "center", dq_row_tree_get_selected (self->tree), NULL);
  if (center == NULL)
    return;

  defaults = dq_record_new_for ("room", NULL);
  dq_record_set_text (defaults, "center_id", dq_row_tree_get_selected (self->tree));
  dq_record_set_text (defaults, "district", dq_record_get_text (center, "district"));
  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "room", NULL, room_columns, defaults);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_room_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
watch (DqCentersPage *self,
       GObject       *source)
{
  g_signal_connect_object (source, "changed::center", G_CALLBACK (on_centers_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "changed::org", G_CALLBACK (on_orgs_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
dq_centers_page_constructed (GObject *object)
{
  DqCentersPage *self = DQ_CENTERS_PAGE (object);
  g_autoptr (GtkNoSelection) rooms_selection = NULL;
  const DqTable *room_table = dq_schema_table ("room");
  guint          n_roots;

  G_OBJECT_CLASS (dq_centers_page_parent_class)->constructed (object);

  self->tree = dq_row_tree_new (self->store, self->engine, "center");
  g_signal_connect_object (self->tree, "selected", G_CALLBACK (tree_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->tree_view, GTK_SELECTION_MODEL (dq_row_tree_get_selection (self->tree)));

  self->rooms_model = dq_row_model_new (self->store, "room");
  dq_row_model_set_filter (self->rooms_model, "0", NULL);
  if (self->engine != NULL)
    dq_row_model_watch (self->rooms_model, G_OBJECT (self->engine));
  g_signal_connect_object (self->rooms_model, "items-changed", G_CALLBACK (on_rooms_changed_cb), self,
                           G_CONNECT_SWAPPED);
  rooms_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rooms_model)));
  gtk_column_view_set_model (self->rooms_view, GTK_SELECTION_MODEL (rooms_selection));
  for (guint i = 0; i < G_N_ELEMENTS (room_columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = dq_row_column_new (room_table, room_columns[i], TRUE);

      gtk_column_view_column_set_resizable (column, TRUE);
      if (i == G_N_ELEMENTS (room_columns) - 1)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->rooms_view, column);
    }

  self->calendar = DQ_BOOKING_CALENDAR (dq_booking_calendar_new (self->store, self->engine));
  adw_bin_set_child (self->calendar_bin, GTK_WIDGET (self->calendar));

  build_level_counts (self);
  count_levels (self);
  count_streets (self);
  watch (self, G_OBJECT (self->store));
  if (self->engine != NULL)
    watch (self, G_OBJECT (self->engine));

  /* Open the city and district levels: the street centers show. */
  n_roots = g_list_model_get_n_items (G_LIST_MODEL (dq_row_tree_get_root (self->tree)));
  for (guint i = 0; i < n_roots && i < 4; i++)
    {
      g_autoptr (GtkTreeListRow) row = dq_row_tree_get_root_row (self->tree, i);
      GListModel *children;

      if (row == NULL)
        break;
      dq_row_tree_expand (self->tree, row);
      children = n_roots == 1 ? gtk_tree_list_row_get_children (row) : NULL;
      for (guint j = 0; children != NULL && j < g_list_model_get_n_items (children) && j < 4; j++)
        {
          g_autoptr (GtkTreeListRow) child = gtk_tree_list_row_get_child_row (row, j);

          dq_row_tree_expand (self->tree, child);
        }
    }
  load_center (self);
}

static void
dq_centers_page_dispose (GObject *object)
{
  DqCentersPage *self = DQ_CENTERS_PAGE (object);

  g_clear_handle_id (&self->recount_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);

  /* AdwBin keeps its own pointer to the child: let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_CENTERS_PAGE);
  self->calendar = NULL;
  g_clear_object (&self->tree);
  g_clear_object (&self->rooms_model);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_centers_page_parent_class)->dispose (object);
}

static void
dq_centers_page_finalize (GObject *object)
{
  DqCentersPage *self = DQ_CENTERS_PAGE (object);

  g_clear_pointer (&self->level_numbers, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_centers_page_parent_class)->finalize (object);
}

static void
dq_centers_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DqCentersPage *self = DQ_CENTERS_PAGE (object);

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
dq_centers_page_class_init (DqCentersPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dq_centers_page_constructed;
  object_class->dispose = dq_centers_page_dispose;
  object_class->finalize = dq_centers_page_finalize;
  object_class->set_property = dq_centers_page_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, DQ_TYPE_STORE,
                                                G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                    G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, DQ_TYPE_SYNC_ENGINE,
                                                 G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "center.new-child", NULL, new_child_action);
  gtk_widget_class_install_action (widget_class, "center.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "center.new-room", NULL, new_room_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-centers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, paned);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, level_counts);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, street_grid);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, tree_view);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, level_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, org_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, functions_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, services_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, address_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, hours_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, open_24h_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, phone_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, street_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, sections_stack);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, calendar_bin);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, rooms_count_label);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, rooms_stack);
  gtk_widget_class_bind_template_child (widget_class, DqCentersPage, rooms_view);
  gtk_widget_class_bind_template_callback (widget_class, tree_row_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_row_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_row_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, path_link_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, org_link_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, room_activated_cb);
}

static void
dq_centers_page_init (DqCentersPage *self)
{
  self->level_numbers = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dq_centers_page_new (DqStore      *store,
                     DqSyncEngine *engine)
{
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (DQ_TYPE_CENTERS_PAGE, "store", store, "engine", engine, NULL);
}

void
dq_centers_page_show_center (DqCentersPage *self,
                             const char    *center_id)
{
  g_autofree char *id = g_strdup (center_id);

  g_return_if_fail (DQ_IS_CENTERS_PAGE (self));
  g_return_if_fail (center_id != NULL);

  /* Not in the tree (removed, or not in this replica): the page says so. */
  dq_row_tree_select (self->tree, id);
}
