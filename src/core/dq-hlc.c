/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The hybrid logical clock of a replica (sync-protocol.md): readings grow
 * strictly with every local write and never fall behind a stamp received,
 * except that a reading over 10 minutes ahead of our own wall clock is
 * refused, so that one bad clock cannot drag every replica into the future. */

#define G_LOG_DOMAIN "dq-hlc"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "dq-hlc.h"

struct _DqHlc {
  guint64         last;
  DqWallClockFunc wall;
  gpointer        wall_data;
};

G_DEFINE_QUARK (dq_hlc_error, dq_hlc_error)

static gint64
real_wall_ms (gpointer user_data)
{
  return g_get_real_time () / 1000;
}

DqHlc *
dq_hlc_new (void)
{
  DqHlc *self = g_new0 (DqHlc, 1);

  self->wall = real_wall_ms;
  return self;
}

void
dq_hlc_free (DqHlc *self)
{
  g_free (self);
}

void
dq_hlc_set_wall_clock (DqHlc          *self,
                       DqWallClockFunc func,
                       gpointer        user_data)
{
  self->wall = func ? func : real_wall_ms;
  self->wall_data = user_data;
}

gint64
dq_hlc_wall_ms (DqHlc *self)
{
  gint64 ms = self->wall (self->wall_data);

  return MAX (ms, 0);
}

guint64
dq_hlc_last (DqHlc *self)
{
  return self->last;
}

void
dq_hlc_restore (DqHlc  *self,
                guint64 hlc)
{
  self->last = MAX (self->last, hlc);
}

/* The smallest reading above both @floor and the wall clock. */
static guint64
advance (DqHlc  *self,
         guint64 floor)
{
  guint64 wall = DQ_HLC_MAKE (dq_hlc_wall_ms (self), 0);

  /* The counter carries into the milliseconds when it overflows, which keeps
   * readings strictly increasing at any write rate. */
  self->last = MAX (wall, floor + 1);
  return self->last;
}

guint64
dq_hlc_now (DqHlc *self)
{
  return advance (self, self->last);
}

gboolean
dq_hlc_receive (DqHlc   *self,
                guint64  remote,
                GError **error)
{
  gint64 wall = dq_hlc_wall_ms (self);

  if ((gint64) DQ_HLC_MS (remote) > wall + DQ_HLC_MAX_DRIFT_MS)
    {
      g_set_error (error, DQ_HLC_ERROR, DQ_HLC_ERROR_DRIFT,
                   _ ("A clock reading is more than 10 minutes ahead of this computer’s clock"));
      return FALSE;
    }

  if (remote > self->last)
    self->last = remote;

  return TRUE;
}

gboolean
dq_hlc_receive_ms (DqHlc   *self,
                   gint64   remote_ms,
                   GError **error)
{
  if (remote_ms < 0)
    remote_ms = 0;
  return dq_hlc_receive (self, DQ_HLC_MAKE (remote_ms, 0), error);
}

void
dq_hlc_format (guint64 hlc,
               char    out[17])
{
  static const char hex[] = "0123456789abcdef";

  for (int i = 15; i >= 0; i--)
    {
      out[i] = hex[hlc & 0xf];
      hlc >>= 4;
    }
  out[16] = '\0';
}

gboolean
dq_hlc_parse (const char *text,
              guint64    *out)
{
  guint64 v = 0;

  if (text == NULL)
    return FALSE;

  for (int i = 0; i < 16; i++)
    {
      char c = text[i];

      if (c >= '0' && c <= '9')
        v = (v << 4) | (guint64) (c - '0');
      else if (c >= 'a' && c <= 'f')
        v = (v << 4) | (guint64) (c - 'a' + 10);
      else
        return FALSE;
    }
  if (text[16] != '\0')
    return FALSE;

  *out = v;
  return TRUE;
}
