/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The storage interface: picks the backend for a data folder and forwards
 * each call to it. The values it passes (users, audit entries) live here. */

#define G_LOG_DOMAIN "dq-server-storage"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "dq-server-sqlite.h"
#include "dq-server-storage.h"

G_DEFINE_QUARK (dq_server_storage_error_quark, dq_server_storage_error)

DqServerStorage *
dq_server_storage_open (const char *data_dir,
                        GError    **error)
{
  g_return_val_if_fail (data_dir != NULL, NULL);

  /* Personal data: the folder is the server account's alone. */
  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _ ("Cannot create the data folder %s: %s"), data_dir, g_strerror (saved));
      return NULL;
    }
  return dq_server_sqlite_open (data_dir, error);
}

void
dq_server_storage_close (DqServerStorage *self)
{
  if (self != NULL)
    self->vtable->close (self);
}

const char *
dq_server_storage_get_node (DqServerStorage *self)
{
  return self->vtable->get_node (self);
}

gboolean
dq_server_storage_user_add (DqServerStorage    *self,
                            const DqServerUser *user,
                            GError            **error)
{
  return self->vtable->user_add (self, user, error);
}

gboolean
dq_server_storage_user_set_password (DqServerStorage *self,
                                     const char      *name,
                                     const char      *hash,
                                     GError         **error)
{
  return self->vtable->user_set_password (self, name, hash, error);
}

gboolean
dq_server_storage_user_set_disabled (DqServerStorage *self,
                                     const char      *name,
                                     gboolean         disabled,
                                     GError         **error)
{
  return self->vtable->user_set_disabled (self, name, disabled, error);
}

GPtrArray *
dq_server_storage_user_list (DqServerStorage *self,
                             GError         **error)
{
  return self->vtable->user_list (self, error);
}

DqServerUser *
dq_server_storage_user_lookup (DqServerStorage *self,
                               const char      *name,
                               GError         **error)
{
  return self->vtable->user_lookup (self, name, error);
}

gboolean
dq_server_storage_token_add (DqServerStorage *self,
                             const char      *hash,
                             const char      *user,
                             const char      *node,
                             gint64           now_ms,
                             gint64           expires_ms,
                             GError         **error)
{
  return self->vtable->token_add (self, hash, user, node, now_ms, expires_ms, error);
}

DqServerUser *
dq_server_storage_token_user (DqServerStorage *self,
                              const char      *hash,
                              gint64           now_ms,
                              GError         **error)
{
  return self->vtable->token_user (self, hash, now_ms, error);
}

gboolean
dq_server_storage_token_remove (DqServerStorage *self,
                                const char      *hash,
                                GError         **error)
{
  return self->vtable->token_remove (self, hash, error);
}

gboolean
dq_server_storage_failure_add (DqServerStorage *self,
                               const char      *key,
                               gint64           now_ms,
                               GError         **error)
{
  return self->vtable->failure_add (self, key, now_ms, error);
}

gboolean
dq_server_storage_failures_recent (DqServerStorage *self,
                                   const char      *key,
                                   guint            n,
                                   GArray          *times,
                                   GError         **error)
{
  return self->vtable->failures_recent (self, key, n, times, error);
}

gboolean
dq_server_storage_failures_clear (DqServerStorage *self,
                                  const char      *key,
                                  GError         **error)
{
  return self->vtable->failures_clear (self, key, error);
}

gboolean
dq_server_storage_push (DqServerStorage    *self,
                        const DqServerPush *push,
                        DqApplyResult      *results,
                        GError            **error)
{
  return self->vtable->push (self, push, results, error);
}

gboolean
dq_server_storage_serve_begin (DqServerStorage *self,
                               GError         **error)
{
  return self->vtable->serve_begin (self, error);
}

GPtrArray *
dq_server_storage_pull (DqServerStorage   *self,
                        const char        *since,
                        guint              limit,
                        const char *const *districts,
                        char             **cursor,
                        gboolean          *more,
                        GError           **error)
{
  return self->vtable->pull (self, since, limit, districts, cursor, more, error);
}

GPtrArray *
dq_server_storage_row_changes (DqServerStorage *self,
                               const char      *table,
                               const char      *id,
                               GError         **error)
{
  return self->vtable->row_changes (self, table, id, error);
}

GPtrArray *
dq_server_storage_audit (DqServerStorage *self,
                         const char      *table,
                         const char      *id,
                         GError         **error)
{
  return self->vtable->audit (self, table, id, error);
}

gboolean
dq_server_storage_seed (DqServerStorage     *self,
                        const DqDemoOptions *options,
                        DqDemoStats         *stats,
                        GError             **error)
{
  return self->vtable->seed (self, options, stats, error);
}

/* Values */

DqServerUser *
dq_server_user_new (const char        *name,
                    DqServerRole       role,
                    const char *const *districts)
{
  DqServerUser *user = g_new0 (DqServerUser, 1);
  const char   *none[] = { NULL };

  user->name = g_strdup (name);
  user->role = role;
  user->districts = g_strdupv ((char **) (districts ? districts : none));
  return user;
}

void
dq_server_user_free (DqServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_strfreev (user->districts);
  g_free (user->password_hash);
  g_free (user);
}

const char *
dq_server_role_to_string (DqServerRole role)
{
  return role == DQ_SERVER_ROLE_ADMIN ? "admin" : "staff";
}

gboolean
dq_server_role_from_string (const char   *text,
                            DqServerRole *role)
{
  if (g_strcmp0 (text, "staff") == 0)
    *role = DQ_SERVER_ROLE_STAFF;
  else if (g_strcmp0 (text, "admin") == 0)
    *role = DQ_SERVER_ROLE_ADMIN;
  else
    return FALSE;
  return TRUE;
}

void
dq_server_audit_entry_free (DqServerAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->user);
  g_free (entry->node);
  g_free (entry->writer);
  g_free (entry->cells);
  g_free (entry);
}
