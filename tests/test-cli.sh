#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# dangqun-cli end to end, as TAP: every command on a replica in a temporary
# data folder. The commands' names, options and outputs are a public
# interface; this is where they are pinned down.
#
# Usage: test-cli.sh PATH/TO/dangqun-cli
# Needs python3 (to read JSON).

set -u

cli=${1:?usage: test-cli.sh PATH/TO/dangqun-cli}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data="$tmp/data"

n=0
failed=0

# run ARGS…: dangqun-cli on the test replica; stdout and stderr are kept in
# $tmp/out and $tmp/err, the exit status in $rc.
run () {
  "$cli" --data-dir "$data" "$@" > "$tmp/out" 2> "$tmp/err"
  rc=$?
}

# check DESCRIPTION COMMAND…: one test, passing when COMMAND succeeds.
check () {
  local description=$1
  shift
  n=$((n + 1))
  if "$@"; then
    echo "ok $n - $description"
  else
    failed=$((failed + 1))
    echo "not ok $n - $description"
    echo "# exit status of the last dangqun-cli: ${rc:-none}"
    sed 's/^/# stdout: /' "$tmp/out" | head -n 20
    sed 's/^/# stderr: /' "$tmp/err" | head -n 20
  fi
}

# json_field KEY: the KEY of the first JSON object in $tmp/out.
json_field () {
  python3 -c 'import json, sys; print(json.loads(sys.stdin.readline())[sys.argv[1]])' "$1" < "$tmp/out" 2> /dev/null
}

succeeded () { [ "$rc" -eq 0 ]; }
failed_with_1 () { [ "$rc" -eq 1 ] && [ -s "$tmp/err" ]; }
out_has () { grep -q -- "$1" "$tmp/out"; }
err_has () { grep -q -- "$1" "$tmp/err"; }
lines () { grep -c '' "$tmp/out"; }

tab=$'\t'
cr=$'\r'

# A valid GB 11643 number: born 1990-01-01, male (sequence 123 is odd).
id_number=440304199001011233

# new, get, set ------------------------------------------------------------

run new org district=440310 name=坪山区测试党委 kind=党委
org=$(cat "$tmp/out")
check "new prints the id of the new row" \
  eval 'succeeded && [[ "$org" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}- ]]'

run new member district=440310 name=欧阳明华 org_id="$org" category=正式 \
  phone=13812345678 id_number=$id_number gender=1 birth_date=1990-01-01 \
  address=深圳市坪山区坪山街道六和社区幸福路1号 lost_contact=0
member=$(cat "$tmp/out")
check "new member" succeeded

run get member "$member"
check "get prints the row as one JSON object" \
  eval '[ "$(json_field name)" = 欧阳明华 ] && [ "$(json_field table)" = member ] &&
        [ "$(json_field id)" = "$member" ] && out_has "\"lost_contact\":0" &&
        out_has "\"job\":null"'

run new org district=440310 name=x kind=党委 term_years=三
check "new rejects a non-integer for an integer column" \
  eval 'failed_with_1 && err_has "whole number"'

run new member district=440310 name=无组织
check "new reports a missing required cell" failed_with_1

run set member "$member" phone=13900001111 job=教师
run get member "$member"
check "set changes the cells" \
  eval '[ "$(json_field phone)" = 13900001111 ] && [ "$(json_field job)" = 教师 ]'

run set member "$member" job=
run get member "$member"
check "an empty value is null" out_has '"job":null'

run set member 01234567-89ab-7def-8123-456789abcdef job=x
check "set of an unknown id fails" failed_with_1

# list, find, delete -------------------------------------------------------

run new member district=440310 name=李小红 org_id="$org" category=预备 phone=13700001111
other=$(cat "$tmp/out")

run list member
check "list prints one row a line" eval 'succeeded && [ "$(lines)" -eq 2 ]'

run list member --where category=预备
check "list --where filters" \
  eval '[ "$(lines)" -eq 1 ] && [ "$(json_field id)" = "$other" ]'

run list member --where category=正式 --where name=欧阳明华 --limit 5
check "list takes several --where and --limit" \
  eval '[ "$(lines)" -eq 1 ] && [ "$(json_field id)" = "$member" ]'

run list member --limit 1
check "list --limit" eval '[ "$(lines)" -eq 1 ]'

run find member 明华
check "find by a two-character Chinese fragment" \
  eval 'succeeded && [ "$(lines)" -eq 1 ] && [ "$(json_field id)" = "$member" ]'

run delete member "$other"
run list member
check "delete: list no longer shows the row" \
  eval 'succeeded && [ "$(lines)" -eq 1 ] && ! out_has "$other"'

run get member "$other"
check "a deleted row is still there, marked deleted" out_has '"deleted":1'

# export -------------------------------------------------------------------

run set member "$member" phone=13812345678
run export member
check "export csv: header of column names, phone masked" \
  eval 'succeeded && head -n 1 "$tmp/out" | grep -q "^id,district,name,org_id," &&
        out_has "138\*\*\*\*5678" && ! out_has 13812345678 && ! out_has $id_number &&
        ! [ -e "$data/audit.log" ]'

check "export csv ends records with CRLF" eval 'head -n 1 "$tmp/out" | grep -q "$cr\$"'

run export member --labels
check "export --labels: translated labels in the header" \
  eval 'succeeded && head -n 1 "$tmp/out" | grep -q "^Record ID,District,Full name,"'

run export member --unmask
check "export --unmask: full values, a warning, an audit line" \
  eval 'succeeded && out_has 13812345678 && out_has $id_number && err_has warning &&
        grep -q "export-unmasked" "$data/audit.log" &&
        grep -q "${tab}member\$" "$data/audit.log" &&
        [ "$(stat -c %a "$data/audit.log")" = 600 ]'
cp "$tmp/out" "$tmp/unmasked.csv"

run export member --format ndjson
check "export ndjson: one JSON object a line, masked" \
  eval 'succeeded && [ "$(lines)" -eq 1 ] && [ "$(json_field phone)" = "138****5678" ] &&
        [ "$(json_field id)" = "$member" ]'

run export member --format xml
check "export rejects an unknown format" failed_with_1

# import -------------------------------------------------------------------

count_members () {
  run list member
  lines
}

printf 'name,district,org_id,category,phone,id_number,address\r\n' > "$tmp/good.csv"
printf '"张,三",440310,%s,正式,13600001111,,"坪山区""某""路"\r\n' "$org" >> "$tmp/good.csv"
printf '王五,440310,%s,预备,,440304900101123,\r\n' "$org" >> "$tmp/good.csv"
printf '\r\n' >> "$tmp/good.csv"
before=$(count_members)
run import member "$tmp/good.csv"
check "import a good CSV file" \
  eval 'succeeded && out_has "Imported 2 rows" && [ "$(count_members)" -eq $((before + 2)) ]'

run list member --where name="张,三"
check "import reads quoted fields" \
  eval '[ "$(lines)" -eq 1 ] && [ "$(json_field address)" = "坪山区\"某\"路" ]'

run list member --where id_number=440304900101123
check "import accepts a 15-digit legacy ID number" eval '[ "$(lines)" -eq 1 ]'

{
  printf 'Full name,District,org_id,Member category,Mobile phone\n'
  printf '赵六,440310,%s,正式,13800138001\n' "$org"
  printf '钱七,440310,%s,正式,12345\n' "$org"
  printf '孙八,440310,%s,党员,\n' "$org"
  printf '周九,440310,%s,正式,\n' "$org"
} > "$tmp/bad.csv"
before=$(count_members)
run import member "$tmp/bad.csv"
check "import with 2 bad rows: exit 1, both rows reported, nothing written" \
  eval 'failed_with_1 && err_has "^Row 3, “Mobile phone”: " &&
        err_has "^Row 4, “Member category”: " && ! err_has "^Row 2" && ! err_has "^Row 5" &&
        [ "$(count_members)" -eq "$before" ]'

# Messages follow the locale: the catalog comes from the build tree
# (DANGQUN_LOCALEDIR) and the zh_CN.UTF-8 locale from tools/install-deps.
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LANGUAGE= run import member "$tmp/bad.csv"
check "import problems in Chinese: 第 N 行，“列名”：…" \
  eval 'failed_with_1 && err_has "^第 3 行，“手机号码”：" && err_has "^第 4 行，“人员类别”："'

sed -i "/^$member,/s/13812345678/13811112222/" "$tmp/unmasked.csv"
run import member "$tmp/unmasked.csv"
imported=$(cat "$tmp/out")
run get member "$member"
check "import of an export updates rows by id" \
  eval '[ "$(json_field phone)" = 13811112222 ] &&
        [[ "$imported" == "Imported 1 row (new: 0, updated: 1, unchanged: 0)"* ]]'

run export member
cp "$tmp/out" "$tmp/masked.csv"
run import member "$tmp/masked.csv"
check "a masked export cannot overwrite the real values" \
  eval 'failed_with_1 && err_has "masked"'

# history, dump, status ----------------------------------------------------

run history member "$member"
check "history lists the edits, newest first" \
  eval 'succeeded && head -n 1 "$tmp/out" | grep -q "${tab}phone${tab}\"13811112222\"${tab}-${tab}" &&
        out_has "${tab}phone${tab}\"13900001111\"${tab}" &&
        out_has "${tab}phone${tab}\"13812345678\"${tab}"'

run history member "$member" --json
check "history --json" \
  eval 'succeeded && [ "$(json_field column)" = phone ] && [ "$(json_field value)" = 13811112222 ]'

run dump
cp "$tmp/out" "$tmp/dump1"
run dump
check "dump is stable and sorted by table and id" \
  eval 'succeeded && cmp -s "$tmp/out" "$tmp/dump1" && python3 -c "
import json, sys
keys = [(r[\"table\"], r[\"id\"]) for r in map(json.loads, open(sys.argv[1]))]
sys.exit(keys != sorted(keys) or len(keys) < 5)" "$tmp/out"'

run dump --stamps
check "dump --stamps" eval 'succeeded && out_has "\"stamps\":{"'

run status
check "status is one JSON object" \
  eval 'succeeded && python3 -c "
import json, sys
s = json.load(sys.stdin)
assert set(s) >= {\"node\", \"server\", \"user\", \"districts\", \"pending\", \"last_sync\", \"problems\"}
assert len(s[\"node\"]) == 32 and s[\"pending\"] > 0 and s[\"server\"] is None" < "$tmp/out"'

# usage --------------------------------------------------------------------

run
check "no command: usage and exit 1" eval 'failed_with_1 && err_has "dangqun-cli"'

run frobnicate
check "an unknown command exits 1" eval 'failed_with_1 && err_has frobnicate'

run get member
check "too few arguments exit 1" failed_with_1

run list member --no-such-option
check "an unknown option exits 1" failed_with_1

run --help
check "--help prints the usage" eval 'succeeded && out_has "import" && out_has "login" && out_has "sync"'

run list nosuchtable
check "an unknown table exits 1 naming it" eval 'failed_with_1 && err_has nosuchtable'

run new member nosuchcolumn=1
check "an unknown column exits 1 naming it" eval 'failed_with_1 && err_has nosuchcolumn'

# demo ---------------------------------------------------------------------

data="$tmp/demo"
run demo --district 440310 --scale 0.02
check "demo fills the replica and sums up" \
  eval 'succeeded && grep -q "^member  *[1-9]" "$tmp/out" && err_has member'

run list member --limit 1
name=$(json_field name)
id=$(json_field id)
run find member "${name:0:2}"
check "find finds a demo member by part of the name" eval 'succeeded && out_has "$id"'

run demo --district 999999
check "demo rejects an unknown district" failed_with_1

# register and checkin: the desk's entry, as JSON ------------------------------

run new activity district=440310 title=社区志愿服务 kind=志愿服务 \
  starts_at=2026-12-05T09:00:00+08:00 capacity=1 waitlist=1 volunteer_hours=2
activity=$(cat "$tmp/out")
run list member --limit 2
first=$(python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["id"])' < "$tmp/out")
second=$(python3 -c 'import json,sys; sys.stdin.readline(); print(json.loads(sys.stdin.readline())["id"])' < "$tmp/out")

run register "$activity" --member "$first"
check "register --member prints registered and the registration id" \
  eval 'succeeded && [ "$(json_field status)" = registered ] && [ -n "$(json_field registration)" ]'
registration=$(json_field registration)
run register "$activity" --member "$second"
check "the second one waits (one place, a waitlist)" \
  eval 'succeeded && [ "$(json_field status)" = waitlisted ] && [ "$(json_field position)" = 1 ]'
run register "$activity" --member "$first"
check "registering again says already, same registration" \
  eval 'succeeded && [ "$(json_field status)" = already ] && [ "$(json_field registration)" = "$registration" ]'
run register "$activity" --name 钟晓晴
check "register without --phone is a usage error" failed_with_1
run register "$activity" --member "$first" --name 钟晓晴 --phone 13823456789
check "register with both --member and --name is a usage error" failed_with_1

run checkin "$activity" "DQ1:M:$first"
check "checkin by card prints checked_in with the time and name" \
  eval 'succeeded && [ "$(json_field status)" = checked_in ] && [ "$(json_field registration)" = "$registration" ] \
        && [ -n "$(json_field checked_in_at)" ] && [ -n "$(json_field name)" ]'
at=$(json_field checked_in_at)
run checkin "$activity" "DQ1:M:$first"
check "checking in again says already, with the first time" \
  eval 'succeeded && [ "$(json_field status)" = already ] && [ "$(json_field checked_in_at)" = "$at" ]'
run checkin "$activity" "DQ1:M:$second"
check "the waitlisted one is told so" eval 'succeeded && [ "$(json_field status)" = waitlisted ]'
run checkin "$activity" 查无此人
check "an unknown name is not_found" eval 'succeeded && [ "$(json_field status)" = not_found ]'
run register "$activity" --name 钟晓晴 --phone 13823456789
run checkin "$activity" 钟晓晴
check "a walk-in registered by name and phone is found by name" \
  eval 'succeeded && [ "$(json_field status)" = waitlisted ]'
run checkin 00000000-0000-7000-8000-000000000000 "DQ1:M:$first"
check "checkin at an unknown activity exits 1" failed_with_1

echo "1..$n"
[ "$failed" -eq 0 ]
