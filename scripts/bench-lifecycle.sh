#!/usr/bin/env bash
# The lifecycle benchmark: N stored cases, 64 clients, figures as JSON.
#
#   scripts/bench-lifecycle.sh --cases N [--backend sqlite|postgres] [--servers 1|2]
#                              [--seconds S] [--clients C] [--agencies A] [--out DIR]
#                              [--server-cpus CORES]
#
# Seeds a database with N cases (kept in DIR for the next run with the same N), imports the
# one-step benchmark procedure, starts the release server(s) and runs `motcua-load`. With
# --agencies A the clients take turns as A desk officers of A units, so that intakes are numbered
# by A counters rather than one (docs/BENCHMARKS.md says why that matters on PostgreSQL). The
# figures land in DIR/<backend>-<N>-<servers>.json (or --label's name); docs/BENCHMARKS.md
# says how to read them.
#
# --server-cpus CORES holds each server process to CORES of CPU time (a cgroup of its own, as a
# container's CPU limit does), as if each ran on a machine of its own: whether a second server
# adds throughput then depends on what the servers share (the database), not on which of them
# gets the machine's cores. It needs root and a cgroup CPU controller.
#
# Environment: MOTCUA_BIN_DIR (binaries to use instead of building), MOTCUA_BENCH_DIR (DIR's
# default), MOTCUA_BENCH_PG_PREFIX (the PostgreSQL database's name before _<N>).
set -euo pipefail
cd "$(dirname "$0")/.."

cases=10000
backend=sqlite
servers=1
seconds=20
clients=64
agencies=1
label=""
server_cpus=""
out=${MOTCUA_BENCH_DIR:-/tmp/motcua-bench}
while [ $# -gt 0 ]; do
  case $1 in
    --cases) cases=$2; shift 2 ;;
    --backend) backend=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --clients) clients=$2; shift 2 ;;
    --agencies) agencies=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --label) label=$2; shift 2 ;;
    --server-cpus) server_cpus=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -n "$server_cpus" ] &&
  ! { [[ $server_cpus =~ ^[0-9]*\.?[0-9]+$ ]] && awk -v c="$server_cpus" 'BEGIN { exit !(c > 0) }'; }; then
  echo "--server-cpus wants a number of cores above 0, such as 0.25, not '$server_cpus'" >&2
  exit 2
fi

# MOTCUA_BIN_DIR runs prebuilt binaries instead (to compare two builds on the same data).
if [ -n "${MOTCUA_BIN_DIR:-}" ]; then
  target=$MOTCUA_BIN_DIR
else
  cargo build --release --locked -p motcua -p motcua-loadgen
  target=${CARGO_TARGET_DIR:-target}/release
fi
MOTCUA=$target/motcua
source scripts/load-lib.sh
mkdir -p "$out"

data="$out/$backend-$cases"
db_args=(--data "$data")
if [ "$backend" = postgres ]; then
  # MOTCUA_BENCH_PG_PREFIX keeps two builds' databases apart when they are compared: an older
  # build refuses a database that a newer one has migrated.
  pg_db="${MOTCUA_BENCH_PG_PREFIX:-motcua_bench}_$cases"
  db_args+=(--database-url "postgres://postgres@127.0.0.1:5432/$pg_db")
fi
# A database is seeded once per size; later runs reuse it (and the token made with it).
if [ ! -f "$data/bench-token" ]; then
  rm -rf "$data"
  mkdir -p "$data"
  if [ "$backend" = postgres ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)"
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $pg_db"
  fi
  echo "== seeding $cases cases on $backend"
  prepare_db "$cases" "${db_args[@]}" >"$data/bench-token"
fi
# Extra desk officers are added as a run first needs them, and kept like the token.
have=$(($(wc -l <"$data/bench-token")))
if [ "$agencies" -gt "$have" ]; then
  add_desk_officers $((have + 1)) "$agencies" "${db_args[@]}" >>"$data/bench-token"
fi
tokens=$(head -n "$agencies" "$data/bench-token" | paste -sd, -)

pids=()
urls=()
cgroups=()
cleanup() {
  for p in "${pids[@]}"; do stop_server "$p"; done
  for g in "${cgroups[@]}"; do rmdir "$g" 2>/dev/null || true; done
}
trap cleanup EXIT
for i in $(seq 1 "$servers"); do
  start_server "$out/server-$i.log" "${db_args[@]}" --listen 127.0.0.1:0
  pids+=("$SERVER_PID")
  urls+=(--url "$SERVER_URL")
  if [ -n "$server_cpus" ]; then
    cgroups+=("$(cpu_budget "$SERVER_PID" "$server_cpus" "motcua-bench-$$-$i")")
  fi
done

default_label=$backend-$cases-$servers
if [ "$agencies" -gt 1 ]; then default_label+=-u$agencies; fi
if [ -n "$server_cpus" ]; then default_label+=-cpu$server_cpus; fi
result="$out/${label:-$default_label}.json"
pid_args=()
for p in "${pids[@]}"; do pid_args+=(--server-pid "$p"); done
echo "== $clients clients as $agencies desk officer(s) for $seconds s on $backend, $cases cases, $servers server(s)"
"$target/motcua-load" run "${urls[@]}" "${pid_args[@]}" --token "$tokens" \
  --clients "$clients" --seconds "$seconds" --json "$result"
cleanup
pids=()
cgroups=()
echo "figures: $result"
