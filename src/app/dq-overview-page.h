/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqOverviewPage: the district at a glance (概览). */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_OVERVIEW_PAGE (dq_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (DqOverviewPage, dq_overview_page, DQ, OVERVIEW_PAGE, AdwBin)

GtkWidget *dq_overview_page_new (DqStore      *store,
                                 DqSyncEngine *engine);
/* Runs the counts now instead of at the next quiet moment. */
void dq_overview_page_refresh (DqOverviewPage *self);

G_END_DECLS
