/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Code lists: the standard codes of domain.md (GB/T 2261.1, GB/T 3304,
 * GB/T 4658, GB/T 4762, GB/T 2260) and the product's own enumerations. */
#pragma once

#include "dq-types.h"

G_BEGIN_DECLS

typedef struct {
  const char *code;  /* the stored value */
  const char *label; /* English msgid translated for display, or NULL when the
                      * code is itself the (Chinese) term shown to users */
} DqCode;

struct _DqCodeList {
  const char   *name;
  const DqCode *codes;
  guint         n_codes;
};

const DqCodeList *dq_code_list_lookup (const char *name);
gboolean          dq_code_list_contains (const DqCodeList *list,
                                         const char       *code);
/* The translated display label of @code, or @code itself. NULL if unknown. */
const char *dq_code_list_label (const DqCodeList *list,
                                const char       *code);

/* Scopes (districts and functional areas) are data: loaded once from the
 * districts keyfile compiled into libdangqun. */
typedef struct {
  const char        *code;    /* six digits */
  const char        *name;    /* 坪山区 */
  const char *const *streets; /* NULL-terminated, in order */
} DqDistrict;

const DqDistrict *dq_districts (guint *n_districts);
const DqDistrict *dq_district_lookup (const char *code);

#define DQ_CITY_DISTRICT "440300"

G_END_DECLS
