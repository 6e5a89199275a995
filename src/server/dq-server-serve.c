/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-server serve: opens the storage, listens, prints exactly one line
 * "listening on URL" on stdout once ready, and serves until SIGTERM or
 * SIGINT; then it answers the requests in flight and exits 0. */

#define G_LOG_DOMAIN "dq-server-serve"

#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "dq-server-auth.h"
#include "dq-server-cli.h"
#include "dq-server-http.h"
#include "dq-server-storage.h"

/* How long a shutdown waits for requests in flight. */
#define DRAIN_TIMEOUT_S 30

typedef struct {
  GMainLoop    *loop;
  DqServerHttp *http;
  gboolean      stopping;
} Serve;

static gboolean
quit_cb (gpointer data)
{
  Serve *self = data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal_cb (gpointer data)
{
  Serve *self = data;

  if (!self->stopping)
    {
      self->stopping = TRUE;
      dq_server_http_drain (self->http, quit_cb, self);
      g_timeout_add_seconds (DRAIN_TIMEOUT_S, quit_cb, self);
    }
  return G_SOURCE_CONTINUE;
}

/* HOST:PORT, [IPV6]:PORT or a name; port 0 lets the system choose. */
static GSocketAddress *
parse_listen (const char *text,
              GError    **error)
{
  g_autoptr (GSocketConnectable) connectable = NULL;
  g_autoptr (GInetAddress) address = NULL;
  const char *host;

  connectable = g_network_address_parse (text, 0, NULL);
  if (connectable == NULL)
    {
      g_set_error (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                   _ ("“%s” is not HOST:PORT"), text);
      return NULL;
    }
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_autoptr (GResolver) resolver = g_resolver_get_default ();
      GList *found = g_resolver_lookup_by_name (resolver, host, NULL, error);

      if (found == NULL)
        return NULL;
      address = g_object_ref (found->data);
      g_resolver_free_addresses (found);
    }
  return g_inet_socket_address_new (address, g_network_address_get_port (G_NETWORK_ADDRESS (connectable)));
}

static void
warn_if_no_users (DqServerStorage *storage)
{
  g_autoptr (GPtrArray) users = dq_server_storage_user_list (storage, NULL);

  if (users != NULL && users->len == 0)
    dq_server_cli_warn (_ ("No users yet: add one with “dangqun-server user add”"));
}

gboolean
dq_server_serve (GStrv   *args,
                 GError **error)
{
  g_autofree char   *data_dir = NULL;
  g_autofree char   *listen = NULL;
  g_autofree char   *tls_cert = NULL;
  g_autofree char   *tls_key = NULL;
  const GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, NULL, NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, NULL, NULL },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, NULL, NULL },
    { NULL }
  };
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GTlsCertificate) certificate = NULL;
  g_autofree char *url = NULL;
  DqServerStorage *storage;
  Serve            self = { 0 };
  guint            term_id, int_id;

  if (!dq_server_cli_parse (entries, args, 0, &data_dir, error))
    return FALSE;
  if (listen == NULL)
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           _ ("Give the address to listen on with --listen HOST:PORT"));
      return FALSE;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_set_error_literal (error, DQ_SERVER_CLI_ERROR, DQ_SERVER_CLI_ERROR_USAGE,
                           _ ("Give both --tls-cert and --tls-key, or neither"));
      return FALSE;
    }
  if ((address = parse_listen (listen, error)) == NULL)
    return FALSE;
  if (tls_cert != NULL &&
      (certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, error)) == NULL)
    return FALSE;

  storage = dq_server_storage_open (data_dir, error);
  if (storage == NULL)
    return FALSE;
  if (!dq_server_storage_serve_begin (storage, error))
    {
      dq_server_storage_close (storage);
      return FALSE;
    }
  warn_if_no_users (storage);
  dq_server_auth_prepare_logins ();

  self.http = dq_server_http_new (storage, certificate);
  url = dq_server_http_listen (self.http, address, error);
  if (url == NULL)
    {
      g_prefix_error (error, "%s: ", listen);
      dq_server_http_free (self.http);
      dq_server_storage_close (storage);
      return FALSE;
    }

  /* The one line that tells whoever started us where we are. */
  printf ("listening on %s\n", url);
  fflush (stdout);

  self.loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, on_signal_cb, &self);
  int_id = g_unix_signal_add (SIGINT, on_signal_cb, &self);
  g_main_loop_run (self.loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  dq_server_http_free (self.http);
  dq_server_storage_close (storage);
  g_main_loop_unref (self.loop);
  return TRUE;
}
