/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-server seed and audit: loading the demo data into the server's
 * replica, and reading back the audit history of one record. */

#define G_LOG_DOMAIN "dq-server-data"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "dq-codes.h"
#include "dq-hlc.h"
#include "dq-schema.h"
#include "dq-server-cli.h"
#include "dq-server-storage.h"

static void
on_seed_progress_cb (const char *table,
                     guint64     rows,
                     gpointer    data)
{
  char **last = data;

  if (g_strcmp0 (*last, table) == 0)
    return;
  fprintf (stderr, _ ("Generating demo data: %s…\n"), table);
  g_free (*last);
  *last = g_strdup (table);
}

gboolean
dq_server_seed (GStrv   *args,
                GError **error)
{
  g_autofree char   *data_dir = NULL;
  g_autofree char   *district = NULL;
  g_autofree char   *last_table = NULL;
  gboolean           demo = FALSE, city = FALSE;
  double             scale = 1.0;
  const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, NULL, NULL },
    { "district", 0, 0, G_OPTION_ARG_STRING, &district, NULL, NULL },
    { "city", 0, 0, G_OPTION_ARG_NONE, &city, NULL, NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, NULL, NULL },
    { NULL }
  };
  DqDemoOptions    options = { 0 };
  DqDemoStats      stats = { 0 };
  g_autofree char *total = NULL;
  DqServerStorage *storage;
  gboolean         ok;

  if (!dq_server_cli_parse (entries, args, 0, &data_dir, error))
    return FALSE;
  if (!demo || (district != NULL) == city)
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           _ ("Give --demo and either --district CODE or --city"));
      return FALSE;
    }
  if (district != NULL && dq_district_lookup (district) == NULL)
    {
      g_set_error (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_FAILED,
                   _ ("“%s” is not a known district code"), district);
      return FALSE;
    }
  if (!(scale > 0.0 && scale <= 100.0))
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           _ ("--scale must be more than 0 and at most 100"));
      return FALSE;
    }

  if ((storage = dq_server_storage_open (data_dir, error)) == NULL)
    return FALSE;
  options.district = district;
  options.scale = scale;
  options.progress = on_seed_progress_cb;
  options.progress_data = &last_table;
  ok = dq_server_storage_seed (storage, &options, &stats, error);
  dq_server_storage_close (storage);
  if (!ok)
    return FALSE;

  total = g_strdup_printf ("%" G_GUINT64_FORMAT, stats.total);
  printf (ngettext ("Loaded %s demo record\n", "Loaded %s demo records\n", (gulong) stats.total),
          total);
  return TRUE;
}

/* 2026-07-01T09:30:00.123+08:00 */
static char *
format_time (gint64 ms)
{
  g_autoptr (GDateTime) seconds = g_date_time_new_from_unix_local (ms / 1000);
  g_autoptr (GDateTime) time = g_date_time_add (seconds, (ms % 1000) * 1000);
  g_autofree char *date = g_date_time_format (time, "%FT%T");
  g_autofree char *offset = g_date_time_format (time, "%:z");

  return g_strdup_printf ("%s.%03d%s", date, (int) (ms % 1000), offset);
}

/* One line an accepted change, oldest first, tab-separated: received
 * time, user, pushing node, hlc, the cells it won (JSON). */
gboolean
dq_server_audit (GStrv   *args,
                 GError **error)
{
  g_autofree char *data_dir = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  DqServerStorage *storage;
  const char      *table, *id;

  if (!dq_server_cli_parse (NULL, args, 2, &data_dir, error))
    return FALSE;
  table = (*args)[1];
  id = (*args)[2];
  if (dq_schema_table (table) == NULL)
    {
      g_set_error (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_FAILED,
                   _ ("There is no table “%s”"), table);
      return FALSE;
    }

  if ((storage = dq_server_storage_open (data_dir, error)) == NULL)
    return FALSE;
  entries = dq_server_storage_audit (storage, table, id, error);
  dq_server_storage_close (storage);
  if (entries == NULL)
    return FALSE;
  if (entries->len == 0)
    fprintf (stderr, _ ("No accepted changes of this record\n"));

  for (guint i = 0; i < entries->len; i++)
    {
      const DqServerAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char          *time = format_time (entry->received_ms);
      char                      hlc[17];

      dq_hlc_format (entry->hlc, hlc);
      printf ("%s\t%s\t%s\t%s\t%s\n", time, entry->user, entry->node, hlc, entry->cells);
    }
  return TRUE;
}
