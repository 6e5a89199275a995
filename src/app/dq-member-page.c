/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqMemberPage: the page of one member. The fields come from the schema in
 * four groups; each is a row whose value is formatted (codes as labels) and,
 * for personal data, masked until the user reveals it — after the reveal is
 * written to the audit log, never before. The page holds only the member's
 * id: everything shown is read again from the store when it changes. */

#define G_LOG_DOMAIN "dq-member-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dq-audit.h"
#include "dq-format.h"
#include "dq-history-view.h"
#include "dq-member-page.h"
#include "dq-record-dialog.h"
#include "dq-schema.h"
#include "dq-activity.h"
#include "dq-transfer-dialog.h"
#include "dq-ui-util.h"

/* Branch news shown. */
#define N_POSTS 3

typedef struct {
  const DqColumn *column;
  AdwActionRow   *row;
  GtkLabel       *value;
  GtkButton      *reveal; /* sensitive columns only */
  gboolean        revealed;
} Field;

struct _DqMemberPage {
  AdwBin parent_instance;

  DqStore      *store;
  DqSyncEngine *engine;
  char         *member_id;
  char         *org_id;
  char         *secretary_id;

  GArray    *fields; /* Field */
  GPtrArray *news_rows;
  GtkWidget *history;

  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  AdwAvatar           *avatar;
  GtkLabel            *name_label;
  GtkLabel            *summary_label;
  GtkLabel            *standing_label;
  GtkLabel            *lost_label;
  GtkLabel            *flowing_label;
  AdwPreferencesGroup *basic_group;
  AdwPreferencesGroup *party_group;
  AdwPreferencesGroup *contact_group;
  AdwPreferencesGroup *flow_group;
  AdwPreferencesGroup *branch_group;
  AdwPreferencesGroup *news_group;
  AdwPreferencesGroup *history_group;
  AdwActionRow        *branch_row;
  AdwActionRow        *secretary_row;
  GtkLabel            *volunteer_label;
  GtkWidget           *card_button;
  GtkLabel            *secretary_label;
  GtkWidget           *secretary_arrow;
  AdwStatusPage       *missing_page;
};

G_DEFINE_FINAL_TYPE (DqMemberPage, dq_member_page, ADW_TYPE_BIN)

/* The standard record, grouped as a clerk reads a member's file. */
static const char *const basic_fields[] = {
  "name", "gender", "ethnicity", "birth_date", "id_number", "education", "job", NULL
};
static const char *const party_fields[] = {
  "org_id", "category", "join_date", "full_date", "standing", "dues_paid_until", "district", NULL
};
static const char *const contact_fields[] = {
  "phone", "address", NULL
};
static const char *const flow_fields[] = {
  "flowing", "flowing_note", "lost_contact", "lost_contact_on", NULL
};

static void reload (DqMemberPage *self);

static const DqTable *
member_table (void)
{
  return dq_schema_table ("member");
}

static void
set_reveal_button (Field *field)
{
  g_autofree char *text = NULL;

  if (field->revealed)
    {
      /* TRANSLATORS: %s is a field, e.g. "ID number" */
      text = g_strdup_printf (_ ("Hide %s"), dq_column_label (field->column));
      gtk_button_set_icon_name (field->reveal, "view-conceal-symbolic");
    }
  else
    {
      /* TRANSLATORS: %s is a field, e.g. "ID number" */
      text = g_strdup_printf (_ ("Show the full %s"), dq_column_label (field->column));
      gtk_button_set_icon_name (field->reveal, "view-reveal-symbolic");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (field->reveal), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->reveal),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

static void
reveal_clicked_cb (GtkButton    *button,
                   DqMemberPage *self)
{
  g_autoptr (GError) error = NULL;
  Field *field = NULL;

  for (guint i = 0; i < self->fields->len; i++)
    if (g_array_index (self->fields, Field, i).reveal == button)
      field = &g_array_index (self->fields, Field, i);
  g_assert (field != NULL);

  if (self->member_id == NULL)
    return;

  if (field->revealed)
    {
      field->revealed = FALSE;
      reload (self);
      return;
    }

  /* The log first: a reveal that cannot be recorded does not happen. */
  if (!dq_audit_log_store (self->store, "reveal", "member", self->member_id,
                           field->column->name, &error))
    {
      g_autofree char *text = g_strdup_printf (_ ("Not shown: the audit log could not be written (%s)"),
                                               error->message);

      dq_show_toast (GTK_WIDGET (self), text);
      return;
    }

  field->revealed = TRUE;
  reload (self);
}

static void
add_fields (DqMemberPage        *self,
            AdwPreferencesGroup *group,
            const char *const   *names)
{
  const DqTable *table = member_table ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      Field field = { 0 };

      field.column = dq_table_column (table, names[i]);
      g_assert (field.column != NULL);

      field.row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), dq_column_label (field.column));
      gtk_widget_set_name (GTK_WIDGET (field.row), field.column->name);

      field.value = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_selectable (field.value, TRUE);
      gtk_label_set_xalign (field.value, 1);
      gtk_label_set_max_width_chars (field.value, 50);
      gtk_widget_set_name (GTK_WIDGET (field.value), field.column->name);
      adw_action_row_add_suffix (field.row, GTK_WIDGET (field.value));

      if (field.column->flags & DQ_COL_FLAG_SENSITIVE)
        {
          field.reveal = GTK_BUTTON (gtk_button_new ());
          gtk_widget_set_valign (GTK_WIDGET (field.reveal), GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (GTK_WIDGET (field.reveal), "flat");
          gtk_widget_set_name (GTK_WIDGET (field.reveal), field.column->name);
          g_signal_connect (field.reveal, "clicked", G_CALLBACK (reveal_clicked_cb), self);
          adw_action_row_add_suffix (field.row, GTK_WIDGET (field.reveal));
        }

      adw_preferences_group_add (group, GTK_WIDGET (field.row));
      g_array_append_val (self->fields, field);
      if (field.reveal != NULL)
        set_reveal_button (&g_array_index (self->fields, Field, self->fields->len - 1));
    }
}

/* The display name of the row @id of @table_name, or NULL. */
static char *
row_name (DqMemberPage *self,
          const char   *table_name,
          const char   *id)
{
  const DqTable *table = dq_schema_table (table_name);
  g_autoptr (DqRecord) record = NULL;
  const char *name;

  if (id == NULL || *id == '\0' || table == NULL)
    return NULL;
  record = dq_store_get (self->store, table->name, id, NULL);
  if (record == NULL || dq_record_get_int (record, "deleted", 0) != 0)
    return NULL;
  name = dq_record_get_text (record, table->display);
  return name != NULL ? g_strdup (name) : NULL;
}

static void
show_field (DqMemberPage   *self,
            Field          *field,
            const DqRecord *record)
{
  const DqValue   *value = dq_record_get (record, field->column->name);
  g_autofree char *text = NULL;
  gboolean         empty;
  gboolean         wrap;

  if (field->column->kind == DQ_COL_REF)
    {
      const char *id = dq_record_get_text (record, field->column->name);

      text = row_name (self, field->column->target, id);
      /* A reference to a row this replica does not hold: say so, not its id. */
      if (text == NULL && id != NULL)
        text = g_strdup (_ ("Not on this computer"));
    }
  else if (value != NULL)
    text = dq_format_value (field->column, value, !field->revealed);

  empty = text == NULL || *text == '\0';
  gtk_label_set_text (field->value, empty ? _ ("Not recorded") : text);
  /* A short value stays on one line; a long one wraps, but not to a
   * sliver (a wrapping label's minimum width is one character). */
  wrap = g_utf8_strlen (gtk_label_get_text (field->value), -1) > 20;
  gtk_label_set_wrap (field->value, wrap);
  gtk_label_set_width_chars (field->value, wrap ? 30 : -1);
  if (empty)
    gtk_widget_add_css_class (GTK_WIDGET (field->value), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (field->value), "dim-label");

  if (field->reveal != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (field->reveal), !empty);
      set_reveal_button (field);
    }
}

static void
clear_news (DqMemberPage *self)
{
  for (guint i = 0; i < self->news_rows->len; i++)
    adw_preferences_group_remove (self->news_group, g_ptr_array_index (self->news_rows, i));
  g_ptr_array_set_size (self->news_rows, 0);
}

static void
add_news_row (DqMemberPage *self,
              GtkWidget    *row)
{
  adw_preferences_group_add (self->news_group, row);
  g_ptr_array_add (self->news_rows, row);
}

static void
show_news (DqMemberPage *self)
{
  static const char sql[] =
      "SELECT title, published_at, body FROM post "
      "WHERE org_id = ? AND deleted = 0 "
      "ORDER BY published_at DESC, id DESC LIMIT " G_STRINGIFY (N_POSTS);
  const DqColumn *published = dq_table_column (dq_schema_table ("post"), "published_at");
  const char     *params[] = { self->org_id, NULL };
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;

  clear_news (self);
  if (self->org_id == NULL)
    return;

  rows = dq_store_select (self->store, sql, params, &error);
  if (rows == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      g_warning ("Branch news of %s: %s", self->org_id, error->message);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("The branch news could not be read"));
      add_news_row (self, row);
      return;
    }
  if (rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("The branch has not posted any news yet"));
      gtk_widget_add_css_class (row, "dim-label");
      add_news_row (self, row);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      GStrv            cells = g_ptr_array_index (rows, i);
      GtkWidget       *row = adw_expander_row_new ();
      g_autofree char *title = g_markup_escape_text (cells[0], -1);
      g_autofree char *when = NULL;
      g_autofree char *when_markup = NULL;
      DqValue          value = { DQ_VALUE_TEXT, { .s = cells[1] } };

      if (*cells[1] != '\0' && published != NULL)
        when = dq_format_value (published, &value, FALSE);
      when_markup = g_markup_escape_text (when != NULL ? when : "", -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), when_markup);

      if (*cells[2] != '\0')
        {
          GtkWidget *body = gtk_label_new (cells[2]);

          gtk_label_set_wrap (GTK_LABEL (body), TRUE);
          gtk_label_set_xalign (GTK_LABEL (body), 0);
          gtk_label_set_selectable (GTK_LABEL (body), TRUE);
          gtk_widget_set_margin_top (body, 12);
          gtk_widget_set_margin_bottom (body, 12);
          gtk_widget_set_margin_start (body, 12);
          gtk_widget_set_margin_end (body, 12);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), body);
        }
      else
        adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), FALSE);
      add_news_row (self, row);
    }
}

static void
show_branch (DqMemberPage *self)
{
  g_autoptr (DqRecord) org = NULL;
  g_autofree char *secretary = NULL;
  const char      *name = NULL;

  g_clear_pointer (&self->secretary_id, g_free);
  if (self->org_id != NULL)
    org = dq_store_get (self->store, "org", self->org_id, NULL);

  if (org == NULL || dq_record_get_int (org, "deleted", 0) != 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->branch_row),
                                     _ ("The member’s organization is not on this computer"));
      adw_action_row_set_subtitle (self->branch_row, "");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->branch_row), FALSE);
      gtk_label_set_text (self->secretary_label, _ ("Not recorded"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->secretary_row), FALSE);
      gtk_widget_set_visible (self->secretary_arrow, FALSE);
      return;
    }

  name = dq_record_get_text (org, "name");
  {
    g_autofree char *title = g_markup_escape_text (name != NULL ? name : "", -1);
    const DqColumn  *kind = dq_table_column (org->table, "kind");
    g_autofree char *kind_text = dq_format_value (kind, dq_record_get (org, "kind"), FALSE);
    g_autofree char *parent = row_name (self, "org", dq_record_get_text (org, "parent_id"));
    g_autofree char *subtitle = NULL;
    g_autofree char *subtitle_markup = NULL;

    if (parent != NULL)
      /* TRANSLATORS: an organization's kind, then its parent organization */
      subtitle = g_strdup_printf (_ ("%s, under %s"), kind_text, parent);
    else
      subtitle = g_strdup (kind_text);
    subtitle_markup = g_markup_escape_text (subtitle, -1);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->branch_row), title);
    adw_action_row_set_subtitle (self->branch_row, subtitle_markup);
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->branch_row), TRUE);
  }

  self->secretary_id = g_strdup (dq_record_get_text (org, "secretary_id"));
  secretary = row_name (self, "member", self->secretary_id);
  gtk_label_set_text (self->secretary_label, secretary != NULL ? secretary : _ ("Not recorded"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->secretary_row), secretary != NULL);
  gtk_widget_set_visible (self->secretary_arrow, secretary != NULL);
}

static void
show_missing (DqMemberPage *self,
              gboolean      deleted)
{
  if (deleted)
    {
      adw_status_page_set_title (self->missing_page, _ ("This member has been deleted"));
      adw_status_page_set_description (self->missing_page,
                                       _ ("The record was deleted, here or at another desk. Its history is kept on the server."));
    }
  else
    {
      adw_status_page_set_title (self->missing_page, _ ("This member is not on this computer"));
      adw_status_page_set_description (self->missing_page,
                                       _ ("The record may not have been synced yet, or the member was transferred out of this district."));
    }
  gtk_stack_set_visible_child_name (self->stack, "missing");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.edit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.transfer", FALSE);
}

static void
reload (DqMemberPage *self)
{
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) summary = g_string_new (NULL);
  g_autofree char *org_name = NULL;
  const char      *name;
  const char      *category;
  const char      *flowing;

  if (self->member_id == NULL)
    {
      show_missing (self, FALSE);
      return;
    }

  record = dq_store_get (self->store, "member", self->member_id, &error);
  if (record == NULL || dq_record_get_int (record, "deleted", 0) != 0)
    {
      if (record == NULL && !g_error_matches (error, DQ_STORE_ERROR, DQ_STORE_ERROR_NOT_FOUND))
        g_warning ("Member %s: %s", self->member_id, error->message);
      show_missing (self, record != NULL);
      dq_history_view_set_row (DQ_HISTORY_VIEW (self->history), "member", self->member_id);
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.edit", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "member.transfer", TRUE);

  /* The 党员志愿服务 total, and the card the desk's scanner reads. */
  {
    g_autofree char *hours = g_strdup_printf (_ ("%d hours"), (int) dq_volunteer_hours (self->store, self->member_id, NULL));

    gtk_label_set_text (self->volunteer_label, hours);
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->card_button),
                                            g_variant_new_string (self->member_id));
  }

  name = dq_record_get_text (record, "name");
  gtk_label_set_text (self->name_label, name != NULL ? name : "");
  adw_avatar_set_text (self->avatar, name);

  g_free (self->org_id);
  self->org_id = g_strdup (dq_record_get_text (record, "org_id"));
  org_name = row_name (self, "org", self->org_id);

  category = dq_record_get_text (record, "category");
  if (g_strcmp0 (category, "预备") == 0)
    g_string_append (summary, _ ("Probationary member"));
  else
    g_string_append (summary, _ ("Full member"));
  if (org_name != NULL)
    {
      g_string_append (summary, _ (" · "));
      g_string_append (summary, org_name);
    }
  gtk_label_set_text (self->summary_label, summary->str);

  gtk_widget_set_visible (GTK_WIDGET (self->standing_label),
                          g_strcmp0 (dq_record_get_text (record, "standing"), "停止党籍") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->lost_label),
                          dq_record_get_int (record, "lost_contact", 0) != 0);
  flowing = dq_record_get_text (record, "flowing");
  if (flowing != NULL && *flowing != '\0')
    {
      const DqColumn  *column = dq_table_column (record->table, "flowing");
      g_autofree char *text = dq_format_value (column, dq_record_get (record, "flowing"), FALSE);
      /* TRANSLATORS: flowing member, and the direction (流入/流出) */
      g_autofree char *label = g_strdup_printf (_ ("Flowing member (%s)"), text);

      gtk_label_set_text (self->flowing_label, label);
      gtk_widget_set_visible (GTK_WIDGET (self->flowing_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->flowing_label), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    show_field (self, &g_array_index (self->fields, Field, i), record);

  show_branch (self);
  show_news (self);
  dq_history_view_set_row (DQ_HISTORY_VIEW (self->history), "member", self->member_id);
  gtk_stack_set_visible_child_name (self->stack, "member");
}

static void
table_changed_cb (DqMemberPage *self,
                  const char   *table)
{
  if (self->member_id != NULL)
    reload (self);
}

static void
branch_row_activated_cb (DqMemberPage *self)
{
  if (self->org_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-org", "s", self->org_id);
}

static void
secretary_row_activated_cb (DqMemberPage *self)
{
  if (self->secretary_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-member", "s", self->secretary_id);
}

static void
transfer_done_cb (DqMemberPage *self)
{
  dq_show_toast (GTK_WIDGET (self), _ ("The transfer was recorded"));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DqMemberPage *self = DQ_MEMBER_PAGE (widget);
  GtkWidget    *dialog;

  if (self->member_id == NULL)
    return;
  dialog = dq_record_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, "member", self->member_id, NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DqMemberPage *self = DQ_MEMBER_PAGE (widget);
  GtkWidget    *dialog;

  if (self->member_id == NULL)
    return;
  dialog = dq_transfer_dialog_new (dq_parent_window (GTK_WIDGET (self)), self->store, self->member_id);
  g_signal_connect_object (dialog, "done", G_CALLBACK (transfer_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dq_member_page_dispose (GObject *object)
{
  DqMemberPage *self = DQ_MEMBER_PAGE (object);

  /* The bin's child is a template child: unparent it once, here. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_MEMBER_PAGE);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (dq_member_page_parent_class)->dispose (object);
}

static void
dq_member_page_finalize (GObject *object)
{
  DqMemberPage *self = DQ_MEMBER_PAGE (object);

  g_clear_pointer (&self->member_id, g_free);
  g_clear_pointer (&self->org_id, g_free);
  g_clear_pointer (&self->secretary_id, g_free);
  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->news_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_member_page_parent_class)->finalize (object);
}

static void
dq_member_page_class_init (DqMemberPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_member_page_dispose;
  object_class->finalize = dq_member_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-member-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, standing_label);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, lost_label);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, flowing_label);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, basic_group);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, party_group);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, contact_group);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, flow_group);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, branch_group);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, news_group);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, branch_row);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, secretary_row);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, volunteer_label);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, card_button);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, secretary_label);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, secretary_arrow);
  gtk_widget_class_bind_template_child (widget_class, DqMemberPage, missing_page);
  gtk_widget_class_bind_template_callback (widget_class, branch_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, secretary_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "member.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "member.transfer", NULL, transfer_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "member.edit", NULL);
}

static void
dq_member_page_init (DqMemberPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  self->news_rows = g_ptr_array_new ();

  add_fields (self, self->basic_group, basic_fields);
  add_fields (self, self->party_group, party_fields);
  add_fields (self, self->contact_group, contact_fields);
  add_fields (self, self->flow_group, flow_fields);
}

GtkWidget *
dq_member_page_new (DqStore      *store,
                    DqSyncEngine *engine)
{
  DqMemberPage *self;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (engine == NULL || DQ_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (DQ_TYPE_MEMBER_PAGE, NULL);
  self->store = g_object_ref (store);
  self->engine = engine != NULL ? g_object_ref (engine) : NULL;

  self->history = dq_history_view_new (store);
  adw_preferences_group_add (self->history_group, self->history);

  for (guint i = 0; i < 4; i++)
    {
      static const char *const signals[] = { "changed::member", "changed::org", "changed::post", "changed::checkin" };

      g_signal_connect_object (store, signals[i], G_CALLBACK (table_changed_cb), self, G_CONNECT_SWAPPED);
      if (engine != NULL)
        g_signal_connect_object (engine, signals[i], G_CALLBACK (table_changed_cb), self, G_CONNECT_SWAPPED);
    }

  show_missing (self, FALSE);
  return GTK_WIDGET (self);
}

void
dq_member_page_set_member (DqMemberPage *self,
                           const char   *id)
{
  g_return_if_fail (DQ_IS_MEMBER_PAGE (self));

  if (g_strcmp0 (self->member_id, id) != 0)
    {
      for (guint i = 0; i < self->fields->len; i++)
        g_array_index (self->fields, Field, i).revealed = FALSE;
      g_free (self->member_id);
      self->member_id = g_strdup (id);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }
  reload (self);
}

const char *
dq_member_page_get_member (DqMemberPage *self)
{
  g_return_val_if_fail (DQ_IS_MEMBER_PAGE (self), NULL);

  return self->member_id;
}
