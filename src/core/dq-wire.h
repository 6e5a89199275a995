/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wire form of changes (sync-protocol.md): JSON in, JSON out, with the
 * protocol's per-change error codes. Shared by the server and the sync
 * engine, so both sides read and write exactly the same thing. */
#pragma once

#include <json-glib/json-glib.h>

#include "dq-record.h"
#include "dq-types.h"

G_BEGIN_DECLS

/* What a change failed on: a DqSchemaError (bad_row, unknown_table,
 * unknown_column, bad_value), or DQ_WIRE_BAD_SHAPE when it is not a change
 * at all (the whole body is then bad_json). */
#define DQ_WIRE_BAD_SHAPE (-100)

/* Reads one change object. NULL on failure, with *@code and *@message
 * (translated) set. @has_nul: the change's text held U+0000 (JSON parsers
 * cut strings there; see dq_wire_changes_with_nul()), which is bad_value. */
DqChange *dq_wire_change_from_json (JsonNode *node,
                                    gboolean  has_nul,
                                    int      *code,
                                    char    **message);

/* Appends @change as one JSON object; with @author when it has one. */
void dq_wire_append_change (GString        *out,
                            const DqChange *change);

/* Appends `[change,…]`. */
void dq_wire_append_changes (GString   *out,
                             GPtrArray *changes);

/* Scans a raw push body for "\u0000" escapes inside strings. Returns FALSE
 * when one is outside the elements of the top-level "changes" array (the
 * body is then bad_json); otherwise fills @flagged (may be NULL) with the
 * indexes of the elements that hold one. */
gboolean dq_wire_changes_with_nul (const char *body,
                                   gsize       length,
                                   GArray     *flagged);

/* The protocol's name of a DqApplyResult / DqSchemaError code. */
const char *dq_wire_error_code (int code);

G_END_DECLS
