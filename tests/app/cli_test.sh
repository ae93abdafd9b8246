#!/usr/bin/env bash
# Exercises the CLI end to end on a throw-away SQLite data dir. Exit status is the verdict.
set -uo pipefail
convonet=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export CONVONET_DATA_DIR="$dir"
failures=0
check() {  # check "what" expected_status actual_status
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1 (expected exit $2, got $3)"
    failures=$((failures + 1))
  fi
}

"$convonet" bogus >/dev/null 2>"$dir/err"; check "unknown command exits 2" 2 $?
[ "$(wc -l <"$dir/err")" -eq 1 ] || { echo "FAIL: usage error is not one line"; failures=$((failures + 1)); }
"$convonet" user add --name X >/dev/null 2>&1; check "missing --email exits 2" 2 $?
"$convonet" serve --frobnicate >/dev/null 2>&1; check "unknown option exits 2" 2 $?
"$convonet" user --help >/dev/null 2>&1; check "--help exits 0" 0 $?

"$convonet" migrate >"$dir/out" 2>/dev/null; check "migrate" 0 $?
grep -q "schema version" "$dir/out" || { echo "FAIL: migrate output"; failures=$((failures + 1)); }
[ "$(stat -c %a "$dir/secrets.toml")" = "600" ] || { echo "FAIL: secrets.toml is not mode 0600"; failures=$((failures + 1)); }

echo "a fine password" | "$convonet" user add --email Pat@Example.com --name Pat --timezone Europe/Paris \
  --phone +33612345678 >"$dir/user.json" 2>/dev/null
check "user add" 0 $?
grep -q '"email":"pat@example.com"' "$dir/user.json" || { echo "FAIL: user add output"; failures=$((failures + 1)); }
grep -q 'fine password' "$dir/user.json" && { echo "FAIL: password echoed"; failures=$((failures + 1)); }
echo "another password" | "$convonet" user add --email pat@example.com --name Pat2 >/dev/null 2>&1
check "duplicate user add fails" 1 $?
echo "short" | "$convonet" user add --email sam@example.com --name Sam >/dev/null 2>&1
check "weak password refused" 1 $?

echo "4829" | "$convonet" user set-pin --email pat@example.com >/dev/null 2>&1; check "set-pin" 0 $?
echo "1234" | "$convonet" user set-pin --email pat@example.com >/dev/null 2>&1; check "trivial PIN refused" 1 $?
echo "4829" | "$convonet" user set-pin --email nobody@example.com >/dev/null 2>&1; check "set-pin unknown user" 1 $?

"$convonet" chat --once "hi" >/dev/null 2>&1; check "chat without --user exits 2" 2 $?
"$convonet" chat --user nobody@example.com --once "hi" >/dev/null 2>&1; check "chat unknown user" 1 $?
"$convonet" chat --user pat@example.com --once "remind me to call the bank tomorrow at 9am" \
  >"$dir/once" 2>/dev/null
check "chat --once" 0 $?
grep -q "tomorrow at 9 AM" "$dir/once" || { echo "FAIL: chat --once reply: $(cat "$dir/once")"; failures=$((failures + 1)); }
printf 'remind me to water the plants tomorrow\nat 5 pm\nwhat are my todos\n' |
  "$convonet" chat --user pat@example.com --json >"$dir/repl" 2>/dev/null
check "chat REPL" 0 $?
[ "$(wc -l <"$dir/repl")" -eq 3 ] || { echo "FAIL: chat REPL printed $(wc -l <"$dir/repl") lines"; failures=$((failures + 1)); }
sed -n 1p "$dir/repl" | grep -q '"awaiting":"time"' || { echo "FAIL: chat asks for the time"; failures=$((failures + 1)); }
sed -n 2p "$dir/repl" | grep -q '"tool":"create_reminder"' || { echo "FAIL: chat fills the time"; failures=$((failures + 1)); }
sed -n 3p "$dir/repl" | grep -q '2 open todos' || { echo "FAIL: chat shares the conversation: $(sed -n 3p "$dir/repl")"; failures=$((failures + 1)); }

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
