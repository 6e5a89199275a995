/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSyncEngine: the replica's sync client, after Epiphany's history
 * service. Public calls queue a job for one worker thread, which owns a
 * GMainContext, a SoupSession and a DqStore connection of its own and does
 * all network and SQLite work, one job at a time (the HTTP requests run on
 * its context, which it iterates while it waits for them); after each job
 * it sends a snapshot of its state (and the job's result) back to the main
 * context of the thread that created the engine, where properties are
 * notified and tasks complete. The owner's DqStore is never touched here:
 * SQLite serializes the two connections' writes.
 *
 * A sync: GET health (is the server there, is our clock right), push the
 * local changes after the saved push cursor in batches, pull pages until
 * caught up (each page with its cursor in one transaction), push again what
 * was written meanwhile, then purge rows that left the user's districts.
 * Settings live in the replica's meta table ("sync.*"). */

#define G_LOG_DOMAIN "dq-sync-engine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dq-credentials.h"
#include "dq-hlc.h"
#include "dq-json.h"
#include "dq-schema.h"
#include "dq-store-private.h"
#include "dq-sync-engine.h"
#include "dq-wire.h"

#define META_SERVER    "sync.server"
#define META_USER      "sync.user"
#define META_ROLE      "sync.role"
#define META_DISTRICTS "sync.districts" /* comma-separated codes */
#define META_PUSH      "sync.push"      /* DqCursor of our changelog the server acknowledged */
#define META_PULL      "sync.cursor"    /* the server's opaque cursor */
#define META_LAST      "sync.last"      /* Unix ms of the last complete sync */
#define META_PROBLEMS  "sync.problems"  /* JSON array, see problems_to_json() */

/* City-level rows (the city service center, city-wide notices): readable by
 * every user, so never purged. */
#define CITY_DISTRICT "440300"

#define PUSH_PAGE      5000 /* rows read from the changelog at a time */
#define PUSH_BATCH     5000 /* changes per POST */
#define PULL_LIMIT     5000 /* changes per pulled page */
#define COUNT_PAGE     2000
#define MAX_PROBLEMS   500
#define HTTP_TIMEOUT   60 /* seconds without progress before a request fails */
#define GZIP_LEVEL     3
#define PERIOD_MS      (2 * 60 * 1000) /* running: pull this often */
#define SOON_MS        1000            /* running: push this long after a local write */
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS (5 * 60 * 1000)

/* Structures */

typedef struct {
  DqSyncState state;
  guint       pending;
  char       *server;
  char       *user;
  char       *role;
  GStrv       districts;
  gint64      last_sync;
  char       *last_error;
  GPtrArray  *problems; /* never changed once published: replaced */
  guint64     changed;  /* tables changed since the last snapshot */
} Snapshot;

typedef enum {
  JOB_REFRESH,
  JOB_LOGIN,
  JOB_LOGOUT,
  JOB_SYNC,
  JOB_START,
  JOB_STOP,
  JOB_LOCAL_CHANGED,
  JOB_CLEAR_PROBLEMS,
  JOB_QUIT,
} JobKind;

typedef struct {
  JobKind          kind;
  GTask           *task; /* NULL: nobody waits */
  char            *server;
  char            *user;
  char            *password;
  DqSyncLoginFlags flags;
} Job;

/* Shared by the engine, the worker thread and snapshots in flight. */
typedef struct {
  char         *replica_path;
  GAsyncQueue  *jobs;
  GThread      *thread;
  GMainContext *owner;
  GWeakRef      engine;
  GCancellable *shutdown;

  /* Worker thread only. */
  GMainContext *context;
  SoupSession  *session;
  DqStore      *store;
  Snapshot      now;
  char         *problems_text; /* META_PROBLEMS as last read or written */
  gboolean      running;
  gint64        due_us; /* monotonic time of the next automatic sync; 0: none */
  guint         failures;
  gint64        skew_ms; /* our wall clock minus the server's, at the last answer */
} Worker;

struct _DqSyncEngine {
  GObject parent_instance;

  Worker  *worker;
  Snapshot shown;
};

/* An HTTP answer. */
typedef struct {
  guint       status; /* 0: no answer */
  GBytes     *body;
  JsonNode   *root;
  JsonObject *object; /* root's object, when the body is one */
  DqWireBody  page;   /* a pulled page, read by dq_wire_parse_body() */
  gboolean    has_page;
} Reply;

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING,
  PROP_SERVER,
  PROP_USER,
  PROP_ROLE,
  PROP_DISTRICTS,
  PROP_LAST_SYNC,
  PROP_LAST_ERROR,
  PROP_PROBLEMS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DqSyncEngine, dq_sync_engine, G_TYPE_OBJECT)

G_DEFINE_QUARK (dq_sync_error, dq_sync_error)

G_DEFINE_ENUM_TYPE (DqSyncState, dq_sync_state, G_DEFINE_ENUM_VALUE (DQ_SYNC_STATE_OFFLINE, "offline"), G_DEFINE_ENUM_VALUE (DQ_SYNC_STATE_SYNCING, "syncing"), G_DEFINE_ENUM_VALUE (DQ_SYNC_STATE_UP_TO_DATE, "up-to-date"), G_DEFINE_ENUM_VALUE (DQ_SYNC_STATE_NEEDS_LOGIN, "needs-login"), G_DEFINE_ENUM_VALUE (DQ_SYNC_STATE_CLOCK_WRONG, "clock-wrong"), G_DEFINE_ENUM_VALUE (DQ_SYNC_STATE_ERROR, "error"))

G_DEFINE_BOXED_TYPE (DqSyncProblem, dq_sync_problem, dq_sync_problem_copy, dq_sync_problem_free)

/* Problems */

DqSyncProblem *
dq_sync_problem_copy (const DqSyncProblem *problem)
{
  DqSyncProblem *copy = g_new0 (DqSyncProblem, 1);

  copy->table = g_strdup (problem->table);
  copy->row = g_strdup (problem->row);
  copy->values = g_strdup (problem->values);
  copy->current = g_strdup (problem->current);
  copy->error = g_strdup (problem->error);
  copy->message = g_strdup (problem->message);
  copy->time_ms = problem->time_ms;
  return copy;
}

void
dq_sync_problem_free (DqSyncProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->table);
  g_free (problem->row);
  g_free (problem->values);
  g_free (problem->current);
  g_free (problem->error);
  g_free (problem->message);
  g_free (problem);
}

char *
dq_sync_problem_describe (const DqSyncProblem *problem)
{
  const char *code;

  g_return_val_if_fail (problem != NULL, NULL);

  code = problem->error;
  if (g_strcmp0 (code, "forbidden") == 0)
    return g_strdup (_ ("You may not change records of other districts"));
  if (g_strcmp0 (code, "clock_skew") == 0)
    return g_strdup (_ ("This computer’s clock is wrong; the change was sent back"));
  if (g_strcmp0 (code, "bad_value") == 0)
    return g_strdup (problem->message != NULL ? problem->message
                                              : _ ("The server did not accept one of the values"));
  if (g_strcmp0 (code, "bad_row") == 0)
    return g_strdup (_ ("The record id is not valid"));
  if (g_strcmp0 (code, "unknown_table") == 0)
    return g_strdup (_ ("The server does not support this kind of record"));
  if (g_strcmp0 (code, "unknown_column") == 0)
    return g_strdup (_ ("The server does not support one of the fields"));
  return g_strdup_printf (_ ("The server refused the change (%s)"), code);
}

char *
dq_sync_state_describe (DqSyncState state,
                        guint       pending)
{
  switch (state)
    {
    case DQ_SYNC_STATE_OFFLINE:
      if (pending == 0)
        return g_strdup (_ ("Offline"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline, %u change waiting to sync",
                                           "Offline, %u changes waiting to sync", pending),
                              pending);
    case DQ_SYNC_STATE_SYNCING:
      return g_strdup (_ ("Syncing…"));
    case DQ_SYNC_STATE_UP_TO_DATE:
      return g_strdup (_ ("Up to date"));
    case DQ_SYNC_STATE_NEEDS_LOGIN:
      return g_strdup (_ ("Sign in again"));
    case DQ_SYNC_STATE_CLOCK_WRONG:
      return g_strdup (_ ("This computer’s clock is wrong"));
    case DQ_SYNC_STATE_ERROR:
    default:
      return g_strdup (_ ("Sync failed"));
    }
}

/* Stored form: [{"table","row","values":{…},"current":[…]|null,"error",
 * "message"?,"time_ms"}…], oldest first. */
static char *
problems_to_json (GPtrArray *problems)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; i < problems->len; i++)
    {
      const DqSyncProblem *p = g_ptr_array_index (problems, i);

      g_string_append (out, i > 0 ? ",{\"table\":" : "{\"table\":");
      dq_json_append_string (out, p->table);
      g_string_append (out, ",\"row\":");
      dq_json_append_string (out, p->row);
      g_string_append_printf (out, ",\"values\":%s,\"current\":%s,\"error\":", p->values,
                              p->current != NULL ? p->current : "null");
      dq_json_append_string (out, p->error);
      if (p->message != NULL)
        {
          g_string_append (out, ",\"message\":");
          dq_json_append_string (out, p->message);
        }
      g_string_append_printf (out, ",\"time_ms\":%" G_GINT64_FORMAT "}", p->time_ms);
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static char *
member_json (JsonObject *object,
             const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_to_string (node, FALSE);
}

static GPtrArray *
problems_from_json (const char *text)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_sync_problem_free);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode  *root;
  JsonArray *array;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return problems;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode      *node = json_array_get_element (array, i);
      JsonObject    *o;
      DqSyncProblem *p;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      p = g_new0 (DqSyncProblem, 1);
      p->table = g_strdup (json_object_get_string_member_with_default (o, "table", ""));
      p->row = g_strdup (json_object_get_string_member_with_default (o, "row", ""));
      p->values = member_json (o, "values");
      if (p->values == NULL)
        p->values = g_strdup ("{}");
      p->current = member_json (o, "current");
      p->error = g_strdup (json_object_get_string_member_with_default (o, "error", ""));
      p->message = g_strdup (json_object_get_string_member_with_default (o, "message", NULL));
      p->time_ms = json_object_get_int_member_with_default (o, "time_ms", 0);
      g_ptr_array_add (problems, p);
    }
  return problems;
}

/* Snapshots */

static void
snapshot_clear (Snapshot *s)
{
  g_clear_pointer (&s->server, g_free);
  g_clear_pointer (&s->user, g_free);
  g_clear_pointer (&s->role, g_free);
  g_clear_pointer (&s->districts, g_strfreev);
  g_clear_pointer (&s->last_error, g_free);
  g_clear_pointer (&s->problems, g_ptr_array_unref);
}

static Snapshot *
snapshot_copy (const Snapshot *s)
{
  Snapshot *copy = g_new0 (Snapshot, 1);

  copy->state = s->state;
  copy->pending = s->pending;
  copy->server = g_strdup (s->server);
  copy->user = g_strdup (s->user);
  copy->role = g_strdup (s->role);
  copy->districts = g_strdupv (s->districts);
  copy->last_sync = s->last_sync;
  copy->last_error = g_strdup (s->last_error);
  copy->problems = s->problems ? g_ptr_array_ref (s->problems) : NULL;
  copy->changed = s->changed;
  return copy;
}

static void
snapshot_free (Snapshot *s)
{
  snapshot_clear (s);
  g_free (s);
}

/* Jobs and the worker */

static void
job_free (Job *job)
{
  g_clear_object (&job->task);
  g_free (job->server);
  g_free (job->user);
  if (job->password != NULL)
    {
      memset (job->password, 0, strlen (job->password));
      g_free (job->password);
    }
  g_free (job);
}

static void
worker_free (Worker *w)
{
  g_free (w->replica_path);
  g_async_queue_unref (w->jobs);
  g_main_context_unref (w->owner);
  g_weak_ref_clear (&w->engine);
  g_clear_object (&w->shutdown);
  snapshot_clear (&w->now);
  g_free (w->problems_text);
}

static Worker *
worker_ref (Worker *w)
{
  return g_atomic_rc_box_acquire (w);
}

static void
worker_unref (Worker *w)
{
  g_atomic_rc_box_release_full (w, (GDestroyNotify) worker_free);
}

typedef struct {
  Worker   *worker;
  Snapshot *snapshot;
  GTask    *task;
  GError   *error;
} Delivery;

static void
delivery_free (Delivery *d)
{
  worker_unref (d->worker);
  snapshot_free (d->snapshot);
  g_clear_object (&d->task);
  g_clear_error (&d->error);
  g_free (d);
}

static void apply_snapshot (DqSyncEngine *self, Snapshot *s);

/* On the owner's context. */
static gboolean
deliver_cb (gpointer data)
{
  Delivery *d = data;
  g_autoptr (DqSyncEngine) self = g_weak_ref_get (&d->worker->engine);

  if (self != NULL)
    apply_snapshot (self, d->snapshot);
  if (d->task != NULL)
    {
      if (d->error != NULL)
        g_task_return_error (d->task, g_steal_pointer (&d->error));
      else
        g_task_return_boolean (d->task, TRUE);
    }
  return G_SOURCE_REMOVE;
}

/* Sends the state (and, with @task, the job's result) to the owner. The
 * task (which holds the engine) is handed over, never unreferenced here: a
 * last reference dropped on this thread would finalize the engine, which
 * joins this thread. */
static void
publish (Worker *w,
         GTask  *task,  /* (transfer full) (nullable) */
         GError *error) /* (transfer full) (nullable) */
{
  Delivery *d = g_new0 (Delivery, 1);

  d->worker = worker_ref (w);
  d->snapshot = snapshot_copy (&w->now);
  d->task = task;
  d->error = error;
  w->now.changed = 0;
  g_main_context_invoke_full (w->owner, G_PRIORITY_DEFAULT, deliver_cb, d,
                              (GDestroyNotify) delivery_free);
}

static void
set_error (Worker       *w,
           DqSyncState   state,
           const GError *error)
{
  w->now.state = state;
  g_free (w->now.last_error);
  w->now.last_error = error ? g_strdup (error->message) : NULL;
}

/* The replica */

static gboolean
ensure_store (Worker  *w,
              GError **error)
{
  if (w->store == NULL)
    w->store = dq_store_open (w->replica_path, error);
  return w->store != NULL;
}

static void
replace_string (char      **field,
                const char *value)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

/* Another process (the CLI, the desktop) may have signed in or synced since
 * the last job: every job starts from the replica's meta. */
static gboolean
load_settings (Worker  *w,
               GError **error)
{
  g_autofree char *server = NULL, *user = NULL, *role = NULL, *districts = NULL;
  g_autofree char *last = NULL, *problems = NULL;

  if (!ensure_store (w, error))
    return FALSE;

  server = dq_store_get_meta (w->store, META_SERVER);
  user = dq_store_get_meta (w->store, META_USER);
  role = dq_store_get_meta (w->store, META_ROLE);
  districts = dq_store_get_meta (w->store, META_DISTRICTS);
  last = dq_store_get_meta (w->store, META_LAST);
  problems = dq_store_get_meta (w->store, META_PROBLEMS);

  replace_string (&w->now.server, server);
  replace_string (&w->now.user, user);
  replace_string (&w->now.role, role);
  g_clear_pointer (&w->now.districts, g_strfreev);
  w->now.districts = districts && *districts ? g_strsplit (districts, ",", -1) : g_new0 (char *, 1);
  w->now.last_sync = last ? g_ascii_strtoll (last, NULL, 10) : 0;
  if (w->now.problems == NULL || g_strcmp0 (problems, w->problems_text) != 0)
    {
      g_clear_pointer (&w->now.problems, g_ptr_array_unref);
      w->now.problems = problems_from_json (problems);
      g_free (w->problems_text);
      w->problems_text = g_steal_pointer (&problems);
    }
  return TRUE;
}

static gboolean
save_problems (Worker    *w,
               GPtrArray *problems, /* (transfer full) */
               GError   **error)
{
  g_autofree char *text = problems->len > 0 ? problems_to_json (problems) : NULL;

  g_clear_pointer (&w->now.problems, g_ptr_array_unref);
  w->now.problems = problems;
  g_free (w->problems_text);
  w->problems_text = g_strdup (text);
  return dq_store_set_meta (w->store, META_PROBLEMS, text, error);
}

static void
read_push_cursor (Worker   *w,
                  DqCursor *cursor)
{
  g_autofree char *text = dq_store_get_meta (w->store, META_PUSH);

  *cursor = (DqCursor) DQ_CURSOR_INIT;
  if (text != NULL && !dq_cursor_parse (text, cursor))
    {
      /* Re-sending everything is safe (merges are idempotent), only slow. */
      g_message ("The saved push position “%s” is damaged; sending every local change again", text);
      *cursor = (DqCursor) DQ_CURSOR_INIT;
    }
}

static char *
row_key (const DqChange *change)
{
  return g_strconcat (change->record->table->name, "/", change->record->id, NULL);
}

/* Counts the local changes a push would send; with @rows, collects their
 * "table/id". */
static gboolean
scan_pending (Worker     *w,
              GHashTable *rows,
              GError    **error)
{
  DqCursor cursor;
  gboolean more = TRUE;
  guint    pending = 0;

  read_push_cursor (w, &cursor);
  while (more)
    {
      g_autoptr (GPtrArray) changes = dq_store_changes_since (w->store, &cursor, COUNT_PAGE,
                                                              DQ_CHANGES_SKIP_UPSTREAM, &more, error);

      if (changes == NULL)
        return FALSE;
      pending += changes->len;
      for (guint i = 0; rows != NULL && i < changes->len; i++)
        g_hash_table_add (rows, row_key (g_ptr_array_index (changes, i)));
    }
  w->now.pending = pending;
  return TRUE;
}

static void
mark_changed (Worker     *w,
              const char *table_name)
{
  const DqTable *table = dq_schema_table (table_name);

  if (table != NULL)
    w->now.changed |= G_GUINT64_CONSTANT (1) << table->index;
}

/* HTTP */

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->root, json_node_unref);
  if (reply->has_page)
    dq_wire_body_clear (&reply->page);
  reply->has_page = FALSE;
  reply->object = NULL;
  reply->status = 0;
}

static GBytes *
gzip_bytes (const char *data,
            gsize       length,
            GError    **error)
{
  g_autoptr (GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, GZIP_LEVEL);
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (zlib));

  if (!g_output_stream_write_all (out, data, length, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* Our wall clock against the server's (sync-protocol.md: more than 10
 * minutes apart is wrong, and the HLC never adopts a reading that far
 * ahead). */
static void
observe_server_time (Worker *w,
                     gint64  server_ms)
{
  DqHlc *clock = dq_store_get_clock (w->store);

  w->skew_ms = dq_hlc_wall_ms (clock) - server_ms;
  dq_hlc_receive_ms (clock, server_ms, NULL);
}

static gboolean
clock_wrong (Worker *w)
{
  return ABS (w->skew_ms) > DQ_HLC_MAX_DRIFT_MS;
}

static gboolean
http_error (Worker  *w,
            Reply   *reply,
            GError **error)
{
  const char *code = NULL, *message = NULL;

  if (reply->object != NULL)
    {
      code = json_object_get_string_member_with_default (reply->object, "error", NULL);
      message = json_object_get_string_member_with_default (reply->object, "message", NULL);
    }

  switch (reply->status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      g_set_error_literal (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_NEEDS_LOGIN,
                           _ ("Your sign-in has expired; please sign in again"));
      break;
    case 429: /* Too Many Requests */
      g_set_error_literal (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_TOO_MANY_ATTEMPTS,
                           _ ("Too many failed attempts; please wait a few minutes and try again"));
      break;
    case SOUP_STATUS_BAD_GATEWAY:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      /* A proxy in front of a server that is down or restarting. */
      g_set_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_UNREACHABLE,
                   _ ("The server %s is not available right now (HTTP %u)"), w->now.server,
                   reply->status);
      break;
    default:
      g_set_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_SERVER,
                   _ ("The server refused the request (HTTP %u): %s"), reply->status,
                   message ? message : code ? code
                                            : soup_status_get_phrase (reply->status));
      break;
    }
  return FALSE;
}

static gboolean
protocol_error (GError **error)
{
  g_set_error_literal (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_PROTOCOL,
                       _ ("The server’s answer does not follow the sync protocol"));
  return FALSE;
}

/* A request in flight: libsoup's asynchronous API on the worker's own
 * context, so that a pull can ask for the next page before it applies this
 * one. */
typedef struct {
  SoupMessage  *msg;
  GCancellable *cancellable; /* ours, cancelled with the job's */
  GCancellable *job_cancellable;
  gulong        link;
  GBytes       *body;
  GError       *error;
  gboolean      sent; /* the request is on the wire */
  gboolean      done;
  gint64        start;
  char         *path;
} Request;

static void
request_sent_cb (SoupMessage *msg,
                 Request     *req)
{
  req->sent = TRUE;
}

static void
request_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *req = user_data;

  req->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &req->error);
  req->done = TRUE;
}

static void
request_cancel_cb (GCancellable *job_cancellable,
                   GCancellable *ours)
{
  g_cancellable_cancel (ours);
}

static void
request_wait (Worker   *w,
              Request  *req,
              gboolean *flag)
{
  while (!*flag && !req->done)
    g_main_context_iteration (w->context, TRUE);
}

static void
request_clear (Request *req)
{
  if (req->link != 0)
    g_cancellable_disconnect (req->job_cancellable, req->link);
  req->link = 0;
  if (req->msg != NULL)
    g_signal_handlers_disconnect_by_data (req->msg, req);
  g_clear_object (&req->msg);
  g_clear_object (&req->cancellable);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_clear_error (&req->error);
  g_clear_pointer (&req->path, g_free);
}

/* Sends a request to the signed-in server; returns once it is on the wire
 * (or has failed). */
static gboolean
request_start (Worker       *w,
               Request      *req,
               const char   *method,
               const char   *path,
               const char   *token,
               GString      *json,
               gboolean      compress,
               GCancellable *cancellable,
               GError      **error)
{
  g_autofree char    *url = g_strconcat (w->now.server, path, NULL);
  SoupMessageHeaders *headers;

  memset (req, 0, sizeof *req);
  req->msg = soup_message_new (method, url);
  if (req->msg == NULL)
    {
      g_set_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_BAD_URL,
                   _ ("“%s” is not a server address (http:// or https://)"), w->now.server);
      return FALSE;
    }

  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (json != NULL)
    {
      g_autoptr (GBytes) body = NULL;

      if (compress)
        {
          body = gzip_bytes (json->str, json->len, error);
          if (body == NULL)
            {
              request_clear (req);
              return FALSE;
            }
          soup_message_headers_replace (headers, "Content-Encoding", "gzip");
        }
      else
        body = g_bytes_new (json->str, json->len);
      soup_message_set_request_body_from_bytes (req->msg, "application/json", body);
    }

  req->path = g_strdup (path);
  req->start = g_get_monotonic_time ();
  req->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      req->job_cancellable = cancellable;
      req->link = g_cancellable_connect (cancellable, G_CALLBACK (request_cancel_cb),
                                         g_object_ref (req->cancellable), g_object_unref);
    }
  g_signal_connect (req->msg, "wrote-body", G_CALLBACK (request_sent_cb), req);
  /* The session's content decoder asks for gzip and inflates the answer. */
  soup_session_send_and_read_async (w->session, req->msg, G_PRIORITY_DEFAULT, req->cancellable,
                                    request_done_cb, req);
  request_wait (w, req, &req->sent);
  return TRUE;
}

/* Waits for the answer. TRUE for a 2xx one, whose JSON object (if any) is
 * in @reply; otherwise @error says what happened and @reply->status is the
 * HTTP status, or 0 when nothing came back. Clears @req. */
static gboolean
request_finish (Worker  *w,
                Request *req,
                Reply   *reply,
                GError **error)
{
  gboolean is_page;

  reply_clear (reply);
  request_wait (w, req, &req->done);
  if (req->body == NULL)
    {
      g_debug ("%s %s: no answer (%s)", soup_message_get_method (req->msg), req->path,
               req->error->message);
      if (g_error_matches (req->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&req->error));
      else
        g_set_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_UNREACHABLE,
                     _ ("Cannot reach the server %s: %s"), w->now.server, req->error->message);
      request_clear (req);
      return FALSE;
    }

  reply->body = g_steal_pointer (&req->body);
  reply->status = soup_message_get_status (req->msg);
  /* Pages of changes are the bulk of a sync: read without a JSON tree. */
  is_page = g_str_equal (soup_message_get_method (req->msg), "GET") &&
            g_str_has_prefix (req->path, "/api/v1/changes");
  g_debug ("%s %s: %u, %" G_GSIZE_FORMAT " bytes, %" G_GINT64_FORMAT " ms",
           soup_message_get_method (req->msg), req->path, reply->status,
           g_bytes_get_size (reply->body), (g_get_monotonic_time () - req->start) / 1000);
  request_clear (req);

  if (is_page && reply->status == SOUP_STATUS_OK)
    {
      gsize       length;
      const char *data = g_bytes_get_data (reply->body, &length);

      if (!dq_wire_parse_body (data, length, &reply->page, NULL))
        {
          dq_wire_body_clear (&reply->page);
          return protocol_error (error);
        }
      reply->has_page = TRUE;
      if (reply->page.has_time)
        observe_server_time (w, reply->page.time_ms);
      return TRUE;
    }

  if (g_bytes_get_size (reply->body) > 0)
    {
      g_autoptr (JsonParser) parser = json_parser_new_immutable ();
      gsize       length;
      const char *data = g_bytes_get_data (reply->body, &length);

      if (json_parser_load_from_data (parser, data, (gssize) length, NULL) &&
          json_parser_get_root (parser) != NULL &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          reply->root = json_parser_steal_root (parser);
          reply->object = json_node_get_object (reply->root);
          if (json_object_has_member (reply->object, "time_ms"))
            observe_server_time (w, json_object_get_int_member_with_default (reply->object,
                                                                             "time_ms", 0));
        }
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (reply->status))
    return http_error (w, reply, error);
  if (reply->object == NULL && reply->status != SOUP_STATUS_NO_CONTENT)
    return protocol_error (error);
  return TRUE;
}

/* Drops a request whose answer is no longer wanted. */
static void
request_abandon (Worker  *w,
                 Request *req)
{
  g_cancellable_cancel (req->cancellable);
  request_wait (w, req, &req->done);
  request_clear (req);
}

/* One request, start to end. */
static gboolean
call (Worker       *w,
      const char   *method,
      const char   *path,
      const char   *token,
      GString      *json,
      gboolean      compress,
      GCancellable *cancellable,
      Reply        *reply,
      GError      **error)
{
  Request req;

  reply_clear (reply);
  return request_start (w, &req, method, path, token, json, compress, cancellable, error) &&
         request_finish (w, &req, reply, error);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* "http://host:port" from what the user typed, or NULL. */
static char *
normalize_server (const char *text)
{
  g_autoptr (GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  gsize length;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return NULL;

  length = strlen (text);
  while (length > 0 && text[length - 1] == '/')
    length--;
  return g_strndup (text, length);
}

static char *
lookup_token (Worker       *w,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  char *token = dq_credentials_lookup (w->replica_path, w->now.server, w->now.user, cancellable,
                                       &local_error);

  if (token == NULL)
    {
      if (local_error != NULL)
        g_debug ("%s", local_error->message);
      g_set_error_literal (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_NEEDS_LOGIN,
                           _ ("Not signed in to a sync server"));
    }
  return token;
}

/* Push */

/* What the server said about a refused change, kept for the user. */
static DqSyncProblem *
problem_new (const DqChange *change,
             JsonObject     *rejection,
             gint64          now_ms)
{
  DqSyncProblem *p = g_new0 (DqSyncProblem, 1);
  g_autoptr (GString) wire = g_string_new (NULL);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();

  dq_wire_append_change (wire, change);
  if (json_parser_load_from_data (parser, wire->str, (gssize) wire->len, NULL))
    p->values = member_json (json_node_get_object (json_parser_get_root (parser)), "values");
  if (p->values == NULL)
    p->values = g_strdup ("{}");
  p->table = g_strdup (change->record->table->name);
  p->row = g_strdup (change->record->id);
  p->current = member_json (rejection, "current");
  p->error = g_strdup (json_object_get_string_member_with_default (rejection, "error", "refused"));
  p->message = g_strdup (json_object_get_string_member_with_default (rejection, "message", NULL));
  p->time_ms = now_ms;
  return p;
}

static gboolean
same_problem (const DqSyncProblem *a,
              const DqSyncProblem *b)
{
  return g_str_equal (a->table, b->table) && g_str_equal (a->row, b->row) &&
         g_str_equal (a->error, b->error) && g_str_equal (a->values, b->values);
}

static void
add_problem (GPtrArray     *problems,
             DqSyncProblem *problem) /* (transfer full) */
{
  /* A batch re-sent after its answer was lost is refused again: once. */
  for (guint i = 0; i < problems->len; i++)
    if (same_problem (g_ptr_array_index (problems, i), problem))
      {
        g_ptr_array_remove_index (problems, i);
        break;
      }
  g_ptr_array_add (problems, problem);
  if (problems->len > MAX_PROBLEMS)
    g_ptr_array_remove_range (problems, 0, problems->len - MAX_PROBLEMS);
}

/* What the server refused in one page of pushes. */
typedef struct {
  GPtrArray *changes;  /* DqChange: the server's cells of refused rows */
  GPtrArray *rows;     /* "table/id" of the rows they replace */
  GPtrArray *problems; /* the new list of problems; NULL while nothing was refused */
} Refusals;

/* The server's row of a rejection, read by the same parser as any other
 * changes, so that what the client holds is checked the same way. */
static gboolean
take_current (JsonObject *rejection,
              GPtrArray  *into,
              GError    **error)
{
  g_autofree char *array = json_to_string (json_object_get_member (rejection, "current"), FALSE);
  g_autofree char *text = g_strconcat ("{\"changes\":", array, "}", NULL);
  DqWireBody       body;

  if (!dq_wire_parse_body (text, strlen (text), &body, NULL))
    {
      dq_wire_body_clear (&body);
      return protocol_error (error);
    }
  for (guint c = 0; c < body.changes->len; c++)
    if (g_ptr_array_index (body.changes, c) != NULL)
      g_ptr_array_add (into, g_steal_pointer (&body.changes->pdata[c]));
    else
      g_message ("A cell of the server’s row cannot be held here (%s)",
                 (const char *) g_ptr_array_index (body.messages, c));
  dq_wire_body_clear (&body);
  return TRUE;
}

static gboolean
read_refusals (Worker    *w,
               GPtrArray *sent,
               guint      first,
               guint      n,
               JsonArray *rejected,
               Refusals  *refusals,
               GError   **error)
{
  gint64 now_ms = g_get_real_time () / 1000;

  for (guint i = 0; i < json_array_get_length (rejected); i++)
    {
      JsonNode   *node = json_array_get_element (rejected, i);
      JsonObject *rejection;
      JsonArray  *current;
      gint64      index;
      DqChange   *change;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return protocol_error (error);
      rejection = json_node_get_object (node);
      index = json_object_get_int_member_with_default (rejection, "index", -1);
      if (index < 0 || index >= n)
        return protocol_error (error);
      change = g_ptr_array_index (sent, first + (guint) index);
      if (refusals->problems == NULL)
        {
          refusals->problems = g_ptr_array_copy (w->now.problems,
                                                 (GCopyFunc) dq_sync_problem_copy, NULL);
          g_ptr_array_set_free_func (refusals->problems, (GDestroyNotify) dq_sync_problem_free);
        }
      add_problem (refusals->problems, problem_new (change, rejection, now_ms));

      current = member_array (rejection, "current");
      if (current == NULL)
        continue; /* a new row the server does not have: see dq_sync_engine_sync_async() */
      g_ptr_array_add (refusals->rows, row_key (change));
      if (!take_current (rejection, refusals->changes, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
post_batch (Worker       *w,
            GPtrArray    *changes,
            guint         first,
            guint         n,
            const char   *token,
            Refusals     *refusals,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr (GString) body = g_string_new ("{\"node\":");
  g_autoptr (GPtrArray) batch = g_ptr_array_sized_new (n);
  g_autofree char *batch_id = dq_uuid_v7 ();
  g_autoptr (GError) local_error = NULL;
  Reply      reply = { 0 };
  JsonArray *rejected;
  gboolean   ok;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (batch, g_ptr_array_index (changes, first + i));

  dq_json_append_string (body, dq_store_get_node (w->store));
  g_string_append_printf (body, ",\"batch\":\"%s\",\"changes\":", batch_id);
  dq_wire_append_changes (body, batch);
  g_string_append_c (body, '}');

  ok = call (w, "POST", "/api/v1/changes", token, body, TRUE, cancellable, &reply, &local_error);
  if (!ok && reply.status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE && n > 1)
    {
      /* Over 16 MiB (rows with long texts): halves until the server takes
       * them. */
      reply_clear (&reply);
      return post_batch (w, changes, first, n / 2, token, refusals, cancellable, error) &&
             post_batch (w, changes, first + n / 2, n - n / 2, token, refusals, cancellable,
                         error);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if ((rejected = member_array (reply.object, "rejected")) == NULL)
    ok = protocol_error (error);
  else
    ok = read_refusals (w, changes, first, n, rejected, refusals, error);
  reply_clear (&reply);
  return ok;
}

/* Refused rows go back to the server's state. The merge keeps the newer
 * stamp, and the refused cells are newer than the server's: the row is
 * dropped first, then the server's cells applied (with the push cursor, in
 * one transaction). */
static gboolean
restore_and_advance (Worker         *w,
                     Refusals       *refusals,
                     const DqCursor *cursor,
                     GError        **error)
{
  g_autofree char *cursor_text = dq_cursor_to_string (cursor);
  g_autoptr (GPtrArray) rows = g_ptr_array_new (); /* borrowed keys */

  for (guint i = 0; i < refusals->rows->len; i++)
    {
      const char      *key = g_ptr_array_index (refusals->rows, i);
      g_autofree char *table = g_strndup (key, strcspn (key, "/"));

      g_ptr_array_add (rows, (gpointer) key);
      mark_changed (w, table);
    }
  g_ptr_array_add (rows, NULL);
  return dq_store_replace_rows (w->store, (const char *const *) rows->pdata,
                                (DqChange **) refusals->changes->pdata, refusals->changes->len,
                                DQ_APPLY_FLAGS_UPSTREAM, META_PUSH, cursor_text, error);
}

static gboolean
push (Worker       *w,
      const char   *token,
      GCancellable *cancellable,
      GError      **error)
{
  DqCursor saved, cursor;
  gboolean more = TRUE;

  read_push_cursor (w, &saved);
  cursor = saved;
  while (more)
    {
      g_autoptr (GPtrArray) changes = dq_store_changes_since (w->store, &cursor, PUSH_PAGE,
                                                              DQ_CHANGES_SKIP_UPSTREAM, &more, error);
      Refusals refusals = { 0 };
      gboolean ok = TRUE;

      if (changes == NULL)
        return FALSE;
      /* Rows holding nothing of ours (pulled ones): the cursor moves over
       * them, saved once at the end. */
      if (changes->len == 0)
        continue;

      refusals.changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_change_free);
      refusals.rows = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; ok && i < changes->len; i += PUSH_BATCH)
        ok = post_batch (w, changes, i, MIN (PUSH_BATCH, changes->len - i), token, &refusals,
                         cancellable, error);

      /* The problems first: if we stop before the cursor is saved, the
       * batch is sent again and the same refusals are not listed twice. */
      if (ok && refusals.problems != NULL)
        ok = save_problems (w, g_steal_pointer (&refusals.problems), error);
      ok = ok && restore_and_advance (w, &refusals, &cursor, error);

      g_clear_pointer (&refusals.problems, g_ptr_array_unref);
      g_ptr_array_unref (refusals.changes);
      g_ptr_array_unref (refusals.rows);
      if (!ok)
        return FALSE;
      saved = cursor;
    }

  if (cursor.base != saved.base || cursor.pos != saved.pos)
    {
      g_autofree char *text = dq_cursor_to_string (&cursor);

      return dq_store_set_meta (w->store, META_PUSH, text, error);
    }
  return TRUE;
}

/* Pull */

/* Applies one page with its cursor, in one transaction. */
static gboolean
apply_pulled (Worker     *w,
              DqWireBody *page,
              const char *cursor,
              GError    **error)
{
  g_autoptr (GPtrArray) changes = g_ptr_array_new ();
  g_autofree DqApplyResult *results = NULL;
  guint                     refused = 0;

  for (guint i = 0; i < page->changes->len; i++)
    if (g_ptr_array_index (page->changes, i) != NULL)
      g_ptr_array_add (changes, g_ptr_array_index (page->changes, i));
    else
      refused++;

  results = g_new0 (DqApplyResult, MAX (changes->len, 1));
  if (!dq_store_apply_page (w->store, (DqChange **) changes->pdata, changes->len,
                            DQ_APPLY_FLAGS_UPSTREAM, results, META_PULL, cursor, error))
    return FALSE;

  for (guint i = 0; i < changes->len; i++)
    {
      const DqChange *change = g_ptr_array_index (changes, i);

      if (results[i].status == DQ_APPLY_APPLIED)
        mark_changed (w, change->record->table->name);
      else if (results[i].status == DQ_APPLY_REJECTED)
        refused++;
      dq_apply_result_clear (&results[i]);
    }
  /* A newer server's columns or codes: this replica cannot hold them. */
  if (refused > 0)
    g_message ("%u pulled changes could not be applied here; is Dangqun up to date?", refused);
  return TRUE;
}

/* Asks for the page after @cursor (NULL: from the beginning). */
static gboolean
request_page (Worker       *w,
              Request      *req,
              const char   *cursor,
              const char   *token,
              GCancellable *cancellable,
              GError      **error)
{
  g_autofree char *path = NULL;

  if (cursor != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

      path = g_strdup_printf ("/api/v1/changes?since=%s&limit=%d", escaped, PULL_LIMIT);
    }
  else
    path = g_strdup_printf ("/api/v1/changes?limit=%d", PULL_LIMIT);
  return request_start (w, req, "GET", path, token, NULL, FALSE, cancellable, error);
}

/* 409 resync (a restored or compacted server) or a cursor it cannot read. */
static gboolean
must_restart (Reply *reply)
{
  return reply->status == SOUP_STATUS_CONFLICT ||
         (reply->status == SOUP_STATUS_BAD_REQUEST && reply->object != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (reply->object, "error", NULL),
                     "bad_cursor") == 0);
}

/* Pages until caught up. The next page is asked for before this one is
 * applied: the server prepares it while we write. */
static gboolean
pull (Worker       *w,
      const char   *token,
      GCancellable *cancellable,
      GError      **error)
{
  g_autofree char *cursor = dq_store_get_meta (w->store, META_PULL);
  gboolean         restarted = FALSE;
  Request          req;

  if (!request_page (w, &req, cursor, token, cancellable, error))
    return FALSE;

  for (;;)
    {
      g_autoptr (GError) local_error = NULL;
      Reply       reply = { 0 };
      const char *next;
      gboolean    more, ok;

      if (!request_finish (w, &req, &reply, &local_error))
        {
          /* Start over. Local changes the server has not acknowledged are
           * still behind the push cursor, so nothing is lost. */
          if (!restarted && cursor != NULL && must_restart (&reply))
            {
              g_message ("The server cannot continue from our position (HTTP %u): pulling "
                         "everything again",
                         reply.status);
              reply_clear (&reply);
              restarted = TRUE;
              g_clear_pointer (&cursor, g_free);
              if (!dq_store_set_meta (w->store, META_PULL, NULL, error) ||
                  !request_page (w, &req, NULL, token, cancellable, error))
                return FALSE;
              continue;
            }
          reply_clear (&reply);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      next = reply.page.cursor;
      more = reply.page.more;
      if (!reply.page.has_changes || next == NULL)
        {
          reply_clear (&reply);
          return protocol_error (error);
        }
      /* A server that says "more" without moving would keep us here. */
      if (more && reply.page.changes->len == 0 && g_strcmp0 (next, cursor) == 0)
        more = FALSE;

      ok = !more || request_page (w, &req, next, token, cancellable, error);
      if (ok && !apply_pulled (w, &reply.page, next, error))
        {
          if (more)
            request_abandon (w, &req);
          ok = FALSE;
        }
      g_free (cursor);
      cursor = g_strdup (next);
      reply_clear (&reply);
      if (!ok || !more)
        return ok;
    }
}

/* Rows outside the user's districts (moved away by a transfer, or created
 * here for a district the server refused) leave the replica; rows with
 * changes not yet pushed stay until they are. */
static gboolean
purge_out_of_scope (Worker     *w,
                    GHashTable *pending_rows,
                    GError    **error)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) scope = NULL;
  guint64 purged = 0;

  if (g_strcmp0 (w->now.role, "admin") == 0 || w->now.user == NULL)
    return TRUE;

  g_strv_builder_add (builder, CITY_DISTRICT);
  g_strv_builder_addv (builder, (const char **) w->now.districts);
  scope = g_strv_builder_end (builder);
  if (!dq_store_purge_outside (w->store, (const char *const *) scope, pending_rows, &purged,
                               error))
    return FALSE;
  w->now.changed |= purged;
  return TRUE;
}

/* Jobs */

static gboolean
sync_once (Worker       *w,
           GCancellable *cancellable,
           GError      **error)
{
  g_autoptr (GHashTable) pending_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *token = NULL;
  g_autofree char *last = NULL;
  Reply            reply = { 0 };
  gboolean         ok, hold;

  token = lookup_token (w, cancellable, error);
  if (token == NULL)
    return FALSE;

  w->now.state = DQ_SYNC_STATE_SYNCING;
  publish (w, NULL, NULL);

  /* Is the server there, and is our clock right? A clock over 10 minutes
   * ahead would have every change refused as clock_skew (and reverted):
   * such changes wait here until the clock is set right. */
  ok = call (w, "GET", "/api/v1/health", NULL, NULL, FALSE, cancellable, &reply, error);
  reply_clear (&reply);
  if (!ok)
    return FALSE;
  hold = w->skew_ms > DQ_HLC_MAX_DRIFT_MS;

  if ((!hold && !push (w, token, cancellable, error)) || !pull (w, token, cancellable, error) ||
      (!hold && !push (w, token, cancellable, error)) ||
      !scan_pending (w, pending_rows, error) || !purge_out_of_scope (w, pending_rows, error))
    return FALSE;

  if (hold)
    {
      g_set_error_literal (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_CLOCK_WRONG,
                           _ ("This computer’s clock is more than 10 minutes ahead of the "
                              "server’s; set the right time so that your changes can be sent"));
      return FALSE;
    }

  w->now.last_sync = g_get_real_time () / 1000;
  last = g_strdup_printf ("%" G_GINT64_FORMAT, w->now.last_sync);
  return dq_store_set_meta (w->store, META_LAST, last, error);
}

static DqSyncState
state_for_error (const GError *error)
{
  if (error->domain == DQ_SYNC_ERROR)
    switch (error->code)
      {
      case DQ_SYNC_ERROR_UNREACHABLE:
        return DQ_SYNC_STATE_OFFLINE;
      case DQ_SYNC_ERROR_NEEDS_LOGIN:
        return DQ_SYNC_STATE_NEEDS_LOGIN;
      case DQ_SYNC_ERROR_CLOCK_WRONG:
        return DQ_SYNC_STATE_CLOCK_WRONG;
      default:
        break;
      }
  return DQ_SYNC_STATE_ERROR;
}

/* Equal jitter: half the delay fixed, half random, so that the desktops of
 * a district that lost the server together do not return together. */
static gint64
backoff_ms (guint failures)
{
  gint64 base = BACKOFF_MIN_MS;

  for (guint i = 1; i < failures && base < BACKOFF_MAX_MS; i++)
    base *= 2;
  base = MIN (base, BACKOFF_MAX_MS);
  return MAX (BACKOFF_MIN_MS, base / 2 + g_random_int_range (0, (gint32) (base / 2) + 1));
}

static void
schedule_in (Worker *w,
             gint64  ms)
{
  w->due_us = w->running ? g_get_monotonic_time () + ms * 1000 : 0;
}

static void
run_sync (Worker       *w,
          GTask        *task, /* (transfer full) (nullable) */
          GCancellable *cancellable)
{
  GError     *error = NULL;
  DqSyncState before = w->now.state;

  if (load_settings (w, &error) && sync_once (w, cancellable, &error))
    {
      w->failures = 0;
      set_error (w, clock_wrong (w) ? DQ_SYNC_STATE_CLOCK_WRONG : DQ_SYNC_STATE_UP_TO_DATE, NULL);
      schedule_in (w, PERIOD_MS);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    w->now.state = before == DQ_SYNC_STATE_SYNCING ? DQ_SYNC_STATE_OFFLINE : before;
  else
    {
      set_error (w, state_for_error (error), error);
      if (w->store != NULL)
        {
          g_autoptr (GError) count_error = NULL;

          /* The count shows the user what waits: keep it right offline. */
          if (!scan_pending (w, NULL, &count_error))
            g_debug ("%s", count_error->message);
        }
      if (g_error_matches (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_NEEDS_LOGIN))
        w->due_us = 0; /* until someone signs in */
      else if (g_error_matches (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_CLOCK_WRONG))
        schedule_in (w, PERIOD_MS);
      else
        schedule_in (w, backoff_ms (++w->failures));
    }
  /* The page cache helps merge a big pull; between syncs the desktop
   * needs the memory more. */
  if (w->store != NULL)
    sqlite3_db_release_memory (dq_store_get_db (w->store));
  publish (w, task, error);
}

static gboolean
refresh (Worker       *w,
         GCancellable *cancellable,
         GError      **error)
{
  g_autofree char *token = NULL;

  if (!load_settings (w, error) || !scan_pending (w, NULL, error))
    return FALSE;

  token = dq_credentials_lookup (w->replica_path, w->now.server, w->now.user, cancellable, NULL);
  if (token == NULL)
    w->now.state = DQ_SYNC_STATE_NEEDS_LOGIN;
  else if (w->now.state == DQ_SYNC_STATE_NEEDS_LOGIN)
    w->now.state = DQ_SYNC_STATE_OFFLINE;
  return TRUE;
}

static gboolean
save_account (Worker     *w,
              const char *server,
              JsonObject *answer,
              GError    **error)
{
  JsonArray *array = member_array (answer, "districts");
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) districts = NULL;
  g_autofree char *joined = NULL;
  const char      *user = json_object_get_string_member_with_default (answer, "user", NULL);
  const char      *role = json_object_get_string_member_with_default (answer, "role", NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  districts = g_strv_builder_end (builder);
  joined = g_strjoinv (",", districts);

  if (!dq_store_set_meta (w->store, META_SERVER, server, error) ||
      !dq_store_set_meta (w->store, META_USER, user, error) ||
      !dq_store_set_meta (w->store, META_ROLE, role, error) ||
      !dq_store_set_meta (w->store, META_DISTRICTS, joined, error))
    return FALSE;
  return load_settings (w, error);
}

static gboolean
login (Worker       *w,
       Job          *job,
       GCancellable *cancellable,
       GError      **error)
{
  g_autofree char *server = normalize_server (job->server);
  g_autofree char *old_server = NULL, *old_user = NULL;
  g_autoptr (GString) body = g_string_new ("{\"username\":");
  g_autoptr (GError) local_error = NULL;
  Reply       reply = { 0 };
  const char *token, *user;
  gboolean    elsewhere, ok;

  if (server == NULL)
    {
      g_set_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_BAD_URL,
                   _ ("“%s” is not a server address (http:// or https://)"), job->server);
      return FALSE;
    }
  if (!load_settings (w, error))
    return FALSE;

  /* Changes made here as one account must not be sent by another without
   * the user saying so. */
  elsewhere = w->now.server != NULL &&
              (g_strcmp0 (w->now.server, server) != 0 || g_strcmp0 (w->now.user, job->user) != 0);
  if (elsewhere && !(job->flags & DQ_SYNC_LOGIN_KEEP_PENDING))
    {
      if (!scan_pending (w, NULL, error))
        return FALSE;
      if (w->now.pending > 0)
        {
          g_set_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_PENDING_CHANGES,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u change made on this computer has not been synced to %s "
                                    "as %s yet",
                                    "%u changes made on this computer have not been synced to %s "
                                    "as %s yet",
                                    w->now.pending),
                       w->now.pending, w->now.server, w->now.user);
          return FALSE;
        }
    }
  old_server = g_strdup (w->now.server);
  old_user = g_strdup (w->now.user);

  dq_json_append_string (body, job->user);
  g_string_append (body, ",\"password\":");
  dq_json_append_string (body, job->password);
  g_string_append (body, ",\"node\":");
  dq_json_append_string (body, dq_store_get_node (w->store));
  g_string_append_c (body, '}');

  replace_string (&w->now.server, server);
  ok = call (w, "POST", "/api/v1/session", NULL, body, FALSE, cancellable, &reply, &local_error);
  memset (body->str, 0, body->len); /* the password */
  replace_string (&w->now.server, old_server);
  if (!ok)
    {
      if (reply.status == SOUP_STATUS_UNAUTHORIZED)
        g_set_error_literal (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_INVALID_CREDENTIALS,
                             _ ("Wrong user name or password"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      reply_clear (&reply);
      return FALSE;
    }

  token = json_object_get_string_member_with_default (reply.object, "token", NULL);
  user = json_object_get_string_member_with_default (reply.object, "user", NULL);
  if (token == NULL || *token == '\0' || user == NULL || *user == '\0')
    ok = protocol_error (error);
  else if (elsewhere)
    {
      /* Another account sees other rows: pull its scope from the start. */
      g_autoptr (GError) clear_error = NULL;

      if (!dq_credentials_clear (w->replica_path, old_server, old_user, cancellable, &clear_error))
        g_debug ("%s", clear_error->message);
      ok = dq_store_set_meta (w->store, META_PULL, NULL, error);
    }
  ok = ok && dq_credentials_store (w->replica_path, server, user, token, cancellable, error) &&
       save_account (w, server, reply.object, error) && scan_pending (w, NULL, error);
  reply_clear (&reply);
  if (!ok)
    return FALSE;

  set_error (w, clock_wrong (w) ? DQ_SYNC_STATE_CLOCK_WRONG : DQ_SYNC_STATE_OFFLINE, NULL);
  schedule_in (w, 0);
  w->failures = 0;
  return TRUE;
}

static gboolean
logout (Worker       *w,
        GCancellable *cancellable,
        GError      **error)
{
  g_autofree char *token = NULL;

  if (!load_settings (w, error))
    return FALSE;

  token = dq_credentials_lookup (w->replica_path, w->now.server, w->now.user, cancellable, NULL);
  if (token != NULL)
    {
      g_autoptr (GError) local_error = NULL;
      Reply reply = { 0 };

      /* Best effort: the token is forgotten here whatever the server says. */
      if (!call (w, "DELETE", "/api/v1/session", token, NULL, FALSE, cancellable, &reply,
                 &local_error))
        g_debug ("Ending the session on the server: %s", local_error->message);
      reply_clear (&reply);
    }

  /* The server and user stay: they name the account that the pending
   * changes belong to, for the next sign-in. */
  if (!dq_credentials_clear (w->replica_path, w->now.server, w->now.user, cancellable, error))
    return FALSE;
  w->now.state = DQ_SYNC_STATE_NEEDS_LOGIN;
  w->due_us = 0;
  return TRUE;
}

static void
run_job (Worker *w,
         Job    *job)
{
  GCancellable *cancellable = job->task ? g_task_get_cancellable (job->task) : w->shutdown;
  GError       *error = NULL;

  switch (job->kind)
    {
    case JOB_SYNC:
      run_sync (w, g_steal_pointer (&job->task), cancellable);
      return;
    case JOB_REFRESH:
      refresh (w, cancellable, &error);
      break;
    case JOB_LOGIN:
      login (w, job, cancellable, &error);
      break;
    case JOB_LOGOUT:
      logout (w, cancellable, &error);
      break;
    case JOB_START:
      w->running = TRUE;
      w->failures = 0;
      schedule_in (w, 0);
      return;
    case JOB_STOP:
      w->running = FALSE;
      w->due_us = 0;
      return;
    case JOB_LOCAL_CHANGED:
      if (!load_settings (w, &error) || !scan_pending (w, NULL, &error))
        break;
      /* Offline, the backoff decides when to try again. */
      if (w->running && w->failures == 0 && w->now.state != DQ_SYNC_STATE_NEEDS_LOGIN &&
          w->now.pending > 0 &&
          (w->due_us == 0 || w->due_us > g_get_monotonic_time () + SOON_MS * 1000))
        schedule_in (w, SOON_MS);
      break;
    case JOB_CLEAR_PROBLEMS:
      if (load_settings (w, &error))
        save_problems (w, g_ptr_array_new_with_free_func ((GDestroyNotify) dq_sync_problem_free),
                       &error);
      break;
    case JOB_QUIT:
    default:
      g_assert_not_reached ();
    }

  if (error != NULL && job->task == NULL)
    {
      g_debug ("%s", error->message);
      g_clear_error (&error);
    }
  publish (w, g_steal_pointer (&job->task), error);
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;

  /* libsoup 3 sessions belong to the context they are created in. */
  w->context = g_main_context_new ();
  g_main_context_push_thread_default (w->context);
  w->session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT, "idle-timeout",
                                              HTTP_TIMEOUT, "user-agent",
                                              "dangqun/" PACKAGE_VERSION, NULL);

  for (;;)
    {
      Job *job;

      if (w->running && w->due_us > 0)
        {
          gint64 wait = w->due_us - g_get_monotonic_time ();

          job = wait > 0 ? g_async_queue_timeout_pop (w->jobs, (guint64) wait)
                         : g_async_queue_try_pop (w->jobs);
          if (job == NULL)
            {
              run_sync (w, NULL, w->shutdown);
              continue;
            }
        }
      else
        job = g_async_queue_pop (w->jobs);

      if (job->kind == JOB_QUIT)
        {
          job_free (job);
          break;
        }
      run_job (w, job);
      job_free (job);
    }

  g_clear_object (&w->session);
  g_clear_object (&w->store);
  g_main_context_pop_thread_default (w->context);
  g_clear_pointer (&w->context, g_main_context_unref);
  worker_unref (w);
  return NULL;
}

static void
queue_job (DqSyncEngine *self,
           JobKind       kind,
           GTask        *task) /* (transfer full) (nullable) */
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->task = task;
  g_async_queue_push (self->worker->jobs, job);
}

/* Owner side */

static void
apply_snapshot (DqSyncEngine *self,
                Snapshot     *s)
{
  Snapshot      *shown = &self->shown;
  guint          n_tables;
  const DqTable *tables = dq_schema_tables (&n_tables);

  g_object_freeze_notify (G_OBJECT (self));
  if (shown->state != s->state)
    {
      shown->state = s->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (shown->pending != s->pending)
    {
      shown->pending = s->pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
#define SYNC_STRING(field, prop)                                    \
  if (g_strcmp0 (shown->field, s->field) != 0)                      \
    {                                                               \
      g_free (shown->field);                                        \
      shown->field = g_steal_pointer (&s->field);                   \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]); \
    }
  SYNC_STRING (server, PROP_SERVER)
  SYNC_STRING (user, PROP_USER)
  SYNC_STRING (role, PROP_ROLE)
  SYNC_STRING (last_error, PROP_LAST_ERROR)
#undef SYNC_STRING
  if (shown->districts == NULL || s->districts == NULL ||
      !g_strv_equal ((const char *const *) shown->districts, (const char *const *) s->districts))
    {
      g_strfreev (shown->districts);
      shown->districts = g_steal_pointer (&s->districts);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISTRICTS]);
    }
  if (shown->last_sync != s->last_sync)
    {
      shown->last_sync = s->last_sync;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }
  if (s->problems != NULL && shown->problems != s->problems)
    {
      g_clear_pointer (&shown->problems, g_ptr_array_unref);
      shown->problems = g_steal_pointer (&s->problems);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  for (guint i = 0; i < n_tables; i++)
    if (s->changed & (G_GUINT64_CONSTANT (1) << i))
      g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (tables[i].name),
                     tables[i].name);
}

static void
dq_sync_engine_finalize (GObject *object)
{
  DqSyncEngine *self = DQ_SYNC_ENGINE (object);

  queue_job (self, JOB_QUIT, NULL);
  g_cancellable_cancel (self->worker->shutdown);
  g_thread_join (self->worker->thread);
  worker_unref (self->worker);
  snapshot_clear (&self->shown);

  G_OBJECT_CLASS (dq_sync_engine_parent_class)->finalize (object);
}

static void
dq_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DqSyncEngine *self = DQ_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->shown.state);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->shown.pending);
      break;
    case PROP_SERVER:
      g_value_set_string (value, self->shown.server);
      break;
    case PROP_USER:
      g_value_set_string (value, self->shown.user);
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->shown.role);
      break;
    case PROP_DISTRICTS:
      g_value_set_boxed (value, self->shown.districts);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->shown.last_sync);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->shown.last_error);
      break;
    case PROP_PROBLEMS:
      g_value_set_boxed (value, self->shown.problems);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dq_sync_engine_class_init (DqSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = dq_sync_engine_finalize;
  object_class->get_property = dq_sync_engine_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, DQ_TYPE_SYNC_STATE,
                                              DQ_SYNC_STATE_OFFLINE, flags);
  properties[PROP_PENDING] = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_SERVER] = g_param_spec_string ("server", NULL, NULL, NULL, flags);
  properties[PROP_USER] = g_param_spec_string ("user", NULL, NULL, NULL, flags);
  properties[PROP_ROLE] = g_param_spec_string ("role", NULL, NULL, NULL, flags);
  properties[PROP_DISTRICTS] = g_param_spec_boxed ("districts", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_LAST_SYNC] = g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                                                   flags);
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL, flags);
  properties[PROP_PROBLEMS] = g_param_spec_boxed ("problems", NULL, NULL, G_TYPE_PTR_ARRAY,
                                                  flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Rows of a table changed by a pull, a restore or a purge (the owner's
   * DqStore does not see the engine's writes). Detailed by table name. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dq_sync_engine_init (DqSyncEngine *self)
{
  self->shown.state = DQ_SYNC_STATE_OFFLINE;
  self->shown.districts = g_new0 (char *, 1);
  self->shown.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_sync_problem_free);
}

/* Public API */

DqSyncEngine *
dq_sync_engine_new (const char *replica_path)
{
  DqSyncEngine *self;
  Worker       *w;

  g_return_val_if_fail (replica_path != NULL, NULL);

  self = g_object_new (DQ_TYPE_SYNC_ENGINE, NULL);
  w = g_atomic_rc_box_new0 (Worker);
  w->replica_path = g_strdup (replica_path);
  w->jobs = g_async_queue_new_full ((GDestroyNotify) job_free);
  w->owner = g_main_context_ref_thread_default ();
  g_weak_ref_init (&w->engine, self);
  w->shutdown = g_cancellable_new ();
  w->now.state = DQ_SYNC_STATE_OFFLINE;
  self->worker = w;
  w->thread = g_thread_new ("dq-sync", worker_main, worker_ref (w));
  return self;
}

DqSyncState
dq_sync_engine_get_state (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), DQ_SYNC_STATE_ERROR);
  return self->shown.state;
}

guint
dq_sync_engine_get_pending (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), 0);
  return self->shown.pending;
}

const char *
dq_sync_engine_get_server (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), NULL);
  return self->shown.server;
}

const char *
dq_sync_engine_get_user (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), NULL);
  return self->shown.user;
}

const char *
dq_sync_engine_get_role (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), NULL);
  return self->shown.role;
}

const char *const *
dq_sync_engine_get_districts (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), NULL);
  return (const char *const *) self->shown.districts;
}

gint64
dq_sync_engine_get_last_sync (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), 0);
  return self->shown.last_sync;
}

const char *
dq_sync_engine_get_last_error (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), NULL);
  return self->shown.last_error;
}

GPtrArray *
dq_sync_engine_get_problems (DqSyncEngine *self)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), NULL);
  return self->shown.problems;
}

static GTask *
new_task (DqSyncEngine       *self,
          gpointer            tag,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, tag);
  return task;
}

static gboolean
finish (DqSyncEngine *self,
        GAsyncResult *result,
        gpointer      tag,
        GError      **error)
{
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tag, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dq_sync_engine_refresh_async (DqSyncEngine       *self,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_return_if_fail (DQ_IS_SYNC_ENGINE (self));
  queue_job (self, JOB_REFRESH,
             new_task (self, dq_sync_engine_refresh_async, cancellable, callback, user_data));
}

gboolean
dq_sync_engine_refresh_finish (DqSyncEngine *self,
                               GAsyncResult *result,
                               GError      **error)
{
  return finish (self, result, dq_sync_engine_refresh_async, error);
}

void
dq_sync_engine_login_async (DqSyncEngine       *self,
                            const char         *server_url,
                            const char         *user,
                            const char         *password,
                            DqSyncLoginFlags    flags,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  Job *job;

  g_return_if_fail (DQ_IS_SYNC_ENGINE (self));
  g_return_if_fail (server_url != NULL && user != NULL && password != NULL);

  job = g_new0 (Job, 1);
  job->kind = JOB_LOGIN;
  job->task = new_task (self, dq_sync_engine_login_async, cancellable, callback, user_data);
  job->server = g_strdup (server_url);
  job->user = g_strdup (user);
  job->password = g_strdup (password);
  job->flags = flags;
  g_async_queue_push (self->worker->jobs, job);
}

gboolean
dq_sync_engine_login_finish (DqSyncEngine *self,
                             GAsyncResult *result,
                             GError      **error)
{
  return finish (self, result, dq_sync_engine_login_async, error);
}

void
dq_sync_engine_logout_async (DqSyncEngine       *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_return_if_fail (DQ_IS_SYNC_ENGINE (self));
  queue_job (self, JOB_LOGOUT,
             new_task (self, dq_sync_engine_logout_async, cancellable, callback, user_data));
}

gboolean
dq_sync_engine_logout_finish (DqSyncEngine *self,
                              GAsyncResult *result,
                              GError      **error)
{
  return finish (self, result, dq_sync_engine_logout_async, error);
}

/* A refused change whose row the server has (current is a list) goes back
 * to the server's cells. A refused NEW row (current is null) stays here as
 * the user typed it, listed as a problem, unless it is outside the user's
 * districts, where it is purged like any row that left the scope: its values
 * are in the problem either way. It is not re-sent by itself (the push
 * cursor moves on): the same change would be refused again. */
void
dq_sync_engine_sync_async (DqSyncEngine       *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_return_if_fail (DQ_IS_SYNC_ENGINE (self));
  queue_job (self, JOB_SYNC,
             new_task (self, dq_sync_engine_sync_async, cancellable, callback, user_data));
}

gboolean
dq_sync_engine_sync_finish (DqSyncEngine *self,
                            GAsyncResult *result,
                            GError      **error)
{
  return finish (self, result, dq_sync_engine_sync_async, error);
}

void
dq_sync_engine_start (DqSyncEngine *self)
{
  g_return_if_fail (DQ_IS_SYNC_ENGINE (self));
  queue_job (self, JOB_START, NULL);
}

void
dq_sync_engine_stop (DqSyncEngine *self)
{
  g_return_if_fail (DQ_IS_SYNC_ENGINE (self));
  queue_job (self, JOB_STOP, NULL);
}

void
dq_sync_engine_local_changed (DqSyncEngine *self)
{
  g_return_if_fail (DQ_IS_SYNC_ENGINE (self));
  queue_job (self, JOB_LOCAL_CHANGED, NULL);
}

void
dq_sync_engine_clear_problems (DqSyncEngine *self)
{
  g_return_if_fail (DQ_IS_SYNC_ENGINE (self));
  queue_job (self, JOB_CLEAR_PROBLEMS, NULL);
}
