/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The endpoints of sync-protocol.md. Called on worker threads. */
#pragma once

#include "dq-server-response.h"
#include "dq-server-storage.h"

G_BEGIN_DECLS

/* The protocol's limits. */
#define DQ_SERVER_MAX_BODY    (16 * 1024 * 1024)
#define DQ_SERVER_MAX_CHANGES 10000

void dq_server_routes_handle (DqServerStorage       *storage,
                              const DqServerRequest *request,
                              DqServerResponse      *response);
/* Whether @path is an endpoint (the log names only those). */
gboolean dq_server_routes_known (const char *path);

G_END_DECLS
