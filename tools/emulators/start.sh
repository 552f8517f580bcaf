#!/usr/bin/env bash
# Starts the local servers in the background: Azurite (blobs, queues, tables) and our Cosmos DB emulator.
#   tools/emulators/start.sh              # both
#   tools/emulators/start.sh cosmos       # only one
# Ports: COSMOS_PORT (8081), AZURITE_BLOB_PORT (10000), AZURITE_QUEUE_PORT (10001), AZURITE_TABLE_PORT (10002).
# Logs and pid files: <repo>/.local/emulators/<server>-<port>.{log,pid}, so several port sets can run from one
# work tree. Stop with tools/emulators/stop.sh (same environment variables).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
state_dir="$repo_root/.local/emulators"
wait_seconds="${EMULATORS_WAIT_SECONDS:-60}"

cosmos_port="${COSMOS_PORT:-8081}"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"

die() { echo "start.sh: $*" >&2; exit 1; }

want_azurite=false
want_cosmos=false
if [[ $# -eq 0 ]]; then
  want_azurite=true
  want_cosmos=true
fi
for arg in "$@"; do
  case "$arg" in
    azurite) want_azurite=true ;;
    cosmos) want_cosmos=true ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown server '$arg' (expected: azurite, cosmos)" ;;
  esac
done

command -v node >/dev/null || die "node (20 or newer) is not on PATH"
command -v npm >/dev/null || die "npm is not on PATH"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[[ "$node_major" -ge 20 ]] || die "node $node_major found; 20 or newer is needed"

mkdir -p "$state_dir"

# npm ci when node_modules is missing or was installed from another package-lock.json.
lock_hash="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
stamp="$here/node_modules/.patientaccess-lock.sha256"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  echo "start.sh: installing pinned packages (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >"$state_dir/npm-ci.log" 2>&1) \
    || { tail -n 30 "$state_dir/npm-ci.log" >&2; die "npm ci failed (log: $state_dir/npm-ci.log)"; }
  echo "$lock_hash" >"$stamp"
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running_pid() {
  local pid_file="$state_dir/$1.pid"
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

check_free() {
  local name="$1"
  shift
  local pid
  if pid="$(running_pid "$name")"; then
    die "$name is already running (pid $pid); run tools/emulators/stop.sh first"
  fi
  for port in "$@"; do
    if port_open "$port"; then
      die "port $port (for $name) is already in use by another process; free it or choose another port (see tools/emulators/README.md)"
    fi
  done
}

# Waits until every port answers (and, for HTTPS, until the server replies), or fails with the log tail.
wait_ready() {
  local name="$1" pid="$2" probe="$3"
  local log="$state_dir/$name.log"
  local deadline=$((SECONDS + wait_seconds))
  until eval "$probe"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start.sh: $name exited during start-up; last log lines:" >&2
      tail -n 30 "$log" >&2 || true
      rm -f "$state_dir/$name.pid"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "start.sh: $name did not answer within ${wait_seconds}s; last log lines:" >&2
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
}

cosmos_probe() {
  if command -v curl >/dev/null; then
    curl -sk -o /dev/null --max-time 2 "https://127.0.0.1:$cosmos_port/"
  else
    port_open "$cosmos_port"
  fi
}

# Check every requested port before starting anything.
azurite_name="azurite-$blob_port"
cosmos_name="cosmos-$cosmos_port"
$want_azurite && check_free "$azurite_name" "$blob_port" "$queue_port" "$table_port"
$want_cosmos && check_free "$cosmos_name" "$cosmos_port"

if $want_azurite; then
  mkdir -p "$state_dir/$azurite_name"
  nohup node "$here/node_modules/azurite/dist/src/azurite.js" \
    --blobHost 127.0.0.1 --blobPort "$blob_port" \
    --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" \
    --location "$state_dir/$azurite_name" \
    --skipApiVersionCheck --disableTelemetry --loose \
    >"$state_dir/$azurite_name.log" 2>&1 </dev/null &
  echo $! >"$state_dir/$azurite_name.pid"
  wait_ready "$azurite_name" "$!" 'port_open "$blob_port" && port_open "$queue_port" && port_open "$table_port"'
  echo "start.sh: azurite ready (pid $(cat "$state_dir/$azurite_name.pid")): blob $blob_port, queue $queue_port, table $table_port"
  echo "  AZURITE_BLOB_ENDPOINT=http://127.0.0.1:$blob_port/devstoreaccount1"
fi

if $want_cosmos; then
  COSMOS_PORT="$cosmos_port" nohup node "$here/cosmos/server.js" \
    >"$state_dir/$cosmos_name.log" 2>&1 </dev/null &
  echo $! >"$state_dir/$cosmos_name.pid"
  wait_ready "$cosmos_name" "$!" cosmos_probe
  echo "start.sh: cosmos ready (pid $(cat "$state_dir/$cosmos_name.pid")): https://127.0.0.1:$cosmos_port/"
  echo "  COSMOS_ENDPOINT=https://127.0.0.1:$cosmos_port/"
fi
