#!/usr/bin/env bash
# Samples, every 100 ms, how many advisory-lock requests (the audit log's lanes) are waiting and
# how many are held in one PostgreSQL database, and prints the means. Run it beside a load:
#
#   scripts/pg-lock-waits.sh motcua_bench_10000 80 &
#   scripts/bench-lifecycle.sh --cases 10000 --seconds 10 --backend postgres --servers 2
#
# Arguments: the database's name, the number of samples (default 80: 8 s).
set -euo pipefail
db=$1
samples=${2:-80}
for _ in $(seq 1 "$samples"); do
  psql -X -q -A -t -h 127.0.0.1 -U postgres -d "$db" -c \
    "SELECT count(*) FILTER (WHERE NOT granted), count(*) FILTER (WHERE granted)
     FROM pg_locks WHERE locktype = 'advisory'"
  sleep 0.1
done | awk -F'|' '{ w += $1; g += $2; n++ }
  END { printf "%d samples: %.2f advisory locks waiting, %.2f held (means)\n", n, w / n, g / n }'
