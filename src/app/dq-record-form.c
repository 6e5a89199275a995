/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqRecordForm: a record's fields made from the schema. One row per column,
 * by its kind: text, dates, phones and ID numbers in entry rows; codes and
 * districts in combo rows; several codes as check boxes; yes/no as a
 * switch; a reference as an entry that searches the target table and keeps
 * the chosen row's id. Under each field a line for its error.
 *
 * As the user types (debounced), every field is parsed and checked with
 * dq_column_check_value(), then the merged row with the table's
 * validate_row — the checks dq_store_write() makes — so that what the form
 * accepts, the store accepts. A row rule's error goes to the field the user
 * last changed that takes part in it (a birth date typed against the ID
 * number is flagged at the birth date), else to the field it names.
 *
 * The form owns no record: it starts from a copy of the one to edit and the
 * defaults, and hands out the changed cells. */
#define G_LOG_DOMAIN "dq-record-form"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dq-codes.h"
#include "dq-format.h"
#include "dq-record-form.h"
#include "dq-schema.h"
#include "dq-validate.h"

#define VALIDATE_DELAY_MS 300
#define SEARCH_DELAY_MS   150
#define N_SUGGESTIONS     8

typedef enum {
  WIDGET_ENTRY,
  WIDGET_COMBO,
  WIDGET_SWITCH,
  WIDGET_CHECKS,
  WIDGET_REF,
} WidgetKind;

typedef struct {
  DqRecordForm   *form;
  const DqColumn *column;
  guint           index;
  WidgetKind      widget_kind;
  GtkWidget      *row;
  GtkWidget      *error_row;
  GtkWidget      *error_label;
  GtkWidget      *masked_label; /* sensitive cell of an edited record */
  GtkWidget      *toggle;       /* WIDGET_SWITCH */
  GPtrArray      *checks;       /* WIDGET_CHECKS: GtkCheckButton per code */
  GPtrArray      *codes;        /* WIDGET_COMBO: code per position, NULL first */
  DqValue         start;        /* the value shown when loaded */
  char           *start_text;   /* entries: its text */
  gboolean        extra;        /* the district, added for new rows (see load) */
  gboolean        hidden;       /* an extra field not shown */
  gboolean        touched;      /* the user changed it */
  gboolean        autofilled;   /* set by the form (ID number, a pick, a default) */
  guint           serial;       /* order of the user's last change */
  char           *error;
  /* WIDGET_REF */
  char               *ref_id;
  char               *ref_name;
  GtkWidget          *popover;
  GtkWidget          *results;
  guint               search_source;
  guint               hide_source;
  GtkEventController *focus;
} Field;

struct _DqRecordForm {
  AdwBin parent_instance;

  GtkWidget           *top_error_box;
  GtkLabel            *top_error;
  AdwPreferencesGroup *required_group;
  AdwPreferencesGroup *other_group;

  DqStore       *store;
  const DqTable *table;
  GPtrArray     *fields; /* Field */
  DqRecord      *record; /* the record edited, or NULL */
  DqRecord      *defaults;
  char          *auto_district; /* a new row's district when nobody gave one */
  char          *store_error;   /* a write error not at a field */
  char          *top_message;
  guint          validate_source;
  guint          serial;
  gboolean       loading;
  gboolean       show_all;
  gboolean       valid;
};

G_DEFINE_FINAL_TYPE (DqRecordForm, dq_record_form, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void field_user_changed (Field *field);

/* Helpers */

static gboolean
value_is_empty (const DqValue *value)
{
  return value->kind == DQ_VALUE_UNSET || value->kind == DQ_VALUE_NULL ||
         (value->kind == DQ_VALUE_TEXT && value->s[0] == '\0');
}

static gboolean
value_same (const DqValue *a,
            const DqValue *b)
{
  if (value_is_empty (a) || value_is_empty (b))
    return value_is_empty (a) && value_is_empty (b);
  return dq_value_equal (a, b);
}

static void
field_free (Field *field)
{
  g_clear_handle_id (&field->search_source, g_source_remove);
  g_clear_handle_id (&field->hide_source, g_source_remove);
  g_clear_pointer (&field->checks, g_ptr_array_unref);
  g_clear_pointer (&field->codes, g_ptr_array_unref);
  dq_value_clear (&field->start);
  g_free (field->start_text);
  g_free (field->error);
  g_free (field->ref_id);
  g_free (field->ref_name);
  g_free (field);
}

static char *
field_message (const DqColumn *column,
               const char     *reason)
{
  /* TRANSLATORS: "<field name>: <what is wrong>" */
  return g_strdup_printf (_ ("%s: %s"), dq_column_label (column), reason);
}

/* The reason of a "<label>: <reason>" message of @column, or NULL. */
static const char *
reason_for (const DqColumn *column,
            const char     *message)
{
  g_autofree char *prefix = field_message (column, "");

  return g_str_has_prefix (message, prefix) ? message + strlen (prefix) : NULL;
}

static Field *
find_field (DqRecordForm *self,
            guint         index)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->index == index && !field->hidden)
        return field;
    }
  return NULL;
}

static Field *
find_field_named (DqRecordForm *self,
                  const char   *name)
{
  int index = dq_table_column_index (self->table, name);

  return index < 0 ? NULL : find_field (self, (guint) index);
}

/* The name a row of @table goes by in lists. */
static char *
row_name (DqStore       *store,
          const DqTable *table,
          const char    *id)
{
  g_autoptr (DqRecord) record = dq_store_get (store, table->name, id, NULL);
  const char *name = record && table->display ? dq_record_get_text (record, table->display) : NULL;

  return g_strdup (name != NULL ? name : id);
}

static char *
format_money (gint64 fen)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", fen < 0 ? "-" : "",
                          ABS (fen) / 100, (int) (ABS (fen) % 100));
}

static char *
format_time (const char *iso)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr (GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (iso);
}

/* The text an entry shows for @value. */
static char *
entry_text (Field         *field,
            const DqValue *value)
{
  const DqColumn *column = field->column;

  if (value_is_empty (value))
    return g_strdup ("");
  if (value->kind == DQ_VALUE_INT)
    return column->kind == DQ_COL_MONEY ? format_money (value->i)
                                        : g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
  if (column->kind == DQ_COL_TIME)
    return format_time (value->s);
  if (column->kind == DQ_COL_REF)
    return row_name (field->form->store, dq_schema_table (column->target), value->s);
  return g_strdup (value->s);
}

/* "1250", "1250.5", "¥1,250.50" → fen. */
static gboolean
parse_money (const char *text,
             gint64     *fen)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  const char *p = text;
  int         decimals = -1;
  gint64      value;

  if (g_str_has_prefix (p, "¥"))
    p += strlen ("¥");
  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (decimals >= 0 && ++decimals > 2)
            return FALSE;
          g_string_append_c (digits, *p);
        }
      else if (*p == '.' && decimals < 0)
        decimals = 0;
      else if (*p != ',')
        return FALSE;
    }
  if (digits->len == 0 || digits->len > 15)
    return FALSE;
  for (; decimals < 2; decimals = decimals < 0 ? 1 : decimals + 1)
    g_string_append_c (digits, '0');
  if (!g_ascii_string_to_signed (digits->str, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *fen = value;
  return TRUE;
}

/* "2024-05-01 09:30" (local time) → ISO 8601 with offset. */
static char *
parse_time (const char *text)
{
  g_autofree char *iso = g_strdup (text);
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GDateTime) time = NULL;
  char *space = strchr (iso, ' ');

  if (space != NULL)
    *space = 'T';
  if (strlen (iso) == 16)
    {
      char *with_seconds = g_strconcat (iso, ":00", NULL);

      g_free (iso);
      iso = with_seconds;
    }
  time = g_date_time_new_from_iso8601 (iso, local);
  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z") : NULL;
}

static const char *
field_text (Field *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (field->row));
}

/* The value the user gives @field: field->start when they did not change
 * it, UNSET when an empty masked field keeps the stored value. FALSE with
 * a message naming the field when the text cannot be a value. */
static gboolean
field_value (Field   *field,
             DqValue *value,
             GError **error)
{
  const DqColumn  *column = field->column;
  g_autofree char *text = NULL;

  value->kind = DQ_VALUE_UNSET;

  switch (field->widget_kind)
    {
    case WIDGET_COMBO:
      if (!field->touched && !field->autofilled)
        {
          dq_value_copy (&field->start, value);
          return TRUE;
        }
      {
        guint       selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));
        const char *code = selected < field->codes->len ? g_ptr_array_index (field->codes, selected) : NULL;

        if (code == NULL)
          value->kind = DQ_VALUE_NULL;
        else
          {
            value->kind = DQ_VALUE_TEXT;
            value->s = g_strdup (code);
          }
        return TRUE;
      }

    case WIDGET_SWITCH:
      if (!field->touched && !field->autofilled)
        dq_value_copy (&field->start, value);
      else
        {
          value->kind = DQ_VALUE_INT;
          value->i = gtk_switch_get_active (GTK_SWITCH (field->toggle));
        }
      return TRUE;

    case WIDGET_CHECKS:
      if (!field->touched && !field->autofilled)
        {
          dq_value_copy (&field->start, value);
          return TRUE;
        }
      {
        const DqCodeList *list = dq_column_code_list (column);
        g_autoptr (GString) codes = g_string_new (NULL);

        for (guint i = 0; i < field->checks->len; i++)
          if (gtk_check_button_get_active (g_ptr_array_index (field->checks, i)))
            g_string_append_printf (codes, "%s%s", codes->len ? "," : "", list->codes[i].code);
        if (codes->len == 0)
          value->kind = DQ_VALUE_NULL;
        else
          {
            value->kind = DQ_VALUE_TEXT;
            value->s = g_string_free (g_steal_pointer (&codes), FALSE);
          }
        return TRUE;
      }

    case WIDGET_REF:
    case WIDGET_ENTRY:
    default:
      break;
    }

  if (g_strcmp0 (field_text (field), field->start_text) == 0)
    {
      /* An empty masked field keeps what is stored. */
      if (field->masked_label == NULL)
        dq_value_copy (&field->start, value);
      return TRUE;
    }

  text = column->kind == DQ_COL_TEXT ? g_strdup (field_text (field))
                                     : g_strstrip (g_strdup (field_text (field)));
  if (text[0] == '\0')
    {
      value->kind = DQ_VALUE_NULL;
      return TRUE;
    }

  switch (column->kind)
    {
    case DQ_COL_REF:
      if (field->ref_id == NULL || g_strcmp0 (field_text (field), field->ref_name) != 0)
        {
          g_autofree char *message = field_message (column, _ ("choose one of the suggestions"));

          g_set_error_literal (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_VALUE, message);
          return FALSE;
        }
      value->kind = DQ_VALUE_TEXT;
      value->s = g_strdup (field->ref_id);
      return TRUE;

    case DQ_COL_INT:
    case DQ_COL_BOOL:
      {
        gint64 n;

        if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &n, NULL))
          {
            g_autofree char *message = field_message (column, _ ("must be a whole number"));

            g_set_error_literal (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_VALUE, message);
            return FALSE;
          }
        value->kind = DQ_VALUE_INT;
        value->i = n;
        return TRUE;
      }

    case DQ_COL_MONEY:
      if (!parse_money (text, &value->i))
        {
          g_autofree char *message =
              field_message (column, _ ("must be an amount in yuan, such as 1250.00"));

          g_set_error_literal (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_VALUE, message);
          return FALSE;
        }
      value->kind = DQ_VALUE_INT;
      return TRUE;

    case DQ_COL_TIME:
      {
        char *iso = parse_time (text);

        if (iso == NULL)
          {
            g_autofree char *message =
                field_message (column, _ ("must be a date and time such as 2024-05-01 09:30"));

            g_set_error_literal (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_VALUE, message);
            return FALSE;
          }
        value->kind = DQ_VALUE_TEXT;
        value->s = iso;
        return TRUE;
      }

    default:
      value->kind = DQ_VALUE_TEXT;
      value->s = g_steal_pointer (&text);
      return TRUE;
    }
}

/* The record the form's values go on: the edited one, or a new row with the
 * defaults and the district it will get. */
static DqRecord *
base_record (DqRecordForm *self)
{
  DqRecord *base;

  if (self->record != NULL)
    return dq_record_copy (self->record);

  base = dq_record_new (self->table, NULL);
  if (self->auto_district != NULL)
    dq_record_set_text (base, "district", self->auto_district);
  if (self->defaults != NULL)
    for (guint i = 0; i < self->table->n_columns; i++)
      if (self->defaults->values[i].kind != DQ_VALUE_UNSET)
        dq_record_set_value_at (base, i, &self->defaults->values[i]);
  return base;
}

static void
set_field_error (Field      *field,
                 const char *message)
{
  g_free (field->error);
  field->error = g_strdup (message);
}

static void
set_top_message (DqRecordForm *self,
                 const char   *message)
{
  if (self->top_message == NULL)
    self->top_message = g_strdup (message);
}

/* A row rule failed with @message: the field the user changed last whose
 * old value satisfies the rule is the one to fix; else the field named. */
static void
place_row_error (DqRecordForm   *self,
                 const DqRecord *merged,
                 const char     *message)
{
  Field      *named = NULL;
  const char *reason = NULL;
  Field      *blamed = NULL;
  guint       best = 0;

  for (guint i = 0; i < self->table->n_columns && reason == NULL; i++)
    if ((reason = reason_for (&self->table->columns[i], message)) != NULL)
      named = find_field (self, i);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autoptr (DqRecord) before = NULL;

      if (field->hidden || !field->touched || field->serial <= best)
        continue;
      before = dq_record_copy (merged);
      dq_record_set_value_at (before, field->index, &field->start);
      if (self->table->validate_row (before, NULL))
        {
          blamed = field;
          best = field->serial;
        }
    }

  if (blamed != NULL && blamed != named && reason != NULL)
    {
      g_autofree char *text = field_message (blamed->column, reason);

      set_field_error (blamed, text);
    }
  else if (named != NULL)
    set_field_error (named, message);
  else
    set_top_message (self, message);
}

static void
update_error_display (DqRecordForm *self)
{
  const char *top = self->store_error ? self->store_error : self->top_message;
  gboolean    any_touched = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field   *field = g_ptr_array_index (self->fields, i);
      gboolean shown = field->error != NULL && !field->hidden && (field->touched || self->show_all);

      /* A reference being chosen is not wrong yet. */
      if (field->popover != NULL && gtk_widget_get_visible (field->popover) && !self->show_all)
        shown = FALSE;

      any_touched |= field->touched;
      gtk_label_set_text (GTK_LABEL (field->error_label), shown ? field->error : "");
      gtk_widget_set_visible (field->error_row, shown);
      if (shown)
        gtk_widget_add_css_class (field->row, "error");
      else
        gtk_widget_remove_css_class (field->row, "error");
    }

  if (top != NULL && (self->store_error != NULL || self->show_all || any_touched))
    {
      gtk_label_set_text (self->top_error, top);
      gtk_widget_set_visible (self->top_error_box, TRUE);
    }
  else
    gtk_widget_set_visible (self->top_error_box, FALSE);
}

/* Every check dq_store_write() makes, on what the form holds now. */
static void
validate (DqRecordForm *self)
{
  g_autoptr (DqRecord) merged = base_record (self);
  gboolean cells_ok = TRUE;

  g_clear_handle_id (&self->validate_source, g_source_remove);
  g_clear_pointer (&self->top_message, g_free);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field  *field = g_ptr_array_index (self->fields, i);
      DqValue value = { 0 };
      g_autoptr (GError) error = NULL;

      g_clear_pointer (&field->error, g_free);
      if (field->hidden)
        continue;
      if (!field_value (field, &value, &error) ||
          !dq_column_check_value (field->column, &value, TRUE, &error))
        {
          set_field_error (field, error->message);
          cells_ok = FALSE;
        }
      else if (value.kind != DQ_VALUE_UNSET)
        dq_record_set_value_at (merged, field->index, &value);
      dq_value_clear (&value);
    }

  /* As the store: a new row needs every required cell; an edit may not
   * empty one. */
  for (guint i = 0; i < self->table->n_columns; i++)
    {
      const DqColumn  *column = &self->table->columns[i];
      Field           *field = find_field (self, i);
      g_autofree char *message = NULL;

      if (!(column->flags & DQ_COL_FLAG_REQUIRED) || !value_is_empty (&merged->values[i]))
        continue;
      if (self->record != NULL && (field == NULL || value_is_empty (&field->start)))
        continue;
      if (field != NULL && field->error != NULL)
        continue;

      message = field_message (column, _ ("this field is required"));
      if (field != NULL)
        set_field_error (field, message);
      else
        set_top_message (self, message);
      cells_ok = FALSE;
    }

  if (cells_ok && self->table->validate_row != NULL)
    {
      g_autoptr (GError) error = NULL;

      if (!self->table->validate_row (merged, &error))
        {
          place_row_error (self, merged, error->message);
          cells_ok = FALSE;
        }
    }

  self->valid = cells_ok && self->store_error == NULL;
  update_error_display (self);
}

static gboolean
validate_timeout_cb (gpointer data)
{
  DqRecordForm *self = data;

  self->validate_source = 0;
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_validate (DqRecordForm *self)
{
  g_clear_handle_id (&self->validate_source, g_source_remove);
  self->validate_source = g_timeout_add (VALIDATE_DELAY_MS, validate_timeout_cb, self);
}

/* Entering a valid ID number fills in the birth date and gender it holds,
 * unless the user typed them. */
static void
fill_from_id_number (DqRecordForm *self,
                     Field        *id_field)
{
  Field           *birth = find_field_named (self, "birth_date");
  Field           *gender = find_field_named (self, "gender");
  const char      *gender_code = NULL;
  char             birth_date[11];
  g_autofree char *text = g_strstrip (g_strdup (field_text (id_field)));

  if (!dq_validate_id_number (text, FALSE, NULL) || !dq_id_number_info (text, birth_date, &gender_code))
    return;

  self->loading = TRUE;
  if (birth != NULL && birth->widget_kind == WIDGET_ENTRY && birth->column->kind == DQ_COL_DATE &&
      !birth->touched && (birth->autofilled || field_text (birth)[0] == '\0'))
    {
      gtk_editable_set_text (GTK_EDITABLE (birth->row), birth_date);
      birth->autofilled = TRUE;
    }
  if (gender != NULL && gender->widget_kind == WIDGET_COMBO && !gender->touched &&
      (gender->autofilled || adw_combo_row_get_selected (ADW_COMBO_ROW (gender->row)) == 0))
    {
      for (guint i = 1; i < gender->codes->len; i++)
        if (g_strcmp0 (g_ptr_array_index (gender->codes, i), gender_code) == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (gender->row), i);
      gender->autofilled = TRUE;
    }
  self->loading = FALSE;
}

/* References: a search as the user types, a popover of the rows found. */

static void
hide_suggestions (Field *field)
{
  g_clear_handle_id (&field->hide_source, g_source_remove);
  gtk_popover_popdown (GTK_POPOVER (field->popover));
}

static void
pick_suggestion (Field         *field,
                 GtkListBoxRow *row)
{
  DqRecordForm *self = field->form;
  const char   *id = g_object_get_data (G_OBJECT (row), "id");
  const char   *name = g_object_get_data (G_OBJECT (row), "name");
  const char   *district = g_object_get_data (G_OBJECT (row), "district");
  Field        *district_field = find_field_named (self, "district");

  g_free (field->ref_id);
  field->ref_id = g_strdup (id);
  g_free (field->ref_name);
  field->ref_name = g_strdup (name);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (field->row), name);
  gtk_editable_set_position (GTK_EDITABLE (field->row), -1);
  self->loading = FALSE;
  hide_suggestions (field);

  /* A new row goes where the row it belongs to is, unless told otherwise. */
  if (self->record == NULL && district != NULL && district[0] != '\0' &&
      (self->defaults == NULL || !dq_record_is_set (self->defaults, "district")))
    {
      if (district_field != NULL && !district_field->touched)
        {
          for (guint i = 1; i < district_field->codes->len; i++)
            if (g_strcmp0 (g_ptr_array_index (district_field->codes, i), district) == 0)
              {
                self->loading = TRUE;
                adw_combo_row_set_selected (ADW_COMBO_ROW (district_field->row), i);
                district_field->autofilled = TRUE;
                self->loading = FALSE;
              }
        }
      else if (district_field == NULL)
        {
          g_free (self->auto_district);
          self->auto_district = g_strdup (district);
        }
    }
  field_user_changed (field);
}

static void
suggestion_activated_cb (GtkListBox    *box,
                         GtkListBoxRow *row,
                         Field         *field)
{
  pick_suggestion (field, row);
}

/* Rows of the target table matching @text: full-text search where the
 * table has it, else its display column. */
static GPtrArray *
search_rows (DqStore       *store,
             const DqTable *target,
             const char    *text)
{
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *pattern = NULL;
  const char      *params[2] = { NULL, NULL };

  if (dq_table_has_search (target))
    return dq_store_search (store, target->name, text, N_SUGGESTIONS, NULL);
  if (target->display == NULL)
    return NULL;

  sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted = 0 AND %s LIKE ?1 ORDER BY %s LIMIT %d",
                         target->name, target->display, target->display, N_SUGGESTIONS);
  pattern = g_strdup_printf ("%%%s%%", text);
  params[0] = pattern;
  rows = dq_store_select (store, sql, params, NULL);
  if (rows == NULL)
    return NULL;
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_record_free);
  for (guint i = 0; i < rows->len; i++)
    {
      GStrv     row = g_ptr_array_index (rows, i);
      DqRecord *record = dq_store_get (store, target->name, row[0], NULL);

      if (record != NULL)
        g_ptr_array_add (records, record);
    }
  return g_steal_pointer (&records);
}

static void
fill_suggestions (Field *field)
{
  DqRecordForm    *self = field->form;
  const DqTable   *target = dq_schema_table (field->column->target);
  g_autofree char *text = g_strstrip (g_strdup (field_text (field)));
  g_autoptr (GPtrArray) found = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (field->results)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (field->results), child);

  if (text[0] == '\0' || target == NULL || g_strcmp0 (text, field->ref_name) == 0)
    {
      hide_suggestions (field);
      return;
    }

  found = search_rows (self->store, target, text);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      DqRecord         *record = g_ptr_array_index (found, i);
      const char       *name = target->display ? dq_record_get_text (record, target->display) : NULL;
      const char       *district = dq_record_get_text (record, "district");
      const DqDistrict *scope = district ? dq_district_lookup (district) : NULL;
      GtkWidget        *row = adw_action_row_new ();

      if (name == NULL)
        name = record->id;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      if (scope != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), scope->name);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "id", g_strdup (record->id), g_free);
      g_object_set_data_full (G_OBJECT (row), "name", g_strdup (name), g_free);
      g_object_set_data_full (G_OBJECT (row), "district", g_strdup (district), g_free);
      gtk_list_box_append (GTK_LIST_BOX (field->results), row);
    }

  if (found == NULL || found->len == 0)
    {
      GtkWidget *none = gtk_label_new (_ ("Nothing found"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_widget_set_margin_top (none, 12);
      gtk_widget_set_margin_bottom (none, 12);
      gtk_list_box_append (GTK_LIST_BOX (field->results), none);
      gtk_list_box_row_set_activatable (gtk_list_box_get_row_at_index (GTK_LIST_BOX (field->results), 0),
                                        FALSE);
    }
  else
    gtk_list_box_select_row (GTK_LIST_BOX (field->results),
                             gtk_list_box_get_row_at_index (GTK_LIST_BOX (field->results), 0));

  if (gtk_widget_get_mapped (field->row))
    gtk_popover_popup (GTK_POPOVER (field->popover));
}

static gboolean
search_timeout_cb (gpointer data)
{
  Field *field = data;

  field->search_source = 0;
  fill_suggestions (field);
  return G_SOURCE_REMOVE;
}

static gboolean
hide_timeout_cb (gpointer data)
{
  Field *field = data;

  field->hide_source = 0;
  gtk_popover_popdown (GTK_POPOVER (field->popover));
  update_error_display (field->form);
  return G_SOURCE_REMOVE;
}

static void
ref_focus_leave_cb (GtkEventControllerFocus *controller,
                    Field                   *field)
{
  /* Later: a click on a suggestion takes the focus first. */
  g_clear_handle_id (&field->hide_source, g_source_remove);
  field->hide_source = g_timeout_add (200, hide_timeout_cb, field);
}

static void
ref_entry_activated_cb (AdwEntryRow *row,
                        Field       *field)
{
  GtkListBoxRow *selected;

  /* Enter picks the highlighted suggestion, searching first if the user
   * was quicker than the search. */
  if (field->search_source != 0 || !gtk_widget_get_visible (field->popover))
    {
      g_clear_handle_id (&field->search_source, g_source_remove);
      fill_suggestions (field);
    }
  selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (field->results));
  if (selected != NULL && g_object_get_data (G_OBJECT (selected), "id") != NULL)
    pick_suggestion (field, selected);
}

static gboolean
ref_key_pressed_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    Field                 *field)
{
  GtkListBox    *box = GTK_LIST_BOX (field->results);
  GtkListBoxRow *selected;
  int            index;

  if (!gtk_widget_get_visible (field->popover))
    return FALSE;
  if (keyval == GDK_KEY_Escape)
    {
      hide_suggestions (field);
      return TRUE;
    }
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_Up)
    return FALSE;

  selected = gtk_list_box_get_selected_row (box);
  index = selected ? gtk_list_box_row_get_index (selected) : -1;
  index += keyval == GDK_KEY_Down ? 1 : -1;
  if (index >= 0 && gtk_list_box_get_row_at_index (box, index) != NULL)
    gtk_list_box_select_row (box, gtk_list_box_get_row_at_index (box, index));
  return TRUE;
}

/* Signal callbacks */

static void
field_user_changed (Field *field)
{
  DqRecordForm *self = field->form;

  field->touched = TRUE;
  field->autofilled = FALSE;
  field->serial = ++self->serial;
  g_clear_pointer (&self->store_error, g_free);
  schedule_validate (self);
}

static void
entry_changed_cb (GtkEditable *editable,
                  Field       *field)
{
  DqRecordForm *self = field->form;

  if (field->masked_label != NULL)
    gtk_widget_set_visible (field->masked_label, field_text (field)[0] == '\0');
  if (self->loading)
    return;

  if (field->widget_kind == WIDGET_REF)
    {
      g_clear_handle_id (&field->search_source, g_source_remove);
      field->search_source = g_timeout_add (SEARCH_DELAY_MS, search_timeout_cb, field);
    }
  if (field->column->kind == DQ_COL_ID_NUMBER)
    fill_from_id_number (self, field);
  field_user_changed (field);
}

static void
combo_selected_cb (GObject    *object,
                   GParamSpec *pspec,
                   Field      *field)
{
  if (!field->form->loading)
    field_user_changed (field);
}

static void
check_toggled_cb (GtkCheckButton *button,
                  Field          *field)
{
  const DqCodeList *list = dq_column_code_list (field->column);
  g_autoptr (GString) labels = g_string_new (NULL);

  for (guint i = 0; i < field->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (field->checks, i)))
      g_string_append_printf (labels, "%s%s", labels->len ? _ (", ") : "",
                              dq_code_list_label (list, list->codes[i].code));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (field->row), labels->str);
  if (!field->form->loading)
    field_user_changed (field);
}

/* Building the fields */

static char *
field_title (const DqColumn *column)
{
  if (column->flags & DQ_COL_FLAG_REQUIRED)
    /* TRANSLATORS: the label of a required field in a form */
    return g_strdup_printf (_ ("%s *"), dq_column_label (column));
  return g_strdup (dq_column_label (column));
}

static GtkWidget *
combo_for (Field *field)
{
  const DqColumn *column = field->column;
  GtkStringList  *labels = gtk_string_list_new (NULL);
  GtkWidget      *row = adw_combo_row_new ();

  field->codes = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (field->codes, NULL);
  gtk_string_list_append (labels, (column->flags & DQ_COL_FLAG_REQUIRED) ? _ ("Choose…")
                                                                         : _ ("Not filled in"));

  if (column->kind == DQ_COL_DISTRICT)
    {
      guint             n;
      const DqDistrict *districts = dq_districts (&n);

      for (guint i = 0; i < n; i++)
        {
          g_ptr_array_add (field->codes, g_strdup (districts[i].code));
          gtk_string_list_append (labels, districts[i].name);
        }
    }
  else
    {
      const DqCodeList *list = dq_column_code_list (column);

      for (guint i = 0; list != NULL && i < list->n_codes; i++)
        {
          g_ptr_array_add (field->codes, g_strdup (list->codes[i].code));
          gtk_string_list_append (labels, dq_code_list_label (list, list->codes[i].code));
        }
    }

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_unref (labels);
  g_signal_connect (row, "notify::selected", G_CALLBACK (combo_selected_cb), field);
  return row;
}

static GtkWidget *
checks_for (Field *field)
{
  const DqCodeList *list = dq_column_code_list (field->column);
  GtkWidget        *row = adw_expander_row_new ();

  field->checks = g_ptr_array_new ();
  for (guint i = 0; list != NULL && i < list->n_codes; i++)
    {
      GtkWidget *item = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item),
                                     dq_code_list_label (list, list->codes[i].code));
      adw_action_row_add_prefix (ADW_ACTION_ROW (item), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (item), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), item);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), field);
      g_ptr_array_add (field->checks, check);
    }
  return row;
}

static GtkWidget *
switch_for (Field *field)
{
  GtkWidget *row = adw_action_row_new ();

  field->toggle = gtk_switch_new ();
  gtk_widget_set_valign (field->toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), field->toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), field->toggle);
  g_signal_connect (field->toggle, "notify::active", G_CALLBACK (combo_selected_cb), field);
  return row;
}

static GtkWidget *
entry_for (Field *field)
{
  const DqColumn *column = field->column;
  GtkWidget      *row = adw_entry_row_new ();

  switch (column->kind)
    {
    case DQ_COL_PHONE:
    case DQ_COL_MOBILE:
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
      break;
    case DQ_COL_INT:
    case DQ_COL_BOOL:
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_DIGITS);
      break;
    case DQ_COL_MONEY:
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_NUMBER);
      break;
    default:
      break;
    }

  if (column->kind == DQ_COL_REF)
    {
      GtkEventController *keys = gtk_event_controller_key_new ();

      field->widget_kind = WIDGET_REF;
      field->results = gtk_list_box_new ();
      gtk_widget_add_css_class (field->results, "navigation-sidebar");
      g_signal_connect (field->results, "row-activated", G_CALLBACK (suggestion_activated_cb), field);
      field->popover = gtk_popover_new ();
      gtk_popover_set_autohide (GTK_POPOVER (field->popover), FALSE);
      gtk_popover_set_has_arrow (GTK_POPOVER (field->popover), FALSE);
      gtk_popover_set_position (GTK_POPOVER (field->popover), GTK_POS_BOTTOM);
      gtk_popover_set_child (GTK_POPOVER (field->popover), field->results);
      gtk_widget_set_size_request (field->results, 320, -1);
      gtk_widget_set_parent (field->popover, row);

      gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
      g_signal_connect (keys, "key-pressed", G_CALLBACK (ref_key_pressed_cb), field);
      gtk_widget_add_controller (row, keys);
      field->focus = gtk_event_controller_focus_new ();
      g_signal_connect (field->focus, "leave", G_CALLBACK (ref_focus_leave_cb), field);
      gtk_widget_add_controller (row, field->focus);
      g_signal_connect (row, "entry-activated", G_CALLBACK (ref_entry_activated_cb), field);
    }
  else
    adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);

  g_signal_connect (row, "changed", G_CALLBACK (entry_changed_cb), field);
  return row;
}

static Field *
add_field (DqRecordForm   *self,
           const DqColumn *column,
           guint           index)
{
  Field               *field = g_new0 (Field, 1);
  g_autofree char     *title = field_title (column);
  g_autofree char     *error_name = g_strconcat ("error:", column->name, NULL);
  AdwPreferencesGroup *group;
  GtkWidget           *error_row;

  field->form = self;
  field->column = column;
  field->index = index;

  switch (column->kind)
    {
    case DQ_COL_CODE:
    case DQ_COL_DISTRICT:
      field->widget_kind = WIDGET_COMBO;
      field->row = combo_for (field);
      break;
    case DQ_COL_CODES:
      field->widget_kind = WIDGET_CHECKS;
      field->row = checks_for (field);
      break;
    case DQ_COL_BOOL:
      field->widget_kind = WIDGET_SWITCH;
      field->row = switch_for (field);
      break;
    default:
      field->widget_kind = WIDGET_ENTRY;
      field->row = entry_for (field);
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), title);
  gtk_widget_set_name (field->row, column->name);

  /* The error line under the field: a row of its own in the list. */
  field->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (field->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (field->error_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (field->error_label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_start (field->error_label, 12);
  gtk_widget_set_margin_end (field->error_label, 12);
  gtk_widget_set_margin_top (field->error_label, 6);
  gtk_widget_set_margin_bottom (field->error_label, 6);
  gtk_widget_add_css_class (field->error_label, "error");
  gtk_widget_add_css_class (field->error_label, "caption");
  gtk_widget_set_name (field->error_label, error_name);
  /* A preferences row, so that the group puts it in its list, under the
   * field, rather than below the list. */
  error_row = adw_preferences_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (error_row), field->error_label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (error_row), FALSE);
  gtk_widget_set_focusable (error_row, FALSE);
  gtk_widget_set_visible (error_row, FALSE);
  field->error_row = error_row;

  group = (column->flags & DQ_COL_FLAG_REQUIRED) ? self->required_group : self->other_group;
  adw_preferences_group_add (group, field->row);
  adw_preferences_group_add (group, field->error_row);
  g_ptr_array_add (self->fields, field);
  return field;
}

/* Puts @value in @field's widget, without counting it as the user's. */
static void
load_field (Field         *field,
            const DqValue *value)
{
  DqRecordForm *self = field->form;

  dq_value_clear (&field->start);
  dq_value_copy (value, &field->start);
  field->touched = FALSE;
  field->autofilled = FALSE;
  field->serial = 0;
  g_clear_pointer (&field->error, g_free);
  g_clear_pointer (&field->start_text, g_free);
  g_clear_pointer (&field->ref_id, g_free);
  g_clear_pointer (&field->ref_name, g_free);
  if (field->masked_label != NULL)
    {
      adw_entry_row_remove (ADW_ENTRY_ROW (field->row), field->masked_label);
      field->masked_label = NULL;
    }

  switch (field->widget_kind)
    {
    case WIDGET_COMBO:
      {
        guint selected = 0;

        for (guint i = 1; value->kind == DQ_VALUE_TEXT && i < field->codes->len; i++)
          if (strcmp (g_ptr_array_index (field->codes, i), value->s) == 0)
            selected = i;
        adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), selected);
        break;
      }

    case WIDGET_SWITCH:
      gtk_switch_set_active (GTK_SWITCH (field->toggle), value->kind == DQ_VALUE_INT && value->i != 0);
      break;

    case WIDGET_CHECKS:
      {
        const DqCodeList *list = dq_column_code_list (field->column);
        g_auto (GStrv) codes = value->kind == DQ_VALUE_TEXT ? g_strsplit (value->s, ",", -1) : NULL;

        for (guint i = 0; i < field->checks->len; i++)
          gtk_check_button_set_active (g_ptr_array_index (field->checks, i),
                                       codes != NULL &&
                                           g_strv_contains ((const char *const *) codes, list->codes[i].code));
        break;
      }

    case WIDGET_REF:
    case WIDGET_ENTRY:
    default:
      if (self->record != NULL && (field->column->flags & DQ_COL_FLAG_SENSITIVE) &&
          !value_is_empty (value))
        {
          /* Personal data stays masked: the field starts empty and shows
           * the mask beside; typing replaces the stored value. */
          g_autofree char *masked = dq_format_value (field->column, value, TRUE);

          field->start_text = g_strdup ("");
          field->masked_label = gtk_label_new (masked);
          gtk_widget_add_css_class (field->masked_label, "dim-label");
          gtk_widget_set_tooltip_text (field->masked_label,
                                       _ ("Hidden personal data: type a new value to change it"));
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (field->row), field->masked_label);
        }
      else
        field->start_text = entry_text (field, value);

      if (field->widget_kind == WIDGET_REF && value->kind == DQ_VALUE_TEXT)
        {
          field->ref_id = g_strdup (value->s);
          field->ref_name = g_strdup (field->start_text);
        }
      gtk_editable_set_text (GTK_EDITABLE (field->row), field->start_text);
      if (field->popover != NULL)
        gtk_popover_popdown (GTK_POPOVER (field->popover));
      break;
    }
}

/* The replica's one district, when it holds only one. */
static char *
only_district (DqRecordForm *self)
{
  const char *tables[] = { self->table->name, "org" };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT DISTINCT district FROM %s WHERE district <> '' LIMIT 2",
                                              tables[i]);
      g_autoptr (GPtrArray) rows = dq_store_select (self->store, sql, NULL, NULL);

      if (rows != NULL && rows->len == 1)
        return g_strdup (((GStrv) g_ptr_array_index (rows, 0))[0]);
      if (rows != NULL && rows->len > 1)
        return NULL;
    }
  return NULL;
}

static void
update_groups (DqRecordForm *self)
{
  gboolean any_required = FALSE;
  gboolean any_other = FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      gtk_widget_set_visible (field->row, !field->hidden);
      if (field->hidden)
        continue;
      if (field->column->flags & DQ_COL_FLAG_REQUIRED)
        any_required = TRUE;
      else
        any_other = TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->required_group), any_required);
  gtk_widget_set_visible (GTK_WIDGET (self->other_group), any_other);
  adw_preferences_group_set_title (self->other_group, any_required ? _ ("Other details") : "");
}

/* Fills every field from the record (or nothing) and the defaults. */
static void
load (DqRecordForm *self)
{
  gboolean given_district = self->defaults != NULL && dq_record_is_set (self->defaults, "district");

  self->loading = TRUE;
  self->show_all = FALSE;
  self->serial = 0;
  g_clear_pointer (&self->store_error, g_free);
  g_clear_pointer (&self->auto_district, g_free);

  /* A new row needs a district. When the caller gave none, it is the one
   * district of the replica, or that of the row a reference picks; when
   * the replica holds several, the user chooses it. */
  if (self->record == NULL && !given_district)
    self->auto_district = only_district (self);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field         *field = g_ptr_array_index (self->fields, i);
      const DqValue *value = NULL;
      DqValue        none = { 0 };

      if (field->extra)
        field->hidden = self->record != NULL || given_district || self->auto_district != NULL;
      if (self->defaults != NULL && dq_record_is_set (self->defaults, field->column->name))
        value = &self->defaults->values[field->index];
      else if (self->record != NULL)
        value = &self->record->values[field->index];
      load_field (field, value ? value : &none);

      if (self->record != NULL && value != &self->record->values[field->index])
        {
          /* A default on an edited record is a change from what is stored. */
          dq_value_clear (&field->start);
          dq_value_copy (&self->record->values[field->index], &field->start);
          g_free (field->start_text);
          field->start_text = entry_text (field, &field->start);
          field->autofilled = TRUE;
        }
    }
  update_groups (self);
  self->loading = FALSE;

  validate (self);
}

/* Overrides */

static void
dq_record_form_dispose (GObject *object)
{
  DqRecordForm *self = DQ_RECORD_FORM (object);

  g_clear_handle_id (&self->validate_source, g_source_remove);
  if (self->fields != NULL)
    for (guint i = 0; i < self->fields->len; i++)
      {
        Field *field = g_ptr_array_index (self->fields, i);

        g_clear_handle_id (&field->search_source, g_source_remove);
        g_clear_handle_id (&field->hide_source, g_source_remove);
        g_clear_pointer (&field->popover, gtk_widget_unparent);
      }

  gtk_widget_dispose_template (GTK_WIDGET (self), DQ_TYPE_RECORD_FORM);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dq_record_form_parent_class)->dispose (object);
}

static void
dq_record_form_finalize (GObject *object)
{
  DqRecordForm *self = DQ_RECORD_FORM (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->record, dq_record_free);
  g_clear_pointer (&self->defaults, dq_record_free);
  g_clear_pointer (&self->auto_district, g_free);
  g_clear_pointer (&self->store_error, g_free);
  g_clear_pointer (&self->top_message, g_free);

  G_OBJECT_CLASS (dq_record_form_parent_class)->finalize (object);
}

static void
dq_record_form_class_init (DqRecordFormClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dq_record_form_dispose;
  object_class->finalize = dq_record_form_finalize;

  /* Emitted once the form has checked what the user changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dangqun/Dangqun/ui/dq-record-form.ui");
  gtk_widget_class_bind_template_child (widget_class, DqRecordForm, top_error_box);
  gtk_widget_class_bind_template_child (widget_class, DqRecordForm, top_error);
  gtk_widget_class_bind_template_child (widget_class, DqRecordForm, required_group);
  gtk_widget_class_bind_template_child (widget_class, DqRecordForm, other_group);
}

static void
dq_record_form_init (DqRecordForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
}

/* Public API */

GtkWidget *
dq_record_form_new (DqStore           *store,
                    const char        *table,
                    const char *const *columns)
{
  DqRecordForm *self;
  gboolean      has_district = FALSE;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (dq_schema_table (table) != NULL, NULL);

  self = g_object_new (DQ_TYPE_RECORD_FORM, NULL);
  self->store = g_object_ref (store);
  self->table = dq_schema_table (table);

  for (guint i = 0; i < self->table->n_columns; i++)
    {
      const DqColumn *column = &self->table->columns[i];
      gboolean        wanted = columns != NULL ? g_strv_contains (columns, column->name)
                                               : i != DQ_COLUMN_DISTRICT && i != DQ_COLUMN_DELETED;

      if (!wanted)
        continue;
      add_field (self, column, i);
      has_district |= i == DQ_COLUMN_DISTRICT;
    }

  /* The district of a new row, shown only when nothing else gives it. */
  if (!has_district)
    add_field (self, &self->table->columns[DQ_COLUMN_DISTRICT], DQ_COLUMN_DISTRICT)->extra = TRUE;

  load (self);
  return GTK_WIDGET (self);
}

void
dq_record_form_set_record (DqRecordForm   *self,
                           const DqRecord *record)
{
  g_return_if_fail (DQ_IS_RECORD_FORM (self));
  g_return_if_fail (record == NULL || record->table == self->table);

  g_clear_pointer (&self->record, dq_record_free);
  if (record != NULL)
    self->record = dq_record_copy (record);
  load (self);
}

void
dq_record_form_set_defaults (DqRecordForm   *self,
                             const DqRecord *defaults)
{
  g_return_if_fail (DQ_IS_RECORD_FORM (self));
  g_return_if_fail (defaults == NULL || defaults->table == self->table);

  g_clear_pointer (&self->defaults, dq_record_free);
  if (defaults != NULL)
    self->defaults = dq_record_copy (defaults);
  load (self);
}

DqRecord *
dq_record_form_get_changes (DqRecordForm *self)
{
  g_autoptr (DqRecord) changes = NULL;
  gboolean typed = FALSE;

  g_return_val_if_fail (DQ_IS_RECORD_FORM (self), NULL);

  changes = dq_record_new (self->table, self->record ? self->record->id : NULL);
  if (self->record == NULL)
    {
      g_autoptr (DqRecord) base = base_record (self);

      /* What the form shows, it gives below; the rest as given. */
      for (guint i = 0; i < self->table->n_columns; i++)
        if (base->values[i].kind != DQ_VALUE_UNSET && find_field (self, i) == NULL)
          dq_record_set_value_at (changes, i, &base->values[i]);
    }
  else if (self->defaults != NULL)
    {
      for (guint i = 0; i < self->table->n_columns; i++)
        if (self->defaults->values[i].kind != DQ_VALUE_UNSET && find_field (self, i) == NULL &&
            !value_same (&self->defaults->values[i], &self->record->values[i]))
          {
            dq_record_set_value_at (changes, i, &self->defaults->values[i]);
            typed = TRUE;
          }
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field  *field = g_ptr_array_index (self->fields, i);
      DqValue value = { 0 };

      if (field->hidden || !field_value (field, &value, NULL) || value.kind == DQ_VALUE_UNSET)
        {
          dq_value_clear (&value);
          continue;
        }
      if (self->record == NULL ? !value_is_empty (&value)
                               : !value_same (&value, &self->record->values[field->index]))
        {
          dq_record_set_value_at (changes, field->index, &value);
          typed |= self->record != NULL || field->touched || field->autofilled ||
                   !value_same (&value, &field->start);
        }
      dq_value_clear (&value);
    }

  return typed ? g_steal_pointer (&changes) : NULL;
}

gboolean
dq_record_form_check (DqRecordForm *self)
{
  g_return_val_if_fail (DQ_IS_RECORD_FORM (self), FALSE);

  self->show_all = TRUE;
  validate (self);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->error != NULL && !field->hidden)
        {
          gtk_widget_grab_focus (field->row);
          break;
        }
    }
  return self->valid;
}

void
dq_record_form_show_error (DqRecordForm *self,
                           const GError *error)
{
  g_return_if_fail (DQ_IS_RECORD_FORM (self));
  g_return_if_fail (error != NULL);

  for (guint i = 0; i < self->table->n_columns; i++)
    {
      Field *field;

      if (reason_for (&self->table->columns[i], error->message) == NULL)
        continue;
      if ((field = find_field (self, i)) != NULL)
        {
          set_field_error (field, error->message);
          field->touched = TRUE;
          self->valid = FALSE;
          update_error_display (self);
          gtk_widget_grab_focus (field->row);
          return;
        }
      break;
    }

  g_free (self->store_error);
  self->store_error = g_strdup (error->message);
  self->valid = FALSE;
  update_error_display (self);
}

gboolean
dq_record_form_is_valid (DqRecordForm *self)
{
  g_return_val_if_fail (DQ_IS_RECORD_FORM (self), FALSE);

  if (self->validate_source != 0)
    validate (self);
  return self->valid;
}
