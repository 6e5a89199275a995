/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTTP plumbing between libsoup and the endpoints.
 *
 * Main loop: an early handler sees each request's headers, refuses bodies
 * over the limit (413) before they are read, and keeps the body itself so
 * that a body sent without Content-Length cannot grow past the limit either.
 * The handler then copies what the endpoint needs into a job, pauses the
 * message and queues the job.
 *
 * Worker thread: decodes a gzip body (capped after decompression too), runs
 * the endpoint, gzips the answer if the client takes gzip, and passes the
 * job back to the main loop, which fills in the message and unpauses it.
 * SoupServerMessage is touched on the main loop only.
 *
 * Every request is logged once when it ends: method, path, status, time
 * and user — never a query, a header or a body. */

#define G_LOG_DOMAIN "dq-server-http"

#include "config.h"

#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-server-gzip.h"
#include "dq-server-http.h"
#include "dq-server-response.h"
#include "dq-server-routes.h"

#define EXCHANGE_KEY "dq-server-exchange"

struct _DqServerHttp {
  SoupServer      *server;
  DqServerStorage *storage;
  GThreadPool     *pool;
  GMainContext    *context;
  guint            in_flight; /* requests between their headers and their end */
  gboolean         draining;
  GSourceFunc      drained;
  gpointer         drained_data;
};

/* What the main loop keeps of one request, from its headers to its end. */
typedef struct {
  gint64      started;  /* monotonic µs */
  gboolean    accepted; /* arrived before draining began */
  gboolean    too_large;
  gboolean    ended;
  GByteArray *body; /* as received, up to DQ_SERVER_MAX_BODY */
  char       *user;
} Exchange;

/* One request on its way through a worker. */
typedef struct {
  DqServerHttp      *http;
  SoupServerMessage *msg;
  DqServerRequest    request;
  DqServerResponse   response;
  char              *content_encoding;
  gboolean           gzip; /* the client takes gzip */
  GBytes            *payload;
} Job;

static void
exchange_free (gpointer data)
{
  Exchange *ex = data;

  if (ex->body != NULL)
    g_byte_array_unref (ex->body);
  g_free (ex->user);
  g_free (ex);
}

static void
job_free (Job *job)
{
  g_object_unref (job->msg);
  dq_server_request_clear (&job->request);
  dq_server_response_clear (&job->response);
  g_free (job->content_encoding);
  g_clear_pointer (&job->payload, g_bytes_unref);
  g_free (job);
}

static gboolean
accepts_gzip (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_list (headers, "Accept-Encoding");
  GSList     *acceptable, *refused = NULL;
  gboolean    any = FALSE, gzip = FALSE, gzip_refused = FALSE;

  if (value == NULL)
    return FALSE;
  acceptable = soup_header_parse_quality_list (value, &refused);
  for (GSList *l = acceptable; l != NULL; l = l->next)
    {
      gzip |= g_ascii_strcasecmp (l->data, "gzip") == 0;
      any |= strcmp (l->data, "*") == 0;
    }
  for (GSList *l = refused; l != NULL; l = l->next)
    gzip_refused |= g_ascii_strcasecmp (l->data, "gzip") == 0;
  soup_header_free_list (acceptable);
  soup_header_free_list (refused);
  return gzip || (any && !gzip_refused);
}

/* The answer's body as sent. */
static GBytes *
encode_body (DqServerResponse *response,
             gboolean          gzip)
{
  GString *body = response->body;

  if (body == NULL)
    return NULL;
  if (gzip)
    return dq_server_gzip (body->str, body->len);
  response->body = NULL;
  return g_string_free_to_bytes (body);
}

/* Main loop: puts the answer on the message. */
static void
set_response (SoupServerMessage      *msg,
              const DqServerResponse *response,
              GBytes                 *payload,
              gboolean                gzip)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* libsoup has no phrase for 429. */
  soup_server_message_set_status (msg, response->status,
                                  response->status == 429 ? "Too Many Requests" : NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (response->allow != NULL)
    soup_message_headers_replace (headers, "Allow", response->allow);
  if (response->status == SOUP_STATUS_UNAUTHORIZED)
    soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer");
  if (response->retry_after > 0)
    {
      char seconds[32];

      g_snprintf (seconds, sizeof seconds, "%" G_GINT64_FORMAT, response->retry_after);
      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  if (payload == NULL)
    return;

  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_append (headers, "Vary", "Accept-Encoding");
  if (gzip)
    soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), payload);
}

/* Main loop: answers at once, without a worker. */
static void
respond_now (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  DqServerResponse response = { 0 };
  gboolean         gzip = accepts_gzip (soup_server_message_get_request_headers (msg));
  g_autoptr (GBytes) payload = NULL;

  dq_server_response_error (&response, status, code, message);
  payload = encode_body (&response, gzip);
  set_response (msg, &response, payload, gzip);
  dq_server_response_clear (&response);
}

/* Worker: a gzip body becomes plain, within the limit. */
static gboolean
decode_body (Job *job)
{
  const char *encoding = job->content_encoding;
  g_autoptr (GError) error = NULL;
  GBytes *plain;

  if (encoding == NULL || g_ascii_strcasecmp (encoding, "identity") == 0 ||
      job->request.body == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (encoding, "gzip") != 0 && g_ascii_strcasecmp (encoding, "x-gzip") != 0)
    {
      dq_server_response_error (&job->response, 415, "unsupported_encoding",
                                "Request bodies may be gzip or plain");
      return FALSE;
    }

  plain = dq_server_gunzip (job->request.body, DQ_SERVER_MAX_BODY, &error);
  if (plain == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        dq_server_response_error (&job->response, 413, "too_large",
                                  "The body is over 16 MiB once decompressed");
      else
        dq_server_response_error (&job->response, 400, "bad_json", "The gzip body is corrupt");
      return FALSE;
    }
  g_bytes_unref (job->request.body);
  job->request.body = plain;
  return TRUE;
}

/* Main loop: the worker is done with @data (a Job). */
static gboolean
finish_job_cb (gpointer data)
{
  Job      *job = data;
  Exchange *ex = g_object_get_data (G_OBJECT (job->msg), EXCHANGE_KEY);

  if (ex != NULL)
    ex->user = g_steal_pointer (&job->response.user);
  set_response (job->msg, &job->response, job->payload, job->gzip);
  soup_server_message_unpause (job->msg);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
work_cb (gpointer data,
         gpointer user_data)
{
  Job     *job = data;
  GSource *source;

  if (decode_body (job))
    dq_server_routes_handle (job->http->storage, &job->request, &job->response);
  job->gzip = job->gzip && job->response.body != NULL;
  job->payload = encode_body (&job->response, job->gzip);
  /* Always through a source: never run finish_job_cb on this thread, even
   * when the main loop is not running. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, finish_job_cb, job, NULL);
  g_source_attach (source, job->http->context);
  g_source_unref (source);
}

/* Signal handlers */

static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 Exchange          *ex)
{
  gsize size = g_bytes_get_size (chunk);

  if (ex->too_large)
    return;
  if (ex->body->len + size > DQ_SERVER_MAX_BODY)
    {
      ex->too_large = TRUE;
      g_byte_array_set_size (ex->body, 0);
      return;
    }
  g_byte_array_append (ex->body, g_bytes_get_data (chunk, NULL), size);
}

static void
early_handler_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           data)
{
  DqServerHttp       *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Exchange           *ex = g_new0 (Exchange, 1);

  ex->started = g_get_monotonic_time ();
  ex->accepted = !self->draining;
  ex->body = g_byte_array_new ();
  g_object_set_data_full (G_OBJECT (msg), EXCHANGE_KEY, ex, exchange_free);
  self->in_flight++;

  /* The body is kept here, within the limit, not by libsoup. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > DQ_SERVER_MAX_BODY)
    {
      /* Answered without reading the body when the client waits for
       * "100 Continue"; otherwise the body is read and dropped. */
      ex->too_large = TRUE;
      respond_now (msg, 413, "too_large", "The body is over 16 MiB");
      return;
    }
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), ex);
}

static void
handler_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  DqServerHttp       *self = data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Exchange           *ex = g_object_get_data (G_OBJECT (msg), EXCHANGE_KEY);
  Job                *job;

  if (ex == NULL || !ex->accepted)
    {
      respond_now (msg, 503, "unavailable", "The server is shutting down");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                    "close");
      return;
    }
  if (ex->too_large)
    {
      respond_now (msg, 413, "too_large", "The body is over 16 MiB");
      return;
    }

  job = g_new0 (Job, 1);
  job->http = self;
  job->msg = g_object_ref (msg);
  job->request.method = g_strdup (soup_server_message_get_method (msg));
  job->request.path = g_strdup (path);
  if (query != NULL)
    {
      job->request.since = g_strdup (g_hash_table_lookup (query, "since"));
      job->request.limit = g_strdup (g_hash_table_lookup (query, "limit"));
    }
  job->request.authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  job->request.address = g_strdup (soup_server_message_get_remote_host (msg));
  job->request.body = g_byte_array_free_to_bytes (g_steal_pointer (&ex->body));
  job->content_encoding = g_strdup (soup_message_headers_get_one (headers, "Content-Encoding"));
  job->gzip = accepts_gzip (headers);

  soup_server_message_pause (msg);
  g_thread_pool_push (self->pool, job, NULL);
}

static void
log_request (SoupServerMessage *msg,
             Exchange          *ex)
{
  GUri       *uri = soup_server_message_get_uri (msg);
  const char *path = uri ? g_uri_get_path (uri) : NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%FT%T%:z");
  double           ms = (double) (g_get_monotonic_time () - ex->started) / 1000.0;

  /* Paths other than the endpoints are whatever a client made up: not
   * logged, as they could hold anything. */
  fprintf (stderr, "%s %.16s %s %u %.1fms %s\n", time, soup_server_message_get_method (msg),
           dq_server_routes_known (path) ? path : "(other)", soup_server_message_get_status (msg),
           ms, ex->user ? ex->user : "-");
}

static gboolean
drained_cb (gpointer data)
{
  DqServerHttp *self = data;

  if (self->drained != NULL)
    self->drained (self->drained_data);
  self->drained = NULL;
  return G_SOURCE_REMOVE;
}

/* request-finished and request-aborted: the request's end. */
static void
on_request_ended_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     DqServerHttp      *self)
{
  Exchange *ex = g_object_get_data (G_OBJECT (msg), EXCHANGE_KEY);

  if (ex == NULL || ex->ended)
    return;
  ex->ended = TRUE;
  log_request (msg, ex);
  g_assert (self->in_flight > 0);
  if (--self->in_flight == 0 && self->draining)
    g_idle_add (drained_cb, self);
}

/* Public API */

DqServerHttp *
dq_server_http_new (DqServerStorage *storage,
                    GTlsCertificate *certificate)
{
  DqServerHttp *self = g_new0 (DqServerHttp, 1);
  /* Enough to pull and push side by side; each login's argon2id takes
   * 64 MiB while it runs, which bounds the pool. */
  int threads = CLAMP ((int) g_get_num_processors (), 4, 8);

  self->storage = storage;
  self->context = g_main_context_ref_thread_default ();
  self->pool = g_thread_pool_new (work_cb, self, threads, FALSE, NULL);
  self->server = soup_server_new ("server-header", "dangqun-server", "tls-certificate", certificate,
                                  NULL);
  soup_server_add_early_handler (self->server, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, handler_cb, self, NULL);
  g_signal_connect (self->server, "request-finished", G_CALLBACK (on_request_ended_cb), self);
  g_signal_connect (self->server, "request-aborted", G_CALLBACK (on_request_ended_cb), self);
  return self;
}

char *
dq_server_http_listen (DqServerHttp   *self,
                       GSocketAddress *address,
                       GError        **error)
{
  gboolean    tls = soup_server_get_tls_certificate (self->server) != NULL;
  GSList     *uris;
  GUri       *uri;
  const char *host;
  char       *url;

  if (!soup_server_listen (self->server, address, tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  uri = uris->data;
  host = g_uri_get_host (uri);
  url = g_strdup_printf ("%s://%s%s%s:%d", tls ? "https" : "http", strchr (host, ':') ? "[" : "",
                         host, strchr (host, ':') ? "]" : "", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

void
dq_server_http_drain (DqServerHttp *self,
                      GSourceFunc   done,
                      gpointer      data)
{
  self->draining = TRUE;
  self->drained = done;
  self->drained_data = data;
  if (self->in_flight == 0)
    g_idle_add (drained_cb, self);
}

void
dq_server_http_free (DqServerHttp *self)
{
  if (self == NULL)
    return;
  /* Waits for a worker still busy (only after a drain that timed out). */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_main_context_unref (self->context);
  g_free (self);
}
