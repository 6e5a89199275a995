/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The scope rules of sync-protocol.md, in one place: the push check, the
 * districts of a pull and what a rejection may show of a row. */

#define G_LOG_DOMAIN "dq-server-scope"

#include "config.h"

#include "dq-codes.h"
#include "dq-record.h"
#include "dq-schema.h"
#include "dq-server-scope.h"

static gboolean
is_admin (const DqServerUser *user)
{
  return user->role == DQ_SERVER_ROLE_ADMIN;
}

gboolean
dq_server_scope_can_read (const DqServerUser *user,
                          const char         *district)
{
  if (is_admin (user))
    return TRUE;
  return district != NULL && (g_strcmp0 (district, DQ_CITY_DISTRICT) == 0 ||
                              g_strv_contains ((const char *const *) user->districts, district));
}

gboolean
dq_server_scope_can_write (const DqServerUser *user,
                           const char         *district)
{
  if (is_admin (user))
    return TRUE;
  /* City rows are the admins' even if a staff account lists 440300. */
  return district != NULL && g_strcmp0 (district, DQ_CITY_DISTRICT) != 0 &&
         g_strv_contains ((const char *const *) user->districts, district);
}

char **
dq_server_scope_read_districts (const DqServerUser *user)
{
  GPtrArray *districts;

  if (is_admin (user))
    return NULL;
  districts = g_ptr_array_new ();
  for (guint i = 0; user->districts[i] != NULL; i++)
    if (g_strcmp0 (user->districts[i], DQ_CITY_DISTRICT) != 0)
      g_ptr_array_add (districts, g_strdup (user->districts[i]));
  g_ptr_array_add (districts, g_strdup (DQ_CITY_DISTRICT));
  g_ptr_array_add (districts, NULL);
  return (char **) g_ptr_array_free (districts, FALSE);
}

static const char *
district_of (const DqValue *values)
{
  const DqValue *district = &values[DQ_COLUMN_DISTRICT];

  return district->kind == DQ_VALUE_TEXT ? district->s : NULL;
}

/* An existing row is judged by the district it is in now, whatever the
 * change does to it; a new row by the district it is created in. */
int
dq_server_scope_check (const DqChange *change,
                       const DqValue  *current,
                       gpointer        data)
{
  const DqServerUser *user = data;
  const char         *district = current ? district_of (current)
                                         : district_of (change->record->values);

  return dq_server_scope_can_write (user, district) ? 0 : DQ_APPLY_ERROR_FORBIDDEN;
}

gboolean
dq_server_scope_row_visible (const DqServerUser *user,
                             GPtrArray          *changes)
{
  for (guint i = 0; changes != NULL && i < changes->len; i++)
    {
      const DqChange *change = g_ptr_array_index (changes, i);

      if (change->record->values[DQ_COLUMN_DISTRICT].kind != DQ_VALUE_UNSET)
        return dq_server_scope_can_read (user, district_of (change->record->values));
    }
  return FALSE;
}
