#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks that translations are complete, as TAP:
#   1. every file under src/, ui/ and data/ with translatable strings is
#      listed in po/POTFILES.in;
#   2. every file listed in po/POTFILES.in exists (and every language in
#      po/LINGUAS has its .po file);
#   3. every msgid that xgettext extracts from po/POTFILES.in is in each
#      language's .po file;
#   4. each .po file compiles with `msgfmt --check` and has no fuzzy or
#      untranslated messages.
#
# Usage: check-po.sh SOURCE_ROOT

set -u
export LC_ALL=C.UTF-8

root=${1:?usage: check-po.sh SOURCE_ROOT}
cd "$root" || { echo "Bail out! cannot enter $root"; exit 1; }

for tool in xgettext msgcmp msgfmt msgattrib; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "Bail out! $tool not found (Debian package: gettext)"
    exit 1
  fi
done
if [ ! -f po/POTFILES.in ] || [ ! -f po/LINGUAS ]; then
  echo "Bail out! po/POTFILES.in or po/LINGUAS is missing"
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failures=0
result () { # result NUMBER DESCRIPTION PROBLEM_FILE
  if [ -s "$3" ]; then
    echo "not ok $1 - $2"
    sed 's/^/# /' "$3"
    failures=$((failures + 1))
  else
    echo "ok $1 - $2"
  fi
}

# POTFILES.in: one path a line; '#' starts a comment.
sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' po/POTFILES.in \
  | grep -v '^$' > "$tmp/listed"
sed -e 's/#.*//' -e 's/[[:space:]]\+/\n/g' po/LINGUAS | grep -v '^$' > "$tmp/linguas"

echo "1..4"

# 1. Files with translatable strings that POTFILES.in lacks. Files whose type
# is translatable as a whole (desktop entries, metainfo) count as well.
: > "$tmp/p1"
marker='(^|[^A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext|g_dpgettext2)[[:space:]]*\(|translatable=["'"'"'](yes|true|1)["'"'"']'
{
  for dir in src ui data; do
    [ -d "$dir" ] || continue
    find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' -o -name '*.in' \)
  done
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -- src ui data 2>/dev/null | grep -E '\.(c|h|ui|in)$'
  fi
} | LC_ALL=C sort -u > "$tmp/candidates"
while IFS= read -r f; do
  [ -f "$f" ] || continue
  case "$f" in
    *.desktop.in|*.metainfo.xml.in|*.appdata.xml.in) ;;
    *) grep -Eq "$marker" "$f" || continue ;;
  esac
  if ! grep -Fxq -- "$f" "$tmp/listed"; then
    line=$(grep -Enm1 "$marker" "$f" | cut -d: -f1)
    echo "$f${line:+:$line} has translatable strings but is not in po/POTFILES.in" >> "$tmp/p1"
  fi
done < "$tmp/candidates"
result 1 "every file with translatable strings is in po/POTFILES.in" "$tmp/p1"

# 2. Listed files that do not exist; languages without a .po file.
: > "$tmp/p2"
: > "$tmp/existing"
n=0
while IFS= read -r f; do
  n=$((n + 1))
  if [ -f "$f" ]; then
    echo "$f" >> "$tmp/existing"
  else
    echo "po/POTFILES.in lists $f, which does not exist" >> "$tmp/p2"
  fi
done < "$tmp/listed"
sort "$tmp/listed" | uniq -d | sed 's|^|po/POTFILES.in lists twice: |' >> "$tmp/p2"
while IFS= read -r lang; do
  [ -f "po/$lang.po" ] || echo "po/LINGUAS names $lang but po/$lang.po does not exist" >> "$tmp/p2"
done < "$tmp/linguas"
result 2 "every file in po/POTFILES.in exists" "$tmp/p2"

# 3. Messages extracted from the sources that a .po file lacks. The options
# are those of meson's i18n.gettext(preset: 'glib'); .desktop.in and
# .metainfo.xml.in are parsed by their names (xgettext's desktop parser and
# the ITS rules gettext and AppStream ship).
: > "$tmp/p3"
if [ -s "$tmp/existing" ]; then
  if ! xgettext --from-code=UTF-8 --add-comments \
         --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
         --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
         --keyword=g_dpgettext2:2c,3 --keyword=ngettext:1,2 \
         --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
         --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
         --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
         --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
         --flag=g_set_error:4:c-format --flag=g_markup_printf_escaped:1:c-format \
         --flag=g_log:3:c-format --flag=g_print:1:c-format \
         --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
         --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format \
         --flag=g_snprintf:3:c-format \
         --package-name=dangqun -o "$tmp/generated.pot" \
         --files-from="$tmp/existing" 2> "$tmp/xgettext.err"; then
    sed 's|^|xgettext: |' "$tmp/xgettext.err" >> "$tmp/p3"
  elif [ ! -f "$tmp/generated.pot" ]; then
    : # no translatable strings at all
  else
    while IFS= read -r lang; do
      po="po/$lang.po"
      [ -f "$po" ] || continue
      msgcmp -N --use-fuzzy --use-untranslated "$po" "$tmp/generated.pot" > "$tmp/msgcmp.out" 2>&1 && continue
      : > "$tmp/p3.lang"
      # msgcmp names the line of each missing message in the template: show
      # its msgctxt/msgid and where the sources use it.
      grep -o 'generated\.pot:[0-9]*: this message is used but not defined' "$tmp/msgcmp.out" \
        | cut -d: -f2 | while IFS= read -r line; do
          awk -v want="$line" -v po="$po" '
            /^$/ { refs = ""; ctxt = ""; id = ""; field = "" }
            /^#:/ { refs = refs (refs == "" ? "" : " ") substr($0, 4) }
            /^msgctxt / { field = "ctxt"; ctxt = substr($0, 9) }
            /^msgid / { field = "id"; id = substr($0, 7) }
            /^msgid_plural / { field = "" }
            /^msgstr/ { field = "" }
            /^"/ { if (field == "id") id = id " " $0; else if (field == "ctxt") ctxt = ctxt " " $0 }
            NR >= want && field == "" && id != "" {
              printf "%s lacks msgid %s%s (from %s)\n", po, id, (ctxt != "" ? " with msgctxt " ctxt : ""), refs
              exit
            }
          ' "$tmp/generated.pot"
        done > "$tmp/p3.lang"
      # Anything else msgcmp complained about (a syntax error, say).
      if [ ! -s "$tmp/p3.lang" ]; then
        sed 's|^msgcmp: ||; s|^|msgcmp: |' "$tmp/msgcmp.out" > "$tmp/p3.lang"
      fi
      cat "$tmp/p3.lang" >> "$tmp/p3"
    done < "$tmp/linguas"
  fi
fi
result 3 "every extracted message is in each .po file" "$tmp/p3"

# 4. msgfmt --check; fuzzy and untranslated messages.
: > "$tmp/p4"
while IFS= read -r lang; do
  po="po/$lang.po"
  [ -f "$po" ] || continue
  # --statistics prints its counts last, on stderr like the errors.
  if ! msgfmt --check --statistics -o /dev/null "$po" > "$tmp/msgfmt.out" 2>&1; then
    grep -v 'translated message' "$tmp/msgfmt.out" | sed 's|^msgfmt: ||; s|^|msgfmt: |' >> "$tmp/p4"
  fi
  stats=$(grep 'translated message' "$tmp/msgfmt.out" | tail -n 1)
  case "$stats" in
    *fuzzy*|*untranslated*) echo "$po: $stats" >> "$tmp/p4" ;;
  esac
  # Name each fuzzy and untranslated message.
  msgattrib --only-fuzzy --no-obsolete "$po" 2>/dev/null \
    | awk -v po="$po" -v what=fuzzy '
        /^#:/ { refs = substr($0, 4) }
        /^msgid / { msg = $0; inid = 1; next }
        inid && /^"/ { msg = msg " " $0; next }
        inid { inid = 0; if (msg != "msgid \"\"") printf "%s: %s %s (from %s)\n", po, what, msg, refs }
      ' >> "$tmp/p4"
  msgattrib --untranslated --no-obsolete "$po" 2>/dev/null \
    | awk -v po="$po" -v what=untranslated '
        /^#:/ { refs = substr($0, 4) }
        /^msgid / { msg = $0; inid = 1; next }
        inid && /^"/ { msg = msg " " $0; next }
        inid { inid = 0; if (msg != "msgid \"\"") printf "%s: %s %s (from %s)\n", po, what, msg, refs }
      ' >> "$tmp/p4"
done < "$tmp/linguas"
result 4 "each .po file compiles, with no fuzzy or untranslated messages" "$tmp/p4"

[ "$failures" -eq 0 ] || exit 1
exit 0
