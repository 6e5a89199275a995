/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-server user add|passwd|disable|enable|list: the accounts. A staff
 * user has one or more districts; an admin may have none (an admin reads
 * and writes every district). Passwords come on standard input only, never
 * on the command line where other users could see them. */

#define G_LOG_DOMAIN "dq-server-users"

#include "config.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-codes.h"
#include "dq-server-auth.h"
#include "dq-server-cli.h"
#include "dq-server-storage.h"

#define MAX_NAME 64

static gboolean
check_name (const char *name,
            GError    **error)
{
  glong length = g_utf8_validate (name, -1, NULL) ? g_utf8_strlen (name, -1) : -1;

  for (const char *p = name; length > 0 && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isgraph (c) || c == ',' || c == ':')
        length = -1;
    }
  if (length < 1 || length > MAX_NAME)
    {
      g_set_error (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_FAILED,
                   _ ("A user name is 1 to %d characters without spaces, commas or colons"),
                   MAX_NAME);
      return FALSE;
    }
  return TRUE;
}

/* --district options, each a code or a comma list, as one list of known
 * codes without repeats. */
static char **
collect_districts (char       **options,
                   DqServerRole role,
                   GError     **error)
{
  g_autoptr (GPtrArray) districts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      g_auto (GStrv) codes = g_strsplit (options[i], ",", -1);

      for (guint j = 0; codes[j] != NULL; j++)
        {
          const char *code = g_strstrip (codes[j]);

          if (*code == '\0')
            continue;
          if (dq_district_lookup (code) == NULL)
            {
              g_set_error (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_FAILED,
                           _ ("“%s” is not a known district code"), code);
              return NULL;
            }
          if (role == DQ_SERVER_ROLE_STAFF && strcmp (code, DQ_CITY_DISTRICT) == 0)
            {
              g_set_error (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_FAILED,
                           _ ("Staff cannot have the city level 440300: everyone reads it and only admins write it"));
              return NULL;
            }
          if (!g_ptr_array_find_with_equal_func (districts, code, g_str_equal, NULL))
            g_ptr_array_add (districts, g_strdup (code));
        }
    }
  if (role == DQ_SERVER_ROLE_STAFF && districts->len == 0)
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           _ ("A staff user needs at least one --district CODE"));
      return NULL;
    }
  g_ptr_array_add (districts, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&districts), FALSE);
}

/* The hash of the password on standard input. */
static char *
read_password_hash (gboolean password_stdin,
                    GError **error)
{
  g_autofree char *password = NULL;
  char            *hash;

  if (!password_stdin)
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           _ ("Give the password on standard input with --password-stdin"));
      return NULL;
    }
  if ((password = dq_server_cli_read_password (error)) == NULL)
    return NULL;
  hash = dq_server_auth_hash_password (password, error);
  sodium_memzero (password, strlen (password));
  return hash;
}

gboolean
dq_server_user_add (GStrv   *args,
                    GError **error)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *role_text = NULL;
  g_auto (GStrv) district_options = NULL;
  gboolean           password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, NULL, NULL },
    { "district", 0, 0, G_OPTION_ARG_STRING_ARRAY, &district_options, NULL, NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, NULL, NULL },
    { NULL }
  };
  g_auto (GStrv) districts = NULL;
  g_autoptr (DqServerUser) user = NULL;
  g_autofree char *hash = NULL;
  DqServerStorage *storage;
  DqServerRole     role;
  const char      *name;
  gboolean         ok;

  if (!dq_server_cli_parse (entries, args, 1, &data_dir, error))
    return FALSE;
  name = (*args)[1];
  if (!dq_server_role_from_string (role_text, &role))
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           _ ("Give the role with --role staff or --role admin"));
      return FALSE;
    }
  if (!check_name (name, error) ||
      (districts = collect_districts (district_options, role, error)) == NULL ||
      (hash = read_password_hash (password_stdin, error)) == NULL ||
      (storage = dq_server_storage_open (data_dir, error)) == NULL)
    return FALSE;

  user = dq_server_user_new (name, role, (const char *const *) districts);
  user->password_hash = g_steal_pointer (&hash);
  ok = dq_server_storage_user_add (storage, user, error);
  dq_server_storage_close (storage);
  if (ok)
    printf (_ ("Added the user “%s”\n"), name);
  return ok;
}

gboolean
dq_server_user_passwd (GStrv   *args,
                       GError **error)
{
  g_autofree char   *data_dir = NULL;
  gboolean           password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, NULL, NULL },
    { NULL }
  };
  g_autofree char *hash = NULL;
  DqServerStorage *storage;
  gboolean         ok;

  if (!dq_server_cli_parse (entries, args, 1, &data_dir, error) ||
      (hash = read_password_hash (password_stdin, error)) == NULL ||
      (storage = dq_server_storage_open (data_dir, error)) == NULL)
    return FALSE;
  ok = dq_server_storage_user_set_password (storage, (*args)[1], hash, error);
  dq_server_storage_close (storage);
  if (ok)
    printf (_ ("Changed the password of “%s”; the user’s sessions have ended\n"), (*args)[1]);
  return ok;
}

static gboolean
set_disabled (GStrv   *args,
              gboolean disabled,
              GError **error)
{
  g_autofree char *data_dir = NULL;
  DqServerStorage *storage;
  gboolean         ok;

  if (!dq_server_cli_parse (NULL, args, 1, &data_dir, error) ||
      (storage = dq_server_storage_open (data_dir, error)) == NULL)
    return FALSE;
  ok = dq_server_storage_user_set_disabled (storage, (*args)[1], disabled, error);
  dq_server_storage_close (storage);
  if (ok && disabled)
    printf (_ ("Disabled the user “%s”; the user’s sessions have ended\n"), (*args)[1]);
  else if (ok)
    printf (_ ("Enabled the user “%s”\n"), (*args)[1]);
  return ok;
}

gboolean
dq_server_user_disable (GStrv   *args,
                        GError **error)
{
  return set_disabled (args, TRUE, error);
}

gboolean
dq_server_user_enable (GStrv   *args,
                       GError **error)
{
  return set_disabled (args, FALSE, error);
}

/* One line a user, tab-separated and untranslated (scripts read it):
 * name, role, districts (comma list, "-" for none), disabled|enabled. */
gboolean
dq_server_user_list (GStrv   *args,
                     GError **error)
{
  g_autofree char *data_dir = NULL;
  g_autoptr (GPtrArray) users = NULL;
  DqServerStorage *storage;

  if (!dq_server_cli_parse (NULL, args, 0, &data_dir, error) ||
      (storage = dq_server_storage_open (data_dir, error)) == NULL)
    return FALSE;
  users = dq_server_storage_user_list (storage, error);
  dq_server_storage_close (storage);
  if (users == NULL)
    return FALSE;

  for (guint i = 0; i < users->len; i++)
    {
      const DqServerUser *user = g_ptr_array_index (users, i);
      g_autofree char    *districts = g_strjoinv (",", user->districts);

      printf ("%s\t%s\t%s\t%s\n", user->name, dq_server_role_to_string (user->role),
              *districts ? districts : "-", user->disabled ? "disabled" : "enabled");
    }
  return TRUE;
}
