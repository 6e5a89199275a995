/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqOrgsPage: the 党组织 page — the district's organization tree with the
 * member count of every subtree, a search to jump to an organization by
 * name, and the selected organization's DqOrgDetail beside it. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_ORGS_PAGE (dq_orgs_page_get_type ())
G_DECLARE_FINAL_TYPE (DqOrgsPage, dq_orgs_page, DQ, ORGS_PAGE, AdwBin)

GtkWidget *dq_orgs_page_new (DqStore      *store,
                             DqSyncEngine *engine);
/* Expands the ancestors of @org_id in the tree, selects and shows it. */
void dq_orgs_page_show_org (DqOrgsPage *self,
                            const char *org_id);
/* The id of the organization shown, or NULL. */
const char *dq_orgs_page_get_selected_org (DqOrgsPage *self);
/* Members of @org_id's whole subtree, or -1 while they are being counted. */
gint64 dq_orgs_page_get_member_count (DqOrgsPage *self,
                                      const char *org_id);

G_END_DECLS
