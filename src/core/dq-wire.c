/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Changes on the wire: parsing with the protocol's error codes, in its order
 * (bad_row, unknown_table, unknown_column, bad_value), and canonical
 * output. */

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

static DqChange *
fail (int        *code,
      char      **message,
      int         what,
      const char *text)
{
  *code = what;
  *message = g_strdup (text);
  return NULL;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
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

/* A JSON value as a cell value; FALSE for what cells cannot hold. */
static gboolean
read_value (JsonNode *node,
            DqValue  *value)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      value->kind = DQ_VALUE_NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    {
      value->kind = DQ_VALUE_TEXT;
      value->s = g_strdup (json_node_get_string (node));
      return TRUE;
    }
  if (type == G_TYPE_INT64)
    {
      gint64 i = json_node_get_int (node);

      if (i > MAX_SAFE_INTEGER || i < -MAX_SAFE_INTEGER)
        return FALSE;
      value->kind = DQ_VALUE_INT;
      value->i = i;
      return TRUE;
    }
  return FALSE; /* doubles, booleans */
}

DqChange *
dq_wire_change_from_json (JsonNode *node,
                          gboolean  has_nul,
                          int      *code,
                          char    **message)
{
  JsonObject    *object;
  JsonObject    *values;
  JsonNode      *values_node;
  const char    *table_name, *row, *hlc_text, *node_id;
  const DqTable *table;
  guint64        hlc;
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (GList) members = NULL;
  DqChange *change;

  g_return_val_if_fail (code != NULL && message != NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (code, message, DQ_WIRE_BAD_SHAPE, _ ("A change must be a JSON object"));
  object = json_node_get_object (node);
  table_name = member_string (object, "table");
  row = member_string (object, "row");
  hlc_text = member_string (object, "hlc");
  node_id = member_string (object, "node");
  values_node = json_object_get_member (object, "values");
  if (table_name == NULL || row == NULL || hlc_text == NULL || node_id == NULL ||
      values_node == NULL || !JSON_NODE_HOLDS_OBJECT (values_node))
    return fail (code, message, DQ_WIRE_BAD_SHAPE,
                 _ ("A change needs table, row, hlc, node and values"));
  if (!dq_hlc_parse (hlc_text, &hlc) || !is_node_id (node_id))
    return fail (code, message, DQ_WIRE_BAD_SHAPE,
                 _ ("hlc must be 16 lowercase hex digits and node 32"));
  values = json_node_get_object (values_node);

  if (!dq_validate_uuid (row))
    return fail (code, message, DQ_SCHEMA_ERROR_BAD_ROW, _ ("The record id is not a lowercase UUID"));

  table = dq_schema_table (table_name);
  if (table == NULL)
    return fail (code, message, DQ_SCHEMA_ERROR_UNKNOWN_TABLE, _ ("Unknown table"));

  record = dq_record_new (table, row);
  members = json_object_get_members (values);
  for (GList *l = members; l != NULL; l = l->next)
    if (dq_table_column_index (table, l->data) < 0)
      {
        g_autofree char *text = g_strdup_printf (_ ("There is no column “%s”"), (char *) l->data);
        return fail (code, message, DQ_SCHEMA_ERROR_UNKNOWN_COLUMN, text);
      }

  if (has_nul)
    return fail (code, message, DQ_SCHEMA_ERROR_BAD_VALUE,
                 _ ("Text may not contain the character U+0000"));

  for (GList *l = members; l != NULL; l = l->next)
    {
      int     i = dq_table_column_index (table, l->data);
      DqValue value = { 0 };
      g_autoptr (GError) error = NULL;

      if (!read_value (json_object_get_member (values, l->data), &value))
        {
          g_autofree char *text =
              g_strdup_printf (_ ("%s: %s"), dq_column_label (&table->columns[i]),
                               _ ("must be null, text or a whole number"));
          return fail (code, message, DQ_SCHEMA_ERROR_BAD_VALUE, text);
        }
      dq_value_clear (&record->values[i]);
      record->values[i] = value;
      if (!dq_column_check_value (&table->columns[i], &value, FALSE, &error))
        return fail (code, message, DQ_SCHEMA_ERROR_BAD_VALUE, error->message);
    }

  change = dq_change_new (g_steal_pointer (&record), hlc, node_id);
  change->author = g_strdup (member_string (object, "author"));
  *code = 0;
  *message = NULL;
  return change;
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

/* A small structural walk of the raw text: strings with their escapes,
 * nesting, and which element of the top-level "changes" array we are in. */
gboolean
dq_wire_changes_with_nul (const char *body,
                          gsize       length,
                          GArray     *flagged)
{
  const char *p = body;
  const char *end = body + length;
  int         depth = 0;
  int         changes_depth = -1; /* depth inside the "changes" array */
  int         element = -1;
  gboolean    expect_key = FALSE;
  gboolean    last_key_changes = FALSE;
  int         last_flagged = -1;

  while (p < end)
    {
      char c = *p++;

      if (c == '"')
        {
          const char *start = p;
          gboolean    nul = FALSE;

          while (p < end && *p != '"')
            {
              if (*p == '\\' && p + 1 < end)
                {
                  if (p[1] == 'u' && end - p >= 6 && memcmp (p + 2, "0000", 4) == 0)
                    nul = TRUE;
                  p += 2;
                }
              else
                p++;
            }
          if (depth == 1 && expect_key)
            last_key_changes = (p - start == 7 && memcmp (start, "changes", 7) == 0);
          p++; /* the closing quote */

          if (nul)
            {
              if (changes_depth < 0 || depth <= changes_depth - 1 || element < 0)
                return FALSE;
              if (flagged != NULL && element != last_flagged)
                g_array_append_val (flagged, element);
              last_flagged = element;
            }
          continue;
        }

      switch (c)
        {
        case '{':
        case '[':
          depth++;
          expect_key = c == '{';
          if (c == '[' && depth == 2 && last_key_changes)
            {
              changes_depth = depth;
              element = 0;
            }
          break;
        case '}':
        case ']':
          if (depth == changes_depth)
            changes_depth = -1, element = -1;
          depth--;
          expect_key = FALSE;
          break;
        case ',':
          if (depth == changes_depth)
            element++;
          if (depth == 1)
            expect_key = TRUE;
          break;
        case ':':
          expect_key = FALSE;
          break;
        default:
          break;
        }
    }
  return TRUE;
}
