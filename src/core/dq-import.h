/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqImport: records of one table from a CSV file, all of them or none —
 * the one piece behind `dangqun-cli import` and the app's import dialog.
 *
 * The header names the columns (by name or by translated label); an id
 * column is optional, and a row whose id is in the replica updates that
 * record, any other row is a new record. Every row is checked before
 * anything is written, and every problem is kept with its row (the header
 * is row 1, as in a spreadsheet) and its column, so that a clerk can fix
 * the file in one pass. Then one dq_store_write_many() writes them all.
 *
 * The steps that touch the replica run on the store's thread; reading and
 * checking can run on a worker thread:
 *
 *   dq_import_read ()   any thread   the CSV text, the header
 *   dq_import_fetch ()  store        the rows the file's ids name
 *   dq_import_check ()  any thread   every row: records and problems
 *   dq_import_write ()  store        one transaction */
#pragma once

#include "dq-record.h"
#include "dq-schema.h"
#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_IMPORT_ERROR (dq_import_error_quark ())
typedef enum {
  DQ_IMPORT_ERROR_EMPTY,   /* not even a header row */
  DQ_IMPORT_ERROR_INVALID, /* the file has problems: nothing to write */
} DqImportError;

/* A header field that is the record id rather than a column. */
#define DQ_IMPORT_ID_FIELD (-1)
/* A header field that names nothing (only while the header has problems). */
#define DQ_IMPORT_NO_FIELD (-2)
/* Problems kept; the rest are only counted. */
#define DQ_IMPORT_MAX_PROBLEMS 1000

/* What is wrong at one place of the file. */
typedef struct {
  guint row;     /* 1-based row of the file; the header is row 1 */
  int   field;   /* position of the cell in the row, or -1: the whole row */
  char *header;  /* the field as the user knows it (column label), or NULL */
  char *message; /* what is wrong, for a clerk: "校验码不正确，请检查是否输错" */
} DqImportProblem;

typedef struct _DqImport DqImport;

GQuark dq_import_error_quark (void);

DqImport *dq_import_new (const DqTable *table);
void      dq_import_free (DqImport *self);

/* Cells a new row gets for the columns the file leaves out (a desk's
 * district); may be NULL. Call before dq_import_check(). */
void dq_import_set_defaults (DqImport       *self,
                             const DqRecord *defaults);
/* The text of a CSV file (UTF-8 or GB18030, any line ends): its rows and
 * the meaning of its header. Problems of the header are kept (and make
 * dq_import_check() skip the rows). FALSE when the bytes are not CSV text
 * or hold no row at all (DQ_IMPORT_ERROR_EMPTY). */
gboolean dq_import_read (DqImport   *self,
                         const char *bytes,
                         gsize       length,
                         GError    **error);
/* The records the file's id column names, read from @store. */
gboolean dq_import_fetch (DqImport *self,
                          DqStore  *store,
                          GError  **error);
/* Checks every row against the schema and the fetched records: the cells
 * that change become records to write, the rest problems. */
void dq_import_check (DqImport *self);
/* Writes every record in one transaction; nothing if any is refused (the
 * import can then be written again). */
gboolean dq_import_write (DqImport *self,
                          DqStore  *store,
                          GError  **error);

const DqTable *dq_import_get_table (DqImport *self);
/* Every row of the file, header first, each a GStrv of its cells. */
GPtrArray *dq_import_get_rows (DqImport *self);
/* What header field @field is: a column index, DQ_IMPORT_ID_FIELD or
 * DQ_IMPORT_NO_FIELD. */
int   dq_import_get_field_column (DqImport *self,
                                  guint     field);
guint dq_import_get_n_fields (DqImport *self);
/* Rows with data (the header and blank rows left out). */
guint dq_import_get_n_data_rows (DqImport *self);
/* DqImportProblem, in the order of the file, at most DQ_IMPORT_MAX_PROBLEMS. */
GPtrArray *dq_import_get_problems (DqImport *self);
/* All problems, kept or not. */
guint dq_import_get_n_problems (DqImport *self);
/* The records dq_import_write() writes (DqRecord). */
GPtrArray *dq_import_get_records (DqImport *self);
guint      dq_import_get_n_new (DqImport *self);
guint      dq_import_get_n_updated (DqImport *self);
guint      dq_import_get_n_unchanged (DqImport *self);

/* "第 3 行，“公民身份号码”：校验码不正确…" (or "第 3 行：…"). */
char *dq_import_problem_format (const DqImportProblem *problem);
/* The header of the id column in CSV files. */
const char *dq_import_id_label (void);
/* @text as a value of @column: integer kinds take a whole number, the
 * others text; "" is null. Free text is kept as written, other cells are
 * trimmed. Only the type is checked here, not the format. */
gboolean dq_import_parse_cell (const DqColumn *column,
                               const char     *text,
                               DqValue        *value,
                               GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqImport, dq_import_free)

G_END_DECLS
