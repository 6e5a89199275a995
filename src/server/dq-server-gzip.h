/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gzip for bodies: responses compressed fast, requests decompressed with a
 * cap on the output (a small bomb must not fill the memory). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *dq_server_gzip (const void *data,
                        gsize       length);
/* NULL with G_IO_ERROR_MESSAGE_TOO_LARGE past @max bytes, or another
 * G_IO_ERROR when @data is not gzip. */
GBytes *dq_server_gunzip (GBytes  *data,
                          gsize    max,
                          GError **error);

G_END_DECLS
