/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A row of one table, or the cells of one change: a value per column, each
 * either unset or set (to null, an integer or text). */
#pragma once

#include "dq-types.h"

G_BEGIN_DECLS

struct _DqRecord {
  const DqTable *table;
  char          *id;
  DqValue       *values; /* table->n_columns */
};

DqRecord *dq_record_new (const DqTable *table, const char *id);
DqRecord *dq_record_new_for (const char *table_name, const char *id);
DqRecord *dq_record_copy (const DqRecord *self);
void      dq_record_free (DqRecord *self);
void      dq_record_set_id (DqRecord *self, const char *id);

/* Setters take a column name and return FALSE for an unknown column. */
gboolean dq_record_set_text (DqRecord *self, const char *column, const char *text);
gboolean dq_record_set_int (DqRecord *self, const char *column, gint64 value);
gboolean dq_record_set_null (DqRecord *self, const char *column);
gboolean dq_record_unset (DqRecord *self, const char *column);
void     dq_record_set_value_at (DqRecord *self, guint column, const DqValue *value);

const DqValue *dq_record_get (const DqRecord *self, const char *column);
gboolean       dq_record_is_set (const DqRecord *self, const char *column);
/* NULL when unset, null or an integer. */
const char *dq_record_get_text (const DqRecord *self, const char *column);
gint64      dq_record_get_int (const DqRecord *self, const char *column, gint64 fallback);
guint       dq_record_n_set (const DqRecord *self);

void     dq_value_clear (DqValue *value);
void     dq_value_copy (const DqValue *src, DqValue *dest);
gboolean dq_value_equal (const DqValue *a, const DqValue *b);

/* A change: the cells of one row that share one stamp. */
struct _DqChange {
  DqRecord *record;
  guint64   hlc;
  char      node[33];
  char     *author; /* who pushed it to the server, when known */
};

DqChange *dq_change_new (DqRecord   *record, /* (transfer full) */
                         guint64     hlc,
                         const char *node);
DqChange *dq_change_copy (const DqChange *self);
void      dq_change_free (DqChange *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqRecord, dq_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqChange, dq_change_free)

G_END_DECLS
