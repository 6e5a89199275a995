/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli history: what this replica knows of a record's past values,
 * newest first, as text lines or NDJSON. */

#define G_LOG_DOMAIN "dq-cli-history"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-cli.h"
#include "dq-cli-values.h"
#include "dq-hlc.h"
#include "dq-json.h"

/* Characters of the node id shown in text lines. */
#define SHORT_NODE 8

/* time, column, value (JSON), author or -, node: tab-separated. */
static void
append_text (GString              *out,
             const DqHistoryEntry *entry)
{
  g_autofree char *time = dq_cli_format_time ((gint64) DQ_HLC_MS (entry->hlc));

  g_string_append_printf (out, "%s\t%s\t", time, entry->column);
  dq_json_append_value (out, &entry->value);
  g_string_append_printf (out, "\t%s\t%.*s\n", entry->author ? entry->author : "-", SHORT_NODE,
                          entry->node);
}

static void
append_json (GString              *out,
             const DqHistoryEntry *entry)
{
  g_autofree char *time = dq_cli_format_time ((gint64) DQ_HLC_MS (entry->hlc));
  char             hlc[17];

  dq_hlc_format (entry->hlc, hlc);
  g_string_append (out, "{\"time\":");
  dq_json_append_string (out, time);
  g_string_append_printf (out, ",\"hlc\":\"%s\",\"column\":", hlc);
  dq_json_append_string (out, entry->column);
  g_string_append (out, ",\"value\":");
  dq_json_append_value (out, &entry->value);
  g_string_append (out, ",\"author\":");
  if (entry->author != NULL)
    dq_json_append_string (out, entry->author);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"node\":");
  dq_json_append_string (out, entry->node);
  g_string_append (out, "}\n");
}

gboolean
dq_cli_history (DqCli   *cli,
                GStrv   *args,
                GError **error)
{
  gboolean           json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, NULL, NULL },
    { NULL }
  };
  DqStore       *store;
  const DqTable *table = dq_cli_open_table (cli, entries, args, &store, error);
  const char    *id;
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (GString) out = NULL;

  if (table == NULL)
    return FALSE;
  id = (*args)[2];
  record = dq_store_get (store, table->name, id, error);
  if (record == NULL)
    {
      dq_cli_explain_not_found (error, table, id);
      return FALSE;
    }
  history = dq_store_history (store, table->name, id, error);
  if (history == NULL)
    return FALSE;

  out = g_string_new (NULL);
  for (guint i = 0; i < history->len; i++)
    {
      if (json)
        append_json (out, g_ptr_array_index (history, i));
      else
        append_text (out, g_ptr_array_index (history, i));
    }
  return dq_cli_flush (out, error);
}
