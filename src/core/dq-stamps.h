/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The stamps of one row, kept in its _stamps column: the cells that share a
 * stamp form a group (hlc, node, local version, flags, column mask). A row
 * written by one change has one group, so stamps cost a few bytes a row. */
#pragma once

#include "dq-types.h"
#include "dq-schema.h"

G_BEGIN_DECLS

#define DQ_STAMP_UPSTREAM 1u /* the cells came from our upstream hub */

typedef struct {
  guint64 hlc;
  guint64 lver;
  guint64 mask;
  guint32 node; /* index into the replica's node table */
  guint32 flags;
} DqStampGroup;

typedef struct {
  DqStampGroup groups[DQ_MAX_COLUMNS];
  guint        n_groups;
} DqStamps;

gboolean dq_stamps_decode (DqStamps *stamps, const guint8 *data, gsize len);
/* @buf needs DQ_STAMPS_MAX_BYTES; returns the length used. */
gsize dq_stamps_encode (const DqStamps *stamps, guint8 *buf);
/* The group holding @column, or NULL when the cell was never written. */
DqStampGroup *dq_stamps_find (DqStamps *stamps, guint column);
/* Moves the columns of @mask into a group for (hlc, node), creating it. */
void    dq_stamps_assign (DqStamps *stamps,
                          guint64   mask,
                          guint64   hlc,
                          guint32   node,
                          guint64   lver,
                          guint32   flags);
guint64 dq_stamps_max_lver (const DqStamps *stamps);

#define DQ_STAMPS_MAX_BYTES (DQ_MAX_COLUMNS * 5 * 10)

G_END_DECLS
