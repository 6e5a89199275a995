/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqMemberPage: one party member — every field of the standard record,
 * personal data masked until deliberately revealed (and audited), their
 * branch with its secretary and latest news, edit, transfer, and the
 * record's change history. Follows the replica: reloads when the member,
 * their organization or its news change locally or by sync. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_MEMBER_PAGE (dq_member_page_get_type ())
G_DECLARE_FINAL_TYPE (DqMemberPage, dq_member_page, DQ, MEMBER_PAGE, AdwBin)

GtkWidget *dq_member_page_new (DqStore      *store,
                               DqSyncEngine *engine);
/* Shows the member @id (NULL: nobody); masks every revealed value again
 * when @id is another member. */
void        dq_member_page_set_member (DqMemberPage *self,
                                       const char   *id);
const char *dq_member_page_get_member (DqMemberPage *self);

G_END_DECLS
