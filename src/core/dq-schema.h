/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema, declared once as data: every entity of domain.md with its typed
 * columns, code lists, validators and translatable labels. The DDL,
 * migrations, protocol checks, CSV headers and form fields all come from it. */
#pragma once

#include "dq-types.h"

G_BEGIN_DECLS

/* Bumped whenever a table or column is added; see dq-schema.c. */
#define DQ_SCHEMA_VERSION 4

/* How a column's values look. Every kind is stored as TEXT or INTEGER. */
typedef enum {
  DQ_COL_TEXT,      /* free text, at most max_len characters */
  DQ_COL_INT,       /* integer within min..max */
  DQ_COL_BOOL,      /* 0 or 1 */
  DQ_COL_MONEY,     /* integer fen, >= 0 */
  DQ_COL_DATE,      /* YYYY-MM-DD */
  DQ_COL_MONTH,     /* YYYY-MM */
  DQ_COL_TIME,      /* ISO 8601 with offset */
  DQ_COL_CODE,      /* a code of the column's code list */
  DQ_COL_CODES,     /* several codes of the list, separated by ',' */
  DQ_COL_REF,       /* the id of a row of another table (a UUID) */
  DQ_COL_DISTRICT,  /* a scope code of the districts data */
  DQ_COL_ID_NUMBER, /* GB 11643 citizen ID number */
  DQ_COL_PHONE,     /* mobile or landline */
  DQ_COL_MOBILE,    /* mobile only (checked on local writes; any phone over sync) */
  DQ_COL_NODE,      /* a replica's node id: 32 lowercase hex digits */
} DqColumnKind;

typedef enum {
  DQ_COL_FLAG_NONE = 0,
  DQ_COL_FLAG_REQUIRED = 1 << 0,  /* a new row needs it (local writes, import) */
  DQ_COL_FLAG_SENSITIVE = 1 << 1, /* personal data: masked in lists and exports */
  DQ_COL_FLAG_INDEXED = 1 << 2,   /* an index on (column) */
  DQ_COL_FLAG_SEARCH = 1 << 3,    /* part of the table's full-text index */
} DqColumnFlags;

struct _DqColumn {
  const char   *name;
  DqColumnKind  kind;
  const char   *label; /* English msgid; dq_column_label() translates it */
  DqColumnFlags flags;
  const char   *target; /* CODE(S): code list name; REF: table name */
  gint64        max;    /* TEXT: max characters (0 = 2000); INT: max value */
  gint64        min;    /* INT: min value */
  guint         since;  /* schema version that added the column */
};

/* Row rules beyond single cells (required columns, ID number against birth
 * date and gender); run on local writes and imports, never on merges. */
typedef gboolean (*DqRowValidator) (const DqRecord *merged, GError **error);

struct _DqTable {
  const char     *name;
  const char     *label;   /* English msgid */
  const DqColumn *columns; /* district and deleted first */
  guint           n_columns;
  const char     *display; /* column that names a row in lists ("name") */
  DqRowValidator  validate_row;
  guint           since;
  guint           index; /* position in dq_schema_tables() */
};

#define DQ_COLUMN_DISTRICT 0
#define DQ_COLUMN_DELETED  1
#define DQ_MAX_COLUMNS     64

#define DQ_SCHEMA_ERROR (dq_schema_error_quark ())

/* The protocol's per-change error codes, in the order they are checked. */
typedef enum {
  DQ_SCHEMA_ERROR_BAD_ROW = 1, /* never 0: 0 is "accepted" where codes are kept */
  DQ_SCHEMA_ERROR_UNKNOWN_TABLE,
  DQ_SCHEMA_ERROR_UNKNOWN_COLUMN,
  DQ_SCHEMA_ERROR_BAD_VALUE,
  DQ_SCHEMA_ERROR_REQUIRED,
  DQ_SCHEMA_ERROR_INVALID_ROW,
} DqSchemaError;

GQuark      dq_schema_error_quark (void);
const char *dq_schema_error_code (DqSchemaError code); /* "bad_value" */

const DqTable    *dq_schema_tables (guint *n_tables);
const DqTable    *dq_schema_table (const char *name);
int               dq_table_column_index (const DqTable *table,
                                         const char    *name);
const DqColumn   *dq_table_column (const DqTable *table,
                                   const char    *name);
const char       *dq_table_label (const DqTable *table);
const char       *dq_column_label (const DqColumn *column);
const DqCodeList *dq_column_code_list (const DqColumn *column);

/* Is @value acceptable for @column? (type, length, format, code, no NUL).
 * @strict adds the checks a local form makes (mobile format). The error is
 * DQ_SCHEMA_ERROR_BAD_VALUE with a message naming the field in Chinese. */
gboolean dq_column_check_value (const DqColumn *column,
                                const DqValue  *value,
                                gboolean        strict,
                                GError        **error);

/* DDL for a replica at @version: tables, indexes and full-text indexes. */
char *dq_schema_ddl (guint version);
/* ALTER TABLE statements that take a replica from @from to @to; run before
 * dq_schema_ddl (@to), then rebuild the indexes that
 * dq_schema_needs_fts_rebuild() names. */
char    *dq_schema_upgrade_sql (guint from, guint to);
gboolean dq_schema_needs_fts_rebuild (guint from, guint to, const DqTable *table);
gboolean dq_table_has_search (const DqTable *table);
/* "name, phone, id_number": the searchable columns present at @version. */
char *dq_table_search_columns (const DqTable *table, guint version);

G_END_DECLS
