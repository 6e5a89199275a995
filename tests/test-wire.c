/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Changes on the wire: what the server and the sync engine read and write,
 * with the protocol's error codes in the protocol's order. */

#include "config.h"

#include <string.h>

#include "dq-hlc.h"
#include "dq-schema.h"
#include "dq-wire.h"

#define ROW  "0192f5c4-6c1e-7a3b-9d2e-4f1a2b3c4d5e"
#define NODE "9f0c4e2a7b1d4c3e8a6f5b2d1e0c9a87"

/* One change, read as the only element of a body. NULL when refused, with
 * *@code its error, or DQ_WIRE_BAD_SHAPE when the body is bad_json. */
static DqChange *
parse (const char *json, int *code)
{
  g_autofree char *text = g_strdup_printf ("{\"node\":\"" NODE "\",\"changes\":[%s]}", json);
  DqWireBody       body;
  DqChange        *change = NULL;

  if (!dq_wire_parse_body (text, strlen (text), &body, NULL))
    *code = DQ_WIRE_BAD_SHAPE;
  else
    {
      g_assert_cmpuint (body.changes->len, ==, 1);
      *code = g_array_index (body.codes, int, 0);
      change = g_steal_pointer (&body.changes->pdata[0]);
      /* A refusal says why; an accepted change has no message. */
      g_assert_true ((change == NULL) == (g_ptr_array_index (body.messages, 0) != NULL));
    }
  dq_wire_body_clear (&body);
  return change;
}

/* The verdict on one change; an accepted one also survives being written
 * out and read back unchanged. */
static const char *
code_of (const char *json)
{
  int code = 0;
  g_autoptr (DqChange) change = parse (json, &code);

  if (change != NULL)
    {
      g_autoptr (GString) once = g_string_new (NULL);
      g_autoptr (GString) twice = g_string_new (NULL);
      g_autoptr (DqChange) again = NULL;
      int code2;

      dq_wire_append_change (once, change);
      again = parse (once->str, &code2);
      g_assert_nonnull (again);
      dq_wire_append_change (twice, again);
      g_assert_cmpstr (once->str, ==, twice->str);
    }
  return change ? "ok" : dq_wire_error_code (code);
}

static void
test_valid (void)
{
  int code;
  g_autoptr (DqChange) c = parse ("{\"table\":\"member\",\"row\":\"" ROW "\","
                                  "\"hlc\":\"0192f5c46c1e0003\",\"node\":\"" NODE "\","
                                  "\"author\":\"clerk1\","
                                  "\"values\":{\"name\":\"王芳\",\"phone\":\"13800138000\","
                                  "\"address\":null,\"lost_contact\":1}}",
                                  &code);
  g_autoptr (GString) out = g_string_new (NULL);

  g_assert_nonnull (c);
  g_assert_cmpstr (c->record->table->name, ==, "member");
  g_assert_cmpstr (c->record->id, ==, ROW);
  g_assert_cmpuint (c->hlc, ==, DQ_HLC_MAKE (0x0192f5c46c1e, 3));
  g_assert_cmpstr (c->node, ==, NODE);
  g_assert_cmpstr (c->author, ==, "clerk1");
  g_assert_cmpuint (dq_record_n_set (c->record), ==, 4);
  g_assert_cmpstr (dq_record_get_text (c->record, "name"), ==, "王芳");
  g_assert_true (dq_record_get (c->record, "address")->kind == DQ_VALUE_NULL);
  g_assert_cmpint (dq_record_get_int (c->record, "lost_contact", -1), ==, 1);

  /* Written back: the same fields, in the schema's order. */
  dq_wire_append_change (out, c);
  g_assert_cmpstr (out->str, ==,
                   "{\"table\":\"member\",\"row\":\"" ROW "\",\"hlc\":\"0192f5c46c1e0003\","
                   "\"node\":\"" NODE "\",\"author\":\"clerk1\",\"values\":{\"name\":\"王芳\","
                   "\"phone\":\"13800138000\",\"address\":null,\"lost_contact\":1}}");
}

static void
test_error_order (void)
{
#define CHANGE(table, row, values) \
  "{\"table\":\"" table "\",\"row\":\"" row "\",\"hlc\":\"0192f5c46c1e0003\",\"node\":\"" NODE "\",\"values\":" values "}"

  /* Each check in its turn: the first failure is the code. */
  g_assert_cmpstr (code_of (CHANGE ("nope", "not-a-uuid", "{\"x\":1}")), ==, "bad_row");
  g_assert_cmpstr (code_of (CHANGE ("member", "0192F5C4-6C1E-7A3B-9D2E-4F1A2B3C4D5E", "{}")), ==, "bad_row");
  g_assert_cmpstr (code_of (CHANGE ("nope", ROW, "{\"x\":1}")), ==, "unknown_table");
  g_assert_cmpstr (code_of (CHANGE ("member", ROW, "{\"name\":1,\"x\":1}")), ==, "unknown_column");
  g_assert_cmpstr (code_of (CHANGE ("member", ROW, "{\"name\":1}")), ==, "bad_value");
  g_assert_cmpstr (code_of (CHANGE ("member", ROW, "{\"gender\":\"男\"}")), ==, "bad_value");
  g_assert_cmpstr (code_of (CHANGE ("member", ROW, "{\"lost_contact\":true}")), ==, "bad_value");
  g_assert_cmpstr (code_of (CHANGE ("member", ROW, "{\"lost_contact\":1.5}")), ==, "bad_value");
  g_assert_cmpstr (code_of (CHANGE ("member", ROW, "{\"name\":[\"a\"]}")), ==, "bad_value");
  g_assert_cmpstr (code_of (CHANGE ("fund", ROW, "{\"amount_fen\":9007199254740993}")), ==, "bad_value");
  g_assert_cmpstr (code_of (CHANGE ("fund", ROW, "{\"amount_fen\":9007199254740992}")), ==, "ok");
  g_assert_cmpstr (code_of (CHANGE ("notice", ROW, "{\"district\":\"440300\",\"title\":\"'; DROP TABLE notice; -- \\\\ \\\"\"}")), ==, "ok");

  /* Not a change at all: the body is bad_json. */
  g_assert_cmpstr (code_of ("[1]"), ==, "bad_json");
  g_assert_cmpstr (code_of ("{\"table\":\"member\",\"row\":\"" ROW "\"}"), ==, "bad_json");
  g_assert_cmpstr (code_of ("{\"table\":\"member\",\"row\":\"" ROW "\",\"hlc\":\"12\",\"node\":\"" NODE "\",\"values\":{}}"), ==, "bad_json");
  g_assert_cmpstr (code_of ("{\"table\":\"member\",\"row\":\"" ROW "\",\"hlc\":\"0192f5c46c1e0003\",\"node\":\"" NODE "\",\"values\":[]}"), ==, "bad_json");
#undef CHANGE
}

static void
test_body (void)
{
  const char *text = " { \"changes\" : [ {\"values\":{\"title\":\"x\\u0000y\",\"district\":\"440300\"},"
                     "\"table\":\"notice\",\"row\":\"" ROW "\",\"hlc\":\"0192f5c46c1e0003\",\"node\":\"" NODE "\"},"
                     "{\"table\":\"notice\",\"row\":\"" ROW "\",\"hlc\":\"0192f5c46c1e0004\",\"node\":\"" NODE "\","
                     "\"values\":{\"title\":\"\\ud83d\\ude00 \\u202e\\\"q\\\\\",\"district\":\"440300\"},\"extra\":[1,{\"a\":null}]}],"
                     "\"cursor\":\"7.9\",\"more\":true,\"time_ms\":1764300000000,\"other\":{}} ";
  const char *bad[] = {
    "",
    "{",
    "[]",
    "{\"changes\":[}",
    "{\"changes\":[{}]}",
    "{\"changes\":{}}",
    "{\"changes\":[1]}",
    "{} x",
    "{\"more\":tru}",
    "{\"cursor\":5}",
    "{\"changes\":[{\"table\":\"notice\",\"row\":\"" ROW "\",\"hlc\":\"zz\",\"node\":\"" NODE "\",\"values\":{}}]}",
  };
  DqWireBody body;
  g_autoptr (GError) error = NULL;
  DqChange *c;

  g_assert_true (dq_wire_parse_body (text, strlen (text), &body, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (body.changes->len, ==, 2);
  /* U+0000 is refused, never cut short; the other change stands. */
  g_assert_null (g_ptr_array_index (body.changes, 0));
  g_assert_cmpstr (dq_wire_error_code (g_array_index (body.codes, int, 0)), ==, "bad_value");
  c = g_ptr_array_index (body.changes, 1);
  g_assert_nonnull (c);
  g_assert_cmpstr (dq_record_get_text (c->record, "title"), ==, "😀 \u202e\"q\\");
  g_assert_cmpstr (body.cursor, ==, "7.9");
  g_assert_true (body.more);
  g_assert_true (body.has_time);
  g_assert_cmpint (body.time_ms, ==, 1764300000000);
  dq_wire_body_clear (&body);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_clear_error (&error);
      if (dq_wire_parse_body (bad[i], strlen (bad[i]), &body, &error))
        g_error ("accepted: %s", bad[i]);
      g_assert_nonnull (error);
      dq_wire_body_clear (&body);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/valid", test_valid);
  g_test_add_func ("/wire/error-order", test_error_order);
  g_test_add_func ("/wire/body", test_body);

  return g_test_run ();
}
