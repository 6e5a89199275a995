/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqActivitiesPage: the 活动 area — the district's activities in a column
 * view over a DqRowModel (fetched from SQLite on demand, filtered and
 * sorted in SQL): 即将开始 / 本周 / 已结束, filters by kind and service
 * center, search as you type, 新建活动, and an activity's page one step in. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_ACTIVITIES_PAGE (dq_activities_page_get_type ())
G_DECLARE_FINAL_TYPE (DqActivitiesPage, dq_activities_page, DQ, ACTIVITIES_PAGE, AdwBin)

GtkWidget *dq_activities_page_new (DqStore      *store,
                                   DqSyncEngine *engine);
/* Opens the page of the activity @activity_id (back returns to the list). */
void dq_activities_page_show_activity (DqActivitiesPage *self,
                                       const char       *activity_id);

G_END_DECLS
