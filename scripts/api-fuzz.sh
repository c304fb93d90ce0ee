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
# runs on a free loopback port with a temporary data folder, removed afterwards; on SQLite, or
# on PostgreSQL with MOTCUA_FUZZ_DATABASE_URL=postgres://… (an empty database of its own).
# Requests are made as three API tokens in turn: the system administrator (every scope), the
# demo desk officer (dossiers) and the demo petition handler (petitions), so that the handlers
# behind the permission checks are reached too. The fuzzer's records stay in the temporary
# database.
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
if [ -n "${MOTCUA_FUZZ_DATABASE_URL:-}" ]; then
  db_args+=(--database-url "$MOTCUA_FUZZ_DATABASE_URL")
fi
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

# ids_config TOKEN: a schemathesis configuration that fixes the path ids of the operations on
# one dossier and one petition to records this token may see, so that the generated bodies
# reach the handlers behind the look-up instead of stopping at 404.
ids_config() {
  python3 - "$url" "$1" <<'PY'
import json, sys, urllib.request
url, token = sys.argv[1], sys.argv[2]
def get(path):
    req = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.load(r)
    except Exception:
        return []
def operation(regex, **params):
    values = ", ".join(f'"{k}" = "{v}"' for k, v in params.items())
    print(f"[[operations]]\ninclude-path-regex = '{regex}'\nparameters = {{ {values} }}\n")
dossiers = get("/api/v1/dossiers?limit=1")
if dossiers:
    operation(r"^/api/v1/dossiers/\{id\}", id=dossiers[0]["id"])
    operation(r"^/api/v1/track/\{code\}", code=dossiers[0]["code"])
petitions = get("/api/v1/petitions?limit=2")
if len(petitions) == 2:
    operation(r"^/api/v1/petitions/\{id\}", id=petitions[0]["id"], candidate=petitions[1]["id"])
PY
}

# One worker: with more, Hypothesis sometimes trips over its own threads while describing a
# strategy (a runtime error of the fuzzer, not a finding).
status=0
for who in quantri motcua.baclieu xulydon.baclieu; do
  echo "== schemathesis as $who, at most $examples examples an operation"
  bearer=$(token "$who" "${all_scopes[@]}")
  config=$work/schemathesis-$who.toml
  : >"$config"
  # The administrator's run keeps the ids generated (unknown, malformed, not UTF-8); the
  # officers' runs act on real records.
  if [ "$who" != quantri ]; then ids_config "$bearer" >"$config"; fi
  # The `unsupported_method` and stateful checks are left out: the document describes the
  # routes' methods, not axum's 405 for the others.
  if ! "$st" --config-file "$config" run "$url/api/v1/openapi.json" \
    --url "$url" \
    --header "Authorization: Bearer $bearer" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --seed "$seed" \
    --workers 1 \
    --request-timeout 30 \
    --suppress-health-check all \
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
