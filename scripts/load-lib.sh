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
