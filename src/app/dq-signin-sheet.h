/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSigninSheet: an activity's sign-in sheet (签到表) on paper or as a
 * PDF: the title and details, then a table of the people registered —
 * 序号, 姓名, 所在党组织, 手机 (masked), 签名 with room to sign — over as
 * many pages as it takes, the table's header on every page and
 * "第 1 页 / 共 N 页" at the foot. Printed through GTK's print dialog
 * (which also saves as PDF). */
#pragma once

#include <gtk/gtk.h>

#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_SIGNIN_SHEET (dq_signin_sheet_get_type ())
G_DECLARE_FINAL_TYPE (DqSigninSheet, dq_signin_sheet, DQ, SIGNIN_SHEET, GObject)

/* The sheet of @activity_id as the replica holds it now (live
 * registrations: those with a place, then the waitlist). */
DqSigninSheet *dq_signin_sheet_new (DqStore    *store,
                                    const char *activity_id,
                                    GError    **error);
/* The people listed. */
guint dq_signin_sheet_get_n_people (DqSigninSheet *self);
/* Lays the sheet out on pages of @width × @height points (A4: 595 × 842);
 * returns the number of pages. @cr measures text. */
guint dq_signin_sheet_paginate (DqSigninSheet *self,
                                cairo_t       *cr,
                                double         width,
                                double         height);
/* After paginate(): the people on @page (0-based), from *@first on (0-based
 * among get_n_people()), and where the table ends on it (points from the
 * top). */
guint dq_signin_sheet_get_page_people (DqSigninSheet *self,
                                       guint          page,
                                       guint         *first,
                                       double        *table_bottom);
/* Draws @page (0-based) in points, origin at the paper's corner. */
void dq_signin_sheet_draw_page (DqSigninSheet *self,
                                cairo_t       *cr,
                                guint          page);
/* A print operation for the sheet: A4, full page, the job named after the
 * activity. */
GtkPrintOperation *dq_signin_sheet_new_operation (DqSigninSheet *self);

/* The print dialog for @activity_id's sheet (print, or save as PDF); an
 * error is shown in a dialog on @parent. */
void dq_signin_sheet_print (GtkWindow  *parent,
                            DqStore    *store,
                            const char *activity_id);
/* The sheet as a PDF file, without a dialog. */
gboolean dq_signin_sheet_export_pdf (DqStore    *store,
                                     const char *activity_id,
                                     const char *pdf_path,
                                     GError    **error);

G_END_DECLS
