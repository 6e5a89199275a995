/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Passwords (argon2id), sessions (random tokens stored hashed, expiring)
 * and the throttle on failed logins. */
#pragma once

#include "dq-server-storage.h"

G_BEGIN_DECLS

/* How long a session lasts: a working day and then some. */
#define DQ_SERVER_SESSION_MS (G_GINT64_CONSTANT (12) * 60 * 60 * 1000)

typedef enum {
  DQ_SERVER_LOGIN_OK,
  DQ_SERVER_LOGIN_INVALID,   /* wrong user or password, or a disabled user */
  DQ_SERVER_LOGIN_THROTTLED, /* too many failures: try again later */
} DqServerLoginStatus;

typedef struct {
  DqServerLoginStatus status;
  DqServerUser       *user;           /* OK */
  char               *token;          /* OK */
  gint64              expires_ms;     /* OK */
  gint64              retry_after_ms; /* THROTTLED */
} DqServerLogin;

/* Once per process, before anything else here. */
gboolean dq_server_auth_init (GError **error);

char *dq_server_auth_hash_password (const char *password,
                                    GError    **error);
/* Prepares what a login needs (the dummy hash) so that the first login
 * takes no longer than the others. */
void dq_server_auth_prepare_logins (void);
/* FALSE only when the storage failed; @login says how the login went. */
gboolean dq_server_auth_login (DqServerStorage *storage,
                               const char      *username,
                               const char      *password,
                               const char      *node,
                               const char      *address,
                               DqServerLogin   *login,
                               GError         **error);
void     dq_server_login_clear (DqServerLogin *login);

/* The enabled user of an unexpired session, or NULL (without an error). */
DqServerUser *dq_server_auth_session (DqServerStorage *storage,
                                      const char      *token,
                                      GError         **error);
gboolean      dq_server_auth_logout (DqServerStorage *storage,
                                     const char      *token,
                                     GError         **error);

G_END_DECLS
