/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validators and masks for the formats of domain.md: GB 11643 citizen ID
 * numbers, phone numbers, dates, timestamps, UUIDs and GB 32100 unified
 * social credit codes. Pure functions without state; error messages are
 * short fragments ("must be ...") that callers prefix with the field name. */

#define G_LOG_DOMAIN "dq-validate"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dq-validate.h"

#define MIN_YEAR 1900
#define MAX_YEAR 2100

static const int id_weights[17] = {
  7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};
static const char id_check_chars[] = "10X98765432";

/* GB 32100-2015: the 31 characters of a credit code (no I, O, S, V, Z). */
static const char credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int  credit_weights[17] = {
   1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

G_DEFINE_QUARK (dq_validate_error, dq_validate_error)

static gboolean
all_digits (const char *text,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

static int
parse_digits (const char *text,
              gsize       len)
{
  int value = 0;

  for (gsize i = 0; i < len; i++)
    value = value * 10 + (text[i] - '0');

  return value;
}

static gboolean
is_real_date (int year,
              int month,
              int day)
{
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static int
today_yyyymmdd (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now) * 10000 +
         g_date_time_get_month (now) * 100 +
         g_date_time_get_day_of_month (now);
}

/* Checks the eight digits YYYYMMDD of a birth date in an ID number. */
static gboolean
check_birth_date (int      year,
                  int      month,
                  int      day,
                  GError **error)
{
  int ymd = year * 10000 + month * 100 + day;

  if (!is_real_date (year, month, day))
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE,
                           _ ("contains a birth date that does not exist"));
      return FALSE;
    }

  if (year < MIN_YEAR)
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE,
                           _ ("contains a birth date before 1900"));
      return FALSE;
    }

  if (ymd > today_yyyymmdd ())
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE,
                           _ ("contains a birth date in the future"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_id18 (const char *text,
               GError    **error)
{
  char check = text[17];

  if (!all_digits (text, 17))
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                           _ ("must be 17 digits followed by a digit or X"));
      return FALSE;
    }

  if (check == 'x')
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                           _ ("must end in an uppercase X, not a lowercase x"));
      return FALSE;
    }

  if (!g_ascii_isdigit (check) && check != 'X')
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                           _ ("must be 17 digits followed by a digit or X"));
      return FALSE;
    }

  if (!check_birth_date (parse_digits (text + 6, 4),
                         parse_digits (text + 10, 2),
                         parse_digits (text + 12, 2),
                         error))
    return FALSE;

  if (dq_id_number_check_char (text) != check)
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_CHECKSUM,
                           _ ("has a wrong check character; look for a typing error"));
      return FALSE;
    }

  return TRUE;
}

/* Old 15-digit numbers: 6 area + YYMMDD (born 19YY) + 3 sequence, no
 * check character. */
static gboolean
validate_id15 (const char *text,
               GError    **error)
{
  if (!all_digits (text, 15))
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                           _ ("must be all digits when it has 15 characters"));
      return FALSE;
    }

  return check_birth_date (1900 + parse_digits (text + 6, 2),
                           parse_digits (text + 8, 2),
                           parse_digits (text + 10, 2),
                           error);
}

static gboolean
is_mobile (const char *text)
{
  return strlen (text) == 11 && all_digits (text, 11) &&
         text[0] == '1' && text[1] >= '3' && text[1] <= '9';
}

/* Length of the run of ASCII digits at @text. */
static gsize
digit_run (const char *text)
{
  gsize n = 0;

  while (g_ascii_isdigit (text[n]))
    n++;

  return n;
}

/* Landlines: [0AA(A)[-| ]]LLLLLLL(L)[-EXT], or the area code and the
 * local number run together (10 to 12 digits starting with 0). */
static gboolean
is_landline (const char *text)
{
  const char *p = text;
  gsize       run = digit_run (p);

  if (run == 0)
    return FALSE;

  if (p[0] == '0' && (p[run] == '-' || p[run] == ' ') && run >= 3 && run <= 4)
    {
      /* area code, separator, local number */
      if (p[1] == '0')
        return FALSE;
      p += run + 1;
      run = digit_run (p);
      if (run < 7 || run > 8 || p[0] == '0')
        return FALSE;
    }
  else if (p[0] == '0')
    {
      /* area code and local number without separator */
      if (run < 10 || run > 12 || p[1] == '0')
        return FALSE;
    }
  else if (run < 7 || run > 8)
    {
      return FALSE;
    }

  p += run;
  if (*p == '\0')
    return TRUE;

  /* extension */
  if (*p != '-')
    return FALSE;
  p++;
  run = digit_run (p);

  return run >= 1 && run <= 6 && p[run] == '\0';
}

/* Matches @text against @shape, where '9' stands for a digit and any other
 * character for itself; the whole of @text must match. */
static gboolean
has_shape (const char *text,
           const char *shape)
{
  gsize i;

  for (i = 0; shape[i] != '\0'; i++)
    {
      if (shape[i] == '9')
        {
          if (!g_ascii_isdigit (text[i]))
            return FALSE;
        }
      else if (text[i] != shape[i])
        {
          return FALSE;
        }
    }

  return text[i] == '\0';
}

/* YYYY-MM-DDTHH:MM:SS, optional fraction, then Z, ±HH:MM or ±HH. The short
 * ±HH form is what g_date_time_format_iso8601() writes for whole hours. */
static gboolean
is_timestamp_shape (const char *text)
{
  const char *p = text + 19;

  if (strlen (text) < 20)
    return FALSE;

  for (guint i = 0; i < 19; i++)
    {
      char s = "9999-99-99T99:99:99"[i];

      if (s == '9' ? !g_ascii_isdigit (text[i]) : text[i] != s)
        return FALSE;
    }

  if (*p == '.')
    {
      gsize run = digit_run (p + 1);

      if (run == 0)
        return FALSE;
      p += 1 + run;
    }

  if (*p == 'Z')
    return p[1] == '\0';

  if (*p != '+' && *p != '-')
    return FALSE;

  return has_shape (p + 1, "99:99") || has_shape (p + 1, "99");
}

/* Keeps the first @head and the last @tail characters of the valid UTF-8
 * @text and replaces every character between them with '*'. */
static char *
mask_middle (const char *text,
             glong       head,
             glong       tail)
{
  glong       n = g_utf8_strlen (text, -1);
  const char *head_end = g_utf8_offset_to_pointer (text, head);
  const char *tail_start = g_utf8_offset_to_pointer (text, n - tail);
  GString    *out = g_string_sized_new (strlen (text));

  g_string_append_len (out, text, head_end - text);
  for (glong i = head; i < n - tail; i++)
    g_string_append_c (out, '*');
  g_string_append (out, tail_start);

  return g_string_free (out, FALSE);
}

/* Masks can meet any stored text, including broken UTF-8 from imports. */
static char *
valid_utf8 (const char *text)
{
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);

  return g_utf8_make_valid (text, -1);
}

/* Values shorter than @min_len (the normal length) show their last two
 * characters only, or nothing when that would be all of them. */
static char *
mask_with (const char *text,
           glong       min_len,
           glong       head,
           glong       tail)
{
  g_autofree char *valid = NULL;
  glong            n;

  if (text == NULL)
    return NULL;

  valid = valid_utf8 (text);
  n = g_utf8_strlen (valid, -1);

  if (n >= min_len)
    return mask_middle (valid, head, tail);

  if (n > 2)
    return mask_middle (valid, 0, 2);

  return mask_middle (valid, 0, 0);
}

gboolean
dq_validate_id_number (const char *text,
                       gboolean    allow_legacy,
                       GError    **error)
{
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  len = strlen (text);
  if (len == 18)
    return validate_id18 (text, error);

  if (len == 15 && allow_legacy)
    return validate_id15 (text, error);

  if (len == 15)
    g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                         _ ("must be 18 characters long; old 15-digit numbers are only accepted on import"));
  else if (allow_legacy)
    g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                         _ ("must be 18 characters long (or 15 digits for an old number)"));
  else
    g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                         _ ("must be 18 characters long"));

  return FALSE;
}

char
dq_id_number_check_char (const char *text)
{
  int sum = 0;

  g_return_val_if_fail (text != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return '\0';
      sum += (text[i] - '0') * id_weights[i];
    }

  return id_check_chars[sum % 11];
}

gboolean
dq_id_number_info (const char  *text,
                   char         birth_date[11],
                   const char **gender)
{
  int year, month, day, sequence_digit;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!dq_validate_id_number (text, TRUE, NULL))
    return FALSE;

  if (strlen (text) == 18)
    {
      year = parse_digits (text + 6, 4);
      month = parse_digits (text + 10, 2);
      day = parse_digits (text + 12, 2);
      sequence_digit = text[16] - '0';
    }
  else
    {
      year = 1900 + parse_digits (text + 6, 2);
      month = parse_digits (text + 8, 2);
      day = parse_digits (text + 10, 2);
      sequence_digit = text[14] - '0';
    }

  if (birth_date != NULL)
    g_snprintf (birth_date, 11, "%04d-%02d-%02d", year, month, day);

  if (gender != NULL)
    *gender = (sequence_digit % 2 == 1) ? "1" : "2";

  return TRUE;
}

/* An invalid or empty ID number has nothing to cross-check against: its own
 * validator reports it under its own field. Gender codes other than 1 and 2
 * (unknown, unspecified) do not contradict the ID number. */
gboolean
dq_validate_id_matches (const char *id_number,
                        const char *birth_date,
                        const char *gender,
                        GError    **error)
{
  char        id_birth_date[11];
  const char *id_gender;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (id_number == NULL ||
      !dq_id_number_info (id_number, id_birth_date, &id_gender))
    return TRUE;

  if (birth_date != NULL && birth_date[0] != '\0' &&
      strcmp (birth_date, id_birth_date) != 0)
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_MISMATCH,
                           _ ("does not match the birth date in the ID number"));
      return FALSE;
    }

  if (gender != NULL &&
      (strcmp (gender, "1") == 0 || strcmp (gender, "2") == 0) &&
      strcmp (gender, id_gender) != 0)
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_MISMATCH,
                           _ ("does not match the gender in the ID number"));
      return FALSE;
    }

  return TRUE;
}

gboolean
dq_validate_mobile (const char *text,
                    GError    **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_mobile (text))
    return TRUE;

  g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                       _ ("must be 11 digits starting with 13 to 19"));
  return FALSE;
}

gboolean
dq_validate_phone (const char *text,
                   GError    **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (is_mobile (text) || is_landline (text))
    return TRUE;

  if (g_str_has_prefix (text, "+86"))
    {
      const char *rest = text + 3;

      if (*rest == ' ' || *rest == '-')
        rest++;
      if (is_mobile (rest))
        return TRUE;
    }

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && *p != '-' && *p != ' ' && *p != '+')
      {
        g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                             _ ("may contain only digits, “+86” and “-”"));
        return FALSE;
      }

  g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                       _ ("must be a mobile number (11 digits) or a landline such as 0755-12345678"));
  return FALSE;
}

static gboolean
check_year (int      year,
            GError **error)
{
  if (year < MIN_YEAR || year > MAX_YEAR)
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE,
                           _ ("must be between the years 1900 and 2100"));
      return FALSE;
    }
  return TRUE;
}

gboolean
dq_validate_date (const char *text,
                  GError    **error)
{
  int year, month, day;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!has_shape (text, "9999-99-99"))
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                           _ ("must be a date such as 2024-05-01"));
      return FALSE;
    }

  year = parse_digits (text, 4);
  month = parse_digits (text + 5, 2);
  day = parse_digits (text + 8, 2);

  if (!is_real_date (year, month, day))
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE,
                           _ ("is not a real calendar date"));
      return FALSE;
    }

  return check_year (year, error);
}

gboolean
dq_validate_month (const char *text,
                   GError    **error)
{
  int year, month;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!has_shape (text, "9999-99"))
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                           _ ("must be a month such as 2024-05"));
      return FALSE;
    }

  year = parse_digits (text, 4);
  month = parse_digits (text + 5, 2);

  if (month < 1 || month > 12)
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE,
                           _ ("is not a real month"));
      return FALSE;
    }

  return check_year (year, error);
}

gboolean
dq_validate_timestamp (const char *text,
                       GError    **error)
{
  g_autoptr (GDateTime) parsed = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_timestamp_shape (text))
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                           _ ("must be a date and time with a UTC offset, such as 2024-05-01T09:30:00+08:00"));
      return FALSE;
    }

  parsed = g_date_time_new_from_iso8601 (text, NULL);
  if (parsed == NULL)
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_DATE,
                           _ ("is not a real date and time"));
      return FALSE;
    }

  return TRUE;
}

gboolean
dq_validate_uuid (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
        {
          return FALSE;
        }
    }

  return text[36] == '\0';
}

gboolean
dq_validate_credit_code (const char *text,
                         GError    **error)
{
  int sum = 0;
  int check;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strlen (text) != 18 ||
      strspn (text, credit_chars) != 18)
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_FORMAT,
                           _ ("must be 18 digits and capital letters (without I, O, S, V or Z)"));
      return FALSE;
    }

  for (guint i = 0; i < 17; i++)
    sum += (int) (strchr (credit_chars, text[i]) - credit_chars) * credit_weights[i];

  check = (31 - sum % 31) % 31;
  if (text[17] != credit_chars[check])
    {
      g_set_error_literal (error, DQ_VALIDATE_ERROR, DQ_VALIDATE_ERROR_CHECKSUM,
                           _ ("has a wrong check character; look for a typing error"));
      return FALSE;
    }

  return TRUE;
}

char *
dq_mask_phone (const char *text)
{
  return mask_with (text, 11, 3, 4);
}

char *
dq_mask_id_number (const char *text)
{
  return mask_with (text, 15, 6, 4);
}

/* Keeps the address up to its first district (区) or street (街道), which
 * locates a person only coarsely; a marker at the very start does not count.
 * Without one, keeps the first four characters. */
char *
dq_mask_address (const char *text)
{
  static const char *const markers[] = { "街道", "区" };
  g_autofree char         *valid = NULL;
  const char              *cut = NULL;
  GString                 *out;

  if (text == NULL)
    return NULL;

  valid = valid_utf8 (text);
  if (valid[0] == '\0')
    return g_strdup ("");

  for (guint i = 0; i < G_N_ELEMENTS (markers); i++)
    {
      /* start after the first character so a leading marker is skipped */
      const char *found = strstr (g_utf8_next_char (valid), markers[i]);

      if (found != NULL)
        {
          const char *end = found + strlen (markers[i]);

          if (cut == NULL || end < cut)
            cut = end;
        }
    }

  if (cut == NULL)
    cut = g_utf8_offset_to_pointer (valid, MIN (4, g_utf8_strlen (valid, -1)));

  out = g_string_new_len (valid, cut - valid);
  g_string_append (out, "****");

  return g_string_free (out, FALSE);
}
