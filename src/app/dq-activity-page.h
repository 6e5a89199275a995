/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqActivityPage: one activity — what, when, where and for whom; the big
 * counts (registered of capacity, waitlist, checked in, cancelled); the
 * registrations as they stand, with the waitlist in order; adding and
 * cancelling registrations; and the way to the check-in desk, the sign-in
 * sheet and the export. It holds only the activity's id. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_ACTIVITY_PAGE (dq_activity_page_get_type ())
G_DECLARE_FINAL_TYPE (DqActivityPage, dq_activity_page, DQ, ACTIVITY_PAGE, AdwBin)

GtkWidget *dq_activity_page_new (DqStore      *store,
                                 DqSyncEngine *engine);
/* Shows the activity @id (NULL: none). */
void        dq_activity_page_set_activity (DqActivityPage *self,
                                           const char     *id);
const char *dq_activity_page_get_activity (DqActivityPage *self);

G_END_DECLS
