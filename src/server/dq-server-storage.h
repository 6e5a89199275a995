/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqServerStorage: everything the city server keeps — the compacted replica
 * that pulls read, accounts, sessions, failed logins and the audit history —
 * behind one small table of functions, so that the HTTP layer holds no SQL
 * and a PostgreSQL backend can follow the SQLite one.
 *
 * Every function may be called from any thread at the same time: a backend
 * serializes what must be serialized (pushes) and lets reads run beside
 * them. Owned by the serve command (or a CLI command) and closed by it. */
#pragma once

#include <glib.h>

#include "dq-demo.h"
#include "dq-store.h"
#include "dq-store-private.h"

G_BEGIN_DECLS

#define DQ_SERVER_STORAGE_ERROR (dq_server_storage_error_quark ())

typedef enum {
  DQ_SERVER_STORAGE_ERROR_FAILED,
  DQ_SERVER_STORAGE_ERROR_NOT_FOUND,  /* no such user */
  DQ_SERVER_STORAGE_ERROR_EXISTS,     /* the user exists already */
  DQ_SERVER_STORAGE_ERROR_BAD_CURSOR, /* not a cursor at all */
  DQ_SERVER_STORAGE_ERROR_RESYNC,     /* a cursor this storage can no longer serve */
  DQ_SERVER_STORAGE_ERROR_BUSY,       /* another server serves the same storage */
} DqServerStorageError;

typedef enum {
  DQ_SERVER_ROLE_STAFF,
  DQ_SERVER_ROLE_ADMIN,
} DqServerRole;

typedef struct {
  char        *name;
  DqServerRole role;
  char       **districts;     /* NULL-terminated, possibly empty */
  char        *password_hash; /* crypto_pwhash_str() text; NULL when not read */
  gboolean     disabled;
} DqServerUser;

/* One accepted change as the audit keeps it. */
typedef struct {
  gint64  received_ms;
  char   *user;
  char   *node;   /* the replica that pushed it */
  char   *writer; /* the replica that wrote it: the node of its stamp */
  guint64 hlc;
  char   *cells; /* the cells it won, as a JSON object */
} DqServerAuditEntry;

/* A push: who sends which changes, and the caller's rules for them. */
typedef struct {
  const char      *user;
  const char      *node;
  gint64           received_ms;
  DqChange       **changes;
  guint            n_changes;
  DqApplyCheckFunc check; /* sees each change and the row as it is */
  gpointer         check_data;
} DqServerPush;

typedef struct _DqServerStorage DqServerStorage;

typedef struct {
  void (*close) (DqServerStorage *self);
  const char *(*get_node) (DqServerStorage *self);

  gboolean (*user_add) (DqServerStorage *self, const DqServerUser *user, GError **error);
  /* Both end the user's sessions. */
  gboolean (*user_set_password) (DqServerStorage *self, const char *name, const char *hash, GError **error);
  gboolean (*user_set_disabled) (DqServerStorage *self, const char *name, gboolean disabled, GError **error);
  GPtrArray *(*user_list) (DqServerStorage *self, GError **error);
  DqServerUser *(*user_lookup) (DqServerStorage *self, const char *name, GError **error);

  gboolean (*token_add) (DqServerStorage *self, const char *hash, const char *user, const char *node, gint64 now_ms, gint64 expires_ms, GError **error);
  DqServerUser *(*token_user) (DqServerStorage *self, const char *hash, gint64 now_ms, GError **error);
  gboolean (*token_remove) (DqServerStorage *self, const char *hash, GError **error);

  gboolean (*failure_add) (DqServerStorage *self, const char *key, gint64 now_ms, GError **error);
  gboolean (*failures_recent) (DqServerStorage *self, const char *key, guint n, GArray *times, GError **error);
  gboolean (*failures_clear) (DqServerStorage *self, const char *key, GError **error);

  gboolean (*push) (DqServerStorage *self, const DqServerPush *push, DqApplyResult *results, GError **error);
  gboolean (*serve_begin) (DqServerStorage *self, GError **error);
  GPtrArray *(*pull) (DqServerStorage *self, const char *since, guint limit, const char *const *districts, char **cursor, gboolean *more, GError **error);
  GPtrArray *(*row_changes) (DqServerStorage *self, const char *table, const char *id, GError **error);
  GPtrArray *(*audit) (DqServerStorage *self, const char *table, const char *id, GError **error);
  gboolean (*seed) (DqServerStorage *self, const DqDemoOptions *options, DqDemoStats *stats, GError **error);
} DqServerStorageVTable;

struct _DqServerStorage {
  const DqServerStorageVTable *vtable;
};

GQuark dq_server_storage_error_quark (void);

/* Opens the storage kept in @data_dir (created 0700 if missing). */
DqServerStorage *dq_server_storage_open (const char *data_dir,
                                         GError    **error);
void             dq_server_storage_close (DqServerStorage *self);
/* The server's replica node: the node of its health answer. */
const char *dq_server_storage_get_node (DqServerStorage *self);

/* Accounts. user_lookup and token_user return NULL without an error when
 * there is no such user or no valid session. */
gboolean      dq_server_storage_user_add (DqServerStorage    *self,
                                          const DqServerUser *user,
                                          GError            **error);
gboolean      dq_server_storage_user_set_password (DqServerStorage *self,
                                                   const char      *name,
                                                   const char      *hash,
                                                   GError         **error);
gboolean      dq_server_storage_user_set_disabled (DqServerStorage *self,
                                                   const char      *name,
                                                   gboolean         disabled,
                                                   GError         **error);
GPtrArray    *dq_server_storage_user_list (DqServerStorage *self,
                                           GError         **error);
DqServerUser *dq_server_storage_user_lookup (DqServerStorage *self,
                                             const char      *name,
                                             GError         **error);

/* Sessions, by the hash of their token: an enabled user's unexpired ones. */
gboolean      dq_server_storage_token_add (DqServerStorage *self,
                                           const char      *hash,
                                           const char      *user,
                                           const char      *node,
                                           gint64           now_ms,
                                           gint64           expires_ms,
                                           GError         **error);
DqServerUser *dq_server_storage_token_user (DqServerStorage *self,
                                            const char      *hash,
                                            gint64           now_ms,
                                            GError         **error);
gboolean      dq_server_storage_token_remove (DqServerStorage *self,
                                              const char      *hash,
                                              GError         **error);

/* Failed logins under a key (a user, an address). @times gets the times
 * (gint64 ms) of the @n most recent, newest first. */
gboolean dq_server_storage_failure_add (DqServerStorage *self,
                                        const char      *key,
                                        gint64           now_ms,
                                        GError         **error);
gboolean dq_server_storage_failures_recent (DqServerStorage *self,
                                            const char      *key,
                                            guint            n,
                                            GArray          *times,
                                            GError         **error);
gboolean dq_server_storage_failures_clear (DqServerStorage *self,
                                           const char      *key,
                                           GError         **error);

/* Merges @push in one transaction with its audit; @results: one per change. */
gboolean dq_server_storage_push (DqServerStorage    *self,
                                 const DqServerPush *push,
                                 DqApplyResult      *results,
                                 GError            **error);
/* Marks the start of serving: the cursors handed out from now on name this
 * run, so that a cursor from a history this storage does not hold (it was
 * restored from a backup since) is refused. One server at a time. */
gboolean dq_server_storage_serve_begin (DqServerStorage *self,
                                        GError         **error);
/* Changes after the opaque cursor @since (NULL, "" or "0": the start) for
 * readers of @districts (NULL: all), from one consistent snapshot, and the
 * cursor after them. Errors: DQ_SERVER_STORAGE_ERROR_BAD_CURSOR for text
 * that is no cursor; DQ_SERVER_STORAGE_ERROR_RESYNC for a cursor this
 * storage can no longer serve (it was restored from a backup since, or the
 * cursor is another server's). */
GPtrArray *dq_server_storage_pull (DqServerStorage   *self,
                                   const char        *since,
                                   guint              limit,
                                   const char *const *districts,
                                   char             **cursor,
                                   gboolean          *more,
                                   GError           **error);
/* The winning cells of one row as changes; NULL without an error if absent. */
GPtrArray *dq_server_storage_row_changes (DqServerStorage *self,
                                          const char      *table,
                                          const char      *id,
                                          GError         **error);
/* The audit history of one row, oldest first (DqServerAuditEntry). */
GPtrArray *dq_server_storage_audit (DqServerStorage *self,
                                    const char      *table,
                                    const char      *id,
                                    GError         **error);
gboolean   dq_server_storage_seed (DqServerStorage     *self,
                                   const DqDemoOptions *options,
                                   DqDemoStats         *stats,
                                   GError             **error);

DqServerUser *dq_server_user_new (const char        *name,
                                  DqServerRole       role,
                                  const char *const *districts);
void          dq_server_user_free (DqServerUser *user);
const char   *dq_server_role_to_string (DqServerRole role);
gboolean      dq_server_role_from_string (const char   *text,
                                          DqServerRole *role);
void          dq_server_audit_entry_free (DqServerAuditEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqServerUser, dq_server_user_free)

G_END_DECLS
