/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sign-in tokens: in the Secret Service when the session has one, else in
 * "<replica>.token", mode 0600, beside the replica (which is 0600 too). A
 * lookup tries the keyring first, then the file, so a token kept while no
 * keyring ran is still found once one does. */

#define G_LOG_DOMAIN "dq-credentials"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "dq-credentials.h"
#include "dq-json.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.dangqun.Dangqun.Token",
    SECRET_SCHEMA_NONE,
    {
        { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

/* Whether a session bus can be reached without starting one: with neither
 * an address nor the user bus socket, GDBus would try X11 autolaunch. */
static gboolean
keyring_reachable (void)
{
  const char      *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char      *runtime = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *socket = NULL;

  if (address != NULL && *address != '\0')
    return TRUE;
  if (runtime == NULL || *runtime == '\0')
    return FALSE;
  socket = g_build_filename (runtime, "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

char *
dq_credentials_file_path (const char *replica_path)
{
  return g_strconcat (replica_path, ".token", NULL);
}

static gboolean
file_store (const char *replica_path,
            const char *server,
            const char *user,
            const char *token,
            GError    **error)
{
  g_autofree char *path = dq_credentials_file_path (replica_path);
  g_autoptr (GString) text = g_string_new ("{\"server\":");

  dq_json_append_string (text, server);
  g_string_append (text, ",\"user\":");
  dq_json_append_string (text, user);
  g_string_append (text, ",\"token\":");
  dq_json_append_string (text, token);
  g_string_append (text, "}\n");

  /* Written to a temporary file created 0600, then renamed: the token is
   * never readable by others, not even for a moment. */
  return g_file_set_contents_full (path, text->str, (gssize) text->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static char *
file_lookup (const char *replica_path,
             const char *server,
             const char *user,
             GError    **error)
{
  g_autofree char *path = dq_credentials_file_path (replica_path);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  JsonNode   *root;
  JsonObject *object;

  if (!json_parser_load_from_mapped_file (parser, path, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _ ("Cannot read the saved sign-in: "));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "server", NULL), server) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (object, "user", NULL), user) != 0)
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (object, "token", NULL));
}

static gboolean
file_clear (const char *replica_path,
            GError    **error)
{
  g_autofree char *path = dq_credentials_file_path (replica_path);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("Cannot remove the saved sign-in %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
dq_credentials_store (const char   *replica_path,
                      const char   *server,
                      const char   *user,
                      const char   *token,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_return_val_if_fail (replica_path != NULL && server != NULL && user != NULL, FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  if (keyring_reachable ())
    {
      g_autoptr (GError) local_error = NULL;
      /* TRANSLATORS: the label of the sign-in in the desktop keyring. */
      g_autofree char *label = g_strdup_printf (_ ("Dangqun sign-in of %s on %s"), user, server);

      if (secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                                      cancellable, &local_error,
                                      "server", server, "user", user, NULL))
        return file_clear (replica_path, error);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("No keyring (%s); keeping the token in a file", local_error->message);
    }
  return file_store (replica_path, server, user, token, error);
}

char *
dq_credentials_lookup (const char   *replica_path,
                       const char   *server,
                       const char   *user,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_return_val_if_fail (replica_path != NULL, NULL);

  if (server == NULL || user == NULL)
    return NULL;

  if (keyring_reachable ())
    {
      g_autoptr (GError) local_error = NULL;
      char *token = secret_password_lookup_sync (token_schema (), cancellable, &local_error,
                                                 "server", server, "user", user, NULL);

      if (token != NULL)
        {
          char *copy = g_strdup (token);

          secret_password_free (token);
          return copy;
        }
      if (local_error != NULL)
        g_debug ("No keyring (%s); looking for a token file", local_error->message);
    }
  return file_lookup (replica_path, server, user, error);
}

gboolean
dq_credentials_clear (const char   *replica_path,
                      const char   *server,
                      const char   *user,
                      GCancellable *cancellable,
                      GError      **error)
{
  g_return_val_if_fail (replica_path != NULL, FALSE);

  if (keyring_reachable () && server != NULL && user != NULL)
    {
      g_autoptr (GError) local_error = NULL;

      if (!secret_password_clear_sync (token_schema (), cancellable, &local_error,
                                       "server", server, "user", user, NULL) &&
          local_error != NULL)
        g_debug ("No keyring (%s)", local_error->message);
    }
  return file_clear (replica_path, error);
}
