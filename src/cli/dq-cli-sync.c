/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli login, logout and sync: the sync engine of libdangqun driven
 * to completion, one operation a process. Exit status 2 when the server
 * cannot be reached and 3 when a sign-in is needed (see
 * dq_cli_exit_status()); local work is always kept. */

#define G_LOG_DOMAIN "dq-cli-sync"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-cli.h"

DqSyncEngine *
dq_cli_get_engine (DqCli   *cli,
                   GError **error)
{
  DqStore *store = dq_cli_get_store (cli, error);

  return store != NULL ? dq_sync_engine_new (dq_store_get_path (store)) : NULL;
}

void
dq_cli_store_result_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
dq_cli_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

int
dq_cli_exit_status (const GError *error)
{
  if (g_error_matches (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_UNREACHABLE))
    return 2;
  if (g_error_matches (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_NEEDS_LOGIN))
    return 3;
  return 1;
}

/* One line of standard input, without its line end. */
static char *
read_password (GError **error)
{
  g_autoptr (GString) line = g_string_new (NULL);
  int c;

  while ((c = getc (stdin)) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);

  if (line->len == 0)
    {
      g_set_error_literal (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                           _ ("Give the password as one line on standard input"));
      return NULL;
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

gboolean
dq_cli_login (DqCli   *cli,
              GStrv   *args,
              GError **error)
{
  g_autofree char   *server = NULL;
  g_autofree char   *user = NULL;
  g_autofree char   *password = NULL;
  gboolean           password_stdin = FALSE;
  gboolean           keep = FALSE;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, NULL, NULL },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, NULL, NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, NULL, NULL },
    { "keep-local-changes", 0, 0, G_OPTION_ARG_NONE, &keep, NULL, NULL },
    { NULL }
  };
  g_autoptr (DqSyncEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GString) out = NULL;
  g_autofree char *districts = NULL;

  if (!dq_cli_parse_args (cli, entries, args, error))
    return FALSE;
  if (server == NULL || user == NULL || !password_stdin)
    {
      /* A password in the arguments would be visible to every user of the
       * machine (ps) and kept in the shell's history. */
      g_set_error_literal (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                           _ ("login needs --server, --user and --password-stdin"));
      return FALSE;
    }
  if ((password = read_password (error)) == NULL ||
      (engine = dq_cli_get_engine (cli, error)) == NULL)
    return FALSE;

  dq_sync_engine_login_async (engine, server, user, password,
                              keep ? DQ_SYNC_LOGIN_KEEP_PENDING : DQ_SYNC_LOGIN_NONE, NULL,
                              dq_cli_store_result_cb, &result);
  memset (password, 0, strlen (password));
  if (!dq_sync_engine_login_finish (engine, dq_cli_wait (&result), &local_error))
    {
      if (g_error_matches (local_error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_PENDING_CHANGES))
        g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_FAILED, "%s\n%s", local_error->message,
                     _ ("Run “dangqun-cli sync” as that user first, or sign in with "
                        "--keep-local-changes to send them with the new account."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  districts = g_strjoinv (", ", (GStrv) dq_sync_engine_get_districts (engine));
  out = g_string_new (NULL);
  g_string_printf (out, _ ("Signed in to %s as %s (districts: %s)"),
                   dq_sync_engine_get_server (engine), dq_sync_engine_get_user (engine),
                   districts);
  g_string_append_c (out, '\n');
  return dq_cli_flush (out, error);
}

gboolean
dq_cli_logout (DqCli   *cli,
               GStrv   *args,
               GError **error)
{
  g_autoptr (DqSyncEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GString) out = NULL;
  guint pending;

  if (!dq_cli_parse_args (cli, NULL, args, error) ||
      (engine = dq_cli_get_engine (cli, error)) == NULL)
    return FALSE;

  dq_sync_engine_logout_async (engine, NULL, dq_cli_store_result_cb, &result);
  if (!dq_sync_engine_logout_finish (engine, dq_cli_wait (&result), error))
    return FALSE;

  out = g_string_new (NULL);
  pending = dq_sync_engine_get_pending (engine);
  if (pending == 0)
    g_string_append (out, _ ("Signed out"));
  else
    g_string_printf (out,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Signed out; %u change made here stays for the next sign-in",
                                  "Signed out; %u changes made here stay for the next sign-in",
                                  pending),
                     pending);
  g_string_append_c (out, '\n');
  return dq_cli_flush (out, error);
}

gboolean
dq_cli_sync (DqCli   *cli,
             GStrv   *args,
             GError **error)
{
  g_autoptr (DqSyncEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GString) out = NULL;
  g_autofree char *state = NULL;
  gint64           start = g_get_real_time () / 1000;
  GPtrArray       *problems;
  gboolean         ok;

  if (!dq_cli_parse_args (cli, NULL, args, error) ||
      (engine = dq_cli_get_engine (cli, error)) == NULL)
    return FALSE;

  dq_sync_engine_sync_async (engine, NULL, dq_cli_store_result_cb, &result);
  ok = dq_sync_engine_sync_finish (engine, dq_cli_wait (&result), error);

  /* What the server refused in this sync, whatever its outcome. */
  problems = dq_sync_engine_get_problems (engine);
  for (guint i = 0; i < problems->len; i++)
    {
      const DqSyncProblem *p = g_ptr_array_index (problems, i);
      g_autofree char     *reason = NULL;
      g_autofree char     *line = NULL;

      if (p->time_ms < start)
        continue;
      reason = dq_sync_problem_describe (p);
      line = g_strdup_printf (_ ("The server refused a change of %s %s: %s"), p->table, p->row,
                              reason);
      dq_cli_warn (line);
    }
  if (!ok)
    return FALSE;

  state = dq_sync_state_describe (dq_sync_engine_get_state (engine),
                                  dq_sync_engine_get_pending (engine));
  out = g_string_new (state);
  g_string_append_c (out, '\n');
  return dq_cli_flush (out, error);
}
