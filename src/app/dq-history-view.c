/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqHistoryView: one row's change history as a boxed list, newest first.
 * Entries of dq_store_history() that share a stamp (one write, one pull)
 * are one change: a short one is a single row, a long one (a new record)
 * an expander listing every field. Personal data stays masked here. */

#define G_LOG_DOMAIN "dq-history-view"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-format.h"
#include "dq-history-view.h"
#include "dq-schema.h"

/* Changes shown; older ones are summarized in one line. */
#define MAX_CHANGES 100
/* Changes of more fields than this fold into an expander. */
#define MAX_INLINE_FIELDS 3

struct _DqHistoryView {
  AdwBin parent_instance;

  DqStore *store;
  char    *table;
  char    *id;

  GtkStack   *stack;
  GtkListBox *list;
  GtkLabel   *empty_label;
};

G_DEFINE_FINAL_TYPE (DqHistoryView, dq_history_view, ADW_TYPE_BIN)

static void
clear_list (DqHistoryView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

/* The name of the row a REF cell points at, or NULL. */
static char *
ref_name (DqHistoryView  *self,
          const DqColumn *column,
          const char     *id)
{
  const DqTable *target = dq_schema_table (column->target);
  g_autoptr (DqRecord) record = NULL;
  const char *name;

  if (target == NULL || target->display == NULL)
    return NULL;
  record = dq_store_get (self->store, target->name, id, NULL);
  if (record == NULL)
    return NULL;
  name = dq_record_get_text (record, target->display);
  return name != NULL && *name != '\0' ? g_strdup (name) : NULL;
}

static char *
format_entry_value (DqHistoryView        *self,
                    const DqColumn       *column,
                    const DqHistoryEntry *entry)
{
  g_autofree char *text = NULL;

  if (column == NULL)
    return g_strdup (entry->value.kind == DQ_VALUE_TEXT ? entry->value.s : "");

  if (column->kind == DQ_COL_REF && entry->value.kind == DQ_VALUE_TEXT)
    {
      char *name = ref_name (self, column, entry->value.s);

      if (name != NULL)
        return name;
    }

  text = dq_format_value (column, &entry->value, TRUE);
  if (text == NULL || *text == '\0')
    return g_strdup (_ ("(empty)"));
  return g_steal_pointer (&text);
}

static const char *
entry_label (const DqTable        *table,
             const DqHistoryEntry *entry,
             const DqColumn      **column_out)
{
  const DqColumn *column = dq_table_column (table, entry->column);

  *column_out = column;
  return column != NULL ? dq_column_label (column) : entry->column;
}

/* "Zhang Wei · 2026-11-28 14:05 · this desk" */
static char *
describe_origin (DqHistoryView        *self,
                 const DqHistoryEntry *entry)
{
  g_autofree char *when = dq_format_time_ms ((gint64) (entry->hlc >> 16));
  g_autofree char *desk = NULL;
  const char      *who;

  who = entry->author != NULL && *entry->author != '\0' ? entry->author : _ ("unknown user");
  if (g_strcmp0 (entry->node, dq_store_get_node (self->store)) == 0)
    desk = g_strdup (_ ("this desk"));
  else
    /* TRANSLATORS: a computer that edits the replica, by the start of its node id */
    desk = g_strdup_printf (_ ("desk %.8s"), entry->node);

  /* TRANSLATORS: who changed a record, when, and at which desk */
  return g_strdup_printf (_ ("%s · %s · %s"), who, when, desk);
}

static GtkWidget *
make_change_row (DqHistoryView *self,
                 const DqTable *table,
                 GPtrArray     *entries,
                 guint          first,
                 guint          n)
{
  const DqHistoryEntry *head = g_ptr_array_index (entries, first);
  g_autofree char      *origin = describe_origin (self, head);
  g_autofree char      *origin_markup = g_markup_escape_text (origin, -1);

  if (n <= MAX_INLINE_FIELDS)
    {
      g_autoptr (GString) title = g_string_new (NULL);
      g_autofree char *title_markup = NULL;
      GtkWidget       *row = adw_action_row_new ();

      for (guint i = first; i < first + n; i++)
        {
          const DqHistoryEntry *e = g_ptr_array_index (entries, i);
          const DqColumn       *column;
          const char           *label = entry_label (table, e, &column);
          g_autofree char      *value = format_entry_value (self, column, e);

          if (title->len > 0)
            g_string_append (title, _ ("; "));
          /* TRANSLATORS: a field and its new value in a change history */
          g_string_append_printf (title, _ ("%s: %s"), label, value);
        }
      title_markup = g_markup_escape_text (title->str, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), origin_markup);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
      return row;
    }
  else
    {
      g_autoptr (GString) names = g_string_new (NULL);
      g_autofree char *title = NULL;
      g_autofree char *title_markup = NULL;
      GtkWidget       *expander = adw_expander_row_new ();

      for (guint i = first; i < first + n; i++)
        {
          const DqHistoryEntry *e = g_ptr_array_index (entries, i);
          const DqColumn       *column;
          const char           *label = entry_label (table, e, &column);
          g_autofree char      *value = format_entry_value (self, column, e);
          g_autofree char      *label_markup = g_markup_escape_text (label, -1);
          GtkWidget            *row = adw_action_row_new ();
          GtkWidget            *value_label = gtk_label_new (value);

          if (i - first < MAX_INLINE_FIELDS)
            {
              if (names->len > 0)
                g_string_append (names, _ (", "));
              g_string_append (names, label);
            }

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label_markup);
          gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (value_label), 1);
          if (g_utf8_strlen (value, -1) > 20)
            {
              gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
              gtk_label_set_width_chars (GTK_LABEL (value_label), 30);
              gtk_label_set_max_width_chars (GTK_LABEL (value_label), 50);
            }
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }

      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u field set: %s…",
                                            "%u fields set: %s…", n),
                               n, names->str);
      title_markup = g_markup_escape_text (title, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title_markup);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), origin_markup);
      return expander;
    }
}

static gboolean
same_change (const DqHistoryEntry *a,
             const DqHistoryEntry *b)
{
  return a->hlc == b->hlc && g_strcmp0 (a->node, b->node) == 0;
}

static void
reload (DqHistoryView *self)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError) error = NULL;
  const DqTable *table;
  guint          n_changes = 0;
  guint          i = 0;

  clear_list (self);

  table = self->table != NULL ? dq_schema_table (self->table) : NULL;
  if (table == NULL || self->id == NULL)
    {
      gtk_label_set_text (self->empty_label, _ ("No changes are recorded for this record yet."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  entries = dq_store_history (self->store, table->name, self->id, &error);
  if (entries == NULL)
    {
      g_autofree char *text = g_strdup_printf (_ ("The history could not be read: %s"),
                                               error->message);

      gtk_label_set_text (self->empty_label, text);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (entries->len == 0)
    {
      gtk_label_set_text (self->empty_label, _ ("No changes are recorded for this record yet."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  while (i < entries->len)
    {
      guint n = 1;

      while (i + n < entries->len &&
             same_change (g_ptr_array_index (entries, i), g_ptr_array_index (entries, i + n)))
        n++;

      if (n_changes == MAX_CHANGES)
        {
          GtkWidget *more = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more),
                                         _ ("Older changes are not shown"));
          gtk_list_box_append (self->list, more);
          break;
        }

      gtk_list_box_append (self->list, make_change_row (self, table, entries, i, n));
      n_changes++;
      i += n;
    }

  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
dq_history_view_dispose (GObject *object)
{
  DqHistoryView *self = DQ_HISTORY_VIEW (object);

  /* The bin's child is a template child: unparent it once, here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_HISTORY_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_history_view_parent_class)->dispose (object);
}

static void
dq_history_view_finalize (GObject *object)
{
  DqHistoryView *self = DQ_HISTORY_VIEW (object);

  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (dq_history_view_parent_class)->finalize (object);
}

static void
dq_history_view_class_init (DqHistoryViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_history_view_dispose;
  object_class->finalize = dq_history_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-history-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DqHistoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, DqHistoryView, list);
  gtk_widget_class_bind_template_child (widget_class, DqHistoryView, empty_label);
}

static void
dq_history_view_init (DqHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dq_history_view_new (DqStore *store)
{
  DqHistoryView *self;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);

  self = g_object_new (DQ_TYPE_HISTORY_VIEW, NULL);
  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

void
dq_history_view_set_row (DqHistoryView *self,
                         const char    *table,
                         const char    *id)
{
  g_return_if_fail (DQ_IS_HISTORY_VIEW (self));

  g_free (self->table);
  self->table = g_strdup (table);
  g_free (self->id);
  self->id = g_strdup (id);
  reload (self);
}
