/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "dq-json"

#include "config.h"

#include "dq-json.h"

void
dq_json_append_string (GString    *out,
                       const char *text)
{
  static const char hex[] = "0123456789abcdef";

  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (*p < 0x20)
            {
              g_string_append (out, "\\u00");
              g_string_append_c (out, hex[*p >> 4]);
              g_string_append_c (out, hex[*p & 0xf]);
            }
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
dq_json_append_value (GString       *out,
                      const DqValue *value)
{
  switch (value->kind)
    {
    case DQ_VALUE_TEXT:
      dq_json_append_string (out, value->s);
      break;
    case DQ_VALUE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->i);
      break;
    case DQ_VALUE_UNSET:
    case DQ_VALUE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}
