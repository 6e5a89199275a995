/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqTransferDialog: 组织关系转接 of one member, to another organization of
 * this replica or to another district, with the letter number and the
 * month dues are paid until. Saves the transfer record and the member's new
 * organization (or district) in one write; emits ::done after saving. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_TRANSFER_DIALOG (dq_transfer_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DqTransferDialog, dq_transfer_dialog, DQ, TRANSFER_DIALOG, AdwWindow)

/* A modal dialog over @parent (may be NULL) for the member @member_id. */
GtkWidget *dq_transfer_dialog_new (GtkWindow  *parent,
                                   DqStore    *store,
                                   const char *member_id);

G_END_DECLS
