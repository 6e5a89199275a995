/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON text of values and changes, written by hand so that the output is
 * canonical (the same bytes for the same state) and fast. */
#pragma once

#include "dq-types.h"

G_BEGIN_DECLS

void dq_json_append_string (GString *out, const char *text);
void dq_json_append_value (GString *out, const DqValue *value);

G_END_DECLS
