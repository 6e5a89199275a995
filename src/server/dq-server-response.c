/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Requests and responses of the endpoints, and the protocol's error body. */

#define G_LOG_DOMAIN "dq-server-response"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-json.h"
#include "dq-server-response.h"

void
dq_server_request_clear (DqServerRequest *request)
{
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->since, g_free);
  g_clear_pointer (&request->limit, g_free);
  g_clear_pointer (&request->authorization, g_free);
  g_clear_pointer (&request->address, g_free);
  g_clear_pointer (&request->body, g_bytes_unref);
}

void
dq_server_response_clear (DqServerResponse *response)
{
  if (response->body != NULL)
    g_string_free (response->body, TRUE);
  response->body = NULL;
  g_clear_pointer (&response->user, g_free);
}

void
dq_server_response_error (DqServerResponse *response,
                          guint             status,
                          const char       *code,
                          const char       *message)
{
  response->status = status;
  if (response->body == NULL)
    response->body = g_string_new (NULL);
  g_string_assign (response->body, "{\"error\":");
  dq_json_append_string (response->body, code);
  g_string_append (response->body, ",\"message\":");
  dq_json_append_string (response->body, message);
  g_string_append_c (response->body, '}');
}

GString *
dq_server_response_begin_json (DqServerResponse *response,
                               guint             status,
                               gsize             reserve)
{
  response->status = status;
  if (response->body != NULL)
    g_string_free (response->body, TRUE);
  response->body = g_string_sized_new (reserve + 256);
  g_string_append_c (response->body, '{');
  return response->body;
}

void
dq_server_response_end_json (DqServerResponse *response)
{
  GString *body = response->body;

  if (body->len > 1)
    g_string_append_c (body, ',');
  g_string_append_printf (body, "\"time_ms\":%" G_GINT64_FORMAT "}", g_get_real_time () / 1000);
}
