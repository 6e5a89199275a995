/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqServerHttp: the HTTP side of dangqun-server. A SoupServer on the main
 * loop reads requests, hands each to a pool of worker threads that run the
 * endpoint (dq-server-routes.c) and gzip the answer, and sends the answer
 * back from the main loop. Owned by the serve command. */
#pragma once

#include <gio/gio.h>

#include "dq-server-storage.h"

G_BEGIN_DECLS

typedef struct _DqServerHttp DqServerHttp;

/* @certificate (nullable): serve https with it. */
DqServerHttp *dq_server_http_new (DqServerStorage *storage,
                                  GTlsCertificate *certificate);
/* Listens on @address; returns the base URL, e.g. "http://127.0.0.1:8080",
 * with the port the system chose for port 0. */
char *dq_server_http_listen (DqServerHttp   *self,
                             GSocketAddress *address,
                             GError        **error);
/* Stops taking new requests (they get 503) and calls @done on the main
 * loop once every request already being read or handled is answered. */
void dq_server_http_drain (DqServerHttp *self,
                           GSourceFunc   done,
                           gpointer      data);
void dq_server_http_free (DqServerHttp *self);

G_END_DECLS
