#!/usr/bin/env bash
# Builds compared in one sitting: the lifecycle load against each build's server in turn, on
# one SQLite database, repeated. The machine's speed drifts from minute to minute, so a change
# is judged pair by pair, not against a figure from another hour.
#
#   scripts/bench-alternate.sh [--cases N] [--seconds S] [--probe-seconds P] [--rounds R] DIR...
#
# Each DIR holds a build's `motcua` and `motcua-load` (copy them out of target/release after
# each build). Uses the database that bench-lifecycle.sh seeded for N cases (seeding it with
# the first DIR's binaries if needed); every run adds its dossiers to it. Prints one line a run:
# lifecycles/s, server CPU a lifecycle, the create call's p95, lookups and /healthz alone, and
# the lookup's share.
set -euo pipefail
cd "$(dirname "$0")/.."

cases=1000000
seconds=8
probe=6
rounds=2
out=${MOTCUA_BENCH_DIR:-/tmp/motcua-bench}
while [ $# -gt 0 ]; do
  case $1 in
    --cases) cases=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --probe-seconds) probe=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --*) echo "unknown argument: $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "name at least one folder of binaries" >&2; exit 2; }

data="$out/sqlite-$cases"
if [ ! -f "$data/bench-token" ]; then
  MOTCUA_BIN_DIR=$1 scripts/bench-lifecycle.sh --cases "$cases" --seconds 1 --out "$out" \
    --label seed-only >/dev/null
fi
source scripts/load-lib.sh
for _ in $(seq 1 "$rounds"); do
  for bin in "$@"; do
    MOTCUA=$bin/motcua
    start_server "$out/alternate-server.log" --data "$data" --listen 127.0.0.1:0
    "$bin/motcua-load" run --url "$SERVER_URL" --token "$(head -n 1 "$data/bench-token")" \
      --seconds "$seconds" --probe-seconds "$probe" --server-pid "$SERVER_PID" \
      --json "$out/alternate.json" >/dev/null
    stop_server "$SERVER_PID"
    python3 - "$bin" "$out/alternate.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2]))
create = next(c for c in r["calls"] if c["call"] == "create")
print(f"{sys.argv[1]}: {r['lifecycles_per_second']:.0f} lifecycles/s, "
      f"{r['server_cpu_ms_per_lifecycle']:.2f} ms CPU, create p95 {create['p95_ms']:.1f} ms, "
      f"lookups {r['lookup']['per_second']:.0f}/s, /healthz {r['healthz']['per_second']:.0f}/s, "
      f"share {100 * r['lookup_to_healthz']:.1f} %, RSS {max(r['server_peak_rss_mb']):.0f} MB, "
      f"errors {sum(e['count'] for e in r['errors'])}")
PY
  done
done
