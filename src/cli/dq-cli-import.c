/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli import: records of one table from a CSV file, all of them or
 * none. DqImport (libdangqun, shared with the app) reads and checks the
 * file; this prints its problems, each with its row (the header is row 1,
 * as in a spreadsheet), or writes every record in one transaction. */

#define G_LOG_DOMAIN "dq-cli-import"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "dq-cli.h"
#include "dq-import.h"

/* Problems listed at most; the rest are counted. */
#define MAX_REPORTED 100

static DqImport *
read_file (const DqTable *table,
           const char    *path,
           GError       **error)
{
  g_autoptr (DqImport) import = dq_import_new (table);
  g_autofree char *bytes = NULL;
  gsize            length;
  GError          *local_error = NULL;

  if (!g_file_get_contents (path, &bytes, &length, error))
    return NULL;
  if (dq_import_read (import, bytes, length, &local_error))
    return g_steal_pointer (&import);

  if (g_error_matches (local_error, DQ_IMPORT_ERROR, DQ_IMPORT_ERROR_EMPTY))
    {
      g_clear_error (&local_error);
      g_set_error (&local_error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED,
                   _ ("%s is empty: the first row must name the columns"), path);
    }
  g_propagate_error (error, local_error);
  return NULL;
}

static void
print_report (DqImport *import)
{
  GPtrArray *problems = dq_import_get_problems (import);
  guint      n_problems = dq_import_get_n_problems (import);
  g_autoptr (GString) report = g_string_new (NULL);

  for (guint i = 0; i < problems->len && i < MAX_REPORTED; i++)
    {
      g_autofree char *line = dq_import_problem_format (g_ptr_array_index (problems, i));

      g_string_append (report, line);
      g_string_append_c (report, '\n');
    }
  if (n_problems > MAX_REPORTED)
    {
      guint more = n_problems - MAX_REPORTED;

      g_string_append_printf (report,
                              ngettext ("… and %u more problem\n", "… and %u more problems\n",
                                        more),
                              more);
    }
  fputs (report->str, stderr);
}

gboolean
dq_cli_import (DqCli   *cli,
               GStrv   *args,
               GError **error)
{
  g_autoptr (DqImport) import = NULL;
  g_autoptr (GString) out = NULL;
  const DqTable *table;
  DqStore       *store;
  guint          n_problems;
  guint          n_new;
  guint          n_updated;
  guint          written;

  table = dq_cli_open_table (cli, NULL, args, &store, error);
  if (table == NULL || (import = read_file (table, (*args)[2], error)) == NULL ||
      !dq_import_fetch (import, store, error))
    return FALSE;
  dq_import_check (import);

  n_problems = dq_import_get_n_problems (import);
  if (n_problems > 0)
    {
      print_report (import);
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED,
                   ngettext ("%u problem in %s; nothing was imported",
                             "%u problems in %s; nothing was imported", n_problems),
                   n_problems, (*args)[2]);
      return FALSE;
    }

  if (!dq_import_write (import, store, error))
    {
      g_prefix_error (error, _ ("Nothing was imported: "));
      return FALSE;
    }

  n_new = dq_import_get_n_new (import);
  n_updated = dq_import_get_n_updated (import);
  written = n_new + n_updated;
  out = g_string_new (NULL);
  g_string_append_printf (out,
                          ngettext ("Imported %u row (new: %u, updated: %u, unchanged: %u)\n",
                                    "Imported %u rows (new: %u, updated: %u, unchanged: %u)\n",
                                    written),
                          written, n_new, n_updated, dq_import_get_n_unchanged (import));
  return dq_cli_flush (out, error);
}
