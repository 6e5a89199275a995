/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Records and changes: plain values keyed by the schema's column positions. */

#define G_LOG_DOMAIN "dq-record"

#include "config.h"

#include <string.h>

#include "dq-record.h"
#include "dq-schema.h"

void
dq_value_clear (DqValue *value)
{
  if (value->kind == DQ_VALUE_TEXT)
    g_free (value->s);
  value->kind = DQ_VALUE_UNSET;
  value->i = 0;
}

void
dq_value_copy (const DqValue *src,
               DqValue       *dest)
{
  dest->kind = src->kind;
  if (src->kind == DQ_VALUE_TEXT)
    dest->s = g_strdup (src->s);
  else
    dest->i = src->i;
}

gboolean
dq_value_equal (const DqValue *a,
                const DqValue *b)
{
  if (a->kind != b->kind)
    return FALSE;
  switch (a->kind)
    {
    case DQ_VALUE_TEXT:
      return strcmp (a->s, b->s) == 0;
    case DQ_VALUE_INT:
      return a->i == b->i;
    case DQ_VALUE_UNSET:
    case DQ_VALUE_NULL:
    default:
      return TRUE;
    }
}

DqRecord *
dq_record_new (const DqTable *table,
               const char    *id)
{
  DqRecord *self;

  g_return_val_if_fail (table != NULL, NULL);

  self = g_new0 (DqRecord, 1);
  self->table = table;
  self->id = g_strdup (id);
  self->values = g_new0 (DqValue, table->n_columns);

  return self;
}

DqRecord *
dq_record_new_for (const char *table_name,
                   const char *id)
{
  const DqTable *table = dq_schema_table (table_name);

  g_return_val_if_fail (table != NULL, NULL);

  return dq_record_new (table, id);
}

DqRecord *
dq_record_copy (const DqRecord *self)
{
  DqRecord *copy = dq_record_new (self->table, self->id);

  for (guint i = 0; i < self->table->n_columns; i++)
    dq_value_copy (&self->values[i], &copy->values[i]);

  return copy;
}

void
dq_record_free (DqRecord *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->table->n_columns; i++)
    dq_value_clear (&self->values[i]);
  g_free (self->values);
  g_free (self->id);
  g_free (self);
}

void
dq_record_set_id (DqRecord   *self,
                  const char *id)
{
  char *copy = g_strdup (id);

  g_free (self->id);
  self->id = copy;
}

static DqValue *
lookup (const DqRecord *self,
        const char     *column)
{
  int i = dq_table_column_index (self->table, column);

  return i < 0 ? NULL : &self->values[i];
}

gboolean
dq_record_set_text (DqRecord   *self,
                    const char *column,
                    const char *text)
{
  DqValue *v = lookup (self, column);
  char    *copy;

  if (v == NULL)
    return FALSE;
  if (text == NULL)
    return dq_record_set_null (self, column);

  copy = g_strdup (text);
  dq_value_clear (v);
  v->kind = DQ_VALUE_TEXT;
  v->s = copy;

  return TRUE;
}

gboolean
dq_record_set_int (DqRecord   *self,
                   const char *column,
                   gint64      value)
{
  DqValue *v = lookup (self, column);

  if (v == NULL)
    return FALSE;

  dq_value_clear (v);
  v->kind = DQ_VALUE_INT;
  v->i = value;

  return TRUE;
}

gboolean
dq_record_set_null (DqRecord   *self,
                    const char *column)
{
  DqValue *v = lookup (self, column);

  if (v == NULL)
    return FALSE;

  dq_value_clear (v);
  v->kind = DQ_VALUE_NULL;

  return TRUE;
}

gboolean
dq_record_unset (DqRecord   *self,
                 const char *column)
{
  DqValue *v = lookup (self, column);

  if (v == NULL)
    return FALSE;

  dq_value_clear (v);
  return TRUE;
}

void
dq_record_set_value_at (DqRecord      *self,
                        guint          column,
                        const DqValue *value)
{
  DqValue copy;

  g_return_if_fail (column < self->table->n_columns);

  dq_value_copy (value, &copy);
  dq_value_clear (&self->values[column]);
  self->values[column] = copy;
}

const DqValue *
dq_record_get (const DqRecord *self,
               const char     *column)
{
  return lookup (self, column);
}

gboolean
dq_record_is_set (const DqRecord *self,
                  const char     *column)
{
  const DqValue *v = lookup (self, column);

  return v != NULL && v->kind != DQ_VALUE_UNSET;
}

const char *
dq_record_get_text (const DqRecord *self,
                    const char     *column)
{
  const DqValue *v = lookup (self, column);

  return v != NULL && v->kind == DQ_VALUE_TEXT ? v->s : NULL;
}

gint64
dq_record_get_int (const DqRecord *self,
                   const char     *column,
                   gint64          fallback)
{
  const DqValue *v = lookup (self, column);

  return v != NULL && v->kind == DQ_VALUE_INT ? v->i : fallback;
}

guint
dq_record_n_set (const DqRecord *self)
{
  guint n = 0;

  for (guint i = 0; i < self->table->n_columns; i++)
    if (self->values[i].kind != DQ_VALUE_UNSET)
      n++;

  return n;
}

DqChange *
dq_change_new (DqRecord   *record,
               guint64     hlc,
               const char *node)
{
  DqChange *self = g_new0 (DqChange, 1);

  self->record = record;
  self->hlc = hlc;
  g_strlcpy (self->node, node, sizeof self->node);

  return self;
}

DqChange *
dq_change_copy (const DqChange *self)
{
  DqChange *copy = dq_change_new (dq_record_copy (self->record), self->hlc, self->node);

  copy->author = g_strdup (self->author);
  return copy;
}

void
dq_change_free (DqChange *self)
{
  if (self == NULL)
    return;

  dq_record_free (self->record);
  g_free (self->author);
  g_free (self);
}
