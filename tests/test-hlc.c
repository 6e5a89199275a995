/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clock: monotonic whatever the wall clock does, the receive rule, and
 * the 10-minute guard of the protocol. */

#include "config.h"

#include "dq-hlc.h"

typedef struct {
  gint64 ms;
} FakeWall;

static gint64
fake_wall (gpointer data)
{
  return ((FakeWall *) data)->ms;
}

static DqHlc *
clock_at (FakeWall *wall)
{
  DqHlc *clock = dq_hlc_new ();

  dq_hlc_set_wall_clock (clock, fake_wall, wall);
  return clock;
}

static void
test_follows_wall_clock (void)
{
  FakeWall wall = { 1764300000000 };
  g_autoptr (DqHlc) clock = clock_at (&wall);
  guint64 a = dq_hlc_now (clock);

  g_assert_cmpuint (DQ_HLC_MS (a), ==, 1764300000000);
  g_assert_cmpuint (DQ_HLC_COUNTER (a), ==, 0);

  wall.ms += 5;
  a = dq_hlc_now (clock);
  g_assert_cmpuint (DQ_HLC_MS (a), ==, 1764300000005);
  g_assert_cmpuint (DQ_HLC_COUNTER (a), ==, 0);
}

static void
test_monotonic_when_wall_jumps_back (void)
{
  FakeWall wall = { 1764300000000 };
  g_autoptr (DqHlc) clock = clock_at (&wall);
  guint64 prev = dq_hlc_now (clock);

  /* An hour backwards (NTP correction, a user fixing the date): readings
   * keep growing, by the counter, on the last millisecond seen. */
  wall.ms -= 3600 * 1000;
  for (int i = 0; i < 1000; i++)
    {
      guint64 next = dq_hlc_now (clock);

      g_assert_cmpuint (next, >, prev);
      g_assert_cmpuint (DQ_HLC_MS (next), ==, 1764300000000);
      prev = next;
    }
  g_assert_cmpuint (DQ_HLC_COUNTER (prev), ==, 1000);

  /* Once the wall clock passes the last reading it leads again. */
  wall.ms = 1764300000000 + 1;
  g_assert_cmpuint (dq_hlc_now (clock), ==, DQ_HLC_MAKE (1764300000001, 0));
}

static void
test_counter_overflow_carries (void)
{
  FakeWall wall = { 1000 };
  g_autoptr (DqHlc) clock = clock_at (&wall);
  guint64 prev = 0;

  for (int i = 0; i < 70000; i++)
    {
      guint64 next = dq_hlc_now (clock);

      g_assert_cmpuint (next, >, prev);
      prev = next;
    }
  g_assert_cmpuint (DQ_HLC_MS (prev), ==, 1001);
}

static void
test_receive_rule (void)
{
  FakeWall wall = { 1764300000000 };
  g_autoptr (DqHlc) clock = clock_at (&wall);
  guint64 remote = DQ_HLC_MAKE (1764300000000 + 60 * 1000, 7); /* a minute ahead */
  g_autoptr (GError) error = NULL;
  guint64 next;

  g_assert_true (dq_hlc_receive (clock, remote, &error));
  g_assert_no_error (error);
  next = dq_hlc_now (clock);
  g_assert_cmpuint (next, >, remote);
  g_assert_cmpuint (DQ_HLC_MS (next), ==, DQ_HLC_MS (remote));

  /* An older reading changes nothing. */
  g_assert_true (dq_hlc_receive (clock, DQ_HLC_MAKE (5, 0), NULL));
  g_assert_cmpuint (dq_hlc_now (clock), ==, next + 1);
}

static void
test_drift_guard (void)
{
  FakeWall wall = { 1764300000000 };
  g_autoptr (DqHlc) clock = clock_at (&wall);
  g_autoptr (GError) error = NULL;
  guint64 before = dq_hlc_now (clock);
  guint64 ahead = DQ_HLC_MAKE (wall.ms + DQ_HLC_MAX_DRIFT_MS + 1, 0);
  guint64 edge = DQ_HLC_MAKE (wall.ms + DQ_HLC_MAX_DRIFT_MS, 0);

  g_assert_false (dq_hlc_receive (clock, ahead, &error));
  g_assert_error (error, DQ_HLC_ERROR, DQ_HLC_ERROR_DRIFT);
  /* Refused means not adopted: our next reading is still ours. */
  g_assert_cmpuint (DQ_HLC_MS (dq_hlc_now (clock)), ==, DQ_HLC_MS (before));

  /* Exactly 10 minutes is still accepted. */
  g_assert_true (dq_hlc_receive (clock, edge, NULL));
  g_assert_cmpuint (dq_hlc_now (clock), >, edge);

  g_clear_error (&error);
  g_assert_false (dq_hlc_receive_ms (clock, wall.ms + 11 * 60 * 1000, &error));
  g_assert_error (error, DQ_HLC_ERROR, DQ_HLC_ERROR_DRIFT);
}

static void
test_restore (void)
{
  FakeWall wall = { 1000 };
  g_autoptr (DqHlc) clock = clock_at (&wall);

  /* After a restart the clock resumes above what was saved, even when the
   * wall clock is now behind it. */
  dq_hlc_restore (clock, DQ_HLC_MAKE (5000, 3));
  g_assert_cmpuint (dq_hlc_now (clock), ==, DQ_HLC_MAKE (5000, 4));
}

static void
test_wire_format (void)
{
  char    text[17];
  guint64 v;

  dq_hlc_format (DQ_HLC_MAKE (0x0192f5c46c1e, 3), text);
  g_assert_cmpstr (text, ==, "0192f5c46c1e0003");
  g_assert_true (dq_hlc_parse (text, &v));
  g_assert_cmpuint (v, ==, DQ_HLC_MAKE (0x0192f5c46c1e, 3));

  g_assert_false (dq_hlc_parse ("0192F5C46C1E0003", &v)); /* uppercase */
  g_assert_false (dq_hlc_parse ("0192f5c46c1e003", &v));  /* 15 digits */
  g_assert_false (dq_hlc_parse ("0192f5c46c1e00030", &v));
  g_assert_false (dq_hlc_parse ("0192f5c46c1e000g", &v));
  g_assert_false (dq_hlc_parse (NULL, &v));

  /* String order is numeric order. */
  dq_hlc_format (0xff, text);
  g_assert_cmpstr (text, ==, "00000000000000ff");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hlc/follows-wall-clock", test_follows_wall_clock);
  g_test_add_func ("/hlc/monotonic-when-wall-jumps-back", test_monotonic_when_wall_jumps_back);
  g_test_add_func ("/hlc/counter-overflow-carries", test_counter_overflow_carries);
  g_test_add_func ("/hlc/receive-rule", test_receive_rule);
  g_test_add_func ("/hlc/drift-guard", test_drift_guard);
  g_test_add_func ("/hlc/restore", test_restore);
  g_test_add_func ("/hlc/wire-format", test_wire_format);

  return g_test_run ();
}
