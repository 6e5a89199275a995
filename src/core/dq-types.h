/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Forward declarations shared by libdangqun and its users. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DqColumn   DqColumn;
typedef struct _DqTable    DqTable;
typedef struct _DqCodeList DqCodeList;
typedef struct _DqRecord   DqRecord;
typedef struct _DqChange   DqChange;
typedef struct _DqHlc      DqHlc;
typedef struct _DqStore    DqStore;
typedef struct _DqQuery    DqQuery;

/* A cell value on the wire and in the store: null, an integer or text. */
typedef enum {
  DQ_VALUE_UNSET = 0, /* the column is not part of this record or change */
  DQ_VALUE_NULL,
  DQ_VALUE_INT,
  DQ_VALUE_TEXT,
} DqValueKind;

typedef struct {
  DqValueKind kind;
  union {
    gint64 i;
    char  *s;
  };
} DqValue;

G_END_DECLS
