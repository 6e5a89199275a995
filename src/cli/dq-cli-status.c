/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli status: the state of this replica as one JSON object. The
 * server, user, districts and last sync come with the sync engine; their
 * keys are there already so that tools can rely on the shape. */

#define G_LOG_DOMAIN "dq-cli-status"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-cli.h"
#include "dq-json.h"

/* The cursor up to which the server acknowledged our pushes. */
#define META_PUSH_ACKED "push.acked"
/* Rows read per call while counting. */
#define COUNT_PAGE 1000

/* Local changes the server has not acknowledged: what a push would send. */
static gboolean
count_pending (DqStore   *store,
               GPtrArray *problems,
               guint64   *pending,
               GError   **error)
{
  g_autofree char *acked = dq_store_get_meta (store, META_PUSH_ACKED);
  DqCursor         cursor = DQ_CURSOR_INIT;
  gboolean         more = TRUE;

  if (acked != NULL && !dq_cursor_parse (acked, &cursor))
    {
      g_ptr_array_add (problems,
                       g_strdup_printf (_ ("The saved push position “%s” is damaged; "
                                           "everything will be sent again"),
                                        acked));
      cursor = (DqCursor) DQ_CURSOR_INIT;
    }

  *pending = 0;
  while (more)
    {
      g_autoptr (GPtrArray) changes =
          dq_store_changes_since (store, &cursor, COUNT_PAGE, DQ_CHANGES_SKIP_UPSTREAM, &more,
                                  error);

      if (changes == NULL)
        return FALSE;
      *pending += changes->len;
    }
  return TRUE;
}

gboolean
dq_cli_status (DqCli   *cli,
               GStrv   *args,
               GError **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) out = NULL;
  DqStore *store;
  guint64  pending;

  if (!dq_cli_parse_args (cli, NULL, args, error) ||
      (store = dq_cli_get_store (cli, error)) == NULL ||
      !count_pending (store, problems, &pending, error))
    return FALSE;

  out = g_string_new ("{\"node\":");
  dq_json_append_string (out, dq_store_get_node (store));
  g_string_append_printf (out,
                          ",\"server\":null,\"user\":null,\"districts\":[],"
                          "\"pending\":%" G_GUINT64_FORMAT ",\"last_sync\":null,\"problems\":[",
                          pending);
  for (guint i = 0; i < problems->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      dq_json_append_string (out, g_ptr_array_index (problems, i));
    }
  g_string_append (out, "]}\n");
  return dq_cli_flush (out, error);
}
