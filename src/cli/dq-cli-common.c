/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pieces of dangqun-cli that every command uses: the data folder and the
 * replica in it, option parsing, and plain output. */

#define G_LOG_DOMAIN "dq-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dq-cli.h"
#include "dq-cli-values.h"

/* Rows read from the replica at a time by dq_cli_foreach_record(). */
#define PAGE_SIZE 2000

/* Bytes of output gathered before they go to stdout. */
#define FLUSH_AT (64 * 1024)

G_DEFINE_QUARK (dq_cli_error_quark, dq_cli_error)

char *
dq_cli_data_path (DqCli      *cli,
                  const char *name)
{
  return g_build_filename (cli->data_dir, name, NULL);
}

DqStore *
dq_cli_get_store (DqCli   *cli,
                  GError **error)
{
  g_autofree char *path = NULL;

  if (cli->store != NULL)
    return cli->store;

  /* The replica holds personal data: the folder is the user's alone. */
  if (g_mkdir_with_parents (cli->data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("Cannot create the data folder %s: %s"), cli->data_dir,
                   g_strerror (saved));
      return NULL;
    }

  path = dq_cli_data_path (cli, "replica.db");
  cli->store = dq_store_open (path, error);
  if (cli->store == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  /* Edits made here are the signed-in user's, in the history and on the
   * server's audit. */
  {
    g_autofree char *user = dq_store_get_meta (cli->store, "sync.user");

    dq_store_set_author (cli->store, user);
  }
  return cli->store;
}

/* GOptionContext stops at "--" but leaves it in place. */
static void
drop_double_dash (GStrv args)
{
  for (guint i = 1; args[i] != NULL; i++)
    if (strcmp (args[i], "--") == 0)
      {
        g_free (args[i]);
        memmove (&args[i], &args[i + 1], (g_strv_length (&args[i + 1]) + 1) * sizeof (char *));
        return;
      }
}

gboolean
dq_cli_parse_args (DqCli              *cli,
                   const GOptionEntry *entries,
                   GStrv              *args,
                   GError            **error)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  const DqCliCommand *command = cli->command;
  guint               n;

  /* main() answers --help before the command runs. */
  g_option_context_set_help_enabled (context, FALSE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, args, error))
    return FALSE;
  drop_double_dash (*args);

  n = g_strv_length (*args) - 1;
  if (n < command->min_args || (command->max_args >= 0 && n > (guint) command->max_args))
    {
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                   n < command->min_args ? _ ("Too few arguments for “%s”")
                                         : _ ("Too many arguments for “%s”"),
                   command->name);
      return FALSE;
    }
  return TRUE;
}

const DqTable *
dq_cli_open_table (DqCli              *cli,
                   const GOptionEntry *entries,
                   GStrv              *args,
                   DqStore           **store,
                   GError            **error)
{
  const DqTable *table;

  if (!dq_cli_parse_args (cli, entries, args, error))
    return NULL;
  table = dq_cli_lookup_table ((*args)[1], error);
  if (table == NULL)
    return NULL;
  *store = dq_cli_get_store (cli, error);
  return *store != NULL ? table : NULL;
}

gboolean
dq_cli_foreach_record (DqStore        *store,
                       DqQuery        *query,
                       guint           limit,
                       DqCliRecordFunc func,
                       gpointer        user_data,
                       GError        **error)
{
  guint done = 0;

  /* Pages keep memory flat at city scale (half a million members). */
  for (;;)
    {
      g_autoptr (GPtrArray) page = NULL;
      guint want = limit > 0 ? MIN (PAGE_SIZE, limit - done) : PAGE_SIZE;

      if (want == 0)
        return TRUE;
      dq_query_set_range (query, done, want);
      page = dq_store_list (store, query, error);
      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        if (!func (g_ptr_array_index (page, i), user_data, error))
          return FALSE;
      done += page->len;
      if (page->len < want)
        return TRUE;
    }
}

gboolean
dq_cli_flush (GString *text,
              GError **error)
{
  if (text->len > 0 && fwrite (text->str, 1, text->len, stdout) != text->len)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("Cannot write the output: %s"), g_strerror (saved));
      return FALSE;
    }
  g_string_truncate (text, 0);
  return TRUE;
}

gboolean
dq_cli_flush_if_full (GString *text,
                      GError **error)
{
  return text->len < FLUSH_AT || dq_cli_flush (text, error);
}

char *
dq_cli_format_time (gint64 unix_ms)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (unix_ms / 1000);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

void
dq_cli_warn (const char *message)
{
  fprintf (stderr, "dangqun-cli: %s\n", message);
}
