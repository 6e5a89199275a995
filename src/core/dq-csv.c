/* SPDX-License-Identifier: GPL-3.0-or-later */
/* RFC 4180 CSV for export and import: a writer that quotes only what must
 * be quoted, and a reader that accepts what spreadsheets really save. */

#define G_LOG_DOMAIN "dq-csv"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dq-csv.h"

#define UTF8_BOM "\xef\xbb\xbf"

G_DEFINE_QUARK (dq_csv_error, dq_csv_error)

void
dq_csv_append_field (GString    *out,
                     const char *text,
                     gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
dq_csv_end_record (GString *out)
{
  g_string_append (out, "\r\n");
}

char *
dq_csv_to_utf8 (const char *bytes,
                gsize       length,
                GError    **error)
{
  char *text;

  if (length >= 3 && memcmp (bytes, UTF8_BOM, 3) == 0)
    {
      bytes += 3;
      length -= 3;
    }
  if (memchr (bytes, '\0', length) != NULL)
    {
      g_set_error (error, DQ_CSV_ERROR, DQ_CSV_ERROR_INVALID,
                   _ ("The file is not a CSV text file (it contains NUL bytes; save it as “CSV UTF-8”)"));
      return NULL;
    }
  if (g_utf8_validate_len (bytes, length, NULL))
    return g_strndup (bytes, length);

  text = g_convert (bytes, (gssize) length, "UTF-8", "GB18030", NULL, NULL, NULL);
  if (text == NULL)
    g_set_error (error, DQ_CSV_ERROR, DQ_CSV_ERROR_INVALID,
                 _ ("The file is neither UTF-8 nor GB18030 text; save it as “CSV UTF-8”"));
  return text;
}

/* One field from @p on; returns where it ends (at ',', a line end or NUL),
 * or NULL when a quoted field is not closed properly. */
static const char *
read_field (const char *p,
            GString    *field)
{
  g_string_truncate (field, 0);

  if (*p != '"')
    {
      gsize n = strcspn (p, ",\r\n");

      g_string_append_len (field, p, (gssize) n);
      return p + n;
    }

  for (p++;; p++)
    {
      if (*p == '\0')
        return NULL;
      if (*p == '"')
        {
          if (p[1] != '"')
            break;
          p++;
        }
      g_string_append_c (field, *p);
    }
  p++;
  return (*p == ',' || *p == '\r' || *p == '\n' || *p == '\0') ? p : NULL;
}

GPtrArray *
dq_csv_parse (const char *text,
              GError    **error)
{
  g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GString) field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      GPtrArray *fields = g_ptr_array_new ();

      for (;;)
        {
          p = read_field (p, field);
          if (p == NULL)
            {
              g_ptr_array_add (fields, NULL);
              g_strfreev ((GStrv) g_ptr_array_free (fields, FALSE));
              /* TRANSLATORS: a row of a CSV file and what is wrong with it */
              g_set_error (error, DQ_CSV_ERROR, DQ_CSV_ERROR_INVALID, _ ("Row %u: %s"),
                           records->len + 1,
                           _ ("a field in double quotes is not closed properly"));
              return NULL;
            }
          g_ptr_array_add (fields, g_strdup (field->str));
          if (*p != ',')
            break;
          p++;
        }
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (records, g_ptr_array_free (fields, FALSE));

      /* CRLF, LF or a lone CR ends the record. */
      if (*p == '\r')
        p++;
      if (*p == '\n')
        p++;
    }

  return g_steal_pointer (&records);
}
