/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSyncIndicator: the header bar's account of where sync stands, always in
 * words (已同步 · 离线，12 项更改待同步 · 同步中 · 需要重新登录 · 本机时间不正确);
 * clicking it opens the 同步 page. */
#pragma once

#include <adwaita.h>

#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_SYNC_INDICATOR (dq_sync_indicator_get_type ())
G_DECLARE_FINAL_TYPE (DqSyncIndicator, dq_sync_indicator, DQ, SYNC_INDICATOR, GtkButton)

DqSyncIndicator *dq_sync_indicator_new (void);
void             dq_sync_indicator_set_engine (DqSyncIndicator *self,
                                               DqSyncEngine    *engine);
/* The words shown, for tests and accessibility. */
const char *dq_sync_indicator_get_text (DqSyncIndicator *self);

G_END_DECLS
