/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRow: an immutable record of a DqRowModel, with the names of the rows
 * its reference columns point at. */
#define G_LOG_DOMAIN "dq-row"

#include "config.h"

#include "dq-format.h"
#include "dq-row.h"

struct _DqRow {
  GObject parent_instance;

  DqRecord   *record;
  GHashTable *refs; /* column name → display name; may be NULL */
  gint64      rid;
};

G_DEFINE_FINAL_TYPE (DqRow, dq_row, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
dq_row_finalize (GObject *object)
{
  DqRow *self = DQ_ROW (object);

  g_clear_pointer (&self->record, dq_record_free);
  g_clear_pointer (&self->refs, g_hash_table_unref);

  G_OBJECT_CLASS (dq_row_parent_class)->finalize (object);
}

static void
dq_row_class_init (DqRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dq_row_finalize;

  /* The row now holds another record (a recycling model reloaded). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
dq_row_init (DqRow *self)
{
}

DqRow *
dq_row_new (DqRecord   *record,
            GHashTable *refs)
{
  DqRow *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (DQ_TYPE_ROW, NULL);
  self->record = record;
  self->refs = refs ? g_hash_table_ref (refs) : NULL;
  return self;
}

const char *
dq_row_get_id (DqRow *self)
{
  g_return_val_if_fail (DQ_IS_ROW (self), NULL);
  return self->record->id;
}

const DqTable *
dq_row_get_table (DqRow *self)
{
  g_return_val_if_fail (DQ_IS_ROW (self), NULL);
  return self->record->table;
}

const DqRecord *
dq_row_get_record (DqRow *self)
{
  g_return_val_if_fail (DQ_IS_ROW (self), NULL);
  return self->record;
}

const char *
dq_row_get_text (DqRow      *self,
                 const char *column)
{
  g_return_val_if_fail (DQ_IS_ROW (self), NULL);
  return dq_record_get_text (self->record, column);
}

gint64
dq_row_get_int (DqRow      *self,
                const char *column,
                gint64      fallback)
{
  g_return_val_if_fail (DQ_IS_ROW (self), fallback);
  return dq_record_get_int (self->record, column, fallback);
}

char *
dq_row_format (DqRow      *self,
               const char *column,
               gboolean    mask)
{
  const DqColumn *c;

  g_return_val_if_fail (DQ_IS_ROW (self), NULL);

  c = dq_table_column (self->record->table, column);
  if (c == NULL)
    return g_strdup ("");
  if (c->kind == DQ_COL_REF)
    {
      const char *name = dq_row_get_ref_name (self, column);

      if (name != NULL)
        return g_strdup (name);
    }
  return dq_format_value (c, dq_record_get (self->record, column), mask);
}

const char *
dq_row_get_ref_name (DqRow      *self,
                     const char *column)
{
  g_return_val_if_fail (DQ_IS_ROW (self), NULL);
  return self->refs ? g_hash_table_lookup (self->refs, column) : NULL;
}

gint64
dq_row_get_rid (DqRow *self)
{
  g_return_val_if_fail (DQ_IS_ROW (self), 0);
  return self->rid;
}

void
dq_row_set_rid (DqRow *self,
                gint64 rid)
{
  g_return_if_fail (DQ_IS_ROW (self));
  self->rid = rid;
}

void
dq_row_take_contents (DqRow *self,
                      DqRow *from)
{
  DqRecord   *record;
  GHashTable *refs;

  g_return_if_fail (DQ_IS_ROW (self));
  g_return_if_fail (DQ_IS_ROW (from));

  gint64 rid;

  record = self->record;
  refs = self->refs;
  rid = self->rid;
  self->record = from->record;
  self->refs = from->refs;
  self->rid = from->rid;
  from->record = record;
  from->refs = refs;
  from->rid = rid;
  g_signal_emit (self, signals[CHANGED], 0);
}
