/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqBookingCalendar: a day or week of one center's room bookings. The grid
 * is a GtkDrawingArea (lines and the coloured blocks) under a GtkOverlay
 * whose children are the texts: column headers, hours and one small box per
 * booking, placed in ::get-child-position from the same geometry the
 * drawing uses, so the blocks keep their exact times at any width. Bookings
 * are read from the replica for the range shown each time it changes (a
 * center has a few rooms and a week a few dozen bookings); the clashes come
 * from dq_booking_clashes(). Owned by DqCentersPage; holds the center's id,
 * the day shown and what was read for it, nothing else. All times are
 * Shenzhen time (+08:00), whatever the computer's time zone. */
#define G_LOG_DOMAIN "dq-booking-calendar"

#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "dq-booking-calendar.h"

#include "dq-activity.h"
#include "dq-ui-util.h"

/* Hours shown: 08:00 to 22:00, a line every half hour. */
#define FIRST_HOUR       8
#define LAST_HOUR        22
#define N_HOURS          (LAST_HOUR - FIRST_HOUR)
#define PX_PER_HOUR      44
#define HEADER_HEIGHT    42
#define HOURS_WIDTH      56
#define MIN_COLUMN_WIDTH 110
#define MIN_BLOCK_HEIGHT 20
#define LINE_HEIGHT      16
/* Organizations offered as "booked for": the host and those right below. */
#define MAX_ORGS 300

#define CANCELLED "已取消"
#define BOOKED    "已预约"

struct _DqBookingCalendar {
  AdwBin parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  GTimeZone    *tz;
  char         *center_id;
  GDateTime    *day; /* midnight, Shenzhen time */
  gboolean      week;
  char         *room_id;  /* the room of the week view */
  GPtrArray    *rooms;    /* GStrv: id, name, capacity, district */
  GPtrArray    *blocks;   /* Block, as drawn */
  GArray       *lanes;    /* guint per column: bookings side by side */
  GPtrArray    *overlaid; /* the overlay's children but the canvas */
  guint         n_columns;
  GPtrArray    *org_ids; /* of the dialog's "booked for" choices; "" first */
  guint         reload_source;
  gboolean      updating;

  GtkLabel        *title_label;
  GtkDropDown     *room_dropdown;
  GtkToggleButton *day_button;
  GtkToggleButton *week_button;
  GtkBox          *clash_box;
  GtkLabel        *clash_label;
  GtkListBox      *clash_list;
  GtkLabel        *note_label;
  GtkStack        *view_stack;
  GtkOverlay      *overlay;
  GtkDrawingArea  *canvas;
  AdwStatusPage   *empty_page;
  GtkPopover      *popover;
  GtkStringList   *start_times;
  GtkStringList   *end_times;
  AdwWindow       *booking_dialog;
  AdwWindowTitle  *dialog_title;
  AdwComboRow     *room_row;
  AdwEntryRow     *date_row;
  AdwComboRow     *start_row;
  AdwComboRow     *end_row;
  AdwEntryRow     *purpose_row;
  AdwComboRow     *org_row;
  GtkLabel        *dialog_error_label;
  GtkButton       *book_button;
};

G_DEFINE_FINAL_TYPE (DqBookingCalendar, dq_booking_calendar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One booking as read, and where it is drawn. */
typedef struct {
  char      *id;
  char      *room_id;
  char      *room_name;
  char      *purpose;
  char      *org_name;
  char      *booked_by;
  GDateTime *starts;
  GDateTime *ends;
  gboolean   clash;
  guint      column;
  guint      lane;
  guint      span;
  int        top; /* minutes after FIRST_HOUR:00, clipped to the hours shown */
  int        bottom;
} Block;

/* What an overlay child is, for ::get-child-position. */
typedef enum {
  PLACE_HEADER,
  PLACE_HOUR,
  PLACE_BLOCK,
} PlaceKind;

typedef struct {
  PlaceKind kind;
  guint     index; /* column or hour */
  Block    *block;
} Place;

/* The columns of Block read by BOOKING_SELECT. */
#define BOOKING_SELECT                                                                              \
  "SELECT b.id, b.room_id, coalesce(r.name, ''), b.starts_at, b.ends_at, coalesce(b.purpose, ''), " \
  "coalesce(nullif(o.short_name, ''), o.name, ''), coalesce(b.booked_by, '') FROM booking b "       \
  "JOIN room r ON r.id = b.room_id LEFT JOIN org o ON o.id = b.org_id AND o.deleted = 0 "           \
  "WHERE b.deleted = 0 "

static void reload (DqBookingCalendar *self);

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->id);
  g_free (block->room_id);
  g_free (block->room_name);
  g_free (block->purpose);
  g_free (block->org_name);
  g_free (block->booked_by);
  g_clear_pointer (&block->starts, g_date_time_unref);
  g_clear_pointer (&block->ends, g_date_time_unref);
  g_free (block);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Block, block_free)

static Block *
block_copy (const Block *from)
{
  Block *block = g_memdup2 (from, sizeof *block);

  block->id = g_strdup (from->id);
  block->room_id = g_strdup (from->room_id);
  block->room_name = g_strdup (from->room_name);
  block->purpose = g_strdup (from->purpose);
  block->org_name = g_strdup (from->org_name);
  block->booked_by = g_strdup (from->booked_by);
  block->starts = g_date_time_ref (from->starts);
  block->ends = g_date_time_ref (from->ends);
  return block;
}

/* A row of BOOKING_SELECT, or NULL when its times do not parse. */
static Block *
block_from_row (DqBookingCalendar *self,
                char             **row)
{
  g_autoptr (GDateTime) starts = g_date_time_new_from_iso8601 (row[3], NULL);
  g_autoptr (GDateTime) ends = g_date_time_new_from_iso8601 (row[4], NULL);
  Block *block;

  if (starts == NULL || ends == NULL)
    {
      g_warning ("Booking %s has times that do not parse: %s, %s", row[0], row[3], row[4]);
      return NULL;
    }
  block = g_new0 (Block, 1);
  block->id = g_strdup (row[0]);
  block->room_id = g_strdup (row[1]);
  block->room_name = g_strdup (row[2]);
  block->starts = g_date_time_to_timezone (starts, self->tz);
  block->ends = g_date_time_to_timezone (ends, self->tz);
  block->purpose = g_strdup (row[5]);
  block->org_name = g_strdup (row[6]);
  block->booked_by = g_strdup (row[7]);
  return block;
}

static Block *
read_booking (DqBookingCalendar *self,
              const char        *id)
{
  const char *params[] = { id, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;

  rows = dq_store_select (self->store, BOOKING_SELECT "AND b.id = ?", params, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot read booking %s: %s", id, error->message);
      return NULL;
    }
  return rows->len > 0 ? block_from_row (self, rows->pdata[0]) : NULL;
}

static char *
iso_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

static char *
format_date (GDateTime *day,
             gboolean   with_year)
{
  /* TRANSLATORS: g_date_time_format() formats of a date, with and without
   * the year */
  return g_date_time_format (day, with_year ? _ ("%B %-d, %Y") : _ ("%B %-d"));
}

static const char *
weekday_name (GDateTime *day)
{
  switch (g_date_time_get_day_of_week (day))
    {
    case 1:
      return C_ ("weekday", "Monday");
    case 2:
      return C_ ("weekday", "Tuesday");
    case 3:
      return C_ ("weekday", "Wednesday");
    case 4:
      return C_ ("weekday", "Thursday");
    case 5:
      return C_ ("weekday", "Friday");
    case 6:
      return C_ ("weekday", "Saturday");
    default:
      return C_ ("weekday", "Sunday");
    }
}

static const char *
weekday_short (GDateTime *day)
{
  switch (g_date_time_get_day_of_week (day))
    {
    case 1:
      return C_ ("short weekday", "Mon");
    case 2:
      return C_ ("short weekday", "Tue");
    case 3:
      return C_ ("short weekday", "Wed");
    case 4:
      return C_ ("short weekday", "Thu");
    case 5:
      return C_ ("short weekday", "Fri");
    case 6:
      return C_ ("short weekday", "Sat");
    default:
      return C_ ("short weekday", "Sun");
    }
}

/* "11月28日 09:00–11:30" (the date only when asked). */
static char *
format_span (Block   *block,
             gboolean with_date)
{
  g_autofree char *from = g_date_time_format (block->starts, "%H:%M");
  g_autofree char *to = g_date_time_format (block->ends, "%H:%M");
  g_autofree char *date = NULL;

  if (!with_date)
    return g_strdup_printf ("%s–%s", from, to);
  date = format_date (block->starts, FALSE);
  return g_strdup_printf ("%s %s–%s", date, from, to);
}

static GDateTime *
midnight_of (DqBookingCalendar *self,
             GDateTime         *time)
{
  int year, month, day;

  g_date_time_get_ymd (time, &year, &month, &day);
  return g_date_time_new (self->tz, year, month, day, 0, 0, 0);
}

static GDateTime *
today (DqBookingCalendar *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now (self->tz);

  return midnight_of (self, now);
}

/* The first day shown: the day, or the Monday of its week. */
static GDateTime *
range_start (DqBookingCalendar *self)
{
  if (!self->week)
    return g_date_time_ref (self->day);
  return g_date_time_add_days (self->day, 1 - g_date_time_get_day_of_week (self->day));
}

static gboolean
same_day (GDateTime *a,
          GDateTime *b)
{
  int ya, ma, da, yb, mb, db;

  g_date_time_get_ymd (a, &ya, &ma, &da);
  g_date_time_get_ymd (b, &yb, &mb, &db);
  return ya == yb && ma == mb && da == db;
}

static const char *
room_field (DqBookingCalendar *self,
            guint              index,
            guint              field)
{
  return ((char **) self->rooms->pdata[index])[field];
}

static int
room_index (DqBookingCalendar *self,
            const char        *id)
{
  for (guint i = 0; self->rooms != NULL && id != NULL && i < self->rooms->len; i++)
    if (g_strcmp0 (room_field (self, i, 0), id) == 0)
      return (int) i;
  return -1;
}

/* Geometry, shared by the drawing and the overlay's children. */

static void
column_box (DqBookingCalendar *self,
            int                width,
            guint              column,
            int               *x,
            int               *w)
{
  double step = (double) MAX (width - HOURS_WIDTH, 1) / MAX (self->n_columns, 1);
  int    left = HOURS_WIDTH + (int) floor (column * step);

  *x = left;
  *w = HOURS_WIDTH + (int) floor ((column + 1) * step) - left;
}

static int
minute_y (int minutes)
{
  return HEADER_HEIGHT + (int) lround (minutes * PX_PER_HOUR / 60.0);
}

static void
block_box (DqBookingCalendar *self,
           Block             *block,
           int                width,
           GdkRectangle      *box)
{
  guint  lanes = g_array_index (self->lanes, guint, block->column);
  double lane_w;
  int    x, w;

  column_box (self, width, block->column, &x, &w);
  lane_w = (double) w / MAX (lanes, 1);
  box->x = x + (int) floor (block->lane * lane_w) + 3;
  box->width = MAX ((int) floor (block->span * lane_w) - 6, 8);
  box->y = minute_y (block->top) + 1;
  box->height = MAX (minute_y (block->bottom) - minute_y (block->top) - 2, MIN_BLOCK_HEIGHT);
}

static void
rounded_rectangle (cairo_t            *cr,
                   const GdkRectangle *box,
                   double              radius)
{
  double x = box->x, y = box->y, w = box->width, h = box->height;

  radius = MIN (radius, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        data)
{
  DqBookingCalendar *self = data;
  GtkStyleContext   *context = gtk_widget_get_style_context (GTK_WIDGET (area));
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) now_day = NULL;
  GdkRGBA fg, accent, error;

  if (self->n_columns == 0)
    return;

  gtk_style_context_get_color (context, &fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  if (!gtk_style_context_lookup_color (context, "error_bg_color", &error))
    gdk_rgba_parse (&error, "#e01b24");

  /* Today's column in the week. */
  if (self->week)
    {
      first = range_start (self);
      now_day = today (self);
      for (guint c = 0; c < self->n_columns; c++)
        {
          g_autoptr (GDateTime) day = g_date_time_add_days (first, (int) c);
          int x, w;

          if (!same_day (day, now_day))
            continue;
          column_box (self, width, c, &x, &w);
          cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.06);
          cairo_rectangle (cr, x, 0, w, minute_y (N_HOURS * 60));
          cairo_fill (cr);
        }
    }

  cairo_set_line_width (cr, 1);
  for (int half = 0; half <= N_HOURS * 2; half++)
    {
      double y = minute_y (half * 30) + 0.5;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, half % 2 == 0 ? 0.15 : 0.06);
      cairo_move_to (cr, half % 2 == 0 ? HOURS_WIDTH - 6 : HOURS_WIDTH, y);
      cairo_line_to (cr, width, y);
      cairo_stroke (cr);
    }
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
  for (guint c = 0; c < self->n_columns; c++)
    {
      int x, w;

      column_box (self, width, c, &x, &w);
      cairo_move_to (cr, x + 0.5, 0);
      cairo_line_to (cr, x + 0.5, minute_y (N_HOURS * 60));
      cairo_stroke (cr);
    }

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block         *block = self->blocks->pdata[i];
      const GdkRGBA *color = block->clash ? &error : &accent;
      GdkRectangle   box, bar;

      block_box (self, block, width, &box);
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, block->clash ? 0.22 : 0.16);
      rounded_rectangle (cr, &box, 5);
      cairo_fill (cr);

      bar = box;
      bar.width = 4;
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, 1);
      rounded_rectangle (cr, &bar, 2);
      cairo_fill (cr);

      if (block->clash)
        {
          cairo_set_line_width (cr, 1.5);
          rounded_rectangle (cr, &box, 5);
          cairo_stroke (cr);
          cairo_set_line_width (cr, 1);
        }
    }
}

static gboolean
place_child_cb (DqBookingCalendar *self,
                GtkWidget         *widget,
                GdkRectangle      *allocation,
                GtkOverlay        *overlay)
{
  Place *place = g_object_get_data (G_OBJECT (widget), "dq-place");
  int    width = gtk_widget_get_width (GTK_WIDGET (overlay));
  int    x, w;

  if (place == NULL)
    return FALSE;

  switch (place->kind)
    {
    case PLACE_HEADER:
      column_box (self, width, place->index, &x, &w);
      allocation->x = x + 4;
      allocation->y = 0;
      allocation->width = MAX (w - 8, 1);
      allocation->height = HEADER_HEIGHT - 4;
      break;
    case PLACE_HOUR:
      allocation->x = 0;
      allocation->y = minute_y ((int) place->index * 60) - LINE_HEIGHT / 2;
      allocation->width = HOURS_WIDTH - 10;
      allocation->height = LINE_HEIGHT;
      break;
    case PLACE_BLOCK:
      block_box (self, place->block, width, allocation);
      /* The coloured bar stays visible on the left. */
      allocation->x += 7;
      allocation->width = MAX (allocation->width - 9, 1);
      break;
    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

static void
overlay_add (DqBookingCalendar *self,
             GtkWidget         *child,
             PlaceKind          kind,
             guint              index,
             Block             *block)
{
  Place *place = g_new0 (Place, 1);

  place->kind = kind;
  place->index = index;
  place->block = block;
  g_object_set_data_full (G_OBJECT (child), "dq-place", place, g_free);
  gtk_overlay_add_overlay (self->overlay, child);
  g_ptr_array_add (self->overlaid, child);
}

static void
clear_overlay (DqBookingCalendar *self)
{
  for (guint i = 0; i < self->overlaid->len; i++)
    gtk_overlay_remove_overlay (self->overlay, self->overlaid->pdata[i]);
  g_ptr_array_set_size (self->overlaid, 0);
  g_ptr_array_set_size (self->blocks, 0);
  g_array_set_size (self->lanes, 0);
  self->n_columns = 0;
}

static GtkWidget *
small_label (const char *text,
             const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
header_new (const char *title,
            const char *subtitle,
            gboolean    highlight)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *first = small_label (title, "heading");

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), first);
  if (subtitle != NULL)
    gtk_box_append (GTK_BOX (box), small_label (subtitle, "caption"));
  if (highlight)
    gtk_widget_add_css_class (box, "accent");
  else
    gtk_widget_add_css_class (gtk_widget_get_last_child (box), "dim-label");
  return box;
}

static char *
describe (Block *block)
{
  g_autofree char *span = format_span (block, TRUE);
  GString         *text = g_string_new (NULL);

  g_string_append_printf (text, "%s · %s", block->room_name, span);
  g_string_append_c (text, '\n');
  g_string_append (text, *block->purpose != '\0' ? block->purpose : _ ("No purpose given"));
  if (*block->org_name != '\0')
    {
      g_string_append_c (text, '\n');
      /* TRANSLATORS: the organization a room was booked for */
      g_string_append_printf (text, _ ("Booked for %s"), block->org_name);
    }
  if (*block->booked_by != '\0')
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _ ("Booked by %s"), block->booked_by);
    }
  if (block->clash)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, _ ("Overlaps another booking of this room"));
    }
  return g_string_free (text, FALSE);
}

static void show_popover (DqBookingCalendar *self,
                          GtkWidget         *block_widget);

static void
block_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  gpointer         data)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  show_popover (DQ_BOOKING_CALENDAR (data), widget);
}

static gboolean
block_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      gpointer               data)
{
  if (keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_space)
    return FALSE;
  show_popover (DQ_BOOKING_CALENDAR (data),
                gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  return TRUE;
}

/* The texts of a block: as many lines as its height holds. */
static GtkWidget *
block_widget_new (DqBookingCalendar *self,
                  Block             *block)
{
  GtkWidget          *box = g_object_new (GTK_TYPE_BOX, "orientation", GTK_ORIENTATION_VERTICAL,
                                          "accessible-role", GTK_ACCESSIBLE_ROLE_BUTTON, NULL);
  GtkWidget          *first = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char    *span = format_span (block, FALSE);
  g_autofree char    *tip = describe (block);
  int                 height = minute_y (block->bottom) - minute_y (block->top) - 2;
  int                 lines = CLAMP ((height - 4) / LINE_HEIGHT, 1, 3);
  const char         *purpose = *block->purpose != '\0' ? block->purpose : _ ("No purpose given");
  GtkGesture         *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_set_overflow (box, GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_focusable (box, TRUE);
  gtk_widget_set_tooltip_text (box, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  gtk_widget_add_css_class (box, "booking");
  if (block->clash)
    {
      gtk_widget_add_css_class (box, "error");
      gtk_box_append (GTK_BOX (first), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
    }
  g_object_set_data_full (G_OBJECT (box), "booking-id", g_strdup (block->id), g_free);

  if (lines == 1)
    {
      g_autofree char *both = g_strdup_printf ("%s %s", span, purpose);

      gtk_box_append (GTK_BOX (first), small_label (both, "caption-heading"));
      gtk_box_append (GTK_BOX (box), first);
    }
  else
    {
      gtk_box_append (GTK_BOX (first), small_label (span, "caption"));
      gtk_box_append (GTK_BOX (box), first);
      gtk_box_append (GTK_BOX (box), small_label (purpose, "caption-heading"));
      if (lines >= 3 && *block->org_name != '\0')
        gtk_box_append (GTK_BOX (box), small_label (block->org_name, "caption"));
    }

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (block_pressed_cb), self);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (block_key_pressed_cb), self);
  gtk_widget_add_controller (box, keys);
  return box;
}

/* Bookings of one column side by side when they overlap. */
static void
assign_lanes (DqBookingCalendar *self,
              GPtrArray         *column,
              guint              index)
{
  g_autoptr (GArray) lane_ends = g_array_new (FALSE, FALSE, sizeof (int));
  guint n_lanes;

  for (guint i = 0; i < column->len; i++)
    {
      Block *block = column->pdata[i];
      guint  lane;

      for (lane = 0; lane < lane_ends->len; lane++)
        if (g_array_index (lane_ends, int, lane) <= block->top)
          break;
      if (lane == lane_ends->len)
        g_array_append_val (lane_ends, block->bottom);
      else
        g_array_index (lane_ends, int, lane) = block->bottom;
      block->lane = lane;
    }
  n_lanes = MAX (lane_ends->len, 1);
  g_array_index (self->lanes, guint, index) = n_lanes;

  /* A booking that overlaps none takes the whole column. */
  for (guint i = 0; i < column->len; i++)
    {
      Block   *block = column->pdata[i];
      gboolean alone = TRUE;

      for (guint j = 0; j < column->len && alone; j++)
        {
          Block *other = column->pdata[j];

          if (other != block && other->top < block->bottom && block->top < other->bottom)
            alone = FALSE;
        }
      if (alone)
        {
          block->lane = 0;
          block->span = n_lanes;
        }
      else
        block->span = 1;
    }
}

/* Puts @block in @column when it meets the hours shown of @day; returns
 * FALSE when it falls outside them. */
static gboolean
place_block (DqBookingCalendar *self,
             Block             *block,
             GDateTime         *day,
             guint              column,
             GPtrArray         *columns)
{
  g_autoptr (GDateTime) from = g_date_time_add_hours (day, FIRST_HOUR);
  g_autoptr (GDateTime) to = g_date_time_add_hours (day, LAST_HOUR);
  Block *placed;

  if (g_date_time_compare (block->starts, to) >= 0 || g_date_time_compare (block->ends, from) <= 0)
    return FALSE;
  placed = block_copy (block);
  placed->column = column;
  placed->top = (int) MAX (g_date_time_difference (block->starts, from) / G_TIME_SPAN_MINUTE, 0);
  placed->bottom = (int) MIN (g_date_time_difference (block->ends, from) / G_TIME_SPAN_MINUTE, N_HOURS * 60);
  g_ptr_array_add (self->blocks, placed);
  g_ptr_array_add (columns->pdata[column], placed);
  return TRUE;
}

/* By start, then id: the order of the list of clashes. */
static int
compare_blocks (gconstpointer a,
                gconstpointer b)
{
  const Block *x = *(Block *const *) a;
  const Block *y = *(Block *const *) b;
  int          cmp = g_date_time_compare (x->starts, y->starts);

  return cmp != 0 ? cmp : g_strcmp0 (x->id, y->id);
}

static void
update_rooms (DqBookingCalendar *self)
{
  const char *params[] = { self->center_id, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *rows = NULL;
  int        selected;

  if (self->center_id != NULL)
    {
      rows = dq_store_select (self->store,
                              "SELECT id, name, coalesce(capacity, ''), district FROM room "
                              "WHERE center_id = ? AND deleted = 0 ORDER BY _rid",
                              params, &error);
      if (rows == NULL)
        g_warning ("Cannot read the rooms of center %s: %s", self->center_id, error->message);
    }
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  self->rooms = rows != NULL ? rows : g_ptr_array_new ();

  for (guint i = 0; i < self->rooms->len; i++)
    gtk_string_list_append (names, room_field (self, i, 1));
  selected = room_index (self, self->room_id);
  if (selected < 0)
    {
      g_free (self->room_id);
      self->room_id = self->rooms->len > 0 ? g_strdup (room_field (self, 0, 0)) : NULL;
      selected = self->rooms->len > 0 ? 0 : -1;
    }

  self->updating = TRUE;
  gtk_drop_down_set_model (self->room_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->room_dropdown, selected >= 0 ? (guint) selected : GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;
}

static void
cancel_clicked_cb (DqBookingCalendar *self,
                   GtkButton         *button);

static void
update_clashes (DqBookingCalendar *self,
                GHashTable        *clashing)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pairs = NULL;
  g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (block_free);
  g_autofree char *heading = NULL;
  GtkWidget       *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->clash_list))) != NULL)
    gtk_list_box_remove (self->clash_list, child);

  if (self->center_id != NULL)
    {
      pairs = dq_booking_clashes (self->store, self->center_id, &error);
      if (pairs == NULL)
        g_warning ("Cannot look for overlapping bookings: %s", error->message);
    }
  for (guint i = 0; pairs != NULL && i < pairs->len; i++)
    {
      const char *id = pairs->pdata[i];
      Block      *block;

      if (g_hash_table_contains (clashing, id))
        continue;
      g_hash_table_add (clashing, g_strdup (id));
      block = read_booking (self, id);
      if (block != NULL)
        g_ptr_array_add (shown, block);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->clash_box), shown->len > 0);
  if (shown->len == 0)
    return;
  g_ptr_array_sort (shown, compare_blocks);

  if (pairs->len / 2 <= 1)
    heading = g_strdup_printf (_ ("%u bookings overlap: cancel one of them"), shown->len);
  else
    /* TRANSLATORS: bookings involved, then the number of overlapping pairs */
    heading = g_strdup_printf (_ ("%u bookings overlap in %u places: cancel one booking of each"), shown->len,
                               pairs->len / 2);
  gtk_label_set_text (self->clash_label, heading);

  for (guint i = 0; i < shown->len; i++)
    {
      Block           *block = shown->pdata[i];
      GtkWidget       *row = adw_action_row_new ();
      GtkWidget       *button = gtk_button_new_with_label (_ ("Cancel Booking"));
      g_autofree char *span = format_span (block, TRUE);
      g_autofree char *title = g_strdup_printf ("%s · %s", block->room_name, span);
      g_autoptr (GString) subtitle = g_string_new (*block->purpose != '\0' ? block->purpose
                                                                           : _ ("No purpose given"));

      if (*block->org_name != '\0')
        g_string_append_printf (subtitle, " · %s", block->org_name);
      if (*block->booked_by != '\0')
        {
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, _ ("Booked by %s"), block->booked_by);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _ ("Show this day"));
      g_object_set_data_full (G_OBJECT (row), "starts", g_date_time_ref (block->starts),
                              (GDestroyNotify) g_date_time_unref);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "destructive-action");
      g_object_set_data_full (G_OBJECT (button), "booking-id", g_strdup (block->id), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->clash_list, row);
    }
}

static void
update_title (DqBookingCalendar *self)
{
  g_autofree char *title = NULL;

  if (self->week)
    {
      g_autoptr (GDateTime) first = range_start (self);
      g_autoptr (GDateTime) last = g_date_time_add_days (first, 6);
      g_autofree char *from = format_date (first, TRUE);
      g_autofree char *to = format_date (last, g_date_time_get_year (first) != g_date_time_get_year (last));

      /* TRANSLATORS: the first and last day of a week */
      title = g_strdup_printf (C_ ("first and last day", "%s – %s"), from, to);
    }
  else
    {
      g_autofree char *date = format_date (self->day, TRUE);

      /* TRANSLATORS: a date, then its day of the week */
      title = g_strdup_printf (C_ ("date and weekday", "%s, %s"), date, weekday_name (self->day));
    }
  gtk_label_set_text (self->title_label, title);
}

static void
show_empty (DqBookingCalendar *self,
            const char        *title,
            const char        *description)
{
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->view_stack, "empty");
  gtk_label_set_text (self->note_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
}

/* Live bookings of the center (of the week's room) meeting [@first, @end). */
static GPtrArray *
read_range (DqBookingCalendar *self,
            GDateTime         *first,
            GDateTime         *end)
{
  g_autofree char *from = iso_time (first);
  g_autofree char *to = iso_time (end);
  const char      *room = self->week && self->room_id != NULL ? self->room_id : "";
  const char      *params[] = { self->center_id, room, room, CANCELLED, to, from, NULL };
  g_autoptr (GError) error = NULL;
  GPtrArray *rows;

  rows = dq_store_select (self->store,
                          BOOKING_SELECT "AND r.center_id = ? AND r.deleted = 0 AND (? = '' OR b.room_id = ?) "
                                         "AND coalesce(b.status, '') <> ? "
                                         "AND julianday(b.starts_at) < julianday(?) "
                                         "AND julianday(b.ends_at) > julianday(?) "
                                         "ORDER BY julianday(b.starts_at), b.id",
                          params, &error);
  if (rows == NULL)
    g_warning ("Cannot read the bookings of center %s: %s", self->center_id, error->message);
  return rows;
}

/* Places every booking of @rows in its columns; returns how many there
 * are, and in *@hidden how many fall outside the hours shown. */
static guint
place_bookings (DqBookingCalendar *self,
                GPtrArray         *rows,
                GDateTime         *first,
                GHashTable        *clashing,
                guint             *hidden)
{
  g_autoptr (GPtrArray) columns = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint n = 0;

  *hidden = 0;
  self->n_columns = self->week ? 7 : self->rooms->len;
  g_array_set_size (self->lanes, self->n_columns);
  for (guint c = 0; c < self->n_columns; c++)
    g_ptr_array_add (columns, g_ptr_array_new ());

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      g_autoptr (Block) block = block_from_row (self, rows->pdata[i]);
      gboolean shown = FALSE;

      if (block == NULL)
        continue;
      block->clash = g_hash_table_contains (clashing, block->id);
      if (self->week)
        for (guint c = 0; c < 7; c++)
          {
            g_autoptr (GDateTime) day = g_date_time_add_days (first, (int) c);

            shown |= place_block (self, block, day, c, columns);
          }
      else
        {
          int c = room_index (self, block->room_id);

          if (c >= 0)
            shown = place_block (self, block, self->day, (guint) c, columns);
        }
      n++;
      if (!shown)
        (*hidden)++;
    }

  for (guint c = 0; c < self->n_columns; c++)
    assign_lanes (self, columns->pdata[c], c);
  return n;
}

/* Headers, hours, then the bookings (added last: on top). */
static void
add_texts (DqBookingCalendar *self,
           GDateTime         *first)
{
  g_autoptr (GDateTime) now_day = today (self);

  for (guint c = 0; c < self->n_columns; c++)
    {
      GtkWidget *header;

      if (self->week)
        {
          g_autoptr (GDateTime) day = g_date_time_add_days (first, (int) c);
          g_autofree char *date = format_date (day, FALSE);

          header = header_new (weekday_short (day), date, same_day (day, now_day));
        }
      else
        {
          const char      *capacity = room_field (self, c, 2);
          g_autofree char *seats = NULL;

          if (*capacity != '\0')
            /* TRANSLATORS: how many people a room holds */
            seats = g_strdup_printf (_ ("%s seats"), capacity);
          header = header_new (room_field (self, c, 1), seats, FALSE);
          gtk_widget_set_tooltip_text (header, room_field (self, c, 1));
        }
      overlay_add (self, header, PLACE_HEADER, c, NULL);
    }
  for (guint h = 0; h <= N_HOURS; h++)
    {
      g_autofree char *text = g_strdup_printf ("%02u:00", FIRST_HOUR + h);
      GtkWidget       *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      overlay_add (self, label, PLACE_HOUR, h, NULL);
    }
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = self->blocks->pdata[i];

      overlay_add (self, block_widget_new (self, block), PLACE_BLOCK, 0, block);
    }
}

static void
update_note (DqBookingCalendar *self,
             guint              n,
             guint              hidden)
{
  g_autofree char *note = NULL;

  if (n == 0)
    note = g_strdup (self->week ? _ ("No bookings of this room in this week") : _ ("No bookings on this day"));
  else if (self->week)
    note = g_strdup_printf (ngettext ("%u booking of this room in this week", "%u bookings of this room in this week",
                                      n),
                            n);
  else
    note = g_strdup_printf (ngettext ("%u booking on this day", "%u bookings on this day", n), n);

  if (hidden > 0)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("%u of them is outside 08:00–22:00 and not shown",
                                                         "%u of them are outside 08:00–22:00 and not shown", hidden),
                                               hidden);
      char            *both = g_strdup_printf ("%s · %s", note, more);

      g_free (note);
      note = both;
    }
  gtk_label_set_text (self->note_label, note);
}

/* Reads the range shown again and rebuilds the grid. */
static void
reload (DqBookingCalendar *self)
{
  g_autoptr (GHashTable) clashing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) end = NULL;
  guint n, hidden;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  clear_overlay (self);
  update_rooms (self);
  update_title (self);
  update_clashes (self, clashing);
  gtk_widget_set_visible (GTK_WIDGET (self->room_dropdown), self->week && self->rooms->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calendar.new-booking", self->rooms->len > 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->canvas));

  if (self->center_id == NULL)
    {
      show_empty (self, _ ("No Center Selected"), _ ("Choose a service center to see its rooms and bookings."));
      return;
    }
  if (self->rooms->len == 0)
    {
      show_empty (self, _ ("No Rooms Yet"), _ ("Add a room to this center with “New Room” first."));
      return;
    }
  gtk_stack_set_visible_child_name (self->view_stack, "calendar");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);

  first = range_start (self);
  end = g_date_time_add_days (first, self->week ? 7 : 1);
  rows = read_range (self, first, end);
  n = place_bookings (self, rows, first, clashing, &hidden);
  add_texts (self, first);
  update_note (self, n, hidden);

  gtk_drawing_area_set_content_width (self->canvas, HOURS_WIDTH + (int) self->n_columns * MIN_COLUMN_WIDTH);
  gtk_drawing_area_set_content_height (self->canvas, minute_y (N_HOURS * 60) + LINE_HEIGHT);
}

static gboolean
reload_cb (gpointer data)
{
  DqBookingCalendar *self = data;

  self->reload_source = 0;
  reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_data_changed_cb (DqBookingCalendar *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_cb, self);
}

static void
show_day (DqBookingCalendar *self,
          GDateTime         *day)
{
  g_autoptr (GDateTime) midnight = midnight_of (self, day);

  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = g_steal_pointer (&midnight);
  reload (self);
}

/* Cancelling */

static void
on_undo_clicked_cb (DqBookingCalendar *self,
                    AdwToast          *toast)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "booking-id");
  g_autoptr (DqRecord) change = dq_record_new_for ("booking", id);
  g_autoptr (GError) error = NULL;

  /* Only the status: whatever another desk changed in the booking stays;
   * refused if the slot was taken meanwhile. */
  dq_record_set_text (change, "status", BOOKED);
  if (dq_booking_write (self->store, change, &error))
    return;
  if (g_error_matches (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_CLASH))
    dq_show_toast (GTK_WIDGET (self), _ ("The booking was not restored: the room is booked at that time."));
  else
    {
      g_autofree char *message = g_strdup_printf (_ ("The booking could not be restored: %s"), error->message);

      dq_show_toast (GTK_WIDGET (self), message);
    }
}

static void
cancel_booking (DqBookingCalendar *self,
                const char        *id)
{
  g_autoptr (DqRecord) change = dq_record_new_for ("booking", id);
  g_autoptr (GError) error = NULL;
  g_autoptr (Block) block = read_booking (self, id);
  GtkWidget       *overlay;
  AdwToast        *toast;
  g_autofree char *text = NULL;

  dq_record_set_text (change, "status", CANCELLED);
  if (!dq_store_write (self->store, change, &error))
    {
      g_autofree char *message = g_strdup_printf (_ ("The booking could not be cancelled: %s"), error->message);

      dq_show_toast (GTK_WIDGET (self), message);
      return;
    }

  if (block != NULL)
    {
      g_autofree char *span = format_span (block, TRUE);

      text = g_strdup_printf (_ ("Booking of %s on %s cancelled"), block->room_name, span);
    }
  else
    text = g_strdup (_ ("Booking cancelled"));

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    {
      dq_show_toast (GTK_WIDGET (self), text);
      return;
    }
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _ ("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "booking-id", g_strdup (id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
cancel_clicked_cb (DqBookingCalendar *self,
                   GtkButton         *button)
{
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (button), "booking-id"));

  gtk_popover_popdown (self->popover);
  if (id != NULL)
    cancel_booking (self, id);
}

static void
show_popover (DqBookingCalendar *self,
              GtkWidget         *block_widget)
{
  Place           *place = g_object_get_data (G_OBJECT (block_widget), "dq-place");
  Block           *block = place != NULL ? place->block : NULL;
  GtkWidget       *box, *title, *button;
  g_autofree char *span = NULL;
  GdkRectangle     rect;

  if (block == NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  title = gtk_label_new (*block->purpose != '\0' ? block->purpose : _ ("No purpose given"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 30);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  span = format_span (block, TRUE);
  {
    g_autofree char *where = g_strdup_printf ("%s · %s", block->room_name, span);
    GtkWidget       *label = gtk_label_new (where);

    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_box_append (GTK_BOX (box), label);
  }
  if (*block->org_name != '\0')
    {
      g_autofree char *text = g_strdup_printf (_ ("Booked for %s"), block->org_name);
      GtkWidget       *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  if (*block->booked_by != '\0')
    {
      g_autofree char *text = g_strdup_printf (_ ("Booked by %s"), block->booked_by);
      GtkWidget       *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  if (block->clash)
    {
      GtkWidget *label = gtk_label_new (_ ("Overlaps another booking of this room: cancel one of them."));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_add_css_class (label, "error");
      gtk_box_append (GTK_BOX (box), label);
    }

  button = gtk_button_new_with_label (_ ("Cancel Booking"));
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_add_css_class (button, "destructive-action");
  g_object_set_data_full (G_OBJECT (button), "booking-id", g_strdup (block->id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (cancel_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), button);

  block_box (self, block, gtk_widget_get_width (GTK_WIDGET (self->overlay)), &rect);
  gtk_popover_set_child (self->popover, box);
  gtk_popover_set_pointing_to (self->popover, &rect);
  gtk_popover_popup (self->popover);
}

static void
clash_row_activated_cb (DqBookingCalendar *self,
                        GtkListBoxRow     *row)
{
  GDateTime *starts = g_object_get_data (G_OBJECT (row), "starts");

  if (starts == NULL)
    return;
  /* The list is rebuilt by the reload: not while it emits. */
  g_clear_pointer (&self->day, g_date_time_unref);
  self->day = midnight_of (self, starts);
  on_data_changed_cb (self);
}

static void
room_selected_cb (DqBookingCalendar *self)
{
  guint selected = gtk_drop_down_get_selected (self->room_dropdown);

  if (self->updating || self->rooms == NULL || selected >= self->rooms->len)
    return;
  g_free (self->room_id);
  self->room_id = g_strdup (room_field (self, selected, 0));
  reload (self);
}

static void
week_toggled_cb (DqBookingCalendar *self)
{
  gboolean week = gtk_toggle_button_get_active (self->week_button);

  if (week != self->week)
    dq_booking_calendar_set_week (self, week);
}

/* The new-booking dialog */

static void
show_dialog_error (DqBookingCalendar *self,
                   const char        *text,
                   GtkWidget         *field)
{
  gtk_label_set_text (self->dialog_error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->dialog_error_label), text != NULL);
  if (field != NULL)
    gtk_widget_add_css_class (field, "error");
}

static void
dialog_changed_cb (DqBookingCalendar *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->dialog_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->start_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->end_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->room_row), "error");
}

static void
dialog_cancel_clicked_cb (DqBookingCalendar *self)
{
  gtk_window_close (GTK_WINDOW (self->booking_dialog));
}

static void
fill_orgs (DqBookingCalendar *self)
{
  const char *params[] = { self->center_id, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);

  rows = dq_store_select (self->store,
                          "WITH host(id) AS (SELECT org_id FROM center WHERE id = ?) "
                          "SELECT o.id, coalesce(nullif(o.short_name, ''), o.name) FROM org o, host "
                          "WHERE o.deleted = 0 AND (o.id = host.id OR o.parent_id = host.id) "
                          "ORDER BY o.id = host.id DESC, o.name LIMIT " G_STRINGIFY (MAX_ORGS),
                          params, &error);
  if (rows == NULL)
    g_warning ("Cannot read the organizations of center %s: %s", self->center_id, error->message);

  g_ptr_array_set_size (self->org_ids, 0);
  g_ptr_array_add (self->org_ids, g_strdup (""));
  gtk_string_list_append (names, _ ("(no organization)"));
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      char **row = rows->pdata[i];

      g_ptr_array_add (self->org_ids, g_strdup (row[0]));
      gtk_string_list_append (names, row[1]);
    }
  adw_combo_row_set_model (self->org_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->org_row, rows != NULL && rows->len > 0 ? 1 : 0);
}

static void
new_booking_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DqBookingCalendar *self = DQ_BOOKING_CALENDAR (widget);
  g_autoptr (GtkStringList) rooms = gtk_string_list_new (NULL);
  g_autofree char *date = NULL;
  int              room;

  if (self->center_id == NULL || self->rooms == NULL || self->rooms->len == 0)
    return;

  for (guint i = 0; i < self->rooms->len; i++)
    gtk_string_list_append (rooms, room_field (self, i, 1));
  adw_combo_row_set_model (self->room_row, G_LIST_MODEL (rooms));
  room = self->week ? room_index (self, self->room_id) : 0;
  adw_combo_row_set_selected (self->room_row, room >= 0 ? (guint) room : 0);

  date = g_date_time_format (self->day, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  adw_combo_row_set_selected (self->start_row, 2); /* 09:00 */
  adw_combo_row_set_selected (self->end_row, 5);   /* 11:00 */
  gtk_editable_set_text (GTK_EDITABLE (self->purpose_row), "");
  fill_orgs (self);
  dialog_changed_cb (self);
  {
    g_autoptr (DqRecord) center = dq_store_get (self->store, "center", self->center_id, NULL);

    adw_window_title_set_subtitle (self->dialog_title,
                                   center != NULL && dq_record_get_text (center, "name") != NULL
                                       ? dq_record_get_text (center, "name")
                                       : "");
  }

  gtk_window_set_transient_for (GTK_WINDOW (self->booking_dialog), dq_parent_window (GTK_WIDGET (self)));
  gtk_window_present (GTK_WINDOW (self->booking_dialog));
  gtk_widget_grab_focus (GTK_WIDGET (self->purpose_row));
}

/* "“会议室” is booked 09:00–11:30 (党员学习会) then." */
static char *
describe_clash (DqBookingCalendar *self,
                const char        *room_id,
                const char        *starts_at,
                const char        *ends_at)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) others = dq_booking_overlaps (self->store, room_id, starts_at, ends_at, NULL, &error);
  g_autoptr (Block) other = NULL;
  g_autofree char *span = NULL;
  g_autofree char *what = NULL;

  if (others != NULL && others->len > 0)
    other = read_booking (self, others->pdata[0]);
  if (other == NULL)
    return g_strdup (_ ("The room is already booked at that time. Choose another time or room."));

  span = format_span (other, FALSE);
  what = g_strdup (*other->purpose != '\0' ? other->purpose : _ ("No purpose given"));
  if (*other->org_name != '\0')
    {
      char *longer = g_strdup_printf ("%s, %s", what, other->org_name);

      g_free (what);
      what = longer;
    }
  /* TRANSLATORS: the room, the time it is booked, then the purpose of that booking */
  return g_strdup_printf (_ ("“%s” is already booked %s (%s). Choose another time or room."), other->room_name, span,
                          what);
}

static void
book_clicked_cb (DqBookingCalendar *self)
{
  guint       room = adw_combo_row_get_selected (self->room_row);
  guint       start = adw_combo_row_get_selected (self->start_row);
  guint       end = adw_combo_row_get_selected (self->end_row);
  guint       org = adw_combo_row_get_selected (self->org_row);
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->date_row));
  const char *purpose = gtk_editable_get_text (GTK_EDITABLE (self->purpose_row));
  const char *author = dq_store_get_author (self->store);
  g_autoptr (DqRecord) booking = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) day = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *starts_at = NULL;
  g_autofree char *ends_at = NULL;
  g_autofree char *done = NULL;
  int              year = 0, month = 0, mday = 0, start_min, end_min;
  char             tail;

  dialog_changed_cb (self);
  if (self->rooms == NULL || room >= self->rooms->len)
    {
      show_dialog_error (self, _ ("Choose a room."), GTK_WIDGET (self->room_row));
      return;
    }
  if (sscanf (date, "%4d-%2d-%2d%c", &year, &month, &mday, &tail) != 3 || !g_date_valid_dmy (mday, month, year))
    {
      show_dialog_error (self, _ ("Enter the date as year-month-day, for example 2026-03-08."),
                         GTK_WIDGET (self->date_row));
      return;
    }
  start_min = FIRST_HOUR * 60 + 30 * (int) start;
  end_min = FIRST_HOUR * 60 + 30 + 30 * (int) end;
  if (start == GTK_INVALID_LIST_POSITION || end == GTK_INVALID_LIST_POSITION || end_min <= start_min)
    {
      show_dialog_error (self, _ ("The booking must end after it starts."), GTK_WIDGET (self->end_row));
      return;
    }

  starts_at = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00+08:00", year, month, mday, start_min / 60, start_min % 60);
  ends_at = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00+08:00", year, month, mday, end_min / 60, end_min % 60);

  booking = dq_record_new_for ("booking", NULL);
  dq_record_set_text (booking, "district", room_field (self, room, 3));
  dq_record_set_text (booking, "room_id", room_field (self, room, 0));
  dq_record_set_text (booking, "starts_at", starts_at);
  dq_record_set_text (booking, "ends_at", ends_at);
  dq_record_set_text (booking, "status", BOOKED);
  trimmed = g_strstrip (g_strdup (purpose));
  if (*trimmed != '\0')
    dq_record_set_text (booking, "purpose", trimmed);
  if (org > 0 && org < self->org_ids->len)
    dq_record_set_text (booking, "org_id", self->org_ids->pdata[org]);
  if (author != NULL && *author != '\0')
    dq_record_set_text (booking, "booked_by", author);

  if (!dq_booking_write (self->store, booking, &error))
    {
      if (g_error_matches (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_CLASH))
        {
          g_autofree char *text = describe_clash (self, room_field (self, room, 0), starts_at, ends_at);

          show_dialog_error (self, text, GTK_WIDGET (self->start_row));
          gtk_widget_add_css_class (GTK_WIDGET (self->end_row), "error");
        }
      else
        show_dialog_error (self, error->message, NULL);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->booking_dialog), FALSE);
  day = g_date_time_new (self->tz, year, month, mday, 0, 0, 0);
  if (self->week)
    {
      g_free (self->room_id);
      self->room_id = g_strdup (room_field (self, room, 0));
    }
  done = g_strdup_printf (_ ("%s booked for %s"), room_field (self, room, 1), date);
  show_day (self, day);
  dq_show_toast (GTK_WIDGET (self), done);
}

/* Navigation */

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqBookingCalendar *self = DQ_BOOKING_CALENDAR (widget);
  int                sign = g_str_equal (action_name, "calendar.previous") ? -1 : 1;
  g_autoptr (GDateTime) day = g_date_time_add_days (self->day, sign * (self->week ? 7 : 1));

  show_day (self, day);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  DqBookingCalendar *self = DQ_BOOKING_CALENDAR (widget);
  g_autoptr (GDateTime) day = today (self);

  show_day (self, day);
}

static void
watch (DqBookingCalendar *self,
       GObject           *source)
{
  g_signal_connect_object (source, "changed::booking", G_CALLBACK (on_data_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "changed::room", G_CALLBACK (on_data_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
fill_times (DqBookingCalendar *self)
{
  for (int m = FIRST_HOUR * 60; m < LAST_HOUR * 60; m += 30)
    {
      char start[8], end[8];

      g_snprintf (start, sizeof start, "%02d:%02d", m / 60, m % 60);
      g_snprintf (end, sizeof end, "%02d:%02d", (m + 30) / 60, (m + 30) % 60);
      gtk_string_list_append (self->start_times, start);
      gtk_string_list_append (self->end_times, end);
    }
}

static void
dq_booking_calendar_constructed (GObject *object)
{
  DqBookingCalendar *self = DQ_BOOKING_CALENDAR (object);

  G_OBJECT_CLASS (dq_booking_calendar_parent_class)->constructed (object);

  watch (self, G_OBJECT (self->store));
  if (self->engine != NULL)
    watch (self, G_OBJECT (self->engine));
  reload (self);
}

static void
dq_booking_calendar_dispose (GObject *object)
{
  DqBookingCalendar *self = DQ_BOOKING_CALENDAR (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->booking_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->booking_dialog));
  if (self->popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }
  if (self->overlaid != NULL)
    g_ptr_array_set_size (self->overlaid, 0);

  /* AdwBin keeps its own pointer to the child: let go of it first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_BOOKING_CALENDAR);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_booking_calendar_parent_class)->dispose (object);
}

static void
dq_booking_calendar_finalize (GObject *object)
{
  DqBookingCalendar *self = DQ_BOOKING_CALENDAR (object);

  g_clear_pointer (&self->center_id, g_free);
  g_clear_pointer (&self->room_id, g_free);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->rooms, g_ptr_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->overlaid, g_ptr_array_unref);
  g_clear_pointer (&self->org_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_booking_calendar_parent_class)->finalize (object);
}

static void
dq_booking_calendar_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DqBookingCalendar *self = DQ_BOOKING_CALENDAR (object);

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
dq_booking_calendar_class_init (DqBookingCalendarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = dq_booking_calendar_constructed;
  object_class->dispose = dq_booking_calendar_dispose;
  object_class->finalize = dq_booking_calendar_finalize;
  object_class->set_property = dq_booking_calendar_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, DQ_TYPE_STORE,
                                                G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                    G_PARAM_STATIC_STRINGS);
  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, DQ_TYPE_SYNC_ENGINE,
                                                 G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY |
                                                     G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "calendar.new-booking", NULL, new_booking_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dangqun/Dangqun/ui/dq-booking-calendar.ui");
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, title_label);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, room_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, day_button);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, week_button);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, clash_box);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, clash_label);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, clash_list);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, note_label);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, overlay);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, canvas);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, empty_page);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, start_times);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, end_times);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, booking_dialog);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, dialog_title);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, room_row);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, date_row);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, start_row);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, end_row);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, org_row);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, dialog_error_label);
  gtk_widget_class_bind_template_child (widget_class, DqBookingCalendar, book_button);
  gtk_widget_class_bind_template_callback (widget_class, place_child_cb);
  gtk_widget_class_bind_template_callback (widget_class, room_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, week_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, clash_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, dialog_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, dialog_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, book_clicked_cb);
}

static void
dq_booking_calendar_init (DqBookingCalendar *self)
{
  self->tz = g_time_zone_new_identifier ("+08:00");
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->lanes = g_array_new (FALSE, TRUE, sizeof (guint));
  self->overlaid = g_ptr_array_new ();
  self->org_ids = g_ptr_array_new_with_free_func (g_free);
  self->day = today (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  fill_times (self);
  gtk_drawing_area_set_draw_func (self->canvas, draw_cb, self, NULL);
  self->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self->canvas));
  gtk_window_set_default_widget (GTK_WINDOW (self->booking_dialog), GTK_WIDGET (self->book_button));
}

GtkWidget *
dq_booking_calendar_new (DqStore      *store,
                         DqSyncEngine *engine)
{
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);

  return g_object_new (DQ_TYPE_BOOKING_CALENDAR, "store", store, "engine", engine, NULL);
}

void
dq_booking_calendar_set_center (DqBookingCalendar *self,
                                const char        *center_id)
{
  g_return_if_fail (DQ_IS_BOOKING_CALENDAR (self));

  if (g_strcmp0 (center_id, self->center_id) == 0)
    return;
  g_free (self->center_id);
  self->center_id = g_strdup (center_id);
  g_clear_pointer (&self->room_id, g_free);
  gtk_popover_popdown (self->popover);
  reload (self);
}

void
dq_booking_calendar_set_date (DqBookingCalendar *self,
                              GDateTime         *day)
{
  int year, month, mday;
  g_autoptr (GDateTime) midnight = NULL;

  g_return_if_fail (DQ_IS_BOOKING_CALENDAR (self));
  g_return_if_fail (day != NULL);

  /* The calendar date the caller means, whatever its time zone. */
  g_date_time_get_ymd (day, &year, &month, &mday);
  midnight = g_date_time_new (self->tz, year, month, mday, 0, 0, 0);
  show_day (self, midnight);
}

void
dq_booking_calendar_set_week (DqBookingCalendar *self,
                              gboolean           week)
{
  g_return_if_fail (DQ_IS_BOOKING_CALENDAR (self));

  week = !!week;
  if (gtk_toggle_button_get_active (self->week_button) != week)
    gtk_toggle_button_set_active (week ? self->week_button : self->day_button, TRUE);
  if (self->week == week)
    return;
  self->week = week;
  reload (self);
}
