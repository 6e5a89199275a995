/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqMemberCard: printable check-in cards, one per member: name, branch and
 * a QR code of dq_member_card_payload() that a USB scanner at the desk
 * reads back. Cards are 85 × 54 mm, ten to an A4 sheet in two columns (the
 * layout of ready-perforated business-card stock). */
#pragma once

#include <gtk/gtk.h>

#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_MEMBER_CARD (dq_member_card_get_type ())
G_DECLARE_FINAL_TYPE (DqMemberCard, dq_member_card, DQ, MEMBER_CARD, GObject)

#define DQ_MEMBER_CARD_ERROR (dq_member_card_error_quark ())
typedef enum {
  DQ_MEMBER_CARD_ERROR_NOT_FOUND, /* a member id the replica does not hold */
  DQ_MEMBER_CARD_ERROR_QR,        /* libqrencode refused the payload */
} DqMemberCardError;

GQuark dq_member_card_error_quark (void);

/* Cards for @member_ids (NULL-terminated), in that order. */
DqMemberCard *dq_member_card_new (DqStore           *store,
                                  const char *const *member_ids,
                                  GError           **error);
guint         dq_member_card_get_n_cards (DqMemberCard *self);
/* Pages of A4 in points (595 × 842). */
guint dq_member_card_get_n_pages (DqMemberCard *self);
/* Draws @page (0-based) in points, origin at the paper's corner. */
void dq_member_card_draw_page (DqMemberCard *self,
                               cairo_t      *cr,
                               guint         page);
/* Where @card's QR modules are drawn (without the quiet zone), in points
 * on its page; returns the page. */
guint              dq_member_card_get_qr_area (DqMemberCard    *self,
                                               guint            card,
                                               graphene_rect_t *area);
GtkPrintOperation *dq_member_card_new_operation (DqMemberCard *self);

/* The cards as a PDF file, without a dialog. */
gboolean dq_member_card_export_pdf (DqStore           *store,
                                    const char *const *member_ids,
                                    const char        *pdf_path,
                                    GError           **error);
/* The print dialog for the cards (print, or save as PDF); an error is
 * shown in a dialog on @parent. */
void dq_member_card_print (GtkWindow         *parent,
                           DqStore           *store,
                           const char *const *member_ids);

/* @payload as a QR code for the screen: black modules of @scale pixels on
 * white, with the four-module quiet zone scanners need. NULL if the
 * payload cannot be encoded. */
GdkTexture *dq_member_card_qr_texture (const char *payload,
                                       int         scale);

G_END_DECLS
