/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqActivitiesPage: the list of activities and, one step in, an activity's
 * page. The list is a GtkColumnView straight over a DqRowModel: the views
 * (即将开始 / 本周 / 已结束), the kind and center filters, the search and the
 * order are SQL the model runs. The page holds only its filters.
 *
 * Times are stored as ISO 8601 text with their offset (+08:00 in
 * Shenzhen, but a desk in another zone may write another). The views
 * compare them as moments with julianday(); a string bound a day and more
 * wide on starts_at lets SQLite narrow the rows on its index first, which
 * is exact for any offset: no offset is more than 14 hours off. */

#define G_LOG_DOMAIN "dq-activities-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dq-activities-page.h"
#include "dq-activity-page.h"
#include "dq-codes.h"
#include "dq-record-dialog.h"
#include "dq-schema.h"
#include "dq-ui-util.h"

/* Activities of a center and of every center below it; the recursion walks
 * center.parent_id's index, the match activity.center_id's. */
#define CENTER_SUBTREE_SQL                                                 \
  "t.center_id IN (WITH RECURSIVE sub(id) AS (SELECT ? "                   \
  "UNION ALL SELECT c.id FROM center c JOIN sub ON c.parent_id = sub.id) " \
  "SELECT id FROM sub)"

/* When an activity is over: its end, or its start when it has none. */
#define ENDS_SQL "julianday(coalesce(nullif(t.ends_at, ''), t.starts_at))"

/* Milliseconds between the last key typed and the search. */
#define SEARCH_DELAY_MS 30
/* The views move with the clock: re-run them this often. */
#define REFRESH_SECONDS 60

typedef enum {
  VIEW_UPCOMING,
  VIEW_WEEK,
  VIEW_PAST,
  N_VIEWS
} View;

struct _DqActivitiesPage {
  AdwBin parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  DqRowModel   *model;
  DqRowModel   *center_model;
  char         *center_id;  /* center filter, or NULL */
  GPtrArray    *kind_codes; /* code of each dropdown item; NULL for "all" */
  GtkWidget    *activity_page;
  /* The view's column of starts_at (the view holds it): the views' order. */
  GtkColumnViewColumn *starts_column;
  View                 view;
  guint                refresh_id;

  AdwLeaflet      *leaflet;
  GtkWidget       *list_page;
  GtkBox          *activity_box;
  GtkToggleButton *upcoming_toggle;
  GtkToggleButton *week_toggle;
  GtkToggleButton *past_toggle;
  GtkLabel        *upcoming_count;
  GtkLabel        *week_count;
  GtkLabel        *past_count;
  GtkSearchEntry  *search_entry;
  GtkDropDown     *kind_dropdown;
  GtkMenuButton   *center_button;
  GtkPopover      *center_popover;
  GtkSearchEntry  *center_search_entry;
  GtkListView     *center_list;
  GtkLabel        *center_label;
  GtkLabel        *count_label;
  GtkStack        *list_stack;
  GtkColumnView   *column_view;
};

G_DEFINE_FINAL_TYPE (DqActivitiesPage, dq_activities_page, ADW_TYPE_BIN)

/* The list's columns, in order; "place" is the location, or the center. */
static const struct {
  const char *column;
  const char *title; /* msgid, context "activity list column" */
  gboolean    expand;
} list_columns[] = {
  { "title", NC_ ("activity list column", "Activity"), TRUE },
  { "kind", NC_ ("activity list column", "Kind"), FALSE },
  { "starts_at", NC_ ("activity list column", "Starts"), FALSE },
  { "place", NC_ ("activity list column", "Location / Center"), TRUE },
  { "org_id", NC_ ("activity list column", "Organizer"), TRUE },
  { "capacity", NC_ ("activity list column", "Capacity"), FALSE },
  { "status", NC_ ("activity list column", "Status"), FALSE },
};

/* What each view adds to the filter, and its order. */
typedef struct {
  char *now;        /* ISO 8601, +08:00 */
  char *day_before; /* YYYY-MM-DD: a string bound below any offset of now */
  char *day_after;  /* YYYY-MM-DD: a string bound above any offset of now */
  char *week_start; /* Monday 00:00 of this week */
  char *week_end;   /* the next Monday 00:00 */
  char *week_after; /* YYYY-MM-DD: a string bound above any offset of week_end */
} Bounds;

static void
bounds_clear (Bounds *bounds)
{
  g_free (bounds->now);
  g_free (bounds->day_before);
  g_free (bounds->day_after);
  g_free (bounds->week_start);
  g_free (bounds->week_end);
  g_free (bounds->week_after);
}

static char *
iso (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

static char *
day (GDateTime *time,
     int        days)
{
  g_autoptr (GDateTime) moved = g_date_time_add_days (time, days);

  return g_date_time_format (moved, "%Y-%m-%d");
}

static void
bounds_init (Bounds *bounds)
{
  g_autoptr (GTimeZone) shenzhen = g_time_zone_new_identifier ("+08:00");
  g_autoptr (GDateTime) now = g_date_time_new_now (shenzhen);
  g_autoptr (GDateTime) monday = NULL;
  g_autoptr (GDateTime) next_monday = NULL;

  monday = g_date_time_new (shenzhen, g_date_time_get_year (now), g_date_time_get_month (now),
                            g_date_time_get_day_of_month (now), 0, 0, 0);
  {
    GDateTime *start = g_date_time_add_days (monday, 1 - g_date_time_get_day_of_week (now));

    g_date_time_unref (monday);
    monday = start;
  }
  next_monday = g_date_time_add_weeks (monday, 1);

  bounds->now = iso (now);
  bounds->day_before = day (now, -2);
  bounds->day_after = day (now, 2);
  bounds->week_start = iso (monday);
  bounds->week_end = iso (next_monday);
  bounds->week_after = day (next_monday, 2);
}

/* Appends @view's condition to @where; @params (owning) gets its values. */
static void
add_view_sql (View          view,
              const Bounds *bounds,
              GString      *where,
              GPtrArray    *params)
{
  if (where->len > 0)
    g_string_append (where, " AND ");
  switch (view)
    {
    case VIEW_UPCOMING:
      g_string_append (where, "t.starts_at >= ? AND julianday(t.starts_at) >= julianday(?)");
      g_ptr_array_add (params, g_strdup (bounds->day_before));
      g_ptr_array_add (params, g_strdup (bounds->now));
      break;
    case VIEW_WEEK:
      /* Held this week: begun before its end, not over before its start. */
      g_string_append (where, "t.starts_at < ? AND julianday(t.starts_at) < julianday(?) AND " ENDS_SQL
                              " >= julianday(?)");
      g_ptr_array_add (params, g_strdup (bounds->week_after));
      g_ptr_array_add (params, g_strdup (bounds->week_end));
      g_ptr_array_add (params, g_strdup (bounds->week_start));
      break;
    case VIEW_PAST:
      g_string_append (where, "t.starts_at < ? AND " ENDS_SQL " < julianday(?)");
      g_ptr_array_add (params, g_strdup (bounds->day_after));
      g_ptr_array_add (params, g_strdup (bounds->now));
      break;
    case N_VIEWS:
    default:
      g_assert_not_reached ();
    }
}

/* The kind and center filters. */
static void
add_filter_sql (DqActivitiesPage *self,
                GString          *where,
                GPtrArray        *params)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  if (kind != GTK_INVALID_LIST_POSITION && kind < self->kind_codes->len &&
      g_ptr_array_index (self->kind_codes, kind) != NULL)
    {
      g_string_append_printf (where, "%st.kind = ?", where->len > 0 ? " AND " : "");
      g_ptr_array_add (params, g_strdup (g_ptr_array_index (self->kind_codes, kind)));
    }
  if (self->center_id != NULL)
    {
      g_string_append_printf (where, "%s" CENTER_SUBTREE_SQL, where->len > 0 ? " AND " : "");
      g_ptr_array_add (params, g_strdup (self->center_id));
    }
}

static GtkLabel *
view_count_label (DqActivitiesPage *self,
                  View              view)
{
  switch (view)
    {
    case VIEW_UPCOMING:
      return self->upcoming_count;
    case VIEW_WEEK:
      return self->week_count;
    case VIEW_PAST:
    case N_VIEWS:
    default:
      return self->past_count;
    }
}

/* Each view's count under the kind and center filters, on its button. */
static void
update_view_counts (DqActivitiesPage *self,
                    const Bounds     *bounds)
{
  for (View view = 0; view < N_VIEWS; view++)
    {
      g_autoptr (GString) where = g_string_new (NULL);
      g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
      g_autoptr (GString) sql = g_string_new ("SELECT count(*) FROM activity t WHERE t.deleted = 0");
      g_autoptr (GPtrArray) rows = NULL;
      g_autoptr (GError) error = NULL;
      GtkLabel *label = view_count_label (self, view);

      add_filter_sql (self, where, params);
      add_view_sql (view, bounds, where, params);
      g_string_append_printf (sql, " AND %s", where->str);
      g_ptr_array_add (params, NULL);
      rows = dq_store_select (self->store, sql->str, (const char *const *) params->pdata, &error);
      if (rows == NULL || rows->len == 0)
        {
          g_warning ("Counting activities: %s", error != NULL ? error->message : "no row");
          gtk_label_set_text (label, "");
          continue;
        }
      gtk_label_set_text (label, ((GStrv) g_ptr_array_index (rows, 0))[0]);
    }
}

static void
update_count (DqActivitiesPage *self)
{
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u activity", "%u activities", n), n);

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
}

static void
apply_filters (DqActivitiesPage *self)
{
  g_autoptr (GString) where = g_string_new (NULL);
  g_autoptr (GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  Bounds bounds = { 0 };

  bounds_init (&bounds);
  add_filter_sql (self, where, params);
  add_view_sql (self->view, &bounds, where, params);
  g_ptr_array_add (params, NULL);
  dq_row_model_set_filter (self->model, where->str, (const char *const *) params->pdata);
  update_view_counts (self, &bounds);
  update_count (self);
  bounds_clear (&bounds);
}

/* The view's own order, with the header showing it: soonest first, or the
 * latest first for what is over. */
static void
sort_for_view (DqActivitiesPage *self)
{
  gtk_column_view_sort_by_column (self->column_view, self->starts_column,
                                  self->view == VIEW_PAST ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

static void
set_center_filter (DqActivitiesPage *self,
                   const char       *center_id,
                   const char       *name)
{
  g_free (self->center_id);
  self->center_id = g_strdup (center_id);
  gtk_label_set_text (self->center_label, name != NULL ? name : _ ("All service centers"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->center_button),
                               name != NULL ? name
                                            : _ ("Only activities of a service center and the centers below it"));
  apply_filters (self);
}

static void
fill_kinds (DqActivitiesPage *self)
{
  const DqColumn   *column = dq_table_column (dq_schema_table ("activity"), "kind");
  const DqCodeList *codes = dq_column_code_list (column);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _ ("All activity kinds"));
  g_ptr_array_add (self->kind_codes, NULL);
  for (guint i = 0; codes != NULL && i < codes->n_codes; i++)
    {
      gtk_string_list_append (labels, dq_code_list_label (codes, codes->codes[i].code));
      g_ptr_array_add (self->kind_codes, (gpointer) codes->codes[i].code);
    }
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
}

/* The "place" cell: where the activity is held as its organizer wrote it,
 * or the center's name when nothing is written. */
static void
show_place (GtkListItem *item)
{
  DqRow      *row = gtk_list_item_get_item (item);
  const char *text = NULL;

  if (row != NULL)
    {
      text = dq_row_get_text (row, "location");
      if (text == NULL || *text == '\0')
        text = dq_row_get_ref_name (row, "center_id");
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), text);
}

static void
place_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
place_row_changed_cb (DqRow       *row,
                      GtkListItem *item)
{
  show_place (item);
}

static void
place_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  DqRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_connect_object (row, "changed", G_CALLBACK (place_row_changed_cb), item, 0);
  show_place (item);
}

static void
place_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  DqRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, place_row_changed_cb, item);
}

static GtkColumnViewColumn *
place_column_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (place_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (place_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (place_unbind_cb), NULL);
  return gtk_column_view_column_new (NULL, factory);
}

static void
add_columns (DqActivitiesPage *self)
{
  const DqTable *table = dq_row_model_get_table (self->model);

  for (guint i = 0; i < G_N_ELEMENTS (list_columns); i++)
    {
      g_autoptr (GtkColumnViewColumn) column = NULL;

      if (strcmp (list_columns[i].column, "place") == 0)
        column = place_column_new ();
      else
        column = dq_row_column_new (table, list_columns[i].column, TRUE);
      if (strcmp (list_columns[i].column, "starts_at") == 0)
        self->starts_column = column;
      gtk_column_view_column_set_title (column, g_dpgettext2 (GETTEXT_PACKAGE, "activity list column",
                                                              list_columns[i].title));
      gtk_column_view_column_set_expand (column, list_columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
    }
  dq_column_view_sort_model (self->column_view, self->model);
}

static void
center_item_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_list_item_set_child (item, label);
}

static void
center_item_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  DqRow     *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), row != NULL ? dq_row_get_text (row, "name") : "");
  gtk_widget_set_tooltip_text (label, row != NULL ? dq_row_get_text (row, "name") : NULL);
}

static void
setup_center_picker (DqActivitiesPage *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;

  self->center_model = dq_row_model_new (self->store, "center");
  if (self->engine != NULL)
    dq_row_model_watch (self->center_model, G_OBJECT (self->engine));

  g_signal_connect (factory, "setup", G_CALLBACK (center_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (center_item_bind_cb), NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->center_model)));
  gtk_list_view_set_factory (self->center_list, factory);
  gtk_list_view_set_model (self->center_list, GTK_SELECTION_MODEL (selection));
}

static void
view_toggled_cb (DqActivitiesPage *self,
                 GtkToggleButton  *toggle)
{
  View view;

  if (!gtk_toggle_button_get_active (toggle) || self->model == NULL)
    return;
  if (toggle == self->week_toggle)
    view = VIEW_WEEK;
  else if (toggle == self->past_toggle)
    view = VIEW_PAST;
  else
    view = VIEW_UPCOMING;
  if (view == self->view)
    return;
  self->view = view;
  apply_filters (self);
  sort_for_view (self);
}

static void
search_changed_cb (DqActivitiesPage *self)
{
  if (self->model != NULL)
    dq_row_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* Two characters or more are answered from the index at once; a single
 * one waits for the entry's delay (see DqMembersPage). */
static void
search_text_changed_cb (DqActivitiesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (g_utf8_strlen (text, -1) >= 2)
    dq_row_model_set_search (self->model, text);
}

static void
filters_changed_cb (DqActivitiesPage *self)
{
  if (self->model != NULL)
    apply_filters (self);
}

static void
center_popover_shown_cb (DqActivitiesPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->center_search_entry));
}

static void
center_search_changed_cb (DqActivitiesPage *self)
{
  if (self->center_model != NULL)
    dq_row_model_set_search (self->center_model,
                             gtk_editable_get_text (GTK_EDITABLE (self->center_search_entry)));
}

static void
pick_center (DqActivitiesPage *self,
             guint             position)
{
  g_autoptr (DqRow) row = g_list_model_get_item (G_LIST_MODEL (self->center_model), position);

  if (row == NULL)
    return;
  set_center_filter (self, dq_row_get_id (row), dq_row_get_text (row, "name"));
  gtk_popover_popdown (self->center_popover);
}

static void
center_activated_cb (DqActivitiesPage *self,
                     guint             position)
{
  pick_center (self, position);
}

/* Enter in the center search takes the first match. */
static void
center_search_activated_cb (DqActivitiesPage *self)
{
  pick_center (self, 0);
}

static void
all_centers_clicked_cb (DqActivitiesPage *self)
{
  set_center_filter (self, NULL, NULL);
  gtk_popover_popdown (self->center_popover);
}

static void
row_activated_cb (DqActivitiesPage *self,
                  guint             position)
{
  g_autoptr (DqRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (row != NULL)
    dq_activities_page_show_activity (self, dq_row_get_id (row));
}

static void
leaflet_child_changed_cb (DqActivitiesPage *self)
{
  if (adw_leaflet_get_visible_child (self->leaflet) == self->list_page)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
model_items_changed_cb (DqActivitiesPage *self)
{
  update_count (self);
}

/* A write here or a pull changed activities: the views' counts follow. */
static void
activities_changed_cb (DqActivitiesPage *self)
{
  Bounds bounds = { 0 };

  bounds_init (&bounds);
  update_view_counts (self, &bounds);
  bounds_clear (&bounds);
}

static gboolean
refresh_cb (gpointer data)
{
  DqActivitiesPage *self = data;

  apply_filters (self);
  return G_SOURCE_CONTINUE;
}

static void
activity_saved_cb (DqActivitiesPage *self,
                   const char       *id)
{
  if (id != NULL)
    dq_activities_page_show_activity (self, id);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DqActivitiesPage *self = DQ_ACTIVITIES_PAGE (widget);
  g_autoptr (DqRecord) defaults = dq_record_new_for ("activity", NULL);
  g_autoptr (GTimeZone) shenzhen = g_time_zone_new_identifier ("+08:00");
  g_autoptr (GDateTime) now = g_date_time_new_now (shenzhen);
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr (GDateTime) starts = NULL;
  g_autoptr (GDateTime) ends = NULL;
  g_autofree char *starts_at = NULL;
  g_autofree char *ends_at = NULL;
  guint            kind = gtk_drop_down_get_selected (self->kind_dropdown);
  GtkWidget       *dialog;

  /* Registration opens with the activity, for everyone, with a waitlist;
   * it starts tomorrow morning until the clerk says otherwise. */
  starts = g_date_time_new (shenzhen, g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                            g_date_time_get_day_of_month (tomorrow), 9, 0, 0);
  ends = g_date_time_add_hours (starts, 2);
  starts_at = iso (starts);
  ends_at = iso (ends);
  dq_record_set_text (defaults, "status", "报名中");
  dq_record_set_text (defaults, "audience", "全部");
  dq_record_set_int (defaults, "waitlist", 1);
  dq_record_set_text (defaults, "starts_at", starts_at);
  dq_record_set_text (defaults, "ends_at", ends_at);
  /* The list's filters say what the clerk is working on. */
  if (self->center_id != NULL)
    dq_record_set_text (defaults, "center_id", self->center_id);
  if (kind != GTK_INVALID_LIST_POSITION && kind < self->kind_codes->len &&
      g_ptr_array_index (self->kind_codes, kind) != NULL)
    dq_record_set_text (defaults, "kind", g_ptr_array_index (self->kind_codes, kind));

  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "activity", NULL, NULL, defaults);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (activity_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqActivitiesPage *self = DQ_ACTIVITIES_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_page);
}

static void
dq_activities_page_dispose (GObject *object)
{
  DqActivitiesPage *self = DQ_ACTIVITIES_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  /* The bin's child is a template child: unparent it once, here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_ACTIVITIES_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->center_model);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (dq_activities_page_parent_class)->dispose (object);
}

static void
dq_activities_page_finalize (GObject *object)
{
  DqActivitiesPage *self = DQ_ACTIVITIES_PAGE (object);

  g_clear_pointer (&self->center_id, g_free);
  g_clear_pointer (&self->kind_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_activities_page_parent_class)->finalize (object);
}

static void
dq_activities_page_class_init (DqActivitiesPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_activities_page_dispose;
  object_class->finalize = dq_activities_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-activities-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, list_page);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, activity_box);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, upcoming_toggle);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, week_toggle);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, past_toggle);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, upcoming_count);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, week_count);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, past_count);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, center_button);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, center_popover);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, center_search_entry);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, center_list);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, center_label);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DqActivitiesPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, view_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, center_popover_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, center_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, center_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, center_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_centers_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_child_changed_cb);

  gtk_widget_class_install_action (widget_class, "activities.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "activities.back", NULL, back_action);
  /* Ctrl+N here starts an activity at the center and of the kind the list
   * is filtered to, and opens it once saved. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "activities.new", NULL);
}

static void
dq_activities_page_init (DqActivitiesPage *self)
{
  self->kind_codes = g_ptr_array_new ();
  self->view = VIEW_UPCOMING;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_entry_set_search_delay (self->search_entry, SEARCH_DELAY_MS);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->column_view));
  fill_kinds (self);
}

GtkWidget *
dq_activities_page_new (DqStore      *store,
                        DqSyncEngine *engine)
{
  DqActivitiesPage *self;
  g_autoptr (GtkSingleSelection) selection = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DQ_TYPE_ACTIVITIES_PAGE, NULL);
  self->store = g_object_ref (store);
  self->engine = engine != NULL ? g_object_ref (engine) : NULL;

  self->model = dq_row_model_new (store, "activity");
  dq_row_model_add_ref (self->model, "center_id");
  dq_row_model_add_ref (self->model, "org_id");
  /* Its cells follow DqRow::changed: typing a search redraws the rows on
   * screen instead of rebuilding them. */
  dq_row_model_set_recycle (self->model, TRUE);
  if (engine != NULL)
    dq_row_model_watch (self->model, G_OBJECT (engine));

  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  add_columns (self);
  setup_center_picker (self);

  g_signal_connect_object (self->search_entry, "changed", G_CALLBACK (search_text_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->activity_page = dq_activity_page_new (store, engine);
  gtk_widget_set_vexpand (self->activity_page, TRUE);
  gtk_box_append (self->activity_box, self->activity_page);

  apply_filters (self);
  sort_for_view (self);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed::activity", G_CALLBACK (activities_changed_cb), self,
                           G_CONNECT_SWAPPED);
  if (engine != NULL)
    g_signal_connect_object (engine, "changed::activity", G_CALLBACK (activities_changed_cb), self,
                             G_CONNECT_SWAPPED);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
  return GTK_WIDGET (self);
}

void
dq_activities_page_show_activity (DqActivitiesPage *self,
                                  const char       *activity_id)
{
  g_return_if_fail (DQ_IS_ACTIVITIES_PAGE (self));
  g_return_if_fail (activity_id != NULL);

  dq_activity_page_set_activity (DQ_ACTIVITY_PAGE (self->activity_page), activity_id);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->activity_box));
}
