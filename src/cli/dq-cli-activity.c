/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli checkin and register: what the check-in desk's entry and its
 * registration buttons do, for scripts and tests; both work offline (they
 * touch the local replica only). Each prints one JSON object. */
#define G_LOG_DOMAIN "dq-cli-activity"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-activity.h"
#include "dq-cli.h"
#include "dq-json.h"

static void
append_member (GString    *out,
               const char *key,
               const char *text)
{
  g_string_append_printf (out, ", \"%s\": ", key);
  if (text != NULL)
    dq_json_append_string (out, text);
  else
    g_string_append (out, "null");
}

gboolean
dq_cli_checkin (DqCli   *cli,
                GStrv   *args,
                GError **error)
{
  g_autoptr (DqCheckinResult) result = NULL;
  g_autoptr (GString) out = NULL;
  DqRegistration *r;
  DqStore        *store;

  if (!dq_cli_parse_args (cli, NULL, args, error) || (store = dq_cli_get_store (cli, error)) == NULL)
    return FALSE;
  result = dq_activity_checkin (store, (*args)[1], (*args)[2], error);
  if (result == NULL)
    return FALSE;

  r = result->registration;
  out = g_string_new ("{\"status\": ");
  dq_json_append_string (out, dq_checkin_status_name (result->status));
  append_member (out, "registration", r ? r->id : NULL);
  append_member (out, "checked_in_at", r ? r->checked_in_at : NULL);
  append_member (out, "name", result->name);
  append_member (out, "branch", result->branch);
  if (r != NULL)
    g_string_append_printf (out, ", \"desks\": %u", r->n_desks);
  if (r != NULL && r->place == DQ_PLACE_WAITLISTED)
    g_string_append_printf (out, ", \"position\": %u", r->position);
  if (result->member_id != NULL)
    append_member (out, "member", result->member_id);
  if (result->candidates != NULL)
    {
      g_string_append (out, ", \"candidates\": [");
      for (guint i = 0; i < result->candidates->len; i++)
        {
          DqRegistration *c = g_ptr_array_index (result->candidates, i);

          g_string_append (out, i ? ", {\"registration\": " : "{\"registration\": ");
          dq_json_append_string (out, c->id);
          append_member (out, "name", c->name);
          append_member (out, "branch", c->branch);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }
  g_string_append (out, "}\n");
  return dq_cli_flush (out, error);
}

gboolean
dq_cli_register (DqCli   *cli,
                 GStrv   *args,
                 GError **error)
{
  g_autofree char *member = NULL;
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *political = NULL;
  g_autoptr (DqRegistration) before = NULL;
  g_autoptr (DqRegistration) r = NULL;
  g_autoptr (GString) out = NULL;
  const GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_STRING, &member, NULL, NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, NULL, NULL },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, NULL, NULL },
    { "political-status", 0, 0, G_OPTION_ARG_STRING, &political, NULL, NULL },
    { NULL }
  };
  const char *activity_id;
  const char *status;
  DqStore    *store;
  gboolean    ok;

  if (!dq_cli_parse_args (cli, entries, args, error))
    return FALSE;
  if ((member != NULL) == (name != NULL || phone != NULL) || (member == NULL && (name == NULL || phone == NULL)))
    {
      g_set_error (error, DQ_CLI_ERROR, DQ_CLI_ERROR_USAGE,
                   _ ("Give either --member ID, or --name NAME and --phone PHONE"));
      return FALSE;
    }
  if ((store = dq_cli_get_store (cli, error)) == NULL)
    return FALSE;
  activity_id = (*args)[1];

  /* Registered before (here or at another desk, once synced)? */
  before = dq_activity_find_registration (store, activity_id, member, member ? NULL : phone);

  if (member != NULL)
    ok = dq_activity_register_member (store, activity_id, member, "现场", &r, error);
  else
    ok = dq_activity_register_person (store, activity_id, name, phone, political, "现场", &r, error);
  if (!ok)
    return FALSE;

  status = before != NULL && g_strcmp0 (before->id, r->id) == 0 ? "already"
           : r->place == DQ_PLACE_WAITLISTED                    ? "waitlisted"
                                                                : "registered";
  out = g_string_new ("{\"status\": ");
  dq_json_append_string (out, status);
  append_member (out, "registration", r->id);
  append_member (out, "name", r->name);
  append_member (out, "member", r->member_id);
  if (r->place == DQ_PLACE_WAITLISTED)
    g_string_append_printf (out, ", \"position\": %u", r->position);
  append_member (out, "registered_at", r->registered_at);
  g_string_append (out, "}\n");
  return dq_cli_flush (out, error);
}
