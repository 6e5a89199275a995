/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The registration list of an activity with its attendance, as a CSV or
 * XLSX file for the organizers: 序号, 姓名, 所在党组织/政治面貌, 手机,
 * 报名状态, 报名时间, 签到时间, 签到台数; registered people first (in order
 * of registration), then the waitlist, cancelled ones last. */
#pragma once

#include "dq-store.h"

G_BEGIN_DECLS

typedef enum {
  DQ_EXPORT_CSV,  /* UTF-8 with a byte order mark: Excel and WPS read it as such */
  DQ_EXPORT_XLSX, /* one sheet, a bold header row */
} DqExportFormat;

/* "csv" or "xlsx". */
const char *dq_export_format_suffix (DqExportFormat format);

/* The file of @activity_id's registrations in @format into *@out. Phone
 * numbers are masked (138****5678) unless @unmask: revealing them is a
 * deliberate act, so the function itself first appends an
 * "export-unmasked" line to the replica's audit log
 * (dq_audit_log_store(): the activity, the format) and fails, exporting
 * nothing, if it cannot. A caller that asked the user (the dialog's
 * switch) may log that choice too; the export's own line is the one that
 * says personal data left the replica. */
gboolean dq_activity_export (DqStore       *store,
                             const char    *activity_id,
                             DqExportFormat format,
                             gboolean       unmask,
                             GBytes       **out,
                             GError       **error);

/* A file name for the export: "<title>-报名签到名单.xlsx", without the
 * characters file systems refuse. */
char *dq_activity_export_file_name (DqStore       *store,
                                    const char    *activity_id,
                                    DqExportFormat format);

G_END_DECLS
