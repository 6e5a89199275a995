/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSyncEngine: the sync client of one replica (sync-protocol.md). It signs
 * in to the city server, pushes the replica's local changes and pulls the
 * server's, on a worker thread of its own with its own connection to the
 * replica; results, property notifications and ::changed come back on the
 * main context of the thread that created it. Owned by the application (or
 * the CLI), next to the DqStore it shares the replica file with. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DQ_TYPE_SYNC_ENGINE (dq_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (DqSyncEngine, dq_sync_engine, DQ, SYNC_ENGINE, GObject)

typedef enum {
  DQ_SYNC_STATE_OFFLINE, /* the server did not answer; local work continues */
  DQ_SYNC_STATE_SYNCING,
  DQ_SYNC_STATE_UP_TO_DATE,
  DQ_SYNC_STATE_NEEDS_LOGIN, /* never signed in, or the token expired */
  DQ_SYNC_STATE_CLOCK_WRONG, /* this computer's clock is over 10 minutes off */
  DQ_SYNC_STATE_ERROR,       /* the server refused a request */
} DqSyncState;

GType dq_sync_state_get_type (void);
#define DQ_TYPE_SYNC_STATE (dq_sync_state_get_type ())

#define DQ_SYNC_ERROR (dq_sync_error_quark ())
typedef enum {
  DQ_SYNC_ERROR_UNREACHABLE,         /* no HTTP answer (or a gateway's 502/503/504) */
  DQ_SYNC_ERROR_NEEDS_LOGIN,         /* not signed in, or 401 */
  DQ_SYNC_ERROR_INVALID_CREDENTIALS, /* wrong user name or password */
  DQ_SYNC_ERROR_TOO_MANY_ATTEMPTS,   /* 429 */
  DQ_SYNC_ERROR_PENDING_CHANGES,     /* signing in elsewhere would strand local changes */
  DQ_SYNC_ERROR_CLOCK_WRONG,         /* pushes held back: our clock is too far ahead */
  DQ_SYNC_ERROR_SERVER,              /* any other HTTP error */
  DQ_SYNC_ERROR_PROTOCOL,            /* an answer that does not follow the protocol */
  DQ_SYNC_ERROR_BAD_URL,
} DqSyncError;

GQuark dq_sync_error_quark (void);

typedef enum {
  DQ_SYNC_LOGIN_NONE = 0,
  /* Sign in as another user or to another server even though changes made
   * here have not been synced: they will be pushed by the new account. */
  DQ_SYNC_LOGIN_KEEP_PENDING = 1 << 0,
} DqSyncLoginFlags;

/* A local change the server refused. */
typedef struct {
  char  *table;
  char  *row;
  char  *values;  /* JSON object: the refused cells */
  char  *current; /* JSON array of changes: the server's row; NULL when it has none */
  char  *error;   /* the protocol's code: "forbidden", "bad_value", … */
  char  *message; /* the server's explanation, when it gave one */
  gint64 time_ms; /* when it was refused */
} DqSyncProblem;

GType          dq_sync_problem_get_type (void);
DqSyncProblem *dq_sync_problem_copy (const DqSyncProblem *problem);
void           dq_sync_problem_free (DqSyncProblem *problem);
/* Why, in plain words of the user's language. */
char *dq_sync_problem_describe (const DqSyncProblem *problem);

/* "Up to date", "Offline, 3 changes waiting to sync", … (translated). */
char *dq_sync_state_describe (DqSyncState state,
                              guint       pending);

/* clang-format off */
DqSyncEngine *dq_sync_engine_new           (const char   *replica_path);

DqSyncState   dq_sync_engine_get_state     (DqSyncEngine *self);
guint         dq_sync_engine_get_pending   (DqSyncEngine *self);
const char   *dq_sync_engine_get_server    (DqSyncEngine *self);
const char   *dq_sync_engine_get_user      (DqSyncEngine *self);
const char   *dq_sync_engine_get_role      (DqSyncEngine *self);
const char *const *dq_sync_engine_get_districts (DqSyncEngine *self);
gint64        dq_sync_engine_get_last_sync (DqSyncEngine *self);
/* Why the last sync failed (translated), or NULL. */
const char   *dq_sync_engine_get_last_error (DqSyncEngine *self);
/* (element-type DqSyncProblem): oldest first. */
GPtrArray    *dq_sync_engine_get_problems  (DqSyncEngine *self);
/* clang-format on */

/* Reads the replica's sync settings and counts its pending changes; the
 * properties hold them when this completes. */
void     dq_sync_engine_refresh_async (DqSyncEngine       *self,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean dq_sync_engine_refresh_finish (DqSyncEngine *self,
                                        GAsyncResult *result,
                                        GError      **error);

/* POST /api/v1/session, then keeps the token. */
void     dq_sync_engine_login_async (DqSyncEngine       *self,
                                     const char         *server_url,
                                     const char         *user,
                                     const char         *password,
                                     DqSyncLoginFlags    flags,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean dq_sync_engine_login_finish (DqSyncEngine *self,
                                      GAsyncResult *result,
                                      GError      **error);

/* Ends the session on the server (best effort) and forgets the token. Local
 * changes stay for the next sign-in. */
void     dq_sync_engine_logout_async (DqSyncEngine       *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean dq_sync_engine_logout_finish (DqSyncEngine *self,
                                       GAsyncResult *result,
                                       GError      **error);

/* One sync: push every pending change, pull until caught up. Fails with
 * DQ_SYNC_ERROR_* (UNREACHABLE, NEEDS_LOGIN, …); local work is always kept. */
void     dq_sync_engine_sync_async (DqSyncEngine       *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean dq_sync_engine_sync_finish (DqSyncEngine *self,
                                     GAsyncResult *result,
                                     GError      **error);

/* Syncs continuously: now, then every few minutes, and again with backoff
 * (1 s doubling to 5 min, with jitter) while the server cannot be reached. */
void dq_sync_engine_start (DqSyncEngine *self);
void dq_sync_engine_stop (DqSyncEngine *self);

/* The replica got local writes (connect it to DqStore::changed): recounts
 * the pending changes and, when running, pushes them shortly. */
void dq_sync_engine_local_changed (DqSyncEngine *self);

/* Forgets the list of sync problems. */
void dq_sync_engine_clear_problems (DqSyncEngine *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqSyncProblem, dq_sync_problem_free)

G_END_DECLS
