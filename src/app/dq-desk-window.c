/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqDeskWindow: 签到台. What one Enter does is kept small on purpose, so a
 * scan is confirmed well within a blink even on a city replica: one
 * dq_activity_checkin(), one counts query, a few labels and one row
 * prepended to the recent check-ins. Lists are reloaded only when rows
 * arrive from elsewhere (another desk's check-ins by sync, another window
 * of this app). The window owns nothing but what it shows: the store and
 * the engine belong to the application. */

#define G_LOG_DOMAIN "dq-desk-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dq-activity.h"
#include "dq-codes.h"
#include "dq-desk-window.h"
#include "dq-validate.h"

/* This desk's check-ins listed, newest first. */
#define N_RECENT 10
/* Several people matching: at most this many, picked by typing 1–9. */
#define N_CANDIDATES 9
/* A registration's card (dq-activity.c reads the same prefix). */
#define CARD_PREFIX_REGISTRATION "DQ1:R:"
/* How the desk registers people: at the door. */
#define SOURCE_AT_DESK "现场"
/* The political status a walk-in gets unless the clerk picks another. */
#define WALKIN_DEFAULT_STATUS "13"

struct _DqDeskWindow {
  AdwWindow parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  char         *activity_id;
  char         *message;
  char         *offer_member_id; /* 未报名: the member register_button registers */
  GPtrArray    *candidates;      /* 有多人匹配: the payload to check in, by row */
  guint         capacity;
  guint         n_recent;
  guint         refocus_id;
  guint         refresh_id;
  gboolean      writing; /* the store's ::changed is our own write */

  AdwWindowTitle *window_title;
  GtkButton      *fullscreen_button;
  GtkLabel       *activity_title;
  GtkLabel       *activity_time;
  GtkEntry       *entry;
  GtkWidget      *outcome_box;
  GtkImage       *outcome_icon;
  GtkLabel       *status_label;
  GtkLabel       *name_label;
  GtkLabel       *detail_label;
  GtkWidget      *offer_box;
  GtkWidget      *candidates_scroller;
  GtkListBox     *candidates_list;
  GtkWidget      *walkin_box;
  AdwEntryRow    *walkin_name_row;
  AdwEntryRow    *walkin_phone_row;
  AdwComboRow    *walkin_status_row;
  GtkLabel       *walkin_error;
  GtkLabel       *registered_label;
  GtkLabel       *registered_caption;
  GtkLabel       *checked_in_label;
  GtkLabel       *waitlisted_label;
  GtkListBox     *recent_list;
  GtkWidget      *recent_empty;
};

G_DEFINE_FINAL_TYPE (DqDeskWindow, dq_desk_window, ADW_TYPE_WINDOW)

/* How an outcome looks: its colour, as a class of outcome_box. */
typedef enum {
  OUTCOME_IDLE,
  OUTCOME_OK,   /* 已签到: green */
  OUTCOME_SEEN, /* 已签到过: blue */
  OUTCOME_WARN, /* staff must act: orange */
  OUTCOME_BAD,  /* nothing was done: red */
} Outcome;

static const char *const outcome_classes[] = { "idle", "ok", "seen", "warn", "bad" };

/* Sizes and colours the Adwaita classes have no words for; the desk is
 * read from a step away. */
static const char desk_css[] =
    ".dq-desk entry.scan-entry { font-size: 26px; min-height: 68px; padding: 0 18px; }\n"
    ".dq-desk entry.scan-entry > image { -gtk-icon-size: 24px; margin-right: 8px; }\n"
    ".dq-desk .outcome { padding: 24px 32px; }\n"
    ".dq-desk .outcome-status { font-size: 44px; font-weight: 800; }\n"
    ".dq-desk .outcome-name { font-size: 40px; font-weight: 700; }\n"
    ".dq-desk .outcome-detail { font-size: 22px; }\n"
    ".dq-desk .outcome.idle .outcome-status { font-size: 28px; font-weight: 600; }\n"
    ".dq-desk .outcome.idle .outcome-icon { opacity: 0.4; }\n"
    ".dq-desk .outcome.ok { background-color: alpha(@success_color, 0.14); }\n"
    ".dq-desk .outcome.ok .outcome-status, .dq-desk .outcome.ok .outcome-icon { color: @success_color; }\n"
    ".dq-desk .outcome.seen { background-color: alpha(@accent_color, 0.12); }\n"
    ".dq-desk .outcome.seen .outcome-status, .dq-desk .outcome.seen .outcome-icon { color: @accent_color; }\n"
    ".dq-desk .outcome.warn { background-color: alpha(@warning_color, 0.14); }\n"
    ".dq-desk .outcome.warn .outcome-status, .dq-desk .outcome.warn .outcome-icon { color: @warning_color; }\n"
    ".dq-desk .outcome.bad { background-color: alpha(@error_color, 0.12); }\n"
    ".dq-desk .outcome.bad .outcome-status, .dq-desk .outcome.bad .outcome-icon { color: @error_color; }\n"
    ".dq-desk .count-card { padding: 12px; }\n"
    ".dq-desk .count { font-size: 56px; font-weight: 800; font-feature-settings: \"tnum\"; }\n"
    ".dq-desk .count.checked-in { color: @success_color; }\n"
    ".dq-desk .count-caption { font-size: 18px; }\n"
    ".dq-desk .candidate-number { font-size: 22px; font-weight: 800; min-width: 32px; }\n";

/* Helpers */

static void
ensure_style (GdkDisplay *display)
{
  static GtkCssProvider *provider;

  if (provider != NULL || display == NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_data (provider, desk_css, -1);
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static gboolean
looks_like_mobile (const char *text)
{
  if (strlen (text) != 11 || text[0] != '1')
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static gboolean
has_ascii_digit (const char *text)
{
  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

/* What was typed, fit to be shown on a screen the public may see: phone
 * and ID numbers masked. */
static char *
masked_input (const char *text)
{
  if (looks_like_mobile (text))
    return dq_mask_phone (text);
  if (strlen (text) >= 15 && has_ascii_digit (text) && !g_str_has_prefix (text, "DQ1:"))
    return dq_mask_id_number (text);
  return g_strdup (text);
}

/* "14:05:31" today, "11-27 14:05" another day; local time. */
static char *
format_clock (const char *iso)
{
  g_autoptr (GDateTime) time = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) now = NULL;
  int y1, m1, d1, y2, m2, d2;

  if (time == NULL)
    return g_strdup (iso != NULL ? iso : "");
  local = g_date_time_to_local (time);
  now = g_date_time_new_now_local ();
  g_date_time_get_ymd (local, &y1, &m1, &d1);
  g_date_time_get_ymd (now, &y2, &m2, &d2);
  if (y1 == y2 && m1 == m2 && d1 == d2)
    return g_date_time_format (local, "%H:%M:%S");
  return g_date_time_format (local, "%m-%d %H:%M");
}

/* "2026-11-28 14:00–16:00" */
static char *
format_span (const char *starts_at,
             const char *ends_at)
{
  g_autoptr (GDateTime) start = starts_at != NULL ? g_date_time_new_from_iso8601 (starts_at, NULL) : NULL;
  g_autoptr (GDateTime) end = ends_at != NULL ? g_date_time_new_from_iso8601 (ends_at, NULL) : NULL;
  g_autoptr (GDateTime) start_local = NULL;
  g_autoptr (GDateTime) end_local = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (start == NULL)
    return g_strdup (starts_at != NULL ? starts_at : "");
  start_local = g_date_time_to_local (start);
  from = g_date_time_format (start_local, "%Y-%m-%d %H:%M");
  if (end == NULL)
    return g_steal_pointer (&from);
  end_local = g_date_time_to_local (end);
  if (g_date_time_get_day_of_year (start_local) == g_date_time_get_day_of_year (end_local) &&
      g_date_time_get_year (start_local) == g_date_time_get_year (end_local))
    to = g_date_time_format (end_local, "%H:%M");
  else
    to = g_date_time_format (end_local, "%Y-%m-%d %H:%M");
  return g_strconcat (from, "–", to, NULL);
}

/* The non-empty ones of @first, … joined by " · ". */
static char *
join_parts (const char *first,
            ...)
{
  GString    *out = g_string_new (NULL);
  const char *part = first;
  va_list     args;

  va_start (args, first);
  while (part != NULL)
    {
      if (*part != '\0')
        {
          if (out->len > 0)
            g_string_append (out, " · ");
          g_string_append (out, part);
        }
      part = va_arg (args, const char *);
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

/* The person's organization on a line of its own, then @text: long
 * names of organizations would break the line anywhere. */
static char *
branch_and (const char *branch,
            const char *text)
{
  if (branch == NULL || *branch == '\0')
    return g_strdup (text);
  return g_strconcat (branch, "\n", text, NULL);
}

static char *
record_name (DqStore    *store,
             const char *table,
             const char *id)
{
  g_autoptr (DqRecord) record = NULL;

  if (id == NULL)
    return NULL;
  record = dq_store_get (store, table, id, NULL);
  return record != NULL ? g_strdup (dq_record_get_text (record, "name")) : NULL;
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static gboolean
focus_allowed (DqDeskWindow *self,
               GtkWidget    *focus)
{
  if (focus == NULL)
    return FALSE;
  if (focus == GTK_WIDGET (self->entry) || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->entry)))
    return TRUE;
  return gtk_widget_get_visible (self->walkin_box) && gtk_widget_is_ancestor (focus, self->walkin_box);
}

/* The entry takes the scanner's typing, so it holds the focus; only the
 * walk-in form, while open, may have it instead. */
static void
refocus (DqDeskWindow *self)
{
  if (gtk_widget_get_visible (self->walkin_box))
    {
      if (!focus_allowed (self, gtk_root_get_focus (GTK_ROOT (self))))
        gtk_widget_grab_focus (GTK_WIDGET (self->walkin_name_row));
      return;
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
show_outcome (DqDeskWindow *self,
              Outcome       outcome,
              const char   *icon_name,
              const char   *status,
              const char   *name,
              const char   *detail)
{
  GString *message = g_string_new (status);

  for (guint i = 0; i < G_N_ELEMENTS (outcome_classes); i++)
    if (i != outcome)
      gtk_widget_remove_css_class (self->outcome_box, outcome_classes[i]);
  gtk_widget_add_css_class (self->outcome_box, outcome_classes[outcome]);

  gtk_image_set_from_icon_name (self->outcome_icon, icon_name);
  gtk_label_set_text (self->status_label, status);
  gtk_label_set_text (self->name_label, name != NULL ? name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), name != NULL && *name != '\0');
  gtk_label_set_text (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');

  if (name != NULL && *name != '\0')
    g_string_append_printf (message, " %s", name);
  if (detail != NULL && *detail != '\0')
    g_string_append_printf (message, " %s", detail);
  g_strdelimit (message->str, "\n", ' ');
  g_free (self->message);
  self->message = g_string_free (message, FALSE);

  /* Staff watch the person, not the screen: anything but a plain
   * check-in asks for a look. */
  if (outcome == OUTCOME_WARN || outcome == OUTCOME_BAD)
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
show_ready (DqDeskWindow *self)
{
  show_outcome (self, OUTCOME_IDLE, "avatar-default-symbolic", _ ("Ready for the next person"), NULL,
                _ ("Scan their check-in card, or type their ID number, mobile number or name, then press Enter."));
}

/* Back to the entry alone: no offer, no list, no form. */
static void
hide_extras (DqDeskWindow *self)
{
  g_clear_pointer (&self->offer_member_id, g_free);
  gtk_widget_set_visible (self->offer_box, FALSE);
  g_ptr_array_set_size (self->candidates, 0);
  clear_list_box (self->candidates_list);
  gtk_widget_set_visible (self->candidates_scroller, FALSE);
  gtk_widget_set_visible (self->walkin_box, FALSE);
}

static void
update_counts (DqDeskWindow *self)
{
  DqActivityCounts counts = { 0 };
  g_autoptr (GError) error = NULL;
  char text[16];

  if (!dq_activity_counts (self->store, self->activity_id, &counts, &error))
    {
      g_warning ("Counting the activity %s: %s", self->activity_id, error->message);
      return;
    }
  g_snprintf (text, sizeof text, "%u", counts.registered);
  gtk_label_set_text (self->registered_label, text);
  g_snprintf (text, sizeof text, "%u", counts.checked_in);
  gtk_label_set_text (self->checked_in_label, text);
  g_snprintf (text, sizeof text, "%u", counts.waitlisted);
  gtk_label_set_text (self->waitlisted_label, text);

  if (counts.capacity != self->capacity || counts.capacity == 0)
    {
      g_autofree char *caption = NULL;

      self->capacity = counts.capacity;
      if (counts.capacity > 0)
        /* TRANSLATORS: the count of people registered; %u is the activity's capacity */
        caption = g_strdup_printf (_ ("Registered, of %u places"), counts.capacity);
      gtk_label_set_text (self->registered_caption, caption != NULL ? caption : _ ("Registered"));
    }
}

static void undo_clicked_cb (DqDeskWindow *self,
                             GtkButton    *button);

static GtkWidget *
make_recent_row (DqDeskWindow *self,
                 const char   *registration_id,
                 const char   *name,
                 const char   *branch,
                 const char   *checked_in_at)
{
  g_autofree char *time = format_clock (checked_in_at);
  g_autofree char *detail = join_parts (time, branch != NULL ? branch : "", NULL);
  GtkWidget       *row = gtk_list_box_row_new ();
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget       *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget       *name_label = gtk_label_new (name);
  GtkWidget       *detail_label = gtk_label_new (detail);
  GtkWidget       *undo = gtk_button_new_with_label (_ ("Undo"));

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail_label, "caption");
  gtk_widget_add_css_class (detail_label, "dim-label");
  gtk_widget_set_valign (undo, GTK_ALIGN_CENTER);
  gtk_widget_set_focus_on_click (undo, FALSE);
  /* TRANSLATORS: tooltip of a recent check-in's Undo button */
  gtk_widget_set_tooltip_text (undo, _ ("Undo this check-in"));
  gtk_widget_add_css_class (undo, "flat");
  g_signal_connect_object (undo, "clicked", G_CALLBACK (undo_clicked_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (text), name_label);
  gtk_box_append (GTK_BOX (text), detail_label);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), undo);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  g_object_set_data_full (G_OBJECT (row), "registration-id", g_strdup (registration_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "name", g_strdup (name), g_free);
  return row;
}

static void
recent_changed (DqDeskWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), self->n_recent > 0);
  gtk_widget_set_visible (self->recent_empty, self->n_recent == 0);
}

/* One check-in on top of the list; the oldest goes past N_RECENT. */
static void
add_recent (DqDeskWindow *self,
            const char   *registration_id,
            const char   *name,
            const char   *branch,
            const char   *checked_in_at)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "registration-id"), registration_id) == 0)
        {
          gtk_list_box_remove (self->recent_list, child);
          self->n_recent--;
        }
      child = next;
    }
  gtk_list_box_prepend (self->recent_list, make_recent_row (self, registration_id, name, branch, checked_in_at));
  self->n_recent++;
  if (self->n_recent > N_RECENT)
    {
      gtk_list_box_remove (self->recent_list, gtk_widget_get_last_child (GTK_WIDGET (self->recent_list)));
      self->n_recent--;
    }
  recent_changed (self);
}

/* This desk's latest check-ins from the replica (when the window opens and
 * when another window of this desk changed them). */
static void
load_recent (DqDeskWindow *self)
{
  const char *params[] = { self->activity_id, dq_store_get_node (self->store), NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  rows = dq_store_select (self->store,
                          "SELECT c.registration_id, c.checked_in_at, coalesce(m.name, r.name), o.name "
                          "FROM checkin c JOIN registration r ON r.id = c.registration_id AND r.deleted = 0 "
                          "LEFT JOIN member m ON m.id = r.member_id LEFT JOIN org o ON o.id = m.org_id "
                          "WHERE c.activity_id = ?1 AND c.desk = ?2 AND c.deleted = 0 "
                          "ORDER BY c.checked_in_at DESC, c.id DESC LIMIT " G_STRINGIFY (N_RECENT),
                          params, &error);
  if (rows == NULL)
    {
      g_warning ("Reading this desk's check-ins: %s", error->message);
      return;
    }
  clear_list_box (self->recent_list);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      gtk_list_box_append (self->recent_list, make_recent_row (self, row[0], row[2], row[3], row[1]));
    }
  self->n_recent = rows->len;
  recent_changed (self);
}

/* The activity's title, time and place; FALSE when it is not here. */
static gboolean
load_header (DqDeskWindow *self)
{
  g_autoptr (DqRecord) activity = dq_store_get (self->store, "activity", self->activity_id, NULL);
  g_autofree char *when = NULL;
  g_autofree char *where = NULL;
  g_autofree char *line = NULL;
  g_autofree char *window_title = NULL;
  const char      *title;

  if (activity == NULL || dq_record_get_int (activity, "deleted", 0) != 0)
    return FALSE;
  title = dq_record_get_text (activity, "title");
  when = format_span (dq_record_get_text (activity, "starts_at"), dq_record_get_text (activity, "ends_at"));
  where = g_strdup (dq_record_get_text (activity, "location"));
  if (where == NULL)
    where = record_name (self->store, "room", dq_record_get_text (activity, "room_id"));
  if (where == NULL)
    where = record_name (self->store, "center", dq_record_get_text (activity, "center_id"));
  line = join_parts (when, where != NULL ? where : "", NULL);

  gtk_label_set_text (self->activity_title, title);
  gtk_label_set_text (self->activity_time, line);
  /* TRANSLATORS: the desk window's title; %s is the activity's title */
  window_title = g_strdup_printf (_ ("Check-in Desk: %s"), title);
  gtk_window_set_title (GTK_WINDOW (self), window_title);
  return TRUE;
}

static void
update_sync_state (DqDeskWindow *self)
{
  g_autofree char *text = NULL;

  if (self->engine == NULL)
    return;
  text = dq_sync_state_describe (dq_sync_engine_get_state (self->engine), dq_sync_engine_get_pending (self->engine));
  adw_window_title_set_subtitle (self->window_title, text);
}

static void check_in_text (DqDeskWindow *self,
                           const char   *query,
                           const char   *typed);

/* A registration made here (未报名 or a walk-in), then checked in. */
static void
check_in_registered (DqDeskWindow   *self,
                     DqRegistration *registration)
{
  g_autofree char *payload = g_strconcat (CARD_PREFIX_REGISTRATION, registration->id, NULL);

  check_in_text (self, payload, NULL);
  /* Registering counts even when the person lands on the waitlist. */
  update_counts (self);
}

static void
register_offered (DqDeskWindow *self)
{
  g_autofree char *member_id = g_steal_pointer (&self->offer_member_id);
  g_autoptr (DqRegistration) registration = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (member_id == NULL)
    return;
  self->writing = TRUE;
  ok = dq_activity_register_member (self->store, self->activity_id, member_id, SOURCE_AT_DESK, &registration,
                                    &error);
  self->writing = FALSE;
  if (!ok)
    {
      hide_extras (self);
      show_outcome (self, OUTCOME_BAD, "dialog-error-symbolic", _ ("Not registered"), NULL, error->message);
      refocus (self);
      return;
    }
  check_in_registered (self, registration);
}

static void
add_candidate (DqDeskWindow *self,
               const char   *payload,
               const char   *name,
               const char   *subtitle)
{
  g_autofree char *number = g_strdup_printf ("%u", self->candidates->len + 1);
  GtkWidget       *row = adw_action_row_new ();
  GtkWidget       *number_label = gtk_label_new (number);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (number_label, "candidate-number");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_append (self->candidates_list, row);
  g_ptr_array_add (self->candidates, g_strdup (payload));
}

static const char *
place_text (const DqRegistration *registration,
            char                **owned)
{
  if (registration->checked_in_at != NULL)
    return _ ("Checked in");
  if (registration->place == DQ_PLACE_WAITLISTED)
    /* TRANSLATORS: %u is the place on the waitlist */
    return *owned = g_strdup_printf (_ ("Waitlisted: number %u"), registration->position);
  return _ ("Registered");
}

/* Everyone @typed could mean: the registrations the core found, or else
 * the members (at most N_CANDIDATES) by that name, phone or ID number. */
static guint
fill_candidates (DqDeskWindow          *self,
                 const DqCheckinResult *result,
                 const char            *typed)
{
  if (result->candidates != NULL)
    {
      for (guint i = 0; i < result->candidates->len && i < N_CANDIDATES; i++)
        {
          const DqRegistration *r = g_ptr_array_index (result->candidates, i);
          g_autofree char      *payload = g_strconcat (CARD_PREFIX_REGISTRATION, r->id, NULL);
          g_autofree char      *phone = r->phone != NULL ? dq_mask_phone (r->phone) : NULL;
          g_autofree char      *owned = NULL;
          const char           *place = place_text (r, &owned);
          g_autofree char      *subtitle =
              join_parts (r->branch != NULL ? r->branch : "", phone != NULL ? phone : "", place, NULL);

          add_candidate (self, payload, r->name, subtitle);
        }
    }
  else if (typed != NULL)
    {
      g_autofree char *upper = g_ascii_strup (typed, -1);
      const char      *params[] = { typed, upper, NULL };
      g_autoptr (GPtrArray) rows = NULL;

      rows = dq_store_select (self->store,
                              "SELECT m.id, m.name, o.name, m.id_number, m.phone FROM member m "
                              "LEFT JOIN org o ON o.id = m.org_id WHERE m.deleted = 0 "
                              "AND (m.name = ?1 OR m.phone = ?1 OR m.id_number = ?2) "
                              "LIMIT " G_STRINGIFY (N_CANDIDATES),
                              params, NULL);
      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          char           **row = g_ptr_array_index (rows, i);
          g_autofree char *payload = dq_member_card_payload (row[0]);
          g_autofree char *id_number = *row[3] != '\0' ? dq_mask_id_number (row[3]) : g_strdup ("");
          g_autofree char *phone = *row[4] != '\0' ? dq_mask_phone (row[4]) : g_strdup ("");
          g_autofree char *subtitle = join_parts (row[2], id_number, phone, NULL);

          add_candidate (self, payload, row[1], subtitle);
        }
    }
  gtk_widget_set_visible (self->candidates_scroller, self->candidates->len > 0);
  return self->candidates->len;
}

static void
open_walkin (DqDeskWindow *self,
             const char   *typed)
{
  const DqCodeList *statuses = dq_code_list_lookup ("political_status");
  gboolean          phone = typed != NULL && looks_like_mobile (typed);
  gboolean          name = typed != NULL && !has_ascii_digit (typed) && strchr (typed, ':') == NULL;

  gtk_editable_set_text (GTK_EDITABLE (self->walkin_name_row), name ? typed : "");
  gtk_editable_set_text (GTK_EDITABLE (self->walkin_phone_row), phone ? typed : "");
  for (guint i = 0; statuses != NULL && i < statuses->n_codes; i++)
    if (g_strcmp0 (statuses->codes[i].code, WALKIN_DEFAULT_STATUS) == 0)
      adw_combo_row_set_selected (self->walkin_status_row, i);
  gtk_widget_set_visible (GTK_WIDGET (self->walkin_error), FALSE);
  gtk_widget_set_visible (self->walkin_box, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (name || !phone ? self->walkin_name_row : self->walkin_phone_row));
}

static void
show_result (DqDeskWindow    *self,
             DqCheckinResult *result,
             const char      *typed)
{
  DqRegistration  *r = result->registration;
  const char      *name = result->name != NULL ? result->name : r != NULL ? r->name
                                                                          : NULL;
  const char      *branch = result->branch != NULL ? result->branch : r != NULL ? r->branch
                                                                                : NULL;
  g_autofree char *time = r != NULL ? format_clock (r->checked_in_at) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *desks = NULL;
  g_autofree char *status = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *shown = typed != NULL ? masked_input (typed) : NULL;

  if (branch == NULL)
    branch = "";
  switch (result->status)
    {
    case DQ_CHECKIN_CHECKED_IN:
      /* TRANSLATORS: %s is a time of day */
      when = g_strdup_printf (_ ("Checked in at %s"), time);
      detail = branch_and (branch, when);
      show_outcome (self, OUTCOME_OK, "object-select-symbolic", _ ("Checked in"), name, detail);
      add_recent (self, r->id, name, branch, r->checked_in_at);
      break;

    case DQ_CHECKIN_ALREADY:
      /* TRANSLATORS: %s is the time the person was first checked in */
      when = g_strdup_printf (_ ("First checked in at %s"), time);
      if (r->n_desks > 1)
        /* TRANSLATORS: the person was checked in at this many desks (while offline) */
        desks = g_strdup_printf (ngettext ("Checked in at %u desk", "Checked in at %u desks", r->n_desks),
                                 r->n_desks);
      {
        g_autofree char *line = join_parts (when, desks != NULL ? desks : "", NULL);

        detail = branch_and (branch, line);
      }
      show_outcome (self, OUTCOME_SEEN, "emblem-ok-symbolic", _ ("Already checked in"), name, detail);
      break;

    case DQ_CHECKIN_NOT_REGISTERED:
      detail = branch_and (branch, _ ("Not registered for this activity"));
      show_outcome (self, OUTCOME_WARN, "dialog-question-symbolic", _ ("Not registered"), name, detail);
      self->offer_member_id = g_strdup (result->member_id);
      gtk_widget_set_visible (self->offer_box, self->offer_member_id != NULL);
      break;

    case DQ_CHECKIN_WAITLISTED:
      /* TRANSLATORS: %u is the place on the waitlist */
      status = g_strdup_printf (_ ("Waitlisted: number %u"), r->position);
      detail = branch_and (branch, _ ("Not within the places: the staff decide whether to let them in"));
      show_outcome (self, OUTCOME_WARN, "alarm-symbolic", status, name, detail);
      break;

    case DQ_CHECKIN_NOT_FOUND:
      /* TRANSLATORS: %s is what was typed or scanned */
      detail = g_strdup_printf (_ ("Nobody registered or on file matches “%s”. Register them as a walk-in:"),
                                shown != NULL ? shown : "");
      show_outcome (self, OUTCOME_WARN, "contact-new-symbolic", _ ("Not found"), NULL, detail);
      open_walkin (self, typed);
      break;

    case DQ_CHECKIN_AMBIGUOUS:
      if (fill_candidates (self, result, typed) > 0)
        show_outcome (self, OUTCOME_WARN, "system-users-symbolic", _ ("Several people match"), NULL,
                      _ ("Type the person’s number and press Enter, or click them."));
      else
        show_outcome (self, OUTCOME_WARN, "system-users-symbolic", _ ("Several people match"), NULL,
                      _ ("Type their ID number or mobile number instead."));
      break;

    default:
      g_assert_not_reached ();
    }
}

/* What one Enter does: check in by @query (what was typed, or a card's
 * payload for someone picked or registered here); @typed is what the clerk
 * typed, for the walk-in form and the list of namesakes. */
static void
check_in_text (DqDeskWindow *self,
               const char   *query,
               const char   *typed)
{
  g_autoptr (DqCheckinResult) result = NULL;
  g_autoptr (GError) error = NULL;

  self->writing = TRUE;
  result = dq_activity_checkin (self->store, self->activity_id, query, &error);
  self->writing = FALSE;

  hide_extras (self);
  if (result == NULL)
    {
      /* The text stays in the entry to try again. */
      show_outcome (self, OUTCOME_BAD, "dialog-error-symbolic", _ ("Not checked in"), NULL, error->message);
      refocus (self);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  show_result (self, result, typed);
  if (result->status == DQ_CHECKIN_CHECKED_IN)
    update_counts (self);
  refocus (self);
}

static void
pick_candidate (DqDeskWindow *self,
                guint         index)
{
  g_autofree char *payload = NULL;

  g_assert (index < self->candidates->len);
  payload = g_strdup (g_ptr_array_index (self->candidates, index));
  check_in_text (self, payload, NULL);
}

static void
undo_row (DqDeskWindow *self,
          GtkWidget    *row)
{
  const char      *registration_id = g_object_get_data (G_OBJECT (row), "registration-id");
  g_autofree char *name = g_strdup (g_object_get_data (G_OBJECT (row), "name"));
  g_autoptr (GError) error = NULL;
  gboolean ok;

  self->writing = TRUE;
  ok = dq_activity_undo_checkin (self->store, registration_id, &error);
  self->writing = FALSE;
  hide_extras (self);
  if (!ok)
    {
      show_outcome (self, OUTCOME_BAD, "dialog-error-symbolic", _ ("The check-in was not undone"), name,
                    error->message);
      refocus (self);
      return;
    }

  gtk_list_box_remove (self->recent_list, row);
  self->n_recent--;
  recent_changed (self);
  update_counts (self);
  show_outcome (self, OUTCOME_IDLE, "edit-undo-symbolic", _ ("Check-in undone"), name,
                _ ("They no longer count as present. Scan them again to check them in."));
  refocus (self);
}

static gboolean
refocus_cb (gpointer data)
{
  DqDeskWindow *self = data;

  self->refocus_id = 0;
  refocus (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refocus (DqDeskWindow *self)
{
  if (self->refocus_id == 0)
    self->refocus_id = g_idle_add (refocus_cb, self);
}

static gboolean
refresh_cb (gpointer data)
{
  DqDeskWindow *self = data;

  self->refresh_id = 0;
  load_header (self);
  update_counts (self);
  load_recent (self);
  return G_SOURCE_REMOVE;
}

/* Signal callbacks */

static void
entry_activated_cb (DqDeskWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  if (*text == '\0')
    {
      /* Enter alone confirms what is offered: register and check in. */
      if (self->offer_member_id != NULL)
        register_offered (self);
      refocus (self);
      return;
    }
  /* A number 1–9 while namesakes are listed picks one of them. */
  if (self->candidates->len > 0 && text[1] == '\0' && text[0] >= '1' &&
      (guint) (text[0] - '0') <= self->candidates->len)
    {
      pick_candidate (self, (guint) (text[0] - '1'));
      return;
    }
  check_in_text (self, text, text);
}

static void
register_clicked_cb (DqDeskWindow *self)
{
  register_offered (self);
  refocus (self);
}

static void
candidate_activated_cb (DqDeskWindow  *self,
                        GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->candidates->len)
    pick_candidate (self, (guint) index);
}

static void
walkin_name_activated_cb (DqDeskWindow *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->walkin_phone_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->walkin_phone_row));
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "desk.walk-in", NULL);
}

/* An error is about what was typed: it goes when the typing changes. */
static void
walkin_changed_cb (DqDeskWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->walkin_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->walkin_name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->walkin_phone_row), "error");
}

static void
walkin_phone_activated_cb (DqDeskWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "desk.walk-in", NULL);
}

static void
undo_clicked_cb (DqDeskWindow *self,
                 GtkButton    *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_LIST_BOX_ROW);

  if (row != NULL)
    undo_row (self, row);
}

static void
focus_widget_changed_cb (DqDeskWindow *self)
{
  if (!focus_allowed (self, gtk_root_get_focus (GTK_ROOT (self))))
    schedule_refocus (self);
}

static void
is_active_changed_cb (DqDeskWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    schedule_refocus (self);
}

static void
fullscreened_cb (DqDeskWindow *self)
{
  gboolean fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));

  gtk_button_set_icon_name (self->fullscreen_button,
                            fullscreen ? "view-restore-symbolic" : "view-fullscreen-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->fullscreen_button),
                               fullscreen ? _ ("Leave Full Screen (F11)") : _ ("Full Screen (F11)"));
}

/* Rows from elsewhere: another desk's check-ins by sync, or another window
 * of this desk; our own writes are shown already. */
static void
store_changed_cb (DqDeskWindow *self)
{
  if (self->writing || self->refresh_id != 0)
    return;
  self->refresh_id = g_idle_add (refresh_cb, self);
}

/* Actions */

static void
walkin_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqDeskWindow     *self = DQ_DESK_WINDOW (widget);
  const DqCodeList *statuses = dq_code_list_lookup ("political_status");
  g_autofree char  *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->walkin_name_row))));
  g_autofree char  *phone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->walkin_phone_row))));
  guint             selected = adw_combo_row_get_selected (self->walkin_status_row);
  const char       *status = NULL;
  g_autoptr (DqRegistration) registration = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (!gtk_widget_get_visible (self->walkin_box))
    return;
  if (statuses != NULL && selected < statuses->n_codes)
    status = statuses->codes[selected].code;

  gtk_widget_remove_css_class (GTK_WIDGET (self->walkin_name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->walkin_phone_row), "error");
  if (*name == '\0' || *phone == '\0')
    {
      AdwEntryRow *row = *name == '\0' ? self->walkin_name_row : self->walkin_phone_row;

      gtk_label_set_text (self->walkin_error, *name == '\0' ? _ ("Enter the person’s name.")
                                                            : _ ("Enter their mobile number: walk-ins are told "
                                                                 "apart by it."));
      gtk_widget_set_visible (GTK_WIDGET (self->walkin_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
      return;
    }

  self->writing = TRUE;
  ok = dq_activity_register_person (self->store, self->activity_id, name, phone, status, SOURCE_AT_DESK,
                                    &registration, &error);
  self->writing = FALSE;
  if (!ok)
    {
      /* The name was checked above: the core refuses the number. */
      gboolean         about_phone = g_error_matches (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_INVALID);
      g_autofree char *text = about_phone
                                  /* TRANSLATORS: %s says what is wrong with the mobile number */
                                  ? g_strdup_printf (_ ("Mobile phone: %s"), error->message)
                                  : g_strdup (error->message);

      gtk_label_set_text (self->walkin_error, text);
      gtk_widget_set_visible (GTK_WIDGET (self->walkin_error), TRUE);
      if (about_phone)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->walkin_phone_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->walkin_phone_row));
        }
      return;
    }
  check_in_registered (self, registration);
}

static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqDeskWindow *self = DQ_DESK_WINDOW (widget);

  if (gtk_widget_get_visible (self->walkin_box) ||
      *gtk_editable_get_text (GTK_EDITABLE (self->entry)) == '\0')
    {
      hide_extras (self);
      show_ready (self);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  refocus (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqDeskWindow *self = DQ_DESK_WINDOW (widget);
  GtkWidget    *latest = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list));

  if (latest == NULL)
    {
      gtk_widget_error_bell (widget);
      refocus (self);
      return;
    }
  undo_row (self, latest);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

/* Overrides */

static void
dq_desk_window_dispose (GObject *object)
{
  DqDeskWindow *self = DQ_DESK_WINDOW (object);

  g_clear_handle_id (&self->refocus_id, g_source_remove);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_DESK_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (dq_desk_window_parent_class)->dispose (object);
}

static void
dq_desk_window_finalize (GObject *object)
{
  DqDeskWindow *self = DQ_DESK_WINDOW (object);

  g_clear_pointer (&self->activity_id, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->offer_member_id, g_free);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_desk_window_parent_class)->finalize (object);
}

static void
dq_desk_window_class_init (DqDeskWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_desk_window_dispose;
  object_class->finalize = dq_desk_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-desk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, fullscreen_button);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, activity_title);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, activity_time);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, entry);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, outcome_box);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, name_label);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, offer_box);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, candidates_scroller);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, candidates_list);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, walkin_box);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, walkin_name_row);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, walkin_phone_row);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, walkin_status_row);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, walkin_error);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, registered_label);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, registered_caption);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, checked_in_label);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, waitlisted_label);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, DqDeskWindow, recent_empty);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, register_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, candidate_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, walkin_name_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, walkin_phone_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, walkin_changed_cb);

  gtk_widget_class_install_action (widget_class, "desk.walk-in", NULL, walkin_action);
  gtk_widget_class_install_action (widget_class, "desk.escape", NULL, escape_action);
  gtk_widget_class_install_action (widget_class, "desk.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "desk.fullscreen", NULL, fullscreen_action);
  /* Escape bubbles: an open drop-down of the walk-in form closes first. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "desk.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "desk.fullscreen", NULL);
}

static void
dq_desk_window_init (DqDeskWindow *self)
{
  GtkEventController *shortcuts;

  self->candidates = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_style (gtk_widget_get_display (GTK_WIDGET (self)));

  /* Ctrl+Z before the entry's own undo of its text: at the desk it takes
   * back the latest check-in. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("desk.undo")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  {
    const DqCodeList *statuses = dq_code_list_lookup ("political_status");
    g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

    for (guint i = 0; statuses != NULL && i < statuses->n_codes; i++)
      gtk_string_list_append (names, dq_code_list_label (statuses, statuses->codes[i].code));
    adw_combo_row_set_model (self->walkin_status_row, G_LIST_MODEL (names));
  }

  g_signal_connect_swapped (self, "notify::focus-widget", G_CALLBACK (focus_widget_changed_cb), self);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (is_active_changed_cb), self);
  g_signal_connect_swapped (self, "notify::fullscreened", G_CALLBACK (fullscreened_cb), self);
}

/* Public API */

GtkWidget *
dq_desk_window_new (GtkWindow    *parent,
                    DqStore      *store,
                    DqSyncEngine *engine,
                    const char   *activity_id)
{
  DqDeskWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (activity_id != NULL, NULL);

  self = g_object_new (DQ_TYPE_DESK_WINDOW,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->store = g_object_ref (store);
  self->engine = engine != NULL ? g_object_ref (engine) : NULL;
  self->activity_id = g_strdup (activity_id);

  g_signal_connect_swapped (store, "changed::registration", G_CALLBACK (store_changed_cb), self);
  g_signal_connect_swapped (store, "changed::checkin", G_CALLBACK (store_changed_cb), self);
  g_signal_connect_swapped (store, "changed::activity", G_CALLBACK (store_changed_cb), self);
  if (engine != NULL)
    {
      g_signal_connect_swapped (engine, "changed::registration", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (engine, "changed::checkin", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (engine, "changed::activity", G_CALLBACK (store_changed_cb), self);
      g_signal_connect_swapped (engine, "notify::state", G_CALLBACK (update_sync_state), self);
      g_signal_connect_swapped (engine, "notify::pending", G_CALLBACK (update_sync_state), self);
      update_sync_state (self);
    }

  if (!load_header (self))
    {
      gtk_label_set_text (self->activity_title, _ ("This activity is not on this computer"));
      show_outcome (self, OUTCOME_BAD, "dialog-error-symbolic", _ ("Check-in is not possible"), NULL,
                    _ ("The activity may have been deleted, or not synced here yet."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->entry), FALSE);
      return GTK_WIDGET (self);
    }
  update_counts (self);
  load_recent (self);
  show_ready (self);
  refocus (self);
  return GTK_WIDGET (self);
}

GtkWidget *
dq_desk_window_get_entry (DqDeskWindow *self)
{
  g_return_val_if_fail (DQ_IS_DESK_WINDOW (self), NULL);

  return GTK_WIDGET (self->entry);
}

const char *
dq_desk_window_get_message (DqDeskWindow *self)
{
  g_return_val_if_fail (DQ_IS_DESK_WINDOW (self), NULL);

  return self->message != NULL ? self->message : "";
}
