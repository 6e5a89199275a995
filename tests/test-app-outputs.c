/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What people take away from an activity, on a replica of demo data: the
 * registration list as CSV and XLSX (read back: the right rows in order,
 * statuses, phones masked unless asked, the unmasked export audited and
 * refused when the audit log cannot be written), the sign-in sheet as a
 * PDF (pages for 60 people, every table within its page), members'
 * check-in cards as a PDF whose QR codes hold the members' payloads module
 * for module (sampled from the drawn page), the QR texture for the screen,
 * and the export dialog. Pages are also written as PNG for a look. */
#include "config.h"

#include <cairo-pdf.h>
#include <qrencode.h>
#include <string.h>

#include <glib/gstdio.h>

#include "dq-activity-export.h"
#include "dq-activity.h"
#include "dq-csv.h"
#include "dq-export-dialog.h"
#include "dq-member-card.h"
#include "dq-signin-sheet.h"
#include "dq-test-app.h"
#include "dq-test-zip.h"
#include "dq-validate.h"

#define PINGSHAN "440310"

/* A4 in points. */
#define A4_WIDTH  (210 * 72.0 / 25.4)
#define A4_HEIGHT (297 * 72.0 / 25.4)

static DqStore   *store;
static GtkWindow *parent;
static char      *tmpdir;

/* Helpers */

typedef struct {
  char *id;
  char *name;
  char *phone;
  char *branch;
} Member;

static void
member_free (Member *member)
{
  g_free (member->id);
  g_free (member->name);
  g_free (member->phone);
  g_free (member->branch);
  g_free (member);
}

/* @n members with a mobile phone, in id order from @offset. */
static GPtrArray *
members (guint n,
         guint offset)
{
  g_autofree char *limit = g_strdup_printf ("%u", n);
  g_autofree char *skip = g_strdup_printf ("%u", offset);
  const char      *params[] = { limit, skip, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (store,
                                                "SELECT m.id, m.name, m.phone, coalesce(o.name, '') FROM member m "
                                                "LEFT JOIN org o ON o.id = m.org_id "
                                                "WHERE m.deleted = 0 AND length(m.phone) = 11 "
                                                "ORDER BY m.id LIMIT ? OFFSET ?",
                                                params, &error);
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < rows->len; i++)
    {
      char  **row = g_ptr_array_index (rows, i);
      Member *member = g_new0 (Member, 1);

      member->id = g_strdup (row[0]);
      member->name = g_strdup (row[1]);
      member->phone = g_strdup (row[2]);
      member->branch = g_strdup (row[3]);
      g_ptr_array_add (list, member);
    }
  return list;
}

static char *
write_activity (const char *title,
                gint64      capacity,
                gboolean    waitlist)
{
  g_autoptr (DqRecord) record = dq_record_new_for ("activity", NULL);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (record, "district", PINGSHAN);
  dq_record_set_text (record, "title", title);
  dq_record_set_text (record, "kind", "主题党日");
  dq_record_set_text (record, "starts_at", "2026-12-05T09:00:00+08:00");
  dq_record_set_text (record, "ends_at", "2026-12-05T11:30:00+08:00");
  dq_record_set_text (record, "location", "坪山区党群服务中心三楼多功能厅");
  dq_record_set_int (record, "capacity", capacity);
  dq_record_set_int (record, "waitlist", waitlist);
  g_assert_true (dq_store_write (store, record, &error));
  g_assert_no_error (error);
  return g_strdup (record->id);
}

static DqRegistration *
register_member (const char *activity,
                 const char *member)
{
  g_autoptr (GError) error = NULL;
  DqRegistration *r = NULL;

  g_assert_true (dq_activity_register_member (store, activity, member, NULL, &r, &error));
  g_assert_no_error (error);
  return r;
}

static DqRegistration *
register_person (const char *activity,
                 const char *name,
                 const char *phone,
                 const char *political_status)
{
  g_autoptr (GError) error = NULL;
  DqRegistration *r = NULL;

  g_assert_true (dq_activity_register_person (store, activity, name, phone, political_status, "现场", &r, &error));
  g_assert_no_error (error);
  g_assert_null (r->member_id);
  return r;
}

static void
check_in (const char *activity,
          const char *member)
{
  g_autofree char *card = dq_member_card_payload (member);
  g_autoptr (GError) error = NULL;
  g_autoptr (DqCheckinResult) result = dq_activity_checkin (store, activity, card, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, DQ_CHECKIN_CHECKED_IN);
}

static GBytes *export(const char    *activity,
                      DqExportFormat format,
                      gboolean       unmask)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = NULL;

  g_assert_true (dq_activity_export (store, activity, format, unmask, &bytes, &error));
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static GPtrArray *
parse_csv (GBytes *bytes)
{
  gsize       length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  GPtrArray       *records;

  /* A byte order mark, so that Excel and WPS read UTF-8. */
  g_assert_cmpuint (length, >, 3);
  g_assert_cmpmem (data, 3, "\xef\xbb\xbf", 3);
  text = dq_csv_to_utf8 (data, length, &error);
  g_assert_no_error (error);
  records = dq_csv_parse (text, &error);
  g_assert_no_error (error);
  return records;
}

static char *
audit_path (void)
{
  g_autofree char *folder = g_path_get_dirname (dq_store_get_path (store));

  return g_build_filename (folder, "audit.log", NULL);
}

static char *
last_audit_line (void)
{
  g_autofree char *path = audit_path ();
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  guint n;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("");
  lines = g_strsplit (g_strchomp (text), "\n", -1);
  n = g_strv_length (lines);
  return g_strdup (n > 0 ? lines[n - 1] : "");
}

/* The audit log made unwritable (a folder in its place: root writes
 * anywhere else), and back. */
static void
break_audit_log (gboolean broken)
{
  g_autofree char *path = audit_path ();
  g_autofree char *saved = g_strconcat (path, ".saved", NULL);

  if (broken)
    {
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_assert_cmpint (g_rename (path, saved), ==, 0);
      g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_rmdir (path), ==, 0);
      if (g_file_test (saved, G_FILE_TEST_EXISTS))
        g_assert_cmpint (g_rename (saved, path), ==, 0);
    }
}

static guint
pdf_pages (const char *path)
{
  g_autofree char *data = NULL;
  gsize            length;
  guint            pages = 0;
  g_autoptr (GError) error = NULL;
  const char *p;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 5);
  g_assert_cmpmem (data, 5, "%PDF-", 5);
  /* Binary streams hold NULs: memmem, not strstr. */
  for (p = data; (p = memmem (p, length - (gsize) (p - data), "/Type /Page", 11)) != NULL; p++)
    if (p[11] != 's')
      pages++;
  return pages;
}

typedef void (*DrawPage) (gpointer object,
                          cairo_t *cr,
                          guint    page);

/* @page of the PDF as a PNG in the screenshots folder: through pdftoppm
 * when there is one (what a viewer shows), else drawn here the way the
 * print operation draws it. */
static void
page_png (const char *pdf,
          guint       page,
          gpointer    object,
          DrawPage    draw,
          const char *name)
{
  const char      *dir = g_getenv ("DANGQUN_SCREENSHOTS");
  g_autofree char *folder = g_strdup (dir ? dir : "screenshots");
  g_autofree char *prefix = g_build_filename (folder, name, NULL);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *pdftoppm = g_find_program_in_path ("pdftoppm");

  g_mkdir_with_parents (folder, 0755);
  g_unlink (png);
  if (pdftoppm != NULL)
    {
      g_autofree char *number = g_strdup_printf ("%u", page + 1);
      const char      *argv[] = { pdftoppm, "-png", "-r", "110", "-f", number, "-l", number, "-singlefile",
                                  pdf, prefix, NULL };
      g_autoptr (GError) error = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  else
    {
      double           scale = 110 / 72.0;
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (A4_WIDTH * scale),
                                                             (int) (A4_HEIGHT * scale));
      cairo_t         *cr = cairo_create (surface);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      draw (object, cr, page);
      cairo_destroy (cr);
      g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
      cairo_surface_destroy (surface);
    }
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  g_test_message ("page: %s", png);
}

static void
got_file_cb (GtkWidget *dialog,
             GFile     *file,
             GFile    **out)
{
  g_set_object (out, file);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* The registration list */

typedef struct {
  char      *activity;
  GPtrArray *people; /* Member: m0, m1, m2, m3 */
} Registrations;

/* Capacity 3 with a waitlist: m0, m1, m2 get a place, m3 and 王小明 wait;
 * m1 cancels, m3 moves up; m0 is checked in at the desk. */
static void
registrations_set_up (Registrations *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->activity = write_activity ("“七一”主题党日 & 志愿服务 <坪山>", 3, TRUE);
  f->people = members (4, 0);
  for (guint i = 0; i < 4; i++)
    dq_registration_free (register_member (f->activity, ((Member *) g_ptr_array_index (f->people, i))->id));
  dq_registration_free (register_person (f->activity, "王小明", "13912345678", "13"));
  {
    g_autofree char *cancelled = dq_registration_id_for_member (f->activity, ((Member *) g_ptr_array_index (f->people, 1))->id);

    g_assert_true (dq_activity_cancel (store, cancelled, &error));
    g_assert_no_error (error);
  }
  check_in (f->activity, ((Member *) g_ptr_array_index (f->people, 0))->id);
}

static void
registrations_tear_down (Registrations *f,
                         gconstpointer  data)
{
  g_free (f->activity);
  g_ptr_array_unref (f->people);
}

static const char *const expected_header[] = {
  "序号",
  "姓名",
  "所在党组织/政治面貌",
  "手机",
  "报名状态",
  "报名时间",
  "签到时间",
  "签到台数",
};

/* The rows as the masked export must hold them, whatever the format. */
static void
check_rows (GPtrArray *rows,
            const char *(*cell) (GPtrArray *rows, guint row, guint column),
            Registrations *f,
            gboolean       unmask)
{
  Member *m[4];

  for (guint i = 0; i < 4; i++)
    m[i] = g_ptr_array_index (f->people, i);

  g_assert_cmpuint (rows->len, ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS (expected_header); i++)
    g_assert_cmpstr (cell (rows, 0, i), ==, expected_header[i]);

  /* In order: places, the waitlist, then the cancelled. */
  g_assert_cmpstr (cell (rows, 1, 1), ==, m[0]->name);
  g_assert_cmpstr (cell (rows, 2, 1), ==, m[2]->name);
  g_assert_cmpstr (cell (rows, 3, 1), ==, m[3]->name);
  g_assert_cmpstr (cell (rows, 4, 1), ==, "王小明");
  g_assert_cmpstr (cell (rows, 5, 1), ==, m[1]->name);
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);

      g_assert_cmpstr (cell (rows, i, 0), ==, number);
      /* 报名时间 as people read it: "2026-11-28 14:05". */
      g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$", cell (rows, i, 5), 0, 0));
    }

  g_assert_cmpstr (cell (rows, 1, 2), ==, m[0]->branch);
  g_assert_cmpstr (cell (rows, 4, 2), ==, "群众");

  g_assert_cmpstr (cell (rows, 1, 4), ==, "已报名");
  g_assert_cmpstr (cell (rows, 2, 4), ==, "已报名");
  g_assert_cmpstr (cell (rows, 3, 4), ==, "已报名");
  g_assert_cmpstr (cell (rows, 4, 4), ==, "候补第1位");
  g_assert_cmpstr (cell (rows, 5, 4), ==, "已取消");

  /* m0 checked in at this desk, nobody else. */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$", cell (rows, 1, 6), 0, 0));
  g_assert_cmpstr (cell (rows, 1, 7), ==, "1");
  for (guint i = 2; i <= 5; i++)
    {
      g_assert_cmpstr (cell (rows, i, 6), ==, "");
      g_assert_cmpstr (cell (rows, i, 7), ==, "0");
    }

  for (guint i = 0; i < 4; i++)
    {
      guint            row = i == 0 ? 1 : i == 1 ? 5
                                                 : i;
      g_autofree char *masked = dq_mask_phone (m[i]->phone);

      g_assert_cmpstr (cell (rows, row, 3), ==, unmask ? m[i]->phone : masked);
    }
  g_assert_cmpstr (cell (rows, 4, 3), ==, unmask ? "13912345678" : "139****5678");
}

static const char *
csv_cell (GPtrArray *rows,
          guint      row,
          guint      column)
{
  GStrv cells;

  g_assert_cmpuint (row, <, rows->len);
  cells = g_ptr_array_index (rows, row);
  g_assert_cmpuint (column, <, g_strv_length (cells));
  return cells[column];
}

static void
test_export_csv (Registrations *f,
                 gconstpointer  data)
{
  g_autoptr (GBytes) masked = export(f->activity, DQ_EXPORT_CSV, FALSE);
  g_autoptr (GPtrArray) rows = parse_csv (masked);
  g_autofree char *before = last_audit_line ();
  g_autofree char *after = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (GBytes) unmasked = NULL;
  g_autoptr (GPtrArray) full = NULL;
  gsize       length;
  const char *text = g_bytes_get_data (masked, &length);

  check_rows (rows, csv_cell, f, FALSE);
  /* No full number anywhere in the masked file. */
  for (guint i = 0; i < f->people->len; i++)
    g_assert_null (g_strstr_len (text, (gssize) length, ((Member *) g_ptr_array_index (f->people, i))->phone));
  g_assert_null (g_strstr_len (text, (gssize) length, "13912345678"));
  /* Exporting masked is not an act on personal data. */
  {
    g_autofree char *line = last_audit_line ();

    g_assert_cmpstr (line, ==, before);
  }

  /* Unmasked: the export writes its audit line first. */
  unmasked = export(f->activity, DQ_EXPORT_CSV, TRUE);
  full = parse_csv (unmasked);
  check_rows (full, csv_cell, f, TRUE);
  after = last_audit_line ();
  expected = g_strdup_printf ("\texport-unmasked\tregistration\t%s\tcsv", f->activity);
  g_assert_true (g_str_has_suffix (after, expected));
}

static void
test_export_xlsx (Registrations *f,
                  gconstpointer  data)
{
  g_autoptr (GBytes) xlsx = export(f->activity, DQ_EXPORT_XLSX, FALSE);
  g_autoptr (GBytes) csv = export(f->activity, DQ_EXPORT_CSV, FALSE);
  g_autoptr (GPtrArray) rows = dq_test_xlsx_read (xlsx);
  g_autoptr (GPtrArray) csv_rows = parse_csv (csv);
  g_autoptr (GHashTable) parts = dq_test_zip_read (xlsx);
  GBytes     *workbook = g_hash_table_lookup (parts, "xl/workbook.xml");
  gsize       length;
  const char *text = g_bytes_get_data (workbook, &length);
  g_autoptr (GBytes) unmasked = NULL;
  g_autoptr (GPtrArray) full = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *line = NULL;

  check_rows (rows, dq_test_xlsx_cell, f, FALSE);
  /* The same cells as the CSV. */
  for (guint i = 0; i < csv_rows->len; i++)
    for (guint j = 0; j < G_N_ELEMENTS (expected_header); j++)
      g_assert_cmpstr (dq_test_xlsx_cell (rows, i, j), ==, csv_cell (csv_rows, i, j));
  /* The sheet is named after the activity, escaped. */
  g_assert_nonnull (g_strstr_len (text, (gssize) length, "name=\"“七一”主题党日 &amp; 志愿服务 &lt;坪山&gt;\""));

  unmasked = export(f->activity, DQ_EXPORT_XLSX, TRUE);
  full = dq_test_xlsx_read (unmasked);
  check_rows (full, dq_test_xlsx_cell, f, TRUE);
  line = last_audit_line ();
  expected = g_strdup_printf ("\texport-unmasked\tregistration\t%s\txlsx", f->activity);
  g_assert_true (g_str_has_suffix (line, expected));

  {
    g_autofree char *name = dq_activity_export_file_name (store, f->activity, DQ_EXPORT_XLSX);

    g_assert_cmpstr (name, ==, "“七一”主题党日 & 志愿服务 _坪山_-报名签到名单.xlsx");
  }
}

/* An unmasked export that cannot be audited does not happen; a masked
 * one still does. */
static void
test_export_audit_fails (Registrations *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) masked = NULL;
  GBytes *bytes = NULL;

  break_audit_log (TRUE);
  g_assert_false (dq_activity_export (store, f->activity, DQ_EXPORT_XLSX, TRUE, &bytes, &error));
  g_assert_nonnull (error);
  g_assert_null (bytes);
  g_assert_nonnull (strstr (error->message, "未导出"));
  masked = export(f->activity, DQ_EXPORT_CSV, FALSE);
  break_audit_log (FALSE);
}

static void
test_export_unknown (void)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = NULL;

  g_assert_false (dq_activity_export (store, "00000000-0000-7000-8000-000000000000", DQ_EXPORT_CSV, FALSE, &bytes,
                                      &error));
  g_assert_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_NOT_FOUND);
  g_assert_null (bytes);
}

/* The export dialog: XLSX and masked by default; the switch is audited
 * when turned on and refused when it cannot be; the chosen file is
 * written, a toast said, the dialog closed. */
static void
test_export_dialog (Registrations *f,
                    gconstpointer  data)
{
  GtkWidget       *dialog = g_object_ref (dq_export_dialog_new (parent, store, f->activity));
  GtkSwitch       *phone = GTK_SWITCH (dq_test_app_find (dialog, "phone_switch"));
  GtkWidget       *error_label = dq_test_app_find (dialog, "error_label");
  g_autofree char *path = g_build_filename (tmpdir, "导出.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) exported = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  gsize            length;
  g_autoptr (GError) error = NULL;

  gtk_window_present (GTK_WINDOW (dialog));
  g_signal_connect (dialog, "exported", G_CALLBACK (got_file_cb), &exported);
  dq_test_app_wait (100);
  g_assert_cmpint (dq_export_dialog_get_format (DQ_EXPORT_DIALOG (dialog)), ==, DQ_EXPORT_XLSX);
  g_assert_false (dq_export_dialog_get_unmask (DQ_EXPORT_DIALOG (dialog)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dq_test_app_find (dialog, "summary_label"))),
                            "已报名 3 人"));
  g_free (dq_test_app_screenshot (dialog, "outputs-export-dialog"));

  /* Refused while the audit log cannot be written. */
  break_audit_log (TRUE);
  gtk_switch_set_active (phone, TRUE);
  g_assert_false (gtk_switch_get_active (phone));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "审计日志"));
  g_free (dq_test_app_screenshot (dialog, "outputs-export-dialog-audit-failed"));
  break_audit_log (FALSE);

  gtk_switch_set_active (phone, TRUE);
  g_assert_true (gtk_switch_get_active (phone));
  g_assert_false (gtk_widget_get_visible (error_label));
  line = last_audit_line ();
  expected = g_strdup_printf ("\treveal\tregistration\t%s\tphone", f->activity);
  g_assert_true (g_str_has_suffix (line, expected));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (dq_test_app_find (dialog, "csv_check")), TRUE);
  g_assert_cmpint (dq_export_dialog_get_format (DQ_EXPORT_DIALOG (dialog)), ==, DQ_EXPORT_CSV);
  dq_export_dialog_save_to_file (DQ_EXPORT_DIALOG (dialog), file);
  g_assert_true (dq_test_app_wait_for (is_set, &exported, 10000));
  g_assert_true (g_file_equal (exported, file));
  g_assert_false (gtk_widget_get_visible (dialog));

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf序号,姓名,"));
  g_assert_nonnull (strstr (contents, "13912345678"));
  g_unlink (path);

  dq_test_app_wait (50);
  g_assert_finalize_object (dialog);
}

/* The sign-in sheet */

static void
draw_sheet_page (gpointer object,
                 cairo_t *cr,
                 guint    page)
{
  dq_signin_sheet_draw_page (object, cr, page);
}

static void
test_signin_sheet (void)
{
  g_autofree char *activity = write_activity ("坪山区党员冬训专题党课：学习贯彻党的二十大精神", 0, FALSE);
  g_autoptr (GPtrArray) people = members (55, 10);
  g_autofree char *pdf = g_build_filename (tmpdir, "签到表.pdf", NULL);
  g_autoptr (DqSigninSheet) sheet = NULL;
  g_autoptr (GError) error = NULL;
  cairo_surface_t *surface;
  cairo_t         *cr;
  guint            n_pages;
  guint            listed = 0;

  for (guint i = 0; i < people->len; i++)
    dq_registration_free (register_member (activity, ((Member *) g_ptr_array_index (people, i))->id));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *phone = g_strdup_printf ("1390000123%u", i);
      g_autofree char *name = g_strdup_printf ("群众%u", i + 1);

      dq_registration_free (register_person (activity, name, phone, "13"));
    }
  check_in (activity, ((Member *) g_ptr_array_index (people, 0))->id);

  g_assert_true (dq_signin_sheet_export_pdf (store, activity, pdf, &error));
  g_assert_no_error (error);

  /* 60 people at 9.5 mm a row: about 22 on page 1 under the details,
   * 25 on each later page. */
  sheet = dq_signin_sheet_new (store, activity, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dq_signin_sheet_get_n_people (sheet), ==, 60);
  surface = cairo_pdf_surface_create (NULL, A4_WIDTH, A4_HEIGHT);
  cr = cairo_create (surface);
  n_pages = dq_signin_sheet_paginate (sheet, cr, A4_WIDTH, A4_HEIGHT);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (pdf_pages (pdf), ==, n_pages);
  for (guint page = 0; page < n_pages; page++)
    {
      guint  first;
      double bottom;
      guint  n = dq_signin_sheet_get_page_people (sheet, page, &first, &bottom);

      g_test_message ("page %u: %u people", page + 1, n);
      g_assert_cmpuint (first, ==, listed);
      /* Full pages hold some 20 rows and more: room to sign, not waste. */
      g_assert_cmpuint (n, >, page + 1 < n_pages ? 19 : 0);
      /* Within the page, above the page number. */
      g_assert_cmpfloat (bottom, <, A4_HEIGHT - 20 * 72 / 25.4);
      listed += n;
    }
  g_assert_cmpuint (listed, ==, 60);

  page_png (pdf, 0, sheet, draw_sheet_page, "outputs-signin-sheet-page1");
  page_png (pdf, 1, sheet, draw_sheet_page, "outputs-signin-sheet-page2");
  page_png (pdf, 2, sheet, draw_sheet_page, "outputs-signin-sheet-page3");
  g_unlink (pdf);
}

static void
test_signin_sheet_empty (void)
{
  g_autofree char *activity = write_activity ("无人报名的活动", 0, FALSE);
  g_autofree char *pdf = g_build_filename (tmpdir, "空.pdf", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (dq_signin_sheet_export_pdf (store, activity, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf), ==, 1);
  g_unlink (pdf);

  g_assert_false (dq_signin_sheet_export_pdf (store, "00000000-0000-7000-8000-000000000000", pdf, &error));
  g_assert_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

/* Check-in cards */

static void
draw_cards_page (gpointer object,
                 cairo_t *cr,
                 guint    page)
{
  dq_member_card_draw_page (object, cr, page);
}

static char **
member_ids (GPtrArray *people)
{
  char **ids = g_new0 (char *, people->len + 1);

  for (guint i = 0; i < people->len; i++)
    ids[i] = g_strdup (((Member *) g_ptr_array_index (people, i))->id);
  return ids;
}

/* Whether the pixel of an RGB24 surface at (@x, @y) is dark. */
static gboolean
dark_at (cairo_surface_t *surface,
         double           x,
         double           y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int           stride = cairo_image_surface_get_stride (surface);
  guint32       pixel = *(const guint32 *) (data + (gsize) ((int) y * stride) + (gsize) ((int) x * 4));

  return ((pixel >> 16) & 0xff) < 128 && ((pixel >> 8) & 0xff) < 128 && (pixel & 0xff) < 128;
}

static void
test_member_cards (void)
{
  g_autoptr (GPtrArray) people = members (11, 100);
  g_auto (GStrv) ids = member_ids (people);
  g_autofree char *pdf = g_build_filename (tmpdir, "cards.pdf", NULL);
  g_autoptr (DqMemberCard) cards = NULL;
  g_autoptr (GError) error = NULL;
  double           scale = 4; /* pixels a point: ~11 pixels a module */
  cairo_surface_t *surface;
  cairo_t         *cr;
  char            *eleventh;

  /* Ten to a page; the eleventh starts a second one. */
  g_assert_true (dq_member_card_export_pdf (store, (const char *const *) ids, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf), ==, 2);
  eleventh = ids[10];
  ids[10] = NULL;
  g_assert_true (dq_member_card_export_pdf (store, (const char *const *) ids, pdf, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pdf_pages (pdf), ==, 1);

  cards = dq_member_card_new (store, (const char *const *) ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dq_member_card_get_n_cards (cards), ==, 10);
  g_assert_cmpuint (dq_member_card_get_n_pages (cards), ==, 1);
  page_png (pdf, 0, cards, draw_cards_page, "outputs-member-cards");
  ids[10] = eleventh;

  /* Every card's code is libqrencode's matrix of the member's payload,
   * module for module, in a white quiet zone. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) (A4_WIDTH * scale), (int) (A4_HEIGHT * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  dq_member_card_draw_page (cards, cr, 0);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *payload = dq_member_card_payload (ids[i]);
      QRcode          *qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
      graphene_rect_t  area;
      double           module;

      g_assert_nonnull (qr);
      g_assert_cmpuint (dq_member_card_get_qr_area (cards, i, &area), ==, 0);
      module = area.size.width / qr->width;
      /* Big enough for a desk scanner: at least 0.8 mm a module. */
      g_assert_cmpfloat (module, >, 0.8 * 72 / 25.4);
      for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
          g_assert_cmpint (dark_at (surface, (area.origin.x + (x + 0.5) * module) * scale,
                                    (area.origin.y + (y + 0.5) * module) * scale),
                           ==, qr->data[y * qr->width + x] & 1);
      for (int k = 0; k < qr->width; k++)
        {
          g_assert_false (dark_at (surface, (area.origin.x - 2.5 * module) * scale,
                                   (area.origin.y + (k + 0.5) * module) * scale));
          g_assert_false (dark_at (surface, (area.origin.x + (k + 0.5) * module) * scale,
                                   (area.origin.y - 2.5 * module) * scale));
          g_assert_false (dark_at (surface, (area.origin.x + area.size.width + 2.5 * module) * scale,
                                   (area.origin.y + (k + 0.5) * module) * scale));
          g_assert_false (dark_at (surface, (area.origin.x + (k + 0.5) * module) * scale,
                                   (area.origin.y + area.size.height + 2.5 * module) * scale));
        }
      QRcode_free (qr);
    }
  cairo_surface_destroy (surface);
  g_unlink (pdf);

  /* A member the replica does not hold. */
  {
    const char *unknown[] = { ids[0], "00000000-0000-7000-8000-000000000000", NULL };

    g_assert_null (dq_member_card_new (store, unknown, &error));
    g_assert_error (error, DQ_MEMBER_CARD_ERROR, DQ_MEMBER_CARD_ERROR_NOT_FOUND);
  }
}

/* The texture for the screen: the same matrix, @scale pixels a module,
 * four white modules around. */
static void
test_qr_texture (void)
{
  g_autoptr (GPtrArray) people = members (1, 200);
  g_autofree char *payload = dq_member_card_payload (((Member *) g_ptr_array_index (people, 0))->id);
  const int        scale = 5;
  g_autoptr (GdkTexture) texture = dq_member_card_qr_texture (payload, scale);
  QRcode            *qr = QRcode_encodeString (payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  int                side;
  gsize              stride;
  g_autofree guint8 *pixels = NULL;
  const char        *dir = g_getenv ("DANGQUN_SCREENSHOTS");
  g_autofree char   *png = g_build_filename (dir ? dir : "screenshots", "outputs-qr-texture.png", NULL);

  g_assert_nonnull (texture);
  g_assert_nonnull (qr);
  side = (qr->width + 8) * scale;
  g_assert_cmpint (gdk_texture_get_width (texture), ==, side);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, side);
  stride = (gsize) side * 4;
  pixels = g_malloc (stride * (gsize) side);
  gdk_texture_download (texture, pixels, stride);

  for (int y = -4; y < qr->width + 4; y++)
    for (int x = -4; x < qr->width + 4; x++)
      {
        const guint8 *p = pixels + (gsize) ((4 + y) * scale + scale / 2) * stride + (gsize) ((4 + x) * scale + scale / 2) * 4;
        gboolean      dark = x >= 0 && y >= 0 && x < qr->width && y < qr->width && (qr->data[y * qr->width + x] & 1);

        /* B, G, R, A: black or white, opaque. */
        g_assert_cmpuint (p[0], ==, dark ? 0 : 255);
        g_assert_cmpuint (p[1], ==, dark ? 0 : 255);
        g_assert_cmpuint (p[2], ==, dark ? 0 : 255);
        g_assert_cmpuint (p[3], ==, 255);
      }
  QRcode_free (qr);
  g_assert_true (gdk_texture_save_to_png (texture, png));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int result;

  /* Times as a desk in Shenzhen prints them. */
  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  dq_test_app_init (&argc, &argv);
  store = dq_test_app_demo_store (0.1);
  parent = dq_test_app_window (adw_status_page_new (), 1280, 800);
  tmpdir = g_dir_make_tmp ("dangqun-outputs-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add ("/outputs/export/csv", Registrations, NULL, registrations_set_up, test_export_csv,
              registrations_tear_down);
  g_test_add ("/outputs/export/xlsx", Registrations, NULL, registrations_set_up, test_export_xlsx,
              registrations_tear_down);
  g_test_add ("/outputs/export/audit-fails", Registrations, NULL, registrations_set_up, test_export_audit_fails,
              registrations_tear_down);
  g_test_add_func ("/outputs/export/unknown", test_export_unknown);
  g_test_add ("/outputs/export/dialog", Registrations, NULL, registrations_set_up, test_export_dialog,
              registrations_tear_down);
  g_test_add_func ("/outputs/signin-sheet/60-people", test_signin_sheet);
  g_test_add_func ("/outputs/signin-sheet/empty", test_signin_sheet_empty);
  g_test_add_func ("/outputs/member-cards", test_member_cards);
  g_test_add_func ("/outputs/qr-texture", test_qr_texture);
  result = g_test_run ();

  g_rmdir (tmpdir);
  g_free (tmpdir);
  gtk_window_destroy (parent);
  dq_test_app_wait (50);
  g_assert_finalize_object (store);
  return result;
}
