/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSigninSheet: the sign-in sheet of an activity, laid out and drawn with
 * Pango and cairo in points, so one drawing serves the printer, a PDF and
 * a PNG for a look. The people are read once, when the sheet is made: the
 * print dialog may stay open while desks check people in.
 *
 * The layout: page 1 has the title and the activity's details; later pages
 * a one-line title "（续）"; every page the table's header, rows of
 * ROW_HEIGHT (room to sign) and the page number. The last page's leftover
 * space gets blank rows for walk-ins. */
#define G_LOG_DOMAIN "dq-signin-sheet"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dq-activity.h"
#include "dq-format.h"
#include "dq-schema.h"
#include "dq-signin-sheet.h"
#include "dq-ui-util.h"
#include "dq-validate.h"

#define MM(x) ((x) *72.0 / 25.4)

#define MARGIN_X      MM (16)
#define MARGIN_TOP    MM (14)
#define MARGIN_BOTTOM MM (12)
#define FOOTER_HEIGHT MM (8)
#define HEADER_HEIGHT MM (8)
#define ROW_HEIGHT    MM (9.5)
#define CELL_PADDING  4.0
#define GAP           8.0

#define FONT_FAMILY "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, sans-serif"

typedef struct {
  char *name;
  char *note;    /* under the name: 候补第 N 位, or NULL */
  char *branch;  /* 所在党组织, or a non-member's political status */
  char *phone;   /* masked */
  char *checked; /* "已签到 14:05" in the signature cell, or NULL */
} Person;

typedef struct {
  guint  first;
  guint  n_people;
  guint  n_blank;
  double table_top;
} Page;

struct _DqSigninSheet {
  GObject parent_instance;

  char      *title;
  GPtrArray *details; /* "活动时间：…" lines */
  GArray    *people;  /* Person */
  GArray    *pages;   /* Page, after paginate() */
  double     width;
  double     height;
};

G_DEFINE_FINAL_TYPE (DqSigninSheet, dq_signin_sheet, G_TYPE_OBJECT)

/* Columns: share of the table's width, and the header. */
enum {
  COL_NUMBER,
  COL_NAME,
  COL_BRANCH,
  COL_PHONE,
  COL_SIGNATURE,
  N_COLUMNS
};

static const double column_share[N_COLUMNS] = { 0.08, 0.17, 0.35, 0.17, 0.23 };

/* Helpers: data */

static void
person_clear (Person *person)
{
  g_free (person->name);
  g_free (person->note);
  g_free (person->branch);
  g_free (person->phone);
  g_free (person->checked);
}

static GDateTime *
local_time (const char *iso)
{
  g_autoptr (GDateTime) time = NULL;

  if (iso == NULL || iso[0] == '\0')
    return NULL;
  time = g_date_time_new_from_iso8601 (iso, NULL);
  return time ? g_date_time_to_local (time) : NULL;
}

/* "2026年12月5日 09:00–11:30" (the end's date too when another day). */
static char *
format_span (const char *starts_at,
             const char *ends_at)
{
  g_autoptr (GDateTime) start = local_time (starts_at);
  g_autoptr (GDateTime) end = local_time (ends_at);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (start == NULL)
    return g_strdup (starts_at ? starts_at : "");
  /* TRANSLATORS: a date and time on a printed sheet (strftime format) */
  from = g_date_time_format (start, C_ ("printed sheet", "%A %Y-%m-%d %H:%M"));
  if (end == NULL)
    return g_steal_pointer (&from);
  if (g_date_time_get_year (start) == g_date_time_get_year (end) &&
      g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    to = g_date_time_format (end, "%H:%M");
  else
    to = g_date_time_format (end, C_ ("printed sheet", "%A %Y-%m-%d %H:%M"));
  return g_strconcat (from, "–", to, NULL);
}

static void
add_detail (GPtrArray  *details,
            const char *label,
            const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;
  /* TRANSLATORS: a line of details on a printed sheet: "活动时间：…" */
  g_ptr_array_add (details, g_strdup_printf (_ ("%s: %s"), label, value));
}

static gboolean
load_activity (DqSigninSheet *self,
               DqStore       *store,
               const char    *activity_id,
               guint          n_people,
               GError       **error)
{
  const char *params[] = { activity_id, NULL };
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *span = NULL;
  g_autofree char *place = NULL;
  g_autofree char *count = NULL;
  char           **row;

  rows = dq_store_select (store,
                          "SELECT a.title, a.kind, a.starts_at, a.ends_at, a.location, c.name, r.name, o.name "
                          "FROM activity a LEFT JOIN center c ON c.id = a.center_id "
                          "LEFT JOIN room r ON r.id = a.room_id LEFT JOIN org o ON o.id = a.org_id "
                          "WHERE a.id = ? AND a.deleted = 0",
                          params, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_NOT_FOUND, _ ("There is no such activity"));
      return FALSE;
    }
  row = g_ptr_array_index (rows, 0);
  self->title = g_strdup (row[0]);
  span = format_span (row[2], row[3]);
  /* The center and room, then the address typed in, as many as known. */
  {
    const char *parts[4] = { NULL, NULL, NULL, NULL };
    guint       n = 0;

    if (row[5][0])
      parts[n++] = row[5];
    if (row[6][0])
      parts[n++] = row[6];
    if (row[4][0])
      parts[n++] = row[4];
    place = g_strjoinv (" · ", (char **) parts);
  }
  count = g_strdup_printf (ngettext ("%u person", "%u people", n_people), n_people);

  self->details = g_ptr_array_new_with_free_func (g_free);
  add_detail (self->details, C_ ("sign-in sheet", "Time"), span);
  add_detail (self->details, C_ ("sign-in sheet", "Place"), place);
  add_detail (self->details, C_ ("sign-in sheet", "Organizer"), row[7]);
  add_detail (self->details, C_ ("sign-in sheet", "Kind"), row[1]);
  {
    /* TRANSLATORS: on the sign-in sheet: "报名人数：60 人　实到人数：______ 人" */
    g_autofree char *line = g_strdup_printf (_ ("Registered: %s    Present: ________"), count);

    g_ptr_array_add (self->details, g_steal_pointer (&line));
  }
  return TRUE;
}

static gboolean
load_people (DqSigninSheet *self,
             DqStore       *store,
             const char    *activity_id,
             GError       **error)
{
  const char     *params[] = { activity_id, NULL };
  const DqColumn *status_column = dq_table_column (dq_schema_table ("registration"), "political_status");
  g_autoptr (GPtrArray) registrations = NULL;
  g_autoptr (GPtrArray) statuses = NULL;
  g_autoptr (GHashTable) status_of = g_hash_table_new (g_str_hash, g_str_equal);

  registrations = dq_activity_list_registrations (store, activity_id, error);
  if (registrations == NULL)
    return FALSE;
  statuses = dq_store_select (store,
                              "SELECT id, political_status FROM registration "
                              "WHERE activity_id = ? AND deleted = 0 AND member_id IS NULL",
                              params, error);
  if (statuses == NULL)
    return FALSE;
  for (guint i = 0; i < statuses->len; i++)
    {
      char **row = g_ptr_array_index (statuses, i);

      g_hash_table_insert (status_of, row[0], row[1]);
    }

  for (guint i = 0; i < registrations->len; i++)
    {
      DqRegistration *r = g_ptr_array_index (registrations, i);
      Person          person = { 0 };

      if (r->place == DQ_PLACE_CANCELLED)
        continue;
      person.name = g_strdup (r->name);
      if (r->place == DQ_PLACE_WAITLISTED)
        /* TRANSLATORS: under a name on the sign-in sheet */
        person.note = g_strdup_printf (_ ("Waitlisted, no. %u"), r->position);
      if (r->member_id != NULL)
        person.branch = g_strdup (r->branch ? r->branch : "");
      else
        {
          const char *code = g_hash_table_lookup (status_of, r->id);
          DqValue     value = { 0 };

          value.kind = DQ_VALUE_TEXT;
          value.s = (char *) (code ? code : "");
          person.branch = code && code[0] ? dq_format_value (status_column, &value, TRUE) : g_strdup ("");
        }
      person.phone = r->phone ? dq_mask_phone (r->phone) : g_strdup ("");
      if (r->checked_in_at != NULL)
        {
          g_autoptr (GDateTime) at = local_time (r->checked_in_at);
          g_autofree char *time = at ? g_date_time_format (at, "%H:%M") : g_strdup ("");

          /* TRANSLATORS: in the signature cell of someone already checked in at a desk */
          person.checked = g_strdup_printf (_ ("Checked in %s"), time);
        }
      g_array_append_val (self->people, person);
    }
  return TRUE;
}

/* Helpers: drawing */

static PangoContext *
text_context (cairo_t *cr)
{
  PangoContext         *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* One point per unit whatever the surface; metrics unhinted so the
   * printer, the PDF and the PNG lay out alike. */
  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

static PangoLayout *
text_layout (PangoContext *context,
             const char   *text,
             double        size,
             gboolean      bold,
             double        width,
             int           max_lines)
{
  PangoLayout          *layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -max_lines);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static char *
heading_text (DqSigninSheet *self,
              gboolean       continued)
{
  if (continued)
    /* TRANSLATORS: the title of the sign-in sheet's later pages */
    return g_strdup_printf (_ ("%s Sign-in Sheet (continued)"), self->title);
  /* TRANSLATORS: the title of a printed sign-in sheet: "XX活动签到表" */
  return g_strdup_printf (_ ("%s Sign-in Sheet"), self->title);
}

/* The height of the block above the table on page 1 (or a later page). */
static double
head_height (DqSigninSheet *self,
             PangoContext  *context,
             gboolean       continued)
{
  double           inner = self->width - 2 * MARGIN_X;
  g_autofree char *heading = heading_text (self, continued);
  g_autoptr (PangoLayout) title = text_layout (context, heading, continued ? 11 : 17, TRUE, inner, 2);
  double height = layout_height (title) + GAP;

  if (continued)
    return height;
  for (guint i = 0; i < self->details->len; i++)
    {
      g_autoptr (PangoLayout) line = text_layout (context, g_ptr_array_index (self->details, i), 10.5, FALSE, inner, 2);

      height += layout_height (line) + 2;
    }
  return height + GAP;
}

/* Draws @text in the cell at @x, @y, vertically centered. */
static void
draw_cell_text (cairo_t       *cr,
                PangoContext  *context,
                const char    *text,
                double         size,
                gboolean       bold,
                double         x,
                double         y,
                double         width,
                double         height,
                PangoAlignment alignment,
                int            max_lines)
{
  g_autoptr (PangoLayout) layout = NULL;

  if (text == NULL || text[0] == '\0')
    return;
  layout = text_layout (context, text, size, bold, width - 2 * CELL_PADDING, max_lines);
  pango_layout_set_alignment (layout, alignment);
  cairo_move_to (cr, x + CELL_PADDING, y + (height - layout_height (layout)) / 2);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_table_header (DqSigninSheet *self,
                   cairo_t       *cr,
                   PangoContext  *context,
                   double         top)
{
  const char *titles[N_COLUMNS] = {
    C_ ("sign-in sheet", "No."),
    C_ ("sign-in sheet", "Name"),
    C_ ("sign-in sheet", "Party organization"),
    C_ ("sign-in sheet", "Mobile"),
    C_ ("sign-in sheet", "Signature"),
  };
  double inner = self->width - 2 * MARGIN_X;
  double x = MARGIN_X;

  cairo_set_source_rgb (cr, 0.90, 0.90, 0.90);
  cairo_rectangle (cr, MARGIN_X, top, inner, HEADER_HEIGHT);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      double width = inner * column_share[i];

      draw_cell_text (cr, context, titles[i], 10, TRUE, x, top, width, HEADER_HEIGHT, PANGO_ALIGN_CENTER, 1);
      x += width;
    }
}

static void
draw_person (DqSigninSheet *self,
             cairo_t       *cr,
             PangoContext  *context,
             const Person  *person,
             guint          number,
             double         top)
{
  double           inner = self->width - 2 * MARGIN_X;
  double           x = MARGIN_X;
  double           widths[N_COLUMNS];
  g_autofree char *text = g_strdup_printf ("%u", number);

  for (guint i = 0; i < N_COLUMNS; i++)
    widths[i] = inner * column_share[i];

  draw_cell_text (cr, context, text, 10, FALSE, x, top, widths[COL_NUMBER], ROW_HEIGHT, PANGO_ALIGN_CENTER, 1);
  x += widths[COL_NUMBER];
  if (person->note != NULL)
    {
      g_autofree char *both = g_strconcat (person->name, "\n", person->note, NULL);

      draw_cell_text (cr, context, both, 9, FALSE, x, top, widths[COL_NAME], ROW_HEIGHT, PANGO_ALIGN_LEFT, 2);
    }
  else
    draw_cell_text (cr, context, person->name, 11, FALSE, x, top, widths[COL_NAME], ROW_HEIGHT, PANGO_ALIGN_LEFT, 1);
  x += widths[COL_NAME];
  draw_cell_text (cr, context, person->branch, 8.5, FALSE, x, top, widths[COL_BRANCH], ROW_HEIGHT, PANGO_ALIGN_LEFT, 2);
  x += widths[COL_BRANCH];
  draw_cell_text (cr, context, person->phone, 10, FALSE, x, top, widths[COL_PHONE], ROW_HEIGHT, PANGO_ALIGN_CENTER, 1);
  x += widths[COL_PHONE];
  if (person->checked != NULL)
    {
      cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
      draw_cell_text (cr, context, person->checked, 8, FALSE, x, top, widths[COL_SIGNATURE], ROW_HEIGHT, PANGO_ALIGN_RIGHT, 1);
      cairo_set_source_rgb (cr, 0, 0, 0);
    }
}

/* The table's grid: @n_rows rows under the header from @top. */
static void
draw_grid (DqSigninSheet *self,
           cairo_t       *cr,
           double         top,
           guint          n_rows)
{
  double inner = self->width - 2 * MARGIN_X;
  double bottom = top + HEADER_HEIGHT + n_rows * ROW_HEIGHT;
  double x = MARGIN_X;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.5);
  for (guint i = 0; i <= n_rows; i++)
    {
      double y = top + HEADER_HEIGHT + i * ROW_HEIGHT;

      cairo_move_to (cr, MARGIN_X, y);
      cairo_line_to (cr, MARGIN_X + inner, y);
    }
  for (guint i = 1; i < N_COLUMNS; i++)
    {
      x += inner * column_share[i - 1];
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
    }
  cairo_stroke (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, MARGIN_X, top, inner, bottom - top);
  cairo_stroke (cr);
}

/* GtkPrintOperation */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                DqSigninSheet     *self)
{
  guint n_pages = dq_signin_sheet_paginate (self, gtk_print_context_get_cairo_context (context),
                                            gtk_print_context_get_width (context),
                                            gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, (int) n_pages);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              DqSigninSheet     *self)
{
  dq_signin_sheet_draw_page (self, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

/* Overrides */

static void
dq_signin_sheet_finalize (GObject *object)
{
  DqSigninSheet *self = DQ_SIGNIN_SHEET (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->details, g_ptr_array_unref);
  g_clear_pointer (&self->people, g_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);

  G_OBJECT_CLASS (dq_signin_sheet_parent_class)->finalize (object);
}

static void
dq_signin_sheet_class_init (DqSigninSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dq_signin_sheet_finalize;
}

static void
dq_signin_sheet_init (DqSigninSheet *self)
{
  self->people = g_array_new (FALSE, TRUE, sizeof (Person));
  g_array_set_clear_func (self->people, (GDestroyNotify) person_clear);
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
}

/* Public API */

DqSigninSheet *
dq_signin_sheet_new (DqStore    *store,
                     const char *activity_id,
                     GError    **error)
{
  g_autoptr (DqSigninSheet) self = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (activity_id != NULL, NULL);

  self = g_object_new (DQ_TYPE_SIGNIN_SHEET, NULL);
  if (!load_people (self, store, activity_id, error) ||
      !load_activity (self, store, activity_id, self->people->len, error))
    return NULL;
  return g_steal_pointer (&self);
}

guint
dq_signin_sheet_get_n_people (DqSigninSheet *self)
{
  g_return_val_if_fail (DQ_IS_SIGNIN_SHEET (self), 0);

  return self->people->len;
}

guint
dq_signin_sheet_paginate (DqSigninSheet *self,
                          cairo_t       *cr,
                          double         width,
                          double         height)
{
  PangoContext *context;
  double        limit = height - MARGIN_BOTTOM - FOOTER_HEIGHT;
  double        first_top, later_top;
  guint         first_fit, later_fit;
  guint         placed = 0;

  g_return_val_if_fail (DQ_IS_SIGNIN_SHEET (self), 0);

  self->width = width;
  self->height = height;
  context = text_context (cr);
  first_top = MARGIN_TOP + head_height (self, context, FALSE);
  later_top = MARGIN_TOP + head_height (self, context, TRUE);
  first_fit = (guint) MAX (1.0, (limit - first_top - HEADER_HEIGHT) / ROW_HEIGHT);
  later_fit = (guint) MAX (1.0, (limit - later_top - HEADER_HEIGHT) / ROW_HEIGHT);

  g_array_set_size (self->pages, 0);
  do
    {
      Page  page = { placed, 0, 0, self->pages->len == 0 ? first_top : later_top };
      guint fit = self->pages->len == 0 ? first_fit : later_fit;

      page.n_people = MIN (fit, self->people->len - placed);
      placed += page.n_people;
      if (placed == self->people->len)
        page.n_blank = fit - page.n_people;
      g_array_append_val (self->pages, page);
    }
  while (placed < self->people->len);
  g_object_unref (context);
  return self->pages->len;
}

guint
dq_signin_sheet_get_page_people (DqSigninSheet *self,
                                 guint          page,
                                 guint         *first,
                                 double        *table_bottom)
{
  Page *p;

  g_return_val_if_fail (DQ_IS_SIGNIN_SHEET (self), 0);
  g_return_val_if_fail (page < self->pages->len, 0);

  p = &g_array_index (self->pages, Page, page);
  if (first != NULL)
    *first = p->first;
  if (table_bottom != NULL)
    *table_bottom = p->table_top + HEADER_HEIGHT + (p->n_people + p->n_blank) * ROW_HEIGHT;
  return p->n_people;
}

void
dq_signin_sheet_draw_page (DqSigninSheet *self,
                           cairo_t       *cr,
                           guint          page_nr)
{
  PangoContext *context;
  g_autoptr (PangoLayout) footer = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *page_text = NULL;
  double           inner;
  double           y = MARGIN_TOP;
  Page            *page;

  g_return_if_fail (DQ_IS_SIGNIN_SHEET (self));
  g_return_if_fail (page_nr < self->pages->len);

  page = &g_array_index (self->pages, Page, page_nr);
  inner = self->width - 2 * MARGIN_X;
  context = text_context (cr);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* The title, and on page 1 the details. */
  heading = heading_text (self, page_nr > 0);
  {
    g_autoptr (PangoLayout) title = text_layout (context, heading, page_nr > 0 ? 11 : 17, TRUE, inner, 2);

    pango_layout_set_alignment (title, page_nr > 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER);
    cairo_move_to (cr, MARGIN_X, y);
    pango_cairo_show_layout (cr, title);
    y += layout_height (title) + GAP;
  }
  if (page_nr == 0)
    for (guint i = 0; i < self->details->len; i++)
      {
        g_autoptr (PangoLayout) line = text_layout (context, g_ptr_array_index (self->details, i), 10.5, FALSE, inner, 2);

        cairo_move_to (cr, MARGIN_X, y);
        pango_cairo_show_layout (cr, line);
        y += layout_height (line) + 2;
      }

  /* The table. */
  draw_table_header (self, cr, context, page->table_top);
  for (guint i = 0; i < page->n_people; i++)
    draw_person (self, cr, context, &g_array_index (self->people, Person, page->first + i), page->first + i + 1,
                 page->table_top + HEADER_HEIGHT + i * ROW_HEIGHT);
  draw_grid (self, cr, page->table_top, page->n_people + page->n_blank);

  /* TRANSLATORS: the foot of a printed page */
  page_text = g_strdup_printf (_ ("Page %u of %u"), page_nr + 1, self->pages->len);
  footer = text_layout (context, page_text, 9, FALSE, inner, 1);
  pango_layout_set_alignment (footer, PANGO_ALIGN_CENTER);
  cairo_move_to (cr, MARGIN_X, self->height - MARGIN_BOTTOM - layout_height (footer));
  pango_cairo_show_layout (cr, footer);
  cairo_restore (cr);
  g_object_unref (context);
}

GtkPrintOperation *
dq_signin_sheet_new_operation (DqSigninSheet *self)
{
  GtkPrintOperation *operation;
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr (GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autofree char *job = NULL;

  g_return_val_if_fail (DQ_IS_SIGNIN_SHEET (self), NULL);

  job = heading_text (self, FALSE);
  g_strdelimit (job, "/\\:*?\"<>|", '_');
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  /* Saved as a PDF from the dialog: named after the activity. */
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, job);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  /* The operation keeps the sheet. */
  g_object_set_data_full (G_OBJECT (operation), "dq-signin-sheet", g_object_ref (self), g_object_unref);
  return operation;
}

void
dq_signin_sheet_print (GtkWindow  *parent,
                       DqStore    *store,
                       const char *activity_id)
{
  g_autoptr (DqSigninSheet) self = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (DQ_IS_STORE (store));
  g_return_if_fail (activity_id != NULL);

  self = dq_signin_sheet_new (store, activity_id, &error);
  if (self == NULL)
    {
      dq_show_error (parent, _ ("The sign-in sheet could not be printed"), error->message);
      return;
    }
  dq_print_dialog_run (parent, dq_signin_sheet_new_operation (self), _ ("The sign-in sheet could not be printed"));
}

gboolean
dq_signin_sheet_export_pdf (DqStore    *store,
                            const char *activity_id,
                            const char *pdf_path,
                            GError    **error)
{
  g_autoptr (DqSigninSheet) self = NULL;
  g_autoptr (GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (activity_id != NULL, FALSE);
  g_return_val_if_fail (pdf_path != NULL, FALSE);

  self = dq_signin_sheet_new (store, activity_id, error);
  if (self == NULL)
    return FALSE;
  operation = dq_signin_sheet_new_operation (self);
  return dq_print_export_pdf (operation, pdf_path, error);
}
