/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli status: the state of this replica as one JSON object: its
 * node, the account it syncs with, the local changes waiting to be pushed
 * (the sync engine's count), the last complete sync and the changes the
 * server refused. Reads the replica only: no network. */

#define G_LOG_DOMAIN "dq-cli-status"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-cli.h"
#include "dq-json.h"

static void
append_nullable_string (GString    *out,
                        const char *text)
{
  if (text != NULL)
    dq_json_append_string (out, text);
  else
    g_string_append (out, "null");
}

static void
append_problem (GString             *out,
                const DqSyncProblem *p)
{
  g_autofree char *reason = dq_sync_problem_describe (p);
  g_autofree char *time = dq_cli_format_time (p->time_ms);

  g_string_append (out, "{\"table\":");
  dq_json_append_string (out, p->table);
  g_string_append (out, ",\"row\":");
  dq_json_append_string (out, p->row);
  g_string_append (out, ",\"error\":");
  dq_json_append_string (out, p->error);
  g_string_append (out, ",\"reason\":");
  dq_json_append_string (out, reason);
  /* Both are JSON already, as the server sent them. */
  g_string_append_printf (out, ",\"values\":%s,\"current\":%s,\"time\":", p->values,
                          p->current != NULL ? p->current : "null");
  dq_json_append_string (out, time);
  g_string_append_c (out, '}');
}

gboolean
dq_cli_status (DqCli   *cli,
               GStrv   *args,
               GError **error)
{
  g_autoptr (DqSyncEngine) engine = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GString) out = NULL;
  const char *const *districts;
  GPtrArray         *problems;
  gint64             last_sync;

  if (!dq_cli_parse_args (cli, NULL, args, error) ||
      (engine = dq_cli_get_engine (cli, error)) == NULL)
    return FALSE;

  dq_sync_engine_refresh_async (engine, NULL, dq_cli_store_result_cb, &result);
  if (!dq_sync_engine_refresh_finish (engine, dq_cli_wait (&result), error))
    return FALSE;

  out = g_string_new ("{\"node\":");
  dq_json_append_string (out, dq_store_get_node (cli->store));
  g_string_append (out, ",\"server\":");
  append_nullable_string (out, dq_sync_engine_get_server (engine));
  g_string_append (out, ",\"user\":");
  append_nullable_string (out, dq_sync_engine_get_user (engine));
  g_string_append (out, ",\"role\":");
  append_nullable_string (out, dq_sync_engine_get_role (engine));

  g_string_append (out, ",\"districts\":[");
  districts = dq_sync_engine_get_districts (engine);
  for (guint i = 0; districts[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      dq_json_append_string (out, districts[i]);
    }

  g_string_append_printf (out, "],\"pending\":%u,\"last_sync\":",
                          dq_sync_engine_get_pending (engine));
  last_sync = dq_sync_engine_get_last_sync (engine);
  if (last_sync > 0)
    {
      g_autofree char *time = dq_cli_format_time (last_sync);

      dq_json_append_string (out, time);
    }
  else
    g_string_append (out, "null");

  g_string_append (out, ",\"problems\":[");
  problems = dq_sync_engine_get_problems (engine);
  for (guint i = 0; i < problems->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_problem (out, g_ptr_array_index (problems, i));
    }
  g_string_append (out, "]}\n");
  return dq_cli_flush (out, error);
}
