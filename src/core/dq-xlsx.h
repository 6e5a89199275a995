/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqXlsx: a minimal Office Open XML spreadsheet writer (one sheet of text
 * and numbers, a bold header row), enough for exports that open in WPS,
 * Excel and LibreOffice. No dependencies beyond GLib/GIO (deflate). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DQ_XLSX_ERROR (dq_xlsx_error_quark ())
typedef enum {
  DQ_XLSX_ERROR_TOO_LARGE, /* past a spreadsheet's rows or a ZIP's 4 GiB */
} DqXlsxError;

GQuark dq_xlsx_error_quark (void);

typedef struct _DqXlsx DqXlsx;

/* A workbook of one sheet named @sheet_name (cut to 31 characters, the
 * characters spreadsheets refuse in a name replaced). */
DqXlsx *dq_xlsx_new (const char *sheet_name);
void    dq_xlsx_free (DqXlsx *self);
/* Cells of @column (0-based) that read as a decimal number ("12", "-3.5";
 * no leading zero, at most 15 digits) are written as numbers, the others
 * as text. By default every cell is text: phone and ID numbers must stay
 * text. */
void dq_xlsx_set_numeric_column (DqXlsx *self,
                                 guint   column);
/* Appends a row of cells (NULL or "" entries are empty cells). The first
 * row is the header: bold, and frozen above the others when scrolling.
 * Text is UTF-8; characters XML 1.0 forbids (control characters other
 * than tab and line breaks) are dropped, invalid UTF-8 replaced. */
void  dq_xlsx_add_row (DqXlsx            *self,
                       const char *const *cells,
                       guint              n_cells);
guint dq_xlsx_get_n_rows (DqXlsx *self);
/* The whole .xlsx file (the workbook can still grow and be finished
 * again). */
GBytes  *dq_xlsx_finish (DqXlsx  *self,
                         GError **error);
gboolean dq_xlsx_save (DqXlsx     *self,
                       const char *path,
                       GError    **error);

/* The CRC-32 of ZIP (ISO 3309), continuing from @crc (0 to start). */
guint32 dq_crc32 (guint32       crc,
                  const guint8 *data,
                  gsize         length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqXlsx, dq_xlsx_free)

G_END_DECLS
