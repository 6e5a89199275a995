/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRegisterDialog: adds registrations to one activity, one person after
 * another. A party member is found with dq_store_search() and registered
 * by record id; anyone else gives a name, a mobile phone and a political
 * status, nothing more (the data a center may keep of the public). The
 * registration itself, the capacity and the waitlist are dq-activity's;
 * the dialog says what came of it and leaves the fields ready for the next
 * person. */

#define G_LOG_DOMAIN "dq-register-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dq-activity.h"
#include "dq-codes.h"
#include "dq-register-dialog.h"
#include "dq-schema.h"
#include "dq-validate.h"

/* Members listed for a search. */
#define N_RESULTS 30
/* The political status a member of the public starts with: 群众. */
#define STATUS_PUBLIC "13"

struct _DqRegisterDialog {
  AdwWindow parent_instance;

  DqStore   *store;
  char      *activity_id;
  GPtrArray *status_codes; /* code of each political status item */

  AdwWindowTitle *window_title;
  GtkBox         *message_box;
  GtkImage       *message_icon;
  GtkLabel       *message_label;
  GtkStack       *mode_stack;
  GtkSearchEntry *search_entry;
  GtkListBox     *member_list;
  AdwEntryRow    *name_row;
  AdwEntryRow    *phone_row;
  AdwComboRow    *status_row;
  GtkLabel       *name_error;
  GtkLabel       *phone_error;
  GtkLabel       *person_note;
};

G_DEFINE_FINAL_TYPE (DqRegisterDialog, dq_register_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_REGISTERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
member_mode (DqRegisterDialog *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "member") == 0;
}

static void
hide_message (DqRegisterDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->message_box), FALSE);
}

/* Above the fields: what came of the last registration, or why there was
 * none (a full activity concerns no field). */
static void
show_message (DqRegisterDialog *self,
              const char       *text,
              gboolean          error)
{
  gtk_label_set_text (self->message_label, text);
  gtk_image_set_from_icon_name (self->message_icon, error ? "dialog-error-symbolic" : "object-select-symbolic");
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_icon), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_icon), "success");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_icon), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_icon), "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->message_box), TRUE);
}

static void
set_field_error (GtkLabel    *label,
                 AdwEntryRow *row,
                 const char  *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
clear_field_errors (DqRegisterDialog *self)
{
  set_field_error (self->name_error, self->name_row, NULL);
  set_field_error (self->phone_error, self->phone_row, NULL);
}

/* "<field>: <what is wrong>", the field named as the form names it. */
static char *
field_message (const char *column,
               const char *reason)
{
  const DqColumn *c = dq_table_column (dq_schema_table ("registration"), column);

  /* TRANSLATORS: "<field name>: <what is wrong>" */
  return g_strdup_printf (_ ("%s: %s"), dq_column_label (c), reason);
}

/* Where @r stands, as a sentence. */
static char *
standing_text (const DqRegistration *r,
               gboolean              before)
{
  const char *name = r->name != NULL ? r->name : "";

  switch (r->place)
    {
    case DQ_PLACE_WAITLISTED:
      return before
                 /* TRANSLATORS: %s is a name, %u the place on the waitlist */
                 ? g_strdup_printf (_ ("%s was already on the waitlist, number %u."), name, r->position)
                 : g_strdup_printf (_ ("%s is on the waitlist, number %u."), name, r->position);
    case DQ_PLACE_REGISTERED:
      return before ? g_strdup_printf (_ ("%s was already registered."), name)
                    : g_strdup_printf (_ ("%s is registered."), name);
    case DQ_PLACE_CANCELLED:
    default:
      return g_strdup_printf (_ ("%s cancelled the registration."), name);
    }
}

static char *
error_text (const GError *error)
{
  if (g_error_matches (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_FULL))
    return g_strdup (_ ("No places left: the activity is full and has no waitlist."));
  if (g_error_matches (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_NOT_FOUND))
    return g_strdup_printf (_ ("Not registered: %s."), error->message);
  /* TRANSLATORS: %s says why */
  return g_strdup_printf (_ ("The registration could not be saved: %s"), error->message);
}

static void
update_submit (DqRegisterDialog *self)
{
  gboolean can;

  if (member_mode (self))
    can = gtk_list_box_get_selected_row (self->member_list) != NULL;
  else
    {
      g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
      g_autofree char *phone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_row))));

      can = *name != '\0' && *phone != '\0';
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "register.submit", can);
}

/* A member's registration here as it stands, or NULL. */
static DqRegistration *
member_registration (DqRegisterDialog *self,
                     const char       *member_id)
{
  g_autofree char *id = dq_registration_id_for_member (self->activity_id, member_id);

  return dq_activity_get_registration (self->store, id, NULL);
}

static char *
org_name (DqRegisterDialog *self,
          const char       *org_id)
{
  g_autoptr (DqRecord) org = NULL;

  if (org_id == NULL || *org_id == '\0')
    return NULL;
  org = dq_store_get (self->store, "org", org_id, NULL);
  if (org == NULL || dq_record_get_int (org, "deleted", 0) != 0)
    return NULL;
  return g_strdup (dq_record_get_text (org, "name"));
}

static GtkWidget *
member_row_new (DqRegisterDialog *self,
                const DqRecord   *member)
{
  GtkWidget       *row = adw_action_row_new ();
  const char      *id = member->id;
  const char      *name = dq_record_get_text (member, "name");
  g_autofree char *title = g_markup_escape_text (name != NULL ? name : "", -1);
  g_autofree char *branch = org_name (self, dq_record_get_text (member, "org_id"));
  g_autofree char *phone = dq_mask_phone (dq_record_get_text (member, "phone"));
  g_autoptr (GString) subtitle = g_string_new (branch != NULL ? branch : _ ("Party member"));
  g_autofree char *subtitle_markup = NULL;
  g_autoptr (DqRegistration) registration = member_registration (self, id);

  if (phone != NULL && *phone != '\0')
    {
      g_string_append (subtitle, _ (" · "));
      g_string_append (subtitle, phone);
    }
  subtitle_markup = g_markup_escape_text (subtitle->str, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, id);
  g_object_set_data_full (G_OBJECT (row), "member-id", g_strdup (id), g_free);

  /* Who is registered already says so: registering again changes nothing. */
  if (registration != NULL)
    {
      GtkWidget *status = gtk_label_new (NULL);

      switch (registration->place)
        {
        case DQ_PLACE_REGISTERED:
          gtk_label_set_text (GTK_LABEL (status), C_ ("registration", "Registered"));
          gtk_widget_add_css_class (status, "accent");
          break;
        case DQ_PLACE_WAITLISTED:
          {
            /* TRANSLATORS: place on the waitlist: 候补 第 1 位 */
            g_autofree char *text = g_strdup_printf (_ ("Waitlist no. %u"), registration->position);

            gtk_label_set_text (GTK_LABEL (status), text);
            gtk_widget_add_css_class (status, "warning");
          }
          break;
        case DQ_PLACE_CANCELLED:
        default:
          gtk_label_set_text (GTK_LABEL (status), C_ ("registration", "Cancelled"));
          gtk_widget_add_css_class (status, "dim-label");
          break;
        }
      gtk_widget_set_name (status, "status");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
    }
  return row;
}

static void
clear_members (DqRegisterDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->member_list))) != NULL)
    gtk_list_box_remove (self->member_list, child);
}

static void
search_members (DqRegisterDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr (GPtrArray) members = NULL;
  g_autoptr (GError) error = NULL;

  clear_members (self);
  if (*text == '\0')
    {
      update_submit (self);
      return;
    }
  members = dq_store_search (self->store, "member", text, N_RESULTS, &error);
  if (members == NULL)
    {
      g_warning ("Searching members: %s", error->message);
      update_submit (self);
      return;
    }
  for (guint i = 0; i < members->len; i++)
    gtk_list_box_append (self->member_list, member_row_new (self, g_ptr_array_index (members, i)));
  update_submit (self);
}

static void
registered (DqRegisterDialog     *self,
            const DqRegistration *r,
            const DqRegistration *before)
{
  g_autofree char *text = NULL;

  /* Registered already (and not cancelled): nothing was written. */
  if (before != NULL && before->place != DQ_PLACE_CANCELLED)
    {
      text = standing_text (r, TRUE);
      show_message (self, text, FALSE);
      return;
    }
  text = standing_text (r, FALSE);
  show_message (self, text, FALSE);
  g_signal_emit (self, signals[SIGNAL_REGISTERED], 0, r->id);
}

static void
register_member (DqRegisterDialog *self,
                 GtkListBoxRow    *row)
{
  const char *member_id = g_object_get_data (G_OBJECT (row), "member-id");
  g_autoptr (DqRegistration) before = NULL;
  g_autoptr (DqRegistration) r = NULL;
  g_autoptr (GError) error = NULL;

  g_assert (member_id != NULL);
  before = member_registration (self, member_id);
  if (!dq_activity_register_member (self->store, self->activity_id, member_id, NULL, &r, &error))
    {
      g_autofree char *text = error_text (error);

      show_message (self, text, TRUE);
      return;
    }
  registered (self, r, before);
  /* Ready for the next person. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  clear_members (self);
  update_submit (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The phone as typed, without the spaces and dashes people put in it. */
static char *
clean_phone (const char *text)
{
  GString *phone = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (phone, *p);
  return g_string_free (phone, FALSE);
}

static const char *
chosen_status (DqRegisterDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->status_codes->len)
    return NULL;
  return g_ptr_array_index (self->status_codes, selected);
}

static void
register_person (DqRegisterDialog *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *phone = clean_phone (gtk_editable_get_text (GTK_EDITABLE (self->phone_row)));
  g_autoptr (DqRegistration) before = NULL;
  g_autoptr (DqRegistration) r = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok = TRUE;

  hide_message (self);
  clear_field_errors (self);
  if (*name == '\0')
    {
      g_autofree char *text = field_message ("name", _ ("cannot be empty"));

      set_field_error (self->name_error, self->name_row, text);
      ok = FALSE;
    }
  if (!dq_validate_mobile (phone, &error))
    {
      g_autofree char *text = field_message ("phone", error->message);

      set_field_error (self->phone_error, self->phone_row, text);
      g_clear_error (&error);
      ok = FALSE;
    }
  if (!ok)
    {
      gtk_widget_grab_focus (GTK_WIDGET (*name == '\0' ? self->name_row : self->phone_row));
      return;
    }

  {
    g_autofree char *id = dq_registration_id_for_phone (self->activity_id, phone);

    before = dq_activity_get_registration (self->store, id, NULL);
  }
  if (!dq_activity_register_person (self->store, self->activity_id, name, phone, chosen_status (self), NULL, &r,
                                    &error))
    {
      g_autofree char *text = error_text (error);

      if (g_error_matches (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_INVALID))
        {
          set_field_error (self->phone_error, self->phone_row, error->message);
          gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
        }
      else
        show_message (self, text, TRUE);
      return;
    }
  /* A phone of a member registers the member: compare with theirs. */
  if (before == NULL && r->member_id != NULL)
    before = member_registration (self, r->member_id);
  registered (self, r, before != NULL && g_strcmp0 (before->id, r->id) == 0 ? before : NULL);
  if (r->member_id != NULL)
    {
      /* TRANSLATORS: %s is a name; the phone number belongs to a member */
      g_autofree char *text = g_strdup_printf (_ ("%s is a party member: registered as the member. %s"), r->name,
                                               gtk_label_get_text (self->message_label));

      show_message (self, text, FALSE);
    }

  /* Ready for the next person. */
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), "");
  adw_combo_row_set_selected (self->status_row, 0);
  for (guint i = 0; i < self->status_codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->status_codes, i), STATUS_PUBLIC) == 0)
      adw_combo_row_set_selected (self->status_row, i);
  clear_field_errors (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
mode_changed_cb (DqRegisterDialog *self)
{
  hide_message (self);
  update_submit (self);
  if (member_mode (self))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
search_changed_cb (DqRegisterDialog *self)
{
  search_members (self);
}

/* Enter in the search goes to the first member found; Enter there
 * registers them. */
static void
search_activated_cb (DqRegisterDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->member_list, 0);

  if (first == NULL)
    return;
  gtk_list_box_select_row (self->member_list, first);
  gtk_widget_grab_focus (GTK_WIDGET (first));
}

static void
member_selected_cb (DqRegisterDialog *self)
{
  update_submit (self);
}

static void
member_activated_cb (DqRegisterDialog *self,
                     GtkListBoxRow    *row)
{
  register_member (self, row);
}

static void
person_changed_cb (DqRegisterDialog *self)
{
  update_submit (self);
}

static void
person_activated_cb (DqRegisterDialog *self)
{
  if (gtk_widget_has_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (self->name_row)))) &&
      *gtk_editable_get_text (GTK_EDITABLE (self->phone_row)) == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
      return;
    }
  register_person (self);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DqRegisterDialog *self = DQ_REGISTER_DIALOG (widget);

  if (member_mode (self))
    {
      GtkListBoxRow *row = gtk_list_box_get_selected_row (self->member_list);

      if (row != NULL)
        register_member (self, row);
    }
  else
    register_person (self);
}

static void
fill_statuses (DqRegisterDialog *self)
{
  const DqColumn   *column = dq_table_column (dq_schema_table ("registration"), "political_status");
  const DqCodeList *codes = dq_column_code_list (column);
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  guint public = 0;

  for (guint i = 0; codes != NULL && i < codes->n_codes; i++)
    {
      gtk_string_list_append (labels, dq_code_list_label (codes, codes->codes[i].code));
      g_ptr_array_add (self->status_codes, (gpointer) codes->codes[i].code);
      if (g_strcmp0 (codes->codes[i].code, STATUS_PUBLIC) == 0)
      public = i;
    }
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->status_row, public);
}

static void
dq_register_dialog_dispose (GObject *object)
{
  DqRegisterDialog *self = DQ_REGISTER_DIALOG (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_register_dialog_parent_class)->dispose (object);
}

static void
dq_register_dialog_finalize (GObject *object)
{
  DqRegisterDialog *self = DQ_REGISTER_DIALOG (object);

  g_clear_pointer (&self->activity_id, g_free);
  g_clear_pointer (&self->status_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (dq_register_dialog_parent_class)->finalize (object);
}

static void
dq_register_dialog_class_init (DqRegisterDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_register_dialog_dispose;
  object_class->finalize = dq_register_dialog_finalize;

  /**
   * DqRegisterDialog::registered:
   * @registration_id: the registration written (or restored)
   */
  signals[SIGNAL_REGISTERED] = g_signal_new ("registered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                             NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-register-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, message_box);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, message_icon);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, member_list);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, phone_error);
  gtk_widget_class_bind_template_child (widget_class, DqRegisterDialog, person_note);
  gtk_widget_class_bind_template_callback (widget_class, mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, member_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, person_activated_cb);

  gtk_widget_class_install_action (widget_class, "register.submit", NULL, submit_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "register.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dq_register_dialog_init (DqRegisterDialog *self)
{
  self->status_codes = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  fill_statuses (self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->member_list));
}

GtkWidget *
dq_register_dialog_new (GtkWindow  *parent,
                        DqStore    *store,
                        const char *activity_id)
{
  DqRegisterDialog *self;
  g_autoptr (DqRecord) activity = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (activity_id != NULL, NULL);

  self = g_object_new (DQ_TYPE_REGISTER_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->activity_id = g_strdup (activity_id);

  activity = dq_store_get (store, "activity", activity_id, NULL);
  if (activity != NULL)
    {
      const char *title = dq_record_get_text (activity, "title");

      adw_window_title_set_subtitle (self->window_title, title != NULL ? title : "");
      /* An activity for party members: the public may still come, but the
       * clerk should know. */
      if (g_strcmp0 (dq_record_get_text (activity, "audience"), "党员") == 0)
        gtk_label_set_text (self->person_note,
                            _ ("This activity is for party members. Only the name, mobile phone and political "
                               "status are recorded of anyone else."));
    }
  update_submit (self);
  return GTK_WIDGET (self);
}
