/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqXlsx: the smallest .xlsx that Excel, WPS and LibreOffice open without
 * complaint. A ZIP file (written here: local headers, a central directory,
 * our own CRC-32, raw deflate from GZlibCompressor) holding the six parts a
 * workbook needs. Cells are inline strings, so no shared-string table; the
 * sheet's XML grows row by row as rows are added. */
#define G_LOG_DOMAIN "dq-xlsx"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dq-xlsx.h"

/* Excel's limits. */
#define MAX_ROWS       1048576
#define MAX_COLUMNS    16384
#define MAX_CELL_CHARS 32767
#define MAX_NAME_CHARS 31

/* Column widths, in characters of the default font. */
#define MIN_WIDTH 6
#define MAX_WIDTH 60

struct _DqXlsx {
  char    *sheet_name;
  GString *rows;    /* <row> elements of sheetData */
  GArray  *widths;  /* guint per column: the widest cell, in half-width characters */
  GArray  *numeric; /* gboolean per column */
  guint    n_rows;
  guint    n_columns; /* the widest row */
};

G_DEFINE_QUARK (dq - xlsx - error - quark, dq_xlsx_error)

/* The parts of a workbook that do not change. */

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN  "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG   "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_BASE  "application/vnd.openxmlformats-officedocument.spreadsheetml."

static const char content_types_xml[] =
    XML_DECL
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_BASE "sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" CT_BASE "worksheet+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" ContentType=\"" CT_BASE "styles+xml\"/>"
    "</Types>";

static const char root_rels_xml[] =
    XML_DECL
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

static const char workbook_rels_xml[] =
    XML_DECL
    "<Relationships xmlns=\"" NS_PKG "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

/* Style 0: plain; style 1: bold (the header row). 宋体 with the GB2312
 * charset is what Chinese Excel and WPS expect of a default font. */
static const char styles_xml[] =
    XML_DECL
    "<styleSheet xmlns=\"" NS_MAIN "\">"
    "<fonts count=\"2\">"
    "<font><sz val=\"11\"/><name val=\"宋体\"/><family val=\"2\"/><charset val=\"134\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"2\"/><charset val=\"134\"/></font>"
    "</fonts>"
    "<fills count=\"2\">"
    "<fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill>"
    "</fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    "<cellXfs count=\"2\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "</cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

/* Helpers: text */

static gboolean
xml_allows (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Excel reads "_xHHHH_" in a string as the character U+HHHH: a text that
 * holds one literally needs its underscore escaped. */
static gboolean
looks_like_excel_escape (const char *p)
{
  if (p[0] != '_' || p[1] != 'x')
    return FALSE;
  for (guint i = 2; i < 6; i++)
    if (!g_ascii_isxdigit (p[i]))
      return FALSE;
  return p[6] == '_';
}

/* @text as XML character data or an attribute value, without what XML 1.0
 * forbids; line breaks become LF (XML reads a CR as one anyway). At most
 * @max_chars characters (0: no limit). */
static void
append_escaped (GString    *out,
                const char *text,
                guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  guint            n = 0;

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (max_chars > 0 && n >= max_chars)
        break;
      n++;
      switch (c)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&apos;");
          break;
        case '\r':
          if (p[1] != '\n')
            g_string_append_c (out, '\n');
          break;
        case '_':
          g_string_append (out, looks_like_excel_escape (p) ? "_x005F_" : "_");
          break;
        default:
          if (xml_allows (c))
            g_string_append_unichar (out, c);
          else
            n--;
        }
    }
}

/* How wide @text shows: CJK counts two, the longest line wins. */
static guint
text_width (const char *text)
{
  guint width = 0;
  guint line = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return (guint) strlen (text);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        {
          width = MAX (width, line);
          line = 0;
        }
      else
        line += g_unichar_iswide (c) ? 2 : 1;
    }
  return MAX (width, line);
}

/* "12", "-3.5": no leading zero (a code like 007 stays text), at most 15
 * significant digits (what a double holds exactly). */
static gboolean
is_number (const char *text)
{
  const char *p = text;
  guint       digits = 0;

  if (*p == '-')
    p++;
  if (!g_ascii_isdigit (*p) || (p[0] == '0' && g_ascii_isdigit (p[1])))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    digits++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++)
        digits++;
    }
  return *p == '\0' && digits <= 15;
}

/* A1-style column letters of @column (0-based). */
static void
append_column_name (GString *out,
                    guint    column)
{
  char  letters[8];
  guint n = 0;

  column++;
  while (column > 0 && n < sizeof letters)
    {
      letters[n++] = (char) ('A' + (column - 1) % 26);
      column = (column - 1) / 26;
    }
  while (n > 0)
    g_string_append_c (out, letters[--n]);
}

static char *
sanitize_sheet_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name ? name : "", -1);
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p && n < MAX_NAME_CHARS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!xml_allows (c) || c < 0x20)
        continue;
      if (strchr ("[]:*?/\\", (int) c) != NULL && c < 0x80)
        c = '_';
      /* A name may not start or end with an apostrophe. */
      if (c == '\'' && (n == 0 || p[1] == '\0'))
        c = '_';
      g_string_append_unichar (out, c);
      n++;
    }
  if (out->len == 0)
    g_string_assign (out, "Sheet1");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Helpers: ZIP */

static const guint32 *
crc_table (void)
{
  static guint32 table[256];
  static gsize   ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (guint32 i = 0; i < 256; i++)
        {
          guint32 c = i;

          for (guint k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          table[i] = c;
        }
      g_once_init_leave (&ready, 1);
    }
  return table;
}

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value & 0xff, (value >> 8) & 0xff };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >> 24) & 0xff };

  g_byte_array_append (out, b, 4);
}

static GBytes *
deflate_raw (const char *data,
             gsize       length,
             GError    **error)
{
  g_autoptr (GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW, -1);
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  if (!g_output_stream_write_all (out, data, length, NULL, NULL, error) ||
      !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

typedef struct {
  const char *name;
  guint32     crc;
  guint32     size;
  guint32     compressed_size;
  guint16     method; /* 0 stored, 8 deflated */
  guint32     offset; /* of its local header */
} ZipEntry;

/* Entries get a fixed time (1980-01-01 00:00): the same rows make the
 * same file. */
#define DOS_TIME 0
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)

static void
put_entry_header (GByteArray     *out,
                  const ZipEntry *entry,
                  gboolean        central)
{
  put32 (out, central ? 0x02014b50 : 0x04034b50);
  if (central)
    put16 (out, 20); /* made by: MS-DOS, ZIP 2.0 */
  put16 (out, 20);   /* needed: 2.0 (deflate) */
  put16 (out, 0);    /* flags */
  put16 (out, entry->method);
  put16 (out, DOS_TIME);
  put16 (out, DOS_DATE);
  put32 (out, entry->crc);
  put32 (out, entry->compressed_size);
  put32 (out, entry->size);
  put16 (out, (guint) strlen (entry->name));
  put16 (out, 0); /* extra field */
  if (central)
    {
      put16 (out, 0); /* comment */
      put16 (out, 0); /* disk */
      put16 (out, 0); /* internal attributes */
      put32 (out, 0); /* external attributes */
      put32 (out, entry->offset);
    }
  g_byte_array_append (out, (const guint8 *) entry->name, (guint) strlen (entry->name));
}

static gboolean
too_large (GError **error)
{
  g_set_error_literal (error, DQ_XLSX_ERROR, DQ_XLSX_ERROR_TOO_LARGE,
                       _ ("The spreadsheet is too large to write"));
  return FALSE;
}

/* Appends @name holding @text (deflated unless that makes it larger). */
static gboolean
zip_add (GByteArray *out,
         GArray     *entries,
         const char *name,
         const char *text,
         gsize       length,
         GError    **error)
{
  g_autoptr (GBytes) deflated = NULL;
  ZipEntry      entry = { name, 0, 0, 0, 0, 0 };
  const guint8 *data = (const guint8 *) text;
  gsize         data_length = length;

  /* No ZIP64: the file stays under 4 GiB. */
  if ((guint64) out->len + length + 1024 > G_MAXUINT32)
    return too_large (error);

  deflated = deflate_raw (text, length, error);
  if (deflated == NULL)
    return FALSE;
  if (g_bytes_get_size (deflated) < length)
    {
      entry.method = 8;
      data = g_bytes_get_data (deflated, &data_length);
    }
  entry.crc = dq_crc32 (0, (const guint8 *) text, length);
  entry.size = (guint32) length;
  entry.compressed_size = (guint32) data_length;
  entry.offset = out->len;
  put_entry_header (out, &entry, FALSE);
  g_byte_array_append (out, data, (guint) data_length);
  g_array_append_val (entries, entry);
  return TRUE;
}

/* The central directory and its end record; takes @out. */
static GBytes *
zip_finish (GByteArray *out,
            GArray     *entries)
{
  guint32 start = out->len;
  guint32 size;

  for (guint i = 0; i < entries->len; i++)
    put_entry_header (out, &g_array_index (entries, ZipEntry, i), TRUE);
  size = out->len - start;
  put32 (out, 0x06054b50);
  put16 (out, 0); /* this disk */
  put16 (out, 0); /* the central directory's disk */
  put16 (out, entries->len);
  put16 (out, entries->len);
  put32 (out, size);
  put32 (out, start);
  put16 (out, 0); /* comment */
  return g_byte_array_free_to_bytes (out);
}

/* Helpers: the parts that depend on the rows */

static char *
workbook_xml (DqXlsx *self)
{
  g_autoptr (GString) out = g_string_new (XML_DECL);

  g_string_append (out, "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets><sheet name=\"");
  append_escaped (out, self->sheet_name, 0);
  g_string_append (out, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
sheet_xml (DqXlsx *self)
{
  g_autoptr (GString) out = g_string_new (XML_DECL);

  g_string_append (out, "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">");
  g_string_append (out, "<dimension ref=\"A1");
  if (self->n_rows > 0 && self->n_columns > 0)
    {
      g_string_append_c (out, ':');
      append_column_name (out, self->n_columns - 1);
      g_string_append_printf (out, "%u", self->n_rows);
    }
  g_string_append (out, "\"/>");
  /* The header stays in view. */
  g_string_append (out, "<sheetViews><sheetView workbookViewId=\"0\">");
  if (self->n_rows > 1)
    g_string_append (out, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                          "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>");
  g_string_append (out, "</sheetView></sheetViews>");
  g_string_append (out, "<sheetFormatPr defaultRowHeight=\"15\"/>");
  if (self->widths->len > 0)
    {
      g_string_append (out, "<cols>");
      for (guint i = 0; i < self->widths->len; i++)
        {
          guint width = CLAMP (g_array_index (self->widths, guint, i) + 2, MIN_WIDTH, MAX_WIDTH);

          g_string_append_printf (out, "<col min=\"%u\" max=\"%u\" width=\"%u\" customWidth=\"1\"/>", i + 1, i + 1, width);
        }
      g_string_append (out, "</cols>");
    }
  g_string_append (out, "<sheetData>");
  g_string_append_len (out, self->rows->str, (gssize) self->rows->len);
  g_string_append (out, "</sheetData></worksheet>");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Public API */

DqXlsx *
dq_xlsx_new (const char *sheet_name)
{
  DqXlsx *self = g_new0 (DqXlsx, 1);

  self->sheet_name = sanitize_sheet_name (sheet_name);
  self->rows = g_string_new (NULL);
  self->widths = g_array_new (FALSE, TRUE, sizeof (guint));
  self->numeric = g_array_new (FALSE, TRUE, sizeof (gboolean));
  return self;
}

void
dq_xlsx_free (DqXlsx *self)
{
  if (self == NULL)
    return;
  g_free (self->sheet_name);
  g_string_free (self->rows, TRUE);
  g_array_unref (self->widths);
  g_array_unref (self->numeric);
  g_free (self);
}

void
dq_xlsx_set_numeric_column (DqXlsx *self,
                            guint   column)
{
  g_return_if_fail (self != NULL);

  if (column >= self->numeric->len)
    g_array_set_size (self->numeric, column + 1);
  g_array_index (self->numeric, gboolean, column) = TRUE;
}

void
dq_xlsx_add_row (DqXlsx            *self,
                 const char *const *cells,
                 guint              n_cells)
{
  guint row;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cells != NULL || n_cells == 0);

  row = ++self->n_rows;
  n_cells = MIN (n_cells, MAX_COLUMNS);
  if (row > MAX_ROWS)
    return; /* dq_xlsx_finish() says so */
  g_string_append_printf (self->rows, "<row r=\"%u\">", row);
  for (guint i = 0; i < n_cells; i++)
    {
      const char *text = cells[i];
      gboolean    numeric = i < self->numeric->len && g_array_index (self->numeric, gboolean, i);

      if (text == NULL || text[0] == '\0')
        continue;
      self->n_columns = MAX (self->n_columns, i + 1);
      if (i >= self->widths->len)
        g_array_set_size (self->widths, i + 1);
      g_array_index (self->widths, guint, i) = MAX (g_array_index (self->widths, guint, i), text_width (text));

      g_string_append (self->rows, "<c r=\"");
      append_column_name (self->rows, i);
      g_string_append_printf (self->rows, "%u\"", row);
      if (row == 1)
        g_string_append (self->rows, " s=\"1\"");
      if (numeric && row > 1 && is_number (text))
        {
          g_string_append_printf (self->rows, "><v>%s</v></c>", text);
          continue;
        }
      g_string_append (self->rows, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
      append_escaped (self->rows, text, MAX_CELL_CHARS);
      g_string_append (self->rows, "</t></is></c>");
    }
  g_string_append (self->rows, "</row>");
}

guint
dq_xlsx_get_n_rows (DqXlsx *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

GBytes *
dq_xlsx_finish (DqXlsx  *self,
                GError **error)
{
  g_autoptr (GByteArray) out = NULL;
  g_autoptr (GArray) entries = NULL;
  g_autofree char *workbook = NULL;
  g_autofree char *sheet = NULL;
  struct {
    const char *name;
    const char *text;
  } parts[6];

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (self->n_rows > MAX_ROWS)
    {
      too_large (error);
      return NULL;
    }

  workbook = workbook_xml (self);
  sheet = sheet_xml (self);
  parts[0].name = "[Content_Types].xml";
  parts[0].text = content_types_xml;
  parts[1].name = "_rels/.rels";
  parts[1].text = root_rels_xml;
  parts[2].name = "xl/workbook.xml";
  parts[2].text = workbook;
  parts[3].name = "xl/_rels/workbook.xml.rels";
  parts[3].text = workbook_rels_xml;
  parts[4].name = "xl/styles.xml";
  parts[4].text = styles_xml;
  parts[5].name = "xl/worksheets/sheet1.xml";
  parts[5].text = sheet;

  out = g_byte_array_new ();
  entries = g_array_new (FALSE, FALSE, sizeof (ZipEntry));
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (!zip_add (out, entries, parts[i].name, parts[i].text, strlen (parts[i].text), error))
      return NULL;
  return zip_finish (g_steal_pointer (&out), entries);
}

gboolean
dq_xlsx_save (DqXlsx     *self,
              const char *path,
              GError    **error)
{
  g_autoptr (GBytes) bytes = NULL;
  gsize         length;
  gconstpointer data;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = dq_xlsx_finish (self, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  return g_file_set_contents (path, data, (gssize) length, error);
}

guint32
dq_crc32 (guint32       crc,
          const guint8 *data,
          gsize         length)
{
  const guint32 *table = crc_table ();

  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}
