/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of dq-validate: GB 11643 ID numbers, phones, dates, timestamps,
 * UUIDs, GB 32100 credit codes and the masks used in lists and exports. */

#define G_LOG_DOMAIN "test-validate"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "dq-validate.h"

/* An independent GB 11643 check: appends the check character to 17 digits. */
static char *
complete_id (const char *first17)
{
  static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int              sum = 0;

  g_assert_cmpuint (strlen (first17), ==, 17);
  for (guint i = 0; i < 17; i++)
    sum += (first17[i] - '0') * w[i];

  return g_strdup_printf ("%s%c", first17, "10X98765432"[sum % 11]);
}

static void
test_id_valid (void)
{
  /* Computed with the formula; the first is GB 11643's own example. */
  static const char *const valid[] = {
    "11010519491231002X",
    "44030419900307123X",
    "440310198512254563",
    "440305197001010027",
    "440303196511302356",
    "440306200002298887", /* 29 February 2000 */
    "44031019880721100X",
    "440311197906151972",
  };
  /* area code 990000 does not exist; it is not rejected */
  g_autofree char *unknown_area = complete_id ("99000019910101123");
  GError          *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_assert_true (dq_validate_id_number (valid[i], FALSE, &error));
      g_assert_no_error (error);
      g_assert_true (dq_validate_id_number (valid[i], TRUE, NULL));
      g_assert_cmpint (dq_id_number_check_char (valid[i]), ==, valid[i][17]);
    }

  g_assert_true (dq_validate_id_number (unknown_area, FALSE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (dq_id_number_check_char ("11010519491231002"), ==, 'X');
  g_assert_cmpint (dq_id_number_check_char ("440310198512254563"), ==, '3');
  g_assert_cmpint (dq_id_number_check_char ("4403101985"), ==, '\0');
}

static void
test_id_invalid (void)
{
  g_autofree char *feb30 = complete_id ("44030419900230123");
  g_autofree char *pre1900 = complete_id ("44030418991231123");
  g_autofree char *year2099 = complete_id ("44030420990101123");
  g_autofree char *tomorrow_id = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *tomorrow_ymd = g_date_time_format (tomorrow, "%Y%m%d");
  g_autofree char *first17 = g_strdup_printf ("440304%s123", tomorrow_ymd);
  GError          *error = NULL;

  /* wrong check character (the right one is 3) */
  g_assert_false (dq_validate_id_number ("440310198512254564", FALSE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_CHECKSUM);
  g_clear_error (&error);
  g_assert_false (dq_validate_id_number ("440310198512254560", TRUE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_CHECKSUM);
  g_clear_error (&error);

  /* lowercase x: rejected, asking for an uppercase X */
  g_assert_false (dq_validate_id_number ("11010519491231002x", TRUE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "uppercase X"));
  g_clear_error (&error);

  /* 1990-02-30 does not exist, even with a correct check character */
  g_assert_cmpstr (feb30, ==, "440304199002301232");
  g_assert_false (dq_validate_id_number (feb30, FALSE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE);
  g_clear_error (&error);

  g_assert_false (dq_validate_id_number (pre1900, FALSE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE);
  g_clear_error (&error);

  /* birth dates in the future */
  g_assert_false (dq_validate_id_number (year2099, FALSE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE);
  g_clear_error (&error);
  tomorrow_id = complete_id (first17);
  g_assert_false (dq_validate_id_number (tomorrow_id, FALSE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE);
  g_clear_error (&error);

  /* shapes */
  static const char *const bad_shape[] = {
    "",
    "4403101985122545",
    "4403101985122545631",
    "44031019851225456A",
    "4403101985122X4563",
    " 440310198512254563",
    "440310 98512254563",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad_shape); i++)
    {
      g_assert_false (dq_validate_id_number (bad_shape[i], TRUE, &error));
      g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
      g_clear_error (&error);
    }
}

static void
test_id_legacy (void)
{
  char        birth[11];
  const char *gender = NULL;
  GError     *error = NULL;

  /* 15 digits: 440304 + 850314 (1985-03-14) + 123 (odd: male) */
  g_assert_false (dq_validate_id_number ("440304850314123", FALSE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_true (dq_validate_id_number ("440304850314123", TRUE, &error));
  g_assert_no_error (error);

  g_assert_false (dq_validate_id_number ("440304850230124", TRUE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE);
  g_clear_error (&error);
  g_assert_false (dq_validate_id_number ("44030485031412X", TRUE, &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
  g_clear_error (&error);

  g_assert_true (dq_id_number_info ("440304850314123", birth, &gender));
  g_assert_cmpstr (birth, ==, "1985-03-14");
  g_assert_cmpstr (gender, ==, "1");
  g_assert_true (dq_id_number_info ("440304850314124", birth, &gender));
  g_assert_cmpstr (gender, ==, "2");
}

static void
test_id_info (void)
{
  char        birth[11];
  const char *gender = NULL;

  g_assert_true (dq_id_number_info ("11010519491231002X", birth, &gender));
  g_assert_cmpstr (birth, ==, "1949-12-31");
  g_assert_cmpstr (gender, ==, "2"); /* sequence 002: even */

  g_assert_true (dq_id_number_info ("440310198512254563", birth, &gender));
  g_assert_cmpstr (birth, ==, "1985-12-25");
  g_assert_cmpstr (gender, ==, "2"); /* sequence 456: even */

  g_assert_true (dq_id_number_info ("440307198811110318", birth, &gender));
  g_assert_cmpstr (birth, ==, "1988-11-11");
  g_assert_cmpstr (gender, ==, "1"); /* sequence 031: odd */

  /* NULL outputs are allowed */
  g_assert_true (dq_id_number_info ("440307198811110318", NULL, NULL));

  /* not valid: nothing to report */
  g_assert_false (dq_id_number_info ("440307198811110319", birth, &gender));
  g_assert_false (dq_id_number_info ("44030719881111031", birth, &gender));
}

static void
test_id_matches (void)
{
  GError *error = NULL;

  /* 440310198512254563: born 1985-12-25, sequence 456 ends in 6: female */
  g_assert_true (dq_validate_id_matches ("440310198512254563", "1985-12-25", "2", &error));
  g_assert_no_error (error);
  g_assert_true (dq_validate_id_matches ("440310198512254563", NULL, NULL, &error));
  g_assert_true (dq_validate_id_matches ("440310198512254563", "", "9", &error));
  g_assert_no_error (error);

  g_assert_false (dq_validate_id_matches ("440310198512254563", "1985-12-26", "2", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_MISMATCH);
  g_assert_cmpstr (error->message, ==, "does not match the birth date in the ID number");
  g_clear_error (&error);

  g_assert_false (dq_validate_id_matches ("440310198512254563", "1985-12-25", "1", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_MISMATCH);
  g_assert_cmpstr (error->message, ==, "does not match the gender in the ID number");
  g_clear_error (&error);

  /* 440307198811110318: 1988-11-11, sequence 031: male */
  g_assert_true (dq_validate_id_matches ("440307198811110318", "1988-11-11", "1", &error));
  g_assert_false (dq_validate_id_matches ("440307198811110318", NULL, "2", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_MISMATCH);
  g_clear_error (&error);

  /* an invalid ID number is reported by its own validator, not here */
  g_assert_true (dq_validate_id_matches ("440310198512254564", "2000-01-01", "1", &error));
  g_assert_no_error (error);
}

static void
test_phone (void)
{
  static const char *const mobiles[] = {
    "13812345678",
    "19912345678",
    "15000000000",
  };
  static const char *const not_mobiles[] = {
    "",
    "12812345678",
    "1381234567",
    "138123456789",
    "23812345678",
    "138-1234-5678",
    "+8613812345678",
    "1381234567a",
  };
  static const char *const phones[] = {
    "13812345678",
    "+8613812345678",
    "+86 13812345678",
    "+86-13812345678",
    "0755-12345678",
    "075512345678",
    "0755-1234567",
    "010-12345678",
    "01012345678",
    "0755 12345678",
    "12345678",
    "2345678",
    "0755-12345678-801",
    "12345678-12",
  };
  static const char *const not_phones[] = {
    "",
    "123456",
    "123456789",
    "0755-123456",
    "0755-123456789",
    "0755-1234567a",
    "abc",
    "1381234567O",
    "+8612345678",
    "+860755-12345678",
    "0755--12345678",
    "0755-12345678-",
    "0755-12345678-1234567",
    "00755-12345678",
    "12812345678",
    " 13812345678",
    "13812345678 ",
  };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (mobiles); i++)
    {
      g_assert_true (dq_validate_mobile (mobiles[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_mobiles); i++)
    {
      g_assert_false (dq_validate_mobile (not_mobiles[i], &error));
      g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      if (!dq_validate_phone (phones[i], &error))
        g_error ("%s rejected: %s", phones[i], error->message);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (not_phones); i++)
    {
      if (dq_validate_phone (not_phones[i], &error))
        g_error ("“%s” accepted", not_phones[i]);
      g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
      g_clear_error (&error);
    }

  /* letters get their own message */
  g_assert_false (dq_validate_phone ("0755-HELLO", &error));
  g_assert_cmpstr (error->message, ==, "may contain only digits, “+86” and “-”");
  g_clear_error (&error);
}

static void
test_date (void)
{
  static const char *const good[] = {
    "2024-02-29",
    "2000-02-29",
    "1900-01-01",
    "2100-12-31",
    "2023-12-31",
  };
  static const struct {
    const char *text;
    int         code;
  } bad[] = {
    { "2023-02-29", DQ_VALIDATE_ERROR_DATE },
    { "1900-02-29", DQ_VALIDATE_ERROR_DATE },
    { "2024-04-31", DQ_VALIDATE_ERROR_DATE },
    { "2024-13-01", DQ_VALIDATE_ERROR_DATE },
    { "2024-00-10", DQ_VALIDATE_ERROR_DATE },
    { "2024-01-00", DQ_VALIDATE_ERROR_DATE },
    { "1899-12-31", DQ_VALIDATE_ERROR_DATE },
    { "2101-01-01", DQ_VALIDATE_ERROR_DATE },
    { "2024-2-29", DQ_VALIDATE_ERROR_FORMAT },
    { "2024/02/29", DQ_VALIDATE_ERROR_FORMAT },
    { "20240229", DQ_VALIDATE_ERROR_FORMAT },
    { "2024-02-29T00:00:00Z", DQ_VALIDATE_ERROR_FORMAT },
    { "", DQ_VALIDATE_ERROR_FORMAT },
  };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (dq_validate_date (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (dq_validate_date (bad[i].text, &error));
      g_assert_error (error, DQ_VALIDATE_ERROR, bad[i].code);
      g_clear_error (&error);
    }
}

static void
test_month (void)
{
  GError *error = NULL;

  g_assert_true (dq_validate_month ("2024-05", &error));
  g_assert_true (dq_validate_month ("1900-01", &error));
  g_assert_true (dq_validate_month ("2100-12", &error));
  g_assert_no_error (error);

  g_assert_false (dq_validate_month ("2024-13", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE);
  g_clear_error (&error);
  g_assert_false (dq_validate_month ("2024-00", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE);
  g_clear_error (&error);
  g_assert_false (dq_validate_month ("1899-12", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE);
  g_clear_error (&error);
  g_assert_false (dq_validate_month ("2024-5", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_false (dq_validate_month ("2024-05-01", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
  g_clear_error (&error);
}

static void
test_timestamp (void)
{
  static const char *const good[] = {
    "2024-05-01T09:30:00+08:00",
    "2024-05-01T01:30:00Z",
    "2024-05-01T09:30:00.123+08:00",
    "2024-05-01T09:30:00.500000+08",
    "2024-02-29T23:59:59-05:30",
  };
  static const struct {
    const char *text;
    int         code;
  } bad[] = {
    { "2024-05-01T09:30:00", DQ_VALIDATE_ERROR_FORMAT }, /* no offset */
    { "2024-05-01T09:30:00.123", DQ_VALIDATE_ERROR_FORMAT },
    { "2024-05-01 09:30:00+08:00", DQ_VALIDATE_ERROR_FORMAT },
    { "2024-05-01T09:30+08:00", DQ_VALIDATE_ERROR_FORMAT },
    { "2024-05-01T09:30:00.+08:00", DQ_VALIDATE_ERROR_FORMAT },
    { "2024-05-01T09:30:00+8:00", DQ_VALIDATE_ERROR_FORMAT },
    { "2024-05-01T09:30:00Z ", DQ_VALIDATE_ERROR_FORMAT },
    { "2024-05-01", DQ_VALIDATE_ERROR_FORMAT },
    { "", DQ_VALIDATE_ERROR_FORMAT },
    { "2023-02-29T09:30:00+08:00", DQ_VALIDATE_ERROR_DATE },
    { "2024-05-01T25:30:00+08:00", DQ_VALIDATE_ERROR_DATE },
  };
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *glib_written = g_date_time_format_iso8601 (now);
  GError          *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (dq_validate_timestamp (good[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      if (dq_validate_timestamp (bad[i].text, &error))
        g_error ("“%s” accepted", bad[i].text);
      g_assert_error (error, DQ_VALIDATE_ERROR, bad[i].code);
      g_clear_error (&error);
    }

  /* whatever GLib itself writes is accepted */
  g_assert_true (dq_validate_timestamp (glib_written, &error));
  g_assert_no_error (error);
}

static void
test_uuid (void)
{
  g_autofree char *generated = g_uuid_string_random ();

  g_assert_true (dq_validate_uuid (generated));
  g_assert_true (dq_validate_uuid ("123e4567-e89b-12d3-a456-426614174000"));
  g_assert_false (dq_validate_uuid ("123E4567-E89B-12D3-A456-426614174000"));
  g_assert_false (dq_validate_uuid ("123e4567e89b12d3a456426614174000"));
  g_assert_false (dq_validate_uuid ("123e4567-e89b-12d3-a456-42661417400"));
  g_assert_false (dq_validate_uuid ("123e4567-e89b-12d3-a456-4266141740000"));
  g_assert_false (dq_validate_uuid ("123e4567-e89b-12d3-a456_426614174000"));
  g_assert_false (dq_validate_uuid ("g23e4567-e89b-12d3-a456-426614174000"));
  g_assert_false (dq_validate_uuid (""));
}

static void
test_credit_code (void)
{
  /* Check characters computed with the GB 32100 weights (mod 31); the first
   * is the example printed in the standard. */
  static const char *const good[] = {
    "91350100M000100Y43",
    "91440300MA5DC12341",
    "53440310MJL123456H",
    "91110000100000000R",
  };
  GError *error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (dq_validate_credit_code (good[i], &error));
      g_assert_no_error (error);
    }

  g_assert_false (dq_validate_credit_code ("91350100M000100Y44", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_CHECKSUM);
  g_clear_error (&error);
  g_assert_false (dq_validate_credit_code ("91440300MA5DC1234X", &error));
  g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_CHECKSUM);
  g_clear_error (&error);

  static const char *const bad_shape[] = {
    "",
    "91350100M000100Y4",
    "91350100M000100Y433",
    "91350100m000100y43",
    "91350100O000100Y43",
    "91350100I000100Y43",
    "91350100S000100Y43",
    "91350100V000100Y43",
    "91350100Z000100Y43",
    "9135010-M000100Y43",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad_shape); i++)
    {
      g_assert_false (dq_validate_credit_code (bad_shape[i], &error));
      g_assert_error (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT);
      g_clear_error (&error);
    }
}

static void
check_mask (char *(*mask) (const char *),
            const char *in,
            const char *expected)
{
  g_autofree char *out = mask (in);

  g_assert_cmpstr (out, ==, expected);
}

static void
test_mask_phone (void)
{
  check_mask (dq_mask_phone, "13812345678", "138****5678");
  check_mask (dq_mask_phone, "0755-12345678", "075******5678");
  check_mask (dq_mask_phone, "+8613812345678", "+86*******5678");
  check_mask (dq_mask_phone, "12345678", "******78");
  check_mask (dq_mask_phone, "1234567", "*****67");
  check_mask (dq_mask_phone, "123", "*23");
  check_mask (dq_mask_phone, "12", "**");
  check_mask (dq_mask_phone, "", "");
  check_mask (dq_mask_phone, NULL, NULL);
}

static void
test_mask_id (void)
{
  check_mask (dq_mask_id_number, "440304199003071234", "440304********1234");
  check_mask (dq_mask_id_number, "11010519491231002X", "110105********002X");
  check_mask (dq_mask_id_number, "440304850314123", "440304*****4123");
  check_mask (dq_mask_id_number, "4403048503", "********03");
  check_mask (dq_mask_id_number, "", "");
  check_mask (dq_mask_id_number, NULL, NULL);
}

static void
test_mask_address (void)
{
  check_mask (dq_mask_address, "深圳市坪山区坪山街道六联社区深汕路123号",
              "深圳市坪山区****");
  check_mask (dq_mask_address, "坪山街道六联社区深汕路123号", "坪山街道****");
  check_mask (dq_mask_address, "福田区华强北街道华航社区", "福田区****");
  check_mask (dq_mask_address, "广东省深圳市南山区粤海街道科技园", "广东省深圳市南山区****");
  /* whichever marker ends first wins: 街道 before the 区 of 社区 */
  check_mask (dq_mask_address, "沙头角街道中英街社区1号", "沙头角街道****");
  /* a marker at the very start does not count */
  check_mask (dq_mask_address, "区政府大院3栋", "区政府大****");
  check_mask (dq_mask_address, "区府路8号梅林街道", "区府路8号梅林街道****");
  /* no marker: the first four characters */
  check_mask (dq_mask_address, "深南大道6008号", "深南大道****");
  check_mask (dq_mask_address, "Shennan Road 6008", "Shen****");
  check_mask (dq_mask_address, "南山", "南山****");
  check_mask (dq_mask_address, "深圳市坪山区", "深圳市坪山区****");
  check_mask (dq_mask_address, "", "");
  check_mask (dq_mask_address, NULL, NULL);
  /* broken UTF-8 from an import still gives valid UTF-8 */
  {
    g_autofree char *out = dq_mask_address ("\xff\xfe深南大道");

    g_assert_true (g_utf8_validate (out, -1, NULL));
    g_assert_true (g_str_has_suffix (out, "****"));
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/id/valid", test_id_valid);
  g_test_add_func ("/validate/id/invalid", test_id_invalid);
  g_test_add_func ("/validate/id/legacy", test_id_legacy);
  g_test_add_func ("/validate/id/info", test_id_info);
  g_test_add_func ("/validate/id/matches", test_id_matches);
  g_test_add_func ("/validate/phone", test_phone);
  g_test_add_func ("/validate/date", test_date);
  g_test_add_func ("/validate/month", test_month);
  g_test_add_func ("/validate/timestamp", test_timestamp);
  g_test_add_func ("/validate/uuid", test_uuid);
  g_test_add_func ("/validate/credit-code", test_credit_code);
  g_test_add_func ("/validate/mask/phone", test_mask_phone);
  g_test_add_func ("/validate/mask/id-number", test_mask_id);
  g_test_add_func ("/validate/mask/address", test_mask_address);

  return g_test_run ();
}
