/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Activities without a window: who gets a place and who waits, what a desk's
 * entry finds, volunteer hours, bookings that must not overlap — and two
 * replicas that worked apart converging by the merge rule alone (changes
 * exchanged directly, as the server would relay them). */
#include "config.h"

#include "dq-activity.h"
#include "dq-demo.h"
#include "dq-validate.h"
#include "test-common.h"

typedef struct {
  char      *dir;
  DqStore   *a;
  DqStore   *b;
  char      *activity;
  GPtrArray *members; /* ids */
} Fixture;

static char *
write_activity (DqStore *store, gint64 capacity, gboolean waitlist, gint64 hours)
{
  g_autoptr (DqRecord) r = dq_record_new_for ("activity", NULL);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (r, "district", "440310");
  dq_record_set_text (r, "title", "测试活动");
  dq_record_set_text (r, "kind", "志愿服务");
  dq_record_set_text (r, "starts_at", "2026-12-05T09:00:00+08:00");
  dq_record_set_int (r, "capacity", capacity);
  dq_record_set_int (r, "waitlist", waitlist);
  dq_record_set_int (r, "volunteer_hours", hours);
  g_assert_true (dq_store_write (store, r, &error));
  g_assert_no_error (error);
  return g_strdup (r->id);
}

/* Everything @from has that @to lacks, as the server would relay it. */
static void
exchange (DqStore *from, DqStore *to)
{
  DqCursor cursor = DQ_CURSOR_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) changes = dq_store_changes_since (from, &cursor, 0, DQ_CHANGES_ALL, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (dq_store_apply (to, (DqChange **) changes->pdata, changes->len, DQ_APPLY_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  DqDemoOptions options = { "440310", 0, 0.05, NULL, NULL };

  f->dir = test_tmpdir ();
  f->a = test_store_new (f->dir, "a.db", NULL);
  f->b = test_store_new (f->dir, "b.db", NULL);
  g_assert_true (dq_demo_generate (f->a, &options, NULL, &error));
  g_assert_true (dq_demo_generate (f->b, &options, NULL, &error));
  g_assert_no_error (error);
  rows = dq_store_select (f->a, "SELECT id FROM member WHERE deleted = 0 AND phone <> '' ORDER BY id LIMIT 6", NULL,
                          &error);
  f->members = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (f->members, g_strdup (((char **) g_ptr_array_index (rows, i))[0]));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_pointer (&f->members, g_ptr_array_unref);
  g_free (f->activity);
  g_assert_finalize_object (f->a);
  g_assert_finalize_object (f->b);
  test_rmdir (f->dir);
  g_free (f->dir);
}

#define MEMBER(i) ((const char *) g_ptr_array_index (f->members, (i)))

static DqRegistration *
register_member (DqStore *store, const char *activity, const char *member)
{
  g_autoptr (GError) error = NULL;
  DqRegistration *r = NULL;

  g_assert_true (dq_activity_register_member (store, activity, member, NULL, &r, &error));
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
test_ids (Fixture *f, gconstpointer data)
{
  g_autofree char *m1 = dq_registration_id_for_member ("a", "m");
  g_autofree char *m2 = dq_registration_id_for_member ("a", "m");
  g_autofree char *m3 = dq_registration_id_for_member ("b", "m");
  g_autofree char *p1 = dq_registration_id_for_phone ("a", "138 1234 5678");
  g_autofree char *p2 = dq_registration_id_for_phone ("a", "13812345678");

  g_assert_true (dq_validate_uuid (m1));
  g_assert_cmpstr (m1, ==, m2);
  g_assert_cmpstr (m1, !=, m3);
  g_assert_cmpstr (p1, ==, p2);
  g_assert_cmpint (m1[14], ==, '5');
}

static void
test_waitlist (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  DqActivityCounts counts;
  DqRegistration  *r[4];

  f->activity = write_activity (f->a, 2, TRUE, 3);
  for (guint i = 0; i < 4; i++)
    r[i] = register_member (f->a, f->activity, MEMBER (i));
  g_assert_cmpint (r[0]->place, ==, DQ_PLACE_REGISTERED);
  g_assert_cmpint (r[1]->place, ==, DQ_PLACE_REGISTERED);
  g_assert_cmpint (r[2]->place, ==, DQ_PLACE_WAITLISTED);
  g_assert_cmpuint (r[2]->position, ==, 1);
  g_assert_cmpint (r[3]->place, ==, DQ_PLACE_WAITLISTED);
  g_assert_cmpuint (r[3]->position, ==, 2);

  g_assert_true (dq_activity_counts (f->a, f->activity, &counts, &error));
  g_assert_cmpuint (counts.registered, ==, 2);
  g_assert_cmpuint (counts.waitlisted, ==, 2);

  /* A place frees: the first on the waitlist moves up, the next follows. */
  g_assert_true (dq_activity_cancel (f->a, r[0]->id, &error));
  list = dq_activity_list_registrations (f->a, f->activity, &error);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpstr (((DqRegistration *) g_ptr_array_index (list, 0))->id, ==, r[1]->id);
  g_assert_cmpstr (((DqRegistration *) g_ptr_array_index (list, 1))->id, ==, r[2]->id);
  g_assert_cmpint (((DqRegistration *) g_ptr_array_index (list, 1))->place, ==, DQ_PLACE_REGISTERED);
  g_assert_cmpint (((DqRegistration *) g_ptr_array_index (list, 2))->place, ==, DQ_PLACE_WAITLISTED);
  g_assert_cmpuint (((DqRegistration *) g_ptr_array_index (list, 2))->position, ==, 1);
  g_assert_cmpint (((DqRegistration *) g_ptr_array_index (list, 3))->place, ==, DQ_PLACE_CANCELLED);

  /* Registering again after cancelling goes to the end of the queue. */
  {
    g_autoptr (DqRegistration) back = register_member (f->a, f->activity, MEMBER (0));

    g_assert_cmpstr (back->id, ==, r[0]->id);
    g_assert_cmpint (back->place, ==, DQ_PLACE_WAITLISTED);
    g_assert_cmpuint (back->position, ==, 2);
  }
  for (guint i = 0; i < 4; i++)
    dq_registration_free (r[i]);
}

static void
test_full (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqRegistration) one = NULL;
  DqRegistration *none = NULL;

  f->activity = write_activity (f->a, 1, FALSE, 0);
  one = register_member (f->a, f->activity, MEMBER (0));
  g_assert_false (dq_activity_register_member (f->a, f->activity, MEMBER (1), NULL, &none, &error));
  g_assert_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_FULL);
  g_assert_null (none);
  g_clear_error (&error);

  /* A bad phone is refused before anything is written. */
  g_assert_false (dq_activity_register_person (f->a, f->activity, "钟晓晴", "1234", NULL, NULL, NULL, &error));
  g_assert_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_INVALID);
}

static void
test_checkin_lookup (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DqRegistration) r0 = NULL;
  g_autoptr (DqRecord) m1 = dq_store_get (f->a, "member", MEMBER (1), NULL);
  g_autoptr (DqRecord) m2 = dq_store_get (f->a, "member", MEMBER (2), NULL);
  g_autoptr (DqRecord) m3 = dq_store_get (f->a, "member", MEMBER (3), NULL);
  g_autofree char *card = NULL;
  DqCheckinResult *res;

  f->activity = write_activity (f->a, 0, FALSE, 2);
  r0 = register_member (f->a, f->activity, MEMBER (0));
  dq_registration_free (register_member (f->a, f->activity, MEMBER (1)));
  dq_registration_free (register_member (f->a, f->activity, MEMBER (2)));

  /* The card. */
  card = dq_member_card_payload (MEMBER (0));
  res = dq_activity_checkin (f->a, f->activity, card, &error);
  g_assert_cmpint (res->status, ==, DQ_CHECKIN_CHECKED_IN);
  g_assert_cmpstr (res->registration->id, ==, r0->id);
  g_assert_nonnull (res->registration->checked_in_at);
  dq_checkin_result_free (res);
  res = dq_activity_checkin (f->a, f->activity, card, &error);
  g_assert_cmpint (res->status, ==, DQ_CHECKIN_ALREADY);
  g_assert_cmpuint (res->registration->n_desks, ==, 1);
  dq_checkin_result_free (res);

  /* The phone, then the ID number. */
  res = dq_activity_checkin (f->a, f->activity, dq_record_get_text (m1, "phone"), &error);
  g_assert_cmpint (res->status, ==, DQ_CHECKIN_CHECKED_IN);
  g_assert_cmpstr (res->name, ==, dq_record_get_text (m1, "name"));
  dq_checkin_result_free (res);
  if (dq_record_get_text (m2, "id_number") != NULL)
    {
      res = dq_activity_checkin (f->a, f->activity, dq_record_get_text (m2, "id_number"), &error);
      g_assert_cmpint (res->status, ==, DQ_CHECKIN_CHECKED_IN);
      dq_checkin_result_free (res);
    }

  /* A member not registered; nobody at all. */
  res = dq_activity_checkin (f->a, f->activity, dq_record_get_text (m3, "phone"), &error);
  g_assert_cmpint (res->status, ==, DQ_CHECKIN_NOT_REGISTERED);
  g_assert_cmpstr (res->member_id, ==, MEMBER (3));
  dq_checkin_result_free (res);
  res = dq_activity_checkin (f->a, f->activity, "没有这个人", &error);
  g_assert_cmpint (res->status, ==, DQ_CHECKIN_NOT_FOUND);
  dq_checkin_result_free (res);

  /* Undo, then check in again. */
  g_assert_true (dq_activity_undo_checkin (f->a, r0->id, &error));
  res = dq_activity_checkin (f->a, f->activity, card, &error);
  g_assert_cmpint (res->status, ==, DQ_CHECKIN_CHECKED_IN);
  dq_checkin_result_free (res);

  /* Volunteer hours: credited where checked in. */
  g_assert_cmpint (dq_volunteer_hours (f->a, MEMBER (0), &error), ==, 2);
  g_assert_cmpint (dq_volunteer_hours (f->a, MEMBER (3), &error), ==, 0);
  {
    g_autofree char *other = write_activity (f->a, 0, FALSE, 5);
    g_autoptr (DqRegistration) r = register_member (f->a, other, MEMBER (0));
    g_autofree char *again = dq_member_card_payload (MEMBER (0));
    DqCheckinResult *in = dq_activity_checkin (f->a, other, again, &error);

    dq_checkin_result_free (in);
    g_assert_cmpint (dq_volunteer_hours (f->a, MEMBER (0), &error), ==, 7);
  }
}

static void
test_two_desks (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *card = dq_member_card_payload (MEMBER (0));
  g_autoptr (DqRegistration) walk_a = NULL;
  g_autoptr (DqRegistration) walk_b = NULL;
  DqCheckinResult *at_a, *at_b, *after;
  g_autofree char *first_time = NULL;
  GString         *dump_a = g_string_new (NULL), *dump_b = g_string_new (NULL);

  f->activity = write_activity (f->a, 10, TRUE, 1);
  dq_registration_free (register_member (f->a, f->activity, MEMBER (0)));
  exchange (f->a, f->b);

  /* Apart: the same member checked in at both, the same walk-in at both. */
  at_a = dq_activity_checkin (f->a, f->activity, card, &error);
  g_usleep (2000);
  at_b = dq_activity_checkin (f->b, f->activity, card, &error);
  g_assert_cmpint (at_a->status, ==, DQ_CHECKIN_CHECKED_IN);
  g_assert_cmpint (at_b->status, ==, DQ_CHECKIN_CHECKED_IN);
  first_time = g_strdup (at_a->registration->checked_in_at);
  g_assert_true (dq_activity_register_person (f->a, f->activity, "钟晓晴", "13823456789", NULL, "现场", &walk_a,
                                              &error));
  g_assert_true (dq_activity_register_person (f->b, f->activity, "钟晓晴", "138-2345-6789", NULL, "现场", &walk_b,
                                              &error));
  g_assert_cmpstr (walk_a->id, ==, walk_b->id);

  /* A booking clash, made apart. */
  {
    g_autoptr (GPtrArray) rooms = dq_store_select (f->a, "SELECT id FROM room WHERE deleted = 0 LIMIT 1", NULL, NULL);
    const char *room = ((char **) g_ptr_array_index (rooms, 0))[0];
    DqStore    *desks[] = { f->a, f->b };

    for (guint i = 0; i < 2; i++)
      {
        g_autoptr (DqRecord) booking = dq_record_new_for ("booking", NULL);

        dq_record_set_text (booking, "district", "440310");
        dq_record_set_text (booking, "room_id", room);
        dq_record_set_text (booking, "starts_at", "2030-01-02T09:00:00+08:00");
        dq_record_set_text (booking, "ends_at", "2030-01-02T11:00:00+08:00");
        dq_record_set_text (booking, "purpose", i ? "党课" : "会议");
        g_assert_true (dq_booking_write (desks[i], booking, &error));
        g_assert_no_error (error);
      }
  }

  exchange (f->a, f->b);
  exchange (f->b, f->a);

  g_assert_true (dq_store_dump (f->a, dump_a, DQ_DUMP_VALUES, &error));
  g_assert_true (dq_store_dump (f->b, dump_b, DQ_DUMP_VALUES, &error));
  test_assert_same_dump (dump_a->str, dump_b->str);

  for (guint i = 0; i < 2; i++)
    {
      DqStore *desk = i ? f->b : f->a;
      g_autoptr (GPtrArray) clashes = dq_booking_clashes (desk, NULL, &error);
      g_autoptr (GPtrArray) walkins = NULL;
      const char *params[] = { f->activity, NULL };

      after = dq_activity_checkin (desk, f->activity, card, &error);
      g_assert_cmpint (after->status, ==, DQ_CHECKIN_ALREADY);
      g_assert_cmpstr (after->registration->checked_in_at, ==, first_time);
      g_assert_cmpuint (after->registration->n_desks, ==, 2);
      dq_checkin_result_free (after);

      walkins = dq_store_select (desk, "SELECT id FROM registration WHERE activity_id = ? AND member_id IS NULL",
                                 params, &error);
      g_assert_cmpuint (walkins->len, ==, 1);
      /* Exactly one pair flagged, on both desks; an overlap now is refused. */
      g_assert_cmpuint (clashes->len, ==, 2);
    }

  dq_checkin_result_free (at_a);
  dq_checkin_result_free (at_b);
  g_string_free (dump_a, TRUE);
  g_string_free (dump_b, TRUE);
}

static void
test_booking_refused (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) rooms = dq_store_select (f->a, "SELECT id FROM room WHERE deleted = 0 LIMIT 1", NULL, NULL);
  const char *room = ((char **) g_ptr_array_index (rooms, 0))[0];
  g_autoptr (DqRecord) first = dq_record_new_for ("booking", NULL);
  g_autoptr (DqRecord) second = dq_record_new_for ("booking", NULL);
  g_autoptr (DqRecord) after = dq_record_new_for ("booking", NULL);
  g_autoptr (GError) error = NULL;

  dq_record_set_text (first, "district", "440310");
  dq_record_set_text (first, "room_id", room);
  dq_record_set_text (first, "starts_at", "2031-03-01T09:00:00+08:00");
  dq_record_set_text (first, "ends_at", "2031-03-01T11:00:00+08:00");
  g_assert_true (dq_booking_write (f->a, first, &error));

  /* 10:00–12:00 overlaps; 11:00–12:00 only touches it. */
  dq_record_set_text (second, "district", "440310");
  dq_record_set_text (second, "room_id", room);
  dq_record_set_text (second, "starts_at", "2031-03-01T10:00:00+08:00");
  dq_record_set_text (second, "ends_at", "2031-03-01T12:00:00+08:00");
  g_assert_false (dq_booking_write (f->a, second, &error));
  g_assert_error (error, DQ_ACTIVITY_ERROR, DQ_ACTIVITY_ERROR_CLASH);
  g_assert_null (second->id);
  g_clear_error (&error);

  dq_record_set_text (after, "district", "440310");
  dq_record_set_text (after, "room_id", room);
  dq_record_set_text (after, "starts_at", "2031-03-01T03:00:00Z"); /* 11:00 in Shenzhen */
  dq_record_set_text (after, "ends_at", "2031-03-01T12:00:00+08:00");
  g_assert_true (dq_booking_write (f->a, after, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/activity/ids", Fixture, NULL, fixture_set_up, test_ids, fixture_tear_down);
  g_test_add ("/activity/waitlist", Fixture, NULL, fixture_set_up, test_waitlist, fixture_tear_down);
  g_test_add ("/activity/full", Fixture, NULL, fixture_set_up, test_full, fixture_tear_down);
  g_test_add ("/activity/checkin", Fixture, NULL, fixture_set_up, test_checkin_lookup, fixture_tear_down);
  g_test_add ("/activity/two-desks", Fixture, NULL, fixture_set_up, test_two_desks, fixture_tear_down);
  g_test_add ("/activity/booking-refused", Fixture, NULL, fixture_set_up, test_booking_refused, fixture_tear_down);
  return g_test_run ();
}
