#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks that every C file under src/, bench/ and tests/ is formatted as
# .clang-format says. Prints TAP, one test per file; a failing file shows the
# diff that `clang-format -i FILE` would apply.
#
# Usage: check-format.sh SOURCE_ROOT
# Environment: CLANG_FORMAT (default: clang-format-14, else clang-format).

set -u

root=${1:?usage: check-format.sh SOURCE_ROOT}
cd "$root" || { echo "Bail out! cannot enter $root"; exit 1; }

cf=${CLANG_FORMAT:-}
if [ -z "$cf" ]; then
  if command -v clang-format-14 >/dev/null 2>&1; then cf=clang-format-14; else cf=clang-format; fi
fi
if ! command -v "$cf" >/dev/null 2>&1; then
  echo "1..1"
  echo "not ok 1 - $cf not found (tools/install-deps installs it)"
  exit 1
fi
if [ ! -f .clang-format ]; then
  echo "Bail out! no .clang-format in $root"
  exit 1
fi

# The output of clang-format differs between major versions; the tree is
# formatted with 14 (Debian 12).
version=$("$cf" --version | sed -n 's/.*version \([0-9][0-9]*\)\..*/\1/p')
if [ "$version" != 14 ]; then
  echo "# warning: $cf is version ${version:-unknown}, the tree is formatted with clang-format 14"
fi

mapfile -t files < <(
  {
    [ -d src ] && find src -type f \( -name '*.c' -o -name '*.h' \)
    [ -d bench ] && find bench -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \)
    [ -d tests ] && find tests -type f \( -name '*.c' -o -name '*.h' \)
  } | LC_ALL=C sort
)

if [ "${#files[@]}" -eq 0 ]; then
  echo "1..0 # SKIP no C files"
  exit 0
fi

echo "1..${#files[@]}"
n=0
failed=0
for f in "${files[@]}"; do
  n=$((n + 1))
  if "$cf" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
    echo "ok $n - $f"
    continue
  fi
  failed=$((failed + 1))
  echo "not ok $n - $f is not formatted (clang-format -i $f)"
  # The first 40 lines of what clang-format would change (or its error).
  "$cf" --style=file "$f" 2>&1 | diff -u --label "$f" --label "$f (clang-format)" "$f" - \
    | head -n 40 | sed 's/^/# /'
done

if [ "$failed" -gt 0 ]; then
  echo "# $failed of ${#files[@]} files need clang-format"
  exit 1
fi
exit 0
