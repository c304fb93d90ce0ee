# Shared by bench-lifecycle.sh and crash-test.sh: prepare a database for the lifecycle load and
# start or stop servers on it. Source it; it expects MOTCUA (the server binary) to be set.

# prepare_db ARGS...: demo units, procedures and accounts plus N seeded cases (seed), the
# one-step benchmark procedure, and an API token for the desk officer, printed on stdout.
# ARGS are the database arguments (--data DIR and maybe --database-url URL).
prepare_db() {
  local cases=$1
  shift
  "$MOTCUA" seed --cases "$cases" "$@" >&2
  "$MOTCUA" procedures "$@" import data/bench/procedures.csv >&2
  "$MOTCUA" token "$@" create --user motcua.baclieu --name "motcua-load" \
    --scope dossiers:read --scope dossiers:write 2>/dev/null
}

# Units that receive dossiers for the benchmark's extra desk officers, one each, after the demo
# desk officer's own (31825): the other wards, their one-stop centres and the province's.
BENCH_UNITS=(31834 31840 H12.39.01 H12.40.01 H12.41.01 H12.20 H12.39 H12.40 H12.41 H12 96
  H12.10 H12.11 H12.12 H12.13 H12.14 H12.90 H12.12.01 H12.39.02 H12.40.02 H12.41.02 H12.39.03
  H12.40.03 H12.41.03)

# add_desk_officers FROM TO ARGS...: desk officers number FROM..TO (2 and up), each at a unit of
# its own, and one API token each, printed on stdout. A province's intakes spread over hundreds
# of units, each numbering its own dossiers; the demo desk officer alone numbers them in one.
add_desk_officers() {
  local from=$1 to=$2
  shift 2
  local i unit
  for i in $(seq "$from" "$to"); do
    unit=${BENCH_UNITS[$((i - 2))]:?only $((${#BENCH_UNITS[@]} + 1)) desk officers are set up}
    echo "bench-desk-officer-password" | "$MOTCUA" user create --login "motcua.bench$i" \
      --name "Cán bộ một cửa đo tải $i" --role desk_officer --unit "$unit" "$@" >&2
    "$MOTCUA" token create --user "motcua.bench$i" --name "motcua-load" \
      --scope dossiers:read --scope dossiers:write "$@" 2>/dev/null
  done
}

# start_server LOG ARGS...: starts `motcua serve ARGS` in the background with the public
# look-up limit lifted (the generator looks up from one address), waits until it answers, and
# sets SERVER_PID and SERVER_URL.
start_server() {
  local log=$1
  shift
  "$MOTCUA" serve --tracking-per-minute 1000000000 "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  SERVER_URL=""
  for _ in $(seq 1 600); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "the server stopped while starting:" >&2
      tail -n 20 "$log" >&2
      return 1
    fi
    SERVER_URL=$(grep -o 'listening on http://[0-9.:]*' "$log" | head -n 1 | sed 's/listening on //' || true)
    if [ -n "$SERVER_URL" ] && healthy "$SERVER_URL"; then
      return 0
    fi
    sleep 0.1
  done
  echo "the server did not answer within 60 s" >&2
  return 1
}

# healthy URL: GET /healthz answers 200 (plain bash, so that CI needs no HTTP client).
healthy() {
  local hostport=${1#http://}
  local line=""
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}" 2>/dev/null || return 1
  printf 'GET /healthz HTTP/1.0\r\nHost: %s\r\n\r\n' "$hostport" >&3
  read -r line <&3 || true
  exec 3>&-
  [[ $line == *" 200 "* ]]
}

stop_server() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# cpu_budget PID CORES NAME: moves process PID, with all its threads, into a new cgroup NAME
# that may use CORES of CPU time (0.5: half a core, in every 100 ms period), and prints the
# cgroup's folder, to be removed once the process has ended. CORES is a number above 0, checked
# by the caller. cgroup v1 or v2; needs root.
# (Each step returns on failure: errexit does not reach into the caller's "$(…)".)
cpu_budget() {
  local pid=$1 cores=$2 name=$3 group quota
  quota=$(awk -v c="$cores" 'BEGIN { printf "%d", c * 100000 }')
  if [ -w /sys/fs/cgroup/cpu/cpu.cfs_quota_us ] || [ -w /sys/fs/cgroup/cpu/cgroup.procs ]; then
    group=/sys/fs/cgroup/cpu/$name
    mkdir "$group" && echo 100000 >"$group/cpu.cfs_period_us" &&
      echo "$quota" >"$group/cpu.cfs_quota_us" || return 1
  elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    group=/sys/fs/cgroup/$name
    echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
    mkdir "$group" && echo "$quota 100000" >"$group/cpu.max" || return 1
  else
    echo "no cgroup CPU controller to write to here: run without --server-cpus" >&2
    return 1
  fi
  echo "$pid" >"$group/cgroup.procs" || { rmdir "$group"; return 1; }
  echo "$group"
}
