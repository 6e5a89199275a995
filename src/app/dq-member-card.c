/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqMemberCard: members' check-in cards drawn with cairo in points, so one
 * drawing serves the printer, a PDF and a PNG. The QR code comes from
 * libqrencode (level M: a worn card still reads) and is drawn as one path
 * of module runs, filled once: no hairline seams between modules when a
 * viewer anti-aliases. The cards are read once, when made. */
#define G_LOG_DOMAIN "dq-member-card"

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <qrencode.h>
#include <string.h>

#include "dq-activity.h"
#include "dq-member-card.h"
#include "dq-ui-util.h"

#define MM(x) ((x) *72.0 / 25.4)

/* A4 and the card stock's layout. */
#define PAGE_WIDTH     MM (210)
#define PAGE_HEIGHT    MM (297)
#define CARD_WIDTH     MM (85)
#define CARD_HEIGHT    MM (54)
#define SHEET_LEFT     MM (15)
#define SHEET_TOP      MM (13.5)
#define COLUMN_GAP     MM (10)
#define COLUMNS        2
#define ROWS           5
#define CARDS_PER_PAGE (COLUMNS * ROWS)

/* Inside a card. */
#define BAND_HEIGHT MM (10)
#define QR_SIZE     MM (36) /* with the quiet zone */
#define QR_LEFT     MM (2)
#define TEXT_LEFT   (QR_LEFT + QR_SIZE + MM (1.5))
#define TEXT_RIGHT  MM (4)
#define QUIET_ZONE  4

#define FONT_FAMILY "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, sans-serif"

/* The red of party materials. */
#define RED 0.784, 0.086, 0.114

typedef struct {
  char   *name;
  char   *branch;
  QRcode *qr;
} Card;

struct _DqMemberCard {
  GObject parent_instance;

  GArray *cards; /* Card */
};

G_DEFINE_FINAL_TYPE (DqMemberCard, dq_member_card, G_TYPE_OBJECT)
G_DEFINE_QUARK (dq - member - card - error - quark, dq_member_card_error)

/* Helpers */

static void
card_clear (Card *card)
{
  g_free (card->name);
  g_free (card->branch);
  g_clear_pointer (&card->qr, QRcode_free);
}

static QRcode *
encode (const char *payload,
        GError    **error)
{
  QRcode *qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

  if (qr == NULL)
    g_set_error (error, DQ_MEMBER_CARD_ERROR, DQ_MEMBER_CARD_ERROR_QR,
                 _ ("The check-in code could not be made (%s)"), g_strerror (errno));
  return qr;
}

static void
card_origin (guint   index,
             double *x,
             double *y)
{
  guint slot = index % CARDS_PER_PAGE;

  *x = SHEET_LEFT + (slot % COLUMNS) * (CARD_WIDTH + COLUMN_GAP);
  *y = SHEET_TOP + (slot / COLUMNS) * CARD_HEIGHT;
}

static void
qr_area (const QRcode    *qr,
         double           card_x,
         double           card_y,
         graphene_rect_t *area)
{
  double module = QR_SIZE / (qr->width + 2 * QUIET_ZONE);
  double top = BAND_HEIGHT + (CARD_HEIGHT - BAND_HEIGHT - QR_SIZE) / 2;

  graphene_rect_init (area, (float) (card_x + QR_LEFT + QUIET_ZONE * module),
                      (float) (card_y + top + QUIET_ZONE * module), (float) (qr->width * module),
                      (float) (qr->width * module));
}

/* The dark modules of @qr as one path of horizontal runs in @area. */
static void
draw_qr (cairo_t               *cr,
         const QRcode          *qr,
         const graphene_rect_t *area)
{
  double module = area->size.width / qr->width;

  cairo_new_path (cr);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width;)
      {
        int start;

        if (!(qr->data[y * qr->width + x] & 1))
          {
            x++;
            continue;
          }
        start = x;
        while (x < qr->width && (qr->data[y * qr->width + x] & 1))
          x++;
        cairo_rectangle (cr, area->origin.x + start * module, area->origin.y + y * module, (x - start) * module,
                         module);
      }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
}

static PangoContext *
text_context (cairo_t *cr)
{
  PangoContext         *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

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

static void
draw_card (cairo_t      *cr,
           PangoContext *context,
           const Card   *card,
           double        x,
           double        y)
{
  static const double dash[] = { 3, 2 };
  double              text_width = CARD_WIDTH - TEXT_LEFT - TEXT_RIGHT;
  double              text_y = y + BAND_HEIGHT + MM (4);
  graphene_rect_t     area;

  /* Where to cut, on plain paper. */
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_set_line_width (cr, 0.4);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_rectangle (cr, x, y, CARD_WIDTH, CARD_HEIGHT);
  cairo_stroke (cr);
  cairo_restore (cr);

  /* The band. */
  cairo_set_source_rgb (cr, RED);
  cairo_rectangle (cr, x, y, CARD_WIDTH, BAND_HEIGHT);
  cairo_fill (cr);
  {
    g_autoptr (PangoLayout) band = text_layout (context, _ ("Member Check-in Card"), 11, TRUE,
                                                CARD_WIDTH - 2 * MM (4), 1);

    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_move_to (cr, x + MM (4), y + (BAND_HEIGHT - layout_height (band)) / 2);
    pango_cairo_show_layout (cr, band);
  }

  /* The code, black on the white of the card. */
  qr_area (card->qr, x, y, &area);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_qr (cr, card->qr, &area);

  /* Who it is. */
  {
    g_autoptr (PangoLayout) name = text_layout (context, card->name, 16, TRUE, text_width, 2);

    cairo_move_to (cr, x + TEXT_LEFT, text_y);
    pango_cairo_show_layout (cr, name);
    text_y += layout_height (name) + MM (2);
  }
  if (card->branch != NULL)
    {
      g_autoptr (PangoLayout) branch = text_layout (context, card->branch, 8, FALSE, text_width, 4);

      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_move_to (cr, x + TEXT_LEFT, text_y);
      pango_cairo_show_layout (cr, branch);
    }
  {
    g_autoptr (PangoLayout) hint = text_layout (context, _ ("Show this code at the check-in desk"), 6.5, FALSE,
                                                text_width, 2);

    cairo_set_source_rgb (cr, 0.45, 0.45, 0.45);
    cairo_move_to (cr, x + TEXT_LEFT, y + CARD_HEIGHT - MM (3) - layout_height (hint));
    pango_cairo_show_layout (cr, hint);
  }
}

/* GtkPrintOperation */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              DqMemberCard      *self)
{
  dq_member_card_draw_page (self, gtk_print_context_get_cairo_context (context), (guint) page_nr);
}

/* Overrides */

static void
dq_member_card_finalize (GObject *object)
{
  DqMemberCard *self = DQ_MEMBER_CARD (object);

  g_clear_pointer (&self->cards, g_array_unref);

  G_OBJECT_CLASS (dq_member_card_parent_class)->finalize (object);
}

static void
dq_member_card_class_init (DqMemberCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dq_member_card_finalize;
}

static void
dq_member_card_init (DqMemberCard *self)
{
  self->cards = g_array_new (FALSE, TRUE, sizeof (Card));
  g_array_set_clear_func (self->cards, (GDestroyNotify) card_clear);
}

/* Public API */

DqMemberCard *
dq_member_card_new (DqStore           *store,
                    const char *const *member_ids,
                    GError           **error)
{
  g_autoptr (DqMemberCard) self = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (member_ids != NULL, NULL);

  self = g_object_new (DQ_TYPE_MEMBER_CARD, NULL);
  for (guint i = 0; member_ids[i] != NULL; i++)
    {
      const char *params[] = { member_ids[i], NULL };
      g_autoptr (GPtrArray) rows = NULL;
      g_autofree char *payload = NULL;
      char           **row;
      Card             card = { 0 };

      rows = dq_store_select (store,
                              "SELECT m.name, o.name FROM member m LEFT JOIN org o ON o.id = m.org_id "
                              "WHERE m.id = ? AND m.deleted = 0",
                              params, error);
      if (rows == NULL)
        return NULL;
      if (rows->len == 0)
        {
          g_set_error (error, DQ_MEMBER_CARD_ERROR, DQ_MEMBER_CARD_ERROR_NOT_FOUND,
                       _ ("The member %s is not in this replica"), member_ids[i]);
          return NULL;
        }
      row = g_ptr_array_index (rows, 0);
      payload = dq_member_card_payload (member_ids[i]);
      card.qr = encode (payload, error);
      if (card.qr == NULL)
        return NULL;
      card.name = g_strdup (row[0]);
      card.branch = row[1][0] ? g_strdup (row[1]) : NULL;
      g_array_append_val (self->cards, card);
    }
  return g_steal_pointer (&self);
}

guint
dq_member_card_get_n_cards (DqMemberCard *self)
{
  g_return_val_if_fail (DQ_IS_MEMBER_CARD (self), 0);

  return self->cards->len;
}

guint
dq_member_card_get_n_pages (DqMemberCard *self)
{
  g_return_val_if_fail (DQ_IS_MEMBER_CARD (self), 0);

  return MAX (1, (self->cards->len + CARDS_PER_PAGE - 1) / CARDS_PER_PAGE);
}

void
dq_member_card_draw_page (DqMemberCard *self,
                          cairo_t      *cr,
                          guint         page)
{
  PangoContext *context;

  g_return_if_fail (DQ_IS_MEMBER_CARD (self));
  g_return_if_fail (page < dq_member_card_get_n_pages (self));

  context = text_context (cr);
  cairo_save (cr);
  for (guint i = page * CARDS_PER_PAGE; i < self->cards->len && i < (page + 1) * CARDS_PER_PAGE; i++)
    {
      double x, y;

      card_origin (i, &x, &y);
      draw_card (cr, context, &g_array_index (self->cards, Card, i), x, y);
    }
  cairo_restore (cr);
  g_object_unref (context);
}

guint
dq_member_card_get_qr_area (DqMemberCard    *self,
                            guint            card,
                            graphene_rect_t *area)
{
  double x, y;

  g_return_val_if_fail (DQ_IS_MEMBER_CARD (self), 0);
  g_return_val_if_fail (card < self->cards->len, 0);
  g_return_val_if_fail (area != NULL, 0);

  card_origin (card, &x, &y);
  qr_area (g_array_index (self->cards, Card, card).qr, x, y, area);
  return card / CARDS_PER_PAGE;
}

GtkPrintOperation *
dq_member_card_new_operation (DqMemberCard *self)
{
  GtkPrintOperation *operation;
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autoptr (GtkPrintSettings) settings = gtk_print_settings_new ();

  g_return_val_if_fail (DQ_IS_MEMBER_CARD (self), NULL);

  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME, _ ("Check-in cards"));

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _ ("Check-in cards"));
  gtk_print_operation_set_n_pages (operation, (int) dq_member_card_get_n_pages (self));
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  g_object_set_data_full (G_OBJECT (operation), "dq-member-card", g_object_ref (self), g_object_unref);
  return operation;
}

gboolean
dq_member_card_export_pdf (DqStore           *store,
                           const char *const *member_ids,
                           const char        *pdf_path,
                           GError           **error)
{
  g_autoptr (DqMemberCard) self = NULL;
  g_autoptr (GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (member_ids != NULL, FALSE);
  g_return_val_if_fail (pdf_path != NULL, FALSE);

  self = dq_member_card_new (store, member_ids, error);
  if (self == NULL)
    return FALSE;
  operation = dq_member_card_new_operation (self);
  return dq_print_export_pdf (operation, pdf_path, error);
}

void
dq_member_card_print (GtkWindow         *parent,
                      DqStore           *store,
                      const char *const *member_ids)
{
  g_autoptr (DqMemberCard) self = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (DQ_IS_STORE (store));
  g_return_if_fail (member_ids != NULL);

  self = dq_member_card_new (store, member_ids, &error);
  if (self == NULL)
    {
      dq_show_error (parent, _ ("The check-in cards could not be printed"), error->message);
      return;
    }
  dq_print_dialog_run (parent, dq_member_card_new_operation (self), _ ("The check-in cards could not be printed"));
}

GdkTexture *
dq_member_card_qr_texture (const char *payload,
                           int         scale)
{
  QRcode *qr;
  g_autoptr (GBytes) bytes = NULL;
  guint8 *pixels;
  int     side;
  int     stride;

  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (scale > 0, NULL);

  qr = encode (payload, NULL);
  if (qr == NULL)
    return NULL;
  side = (qr->width + 2 * QUIET_ZONE) * scale;
  stride = side * 3;
  pixels = g_malloc ((gsize) stride * side);
  memset (pixels, 0xff, (gsize) stride * side);
  for (int y = 0; y < qr->width; y++)
    for (int x = 0; x < qr->width; x++)
      if (qr->data[y * qr->width + x] & 1)
        for (int dy = 0; dy < scale; dy++)
          memset (pixels + (gsize) ((QUIET_ZONE + y) * scale + dy) * stride + (gsize) (QUIET_ZONE + x) * scale * 3, 0,
                  (gsize) scale * 3);
  QRcode_free (qr);
  bytes = g_bytes_new_take (pixels, (gsize) stride * side);
  return gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, (gsize) stride);
}
