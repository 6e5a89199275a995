/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commands of dangqun-server and what they share: option parsing, the
 * password on standard input, messages. Each command gets its arguments
 * with its own name first, as a program gets argv. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DQ_SERVER_CLI_ERROR (dq_server_cli_error_quark ())

typedef enum {
  DQ_SERVER_CLI_ERROR_USAGE,  /* bad arguments: the command's usage follows */
  DQ_SERVER_CLI_ERROR_FAILED, /* the command could not do its work */
} DqServerCliError;

typedef gboolean (*DqServerCommandFunc) (GStrv   *args,
                                         GError **error);

GQuark dq_server_cli_error_quark (void);

/* Parses @entries and --data-dir (required) out of *@args, leaving the
 * command's name and exactly @n_args other arguments. */
gboolean dq_server_cli_parse (const GOptionEntry *entries,
                              GStrv              *args,
                              guint               n_args,
                              char              **data_dir,
                              GError            **error);
/* The password given on standard input: all of it, less one line end. */
char *dq_server_cli_read_password (GError **error);
void  dq_server_cli_warn (const char *message);

gboolean dq_server_serve (GStrv *args, GError **error);
gboolean dq_server_user_add (GStrv *args, GError **error);
gboolean dq_server_user_passwd (GStrv *args, GError **error);
gboolean dq_server_user_disable (GStrv *args, GError **error);
gboolean dq_server_user_enable (GStrv *args, GError **error);
gboolean dq_server_user_list (GStrv *args, GError **error);
gboolean dq_server_seed (GStrv *args, GError **error);
gboolean dq_server_audit (GStrv *args, GError **error);

G_END_DECLS
