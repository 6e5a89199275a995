/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli: the headless client. Parses the global options, finds the
 * command in the table below and runs it on the replica of the data folder
 * that the desktop app shares. Exit status: 0 on success, 1 on bad usage or
 * when the data or the replica refused, 2 when the sync server cannot be
 * reached and 3 when it needs a sign-in. */

#define G_LOG_DOMAIN "dq-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-cli.h"
#include "dq-schema.h"

/* Other tools drive dangqun-cli: names, arguments and outputs are a public
 * interface. */
static const DqCliCommand commands[] = {
  { "new", dq_cli_new, N_ ("TABLE COLUMN=VALUE…"),
    N_ ("Add a record and print its id"), 2, -1 },
  { "set", dq_cli_set, N_ ("TABLE ID COLUMN=VALUE…"),
    N_ ("Change cells of a record"), 3, -1 },
  { "get", dq_cli_get, N_ ("TABLE ID"),
    N_ ("Print a record as JSON"), 2, 2 },
  { "delete", dq_cli_delete, N_ ("TABLE ID"),
    N_ ("Delete a record"), 2, 2 },
  { "list", dq_cli_list, N_ ("TABLE [--where COLUMN=VALUE]… [--limit N]"),
    N_ ("Print records, one JSON object a line"), 1, 1 },
  { "find", dq_cli_find, N_ ("TABLE TEXT"),
    N_ ("Search records by name, phone or ID number"), 2, 2 },
  { "export", dq_cli_export, N_ ("TABLE [--format csv|ndjson] [--labels] [--unmask]"),
    N_ ("Write every record of a table to standard output"), 1, 1 },
  { "import", dq_cli_import, N_ ("TABLE FILE.csv"),
    N_ ("Add or update records from a CSV file: all of them or none"), 2, 2 },
  { "history", dq_cli_history, N_ ("TABLE ID [--json]"),
    N_ ("Show the past values of a record, newest first"), 2, 2 },
  { "dump", dq_cli_dump, N_ ("[--stamps]"),
    N_ ("Print the whole replica in canonical form"), 0, 0 },
  { "demo", dq_cli_demo, N_ ("(--district CODE | --city) [--scale X] [--seed N]"),
    N_ ("Fill the replica with fictional demo data"), 0, 0 },
  { "checkin", dq_cli_checkin, N_ ("ACTIVITY_ID TEXT"),
    N_ ("Check a person in at an activity by card, ID number, phone or name (JSON)"), 2, 2 },
  { "register", dq_cli_register, N_ ("ACTIVITY_ID (--member ID | --name NAME --phone PHONE [--political-status CODE])"),
    N_ ("Register a member or a non-member for an activity (JSON)"), 1, 1 },
  { "status", dq_cli_status, "",
    N_ ("Print the state of this replica as JSON"), 0, 0 },
  { "login", dq_cli_login, N_ ("--server URL --user NAME --password-stdin [--keep-local-changes]"),
    N_ ("Sign in to the city server (the password is read from standard input)"), 0, 0 },
  { "logout", dq_cli_logout, "",
    N_ ("Sign out; changes not yet synced stay on this computer"), 0, 0 },
  { "sync", dq_cli_sync, "",
    N_ ("Send local changes and fetch the server’s until up to date "
        "(exit status 2: server unreachable, 3: sign-in needed)"),
    0, 0 },
};

static const DqCliCommand *
lookup_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

/* "  dangqun-cli get TABLE ID" and, indented below, what it does. */
static void
append_command (GString            *out,
                const DqCliCommand *command)
{
  g_string_append_printf (out, "  dangqun-cli %s%s%s\n      %s\n", command->name,
                          *command->synopsis ? " " : "",
                          *command->synopsis ? _ (command->synopsis) : "",
                          _ (command->summary));
}

static char *
usage (void)
{
  GString       *out = g_string_new (NULL);
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);

  g_string_append_printf (out, "%s\n  dangqun-cli [--data-dir DIR] %s\n\n", _ ("Usage:"),
                          _ ("COMMAND [ARGUMENTS…]"));
  g_string_append_printf (out, "%s\n", _ ("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    append_command (out, &commands[i]);

  g_string_append_printf (out, "\n%s\n  --data-dir DIR  %s\n", _ ("Options:"),
                          _ ("Folder of the replica (default: the desktop app’s)"));
  g_string_append_printf (out, "\n%s\n", _ ("Tables:"));
  for (guint i = 0; i < n_tables; i++)
    g_string_append_printf (out, "  %-20s%s\n", tables[i].name, dq_table_label (&tables[i]));
  return g_string_free (out, FALSE);
}

static char *
command_usage (const DqCliCommand *command)
{
  GString *out = g_string_new (_ ("Usage:"));

  g_string_append_c (out, '\n');
  append_command (out, command);
  return g_string_free (out, FALSE);
}

/* --help anywhere before a "--" asks for the command's usage. */
static gboolean
wants_help (GStrv args)
{
  for (guint i = 1; args[i] != NULL && strcmp (args[i], "--") != 0; i++)
    if (strcmp (args[i], "--help") == 0 || strcmp (args[i], "-h") == 0)
      return TRUE;
  return FALSE;
}

static int
bad_usage (const char *message,
           const char *text)
{
  if (message != NULL)
    dq_cli_warn (message);
  fputs (text, stderr);
  return 1;
}

static int
run (DqCli *cli,
     GStrv *args)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  cli->command = lookup_command ((*args)[0]);
  if (cli->command == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("Unknown command “%s”"), (*args)[0]);

      return bad_usage (message, _ ("Run “dangqun-cli --help” to see the commands.\n"));
    }

  if (wants_help (*args))
    {
      text = command_usage (cli->command);
      fputs (text, stdout);
      return 0;
    }

  if (!cli->command->run (cli, args, &error))
    {
      if (error->domain == G_OPTION_ERROR ||
          g_error_matches (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE))
        {
          text = command_usage (cli->command);
          return bad_usage (error->message, text);
        }
      dq_cli_warn (error->message);
      return dq_cli_exit_status (error);
    }

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      dq_cli_warn (_ ("Cannot write the output"));
      return 1;
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char   *data_dir = NULL;
  gboolean           help = FALSE;
  const GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, NULL, NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, NULL, NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) args = NULL;
  g_auto (GStrv) command_args = NULL;
  g_autofree char *text = NULL;
  DqCli            cli = { 0 };
  int              status;

  setlocale (LC_ALL, "");
  /* DANGQUN_LOCALEDIR: the catalogs of an uninstalled build (tests). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DANGQUN_LOCALEDIR") ? g_getenv ("DANGQUN_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("dangqun-cli");

  /* Global options stop at the command: the rest is the command's. */
  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      text = usage ();
      return bad_usage (error->message, text);
    }

  if (help || g_strv_length (args) < 2)
    {
      text = usage ();
      if (!help)
        return bad_usage (NULL, text);
      fputs (text, stdout);
      return 0;
    }

  cli.data_dir = data_dir ? g_strdup (data_dir)
                          : g_build_filename (g_get_user_data_dir (), "dangqun", NULL);
  /* The command's arguments, its name first as a program's are. */
  command_args = g_strdupv (args + 1);
  status = run (&cli, &command_args);

  g_clear_object (&cli.store);
  g_free (cli.data_dir);
  return status;
}
