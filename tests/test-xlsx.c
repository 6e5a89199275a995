/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqXlsx: the files it writes are read back with a ZIP reader of the
 * test's own (dq-test-zip.h): every part present and well-formed, CRCs
 * right, deflated or stored, and the cells as they were given — Chinese,
 * XML's special characters, empty cells, characters XML forbids dropped,
 * numbers only where asked for. */
#include "config.h"

#include <glib/gstdio.h>

#include "dq-test-zip.h"
#include "dq-xlsx.h"

static GBytes *
finish (DqXlsx *xlsx)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = dq_xlsx_finish (xlsx, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static char *
part_text (GBytes     *file,
           const char *name)
{
  g_autoptr (GHashTable) entries = dq_test_zip_read (file);
  GBytes     *part = g_hash_table_lookup (entries, name);
  gsize       length;
  const char *data;

  g_assert_nonnull (part);
  data = g_bytes_get_data (part, &length);
  return g_strndup (data, length);
}

static void
test_crc (void)
{
  const guint8 *digits = (const guint8 *) "123456789";

  /* The check value of CRC-32/ISO-HDLC. */
  g_assert_cmphex (dq_crc32 (0, digits, 9), ==, 0xCBF43926);
  g_assert_cmphex (dq_crc32 (dq_crc32 (0, digits, 4), digits + 4, 5), ==, 0xCBF43926);
  g_assert_cmphex (dq_crc32 (0, NULL, 0), ==, 0);
  g_assert_cmphex (dq_test_zip_crc (digits, 9), ==, 0xCBF43926);
}

static void
test_cells (void)
{
  g_autoptr (DqXlsx) xlsx = dq_xlsx_new ("报名名单");
  const char *header[] = { "序号", "姓名", "备注", "手机" };
  const char *row1[] = { "1", "张三", "A & B <c> \"引号\" 'single'", "13800138000" };
  const char *row2[] = { "2", NULL, "", "139****5678" };
  const char *row3[] = { "007", "  前后空格  ", "第一行\r\n第二行\n第三行", "控\x01制\x0b符\xef\xbf\xbe" };
  const char *row4[] = { "3.5", "坏\xff字节", "_x0041_ 字面", "-12" };
  g_autoptr (GBytes) file = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *workbook = NULL;

  dq_xlsx_set_numeric_column (xlsx, 0);
  dq_xlsx_add_row (xlsx, header, G_N_ELEMENTS (header));
  dq_xlsx_add_row (xlsx, row1, G_N_ELEMENTS (row1));
  dq_xlsx_add_row (xlsx, row2, G_N_ELEMENTS (row2));
  dq_xlsx_add_row (xlsx, row3, G_N_ELEMENTS (row3));
  dq_xlsx_add_row (xlsx, row4, G_N_ELEMENTS (row4));
  dq_xlsx_add_row (xlsx, NULL, 0);
  g_assert_cmpuint (dq_xlsx_get_n_rows (xlsx), ==, 6);

  file = finish (xlsx);
  rows = dq_test_xlsx_read (file);
  g_assert_cmpuint (rows->len, ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_assert_cmpstr (dq_test_xlsx_cell (rows, 0, i), ==, header[i]);
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 1, 1), ==, "张三");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 1, 2), ==, "A & B <c> \"引号\" 'single'");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 1, 3), ==, "13800138000");
  /* Empty cells are left out and read back empty. */
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 2, 0), ==, "2");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 2, 1), ==, "");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 2, 2), ==, "");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 2, 3), ==, "139****5678");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 3, 1), ==, "  前后空格  ");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 3, 2), ==, "第一行\n第二行\n第三行");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 3, 3), ==, "控制符");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 4, 1), ==, "坏\xef\xbf\xbd字节");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 4, 2), ==, "_x0041_ 字面");
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, 5))->len, ==, 0);

  /* Numbers only in the numeric column, and only real ones: 007 is a
   * code; a phone number in another column stays text. */
  sheet = part_text (file, "xl/worksheets/sheet1.xml");
  g_assert_nonnull (strstr (sheet, "<c r=\"A2\"><v>1</v></c>"));
  g_assert_nonnull (strstr (sheet, "<c r=\"A5\"><v>3.5</v></c>"));
  g_assert_nonnull (strstr (sheet, "<c r=\"A4\" t=\"inlineStr\">"));
  g_assert_nonnull (strstr (sheet, "<c r=\"D5\" t=\"inlineStr\">"));
  g_assert_nonnull (strstr (sheet, "<c r=\"D2\" t=\"inlineStr\">"));
  g_assert_nonnull (strstr (sheet, "<c r=\"A1\" s=\"1\" t=\"inlineStr\">"));
  g_assert_nonnull (strstr (sheet, "<dimension ref=\"A1:D6\"/>"));
  g_assert_nonnull (strstr (sheet, "state=\"frozen\""));

  workbook = part_text (file, "xl/workbook.xml");
  g_assert_nonnull (strstr (workbook, "name=\"报名名单\""));
}

static void
test_sheet_name (void)
{
  g_autoptr (DqXlsx) odd = dq_xlsx_new ("'a/b[c]:d*e?f\\g & <h>'");
  g_autoptr (DqXlsx) longer = dq_xlsx_new ("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三");
  g_autoptr (DqXlsx) empty = dq_xlsx_new ("");
  g_autoptr (GBytes) file1 = finish (odd);
  g_autoptr (GBytes) file2 = finish (longer);
  g_autoptr (GBytes) file3 = finish (empty);
  g_autofree char *workbook1 = part_text (file1, "xl/workbook.xml");
  g_autofree char *workbook2 = part_text (file2, "xl/workbook.xml");
  g_autofree char *workbook3 = part_text (file3, "xl/workbook.xml");
  g_autoptr (GPtrArray) rows = dq_test_xlsx_read (file3);

  g_assert_nonnull (strstr (workbook1, "name=\"_a_b_c__d_e_f_g &amp; &lt;h&gt;_\""));
  g_assert_nonnull (strstr (workbook2, "name=\"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一\""));
  g_assert_nonnull (strstr (workbook3, "name=\"Sheet1\""));
  g_assert_cmpuint (rows->len, ==, 0);
}

/* Many rows: the sheet is deflated (the small parts may be stored), the
 * same rows make the same file, and saving writes those bytes. */
static void
test_large (void)
{
  g_autoptr (DqXlsx) xlsx = dq_xlsx_new ("Sheet");
  g_autoptr (DqXlsx) again = dq_xlsx_new ("Sheet");
  g_autoptr (GBytes) file = NULL;
  g_autoptr (GBytes) file2 = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dangqun-xlsx-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "large.xlsx", NULL);
  g_autofree char *saved = NULL;
  gsize            saved_length;
  const guint8    *data;
  gsize            size;
  gsize            sheet_size;
  const char      *header[] = { "序号", "姓名", "党组织" };

  g_assert_no_error (error);
  dq_xlsx_set_numeric_column (xlsx, 0);
  dq_xlsx_set_numeric_column (again, 0);
  dq_xlsx_add_row (xlsx, header, 3);
  dq_xlsx_add_row (again, header, 3);
  for (guint i = 1; i <= 5000; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autofree char *name = g_strdup_printf ("党员%u", i);
      const char      *row[] = { number, name, "坪山区坑梓街道第一党支部" };

      dq_xlsx_add_row (xlsx, row, 3);
      dq_xlsx_add_row (again, row, 3);
    }
  file = finish (xlsx);
  file2 = finish (again);
  g_assert_true (g_bytes_equal (file, file2));

  rows = dq_test_xlsx_read (file);
  g_assert_cmpuint (rows->len, ==, 5001);
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 5000, 0), ==, "5000");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 5000, 1), ==, "党员5000");
  g_assert_cmpstr (dq_test_xlsx_cell (rows, 4321, 2), ==, "坪山区坑梓街道第一党支部");

  /* The sheet's entry is deflated, to a fraction of its size. */
  {
    g_autofree char *sheet = part_text (file, "xl/worksheets/sheet1.xml");

    sheet_size = strlen (sheet);
  }
  data = g_bytes_get_data (file, &size);
  g_assert_cmpuint (size, <, sheet_size / 5);
  for (gsize i = 0; i + 30 < size; i++)
    if (dq_test_zip_u32 (data + i) == 0x04034b50 && dq_test_zip_u16 (data + i + 26) == strlen ("xl/worksheets/sheet1.xml") &&
        memcmp (data + i + 30, "xl/worksheets/sheet1.xml", 24) == 0)
      g_assert_cmpuint (dq_test_zip_u16 (data + i + 8), ==, 8);

  g_assert_true (dq_xlsx_save (xlsx, path, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &saved, &saved_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (saved, saved_length, data, size);
  g_unlink (path);
  g_rmdir (dir);

  /* A folder that is not there: the error says so. */
  g_assert_false (dq_xlsx_save (xlsx, "/nonexistent/dir/x.xlsx", &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xlsx/crc", test_crc);
  g_test_add_func ("/xlsx/cells", test_cells);
  g_test_add_func ("/xlsx/sheet-name", test_sheet_name);
  g_test_add_func ("/xlsx/large", test_large);
  return g_test_run ();
}
