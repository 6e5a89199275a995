/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DqSearchBar: the window's global search (Ctrl+F) over members and
 * organizations. Results appear as the user types, members by any part of
 * name, phone or ID number and organizations by name; Enter opens the first,
 * arrows move between them. */
#pragma once

#include <adwaita.h>

#include "dq-store.h"

G_BEGIN_DECLS

#define DQ_TYPE_SEARCH_BAR (dq_search_bar_get_type ())
G_DECLARE_FINAL_TYPE (DqSearchBar, dq_search_bar, DQ, SEARCH_BAR, AdwBin)

DqSearchBar *dq_search_bar_new (void);
void         dq_search_bar_set_store (DqSearchBar *self,
                                      DqStore     *store);
void         dq_search_bar_set_search_mode (DqSearchBar *self,
                                            gboolean     search_mode);
gboolean     dq_search_bar_get_search_mode (DqSearchBar *self);
/* Searches @text now (what typing it would do), for tests. */
void dq_search_bar_search (DqSearchBar *self,
                           const char  *text);
/* Rows shown: members and organizations found. */
guint dq_search_bar_get_n_results (DqSearchBar *self);

G_END_DECLS
