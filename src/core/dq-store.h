/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqStore: one replica. A SQLite database (WAL) with a typed table per
 * entity; each row carries its cells' stamps and the local version at which
 * it last changed. Every write is one transaction that validates first.
 * Owned by the application (or the server, or the CLI); not thread-safe: use
 * it from one thread. */
#pragma once

#include <glib-object.h>

#include "dq-types.h"
#include "dq-record.h"

G_BEGIN_DECLS

#define DQ_TYPE_STORE (dq_store_get_type ())
G_DECLARE_FINAL_TYPE (DqStore, dq_store, DQ, STORE, GObject)

#define DQ_STORE_ERROR (dq_store_error_quark ())
typedef enum {
  DQ_STORE_ERROR_SQLITE,
  DQ_STORE_ERROR_NOT_FOUND,
  DQ_STORE_ERROR_NEWER_SCHEMA, /* the file was made by a newer Dangqun */
} DqStoreError;

GQuark dq_store_error_quark (void);

/* How one incoming change fared in dq_store_apply(). */
typedef enum {
  DQ_APPLY_APPLIED,  /* won at least one cell */
  DQ_APPLY_STALE,    /* every cell lost or was already there */
  DQ_APPLY_REJECTED, /* invalid; see the error code */
} DqApplyStatus;

typedef enum {
  DQ_APPLY_FLAGS_NONE = 0,
  /* The changes come from our upstream hub: changes_since() with
   * DQ_CHANGES_SKIP_UPSTREAM will not send them back. */
  DQ_APPLY_FLAGS_UPSTREAM = 1 << 0,
  /* Reject changes whose hlc is over 10 minutes ahead of our wall clock. */
  DQ_APPLY_FLAGS_CHECK_SKEW = 1 << 1,
} DqApplyFlags;

typedef struct {
  DqApplyStatus status;
  int           error;   /* DqSchemaError, or -1 for clock_skew; when REJECTED */
  char         *message; /* when REJECTED */
} DqApplyResult;

typedef enum {
  DQ_CHANGES_ALL = 0,
  DQ_CHANGES_SKIP_UPSTREAM = 1 << 0,
} DqChangesFlags;

typedef enum {
  DQ_DUMP_VALUES = 0,
  DQ_DUMP_STAMPS = 1 << 0,
} DqDumpFlags;

typedef struct {
  char   *column;
  DqValue value;
  guint64 hlc;
  char    node[33];
  char   *author;
} DqHistoryEntry;

void dq_history_entry_free (DqHistoryEntry *entry);

/* Opens (creating or upgrading) the replica at @path; ":memory:" works. */
DqStore    *dq_store_open (const char *path,
                           GError    **error);
const char *dq_store_get_path (DqStore *self);
const char *dq_store_get_node (DqStore *self);
DqHlc      *dq_store_get_clock (DqStore *self);
/* The user name recorded with local writes in the history. */
void        dq_store_set_author (DqStore *self, const char *author);
const char *dq_store_get_author (DqStore *self);
guint64     dq_store_get_version (DqStore *self); /* local version counter */
/* The connection's page cache: 64 MiB by default, for merging large pulls;
 * a connection that mostly lists (the desktop's) does well with less. */
void dq_store_set_cache_size (DqStore *self,
                              guint    kib);

/* Small persistent settings of the replica (sync cursor, server, user). */
char    *dq_store_get_meta (DqStore *self, const char *key);
gboolean dq_store_set_meta (DqStore    *self,
                            const char *key,
                            const char *value, /* NULL removes */
                            GError    **error);

/* Local writes. @record names the columns to write; a record without an id
 * is a new row and gets one (UUID v7), set on the record. All columns get
 * one new stamp. Validation first (cells, then the merged row); nothing is
 * written if any record is invalid. */
gboolean dq_store_write (DqStore  *self,
                         DqRecord *record,
                         GError  **error);
gboolean dq_store_write_many (DqStore   *self,
                              DqRecord **records,
                              guint      n_records,
                              GError   **error);
/* As dq_store_write() for a record whose id the caller derived from what
 * the row is about (the same on every replica, see dq-activity.h): the row
 * is created with that id when this replica does not have it yet. */
gboolean dq_store_write_named (DqStore  *self,
                               DqRecord *record,
                               GError  **error);
gboolean dq_store_delete (DqStore    *self,
                          const char *table,
                          const char *id,
                          GError    **error);
gboolean dq_store_undelete (DqStore    *self,
                            const char *table,
                            const char *id,
                            GError    **error);

/* Remote changes, merged by the last-writer-wins rule, in one transaction.
 * @results (optional) gets one entry per change. Tables whose rows changed
 * emit ::changed after the commit. */
gboolean dq_store_apply (DqStore       *self,
                         DqChange     **changes,
                         guint          n_changes,
                         DqApplyFlags   flags,
                         DqApplyResult *results,
                         GError       **error);
/* As dq_store_apply(), and saves @meta_key = @meta_value in the same
 * transaction: a pulled page and the cursor after it land together. */
gboolean dq_store_apply_page (DqStore       *self,
                              DqChange     **changes,
                              guint          n_changes,
                              DqApplyFlags   flags,
                              DqApplyResult *results,
                              const char    *meta_key,
                              const char    *meta_value,
                              GError       **error);
void     dq_apply_result_clear (DqApplyResult *result);

/* Where a reader of changes_since() stands. A reader at (base, pos) has
 * every cell changed here up to local version base, and the rows whose last
 * change is at or before pos; base == pos once caught up. A row changed
 * again moves past pos, and is then sent with all its cells after base, so
 * paging never skips a change. */
typedef struct {
  guint64 base;
  guint64 pos;
} DqCursor;

#define DQ_CURSOR_INIT \
  {                    \
    0, 0               \
  }

/* Changes after @cursor, oldest first, at most @limit rows' worth (0: no
 * limit); advances @cursor. *@more tells whether anything is left. */
GPtrArray *dq_store_changes_since (DqStore       *self,
                                   DqCursor      *cursor,
                                   guint          limit,
                                   DqChangesFlags flags,
                                   gboolean      *more,
                                   GError       **error);
/* The same for a reader that sees only rows of @districts (NULL-terminated;
 * NULL: all). A row that moved out of them reaches the reader as a change
 * of its district cell alone; a row that moved in comes whole. */
GPtrArray *dq_store_changes_for (DqStore           *self,
                                 DqCursor          *cursor,
                                 guint              limit,
                                 DqChangesFlags     flags,
                                 const char *const *districts,
                                 gboolean          *more,
                                 GError           **error);
/* Text form of a cursor for the wire ("12" or "8.12"), and back. */
char    *dq_cursor_to_string (const DqCursor *cursor);
gboolean dq_cursor_parse (const char *text,
                          DqCursor   *cursor);
/* The winning cells of one row as changes (one per stamp), NULL if absent. */
GPtrArray *dq_store_row_changes (DqStore    *self,
                                 const char *table,
                                 const char *id,
                                 GError    **error);

/* Reads. */
DqRecord  *dq_store_get (DqStore    *self,
                         const char *table,
                         const char *id,
                         GError    **error);
GPtrArray *dq_store_list (DqStore *self,
                          DqQuery *query,
                          GError **error);
gint64     dq_store_count (DqStore *self,
                           DqQuery *query,
                           GError **error);
/* Members by any part of name, phone or ID number; organizations (and other
 * tables with search columns) by any part of name. Newest index order. */
GPtrArray *dq_store_search (DqStore    *self,
                            const char *table,
                            const char *text,
                            guint       limit,
                            GError    **error);

/* A read-only SELECT (counts and summaries for the UI): one GStrv per row
 * with SQL NULL as "", parameters bound as text from @params (NULL-terminated,
 * may be NULL). Write statements are refused. */
GPtrArray *dq_store_select (DqStore           *self,
                            const char        *sql,
                            const char *const *params,
                            GError           **error);

/* A row that left this replica's scope: its cells and stamps go. */
gboolean dq_store_purge (DqStore    *self,
                         const char *table,
                         const char *id,
                         GError    **error);

/* In one transaction: purges @rows ("table/id", NULL-terminated), then
 * merges @changes and saves @meta_key (a refused row back to the server's
 * state, with the push cursor). */
gboolean dq_store_replace_rows (DqStore           *self,
                                const char *const *rows,
                                DqChange         **changes,
                                guint              n_changes,
                                DqApplyFlags       flags,
                                const char        *meta_key,
                                const char        *meta_value,
                                GError           **error);
/* Purges, in one transaction, every row whose district is not one of
 * @districts, except the "table/id" keys in @keep (may be NULL);
 * *@purged_tables gets a bit (DqTable.index) per table that lost rows. */
gboolean dq_store_purge_outside (DqStore           *self,
                                 const char *const *districts,
                                 GHashTable        *keep,
                                 guint64           *purged_tables,
                                 GError           **error);

/* Canonical NDJSON of every row, sorted by table and id, keys sorted. */
gboolean dq_store_dump (DqStore    *self,
                        GString    *out,
                        DqDumpFlags flags,
                        GError    **error);

/* What this replica knows of a row's past values, newest first. */
GPtrArray *dq_store_history (DqStore    *self,
                             const char *table,
                             const char *id,
                             GError    **error);

/* A new UUID v7 (time-ordered) in lowercase text. */
char *dq_uuid_v7 (void);

/* Queries for dq_store_list() and dq_store_count(). */
DqQuery *dq_query_new (const char *table);
void     dq_query_free (DqQuery *query);
void     dq_query_where_text (DqQuery *query, const char *column, const char *value);
void     dq_query_where_int (DqQuery *query, const char *column, gint64 value);
void     dq_query_where_null (DqQuery *query, const char *column);
void     dq_query_include_deleted (DqQuery *query, gboolean include);
void     dq_query_order_by (DqQuery *query, const char *column, gboolean descending);
void     dq_query_set_range (DqQuery *query, guint offset, guint limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqQuery, dq_query_free)

G_END_DECLS
