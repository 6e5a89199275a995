/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wire form of changes (sync-protocol.md): JSON in, JSON out, with the
 * protocol's per-change error codes. Shared by the server and the sync
 * engine, so both sides read and write exactly the same thing. */
#pragma once

#include <json-glib/json-glib.h>

#include "dq-record.h"
#include "dq-types.h"

G_BEGIN_DECLS

/* What a change failed on is a DqSchemaError (bad_row, unknown_table,
 * unknown_column, bad_value); DQ_WIRE_BAD_SHAPE names a body that is not of
 * the protocol's shape at all (bad_json). */
#define DQ_WIRE_BAD_SHAPE (-100)

/* Appends @change as one JSON object; with @author when it has one. */
void dq_wire_append_change (GString        *out,
                            const DqChange *change);

/* Appends `[change,…]`. */
void dq_wire_append_changes (GString   *out,
                             GPtrArray *changes);

/* A request or response body that carries changes (a push, a pull page),
 * read by a parser made for it: no tree, one allocation per value, U+0000
 * found where it stands. */
typedef struct {
  GPtrArray *changes;  /* DqChange, or NULL where the element was refused */
  GArray    *codes;    /* int per element: 0, or its protocol error code */
  GPtrArray *messages; /* char * per element (NULL when accepted) */
  GPtrArray *tables;   /* char * per element: "table" as sent, or NULL */
  GPtrArray *rows;     /* char * per element: "row" as sent, or NULL */
  char      *node;     /* the top-level members the protocol names */
  char      *batch;
  char      *cursor;
  gboolean   more;
  gint64     time_ms;
  gboolean   has_time;
  gboolean   has_changes;
} DqWireBody;

/* FALSE (with @error) when the text is not JSON or not of the protocol's
 * shape: 400 bad_json for a request. Refused changes are not an error:
 * their codes say why. */
gboolean dq_wire_parse_body (const char *text,
                             gsize       length,
                             DqWireBody *body,
                             GError    **error);
void     dq_wire_body_clear (DqWireBody *body);

/* The protocol's name of a DqApplyResult / DqSchemaError code. */
const char *dq_wire_error_code (int code);

G_END_DECLS
