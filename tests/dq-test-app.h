/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the display tests share: a replica of demo data in a temporary
 * folder, a sync engine on it, windows of a fixed size, waiting for the main
 * loop, finding widgets by their .ui id, and screenshots as PNG. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

/* gtk_test_init + libadwaita + zh_CN messages of this build + resources. */
void dq_test_app_init (int    *argc,
                       char ***argv);
/* A fresh replica in a temporary folder with one district's demo data
 * (坪山区, 440310) at @scale (1.0: ~40,000 members; 0.1 is quick). The
 * folder is removed when the test program exits. */
DqStore *dq_test_app_demo_store (double scale);
/* The folder of the replica of the last dq_test_app_demo_store(). */
const char *dq_test_app_data_dir (void);
/* A sync engine on @store's replica that has never signed in. */
DqSyncEngine *dq_test_app_engine (DqStore *store);
/* Runs the main loop for @ms milliseconds. */
void dq_test_app_wait (guint ms);
/* Runs the main loop until @cond returns TRUE (checked every few ms) or
 * @timeout_ms pass; returns the last answer of @cond. */
gboolean dq_test_app_wait_for (gboolean (*cond) (gpointer data),
                               gpointer data,
                               guint    timeout_ms);
/* Presents @window with its content (inside the frame) @width × @height. */
void dq_test_app_present (GtkWindow *window,
                          int        width,
                          int        height);
/* A presented AdwWindow of @width × @height holding @content (a page under
 * test alone), with an AdwToastOverlay around it. */
GtkWindow *dq_test_app_window (GtkWidget *content,
                               int        width,
                               int        height);
/* The first widget under @root (depth first, @root included) whose .ui id
 * (gtk_buildable_get_buildable_id) is @id, or NULL. */
GtkWidget *dq_test_app_find (GtkWidget  *root,
                             const char *id);
/* The first widget under @root of @type (whose label, title or text is
 * @text when @text is not NULL), or NULL. */
GtkWidget *dq_test_app_find_type (GtkWidget  *root,
                                  GType       type,
                                  const char *text);
/* Waits until @widget is drawn and writes it to
 * $MESON_BUILD_ROOT/screenshots/@name.png (or ./screenshots); fails the
 * test if the image is empty. Returns the file's path. */
char *dq_test_app_screenshot (GtkWidget  *widget,
                              const char *name);

/* A dangqun-server ($DANGQUN_SERVER) in a temporary folder, empty, with
 * the user "desk" (password "desk-password", staff of 440310); returns its
 * URL. One at a time. */
const char *dq_test_app_server_start (void);
/* Stops it (SIGTERM); dq_test_app_server_start() starts it again on the
 * same address. */
void dq_test_app_server_stop (void);

G_END_DECLS
