#!/usr/bin/env bash
# Samples, every 100 ms, what the busy PostgreSQL backends of one database are doing, and prints
# the mean number of backends in each state. Run it beside a load:
#
#   scripts/pg-lock-waits.sh motcua_bench_10000 80 &
#   scripts/bench-lifecycle.sh --cases 10000 --seconds 10 --backend postgres --servers 2
#
# Arguments: the database's name, the number of samples (default 80: 8 s).
#
# How to read it: `Lock:advisory` is a transaction waiting for an audit lane;
# `Lock:transactionid` and `Lock:tuple` wait for a row another transaction holds (the gapless
# dossier and logbook counters, for intakes of one agency); `Client:ClientRead` is a backend in
# a transaction waiting for the server's next statement; `IO:WALSync` and `LWLock:WALWrite`
# are commits waiting for the disk; `running` is on the CPU.
set -euo pipefail
db=$1
samples=${2:-80}
for _ in $(seq 1 "$samples"); do
  psql -X -q -A -t -h 127.0.0.1 -U postgres -d "$db" -c \
    "SELECT coalesce(wait_event_type || ':' || wait_event, 'running'), count(*)
     FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
     GROUP BY 1"
  echo "--sample"
  sleep 0.1
done | awk -F'|' '
  $0 == "--sample" { n++; next }
  NF == 2 { sum[$1] += $2 }
  END {
    printf "%d samples; mean busy backends by state:\n", n
    for (k in sum) printf "%6.2f  %s\n", sum[k] / n, k
  }' | { IFS= read -r header; echo "$header"; sort -nr; }
