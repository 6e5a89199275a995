/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Activities at a service center: registrations, the waitlist, check-in at
 * the desk, volunteer hours, and room bookings that must not overlap.
 *
 * Everything here converges under the store's merge rule alone, with no
 * case in the sync engine:
 * - a registration's id is derived from the activity and the person (the
 *   member, or a non-member's mobile number), so the same person registered
 *   at two desks is one row after sync;
 * - each desk checks a person in with a row of its own in `checkin` (id from
 *   the registration and the desk's node); the attendance is the earliest
 *   of them, and more than one row means more than one desk saw the person;
 * - who is on the waitlist is not stored: live registrations in order of
 *   (registered_at, id) fill the capacity, the rest wait; a cancellation
 *   moves the next one up on every replica alike;
 * - overlapping bookings are a query: two desks that booked one slot
 *   offline both see the clash after sync, until someone cancels one. */
#pragma once

#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_ACTIVITY_ERROR (dq_activity_error_quark ())
typedef enum {
  DQ_ACTIVITY_ERROR_NOT_FOUND, /* no such activity, member or registration */
  DQ_ACTIVITY_ERROR_FULL,      /* no place left and no waitlist */
  DQ_ACTIVITY_ERROR_INVALID,   /* a name or phone that will not do */
  DQ_ACTIVITY_ERROR_CLASH,     /* the room is booked then */
} DqActivityError;

GQuark dq_activity_error_quark (void);

/* Where a registration stands, computed (see above). */
typedef enum {
  DQ_PLACE_REGISTERED, /* 已报名: within the capacity */
  DQ_PLACE_WAITLISTED, /* 候补 */
  DQ_PLACE_CANCELLED,  /* 已取消 */
} DqPlace;

typedef struct {
  char    *id; /* the registration */
  char    *activity_id;
  char    *member_id; /* NULL for a non-member */
  char    *name;
  char    *phone;  /* in full: mask it to show it */
  char    *branch; /* the member's organization, or NULL */
  DqPlace  place;
  guint    position;      /* 1-based in the waitlist when WAITLISTED */
  char    *registered_at; /* ISO 8601 */
  char    *checked_in_at; /* ISO 8601 of the earliest check-in, or NULL */
  guint    n_desks;       /* desks that checked the person in */
  gboolean checked_here;  /* one of them is this replica */
} DqRegistration;

void dq_registration_free (DqRegistration *registration);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqRegistration, dq_registration_free)

/* The registration id for @activity_id and a member, or a non-member's
 * mobile phone (its digits): the same on every desk. */
char *dq_registration_id_for_member (const char *activity_id,
                                     const char *member_id);
char *dq_registration_id_for_phone (const char *activity_id,
                                    const char *phone);

/* Registers a member (by record id or citizen ID number) or a non-member
 * (name, mobile phone, political status code or NULL). A walk-in whose
 * phone or ID number belongs to a member is registered as that member.
 * Registering again someone already registered (or cancelled) keeps or
 * restores the row. *@out gets the registration as it now stands. Refused
 * with DQ_ACTIVITY_ERROR_FULL when full and the activity has no waitlist. */
gboolean dq_activity_register_member (DqStore         *store,
                                      const char      *activity_id,
                                      const char      *member,
                                      const char      *source, /* 线上/现场/导入, or NULL */
                                      DqRegistration **out,
                                      GError         **error);
gboolean dq_activity_register_person (DqStore         *store,
                                      const char      *activity_id,
                                      const char      *name,
                                      const char      *phone,
                                      const char      *political_status,
                                      const char      *source,
                                      DqRegistration **out,
                                      GError         **error);
/* Cancels (status 已取消); the first on the waitlist moves up. */
gboolean dq_activity_cancel (DqStore    *store,
                             const char *registration_id,
                             GError    **error);

/* The live registration (not cancelled) of a member (record id or ID
 * number) or of whoever registered with @phone, or NULL. */
DqRegistration *dq_activity_find_registration (DqStore    *store,
                                               const char *activity_id,
                                               const char *member,
                                               const char *phone);
/* One registration as it stands, or NULL. */
DqRegistration *dq_activity_get_registration (DqStore    *store,
                                              const char *registration_id,
                                              GError    **error);
/* Every live registration of @activity_id in order (registered first, in
 * order of registration, then the waitlist), cancelled ones last. */
GPtrArray *dq_activity_list_registrations (DqStore    *store,
                                           const char *activity_id,
                                           GError    **error);

typedef struct {
  guint capacity; /* 0: unlimited */
  guint registered;
  guint waitlisted;
  guint checked_in;
  guint cancelled;
} DqActivityCounts;

gboolean dq_activity_counts (DqStore          *store,
                             const char       *activity_id,
                             DqActivityCounts *counts,
                             GError          **error);

/* What the desk's one entry does. */
typedef enum {
  DQ_CHECKIN_CHECKED_IN,     /* "checked_in": now, at this desk */
  DQ_CHECKIN_ALREADY,        /* "already": earlier (checked_in_at: the first time) */
  DQ_CHECKIN_NOT_REGISTERED, /* "not_registered": a member, not registered */
  DQ_CHECKIN_WAITLISTED,     /* "waitlisted": registered, on the waitlist */
  DQ_CHECKIN_NOT_FOUND,      /* "not_found": nobody matches: a walk-in */
  DQ_CHECKIN_AMBIGUOUS,      /* "ambiguous": several people match */
} DqCheckinStatus;

const char *dq_checkin_status_name (DqCheckinStatus status); /* "checked_in", … */

typedef struct {
  DqCheckinStatus status;
  DqRegistration *registration; /* when there is one */
  char           *member_id;    /* NOT_REGISTERED: the member found */
  char           *name;         /* who it was, when known */
  char           *branch;       /* their organization's name, when a member */
  GPtrArray      *candidates;   /* AMBIGUOUS: DqRegistration or member names (char *) */
} DqCheckinResult;

void dq_checkin_result_free (DqCheckinResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DqCheckinResult, dq_checkin_result_free)

/* The desk's entry: @text is a scanned card ("DQ1:M:<member id>" or
 * "DQ1:R:<registration id>", see dq_member_card_payload()), a citizen ID
 * number, a mobile number, or a name. Checks the person in when registered
 * and not yet checked in (one write: this desk's checkin row). */
DqCheckinResult *dq_activity_checkin (DqStore    *store,
                                      const char *activity_id,
                                      const char *text,
                                      GError    **error);
/* Undoes this desk's check-in of @registration_id (deletes its row). */
gboolean dq_activity_undo_checkin (DqStore    *store,
                                   const char *registration_id,
                                   GError    **error);

/* What a member's check-in card encodes (and the desk reads back). */
char *dq_member_card_payload (const char *member_id);

/* Volunteer hours of a member: the hours credited by every activity they
 * were checked in at. */
gint64 dq_volunteer_hours (DqStore    *store,
                           const char *member_id,
                           GError    **error);

/* Live bookings of @room_id (status not 已取消) overlapping [@starts_at,
 * @ends_at), except @except_id (may be NULL): ids, oldest first. */
GPtrArray *dq_booking_overlaps (DqStore    *store,
                                const char *room_id,
                                const char *starts_at,
                                const char *ends_at,
                                const char *except_id,
                                GError    **error);
/* Writes @booking (a "booking" record) unless it overlaps another live
 * booking of its room: then DQ_ACTIVITY_ERROR_CLASH naming the other. */
gboolean dq_booking_write (DqStore  *store,
                           DqRecord *booking,
                           GError  **error);
/* Pairs of live bookings that overlap (two desks booked offline), for
 * @center_id's rooms or every room (NULL): a flat array, two ids a pair. */
GPtrArray *dq_booking_clashes (DqStore    *store,
                               const char *center_id,
                               GError    **error);

G_END_DECLS
