/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Accounts' secrets. Passwords are argon2id hashes (libsodium's
 * crypto_pwhash_str, interactive limits: ~64 MiB and a few tens of ms a
 * login). A session token is 32 random bytes in hex; only its SHA-256 is
 * stored. A wrong user and a wrong password get the same answer after the
 * same work: an unknown user is checked against a dummy hash.
 *
 * Throttle: 5 failures of one user name within 5 minutes, or 20 from one
 * address, lock that name or address for 5 minutes after the last failure
 * (an office behind one address has several people typing). Attempts while
 * locked are refused without checking the password and do not extend the
 * lock. A successful login clears its user's failures, not its address's. */

#define G_LOG_DOMAIN "dq-server-auth"

#include "config.h"

#include <gio/gio.h>
#include <sodium.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dq-server-auth.h"

#define WINDOW_MS     (5 * 60 * 1000)
#define LOCK_MS       (5 * 60 * 1000)
#define USER_LIMIT    5
#define ADDRESS_LIMIT 20
#define TOKEN_BYTES   32

#define PWHASH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define PWHASH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

gboolean
dq_server_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _ ("Cannot initialize the cryptography library"));
      return FALSE;
    }
  return TRUE;
}

char *
dq_server_auth_hash_password (const char *password,
                              GError    **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (crypto_pwhash_str (hash, password, strlen (password), PWHASH_OPSLIMIT, PWHASH_MEMLIMIT) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _ ("Not enough memory to hash the password"));
      return NULL;
    }
  return g_strdup (hash);
}

/* What an unknown user's password is checked against. */
static const char *
dummy_hash (void)
{
  static gsize initialized;
  static char *hash;

  if (g_once_init_enter (&initialized))
    {
      guchar secret[16];
      char   text[sizeof secret * 2 + 1];
      char  *value;

      randombytes_buf (secret, sizeof secret);
      sodium_bin2hex (text, sizeof text, secret, sizeof secret);
      value = dq_server_auth_hash_password (text, NULL);
      hash = value ? value : g_strdup ("");
      g_once_init_leave (&initialized, 1);
    }
  return hash;
}

void
dq_server_auth_prepare_logins (void)
{
  dummy_hash ();
}

static char *
token_hash (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

static char *
new_token (void)
{
  guchar bytes[TOKEN_BYTES];
  char   text[TOKEN_BYTES * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (text, sizeof text, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (text);
}

/* Is @key locked? Sets *@retry_after_ms when it is. */
static gboolean
is_locked (DqServerStorage *storage,
           const char      *key,
           guint            limit,
           gint64           now_ms,
           gint64          *retry_after_ms,
           gboolean        *locked,
           GError         **error)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 newest, oldest;

  *locked = FALSE;
  if (!dq_server_storage_failures_recent (storage, key, limit, times, error))
    return FALSE;
  if (times->len < limit)
    return TRUE;

  newest = g_array_index (times, gint64, 0);
  oldest = g_array_index (times, gint64, limit - 1);
  if (newest - oldest <= WINDOW_MS && now_ms - newest < LOCK_MS)
    {
      *locked = TRUE;
      *retry_after_ms = MAX (*retry_after_ms, newest + LOCK_MS - now_ms);
    }
  return TRUE;
}

gboolean
dq_server_auth_login (DqServerStorage *storage,
                      const char      *username,
                      const char      *password,
                      const char      *node,
                      const char      *address,
                      DqServerLogin   *login,
                      GError         **error)
{
  g_autofree char *user_key = g_strconcat ("user:", username, NULL);
  g_autofree char *address_key = g_strconcat ("address:", address ? address : "", NULL);
  g_autoptr (DqServerUser) user = NULL;
  g_autofree char *hash = NULL;
  gint64           now_ms = g_get_real_time () / 1000;
  gboolean         user_locked, address_locked;
  gboolean         valid;

  memset (login, 0, sizeof *login);
  if (!is_locked (storage, user_key, USER_LIMIT, now_ms, &login->retry_after_ms, &user_locked,
                  error) ||
      !is_locked (storage, address_key, ADDRESS_LIMIT, now_ms, &login->retry_after_ms,
                  &address_locked, error))
    return FALSE;
  if (user_locked || address_locked)
    {
      login->status = DQ_SERVER_LOGIN_THROTTLED;
      return TRUE;
    }

  user = dq_server_storage_user_lookup (storage, username, error);
  if (user == NULL && error != NULL && *error != NULL)
    return FALSE;

  /* The same work whether or not the user exists or is enabled. */
  valid = crypto_pwhash_str_verify (user ? user->password_hash : dummy_hash (), password,
                                    strlen (password)) == 0 &&
          user != NULL && !user->disabled;
  if (!valid)
    {
      login->status = DQ_SERVER_LOGIN_INVALID;
      return dq_server_storage_failure_add (storage, user_key, now_ms, error) &&
             dq_server_storage_failure_add (storage, address_key, now_ms, error);
    }

  login->token = new_token ();
  hash = token_hash (login->token);
  login->expires_ms = now_ms + DQ_SERVER_SESSION_MS;
  if (!dq_server_storage_failures_clear (storage, user_key, error) ||
      !dq_server_storage_token_add (storage, hash, user->name, node, now_ms, login->expires_ms,
                                    error))
    {
      dq_server_login_clear (login);
      return FALSE;
    }
  g_clear_pointer (&user->password_hash, g_free);
  login->user = g_steal_pointer (&user);
  login->status = DQ_SERVER_LOGIN_OK;
  return TRUE;
}

void
dq_server_login_clear (DqServerLogin *login)
{
  g_clear_pointer (&login->user, dq_server_user_free);
  g_clear_pointer (&login->token, g_free);
}

DqServerUser *
dq_server_auth_session (DqServerStorage *storage,
                        const char      *token,
                        GError         **error)
{
  g_autofree char *hash = NULL;

  if (token == NULL || *token == '\0')
    return NULL;
  hash = token_hash (token);
  return dq_server_storage_token_user (storage, hash, g_get_real_time () / 1000, error);
}

gboolean
dq_server_auth_logout (DqServerStorage *storage,
                       const char      *token,
                       GError         **error)
{
  g_autofree char *hash = token_hash (token);

  return dq_server_storage_token_remove (storage, hash, error);
}
