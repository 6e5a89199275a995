/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqOrgDetail: the right side of the 党组织 page. It reads one organization
 * from the replica (re-read whenever the store or the sync engine says
 * organizations or members changed), lists its direct members and its whole
 * subtree through DqRowModels (a recursive CTE over parent_id), and runs the
 * create / edit / dissolve actions. It holds no record itself: the id. */
#define G_LOG_DOMAIN "dq-org-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-org-detail.h"

#include "dq-codes.h"
#include "dq-format.h"
#include "dq-record-dialog.h"
#include "dq-row-model.h"
#include "dq-schema.h"
#include "dq-ui-util.h"
#include "dq-validate.h"

/* An election due within this many days is flagged. */
#define ELECTION_WARN_DAYS 90

struct _DqOrgDetail {
  AdwBin parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  char         *org_id;
  char         *org_name;
  char         *district; /* of the organization shown: whose streets to offer */
  gint64        below_total;

  DqRowModel    *below_model;
  DqRowModel    *members_model;
  GtkStringList *streets;
  guint          refresh_source;
  gboolean       updating_filters;

  GtkStack       *main_stack;
  AdwStatusPage  *empty_page;
  GtkLabel       *path_label;
  GtkLabel       *name_label;
  GtkLabel       *kind_label;
  GtkLabel       *domain_label;
  GtkLabel       *secretary_label;
  GtkLabel       *founded_label;
  GtkLabel       *contact_label;
  GtkLabel       *phone_label;
  GtkLabel       *street_label;
  GtkLabel       *address_label;
  GtkLabel       *term_label;
  GtkLabel       *last_election_label;
  GtkLabel       *election_label;
  GtkStack       *sections_stack;
  GtkSearchEntry *below_search;
  GtkDropDown    *kind_dropdown;
  GtkDropDown    *domain_dropdown;
  GtkDropDown    *street_dropdown;
  GtkLabel       *below_count_label;
  GtkStack       *below_stack;
  AdwStatusPage  *below_empty_page;
  GtkColumnView  *below_view;
  GtkLabel       *members_count_label;
  GtkStack       *members_stack;
  GtkColumnView  *members_view;
};

G_DEFINE_FINAL_TYPE (DqOrgDetail, dq_org_detail, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENGINE,
  N_PROPS
};

enum {
  ORG_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* Every organization below ?, at any depth (not the organization itself),
 * reached through live ones: "deleted = 0" also lets SQLite use the partial
 * index on parent_id. */
#define SUBTREE_SQL                                                                             \
  "t.id IN (WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE parent_id = ? AND deleted = 0 " \
  "UNION ALL SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id AND o.deleted = 0) "       \
  "SELECT id FROM sub)"

static const char *const below_columns[] = {
  "name",
  "kind",
  "domain",
  "street",
  "parent_id",
  "secretary_id",
};

static const char *const member_columns[] = {
  "name",
  "gender",
  "category",
  "join_date",
  "phone",
};

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static void
set_cell (GtkLabel       *label,
          const DqRecord *record,
          const char     *column)
{
  g_autofree char *text = dq_format_value (dq_table_column (record->table, column),
                                           dq_record_get (record, column), FALSE);

  gtk_label_set_text (label, or_dash (text));
}

static void
activate_org (DqOrgDetail *self,
              const char  *id)
{
  if (g_signal_has_handler_pending (self, signals[ORG_ACTIVATED], 0, FALSE))
    g_signal_emit (self, signals[ORG_ACTIVATED], 0, id);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-org", "s", id);
}

static GtkStringList *
code_list_strings (const char *list_name,
                   const char *all)
{
  const DqCodeList *list = dq_code_list_lookup (list_name);
  GtkStringList    *strings = gtk_string_list_new (NULL);

  gtk_string_list_append (strings, all);
  for (guint i = 0; list != NULL && i < list->n_codes; i++)
    gtk_string_list_append (strings, dq_code_list_label (list, list->codes[i].code));
  return strings;
}

/* The code chosen in a drop-down filled by code_list_strings(), or NULL. */
static const char *
chosen_code (GtkDropDown *dropdown,
             const char  *list_name)
{
  const DqCodeList *list = dq_code_list_lookup (list_name);
  guint             selected = gtk_drop_down_get_selected (dropdown);

  if (list == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION || selected > list->n_codes)
    return NULL;
  return list->codes[selected - 1].code;
}

static const char *
chosen_street (DqOrgDetail *self)
{
  guint selected = gtk_drop_down_get_selected (self->street_dropdown);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return gtk_string_list_get_string (self->streets, selected);
}

/* GTK 4.8's list views look at every new item when a model replaces all of
 * its rows (to keep the widgets of rows that stayed): thousands of page reads
 * for a filter change at city scale. A view without a model does not. */
static GtkSelectionModel *
detach (GtkColumnView *view)
{
  GtkSelectionModel *selection = g_object_ref (gtk_column_view_get_model (view));

  gtk_column_view_set_model (view, NULL);
  return selection;
}

static void
attach (GtkColumnView     *view,
        GtkSelectionModel *selection)
{
  gtk_column_view_set_model (view, selection);
  g_object_unref (selection);
}

static gboolean
filtering (DqOrgDetail *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->below_search));

  return (text != NULL && *text != '\0') || chosen_code (self->kind_dropdown, "org_kind") != NULL ||
         chosen_code (self->domain_dropdown, "org_domain") != NULL || chosen_street (self) != NULL;
}

static void
update_below_count (DqOrgDetail *self)
{
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (self->below_model));
  g_autofree char *text = NULL;

  if (self->org_id == NULL)
    return;

  if (filtering (self))
    /* TRANSLATORS: organizations below the one shown that pass the filters, of all below it */
    text = g_strdup_printf (ngettext ("%u of %u organization below matches",
                                      "%u of %u organizations below match", (gulong) self->below_total),
                            n, (guint) self->below_total);
  else
    text = g_strdup_printf (ngettext ("%u organization below, at every level",
                                      "%u organizations below, at every level", n),
                            n);
  gtk_label_set_text (self->below_count_label, text);

  if (n == 0)
    {
      adw_status_page_set_title (self->below_empty_page,
                                 self->below_total == 0 ? _ ("No Organizations Below")
                                                        : _ ("No Matching Organizations"));
      adw_status_page_set_description (self->below_empty_page,
                                       self->below_total == 0
                                           ? _ ("Create one with “New Sub-organization”.")
                                           : _ ("Try other filters."));
    }
  gtk_stack_set_visible_child_name (self->below_stack, n > 0 ? "list" : "empty");
}

static void
update_below_filter (DqOrgDetail *self)
{
  g_autoptr (GString) where = NULL;
  g_autoptr (GPtrArray) params = NULL;
  const char        *kind, *domain, *street, *search;
  GtkSelectionModel *selection;

  if (self->updating_filters)
    return;

  selection = detach (self->below_view);
  if (self->org_id == NULL)
    {
      dq_row_model_set_filter (self->below_model, "0", NULL);
      attach (self->below_view, selection);
      return;
    }

  where = g_string_new (SUBTREE_SQL);
  params = g_ptr_array_new ();
  g_ptr_array_add (params, self->org_id);

  kind = chosen_code (self->kind_dropdown, "org_kind");
  domain = chosen_code (self->domain_dropdown, "org_domain");
  street = chosen_street (self);
  if (kind != NULL)
    {
      g_string_append (where, " AND t.kind = ?");
      g_ptr_array_add (params, (gpointer) kind);
    }
  if (domain != NULL)
    {
      g_string_append (where, " AND t.domain = ?");
      g_ptr_array_add (params, (gpointer) domain);
    }
  if (street != NULL)
    {
      g_string_append (where, " AND t.street = ?");
      g_ptr_array_add (params, (gpointer) street);
    }
  g_ptr_array_add (params, NULL);

  search = gtk_editable_get_text (GTK_EDITABLE (self->below_search));
  if (g_strcmp0 (search, dq_row_model_get_search (self->below_model)) != 0)
    dq_row_model_set_search (self->below_model, search);
  dq_row_model_set_filter (self->below_model, where->str, (const char *const *) params->pdata);
  attach (self->below_view, selection);
  update_below_count (self);
}

/* The street filter offers the streets of the district shown. */
static void
update_streets (DqOrgDetail *self,
                const char  *district)
{
  const DqDistrict *d;
  g_autoptr (GtkStringList) streets = NULL;

  if (g_strcmp0 (district, self->district) == 0 && self->streets != NULL)
    return;
  g_free (self->district);
  self->district = g_strdup (district);

  streets = gtk_string_list_new (NULL);
  gtk_string_list_append (streets, _ ("All streets"));
  d = district != NULL ? dq_district_lookup (district) : NULL;
  for (guint i = 0; d != NULL && d->streets != NULL && d->streets[i] != NULL; i++)
    gtk_string_list_append (streets, d->streets[i]);

  g_set_object (&self->streets, streets);
  gtk_drop_down_set_model (self->street_dropdown, G_LIST_MODEL (streets));
  gtk_drop_down_set_selected (self->street_dropdown, 0);
}

static gint64
count_below (DqOrgDetail *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  const char *params[] = { self->org_id, NULL };

  rows = dq_store_select (self->store,
                          "WITH RECURSIVE sub(id) AS (SELECT id FROM org WHERE parent_id = ? AND deleted = 0 "
                          "UNION ALL SELECT o.id FROM org o JOIN sub ON o.parent_id = sub.id AND o.deleted = 0) "
                          "SELECT count(*) FROM sub",
                          params, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot count the organizations below %s: %s", self->org_id, error->message);
      return 0;
    }
  return rows->len > 0 ? g_ascii_strtoll (((char **) rows->pdata[0])[0], NULL, 10) : 0;
}

/* The ancestors, topmost first, each a link to show it. */
static void
show_path (DqOrgDetail *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GString) markup = g_string_new (NULL);
  const char *params[] = { self->org_id, NULL };

  rows = dq_store_select (self->store,
                          "WITH RECURSIVE anc(id, parent_id, name, depth) AS ("
                          "SELECT id, parent_id, '', 0 FROM org WHERE id = ? "
                          "UNION ALL SELECT o.id, o.parent_id, coalesce(nullif(o.short_name, ''), o.name), "
                          "anc.depth + 1 FROM org o JOIN anc ON o.id = anc.parent_id "
                          "WHERE o.deleted = 0 AND anc.depth < 64) "
                          "SELECT id, name FROM anc WHERE depth > 0 ORDER BY depth DESC",
                          params, &error);
  if (rows == NULL)
    g_warning ("Cannot read the ancestors of %s: %s", self->org_id, error->message);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      char           **row = rows->pdata[i];
      g_autofree char *link = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", row[0], row[1]);

      if (i > 0)
        g_string_append (markup, " › ");
      g_string_append (markup, link);
    }
  gtk_label_set_markup (self->path_label, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (self->path_label), markup->len > 0);
}

static void
show_secretary (DqOrgDetail    *self,
                const DqRecord *org)
{
  const char *id = dq_record_get_text (org, "secretary_id");
  g_autoptr (DqRecord) member = NULL;
  g_autofree char *markup = NULL;

  if (id != NULL)
    member = dq_store_get (self->store, "member", id, NULL);
  if (member == NULL || dq_record_get_int (member, "deleted", 0) != 0)
    {
      gtk_label_set_text (self->secretary_label, id != NULL ? _ ("Not in this replica") : "—");
      return;
    }
  markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", id, or_dash (dq_record_get_text (member, "name")));
  gtk_label_set_markup (self->secretary_label, markup);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int year, month, day;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* 换届: the next election falls term_years after the last one. */
static void
show_election (DqOrgDetail    *self,
               const DqRecord *org)
{
  gint64      term = dq_record_get_int (org, "term_years", 0);
  const char *last = dq_record_get_text (org, "last_election_on");
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = NULL;
  GDate            due, today;
  char             due_text[16];
  int              days;

  gtk_widget_remove_css_class (GTK_WIDGET (self->election_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->election_label), "warning");

  if (term > 0)
    text = g_strdup_printf (ngettext ("%d year", "%d years", (gulong) term), (int) term);
  gtk_label_set_text (self->term_label, or_dash (text));
  g_clear_pointer (&text, g_free);
  gtk_label_set_text (self->last_election_label, or_dash (last));

  if (!parse_date (last, &due))
    {
      gtk_label_set_text (self->election_label, _ ("Cannot tell: no last election recorded"));
      return;
    }
  if (term <= 0)
    {
      gtk_label_set_text (self->election_label, _ ("Cannot tell: no term recorded"));
      return;
    }

  g_date_add_years (&due, (guint) term);
  g_date_strftime (due_text, sizeof due_text, "%Y-%m-%d", &due);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  days = g_date_days_between (&today, &due);

  if (days < 0)
    {
      text = g_strdup_printf (ngettext ("%s — overdue by %d day", "%s — overdue by %d days", (gulong) -days),
                              due_text, -days);
      gtk_widget_add_css_class (GTK_WIDGET (self->election_label), "error");
    }
  else if (days == 0)
    {
      text = g_strdup_printf (_ ("%s — due today"), due_text);
      gtk_widget_add_css_class (GTK_WIDGET (self->election_label), "warning");
    }
  else if (days <= ELECTION_WARN_DAYS)
    {
      text = g_strdup_printf (ngettext ("%s — due in %d day", "%s — due in %d days", (gulong) days),
                              due_text, days);
      gtk_widget_add_css_class (GTK_WIDGET (self->election_label), "warning");
    }
  else
    text = g_strdup (due_text);
  gtk_label_set_text (self->election_label, text);
}

static void
show_members_count (DqOrgDetail *self)
{
  guint            n = g_list_model_get_n_items (G_LIST_MODEL (self->members_model));
  g_autofree char *text = NULL;

  text = g_strdup_printf (ngettext ("%u member belongs directly to this organization",
                                    "%u members belong directly to this organization", n),
                          n);
  gtk_label_set_text (self->members_count_label, text);
  gtk_stack_set_visible_child_name (self->members_stack, n > 0 ? "list" : "empty");
}

static void
show_org (DqOrgDetail *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqRecord) org = NULL;
  g_autofree char *street = NULL;
  const char      *street_name, *community, *phone;
  gboolean         shown;

  if (self->org_id != NULL)
    {
      org = dq_store_get (self->store, "org", self->org_id, &error);
      if (org == NULL && !g_error_matches (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot read organization %s: %s", self->org_id, error->message);
    }

  shown = org != NULL && dq_record_get_int (org, "deleted", 0) == 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.new-child", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.edit", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "org.dissolve", shown);

  if (!shown)
    {
      if (self->org_id == NULL)
        {
          adw_status_page_set_title (self->empty_page, _ ("No Organization Selected"));
          adw_status_page_set_description (self->empty_page,
                                           _ ("Choose an organization in the tree, or find it by name."));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _ ("Organization Dissolved"));
          adw_status_page_set_description (self->empty_page,
                                           _ ("This organization no longer exists in this replica."));
        }
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
      return;
    }

  g_free (self->org_name);
  self->org_name = g_strdup (dq_record_get_text (org, "name"));
  gtk_label_set_text (self->name_label, or_dash (self->org_name));
  show_path (self);
  set_cell (self->kind_label, org, "kind");
  set_cell (self->domain_label, org, "domain");
  show_secretary (self, org);
  set_cell (self->founded_label, org, "founded_on");
  set_cell (self->contact_label, org, "contact");
  set_cell (self->address_label, org, "address");

  /* Contacts are masked in this overview like every phone on screen. */
  phone = dq_record_get_text (org, "phone");
  if (phone != NULL && *phone != '\0')
    {
      g_autofree char *masked = dq_mask_phone (phone);
      gtk_label_set_text (self->phone_label, masked);
    }
  else
    gtk_label_set_text (self->phone_label, "—");

  street_name = dq_record_get_text (org, "street");
  community = dq_record_get_text (org, "community");
  if (street_name != NULL && community != NULL)
    street = g_strdup_printf ("%s / %s", street_name, community);
  else
    street = g_strdup (or_dash (street_name != NULL ? street_name : community));
  gtk_label_set_text (self->street_label, street);

  show_election (self, org);
  gtk_stack_set_visible_child_name (self->main_stack, "org");
  update_streets (self, dq_record_get_text (org, "district"));
}

static void
load_org (DqOrgDetail *self)
{
  const char        *params[] = { self->org_id, NULL };
  GtkSelectionModel *selection;

  show_org (self);

  self->below_total = self->org_id != NULL ? count_below (self) : 0;
  update_below_filter (self);
  selection = detach (self->members_view);
  dq_row_model_set_filter (self->members_model, self->org_id != NULL ? "t.org_id = ?" : "0",
                           self->org_id != NULL ? params : NULL);
  attach (self->members_view, selection);
  show_members_count (self);

  /* A branch has nothing below it: its members are what one looks for. */
  gtk_stack_set_visible_child_name (self->sections_stack, self->below_total > 0 ? "below" : "members");
}

static gboolean
refresh_cb (gpointer data)
{
  DqOrgDetail *self = data;

  self->refresh_source = 0;
  show_org (self);
  if (self->org_id != NULL)
    {
      self->below_total = count_below (self);
      update_below_count (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_data_changed_cb (DqOrgDetail *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_idle_add (refresh_cb, self);
}

static void
below_search_changed_cb (DqOrgDetail *self)
{
  update_below_filter (self);
}

static void
below_filter_changed_cb (DqOrgDetail *self)
{
  update_below_filter (self);
}

static void
below_activated_cb (DqOrgDetail *self,
                    guint        position)
{
  g_autoptr (DqRow) row = g_list_model_get_item (G_LIST_MODEL (self->below_model), position);

  if (row != NULL)
    activate_org (self, dq_row_get_id (row));
}

static void
member_activated_cb (DqOrgDetail *self,
                     guint        position)
{
  g_autoptr (DqRow) row = g_list_model_get_item (G_LIST_MODEL (self->members_model), position);

  if (row != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-member", "s", dq_row_get_id (row));
}

static gboolean
secretary_link_activated_cb (DqOrgDetail *self,
                             const char  *uri)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-member", "s", uri);
  return TRUE;
}

static gboolean
path_link_activated_cb (DqOrgDetail *self,
                        const char  *uri)
{
  activate_org (self, uri);
  return TRUE;
}

static void
on_below_items_changed_cb (DqOrgDetail *self)
{
  update_below_count (self);
}

static void
on_members_items_changed_cb (DqOrgDetail *self)
{
  show_members_count (self);
}

static void
on_child_saved_cb (DqOrgDetail *self,
                   const char  *id)
{
  if (id != NULL)
    activate_org (self, id);
}

static void
new_child_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DqOrgDetail *self = DQ_ORG_DETAIL (widget);
  g_autoptr (DqRecord) org = NULL;
  g_autoptr (DqRecord) defaults = NULL;
  GtkWidget *dialog;

  if (self->org_id == NULL)
    return;
  org = dq_store_get (self->store, "org", self->org_id, NULL);
  if (org == NULL)
    return;

  defaults = dq_record_new_for ("org", NULL);
  dq_record_set_text (defaults, "parent_id", self->org_id);
  dq_record_set_text (defaults, "district", dq_record_get_text (org, "district"));

  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "org", NULL, NULL, defaults);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_child_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqOrgDetail *self = DQ_ORG_DETAIL (widget);
  GtkWidget   *dialog;

  if (self->org_id == NULL)
    return;
  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "org", self->org_id, NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What keeps @id from being dissolved: its members and sub-organizations. */
static gboolean
count_dependents (DqOrgDetail *self,
                  const char  *id,
                  gint64      *members,
                  gint64      *children,
                  GError     **error)
{
  const char *params[] = { id, id, NULL };
  g_autoptr (GPtrArray) rows = NULL;
  char **row;

  rows = dq_store_select (self->store,
                          "SELECT (SELECT count(*) FROM member WHERE org_id = ? AND deleted = 0), "
                          "(SELECT count(*) FROM org WHERE parent_id = ? AND deleted = 0)",
                          params, error);
  if (rows == NULL || rows->len == 0)
    return rows != NULL;
  row = rows->pdata[0];
  *members = g_ascii_strtoll (row[0], NULL, 10);
  *children = g_ascii_strtoll (row[1], NULL, 10);
  return TRUE;
}

/* "“X” still has 3 members and 2 sub-organizations. …" */
static char *
describe_dependents (const char *name,
                     gint64      members,
                     gint64      children)
{
  g_autofree char *m = NULL;
  g_autofree char *c = NULL;
  GString         *text = g_string_new (NULL);

  m = g_strdup_printf (ngettext ("%d member", "%d members", (gulong) members), (int) members);
  c = g_strdup_printf (ngettext ("%d sub-organization", "%d sub-organizations", (gulong) children),
                       (int) children);

  if (members > 0 && children > 0)
    g_string_append_printf (text, _ ("“%s” still has %s and %s."), name, m, c);
  else
    g_string_append_printf (text, _ ("“%s” still has %s."), name, members > 0 ? m : c);
  if (members > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _ ("Transfer its members to other organizations first."));
    }
  if (children > 0)
    {
      g_string_append_c (text, ' ');
      g_string_append (text, _ ("Dissolve its sub-organizations or move them under another organization first."));
    }
  return g_string_free (text, FALSE);
}

static void
show_message (DqOrgDetail *self,
              const char  *heading,
              const char  *body)
{
  dq_show_error (dq_parent_window (GTK_WIDGET (self)), heading, body);
}

/* Checks again (a member may have joined while the dialog was open), then
 * deletes and shows the parent. */
static void
dissolve (DqOrgDetail *self,
          const char  *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqRecord) org = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *done = NULL;
  gint64           members = 0, children = 0;

  org = dq_store_get (self->store, "org", id, &error);
  if (org == NULL || !count_dependents (self, id, &members, &children, &error))
    {
      show_message (self, _ ("Cannot Dissolve This Organization"), error->message);
      return;
    }
  name = g_strdup (or_dash (dq_record_get_text (org, "name")));
  if (members > 0 || children > 0)
    {
      g_autofree char *body = describe_dependents (name, members, children);
      show_message (self, _ ("Cannot Dissolve This Organization"), body);
      return;
    }

  parent = g_strdup (dq_record_get_text (org, "parent_id"));
  if (!dq_store_delete (self->store, "org", id, &error))
    {
      show_message (self, _ ("Cannot Dissolve This Organization"), error->message);
      return;
    }

  done = g_strdup_printf (_ ("“%s” was dissolved"), name);
  dq_show_toast (GTK_WIDGET (self), done);
  if (parent != NULL)
    activate_org (self, parent);
}

static void
on_dissolve_response_cb (DqOrgDetail      *self,
                         const char       *response,
                         AdwMessageDialog *dialog)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "org-id");

  if (g_strcmp0 (response, "dissolve") == 0 && id != NULL)
    dissolve (self, id);
}

static void
dissolve_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DqOrgDetail *self = DQ_ORG_DETAIL (widget);
  g_autoptr (GError) error = NULL;
  g_autofree char *heading = NULL;
  gint64           members = 0, children = 0;
  GtkWidget       *dialog;

  if (self->org_id == NULL)
    return;
  if (!count_dependents (self, self->org_id, &members, &children, &error))
    {
      show_message (self, _ ("Cannot Dissolve This Organization"), error->message);
      return;
    }
  if (members > 0 || children > 0)
    {
      g_autofree char *body = describe_dependents (or_dash (self->org_name), members, children);
      show_message (self, _ ("Cannot Dissolve This Organization"), body);
      return;
    }

  heading = g_strdup_printf (_ ("Dissolve “%s”?"), or_dash (self->org_name));
  dialog = adw_message_dialog_new (dq_parent_window (GTK_WIDGET (self)), heading,
                                   _ ("It leaves the organization tree here and, after the next sync, on the "
                                      "city platform. Its history is kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _ ("_Cancel"),
                                    "dissolve", _ ("_Dissolve"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "dissolve",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "org-id", g_strdup (self->org_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_dissolve_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_columns (GtkColumnView     *view,
             const DqTable     *table,
             const char *const *columns,
             guint              n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr (GtkColumnViewColumn) column = dq_row_column_new (table, columns[i], TRUE);

      gtk_column_view_column_set_resizable (column, TRUE);
      if (i == 0)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (view, column);
    }
}

static void
watch (DqOrgDetail *self,
       GObject     *source)
{
  g_signal_connect_object (source, "changed::org", G_CALLBACK (on_data_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "changed::member", G_CALLBACK (on_data_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
dq_org_detail_constructed (GObject *object)
{
  DqOrgDetail *self = DQ_ORG_DETAIL (object);
  g_autoptr (GtkStringList) kinds = NULL;
  g_autoptr (GtkStringList) domains = NULL;
  g_autoptr (GtkNoSelection) below_selection = NULL;
  g_autoptr (GtkNoSelection) members_selection = NULL;

  G_OBJECT_CLASS (dq_org_detail_parent_class)->constructed (object);

  self->below_model = dq_row_model_new (self->store, "org");
  dq_row_model_add_ref (self->below_model, "parent_id");
  dq_row_model_add_ref (self->below_model, "secretary_id");
  dq_row_model_set_filter (self->below_model, "0", NULL);
  self->members_model = dq_row_model_new (self->store, "member");
  dq_row_model_set_filter (self->members_model, "0", NULL);

  watch (self, G_OBJECT (self->store));
  if (self->engine != NULL)
    {
      dq_row_model_watch (self->below_model, G_OBJECT (self->engine));
      dq_row_model_watch (self->members_model, G_OBJECT (self->engine));
      watch (self, G_OBJECT (self->engine));
    }
  g_signal_connect_object (self->below_model, "items-changed", G_CALLBACK (on_below_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->members_model, "items-changed", G_CALLBACK (on_members_items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->updating_filters = TRUE;
  kinds = code_list_strings ("org_kind", _ ("All kinds"));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  domains = code_list_strings ("org_domain", _ ("All domains"));
  gtk_drop_down_set_model (self->domain_dropdown, G_LIST_MODEL (domains));
  update_streets (self, NULL);
  self->updating_filters = FALSE;

  below_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->below_model)));
  gtk_column_view_set_model (self->below_view, GTK_SELECTION_MODEL (below_selection));
  add_columns (self->below_view, dq_row_model_get_table (self->below_model), below_columns,
               G_N_ELEMENTS (below_columns));
  dq_column_view_sort_model (self->below_view, self->below_model);

  members_selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->members_model)));
  gtk_column_view_set_model (self->members_view, GTK_SELECTION_MODEL (members_selection));
  add_columns (self->members_view, dq_row_model_get_table (self->members_model), member_columns,
               G_N_ELEMENTS (member_columns));
  dq_column_view_sort_model (self->members_view, self->members_model);

  show_org (self);
}

static void
dq_org_detail_dispose (GObject *object)
{
  DqOrgDetail *self = DQ_ORG_DETAIL (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  /* AdwBin keeps its own pointer to the child: let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_ORG_DETAIL);
  g_clear_object (&self->below_model);
  g_clear_object (&self->members_model);
  g_clear_object (&self->streets);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_org_detail_parent_class)->dispose (object);
}

static void
dq_org_detail_finalize (GObject *object)
{
  DqOrgDetail *self = DQ_ORG_DETAIL (object);

  g_clear_pointer (&self->org_id, g_free);
  g_clear_pointer (&self->org_name, g_free);
  g_clear_pointer (&self->district, g_free);

  G_OBJECT_CLASS (dq_org_detail_parent_class)->finalize (object);
}

static void
dq_org_detail_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DqOrgDetail *self = DQ_ORG_DETAIL (object);

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
dq_org_detail_class_init (DqOrgDetailClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dq_org_detail_constructed;
  object_class->dispose = dq_org_detail_dispose;
  object_class->finalize = dq_org_detail_finalize;
  object_class->set_property = dq_org_detail_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, DQ_TYPE_STORE,
                                                G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                    G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, DQ_TYPE_SYNC_ENGINE,
                                                 G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DqOrgDetail::org-activated:
   * @id: the organization to show
   */
  signals[ORG_ACTIVATED] = g_signal_new ("org-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-org-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, path_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, domain_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, secretary_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, founded_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, contact_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, phone_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, street_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, address_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, term_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, last_election_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, election_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, sections_stack);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, below_search);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, domain_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, street_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, below_count_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, below_stack);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, below_empty_page);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, below_view);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, members_count_label);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, members_stack);
  gtk_widget_class_bind_template_child (widget_class, DqOrgDetail, members_view);
  gtk_widget_class_bind_template_callback (widget_class, below_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, below_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, below_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, secretary_link_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, path_link_activated_cb);

  gtk_widget_class_install_action (widget_class, "org.new-child", NULL, new_child_action);
  gtk_widget_class_install_action (widget_class, "org.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "org.dissolve", NULL, dissolve_action);
}

static void
dq_org_detail_init (DqOrgDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dq_org_detail_new (DqStore      *store,
                   DqSyncEngine *engine)
{
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (DQ_TYPE_ORG_DETAIL, "store", store, "engine", engine, NULL);
}

void
dq_org_detail_set_org (DqOrgDetail *self,
                       const char  *id)
{
  g_return_if_fail (DQ_IS_ORG_DETAIL (self));

  if (g_strcmp0 (id, self->org_id) == 0)
    return;
  g_free (self->org_id);
  self->org_id = g_strdup (id);
  load_org (self);
}

const char *
dq_org_detail_get_org (DqOrgDetail *self)
{
  g_return_val_if_fail (DQ_IS_ORG_DETAIL (self), NULL);

  return self->org_id;
}
