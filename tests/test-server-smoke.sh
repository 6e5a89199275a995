#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Smoke test of dangqun-server as an operator runs it, as TAP: users added
# with the CLI, a real server on loopback (port 0), spoken to with curl.
# The fuller protocol-conformance suite lives elsewhere; this one checks
# that every endpoint answers, and the server's life cycle.
#
# Usage: test-server-smoke.sh PATH/TO/dangqun-server

set -u
export LC_ALL=C.UTF-8

server=${1:?usage: test-server-smoke.sh DANGQUN_SERVER}
if ! command -v curl >/dev/null 2>&1; then
  echo "Bail out! curl not found (Debian package: curl)"
  exit 1
fi

tmp=$(mktemp -d)
data=$tmp/data
pid=
cleanup () {
  [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

node=0123456789abcdef0123456789abcdef
row=0192f5c4-6c1e-7a3b-9d2e-4f1a2b3c4d5e
other_row=0192f5c4-6c1e-7a3b-9d2e-4f1a2b3c4d5f
member_row=0192f5c4-6c1e-7a3b-9d2e-4f1a2b3c4d60
staff_password='staff pass 1'
admin_password='admin-pass-2'

n=0
failures=0
status=
body=

echo "1..28"

# ok DESCRIPTION COMMAND…: one TAP line; on failure, the last answer.
ok () {
  local description=$1
  shift
  n=$((n + 1))
  if "$@"; then
    echo "ok $n - $description"
  else
    echo "not ok $n - $description"
    echo "# last answer: $status ${body:0:400}"
    failures=$((failures + 1))
  fi
}

# call METHOD PATH [CURL ARGUMENTS…]: sets status and body.
call () {
  local method=$1 path=$2
  shift 2
  status=$(curl -sS -o "$tmp/body" -w '%{http_code}' -X "$method" "$@" "$url$path" 2> "$tmp/curl.err") || status=000
  body=$(cat "$tmp/body" 2> /dev/null)
}

# expect STATUS [TEXT…]: the last answer had STATUS and each TEXT.
expect () {
  [ "$status" = "$1" ] || return 1
  shift
  for text in "$@"; do
    grep -qF -- "$text" "$tmp/body" || return 1
  done
}

# The value of a string member of the last answer (our JSON is compact).
member () {
  sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$tmp/body"
}

start_server () {
  : > "$tmp/out"
  "$server" serve --data-dir "$data" --listen 127.0.0.1:0 > "$tmp/out" 2>> "$tmp/log" &
  pid=$!
  for _ in $(seq 100); do
    grep -q '^listening on ' "$tmp/out" && break
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.1
  done
  url=$(sed -n 's/^listening on //p' "$tmp/out")
  [ -n "$url" ]
}

stop_server () {
  kill -TERM "$pid" && wait "$pid"
  local rc=$?
  pid=
  return $rc
}

login () { # login USER PASSWORD
  call POST /api/v1/session -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"$2\",\"node\":\"$node\"}"
}

now_hlc () {
  printf '%016x' $(( $(date +%s%3N) << 16 ))
}

push () { # push TOKEN CHANGES_JSON
  call POST /api/v1/changes -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    --data-binary "{\"node\":\"$node\",\"batch\":\"0192f5c4-0000-7000-8000-000000000001\",\"changes\":$2}"
}

change () { # change ROW TABLE VALUES_JSON
  echo "{\"table\":\"$2\",\"row\":\"$1\",\"hlc\":\"$(now_hlc)\",\"node\":\"$node\",\"values\":$3}"
}

add_users () {
  printf '%s\n' "$staff_password" | "$server" user add wang --role staff --district 440310 \
    --password-stdin --data-dir "$data" > /dev/null &&
    printf '%s' "$admin_password" | "$server" user add chen --role admin --password-stdin \
      --data-dir "$data" > /dev/null &&
    printf 'victim-pass\n' | "$server" user add li --role staff --district 440303,440304 \
      --password-stdin --data-dir "$data" > /dev/null &&
    "$server" user list --data-dir "$data" > "$tmp/users" &&
    grep -q "^wang	staff	440310	enabled$" "$tmp/users" &&
    grep -q "^li	staff	440303,440304	enabled$" "$tmp/users" &&
    grep -q "^chen	admin	-	enabled$" "$tmp/users"
}
ok "user add (staff, admin, a comma list) and user list" add_users

ok "serve prints one line: listening on http://127.0.0.1:PORT" \
  eval 'start_server && [ "$(wc -l < "$tmp/out")" -eq 1 ] && [[ $url =~ ^http://127\.0\.0\.1:[0-9]+$ ]]'

call GET /api/v1/health
ok "health answers without a token" expect 200 '"status":"ok"' '"version":"' '"node":"' '"time_ms":'

login wang "$staff_password"
token=$(member token)
ok "log in" expect 200 '"user":"wang"' '"role":"staff"' '"districts":["440310"]' '"expires_ms":' '"time_ms":'

login wang wrong
wrong_password=$body
login nobody wrong
ok "wrong password and unknown user: the same 401 invalid_credentials" \
  eval 'expect 401 "\"error\":\"invalid_credentials\"" && [ "$body" = "$wrong_password" ]'

throttle () {
  for _ in 1 2 3 4 5; do
    login li wrong
    [ "$status" = 401 ] || return 1
  done
  login li victim-pass
  expect 429 '"error":"too_many_attempts"'
}
ok "five failures lock the user: 429 too_many_attempts, even with the right password" throttle

call GET /api/v1/changes -H "Authorization: Bearer $token"
ok "pull from an empty server" expect 200 '"changes":[]' '"more":false' '"cursor":"'

push "$token" "[$(change $row notice '{"district":"440310","title":"通知 \"引号\" \\ 反斜杠 ‮ 🎉"}')]"
ok "push one change" expect 200 '"applied":1' '"stale":0' '"rejected":[]'

call GET '/api/v1/changes?since=0&limit=10' -H "Authorization: Bearer $token"
cursor=$(member cursor)
ok "pull it back verbatim" expect 200 "\"row\":\"$row\"" '"title":"通知 \"引号\" \\ 反斜杠 ‮ 🎉"' '"more":false'

call GET "/api/v1/changes?since=$cursor" -H "Authorization: Bearer $token"
ok "pull from the returned cursor: nothing new" expect 200 '"changes":[]'

push "$token" "[$(change $other_row notice '{"district":"440303","title":"x"}')]"
ok "push into another district: forbidden, current null" \
  expect 200 '"applied":0' '"index":0,"error":"forbidden"' '"current":null'

push "$token" "[$(change $row notice '{"title":"a\u0000b"}')]"
ok "U+0000 in a string: bad_value, with the server's row as current" \
  expect 200 '"error":"bad_value"' "\"current\":[{\"table\":\"notice\",\"row\":\"$row\""

gzip_answer () {
  curl -sS -D "$tmp/headers" -o "$tmp/body.gz" -H 'Accept-Encoding: gzip' \
    -H "Authorization: Bearer $token" "$url/api/v1/changes?since=0" &&
    grep -qi '^content-encoding: gzip' "$tmp/headers" &&
    gzip -dc "$tmp/body.gz" | grep -qF "\"row\":\"$row\""
}
ok "gzip answer when the client takes gzip" gzip_answer

gzip_request () {
  echo "{\"node\":\"$node\",\"batch\":\"b\",\"changes\":[$(change $row notice '{"title":"gzip"}')]}" |
    gzip -c > "$tmp/push.gz"
  call POST /api/v1/changes -H "Authorization: Bearer $token" -H 'Content-Encoding: gzip' \
    --data-binary @"$tmp/push.gz"
  expect 200 '"applied":1'
}
ok "gzip request body" gzip_request

head -c $((16 * 1024 * 1024 + 1)) /dev/zero > "$tmp/big"
call POST /api/v1/changes -H "Authorization: Bearer $token" --data-binary @"$tmp/big"
ok "a body over 16 MiB: 413 too_large" expect 413 '"error":"too_large"'

call POST /api/v1/changes -H "Authorization: Bearer $token" --data-binary '{"node":'
ok "truncated JSON: 400 bad_json" expect 400 '"error":"bad_json"' '"message":'

call GET '/api/v1/changes?since=banana' -H "Authorization: Bearer $token"
ok "unreadable cursor: 400 bad_cursor" expect 400 '"error":"bad_cursor"'

call GET "/api/v1/changes?since=${cursor%-*}-999999" -H "Authorization: Bearer $token"
ok "cursor beyond the server's data: 409 resync" expect 409 '"error":"resync"'

call GET /api/v1/changes -H 'Authorization: Bearer 00000000'
ok "bad token: 401 unauthorized" expect 401 '"error":"unauthorized"'

call PUT /api/v1/changes -H "Authorization: Bearer $token"
status_405=$status
call GET /api/v1/nothing
ok "405 method_not_allowed and 404 not_found, with JSON bodies" \
  eval '[ "$status_405" = 405 ] && expect 404 "\"error\":\"not_found\""'

second_server () {
  ! "$server" serve --data-dir "$data" --listen 127.0.0.1:0 > "$tmp/second.out" 2> "$tmp/second.err" &&
    [ ! -s "$tmp/second.out" ] && grep -q "serving" "$tmp/second.err"
}
ok "a second server on the same data folder refuses to start" second_server

push "$token" "[$(change $member_row member '{"district":"440310","name":"王芳","phone":"13800138000"}')]"
ok "push a member" expect 200 '"applied":1'

audit () {
  "$server" audit notice "$row" --data-dir "$data" > "$tmp/audit" &&
    [ "$(wc -l < "$tmp/audit")" -eq 2 ] &&
    head -n 1 "$tmp/audit" | grep -qE "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-][0-9:]+	wang	$node	[0-9a-f]{16}	\{\"district\":\"440310\",\"title\":" &&
    tail -n 1 "$tmp/audit" | grep -qF '{"title":"gzip"}'
}
ok "audit prints the row's accepted changes, oldest first" audit

call DELETE /api/v1/session -H "Authorization: Bearer $token"
logout_status=$status
call GET /api/v1/changes -H "Authorization: Bearer $token"
ok "log out: 204, then the token is refused" eval '[ "$logout_status" = 204 ] && expect 401'

ok "SIGTERM: exits 0" stop_server

restart () {
  start_server || return 1
  login chen "$admin_password"
  local admin_token
  admin_token=$(member token)
  call GET '/api/v1/changes?since=0' -H "Authorization: Bearer $admin_token"
  expect 200 "\"row\":\"$row\"" '"title":"gzip"' "\"row\":\"$member_row\""
}
ok "restart on the same data folder: nothing lost" restart

ok "the log has a line per request and no token, password or phone" \
  eval 'grep -q " GET /api/v1/changes 200 " "$tmp/log" && ! grep -qF -e "$token" -e "$staff_password" -e "$admin_password" -e 13800138000 "$tmp/log"'

ok "SIGTERM again: exits 0" stop_server

[ "$failures" -eq 0 ] || exit 1
exit 0
