/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqServerStorage on SQLite. The replica is a DqStore; the server's own
 * tables live in the same file, created here. Writes (pushes, accounts,
 * sessions, failed logins, seeding) go through the one writer connection
 * under write_lock; reads take a connection from a pool and give it back.
 * A pull reads in one read transaction, so that the version it checks its
 * cursor against and the changes it returns come from the same snapshot:
 * SQLite commits in sequence order, so a snapshot never holds a change
 * without every change below it, and a pull never skips one.
 *
 * Cursors are "EPOCH-POSITION": POSITION is the store's (dq_cursor_*) and
 * EPOCH names one run of the server. Each run closes the previous epoch at
 * the version it found and opens its own. A copy of the file restored from
 * a backup does not know the epochs that came after the backup, and closed
 * the epoch it was taken in at the backup's version: a cursor of a history
 * this file does not hold is refused (resync) even after new writes have
 * taken the version past it. */

#define G_LOG_DOMAIN "dq-server-sqlite"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "dq-json.h"
#include "dq-record.h"
#include "dq-schema.h"
#include "dq-server-sqlite.h"
#include "dq-store-private.h"

#define SERVER_SCHEMA_KEY     "server.schema"
#define SERVER_SCHEMA_VERSION "1"

/* Hex digits of an epoch id. */
#define EPOCH_DIGITS 16

/* Failed logins older than this are of no use to the throttle. */
#define FAILURE_KEEP_MS (60 * 60 * 1000)

typedef struct {
  DqStore    *store;
  sqlite3    *db;
  GHashTable *stmts; /* SQL text (static) → prepared statement */
} Conn;

typedef struct {
  DqServerStorage parent;

  char        *path;
  char        *lock_path;
  int          lock_fd; /* held while serving */
  char         node[33];
  char         epoch[EPOCH_DIGITS + 1]; /* this run's, once serving */
  GAsyncQueue *readers;                 /* idle read connections */
  GMutex       write_lock;
  Conn        *writer;
  /* Under write_lock, while a push is applied. */
  const DqServerPush *push;
  GString            *cells;
} SqliteStorage;

static const char server_ddl[] =
    "CREATE TABLE IF NOT EXISTS server_user (\n"
    "  name TEXT PRIMARY KEY,\n"
    "  role TEXT NOT NULL CHECK (role IN ('staff', 'admin')),\n"
    "  districts TEXT NOT NULL DEFAULT '',\n"
    "  password_hash TEXT NOT NULL,\n"
    "  disabled INTEGER NOT NULL DEFAULT 0,\n"
    "  created_ms INTEGER NOT NULL) WITHOUT ROWID;\n"
    /* Only the SHA-256 of a token is kept: a copy of the file opens no
     * session. */
    "CREATE TABLE IF NOT EXISTS server_token (\n"
    "  hash TEXT PRIMARY KEY,\n"
    "  user TEXT NOT NULL,\n"
    "  node TEXT,\n"
    "  created_ms INTEGER NOT NULL,\n"
    "  expires_ms INTEGER NOT NULL) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS server_token_user ON server_token (user);\n"
    "CREATE TABLE IF NOT EXISTS server_login_failure (\n"
    "  key TEXT NOT NULL, at_ms INTEGER NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS server_login_failure_key ON server_login_failure (key, at_ms);\n"
    "CREATE INDEX IF NOT EXISTS server_login_failure_at ON server_login_failure (at_ms);\n"
    /* Every accepted change: who pushed it, when, from which node, and the
     * cells it won. Append-only; kept at least 6 months (domain.md). */
    "CREATE TABLE IF NOT EXISTS server_audit (\n"
    "  seq INTEGER PRIMARY KEY,\n"
    "  received_ms INTEGER NOT NULL,\n"
    "  user TEXT NOT NULL,\n"
    "  node TEXT NOT NULL,\n"
    "  writer TEXT NOT NULL,\n"
    "  tbl TEXT NOT NULL,\n"
    "  row TEXT NOT NULL,\n"
    "  hlc INTEGER NOT NULL,\n"
    "  cells TEXT NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS server_audit_row ON server_audit (tbl, row, seq);\n"
    /* The runs of the server and the versions they began and ended at. */
    "CREATE TABLE IF NOT EXISTS server_epoch (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  start_version INTEGER NOT NULL,\n"
    "  end_version INTEGER) WITHOUT ROWID;\n"
    "CREATE TRIGGER IF NOT EXISTS server_audit_append_only\n"
    "  BEFORE UPDATE ON server_audit\n"
    "  BEGIN SELECT RAISE (ABORT, 'the audit history is append-only'); END;\n"
    "CREATE TRIGGER IF NOT EXISTS server_audit_keep\n"
    "  BEFORE DELETE ON server_audit\n"
    "  WHEN old.received_ms > (CAST (strftime ('%s', 'now') AS INTEGER) - 183 * 86400) * 1000\n"
    "  BEGIN SELECT RAISE (ABORT, 'audit records are kept at least 6 months'); END;\n";

#define USER_COLUMNS "name, role, districts, password_hash, disabled"

/* Connections */

static gboolean
db_error (Conn    *conn,
          GError **error)
{
  g_set_error (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_FAILED,
               _ ("The server database failed: %s"), sqlite3_errmsg (conn->db));
  return FALSE;
}

static void
conn_free (Conn *conn)
{
  g_hash_table_destroy (conn->stmts);
  g_object_unref (conn->store);
  g_free (conn);
}

static Conn *
conn_open (const char *path,
           GError    **error)
{
  DqStore *store = dq_store_open (path, error);
  Conn    *conn;

  if (store == NULL)
    return NULL;
  /* The audit keeps every accepted change, with who sent it: the store's
   * own history of overwritten cells would only repeat it. */
  dq_store_set_keep_history (store, FALSE);
  conn = g_new0 (Conn, 1);
  conn->store = store;
  conn->db = dq_store_get_db (store);
  conn->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) sqlite3_finalize);
  return conn;
}

/* The statement for @sql, prepared once per connection. */
static sqlite3_stmt *
conn_stmt (Conn       *conn,
           const char *sql,
           GError    **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->stmts, sql);

  if (stmt != NULL)
    return stmt;
  if (sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      db_error (conn, error);
      return NULL;
    }
  g_hash_table_insert (conn->stmts, (gpointer) sql, stmt);
  return stmt;
}

static void
stmt_finish (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Runs a statement that returns no rows. */
static gboolean
stmt_run (Conn         *conn,
          sqlite3_stmt *stmt,
          GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    db_error (conn, error);
  stmt_finish (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
conn_exec (Conn       *conn,
           const char *sql,
           GError    **error)
{
  if (sqlite3_exec (conn->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (conn, error);
  return TRUE;
}

static Conn *
reader_acquire (SqliteStorage *self,
                GError       **error)
{
  Conn *conn = g_async_queue_try_pop (self->readers);

  return conn != NULL ? conn : conn_open (self->path, error);
}

static void
reader_release (SqliteStorage *self,
                Conn          *conn)
{
  if (conn != NULL)
    g_async_queue_push (self->readers, conn);
}

static Conn *
writer_acquire (SqliteStorage *self)
{
  g_mutex_lock (&self->write_lock);
  return self->writer;
}

static void
writer_release (SqliteStorage *self)
{
  g_mutex_unlock (&self->write_lock);
}

/* Runs @stmt and the statements after it in one write transaction. */
static gboolean
run_in_transaction (Conn          *conn,
                    sqlite3_stmt **stmts,
                    guint          n_stmts,
                    int           *changes_of_first,
                    GError       **error)
{
  if (!conn_exec (conn, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < n_stmts; i++)
    {
      if (!stmt_run (conn, stmts[i], error))
        {
          sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
          for (guint j = i + 1; j < n_stmts; j++)
            stmt_finish (stmts[j]);
          return FALSE;
        }
      if (i == 0 && changes_of_first != NULL)
        *changes_of_first = sqlite3_changes (conn->db);
    }
  if (!conn_exec (conn, "COMMIT", error))
    {
      sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Users */

static DqServerUser *
read_user (sqlite3_stmt *stmt)
{
  g_auto (GStrv) districts = g_strsplit ((const char *) sqlite3_column_text (stmt, 2), ",", -1);
  DqServerRole  role = DQ_SERVER_ROLE_STAFF;
  DqServerUser *user;

  dq_server_role_from_string ((const char *) sqlite3_column_text (stmt, 1), &role);
  user = dq_server_user_new ((const char *) sqlite3_column_text (stmt, 0), role,
                             (const char *const *) districts);
  user->password_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  user->disabled = sqlite3_column_int (stmt, 4) != 0;
  return user;
}

static gboolean
no_such_user (const char *name,
              GError    **error)
{
  g_set_error (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_NOT_FOUND,
               _ ("There is no user “%s”"), name);
  return FALSE;
}

static gboolean
sqlite_user_add (DqServerStorage    *storage,
                 const DqServerUser *user,
                 GError            **error)
{
  SqliteStorage   *self = (SqliteStorage *) storage;
  Conn            *conn = writer_acquire (self);
  g_autofree char *districts = g_strjoinv (",", user->districts);
  sqlite3_stmt    *stmt;
  gboolean         ok = FALSE;
  int              rc;

  stmt = conn_stmt (conn, "INSERT INTO server_user (" USER_COLUMNS ", created_ms) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    error);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, user->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, dq_server_role_to_string (user->role), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, districts, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, user->password_hash, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, user->disabled ? 1 : 0);
      sqlite3_bind_int64 (stmt, 6, g_get_real_time () / 1000);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        ok = TRUE;
      else if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_EXISTS,
                     _ ("The user “%s” exists already"), user->name);
      else
        db_error (conn, error);
      stmt_finish (stmt);
    }
  writer_release (self);
  return ok;
}

/* Changes one column of a user; @end_sessions also ends every session. */
static gboolean
update_user (SqliteStorage *self,
             const char    *sql,
             const char    *name,
             const char    *text,
             gint64         number,
             gboolean       end_sessions,
             GError       **error)
{
  Conn         *conn = writer_acquire (self);
  sqlite3_stmt *stmts[2];
  int           changed = 0;
  gboolean      ok = FALSE;

  stmts[0] = conn_stmt (conn, sql, error);
  stmts[1] = conn_stmt (conn, "DELETE FROM server_token WHERE user = ?1", error);
  if (stmts[0] != NULL && stmts[1] != NULL)
    {
      sqlite3_bind_text (stmts[0], 1, name, -1, SQLITE_STATIC);
      if (text != NULL)
        sqlite3_bind_text (stmts[0], 2, text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmts[0], 2, number);
      sqlite3_bind_text (stmts[1], 1, name, -1, SQLITE_STATIC);
      ok = run_in_transaction (conn, stmts, end_sessions ? 2 : 1, &changed, error);
      if (!end_sessions)
        stmt_finish (stmts[1]);
      if (ok && changed == 0)
        ok = no_such_user (name, error);
    }
  writer_release (self);
  return ok;
}

static gboolean
sqlite_user_set_password (DqServerStorage *storage,
                          const char      *name,
                          const char      *hash,
                          GError         **error)
{
  return update_user ((SqliteStorage *) storage,
                      "UPDATE server_user SET password_hash = ?2 WHERE name = ?1",
                      name, hash, 0, TRUE, error);
}

static gboolean
sqlite_user_set_disabled (DqServerStorage *storage,
                          const char      *name,
                          gboolean         disabled,
                          GError         **error)
{
  return update_user ((SqliteStorage *) storage,
                      "UPDATE server_user SET disabled = ?2 WHERE name = ?1",
                      name, NULL, disabled ? 1 : 0, disabled, error);
}

/* Reads the users that @sql (binding ?1 to @arg and ?2, if used, to @number) returns
 * in the layout of USER_COLUMNS, on a read connection. */
static GPtrArray *
read_users (SqliteStorage *self,
            const char    *sql,
            const char    *arg,
            gint64         number,
            GError       **error)
{
  g_autoptr (GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_server_user_free);
  Conn         *conn = reader_acquire (self, error);
  sqlite3_stmt *stmt = conn ? conn_stmt (conn, sql, error) : NULL;
  int           rc = SQLITE_DONE;

  if (stmt != NULL)
    {
      if (arg != NULL)
        sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        sqlite3_bind_int64 (stmt, 2, number);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (users, read_user (stmt));
      if (rc != SQLITE_DONE)
        db_error (conn, error);
      stmt_finish (stmt);
    }
  reader_release (self, conn);
  if (stmt == NULL || rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&users);
}

static GPtrArray *
sqlite_user_list (DqServerStorage *storage,
                  GError         **error)
{
  return read_users ((SqliteStorage *) storage,
                     "SELECT " USER_COLUMNS " FROM server_user ORDER BY name",
                     NULL, 0, error);
}

static DqServerUser *
first_user (GPtrArray *users)
{
  DqServerUser *user = NULL;

  if (users == NULL)
    return NULL;
  if (users->len > 0)
    user = g_ptr_array_steal_index (users, 0);
  g_ptr_array_unref (users);
  return user;
}

static DqServerUser *
sqlite_user_lookup (DqServerStorage *storage,
                    const char      *name,
                    GError         **error)
{
  return first_user (read_users ((SqliteStorage *) storage,
                                 "SELECT " USER_COLUMNS " FROM server_user WHERE name = ?1",
                                 name, 0, error));
}

/* Sessions */

static gboolean
sqlite_token_add (DqServerStorage *storage,
                  const char      *hash,
                  const char      *user,
                  const char      *node,
                  gint64           now_ms,
                  gint64           expires_ms,
                  GError         **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Conn          *conn = writer_acquire (self);
  sqlite3_stmt  *stmts[2];
  gboolean       ok = FALSE;

  stmts[0] = conn_stmt (conn, "DELETE FROM server_token WHERE expires_ms <= ?1", error);
  stmts[1] = conn_stmt (conn, "INSERT INTO server_token (hash, user, node, created_ms, expires_ms) "
                              "VALUES (?1, ?2, ?3, ?4, ?5)",
                        error);
  if (stmts[0] != NULL && stmts[1] != NULL)
    {
      sqlite3_bind_int64 (stmts[0], 1, now_ms);
      sqlite3_bind_text (stmts[1], 1, hash, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmts[1], 2, user, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmts[1], 3, node, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmts[1], 4, now_ms);
      sqlite3_bind_int64 (stmts[1], 5, expires_ms);
      ok = run_in_transaction (conn, stmts, 2, NULL, error);
    }
  writer_release (self);
  return ok;
}

static DqServerUser *
sqlite_token_user (DqServerStorage *storage,
                   const char      *hash,
                   gint64           now_ms,
                   GError         **error)
{
  return first_user (read_users ((SqliteStorage *) storage,
                                 "SELECT u.name, u.role, u.districts, NULL, u.disabled "
                                 "FROM server_token t JOIN server_user u ON u.name = t.user "
                                 "WHERE t.hash = ?1 AND t.expires_ms > ?2 AND u.disabled = 0",
                                 hash, now_ms, error));
}

/* Runs one statement binding ?1 to @text and ?2 to @number (if used) on
 * the writer. */
static gboolean
write_one (SqliteStorage *self,
           const char    *sql,
           const char    *text,
           gint64         number,
           GError       **error)
{
  Conn         *conn = writer_acquire (self);
  sqlite3_stmt *stmt = conn_stmt (conn, sql, error);
  gboolean      ok = FALSE;

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
      if (sqlite3_bind_parameter_count (stmt) >= 2)
        sqlite3_bind_int64 (stmt, 2, number);
      ok = stmt_run (conn, stmt, error);
    }
  writer_release (self);
  return ok;
}

static gboolean
sqlite_token_remove (DqServerStorage *storage,
                     const char      *hash,
                     GError         **error)
{
  return write_one ((SqliteStorage *) storage, "DELETE FROM server_token WHERE hash = ?1", hash, 0,
                    error);
}

/* Failed logins */

static gboolean
sqlite_failure_add (DqServerStorage *storage,
                    const char      *key,
                    gint64           now_ms,
                    GError         **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Conn          *conn = writer_acquire (self);
  sqlite3_stmt  *stmts[2];
  gboolean       ok = FALSE;

  stmts[0] = conn_stmt (conn, "DELETE FROM server_login_failure WHERE at_ms < ?1", error);
  stmts[1] = conn_stmt (conn, "INSERT INTO server_login_failure (key, at_ms) VALUES (?1, ?2)", error);
  if (stmts[0] != NULL && stmts[1] != NULL)
    {
      sqlite3_bind_int64 (stmts[0], 1, now_ms - FAILURE_KEEP_MS);
      sqlite3_bind_text (stmts[1], 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmts[1], 2, now_ms);
      ok = run_in_transaction (conn, stmts, 2, NULL, error);
    }
  writer_release (self);
  return ok;
}

static gboolean
sqlite_failures_recent (DqServerStorage *storage,
                        const char      *key,
                        guint            n,
                        GArray          *times,
                        GError         **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Conn          *conn = reader_acquire (self, error);
  sqlite3_stmt  *stmt;
  int            rc = SQLITE_ERROR;

  stmt = conn ? conn_stmt (conn, "SELECT at_ms FROM server_login_failure WHERE key = ?1 "
                                 "ORDER BY at_ms DESC LIMIT ?2",
                           error)
              : NULL;
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, n);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 at = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (times, at);
        }
      if (rc != SQLITE_DONE)
        db_error (conn, error);
      stmt_finish (stmt);
    }
  reader_release (self, conn);
  return rc == SQLITE_DONE;
}

static gboolean
sqlite_failures_clear (DqServerStorage *storage,
                       const char      *key,
                       GError         **error)
{
  return write_one ((SqliteStorage *) storage, "DELETE FROM server_login_failure WHERE key = ?1",
                    key, 0, error);
}

/* Data */

static int
push_check_cb (const DqChange *change,
               const DqValue  *current,
               gpointer        data)
{
  SqliteStorage *self = data;

  return self->push->check ? self->push->check (change, current, self->push->check_data) : 0;
}

/* Inside the push's transaction: the audit commits with the data. */
static gboolean
push_applied_cb (DqStore        *store,
                 const DqChange *change,
                 guint64         won,
                 gpointer        data,
                 GError        **error)
{
  SqliteStorage      *self = data;
  const DqServerPush *push = self->push;
  const DqRecord     *record = change->record;
  GString            *cells = self->cells;
  sqlite3_stmt       *stmt;

  g_string_truncate (cells, 0);
  g_string_append_c (cells, '{');
  for (guint i = 0; i < record->table->n_columns; i++)
    {
      if (!(won & (G_GUINT64_CONSTANT (1) << i)))
        continue;
      if (cells->len > 1)
        g_string_append_c (cells, ',');
      dq_json_append_string (cells, record->table->columns[i].name);
      g_string_append_c (cells, ':');
      dq_json_append_value (cells, &record->values[i]);
    }
  g_string_append_c (cells, '}');

  stmt = conn_stmt (self->writer, "INSERT INTO server_audit "
                                  "(received_ms, user, node, writer, tbl, row, hlc, cells) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, push->received_ms);
  sqlite3_bind_text (stmt, 2, push->user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, push->node, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, change->node, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, record->table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, record->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, (sqlite3_int64) change->hlc);
  sqlite3_bind_text (stmt, 8, cells->str, (int) cells->len, SQLITE_STATIC);
  return stmt_run (self->writer, stmt, error);
}

static gboolean
sqlite_push (DqServerStorage    *storage,
             const DqServerPush *push,
             DqApplyResult      *results,
             GError            **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Conn          *conn = writer_acquire (self);
  gboolean       ok;

  self->push = push;
  dq_store_set_author (conn->store, push->user);
  dq_store_set_apply_hooks (conn->store, push_check_cb, push_applied_cb, self);
  ok = dq_store_apply (conn->store, push->changes, push->n_changes, DQ_APPLY_FLAGS_CHECK_SKEW,
                       results, error);
  dq_store_set_apply_hooks (conn->store, NULL, NULL, NULL);
  dq_store_set_author (conn->store, NULL);
  self->push = NULL;
  writer_release (self);
  return ok;
}

/* The committed version of the store, in the open transaction. */
static guint64
read_version (Conn *conn)
{
  /* Inside a pull's snapshot: the writer's counter may be ahead of it. */
  return dq_store_read_committed_version (conn->store);
}

static gboolean
sqlite_serve_begin (DqServerStorage *storage,
                    GError         **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Conn          *conn;
  sqlite3_stmt  *stmts[2];
  guint64        version;
  gboolean       ok = FALSE;

  /* Epochs assume one server per file. */
  self->lock_fd = open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0 || flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      if (saved == EWOULDBLOCK)
        g_set_error (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_BUSY,
                     _ ("Another dangqun-server is serving %s"), self->path);
      else
        g_set_error (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_FAILED, "%s: %s",
                     self->lock_path, g_strerror (saved));
      return FALSE;
    }

  g_snprintf (self->epoch, sizeof self->epoch, "%08x%08x", g_random_int (), g_random_int ());
  conn = writer_acquire (self);
  if (conn_exec (conn, "BEGIN IMMEDIATE", error))
    {
      version = read_version (conn);
      stmts[0] = conn_stmt (conn, "UPDATE server_epoch SET end_version = ?1 "
                                  "WHERE end_version IS NULL",
                            error);
      stmts[1] = conn_stmt (conn, "INSERT INTO server_epoch (id, start_version) VALUES (?2, ?1)",
                            error);
      if (stmts[0] != NULL && stmts[1] != NULL)
        {
          sqlite3_bind_int64 (stmts[0], 1, (sqlite3_int64) version);
          sqlite3_bind_int64 (stmts[1], 1, (sqlite3_int64) version);
          sqlite3_bind_text (stmts[1], 2, self->epoch, -1, SQLITE_STATIC);
          ok = stmt_run (conn, stmts[0], error) && stmt_run (conn, stmts[1], error) &&
               conn_exec (conn, "COMMIT", error);
        }
      if (!ok)
        sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
    }
  writer_release (self);
  return ok;
}

static gboolean
is_hex (const char *text,
        gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

/* Reads "EPOCH-POSITION" (or the start) into @epoch and @cursor. */
static gboolean
parse_cursor (const char *text,
              char        epoch[EPOCH_DIGITS + 1],
              DqCursor   *cursor,
              GError    **error)
{
  DqCursor start = DQ_CURSOR_INIT;

  *cursor = start;
  epoch[0] = '\0';
  if (text == NULL || *text == '\0' || strcmp (text, "0") == 0)
    return TRUE;

  if (strlen (text) > EPOCH_DIGITS && text[EPOCH_DIGITS] == '-' && is_hex (text, EPOCH_DIGITS) &&
      dq_cursor_parse (text + EPOCH_DIGITS + 1, cursor))
    {
      memcpy (epoch, text, EPOCH_DIGITS);
      epoch[EPOCH_DIGITS] = '\0';
      return TRUE;
    }
  /* A position without an epoch is another replica's cursor (a desktop
   * acting as hub): readable, but not ours to serve. */
  if (dq_cursor_parse (text, cursor))
    g_set_error_literal (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_RESYNC,
                         "The cursor is another server's");
  else
    g_set_error_literal (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_BAD_CURSOR,
                         "The cursor cannot be read");
  return FALSE;
}

/* Whether this file holds the history up to @cursor in @epoch. */
static gboolean
check_cursor (Conn           *conn,
              const char     *epoch,
              const DqCursor *cursor,
              GError        **error)
{
  guint64       last = read_version (conn);
  sqlite3_stmt *stmt;
  int           rc;

  if (epoch[0] != '\0')
    {
      stmt = conn_stmt (conn, "SELECT end_version FROM server_epoch WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, epoch, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        last = MIN (last, (guint64) sqlite3_column_int64 (stmt, 0));
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        db_error (conn, error);
      stmt_finish (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return FALSE;
      if (rc == SQLITE_DONE)
        {
          g_set_error_literal (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_RESYNC,
                               "The cursor is from a history this server does not hold");
          return FALSE;
        }
    }
  if (cursor->pos > last)
    {
      g_set_error_literal (error, DQ_SERVER_STORAGE_ERROR, DQ_SERVER_STORAGE_ERROR_RESYNC,
                           "The cursor is beyond the server's data (restored from a backup?)");
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
sqlite_pull (DqServerStorage   *storage,
             const char        *since,
             guint              limit,
             const char *const *districts,
             char             **cursor_text,
             gboolean          *more,
             GError           **error)
{
  SqliteStorage   *self = (SqliteStorage *) storage;
  g_autofree char *position = NULL;
  char             epoch[EPOCH_DIGITS + 1];
  DqCursor         cursor;
  GPtrArray       *changes = NULL;
  Conn            *conn;

  g_return_val_if_fail (self->epoch[0] != '\0', NULL);

  if (!parse_cursor (since, epoch, &cursor, error))
    return NULL;
  conn = reader_acquire (self, error);
  if (conn == NULL || !conn_exec (conn, "BEGIN", error))
    {
      reader_release (self, conn);
      return NULL;
    }
  if (check_cursor (conn, epoch, &cursor, error))
    changes = dq_store_changes_for (conn->store, &cursor, limit, DQ_CHANGES_ALL, districts, more,
                                    error);
  /* Ends the read transaction; nothing was written. */
  sqlite3_exec (conn->db, "COMMIT", NULL, NULL, NULL);
  reader_release (self, conn);

  if (changes != NULL)
    {
      position = dq_cursor_to_string (&cursor);
      *cursor_text = g_strconcat (self->epoch, "-", position, NULL);
    }
  return changes;
}

static GPtrArray *
sqlite_row_changes (DqServerStorage *storage,
                    const char      *table,
                    const char      *id,
                    GError         **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Conn          *conn = reader_acquire (self, error);
  g_autoptr (GError) local_error = NULL;
  GPtrArray *changes;

  if (conn == NULL)
    return NULL;
  changes = dq_store_row_changes (conn->store, table, id, &local_error);
  reader_release (self, conn);

  if (changes == NULL && !g_error_matches (local_error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND) &&
      !g_error_matches (local_error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_UNKNOWN_TABLE))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return changes;
}

static GPtrArray *
sqlite_audit (DqServerStorage *storage,
              const char      *table,
              const char      *id,
              GError         **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_server_audit_entry_free);
  Conn         *conn = reader_acquire (self, error);
  sqlite3_stmt *stmt;
  int           rc = SQLITE_ERROR;

  stmt = conn ? conn_stmt (conn, "SELECT received_ms, user, node, writer, hlc, cells "
                                 "FROM server_audit WHERE tbl = ?1 AND row = ?2 ORDER BY seq",
                           error)
              : NULL;
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          DqServerAuditEntry *entry = g_new0 (DqServerAuditEntry, 1);

          entry->received_ms = sqlite3_column_int64 (stmt, 0);
          entry->user = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          entry->node = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
          entry->writer = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
          entry->hlc = (guint64) sqlite3_column_int64 (stmt, 4);
          entry->cells = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
          g_ptr_array_add (entries, entry);
        }
      if (rc != SQLITE_DONE)
        db_error (conn, error);
      stmt_finish (stmt);
    }
  reader_release (self, conn);
  return rc == SQLITE_DONE ? g_steal_pointer (&entries) : NULL;
}

static gboolean
sqlite_seed (DqServerStorage     *storage,
             const DqDemoOptions *options,
             DqDemoStats         *stats,
             GError             **error)
{
  SqliteStorage *self = (SqliteStorage *) storage;
  Conn          *conn = writer_acquire (self);
  gboolean       ok = dq_demo_generate (conn->store, options, stats, error);

  writer_release (self);
  return ok;
}

static const char *
sqlite_get_node (DqServerStorage *storage)
{
  return ((SqliteStorage *) storage)->node;
}

static void
sqlite_close (DqServerStorage *storage)
{
  SqliteStorage *self = (SqliteStorage *) storage;

  g_async_queue_unref (self->readers);
  g_clear_pointer (&self->writer, conn_free);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->lock_path);
  g_mutex_clear (&self->write_lock);
  g_string_free (self->cells, TRUE);
  g_free (self->path);
  g_free (self);
}

static const DqServerStorageVTable sqlite_vtable = {
  .close = sqlite_close,
  .get_node = sqlite_get_node,
  .user_add = sqlite_user_add,
  .user_set_password = sqlite_user_set_password,
  .user_set_disabled = sqlite_user_set_disabled,
  .user_list = sqlite_user_list,
  .user_lookup = sqlite_user_lookup,
  .token_add = sqlite_token_add,
  .token_user = sqlite_token_user,
  .token_remove = sqlite_token_remove,
  .failure_add = sqlite_failure_add,
  .failures_recent = sqlite_failures_recent,
  .failures_clear = sqlite_failures_clear,
  .push = sqlite_push,
  .serve_begin = sqlite_serve_begin,
  .pull = sqlite_pull,
  .row_changes = sqlite_row_changes,
  .audit = sqlite_audit,
  .seed = sqlite_seed,
};

DqServerStorage *
dq_server_sqlite_open (const char *data_dir,
                       GError    **error)
{
  SqliteStorage *self = g_new0 (SqliteStorage, 1);

  self->parent.vtable = &sqlite_vtable;
  self->path = g_build_filename (data_dir, "replica.db", NULL);
  self->lock_path = g_build_filename (data_dir, "server.lock", NULL);
  self->lock_fd = -1;
  self->readers = g_async_queue_new_full ((GDestroyNotify) conn_free);
  self->cells = g_string_new (NULL);
  g_mutex_init (&self->write_lock);

  /* The writer opens first: it creates or upgrades the file. */
  self->writer = conn_open (self->path, error);
  if (self->writer == NULL || !conn_exec (self->writer, server_ddl, error) ||
      !dq_store_set_meta (self->writer->store, SERVER_SCHEMA_KEY, SERVER_SCHEMA_VERSION, error))
    {
      if (error != NULL && *error != NULL)
        g_prefix_error (error, "%s: ", self->path);
      sqlite_close (&self->parent);
      return NULL;
    }
  g_strlcpy (self->node, dq_store_get_node (self->writer->store), sizeof self->node);
  return &self->parent;
}
