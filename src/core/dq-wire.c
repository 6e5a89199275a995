/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Changes on the wire: canonical output, and a reader of bodies of changes
 * with the protocol's error codes, in its order (bad_row, unknown_table,
 * unknown_column, bad_value). */

#define G_LOG_DOMAIN "dq-wire"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dq-hlc.h"
#include "dq-json.h"
#include "dq-schema.h"
#include "dq-store-private.h"
#include "dq-validate.h"
#include "dq-wire.h"

/* Integers travel as JSON numbers: only those a double holds exactly. */
#define MAX_SAFE_INTEGER G_GINT64_CONSTANT (9007199254740992)

const char *
dq_wire_error_code (int code)
{
  switch (code)
    {
    case DQ_APPLY_ERROR_CLOCK_SKEW:
      return "clock_skew";
    case DQ_APPLY_ERROR_FORBIDDEN:
      return "forbidden";
    case DQ_WIRE_BAD_SHAPE:
      return "bad_json";
    default:
      return dq_schema_error_code ((DqSchemaError) code);
    }
}

static gboolean
is_node_id (const char *text)
{
  gsize n = 0;

  for (; text[n] != '\0'; n++)
    if (!g_ascii_isxdigit (text[n]) || g_ascii_isupper (text[n]))
      return FALSE;
  return n == 32;
}

void
dq_wire_append_change (GString        *out,
                       const DqChange *change)
{
  const DqRecord *r = change->record;
  char            hlc[17];
  gboolean        first = TRUE;

  dq_hlc_format (change->hlc, hlc);
  g_string_append (out, "{\"table\":");
  dq_json_append_string (out, r->table->name);
  g_string_append (out, ",\"row\":");
  dq_json_append_string (out, r->id);
  g_string_append_printf (out, ",\"hlc\":\"%s\",\"node\":\"%s\"", hlc, change->node);
  if (change->author != NULL)
    {
      g_string_append (out, ",\"author\":");
      dq_json_append_string (out, change->author);
    }
  g_string_append (out, ",\"values\":{");
  for (guint i = 0; i < r->table->n_columns; i++)
    {
      if (r->values[i].kind == DQ_VALUE_UNSET)
        continue;
      g_string_append_printf (out, "%s\"%s\":", first ? "" : ",", r->table->columns[i].name);
      dq_json_append_value (out, &r->values[i]);
      first = FALSE;
    }
  g_string_append (out, "}}");
}

void
dq_wire_append_changes (GString   *out,
                        GPtrArray *changes)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < changes->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      dq_wire_append_change (out, g_ptr_array_index (changes, i));
    }
  g_string_append_c (out, ']');
}

/* The protocol's bodies, read directly: the JSON grammar, and the shape of
 * a change on top. No tree is built; values go straight into records. */

typedef struct {
  const char *p;
  const char *end;
} Lexer;

/* What a string held that a C string cannot, or that is not text. */
typedef enum {
  TEXT_OK = 0,
  TEXT_HAS_NUL = 1 << 0,
  TEXT_BAD = 1 << 1, /* a lone surrogate escape */
} TextFlags;

static void
skip_ws (Lexer *lx)
{
  while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r'))
    lx->p++;
}

static gboolean
eat (Lexer *lx,
     char   c)
{
  skip_ws (lx);
  if (lx->p < lx->end && *lx->p == c)
    {
      lx->p++;
      return TRUE;
    }
  return FALSE;
}

static int
hex4 (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* Reads the string at lx->p (its opening quote) into @out, appending.
 * FALSE on a JSON error. */
static gboolean
read_string (Lexer     *lx,
             GString   *out,
             TextFlags *flags)
{
  skip_ws (lx);
  if (lx->p >= lx->end || *lx->p != '"')
    return FALSE;
  lx->p++;

  for (;;)
    {
      const char *run = lx->p;

      while (lx->p < lx->end && *lx->p != '"' && *lx->p != '\\' && (guchar) *lx->p >= 0x20)
        lx->p++;
      g_string_append_len (out, run, lx->p - run);
      if (lx->p >= lx->end || (guchar) *lx->p < 0x20)
        return FALSE;
      if (*lx->p == '"')
        {
          lx->p++;
          return TRUE;
        }

      /* An escape. */
      if (lx->end - lx->p < 2)
        return FALSE;
      switch (lx->p[1])
        {
        case '"':
          g_string_append_c (out, '"');
          break;
        case '\\':
          g_string_append_c (out, '\\');
          break;
        case '/':
          g_string_append_c (out, '/');
          break;
        case 'b':
          g_string_append_c (out, '\b');
          break;
        case 'f':
          g_string_append_c (out, '\f');
          break;
        case 'n':
          g_string_append_c (out, '\n');
          break;
        case 'r':
          g_string_append_c (out, '\r');
          break;
        case 't':
          g_string_append_c (out, '\t');
          break;
        case 'u':
          {
            int      u = lx->end - lx->p >= 6 ? hex4 (lx->p + 2) : -1;
            gunichar ch;

            if (u < 0)
              return FALSE;
            lx->p += 4;
            ch = (gunichar) u;
            if (u >= 0xd800 && u <= 0xdbff && lx->end - lx->p >= 8 && lx->p[2] == '\\' &&
                lx->p[3] == 'u')
              {
                int lo = hex4 (lx->p + 4);

                if (lo >= 0xdc00 && lo <= 0xdfff)
                  {
                    ch = 0x10000 + (((gunichar) u - 0xd800) << 10) + ((gunichar) lo - 0xdc00);
                    lx->p += 6;
                  }
              }
            if (ch == 0)
              *flags |= TEXT_HAS_NUL;
            else if (ch >= 0xd800 && ch <= 0xdfff)
              *flags |= TEXT_BAD;
            else
              {
                char buf[6];

                g_string_append_len (out, buf, g_unichar_to_utf8 (ch, buf));
              }
            break;
          }
        default:
          return FALSE;
        }
      lx->p += 2;
    }
}

static gboolean skip_value (Lexer *lx, int depth);

static gboolean
skip_container (Lexer *lx,
                char   close,
                int    depth)
{
  gboolean first = TRUE;

  if (depth > 64)
    return FALSE;
  lx->p++;
  if (eat (lx, close))
    return TRUE;
  do
    {
      if (close == '}')
        {
          g_autoptr (GString) key = g_string_new (NULL);
          TextFlags flags = TEXT_OK;

          if (!read_string (lx, key, &flags) || !eat (lx, ':'))
            return FALSE;
        }
      if (!skip_value (lx, depth + 1))
        return FALSE;
      first = FALSE;
    }
  while (eat (lx, ','));
  return !first && eat (lx, close);
}

static gboolean
skip_literal (Lexer      *lx,
              const char *word)
{
  gsize n = strlen (word);

  if ((gsize) (lx->end - lx->p) < n || memcmp (lx->p, word, n) != 0)
    return FALSE;
  lx->p += n;
  return TRUE;
}

/* A JSON number; *@is_int and *@value when it is an integer in range. */
static gboolean
read_number (Lexer    *lx,
             gboolean *is_int,
             gint64   *value)
{
  const char *start = lx->p;
  gboolean    negative = FALSE;
  guint64     v = 0;
  gboolean    overflow = FALSE;

  if (lx->p < lx->end && *lx->p == '-')
    negative = TRUE, lx->p++;
  if (lx->p >= lx->end || !g_ascii_isdigit (*lx->p))
    return FALSE;
  if (*lx->p == '0' && lx->p + 1 < lx->end && g_ascii_isdigit (lx->p[1]))
    return FALSE;
  while (lx->p < lx->end && g_ascii_isdigit (*lx->p))
    {
      if (v > (guint64) MAX_SAFE_INTEGER)
        overflow = TRUE;
      else
        v = v * 10 + (guint64) (*lx->p - '0');
      lx->p++;
    }
  *is_int = TRUE;
  if (lx->p < lx->end && *lx->p == '.')
    {
      *is_int = FALSE;
      lx->p++;
      if (lx->p >= lx->end || !g_ascii_isdigit (*lx->p))
        return FALSE;
      while (lx->p < lx->end && g_ascii_isdigit (*lx->p))
        lx->p++;
    }
  if (lx->p < lx->end && (*lx->p == 'e' || *lx->p == 'E'))
    {
      *is_int = FALSE;
      lx->p++;
      if (lx->p < lx->end && (*lx->p == '+' || *lx->p == '-'))
        lx->p++;
      if (lx->p >= lx->end || !g_ascii_isdigit (*lx->p))
        return FALSE;
      while (lx->p < lx->end && g_ascii_isdigit (*lx->p))
        lx->p++;
    }
  if (overflow || v > (guint64) MAX_SAFE_INTEGER)
    *is_int = FALSE;
  *value = negative ? -(gint64) v : (gint64) v;
  return lx->p > start;
}

static gboolean
skip_value (Lexer *lx,
            int    depth)
{
  skip_ws (lx);
  if (lx->p >= lx->end)
    return FALSE;
  switch (*lx->p)
    {
    case '{':
      return skip_container (lx, '}', depth);
    case '[':
      return skip_container (lx, ']', depth);
    case '"':
      {
        g_autoptr (GString) s = g_string_new (NULL);
        TextFlags flags = TEXT_OK;

        return read_string (lx, s, &flags);
      }
    case 't':
      return skip_literal (lx, "true");
    case 'f':
      return skip_literal (lx, "false");
    case 'n':
      return skip_literal (lx, "null");
    default:
      {
        gboolean is_int;
        gint64   v;

        return read_number (lx, &is_int, &v);
      }
    }
}

/* A cell: null, text or an integer; anything else is read past and
 * reported in *@bad. */
static gboolean
read_cell (Lexer     *lx,
           DqValue   *value,
           gboolean  *bad,
           TextFlags *flags)
{
  skip_ws (lx);
  if (lx->p >= lx->end)
    return FALSE;
  if (*lx->p == '"')
    {
      GString *s = g_string_new (NULL);

      if (!read_string (lx, s, flags))
        {
          g_string_free (s, TRUE);
          return FALSE;
        }
      value->kind = DQ_VALUE_TEXT;
      value->s = g_string_free (s, FALSE);
      return TRUE;
    }
  if (*lx->p == 'n')
    {
      value->kind = DQ_VALUE_NULL;
      return skip_literal (lx, "null");
    }
  if (*lx->p == '-' || g_ascii_isdigit (*lx->p))
    {
      gboolean is_int;
      gint64   v;

      if (!read_number (lx, &is_int, &v))
        return FALSE;
      if (is_int)
        {
          value->kind = DQ_VALUE_INT;
          value->i = v;
        }
      else
        *bad = TRUE;
      return TRUE;
    }
  *bad = TRUE;
  return skip_value (lx, 1);
}

/* The top-level strings of a change, read once. */
typedef struct {
  GString    *table;
  GString    *row;
  GString    *hlc;
  GString    *node;
  GString    *author;
  const char *values; /* where the values object starts */
  TextFlags   flags;
  gboolean    bad_type;
} ChangeParts;

static gboolean
read_string_member (Lexer     *lx,
                    GString  **slot,
                    TextFlags *flags,
                    gboolean  *bad_type)
{
  skip_ws (lx);
  if (lx->p < lx->end && *lx->p != '"')
    {
      *bad_type = TRUE;
      return skip_value (lx, 1);
    }
  if (*slot == NULL)
    *slot = g_string_new (NULL);
  g_string_truncate (*slot, 0);
  return read_string (lx, *slot, flags);
}

static void
change_parts_clear (ChangeParts *parts)
{
  GString **all[] = { &parts->table, &parts->row, &parts->hlc, &parts->node, &parts->author };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (*all[i] != NULL)
      g_string_free (g_steal_pointer (all[i]), TRUE);
}

/* One element of "changes": into @body as a change or a refusal. FALSE when
 * the text is not JSON or the element not a change. */
static gboolean
read_change (Lexer      *lx,
             DqWireBody *body,
             GError    **error)
{
  ChangeParts parts = { 0 };
  g_autoptr (GString) key = g_string_new (NULL);
  const DqTable *table;
  g_autoptr (DqRecord) record = NULL;
  guint64          hlc;
  int              code = 0;
  g_autofree char *message = NULL;
  gboolean         ok = FALSE;

  if (!eat (lx, '{'))
    goto shape;
  if (!eat (lx, '}'))
    do
      {
        TextFlags key_flags = TEXT_OK;

        g_string_truncate (key, 0);
        if (!read_string (lx, key, &key_flags) || !eat (lx, ':'))
          goto syntax;
        if (strcmp (key->str, "table") == 0)
          ok = read_string_member (lx, &parts.table, &parts.flags, &parts.bad_type);
        else if (strcmp (key->str, "row") == 0)
          ok = read_string_member (lx, &parts.row, &parts.flags, &parts.bad_type);
        else if (strcmp (key->str, "hlc") == 0)
          ok = read_string_member (lx, &parts.hlc, &parts.flags, &parts.bad_type);
        else if (strcmp (key->str, "node") == 0)
          ok = read_string_member (lx, &parts.node, &parts.flags, &parts.bad_type);
        else if (strcmp (key->str, "author") == 0)
          ok = read_string_member (lx, &parts.author, &parts.flags, &parts.bad_type);
        else if (strcmp (key->str, "values") == 0)
          {
            skip_ws (lx);
            if (lx->p >= lx->end || *lx->p != '{')
              parts.bad_type = TRUE;
            else
              parts.values = lx->p;
            ok = skip_value (lx, 1);
          }
        else
          ok = skip_value (lx, 1);
        if (!ok)
          goto syntax;
      }
    while (eat (lx, ','));
  if (!eat (lx, '}'))
    goto syntax;

  /* The shape of a change, then the protocol's checks in its order. */
  if (parts.bad_type || parts.table == NULL || parts.row == NULL || parts.hlc == NULL ||
      parts.node == NULL || parts.values == NULL)
    {
      change_parts_clear (&parts);
      goto shape;
    }
  if (!dq_hlc_parse (parts.hlc->str, &hlc) || !is_node_id (parts.node->str))
    {
      change_parts_clear (&parts);
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           _ ("hlc must be 16 lowercase hex digits and node 32"));
      return FALSE;
    }

  table = dq_schema_table (parts.table->str);
  if (!dq_validate_uuid (parts.row->str))
    code = DQ_SCHEMA_ERROR_BAD_ROW, message = g_strdup (_ ("The record id is not a lowercase UUID"));
  else if (table == NULL)
    code = DQ_SCHEMA_ERROR_UNKNOWN_TABLE, message = g_strdup (_ ("Unknown table"));
  else
    {
      Lexer            values = { parts.values, lx->end };
      TextFlags        flags = parts.flags;
      int              bad_column = -1;
      g_autofree char *unknown = NULL;

      record = dq_record_new (table, parts.row->str);
      values.p++; /* the values object's brace */
      if (!eat (&values, '}'))
        do
          {
            TextFlags key_flags = TEXT_OK;
            int       i;
            gboolean  bad = FALSE;

            g_string_truncate (key, 0);
            read_string (&values, key, &key_flags);
            eat (&values, ':');
            i = (key_flags == TEXT_OK) ? dq_table_column_index (table, key->str) : -1;
            if (i < 0)
              {
                if (unknown == NULL)
                  unknown = g_strdup (key->str);
                skip_value (&values, 1);
                continue;
              }
            dq_value_clear (&record->values[i]);
            read_cell (&values, &record->values[i], &bad, &flags);
            if (bad && bad_column < 0)
              bad_column = i;
          }
        while (eat (&values, ','));

      if (unknown != NULL)
        code = DQ_SCHEMA_ERROR_UNKNOWN_COLUMN,
        message = g_strdup_printf (_ ("There is no column “%s”"), unknown);
      else if (flags & (TEXT_HAS_NUL | TEXT_BAD))
        code = DQ_SCHEMA_ERROR_BAD_VALUE,
        message = g_strdup (_ ("Text may not contain the character U+0000"));
      else if (bad_column >= 0)
        code = DQ_SCHEMA_ERROR_BAD_VALUE,
        message = g_strdup_printf (_ ("%s: %s"), dq_column_label (&table->columns[bad_column]),
                                   _ ("must be null, text or a whole number"));
      else
        for (guint i = 0; i < table->n_columns && code == 0; i++)
          {
            g_autoptr (GError) local_error = NULL;

            if (!dq_column_check_value (&table->columns[i], &record->values[i], FALSE,
                                        &local_error))
              code = DQ_SCHEMA_ERROR_BAD_VALUE, message = g_strdup (local_error->message);
          }
    }

  if (code == 0)
    {
      DqChange *change = dq_change_new (g_steal_pointer (&record), hlc, parts.node->str);

      change->author = parts.author ? g_strdup (parts.author->str) : NULL;
      g_ptr_array_add (body->changes, change);
    }
  else
    g_ptr_array_add (body->changes, NULL);
  g_array_append_val (body->codes, code);
  g_ptr_array_add (body->messages, g_steal_pointer (&message));
  g_ptr_array_add (body->tables, g_string_free (g_steal_pointer (&parts.table), FALSE));
  g_ptr_array_add (body->rows, g_string_free (g_steal_pointer (&parts.row), FALSE));
  change_parts_clear (&parts);
  return TRUE;

shape:
  g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       _ ("A change needs table, row, hlc, node and values"));
  return FALSE;

syntax:
  change_parts_clear (&parts);
  g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                       _ ("The text is not valid JSON"));
  return FALSE;
}

static gboolean
read_top_string (Lexer *lx,
                 char **slot)
{
  g_autoptr (GString) s = g_string_new (NULL);
  TextFlags flags = TEXT_OK;

  if (!read_string (lx, s, &flags) || flags != TEXT_OK)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (s->str);
  return TRUE;
}

gboolean
dq_wire_parse_body (const char *text,
                    gsize       length,
                    DqWireBody *body,
                    GError    **error)
{
  Lexer lx = { text, text + length };
  g_autoptr (GString) key = g_string_new (NULL);

  memset (body, 0, sizeof *body);
  body->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_change_free);
  body->codes = g_array_new (FALSE, FALSE, sizeof (int));
  body->messages = g_ptr_array_new_with_free_func (g_free);
  body->tables = g_ptr_array_new_with_free_func (g_free);
  body->rows = g_ptr_array_new_with_free_func (g_free);

  /* JSON is UTF-8 text: anything else is not a body at all. */
  if (!g_utf8_validate_len (text, length, NULL))
    goto syntax;
  if (!eat (&lx, '{'))
    goto syntax;
  if (!eat (&lx, '}'))
    do
      {
        TextFlags flags = TEXT_OK;
        gboolean  ok;

        g_string_truncate (key, 0);
        if (!read_string (&lx, key, &flags) || !eat (&lx, ':'))
          goto syntax;
        skip_ws (&lx);
        if (strcmp (key->str, "changes") == 0)
          {
            if (!eat (&lx, '['))
              goto shape;
            body->has_changes = TRUE;
            if (!eat (&lx, ']'))
              {
                do
                  {
                    skip_ws (&lx);
                    if (lx.p < lx.end && *lx.p != '{')
                      goto shape;
                    if (!read_change (&lx, body, error))
                      return FALSE;
                  }
                while (eat (&lx, ','));
                if (!eat (&lx, ']'))
                  goto syntax;
              }
            ok = TRUE;
          }
        else if (strcmp (key->str, "node") == 0)
          ok = read_top_string (&lx, &body->node);
        else if (strcmp (key->str, "batch") == 0)
          ok = read_top_string (&lx, &body->batch);
        else if (strcmp (key->str, "cursor") == 0)
          ok = read_top_string (&lx, &body->cursor);
        else if (strcmp (key->str, "more") == 0)
          {
            if (skip_literal (&lx, "true"))
              body->more = ok = TRUE;
            else
              ok = skip_literal (&lx, "false");
          }
        else if (strcmp (key->str, "time_ms") == 0)
          {
            gboolean is_int = FALSE;

            ok = read_number (&lx, &is_int, &body->time_ms) && is_int;
            body->has_time = ok;
          }
        else
          ok = skip_value (&lx, 1);
        if (!ok)
          goto shape;
      }
    while (eat (&lx, ','));
  if (!eat (&lx, '}'))
    goto syntax;
  skip_ws (&lx);
  if (lx.p != lx.end)
    goto syntax;
  return TRUE;

syntax:
  g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                       _ ("The text is not valid JSON"));
  return FALSE;

shape:
  g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       _ ("The body is not of the protocol’s shape"));
  return FALSE;
}

void
dq_wire_body_clear (DqWireBody *body)
{
  g_clear_pointer (&body->changes, g_ptr_array_unref);
  g_clear_pointer (&body->codes, g_array_unref);
  g_clear_pointer (&body->messages, g_ptr_array_unref);
  g_clear_pointer (&body->tables, g_ptr_array_unref);
  g_clear_pointer (&body->rows, g_ptr_array_unref);
  g_clear_pointer (&body->node, g_free);
  g_clear_pointer (&body->batch, g_free);
  g_clear_pointer (&body->cursor, g_free);
}
