/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSyncEngine against a real dangqun-server on loopback (DANGQUN_SERVER):
 * sign-in, two replicas converging, a refused change restored and listed in
 * Chinese, an outage with local work continuing, backoff back to sync, the
 * token file, sign-out and a guarded change of account. The tests run in
 * order on one server and share its replicas. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <signal.h>
#include <sys/stat.h>

#include "dq-credentials.h"
#include "dq-sync-engine.h"
#include "test-common.h"

#define PINGSHAN  "440310"
#define GUANGMING "440311"
#define CITY      "440300"
#define PASSWORD  "correct horse battery staple"
#define WAIT_S    60

static struct {
  char        *dir;
  char        *server_dir;
  GSubprocess *server;
  char        *url;
  char        *listen; /* "127.0.0.1:PORT" once the first start chose it */
} S;

/* The server */

static GSubprocess *
spawn (const char *stdin_text,
       char      **stdout_text,
       ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  const char      *server = g_getenv ("DANGQUN_SERVER");
  const char      *arg;
  va_list          ap;

  g_assert_nonnull (server);
  g_ptr_array_add (argv, (char *) server);
  va_start (ap, stdout_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  if (stdout_text != NULL)
    *stdout_text = g_steal_pointer (&out);
  return g_steal_pointer (&proc);
}

static void
add_user (const char *name,
          const char *role,
          const char *district)
{
  g_autoptr (GSubprocess) proc = NULL;

  if (district != NULL)
    proc = spawn (PASSWORD "\n", NULL, "user", "add", name, "--role", role, "--district",
                  district, "--password-stdin", "--data-dir", S.server_dir, NULL);
  else
    proc = spawn (PASSWORD "\n", NULL, "user", "add", name, "--role", role, "--password-stdin",
                  "--data-dir", S.server_dir, NULL);
}

/* Starts the server; its stdout goes to a file (nothing can block on a
 * full pipe) where we wait for "listening on URL". */
static void
server_start (void)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *log = g_build_filename (S.dir, "server.out", NULL);
  g_autoptr (GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_remove (log);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  S.server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DANGQUN_SERVER"), "serve",
                                          "--data-dir", S.server_dir, "--listen",
                                          S.listen ? S.listen : "127.0.0.1:0", NULL);
  g_assert_no_error (error);

  for (;;)
    {
      g_autofree char *text = NULL;
      const char      *line;

      if (g_file_get_contents (log, &text, NULL, NULL) &&
          (line = strstr (text, "listening on ")) != NULL && strchr (line, '\n') != NULL)
        {
          g_autofree char *url = g_strndup (line + 13, strcspn (line + 13, "\r\n"));

          if (S.url == NULL)
            {
              S.url = g_strdup (url);
              S.listen = g_strdup (url + strlen ("http://"));
            }
          g_assert_cmpstr (url, ==, S.url);
          return;
        }
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

static void
server_stop (void)
{
  g_autoptr (GError) error = NULL;

  g_subprocess_send_signal (S.server, SIGTERM);
  g_subprocess_wait (S.server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (S.server));
  g_assert_cmpint (g_subprocess_get_exit_status (S.server), ==, 0);
  g_clear_object (&S.server);
}

/* Replicas: a DqStore (what the app writes with) and an engine beside it */

typedef struct {
  DqStore      *store;
  DqSyncEngine *engine;
  guint         changed; /* ::changed emissions */
} Replica;

static Replica A, B, C;

static void
on_changed (DqSyncEngine *engine,
            const char   *table,
            Replica      *r)
{
  r->changed++;
}

static void
replica_open (Replica    *r,
              const char *name)
{
  r->store = test_store_new (S.dir, name, NULL);
  r->engine = dq_sync_engine_new (dq_store_get_path (r->store));
  g_signal_connect (r->engine, "changed", G_CALLBACK (on_changed), r);
}

static void
replica_close (Replica *r)
{
  g_assert_finalize_object (r->engine);
  g_assert_finalize_object (r->store);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
too_long (gpointer data)
{
  g_error ("no answer from the sync engine in %d s", WAIT_S);
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  guint watchdog = g_timeout_add_seconds (WAIT_S, too_long, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);
  return *slot;
}

static gboolean
do_login (Replica         *r,
          const char      *user,
          const char      *password,
          DqSyncLoginFlags flags,
          GError         **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  dq_sync_engine_login_async (r->engine, S.url, user, password, flags, NULL, got_result, &result);
  return dq_sync_engine_login_finish (r->engine, wait_for (&result), error);
}

static gboolean
do_sync (Replica *r,
         GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  dq_sync_engine_sync_async (r->engine, NULL, got_result, &result);
  return dq_sync_engine_sync_finish (r->engine, wait_for (&result), error);
}

static void
do_refresh (Replica *r)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  dq_sync_engine_refresh_async (r->engine, NULL, got_result, &result);
  g_assert_true (dq_sync_engine_refresh_finish (r->engine, wait_for (&result), &error));
  g_assert_no_error (error);
}

static void
sync_ok (Replica *r)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (do_sync (r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dq_sync_engine_get_state (r->engine), ==, DQ_SYNC_STATE_UP_TO_DATE);
  g_assert_cmpuint (dq_sync_engine_get_pending (r->engine), ==, 0);
}

static char *
write_org (DqStore    *store,
           const char *district,
           const char *name)
{
  g_autoptr (DqRecord) r = dq_record_new_for ("org", NULL);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (r, "district", district);
  dq_record_set_text (r, "name", name);
  dq_record_set_text (r, "kind", "党支部");
  g_assert_true (dq_store_write (store, r, &error));
  g_assert_no_error (error);
  return g_strdup (r->id);
}

static char *
dump (DqStore *store)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (dq_store_dump (store, out, DQ_DUMP_VALUES, &error));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const DqSyncProblem *
find_problem (Replica    *r,
              const char *row)
{
  GPtrArray *problems = dq_sync_engine_get_problems (r->engine);

  for (guint i = 0; i < problems->len; i++)
    if (g_str_equal (((DqSyncProblem *) g_ptr_array_index (problems, i))->row, row))
      return g_ptr_array_index (problems, i);
  return NULL;
}

static void
rm_rf (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_remove (path);
}

/* Tests */

static void
test_wrong_password (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (do_login (&A, "pingshan", "not the password", DQ_SYNC_LOGIN_NONE, &error));
  g_assert_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_INVALID_CREDENTIALS);
  g_assert_null (dq_sync_engine_get_user (A.engine));

  /* Without a sign-in, a sync says so. */
  g_clear_error (&error);
  g_assert_false (do_sync (&A, &error));
  g_assert_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_NEEDS_LOGIN);
  g_assert_cmpint (dq_sync_engine_get_state (A.engine), ==, DQ_SYNC_STATE_NEEDS_LOGIN);
}

static void
test_login (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token_file = dq_credentials_file_path (dq_store_get_path (A.store));
  g_autofree char *token = NULL;
  g_autofree char *meta = NULL;
  struct stat      st;

  g_assert_true (do_login (&A, "pingshan", PASSWORD, DQ_SYNC_LOGIN_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (do_login (&B, "pingshan", PASSWORD, DQ_SYNC_LOGIN_NONE, &error));
  g_assert_no_error (error);
  g_assert_true (do_login (&C, "city", PASSWORD, DQ_SYNC_LOGIN_NONE, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (dq_sync_engine_get_server (A.engine), ==, S.url);
  g_assert_cmpstr (dq_sync_engine_get_user (A.engine), ==, "pingshan");
  g_assert_cmpstr (dq_sync_engine_get_role (A.engine), ==, "staff");
  g_assert_cmpstrv (dq_sync_engine_get_districts (A.engine), ((const char *[]){ PINGSHAN, NULL }));
  g_assert_cmpstr (dq_sync_engine_get_role (C.engine), ==, "admin");
  meta = dq_store_get_meta (A.store, "sync.user");
  g_assert_cmpstr (meta, ==, "pingshan");

  /* No Secret Service here (main() made sure): a file only we can read. */
  g_assert_cmpint (g_stat (token_file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  token = dq_credentials_lookup (dq_store_get_path (A.store), S.url, "pingshan", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >, 0);
}

static void
test_two_replicas (void)
{
  g_autofree char *org = write_org (A.store, PINGSHAN, "坪山区坪山街道六和社区第一党支部");
  g_autoptr (DqRecord) member = test_member (PINGSHAN, org, "王芳", "13800138000", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *dump_a = NULL, *dump_b = NULL;

  g_assert_true (dq_store_write (A.store, member, &error));
  g_assert_no_error (error);
  do_refresh (&A);
  g_assert_cmpuint (dq_sync_engine_get_pending (A.engine), ==, 2);

  sync_ok (&A);
  g_assert_cmpint (dq_sync_engine_get_last_sync (A.engine), >, 0);
  B.changed = 0;
  sync_ok (&B);
  g_assert_cmpuint (B.changed, >, 0);

  dump_a = dump (A.store);
  dump_b = dump (B.store);
  test_assert_same_dump (dump_a, dump_b);
  g_assert_nonnull (strstr (dump_b, "王芳"));

  /* An edit on B flows back to A. */
  dq_record_set_text (member, "phone", "13900139000");
  g_assert_true (dq_store_write (B.store, member, &error));
  g_assert_no_error (error);
  sync_ok (&B);
  sync_ok (&A);
  g_free (dump_a);
  g_free (dump_b);
  dump_a = dump (A.store);
  dump_b = dump (B.store);
  test_assert_same_dump (dump_a, dump_b);
  g_assert_nonnull (strstr (dump_a, "13900139000"));
}

static void
test_refused (void)
{
  g_autofree char *city_org = write_org (C.store, CITY, "深圳市党群服务中心");
  g_autofree char *stray = write_org (A.store, GUANGMING, "光明区某党支部");
  g_autoptr (DqRecord) edit = dq_record_new_for ("org", city_org);
  g_autoptr (DqRecord) row = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char     *reason = NULL;
  const DqSyncProblem *p;

  sync_ok (&C);
  sync_ok (&A);
  row = dq_store_get (A.store, "org", city_org, &error);
  g_assert_no_error (error);
  g_clear_pointer (&row, dq_record_free);

  /* Staff may read the city's rows, not change them. */
  dq_record_set_text (edit, "name", "改名");
  g_assert_true (dq_store_write (A.store, edit, &error));
  g_assert_no_error (error);
  sync_ok (&A);

  row = dq_store_get (A.store, "org", city_org, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dq_record_get_text (row, "name"), ==, "深圳市党群服务中心");

  p = find_problem (&A, city_org);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->table, ==, "org");
  g_assert_cmpstr (p->error, ==, "forbidden");
  g_assert_nonnull (strstr (p->values, "改名"));
  g_assert_nonnull (p->current);
  g_assert_nonnull (strstr (p->current, "深圳市党群服务中心"));
  reason = dq_sync_problem_describe (p);
  g_assert_cmpstr (reason, ==, "无权修改其他辖区的记录");

  /* A new row in another district: refused, no row on the server, and
   * outside our districts: gone from the replica, its values kept. */
  p = find_problem (&A, stray);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->error, ==, "forbidden");
  g_assert_null (p->current);
  g_assert_nonnull (strstr (p->values, "光明区某党支部"));
  g_assert_null (dq_store_get (A.store, "org", stray, &error));
  g_assert_error (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The problems survive a restart of the engine. */
  g_assert_finalize_object (A.engine);
  A.engine = dq_sync_engine_new (dq_store_get_path (A.store));
  do_refresh (&A);
  g_assert_nonnull (find_problem (&A, city_org));
  g_assert_nonnull (find_problem (&A, stray));
  g_assert_cmpuint (dq_sync_engine_get_pending (A.engine), ==, 0);
}

static void
test_offline (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *org1 = NULL, *org2 = NULL;
  g_autofree char *dump_a = NULL, *dump_b = NULL;
  g_autofree char *description = NULL;

  server_stop ();

  org1 = write_org (A.store, PINGSHAN, "停电时新建的支部");
  g_assert_false (do_sync (&A, &error));
  g_assert_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_UNREACHABLE);
  g_assert_cmpint (dq_sync_engine_get_state (A.engine), ==, DQ_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (dq_sync_engine_get_pending (A.engine), ==, 1);
  g_assert_nonnull (dq_sync_engine_get_last_error (A.engine));
  description = dq_sync_state_describe (DQ_SYNC_STATE_OFFLINE, 1);
  g_assert_cmpstr (description, ==, "离线，1 项更改待同步");

  /* Local work goes on. */
  org2 = write_org (A.store, PINGSHAN, "停电时新建的第二个支部");
  do_refresh (&A);
  g_assert_cmpuint (dq_sync_engine_get_pending (A.engine), ==, 2);

  server_start ();
  sync_ok (&A);
  sync_ok (&B);
  dump_a = dump (A.store);
  dump_b = dump (B.store);
  test_assert_same_dump (dump_a, dump_b);
  g_assert_nonnull (strstr (dump_b, "停电时新建的第二个支部"));
}

/* Files of one folder (the server's data, stopped) to another. */
static void
copy_dir (const char *from,
          const char *to)
{
  g_autoptr (GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);
      g_autofree char *data = NULL;
      g_autoptr (GError) error = NULL;
      gsize length;

      if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (source, &data, &length, &error));
      g_assert_true (g_file_set_contents_full (target, data, (gssize) length,
                                               G_FILE_SET_CONTENTS_NONE, 0600, &error));
      g_assert_no_error (error);
    }
}

/* The server's data restored from a backup: it answers A's cursor with 409
 * resync, A pulls everything again and keeps (and pushes) its own work. */
static void
test_resync (void)
{
  g_autofree char *backup = g_build_filename (S.dir, "backup", NULL);
  g_autofree char *lost = NULL, *kept = NULL;
  g_autoptr (DqRecord) row = NULL;
  g_autoptr (GError) error = NULL;

  server_stop ();
  copy_dir (S.server_dir, backup);
  server_start ();

  lost = write_org (B.store, PINGSHAN, "备份之后新建的支部");
  sync_ok (&B);
  sync_ok (&A);
  server_stop ();
  rm_rf (S.server_dir);
  copy_dir (backup, S.server_dir);
  server_start ();

  kept = write_org (A.store, PINGSHAN, "恢复备份后新建的支部");
  sync_ok (&A);
  /* What A had stays: a resync adds, it never drops local rows. */
  row = dq_store_get (A.store, "org", lost, &error);
  g_assert_no_error (error);
  g_clear_pointer (&row, dq_record_free);

  sync_ok (&C);
  row = dq_store_get (C.store, "org", kept, &error);
  g_assert_no_error (error);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gboolean   *notified)
{
  *notified = TRUE;
}

/* Running: an outage is retried with backoff, and the first answer after it
 * sends everything. */
static void
test_running (void)
{
  g_autofree char *org = NULL;
  g_autoptr (DqRecord) row = NULL;
  gboolean notified = FALSE;
  guint    watchdog = g_timeout_add_seconds (WAIT_S, too_long, NULL);

  server_stop ();
  g_signal_connect (B.engine, "notify::pending", G_CALLBACK (on_notify), &notified);
  dq_sync_engine_start (B.engine);
  org = write_org (B.store, PINGSHAN, "重连后自动同步的支部");
  dq_sync_engine_local_changed (B.engine);

  while (dq_sync_engine_get_state (B.engine) != DQ_SYNC_STATE_OFFLINE ||
         dq_sync_engine_get_pending (B.engine) != 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (notified);

  server_start ();
  while (dq_sync_engine_get_state (B.engine) != DQ_SYNC_STATE_UP_TO_DATE ||
         dq_sync_engine_get_pending (B.engine) != 0)
    g_main_context_iteration (NULL, TRUE);
  dq_sync_engine_stop (B.engine);
  g_source_remove (watchdog);
  g_signal_handlers_disconnect_by_func (B.engine, on_notify, &notified);

  sync_ok (&A);
  row = dq_store_get (A.store, "org", org, NULL);
  g_assert_nonnull (row);
}

static void
test_logout (void)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *token_file = dq_credentials_file_path (dq_store_get_path (A.store));
  g_autofree char *org = NULL;
  g_autoptr (DqRecord) row = NULL;

  dq_sync_engine_logout_async (A.engine, NULL, got_result, &result);
  g_assert_true (dq_sync_engine_logout_finish (A.engine, wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (token_file, G_FILE_TEST_EXISTS));
  g_assert_cmpint (dq_sync_engine_get_state (A.engine), ==, DQ_SYNC_STATE_NEEDS_LOGIN);

  org = write_org (A.store, PINGSHAN, "登出后新建的支部");
  g_assert_false (do_sync (&A, &error));
  g_assert_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_NEEDS_LOGIN);
  g_clear_error (&error);
  g_assert_cmpuint (dq_sync_engine_get_pending (A.engine), ==, 1);

  /* Another account would push what this one wrote: not without saying so. */
  g_assert_false (do_login (&A, "city", PASSWORD, DQ_SYNC_LOGIN_NONE, &error));
  g_assert_error (error, DQ_SYNC_ERROR, DQ_SYNC_ERROR_PENDING_CHANGES);
  g_clear_error (&error);
  g_assert_cmpstr (dq_sync_engine_get_user (A.engine), ==, "pingshan");

  g_assert_true (do_login (&A, "pingshan", PASSWORD, DQ_SYNC_LOGIN_NONE, &error));
  g_assert_no_error (error);
  sync_ok (&A);
  sync_ok (&B);
  row = dq_store_get (B.store, "org", org, NULL);
  g_assert_nonnull (row);
}

/* The Chinese of this build: the catalog built from po/, or the sync
 * messages' fragment while it is not merged yet. */
static void
bind_catalog (void)
{
  g_autofree char *fragment = g_build_filename (TEST_DATADIR, "..", "po", "fragments", "sync.po",
                                                NULL);
  g_autofree char *localedir = g_build_filename (S.dir, "locale", NULL);
  g_autofree char *messages = g_build_filename (localedir, "zh_CN", "LC_MESSAGES", NULL);
  g_autofree char *po = g_build_filename (S.dir, "sync.po", NULL);
  g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  setlocale (LC_ALL, "zh_CN.UTF-8");
  g_unsetenv ("LANGUAGE");
  if (g_file_get_contents (fragment, &text, NULL, NULL))
    {
      g_autofree char *with_header =
          g_strconcat ("msgid \"\"\nmsgstr \"\"\n"
                       "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
                       "\"Plural-Forms: nplurals=1; plural=0;\\n\"\n\n",
                       text, NULL);
      g_autoptr (GSubprocess) msgfmt = NULL;

      g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
      g_assert_true (g_file_set_contents (po, with_header, -1, &error));
      msgfmt = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "msgfmt", "-o", mo, po, NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait_check (msgfmt, NULL, &error));
      g_assert_no_error (error);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
    }
  else
    bindtextdomain (GETTEXT_PACKAGE, g_getenv ("DANGQUN_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* No keyring: tokens go to the 0600 file (and never into the keyring of
   * whoever runs the tests). */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_test_init (&argc, &argv, NULL);

  S.dir = test_tmpdir ();
  S.server_dir = g_build_filename (S.dir, "server", NULL);
  g_assert_cmpint (g_mkdir (S.server_dir, 0700), ==, 0);
  bind_catalog ();

  add_user ("pingshan", "staff", PINGSHAN);
  add_user ("city", "admin", NULL);
  server_start ();
  replica_open (&A, "a.db");
  replica_open (&B, "b.db");
  replica_open (&C, "c.db");

  g_test_add_func ("/sync/wrong-password", test_wrong_password);
  g_test_add_func ("/sync/login", test_login);
  g_test_add_func ("/sync/two-replicas", test_two_replicas);
  g_test_add_func ("/sync/refused", test_refused);
  g_test_add_func ("/sync/offline", test_offline);
  g_test_add_func ("/sync/running", test_running);
  g_test_add_func ("/sync/resync", test_resync);
  g_test_add_func ("/sync/logout", test_logout);
  status = g_test_run ();

  replica_close (&A);
  replica_close (&B);
  replica_close (&C);
  server_stop ();
  g_free (S.url);
  g_free (S.listen);
  rm_rf (S.dir);
  g_free (S.server_dir);
  g_free (S.dir);
  return status;
}
