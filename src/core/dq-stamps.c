/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Encoding of a row's cell stamps: varints, one group after another. */

#define G_LOG_DOMAIN "dq-stamps"

#include "config.h"

#include "dq-stamps.h"

static gsize
put_varint (guint8 *buf, guint64 v)
{
  gsize n = 0;

  while (v >= 0x80)
    {
      buf[n++] = (guint8) (v | 0x80);
      v >>= 7;
    }
  buf[n++] = (guint8) v;
  return n;
}

static gboolean
get_varint (const guint8 **p, const guint8 *end, guint64 *out)
{
  guint64 v = 0;

  for (guint shift = 0; shift < 64; shift += 7)
    {
      guint8 b;

      if (*p >= end)
        return FALSE;
      b = *(*p)++;
      v |= (guint64) (b & 0x7f) << shift;
      if (!(b & 0x80))
        {
          *out = v;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
dq_stamps_decode (DqStamps     *stamps,
                  const guint8 *data,
                  gsize         len)
{
  const guint8 *p = data;
  const guint8 *end = data + len;

  stamps->n_groups = 0;
  while (p < end)
    {
      DqStampGroup *g;
      guint64       node, flags;

      if (stamps->n_groups == DQ_MAX_COLUMNS)
        return FALSE;
      g = &stamps->groups[stamps->n_groups++];
      if (!get_varint (&p, end, &g->hlc) ||
          !get_varint (&p, end, &node) ||
          !get_varint (&p, end, &flags) ||
          !get_varint (&p, end, &g->lver) ||
          !get_varint (&p, end, &g->mask))
        return FALSE;
      g->node = (guint32) node;
      g->flags = (guint32) flags;
    }
  return TRUE;
}

gsize
dq_stamps_encode (const DqStamps *stamps,
                  guint8         *buf)
{
  gsize n = 0;

  for (guint i = 0; i < stamps->n_groups; i++)
    {
      const DqStampGroup *g = &stamps->groups[i];

      n += put_varint (buf + n, g->hlc);
      n += put_varint (buf + n, g->node);
      n += put_varint (buf + n, g->flags);
      n += put_varint (buf + n, g->lver);
      n += put_varint (buf + n, g->mask);
    }
  return n;
}

DqStampGroup *
dq_stamps_find (DqStamps *stamps,
                guint     column)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << column;

  for (guint i = 0; i < stamps->n_groups; i++)
    if (stamps->groups[i].mask & bit)
      return &stamps->groups[i];
  return NULL;
}

void
dq_stamps_assign (DqStamps *stamps,
                  guint64   mask,
                  guint64   hlc,
                  guint32   node,
                  guint64   lver,
                  guint32   flags)
{
  DqStampGroup *target = NULL;
  guint         kept = 0;

  for (guint i = 0; i < stamps->n_groups; i++)
    {
      DqStampGroup g = stamps->groups[i];

      if (g.hlc == hlc && g.node == node)
        {
          g.mask |= mask;
          g.lver = lver;
          g.flags = flags;
        }
      else
        g.mask &= ~mask;

      if (g.mask != 0)
        stamps->groups[kept++] = g;
    }
  stamps->n_groups = kept;

  for (guint i = 0; i < stamps->n_groups; i++)
    if (stamps->groups[i].hlc == hlc && stamps->groups[i].node == node)
      target = &stamps->groups[i];

  if (target == NULL)
    {
      g_assert (stamps->n_groups < DQ_MAX_COLUMNS);
      target = &stamps->groups[stamps->n_groups++];
      target->hlc = hlc;
      target->node = node;
      target->lver = lver;
      target->flags = flags;
      target->mask = mask;
    }
}

guint64
dq_stamps_max_lver (const DqStamps *stamps)
{
  guint64 max = 0;

  for (guint i = 0; i < stamps->n_groups; i++)
    max = MAX (max, stamps->groups[i].lver);
  return max;
}
