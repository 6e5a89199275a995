/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where a replica keeps its sign-in token: the desktop keyring (Secret
 * Service, through libsecret) when one runs, otherwise a file next to the
 * replica that only its user can read. Blocking calls: the sync engine makes
 * them on its worker thread. Tokens never reach a log. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Keeps @token for (@server, @user) of the replica at @replica_path,
 * replacing the one kept before. */
gboolean dq_credentials_store (const char   *replica_path,
                               const char   *server,
                               const char   *user,
                               const char   *token,
                               GCancellable *cancellable,
                               GError      **error);

/* The token kept for (@server, @user), or NULL (without an error when there
 * is none). */
char *dq_credentials_lookup (const char   *replica_path,
                             const char   *server,
                             const char   *user,
                             GCancellable *cancellable,
                             GError      **error);

/* Forgets the token of (@server, @user), wherever it was kept. */
gboolean dq_credentials_clear (const char   *replica_path,
                               const char   *server,
                               const char   *user,
                               GCancellable *cancellable,
                               GError      **error);

/* The file that holds the token when no keyring runs. */
char *dq_credentials_file_path (const char *replica_path);

G_END_DECLS
