/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The audit log beside a replica: one line per deliberate act on personal
 * data, on disk (fsync) before the act. */
#define G_LOG_DOMAIN "dq-audit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "dq-audit.h"

#define AUDIT_LOG "audit.log"

/* Tabs and newlines would break the line format: replace them. */
static void
append_field (GString    *line,
              const char *text)
{
  g_string_append_c (line, '\t');
  for (const char *p = text ? text : ""; *p; p++)
    g_string_append_c (line, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
}

gboolean
dq_audit_log (const char *folder,
              const char *user,
              const char *action,
              const char *table,
              const char *id,
              const char *detail,
              GError    **error)
{
  g_autofree char *path = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autoptr (GString) line = g_string_new (stamp);
  gsize done = 0;
  int   fd;

  g_return_val_if_fail (folder != NULL && action != NULL, FALSE);

  append_field (line, user ? user : g_get_user_name ());
  append_field (line, action);
  append_field (line, table);
  /* Acts on a whole table (an export) end there. */
  if (id != NULL || detail != NULL)
    append_field (line, id);
  if (detail != NULL)
    append_field (line, detail);
  g_string_append_c (line, '\n');

  path = g_build_filename (folder, AUDIT_LOG, NULL);
  fd = g_open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  while (fd >= 0 && done < line->len)
    {
      ssize_t n = write (fd, line->str + done, line->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  if (fd < 0 || done < line->len || fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("Cannot write to the audit log %s (%s)"), path, g_strerror (saved));
      if (fd >= 0)
        g_close (fd, NULL);
      return FALSE;
    }
  return g_close (fd, error);
}

gboolean
dq_audit_log_store (DqStore    *store,
                    const char *action,
                    const char *table,
                    const char *id,
                    const char *detail,
                    GError    **error)
{
  g_autofree char *folder = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);

  folder = g_path_get_dirname (dq_store_get_path (store));
  return dq_audit_log (folder, dq_store_get_author (store), action, table, id, detail, error);
}
