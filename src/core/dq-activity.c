/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Registrations, the waitlist, check-in, volunteer hours and bookings; how
 * they converge is in dq-activity.h. Reads are plain indexed SQL through
 * dq_store_select(); every write goes through dq_store_write(). */
#define G_LOG_DOMAIN "dq-activity"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dq-activity.h"
#include "dq-record.h"
#include "dq-validate.h"

#define CANCELLED          "已取消"
#define REGISTERED         "已报名"
#define CARD_PREFIX_MEMBER "DQ1:M:"
#define CARD_PREFIX_REG    "DQ1:R:"

G_DEFINE_QUARK (dq - activity - error - quark, dq_activity_error)

void
dq_registration_free (DqRegistration *registration)
{
  if (registration == NULL)
    return;
  g_free (registration->id);
  g_free (registration->activity_id);
  g_free (registration->member_id);
  g_free (registration->name);
  g_free (registration->phone);
  g_free (registration->branch);
  g_free (registration->registered_at);
  g_free (registration->checked_in_at);
  g_free (registration);
}

void
dq_checkin_result_free (DqCheckinResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->registration, dq_registration_free);
  g_free (result->member_id);
  g_free (result->name);
  g_free (result->branch);
  g_clear_pointer (&result->candidates, g_ptr_array_unref);
  g_free (result);
}

const char *
dq_checkin_status_name (DqCheckinStatus status)
{
  static const char *names[] = { "checked_in", "already", "not_registered", "waitlisted", "not_found", "ambiguous" };

  g_return_val_if_fail (status <= DQ_CHECKIN_AMBIGUOUS, NULL);
  return names[status];
}

/* A name-based (version 5) UUID: the same name gives the same id anywhere. */
static char *
uuid_for (const char *name)
{
  g_autoptr (GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize  len = sizeof digest;

  g_checksum_update (sha1, (const guchar *) name, -1);
  g_checksum_get_digest (sha1, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", digest[0],
                          digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8],
                          digest[9], digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
}

static char *
phone_digits (const char *phone)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = phone ? phone : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

char *
dq_registration_id_for_member (const char *activity_id,
                               const char *member_id)
{
  g_autofree char *name = g_strconcat ("dangqun/registration/", activity_id, "/member/", member_id, NULL);

  return uuid_for (name);
}

char *
dq_registration_id_for_phone (const char *activity_id,
                              const char *phone)
{
  g_autofree char *digits = phone_digits (phone);
  g_autofree char *name = g_strconcat ("dangqun/registration/", activity_id, "/phone/", digits, NULL);

  return uuid_for (name);
}

static char *
checkin_id (const char *registration_id,
            const char *node)
{
  g_autofree char *name = g_strconcat ("dangqun/checkin/", registration_id, "/", node, NULL);

  return uuid_for (name);
}

char *
dq_member_card_payload (const char *member_id)
{
  return g_strconcat (CARD_PREFIX_MEMBER, member_id, NULL);
}

/* Now, in UTC to the microsecond, and never twice the same on this
 * replica: the order of registrations (and the earliest check-in) is the
 * order of these times, ties broken by id. */
static char *
now_iso (void)
{
  static gint64 last_us;
  gint64        now_us = g_get_real_time ();
  g_autoptr (GDateTime) time = NULL;

  if (now_us <= last_us)
    now_us = last_us + 1;
  last_us = now_us;
  time = g_date_time_new_from_unix_utc (now_us / G_USEC_PER_SEC);
  time = g_date_time_add (g_steal_pointer (&time), now_us % G_USEC_PER_SEC);
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%fZ");
}

/* One text answer, or NULL (no row). */
static char *
select_text (DqStore           *store,
             const char        *sql,
             const char *const *params,
             GError           **error)
{
  g_autoptr (GPtrArray) rows = dq_store_select (store, sql, params, error);

  if (rows == NULL || rows->len == 0)
    return NULL;
  return g_strdup (((char **) g_ptr_array_index (rows, 0))[0]);
}

static gint64
select_int (DqStore           *store,
            const char        *sql,
            const char *const *params,
            GError           **error)
{
  g_autofree char *text = select_text (store, sql, params, error);

  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

typedef struct {
  char    *district;
  gint64   capacity;
  gboolean waitlist;
} Activity;

static gboolean
load_activity (DqStore    *store,
               const char *activity_id,
               Activity   *activity,
               GError    **error)
{
  const char *params[] = { activity_id, NULL };
  g_autoptr (GPtrArray) rows = dq_store_select (store,
                                                "SELECT district, coalesce(capacity, 0), coalesce(waitlist, 0) "
                                                "FROM activity WHERE id = ? AND deleted = 0",
                                                params, error);

  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_NOT_FOUND, _ ("There is no such activity"));
      return FALSE;
    }
  activity->district = g_strdup (((char **) g_ptr_array_index (rows, 0))[0]);
  activity->capacity = g_ascii_strtoll (((char **) g_ptr_array_index (rows, 0))[1], NULL, 10);
  activity->waitlist = g_ascii_strtoll (((char **) g_ptr_array_index (rows, 0))[2], NULL, 10) != 0;
  return TRUE;
}

/* The registration columns read for a DqRegistration, alias r; ?2 is this
 * replica's node. */
#define REGISTRATION_SELECT                                                                            \
  "SELECT r.id, r.activity_id, r.member_id, coalesce(m.name, r.name), coalesce(m.phone, r.phone), "    \
  "o.name, r.status, r.registered_at, "                                                                \
  "(SELECT c.checked_in_at FROM checkin c WHERE c.registration_id = r.id AND c.deleted = 0 "           \
  "ORDER BY julianday(c.checked_in_at), c.checked_in_at, c.id LIMIT 1), "                              \
  "(SELECT count(DISTINCT c.desk) FROM checkin c WHERE c.registration_id = r.id AND c.deleted = 0), "  \
  "(SELECT count(*) FROM checkin c WHERE c.registration_id = r.id AND c.deleted = 0 AND c.desk = ?2) " \
  "FROM registration r LEFT JOIN member m ON m.id = r.member_id LEFT JOIN org o ON o.id = m.org_id "

static DqRegistration *
registration_from_row (char **row)
{
  DqRegistration *r = g_new0 (DqRegistration, 1);

  r->id = g_strdup (row[0]);
  r->activity_id = g_strdup (row[1]);
  r->member_id = *row[2] ? g_strdup (row[2]) : NULL;
  r->name = g_strdup (row[3]);
  r->phone = *row[4] ? g_strdup (row[4]) : NULL;
  r->branch = *row[5] ? g_strdup (row[5]) : NULL;
  r->place = g_strcmp0 (row[6], CANCELLED) == 0 ? DQ_PLACE_CANCELLED : DQ_PLACE_REGISTERED;
  r->registered_at = g_strdup (row[7]);
  r->checked_in_at = *row[8] ? g_strdup (row[8]) : NULL;
  r->n_desks = (guint) g_ascii_strtoull (row[9], NULL, 10);
  r->checked_here = g_ascii_strtoull (row[10], NULL, 10) > 0;
  return r;
}

/* Where a live registration stands: its rank among the activity's live
 * registrations in (registered_at, id) order against the capacity. */
static void
place (DqStore        *store,
       DqRegistration *r,
       const Activity *activity)
{
  const char *params[] = { r->activity_id, r->registered_at, r->id, NULL };
  gint64      before;

  if (r->place == DQ_PLACE_CANCELLED || activity->capacity <= 0)
    return;
  before = select_int (store,
                       "SELECT count(*) FROM registration WHERE activity_id = ?1 AND deleted = 0 "
                       "AND coalesce(status, '') <> '" CANCELLED "' "
                       "AND (julianday(registered_at) < julianday(?2) "
                       "OR (julianday(registered_at) = julianday(?2) AND (registered_at < ?2 "
                       "OR (registered_at = ?2 AND id < ?3))))",
                       params, NULL);
  if (before >= activity->capacity)
    {
      r->place = DQ_PLACE_WAITLISTED;
      r->position = (guint) (before - activity->capacity + 1);
    }
}

DqRegistration *
dq_activity_get_registration (DqStore    *store,
                              const char *registration_id,
                              GError    **error)
{
  const char *params[] = { registration_id, dq_store_get_node (store), NULL };
  g_autoptr (GPtrArray) rows = NULL;
  DqRegistration *r;
  Activity        activity = { NULL, 0, FALSE };

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);

  rows = dq_store_select (store, REGISTRATION_SELECT "WHERE r.id = ?1 AND r.deleted = 0", params, error);
  if (rows == NULL || rows->len == 0)
    return NULL;
  r = registration_from_row (g_ptr_array_index (rows, 0));
  if (load_activity (store, r->activity_id, &activity, NULL))
    place (store, r, &activity);
  g_free (activity.district);
  return r;
}

GPtrArray *
dq_activity_list_registrations (DqStore    *store,
                                const char *activity_id,
                                GError    **error)
{
  const char *params[] = { activity_id, dq_store_get_node (store), NULL };
  g_autoptr (GPtrArray) rows = NULL;
  GPtrArray *list;
  Activity   activity = { NULL, 0, FALSE };
  gint64     live = 0;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);

  if (!load_activity (store, activity_id, &activity, error))
    return NULL;
  rows = dq_store_select (store,
                          REGISTRATION_SELECT "WHERE r.activity_id = ?1 AND r.deleted = 0 "
                                              "ORDER BY coalesce(r.status, '') = '" CANCELLED "', "
                                              "julianday(r.registered_at), r.registered_at, r.id",
                          params, error);
  g_free (activity.district);
  if (rows == NULL)
    return NULL;

  /* In rank order: the first ones up to the capacity have a place, the
   * rest wait in that order; cancelled ones come last from the query. */
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_registration_free);
  for (guint i = 0; i < rows->len; i++)
    {
      DqRegistration *r = registration_from_row (g_ptr_array_index (rows, i));

      if (r->place != DQ_PLACE_CANCELLED)
        {
          if (activity.capacity > 0 && live >= activity.capacity)
            {
              r->place = DQ_PLACE_WAITLISTED;
              r->position = (guint) (live - activity.capacity + 1);
            }
          live++;
        }
      g_ptr_array_add (list, r);
    }
  return list;
}

gboolean
dq_activity_counts (DqStore          *store,
                    const char       *activity_id,
                    DqActivityCounts *counts,
                    GError          **error)
{
  const char *params[] = { activity_id, NULL };
  g_autoptr (GPtrArray) rows = NULL;
  Activity activity = { NULL, 0, FALSE };
  char   **row;
  gint64   live;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  if (!load_activity (store, activity_id, &activity, error))
    return FALSE;
  g_free (activity.district);
  rows = dq_store_select (store,
                          "SELECT "
                          "(SELECT count(*) FROM registration WHERE activity_id = ?1 AND deleted = 0 "
                          "AND coalesce(status, '') <> '" CANCELLED "'), "
                          "(SELECT count(*) FROM registration WHERE activity_id = ?1 AND deleted = 0 "
                          "AND status = '" CANCELLED "'), "
                          "(SELECT count(DISTINCT c.registration_id) FROM checkin c JOIN registration r "
                          "ON r.id = c.registration_id AND r.deleted = 0 "
                          "WHERE c.activity_id = ?1 AND c.deleted = 0)",
                          params, error);
  if (rows == NULL)
    return FALSE;
  row = g_ptr_array_index (rows, 0);
  live = g_ascii_strtoll (row[0], NULL, 10);
  counts->capacity = (guint) MAX (activity.capacity, 0);
  counts->registered = (guint) (activity.capacity > 0 ? MIN (live, activity.capacity) : live);
  counts->waitlisted = (guint) (live - counts->registered);
  counts->cancelled = (guint) g_ascii_strtoll (row[1], NULL, 10);
  counts->checked_in = (guint) g_ascii_strtoll (row[2], NULL, 10);
  return TRUE;
}

/* The registration of this person that the replica already has, made here
 * or imported before ids were derived (older data, the demo): else the
 * derived id. */
static char *
registration_id (DqStore    *store,
                 const char *activity_id,
                 const char *member_id,
                 const char *digits)
{
  const char *params[] = { activity_id, member_id ? member_id : digits, NULL };
  char       *found = select_text (store,
                             member_id ? "SELECT id FROM registration WHERE activity_id = ? AND member_id = ? "
                                               "AND deleted = 0 ORDER BY coalesce(status, '') = '" CANCELLED
                                         "', id LIMIT 1"
                                             : "SELECT id FROM registration WHERE activity_id = ? AND member_id IS NULL "
                                               "AND phone = ? AND deleted = 0 ORDER BY coalesce(status, '') = '" CANCELLED "', id LIMIT 1",
                                   params, NULL);

  if (found != NULL)
    return found;
  return member_id ? dq_registration_id_for_member (activity_id, member_id)
                   : dq_registration_id_for_phone (activity_id, digits);
}

/* Writes (or restores) the registration @id; *@out gets it as it stands. */
static gboolean
register_row (DqStore         *store,
              const Activity  *activity,
              const char      *activity_id,
              const char      *id,
              const char      *member_id,
              const char      *name,
              const char      *phone,
              const char      *political_status,
              const char      *source,
              DqRegistration **out,
              GError         **error)
{
  g_autoptr (DqRegistration) existing = dq_activity_get_registration (store, id, NULL);
  g_autoptr (DqRecord) record = NULL;
  g_autofree char *now = NULL;

  /* Registered already: nothing to write, whatever desk did it. */
  if (existing != NULL && existing->place != DQ_PLACE_CANCELLED)
    {
      if (out != NULL)
        *out = g_steal_pointer (&existing);
      return TRUE;
    }

  if (activity->capacity > 0 && !activity->waitlist)
    {
      const char *params[] = { activity_id, NULL };
      gint64      live = select_int (store,
                                     "SELECT count(*) FROM registration WHERE activity_id = ? AND deleted = 0 "
                                          "AND coalesce(status, '') <> '" CANCELLED "'",
                                     params, NULL);

      if (live >= activity->capacity)
        {
          g_set_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_FULL,
                       _ ("The activity is full (%d places) and has no waitlist"), (int) activity->capacity);
          return FALSE;
        }
    }

  now = now_iso ();
  record = dq_record_new_for ("registration", id);
  /* A cancelled registration comes back at the end of the queue. */
  if (existing == NULL)
    {
      dq_record_set_text (record, "district", activity->district);
      dq_record_set_text (record, "activity_id", activity_id);
      if (member_id != NULL)
        dq_record_set_text (record, "member_id", member_id);
      if (name != NULL)
        dq_record_set_text (record, "name", name);
      if (phone != NULL)
        dq_record_set_text (record, "phone", phone);
      if (political_status != NULL)
        dq_record_set_text (record, "political_status", political_status);
      dq_record_set_text (record, "source", source ? source : "现场");
    }
  dq_record_set_text (record, "status", REGISTERED);
  dq_record_set_text (record, "registered_at", now);
  if (!dq_store_write_named (store, record, error))
    return FALSE;
  if (out != NULL)
    *out = dq_activity_get_registration (store, id, error);
  return TRUE;
}

/* A member by record id or citizen ID number: its id, or NULL. Two
 * lookups, each on its own index (an OR of the two would scan). */
static char *
find_member (DqStore    *store,
             const char *member)
{
  g_autofree char *upper = g_ascii_strup (member, -1);
  const char      *by_id[] = { member, NULL };
  const char      *by_number[] = { upper, NULL };
  char            *id = select_text (store, "SELECT id FROM member WHERE id = ? AND deleted = 0", by_id, NULL);

  if (id == NULL)
    id = select_text (store, "SELECT id FROM member WHERE id_number = ? AND deleted = 0 LIMIT 1", by_number, NULL);
  return id;
}

gboolean
dq_activity_register_member (DqStore         *store,
                             const char      *activity_id,
                             const char      *member,
                             const char      *source,
                             DqRegistration **out,
                             GError         **error)
{
  g_autofree char *member_id = NULL;
  g_autofree char *id = NULL;
  Activity         activity = { NULL, 0, FALSE };
  gboolean         ok;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (activity_id != NULL && member != NULL, FALSE);

  if (!load_activity (store, activity_id, &activity, error))
    return FALSE;
  member_id = find_member (store, member);
  if (member_id == NULL)
    {
      g_free (activity.district);
      g_set_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_NOT_FOUND, _ ("There is no member “%s”"), member);
      return FALSE;
    }
  id = registration_id (store, activity_id, member_id, NULL);
  ok = register_row (store, &activity, activity_id, id, member_id, NULL, NULL, NULL, source, out, error);
  g_free (activity.district);
  return ok;
}

gboolean
dq_activity_register_person (DqStore         *store,
                             const char      *activity_id,
                             const char      *name,
                             const char      *phone,
                             const char      *political_status,
                             const char      *source,
                             DqRegistration **out,
                             GError         **error)
{
  g_autofree char *clean_name = g_strstrip (g_strdup (name ? name : ""));
  g_autofree char *digits = phone_digits (phone);
  g_autofree char *member_id = NULL;
  g_autofree char *id = NULL;
  g_autoptr (GError) phone_error = NULL;
  Activity activity = { NULL, 0, FALSE };
  gboolean ok;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (activity_id != NULL, FALSE);

  if (*clean_name == '\0')
    {
      g_set_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_INVALID, _ ("Enter the person’s name"));
      return FALSE;
    }
  if (!dq_validate_mobile (digits, &phone_error))
    {
      g_set_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_INVALID, "%s", phone_error->message);
      return FALSE;
    }
  if (!load_activity (store, activity_id, &activity, error))
    return FALSE;

  /* A walk-in who is a member of this replica registers as the member. */
  {
    const char *params[] = { digits, NULL };

    member_id = select_text (store, "SELECT id FROM member WHERE deleted = 0 AND phone = ? LIMIT 1", params, NULL);
  }
  if (member_id != NULL)
    {
      id = registration_id (store, activity_id, member_id, NULL);
      ok = register_row (store, &activity, activity_id, id, member_id, NULL, NULL, NULL, source, out, error);
    }
  else
    {
      id = registration_id (store, activity_id, NULL, digits);
      ok = register_row (store, &activity, activity_id, id, NULL, clean_name, digits, political_status, source, out,
                         error);
    }
  g_free (activity.district);
  return ok;
}

DqRegistration *
dq_activity_find_registration (DqStore    *store,
                               const char *activity_id,
                               const char *member,
                               const char *phone)
{
  g_autofree char *member_id = NULL;
  g_autofree char *digits = phone_digits (phone);
  g_autofree char *id = NULL;
  DqRegistration  *r;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);

  if (member != NULL)
    member_id = find_member (store, member);
  else if (*digits != '\0')
    {
      const char *params[] = { digits, NULL };

      member_id = select_text (store, "SELECT id FROM member WHERE deleted = 0 AND phone = ? LIMIT 1", params, NULL);
    }
  if (member_id == NULL && (member != NULL || *digits == '\0'))
    return NULL;
  id = registration_id (store, activity_id, member_id, digits);
  r = dq_activity_get_registration (store, id, NULL);
  if (r != NULL && r->place == DQ_PLACE_CANCELLED)
    g_clear_pointer (&r, dq_registration_free);
  return r;
}

gboolean
dq_activity_cancel (DqStore    *store,
                    const char *registration_id,
                    GError    **error)
{
  g_autoptr (DqRecord) record = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);

  record = dq_record_new_for ("registration", registration_id);
  dq_record_set_text (record, "status", CANCELLED);
  return dq_store_write (store, record, error);
}

/* Checks @r in at this desk unless someone already did. */
static DqCheckinStatus
check_in (DqStore        *store,
          DqRegistration *r,
          GError        **error)
{
  g_autofree char *id = NULL;
  g_autofree char *now = NULL;
  g_autoptr (DqRecord) record = NULL;
  g_autoptr (DqRecord) current = NULL;
  const char      *params[] = { r->id, NULL };
  g_autofree char *district = NULL;

  if (r->checked_in_at != NULL)
    return DQ_CHECKIN_ALREADY;
  if (r->place == DQ_PLACE_WAITLISTED)
    return DQ_CHECKIN_WAITLISTED;

  id = checkin_id (r->id, dq_store_get_node (store));
  current = dq_store_get (store, "checkin", id, NULL);
  if (current != NULL && dq_record_get_int (current, "deleted", 0) != 0 &&
      !dq_store_undelete (store, "checkin", id, error))
    return (DqCheckinStatus) -1;

  district = select_text (store, "SELECT district FROM registration WHERE id = ?", params, NULL);
  now = now_iso ();
  record = dq_record_new_for ("checkin", id);
  dq_record_set_text (record, "district", district);
  dq_record_set_text (record, "registration_id", r->id);
  dq_record_set_text (record, "activity_id", r->activity_id);
  dq_record_set_text (record, "checked_in_at", now);
  dq_record_set_text (record, "desk", dq_store_get_node (store));
  if (dq_store_get_author (store) != NULL)
    dq_record_set_text (record, "checked_in_by", dq_store_get_author (store));
  if (!dq_store_write_named (store, record, error))
    return (DqCheckinStatus) -1;

  g_free (r->checked_in_at);
  r->checked_in_at = g_steal_pointer (&now);
  r->n_desks++;
  r->checked_here = TRUE;
  return DQ_CHECKIN_CHECKED_IN;
}

static gboolean
looks_like_id_number (const char *text)
{
  gsize n = strlen (text);

  if (n != 18 && n != 15)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]) && !(i == 17 && (text[i] == 'X' || text[i] == 'x')))
      return FALSE;
  return TRUE;
}

static gboolean
looks_like_mobile (const char *text)
{
  gsize n = strlen (text);

  if (n != 11 || text[0] != '1')
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Fills @result for the member @member_id: registered or not. */
static void
result_for_member (DqStore         *store,
                   const char      *activity_id,
                   const char      *member_id,
                   DqCheckinResult *result)
{
  g_autofree char *id = registration_id (store, activity_id, member_id, NULL);
  const char      *params[] = { member_id, NULL };
  g_autoptr (GPtrArray) rows = dq_store_select (store,
                                                "SELECT m.name, o.name FROM member m LEFT JOIN org o "
                                                "ON o.id = m.org_id WHERE m.id = ?",
                                                params, NULL);

  result->registration = dq_activity_get_registration (store, id, NULL);
  if (result->registration != NULL && result->registration->place == DQ_PLACE_CANCELLED)
    g_clear_pointer (&result->registration, dq_registration_free);
  if (rows != NULL && rows->len > 0)
    {
      char **row = g_ptr_array_index (rows, 0);

      result->name = g_strdup (row[0]);
      result->branch = *row[1] ? g_strdup (row[1]) : NULL;
    }
  if (result->registration == NULL)
    {
      result->status = DQ_CHECKIN_NOT_REGISTERED;
      result->member_id = g_strdup (member_id);
    }
}

DqCheckinResult *
dq_activity_checkin (DqStore    *store,
                     const char *activity_id,
                     const char *text,
                     GError    **error)
{
  g_autofree char *query = NULL;
  g_autoptr (DqCheckinResult) result = g_new0 (DqCheckinResult, 1);
  Activity activity = { NULL, 0, FALSE };

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);
  g_return_val_if_fail (activity_id != NULL && text != NULL, NULL);

  if (!load_activity (store, activity_id, &activity, error))
    return NULL;
  g_free (activity.district);
  query = g_strstrip (g_strdup (text));
  result->status = DQ_CHECKIN_NOT_FOUND;

  if (g_str_has_prefix (query, CARD_PREFIX_MEMBER))
    {
      const char *member_id = query + strlen (CARD_PREFIX_MEMBER);
      const char *params[] = { member_id, NULL };

      if (select_int (store, "SELECT count(*) FROM member WHERE id = ? AND deleted = 0", params, NULL) > 0)
        result_for_member (store, activity_id, member_id, result);
    }
  else if (g_str_has_prefix (query, CARD_PREFIX_REG))
    {
      result->registration = dq_activity_get_registration (store, query + strlen (CARD_PREFIX_REG), NULL);
      if (result->registration != NULL && (g_strcmp0 (result->registration->activity_id, activity_id) != 0 ||
                                           result->registration->place == DQ_PLACE_CANCELLED))
        g_clear_pointer (&result->registration, dq_registration_free);
    }
  else if (looks_like_id_number (query) || looks_like_mobile (query))
    {
      g_autofree char *upper = g_ascii_strup (query, -1);
      const char      *params[] = { upper, NULL };
      g_autoptr (GPtrArray) members =
          dq_store_select (store,
                           looks_like_mobile (query)
                               ? "SELECT id FROM member WHERE deleted = 0 AND phone = ? LIMIT 2"
                               : "SELECT id FROM member WHERE deleted = 0 AND id_number = ? LIMIT 2",
                           params, NULL);

      if (members != NULL && members->len == 1)
        result_for_member (store, activity_id, ((char **) g_ptr_array_index (members, 0))[0], result);
      else if (members != NULL && members->len > 1)
        result->status = DQ_CHECKIN_AMBIGUOUS;
      else if (looks_like_mobile (query))
        {
          g_autofree char *id = registration_id (store, activity_id, NULL, query);

          result->registration = dq_activity_get_registration (store, id, NULL);
          if (result->registration != NULL && result->registration->place == DQ_PLACE_CANCELLED)
            g_clear_pointer (&result->registration, dq_registration_free);
        }
    }
  else if (*query != '\0')
    {
      /* A name: who registered under it first, then the members so named. */
      const char *params[] = { activity_id, query, NULL };
      g_autoptr (GPtrArray) registered =
          dq_store_select (store,
                           "SELECT r.id FROM registration r LEFT JOIN member m ON m.id = r.member_id "
                           "WHERE r.activity_id = ?1 AND r.deleted = 0 AND coalesce(r.status, '') <> '" CANCELLED
                           "' AND coalesce(m.name, r.name) = ?2 LIMIT 10",
                           params, NULL);

      if (registered != NULL && registered->len == 1)
        result->registration =
            dq_activity_get_registration (store, ((char **) g_ptr_array_index (registered, 0))[0], NULL);
      else if (registered != NULL && registered->len > 1)
        {
          result->status = DQ_CHECKIN_AMBIGUOUS;
          result->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) dq_registration_free);
          for (guint i = 0; i < registered->len; i++)
            {
              DqRegistration *r =
                  dq_activity_get_registration (store, ((char **) g_ptr_array_index (registered, i))[0], NULL);

              if (r != NULL)
                g_ptr_array_add (result->candidates, r);
            }
        }
      else
        {
          const char *name_params[] = { query, NULL };
          g_autoptr (GPtrArray) members = dq_store_select (
              store, "SELECT id FROM member WHERE deleted = 0 AND name = ? LIMIT 10", name_params, NULL);

          if (members != NULL && members->len == 1)
            result_for_member (store, activity_id, ((char **) g_ptr_array_index (members, 0))[0], result);
          else if (members != NULL && members->len > 1)
            result->status = DQ_CHECKIN_AMBIGUOUS;
        }
    }

  if (result->registration != NULL && result->status != DQ_CHECKIN_AMBIGUOUS)
    {
      DqCheckinStatus status = check_in (store, result->registration, error);

      if ((int) status < 0)
        return NULL;
      result->status = status;
      if (result->name == NULL)
        result->name = g_strdup (result->registration->name);
      if (result->branch == NULL && result->registration->branch != NULL)
        result->branch = g_strdup (result->registration->branch);
    }
  return g_steal_pointer (&result);
}

gboolean
dq_activity_undo_checkin (DqStore    *store,
                          const char *registration_id,
                          GError    **error)
{
  g_autofree char *id = NULL;
  g_autoptr (DqRecord) current = NULL;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);

  id = checkin_id (registration_id, dq_store_get_node (store));
  current = dq_store_get (store, "checkin", id, NULL);
  if (current == NULL || dq_record_get_int (current, "deleted", 0) != 0)
    return TRUE;
  return dq_store_delete (store, "checkin", id, error);
}

gint64
dq_volunteer_hours (DqStore    *store,
                    const char *member_id,
                    GError    **error)
{
  const char *params[] = { member_id, NULL };

  g_return_val_if_fail (DQ_IS_STORE (store), 0);

  return select_int (store,
                     "SELECT coalesce(sum(a.volunteer_hours), 0) FROM activity a WHERE a.deleted = 0 AND a.id IN "
                     "(SELECT r.activity_id FROM registration r WHERE r.member_id = ? AND r.deleted = 0 "
                     "AND EXISTS (SELECT 1 FROM checkin c WHERE c.registration_id = r.id AND c.deleted = 0))",
                     params, error);
}

static GPtrArray *
first_column (GPtrArray *rows)
{
  GPtrArray *ids;

  if (rows == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ids, g_strdup (((char **) g_ptr_array_index (rows, i))[0]));
  g_ptr_array_unref (rows);
  return ids;
}

GPtrArray *
dq_booking_overlaps (DqStore    *store,
                     const char *room_id,
                     const char *starts_at,
                     const char *ends_at,
                     const char *except_id,
                     GError    **error)
{
  const char *params[] = { room_id, starts_at, ends_at, except_id ? except_id : "", NULL };

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);

  return first_column (dq_store_select (store,
                                        "SELECT id FROM booking WHERE room_id = ?1 AND deleted = 0 "
                                        "AND coalesce(status, '') <> '" CANCELLED "' AND id <> ?4 "
                                        "AND julianday(starts_at) < julianday(?3) "
                                        "AND julianday(ends_at) > julianday(?2) "
                                        "ORDER BY julianday(starts_at), id",
                                        params, error));
}

gboolean
dq_booking_write (DqStore  *store,
                  DqRecord *booking,
                  GError  **error)
{
  g_autoptr (DqRecord) current = NULL;
  g_autoptr (GPtrArray) overlaps = NULL;
  const char *room, *starts, *ends;

  g_return_val_if_fail (DQ_IS_STORE (store), FALSE);
  g_return_val_if_fail (booking != NULL, FALSE);

  if (booking->id != NULL)
    current = dq_store_get (store, "booking", booking->id, NULL);
    /* The booking as it will be: the cells written over the stored ones. */
#define CELL(column)                                                         \
  (dq_record_is_set (booking, column) ? dq_record_get_text (booking, column) \
   : current                          ? dq_record_get_text (current, column) \
                                      : NULL)
  room = CELL ("room_id");
  starts = CELL ("starts_at");
  ends = CELL ("ends_at");
  if (g_strcmp0 (CELL ("status"), CANCELLED) != 0 && room != NULL && starts != NULL && ends != NULL)
    {
      overlaps = dq_booking_overlaps (store, room, starts, ends, booking->id, error);
      if (overlaps == NULL)
        return FALSE;
      if (overlaps->len > 0)
        {
          g_autoptr (DqRecord) other = dq_store_get (store, "booking", g_ptr_array_index (overlaps, 0), NULL);
          const char *purpose = other ? dq_record_get_text (other, "purpose") : NULL;
          g_autoptr (GDateTime) from = other ? g_date_time_new_from_iso8601 (dq_record_get_text (other, "starts_at"), NULL) : NULL;
          g_autoptr (GDateTime) to = other ? g_date_time_new_from_iso8601 (dq_record_get_text (other, "ends_at"), NULL) : NULL;
          g_autofree char *from_text = from ? g_date_time_format (from, "%m-%d %H:%M") : NULL;
          g_autofree char *to_text = to ? g_date_time_format (to, "%H:%M") : NULL;
          g_autofree char *span = from_text && to_text ? g_strdup_printf ("%s–%s", from_text, to_text) : g_strdup ("");

          g_set_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_CLASH,
                       _ ("The room is already booked %s (“%s”)"), span, purpose ? purpose : "");
          return FALSE;
        }
    }
#undef CELL
  return dq_store_write (store, booking, error);
}

GPtrArray *
dq_booking_clashes (DqStore    *store,
                    const char *center_id,
                    GError    **error)
{
  const char *params[] = { center_id ? center_id : "", NULL };
  g_autoptr (GPtrArray) rows = NULL;
  GPtrArray *ids;

  g_return_val_if_fail (DQ_IS_STORE (store), NULL);

  rows = dq_store_select (store,
                          "SELECT a.id, b.id FROM booking a JOIN booking b "
                          "ON b.room_id = a.room_id AND b.id > a.id AND b.deleted = 0 "
                          "AND coalesce(b.status, '') <> '" CANCELLED "' "
                          "AND julianday(b.starts_at) < julianday(a.ends_at) "
                          "AND julianday(b.ends_at) > julianday(a.starts_at) "
                          "WHERE a.deleted = 0 AND coalesce(a.status, '') <> '" CANCELLED "' "
                          "AND (?1 = '' OR a.room_id IN (SELECT id FROM room WHERE center_id = ?1)) "
                          "ORDER BY julianday(a.starts_at), a.id, b.id",
                          params, error);
  if (rows == NULL)
    return NULL;
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      g_ptr_array_add (ids, g_strdup (row[0]));
      g_ptr_array_add (ids, g_strdup (row[1]));
    }
  return ids;
}
