/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cell values as people read them: what lists, pages and exports show. */
#define G_LOG_DOMAIN "dq-format"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-codes.h"
#include "dq-format.h"
#include "dq-validate.h"

static char *
format_codes (const DqColumn *column,
              const char     *text)
{
  const DqCodeList *list = dq_column_code_list (column);
  g_auto (GStrv) codes = g_strsplit (text, ",", -1);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; codes[i]; i++)
    {
      const char *label = list ? dq_code_list_label (list, codes[i]) : NULL;

      if (out->len > 0)
        /* TRANSLATORS: between the items of a list of codes */
        g_string_append (out, _ (", "));
      g_string_append (out, label ? label : codes[i]);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
format_time (const char *text)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr (GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (text);
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
mask_text (const DqColumn *column,
           const char     *text)
{
  switch (column->kind)
    {
    case DQ_COL_PHONE:
    case DQ_COL_MOBILE:
      return dq_mask_phone (text);
    case DQ_COL_ID_NUMBER:
      return dq_mask_id_number (text);
    default:
      /* The sensitive free-text columns are addresses. */
      return dq_mask_address (text);
    }
}

char *
dq_format_value (const DqColumn *column,
                 const DqValue  *value,
                 gboolean        mask)
{
  g_return_val_if_fail (column != NULL, NULL);

  if (value == NULL || value->kind == DQ_VALUE_UNSET || value->kind == DQ_VALUE_NULL)
    return g_strdup ("");

  if (value->kind == DQ_VALUE_INT)
    {
      switch (column->kind)
        {
        case DQ_COL_BOOL:
          return g_strdup (value->i ? _ ("Yes") : _ ("No"));
        case DQ_COL_MONEY:
          {
            g_autofree char *yuan = g_strdup_printf ("%" G_GINT64_FORMAT, value->i / 100);

            /* TRANSLATORS: an amount of money: yuan, then fen */
            return g_strdup_printf (_ ("¥%s.%02d"), yuan, (int) (value->i % 100));
          }
        default:
          return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
        }
    }

  if (mask && (column->flags & DQ_COL_FLAG_SENSITIVE))
    return mask_text (column, value->s);

  switch (column->kind)
    {
    case DQ_COL_CODE:
      {
        const DqCodeList *list = dq_column_code_list (column);
        const char       *label = list ? dq_code_list_label (list, value->s) : NULL;

        return g_strdup (label ? label : value->s);
      }
    case DQ_COL_CODES:
      return format_codes (column, value->s);
    case DQ_COL_DISTRICT:
      {
        const DqDistrict *district = dq_district_lookup (value->s);

        return g_strdup (district ? district->name : value->s);
      }
    case DQ_COL_TIME:
      return format_time (value->s);
    default:
      return g_strdup (value->s);
    }
}

char *
dq_format_time_ms (gint64 ms)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (ms / 1000);

  if (time == NULL)
    return g_strdup ("");
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}

char *
dq_format_time_ago (gint64 ms)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (ms / 1000);
  g_autofree char *clock = NULL;
  gint64           seconds;

  if (time == NULL || ms <= 0)
    return g_strdup (_ ("Never"));

  seconds = g_date_time_difference (now, time) / G_TIME_SPAN_SECOND;
  if (seconds < 60)
    return g_strdup (_ ("Just now"));
  if (seconds < 3600)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (gulong) (seconds / 60)),
                            (int) (seconds / 60));

  clock = g_date_time_format (time, "%H:%M");
  if (g_date_time_get_year (now) == g_date_time_get_year (time) &&
      g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (time))
    /* TRANSLATORS: a time of today, such as "today 14:05" */
    return g_strdup_printf (_ ("Today %s"), clock);
  {
    g_autoptr (GDateTime) yesterday = g_date_time_add_days (now, -1);

    if (g_date_time_get_year (yesterday) == g_date_time_get_year (time) &&
        g_date_time_get_day_of_year (yesterday) == g_date_time_get_day_of_year (time))
      /* TRANSLATORS: a time of yesterday, such as "yesterday 14:05" */
      return g_strdup_printf (_ ("Yesterday %s"), clock);
  }
  return g_date_time_format (time, "%Y-%m-%d %H:%M");
}
