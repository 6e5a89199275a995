/* SPDX-License-Identifier: GPL-3.0-or-later */
/* CSV as RFC 4180 defines it: fields separated by commas, records by CRLF,
 * fields with commas, quotes or line breaks in double quotes (a quote
 * doubled). The reader also takes LF line ends, a UTF-8 byte order mark and,
 * since spreadsheets on Chinese Windows save it, GB18030 text. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DQ_CSV_ERROR (dq_csv_error_quark ())
typedef enum {
  DQ_CSV_ERROR_INVALID, /* not text, or not CSV */
} DqCsvError;

GQuark dq_csv_error_quark (void);

/* Appends one field; @first is TRUE for the first field of a record. */
void dq_csv_append_field (GString    *out,
                          const char *text,
                          gboolean    first);
void dq_csv_end_record (GString *out);

/* The text of a CSV file as UTF-8, without a byte order mark. */
char *dq_csv_to_utf8 (const char *bytes,
                      gsize       length,
                      GError    **error);
/* The records of @text, each a GStrv of its fields. A line break after the
 * last record ends it; any other empty line is a record of one empty field.
 * The error names the record (1-based) where the text stopped being CSV. */
GPtrArray *dq_csv_parse (const char *text,
                         GError    **error);

G_END_DECLS
