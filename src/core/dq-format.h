/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cell values as a person reads them, in the user's language: code labels,
 * 是/否, amounts in yuan, local times, masks for personal data. */
#pragma once

#include "dq-schema.h"

G_BEGIN_DECLS

/* "" for null or unset. Sensitive columns are masked when @mask (phones
 * 138****5678, ID numbers 440304********1234, addresses cut after the
 * street). A REF is returned as its id: the caller knows the name. */
char *dq_format_value (const DqColumn *column,
                       const DqValue  *value,
                       gboolean        mask);
/* A moment (ms since the epoch) in local time: "2026-11-28 14:05". */
char *dq_format_time_ms (gint64 ms);
/* A moment relative to now: "刚刚", "5 分钟前", "昨天 14:05", or the date. */
char *dq_format_time_ago (gint64 ms);

G_END_DECLS
