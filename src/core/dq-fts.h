/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The full-text tokenizer "dq" for SQLite FTS5, made for Chinese names and
 * digit strings: any substring of a name, phone or ID number is a phrase
 * query, answered from the index.
 *
 * Document mode: every CJK (non-ASCII) character gives a unigram token and,
 * colocated with it, the bigram it starts; runs of ASCII letters and digits
 * give the trigram starting at each position (lowercased). Query mode:
 * whitespace-separated words are taken verbatim, since dq_fts_match() writes
 * the tokens itself. */
#pragma once

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

/* Registers the tokenizer on @db (every connection needs it). */
int dq_fts_register (sqlite3 *db);

/* The FTS5 MATCH expression for the user's @text, or NULL when the text has
 * nothing the index can answer (empty, or a 1-2 character ASCII fragment:
 * *@ascii_prefix is then set to that fragment, newly allocated, for a prefix
 * lookup on the indexed columns). Restricts to @column when not NULL. */
char *dq_fts_match (const char *text,
                    const char *column,
                    char      **ascii_prefix);

G_END_DECLS
