/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One request as the endpoints see it, and the answer they give: plain
 * data, so that endpoints run on worker threads, away from libsoup. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *method;
  char   *path;
  char   *since; /* query parameters; NULL when absent */
  char   *limit;
  char   *authorization;
  char   *address; /* the client's IP address */
  GBytes *body;    /* decoded (no Content-Encoding left) */
} DqServerRequest;

typedef struct {
  guint       status;
  GString    *body;        /* JSON, or NULL for no body */
  const char *allow;       /* 405: the methods the path takes */
  gint64      retry_after; /* 429: seconds, when > 0 */
  char       *user;        /* who asked, for the log */
} DqServerResponse;

void dq_server_request_clear (DqServerRequest *request);
void dq_server_response_clear (DqServerResponse *response);

/* {"error": @code, "message": @message} with @status. */
void dq_server_response_error (DqServerResponse *response,
                               guint             status,
                               const char       *code,
                               const char       *message);
/* A JSON object answer with room for @reserve bytes: the body is "{"; the
 * caller adds members and dq_server_response_end_json() adds "time_ms" and
 * "}". */
GString *dq_server_response_begin_json (DqServerResponse *response,
                                        guint             status,
                                        gsize             reserve);
void     dq_server_response_end_json (DqServerResponse *response);

G_END_DECLS
