/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-server: the city server. Finds the command in the table below and
 * runs it. Exit status: 0 on success, 1 on bad usage or failure. Tools and
 * tests drive these commands: names, options and outputs are a public
 * interface. */

#define G_LOG_DOMAIN "dq-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-server-auth.h"
#include "dq-server-cli.h"

typedef struct {
  const char         *name;
  const char         *sub; /* "user add": "user", "add" */
  DqServerCommandFunc run;
  const char         *synopsis;
  const char         *summary;
} Command;

static const Command commands[] = {
  { "serve", NULL, dq_server_serve,
    N_ ("--data-dir DIR --listen HOST:PORT [--tls-cert FILE --tls-key FILE]"),
    N_ ("Serve the sync protocol; port 0 picks a free port") },
  { "user", "add", dq_server_user_add,
    N_ ("NAME --role staff|admin [--district CODE]… --password-stdin --data-dir DIR"),
    N_ ("Add a user; the password is read from standard input") },
  { "user", "passwd", dq_server_user_passwd, N_ ("NAME --password-stdin --data-dir DIR"),
    N_ ("Change a user’s password and end the user’s sessions") },
  { "user", "disable", dq_server_user_disable, N_ ("NAME --data-dir DIR"),
    N_ ("Stop a user from logging in and end the user’s sessions") },
  { "user", "enable", dq_server_user_enable, N_ ("NAME --data-dir DIR"),
    N_ ("Let a disabled user log in again") },
  { "user", "list", dq_server_user_list, N_ ("--data-dir DIR"),
    N_ ("List the users: name, role, districts, and whether disabled") },
  { "seed", NULL, dq_server_seed,
    N_ ("--demo (--district CODE | --city) [--scale X] --data-dir DIR"),
    N_ ("Load the fictional demo data") },
  { "audit", NULL, dq_server_audit, N_ ("TABLE ID --data-dir DIR"),
    N_ ("Print every accepted change of a record, oldest first") },
};

static void
append_command (GString       *out,
                const Command *command)
{
  g_string_append_printf (out, "  dangqun-server %s%s%s %s\n      %s\n", command->name,
                          command->sub ? " " : "", command->sub ? command->sub : "",
                          _ (command->synopsis), _ (command->summary));
}

static char *
usage (const Command *only)
{
  GString *out = g_string_new (_ ("Usage:"));

  g_string_append_c (out, '\n');
  if (only != NULL)
    {
      append_command (out, only);
      return g_string_free (out, FALSE);
    }
  g_string_append_printf (out, "  dangqun-server %s\n\n%s\n", _ ("COMMAND [ARGUMENTS…]"),
                          _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    append_command (out, &commands[i]);
  return g_string_free (out, FALSE);
}

static int
bad_usage (const char    *message,
           const Command *command)
{
  g_autofree char *text = usage (command);

  if (message != NULL)
    dq_server_cli_warn (message);
  fputs (text, stderr);
  return 1;
}

/* The command that @argv names, and how many words name it. */
static const Command *
lookup_command (char **argv,
                guint *n_words)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (commands[i].name, argv[1]) != 0)
        continue;
      if (commands[i].sub == NULL)
        {
          *n_words = 1;
          return &commands[i];
        }
      if (argv[2] != NULL && strcmp (commands[i].sub, argv[2]) == 0)
        {
          *n_words = 2;
          return &commands[i];
        }
    }
  return NULL;
}

static gboolean
wants_help (char **args)
{
  for (guint i = 1; args[i] != NULL && strcmp (args[i], "--") != 0; i++)
    if (strcmp (args[i], "--help") == 0 || strcmp (args[i], "-h") == 0)
      return TRUE;
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  const Command *command;
  guint          n_words = 0;

  setlocale (LC_ALL, "");
  /* DANGQUN_LOCALEDIR: the catalogs of an uninstalled build (tests). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DANGQUN_LOCALEDIR") ? g_getenv ("DANGQUN_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("dangqun-server");

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      g_autofree char *text = usage (NULL);

      if (argc < 2)
        return bad_usage (NULL, NULL);
      fputs (text, stdout);
      return 0;
    }

  command = lookup_command (argv, &n_words);
  if (command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("Unknown command “%s”"), argv[1]);

      return bad_usage (message, NULL);
    }

  /* The command's arguments, its name first as a program's are. */
  args = g_strdupv (argv + n_words);
  if (wants_help (args))
    {
      g_autofree char *text = usage (command);

      fputs (text, stdout);
      return 0;
    }

  if (!dq_server_auth_init (&error) || !command->run (&args, &error))
    {
      if (error->domain == G_OPTION_ERROR ||
          g_error_matches (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE))
        return bad_usage (error->message, command);
      dq_server_cli_warn (error->message);
      return 1;
    }
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      dq_server_cli_warn (_ ("Cannot write the output"));
      return 1;
    }
  return 0;
}
