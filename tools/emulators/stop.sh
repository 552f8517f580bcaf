#!/usr/bin/env bash
# Stops the servers started by tools/emulators/start.sh (all, or the ones named: azurite, cosmos) on the ports
# in COSMOS_PORT / AZURITE_BLOB_PORT (defaults 8081 / 10000), the same variables start.sh used.
# Sends TERM, waits up to EMULATORS_STOP_SECONDS (5), then kill -9. Safe to run when nothing runs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state_dir="$(cd "$here/../.." && pwd)/.local/emulators"
grace="${EMULATORS_STOP_SECONDS:-5}"

names=("$@")
if [[ ${#names[@]} -eq 0 ]]; then
  names=(azurite cosmos)
fi

# Only signal a pid that still runs one of our servers (a stale pid file may name a reused pid).
ours() {
  local pid="$1" name="$2" cmdline
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  case "$name" in
    azurite) [[ "$cmdline" == *azurite* ]] ;;
    cosmos) [[ "$cmdline" == *cosmos/server.js* ]] ;;
    *) return 1 ;;
  esac
}

for name in "${names[@]}"; do
  case "$name" in
    azurite|cosmos) ;;
    *) echo "stop.sh: unknown server '$name' (expected: azurite, cosmos)" >&2; exit 1 ;;
  esac
  case "$name" in
    azurite) pid_file="$state_dir/azurite-${AZURITE_BLOB_PORT:-10000}.pid" ;;
    cosmos) pid_file="$state_dir/cosmos-${COSMOS_PORT:-8081}.pid" ;;
  esac
  [[ -f "$pid_file" ]] || continue
  pid="$(cat "$pid_file")"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && ours "$pid" "$name"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "stop.sh: $name (pid $pid) ignored TERM; sending KILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
    echo "stop.sh: stopped $name (pid $pid)"
  fi
  rm -f "$pid_file"
done
