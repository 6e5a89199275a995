/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqOrgDetail: one party organization — its record, its next 换届, its
 * direct members, and everything below it as one flat, filterable list —
 * with the actions to create a sub-organization, edit and dissolve it.
 * ::org-activated (const char *id) asks for another organization to be
 * shown (a row of the flat list, the parent of a dissolved one, a new
 * sub-organization); without a handler it activates win.show-org. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_ORG_DETAIL (dq_org_detail_get_type ())
G_DECLARE_FINAL_TYPE (DqOrgDetail, dq_org_detail, DQ, ORG_DETAIL, AdwBin)

GtkWidget *dq_org_detail_new (DqStore      *store,
                              DqSyncEngine *engine);
/* Shows the organization @id (NULL: none). */
void        dq_org_detail_set_org (DqOrgDetail *self,
                                   const char  *id);
const char *dq_org_detail_get_org (DqOrgDetail *self);

G_END_DECLS
