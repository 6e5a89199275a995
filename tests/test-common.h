/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Small helpers shared by the store tests: a replica in a temporary folder
 * with a clock the test drives, and records built in one line. */
#pragma once

#include <glib/gstdio.h>
#include <string.h>

#include "dq-hlc.h"
#include "dq-record.h"
#include "dq-schema.h"
#include "dq-store.h"
#include "dq-store-private.h"

typedef struct {
  gint64 ms;
} TestWall;

static inline gint64
test_wall_ms (gpointer data)
{
  return ((TestWall *) data)->ms;
}

/* A fresh replica under @dir; @wall may be NULL for the real clock. */
static inline DqStore *
test_store_new (const char *dir,
                const char *name,
                TestWall   *wall)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  DqStore *store = dq_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  /* Durability against power cuts is not what these tests are about. */
  sqlite3_exec (dq_store_get_db (store), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
  if (wall != NULL)
    dq_hlc_set_wall_clock (dq_store_get_clock (store), test_wall_ms, wall);
  return store;
}

static inline char *
test_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("dangqun-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
test_rmdir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

/* A valid member (GB 11643 check character computed), ready to write. */
static inline DqRecord *
test_member (const char *district,
             const char *org_id,
             const char *name,
             const char *phone,
             const char *id_number)
{
  DqRecord *r = dq_record_new_for ("member", NULL);

  dq_record_set_text (r, "district", district);
  dq_record_set_text (r, "org_id", org_id);
  dq_record_set_text (r, "name", name);
  dq_record_set_text (r, "category", "正式");
  if (phone)
    dq_record_set_text (r, "phone", phone);
  if (id_number)
    dq_record_set_text (r, "id_number", id_number);
  return r;
}

/* Equal dumps, or a failure that shows the first line that differs rather
 * than two whole replicas. */
static inline void
test_assert_same_dump (const char *a,
                       const char *b)
{
  guint line = 1;

  /* The first line that differs, found without splitting two large dumps. */
  while (*a != '\0' || *b != '\0')
    {
      const char *ea = strchr (a, '\n');
      const char *eb = strchr (b, '\n');
      gsize       la = ea ? (gsize) (ea - a) : strlen (a);
      gsize       lb = eb ? (gsize) (eb - b) : strlen (b);

      if (la != lb || memcmp (a, b, la) != 0)
        g_error ("dumps differ at line %u:\n  %.*s\n  %.*s", line, (int) la, a, (int) lb, b);
      a += la + (ea ? 1 : 0);
      b += lb + (eb ? 1 : 0);
      line++;
    }
}
