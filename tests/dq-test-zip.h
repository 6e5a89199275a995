/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A ZIP reader and a spreadsheet-cell reader for the tests, written apart
 * from DqXlsx so a mistake there is not repeated here: the central
 * directory is parsed, each local header checked against it, entries
 * inflated with GZlibDecompressor (raw) and their CRC-32 computed here
 * bitwise (not from DqXlsx's table). Every part must be well-formed XML
 * for GMarkup. */
#pragma once

#include <gio/gio.h>
#include <string.h>

static inline guint
dq_test_zip_u16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static inline guint32
dq_test_zip_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint32
dq_test_zip_crc (const guint8 *data,
                 gsize         length)
{
  guint32 crc = 0xFFFFFFFFu;

  for (gsize i = 0; i < length; i++)
    {
      crc ^= data[i];
      for (guint k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static inline GBytes *
dq_test_zip_inflate (const guint8 *data,
                     gsize         length)
{
  g_autoptr (GZlibDecompressor) decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
  g_autoptr (GInputStream) memory = g_memory_input_stream_new_from_data (data, (gssize) length, NULL);
  g_autoptr (GInputStream) in = g_converter_input_stream_new (memory, G_CONVERTER (decompressor));
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (GError) error = NULL;

  g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                          NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* The entries of the ZIP file @zip: name → GBytes, each checked (sizes,
 * CRC, local header agreeing with the central directory). */
static inline GHashTable *
dq_test_zip_read (GBytes *zip)
{
  gsize         size;
  const guint8 *data = g_bytes_get_data (zip, &size);
  const guint8 *end = NULL;
  GHashTable   *entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  guint         n_entries;
  gsize         at;

  g_assert_cmpuint (size, >=, 22);
  /* The end record: the last signature that ends the file. */
  for (gsize i = size - 22 + 1; i-- > 0;)
    if (dq_test_zip_u32 (data + i) == 0x06054b50 && i + 22 + dq_test_zip_u16 (data + i + 20) == size)
      {
        end = data + i;
        break;
      }
  g_assert_nonnull (end);
  n_entries = dq_test_zip_u16 (end + 10);
  g_assert_cmpuint (n_entries, ==, dq_test_zip_u16 (end + 8));
  at = dq_test_zip_u32 (end + 16);
  g_assert_cmpuint (at + dq_test_zip_u32 (end + 12), ==, (gsize) (end - data));

  for (guint n = 0; n < n_entries; n++)
    {
      const guint8    *central = data + at;
      const guint8    *local;
      guint            method, name_length, extra_length, comment_length;
      guint32          crc, compressed, uncompressed, offset;
      g_autofree char *name = NULL;
      g_autoptr (GBytes) content = NULL;
      const guint8 *payload;

      g_assert_cmpuint (at + 46, <=, size);
      g_assert_cmphex (dq_test_zip_u32 (central), ==, 0x02014b50);
      method = dq_test_zip_u16 (central + 10);
      crc = dq_test_zip_u32 (central + 16);
      compressed = dq_test_zip_u32 (central + 20);
      uncompressed = dq_test_zip_u32 (central + 24);
      name_length = dq_test_zip_u16 (central + 28);
      extra_length = dq_test_zip_u16 (central + 30);
      comment_length = dq_test_zip_u16 (central + 32);
      offset = dq_test_zip_u32 (central + 42);
      name = g_strndup ((const char *) central + 46, name_length);
      at += 46 + name_length + extra_length + comment_length;

      local = data + offset;
      g_assert_cmpuint (offset + 30, <=, size);
      g_assert_cmphex (dq_test_zip_u32 (local), ==, 0x04034b50);
      g_assert_cmpuint (dq_test_zip_u16 (local + 8), ==, method);
      g_assert_cmphex (dq_test_zip_u32 (local + 14), ==, crc);
      g_assert_cmpuint (dq_test_zip_u32 (local + 18), ==, compressed);
      g_assert_cmpuint (dq_test_zip_u32 (local + 22), ==, uncompressed);
      g_assert_cmpuint (dq_test_zip_u16 (local + 26), ==, name_length);
      g_assert_cmpmem (local + 30, name_length, name, name_length);
      payload = local + 30 + name_length + dq_test_zip_u16 (local + 28);
      g_assert_cmpuint ((gsize) (payload - data) + compressed, <=, size);

      if (method == 8)
        content = dq_test_zip_inflate (payload, compressed);
      else
        {
          g_assert_cmpuint (method, ==, 0);
          g_assert_cmpuint (compressed, ==, uncompressed);
          content = g_bytes_new (payload, compressed);
        }
      g_assert_cmpuint (g_bytes_get_size (content), ==, uncompressed);
      g_assert_cmphex (dq_test_zip_crc (g_bytes_get_data (content, NULL), uncompressed), ==, crc);
      g_assert_false (g_hash_table_contains (entries, name));
      g_hash_table_insert (entries, g_steal_pointer (&name), g_steal_pointer (&content));
    }
  return entries;
}

/* Cells of a worksheet: rows of GPtrArray (char *), placed by their
 * references so skipped cells read as "". */
typedef struct {
  GPtrArray *rows;
  GString   *text;
  GPtrArray *styles; /* "row:col" of header cells with style 1 */
  int        row;
  int        column;
  gboolean   in_text;
} DqTestSheet;

static inline int
dq_test_zip_column (const char *ref)
{
  int column = 0;

  for (; g_ascii_isupper (*ref); ref++)
    column = column * 26 + (*ref - 'A' + 1);
  return column - 1;
}

static inline void
dq_test_sheet_start (GMarkupParseContext *context,
                     const char          *element,
                     const char         **names,
                     const char         **values,
                     gpointer             data,
                     GError             **error)
{
  DqTestSheet *sheet = data;

  if (strcmp (element, "row") == 0)
    {
      for (guint i = 0; names[i]; i++)
        if (strcmp (names[i], "r") == 0)
          sheet->row = atoi (values[i]) - 1;
      g_assert_cmpint (sheet->row, >=, (int) sheet->rows->len);
      while ((int) sheet->rows->len <= sheet->row)
        g_ptr_array_add (sheet->rows, g_ptr_array_new_with_free_func (g_free));
    }
  else if (strcmp (element, "c") == 0)
    {
      const char *ref = NULL;
      const char *style = NULL;

      for (guint i = 0; names[i]; i++)
        if (strcmp (names[i], "r") == 0)
          ref = values[i];
        else if (strcmp (names[i], "s") == 0)
          style = values[i];
      g_assert_nonnull (ref);
      sheet->column = dq_test_zip_column (ref);
      g_assert_cmpint (atoi (ref + strspn (ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")), ==, sheet->row + 1);
      if (g_strcmp0 (style, "1") == 0)
        g_ptr_array_add (sheet->styles, g_strdup_printf ("%d:%d", sheet->row, sheet->column));
      g_string_truncate (sheet->text, 0);
    }
  else if (strcmp (element, "t") == 0 || strcmp (element, "v") == 0)
    sheet->in_text = TRUE;
}

/* Excel's "_xHHHH_" escapes in a string read back as the character. */
static inline char *
dq_test_sheet_unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p;)
    {
      if (p[0] == '_' && p[1] == 'x' && g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]) &&
          g_ascii_isxdigit (p[4]) && g_ascii_isxdigit (p[5]) && p[6] == '_')
        {
          g_string_append_unichar (out, (gunichar) g_ascii_strtoull (p + 2, NULL, 16));
          p += 7;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static inline void
dq_test_sheet_end (GMarkupParseContext *context,
                   const char          *element,
                   gpointer             data,
                   GError             **error)
{
  DqTestSheet *sheet = data;

  if (strcmp (element, "t") == 0 || strcmp (element, "v") == 0)
    sheet->in_text = FALSE;
  else if (strcmp (element, "c") == 0)
    {
      GPtrArray *row = g_ptr_array_index (sheet->rows, sheet->row);

      g_assert_cmpint (sheet->column, >=, (int) row->len);
      while ((int) row->len < sheet->column)
        g_ptr_array_add (row, g_strdup (""));
      g_ptr_array_add (row, dq_test_sheet_unescape (sheet->text->str));
    }
}

static inline void
dq_test_sheet_text (GMarkupParseContext *context,
                    const char          *text,
                    gsize                length,
                    gpointer             data,
                    GError             **error)
{
  DqTestSheet *sheet = data;

  if (sheet->in_text)
    g_string_append_len (sheet->text, text, (gssize) length);
}

/* Parses @xml (every part must be well-formed XML). */
static inline void
dq_test_zip_check_xml (GBytes *xml)
{
  static const GMarkupParser parser = { 0 };
  gsize                      length;
  const char                *text = g_bytes_get_data (xml, &length);
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (g_utf8_validate (text, (gssize) length, NULL));
  g_markup_parse_context_parse (context, text, (gssize) length, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

/* The cells of the first sheet of the .xlsx @file, each row a GPtrArray of
 * strings; checks the package's parts and that the header row (and only
 * it) is bold. */
static inline GPtrArray *
dq_test_xlsx_read (GBytes *file)
{
  static const GMarkupParser parser = { dq_test_sheet_start, dq_test_sheet_end, dq_test_sheet_text, NULL, NULL };
  static const char *const   parts[] = {
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/workbook.xml",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/worksheets/sheet1.xml",
  };
  g_autoptr (GHashTable) entries = dq_test_zip_read (file);
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GPtrArray) styles = g_ptr_array_new_with_free_func (g_free);
  DqTestSheet sheet = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref), text, styles, -1, -1, FALSE };
  GBytes     *xml;
  gsize       length;
  const char *data;

  g_assert_cmpuint (g_hash_table_size (entries), ==, G_N_ELEMENTS (parts));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      xml = g_hash_table_lookup (entries, parts[i]);
      g_assert_nonnull (xml);
      dq_test_zip_check_xml (xml);
    }
  xml = g_hash_table_lookup (entries, "xl/styles.xml");
  data = g_bytes_get_data (xml, &length);
  g_assert_nonnull (g_strstr_len (data, (gssize) length, "<b/>"));

  xml = g_hash_table_lookup (entries, "xl/worksheets/sheet1.xml");
  data = g_bytes_get_data (xml, &length);
  context = g_markup_parse_context_new (&parser, 0, &sheet, NULL);
  g_markup_parse_context_parse (context, data, (gssize) length, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);

  /* Bold: every header cell, nothing else. */
  for (guint i = 0; i < styles->len; i++)
    g_assert_true (g_str_has_prefix (g_ptr_array_index (styles, i), "0:"));
  if (sheet.rows->len > 0)
    {
      GPtrArray *header = g_ptr_array_index (sheet.rows, 0);
      guint      filled = 0;

      for (guint i = 0; i < header->len; i++)
        filled += ((char *) g_ptr_array_index (header, i))[0] != '\0';
      g_assert_cmpuint (styles->len, ==, filled);
    }
  return sheet.rows;
}

/* The cell at @row, @column of what dq_test_xlsx_read() returned ("" past
 * the row's last cell). */
static inline const char *
dq_test_xlsx_cell (GPtrArray *rows,
                   guint      row,
                   guint      column)
{
  GPtrArray *cells;

  g_assert_cmpuint (row, <, rows->len);
  cells = g_ptr_array_index (rows, row);
  return column < cells->len ? g_ptr_array_index (cells, column) : "";
}
