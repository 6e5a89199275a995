/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hybrid logical clock: 48 bits of Unix milliseconds, 16 bits of counter. */
#pragma once

#include "dq-types.h"

G_BEGIN_DECLS

#define DQ_HLC_MAX_DRIFT_MS (10 * 60 * 1000)
#define DQ_HLC_MS(h)        ((guint64) (h) >> 16)
#define DQ_HLC_COUNTER(h)   ((guint) ((h) &0xffff))
#define DQ_HLC_MAKE(ms, c)  ((((guint64) (ms)) << 16) | ((guint64) (c) &0xffff))

#define DQ_HLC_ERROR (dq_hlc_error_quark ())
typedef enum {
  DQ_HLC_ERROR_DRIFT, /* a reading more than 10 minutes ahead of our clock */
} DqHlcError;

typedef gint64 (*DqWallClockFunc) (gpointer user_data);

GQuark dq_hlc_error_quark (void);

DqHlc *dq_hlc_new (void);
void   dq_hlc_free (DqHlc *self);
/* Tests and benchmarks drive the clock by hand. */
void    dq_hlc_set_wall_clock (DqHlc          *self,
                               DqWallClockFunc func,
                               gpointer        user_data);
gint64  dq_hlc_wall_ms (DqHlc *self);
guint64 dq_hlc_last (DqHlc *self);
/* Never go below @hlc again (restored from storage). */
void dq_hlc_restore (DqHlc *self, guint64 hlc);
/* Send rule: a reading greater than every one issued or received before. */
guint64 dq_hlc_now (DqHlc *self);
/* Receive rule. Refuses (DQ_HLC_ERROR_DRIFT) and keeps its state when @remote
 * is more than DQ_HLC_MAX_DRIFT_MS ahead of the wall clock. */
gboolean dq_hlc_receive (DqHlc   *self,
                         guint64  remote,
                         GError **error);
/* Receive a peer's wall-clock time (the server's time_ms). */
gboolean dq_hlc_receive_ms (DqHlc   *self,
                            gint64   remote_ms,
                            GError **error);

/* Wire form: 16 lowercase hex digits. */
void     dq_hlc_format (guint64 hlc, char out[17]);
gboolean dq_hlc_parse (const char *text, guint64 *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqHlc, dq_hlc_free)

G_END_DECLS
