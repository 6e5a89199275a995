/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validators for the formats of domain.md. Messages are translated and say
 * what is wrong in words a clerk understands; callers prefix the field. */
#pragma once

#include "dq-types.h"

G_BEGIN_DECLS

#define DQ_VALIDATE_ERROR (dq_validate_error_quark ())

typedef enum {
  DQ_VALIDATE_ERROR_FORMAT,   /* wrong shape, characters or length */
  DQ_VALIDATE_ERROR_CHECKSUM, /* GB 11643 check character wrong */
  DQ_VALIDATE_ERROR_DATE,     /* not a real date, or out of range */
  DQ_VALIDATE_ERROR_MISMATCH, /* ID number disagrees with birth date/gender */
} DqValidateError;

GQuark dq_validate_error_quark (void);

/* GB 11643: 18 characters, check character valid, real birth date not in the
 * future. With @allow_legacy, also 15 digits (import only). */
gboolean dq_validate_id_number (const char *text,
                                gboolean    allow_legacy,
                                GError    **error);
/* The check character for the first 17 digits of @text ('0'-'9' or 'X'). */
char dq_id_number_check_char (const char *text);
/* Birth date (YYYY-MM-DD, 11 bytes with NUL) and gender code ("1" male,
 * "2" female) from a valid 18- or 15-digit number. */
gboolean dq_id_number_info (const char  *text,
                            char         birth_date[11],
                            const char **gender);
/* Cross-check: @birth_date and @gender (either may be NULL) agree with the
 * ID number. */
gboolean dq_validate_id_matches (const char *id_number,
                                 const char *birth_date,
                                 const char *gender,
                                 GError    **error);

gboolean dq_validate_mobile (const char *text, GError **error);      /* 1[3-9] + 9 digits */
gboolean dq_validate_phone (const char *text, GError **error);       /* mobile or landline */
gboolean dq_validate_date (const char *text, GError **error);        /* YYYY-MM-DD */
gboolean dq_validate_month (const char *text, GError **error);       /* YYYY-MM */
gboolean dq_validate_timestamp (const char *text, GError **error);   /* ISO 8601 with offset */
gboolean dq_validate_uuid (const char *text);                        /* lowercase 8-4-4-4-12 */
gboolean dq_validate_credit_code (const char *text, GError **error); /* GB 32100, 18 chars */

/* Masks for lists and exports: 138****5678, 440304********1234, and an
 * address cut after its district/street part. Newly allocated. */
char *dq_mask_phone (const char *text);
char *dq_mask_id_number (const char *text);
char *dq_mask_address (const char *text);

G_END_DECLS
