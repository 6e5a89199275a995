/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema of a replica, declared once. Everything else — DDL, migrations,
 * protocol checks, CSV headers, form fields — reads these tables.
 *
 * Rules for changing it: append columns at the end of a table (the stamps of
 * a row refer to columns by position), give them `.since` the new
 * DQ_SCHEMA_VERSION, and add their labels' translations to po/zh_CN.po. */

#define G_LOG_DOMAIN "dq-schema"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dq-codes.h"
#include "dq-record.h"
#include "dq-schema.h"
#include "dq-validate.h"

#define REQ    DQ_COL_FLAG_REQUIRED
#define SENS   DQ_COL_FLAG_SENSITIVE
#define IDX    DQ_COL_FLAG_INDEXED
#define SEARCH DQ_COL_FLAG_SEARCH

/* Every synced table starts with these two cells. */
#define COMMON_COLUMNS                                                      \
  { "district", DQ_COL_DISTRICT, N_ ("District"), REQ, NULL, 0, 0, 1 },     \
  {                                                                         \
    "deleted", DQ_COL_BOOL, N_ ("Deleted"), DQ_COL_FLAG_NONE, NULL, 0, 0, 1 \
  }

#define TEXT(n, l, f, max)                \
  {                                       \
    n, DQ_COL_TEXT, l, f, NULL, max, 0, 1 \
  }
#define INT(n, l, f, lo, hi)             \
  {                                      \
    n, DQ_COL_INT, l, f, NULL, hi, lo, 1 \
  }
#define KIND(n, k, l, f)      \
  {                           \
    n, k, l, f, NULL, 0, 0, 1 \
  }
#define CODE(n, l, f, list)             \
  {                                     \
    n, DQ_COL_CODE, l, f, list, 0, 0, 1 \
  }
#define CODES(n, l, f, list)             \
  {                                      \
    n, DQ_COL_CODES, l, f, list, 0, 0, 1 \
  }
#define REF(n, l, f, table)             \
  {                                     \
    n, DQ_COL_REF, l, f, table, 0, 0, 1 \
  }

static gboolean validate_member (const DqRecord *row, GError **error);
static gboolean validate_span (const DqRecord *row, GError **error);
static gboolean validate_org (const DqRecord *row, GError **error);

static const DqColumn org_columns[] = {
  COMMON_COLUMNS,
  TEXT ("name", N_ ("Organization name"), REQ | SEARCH | IDX, 100),
  TEXT ("short_name", N_ ("Short name"), 0, 50),
  CODE ("kind", N_ ("Organization kind"), REQ, "org_kind"),
  REF ("parent_id", N_ ("Parent organization"), IDX, "org"),
  CODE ("domain", N_ ("Domain"), IDX, "org_domain"),
  TEXT ("street", N_ ("Street"), IDX, 20),
  TEXT ("community", N_ ("Community"), 0, 30),
  CODE ("unit_situation", N_ ("Unit situation"), 0, "unit_situation"),
  REF ("secretary_id", N_ ("Secretary"), 0, "member"),
  TEXT ("contact", N_ ("Contact person"), 0, 50),
  KIND ("phone", DQ_COL_PHONE, N_ ("Contact phone"), 0),
  TEXT ("address", N_ ("Address"), 0, 200),
  REF ("building_id", N_ ("Building"), 0, "building"),
  KIND ("founded_on", DQ_COL_DATE, N_ ("Founded on"), 0),
  INT ("term_years", N_ ("Term (years)"), 0, 1, 10),
  KIND ("last_election_on", DQ_COL_DATE, N_ ("Last election"), 0),
  REF ("organizer_id", N_ ("Party-building organizer"), 0, "worker"),
};

static const DqColumn member_columns[] = {
  COMMON_COLUMNS,
  TEXT ("name", N_ ("Full name"), REQ | SEARCH | IDX, 50),
  REF ("org_id", N_ ("Party organization"), REQ | IDX, "org"),
  KIND ("id_number", DQ_COL_ID_NUMBER, N_ ("ID number"), SENS | SEARCH | IDX),
  CODE ("gender", N_ ("Gender"), 0, "gender"),
  CODE ("ethnicity", N_ ("Ethnicity"), 0, "ethnicity"),
  KIND ("birth_date", DQ_COL_DATE, N_ ("Date of birth"), 0),
  CODE ("education", N_ ("Education"), 0, "education"),
  CODE ("category", N_ ("Member category"), REQ | IDX, "member_category"),
  KIND ("join_date", DQ_COL_DATE, N_ ("Joined the Party on"), IDX),
  KIND ("full_date", DQ_COL_DATE, N_ ("Full member since"), 0),
  TEXT ("job", N_ ("Occupation"), 0, 100),
  KIND ("phone", DQ_COL_MOBILE, N_ ("Mobile phone"), SENS | SEARCH | IDX),
  TEXT ("address", N_ ("Home address"), SENS, 200),
  CODE ("standing", N_ ("Membership standing"), IDX, "member_standing"),
  KIND ("lost_contact", DQ_COL_BOOL, N_ ("Lost contact"), IDX),
  KIND ("lost_contact_on", DQ_COL_DATE, N_ ("Lost contact since"), 0),
  CODE ("flowing", N_ ("Flowing member"), IDX, "flowing"),
  TEXT ("flowing_note", N_ ("Flowing to or from"), 0, 200),
  /* Added in schema version 2. */
  { "dues_paid_until", DQ_COL_MONTH, N_ ("Dues paid until"), 0, NULL, 0, 0, 2 },
};

static const DqColumn transfer_columns[] = {
  COMMON_COLUMNS,
  REF ("member_id", N_ ("Member"), REQ | IDX, "member"),
  REF ("from_org_id", N_ ("From organization"), 0, "org"),
  TEXT ("from_org_text", N_ ("From (outside this replica)"), 0, 100),
  REF ("to_org_id", N_ ("To organization"), 0, "org"),
  TEXT ("to_org_text", N_ ("To (outside this replica)"), 0, 100),
  KIND ("to_district", DQ_COL_DISTRICT, N_ ("To district"), 0),
  TEXT ("letter_no", N_ ("Letter number"), 0, 50),
  KIND ("dues_paid_until", DQ_COL_MONTH, N_ ("Dues paid until"), 0),
  KIND ("valid_until", DQ_COL_DATE, N_ ("Valid until"), 0),
  CODE ("status", N_ ("Transfer status"), REQ, "transfer_status"),
  KIND ("received_on", DQ_COL_DATE, N_ ("Receipt date"), 0),
};

static const DqColumn center_columns[] = {
  COMMON_COLUMNS,
  TEXT ("name", N_ ("Center name"), REQ | SEARCH, 100),
  CODE ("level", N_ ("Level"), REQ | IDX, "center_level"),
  REF ("parent_id", N_ ("Parent center"), IDX, "center"),
  CODES ("functions", N_ ("Functions"), 0, "center_function"),
  TEXT ("services", N_ ("Services"), 0, 1000),
  TEXT ("street", N_ ("Street"), IDX, 20),
  TEXT ("community", N_ ("Community"), 0, 30),
  TEXT ("address", N_ ("Address"), 0, 200),
  KIND ("phone", DQ_COL_PHONE, N_ ("Phone"), 0),
  TEXT ("open_hours", N_ ("Opening hours"), 0, 100),
  KIND ("open_24h", DQ_COL_BOOL, N_ ("Open 24 hours"), 0),
  REF ("org_id", N_ ("Host organization"), 0, "org"),
};

static const DqColumn room_columns[] = {
  COMMON_COLUMNS,
  REF ("center_id", N_ ("Service center"), REQ | IDX, "center"),
  TEXT ("name", N_ ("Room name"), REQ, 50),
  INT ("capacity", N_ ("Capacity"), 0, 0, 100000),
  TEXT ("facilities", N_ ("Facilities"), 0, 500),
};

static const DqColumn booking_columns[] = {
  COMMON_COLUMNS,
  REF ("room_id", N_ ("Room"), REQ | IDX, "room"),
  KIND ("starts_at", DQ_COL_TIME, N_ ("Starts at"), REQ),
  KIND ("ends_at", DQ_COL_TIME, N_ ("Ends at"), REQ),
  REF ("org_id", N_ ("Booked for"), 0, "org"),
  TEXT ("purpose", N_ ("Purpose"), 0, 200),
  TEXT ("booked_by", N_ ("Booked by"), 0, 50),
  CODE ("status", N_ ("Booking status"), 0, "booking_status"),
};

static const DqColumn activity_columns[] = {
  COMMON_COLUMNS,
  TEXT ("title", N_ ("Activity title"), REQ | SEARCH, 100),
  CODE ("kind", N_ ("Activity kind"), REQ | IDX, "activity_kind"),
  REF ("center_id", N_ ("Service center"), IDX, "center"),
  REF ("room_id", N_ ("Room"), 0, "room"),
  REF ("org_id", N_ ("Organizer"), IDX, "org"),
  KIND ("starts_at", DQ_COL_TIME, N_ ("Starts at"), REQ | IDX),
  KIND ("ends_at", DQ_COL_TIME, N_ ("Ends at"), 0),
  TEXT ("location", N_ ("Location"), 0, 200),
  INT ("capacity", N_ ("Capacity"), 0, 0, 100000),
  KIND ("waitlist", DQ_COL_BOOL, N_ ("Waitlist"), 0),
  CODE ("audience", N_ ("Audience"), 0, "audience"),
  INT ("volunteer_hours", N_ ("Volunteer hours credited"), 0, 0, 1000),
  CODE ("status", N_ ("Activity status"), 0, "activity_status"),
};

static const DqColumn registration_columns[] = {
  COMMON_COLUMNS,
  REF ("activity_id", N_ ("Activity"), REQ | IDX, "activity"),
  REF ("member_id", N_ ("Member"), IDX, "member"),
  TEXT ("name", N_ ("Full name"), 0, 50),
  KIND ("phone", DQ_COL_MOBILE, N_ ("Mobile phone"), SENS),
  CODE ("political_status", N_ ("Political status"), 0, "political_status"),
  CODE ("status", N_ ("Registration status"), 0, "registration_status"),
  KIND ("registered_at", DQ_COL_TIME, N_ ("Registered at"), 0),
  KIND ("checked_in_at", DQ_COL_TIME, N_ ("Checked in at"), 0),
  TEXT ("checked_in_by", N_ ("Checked in by"), 0, 50),
  KIND ("desk", DQ_COL_NODE, N_ ("Check-in desk"), 0),
  CODE ("source", N_ ("Source"), 0, "registration_source"),
};

/* Added in schema version 4: one row per desk that checked a registration
 * in (id from the registration and the desk); the earliest is the
 * attendance (dq-activity.h). */
static const DqColumn checkin_columns[] = {
  { "district", DQ_COL_DISTRICT, N_ ("District"), REQ, NULL, 0, 0, 4 },
  { "deleted", DQ_COL_BOOL, N_ ("Deleted"), DQ_COL_FLAG_NONE, NULL, 0, 0, 4 },
  { "registration_id", DQ_COL_REF, N_ ("Registration"), REQ | IDX, "registration", 0, 0, 4 },
  { "activity_id", DQ_COL_REF, N_ ("Activity"), REQ | IDX, "activity", 0, 0, 4 },
  { "checked_in_at", DQ_COL_TIME, N_ ("Checked in at"), REQ, NULL, 0, 0, 4 },
  { "desk", DQ_COL_NODE, N_ ("Check-in desk"), REQ, NULL, 0, 0, 4 },
  { "checked_in_by", DQ_COL_TEXT, N_ ("Checked in by"), 0, NULL, 50, 0, 4 },
};

static const DqColumn visit_team_columns[] = {
  COMMON_COLUMNS,
  TEXT ("name", N_ ("Team name"), REQ, 50),
  TEXT ("grid", N_ ("Grid area"), 0, 200),
  TEXT ("leader", N_ ("Team leader"), 0, 50),
  TEXT ("members", N_ ("Team members"), 0, 500),
  TEXT ("street", N_ ("Street"), 0, 20),
  TEXT ("community", N_ ("Community"), 0, 30),
};

static const DqColumn visit_target_columns[] = {
  COMMON_COLUMNS,
  TEXT ("name", N_ ("Visit target"), REQ | SEARCH, 100),
  CODE ("kind", N_ ("Target kind"), REQ, "visit_target_kind"),
  REF ("team_id", N_ ("Visit team"), IDX, "visit_team"),
  TEXT ("address", N_ ("Address"), SENS, 200),
  TEXT ("community", N_ ("Community"), 0, 30),
  TEXT ("contact", N_ ("Contact person"), 0, 50),
  KIND ("phone", DQ_COL_PHONE, N_ ("Phone"), SENS),
};

static const DqColumn visit_columns[] = {
  COMMON_COLUMNS,
  REF ("target_id", N_ ("Visit target"), REQ | IDX, "visit_target"),
  REF ("team_id", N_ ("Visit team"), 0, "visit_team"),
  KIND ("visited_on", DQ_COL_DATE, N_ ("Visited on"), REQ),
  TEXT ("visitors", N_ ("Visitors"), 0, 200),
  TEXT ("findings", N_ ("Findings"), 0, 4000),
  TEXT ("requests", N_ ("Requests and opinions"), 0, 4000),
  TEXT ("follow_up", N_ ("Follow-up"), 0, 4000),
  KIND ("resolved_on", DQ_COL_DATE, N_ ("Resolved on"), 0),
};

static const DqColumn building_columns[] = {
  COMMON_COLUMNS,
  TEXT ("name", N_ ("Building name"), REQ | SEARCH, 100),
  TEXT ("address", N_ ("Address"), 0, 200),
  TEXT ("street", N_ ("Street"), 0, 20),
  INT ("floors", N_ ("Floors"), 0, 0, 300),
  INT ("enterprises", N_ ("Enterprises"), 0, 0, 100000),
  INT ("members", N_ ("Party members covered"), 0, 0, 1000000),
  INT ("two_new_members", N_ ("Members in two-new organizations"), 0, 0, 1000000),
  REF ("org_id", N_ ("Party organization"), 0, "org"),
};

static const DqColumn social_org_columns[] = {
  COMMON_COLUMNS,
  TEXT ("name", N_ ("Social organization"), REQ | SEARCH, 100),
  TEXT ("credit_code", N_ ("Unified social credit code"), 0, 18),
  CODE ("kind", N_ ("Kind"), 0, "social_org_kind"),
  CODE ("stage", N_ ("Incubation stage"), 0, "incubation_stage"),
  KIND ("incubated_since", DQ_COL_DATE, N_ ("Incubated since"), 0),
  REF ("org_id", N_ ("Party organization"), 0, "org"),
  REF ("center_id", N_ ("Host center"), 0, "center"),
};

static const DqColumn worker_columns[] = {
  COMMON_COLUMNS,
  TEXT ("name", N_ ("Full name"), REQ | SEARCH, 50),
  CODE ("role", N_ ("Role"), REQ, "worker_role"),
  TEXT ("street", N_ ("Street"), 0, 20),
  TEXT ("community", N_ ("Community"), 0, 30),
  KIND ("phone", DQ_COL_MOBILE, N_ ("Mobile phone"), SENS),
  KIND ("since", DQ_COL_DATE, N_ ("In post since"), 0),
  KIND ("until", DQ_COL_DATE, N_ ("In post until"), 0),
  TEXT ("training", N_ ("Training"), 0, 1000),
};

static const DqColumn notice_columns[] = {
  COMMON_COLUMNS,
  TEXT ("title", N_ ("Title"), REQ | SEARCH, 200),
  TEXT ("body", N_ ("Text"), 0, 20000),
  REF ("from_org_id", N_ ("From organization"), 0, "org"),
  TEXT ("to_scope", N_ ("Addressed to"), 0, 200),
  KIND ("published_at", DQ_COL_TIME, N_ ("Published at"), 0),
  KIND ("deadline", DQ_COL_DATE, N_ ("Deadline"), 0),
};

static const DqColumn notice_ack_columns[] = {
  COMMON_COLUMNS,
  REF ("notice_id", N_ ("Notice"), REQ | IDX, "notice"),
  REF ("org_id", N_ ("Party organization"), REQ, "org"),
  CODE ("status", N_ ("Acknowledgement"), 0, "notice_ack_status"),
  KIND ("acked_at", DQ_COL_TIME, N_ ("Acknowledged at"), 0),
  TEXT ("note", N_ ("Note"), 0, 1000),
};

static const DqColumn post_columns[] = {
  COMMON_COLUMNS,
  REF ("org_id", N_ ("Party organization"), REQ | IDX, "org"),
  TEXT ("title", N_ ("Title"), REQ, 200),
  TEXT ("body", N_ ("Text"), 0, 20000),
  KIND ("published_at", DQ_COL_TIME, N_ ("Published at"), 0),
  TEXT ("photos", N_ ("Photos"), 0, 2000),
};

static const DqColumn fund_columns[] = {
  COMMON_COLUMNS,
  REF ("org_id", N_ ("Party organization"), REQ | IDX, "org"),
  KIND ("amount_fen", DQ_COL_MONEY, N_ ("Amount"), REQ),
  KIND ("approved_on", DQ_COL_DATE, N_ ("Approved on"), 0),
  KIND ("paid_on", DQ_COL_DATE, N_ ("Paid on"), 0),
  TEXT ("note", N_ ("Note"), 0, 1000),
};

static const DqColumn standard_check_columns[] = {
  COMMON_COLUMNS,
  REF ("org_id", N_ ("Party organization"), REQ | IDX, "org"),
  CODE ("domain", N_ ("Domain"), 0, "org_domain"),
  TEXT ("item", N_ ("Standard item"), REQ, 200),
  KIND ("passed", DQ_COL_BOOL, N_ ("Passed"), 0),
  KIND ("checked_on", DQ_COL_DATE, N_ ("Checked on"), 0),
  TEXT ("note", N_ ("Note"), 0, 1000),
};

static const DqColumn meeting_columns[] = {
  COMMON_COLUMNS,
  REF ("org_id", N_ ("Party organization"), REQ | IDX, "org"),
  CODE ("kind", N_ ("Meeting kind"), REQ, "meeting_kind"),
  TEXT ("title", N_ ("Topic"), 0, 200),
  KIND ("held_at", DQ_COL_TIME, N_ ("Held at"), 0),
  TEXT ("location", N_ ("Location"), 0, 200),
  TEXT ("host", N_ ("Chaired by"), 0, 50),
  TEXT ("notes", N_ ("Minutes"), 0, 20000),
};

/* Added in schema version 2 (with member.dues_paid_until). */
static const DqColumn meeting_attendance_columns[] = {
  { "district", DQ_COL_DISTRICT, N_ ("District"), REQ, NULL, 0, 0, 2 },
  { "deleted", DQ_COL_BOOL, N_ ("Deleted"), DQ_COL_FLAG_NONE, NULL, 0, 0, 2 },
  { "meeting_id", DQ_COL_REF, N_ ("Meeting"), REQ | IDX, "meeting", 0, 0, 2 },
  { "member_id", DQ_COL_REF, N_ ("Member"), REQ | IDX, "member", 0, 0, 2 },
  { "status", DQ_COL_CODE, N_ ("Attendance"), 0, "attendance_status", 0, 0, 2 },
};

#define TABLE(n, l, cols, disp, validator, ver)              \
  {                                                          \
    n, l, cols, G_N_ELEMENTS (cols), disp, validator, ver, 0 \
  }

static DqTable tables[] = {
  TABLE ("org", N_ ("Party organizations"), org_columns, "name", validate_org, 1),
  TABLE ("member", N_ ("Party members"), member_columns, "name", validate_member, 1),
  TABLE ("transfer", N_ ("Membership transfers"), transfer_columns, "letter_no", NULL, 1),
  TABLE ("center", N_ ("Service centers"), center_columns, "name", NULL, 1),
  TABLE ("room", N_ ("Rooms"), room_columns, "name", NULL, 1),
  TABLE ("booking", N_ ("Room bookings"), booking_columns, "purpose", validate_span, 1),
  TABLE ("activity", N_ ("Activities"), activity_columns, "title", validate_span, 1),
  TABLE ("registration", N_ ("Registrations"), registration_columns, "name", NULL, 1),
  TABLE ("visit_team", N_ ("Visit teams"), visit_team_columns, "name", NULL, 1),
  TABLE ("visit_target", N_ ("Visit targets"), visit_target_columns, "name", NULL, 1),
  TABLE ("visit", N_ ("Visits"), visit_columns, "visited_on", NULL, 1),
  TABLE ("building", N_ ("Buildings"), building_columns, "name", NULL, 1),
  TABLE ("social_org", N_ ("Social organizations"), social_org_columns, "name", NULL, 1),
  TABLE ("worker", N_ ("Community workers"), worker_columns, "name", NULL, 1),
  TABLE ("notice", N_ ("Notices"), notice_columns, "title", NULL, 1),
  TABLE ("notice_ack", N_ ("Notice acknowledgements"), notice_ack_columns, "status", NULL, 1),
  TABLE ("post", N_ ("Branch news"), post_columns, "title", NULL, 1),
  TABLE ("fund", N_ ("Startup funds"), fund_columns, "note", NULL, 1),
  TABLE ("standard_check", N_ ("Standards checks"), standard_check_columns, "item", NULL, 1),
  TABLE ("meeting", N_ ("Meetings"), meeting_columns, "title", NULL, 1),
  TABLE ("meeting_attendance", N_ ("Meeting attendance"), meeting_attendance_columns, "status", NULL, 2),
  TABLE ("checkin", N_ ("Check-ins"), checkin_columns, "checked_in_at", NULL, 4),
};

G_DEFINE_QUARK (dq_schema_error, dq_schema_error)

const char *
dq_schema_error_code (DqSchemaError code)
{
  switch (code)
    {
    case DQ_SCHEMA_ERROR_BAD_ROW:
      return "bad_row";
    case DQ_SCHEMA_ERROR_UNKNOWN_TABLE:
      return "unknown_table";
    case DQ_SCHEMA_ERROR_UNKNOWN_COLUMN:
      return "unknown_column";
    case DQ_SCHEMA_ERROR_BAD_VALUE:
      return "bad_value";
    case DQ_SCHEMA_ERROR_REQUIRED:
      return "required";
    case DQ_SCHEMA_ERROR_INVALID_ROW:
      return "invalid_row";
    default:
      return "bad_value";
    }
}

static gpointer
index_tables (gpointer data)
{
  GHashTable *by_name = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      tables[i].index = i;
      g_assert (tables[i].n_columns <= DQ_MAX_COLUMNS);
      g_assert (g_str_equal (tables[i].columns[DQ_COLUMN_DISTRICT].name, "district"));
      g_assert (g_str_equal (tables[i].columns[DQ_COLUMN_DELETED].name, "deleted"));
      g_hash_table_insert (by_name, (gpointer) tables[i].name, &tables[i]);
    }

  return by_name;
}

static GHashTable *
tables_by_name (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, index_tables, NULL);
}

const DqTable *
dq_schema_tables (guint *n_tables)
{
  tables_by_name ();
  if (n_tables)
    *n_tables = G_N_ELEMENTS (tables);
  return tables;
}

const DqTable *
dq_schema_table (const char *name)
{
  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (tables_by_name (), name);
}

int
dq_table_column_index (const DqTable *table,
                       const char    *name)
{
  g_return_val_if_fail (table != NULL, -1);

  if (name == NULL)
    return -1;

  for (guint i = 0; i < table->n_columns; i++)
    if (strcmp (table->columns[i].name, name) == 0)
      return (int) i;

  return -1;
}

const DqColumn *
dq_table_column (const DqTable *table,
                 const char    *name)
{
  int i = dq_table_column_index (table, name);

  return i < 0 ? NULL : &table->columns[i];
}

const char *
dq_table_label (const DqTable *table)
{
  return g_dgettext (GETTEXT_PACKAGE, table->label);
}

const char *
dq_column_label (const DqColumn *column)
{
  return g_dgettext (GETTEXT_PACKAGE, column->label);
}

const DqCodeList *
dq_column_code_list (const DqColumn *column)
{
  if (column->kind != DQ_COL_CODE && column->kind != DQ_COL_CODES)
    return NULL;
  return dq_code_list_lookup (column->target);
}

static gboolean
is_node (const char *text)
{
  guint n = 0;

  for (; text[n]; n++)
    if (!g_ascii_isxdigit (text[n]) || g_ascii_isupper (text[n]))
      return FALSE;

  return n == 32;
}

static gboolean
check_codes (const DqColumn *column,
             const char     *text)
{
  const DqCodeList *list = dq_column_code_list (column);
  g_auto (GStrv) parts = NULL;

  if (list == NULL)
    return FALSE;
  if (column->kind == DQ_COL_CODE)
    return dq_code_list_contains (list, text);

  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i]; i++)
    if (!dq_code_list_contains (list, parts[i]))
      return FALSE;

  return TRUE;
}

static gboolean
bad_value (const DqColumn *column,
           GError        **error,
           const char     *reason)
{
  /* TRANSLATORS: "<field name>: <what is wrong>" */
  g_set_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_BAD_VALUE,
               _ ("%s: %s"), dq_column_label (column), reason);
  return FALSE;
}

/* @local_error is filled by the validator called in the same expression. */
static gboolean
check_with (const DqColumn *column,
            gboolean        ok,
            GError        **local_error,
            GError        **error)
{
  if (!ok)
    {
      bad_value (column, error, (*local_error)->message);
      g_clear_error (local_error);
    }
  return ok;
}

gboolean
dq_column_check_value (const DqColumn *column,
                       const DqValue  *value,
                       gboolean        strict,
                       GError        **error)
{
  GError     *local_error = NULL;
  const char *s;

  g_return_val_if_fail (column != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (value->kind == DQ_VALUE_UNSET)
    return TRUE;

  if (value->kind == DQ_VALUE_NULL)
    {
      if (column->kind == DQ_COL_DISTRICT && strcmp (column->name, "district") == 0)
        return bad_value (column, error, _ ("a district is required"));
      if (column->kind == DQ_COL_BOOL && strcmp (column->name, "deleted") == 0)
        return bad_value (column, error, _ ("must be 0 or 1"));
      return TRUE;
    }

  switch (column->kind)
    {
    case DQ_COL_INT:
    case DQ_COL_BOOL:
    case DQ_COL_MONEY:
      if (value->kind != DQ_VALUE_INT)
        return bad_value (column, error, _ ("must be a whole number"));
      if (column->kind == DQ_COL_BOOL && value->i != 0 && value->i != 1)
        return bad_value (column, error, _ ("must be 0 or 1"));
      if (column->kind == DQ_COL_MONEY && value->i < 0)
        return bad_value (column, error, _ ("cannot be negative"));
      if (column->kind == DQ_COL_INT && (value->i < column->min || value->i > column->max))
        {
          g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, column->min);
          g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, column->max);
          /* TRANSLATORS: the two numbers of a range, "between 1 and 10" */
          g_autofree char *reason = g_strdup_printf (_ ("must be between %s and %s"), lo, hi);
          return bad_value (column, error, reason);
        }
      return TRUE;

    default:
      break;
    }

  if (value->kind != DQ_VALUE_TEXT)
    return bad_value (column, error, _ ("must be text"));

  s = value->s;
  if (!g_utf8_validate (s, -1, NULL))
    return bad_value (column, error, _ ("is not valid UTF-8 text"));

  switch (column->kind)
    {
    case DQ_COL_TEXT:
    case DQ_COL_REF:
      {
        gint64 max = column->kind == DQ_COL_REF ? 64 : (column->max ? column->max : 2000);

        if (g_utf8_strlen (s, -1) > max)
          {
            g_autofree char *reason =
                g_strdup_printf (_ ("is longer than %d characters"), (int) max);
            return bad_value (column, error, reason);
          }
        if (column->kind == DQ_COL_REF && *s == '\0')
          return bad_value (column, error, _ ("cannot be empty"));
        return TRUE;
      }

    case DQ_COL_DATE:
      return check_with (column, dq_validate_date (s, &local_error), &local_error, error);
    case DQ_COL_MONTH:
      return check_with (column, dq_validate_month (s, &local_error), &local_error, error);
    case DQ_COL_TIME:
      return check_with (column, dq_validate_timestamp (s, &local_error), &local_error, error);
    case DQ_COL_ID_NUMBER:
      /* 15-digit legacy numbers come in through imports; they must sync. */
      return check_with (column, dq_validate_id_number (s, TRUE, &local_error),
                         &local_error, error);
    case DQ_COL_MOBILE:
      if (strict)
        return check_with (column, dq_validate_mobile (s, &local_error), &local_error, error);
      return check_with (column, dq_validate_phone (s, &local_error), &local_error, error);
    case DQ_COL_PHONE:
      return check_with (column, dq_validate_phone (s, &local_error), &local_error, error);
    case DQ_COL_CODE:
    case DQ_COL_CODES:
      if (!check_codes (column, s))
        return bad_value (column, error, _ ("is not one of the allowed values"));
      return TRUE;
    case DQ_COL_DISTRICT:
      if (dq_district_lookup (s) == NULL)
        return bad_value (column, error, _ ("is not a known district code"));
      return TRUE;
    case DQ_COL_NODE:
      if (!is_node (s))
        return bad_value (column, error, _ ("is not a replica id"));
      return TRUE;
    case DQ_COL_INT:
    case DQ_COL_BOOL:
    case DQ_COL_MONEY:
    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* A row rule failed: the message names the field in the user's language. */
static gboolean
row_fail (const DqTable *table,
          const char    *column,
          const char    *reason,
          GError       **error)
{
  g_set_error (error, DQ_SCHEMA_ERROR, DQ_SCHEMA_ERROR_INVALID_ROW,
               _ ("%s: %s"), dq_column_label (dq_table_column (table, column)), reason);
  return FALSE;
}

static gboolean
validate_member (const DqRecord *row,
                 GError        **error)
{
  const char *id_number = dq_record_get_text (row, "id_number");
  const char *join_date = dq_record_get_text (row, "join_date");
  const char *full_date = dq_record_get_text (row, "full_date");
  GError     *local_error = NULL;

  if (id_number != NULL &&
      !dq_validate_id_matches (id_number,
                               dq_record_get_text (row, "birth_date"),
                               dq_record_get_text (row, "gender"),
                               &local_error))
    {
      row_fail (row->table, "id_number", local_error->message, error);
      g_error_free (local_error);
      return FALSE;
    }

  if (join_date != NULL && full_date != NULL && strcmp (full_date, join_date) < 0)
    {
      return row_fail (row->table, "full_date", _ ("cannot be before the date of joining the Party"), error);
    }

  return TRUE;
}

/* Bookings and activities end after they start. */
static gboolean
validate_span (const DqRecord *row,
               GError        **error)
{
  const char *starts = dq_record_get_text (row, "starts_at");
  const char *ends = dq_record_get_text (row, "ends_at");
  g_autoptr (GDateTime) a = NULL;
  g_autoptr (GDateTime) b = NULL;

  if (starts == NULL || ends == NULL)
    return TRUE;

  a = g_date_time_new_from_iso8601 (starts, NULL);
  b = g_date_time_new_from_iso8601 (ends, NULL);
  if (a != NULL && b != NULL && g_date_time_compare (a, b) >= 0)
    {
      return row_fail (row->table, "ends_at", _ ("must be after the start"), error);
    }

  return TRUE;
}

static gboolean
validate_org (const DqRecord *row,
              GError        **error)
{
  const char *parent = dq_record_get_text (row, "parent_id");

  if (parent != NULL && row->id != NULL && strcmp (parent, row->id) == 0)
    {
      return row_fail (row->table, "parent_id", _ ("an organization cannot be its own parent"), error);
    }

  return TRUE;
}

static const char *
sql_type (const DqColumn *column)
{
  switch (column->kind)
    {
    case DQ_COL_INT:
    case DQ_COL_BOOL:
    case DQ_COL_MONEY:
      return "INTEGER";
    default:
      return "TEXT";
    }
}

static gboolean
table_has_search (const DqTable *table,
                  guint          version)
{
  for (guint i = 0; i < table->n_columns; i++)
    if ((table->columns[i].flags & DQ_COL_FLAG_SEARCH) && table->columns[i].since <= version)
      return TRUE;
  return FALSE;
}

/* The full-text index of a table. External content: the text lives once,
 * in the table. The store keeps it in step with every write itself
 * (dq-store.c, store_row): triggers would make SQLite open a statement
 * savepoint per row, and FTS5 flushes its pending terms at each one, which
 * made a bootstrap five times slower. */
static void
append_fts (GString       *sql,
            const DqTable *table,
            guint          version)
{
  g_autofree char *cols = dq_table_search_columns (table, version);

  g_string_append_printf (sql,
                          "CREATE VIRTUAL TABLE IF NOT EXISTS %s__fts USING fts5(%s, content='%s', "
                          "content_rowid='_rid', tokenize='dq');\n",
                          table->name, cols, table->name);
}

char *
dq_table_search_columns (const DqTable *table,
                         guint          version)
{
  GString *cols = g_string_new (NULL);

  for (guint i = 0; i < table->n_columns; i++)
    {
      const DqColumn *c = &table->columns[i];

      if ((c->flags & DQ_COL_FLAG_SEARCH) && c->since <= version)
        g_string_append_printf (cols, "%s%s", cols->len ? ", " : "", c->name);
    }
  return g_string_free (cols, FALSE);
}

static void
append_indexes (GString       *sql,
                const DqTable *table,
                guint          version)
{
  const char *t = table->name;

  /* Pulls and pushes walk a table in local-version order, per district. */
  g_string_append_printf (sql, "CREATE INDEX IF NOT EXISTS %s__lver ON %s(_lver);\n", t, t);
  g_string_append_printf (sql,
                          "CREATE INDEX IF NOT EXISTS %s__district ON %s(district, _lver);\n",
                          t, t);

  for (guint i = DQ_COLUMN_DELETED + 1; i < table->n_columns; i++)
    {
      const DqColumn *c = &table->columns[i];

      /* Lists read live rows in (column, rowid) order a page at a time,
       * and jump by OFFSET: with the order (an index holds the rowid) and
       * the deleted filter in the index, SQLite walks the index alone
       * (schema version 3). */
      if ((c->flags & DQ_COL_FLAG_INDEXED) && c->since <= version)
        g_string_append_printf (sql, "CREATE INDEX IF NOT EXISTS %s_%s_live ON %s(%s) WHERE deleted = 0;\n",
                                t, c->name, t, c->name);
    }

  if (table_has_search (table, version))
    append_fts (sql, table, version);
}

char *
dq_schema_ddl (guint version)
{
  GString *sql = g_string_new (NULL);

  dq_schema_tables (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      const DqTable *table = &tables[t];

      if (table->since > version)
        continue;

      /* _rid is the stable rowid the full-text index points at; id is the
       * protocol's key; _stamps holds each cell's (hlc, node) and _lver the
       * local version at which the row last changed. */
      g_string_append_printf (sql,
                              "CREATE TABLE IF NOT EXISTS %s (\n"
                              "  _rid INTEGER PRIMARY KEY,\n"
                              "  id TEXT NOT NULL UNIQUE",
                              table->name);
      for (guint i = 0; i < table->n_columns; i++)
        {
          const DqColumn *c = &table->columns[i];

          if (c->since > version)
            continue;
          g_string_append_printf (sql, ",\n  %s %s", c->name, sql_type (c));
          if (i == DQ_COLUMN_DISTRICT)
            g_string_append (sql, " NOT NULL");
          else if (i == DQ_COLUMN_DELETED)
            g_string_append (sql, " NOT NULL DEFAULT 0");
        }
      g_string_append (sql, ",\n  _stamps BLOB NOT NULL,\n  _lver INTEGER NOT NULL\n);\n");
      append_indexes (sql, table, version);
    }

  return g_string_free (sql, FALSE);
}

char *
dq_schema_upgrade_sql (guint from,
                       guint to)
{
  GString *sql = g_string_new (NULL);

  dq_schema_tables (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      const DqTable *table = &tables[t];
      gboolean       new_search = FALSE;

      if (table->since > to)
        continue;
      if (table->since > from)
        continue; /* created whole by dq_schema_ddl (to) */

      /* Version 3 replaced the one-column indexes by list indexes. */
      if (from < 3 && to >= 3)
        for (guint i = DQ_COLUMN_DELETED + 1; i < table->n_columns; i++)
          if (table->columns[i].flags & DQ_COL_FLAG_INDEXED)
            g_string_append_printf (sql, "DROP INDEX IF EXISTS %s_%s;\n", table->name,
                                    table->columns[i].name);

      for (guint i = 0; i < table->n_columns; i++)
        {
          const DqColumn *c = &table->columns[i];

          if (c->since <= from || c->since > to)
            continue;
          g_string_append_printf (sql, "ALTER TABLE %s ADD COLUMN %s %s;\n",
                                  table->name, c->name, sql_type (c));
          if (c->flags & DQ_COL_FLAG_SEARCH)
            new_search = TRUE;
        }

      /* A new searchable column: the index is made again by
       * dq_schema_ddl() and filled from the table. */
      if (new_search)
        g_string_append_printf (sql, "DROP TABLE IF EXISTS %s__fts;\n", table->name);
    }

  return g_string_free (sql, FALSE);
}

gboolean
dq_schema_needs_fts_rebuild (guint          from,
                             guint          to,
                             const DqTable *table)
{
  if (table->since > from)
    return FALSE;
  for (guint i = 0; i < table->n_columns; i++)
    if ((table->columns[i].flags & DQ_COL_FLAG_SEARCH) &&
        table->columns[i].since > from && table->columns[i].since <= to)
      return TRUE;
  return FALSE;
}

gboolean
dq_table_has_search (const DqTable *table)
{
  return table_has_search (table, DQ_SCHEMA_VERSION);
}
