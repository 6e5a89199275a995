/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqActivityPage: the page of one activity. What is shown is read again
 * from the store whenever activities, registrations or check-ins change,
 * here or through a pull: the page holds only the activity's id. Where a
 * registration stands (已报名, 候补第 N 位) is computed by dq-activity, never
 * stored, so a cancellation moves the waitlist up on this page as on every
 * desk. Phones are masked; the full list with phones is the export's. */

#define G_LOG_DOMAIN "dq-activity-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-activity-page.h"
#include "dq-activity.h"
#include "dq-codes.h"
#include "dq-format.h"
#include "dq-record-dialog.h"
#include "dq-register-dialog.h"
#include "dq-schema.h"
#include "dq-ui-util.h"
#include "dq-validate.h"

/* Changes within this many milliseconds are shown with one reload. */
#define RELOAD_DELAY_MS 100

/* The political status of the public: shown as 群众 alone. */
#define STATUS_PUBLIC "13"

typedef enum {
  DETAIL_TIME,
  DETAIL_CENTER,
  DETAIL_ORGANIZER,
  DETAIL_AUDIENCE,
  DETAIL_PLACES,
  DETAIL_WAITLIST,
  DETAIL_HOURS,
  DETAIL_LOCATION, /* last: hidden when it says no more than the center */
  N_DETAILS
} Detail;

typedef enum {
  COUNT_REGISTERED,
  COUNT_WAITLISTED,
  COUNT_CHECKED_IN,
  COUNT_CANCELLED,
  N_COUNTS
} Count;

struct _DqActivityPage {
  AdwBin parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  char         *activity_id;
  guint         reload_id;
  gboolean      stale; /* changed while not on screen */

  GtkLabel *details[N_DETAILS];
  GtkLabel *counts[N_COUNTS];
  GtkLabel *count_captions[N_COUNTS];

  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  GtkLabel          *title_label;
  GtkLabel          *summary_label;
  GtkGrid           *details_grid;
  GtkBox            *counts_box;
  GtkWidget         *desk_button;
  GtkWidget         *print_button;
  GtkWidget         *export_button;
  GtkLabel          *registrations_heading;
  GtkListBox        *registration_list;
  AdwStatusPage     *missing_page;
};

G_DEFINE_FINAL_TYPE (DqActivityPage, dq_activity_page, ADW_TYPE_BIN)

/* The captions of the details, in the grid's order (4 columns). */
static const char *const detail_names[N_DETAILS] = {
  "time",
  "center",
  "organizer",
  "audience",
  "places",
  "waitlist",
  "hours",
  "location",
};
static const char *const detail_captions[N_DETAILS] = {
  NC_ ("activity detail", "Time"),
  NC_ ("activity detail", "Center and room"),
  NC_ ("activity detail", "Organizer"),
  NC_ ("activity detail", "Audience"),
  NC_ ("activity detail", "Places"),
  NC_ ("activity detail", "Waitlist"),
  NC_ ("activity detail", "Volunteer hours"),
  NC_ ("activity detail", "Location"),
};

static const char *const count_names[N_COUNTS] = {
  "registered",
  "waitlisted",
  "checked_in",
  "cancelled",
};
static const char *const count_captions[N_COUNTS] = {
  NC_ ("activity count", "Registered"),
  NC_ ("activity count", "Waitlist"),
  NC_ ("activity count", "Checked in"),
  NC_ ("activity count", "Cancelled"),
};

static void reload (DqActivityPage *self);

/* The display name of the row @id of @table, or NULL. */
static char *
row_name (DqActivityPage *self,
          const char     *table,
          const char     *id)
{
  const DqTable *t = dq_schema_table (table);
  g_autoptr (DqRecord) record = NULL;
  const char *name;

  if (id == NULL || *id == '\0')
    return NULL;
  record = dq_store_get (self->store, table, id, NULL);
  if (record == NULL || dq_record_get_int (record, "deleted", 0) != 0)
    return NULL;
  name = dq_record_get_text (record, t->display);
  return name != NULL ? g_strdup (name) : NULL;
}

static GDateTime *
parse_local (const char *text)
{
  g_autoptr (GDateTime) time = NULL;

  if (text == NULL || *text == '\0')
    return NULL;
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL ? g_date_time_to_local (time) : NULL;
}

/* "2026-12-01 星期二 09:00–11:30"; the end in full when on another day. */
static char *
format_span (const char *starts_at,
             const char *ends_at)
{
  g_autoptr (GDateTime) starts = parse_local (starts_at);
  g_autoptr (GDateTime) ends = parse_local (ends_at);
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;

  if (starts == NULL)
    return g_strdup (starts_at != NULL ? starts_at : "");
  start_text = g_date_time_format (starts, "%Y-%m-%d %A %H:%M");
  if (ends == NULL)
    return g_steal_pointer (&start_text);
  if (g_date_time_get_year (starts) == g_date_time_get_year (ends) &&
      g_date_time_get_day_of_year (starts) == g_date_time_get_day_of_year (ends))
    end_text = g_date_time_format (ends, "%H:%M");
  else
    end_text = g_date_time_format (ends, "%Y-%m-%d %A %H:%M");
  /* TRANSLATORS: a time span: start, end */
  return g_strdup_printf (_ ("%s–%s"), start_text, end_text);
}

/* "09:12", or "11-27 09:12" on another day than the activity's. */
static char *
format_checkin_time (const char *checked_in_at,
                     const char *starts_at)
{
  g_autoptr (GDateTime) time = parse_local (checked_in_at);
  g_autoptr (GDateTime) starts = parse_local (starts_at);

  if (time == NULL)
    return g_strdup ("");
  if (starts != NULL && g_date_time_get_year (starts) == g_date_time_get_year (time) &&
      g_date_time_get_day_of_year (starts) == g_date_time_get_day_of_year (time))
    return g_date_time_format (time, "%H:%M");
  return g_date_time_format (time, "%m-%d %H:%M");
}

static void
set_detail (DqActivityPage *self,
            Detail          detail,
            const char     *text)
{
  gboolean empty = text == NULL || *text == '\0';

  gtk_label_set_text (self->details[detail], empty ? _ ("Not recorded") : text);
  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (self->details[detail]), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->details[detail]), "dim-label");
}

static char *
format_cell (const DqRecord *record,
             const char     *column)
{
  const DqColumn *c = dq_table_column (record->table, column);
  const DqValue  *value = dq_record_get (record, column);

  return value != NULL ? dq_format_value (c, value, FALSE) : g_strdup ("");
}

static void
show_details (DqActivityPage *self,
              const DqRecord *record)
{
  g_autofree char *span = format_span (dq_record_get_text (record, "starts_at"),
                                       dq_record_get_text (record, "ends_at"));
  g_autofree char *center = row_name (self, "center", dq_record_get_text (record, "center_id"));
  g_autofree char *room = row_name (self, "room", dq_record_get_text (record, "room_id"));
  g_autofree char *place = NULL;
  g_autofree char *org = row_name (self, "org", dq_record_get_text (record, "org_id"));
  g_autofree char *audience = format_cell (record, "audience");
  g_autofree char *places = NULL;
  g_autofree char *hours = NULL;
  /* The schema bounds both (100,000 places, 1,000 hours). */
  gint64 capacity = CLAMP (dq_record_get_int (record, "capacity", 0), 0, G_MAXINT);
  gint64 volunteer_hours = CLAMP (dq_record_get_int (record, "volunteer_hours", 0), 0, G_MAXINT);

  if (center != NULL && room != NULL)
    /* TRANSLATORS: a service center and one of its rooms */
    place = g_strdup_printf (_ ("%s · %s"), center, room);
  else
    place = g_strdup (center != NULL ? center : room);

  if (capacity > 0)
    places = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people", (gulong) capacity),
                              (guint) capacity);
  else
    places = g_strdup (_ ("No limit"));
  if (volunteer_hours > 0)
    hours = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", (gulong) volunteer_hours),
                             (guint) volunteer_hours);

  set_detail (self, DETAIL_TIME, span);
  set_detail (self, DETAIL_CENTER, place);
  /* The location as written, unless it only names the center and room
   * again (the usual case): then the cell goes. */
  {
    const char      *location = dq_record_get_text (record, "location");
    g_autofree char *joined = g_strconcat (center != NULL ? center : "", room != NULL ? room : "", NULL);
    gboolean         says_more = location != NULL && *location != '\0' && g_strcmp0 (location, joined) != 0 &&
                         g_strcmp0 (location, center) != 0 && g_strcmp0 (location, place) != 0;

    set_detail (self, DETAIL_LOCATION, location);
    gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->details[DETAIL_LOCATION])), says_more);
  }
  set_detail (self, DETAIL_ORGANIZER, org);
  set_detail (self, DETAIL_AUDIENCE, audience);
  set_detail (self, DETAIL_PLACES, places);
  set_detail (self, DETAIL_WAITLIST,
              capacity <= 0                                    ? _ ("Not needed")
              : dq_record_get_int (record, "waitlist", 0) != 0 ? _ ("Open when full")
                                                               : _ ("None: registration closes when full"));
  set_detail (self, DETAIL_HOURS, hours != NULL ? hours : _ ("None"));
}

static void
show_counts (DqActivityPage *self)
{
  DqActivityCounts counts = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *registered = NULL;
  g_autofree char *waitlisted = NULL;
  g_autofree char *checked_in = NULL;
  g_autofree char *cancelled = NULL;

  if (!dq_activity_counts (self->store, self->activity_id, &counts, &error))
    {
      g_warning ("Counts of activity %s: %s", self->activity_id, error->message);
      for (guint i = 0; i < N_COUNTS; i++)
        gtk_label_set_text (self->counts[i], "–");
      return;
    }
  if (counts.capacity > 0)
    /* TRANSLATORS: registered people of the places there are: "12 / 40" */
    registered = g_strdup_printf (_ ("%u / %u"), counts.registered, counts.capacity);
  else
    registered = g_strdup_printf ("%u", counts.registered);
  waitlisted = g_strdup_printf ("%u", counts.waitlisted);
  checked_in = g_strdup_printf ("%u", counts.checked_in);
  cancelled = g_strdup_printf ("%u", counts.cancelled);
  gtk_label_set_text (self->counts[COUNT_REGISTERED], registered);
  gtk_label_set_text (self->counts[COUNT_WAITLISTED], waitlisted);
  gtk_label_set_text (self->counts[COUNT_CHECKED_IN], checked_in);
  gtk_label_set_text (self->counts[COUNT_CANCELLED], cancelled);
  gtk_label_set_text (self->count_captions[COUNT_REGISTERED],
                      counts.capacity > 0 ? g_dpgettext2 (GETTEXT_PACKAGE, "activity count", "Registered")
                                          : _ ("Registered (no limit)"));
}

/* Non-members' political status, by registration id (members have their
 * branch instead). */
static GHashTable *
read_political_status (DqActivityPage *self)
{
  const char *params[] = { self->activity_id, NULL };
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  GHashTable *statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  rows = dq_store_select (self->store,
                          "SELECT id, political_status FROM registration "
                          "WHERE activity_id = ? AND deleted = 0 AND coalesce(member_id, '') = ''",
                          params, &error);
  if (rows == NULL)
    {
      g_warning ("Registrations of %s: %s", self->activity_id, error->message);
      return statuses;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv cells = g_ptr_array_index (rows, i);

      g_hash_table_insert (statuses, g_strdup (cells[0]), g_strdup (cells[1]));
    }
  return statuses;
}

/* "第一党支部 · 138****5678", "群众 · 共青团员 · 138****5678". */
static char *
who_text (const DqRegistration *r,
          const char           *political_status)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (r->member_id != NULL)
    g_string_append (text, r->branch != NULL ? r->branch : _ ("Party member"));
  else
    {
      const DqCodeList *codes = dq_code_list_lookup ("political_status");
      const char       *label = NULL;

      g_string_append (text, _ ("Public"));
      if (political_status != NULL && *political_status != '\0' && g_strcmp0 (political_status, STATUS_PUBLIC) != 0)
        label = dq_code_list_label (codes, political_status);
      if (label != NULL)
        {
          g_string_append (text, _ (" · "));
          g_string_append (text, label);
        }
    }
  if (r->phone != NULL && *r->phone != '\0')
    {
      g_autofree char *masked = dq_mask_phone (r->phone);

      g_string_append (text, _ (" · "));
      g_string_append (text, masked);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
place_text (const DqRegistration *r)
{
  switch (r->place)
    {
    case DQ_PLACE_REGISTERED:
      return g_strdup (C_ ("registration", "Registered"));
    case DQ_PLACE_WAITLISTED:
      /* TRANSLATORS: place on the waitlist: 候补 第 1 位 */
      return g_strdup_printf (_ ("Waitlist no. %u"), r->position);
    case DQ_PLACE_CANCELLED:
    default:
      return g_strdup (C_ ("registration", "Cancelled"));
    }
}

static void cancel_clicked_cb (GtkButton      *button,
                               DqActivityPage *self);

static GtkWidget *
registration_row_new (DqActivityPage       *self,
                      const DqRegistration *r,
                      guint                 number,
                      const char           *political_status,
                      const char           *starts_at)
{
  GtkWidget       *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (r->name != NULL ? r->name : "", -1);
  g_autofree char *who = who_text (r, political_status);
  g_autofree char *who_markup = g_markup_escape_text (who, -1);
  g_autofree char *place = place_text (r);
  GtkWidget       *number_label;
  GtkWidget       *status;

  gtk_widget_set_name (row, r->id);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), who_markup);

  number_label = gtk_label_new (NULL);
  if (number > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", number);

      gtk_label_set_text (GTK_LABEL (number_label), text);
    }
  gtk_label_set_width_chars (GTK_LABEL (number_label), 3);
  gtk_label_set_xalign (GTK_LABEL (number_label), 1);
  gtk_widget_add_css_class (number_label, "dim-label");
  gtk_widget_add_css_class (number_label, "numeric");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number_label);

  if (r->checked_in_at != NULL)
    {
      g_autofree char *time = format_checkin_time (r->checked_in_at, starts_at);
      g_autoptr (GString) text = g_string_new (NULL);
      GtkWidget *checkin = gtk_label_new (NULL);

      /* TRANSLATORS: %s is the time of the check-in: 09:12 */
      g_string_printf (text, _ ("Checked in %s"), time);
      if (r->n_desks > 1)
        {
          g_string_append (text, _ (" · "));
          /* TRANSLATORS: checked in at several desks while offline */
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "checked in at %u desk", "checked in at %u desks", r->n_desks),
                                  r->n_desks);
        }
      gtk_label_set_text (GTK_LABEL (checkin), text->str);
      gtk_widget_set_name (checkin, "checkin");
      gtk_widget_add_css_class (checkin, "success");
      if (r->n_desks > 1)
        gtk_widget_set_tooltip_text (checkin, _ ("Several desks checked this person in while offline; "
                                                 "the earliest time counts"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), checkin);
    }

  status = gtk_label_new (place);
  gtk_widget_set_name (status, "status");
  gtk_label_set_width_chars (GTK_LABEL (status), 8);
  gtk_label_set_xalign (GTK_LABEL (status), 1);
  gtk_widget_add_css_class (status, "heading");
  switch (r->place)
    {
    case DQ_PLACE_WAITLISTED:
      gtk_widget_add_css_class (status, "warning");
      break;
    case DQ_PLACE_CANCELLED:
      gtk_widget_add_css_class (status, "dim-label");
      break;
    case DQ_PLACE_REGISTERED:
    default:
      gtk_widget_add_css_class (status, "accent");
      break;
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);

  if (r->place != DQ_PLACE_CANCELLED)
    {
      GtkWidget *cancel = gtk_button_new_with_label (C_ ("registration row", "Cancel Registration"));
      /* TRANSLATORS: %s is a person's name */
      g_autofree char *tooltip = g_strdup_printf (_ ("Cancel the registration of %s"), r->name ? r->name : "");

      gtk_widget_set_name (cancel, "cancel");
      gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (cancel, "flat");
      gtk_widget_set_tooltip_text (cancel, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (cancel), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_object_set_data_full (G_OBJECT (cancel), "registration-id", g_strdup (r->id), g_free);
      g_object_set_data_full (G_OBJECT (cancel), "name", g_strdup (r->name), g_free);
      g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), cancel);
    }

  if (r->member_id != NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "member-id", g_strdup (r->member_id), g_free);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _ ("Open the member’s page"));
    }
  return row;
}

/* The target first: a name without it would not match the action's "s". */
static void
set_window_action (GtkWidget  *button,
                   const char *name,
                   const char *id)
{
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
}

static void
clear_registrations (DqActivityPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->registration_list))) != NULL)
    gtk_list_box_remove (self->registration_list, child);
}

static void
show_registrations (DqActivityPage *self,
                    const char     *starts_at)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GHashTable) statuses = NULL;
  g_autofree char *heading = NULL;
  guint            live = 0;

  clear_registrations (self);
  list = dq_activity_list_registrations (self->store, self->activity_id, &error);
  if (list == NULL)
    {
      g_warning ("Registrations of %s: %s", self->activity_id, error->message);
      gtk_label_set_text (self->registrations_heading, _ ("The registrations could not be read"));
      return;
    }
  statuses = read_political_status (self);
  for (guint i = 0; i < list->len; i++)
    {
      DqRegistration *r = g_ptr_array_index (list, i);
      GtkWidget      *row;

      if (r->place != DQ_PLACE_CANCELLED)
        live++;
      row = registration_row_new (self, r, r->place != DQ_PLACE_CANCELLED ? live : 0,
                                  g_hash_table_lookup (statuses, r->id), starts_at);
      gtk_list_box_append (self->registration_list, row);
    }
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Registrations (%u person)",
                                          "Registrations (%u people)", live),
                             live);
  gtk_label_set_text (self->registrations_heading, heading);
}

static void
show_missing (DqActivityPage *self,
              gboolean        deleted)
{
  if (deleted)
    {
      adw_status_page_set_title (self->missing_page, _ ("This activity has been deleted"));
      adw_status_page_set_description (self->missing_page,
                                       _ ("The activity was deleted, here or at another desk."));
    }
  else
    {
      adw_status_page_set_title (self->missing_page, _ ("This activity is not on this computer"));
      adw_status_page_set_description (self->missing_page,
                                       _ ("The activity may not have been synced yet, or it was deleted."));
    }
  clear_registrations (self);
  gtk_stack_set_visible_child_name (self->stack, "missing");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.edit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.register", FALSE);
}

static void
reload (DqActivityPage *self)
{
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autofree char *kind = NULL;
  g_autofree char *status = NULL;
  const char      *title;

  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->stale = FALSE;
  if (self->activity_id == NULL)
    {
      show_missing (self, FALSE);
      return;
    }
  record = dq_store_get (self->store, "activity", self->activity_id, &error);
  if (record == NULL || dq_record_get_int (record, "deleted", 0) != 0)
    {
      if (record == NULL && !g_error_matches (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND))
        g_warning ("Activity %s: %s", self->activity_id, error->message);
      show_missing (self, record != NULL);
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.edit", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "activity.register", TRUE);

  title = dq_record_get_text (record, "title");
  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  kind = format_cell (record, "kind");
  status = format_cell (record, "status");
  g_string_append (summary, kind);
  if (*status != '\0')
    {
      if (summary->len > 0)
        g_string_append (summary, _ (" · "));
      g_string_append (summary, status);
    }
  gtk_label_set_text (self->summary_label, summary->str);

  show_details (self, record);
  show_counts (self);
  show_registrations (self, dq_record_get_text (record, "starts_at"));
  gtk_stack_set_visible_child_name (self->stack, "activity");
}

static gboolean
reload_timeout_cb (gpointer data)
{
  DqActivityPage *self = data;

  self->reload_id = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

/* Check-ins at a busy desk come one after another: one reload for a burst,
 * and none while the page is not on screen (it reloads when shown). */
static void
table_changed_cb (DqActivityPage *self,
                  const char     *table)
{
  if (self->activity_id == NULL)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  if (self->reload_id == 0)
    self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_timeout_cb, self);
}

static void
cancel_response_cb (DqActivityPage   *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "registration-id");
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "cancel-registration") != 0 || id == NULL)
    return;
  if (!dq_activity_cancel (self->store, id, &error))
    {
      g_autofree char *text = g_strdup_printf (_ ("The registration could not be cancelled: %s"), error->message);

      dq_show_toast (GTK_WIDGET (self), text);
      return;
    }
  reload (self);
  dq_show_toast (GTK_WIDGET (self), _ ("The registration was cancelled"));
}

static void
cancel_clicked_cb (GtkButton      *button,
                   DqActivityPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "registration-id");
  const char *name = g_object_get_data (G_OBJECT (button), "name");
  /* TRANSLATORS: %s is a person's name */
  g_autofree char *heading = g_strdup_printf (_ ("Cancel the Registration of %s?"), name ? name : "");
  GtkWidget       *dialog;

  dialog = adw_message_dialog_new (dq_parent_window (GTK_WIDGET (self)), heading,
                                   _ ("The place goes to the first on the waitlist, if anyone is waiting. "
                                      "Registering the person again puts them at the end of the queue."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _ ("_Keep Registration"),
                                    "cancel-registration", _ ("_Cancel Registration"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-registration",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "registration-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
registration_activated_cb (DqActivityPage *self,
                           GtkListBoxRow  *row)
{
  const char *member_id = g_object_get_data (G_OBJECT (row), "member-id");

  if (member_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-member", "s", member_id);
}

static void
registered_cb (DqActivityPage *self)
{
  reload (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqActivityPage *self = DQ_ACTIVITY_PAGE (widget);
  GtkWidget      *dialog;

  if (self->activity_id == NULL)
    return;
  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "activity", self->activity_id, NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
register_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DqActivityPage *self = DQ_ACTIVITY_PAGE (widget);
  GtkWidget      *dialog;

  if (self->activity_id == NULL)
    return;
  dialog = dq_register_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, self->activity_id);
  g_signal_connect_object (dialog, "registered", G_CALLBACK (registered_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
build_details (DqActivityPage *self)
{
  for (guint i = 0; i < N_DETAILS; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *caption = gtk_label_new (g_dpgettext2 (GETTEXT_PACKAGE, "activity detail", detail_captions[i]));
      GtkWidget *value = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_widget_set_name (value, detail_names[i]);
      gtk_box_append (GTK_BOX (box), caption);
      gtk_box_append (GTK_BOX (box), value);
      gtk_grid_attach (self->details_grid, box, (int) (i % 4), (int) (i / 4), 1, 1);
      self->details[i] = GTK_LABEL (value);
    }
}

static void
build_counts (DqActivityPage *self)
{
  for (guint i = 0; i < N_COUNTS; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *number = gtk_label_new ("0");
      GtkWidget *caption = gtk_label_new (g_dpgettext2 (GETTEXT_PACKAGE, "activity count", count_captions[i]));

      gtk_widget_add_css_class (card, "card");
      gtk_widget_set_margin_top (number, 12);
      gtk_widget_set_margin_bottom (caption, 12);
      gtk_widget_add_css_class (number, "title-1");
      gtk_widget_add_css_class (number, "numeric");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_set_name (number, count_names[i]);
      gtk_box_append (GTK_BOX (card), number);
      gtk_box_append (GTK_BOX (card), caption);
      gtk_box_append (self->counts_box, card);
      self->counts[i] = GTK_LABEL (number);
      self->count_captions[i] = GTK_LABEL (caption);
    }
  gtk_widget_add_css_class (GTK_WIDGET (self->counts[COUNT_WAITLISTED]), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->counts[COUNT_CHECKED_IN]), "success");
}

static void
dq_activity_page_map (GtkWidget *widget)
{
  DqActivityPage *self = DQ_ACTIVITY_PAGE (widget);

  GTK_WIDGET_CLASS (dq_activity_page_parent_class)->map (widget);
  if (self->stale)
    reload (self);
}

static void
dq_activity_page_dispose (GObject *object)
{
  DqActivityPage *self = DQ_ACTIVITY_PAGE (object);

  g_clear_handle_id (&self->reload_id, g_source_remove);
  /* The bin's child is a template child: unparent it once, here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_ACTIVITY_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (dq_activity_page_parent_class)->dispose (object);
}

static void
dq_activity_page_finalize (GObject *object)
{
  DqActivityPage *self = DQ_ACTIVITY_PAGE (object);

  g_clear_pointer (&self->activity_id, g_free);

  G_OBJECT_CLASS (dq_activity_page_parent_class)->finalize (object);
}

static void
dq_activity_page_class_init (DqActivityPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_activity_page_dispose;
  object_class->finalize = dq_activity_page_finalize;
  widget_class->map = dq_activity_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-activity-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, details_grid);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, counts_box);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, desk_button);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, registrations_heading);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, registration_list);
  gtk_widget_class_bind_template_child (widget_class, DqActivityPage, missing_page);
  gtk_widget_class_bind_template_callback (widget_class, registration_activated_cb);

  gtk_widget_class_install_action (widget_class, "activity.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "activity.register", NULL, register_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "activity.edit", NULL);
}

static void
dq_activity_page_init (DqActivityPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  build_details (self);
  build_counts (self);

  placeholder = gtk_label_new (_ ("No one has registered yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->registration_list, placeholder);
}

GtkWidget *
dq_activity_page_new (DqStore      *store,
                      DqSyncEngine *engine)
{
  static const char *const signals[] = {
    "changed::activity",
    "changed::registration",
    "changed::checkin",
  };
  DqActivityPage *self;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DQ_TYPE_ACTIVITY_PAGE, NULL);
  self->store = g_object_ref (store);
  self->engine = engine != NULL ? g_object_ref (engine) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_signal_connect_object (store, signals[i], G_CALLBACK (table_changed_cb), self, G_CONNECT_SWAPPED);
      if (engine != NULL)
        g_signal_connect_object (engine, signals[i], G_CALLBACK (table_changed_cb), self, G_CONNECT_SWAPPED);
    }

  show_missing (self, FALSE);
  return GTK_WIDGET (self);
}

void
dq_activity_page_set_activity (DqActivityPage *self,
                               const char     *id)
{
  g_return_if_fail (DQ_IS_ACTIVITY_PAGE (self));

  if (g_strcmp0 (self->activity_id, id) != 0)
    {
      g_free (self->activity_id);
      self->activity_id = g_strdup (id);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }
  /* The desk, the sign-in sheet and the export are the window's: they get
   * the activity as their parameter. */
  if (id != NULL)
    {
      set_window_action (self->desk_button, "win.open-desk", id);
      set_window_action (self->print_button, "win.print-signin-sheet", id);
      set_window_action (self->export_button, "win.export-registrations", id);
    }
  reload (self);
}

const char *
dq_activity_page_get_activity (DqActivityPage *self)
{
  g_return_val_if_fail (DQ_IS_ACTIVITY_PAGE (self), NULL);

  return self->activity_id;
}
