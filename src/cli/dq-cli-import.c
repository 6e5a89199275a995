/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli import: records of one table from a CSV file, all of them or
 * none. The header names the columns (by name or by translated label); an
 * id column is optional, and a row whose id is on this computer updates
 * that record, any other row is a new record. Every row is checked before
 * anything is written, and every problem is reported with its row (the
 * header is row 1, as in a spreadsheet), so that a clerk can fix the file
 * in one pass. Then one dq_store_write_many() writes them all. */

#define G_LOG_DOMAIN "dq-cli-import"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-cli.h"
#include "dq-cli-values.h"
#include "dq-csv.h"
#include "dq-validate.h"

/* A header field that is the record id rather than a column. */
#define ID_FIELD (-1)
/* Problems listed at most; the rest are counted. */
#define MAX_REPORTED 100

typedef struct {
  DqStore       *store;
  const DqTable *table;
  GArray        *fields;   /* int per CSV field: column index or ID_FIELD */
  int            id_field; /* position of the id in a row, or -1 */
  GHashTable    *seen_ids; /* id → row number (GUINT_TO_POINTER) */
  GString       *report;
  guint          n_problems;
  GPtrArray     *records; /* DqRecord to write */
  guint          n_new;
  guint          n_updated;
  guint          n_unchanged;
} Import;

static void
import_clear (Import *self)
{
  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->seen_ids, g_hash_table_unref);
  if (self->report != NULL)
    g_string_free (g_steal_pointer (&self->report), TRUE);
  g_clear_pointer (&self->records, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Import, import_clear)

/* A problem of row @row; @field (may be NULL) is what the user sees as the
 * column's name. */
static void
problem (Import     *self,
         guint       row,
         const char *field,
         const char *message)
{
  self->n_problems++;
  if (self->n_problems > MAX_REPORTED)
    return;
  if (field != NULL)
    /* TRANSLATORS: row of the CSV file, column header, what is wrong */
    g_string_append_printf (self->report, _ ("Row %u, “%s”: %s"), row, field, message);
  else
    g_string_append_printf (self->report, _ ("Row %u: %s"), row, message);
  g_string_append_c (self->report, '\n');
}

/* The store's messages read "<field>: <reason>"; the report names the field
 * on its own, so keep the reason. */
static const char *
reason_of (const DqColumn *column,
           const char     *message)
{
  g_autofree char *prefix = g_strdup_printf (_ ("%s: %s"), dq_column_label (column), "");

  return g_str_has_prefix (message, prefix) ? message + strlen (prefix) : message;
}

static void
column_problem (Import         *self,
                guint           row,
                const DqColumn *column,
                const char     *message)
{
  problem (self, row, dq_column_label (column), reason_of (column, message));
}

/* A row rule's message names its field by label: find the column. */
static void
row_problem (Import     *self,
             guint       row,
             const char *message)
{
  for (guint i = 0; i < self->table->n_columns; i++)
    {
      const DqColumn *column = &self->table->columns[i];

      if (reason_of (column, message) != message)
        {
          column_problem (self, row, column, message);
          return;
        }
    }
  problem (self, row, NULL, message);
}

/* The field a header cell names: by column name, translated label or
 * English label. -2 when it names nothing, -3 when more than one column. */
static int
header_field (const DqTable *table,
              const char    *text)
{
  int found = -2;

  if (strcmp (text, "id") == 0 || strcmp (text, dq_cli_id_label ()) == 0)
    return ID_FIELD;
  if ((found = dq_table_column_index (table, text)) >= 0)
    return found;

  found = -2;
  for (guint i = 0; i < table->n_columns; i++)
    {
      const DqColumn *column = &table->columns[i];

      if (strcmp (text, dq_column_label (column)) != 0 && strcmp (text, column->label) != 0)
        continue;
      if (found >= 0)
        return -3;
      found = (int) i;
    }
  return found;
}

static void
read_header (Import *self,
             GStrv   header)
{
  g_autofree gboolean *taken = g_new0 (gboolean, self->table->n_columns);

  self->fields = g_array_new (FALSE, FALSE, sizeof (int));
  self->id_field = -1;

  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (header[i]));
      int              field = header_field (self->table, text);

      if (field == -2)
        problem (self, 1, text, _ ("there is no such column in this table"));
      else if (field == -3)
        problem (self, 1, text, _ ("more than one column has this name; use the column names"));
      else if ((field == ID_FIELD && self->id_field >= 0) || (field >= 0 && taken[field]))
        problem (self, 1, text, _ ("this column appears twice"));
      else if (field == ID_FIELD)
        self->id_field = (int) i;
      else
        taken[field] = TRUE;
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

/* The record the row updates, or NULL for a new one; FALSE if the replica
 * failed. */
static gboolean
find_existing (Import    *self,
               guint      row,
               GStrv      fields,
               DqRecord **existing,
               GError   **error)
{
  g_autofree char *id = NULL;
  GError          *local_error = NULL;
  gpointer         earlier;

  *existing = NULL;
  if (self->id_field < 0)
    return TRUE;
  id = g_strstrip (g_strdup (fields[self->id_field]));
  if (id[0] == '\0')
    return TRUE;

  if (!dq_validate_uuid (id))
    {
      problem (self, row, dq_cli_id_label (), _ ("is not a valid record id"));
      return TRUE;
    }
  if (g_hash_table_lookup_extended (self->seen_ids, id, NULL, &earlier))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("the same record is already in row %u"), GPOINTER_TO_UINT (earlier));

      problem (self, row, dq_cli_id_label (), message);
      return TRUE;
    }
  g_hash_table_insert (self->seen_ids, g_strdup (id), GUINT_TO_POINTER (row));

  *existing = dq_store_get (self->store, self->table->name, id, &local_error);
  if (g_error_matches (local_error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      return TRUE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* The changed cells of the row into @record. Returns the columns whose cell
 * is wrong, as bits (DQ_MAX_COLUMNS is 64). */
static guint64
read_cells (Import         *self,
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
      if (!dq_cli_parse_value (column, fields[i], &value, &local_error))
        problem (self, row, dq_column_label (column), local_error->message);
      /* Cells the file does not change are not written again: they would
       * get a new stamp and win over newer edits made elsewhere. */
      else if (existing != NULL && dq_value_equal (&value, &existing->values[index]))
        ;
      else if (dq_column_check_value (column, &value, TRUE, &local_error))
        dq_record_set_value_at (record, (guint) index, &value);
      else if ((column->flags & DQ_COL_FLAG_SENSITIVE) && strstr (fields[i], "***") != NULL)
        problem (self, row, dq_column_label (column),
                 _ ("is masked; export with --unmask to change and import it again"));
      else
        column_problem (self, row, column, local_error->message);

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
check_required (Import         *self,
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
          problem (self, row, dq_column_label (column), _ ("this field is required"));
          ok = FALSE;
        }
    }
  return ok;
}

/* The table's row rules (an ID number against birth date and gender). */
static gboolean
check_rules (Import         *self,
             guint           row,
             const DqRecord *merged)
{
  g_autoptr (GError) local_error = NULL;

  if (self->table->validate_row == NULL || self->table->validate_row (merged, &local_error))
    return TRUE;
  row_problem (self, row, local_error->message);
  return FALSE;
}

static gboolean
read_row (Import  *self,
          guint    row,
          GStrv    fields,
          GError **error)
{
  g_autoptr (DqRecord) existing = NULL;
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (DqRecord) merged = NULL;
  guint   n_problems = self->n_problems;
  guint64 wrong;

  if (g_strv_length (fields) != self->fields->len)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("has %u cells but the header has %u"), g_strv_length (fields),
                           self->fields->len);

      problem (self, row, NULL, message);
      return TRUE;
    }

  if (!find_existing (self, row, fields, &existing, error))
    return FALSE;
  if (self->n_problems > n_problems)
    return TRUE;

  record = dq_record_new (self->table, existing ? existing->id : NULL);
  wrong = read_cells (self, row, fields, existing, record);
  if (wrong == 0 && existing != NULL && dq_record_n_set (record) == 0)
    {
      self->n_unchanged++;
      return TRUE;
    }

  /* Every problem of the row is reported; the rules only make sense once
   * each cell is right. */
  merged = merge (self->table, existing, record);
  if (!check_required (self, row, existing, record, merged, wrong) || wrong != 0 ||
      !check_rules (self, row, merged))
    return TRUE;

  if (existing != NULL)
    self->n_updated++;
  else
    self->n_new++;
  g_ptr_array_add (self->records, g_steal_pointer (&record));
  return TRUE;
}

static GPtrArray *
read_file (const char *path,
           GError    **error)
{
  g_autofree char *bytes = NULL;
  g_autofree char *text = NULL;
  gsize            length;

  if (!g_file_get_contents (path, &bytes, &length, error) ||
      (text = dq_csv_to_utf8 (bytes, length, error)) == NULL)
    return NULL;
  return dq_csv_parse (text, error);
}

static void
print_report (Import *self)
{
  if (self->n_problems > MAX_REPORTED)
    {
      guint more = self->n_problems - MAX_REPORTED;

      g_string_append_printf (self->report,
                              ngettext ("… and %u more problem\n", "… and %u more problems\n",
                                        more),
                              more);
    }
  fputs (self->report->str, stderr);
}

gboolean
dq_cli_import (DqCli   *cli,
               GStrv   *args,
               GError **error)
{
  g_auto (Import) self = { 0 };
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GString) out = NULL;
  guint written;

  self.table = dq_cli_open_table (cli, NULL, args, &self.store, error);
  if (self.table == NULL || (rows = read_file ((*args)[2], error)) == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED,
                   _ ("%s is empty: the first row must name the columns"), (*args)[2]);
      return FALSE;
    }

  self.report = g_string_new (NULL);
  self.seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self.records = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_record_free);

  /* A bad header makes every row meaningless: it is reported alone. */
  read_header (&self, g_ptr_array_index (rows, 0));
  if (self.n_problems == 0)
    for (guint i = 1; i < rows->len; i++)
      {
        GStrv fields = g_ptr_array_index (rows, i);

        if (!is_blank (fields) && !read_row (&self, i + 1, fields, error))
          return FALSE;
      }

  if (self.n_problems > 0)
    {
      print_report (&self);
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED,
                   ngettext ("%u problem in %s; nothing was imported",
                             "%u problems in %s; nothing was imported", self.n_problems),
                   self.n_problems, (*args)[2]);
      return FALSE;
    }

  if (!dq_store_write_many (self.store, (DqRecord **) self.records->pdata, self.records->len,
                            error))
    {
      g_prefix_error (error, _ ("Nothing was imported: "));
      return FALSE;
    }

  written = self.n_new + self.n_updated;
  out = g_string_new (NULL);
  g_string_append_printf (out,
                          ngettext ("Imported %u row (new: %u, updated: %u, unchanged: %u)\n",
                                    "Imported %u rows (new: %u, updated: %u, unchanged: %u)\n",
                                    written),
                          written, self.n_new, self.n_updated, self.n_unchanged);
  return dq_cli_flush (out, error);
}
