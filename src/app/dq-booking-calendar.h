/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqBookingCalendar: the room bookings (场地预约) of one service center as a
 * day view (its rooms side by side) or a week view (one room, Monday to
 * Sunday), 08:00 to 22:00, in Shenzhen time. Bookings that overlap — two
 * desks that booked one slot while offline — are drawn in the error colour
 * under a notice that lists them, each with a button to cancel it. New
 * bookings go through dq_booking_write(), which refuses an overlap. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"
#include "dq-sync-engine.h"

G_BEGIN_DECLS

#define DQ_TYPE_BOOKING_CALENDAR (dq_booking_calendar_get_type ())
G_DECLARE_FINAL_TYPE (DqBookingCalendar, dq_booking_calendar, DQ, BOOKING_CALENDAR, AdwBin)

GtkWidget *dq_booking_calendar_new (DqStore      *store,
                                    DqSyncEngine *engine);
/* Shows the rooms of @center_id (NULL: none). */
void dq_booking_calendar_set_center (DqBookingCalendar *self,
                                     const char        *center_id);
/* Shows the day (or its week) of @day's calendar date. */
void dq_booking_calendar_set_date (DqBookingCalendar *self,
                                   GDateTime         *day);
/* TRUE: the week of one room; FALSE: the day of every room. */
void dq_booking_calendar_set_week (DqBookingCalendar *self,
                                   gboolean           week);

G_END_DECLS
