/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRegisterDialog: registers people for one activity — a party member
 * found by name, phone or ID number, or a non-member by name, mobile phone
 * and political status (nothing more is asked). Refusals (a wrong phone, a
 * full activity without a waitlist) are shown next to the field; after
 * each registration it says where the person stands (已报名 / 候补第 N 位),
 * emits ::registered and stays open for the next person. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_REGISTER_DIALOG (dq_register_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DqRegisterDialog, dq_register_dialog, DQ, REGISTER_DIALOG, AdwWindow)

/* Emits ::registered (const char *registration_id) after each
 * registration. */
GtkWidget *dq_register_dialog_new (GtkWindow  *parent,
                                   DqStore    *store,
                                   const char *activity_id);

G_END_DECLS
