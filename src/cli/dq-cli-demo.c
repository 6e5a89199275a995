/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli demo: fills the replica with the deterministic, fictional
 * demo data of dq-demo.c for one district or the whole city, showing
 * progress on stderr and the rows per table at the end. */

#define G_LOG_DOMAIN "dq-cli-demo"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "dq-cli.h"
#include "dq-codes.h"
#include "dq-demo.h"
#include "dq-schema.h"

typedef struct {
  gboolean tty;
  char    *table; /* the table of the last progress report */
} Progress;

static void
on_progress_cb (const char *table,
                guint64     rows,
                gpointer    user_data)
{
  Progress        *self = user_data;
  g_autofree char *count = NULL;
  g_autofree char *line = NULL;

  /* A terminal sees one line counting up; a log, a line per table. */
  if (!self->tty)
    {
      if (g_strcmp0 (self->table, table) != 0)
        fprintf (stderr, _ ("Generating demo data: %s…\n"), table);
    }
  else
    {
      count = g_strdup_printf ("%" G_GUINT64_FORMAT, rows);
      line = g_strdup_printf (ngettext ("Generating demo data: %s, %s row",
                                        "Generating demo data: %s, %s rows", (gulong) rows),
                              table, count);
      fprintf (stderr, "\r%s\033[K", line);
    }
  g_free (self->table);
  self->table = g_strdup (table);
}

static gboolean
check_options (const char *district,
               gboolean    city,
               double      scale,
               gint64      seed,
               GError    **error)
{
  if ((district != NULL) == city)
    g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                 _ ("Give either --district CODE or --city"));
  else if (district != NULL && dq_district_lookup (district) == NULL)
    g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED,
                 _ ("“%s” is not a known district code"), district);
  else if (!(scale > 0.0 && scale <= 100.0))
    g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                 _ ("--scale must be more than 0 and at most 100"));
  else if (seed < 0 || seed > G_MAXUINT32)
    g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                 _ ("--seed must be between 0 and 4294967295"));
  else
    return TRUE;
  return FALSE;
}

static void
append_summary (GString           *out,
                const DqDemoStats *stats)
{
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);

  for (guint i = 0; i < n_tables && i < G_N_ELEMENTS (stats->rows); i++)
    if (stats->rows[i] > 0)
      g_string_append_printf (out, "%-20s %10" G_GUINT64_FORMAT "  %s\n", tables[i].name,
                              stats->rows[i], dq_table_label (&tables[i]));
  g_string_append_printf (out, "%-20s %10" G_GUINT64_FORMAT "\n", _ ("Total"), stats->total);
}

gboolean
dq_cli_demo (DqCli   *cli,
             GStrv   *args,
             GError **error)
{
  g_autofree char   *district = NULL;
  gboolean           city = FALSE;
  double             scale = 1.0;
  gint64             seed = 0;
  const GOptionEntry entries[] = {
    { "district", 0, 0, G_OPTION_ARG_STRING, &district, NULL, NULL },
    { "city", 0, 0, G_OPTION_ARG_NONE, &city, NULL, NULL },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, NULL, NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, NULL, NULL },
    { NULL }
  };
  Progress      progress = { isatty (STDERR_FILENO), NULL };
  DqDemoOptions options = { 0 };
  DqDemoStats   stats = { 0 };
  g_autoptr (GString) out = NULL;
  DqStore *store;
  gboolean ok;

  if (!dq_cli_parse_args (cli, entries, args, error) ||
      !check_options (district, city, scale, seed, error) ||
      (store = dq_cli_get_store (cli, error)) == NULL)
    return FALSE;

  options.district = district;
  options.seed = (guint32) seed;
  options.scale = scale;
  options.progress = on_progress_cb;
  options.progress_data = &progress;
  ok = dq_demo_generate (store, &options, &stats, error);
  if (progress.tty && progress.table != NULL)
    fputc ('\n', stderr);
  g_free (progress.table);
  if (!ok)
    return FALSE;

  out = g_string_new (NULL);
  append_summary (out, &stats);
  return dq_cli_flush (out, error);
}
