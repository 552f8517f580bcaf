# Helpers shared by run.sh and test.sh (sourced, not run).

# Waits until URL answers 2xx, or fails after SECONDS with the tail of LOG.
wait_http() {
  local url="$1" seconds="$2" log="$3" pid="${4:-}"
  local deadline=$((SECONDS + seconds))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "$url: the process exited; last lines of $log:" >&2; tail -n 40 "$log" >&2; return 1
    fi
    if ((SECONDS > deadline)); then
      echo "$url did not answer within ${seconds}s; last lines of $log:" >&2; tail -n 40 "$log" >&2; return 1
    fi
    sleep 0.5
  done
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stops a background process: TERM, a few seconds' grace, then KILL.
stop_pid() {
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
