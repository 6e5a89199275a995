/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV import, shared by dangqun-cli and the app: the file is read, every
 * row checked the way dq_store_write_many() will check it, and every
 * problem kept with its row and column before anything is written. See
 * dq-import.h for the steps and the threads they may run on. */

#define G_LOG_DOMAIN "dq-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dq-csv.h"
#include "dq-import.h"
#include "dq-validate.h"

/* header_field(): the text names no column, or more than one. */
#define NO_SUCH_COLUMN   (-2)
#define AMBIGUOUS_COLUMN (-3)

struct _DqImport {
  const DqTable *table;
  GPtrArray     *rows;     /* GStrv per row of the file, header first */
  GArray        *fields;   /* int per header field: column, ID or NO field */
  int            id_field; /* position of the id in a row, or -1 */
  GHashTable    *existing; /* id → DqRecord fetched from the replica */
  DqRecord      *defaults; /* for new rows' cells the file leaves out */
  GHashTable    *seen_ids; /* id → row number (GUINT_TO_POINTER) */
  GPtrArray     *problems; /* DqImportProblem */
  guint          n_problems;
  GPtrArray     *records; /* DqRecord to write */
  GArray        *is_new;  /* gboolean per record: its id comes from the write */
  guint          n_data_rows;
  guint          n_new;
  guint          n_updated;
  guint          n_unchanged;
  gboolean       checked;
};

G_DEFINE_QUARK (dq_import_error, dq_import_error)

static void
problem_free (DqImportProblem *problem)
{
  g_free (problem->header);
  g_free (problem->message);
  g_free (problem);
}

static gboolean
is_integer_kind (DqColumnKind kind)
{
  return kind == DQ_COL_INT || kind == DQ_COL_BOOL || kind == DQ_COL_MONEY;
}

/* Where column @index is in the file's rows, or -1. */
static int
field_of_column (DqImport *self,
                 int       index)
{
  for (guint i = 0; self->fields != NULL && i < self->fields->len; i++)
    if (g_array_index (self->fields, int, i) == index)
      return (int) i;
  return -1;
}

/* A problem of row @row at cell @field (-1: the row); @header (may be NULL)
 * is what the user sees as the column's name. */
static void
problem (DqImport   *self,
         guint       row,
         int         field,
         const char *header,
         const char *message)
{
  DqImportProblem *p;

  self->n_problems++;
  if (self->problems->len >= DQ_IMPORT_MAX_PROBLEMS)
    return;

  p = g_new0 (DqImportProblem, 1);
  p->row = row;
  p->field = field;
  p->header = g_strdup (header);
  p->message = g_strdup (message);
  g_ptr_array_add (self->problems, p);
}

/* The store's messages read "<field>: <reason>"; a problem names the field
 * on its own, so keep the reason. */
static const char *
reason_of (const DqColumn *column,
           const char     *message)
{
  g_autofree char *prefix = g_strdup_printf (_ ("%s: %s"), dq_column_label (column), "");

  return g_str_has_prefix (message, prefix) ? message + strlen (prefix) : message;
}

static void
column_problem (DqImport   *self,
                guint       row,
                int         index,
                const char *message)
{
  const DqColumn *column = &self->table->columns[index];

  problem (self, row, field_of_column (self, index), dq_column_label (column),
           reason_of (column, message));
}

/* A row rule's message names its field by label: find the column. */
static void
row_problem (DqImport   *self,
             guint       row,
             const char *message)
{
  for (guint i = 0; i < self->table->n_columns; i++)
    {
      if (reason_of (&self->table->columns[i], message) != message)
        {
          column_problem (self, row, (int) i, message);
          return;
        }
    }
  problem (self, row, -1, NULL, message);
}

/* The field a header cell names: by column name, translated label or
 * English label. */
static int
header_field (const DqTable *table,
              const char    *text)
{
  int found;

  if (strcmp (text, "id") == 0 || strcmp (text, dq_import_id_label ()) == 0)
    return DQ_IMPORT_ID_FIELD;
  if ((found = dq_table_column_index (table, text)) >= 0)
    return found;

  found = NO_SUCH_COLUMN;
  for (guint i = 0; i < table->n_columns; i++)
    {
      const DqColumn *column = &table->columns[i];

      if (strcmp (text, dq_column_label (column)) != 0 && strcmp (text, column->label) != 0)
        continue;
      if (found >= 0)
        return AMBIGUOUS_COLUMN;
      found = (int) i;
    }
  return found;
}

static void
read_header (DqImport *self,
             GStrv     header)
{
  g_autofree gboolean *taken = g_new0 (gboolean, self->table->n_columns);

  self->fields = g_array_new (FALSE, FALSE, sizeof (int));
  self->id_field = -1;

  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (header[i]));
      int              field = header_field (self->table, text);

      if (field == NO_SUCH_COLUMN)
        problem (self, 1, (int) i, text, _ ("there is no such column in this table"));
      else if (field == AMBIGUOUS_COLUMN)
        problem (self, 1, (int) i, text, _ ("more than one column has this name; use the column names"));
      else if ((field == DQ_IMPORT_ID_FIELD && self->id_field >= 0) || (field >= 0 && taken[field]))
        problem (self, 1, (int) i, text, _ ("this column appears twice"));
      else if (field == DQ_IMPORT_ID_FIELD)
        self->id_field = (int) i;
      else
        taken[field] = TRUE;

      if (field < DQ_IMPORT_ID_FIELD)
        field = DQ_IMPORT_NO_FIELD;
      g_array_append_val (self->fields, field);
    }
}

static gboolean
is_blank (GStrv fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (fields[i]));

      if (text[0] != '\0')
        return FALSE;
    }
  return TRUE;
}

/* The id a row names, trimmed, or NULL. */
static char *
row_id (DqImport *self,
        GStrv     fields)
{
  char *id;

  if (self->id_field < 0 || g_strv_length (fields) != self->fields->len)
    return NULL;
  id = g_strstrip (g_strdup (fields[self->id_field]));
  if (id[0] == '\0')
    g_clear_pointer (&id, g_free);
  return id;
}

/* The record the row updates (NULL: a new one). FALSE when the id is wrong,
 * reported. */
static gboolean
find_existing (DqImport        *self,
               guint            row,
               GStrv            fields,
               const DqRecord **existing)
{
  g_autofree char *id = row_id (self, fields);
  gpointer         earlier;

  *existing = NULL;
  if (id == NULL)
    return TRUE;

  if (!dq_validate_uuid (id))
    {
      problem (self, row, self->id_field, dq_import_id_label (), _ ("is not a valid record id"));
      return FALSE;
    }
  if (g_hash_table_lookup_extended (self->seen_ids, id, NULL, &earlier))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("the same record is already in row %u"), GPOINTER_TO_UINT (earlier));

      problem (self, row, self->id_field, dq_import_id_label (), message);
      return FALSE;
    }
  g_hash_table_insert (self->seen_ids, g_strdup (id), GUINT_TO_POINTER (row));

  if (self->existing != NULL)
    *existing = g_hash_table_lookup (self->existing, id);
  return TRUE;
}

/* The changed cells of the row into @record. Returns the columns whose cell
 * is wrong, as bits (DQ_MAX_COLUMNS is 64). */
static guint64
read_cells (DqImport       *self,
            guint           row,
            GStrv           fields,
            const DqRecord *existing,
            DqRecord       *record)
{
  guint64 wrong = 0;

  for (guint i = 0; fields[i] != NULL; i++)
    {
      int             index = g_array_index (self->fields, int, i);
      const DqColumn *column;
      DqValue         value = { 0 };
      g_autoptr (GError) local_error = NULL;

      if (index < 0)
        continue;
      column = &self->table->columns[index];
      if (!dq_import_parse_cell (column, fields[i], &value, &local_error))
        problem (self, row, (int) i, dq_column_label (column), local_error->message);
      /* Cells the file does not change are not written again: they would
       * get a new stamp and win over newer edits made elsewhere. */
      else if (existing != NULL && dq_value_equal (&value, &existing->values[index]))
        ;
      else if (dq_column_check_value (column, &value, TRUE, &local_error))
        dq_record_set_value_at (record, (guint) index, &value);
      else if ((column->flags & DQ_COL_FLAG_SENSITIVE) && strstr (fields[i], "***") != NULL)
        problem (self, row, (int) i, dq_column_label (column),
                 _ ("is masked; export with --unmask to change and import it again"));
      else
        column_problem (self, row, index, local_error->message);

      if (local_error != NULL)
        wrong |= G_GUINT64_CONSTANT (1) << index;
      dq_value_clear (&value);
    }
  return wrong;
}

static gboolean
is_empty (const DqValue *value)
{
  return value->kind == DQ_VALUE_NULL || value->kind == DQ_VALUE_UNSET ||
         (value->kind == DQ_VALUE_TEXT && value->s[0] == '\0');
}

/* The row as it will be: @existing (or nothing) with @record's cells. */
static DqRecord *
merge (const DqTable  *table,
       const DqRecord *existing,
       const DqRecord *record)
{
  DqRecord *merged = existing ? dq_record_copy (existing) : dq_record_new (table, NULL);

  for (guint i = 0; i < table->n_columns; i++)
    if (record->values[i].kind != DQ_VALUE_UNSET)
      dq_record_set_value_at (merged, i, &record->values[i]);
  return merged;
}

/* As dq_store_write_many(): a new row needs every required cell; an update
 * may not empty one. A wrong cell was reported already. */
static gboolean
check_required (DqImport       *self,
                guint           row,
                const DqRecord *existing,
                const DqRecord *record,
                const DqRecord *merged,
                guint64         wrong)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < self->table->n_columns; i++)
    {
      const DqColumn *column = &self->table->columns[i];

      if ((column->flags & DQ_COL_FLAG_REQUIRED) && is_empty (&merged->values[i]) &&
          !(wrong & (G_GUINT64_CONSTANT (1) << i)) &&
          (existing == NULL || record->values[i].kind != DQ_VALUE_UNSET))
        {
          problem (self, row, field_of_column (self, (int) i), dq_column_label (column),
                   _ ("this field is required"));
          ok = FALSE;
        }
    }
  return ok;
}

/* The table's row rules (an ID number against birth date and gender). */
static gboolean
check_rules (DqImport       *self,
             guint           row,
             const DqRecord *merged)
{
  g_autoptr (GError) local_error = NULL;

  if (self->table->validate_row == NULL || self->table->validate_row (merged, &local_error))
    return TRUE;
  row_problem (self, row, local_error->message);
  return FALSE;
}

static void
check_row (DqImport *self,
           guint     row,
           GStrv     fields)
{
  const DqRecord *existing = NULL;
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (DqRecord) merged = NULL;
  guint64  wrong;
  gboolean is_new;

  if (g_strv_length (fields) != self->fields->len)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("has %u cells but the header has %u"), g_strv_length (fields),
                           self->fields->len);

      problem (self, row, -1, NULL, message);
      return;
    }

  if (!find_existing (self, row, fields, &existing))
    return;

  record = dq_record_new (self->table, existing ? existing->id : NULL);
  if (existing == NULL && self->defaults != NULL)
    for (guint i = 0; i < self->table->n_columns; i++)
      if (self->defaults->values[i].kind != DQ_VALUE_UNSET && field_of_column (self, (int) i) < 0)
        dq_record_set_value_at (record, i, &self->defaults->values[i]);
  wrong = read_cells (self, row, fields, existing, record);
  if (wrong == 0 && existing != NULL && dq_record_n_set (record) == 0)
    {
      self->n_unchanged++;
      return;
    }

  /* Every problem of the row is reported; the rules only make sense once
   * each cell is right. */
  merged = merge (self->table, existing, record);
  if (!check_required (self, row, existing, record, merged, wrong) || wrong != 0 ||
      !check_rules (self, row, merged))
    return;

  if (existing != NULL)
    self->n_updated++;
  else
    self->n_new++;
  is_new = existing == NULL;
  g_array_append_val (self->is_new, is_new);
  g_ptr_array_add (self->records, g_steal_pointer (&record));
}

/* Public API */

DqImport *
dq_import_new (const DqTable *table)
{
  DqImport *self;

  g_return_val_if_fail (table != NULL, NULL);

  self = g_new0 (DqImport, 1);
  self->table = table;
  self->id_field = -1;
  self->seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_record_free);
  self->is_new = g_array_new (FALSE, FALSE, sizeof (gboolean));
  return self;
}

void
dq_import_free (DqImport *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->existing, g_hash_table_unref);
  g_clear_pointer (&self->defaults, dq_record_free);
  g_clear_pointer (&self->seen_ids, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->is_new, g_array_unref);
  g_free (self);
}

void
dq_import_set_defaults (DqImport       *self,
                        const DqRecord *defaults)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (defaults == NULL || defaults->table == self->table);

  g_clear_pointer (&self->defaults, dq_record_free);
  if (defaults != NULL)
    self->defaults = dq_record_copy (defaults);
}

gboolean
dq_import_read (DqImport   *self,
                const char *bytes,
                gsize       length,
                GError    **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->rows == NULL, FALSE);

  if ((text = dq_csv_to_utf8 (bytes, length, error)) == NULL ||
      (self->rows = dq_csv_parse (text, error)) == NULL)
    return FALSE;
  if (self->rows->len == 0)
    {
      g_set_error_literal (error, DQ_IMPORT_ERROR, DQ_IMPORT_ERROR_EMPTY,
                           _ ("The file is empty: the first row must name the columns"));
      return FALSE;
    }

  /* A bad header makes every row meaningless: it is reported alone. */
  read_header (self, g_ptr_array_index (self->rows, 0));
  for (guint i = 1; i < self->rows->len; i++)
    if (!is_blank (g_ptr_array_index (self->rows, i)))
      self->n_data_rows++;
  return TRUE;
}

gboolean
dq_import_fetch (DqImport *self,
                 DqStore  *store,
                 GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (self->rows != NULL, FALSE);

  g_clear_pointer (&self->existing, g_hash_table_unref);
  self->existing = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) dq_record_free);
  if (self->id_field < 0 || self->n_problems > 0)
    return TRUE;

  for (guint i = 1; i < self->rows->len; i++)
    {
      g_autofree char *id = row_id (self, g_ptr_array_index (self->rows, i));
      GError          *local_error = NULL;
      DqRecord        *record;

      if (id == NULL || !dq_validate_uuid (id) || g_hash_table_contains (self->existing, id))
        continue;
      record = dq_store_get (store, self->table->name, id, &local_error);
      if (g_error_matches (local_error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND))
        {
          g_clear_error (&local_error);
          continue;
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_hash_table_insert (self->existing, record->id, record);
    }
  return TRUE;
}

void
dq_import_check (DqImport *self)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->rows != NULL);
  g_return_if_fail (!self->checked);

  self->checked = TRUE;
  if (self->n_problems > 0)
    return;

  for (guint i = 1; i < self->rows->len; i++)
    {
      GStrv fields = g_ptr_array_index (self->rows, i);

      if (!is_blank (fields))
        check_row (self, i + 1, fields);
    }
}

gboolean
dq_import_write (DqImport *self,
                 DqStore  *store,
                 GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (self->checked, FALSE);

  if (self->n_problems > 0)
    {
      g_set_error_literal (error, DQ_IMPORT_ERROR, DQ_IMPORT_ERROR_INVALID,
                           _ ("The file has problems; nothing was imported"));
      return FALSE;
    }

  if (dq_store_write_many (store, (DqRecord **) self->records->pdata, self->records->len, error))
    return TRUE;

  /* The store gave the new records ids before it refused one of them:
   * take them back, so that a second try creates them again. */
  for (guint i = 0; i < self->records->len; i++)
    if (g_array_index (self->is_new, gboolean, i))
      dq_record_set_id (g_ptr_array_index (self->records, i), NULL);
  return FALSE;
}

const DqTable *
dq_import_get_table (DqImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->table;
}

GPtrArray *
dq_import_get_rows (DqImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->rows;
}

int
dq_import_get_field_column (DqImport *self,
                            guint     field)
{
  g_return_val_if_fail (self != NULL, DQ_IMPORT_NO_FIELD);

  if (self->fields == NULL || field >= self->fields->len)
    return DQ_IMPORT_NO_FIELD;
  return g_array_index (self->fields, int, field);
}

guint
dq_import_get_n_fields (DqImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->fields != NULL ? self->fields->len : 0;
}

guint
dq_import_get_n_data_rows (DqImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_data_rows;
}

GPtrArray *
dq_import_get_problems (DqImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->problems;
}

guint
dq_import_get_n_problems (DqImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_problems;
}

GPtrArray *
dq_import_get_records (DqImport *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->records;
}

guint
dq_import_get_n_new (DqImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_new;
}

guint
dq_import_get_n_updated (DqImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_updated;
}

guint
dq_import_get_n_unchanged (DqImport *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_unchanged;
}

char *
dq_import_problem_format (const DqImportProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->header != NULL)
    /* TRANSLATORS: row of the CSV file, column header, what is wrong */
    return g_strdup_printf (_ ("Row %u, “%s”: %s"), problem->row, problem->header,
                            problem->message);
  /* TRANSLATORS: a row of a CSV file and what is wrong with it */
  return g_strdup_printf (_ ("Row %u: %s"), problem->row, problem->message);
}

const char *
dq_import_id_label (void)
{
  return _ ("Record ID");
}

gboolean
dq_import_parse_cell (const DqColumn *column,
                      const char     *text,
                      DqValue        *value,
                      GError        **error)
{
  g_autofree char *trimmed = NULL;
  gint64           n;

  g_return_val_if_fail (column != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  /* Codes, dates, numbers and phone numbers never start or end with a space,
   * but spreadsheet cells often do; free text is taken as written. */
  if (column->kind == DQ_COL_TEXT)
    trimmed = g_strdup (text);
  else
    trimmed = g_strstrip (g_strdup (text));

  if (trimmed[0] == '\0')
    {
      value->kind = DQ_VALUE_NULL;
      return TRUE;
    }

  if (!is_integer_kind (column->kind))
    {
      value->kind = DQ_VALUE_TEXT;
      value->s = g_steal_pointer (&trimmed);
      return TRUE;
    }

  if (!g_ascii_string_to_signed (trimmed, 10, G_MININT64, G_MAXINT64, &n, NULL))
    {
      g_set_error (error, DQ_IMPORT_ERROR, DQ_IMPORT_ERROR_INVALID,
                   _ ("“%s” is not a whole number"), trimmed);
      return FALSE;
    }
  value->kind = DQ_VALUE_INT;
  value->i = n;
  return TRUE;
}
