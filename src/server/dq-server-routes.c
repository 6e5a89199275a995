/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The endpoints: health, session (log in, log out), changes (pull, push).
 * Each turns a DqServerRequest into a DqServerResponse through the storage,
 * the auth and the scope rules; JSON out is written by hand (dq-wire), as
 * pages of 10,000 changes are the hot path. Error messages are for
 * engineers: English, short. */

#define G_LOG_DOMAIN "dq-server-routes"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-json.h"
#include "dq-schema.h"
#include "dq-server-auth.h"
#include "dq-server-routes.h"
#include "dq-server-scope.h"
#include "dq-validate.h"
#include "dq-wire.h"

#define DEFAULT_LIMIT 1000

typedef void (*Handler) (DqServerStorage       *storage,
                         const DqServerRequest *request,
                         DqServerResponse      *response);

typedef struct {
  const char *method;
  Handler     handler;
} Method;

typedef struct {
  const char *path;
  const char *allow;
  Method      methods[2];
} Route;

static void handle_health (DqServerStorage *, const DqServerRequest *, DqServerResponse *);
static void handle_login (DqServerStorage *, const DqServerRequest *, DqServerResponse *);
static void handle_logout (DqServerStorage *, const DqServerRequest *, DqServerResponse *);
static void handle_pull (DqServerStorage *, const DqServerRequest *, DqServerResponse *);
static void handle_push (DqServerStorage *, const DqServerRequest *, DqServerResponse *);

static const Route routes[] = {
  { "/api/v1/health", "GET", { { "GET", handle_health } } },
  { "/api/v1/session", "POST, DELETE", { { "POST", handle_login }, { "DELETE", handle_logout } } },
  { "/api/v1/changes", "GET, POST", { { "GET", handle_pull }, { "POST", handle_push } } },
};

/* Helpers */

static void
internal_error (DqServerResponse *response,
                const GError     *error)
{
  g_message ("%s", error->message);
  dq_server_response_error (response, 500, "internal", "The server failed; see its log");
}

static void
bad_json (DqServerResponse *response,
          const char       *message)
{
  dq_server_response_error (response, 400, "bad_json", message);
}

static gboolean
is_node_id (const char *text)
{
  gsize n = 0;

  if (text == NULL)
    return FALSE;
  for (; text[n] != '\0'; n++)
    if (!g_ascii_isdigit (text[n]) && !(text[n] >= 'a' && text[n] <= 'f'))
      return FALSE;
  return n == 32;
}

/* The token of "Authorization: Bearer TOKEN", or NULL. */
static const char *
bearer_token (const char *authorization)
{
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  authorization += 7;
  while (*authorization == ' ')
    authorization++;
  return *authorization ? authorization : NULL;
}

/* The caller's account, or NULL with the response set to 401 (or 500). */
static DqServerUser *
authenticate (DqServerStorage       *storage,
              const DqServerRequest *request,
              DqServerResponse      *response)
{
  g_autoptr (GError) error = NULL;
  DqServerUser *user = dq_server_auth_session (storage, bearer_token (request->authorization),
                                               &error);

  if (error != NULL)
    internal_error (response, error);
  else if (user == NULL)
    dq_server_response_error (response, 401, "unauthorized", "Missing, invalid or expired token");
  else
    response->user = g_strdup (user->name);
  return user;
}

/* The body as a JSON object, or NULL with the response set to 400. */
static JsonObject *
parse_object (JsonParser            *parser,
              const DqServerRequest *request,
              DqServerResponse      *response)
{
  gsize       length = 0;
  const char *data = request->body ? g_bytes_get_data (request->body, &length) : NULL;
  JsonNode   *root;

  if (data == NULL || length == 0 ||
      !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      bad_json (response, "The body is not a JSON object");
      return NULL;
    }
  return json_node_get_object (root);
}

/* A string member; *@ok is FALSE when it is there but not a string (or
 * missing and @required). */
static const char *
member_string (JsonObject *object,
               const char *name,
               gboolean    required,
               gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || (!required && JSON_NODE_HOLDS_NULL (node)))
    {
      *ok = *ok && !required;
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_string (node);
}

/* GET /api/v1/health */

static void
handle_health (DqServerStorage       *storage,
               const DqServerRequest *request,
               DqServerResponse      *response)
{
  GString *out = dq_server_response_begin_json (response, 200, 0);

  g_string_append (out, "\"status\":\"ok\",\"version\":");
  dq_json_append_string (out, PACKAGE_VERSION);
  g_string_append (out, ",\"node\":");
  dq_json_append_string (out, dq_server_storage_get_node (storage));
  dq_server_response_end_json (response);
}

/* POST /api/v1/session */

static void
append_login (GString             *out,
              const DqServerLogin *login)
{
  g_string_append (out, "\"token\":");
  dq_json_append_string (out, login->token);
  g_string_append (out, ",\"user\":");
  dq_json_append_string (out, login->user->name);
  g_string_append (out, ",\"role\":");
  dq_json_append_string (out, dq_server_role_to_string (login->user->role));
  g_string_append (out, ",\"districts\":[");
  for (guint i = 0; login->user->districts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      dq_json_append_string (out, login->user->districts[i]);
    }
  g_string_append_printf (out, "],\"expires_ms\":%" G_GINT64_FORMAT, login->expires_ms);
}

static void
handle_login (DqServerStorage       *storage,
              const DqServerRequest *request,
              DqServerResponse      *response)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) error = NULL;
  DqServerLogin login;
  JsonObject   *object = parse_object (parser, request, response);
  const char   *username, *password, *node;
  gboolean      ok = TRUE;

  if (object == NULL)
    return;
  username = member_string (object, "username", TRUE, &ok);
  password = member_string (object, "password", TRUE, &ok);
  node = member_string (object, "node", FALSE, &ok);
  if (!ok)
    {
      bad_json (response, "Expected {\"username\", \"password\", \"node\"} as strings");
      return;
    }

  if (!dq_server_auth_login (storage, username, password, node, request->address, &login, &error))
    {
      internal_error (response, error);
      return;
    }

  switch (login.status)
    {
    case DQ_SERVER_LOGIN_OK:
      append_login (dq_server_response_begin_json (response, 200, 0), &login);
      dq_server_response_end_json (response);
      response->user = g_strdup (login.user->name);
      break;
    case DQ_SERVER_LOGIN_THROTTLED:
      dq_server_response_error (response, 429, "too_many_attempts",
                                "Too many failed logins; try again later");
      response->retry_after = (login.retry_after_ms + 999) / 1000;
      break;
    case DQ_SERVER_LOGIN_INVALID:
    default:
      dq_server_response_error (response, 401, "invalid_credentials",
                                "Wrong user name or password");
      break;
    }
  dq_server_login_clear (&login);
}

/* DELETE /api/v1/session */

static void
handle_logout (DqServerStorage       *storage,
               const DqServerRequest *request,
               DqServerResponse      *response)
{
  g_autoptr (DqServerUser) user = authenticate (storage, request, response);
  g_autoptr (GError) error = NULL;

  if (user == NULL)
    return;
  if (!dq_server_auth_logout (storage, bearer_token (request->authorization), &error))
    internal_error (response, error);
  else
    response->status = 204;
}

/* GET /api/v1/changes */

static void
handle_pull (DqServerStorage       *storage,
             const DqServerRequest *request,
             DqServerResponse      *response)
{
  g_autoptr (DqServerUser) user = authenticate (storage, request, response);
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) districts = NULL;
  g_autofree char *cursor = NULL;
  guint64          limit = DEFAULT_LIMIT;
  gboolean         more = FALSE;
  GString         *out;

  if (user == NULL)
    return;
  if (request->limit != NULL &&
      !g_ascii_string_to_unsigned (request->limit, 10, 1, G_MAXUINT64, &limit, NULL))
    {
      dq_server_response_error (response, 400, "bad_limit", "limit must be a positive integer");
      return;
    }
  limit = MIN (limit, DQ_SERVER_MAX_CHANGES);

  districts = dq_server_scope_read_districts (user);
  changes = dq_server_storage_pull (storage, request->since, (guint) limit,
                                    (const char *const *) districts, &cursor, &more, &error);
  if (changes == NULL)
    {
      if (g_error_matches (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_BAD_CURSOR))
        dq_server_response_error (response, 400, "bad_cursor", "The cursor cannot be read");
      else if (g_error_matches (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_RESYNC))
        dq_server_response_error (response, 409, "resync",
                                  "The server can no longer serve this cursor; pull from the start");
      else
        internal_error (response, error);
      return;
    }

  /* A member row is about 660 bytes of JSON: one allocation for the page. */
  out = dq_server_response_begin_json (response, 200, changes->len * 700);
  g_string_append (out, "\"changes\":");
  dq_wire_append_changes (out, changes);
  g_string_append (out, ",\"cursor\":");
  dq_json_append_string (out, cursor);
  g_string_append_printf (out, ",\"more\":%s", more ? "true" : "false");
  dq_server_response_end_json (response);
}

/* POST /api/v1/changes */

/* How one element of "changes" fared before the merge. */
typedef struct {
  DqChange   *change;  /* parsed, or NULL */
  int         code;    /* when not parsed */
  char       *message; /* when not parsed */
  const char *table;   /* as sent, for the current row */
  const char *row;
} Incoming;

static void
incoming_clear (Incoming *incoming)
{
  g_clear_pointer (&incoming->change, dq_change_free);
  g_clear_pointer (&incoming->message, g_free);
}

/* Appends the server's row for a rejection: its changes if the caller may
 * read the row, else null — a row outside the caller's scope is not shown,
 * not even whether it exists. */
static gboolean
append_current (GString            *out,
                DqServerStorage    *storage,
                const DqServerUser *user,
                const char         *table,
                const char         *row,
                GError            **error)
{
  g_autoptr (GPtrArray) changes = NULL;
  g_autoptr (GError) local_error = NULL;

  if (table != NULL && row != NULL && dq_schema_table (table) != NULL && dq_validate_uuid (row))
    changes = dq_server_storage_row_changes (storage, table, row, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (changes != NULL && dq_server_scope_row_visible (user, changes))
    dq_wire_append_changes (out, changes);
  else
    g_string_append (out, "null");
  return TRUE;
}

static void
append_rejection (GString    *out,
                  guint       index,
                  int         code,
                  const char *message)
{
  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  g_string_append_printf (out, "{\"index\":%u,\"error\":", index);
  dq_json_append_string (out, dq_wire_error_code (code));
  g_string_append (out, ",\"message\":");
  dq_json_append_string (out, message ? message : "");
  g_string_append (out, ",\"current\":");
}

/* Takes the elements of a parsed push into @incoming. */
static void
take_changes (DqWireBody *body,
              const char *author,
              Incoming   *incoming)
{
  for (guint i = 0; i < body->changes->len; i++)
    {
      Incoming *in = &incoming[i];

      in->change = g_steal_pointer (&body->changes->pdata[i]);
      in->code = g_array_index (body->codes, int, i);
      in->message = g_steal_pointer (&body->messages->pdata[i]);
      in->table = g_ptr_array_index (body->tables, i);
      in->row = g_ptr_array_index (body->rows, i);
      /* The author is whoever pushed it here, whatever the body says. */
      if (in->change != NULL)
        {
          g_free (in->change->author);
          in->change->author = g_strdup (author);
        }
    }
}

/* The push's answer: counts, and each rejection with the row as it is. */
static gboolean
append_results (DqServerStorage     *storage,
                const DqServerUser  *user,
                const Incoming      *incoming,
                guint                n,
                const DqApplyResult *results,
                DqServerResponse    *response,
                GError             **error)
{
  GString *out = dq_server_response_begin_json (response, 200, 0);
  guint    applied = 0, stale = 0;
  gboolean ok = TRUE;

  g_string_append (out, "\"rejected\":[");
  for (guint i = 0, v = 0; i < n && ok; i++)
    {
      const Incoming      *in = &incoming[i];
      const DqApplyResult *result = in->change ? &results[v++] : NULL;

      if (result != NULL && result->status != DQ_APPLY_REJECTED)
        {
          applied += result->status == DQ_APPLY_APPLIED;
          stale += result->status == DQ_APPLY_STALE;
          continue;
        }
      if (result != NULL)
        {
          append_rejection (out, i, result->error, result->message);
          ok = append_current (out, storage, user, in->change->record->table->name,
                               in->change->record->id, error);
        }
      else
        {
          /* bad_row and unknown_table name no row the server could have. */
          gboolean names_row = in->code == DQ_SCHEMA_ERROR_UNKNOWN_COLUMN ||
                               in->code == DQ_SCHEMA_ERROR_BAD_VALUE;

          append_rejection (out, i, in->code, in->message);
          ok = append_current (out, storage, user, names_row ? in->table : NULL, in->row, error);
        }
      g_string_append_c (out, '}');
    }
  if (!ok)
    return FALSE;
  g_string_append_printf (out, "],\"applied\":%u,\"stale\":%u", applied, stale);
  dq_server_response_end_json (response);
  return TRUE;
}

/* Merges the parsed changes, as the pushing user, and answers. */
static void
apply_changes (DqServerStorage    *storage,
               const DqServerUser *user,
               const char         *node,
               const Incoming     *incoming,
               guint               n,
               DqServerResponse   *response)
{
  g_autoptr (GPtrArray) valid = g_ptr_array_sized_new (n);
  g_autofree DqApplyResult *results = NULL;
  g_autoptr (GError) error = NULL;
  DqServerPush push = { 0 };
  gboolean     ok;

  for (guint i = 0; i < n; i++)
    if (incoming[i].change != NULL)
      g_ptr_array_add (valid, incoming[i].change);
  results = g_new0 (DqApplyResult, MAX (valid->len, 1));

  push.user = user->name;
  push.node = node;
  push.received_ms = g_get_real_time () / 1000;
  push.changes = (DqChange **) valid->pdata;
  push.n_changes = valid->len;
  push.check = dq_server_scope_check;
  push.check_data = (gpointer) user;
  ok = (valid->len == 0 || dq_server_storage_push (storage, &push, results, &error)) &&
       append_results (storage, user, incoming, n, results, response, &error);

  for (guint v = 0; v < valid->len; v++)
    dq_apply_result_clear (&results[v]);
  if (!ok)
    internal_error (response, error);
}

static void
handle_push (DqServerStorage       *storage,
             const DqServerRequest *request,
             DqServerResponse      *response)
{
  g_autoptr (DqServerUser) user = authenticate (storage, request, response);
  g_autofree Incoming *incoming = NULL;
  g_autoptr (GError) error = NULL;
  DqWireBody  body;
  gsize       length;
  const char *data;
  guint       n;

  if (user == NULL)
    return;

  /* Read by the protocol's own parser: no tree, and U+0000 in a value is
   * seen where it stands (a bad_value), never cut short. */
  data = g_bytes_get_data (request->body, &length);
  if (!dq_wire_parse_body (data, length, &body, &error) || !body.has_changes ||
      !is_node_id (body.node))
    {
      bad_json (response, error ? error->message
                                : "Expected {\"node\", \"batch\", \"changes\": [...]}");
      dq_wire_body_clear (&body);
      return;
    }

  n = body.changes->len;
  if (n > DQ_SERVER_MAX_CHANGES)
    {
      dq_server_response_error (response, 413, "too_large", "More than 10000 changes");
      dq_wire_body_clear (&body);
      return;
    }

  incoming = g_new0 (Incoming, MAX (n, 1));
  take_changes (&body, user->name, incoming);
  apply_changes (storage, user, body.node, incoming, n, response);
  for (guint i = 0; i < n; i++)
    incoming_clear (&incoming[i]);
  dq_wire_body_clear (&body);
}

/* Routing */

gboolean
dq_server_routes_known (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_strcmp0 (routes[i].path, path) == 0)
      return TRUE;
  return FALSE;
}

void
dq_server_routes_handle (DqServerStorage       *storage,
                         const DqServerRequest *request,
                         DqServerResponse      *response)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const Route *route = &routes[i];

      if (g_strcmp0 (route->path, request->path) != 0)
        continue;
      for (guint m = 0; m < G_N_ELEMENTS (route->methods); m++)
        if (route->methods[m].method != NULL &&
            g_strcmp0 (route->methods[m].method, request->method) == 0)
          {
            route->methods[m].handler (storage, request, response);
            return;
          }
      response->allow = route->allow;
      dq_server_response_error (response, 405, "method_not_allowed",
                                "This path does not take that method");
      return;
    }
  dq_server_response_error (response, 404, "not_found", "No such endpoint");
}
