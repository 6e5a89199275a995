/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqLoginPage: the first-run sign-in (登录), and the way into the offline
 * demo. Signals: "signed-in" once the engine holds a session,
 * "explore-demo" when the user picks the demo instead. */
#pragma once

#include <adwaita.h>

#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_LOGIN_PAGE (dq_login_page_get_type ())
G_DECLARE_FINAL_TYPE (DqLoginPage, dq_login_page, DQ, LOGIN_PAGE, AdwBin)

GtkWidget *dq_login_page_new (DqSyncEngine *engine);

G_END_DECLS
