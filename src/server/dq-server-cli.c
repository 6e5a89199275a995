/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every dangqun-server command uses. */

#define G_LOG_DOMAIN "dq-server-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-server-cli.h"

/* A password is a line of text; more than this is a mistake. */
#define MAX_PASSWORD 1024

G_DEFINE_QUARK (dq_server_cli_error_quark, dq_server_cli_error)

gboolean
dq_server_cli_parse (const GOptionEntry *entries,
                     GStrv              *args,
                     guint               n_args,
                     char              **data_dir,
                     GError            **error)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  const GOptionEntry common[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, data_dir, NULL, NULL },
    { NULL }
  };
  guint n;

  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, args, error))
    return FALSE;

  /* "--" ends the options; it is no argument itself. */
  for (guint i = 1; (*args)[i] != NULL; i++)
    if (strcmp ((*args)[i], "--") == 0)
      {
        g_free ((*args)[i]);
        memmove (&(*args)[i], &(*args)[i + 1], (g_strv_length (&(*args)[i + 1]) + 1) * sizeof (char *));
        break;
      }

  n = g_strv_length (*args);
  if (n != n_args + 1)
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           n < n_args + 1 ? _ ("Missing arguments") : _ ("Too many arguments"));
      return FALSE;
    }
  if (*data_dir == NULL || **data_dir == '\0')
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           _ ("Give the data folder with --data-dir DIR"));
      return FALSE;
    }
  return TRUE;
}

char *
dq_server_cli_read_password (GError **error)
{
  g_autoptr (GString) password = g_string_new (NULL);
  char   buffer[256];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0 && password->len <= MAX_PASSWORD)
    g_string_append_len (password, buffer, (gssize) n);

  if (password->len > 0 && password->str[password->len - 1] == '\n')
    g_string_truncate (password, password->len - 1);
  if (password->len > 0 && password->str[password->len - 1] == '\r')
    g_string_truncate (password, password->len - 1);

  if (password->len == 0)
    g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_FAILED,
                         _ ("No password on standard input"));
  else if (password->len > MAX_PASSWORD)
    g_set_error (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_FAILED,
                 _ ("The password is longer than %d bytes"), MAX_PASSWORD);
  else if (memchr (password->str, '\0', password->len) != NULL ||
           strchr (password->str, '\n') != NULL ||
           !g_utf8_validate (password->str, (gssize) password->len, NULL))
    g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_FAILED,
                         _ ("The password must be one line of UTF-8 text"));
  else
    return g_string_free (g_steal_pointer (&password), FALSE);
  return NULL;
}

void
dq_server_cli_warn (const char *message)
{
  fprintf (stderr, "dangqun-server: %s\n", message);
}
