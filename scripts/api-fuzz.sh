#!/usr/bin/env bash
# API fuzzing over the OpenAPI document: schemathesis generates requests for every operation of
# /api/v1/openapi.json (valid and invalid bodies, queries and ids) against a demo server with a
# few hundred dossiers, and fails on any 5xx, any status the document does not declare for the
# operation, and any answer whose body or content type the document does not describe.
#
#   scripts/api-fuzz.sh [--examples N] [--seed N] [--release]
#
# Needs `schemathesis` on PATH, or SCHEMATHESIS=/path/to/schemathesis; the pinned version is in
# scripts/api-fuzz-requirements.txt (.ci/run installs it in a virtual environment). The server
# runs on a free loopback port with a temporary data folder, removed afterwards. Requests are
# made as three API tokens in turn: the system administrator (every scope), the demo desk
# officer (dossiers) and the demo petition handler (petitions), so that the handlers behind the
# permission checks are reached too. The fuzzer's records stay in the temporary database.
set -euo pipefail
cd "$(dirname "$0")/.."

examples=20
seed=20261206
profile=debug
while [ $# -gt 0 ]; do
  case $1 in
    --examples) examples=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --release) profile=release; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
st=${SCHEMATHESIS:-schemathesis}
if ! command -v "$st" >/dev/null; then
  echo "schemathesis not found: pip install -r scripts/api-fuzz-requirements.txt" >&2
  exit 2
fi

if [ "$profile" = release ]; then
  cargo build --release --locked -p motcua
else
  cargo build --locked -p motcua
fi
MOTCUA=${CARGO_TARGET_DIR:-target}/$profile/motcua
source scripts/load-lib.sh

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then stop_server "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

db_args=(--data "$work/data")
echo "== demo server (200 dossiers)"
start_server "$work/server.log" "${db_args[@]}" --demo --demo-dossiers 200 --listen 127.0.0.1:0
server_pid=$SERVER_PID
url=$SERVER_URL
echo "listening on $url"

token() {
  local user=$1
  shift
  local scopes=()
  for s in "$@"; do scopes+=(--scope "$s"); done
  "$MOTCUA" token "${db_args[@]}" create --user "$user" --name "api-fuzz" "${scopes[@]}" 2>/dev/null
}
all_scopes=(catalogue:write units:write users:read users:write account dossiers:read
  dossiers:write petitions:read petitions:write admin)

status=0
for who in quantri motcua.baclieu xulydon.baclieu; do
  echo "== schemathesis as $who, at most $examples examples an operation"
  bearer=$(token "$who" "${all_scopes[@]}")
  # The `unsupported_method` and stateful checks are left out: the document describes the
  # routes' methods, not axum's 405 for the others; the rest of the default checks apply.
  if ! "$st" run "$url/api/v1/openapi.json" \
    --url "$url" \
    --header "Authorization: Bearer $bearer" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --seed "$seed" \
    --workers 2 \
    --request-timeout 30 \
    --suppress-health-check all \
    --report junit --report-dir "$work/report-$who" \
    --output-truncate true; then
    status=1
    echo "schemathesis found failures as $who (server log: last lines below)" >&2
    tail -n 30 "$work/server.log" >&2
  fi
done

if grep -q '"level":"ERROR"\|ERROR' "$work/server.log"; then
  echo "the server logged errors:" >&2
  grep 'ERROR' "$work/server.log" | tail -n 20 >&2
  status=1
fi
exit $status
