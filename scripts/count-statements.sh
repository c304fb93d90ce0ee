#!/usr/bin/env bash
# Calls to the database and statements per lifecycle: one client drives the lifecycle for a few
# seconds against a server that logs every call (sqlx::query at debug), and the log lines are
# divided by the lifecycles done. A call on SQLite may carry several statements (the queued
# writes of crates/store/src/script.rs); both are counted. Unlike the rate, the counts do not
# depend on how busy the machine is.
#
#   scripts/count-statements.sh [--cases N] [--seconds S]
#
# Uses the database that bench-lifecycle.sh seeded for N cases (SQLite), seeding it if needed,
# and the release binaries (or MOTCUA_BIN_DIR's). One client runs each write in a transaction
# of its own, so BEGIN and COMMIT are counted; under load most writes share a batch and pay a
# SAVEPOINT and RELEASE instead, sent with the statements around them. The last lifecycle's
# calls are printed, in order.
set -euo pipefail
cd "$(dirname "$0")/.."

cases=10000
seconds=3
out=${MOTCUA_BENCH_DIR:-/tmp/motcua-bench}
while [ $# -gt 0 ]; do
  case $1 in
    --cases) cases=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

data="$out/sqlite-$cases"
if [ ! -f "$data/bench-token" ]; then
  scripts/bench-lifecycle.sh --cases "$cases" --seconds 1 --out "$out" --label seed-only >/dev/null
fi
if [ -n "${MOTCUA_BIN_DIR:-}" ]; then
  target=$MOTCUA_BIN_DIR
else
  cargo build --release --locked -p motcua -p motcua-loadgen
  target=${CARGO_TARGET_DIR:-target}/release
fi
MOTCUA=$target/motcua
source scripts/load-lib.sh

log="$out/statements-server.log"
RUST_LOG=warn,sqlx::query=debug NO_COLOR=1 start_server "$log" --data "$data" --listen 127.0.0.1:0
trap 'stop_server "$SERVER_PID"' EXIT
before=$(grep -c "sqlx::query" "$log" || true)
"$target/motcua-load" run --url "$SERVER_URL" --token "$(cat "$data/bench-token")" \
  --clients 1 --warmup 0 --seconds "$seconds" --probe-seconds 0 >"$out/statements-load.txt"
sleep 0.5
after=$(grep -c "sqlx::query" "$log" || true)
lifecycles=$(grep -o '[0-9]* lifecycles,' "$out/statements-load.txt" | grep -o '[0-9]*')
python3 - "$log" "$before" "$((after - before))" "$lifecycles" <<'PY'
import re, sys
log, before, count, lifecycles = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
clean = [re.sub(r"\x1b\[[0-9;]*m", "", l) for l in open(log, encoding="utf-8") if "sqlx::query" in l][before:]
summaries = [m.group(1) for l in clean if (m := re.search(r'summary="([^"]*)"', l))]
# A call may send several statements as one script (SQLite's queued writes, see
# crates/store/src/script.rs): they are separated by ";\n" in the logged statement.
parts = [l.split('db.statement="', 1)[1].split('" rows_affected', 1)[0].count(";\\n") + 1
         if 'db.statement="' in l else 1 for l in clean]
print(f"{count} calls to the database for {lifecycles} lifecycles: {count / lifecycles:.1f} a "
      f"lifecycle, {sum(parts) / lifecycles:.1f} statements")
# A lifecycle starts with the create call's token lookup: the other calls with a token read
# their dossier next, the create call does not. Print the last whole lifecycle.
starts = [i for i, s in enumerate(summaries[:-1])
          if s.startswith("SELECT t.token_id") and not summaries[i + 1].startswith("SELECT dossier_id")]
if len(starts) >= 2:
    for n, i in enumerate(range(starts[-2], starts[-1]), 1):
        more = f" (+{parts[i] - 1} more in the same call)" if parts[i] > 1 else ""
        print(f"{n:3} {summaries[i]}{more}")
PY
