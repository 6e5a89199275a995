/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSearchBar: global search. Each keystroke runs two indexed searches (FTS
 * over members, organizations by name) of at most a few rows each. */
#define G_LOG_DOMAIN "dq-search-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-format.h"
#include "dq-search-bar.h"

#define MAX_RESULTS 8

struct _DqSearchBar {
  AdwBin parent_instance;

  DqStore *store;
  guint    n_results;

  GtkSearchBar   *search_bar;
  GtkSearchEntry *entry;
  GtkRevealer    *revealer; /* the results, below the entry */
  GtkListBox     *results;
};

G_DEFINE_FINAL_TYPE (DqSearchBar, dq_search_bar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SEARCH_MODE_ENABLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_header (DqSearchBar *self,
            const char  *title)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (self->results, row);
}

static void
add_result (DqSearchBar *self,
            const char  *action,
            const char  *id,
            const char  *title,
            const char  *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "dq-action", g_strdup (action), g_free);
  g_object_set_data_full (G_OBJECT (row), "dq-id", g_strdup (id), g_free);
  gtk_list_box_append (self->results, row);
  self->n_results++;
}

static char *
org_name (DqSearchBar *self,
          const char  *id)
{
  g_autoptr (DqRecord) org = id ? dq_store_get (self->store, "org", id, NULL) : NULL;

  return g_strdup (org ? dq_record_get_text (org, "name") : "");
}

static void
run_search (DqSearchBar *self,
            const char  *text)
{
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (GPtrArray) orgs = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  self->n_results = 0;

  if (self->store == NULL || text == NULL || *text == '\0')
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  members = dq_store_search (self->store, "member", text, MAX_RESULTS, NULL);
  orgs = dq_store_search (self->store, "org", text, MAX_RESULTS, NULL);

  if (members != NULL && members->len > 0)
    {
      const DqColumn *phone = dq_table_column (dq_schema_table ("member"), "phone");

      add_header (self, _ ("Members"));
      for (guint i = 0; i < members->len; i++)
        {
          DqRecord        *m = g_ptr_array_index (members, i);
          g_autofree char *org = org_name (self, dq_record_get_text (m, "org_id"));
          g_autofree char *masked = dq_format_value (phone, dq_record_get (m, "phone"), TRUE);
          g_autofree char *subtitle = *masked ? g_strdup_printf ("%s · %s", org, masked) : g_strdup (org);

          add_result (self, "win.show-member", m->id, dq_record_get_text (m, "name"), subtitle);
        }
    }
  if (orgs != NULL && orgs->len > 0)
    {
      const DqColumn *kind = dq_table_column (dq_schema_table ("org"), "kind");

      add_header (self, _ ("Organizations"));
      for (guint i = 0; i < orgs->len; i++)
        {
          DqRecord        *o = g_ptr_array_index (orgs, i);
          g_autofree char *subtitle = dq_format_value (kind, dq_record_get (o, "kind"), FALSE);

          add_result (self, "win.show-org", o->id, dq_record_get_text (o, "name"), subtitle);
        }
    }
  if (self->n_results == 0)
    {
      GtkWidget *label = gtk_label_new (_ ("Nothing found"));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_append (self->results, label);
    }
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
}

static void
open_row (DqSearchBar   *self,
          GtkListBoxRow *row)
{
  /* Copies: closing the search clears the results, and this row with them. */
  g_autofree char *action = g_strdup (g_object_get_data (G_OBJECT (row), "dq-action"));
  g_autofree char *target = g_strdup (g_object_get_data (G_OBJECT (row), "dq-id"));

  if (action == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), action, "s", target);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_changed_cb (DqSearchBar *self)
{
  run_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
entry_activated_cb (DqSearchBar *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->results)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_object_get_data (G_OBJECT (child), "dq-action"))
      {
        open_row (self, GTK_LIST_BOX_ROW (child));
        return;
      }
}

static void
stop_search_cb (DqSearchBar *self)
{
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
row_activated_cb (DqSearchBar   *self,
                  GtkListBoxRow *row)
{
  open_row (self, row);
}

static void
search_mode_changed_cb (DqSearchBar *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    gtk_revealer_set_reveal_child (self->revealer, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE_ENABLED]);
}

static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      DqSearchBar           *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && self->n_results > 0)
    {
      gtk_widget_child_focus (GTK_WIDGET (self->results), GTK_DIR_TAB_FORWARD);
      return TRUE;
    }
  return FALSE;
}

static void
dq_search_bar_dispose (GObject *object)
{
  DqSearchBar *self = DQ_SEARCH_BAR (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_search_bar_parent_class)->dispose (object);
}

static void
dq_search_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DqSearchBar *self = DQ_SEARCH_BAR (object);

  switch (prop_id)
    {
    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, gtk_search_bar_get_search_mode (self->search_bar));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dq_search_bar_class_init (DqSearchBarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_search_bar_dispose;
  object_class->get_property = dq_search_bar_get_property;

  properties[PROP_SEARCH_MODE_ENABLED] =
      g_param_spec_boolean ("search-mode-enabled", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-search-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, DqSearchBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, DqSearchBar, entry);
  gtk_widget_class_bind_template_child (widget_class, DqSearchBar, revealer);
  gtk_widget_class_bind_template_child (widget_class, DqSearchBar, results);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
dq_search_bar_init (DqSearchBar *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed_cb), self, G_CONNECT_SWAPPED);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

DqSearchBar *
dq_search_bar_new (void)
{
  return g_object_new (DQ_TYPE_SEARCH_BAR, NULL);
}

void
dq_search_bar_set_store (DqSearchBar *self,
                         DqStore     *store)
{
  g_return_if_fail (DQ_IS_SEARCH_BAR (self));
  g_set_object (&self->store, store);
}

void
dq_search_bar_set_search_mode (DqSearchBar *self,
                               gboolean     search_mode)
{
  g_return_if_fail (DQ_IS_SEARCH_BAR (self));
  gtk_search_bar_set_search_mode (self->search_bar, search_mode);
  if (search_mode)
    gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

gboolean
dq_search_bar_get_search_mode (DqSearchBar *self)
{
  g_return_val_if_fail (DQ_IS_SEARCH_BAR (self), FALSE);
  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
dq_search_bar_search (DqSearchBar *self,
                      const char  *text)
{
  g_return_if_fail (DQ_IS_SEARCH_BAR (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  run_search (self, text);
}

guint
dq_search_bar_get_n_results (DqSearchBar *self)
{
  g_return_val_if_fail (DQ_IS_SEARCH_BAR (self), 0);
  return self->n_results;
}
