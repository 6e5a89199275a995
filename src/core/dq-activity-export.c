/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The registration list of an activity as a file: one table of rows built
 * from dq_activity_list_registrations(), written by DqCsv or DqXlsx. Times
 * are local ("2026-11-28 14:05"), as everywhere the user reads them. */
#define G_LOG_DOMAIN "dq-activity-export"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-activity-export.h"
#include "dq-activity.h"
#include "dq-audit.h"
#include "dq-csv.h"
#include "dq-format.h"
#include "dq-schema.h"
#include "dq-validate.h"
#include "dq-xlsx.h"

#define UTF8_BOM "\xef\xbb\xbf"

enum {
  COL_NUMBER,
  COL_NAME,
  COL_AFFILIATION,
  COL_PHONE,
  COL_STATUS,
  COL_REGISTERED_AT,
  COL_CHECKED_IN_AT,
  COL_DESKS,
  N_COLUMNS
};

/* Helpers */

static void
header (const char *cells[N_COLUMNS])
{
  cells[COL_NUMBER] = C_ ("registration export", "No.");
  cells[COL_NAME] = C_ ("registration export", "Name");
  cells[COL_AFFILIATION] = C_ ("registration export", "Party organization / political status");
  cells[COL_PHONE] = C_ ("registration export", "Mobile");
  cells[COL_STATUS] = C_ ("registration export", "Registration status");
  cells[COL_REGISTERED_AT] = C_ ("registration export", "Registered at");
  cells[COL_CHECKED_IN_AT] = C_ ("registration export", "Checked in at");
  cells[COL_DESKS] = C_ ("registration export", "Check-in desks");
}

static char *
format_time (const char *iso)
{
  const DqTable *table = dq_schema_table ("registration");
  DqValue        value = { 0 };

  if (iso == NULL || iso[0] == '\0')
    return g_strdup ("");
  value.kind = DQ_VALUE_TEXT;
  value.s = (char *) iso;
  return dq_format_value (dq_table_column (table, "registered_at"), &value, TRUE);
}

static char *
place_text (const DqRegistration *r)
{
  switch (r->place)
    {
    case DQ_PLACE_WAITLISTED:
      /* TRANSLATORS: a registration's status: 4th on the waitlist */
      return g_strdup_printf (_ ("Waitlisted, no. %u"), r->position);
    case DQ_PLACE_CANCELLED:
      return g_strdup (C_ ("registration", "Cancelled"));
    case DQ_PLACE_REGISTERED:
    default:
      return g_strdup (C_ ("registration", "Registered"));
    }
}

/* Non-members' political status (by registration id), as its label. */
static GHashTable *
political_statuses (DqStore    *store,
                    const char *activity_id,
                    GError    **error)
{
  const char     *params[] = { activity_id, NULL };
  const DqColumn *column = dq_table_column (dq_schema_table ("registration"), "political_status");
  g_autoptr (GPtrArray) rows =
      dq_store_select (store,
                       "SELECT id, political_status FROM registration "
                       "WHERE activity_id = ? AND deleted = 0 AND coalesce(political_status, '') <> ''",
                       params, error);
  GHashTable *labels;

  if (rows == NULL)
    return NULL;
  labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < rows->len; i++)
    {
      char  **row = g_ptr_array_index (rows, i);
      DqValue value = { 0 };

      value.kind = DQ_VALUE_TEXT;
      value.s = row[1];
      g_hash_table_insert (labels, g_strdup (row[0]), dq_format_value (column, &value, TRUE));
    }
  return labels;
}

/* A spreadsheet reads a CSV field that starts with = + @ as a formula: a
 * name typed at the desk must not become one. */
static const char *
csv_safe (const char *text,
          char      **scratch)
{
  if (text[0] == '=' || text[0] == '+' || text[0] == '@' || text[0] == '\t' || text[0] == '\r')
    return *scratch = g_strconcat ("'", text, NULL);
  return text;
}

static char *
activity_title (DqStore    *store,
                const char *activity_id)
{
  const char *params[] = { activity_id, NULL };
  g_autoptr (GPtrArray) rows = dq_store_select (store, "SELECT title FROM activity WHERE id = ?", params, NULL);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_strdup (((char **) g_ptr_array_index (rows, 0))[0]);
}

/* Public API */

const char *
dq_export_format_suffix (DqExportFormat format)
{
  return format == DQ_EXPORT_XLSX ? "xlsx" : "csv";
}

gboolean
dq_activity_export (DqStore       *store,
                    const char    *activity_id,
                    DqExportFormat format,
                    gboolean       unmask,
                    GBytes       **out,
                    GError       **error)
{
  g_autoptr (GPtrArray) registrations = NULL;
  g_autoptr (GHashTable) statuses = NULL;
  g_autoptr (GString) csv = NULL;
  g_autoptr (DqXlsx) xlsx = NULL;
  g_autofree char *title = NULL;
  const char      *cells[N_COLUMNS];

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (activity_id != NULL, FALSE);
  g_return_val_if_fail (format == DQ_EXPORT_CSV || format == DQ_EXPORT_XLSX, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  registrations = dq_activity_list_registrations (store, activity_id, error);
  if (registrations == NULL)
    return FALSE;
  statuses = political_statuses (store, activity_id, error);
  if (statuses == NULL)
    return FALSE;

  /* The log first: an export that cannot be recorded does not happen. */
  if (unmask)
    {
      g_autoptr (GError) local_error = NULL;

      if (!dq_audit_log_store (store, "export-unmasked", "registration", activity_id,
                               dq_export_format_suffix (format), &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code, _ ("%s; nothing was exported"),
                       local_error->message);
          return FALSE;
        }
    }

  header (cells);
  if (format == DQ_EXPORT_XLSX)
    {
      title = activity_title (store, activity_id);
      xlsx = dq_xlsx_new (title ? title : C_ ("registration export", "Registrations"));
      dq_xlsx_set_numeric_column (xlsx, COL_NUMBER);
      dq_xlsx_set_numeric_column (xlsx, COL_DESKS);
      dq_xlsx_add_row (xlsx, cells, N_COLUMNS);
    }
  else
    {
      csv = g_string_new (UTF8_BOM);
      for (guint i = 0; i < N_COLUMNS; i++)
        dq_csv_append_field (csv, cells[i], i == 0);
      dq_csv_end_record (csv);
    }

  for (guint i = 0; i < registrations->len; i++)
    {
      DqRegistration  *r = g_ptr_array_index (registrations, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *phone = NULL;
      g_autofree char *status = place_text (r);
      g_autofree char *registered_at = format_time (r->registered_at);
      g_autofree char *checked_in_at = format_time (r->checked_in_at);
      g_autofree char *desks = g_strdup_printf ("%u", r->n_desks);
      const char      *affiliation = r->member_id ? r->branch : g_hash_table_lookup (statuses, r->id);

      if (r->phone != NULL)
        phone = unmask ? g_strdup (r->phone) : dq_mask_phone (r->phone);
      cells[COL_NUMBER] = number;
      cells[COL_NAME] = r->name;
      cells[COL_AFFILIATION] = affiliation;
      cells[COL_PHONE] = phone;
      cells[COL_STATUS] = status;
      cells[COL_REGISTERED_AT] = registered_at;
      cells[COL_CHECKED_IN_AT] = checked_in_at;
      cells[COL_DESKS] = desks;

      if (xlsx != NULL)
        {
          dq_xlsx_add_row (xlsx, cells, N_COLUMNS);
          continue;
        }
      for (guint j = 0; j < N_COLUMNS; j++)
        {
          g_autofree char *scratch = NULL;

          dq_csv_append_field (csv, cells[j] ? csv_safe (cells[j], &scratch) : NULL, j == 0);
        }
      dq_csv_end_record (csv);
    }

  if (xlsx != NULL)
    {
      *out = dq_xlsx_finish (xlsx, error);
      return *out != NULL;
    }
  *out = g_string_free_to_bytes (g_steal_pointer (&csv));
  return TRUE;
}

char *
dq_activity_export_file_name (DqStore       *store,
                              const char    *activity_id,
                              DqExportFormat format)
{
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (activity_id != NULL, NULL);

  title = activity_title (store, activity_id);
  if (title == NULL || title[0] == '\0')
    name = g_strdup (C_ ("registration export", "Registrations"));
  else
    /* TRANSLATORS: a file name: the activity's title, then what the file holds */
    name = g_strdup_printf (_ ("%s – registrations and attendance"), title);
  g_strdelimit (name, "/\\:*?\"<>|\n\r\t", '_');
  return g_strconcat (name, ".", dq_export_format_suffix (format), NULL);
}
