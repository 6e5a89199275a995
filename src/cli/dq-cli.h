/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dangqun-cli: what every command shares. main() owns one DqCli for the
 * process: the data folder, the replica (opened on first use) and the
 * command being run. Each command is a handler in the command table of
 * dq-cli-main.c; it parses its own options with dq_cli_parse_args(). */
#pragma once

#include <glib.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_CLI_ERROR (dq_cli_error_quark ())
typedef enum {
  DQ_CLI_ERROR_USAGE,  /* the command line is wrong: main adds the usage */
  DQ_CLI_ERROR_FAILED, /* the data or the replica said no */
} DqCliError;

typedef struct _DqCli DqCli;

/* A handler gets its arguments as left by dq_cli_parse_args(): args[0] is
 * the command name, the positional arguments follow. */
typedef gboolean (*DqCliHandler) (DqCli   *cli,
                                  GStrv   *args,
                                  GError **error);

typedef struct {
  const char  *name;
  DqCliHandler run;
  const char  *synopsis; /* msgid: "TABLE ID [--json]" */
  const char  *summary;  /* msgid: one line saying what it does */
  guint        min_args; /* positional arguments after the name */
  int          max_args; /* -1: no limit */
} DqCliCommand;

struct _DqCli {
  char               *data_dir;
  DqStore            *store;
  const DqCliCommand *command;
};

GQuark dq_cli_error_quark (void);

/* DIR/replica.db, creating DIR (mode 0700) and the replica on first use. */
DqStore *dq_cli_get_store (DqCli   *cli,
                           GError **error);
/* A file in the data folder, for example "audit.log". */
char *dq_cli_data_path (DqCli      *cli,
                        const char *name);

/* Parses the options of the running command (@entries may be NULL: no
 * options), drops a "--", and checks the number of positional arguments. */
gboolean dq_cli_parse_args (DqCli              *cli,
                            const GOptionEntry *entries,
                            GStrv              *args,
                            GError            **error);

/* The start of every command on a table: its options and arguments, the
 * table that args[1] names and the replica. */
const DqTable *dq_cli_open_table (DqCli              *cli,
                                  const GOptionEntry *entries,
                                  GStrv              *args,
                                  DqStore           **store,
                                  GError            **error);

/* Calls @func on each row of @query (at most @limit; 0: all), reading them
 * from the replica a page at a time. */
typedef gboolean (*DqCliRecordFunc) (const DqRecord *record,
                                     gpointer        user_data,
                                     GError        **error);
gboolean dq_cli_foreach_record (DqStore        *store,
                                DqQuery        *query,
                                guint           limit,
                                DqCliRecordFunc func,
                                gpointer        user_data,
                                GError        **error);

/* Writes @text to stdout as it is (UTF-8, whatever the locale) and empties
 * it; FALSE with @error when stdout cannot take it. */
gboolean dq_cli_flush (GString *text,
                       GError **error);
/* dq_cli_flush() once @text has grown large. */
gboolean dq_cli_flush_if_full (GString *text,
                               GError **error);
/* @unix_ms as local time, ISO 8601 to the second with its offset. */
char *dq_cli_format_time (gint64 unix_ms);
/* A line on stderr: "dangqun-cli: " and @message. */
void dq_cli_warn (const char *message);

/* The sync engine of the replica (created with it on first use). */
DqSyncEngine *dq_cli_get_engine (DqCli   *cli,
                                 GError **error);
/* A GAsyncReadyCallback that keeps a reference to the result in the
 * GAsyncResult * that @user_data points to. */
void dq_cli_store_result_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);
/* Runs the main context until an engine call stored its result in *@slot. */
GAsyncResult *dq_cli_wait (GAsyncResult **slot);
/* The exit status for a failed command: 2 when the server cannot be
 * reached, 3 when a sign-in is needed, otherwise 1. */
int dq_cli_exit_status (const GError *error);

/* Command handlers, one file per group. */
gboolean dq_cli_new (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_set (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_get (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_delete (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_list (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_find (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_checkin (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_register (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_history (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_dump (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_export (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_import (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_demo (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_status (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_login (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_logout (DqCli *cli, GStrv *args, GError **error);
gboolean dq_cli_sync (DqCli *cli, GStrv *args, GError **error);

G_END_DECLS
