/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqCentersPage: the 阵地 page — the 1+10+N alliance of party-mass service
 * centers as a tree with the count of centers per level and per street, and
 * the selected center beside it: its record, its rooms and the bookings
 * calendar of those rooms (DqBookingCalendar). */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_CENTERS_PAGE (dq_centers_page_get_type ())
G_DECLARE_FINAL_TYPE (DqCentersPage, dq_centers_page, DQ, CENTERS_PAGE, AdwBin)

GtkWidget *dq_centers_page_new (DqStore      *store,
                                DqSyncEngine *engine);
/* Expands the ancestors of @center_id in the tree, selects and shows it. */
void dq_centers_page_show_center (DqCentersPage *self,
                                  const char    *center_id);

G_END_DECLS
