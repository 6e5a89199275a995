/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqOverviewPage: the district at a glance — totals, organizations by kind
 * and by domain, members by category, flowing and lost-contact members, the
 * latest changes and where sync stands. The counts are SQL aggregates run on
 * the main thread (the store is single-threaded): after the window's first
 * frame, then at most every half second after the store or the engine
 * reports a change — less often when the last run was slow — and only while
 * the page is shown. Owned by the window; reads the store and the engine it
 * is given, holds no records. */
#define G_LOG_DOMAIN "dq-overview-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dq-codes.h"
#include "dq-format.h"
#include "dq-hlc.h"
#include "dq-overview-page.h"
#include "dq-schema.h"
#include "dq-sync-page.h"

#define REFRESH_DELAY_MS 500
#define N_RECENT         8

struct _DqOverviewPage {
  AdwBin parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;

  guint    refresh_id;
  gboolean dirty;
  gint64   last_cost_us;
  /* What each list shows, so an unchanged list is not rebuilt under the
   * user's pointer. */
  char *kinds_key;
  char *domains_key;
  char *members_key;
  char *recent_key;

  GtkLabel     *title_label;
  GtkLabel     *subtitle_label;
  GtkLabel     *orgs_total_label;
  GtkLabel     *orgs_detail_label;
  GtkLabel     *members_total_label;
  GtkLabel     *members_detail_label;
  GtkLabel     *flowing_total_label;
  GtkLabel     *flowing_detail_label;
  GtkLabel     *lost_total_label;
  GtkLabel     *lost_detail_label;
  GtkListBox   *kinds_list;
  GtkListBox   *domains_list;
  GtkListBox   *members_list;
  GtkListBox   *recent_list;
  AdwActionRow *sync_row;
  GtkImage     *sync_icon;
};

G_DEFINE_FINAL_TYPE (DqOverviewPage, dq_overview_page, ADW_TYPE_BIN)

/* One counted value of a breakdown. */
typedef struct {
  char  *label;
  gint64 count;
} Tally;

/* One row of the recent changes. */
typedef struct {
  const char *table;
  char       *id;
  char       *name;
  char       *org_name;
  guint64     lver;
} Recent;

static void
tally_free (gpointer data)
{
  Tally *tally = data;

  g_free (tally->label);
  g_free (tally);
}

static void
recent_free (gpointer data)
{
  Recent *recent = data;

  g_free (recent->id);
  g_free (recent->name);
  g_free (recent->org_name);
  g_free (recent);
}

/* "504,866": digits grouped by thousands whatever the locale says. */
static char *
format_count (gint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (n));
  GString         *out = g_string_new (n < 0 ? "-" : "");
  gsize            len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
format_share (gint64 part,
              gint64 whole)
{
  if (whole <= 0)
    return g_strdup ("");
  /* TRANSLATORS: a share of all members, e.g. "0.5% of members" */
  return g_strdup_printf (_ ("%.1f%% of members"), 100.0 * (double) part / (double) whole);
}

static gint64
cell_int (GStrv row,
          guint i)
{
  return g_ascii_strtoll (row[i], NULL, 10);
}

static void
set_count (GtkLabel *label,
           gint64    n)
{
  g_autofree char *text = format_count (n);

  gtk_label_set_label (label, text);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
placeholder_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

/* A row "label ———— 1,234": the bar shows the share of @whole. */
static GtkWidget *
tally_row (const char *label,
           gint64      count,
           gint64      whole)
{
  GtkWidget       *row = adw_action_row_new ();
  GtkWidget       *bar = gtk_level_bar_new_for_interval (0.0, 1.0);
  GtkWidget       *value;
  g_autofree char *text = format_count (count);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);

  /* No low/high colours: a share is not a warning. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), whole > 0 ? (double) count / (double) whole : 0.0);
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_can_target (bar, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);

  value = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (value), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (value), 7);
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

/* Fills @list with @tallies unless it already shows them. */
static void
show_tallies (GtkListBox *list,
              char      **key,
              GPtrArray  *tallies,
              gint64      whole,
              const char *empty_text)
{
  g_autoptr (GString) now = g_string_new (NULL);

  g_string_append_printf (now, "%" G_GINT64_FORMAT "\n", whole);
  for (guint i = 0; i < tallies->len; i++)
    {
      const Tally *t = g_ptr_array_index (tallies, i);

      g_string_append_printf (now, "%s\t%" G_GINT64_FORMAT "\n", t->label, t->count);
    }
  if (g_strcmp0 (*key, now->str) == 0)
    return;
  g_free (*key);
  *key = g_strdup (now->str);

  clear_list (list);
  for (guint i = 0; i < tallies->len; i++)
    {
      const Tally *t = g_ptr_array_index (tallies, i);

      gtk_list_box_append (list, tally_row (t->label, t->count, whole));
    }
  if (tallies->len == 0)
    gtk_list_box_append (list, placeholder_row (empty_text));
}

static GPtrArray *
select_rows (DqOverviewPage    *self,
             const char        *sql,
             const char *const *params)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *rows = dq_store_select (self->store, sql, params, &error);

  if (rows == NULL)
    {
      g_warning ("Overview query failed: %s", error->message);
      return g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    }
  return rows;
}

static const char *
code_label (const char *list_name,
            const char *code)
{
  const char *label = dq_code_list_label (dq_code_list_lookup (list_name), code);

  return label != NULL ? label : code;
}

/* Adds @count to the tally of @label in @tallies (kept in first-seen order). */
static void
tally_add (GPtrArray  *tallies,
           const char *label,
           gint64      count)
{
  Tally *tally;

  for (guint i = 0; i < tallies->len; i++)
    {
      tally = g_ptr_array_index (tallies, i);
      if (g_str_equal (tally->label, label))
        {
          tally->count += count;
          return;
        }
    }
  tally = g_new0 (Tally, 1);
  tally->label = g_strdup (label);
  tally->count = count;
  g_ptr_array_add (tallies, tally);
}

static int
tally_compare_desc (gconstpointer a,
                    gconstpointer b)
{
  const Tally *ta = *(const Tally *const *) a;
  const Tally *tb = *(const Tally *const *) b;

  return ta->count < tb->count ? 1 : ta->count > tb->count ? -1
                                                           : 0;
}

static void
refresh_heading (DqOverviewPage *self)
{
  const char *const *districts = dq_sync_engine_get_districts (self->engine);
  g_autoptr (GString) names = g_string_new (NULL);
  g_autofree char *now = dq_format_time_ms (g_get_real_time () / 1000);
  g_autofree char *subtitle = NULL;

  if (districts != NULL)
    for (guint i = 0; districts[i] != NULL; i++)
      {
        const DqDistrict *d = dq_district_lookup (districts[i]);

        if (names->len > 0)
          g_string_append (names, C_ ("list separator", ", "));
        g_string_append (names, d != NULL ? d->name : districts[i]);
      }
  if (names->len == 0)
    {
      /* Never signed in (or the demo): the district most rows belong to. */
      g_autoptr (GPtrArray) rows = select_rows (self,
                                                "SELECT district FROM org WHERE deleted = 0 "
                                                "GROUP BY district ORDER BY count(*) DESC LIMIT 1",
                                                NULL);

      if (rows->len > 0)
        {
          GStrv             row = g_ptr_array_index (rows, 0);
          const DqDistrict *d = dq_district_lookup (row[0]);

          g_string_append (names, d != NULL ? d->name : row[0]);
        }
    }

  if (names->len > 0)
    {
      /* TRANSLATORS: page heading, e.g. "坪山区 at a glance" */
      g_autofree char *title = g_strdup_printf (_ ("%s at a Glance"), names->str);

      gtk_label_set_label (self->title_label, title);
    }
  else
    gtk_label_set_label (self->title_label, _ ("Overview"));

  /* TRANSLATORS: %s is a date and time */
  subtitle = g_strdup_printf (_ ("Figures from the records on this computer, as of %s"), now);
  gtk_label_set_label (self->subtitle_label, subtitle);
}

static void
refresh_orgs (DqOverviewPage *self)
{
  g_autoptr (GPtrArray) kinds = select_rows (self,
                                             "SELECT kind, count(*) FROM org WHERE deleted = 0 "
                                             "GROUP BY kind ORDER BY count(*) DESC",
                                             NULL);
  g_autoptr (GPtrArray) domains = select_rows (self,
                                               "SELECT domain, count(*) FROM org "
                                               "WHERE deleted = 0 GROUP BY domain",
                                               NULL);
  g_autoptr (GPtrArray) kind_tallies = g_ptr_array_new_with_free_func (tally_free);
  g_autoptr (GPtrArray) domain_tallies = g_ptr_array_new_with_free_func (tally_free);
  g_autoptr (GString) detail = g_string_new (NULL);
  gint64 total = 0;

  for (guint i = 0; i < kinds->len; i++)
    {
      GStrv row = g_ptr_array_index (kinds, i);

      total += cell_int (row, 1);
      tally_add (kind_tallies, *row[0] ? code_label ("org_kind", row[0]) : _ ("Kind not set"),
                 cell_int (row, 1));
    }
  for (guint i = 0; i < domains->len; i++)
    {
      GStrv row = g_ptr_array_index (domains, i);

      tally_add (domain_tallies,
                 *row[0] ? code_label ("org_domain", row[0]) : _ ("Domain not set"),
                 cell_int (row, 1));
    }
  /* "Not set" sorts by its count like any other value. */
  g_ptr_array_sort (kind_tallies, tally_compare_desc);
  g_ptr_array_sort (domain_tallies, tally_compare_desc);

  set_count (self->orgs_total_label, total);
  for (guint i = 0; i < MIN (kind_tallies->len, 2); i++)
    {
      const Tally     *t = g_ptr_array_index (kind_tallies, i);
      g_autofree char *n = format_count (t->count);

      if (i > 0)
        g_string_append (detail, " · ");
      g_string_append_printf (detail, "%s %s", t->label, n);
    }
  gtk_label_set_label (self->orgs_detail_label, detail->str);

  show_tallies (self->kinds_list, &self->kinds_key, kind_tallies, total,
                _ ("No party organizations yet"));
  show_tallies (self->domains_list, &self->domains_key, domain_tallies, total,
                _ ("No party organizations yet"));
}

static gboolean
column_indexed (const DqTable *table,
                const char    *name)
{
  const DqColumn *column = dq_table_column (table, name);

  return column != NULL && (column->flags & DQ_COL_FLAG_INDEXED) != 0;
}

/* Adds @count to the tally of @code in @tallies, if the list has it. */
static void
tally_code (GPtrArray  *tallies,
            const char *code,
            gint64      count)
{
  for (guint i = 0; i < tallies->len; i++)
    {
      Tally *tally = g_ptr_array_index (tallies, i);

      if (g_str_equal (tally->label, code))
        {
          tally->count += count;
          return;
        }
    }
}

/* Members by category, flowing direction and standing, and those who lost
 * contact. Where the schema indexes a facet, its count reads only the
 * index; the facets without one are summed in a single pass over the table
 * (a sum per code: no sort). */
static void
count_members (DqOverviewPage   *self,
               const DqCodeList *lists[3],
               GPtrArray        *facets[3],
               gint64           *total,
               gint64           *lost)
{
  static const char *const columns[] = { "category", "flowing", "standing" };
  const DqTable           *table = dq_schema_table ("member");
  g_autoptr (GString) scan = g_string_new ("SELECT count(*)");
  g_autoptr (GPtrArray) params = g_ptr_array_new ();
  g_autoptr (GPtrArray) rows = NULL;
  gboolean scan_lost = !column_indexed (table, "lost_contact");
  guint    cell = 1;

  *total = 0;
  *lost = 0;

  if (scan_lost)
    g_string_append (scan, ", sum(lost_contact = 1)");
  else
    {
      g_autoptr (GPtrArray) lost_rows = select_rows (self,
                                                     "SELECT count(*) FROM member "
                                                     "WHERE deleted = 0 AND lost_contact = 1",
                                                     NULL);

      if (lost_rows->len > 0)
        *lost = cell_int (g_ptr_array_index (lost_rows, 0), 0);
    }

  for (guint f = 0; f < G_N_ELEMENTS (columns); f++)
    {
      g_autofree char *sql = NULL;
      g_autoptr (GPtrArray) facet_rows = NULL;

      if (!column_indexed (table, columns[f]))
        {
          for (guint i = 0; lists[f] != NULL && i < lists[f]->n_codes; i++)
            {
              g_string_append_printf (scan, ", sum(%s = ?)", columns[f]);
              g_ptr_array_add (params, (char *) lists[f]->codes[i].code);
            }
          continue;
        }
      sql = g_strdup_printf ("SELECT %s, count(*) FROM member WHERE deleted = 0 "
                             "AND %s IS NOT NULL GROUP BY %s",
                             columns[f], columns[f], columns[f]);
      facet_rows = select_rows (self, sql, NULL);
      for (guint i = 0; i < facet_rows->len; i++)
        {
          GStrv row = g_ptr_array_index (facet_rows, i);

          tally_code (facets[f], row[0], cell_int (row, 1));
        }
    }

  /* The total, and whatever no index answered. */
  g_string_append (scan, " FROM member WHERE deleted = 0");
  g_ptr_array_add (params, NULL);
  rows = select_rows (self, scan->str, (const char *const *) params->pdata);
  if (rows->len == 0)
    return;
  {
    GStrv row = g_ptr_array_index (rows, 0);

    *total = cell_int (row, 0);
    if (scan_lost)
      *lost = cell_int (row, cell++);
    for (guint f = 0; f < G_N_ELEMENTS (columns); f++)
      if (!column_indexed (table, columns[f]))
        for (guint i = 0; lists[f] != NULL && i < lists[f]->n_codes; i++)
          tally_code (facets[f], lists[f]->codes[i].code, cell_int (row, cell++));
  }
}

static void
refresh_members (DqOverviewPage *self)
{
  const DqCodeList *lists[] = { dq_code_list_lookup ("member_category"),
                                dq_code_list_lookup ("flowing"),
                                dq_code_list_lookup ("member_standing") };
  const DqCodeList *standing_list = lists[2];
  g_autoptr (GPtrArray) tallies = g_ptr_array_new_with_free_func (tally_free);
  g_autoptr (GPtrArray) categories = g_ptr_array_new_with_free_func (tally_free);
  g_autoptr (GPtrArray) flowing = g_ptr_array_new_with_free_func (tally_free);
  g_autoptr (GPtrArray) standing = g_ptr_array_new_with_free_func (tally_free);
  GPtrArray *facets[3] = { categories, flowing, standing };
  g_autoptr (GString) detail = g_string_new (NULL);
  g_autofree char *lost_share = NULL;
  gint64           total, lost, flowing_total = 0;

  /* Every code of each list, in the list's order, zeros included. */
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->n_codes; i++)
      tally_add (facets[l], lists[l]->codes[i].code, 0);

  count_members (self, lists, facets, &total, &lost);
  for (guint i = 0; i < flowing->len; i++)
    flowing_total += ((Tally *) g_ptr_array_index (flowing, i))->count;

  set_count (self->members_total_label, total);
  set_count (self->flowing_total_label, flowing_total);
  set_count (self->lost_total_label, lost);

  for (guint i = 0; i < categories->len; i++)
    {
      const Tally     *t = g_ptr_array_index (categories, i);
      g_autofree char *n = format_count (t->count);

      if (i > 0)
        g_string_append (detail, " · ");
      g_string_append_printf (detail, "%s %s", code_label ("member_category", t->label), n);
    }
  gtk_label_set_label (self->members_detail_label, detail->str);

  g_string_truncate (detail, 0);
  for (guint i = 0; i < flowing->len; i++)
    {
      const Tally     *t = g_ptr_array_index (flowing, i);
      g_autofree char *n = format_count (t->count);

      if (i > 0)
        g_string_append (detail, " · ");
      g_string_append_printf (detail, "%s %s", code_label ("flowing", t->label), n);
    }
  gtk_label_set_label (self->flowing_detail_label, detail->str);

  lost_share = format_share (lost, total);
  gtk_label_set_label (self->lost_detail_label, lost_share);

  /* The breakdown: "正式党员", "预备党员", "流入党员", "流出党员", "失联党员",
   * then standings other than the first (normal) one. */
  for (guint i = 0; i < categories->len; i++)
    {
      const Tally *t = g_ptr_array_index (categories, i);
      /* TRANSLATORS: a kind of party member: 正式 → 正式党员 */
      g_autofree char *label = g_strdup_printf (_ ("%s members"),
                                                code_label ("member_category", t->label));

      tally_add (tallies, label, t->count);
    }
  for (guint i = 0; i < flowing->len; i++)
    {
      const Tally     *t = g_ptr_array_index (flowing, i);
      g_autofree char *label = g_strdup_printf (_ ("%s members"), code_label ("flowing", t->label));

      tally_add (tallies, label, t->count);
    }
  tally_add (tallies, _ ("Members who lost contact"), lost);
  for (guint i = 0; i < standing->len; i++)
    {
      const Tally *t = g_ptr_array_index (standing, i);

      if (standing_list != NULL && standing_list->n_codes > 0 &&
          g_str_equal (t->label, standing_list->codes[0].code))
        continue;
      tally_add (tallies, code_label ("member_standing", t->label), t->count);
    }

  show_tallies (self->members_list, &self->members_key, tallies, total, _ ("No party members yet"));
}

/* What the last change of a row did and when: "New member" or "Changed
 * Mobile phone, Home address", from the stamps of its winning cells. */
static char *
describe_change (DqOverviewPage *self,
                 const Recent   *recent,
                 gint64         *time_ms)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes = dq_store_row_changes (self->store, recent->table, recent->id,
                                                        &error);
  const DqTable *table = dq_schema_table (recent->table);
  g_autoptr (GString) columns = g_string_new (NULL);
  guint64  newest = 0;
  gboolean all_newest = TRUE;

  *time_ms = 0;
  if (changes == NULL || changes->len == 0)
    return g_strdup ("");

  for (guint i = 0; i < changes->len; i++)
    newest = MAX (newest, ((DqChange *) g_ptr_array_index (changes, i))->hlc);
  for (guint i = 0; i < changes->len; i++)
    {
      const DqChange *change = g_ptr_array_index (changes, i);

      if (change->hlc != newest)
        {
          all_newest = FALSE;
          continue;
        }
      for (guint c = 0; c < table->n_columns; c++)
        {
          const DqColumn *column = &table->columns[c];

          if (c == DQ_COLUMN_DELETED || !dq_record_is_set (change->record, column->name))
            continue;
          if (columns->len > 0)
            g_string_append (columns, C_ ("list separator", ", "));
          g_string_append (columns, dq_column_label (column));
        }
    }
  *time_ms = (gint64) DQ_HLC_MS (newest);

  if (all_newest)
    return g_strdup (g_str_equal (recent->table, "member") ? _ ("New member")
                                                           : _ ("New party organization"));
  /* TRANSLATORS: %s lists fields, e.g. "手机号码、家庭住址" */
  return g_strdup_printf (_ ("Changed %s"), columns->str);
}

static GtkWidget *
recent_row (DqOverviewPage *self,
            const Recent   *recent)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon, *when;
  g_autoptr (GString) subtitle = g_string_new (NULL);
  g_autofree char *what = NULL;
  g_autofree char *ago = NULL;
  gint64           time_ms;

  what = describe_change (self, recent, &time_ms);
  g_string_append (subtitle, what);
  if (recent->org_name != NULL && *recent->org_name)
    g_string_append_printf (subtitle, " · %s", recent->org_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 *recent->name ? recent->name : _ ("(no name)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  icon = gtk_image_new_from_icon_name (g_str_equal (recent->table, "member")
                                           ? "avatar-default-symbolic"
                                           : "system-users-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dq_table_label (dq_schema_table (recent->table)), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (time_ms > 0)
    {
      ago = dq_format_time_ago (time_ms);
      when = gtk_label_new (ago);
      gtk_widget_add_css_class (when, "dim-label");
      gtk_widget_add_css_class (when, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), when);
    }

  g_object_set_data_full (G_OBJECT (row), "dq-table", g_strdup (recent->table), g_free);
  g_object_set_data_full (G_OBJECT (row), "dq-id", g_strdup (recent->id), g_free);
  return row;
}

static int
recent_compare_desc (gconstpointer a,
                     gconstpointer b)
{
  const Recent *ra = *(const Recent *const *) a;
  const Recent *rb = *(const Recent *const *) b;

  return ra->lver < rb->lver ? 1 : ra->lver > rb->lver ? -1
                                                       : 0;
}

static void
refresh_recent (DqOverviewPage *self)
{
  /* _lver is indexed: the newest rows of each table without a scan. */
  static const char *const queries[][2] = {
    { "member", "SELECT m.id, m.name, m._lver, o.name FROM member m "
                "LEFT JOIN org o ON o.id = m.org_id "
                "WHERE m.deleted = 0 ORDER BY m._lver DESC LIMIT " G_STRINGIFY (N_RECENT) },
    { "org", "SELECT o.id, o.name, o._lver, p.name FROM org o "
             "LEFT JOIN org p ON p.id = o.parent_id "
             "WHERE o.deleted = 0 ORDER BY o._lver DESC LIMIT " G_STRINGIFY (N_RECENT) },
  };
  g_autoptr (GPtrArray) recents = g_ptr_array_new_with_free_func (recent_free);
  g_autoptr (GString) key = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) rows = dq_store_select (self->store, queries[q][1], NULL, &error);

      if (rows == NULL)
        {
          g_warning ("Reading recent changes: %s", error->message);
          continue;
        }
      g_ptr_array_set_free_func (rows, (GDestroyNotify) g_strfreev);
      for (guint i = 0; i < rows->len; i++)
        {
          GStrv   row = g_ptr_array_index (rows, i);
          Recent *recent = g_new0 (Recent, 1);

          recent->table = queries[q][0];
          recent->id = g_strdup (row[0]);
          recent->name = g_strdup (row[1]);
          recent->lver = g_ascii_strtoull (row[2], NULL, 10);
          recent->org_name = g_strdup (row[3]);
          g_ptr_array_add (recents, recent);
        }
    }
  g_ptr_array_sort (recents, recent_compare_desc);
  if (recents->len > N_RECENT)
    g_ptr_array_set_size (recents, N_RECENT);

  /* The relative times age too: rebuild when a minute has passed. */
  g_string_append_printf (key, "%" G_GINT64_FORMAT "\n", g_get_real_time () / G_USEC_PER_SEC / 60);
  for (guint i = 0; i < recents->len; i++)
    {
      const Recent *recent = g_ptr_array_index (recents, i);

      g_string_append_printf (key, "%s/%s/%" G_GUINT64_FORMAT "\n", recent->table, recent->id,
                              recent->lver);
    }
  if (g_strcmp0 (self->recent_key, key->str) == 0)
    return;
  g_free (self->recent_key);
  self->recent_key = g_strdup (key->str);

  clear_list (self->recent_list);
  for (guint i = 0; i < recents->len; i++)
    gtk_list_box_append (self->recent_list, recent_row (self, g_ptr_array_index (recents, i)));
  if (recents->len == 0)
    gtk_list_box_append (self->recent_list, placeholder_row (_ ("No changes yet")));
}

static void
update_sync (DqOverviewPage *self)
{
  DqSyncState      state = dq_sync_engine_get_state (self->engine);
  gint64           last = dq_sync_engine_get_last_sync (self->engine);
  g_autofree char *words = dq_sync_page_describe (self->engine);
  g_autofree char *subtitle = NULL;
  const char      *icon;

  switch (state)
    {
    case DQ_SYNC_STATE_UP_TO_DATE:
      icon = dq_sync_engine_get_pending (self->engine) > 0 ? "emblem-synchronizing-symbolic"
                                                           : "emblem-ok-symbolic";
      break;
    case DQ_SYNC_STATE_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      break;
    case DQ_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      break;
    case DQ_SYNC_STATE_NEEDS_LOGIN:
      icon = "dialog-password-symbolic";
      break;
    case DQ_SYNC_STATE_CLOCK_WRONG:
    case DQ_SYNC_STATE_ERROR:
    default:
      icon = "dialog-warning-symbolic";
      break;
    }

  if (last > 0)
    {
      g_autofree char *ago = dq_format_time_ago (last);

      /* TRANSLATORS: %s is a time such as "5 分钟前" */
      subtitle = g_strdup_printf (_ ("Last synced %s"), ago);
    }
  else
    subtitle = g_strdup (_ ("Never synced with the city server"));

  gtk_image_set_from_icon_name (self->sync_icon, icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  words, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->sync_row), words);
  adw_action_row_set_subtitle (self->sync_row, subtitle);
}

static void
refresh (DqOverviewPage *self)
{
  gint64 start = g_get_monotonic_time ();

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->dirty = FALSE;

  refresh_heading (self);
  refresh_orgs (self);
  refresh_members (self);
  refresh_recent (self);
  update_sync (self);

  self->last_cost_us = g_get_monotonic_time () - start;
  g_debug ("Overview counted in %" G_GINT64_FORMAT " ms", self->last_cost_us / 1000);
}

static void
refresh_due_cb (gpointer data)
{
  DqOverviewPage *self = data;

  self->refresh_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
  else
    self->dirty = TRUE;
}

/* Coalesces bursts of changes (a sync pulls pages of rows); after a slow
 * run (a city-wide replica) waits long enough that counting stays a small
 * share of the main thread’s time (a tenth at most). */
static void
schedule_refresh (DqOverviewPage *self)
{
  guint delay = MAX (REFRESH_DELAY_MS, (guint) (self->last_cost_us / 1000) * 10);

  if (self->refresh_id != 0)
    return;
  self->refresh_id = g_timeout_add_once (delay, refresh_due_cb, self);
}

/* Signal callbacks */

static void
store_changed_cb (DqOverviewPage *self,
                  const char     *table)
{
  schedule_refresh (self);
}

static void
engine_notify_cb (DqOverviewPage *self,
                  GParamSpec     *pspec)
{
  update_sync (self);
  /* Another account sees other districts. */
  if (g_str_equal (pspec->name, "districts"))
    schedule_refresh (self);
}

static void
orgs_card_clicked_cb (DqOverviewPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "orgs");
}

static void
members_card_clicked_cb (DqOverviewPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "members");
}

static void
sync_row_activated_cb (DqOverviewPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-page", "s", "sync");
}

static void
recent_row_activated_cb (DqOverviewPage *self,
                         GtkListBoxRow  *row)
{
  const char *table = g_object_get_data (G_OBJECT (row), "dq-table");
  const char *id = g_object_get_data (G_OBJECT (row), "dq-id");

  if (table == NULL || id == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self),
                              g_str_equal (table, "member") ? "win.show-member" : "win.show-org",
                              "s", id);
}

/* Overrides */

static void
dq_overview_page_map (GtkWidget *widget)
{
  DqOverviewPage *self = DQ_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (dq_overview_page_parent_class)->map (widget);

  /* After the frame being drawn: the window shows before the counts. */
  if (self->dirty && self->refresh_id == 0)
    self->refresh_id = g_idle_add_once (refresh_due_cb, self);
  update_sync (self);
}

static void
dq_overview_page_dispose (GObject *object)
{
  DqOverviewPage *self = DQ_OVERVIEW_PAGE (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_OVERVIEW_PAGE);

  G_OBJECT_CLASS (dq_overview_page_parent_class)->dispose (object);
}

static void
dq_overview_page_finalize (GObject *object)
{
  DqOverviewPage *self = DQ_OVERVIEW_PAGE (object);

  g_free (self->kinds_key);
  g_free (self->domains_key);
  g_free (self->members_key);
  g_free (self->recent_key);

  G_OBJECT_CLASS (dq_overview_page_parent_class)->finalize (object);
}

static void
dq_overview_page_class_init (DqOverviewPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_overview_page_dispose;
  object_class->finalize = dq_overview_page_finalize;
  widget_class->map = dq_overview_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dangqun/Dangqun/ui/dq-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, orgs_total_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, orgs_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, members_total_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, members_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, flowing_total_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, flowing_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, lost_total_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, lost_detail_label);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, kinds_list);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, domains_list);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, recent_list);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, sync_row);
  gtk_widget_class_bind_template_child (widget_class, DqOverviewPage, sync_icon);
  gtk_widget_class_bind_template_callback (widget_class, orgs_card_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, members_card_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_row_activated_cb);
}

static void
dq_overview_page_init (DqOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->dirty = TRUE;
}

/* Public API */

GtkWidget *
dq_overview_page_new (DqStore      *store,
                      DqSyncEngine *engine)
{
  DqOverviewPage *self;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (DQ_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DQ_TYPE_OVERVIEW_PAGE, NULL);
  self->store = g_object_ref (store);
  self->engine = g_object_ref (engine);

  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "changed", G_CALLBACK (store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify", G_CALLBACK (engine_notify_cb), self,
                           G_CONNECT_SWAPPED);
  update_sync (self);

  return GTK_WIDGET (self);
}

void
dq_overview_page_refresh (DqOverviewPage *self)
{
  g_return_if_fail (DQ_IS_OVERVIEW_PAGE (self));

  refresh (self);
}
