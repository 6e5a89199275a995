/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The overview, sync, sign-in and preferences pages on a replica of demo
 * data, against a real dangqun-server on loopback (DANGQUN_SERVER): the
 * overview's figures are the replica's counts and follow a write; signing
 * in fails in plain Chinese (unreachable, wrong password, bad address) and
 * succeeds; 立即同步 empties the queue; a change the server refuses is
 * listed with both values; signing out with changes pending asks first;
 * another account keeps them only when told to. The tests run in order and
 * share one replica and one server. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "dq-login-page.h"
#include "dq-overview-page.h"
#include "dq-preferences-window.h"
#include "dq-sync-page.h"
#include "dq-test-app.h"

#define PINGSHAN "440310"
#define PASSWORD "correct horse battery staple"
#define WAIT_MS  60000

static struct {
  char         *dir;
  char         *server_dir;
  GSubprocess  *server;
  char         *url;
  DqStore      *store;
  DqSyncEngine *engine;
} S;

/* The server */

static void
server_cli (const char *stdin_text,
            ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  const char *arg;
  va_list     ap;

  g_ptr_array_add (argv, (char *) g_getenv ("DANGQUN_SERVER"));
  va_start (ap, stdin_text);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char *const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, stdin_text, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
}

static void
add_user (const char *name,
          const char *role,
          const char *district)
{
  if (district != NULL)
    server_cli (PASSWORD "\n", "user", "add", name, "--role", role, "--district", district,
                "--password-stdin", "--data-dir", S.server_dir, NULL);
  else
    server_cli (PASSWORD "\n", "user", "add", name, "--role", role, "--password-stdin",
                "--data-dir", S.server_dir, NULL);
}

/* The server ends with the test, even one that crashed. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts the server; its stdout goes to a file where we wait for
 * "listening on URL". */
static void
server_start (void)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GError) error = NULL;
  g_autofree char *log = NULL;
  gint64           deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_nonnull (g_getenv ("DANGQUN_SERVER"));
  S.dir = g_dir_make_tmp ("dangqun-pages-XXXXXX", &error);
  g_assert_no_error (error);
  S.server_dir = g_build_filename (S.dir, "server", NULL);
  g_assert_cmpint (g_mkdir_with_parents (S.server_dir, 0700), ==, 0);
  add_user ("pingshan", "staff", PINGSHAN);
  add_user ("pingshan2", "staff", PINGSHAN);
  add_user ("city", "admin", NULL);
  /* The district's records, as the desk's demo replica has them. */
  server_cli (NULL, "seed", "--demo", "--district", PINGSHAN, "--scale", "0.1", "--data-dir",
              S.server_dir, NULL);

  log = g_build_filename (S.dir, "server.out", NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  S.server = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DANGQUN_SERVER"), "serve",
                                          "--data-dir", S.server_dir, "--listen", "127.0.0.1:0",
                                          NULL);
  g_assert_no_error (error);

  for (;;)
    {
      g_autofree char *text = NULL;
      const char      *line;

      if (g_file_get_contents (log, &text, NULL, NULL) &&
          (line = strstr (text, "listening on ")) != NULL && strchr (line, '\n') != NULL)
        {
          S.url = g_strndup (line + 13, strcspn (line + 13, "\r\n"));
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

  if (S.server == NULL)
    return;
  g_subprocess_send_signal (S.server, SIGTERM);
  g_subprocess_wait (S.server, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&S.server);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Helpers */

static char *
format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  GString         *out = g_string_new (NULL);
  gsize            len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static gint64
count_where (const char *table,
             const char *column,
             const char *value)
{
  g_autoptr (DqQuery) query = dq_query_new (table);
  g_autoptr (GError) error = NULL;
  gint64 n;

  if (column != NULL)
    dq_query_where_text (query, column, value);
  n = dq_store_count (S.store, query, &error);
  g_assert_no_error (error);
  return n;
}

static gint64
count_lost (void)
{
  g_autoptr (DqQuery) query = dq_query_new ("member");
  g_autoptr (GError) error = NULL;
  gint64 n;

  dq_query_where_int (query, "lost_contact", 1);
  n = dq_store_count (S.store, query, &error);
  g_assert_no_error (error);
  return n;
}

static const char *
label_text (GtkWidget  *root,
            const char *id)
{
  GtkWidget *widget = dq_test_app_find (root, id);

  g_assert_nonnull (widget);
  g_assert_true (GTK_IS_LABEL (widget));
  return gtk_label_get_label (GTK_LABEL (widget));
}

typedef struct {
  GtkWidget  *root;
  const char *id;
  const char *text; /* the label's text equals it … */
  const char *part; /* … or contains it */
} LabelWait;

static gboolean
label_matches (gpointer data)
{
  LabelWait  *w = data;
  GtkWidget  *label = dq_test_app_find (w->root, w->id);
  const char *text;

  if (label == NULL || !gtk_widget_get_visible (label))
    return FALSE;
  text = gtk_label_get_label (GTK_LABEL (label));
  if (w->text != NULL)
    return g_strcmp0 (text, w->text) == 0;
  return strstr (text, w->part) != NULL;
}

static void
wait_label_is (GtkWidget  *root,
               const char *id,
               const char *text)
{
  LabelWait w = { root, id, text, NULL };

  if (!dq_test_app_wait_for (label_matches, &w, WAIT_MS))
    g_error ("%s shows “%s”, not “%s”", id, label_text (root, id), text);
}

static void
wait_label_has (GtkWidget  *root,
                const char *id,
                const char *part)
{
  LabelWait w = { root, id, NULL, part };

  if (!dq_test_app_wait_for (label_matches, &w, WAIT_MS))
    g_error ("%s shows “%s”, without “%s”", id, label_text (root, id), part);
}

/* The row titled @title under @root, whose text then shows @count. */
static void
assert_row_count (GtkWidget  *root,
                  const char *title,
                  gint64      count)
{
  GtkWidget       *row = dq_test_app_find_type (root, ADW_TYPE_ACTION_ROW, title);
  g_autofree char *text = format_count (count);

  if (row == NULL)
    g_error ("no row “%s”", title);
  if (dq_test_app_find_type (row, GTK_TYPE_LABEL, text) == NULL)
    g_error ("row “%s” does not show %s", title, text);
}

static char *
first_id (const char *sql)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = dq_store_select (S.store, sql, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 0);
  return g_strdup (((GStrv) g_ptr_array_index (rows, 0))[0]);
}

static void
write_phone (const char *phone)
{
  g_autofree char *id = first_id ("SELECT id FROM member WHERE deleted = 0 ORDER BY id LIMIT 1");
  g_autoptr (DqRecord) edit = dq_record_new_for ("member", id);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (edit, "phone", phone);
  g_assert_true (dq_store_write (S.store, edit, &error));
  g_assert_no_error (error);
}

static gboolean
engine_pending_is (gpointer data)
{
  return dq_sync_engine_get_pending (S.engine) == GPOINTER_TO_UINT (data);
}

static gboolean
is_nonzero (gpointer data)
{
  return *(guint *) data != 0;
}

static gboolean
engine_needs_login (gpointer data)
{
  DqSyncEngine *engine = data;

  return dq_sync_engine_get_state (engine) == DQ_SYNC_STATE_NEEDS_LOGIN;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Clicks the button of @dialog labelled @label, as the user would. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  GtkWidget *button = dq_test_app_find_type (GTK_WIDGET (dialog), GTK_TYPE_BUTTON, label);

  if (button == NULL)
    g_error ("no button “%s” in the dialog", label);
  gtk_widget_activate (button);
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
close_window (GtkWindow *window,
              GtkWidget *page)
{
  GtkWidget *watched = page;

  g_object_add_weak_pointer (G_OBJECT (watched), (gpointer *) &watched);
  gtk_window_destroy (window);
  dq_test_app_wait (50);
  g_assert_null (watched);
}

static void
counted_cb (guint *count)
{
  (*count)++;
}

/* The overview */

static void
test_overview (void)
{
  GtkWidget *page = dq_overview_page_new (S.store, S.engine);
  GtkWindow *window = dq_test_app_window (page, 1280, 800);
  gint64     orgs = count_where ("org", NULL, NULL);
  gint64     members = count_where ("member", NULL, NULL);
  gint64     probation = count_where ("member", "category", "预备");
  gint64     flowing = count_where ("member", "flowing", "流入") +
                   count_where ("member", "flowing", "流出");
  gint64           lost = count_lost ();
  g_autofree char *orgs_text = format_count (orgs);
  g_autofree char *members_text = format_count (members);
  g_autofree char *more_text = format_count (members + 1);
  g_autofree char *flowing_text = format_count (flowing);
  g_autofree char *lost_text = format_count (lost);
  g_autofree char *probation_n = format_count (probation);
  g_autofree char *probation_text = g_strdup_printf ("预备 %s", probation_n);
  g_autofree char *path = NULL;
  g_autofree char *org_id = NULL;
  g_autoptr (DqRecord) member = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *kinds, *domains, *recent, *first;

  g_assert_cmpint (orgs, >, 10);
  g_assert_cmpint (members, >, 100);
  g_assert_cmpint (probation, >, 0);
  g_assert_cmpint (flowing, >, 0);

  /* The big numbers are the replica's counts. */
  wait_label_is (page, "orgs_total_label", orgs_text);
  wait_label_is (page, "members_total_label", members_text);
  wait_label_is (page, "flowing_total_label", flowing_text);
  wait_label_is (page, "lost_total_label", lost_text);
  wait_label_has (page, "members_detail_label", probation_text);
  wait_label_has (page, "title_label", "坪山区");

  /* By kind and by domain, each row as counted in SQL. */
  kinds = dq_test_app_find (page, "kinds_list");
  domains = dq_test_app_find (page, "domains_list");
  assert_row_count (kinds, "党支部", count_where ("org", "kind", "党支部"));
  assert_row_count (kinds, "党委", count_where ("org", "kind", "党委"));
  assert_row_count (domains, "非公企业", count_where ("org", "domain", "非公企业"));
  assert_row_count (dq_test_app_find (page, "members_list"), "预备党员", probation);
  assert_row_count (dq_test_app_find (page, "members_list"), "失联党员", lost);

  /* The page is in Chinese: no English heading slipped through. */
  g_assert_nonnull (dq_test_app_find_type (page, GTK_TYPE_LABEL, "最近更改"));

  path = dq_test_app_screenshot (GTK_WIDGET (window), "overview");
  g_test_message ("screenshot: %s", path);

  /* A new member: counted, and first among the recent changes. */
  org_id = first_id ("SELECT id FROM org WHERE deleted = 0 AND kind = '党支部' LIMIT 1");
  member = dq_record_new_for ("member", NULL);
  dq_record_set_text (member, "district", PINGSHAN);
  dq_record_set_text (member, "name", "测试新党员");
  dq_record_set_text (member, "org_id", org_id);
  dq_record_set_text (member, "category", "预备");
  g_assert_true (dq_store_write (S.store, member, &error));
  g_assert_no_error (error);

  wait_label_is (page, "members_total_label", more_text);
  recent = dq_test_app_find (page, "recent_list");
  first = gtk_widget_get_first_child (recent);
  g_assert_true (ADW_IS_ACTION_ROW (first));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "测试新党员");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), "新建党员"));

  close_window (window, page);
}

/* Signing in */

static void
set_field (GtkWidget  *page,
           const char *id,
           const char *text)
{
  GtkWidget *row = dq_test_app_find (page, id);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
test_login (void)
{
  GtkWidget       *page = dq_login_page_new (S.engine);
  GtkWindow       *window = dq_test_app_window (page, 1280, 800);
  GtkWidget       *button = dq_test_app_find (page, "login_button");
  guint            signed_in = 0, demo = 0;
  g_autofree char *path = NULL;

  g_signal_connect_swapped (page, "signed-in", G_CALLBACK (counted_cb), &signed_in);
  g_signal_connect_swapped (page, "explore-demo", G_CALLBACK (counted_cb), &demo);
  g_assert_nonnull (button);
  g_assert_nonnull (dq_test_app_find_type (page, ADW_TYPE_STATUS_PAGE, "党群通"));

  path = dq_test_app_screenshot (GTK_WIDGET (window), "login");
  g_test_message ("screenshot: %s", path);

  /* Nothing typed: said next to the field, nothing sent. */
  gtk_widget_activate (button);
  wait_label_has (page, "error_label", "服务器地址");

  /* No server there. */
  set_field (page, "server_row", "http://127.0.0.1:1");
  set_field (page, "user_row", "pingshan");
  set_field (page, "password_row", PASSWORD);
  gtk_widget_activate (button);
  wait_label_has (page, "error_label", "无法连接");
  g_assert_cmpuint (signed_in, ==, 0);

  /* Not an address. */
  set_field (page, "server_row", "ftp://example.org");
  gtk_widget_activate (button);
  wait_label_has (page, "error_label", "http://");

  /* The wrong password. */
  set_field (page, "server_row", S.url);
  set_field (page, "password_row", "not the password");
  gtk_widget_activate (button);
  wait_label_has (page, "error_label", "用户名或密码不正确");
  g_assert_cmpuint (signed_in, ==, 0);
  g_assert_null (dq_sync_engine_get_user (S.engine));
  g_assert_true (gtk_widget_has_css_class (dq_test_app_find (page, "password_row"), "error"));
  g_free (dq_test_app_screenshot (GTK_WIDGET (window), "login-error"));

  /* Typing again clears the error. */
  set_field (page, "password_row", PASSWORD);
  g_assert_false (gtk_widget_get_visible (dq_test_app_find (page, "error_label")));

  /* Enter in the password field signs in. */
  g_signal_emit_by_name (dq_test_app_find (page, "password_row"), "entry-activated");
  g_assert_true (dq_test_app_wait_for (is_nonzero, &signed_in, WAIT_MS));
  g_assert_cmpuint (signed_in, ==, 1);
  g_assert_cmpstr (dq_sync_engine_get_user (S.engine), ==, "pingshan");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dq_test_app_find (page, "password_row"))),
                   ==, "");

  /* The address and the user are offered again next time (never the
   * password). */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr (GSettingsSchema) schema = source != NULL
                                             ? g_settings_schema_source_lookup (source, APP_ID, TRUE)
                                             : NULL;

    if (schema != NULL)
      {
        g_autoptr (GSettings) settings = g_settings_new_full (schema, NULL, NULL);
        g_autofree char *server = g_settings_get_string (settings, "server-url");
        g_autofree char *user = g_settings_get_string (settings, "last-user");

        g_assert_cmpstr (server, ==, dq_sync_engine_get_server (S.engine));
        g_assert_cmpstr (user, ==, "pingshan");
      }
  }

  /* The demo button says so, and signs nobody in. */
  gtk_widget_activate (dq_test_app_find (page, "demo_button"));
  g_assert_true (dq_test_app_wait_for (is_nonzero, &demo, WAIT_MS));
  g_assert_cmpuint (signed_in, ==, 1);

  close_window (window, page);
}

/* Syncing */

typedef enum {
  OP_REFRESH,
  OP_LOGIN,
  OP_SYNC,
} Op;

typedef struct {
  DqStore      *store;
  DqSyncEngine *engine;
  Op            op;
  gboolean      done;
  GError       *error;
} Job;

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job          *job = user_data;
  DqSyncEngine *engine = DQ_SYNC_ENGINE (source);

  switch (job->op)
    {
    case OP_LOGIN:
      dq_sync_engine_login_finish (engine, result, &job->error);
      break;
    case OP_SYNC:
      dq_sync_engine_sync_finish (engine, result, &job->error);
      break;
    case OP_REFRESH:
    default:
      dq_sync_engine_refresh_finish (engine, result, &job->error);
      break;
    }
  job->done = TRUE;
}

static gboolean
job_is_done (gpointer data)
{
  return ((Job *) data)->done;
}

static void
run_job (Job *job,
         Op   op)
{
  job->op = op;
  job->done = FALSE;
  if (op == OP_LOGIN)
    dq_sync_engine_login_async (job->engine, S.url, "city", PASSWORD, DQ_SYNC_LOGIN_NONE, NULL,
                                job_done_cb, job);
  else if (op == OP_SYNC)
    dq_sync_engine_sync_async (job->engine, NULL, job_done_cb, job);
  else
    dq_sync_engine_refresh_async (job->engine, NULL, job_done_cb, job);
  g_assert_true (dq_test_app_wait_for (job_is_done, job, WAIT_MS));
  g_assert_no_error (job->error);
}

/* An administrator's desk writes a city-level row (readable by every
 * district, writable by administrators only). */
static void
write_city_org (void)
{
  g_autofree char *dir = g_build_filename (S.dir, "admin", NULL);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autoptr (DqRecord) org = dq_record_new_for ("org", NULL);
  g_autoptr (GError) error = NULL;
  Job job = { 0 };

  g_mkdir_with_parents (dir, 0700);
  job.store = dq_store_open (path, &error);
  g_assert_no_error (error);
  job.engine = dq_sync_engine_new (path);
  run_job (&job, OP_REFRESH);
  run_job (&job, OP_LOGIN);

  dq_record_set_text (org, "district", "440300");
  dq_record_set_text (org, "name", "深圳市党群服务中心党委");
  dq_record_set_text (org, "kind", "党委");
  g_assert_true (dq_store_write (job.store, org, &error));
  g_assert_no_error (error);
  dq_sync_engine_local_changed (job.engine);
  run_job (&job, OP_SYNC);
  g_assert_cmpuint (dq_sync_engine_get_pending (job.engine), ==, 0);

  g_assert_finalize_object (job.engine);
  g_assert_finalize_object (job.store);
}

static gboolean
synced_since (gpointer data)
{
  return dq_sync_engine_get_last_sync (S.engine) > *(gint64 *) data;
}

/* Clicks 立即同步 and waits until that sync succeeded. */
static void
click_sync (GtkWidget *page)
{
  gint64 before = dq_sync_engine_get_last_sync (S.engine);

  gtk_widget_activate (dq_test_app_find (page, "sync_button"));
  g_assert_true (dq_test_app_wait_for (synced_since, &before, WAIT_MS));
}

static gboolean
problems_cleared (gpointer data)
{
  GPtrArray *problems = dq_sync_engine_get_problems (S.engine);

  return (problems == NULL || problems->len == 0) &&
         !ADW_IS_EXPANDER_ROW (gtk_widget_get_first_child (GTK_WIDGET (data)));
}

static void
test_sync (void)
{
  GtkWidget       *page = dq_sync_page_new (S.store, S.engine);
  GtkWindow       *window = dq_test_app_window (page, 1280, 800);
  GtkWidget       *sync_button = dq_test_app_find (page, "sync_button");
  guint            pending = dq_sync_engine_get_pending (S.engine);
  g_autofree char *pending_text = g_strdup_printf ("%u", pending);
  g_autofree char *offline_text = g_strdup_printf ("离线，%u 项更改待同步", pending);
  g_autofree char *city_org = NULL;
  g_autofree char *path = NULL;
  g_autoptr (DqRecord) edit = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *problems, *row, *field;

  /* Signed in, never synced: the member the overview test added waits
   * (demo rows are not local changes). */
  g_assert_cmpuint (pending, >, 0);
  wait_label_is (page, "pending_label", pending_text);
  wait_label_is (page, "state_label", offline_text);
  wait_label_is (page, "user_label", "pingshan");
  wait_label_is (page, "districts_label", "坪山区");
  wait_label_is (page, "role_label", "工作人员");

  /* 立即同步 sends everything. */
  g_assert_true (gtk_widget_get_sensitive (sync_button));
  click_sync (page);
  wait_label_is (page, "pending_label", "0");
  wait_label_is (page, "state_label", "已同步");
  g_assert_true (gtk_widget_is_sensitive (sync_button));

  /* A local write: counted, and the state says it waits. */
  write_phone ("13912345678");
  wait_label_is (page, "pending_label", "1");
  wait_label_is (page, "state_label", "1 项更改待同步");
  click_sync (page);
  wait_label_is (page, "state_label", "已同步");

  /* A change the server refuses: a city-level record renamed from a
   * district desk. */
  write_city_org ();
  click_sync (page);
  wait_label_is (page, "state_label", "已同步");
  city_org = first_id ("SELECT id FROM org WHERE district = '440300'");
  edit = dq_record_new_for ("org", city_org);
  dq_record_set_text (edit, "name", "改名后的党委");
  g_assert_true (dq_store_write (S.store, edit, &error));
  g_assert_no_error (error);
  wait_label_is (page, "pending_label", "1");
  click_sync (page);
  wait_label_is (page, "pending_label", "0");

  problems = dq_test_app_find (page, "problems_list");
  row = gtk_widget_get_first_child (problems);
  g_assert_true (ADW_IS_EXPANDER_ROW (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "深圳市党群服务中心党委");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "无权修改其他辖区的记录"));
  /* Per field, with the schema's label: what was refused, what the server has. */
  field = dq_test_app_find_type (row, ADW_TYPE_ACTION_ROW, "组织名称");
  g_assert_nonnull (field);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (field)), "改名后的党委"));
  g_assert_nonnull (
      strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (field)), "深圳市党群服务中心党委"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);

  path = dq_test_app_screenshot (GTK_WIDGET (window), "sync");
  g_test_message ("screenshot: %s", path);

  /* 清除问题列表 */
  gtk_widget_activate (dq_test_app_find (page, "clear_button"));
  g_assert_true (dq_test_app_wait_for (problems_cleared, problems, WAIT_MS));
  g_assert_false (gtk_widget_is_sensitive (dq_test_app_find (page, "clear_button")));

  close_window (window, page);
}

/* Signing out */

static void
test_logout (void)
{
  GtkWidget        *page = dq_sync_page_new (S.store, S.engine);
  GtkWindow        *window = dq_test_app_window (page, 1280, 800);
  GtkWidget        *logout = dq_test_app_find (page, "logout_button");
  AdwMessageDialog *dialog;

  write_phone ("13712345678");
  g_assert_true (dq_test_app_wait_for (engine_pending_is, GUINT_TO_POINTER (1), WAIT_MS));
  wait_label_is (page, "pending_label", "1");

  /* Asked first; nothing is signed out while the question is open. */
  g_assert_true (gtk_widget_is_sensitive (logout));
  gtk_widget_activate (logout);
  g_assert_true (dq_test_app_wait_for (has_message_dialog, NULL, 5000));
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "1 项更改"));
  dq_test_app_wait (300);
  g_assert_cmpint (dq_sync_engine_get_state (S.engine), !=, DQ_SYNC_STATE_NEEDS_LOGIN);

  /* Cancelled: still signed in. */
  click_response (dialog, "取消(_C)");
  dq_test_app_wait (500);
  g_assert_null (find_message_dialog ());
  g_assert_cmpint (dq_sync_engine_get_state (S.engine), !=, DQ_SYNC_STATE_NEEDS_LOGIN);

  /* Confirmed: signed out, the change kept for the next sign-in. */
  gtk_widget_activate (logout);
  g_assert_true (dq_test_app_wait_for (has_message_dialog, NULL, 5000));
  click_response (find_message_dialog (), "退出登录(_S)");
  g_assert_true (dq_test_app_wait_for (engine_needs_login, S.engine, WAIT_MS));
  g_assert_cmpuint (dq_sync_engine_get_pending (S.engine), ==, 1);
  wait_label_is (page, "state_label", "需要重新登录");
  g_assert_false (gtk_widget_is_sensitive (logout));

  close_window (window, page);
}

/* Another account while this one's change waits: asked, then kept. */
static void
test_login_keep_pending (void)
{
  GtkWidget *page = dq_login_page_new (S.engine);
  GtkWindow *window = dq_test_app_window (page, 1280, 800);
  guint      signed_in = 0;

  g_signal_connect_swapped (page, "signed-in", G_CALLBACK (counted_cb), &signed_in);

  /* The account the replica belongs to is offered again. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dq_test_app_find (page, "server_row"))),
                   ==, dq_sync_engine_get_server (S.engine));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (dq_test_app_find (page, "user_row"))), ==,
                   "pingshan");

  set_field (page, "user_row", "pingshan2");
  set_field (page, "password_row", PASSWORD);
  gtk_widget_activate (dq_test_app_find (page, "login_button"));
  g_assert_true (dq_test_app_wait_for (has_message_dialog, NULL, WAIT_MS));
  g_assert_cmpuint (signed_in, ==, 0);
  g_assert_cmpint (dq_sync_engine_get_state (S.engine), ==, DQ_SYNC_STATE_NEEDS_LOGIN);

  click_response (find_message_dialog (), "保留并登录(_K)");
  g_assert_true (dq_test_app_wait_for (is_nonzero, &signed_in, WAIT_MS));
  g_assert_cmpstr (dq_sync_engine_get_user (S.engine), ==, "pingshan2");
  g_assert_cmpuint (dq_sync_engine_get_pending (S.engine), ==, 1);

  close_window (window, page);
}

/* The shortcuts window lists what the window binds. */
static void
test_shortcuts (void)
{
  g_autoptr (GtkBuilder) builder =
      gtk_builder_new_from_resource ("/io/github/dangqun/Dangqun/gtk/help-overlay.ui");
  GtkWidget  *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
  const char *accels[] = { "<ctrl>f", "<ctrl>n", "<ctrl>1", "<ctrl>2", "<ctrl>3",
                           "<ctrl>4", "<ctrl>5", "<ctrl>6", "<ctrl>r", "<ctrl>comma", "<ctrl>question", "<ctrl>q",
                           "<ctrl>s", "Escape" };

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      gboolean found = FALSE;
      GSList  *objects = gtk_builder_get_objects (builder);

      for (GSList *l = objects; l != NULL && !found; l = l->next)
        if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
          {
            g_autofree char *accel = NULL;
            g_autofree char *title = NULL;

            g_object_get (l->data, "accelerator", &accel, "title", &title, NULL);
            /* Titles are translated: no English left. */
            g_assert_false (g_regex_match_simple ("^[A-Za-z ]+$", title, 0, 0));
            found = g_strcmp0 (accel, accels[i]) == 0;
          }
      g_slist_free (objects);
      if (!found)
        g_error ("the shortcuts window does not list %s", accels[i]);
    }
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* Preferences */

static void
test_preferences (void)
{
  GtkWidget *window = dq_preferences_window_new (NULL, S.store, S.engine);
  GtkWidget *watched = window;
  GtkWidget *row;

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 800);
  gtk_window_present (GTK_WINDOW (window));
  dq_test_app_wait (500);

  row = dq_test_app_find (window, "folder_row");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   dq_test_app_data_dir ());
  row = dq_test_app_find (window, "user_row");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "pingshan2"));
  assert_row_count (dq_test_app_find (window, "counts_list"), "党员",
                    count_where ("member", NULL, NULL));
  assert_row_count (dq_test_app_find (window, "counts_list"), "党组织",
                    count_where ("org", NULL, NULL));

  g_free (dq_test_app_screenshot (window, "preferences"));

  g_object_add_weak_pointer (G_OBJECT (watched), (gpointer *) &watched);
  gtk_window_destroy (GTK_WINDOW (window));
  dq_test_app_wait (50);
  g_assert_null (watched);
}

int
main (int    argc,
      char **argv)
{
  int status;

  dq_test_app_init (&argc, &argv);

  S.store = dq_test_app_demo_store (0.1);
  S.engine = dq_test_app_engine (S.store);
  /* What the application does: local writes reach the engine. */
  g_signal_connect_swapped (S.store, "changed", G_CALLBACK (dq_sync_engine_local_changed),
                            S.engine);
  server_start ();

  g_test_add_func ("/pages/overview", test_overview);
  g_test_add_func ("/pages/login", test_login);
  g_test_add_func ("/pages/sync", test_sync);
  g_test_add_func ("/pages/logout", test_logout);
  g_test_add_func ("/pages/login-keep-pending", test_login_keep_pending);
  g_test_add_func ("/pages/preferences", test_preferences);
  g_test_add_func ("/pages/shortcuts", test_shortcuts);
  status = g_test_run ();

  g_signal_handlers_disconnect_by_data (S.store, S.engine);
  g_assert_finalize_object (S.engine);
  g_assert_finalize_object (S.store);
  server_stop ();
  remove_tree (S.dir);
  g_free (S.dir);
  g_free (S.server_dir);
  g_free (S.url);
  return status;
}
