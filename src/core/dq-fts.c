/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dq-fts"

#include "config.h"

#include <string.h>

#include "dq-fts.h"

/* The "dq" FTS5 tokenizer and the MATCH expressions that go with it.
 *
 * A search is a substring search over each column's text once whitespace,
 * '-' and '*' are taken out, ASCII is lowercased and full-width forms are
 * folded to ASCII (what an input method in full-width mode types). Other
 * punctuation splits the text into runs; a query with several runs asks for
 * each of them (AND). The documents and the queries go through the same
 * read_char(), so both sides always agree on what a character is.
 *
 * Index: a CJK character at position p gives its unigram and, colocated at
 * p, the bigram it starts; an ASCII character at p gives the trigram it
 * starts (a run shorter than a trigram is one token). A query of n CJK characters is the phrase of its n-1 bigrams (its
 * i-th bigram at p+i) followed by its last unigram at p+n-1: the unigram
 * adds nothing to what matches, but makes the phrase cover all n positions,
 * so that highlight() and snippet(), which only look at the first token of
 * each position, mark the whole match and not n-1 characters of it.
 *
 * The tokenizer is stateless: one static instance serves every table. */

typedef enum {
  CHAR_SEP,   /* punctuation, symbols, invalid bytes: end a run */
  CHAR_SKIP,  /* whitespace, '-', '*', format characters: ignored */
  CHAR_ASCII, /* an ASCII letter or digit */
  CHAR_WIDE,  /* any other letter: CJK, mostly */
} CharClass;

typedef struct {
  CharClass klass;
  int       start; /* byte offsets of the character in the source text */
  int       end;
  int       len;     /* bytes of text */
  char      text[7]; /* the folded character, UTF-8 */
} TextChar;

typedef int (*TokenFunc) (void       *ctx,
                          int         tflags,
                          const char *token,
                          int         n_token,
                          int         start,
                          int         end);

typedef struct {
  void     *ctx;
  TokenFunc token;
  TextChar  ascii[3]; /* the last characters of the current ASCII run */
  int       n_ascii;  /* length of the current ASCII run */
  TextChar  wide;     /* the last character of the current CJK run */
  gboolean  in_wide;
} DocState;

/* Every table shares this one; FTS5 wants a non-NULL handle. */
static int tokenizer_instance;

/* Reads the character at byte @pos of @text into @c and returns the offset
 * of the next one. */
static int
read_char (const char *text,
           int         len,
           int         pos,
           TextChar   *c)
{
  gunichar ch = g_utf8_get_char_validated (text + pos, len - pos);
  int      next;

  c->start = pos;
  if (ch == (gunichar) -1 || ch == (gunichar) -2)
    {
      c->klass = CHAR_SEP;
      c->end = pos + 1;
      c->len = 0;
      return pos + 1;
    }

  next = (ch == 0) ? pos + 1 : (int) (g_utf8_next_char (text + pos) - text);
  c->end = next;

  /* Full-width ASCII (U+FF01..U+FF5E) is what an IME in full-width mode
   * types for digits and Latin letters. */
  if (ch >= 0xFF01 && ch <= 0xFF5E)
    ch -= 0xFEE0;

  if (ch < 0x80)
    {
      if (g_ascii_isalnum (ch))
        {
          c->klass = CHAR_ASCII;
          c->text[0] = g_ascii_tolower (ch);
          c->len = 1;
        }
      else if (g_ascii_isspace (ch) || ch == '-' || ch == '*')
        c->klass = CHAR_SKIP;
      else
        c->klass = CHAR_SEP;
      return next;
    }

  switch (g_unichar_type (ch))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT: /* zero-width spaces, BOMs in pasted text */
      c->klass = CHAR_SKIP;
      return next;
    default:
      break;
    }

  if (g_unichar_isspace (ch))
    c->klass = CHAR_SKIP;
  else if (g_unichar_ispunct (ch))
    c->klass = CHAR_SEP;
  else
    {
      c->klass = CHAR_WIDE;
      c->len = g_unichar_to_utf8 (g_unichar_tolower (ch), c->text);
    }
  return next;
}

static int
emit (DocState       *state,
      int             tflags,
      const TextChar *a,
      const TextChar *b,
      const TextChar *c)
{
  char            buf[3 * sizeof a->text];
  const TextChar *last;
  int             n = 0;

  memcpy (buf, a->text, a->len);
  n += a->len;
  if (b != NULL)
    {
      memcpy (buf + n, b->text, b->len);
      n += b->len;
    }
  if (c != NULL)
    {
      memcpy (buf + n, c->text, c->len);
      n += c->len;
    }

  last = (c != NULL) ? c : (b != NULL) ? b
                                       : a;
  return state->token (state->ctx, tflags, buf, n, a->start, last->end);
}

/* A run shorter than a trigram is a token of its own; longer runs gave
 * their trigrams as they went. */
static int
end_ascii_run (DocState *state)
{
  int rc = SQLITE_OK;

  if (state->n_ascii == 1)
    rc = emit (state, 0, &state->ascii[0], NULL, NULL);
  else if (state->n_ascii == 2)
    rc = emit (state, 0, &state->ascii[0], &state->ascii[1], NULL);
  state->n_ascii = 0;
  return rc;
}

static int
tokenize_document (DocState   *state,
                   const char *text,
                   int         len)
{
  int pos = 0;

  while (pos < len)
    {
      TextChar c;
      int      rc = SQLITE_OK;

      pos = read_char (text, len, pos, &c);

      switch (c.klass)
        {
        case CHAR_SKIP:
          break;

        case CHAR_SEP:
          rc = end_ascii_run (state);
          state->in_wide = FALSE;
          break;

        case CHAR_ASCII:
          state->in_wide = FALSE;
          if (state->n_ascii >= 3)
            memmove (&state->ascii[0], &state->ascii[1], 2 * sizeof (TextChar));
          state->ascii[MIN (state->n_ascii, 2)] = c;
          state->n_ascii++;
          if (state->n_ascii >= 3)
            rc = emit (state, 0, &state->ascii[0], &state->ascii[1],
                       &state->ascii[2]);
          break;

        case CHAR_WIDE:
          rc = end_ascii_run (state);
          /* The bigram goes with the previous character's unigram, which
           * is the last token given: this is what COLOCATED means. */
          if (rc == SQLITE_OK && state->in_wide)
            rc = emit (state, FTS5_TOKEN_COLOCATED, &state->wide, &c, NULL);
          if (rc == SQLITE_OK)
            rc = emit (state, 0, &c, NULL, NULL);
          state->wide = c;
          state->in_wide = TRUE;
          break;

        default:
          g_assert_not_reached ();
        }

      if (rc != SQLITE_OK)
        return rc;
    }

  return end_ascii_run (state);
}

/* Queries arrive already made of index tokens (dq_fts_match()). */
static int
tokenize_query (void       *ctx,
                TokenFunc   token,
                const char *text,
                int         len)
{
  int pos = 0;

  while (pos < len)
    {
      int start;
      int rc;

      while (pos < len && g_ascii_isspace (text[pos]))
        pos++;
      start = pos;
      while (pos < len && !g_ascii_isspace (text[pos]))
        pos++;
      if (pos == start)
        break;

      rc = token (ctx, 0, text + start, pos - start, start, pos);
      if (rc != SQLITE_OK)
        return rc;
    }

  return SQLITE_OK;
}

static int
tokenizer_create (void           *user_data,
                  const char    **argv,
                  int             argc,
                  Fts5Tokenizer **out)
{
  if (argc > 0)
    {
      *out = NULL;
      return SQLITE_ERROR;
    }

  *out = (Fts5Tokenizer *) &tokenizer_instance;
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
}

static int
tokenizer_tokenize (Fts5Tokenizer *tokenizer,
                    void          *ctx,
                    int            flags,
                    const char    *text,
                    int            len,
                    TokenFunc      token)
{
  DocState state = { 0 };

  if (text == NULL || len <= 0)
    return SQLITE_OK;

  if (flags & FTS5_TOKENIZE_QUERY)
    return tokenize_query (ctx, token, text, len);

  /* Documents, and highlight()/snippet() (FTS5_TOKENIZE_AUX): these must
   * give the very same tokens. */
  state.ctx = ctx;
  state.token = token;
  return tokenize_document (&state, text, len);
}

static fts5_tokenizer dq_tokenizer = {
  tokenizer_create,
  tokenizer_delete,
  tokenizer_tokenize,
};

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api     *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  return api;
}

/* Appends @token to the quoted FTS5 string being built in @expr. */
static void
append_quoted (GString    *expr,
               const char *token,
               gssize      len)
{
  const char *end = token + (len < 0 ? (gssize) strlen (token) : len);

  for (const char *p = token; p < end; p++)
    {
      if (*p == '"')
        g_string_append_c (expr, '"');
      g_string_append_c (expr, *p);
    }
}

/* The FTS5 string (a phrase of index tokens) that finds @run anywhere in a
 * document's run of the same class. */
static void
append_run (GString        *expr,
            const TextChar *run,
            guint           n,
            CharClass       klass)
{
  g_string_append_c (expr, '"');

  if (klass == CHAR_WIDE)
    {
      for (guint i = 0; i + 1 < n; i++)
        {
          append_quoted (expr, run[i].text, run[i].len);
          append_quoted (expr, run[i + 1].text, run[i + 1].len);
          g_string_append_c (expr, ' ');
        }
      append_quoted (expr, run[n - 1].text, run[n - 1].len);
    }
  else if (n < 3)
    {
      for (guint i = 0; i < n; i++)
        append_quoted (expr, run[i].text, run[i].len);
    }
  else
    {
      for (guint i = 0; i + 2 < n; i++)
        {
          if (i > 0)
            g_string_append_c (expr, ' ');
          for (guint j = i; j < i + 3; j++)
            append_quoted (expr, run[j].text, run[j].len);
        }
    }

  g_string_append_c (expr, '"');
}

/* Public API */

int
dq_fts_register (sqlite3 *db)
{
  fts5_api *api;

  g_return_val_if_fail (db != NULL, SQLITE_MISUSE);

  api = get_fts5_api (db);
  if (api == NULL || api->iVersion < 2)
    return SQLITE_ERROR;

  return api->xCreateTokenizer (api, "dq", NULL, &dq_tokenizer, NULL);
}

char *
dq_fts_match (const char *text,
              const char *column,
              char      **ascii_prefix)
{
  g_autoptr (GArray) run = g_array_new (FALSE, FALSE, sizeof (TextChar));
  g_autoptr (GString) terms = g_string_new (NULL);
  CharClass run_class = CHAR_SEP;
  guint     n_runs = 0;
  gboolean  any_wide = FALSE;
  char      short_run[3] = "";
  int       len;
  int       pos = 0;

  if (ascii_prefix != NULL)
    *ascii_prefix = NULL;
  if (text == NULL)
    return NULL;

  len = strlen (text);
  while (pos <= len)
    {
      TextChar c;

      if (pos < len)
        pos = read_char (text, len, pos, &c);
      else
        {
          c.klass = CHAR_SEP; /* ends the last run */
          pos++;
        }

      if (c.klass == CHAR_SKIP)
        continue;

      if (run->len > 0 && c.klass != run_class)
        {
          const TextChar *chars = (const TextChar *) run->data;

          if (n_runs > 0)
            g_string_append (terms, " AND ");
          append_run (terms, chars, run->len, run_class);
          if (run_class == CHAR_WIDE)
            any_wide = TRUE;
          else if (n_runs == 0 && run->len < 3)
            for (guint i = 0; i < run->len; i++)
              short_run[i] = chars[i].text[0];
          n_runs++;
          g_array_set_size (run, 0);
        }

      if (c.klass == CHAR_ASCII || c.klass == CHAR_WIDE)
        g_array_append_val (run, c);
      run_class = c.klass;
    }

  if (n_runs == 0)
    return NULL;

  /* The index has no token for a part of a longer ASCII run shorter than a
   * trigram. Beside other runs, a short run stands for a whole short run
   * ("张伟B" indexes "b" as a token); alone, it is left to the caller. */
  if (n_runs == 1 && !any_wide && short_run[0] != '\0')
    {
      if (ascii_prefix != NULL)
        *ascii_prefix = g_strdup (short_run);
      return NULL;
    }

  if (column != NULL)
    {
      g_autoptr (GString) expr = g_string_new ("{\"");

      append_quoted (expr, column, -1);
      g_string_append (expr, "\"} : (");
      g_string_append_len (expr, terms->str, terms->len);
      g_string_append_c (expr, ')');
      return g_string_free (g_steal_pointer (&expr), FALSE);
    }

  return g_string_free (g_steal_pointer (&terms), FALSE);
}
