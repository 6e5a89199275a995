/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqMembersPage: the 党员 area — the district's members in a column view
 * over a DqRowModel (fetched from SQLite on demand, sorted and filtered in
 * SQL), search as you type, filters by organization subtree, category,
 * flowing and lost contact, and a member's page one step in. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_MEMBERS_PAGE (dq_members_page_get_type ())
G_DECLARE_FINAL_TYPE (DqMembersPage, dq_members_page, DQ, MEMBERS_PAGE, AdwBin)

GtkWidget *dq_members_page_new (DqStore      *store,
                                DqSyncEngine *engine);
/* Opens the page of the member @member_id (back returns to the list). */
void dq_members_page_show_member (DqMembersPage *self,
                                  const char    *member_id);

G_END_DECLS
