#!/usr/bin/env bash
# Crash safety: kill the server with SIGKILL in the middle of the lifecycle load, restart it on
# the same data, and check that every step that got a 2xx answer is still there.
#
#   scripts/crash-test.sh [--cases N] [--seconds S] [--kill-after S] [--release]
#
# The generator logs each acknowledged step (create, hand-over, return); `motcua-load check`
# asks the restarted server for every dossier in the log. Exit status 0 means zero losses.
# .ci/run runs it at a small scale on SQLite; MOTCUA_CRASH_DATABASE_URL=postgres://… runs it
# on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

cases=2000
seconds=12
kill_after=4
profile=debug
while [ $# -gt 0 ]; do
  case $1 in
    --cases) cases=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --kill-after) kill_after=$2; shift 2 ;;
    --release) profile=release; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [ "$profile" = release ]; then
  cargo build --release --locked -p motcua -p motcua-loadgen
else
  cargo build --locked -p motcua -p motcua-loadgen
fi
target=${CARGO_TARGET_DIR:-target}/$profile
MOTCUA=$target/motcua
LOAD=$target/motcua-load
source scripts/load-lib.sh

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

db_args=(--data "$work/data")
if [ -n "${MOTCUA_CRASH_DATABASE_URL:-}" ]; then
  db_args+=(--database-url "$MOTCUA_CRASH_DATABASE_URL")
fi

echo "== preparing $cases cases"
token=$(prepare_db "$cases" "${db_args[@]}")

echo "== load for ${seconds} s, SIGKILL after ${kill_after} s"
start_server "$work/server-1.log" "${db_args[@]}" --listen 127.0.0.1:0
pids+=("$SERVER_PID")
url=$SERVER_URL
"$LOAD" run --url "$url" --token "$token" --clients 16 --warmup 0 --seconds "$seconds" \
  --probe-seconds 0 --acks "$work/acks.tsv" >"$work/load.log" 2>&1 &
load_pid=$!
pids+=("$load_pid")
sleep "$kill_after"
before=$(wc -l <"$work/acks.tsv")
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
echo "killed the server with SIGKILL after $before acknowledged steps"

sleep 1
start_server "$work/server-2.log" "${db_args[@]}" --listen "${url#http://}"
pids+=("$SERVER_PID")
echo "restarted it on $url"

wait "$load_pid"
cat "$work/load.log"
after=$(wc -l <"$work/acks.tsv")
echo "acknowledged steps: $before before the kill, $((after - before)) after"
if [ "$after" -le "$before" ]; then
  echo "the load did not resume after the restart" >&2
  exit 1
fi

echo "== checking every acknowledged step"
"$LOAD" check --url "$url" --token "$token" --acks "$work/acks.tsv"
stop_server "$SERVER_PID"

# The kill came in the middle of audited writes: every lane of the audit log must still be one
# unbroken chain (a torn append would show as a missing or edited entry).
echo "== verifying the audit log"
"$MOTCUA" audit verify "${db_args[@]}"
