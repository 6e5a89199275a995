/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit log of a replica's folder (audit.log beside the replica file):
 * deliberate acts on personal data — an unmasked export, a revealed ID
 * number — one line each, appended and flushed before the act happens. */
#pragma once

#include "dq-store.h"

G_BEGIN_DECLS

/* Appends "TIME\tUSER\tACTION\tTABLE[\tID[\tDETAIL]]" (@user NULL: the
 * system's user name). FALSE (and the act must not happen) when the log
 * cannot be written. @id and @detail may be NULL. */
gboolean dq_audit_log (const char *folder,
                       const char *user,
                       const char *action,
                       const char *table,
                       const char *id,
                       const char *detail,
                       GError    **error);
/* The same in the folder of @store's replica, as its author. */
gboolean dq_audit_log_store (DqStore    *store,
                             const char *action,
                             const char *table,
                             const char *id,
                             const char *detail,
                             GError    **error);

G_END_DECLS
